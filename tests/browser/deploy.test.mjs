// A search page left open while the site is deployed again: the index it
// was reading is gone from the host, and the page goes on with the new
// one. In a real browser, against a plain static host.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bigFacet, fixtureSite, launch, openPage, repo, rewriteMeta, scratchDir, serveStatic } from "./harness.mjs";

let browser, host, root, out;

function dispatch(n, title, body, more = "") {
  const day = String(n).padStart(2, "0");
  return `---\ntitle: "${title}"\nseries: s\nnumber: ${n}\ndate: 2020-01-${day}\n${more}---\n\n${body}\n`;
}

/** The fixture's dispatches: the sixth's title as given, and more than a
 * page of results for "nothing". */
function dispatches(sixth) {
  const files = {};
  for (let n = 1; n <= 5; n++) files[`s-${n}.md`] = dispatch(n, `Filler ${n}`, n === 1 ? "A lighthouse keeper writes." : "Nothing to see.");
  files["s-6.md"] = dispatch(6, sixth, "The harbour pilot answers.", "people: [Bo Pilot]\n");
  for (let n = 7; n <= 28; n++) files[`s-${n}.md`] = dispatch(n, `Filler ${n}`, "Nothing to see.");
  return files;
}

/** A page whose client asks whether the index was replaced before every
 * search, not only after five seconds. */
async function eagerPage() {
  const page = await openPage(browser, host.base);
  await page.route("**/search-ui.js*", async (route) => {
    const body = (await (await route.fetch()).text()).replace(/var RECHECK_MS = [^;]+;/, "var RECHECK_MS = 0;");
    await route.fulfill({ body, contentType: "text/javascript" });
  });
  return page;
}

/** Types `q` in the search page's own box and waits for what it says. */
async function searchAgain(page, q) {
  await page.locator("#search-q").fill(q);
  await page.locator("#search-q").press("Enter");
  await settled(page);
}

/** Waits until the page has its results and its filters: a deploy
 * before then would race the files still loading. */
function settled(page) {
  return page.waitForFunction(() => !document.querySelector("#search-app[aria-busy]"), null, { timeout: 10000 });
}

/** Deploys the site again with the sixth dispatch titled `title`. */
function redeploy(title) {
  writeFileSync(join(root, "content", "s-6.md"), dispatch(6, title, "The harbour pilot answers.", "people: [Bo Pilot]\n"));
  build();
}

