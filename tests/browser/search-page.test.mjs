// The search page in a real browser, against the built example archive
// (and a fixture of a hundred dispatches): its state in the URL and in
// history, what it says, the keyboard, and how it fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { exampleSite, fixtureSite, openPage, repo, scratchDir, search, serve, serveStatic } from "./harness.mjs";

let server, browser;
exampleSite((site) => ({ server, browser } = site));

test("a link with a filter value the archive does not know is not a dead end", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(`${server.base}/search/?q=Darvand&regions=no-such-region`);
  await page.locator("#search-status").filter({ hasText: "No results." }).waitFor({ timeout: 10000 });
  // The reader is told why, and what to do.
  assert.match(await page.locator("#search-status").textContent(), /Filters are on: clear them/);
  // The unknown value is shown ticked, and unticking it brings the results.
  const stale = page.locator('input[data-facet="regions"][value="no-such-region"]');
  await stale.waitFor({ timeout: 10000 });
  assert.ok(await stale.isChecked());
  // (A click: once unticked, the value is gone, which uncheck() would wait on.)
  await stale.click();
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.ok(!page.url().includes("regions="));
  assert.ok(await page.locator(".search-clear").isHidden(), "no filters, nothing to clear");
  // Whenever filters are on, they can be cleared at once, also on a phone
  // where they are folded away.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.base}/search/?q=Darvand&year=2099`);
  await page.locator("#search-status").filter({ hasText: "No results." }).waitFor({ timeout: 10000 });
  const clear = page.getByRole("button", { name: "Clear filters" });
  assert.ok(await clear.isVisible());
  await clear.click();
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.ok(!page.url().includes("year="));
  assert.ok(await clear.isHidden());
  await page.getByText("Filters", { exact: true }).waitFor({ timeout: 10000 });
  assert.deepEqual(page.problems, []);
});

test("a search client that cannot load leaves a form and says why", async () => {
  const page = await openPage(browser, server.base);
  await page.route("**/search-index.js*", (route) => route.abort());
  await page.goto(`${server.base}/search/?q=Darvand`);
  await page.waitForLoadState("load");
  const why = page.locator("#search-app .search-unavailable");
  await why.waitFor({ state: "visible", timeout: 10000 });
  assert.match(await why.textContent(), /could not start/);
  // The plain form keeps the query and searches with a GET.
  const box = page.locator("#search-app input[name=q]");
  assert.equal(await box.inputValue(), "Darvand");
  await box.fill("dockworkers");
  await box.press("Enter");
  await page.waitForURL(/\/search\/\?q=dockworkers$/);
  await why.waitFor({ state: "visible", timeout: 10000 });
  // When the client runs, the note never shows.
  const ok = await openPage(browser, server.base);
  await search(ok, server.base, "Darvand");
  assert.equal(await ok.locator(".search-unavailable").count(), 0);
});

