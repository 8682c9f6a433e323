// A result's own page, in a real browser: it marks the words its search
// matched (from the link's `?highlight=`), steps through them and clears
// them, and a page opened without them fetches no search client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleSite, openPage, search } from "./harness.mjs";

let server, browser;
exampleSite((site) => ({ server, browser } = site));

test("a result's page marks the matched words, steps through them and clears them", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "shipping");
  const result = results.find((r) => r.href === "/inquiry-analysis/1492/");
  assert.ok(result, JSON.stringify(results));
  await page.locator(`a.search-result-title[href="${result.link}"]`).click();
  await page.waitForURL(/\/inquiry-analysis\/1492\/\?highlight=shipping/);
  const bar = page.locator(".search-hits");
  await bar.waitFor({ timeout: 10000 });
  const marks = page.locator("article.dispatch mark.search-hit");
  const words = await marks.allTextContents();
  // Inflected forms are marked through the matched stem, as in excerpts.
  assert.ok(words.some((w) => /^shipping$/i.test(w)) && words.some((w) => /^ships$/i.test(w)), JSON.stringify(words));
  assert.match(await bar.textContent(), new RegExp(`${words.length} matches for “shipping”`));
  // The first mark in the body is the current one, scrolled into view.
  const current = page.locator("mark.search-hit-current");
  assert.equal(await current.count(), 1);
  assert.ok(await current.evaluate((m) => m.closest(".dispatch-body") !== null));
  assert.ok(await current.isVisible() && await current.evaluate((m) => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }));
  const first = await current.evaluate((m) => [...document.querySelectorAll("mark.search-hit")].indexOf(m));
  await page.getByRole("button", { name: "Next" }).click();
  assert.equal(await current.evaluate((m) => [...document.querySelectorAll("mark.search-hit")].indexOf(m)), first + 1);
  // The bar, a status, says which match is shown, and for a screen
  // reader the words around it.
  const said = await bar.textContent();
  assert.ok(said.startsWith(`${first + 2} of ${words.length} matches for “shipping”: `), said);
  assert.ok(said.includes(await current.textContent()), said);
  // What a link brings into view is not left under the bar, which stays
  // at the top of the window.
  const padding = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop));
  assert.ok(padding >= await bar.evaluate((b) => b.offsetHeight), `${padding}`);
  const toc = page.locator("nav.toc a").first();
  await toc.click();
  const heading = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top,
    decodeURIComponent((await toc.getAttribute("href")).split("#")[1]));
  assert.ok(heading >= await bar.evaluate((b) => b.getBoundingClientRect().bottom), `heading at ${heading}`);
  const text = await page.locator("article.dispatch").textContent();
  await page.getByRole("button", { name: "Clear" }).click();
  assert.equal(await marks.count(), 0);
  assert.equal(await bar.count(), 0);
  assert.equal(await page.locator("article.dispatch").textContent(), text, "clearing leaves the text as it was");
  assert.equal(new URL(page.url()).search, "");
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).scrollPaddingTop), "auto");
  assert.deepEqual(page.problems, []);
});

test("a link cannot make a page mark more than the first 16 words", async () => {
  const page = await openPage(browser, server.base);
  const filler = Array.from({ length: 16 }, (_, i) => `zz${i}`).join(" ");
  await page.goto(`${server.base}/inquiry-analysis/1492/?highlight=${encodeURIComponent("tankers " + filler)}`);
  await page.locator(".search-hits").waitFor({ timeout: 10000 });
  assert.ok(await page.locator("mark.search-hit").count() >= 1, "the first word is marked");
  await page.goto(`${server.base}/inquiry-analysis/1492/?highlight=${encodeURIComponent(filler + " tankers")}`);
  await page.locator(".search-hits").waitFor({ timeout: 10000 });
  assert.equal(await page.locator("mark.search-hit").count(), 0, "the 17th word is not");
});

test("a host that requires Trusted Types for scripts still gets the matched words marked", async () => {
  const page = await openPage(browser, server.base);
  await page.route("**/inquiry-analysis/1492/?highlight=*", async (route) => {
    const response = await route.fetch();
    const csp = "require-trusted-types-for 'script'";
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
  });
  const refused = [];
  page.on("console", (m) => { if (/TrustedScriptURL|Trusted Type/.test(m.text())) refused.push(m.text()); });
  await page.goto(`${server.base}/inquiry-analysis/1492/?highlight=tankers`);
  await page.locator(".search-hits").waitFor({ timeout: 10000 });
  assert.ok(await page.locator("mark.search-hit").count() >= 1);
  assert.deepEqual(refused, []);
});

test("a page opened without search words fetches no search client", async () => {
  const page = await openPage(browser, server.base);
  const scripts = [];
  page.on("request", (req) => { if (new URL(req.url()).pathname.endsWith("/search.js")) scripts.push(req.url()); });
  await page.goto(server.base + "/inquiry-analysis/1492/");
  await page.waitForLoadState("networkidle");
  assert.deepEqual(scripts, []);
  assert.equal(await page.locator("mark.search-hit, .search-hits").count(), 0);
});