function build() {
  const bin = process.env.ANNALS_BIN || join(repo, "target", "debug", "annals");
  const run = spawnSync(bin, ["build", "--root", root, "--output", out, "-q"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
}

before(async () => {
  root = fixtureSite("deploy", dispatches("Harbour Before"), "taxonomies:\n  people: { title: People }\n");
  out = join(scratchDir("annals-deploy-out-"), "site");
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
  await settled(page);

  // Deployed again: the sixth dispatch is retitled. The page still holds
  // the old dictionary, in which "harbour" is found; the sixth's record
  // is in a file of the old index, which the host no longer has.
  redeploy("Harbour After");
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
  try {
    await page.locator("#search-q").fill("harbour");
    await page.locator("#search-q").press("Enter");
    await page.locator("#search-status").filter({ hasText: /unavailable/ }).waitFor({ timeout: 10000 });
  } finally {
    // The next tests' site.
    build();
  }
});

test("a page that holds every file a search needs still finds what a deploy changed", async () => {
  const page = await eagerPage();
  await page.goto(`${host.base}/search/?q=harbour`);
  const titles = page.locator("li.search-result a.search-result-title");
  await titles.first().waitFor({ timeout: 10000 });
  const before = await titles.allTextContents();
  await settled(page);
  redeploy(`Harbour ${before[0] === "Harbour Again" ? "Once More" : "Again"}`);
  // The same search: the page has its dictionary, postings and record.
  await searchAgain(page, "harbour");
  assert.notDeepEqual(await titles.allTextContents(), before);
  assert.match((await titles.allTextContents())[0], /^Harbour (Again|Once More)$/);
});

test("a filter group opened after a deploy comes from the new index", async () => {
  const page = await openPage(browser, host.base);
  // The people group said to be big: it loads only when opened.
  await rewriteMeta(page, (meta) => bigFacet(meta, "people"));
  await page.goto(`${host.base}/search/?q=harbour`);
  await page.locator('[data-facet-load="people"]').waitFor({ timeout: 10000 });
  await settled(page);
  redeploy("Harbour Opened");
  await page.locator('[data-facet-load="people"]').click();
  await page.locator('input[data-facet="people"]').first().waitFor({ timeout: 10000 });
  assert.deepEqual(await page.locator("li.search-result a.search-result-title").allTextContents(), ["Harbour Opened"]);
});

test("a host that answers a missing file with a page is taken as saying it is gone", async () => {
  const spa = await serveStatic(out, "/", { fallback: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${spa.base}/search/?q=lighthouse`);
    await page.locator("#search-status").filter({ hasText: /^1 result\b/ }).waitFor({ timeout: 10000 });
    await settled(page);
    redeploy("Harbour Fallback");
    // A phrase: its words' positions, a binary file, are not loaded yet.
    await searchAgain(page, '"harbour pilot"');
    assert.deepEqual(await page.locator("li.search-result a.search-result-title").allTextContents(), ["Harbour Fallback"]);
    await page.close();
  } finally {
    spa.stop();
  }
});

test("an index in a format the page's client does not read asks the reader to reload", async () => {
  const page = await openPage(browser, host.base);
  await rewriteMeta(page, (meta) => ({ ...meta, version: meta.version + 1 }));
  await page.goto(`${host.base}/search/?q=lighthouse`);
  await page.locator("#search-status").filter({ hasText: "Search was updated since this page was opened: reload the page." }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#search-app[aria-busy]").count(), 0);
});

test("on a host that lets browsers cache scripts, the reload asked for after a new annals runs the new client", async () => {
  // A copy of the site, served as GitHub Pages serves it, where the next
  // deploy comes with a client for a new index format.
  const copy = join(scratchDir("annals-cached-"), "site");
  cpSync(out, copy, { recursive: true });
  const cached = await serveStatic(copy, "/", { cache: "max-age=600" });
  try {
    const page = await openPage(browser, cached.base);
    await page.goto(`${cached.base}/search/?q=lighthouse`);
    await page.locator("#search-results li").first().waitFor({ timeout: 10000 });
    const files = join(copy, "search-files.js");
    writeFileSync(files, readFileSync(files, "utf8").replace(/var FORMAT_VERSION = (\d+);/, (_, v) => `var FORMAT_VERSION = ${+v + 1};`));
    const meta = join(copy, "search", "meta.json");
    writeFileSync(meta, readFileSync(meta, "utf8").replace(/"version":(\d+)/, (_, v) => `"version":${+v + 1}`));
    // The reader comes back: the page is new, its scripts the cached ones.
    await page.goto(`${cached.base}/search/?q=harbour`);
    await page.locator("#search-status").filter({ hasText: "reload the page" }).waitFor({ timeout: 10000 });
    // The scripts asked for anew are in (the page waits for nothing else).
    await page.waitForLoadState("networkidle");
    await page.reload();
    await page.locator("#search-results li").first().waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#search-status").filter({ hasText: "reload the page" }).count(), 0);
  } finally {
    cached.stop();
  }
});

test("an index older than the page's client says it is being updated", async () => {
  const page = await openPage(browser, host.base);
  await rewriteMeta(page, (meta) => ({ ...meta, version: meta.version - 1 }));
  await page.goto(`${host.base}/search/?q=lighthouse`);
  await page.locator("#search-status").filter({ hasText: "The search index is being updated: try again in a moment." }).waitFor({ timeout: 10000 });
});

test("a host caught between deploys stops the restarts, and the next search starts over", async () => {
  const page = await openPage(browser, host.base);
  // Every meta.json names a folder of its own, which is not there.
  let n = 0;
  const flapping = await rewriteMeta(page, (meta) => {
    n += 1;
    return { ...meta, files: `${String(n).padStart(16, "0")}/` };
  });
  await page.goto(`${host.base}/search/?q=lighthouse`);
  await page.locator("#search-status").filter({ hasText: /unavailable/ }).waitFor({ timeout: 10000 });
  const asked = n;
  // Three restarts at most: each reads meta.json once, and once more
  // to learn that it changed.
  assert.ok(asked >= 2 && asked <= 12, `meta.json asked ${asked} times`);
  assert.equal(await page.locator("li.search-result").count(), 0);
  // The host is itself again: the reader's next search finds.
  await page.unroute("**/search/meta.json", flapping);
  await searchAgain(page, "lighthouse");
  assert.deepEqual(await page.locator("li.search-result a.search-result-title").allTextContents(), ["Filler 1"]);
});

test("More results after a deploy takes the keyboard to the first new result", async () => {
  const page = await openPage(browser, host.base);
  await page.goto(`${host.base}/search/?q=nothing`);
  const more = page.locator("button.search-more");
  await more.waitFor({ timeout: 10000 });
  await settled(page);
  redeploy("Harbour More");
  await more.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("li.search-result").length > 20, null, { timeout: 10000 });
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest("li.search-result"), null, { timeout: 10000 });
  const at = await page.evaluate(() => Array.from(document.querySelectorAll("li.search-result")).indexOf(document.activeElement.closest("li.search-result")));
  assert.equal(at, 20);
});

test("a word new in a deploy is found, though the page holds the old dictionary file it would be in", async () => {
  // A page that checks meta.json before saying "No results" whenever it
  // last read it (not only after a second).
  const page = await openPage(browser, host.base);
  await page.route("**/search-ui.js*", async (route) => {
    const body = (await (await route.fetch()).text()).replace(/var EMPTY_RECHECK_MS = [^;]+;/, "var EMPTY_RECHECK_MS = 0;");
    await route.fulfill({ body, contentType: "text/javascript" });
  });
  await page.goto(`${host.base}/search/?q=lighthouse`);
  await page.locator("#search-status").filter({ hasText: /^1 result\b/ }).waitFor({ timeout: 10000 });
  await settled(page);
  // The site is small: its whole dictionary is the one file the page has.
  const meta = await (await fetch(`${host.base}/search/meta.json`)).json();
  assert.equal(meta.dict.length, 1);
  redeploy("Harbour Quibblefrotz");
  await searchAgain(page, "quibblefrotz");
  const titles = page.locator("li.search-result a.search-result-title");
  assert.deepEqual(await titles.allTextContents(), ["Harbour Quibblefrotz"]);
});