test("a filter file that cannot load hides its group only", async () => {
  const page = await openPage(browser, server.base);
  await page.route("**/search/*/f/people.json", (route) => route.abort());
  const results = await search(page, server.base, "Darvand");
  assert.ok(results.length >= 3);
  await page.locator('fieldset[data-facet-group="series"] input').first().waitFor({ timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector("[aria-busy]"), null, { timeout: 10000 });
  assert.equal(await page.locator('fieldset[data-facet-group="people"]').count(), 0);
  assert.match(await page.locator("#search-status").textContent(), /^\d+ results — “\u2068Darvand\u2069”$/);
  // The query copied from there, its invisible isolates and quotes with
  // it, and pasted back finds the same.
  const pasted = await search(page, server.base, "“\u2068Darvand\u2069”");
  assert.equal(pasted.length, results.length);
  // (Now a phrase of one word, shown with its own quotes.)
  assert.match(await page.locator("#search-status").textContent(), /^\d+ results — \u2068“Darvand”\u2069$/);
  // A selected group that cannot load: the results are not narrowed by
  // it, and the page says so.
  await page.goto(`${server.base}/search/?q=Darvand&people=idris-manhal`);
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.equal(await page.locator("li.search-result").count(), results.length);
  assert.match(await page.locator(".search-notice:not([hidden])").textContent(), /not narrowed by People/);
  // Every group failing leaves the results too.
  const none = await openPage(browser, server.base);
  await none.route("**/search/*/f/*.json", (route) => route.abort());
  assert.equal((await search(none, server.base, "Darvand")).length, results.length);
  await none.waitForFunction(() => !document.querySelector("[aria-busy]"), null, { timeout: 10000 });
  assert.equal(await none.locator("fieldset.search-facet").count(), 0);
  assert.doesNotMatch(await none.locator("#search-status").textContent(), /unavailable/);
});

test("each search the reader settles on is a history entry: Back and Forward restore it", async () => {
  const page = await openPage(browser, server.base);
  const shows = async (q, n) => {
    await page.waitForFunction(([q, n]) => document.querySelector("#search-q").value === q &&
      !document.querySelector("[aria-busy]") && document.querySelectorAll("li.search-result").length === n, [q, n], { timeout: 10000 });
  };
  const darvand = (await search(page, server.base, "Darvand")).length;
  const dockers = (await search(page, server.base, "dockworkers")).length;
  await page.goto(`${server.base}/search/?q=Darvand`);
  await shows("Darvand", darvand);
  // Typed, then a pause (the URL follows), then Enter.
  await page.fill("#search-q", "dockworkers");
  await page.waitForURL(/q=dockworkers/);
  await page.press("#search-q", "Enter");
  await shows("dockworkers", dockers);
  await page.goBack();
  await shows("Darvand", darvand);
  await page.goForward();
  await shows("dockworkers", dockers);
  // Typed and entered at once.
  await page.fill("#search-q", "Darvand");
  await page.press("#search-q", "Enter");
  await shows("Darvand", darvand);
  await page.goBack();
  await shows("dockworkers", dockers);
  await page.goForward();
  await shows("Darvand", darvand);
  // A filter and the sort are entries too, and come back with Back.
  const box = page.locator('input[data-facet="people"][value="idris-manhal"]');
  await box.check();
  await page.waitForURL(/people=idris-manhal/);
  await page.selectOption("#search-sort", "date");
  await page.waitForURL(/sort=date/);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#search-sort").value === "relevance", null, { timeout: 10000 });
  assert.ok(await box.isChecked());
  await page.goBack();
  await shows("Darvand", darvand);
  assert.ok(!(await box.isChecked()));
  // Escape empties the box; Back brings the search back.
  await page.focus("#search-q");
  await page.keyboard.press("Escape");
  await page.waitForURL((url) => !url.search.includes("q="));
  await page.goBack();
  await shows("Darvand", darvand);
  assert.deepEqual(page.problems, []);
});

test("the page says what it shows: the query in the title, the sort applied, the count once", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/search/");
  // (The filters load with the empty page: let them, before leaving it.)
  await page.waitForFunction(() => document.querySelector("#search-status")?.textContent.startsWith("Type") &&
    !document.querySelector("#search-app[aria-busy]"), null, { timeout: 10000 });
  const site = await page.title();
  assert.match(site, /^Search · /);
  await search(page, server.base, "Darvand");
  assert.equal(await page.title(), `“\u2068Darvand\u2069” · ${site}`);
  const text = await page.locator("#search-app").innerText();
  assert.equal(text.match(/\d+ results?\b/g).length, 1, text);
  // Browsing by a filter alone: no words, so newest first, and the sort
  // box says so.
  await page.goto(server.base + "/search/?series=special-dispatch");
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#search-sort").inputValue(), "date");
  assert.ok(await page.locator('#search-sort option[value="relevance"]').isDisabled());
  assert.equal(await page.title(), site);
  const dates = await page.locator("li.search-result time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
  assert.deepEqual(dates, [...dates].sort().reverse());
  // With words again, relevance is back.
  await page.fill("#search-q", "Darvand");
  await page.press("#search-q", "Enter");
  await page.waitForURL(/q=Darvand/);
  assert.equal(await page.locator("#search-sort").inputValue(), "relevance");
  // Oldest first, with words and without, kept in the address.
  const datesShown = () => page.locator("li.search-result time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
  await page.selectOption("#search-sort", "oldest");
  await page.waitForURL(/sort=oldest/);
  await page.waitForFunction(() => {
    const ts = [...document.querySelectorAll("li.search-result time")].map((t) => t.getAttribute("datetime"));
    return ts.length > 1 && ts.join() === [...ts].sort().join();
  }, null, { timeout: 10000 });
  const words = await datesShown();
  await page.goto(server.base + "/search/?series=special-dispatch&sort=oldest");
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#search-sort").inputValue(), "oldest");
  const browsed = await datesShown();
  assert.deepEqual(browsed, [...dates].reverse(), "the same dispatches, oldest first");
  assert.ok(words.length > 1 && words[0] <= words[words.length - 1], JSON.stringify(words));
  assert.deepEqual(page.problems, []);
});

test("the keyboard can skip the filters to reach the results", async () => {
  const page = await openPage(browser, server.base);
  await search(page, server.base, "Darvand");
  await page.locator('input[data-facet="series"]').first().waitFor({ timeout: 10000 });
  await page.focus("#search-q");
  const skip = page.locator(".search-skip");
  for (let i = 0; i < 4 && !(await skip.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press("Tab");
  assert.ok(await skip.evaluate((b) => b === document.activeElement), "a few tabs from the box");
  assert.ok(await skip.isVisible(), "seen when focused");
  await page.keyboard.press("Enter");
  assert.ok(await page.locator("a.search-result-title").first().evaluate((a) => a === document.activeElement));
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/(special-dispatch|inquiry-analysis)\/\d+\/\?highlight=/, { timeout: 10000 });
});

test("how many results are shown is kept in the URL, with the scroll, for a reload and for Back", async () => {
  const root = scratchDir("annals-hundred-");
  writeFileSync(join(root, "annals.yaml"), "title: Hundred\nseries:\n  s: { title: S, prefix: s }\n");
  mkdirSync(join(root, "content"), { recursive: true });
  for (let n = 1; n <= 100; n++) {
    const date = new Date(Date.UTC(2020, 0, n)).toISOString().slice(0, 10);
    writeFileSync(join(root, "content", `${n}.md`), `---\ntitle: "Harbour report ${n}"\nseries: s\nnumber: ${n}\ndate: ${date}\nsummary: "The harbour on day ${n}."\n---\n\nThe harbour was quiet.\n`);
  }
  const hundred = await serve(root);
  try {
    const page = await openPage(browser, hundred.base, { viewport: { width: 1000, height: 700 } });
    await search(page, hundred.base, "harbour");
    const entries = await page.evaluate(() => history.length);
    const more = page.getByRole("button", { name: "More results" });
    for (const n of [40, 60, 80]) {
      await more.click();
      await page.locator("li.search-result").nth(n - 1).waitFor({ timeout: 10000 });
    }
    assert.match(page.url(), /[?&]n=80(&|$)/);
    assert.equal(await page.evaluate(() => history.length), entries, "the same entry, not new ones");
    await page.reload();
    await page.locator("li.search-result").nth(79).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("li.search-result").count(), 80);
    // Scrolled down to the 70th, which is followed; Back comes back to it.
    const seventieth = page.locator("a.search-result-title").nth(69);
    await seventieth.scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    const y = await page.evaluate(() => scrollY);
    assert.ok(y > 1000, `scrolled to ${y}`);
    const title = await seventieth.textContent();
    await seventieth.click();
    await page.waitForURL(/highlight=/);
    // (The result's page marks its words, with the search client it
    // imports: leaving before that would cut its requests.)
    await page.locator(".search-hits").waitFor({ timeout: 10000 });
    await page.goBack();
    await page.locator("li.search-result").nth(79).waitFor({ timeout: 10000 });
    await page.waitForFunction((y) => Math.abs(scrollY - y) < 5, y, { timeout: 10000 });
    // The result left by has the focus back (the page is not kept whole
    // in this browser's back/forward cache), so Tab goes on from it.
    await page.waitForFunction((title) => document.activeElement.matches("a.search-result-title")
      && document.activeElement.textContent === title, title, { timeout: 10000 });
    assert.ok(Math.abs(await page.evaluate(() => scrollY) - y) < 5, "focusing did not scroll");
    assert.equal(await page.locator("li.search-result").count(), 80);
    // A new search starts at the first page again.
    await page.fill("#search-q", "quiet");
    await page.press("#search-q", "Enter");
    await page.waitForURL((url) => url.searchParams.get("q") === "quiet" && !url.searchParams.has("n"));
    await page.waitForFunction(() => document.querySelectorAll("li.search-result").length === 20, null, { timeout: 10000 });
    assert.deepEqual(page.problems, []);
  } finally {
    hundred.stop();
  }
});

test("a missing address offers a search for its words, and an id finds its dispatch", async () => {
  const page = await openPage(browser, server.base);
  const response = await page.goto(server.base + "/sd-8605");
  assert.equal(response.status(), 404);
  const offer = page.locator(".not-found-search a");
  await offer.waitFor({ state: "visible", timeout: 5000 });
  assert.equal((await offer.textContent()).trim(), "“sd-8605”");
  assert.match(await offer.getAttribute("href"), /\/search\/\?q=sd-8605$/);
  await offer.click();
  const first = page.locator("li.search-result").first();
  await first.waitFor({ timeout: 10000 });
  assert.match(await first.locator("a").first().getAttribute("href"), /\/special-dispatch\/8605\//);
  // A folder's index.html is about its folder, and a number is read
  // with its folder: the series and the number.
  await page.goto(server.base + "/special-dispatch/8605/index.htm");
  await offer.waitFor({ state: "visible", timeout: 5000 });
  assert.equal((await offer.textContent()).trim(), "“special dispatch 8605”");
  await offer.click();
  await first.waitFor({ timeout: 10000 });
  assert.match(await first.locator("a").first().getAttribute("href"), /\/special-dispatch\/8605\//);
  // A letter alone is no search.
  await page.goto(server.base + "/a/b/c/d/");
  await page.locator("main").waitFor({ timeout: 5000 });
  assert.ok(await offer.isHidden());
});

test("under a sub-path, a missing address's words are read from the sub-path on", async () => {
  for (const sub of ["harbour", "café"]) {
    const out = join(scratchDir("annals-subpath-"), "site");
    const bin = process.env.ANNALS_BIN || join(repo, "target", "debug", "annals");
    const run = spawnSync(bin, ["build", "--root", repo, "--output", out, "-q", "--base-url", `http://127.0.0.1/${sub}/`], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const host = await serveStatic(out, `/${sub}/`, { notFound: true });
    try {
      const page = await openPage(browser, host.base);
      const offer = page.locator(".not-found-search a");
      // A number alone at the site's top is the number, not `harbour 8605`.
      const response = await page.goto(host.base + "/8605");
      assert.equal(response.status(), 404);
      await offer.waitFor({ state: "visible", timeout: 5000 });
      assert.equal((await offer.textContent()).trim(), "“8605”", sub);
      assert.match(decodeURI(await offer.getAttribute("href")), new RegExp(`^/${sub}/search/\\?q=8605$`));
      await page.goto(host.base + "/special-dispatch/9999/");
      await offer.waitFor({ state: "visible", timeout: 5000 });
      assert.equal((await offer.textContent()).trim(), "“special dispatch 9999”", sub);
    } finally {
      host.stop();
    }
  }
});

test("a site's own search page words the results its way", async () => {
  const filler = "The harbour office kept its ledgers in order that season. ".repeat(14);
  const people = ["Ana Strike", "Bo Strike", "Cy Strike", "Di Strike", "Ed Strike", "Flo Strike", "Gus Strike"];
  // The theme's page, with French words for some of its labels, kept in
  // the config and written with `json(attribute=true)` (an apostrophe or
  // a quote in them must not end the attribute).
  const labels = { namesGroup: "{group} : ", namesSeparator: " ; ", namesBetween: " — ", moreNames: "et {n} autre(s)",
    further: "Trouvé plus loin.", showPassage: "Voir l'extrait \"complet\"" };
  const root = fixtureSite("labels", {
    "1.md": `---\ntitle: Minutes\nseries: s\nnumber: 1\ndate: 2020-01-01\npeople: [${people.join(", ")}]\n---\n\n${filler}\n\nThe strike ended.\n`,
  }, `taxonomies:\n  people: { title: People }\nextra:\n  labels: ${JSON.stringify(labels)}\n`);
  const theme = readFileSync(join(repo, "themes/default/templates/search.html"), "utf8");
  mkdirSync(join(root, "templates"));
  writeFileSync(join(root, "templates/search.html"),
    theme.replace('<div id="search-app"', '<div id="search-app" data-labels="{{ site.extra.labels | json(attribute=true) }}"'));
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    await search(page, site.base, "strike ended");
    const item = page.locator("li.search-result").first();
    assert.equal(await item.locator(".search-result-names").textContent(),
      "People : Ana Strike ; Bo Strike ; Cy Strike ; Di Strike ; Ed Strike ; Flo Strike — et 1 autre(s)");
    assert.equal(await item.locator(".search-result-further").textContent(), "Trouvé plus loin. Voir l'extrait \"complet\"");
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("opened from a file, the search page says to serve the site; served, it does not", async () => {
  const root = fixtureSite("from-file", { "s-1.md": "---\ntitle: One\nseries: s\nnumber: 1\ndate: 2020-01-01\n---\n\nA lighthouse.\n" });
  const out = join(scratchDir("annals-from-file-"), "site");
  const bin = process.env.ANNALS_BIN || join(repo, "target", "debug", "annals");
  const run = spawnSync(bin, ["build", "--root", root, "--output", out, "-q"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(out, "search", "index.html")).href + "?q=lighthouse");
  const note = page.locator(".search-from-file");
  assert.ok(await note.isVisible());
  assert.match(await note.innerText(), /annals serve/);
  await page.close();
  const served = await openPage(browser, server.base);
  await served.goto(`${server.base}/search/?q=Darvand`);
  await served.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.ok(await served.locator(".search-from-file").isHidden());
});

test("a query with no word in it is not called misspelt", async () => {
  const page = await openPage(browser, server.base);
  // Symbols typed are said to be left out; nothing typed is nothing.
  for (const [q, said] of [["🚢 🌊", /^Symbols and emoji are not searched/], ['""', /^Nothing to search for/]]) {
    await page.goto(`${server.base}/search/?q=${encodeURIComponent(q)}`);
    await page.locator("#search-status").filter({ hasText: said }).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("li.search-result").count(), 0, q);
    assert.doesNotMatch(await page.locator("#search-status").textContent(), /spelling/);
  }
  // With a word beside it, the emoji is only left out.
  await page.goto(`${server.base}/search/?q=${encodeURIComponent("darvand 🚢")}`);
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  // A word too long for the index is said to be so.
  await page.goto(`${server.base}/search/?q=${"harbour".repeat(10)}`);
  await page.locator("#search-status").filter({ hasText: /more than 64 letters are not searched/ }).waitFor({ timeout: 10000 });
  assert.doesNotMatch(await page.locator("#search-status").textContent(), /Nothing to search for|spelling/);
  // Beside a word that finds results, it is said as not searched.
  await page.goto(`${server.base}/search/?q=darvand%20${"b".repeat(70)}`);
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.match(await page.locator("#search-status").textContent(),
    /results — .*“\u2068b{24}…\u2069” was not searched: words of more than 64 letters are not\./);
});

test("a positions file that is not what the index wrote says search is unavailable", async () => {
  const page = await openPage(browser, server.base);
  await page.route("**/search/*/x/*.bin", async (route) => {
    const bytes = Buffer.from(await (await route.fetch()).body());
    await route.fulfill({ body: Buffer.alloc(bytes.length, 0xff), contentType: "application/octet-stream" });
  });
  await page.goto(`${server.base}/search/?q=${encodeURIComponent('"kaveh darvand"')}`);
  await page.locator("#search-status").filter({ hasText: /unavailable/ }).waitFor({ timeout: 10000 });
});

test("on a slow connection the words show at once, and what the reader types meanwhile stays", async () => {
  const page = await openPage(browser, server.base);
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/search/meta.json", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.base}/search/?q=Darvand`);
  const box = page.locator("#search-q");
  await box.waitFor({ timeout: 10000 });
  // The index has not answered: the page shows the words, and that it is searching.
  assert.equal(await box.inputValue(), "Darvand");
  await page.locator("#search-status").filter({ hasText: "Searching…" }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#search-app[aria-busy]").count(), 1);
  // The reader starts over before it does: their words are searched.
  await box.fill("dockworkers");
  release();
  await page.waitForFunction(() => !document.querySelector("#search-app[aria-busy]"), null, { timeout: 10000 });
  await page.waitForURL(/\?q=dockworkers$/, { timeout: 10000 });
  assert.equal(await box.inputValue(), "dockworkers");
  assert.match(await page.locator("#search-status").textContent(), /result/);
  assert.deepEqual(page.problems, []);
});

test("an id of a dispatch's own is searched alone, not as its number, and one that is a word as the word", async () => {
  const files = {};
  for (let n = 1; n <= 4; n++) {
    files[`gen-${n}.md`] = `---\ntitle: Note ${n}\nid: gen-${n}\ndate: 2020-01-0${n}\n---\n\nItem 3 of the list, and item ${n}, by the harbour.\n`;
  }
  files["harbour.md"] = "---\ntitle: The port\nid: harbour\ndate: 2020-02-01\n---\n\nAbout the port.\n";
  const root = fixtureSite("own-ids", files);
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    const results = await search(page, site.base, "gen-3");
    assert.deepEqual(results.map((r) => r.href), ["/dispatches/gen-3/"]);
    // An id that is a word puts its dispatch first, and the word is
    // searched after it.
    const word = await search(page, site.base, "harbour");
    assert.equal(word[0].href, "/dispatches/harbour/");
    assert.equal(word.length, 5, JSON.stringify(word));
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("a phrase typed in curly quotes or guillemets is shown with its own quotes only", async () => {
  const page = await openPage(browser, server.base);
  for (const q of ["“sea has a memory”", "«sea has a memory»", "\"sea has a memory\""]) {
    await page.goto(`${server.base}/search/?q=${encodeURIComponent(q)}`);
    await page.locator("#search-status").filter({ hasText: /result/ }).waitFor({ timeout: 10000 });
    const status = await page.locator("#search-status").textContent();
    // (Isolated, as every query shown: U+2068 … U+2069.)
    assert.ok(status.includes(` — \u2068${q}\u2069`) && !status.includes(`“\u2068${q}`), status);
    assert.ok((await page.title()).startsWith(`\u2068${q}\u2069 · `), await page.title());
  }
});

test("a filter group of many names lists a hundred at most, with a box to find the others", async () => {
  const files = {};
  for (let n = 1; n <= 130; n++) {
    const who = n === 130 ? "İsmail José Ölçer" : n === 129 ? "Ørjan Łukasz" : `Keeper ${n}`;
    files[`${n}.md`] = `---\ntitle: Ledger ${n}\nseries: s\nnumber: ${n}\ndate: 2020-01-01\npeople: [${who}]\n---\n\nThe harbour ledger, page ${n}.\n`;
  }
  const site = await serve(fixtureSite("many-names", files, "taxonomies:\n  people: { title: People }\n"));
  try {
    const page = await openPage(browser, site.base);
    await search(page, site.base, "ledger");
    const group = page.locator('fieldset[data-facet-group="people"]');
    const boxes = group.locator("input[type=checkbox]");
    await boxes.first().waitFor({ timeout: 10000 });
    assert.equal(await boxes.count(), 10);
    await group.locator("button[data-facet-toggle]").click();
    await group.locator("input.facet-filter").waitFor({ timeout: 10000 });
    assert.equal(await boxes.count(), 100);
    assert.equal(await group.locator(".facet-more").textContent(), "30 more: type in the box to find them");
    // Typed into, the box finds the others by name, and keeps the keyboard.
    await group.locator("input.facet-filter").pressSequentially("keeper 12");
    await page.waitForFunction(() => document.querySelectorAll('fieldset[data-facet-group="people"] input[type=checkbox]').length === 10);
    assert.equal(await page.evaluate(() => document.activeElement.className), "facet-filter");
    assert.equal(await group.locator(".facet-more").count(), 0);
    // Enter there finds names only; ticking one narrows the results, and
    // the box keeps its words.
    await page.keyboard.press("Enter");
    await group.locator("label", { hasText: /^\s*Keeper 125\b/ }).locator("input").check();
    await page.locator("#search-status").filter({ hasText: /^1 result\b/ }).waitFor({ timeout: 10000 });
    assert.equal(await group.locator("input.facet-filter").inputValue(), "keeper 12");
    // Names are found as the search box finds words: without their
    // accents, Turkish dotted and dotless i as i.
    await group.locator("input.facet-filter").fill("ismail jose");
    await page.waitForFunction(() => [...document.querySelectorAll('fieldset[data-facet-group="people"] .facet-name')].some((n) => n.textContent === "İsmail José Ölçer"));
    await group.locator("input.facet-filter").fill("orjan lukasz");
    await page.waitForFunction(() => [...document.querySelectorAll('fieldset[data-facet-group="people"] .facet-name')].some((n) => n.textContent === "Ørjan Łukasz"));
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("a bar of a term's timeline leads to that term's dispatches of its year", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/organizations/council-of-coastal-states/");
  const bar = page.getByRole("link", { name: "2024: 2", exact: true });
  await bar.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/search\/\?organizations=council-of-coastal-states&year=2024$/);
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector("[aria-busy]"), null, { timeout: 10000 });
  const dates = await page.locator("li.search-result time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
  assert.equal(dates.length, 2, JSON.stringify(dates));
  assert.ok(dates.every((d) => d.startsWith("2024")), JSON.stringify(dates));
  // Both filters are shown ticked, so the reader sees why and can widen it.
  assert.ok(await page.locator('input[data-facet="year"][value="2024"]').isChecked());
  assert.ok(await page.locator('input[data-facet="organizations"][value="council-of-coastal-states"]').isChecked());
  assert.deepEqual(page.problems, []);
});

test("results arriving do not push the page about (cumulative layout shift under 0.1)", async () => {
  for (const size of [{ width: 412, height: 823 }, { width: 1280, height: 800 }]) {
    const page = await openPage(browser, server.base);
    await page.setViewportSize(size);
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(`${server.base}/search/?q=Darvand`);
    await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
    await page.waitForFunction(() => !document.querySelector("[aria-busy]"), null, { timeout: 10000 });
    await page.waitForTimeout(300);
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift < 0.1, `layout shift ${shift} at ${size.width} px`);
  }
});
