// Shared setup of the browser tests: a copy of the example archive served
// by the real `annals serve` on 127.0.0.1, and headless Chromium.
import { after, before } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const artifacts = join(repo, "tests", "artifacts");

// Every folder a test file makes is in one folder of the temp dir, which
// goes when the test process ends: runs used to leave hundreds behind.
let scratchRoot = null;
/** A fresh folder named `prefix...`, removed with the others at exit. */
export function scratchDir(prefix) {
  if (!scratchRoot) {
    scratchRoot = mkdtempSync(join(tmpdir(), "annals-tests-"));
    process.on("exit", () => rmSync(scratchRoot, { recursive: true, force: true }));
  }
  return mkdtempSync(join(scratchRoot, prefix));
}

/** Copies the example archive to a temporary folder (tests edit it). */
export function copySite() {
  const dir = scratchDir("annals-browser-");
  for (const part of ["annals.yaml", "content", "static"]) {
    cpSync(join(repo, part), join(dir, part), { recursive: true });
  }
  return dir;
}

/** Starts `annals serve --port 0` on `root`; resolves to { base, stop }. */
/**
 * A small site in a fresh folder: `annals.yaml` with the series `s`
 * ("S", prefix `s`) and `more` config lines, and each of `dispatches`
 * ({file under content/: text}). Returns its folder.
 */
export function fixtureSite(name, dispatches, more = "") {
  const root = scratchDir(`annals-${name}-`);
  writeFileSync(join(root, "annals.yaml"), `title: ${name}\nseries:\n  s: { title: S, prefix: s }\n${more}`);
  mkdirSync(join(root, "content"), { recursive: true });
  for (const [file, text] of Object.entries(dispatches)) writeFileSync(join(root, "content", file), text);
  return root;
}

export function serve(root) {
  const bin = process.env.ANNALS_BIN || join(repo, "target", "debug", "annals");
  const child = spawn(bin, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => { log += d; });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("annals serve did not start:\n" + log)), 60000);
    child.stdout.on("data", (data) => {
      log += data;
      const m = /Serving the site at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        ok({ base: m[1], log: () => log, stop: () => { child.kill(); rmSync(root, { recursive: true, force: true }); } });
      }
    });
    child.on("error", (err) => fail(new Error(`cannot start ${bin}: ${err.message}`)));
    child.on("exit", (code) => fail(new Error(`annals serve exited (${code}):\n${log}`)));
  });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml" };

/** Serves the built folder `dir` under the path `prefix` (such as
 * "/archive/", as on a GitHub Pages project site) on 127.0.0.1, as a plain
 * static host does: files only, nothing outside `dir`. With `fallback`, a
 * missing file is answered with the root `index.html` and status 200, as
 * hosts set up for single-page apps do. With `cache`, every file is sent
 * with that Cache-Control (`max-age=600`, as GitHub Pages sends). With
 * `notFound`, a missing file is answered with the site's `404.html`, as
 * most hosts do. Resolves
 * to { base: the site's URL without its trailing slash, stop }. */
