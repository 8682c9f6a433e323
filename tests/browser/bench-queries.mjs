// Search benchmark (not a test): serves a built site's folder on 127.0.0.1
// and runs sample queries through the real search page in headless
// Chromium, each in a fresh context (cold cache). Reports, per query, the
// bytes of index files downloaded and how long the client took to answer
// once the last of them had arrived.
//
//   node tests/browser/bench-queries.mjs <public folder> [query ...]
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { launch, serveStatic } from "./harness.mjs";

const root = resolve(process.argv[2] || "public");
const host = await serveStatic(root, "/");
const base = host.base;

// Words of the synthetic corpus, common to rare, then pairs and an id.
const meta = JSON.parse(await readFile(join(root, "search", "meta.json"), "utf8"));
const queries = process.argv.slice(3).length ? process.argv.slice(3) : [
  "moqu", "kaossa", "nehaimta", "zerona", "imselquba",
  "moqu kaossa", "zerona feta", "\"moqu kaossa\"", "sd-6081",
];

const browser = await launch();
console.log(`\nsearch queries on ${root} (${meta.docs} documents; cold cache each)`);
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Every index file the query fetches counts, including those the page
  // loads after showing the results (facet files), so the figure does not
  // depend on when the measurement stops.
  const isIndex = (u) => /^\/search\/.+\.(bin|json)$/.test(new URL(u).pathname);
  let files = 0;
  let pending = 0;
  let lastChange = Date.now();
  const bodies = [];
  page.on("request", (r) => { if (isIndex(r.url())) { pending += 1; lastChange = Date.now(); } });
  const settled = (r) => { if (isIndex(r.url())) { pending -= 1; lastChange = Date.now(); } };
  page.on("requestfinished", settled);
  page.on("requestfailed", settled);
  page.on("response", (r) => {
    if (isIndex(r.url())) {
      files += 1;
      bodies.push(r.body().then((b) => b.length, () => 0));
    }
  });
  // When the result list settles: the search root drops `aria-busy`.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const busy = document.querySelector("[aria-busy]");
      const status = document.getElementById("search-status");
      if (!busy && status && /\d|No /.test(status.textContent)) window.__done = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto(`${base}/search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => window.__done !== undefined, null, { timeout: 60000 });
  // Then until no index file has been in flight for half a second (at
  // most 30 s, should a request never settle).
  const giveUp = Date.now() + 30000;
  while ((pending > 0 || Date.now() - lastChange < 500) && Date.now() < giveUp) await page.waitForTimeout(50);
  const bytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  const t = await page.evaluate(() => {
    const done = window.__done;
    const index = performance.getEntriesByType("resource").filter((e) => /\/search\/.+\.(bin|json)$/.test(e.name));
    // The answer waited for the files that arrived before it.
    const arrived = Math.max(...index.filter((e) => e.responseEnd <= done).map((e) => e.responseEnd));
    const later = index.filter((e) => e.responseEnd > done).reduce((a, e) => a + e.encodedBodySize, 0);
    return { arrived, done, later };
  });
  // "9,283 results — “moqu”": the count, without the query.
  const count = (await page.locator("#search-status").textContent().catch(() => "")).split(" — ")[0];
  console.log(`  ${JSON.stringify(q).padEnd(18)} ${String(files).padStart(3)} files ${(bytes / 1024).toFixed(0).padStart(5)} KB (${(t.later / 1024).toFixed(0)} KB after the answer)   answered ${Math.max(0, t.done - t.arrived).toFixed(0).padStart(4)} ms after the last file   ${count.trim()}`);
  await context.close();
}
await browser.close();
host.stop();
