// A search page left open while the site is deployed again: the index it
// was reading is gone from the host, and the page goes on with the new
// one. In a real browser, against a plain static host.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtureSite, launch, openPage, repo, serveStatic } from "./harness.mjs";

let browser, host, root, out;

function dispatch(n, title, body) {
  return `---\ntitle: "${title}"\nseries: s\nnumber: ${n}\ndate: 2020-01-0${n}\n---\n\n${body}\n`;
}

/** The fixture's dispatches; the sixth's title as given. */
function dispatches(sixth) {
  const files = {};
  for (let n = 1; n <= 5; n++) files[`s-${n}.md`] = dispatch(n, `Filler ${n}`, n === 1 ? "A lighthouse keeper writes." : "Nothing to see.");
  files["s-6.md"] = dispatch(6, sixth, "The harbour pilot answers.");
  return files;
}

function build() {
  const bin = process.env.ANNALS_BIN || join(repo, "target", "debug", "annals");
  const run = spawnSync(bin, ["build", "--root", root, "--output", out, "-q"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
}

before(async () => {
  root = fixtureSite("deploy", dispatches("Harbour Before"));
  out = join(mkdtempSync(join(tmpdir(), "annals-deploy-out-")), "site");
  build();
  host = await serveStatic(out, "/");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  host?.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(join(out, ".."), { recursive: true, force: true });
});

test("a search page open across a deploy goes on with the new index", async () => {
  const page = await openPage(browser, host.base);
  const metas = [];
  page.on("request", (req) => {
    if (req.url().endsWith("/search/meta.json")) metas.push(req.allHeaders().then((h) => h["cache-control"]));
  });
  await page.goto(`${host.base}/search/?q=lighthouse`);
  const titles = page.locator("li.search-result a.search-result-title");
  await page.locator("#search-status").filter({ hasText: /^1 result\b/ }).waitFor({ timeout: 10000 });
  assert.deepEqual(await titles.allTextContents(), ["Filler 1"]);

  // Deployed again: the sixth dispatch is retitled. The page still holds
  // the old dictionary, in which "harbour" is found; the sixth's record
  // is in a file of the old index, which the host no longer has.
  writeFileSync(join(root, "content", "s-6.md"), dispatch(6, "Harbour After", "The harbour pilot answers."));
  build();
  await page.locator("#search-q").fill("harbour");
  await page.locator("#search-q").press("Enter");
  await page.locator("li.search-result a.search-result-title").filter({ hasText: "Harbour After" }).waitFor({ timeout: 10000 });
  assert.deepEqual(await titles.allTextContents(), ["Harbour After"]);
  assert.doesNotMatch(await page.locator("#search-status").textContent(), /unavailable/);
  // The only problem is the old file's 404, which told the page to look
  // at meta.json again.
  const oldFile = (p) => /\/search\/[0-9a-f]{16}\/d\/1\.json$/.test(p) || /status of 404/.test(p);
  const problems = page.problems.filter((p) => !oldFile(p));
  assert.deepEqual(problems, []);
  assert.ok(page.problems.length >= 1, "the old index's file was asked for");
  // meta.json is asked for anew, past any cache, every time.
  const sent = await Promise.all(metas);
  assert.ok(sent.length >= 2, JSON.stringify(sent));
  assert.ok(sent.every((c) => c === "max-age=0" || c === "no-cache"), JSON.stringify(sent));
});

test("a search page of a site whose index is gone for good says so, once", async () => {
  const page = await openPage(browser, host.base);
  await page.goto(`${host.base}/search/?q=lighthouse`);
  await page.locator("#search-status").filter({ hasText: /^1 result\b/ }).waitFor({ timeout: 10000 });
  // The files' folder is gone, and meta.json still names it.
  const meta = await (await fetch(`${host.base}/search/meta.json`)).json();
  rmSync(join(out, "search", meta.files), { recursive: true, force: true });
  await page.locator("#search-q").fill("harbour");
  await page.locator("#search-q").press("Enter");
  await page.locator("#search-status").filter({ hasText: /unavailable/ }).waitFor({ timeout: 10000 });
});