export async function serveStatic(dir, prefix, { fallback = false, cache = null, notFound = false } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    const file = normalize(join(root, path.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    try {
      const target = (await stat(file)).isDirectory() ? join(file, "index.html") : file;
      const body = await readFile(target);
      const headers = { "content-type": TYPES[extname(target)] || "application/octet-stream" };
      if (cache) headers["cache-control"] = cache;
      res.writeHead(200, headers).end(body);
    } catch {
      if (notFound) {
        res.writeHead(404, { "content-type": "text/html" }).end(await readFile(join(root, "404.html")));
        return;
      }
      if (!fallback) { res.writeHead(404).end(); return; }
      res.writeHead(200, { "content-type": "text/html" }).end(await readFile(join(root, "index.html")));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}${prefix.replace(/\/$/, "")}`;
  return { base, stop: () => server.close() };
}

/** Serves a copy of the example archive and launches Chromium for the
 * tests of one file: `ready({server, browser})` runs before its first test,
 * and both are stopped after its last. */
export function exampleSite(ready) {
  let site;
  before(async () => {
    site = { server: await serve(copySite()), browser: await launch() };
    ready(site);
  });
  after(async () => {
    await site?.browser?.close();
    site?.server?.stop();
  });
}

export async function launch() {
  mkdirSync(artifacts, { recursive: true });
  // Chromium now and then dies while starting, before any page (seen: a
  // SIGSEGV on a loaded machine, failing every test of a file): a failed
  // start is tried again, twice.
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** A page that records console errors, failed requests and third-party requests. */
export async function openPage(browser, base, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (msg) => {
    // The deliberate visit of a missing page logs its 404: not a problem.
    if (msg.type() === "error" && !(msg.text().includes("404") && page.url().includes("no-such-page"))) page.problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => page.problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    // The live-reload stream is cut when a page navigates away, and so is
    // the icon's request when the next page comes quickly: not errors.
    const cut = req.url().endsWith("/favicon.svg") && req.failure()?.errorText === "net::ERR_ABORTED";
    if (!req.url().includes("/__annals/events") && !cut) page.problems.push(`failed: ${req.url()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().includes("no-such-page")) page.problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on("request", (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith("data:")) page.problems.push(`third-party request: ${req.url()}`);
  });
  return page;
}

/** Serves `page` the site's search/meta.json as `edit(meta)` returns it
 * (a lazy facet group, another format, another folder); resolves to the
 * route's handler, for `page.unroute`. */
export async function rewriteMeta(page, edit) {
  const handler = async (route) => {
    const meta = await (await route.fetch()).json();
    await route.fulfill({ body: JSON.stringify(edit(meta)), contentType: "application/json" });
  };
  await page.route("**/search/meta.json", handler);
  return handler;
}

/** Marks facet group `key` of `meta` as big: it loads only when opened. */
export function bigFacet(meta, key) {
  for (const f of meta.facets) if (f.key === key) f.bytes = 90 * 1024;
  return meta;
}

/** Opens the search page for `query` and waits for its results and its
 * filters; resolves to the results' titles and links. */
export async function search(page, base, query) {
  await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`);
  await page.locator("#search-status").filter({ hasText: /^\d[\d,]* results?\b/ }).waitFor({ timeout: 10000 });
  // And the filters, which come after: leaving before would cut their files short.
  await page.waitForFunction(() => !document.querySelector("#search-app[aria-busy]"), null, { timeout: 10000 });
  // `href` is the page's path; `link` what the result links to (the path
  // and the words to mark there).
  return page.locator("li.search-result a.search-result-title").evaluateAll((as) => as.map((a) => ({
    title: a.textContent, href: a.getAttribute("href").split("?")[0], link: a.getAttribute("href"),
  })));
}

/**
 * The search client's own modules, run in Node over a built site's index
 * (no browser): { index: a SearchIndex reading `<public>/search/` from
 * disk, results: search-results.js, idOf(docs) -> their ids, root:
 * `publicDir` }.
 */
export async function nodeClient(publicDir) {
  // The modules as served, in a folder that Node reads as ES modules
  // whatever its version.
  const client = scratchDir("annals-client-");
  writeFileSync(join(client, "package.json"), '{"type": "module"}');
  for (const f of ["search-text.js", "search-index.js", "search-files.js", "search-decode.js", "search-words.js", "search-spell.js", "search-results.js", "search-status.js"]) {
    copyFileSync(join(publicDir, f), join(client, f));
  }
  const { SearchIndex } = await import(pathToFileURL(join(client, "search-index.js")).href);
  const results = await import(pathToFileURL(join(client, "search-results.js")).href);
  const status = await import(pathToFileURL(join(client, "search-status.js")).href);
  const files = join(publicDir, "search");
  const index = new SearchIndex("/search/", {
    fetch: (url) => readFile(join(files, url.slice("/search/".length))).then(
      (buf) => ({ ok: true, arrayBuffer: async () => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) }),
      () => ({ ok: false }),
    ),
  });
  const idOf = async (docs) => (await index.records(Array.from(docs))).map((r) => r.id);
  return { index, results, status, idOf, root: publicDir };
}

/**
 * A fixture archive built by the real binary, and `nodeClient` over it:
 * `docs` are [title, body, more front matter lines] in series `t`
 * (`t-1`, `t-2`, ... dated 2020-01-01 on), `files` other files of the
 * site ({path: text}). Returns the client, `root` being the site's.
 */
export async function fixtureClient(name, docs, files = {}) {
  const root = scratchDir(`annals-${name}-`);
  writeFileSync(join(root, "annals.yaml"), `title: ${name}\nseries:\n  t: { title: T, prefix: t }\n`);
  mkdirSync(join(root, "content"));
  docs.forEach(([title, body, more], i) => {
    const day = String(1 + (i % 28)).padStart(2, "0");
    writeFileSync(join(root, "content", `d${i + 1}.md`),
      `---\ntitle: "${title}"\nseries: t\nnumber: ${i + 1}\ndate: 2020-01-${day}\n${more || ""}---\n\n${body}\n`);
  });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const built = spawnSync(process.env.ANNALS_BIN, ["build", "-q", "--root", root], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  return nodeClient(join(root, "public"));
}
