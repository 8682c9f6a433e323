// Live reload: saving a dispatch updates the open tab, and a broken edit
// shows the error overlay until it is fixed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copySite, launch, openPage, serve } from "./harness.mjs";

let root, server, browser;
before(async () => {
  root = copySite();
  server = await serve(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test("saving a dispatch reloads the open page; errors show as an overlay", async () => {
  const file = join(root, "content/dispatches/special-dispatch/8601-darvand-english-account.md");
  const original = readFileSync(file, "utf8");
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8601/");
  await page.waitForTimeout(300); // the event stream connects
  writeFileSync(file, original + "\nA sentence added while the page was open.\n");
  await page.getByText("A sentence added while the page was open.").waitFor({ timeout: 15000 });

  writeFileSync(file, original + "\nA [broken link](@sd-1) here.\n");
  const overlay = page.locator("#annals-error-overlay");
  await overlay.waitFor({ timeout: 15000 });
  assert.match(await overlay.innerText(), /8601-darvand-english-account\.md:\d+:\d+/);
  assert.match(await page.locator("article").innerText(), /A sentence added while the page was open\./, "last good page kept");

  writeFileSync(file, original);
  await overlay.waitFor({ state: "detached", timeout: 15000 });
  assert.equal(await page.getByText("A sentence added while the page was open.").count(), 0);
});

test("a search shown when an edit's index is swapped in is searched again in it", async () => {
  const file = join(root, "content/dispatches/special-dispatch/8601-darvand-english-account.md");
  const original = readFileSync(file, "utf8");
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/search/?q=quibblefrotz");
  const status = page.locator("#search-status");
  await status.filter({ hasText: /^No results/ }).waitFor({ timeout: 10000 });
  await page.waitForTimeout(300); // the event stream connects
  try {
    // The page reloads for the edit at once, and most likely reads the
    // old index, which the server replaces a moment later.
    writeFileSync(file, original.replace(/^title: "?/m, (t) => t + "Quibblefrotz "));
    await status.filter({ hasText: /^1 result\b/ }).waitFor({ timeout: 15000 });
    assert.match(await page.locator("li.search-result a.search-result-title").first().innerText(), /^Quibblefrotz /);
  } finally {
    writeFileSync(file, original);
  }
});

test("a hidden tab lets its event stream go, and reloads for a rebuild when shown again", async () => {
  const file = join(root, "content/dispatches/special-dispatch/8601-darvand-english-account.md");
  const original = readFileSync(file, "utf8");
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8601/");
  await page.waitForTimeout(300); // the event stream connects
  const setHidden = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
  try {
    await setHidden(true);
    await page.evaluate(() => { window.__stillHere = true; });
    writeFileSync(file, original + "\nA sentence saved while the tab was hidden.\n");
    // Not listening, the hidden page is not reloaded...
    await page.waitForTimeout(2500);
    assert.equal(await page.evaluate(() => window.__stillHere === true), true);
    assert.equal(await page.getByText("A sentence saved while the tab was hidden.").count(), 0);
    // ... and shown again, it catches up.
    await setHidden(false);
    await page.getByText("A sentence saved while the tab was hidden.").waitFor({ timeout: 15000 });
  } finally {
    writeFileSync(file, original);
  }
});

test("a page opened in a background tab reloads when first shown if the site was rebuilt since it was served", async () => {
  const file = join(root, "content/dispatches/special-dispatch/8601-darvand-english-account.md");
  const original = readFileSync(file, "utf8");
  const page = await openPage(browser, server.base);
  // Hidden from the start, as a tab opened with a middle click.
  await page.addInitScript(() => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  });
  await page.goto(server.base + "/special-dispatch/8601/");
  try {
    writeFileSync(file, original + "\nA sentence saved before the tab was first shown.\n");
    await page.waitForTimeout(2500); // the rebuild, which no stream reports to this page
    assert.equal(await page.getByText("A sentence saved before the tab was first shown.").count(), 0);
    await page.evaluate(() => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await page.getByText("A sentence saved before the tab was first shown.").waitFor({ timeout: 15000 });
  } finally {
    writeFileSync(file, original);
  }
});
