// Client-side search in a real browser, against the built example archive
// (and one small hostile fixture): words, facets, ids, Persian, escaping.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { bigFacet, copySite, exampleSite, fixtureSite, openPage, rewriteMeta, search, serve, serveStatic } from "./harness.mjs";

let server, browser;
exampleSite((site) => ({ server, browser } = site));

test("a word query returns the expected dispatch, with highlighted excerpt", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "dockworkers");
  assert.ok(results.length >= 1);
  assert.equal(results[0].href, "/special-dispatch/8602/");
  assert.ok(await page.locator("li.search-result mark").count() >= 1, "matched words are marked");
  assert.deepEqual(page.problems, []);
});

test("a result whose words are past the start of its body says so", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "kdarvand_en");
  assert.equal(results[0].href, "/special-dispatch/8601/");
  const first = page.locator("li.search-result").first();
  assert.equal(await first.locator("mark").count(), 0, "nothing to mark in its title and opening");
  assert.match(await first.locator(".search-result-further").textContent(), /Matched further in the dispatch/);
  // A result that shows its words does not.
  await search(page, server.base, "dockworkers");
  assert.equal(await page.locator("li.search-result").first().locator(".search-result-further").count(), 0);
  assert.deepEqual(page.problems, []);
});

test("a result found by a name it is about shows that name, marked", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "kharzan");
  const i = results.findIndex((r) => r.href === "/special-dispatch/8606/");
  assert.ok(i >= 0, JSON.stringify(results));
  // Its title and opening do not say "Kharzan": one of its organizations does.
  const item = page.locator("li.search-result").nth(i);
  assert.equal(await item.locator(".search-result-excerpt mark").count(), 0);
  const names = item.locator(".search-result-names");
  assert.equal(await names.textContent(), "Organizations: Kharzan State Broadcasting");
  assert.equal(await names.locator("mark").textContent(), "Kharzan");
  assert.equal(await item.locator(".search-result-further").count(), 0, "the match is shown, not further in");
  // A name the query does not match is not listed.
  assert.doesNotMatch(await names.textContent(), /Crescent Front|Idris Manhal/);
  assert.deepEqual(page.problems, []);
});

test("a name matched only by a word a fuller name also matches is left out; an id query lists none", async () => {
  const page = await openPage(browser, server.base);
  await search(page, server.base, "gulf of ormel");
  const lines = await page.locator(".search-result-names").allTextContents();
  assert.ok(lines.some((l) => l.includes("Regions: Gulf of Ormel")), JSON.stringify(lines));
  assert.ok(!lines.some((l) => l.includes("Council of Coastal States")), "its “of” alone adds nothing");
  // The dispatch an id names was not found by its names.
  const pinned = await search(page, server.base, "sd-8606");
  assert.equal(pinned[0].href, "/special-dispatch/8606/");
  assert.equal(await page.locator("li.search-result").first().locator(".search-result-names").count(), 0);
  assert.deepEqual(page.problems, []);
});

test("many matched names are counted past the first six, each isolated in its own direction", async () => {
  const strikes = Array.from({ length: 9 }, (_, i) => `Strike Committee ${i + 1}`);
  const root = fixtureSite("names", {
    "1.md": `---\ntitle: Minutes\nseries: s\nnumber: 1\ndate: 2020-01-01\npeople: [${strikes.join(", ")}, کاوه داروند, محمد رحیمی]\n---\n\nNothing here.\n`,
  }, "taxonomies:\n  people: { title: Persons named }\n");
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    await search(page, site.base, "strike");
    const line = page.locator(".search-result-names");
    assert.equal(await line.textContent(),
      "Persons named: " + strikes.slice(0, 6).join(", ") + " · 3 more");
    assert.equal(await line.locator("bdi").count(), 6);
    await search(page, site.base, "داروند رحیمی");
    assert.deepEqual(await line.locator("bdi").allTextContents(), ["کاوه داروند", "محمد رحیمی"]);
    assert.equal(await line.locator("bdi mark").count(), 2);
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("the search box on every page leads to results", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/pages/about/");
  await page.fill("#site-search", "dockworkers");
  await page.press("#site-search", "Enter");
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.match(page.url(), /\/search\/\?q=dockworkers/);
});

test("a misspelt word offers the word meant, spelt as the archive does, and the link searches it", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + '/search/?q=%22Darvnd%20warns%22&people=kaveh-darvand');
  const link = page.locator("#search-status a.search-suggest-link");
  await link.waitFor({ timeout: 10000 });
  // In the status line, which screen readers hear.
  assert.equal(await page.locator("#search-status").textContent(),
    'No results. Filters are on: clear them to search every dispatch. Did you mean "Darvand warns"?');
  // The link keeps the filters and the quotes.
  assert.equal(await link.getAttribute("href"), "?q=%22Darvand+warns%22&people=kaveh-darvand");
  await link.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=%22Darvand\+warns%22/);
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.equal(await link.count(), 0);
  assert.equal(await page.inputValue("#search-q"), '"Darvand warns"');
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-q", "the keyboard stays in the form");
  // A correction that would find nothing either is not offered.
  // Typed with no capitals, offered with none.
  await page.goto(server.base + "/search/?q=kharzna");
  await link.waitFor({ timeout: 10000 });
  assert.equal(await link.textContent(), "kharzan");
  await page.goto(server.base + "/search/?q=darvnd+caucasus");
  await page.waitForFunction(() => /^No results/.test(document.querySelector("#search-status").textContent), null, { timeout: 10000 });
  await page.waitForTimeout(300);
  assert.equal(await link.count(), 0);
  assert.deepEqual(page.problems, []);
});

test("a result whose one word is only further in says so, though a name shows the other", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "darvand premium");
  const i = results.findIndex((r) => r.href === "/inquiry-analysis/1490/");
  assert.ok(i >= 0, JSON.stringify(results));
  const item = page.locator("li.search-result").nth(i);
  assert.match(await item.locator(".search-result-names").textContent(), /Kaveh Darvand/);
  assert.match(await item.locator(".search-result-further").textContent(), /Matched further in the dispatch/);
  assert.deepEqual(page.problems, []);
});

test("words written with inner dots are searched as the archive writes them", async () => {
  const root = fixtureSite("dots", {
    "1.md": "---\ntitle: Notes\nseries: s\nnumber: 1\ndate: 2020-01-01\n---\n\nThe I.R.G.C. statement is at www.harbourwatch.example.com today.\n",
    "2.md": "---\ntitle: Letters\nseries: s\nnumber: 2\ndate: 2020-01-02\n---\n\nI R G C and www and com, example and harbourwatch, statement.\n",
  });
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    // Chromium's word breaks split these where the index (UAX #29) does not.
    for (const q of ["I.R.G.C.", "www.harbourwatch.example.com", "i.r.g.c statement"]) {
      const results = await search(page, site.base, q);
      assert.deepEqual(results.map((r) => r.href), ["/s/1/"], q);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("a person's page searches that person's dispatches", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/people/kaveh-darvand/");
  await page.fill("#search-within", "sea");
  await page.press("#search-within", "Enter");
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  assert.match(page.url(), /\/search\/\?people=kaveh-darvand&q=sea$/);
  assert.ok(await page.locator('input[data-facet="people"][value="kaveh-darvand"]').isChecked());
  const within = await page.locator("li.search-result").count();
  await search(page, server.base, "sea");
  const all = await page.locator("li.search-result").count();
  assert.ok(within >= 1 && within < all, `${within} of ${all}`);
  assert.deepEqual(page.problems, []);
});

test("a facet narrows the results and updates the counts", async () => {
  const page = await openPage(browser, server.base);
  const all = await search(page, server.base, "Darvand");
  assert.ok(all.length >= 3, JSON.stringify(all));
  const box = page.locator('input[type=checkbox][data-facet="people"][value="idris-manhal"]');
  await box.waitFor({ timeout: 10000 });
  const count = Number((await box.locator("xpath=ancestor::label[1]").locator(".facet-count").textContent()).replace(/\D/g, ""));
  assert.ok(count >= 1 && count < all.length, `facet count ${count} of ${all.length}`);
  // A screen reader hears the name and the count apart.
  assert.equal(await page.getByRole("checkbox", { name: new RegExp(`^Idris Manhal ?, ${count}$`) }).count(), 1);
  await box.check();
  await page.waitForFunction((n) => document.querySelectorAll("li.search-result").length === n, count, { timeout: 10000 });
  assert.match(page.url(), /people=idris-manhal/, "facets live in the URL");
  // Reloading the URL restores the same narrowed search.
  await page.reload();
  await page.waitForFunction((n) => document.querySelectorAll("li.search-result").length === n, count, { timeout: 10000 });
  assert.ok(await page.locator('input[data-facet="people"][value="idris-manhal"]').isChecked());
});

test("an id or a number puts that dispatch first", async () => {
  const page = await openPage(browser, server.base);
  for (const q of ["sd-8605", "8605", "IA-1491"]) {
    const results = await search(page, server.base, q);
    const want = q.toLowerCase().startsWith("ia") ? "/inquiry-analysis/1491/" : "/special-dispatch/8605/";
    assert.equal(results[0]?.href, want, `${q}: ${JSON.stringify(results.slice(0, 3))}`);
  }
});

test("the other ways of naming a dispatch by its number put it first too", async () => {
  const page = await openPage(browser, server.base);
  const cases = [
    ["SD 8605", "/special-dispatch/8605/"],
    ["sd 8605", "/special-dispatch/8605/"],
    ["sd8605", "/special-dispatch/8605/"],
    ["#8605", "/special-dispatch/8605/"],
    ["No. 8605", "/special-dispatch/8605/"],
    // As the site's own citation names it, by its series' title.
    ["Special Dispatch 8605", "/special-dispatch/8605/"],
    ["Special Dispatch No. 8605", "/special-dispatch/8605/"],
    ["Inquiry & Analysis No. 1491", "/inquiry-analysis/1491/"],
    // And with the site's title before it.
    ["Meridian Monitor Archive Special Dispatch No. 8605", "/special-dispatch/8605/"],
    // Persian digits.
    ["۸۶۰۱", "/special-dispatch/8601/"],
  ];
  for (const [q, want] of cases) {
    const results = await search(page, server.base, q);
    assert.equal(results[0]?.href, want, `${q}: ${JSON.stringify(results.slice(0, 3))}`);
  }
  // Each way of naming it by its series lists the same dispatches after
  // it, and their pages mark its id's words, not `No.` or the titles; a
  // number alone is searched wherever it is written (citing dispatches
  // of other series too).
  const byId = (await search(page, server.base, "sd-8605")).map((r) => r.href);
  for (const q of ["SD 8605", "Special Dispatch No. 8605", "Meridian Monitor Archive Special Dispatch No. 8605", "Meridian Monitor Archive SD 8605", "Meridian Monitor Archive, sd-8605"]) {
    const results = await search(page, server.base, q);
    assert.deepEqual(results.map((r) => r.href), byId, q);
    const marked = new URL(results[1].link, server.base).searchParams.get("highlight");
    assert.equal(marked, "sd-8605", q);
  }
  for (const q of ["8605", "No. 8605"]) {
    const results = (await search(page, server.base, q)).map((r) => r.href);
    assert.ok(results.includes("/inquiry-analysis/1492/"), `${q}: ${JSON.stringify(results)}`);
  }
  // The query's other words are searched as words, after it.
  const words = (await search(page, server.base, "dockworkers")).map((r) => r.href);
  const both = (await search(page, server.base, "SD 8605 dockworkers")).map((r) => r.href);
  assert.equal(both[0], "/special-dispatch/8605/");
  assert.deepEqual(both.slice(1), words.filter((h) => h !== "/special-dispatch/8605/"));
});

test("words quoted in a post shortcode are found", async () => {
  // "remembers" is only in the body of a `post` in Special Dispatch 8605.
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "remembers");
  assert.deepEqual(results.map((r) => r.href), ["/special-dispatch/8605/"]);
});

test("an author is found by name", async () => {
  // Helena Marrow-Quist is named only in the `authors` of four reports.
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "Marrow-Quist");
  assert.deepEqual(results.map((r) => r.href).sort(), [
    "/inquiry-analysis/1490/", "/inquiry-analysis/1492/", "/inquiry-analysis/1493/", "/inquiry-analysis/1494/",
  ]);
});

test("words a shortcode shows from its arguments are found", async () => {
  // "schematic" is only in the alt text of a figure in Inquiry & Analysis
  // 1490, "f_azarmehr" only the handle of a post in Special Dispatch 8609.
  const page = await openPage(browser, server.base);
  for (const [q, href] of [["schematic", "/inquiry-analysis/1490/"], ["f_azarmehr", "/special-dispatch/8609/"]]) {
    const results = await search(page, server.base, q);
    assert.deepEqual(results.map((r) => r.href), [href], q);
  }
});

test("a word or number that occurs nowhere finds nothing", async () => {
  // Not a shorter word that begins it: 86059 is not 8605, hash is not
  // has. (The space says "hash" is finished: else it begins "hashtag".)
  const page = await openPage(browser, server.base);
  for (const q of ["86059", "sd-86059", "hash "]) {
    await page.goto(`${server.base}/search/?q=${encodeURIComponent(q)}`);
    await page.locator("#search-status").filter({ hasText: "No results." }).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("li.search-result").count(), 0, q);
    assert.match(await page.locator("#search-status").textContent(), /Check the spelling, or search with fewer words\./, q);
  }
  // An unseen word that begins with a stem finds that stem's
  // dispatches, and the reader is told which word stood in for it; a
  // plain inflection (-s, -ed, -ing) needs no telling.
  assert.ok((await search(page, server.base, "dockworkery ")).length >= 1);
  assert.match(await page.locator("#search-status").textContent(), /No dispatch has “\u2068dockworkery\u2069”: these have “\u2068dockworker/);
  assert.ok((await search(page, server.base, "dockworkerss ")).length >= 1);
  assert.doesNotMatch(await page.locator("#search-status").textContent(), /No dispatch has/);
  await search(page, server.base, "dockworkers");
  assert.doesNotMatch(await page.locator("#search-status").textContent(), /No dispatch has/);
  // Both words as people write them: the typed one as typed, the one
  // searched as the archive spells it (not the index's folded Persian).
  await search(page, server.base, "Dockworkery");
  assert.match(await page.locator("#search-status").textContent(), /No dispatch has “\u2068Dockworkery\u2069”/);
  await search(page, server.base, "کشتی‌هایی");
  assert.match(await page.locator("#search-status").textContent(), /No dispatch has “\u2068کشتی‌هایی\u2069”: these have “\u2068کشتی‌های\u2069”/);
});

test("a quoted phrase matches the phrase only", async () => {
  const page = await openPage(browser, server.base);
  const loose = await search(page, server.base, "sea memory");
  const phrase = await search(page, server.base, '"the sea has a memory"');
  assert.ok(phrase.length >= 1 && phrase.length <= loose.length);
  assert.ok(phrase.some((r) => r.href === "/special-dispatch/8605/"));
});

test("a phrase of words too common to check downloads no positions until asked", async () => {
  // Each page is fresh, with nothing fetched yet (the example archive's
  // positions fit in one file, which the client keeps once loaded).
  const fetching = async (cap) => {
    const page = await openPage(browser, server.base);
    if (cap !== undefined) {
      // The client as served, with a cap that every word of the
      // example archive exceeds.
      await page.route("**/search-index.js*", async (route) => {
        const body = (await (await route.fetch()).text()).replace(/var PHRASE_CAP = [^;]+;/, `var PHRASE_CAP = ${cap};`);
        await route.fulfill({ body, contentType: "text/javascript" });
      });
    }
    const positions = [];
    page.on("request", (req) => { if (/\/search\/[0-9a-f]{16}\/x\//.test(req.url())) positions.push(req.url()); });
    return { page, positions };
  };
  const checked = await fetching();
  const phrase = await search(checked.page, server.base, '"the sea has a memory"');
  assert.ok(phrase.some((r) => r.href === "/special-dispatch/8605/"));
  assert.ok(checked.positions.length >= 1, "a phrase is checked with positions");
  const pages = (results) => results.map((r) => r.href);
  // A phrase whose words are also found apart, in other dispatches.
  const q = '"council first"';
  const exact = pages(await search((await fetching()).page, server.base, q));
  // Checking one word's positions alone would prove nothing about
  // adjacency: such a phrase matches as its words, and fetches nothing.
  const capped = await fetching(1);
  const common = pages(await search(capped.page, server.base, q));
  assert.deepEqual(capped.positions, []);
  const words = pages(await search((await fetching()).page, server.base, "council first"));
  assert.deepEqual(common, words);
  assert.ok(exact.length >= 1 && exact.length < words.length, `${exact.length} of ${words.length}`);
  // The reader is told the phrase was not checked, and may check it:
  // then the results are the phrase's, as without the cap.
  const notice = capped.page.locator("#search-notice");
  await notice.waitFor({ state: "visible", timeout: 10000 });
  assert.match(await notice.textContent(), /“council first” was not checked as an exact phrase: .* downloads \d+ KB/);
  await capped.page.locator("#search-notice button").click();
  await notice.waitFor({ state: "hidden", timeout: 10000 });
  await capped.page.waitForFunction(() => !document.querySelector("[aria-busy]"), null, { timeout: 10000 });
  const checkedNow = await capped.page.locator("li.search-result a.search-result-title").evaluateAll((as) => as.map((a) => a.getAttribute("href").split("?")[0]));
  assert.deepEqual(checkedNow, exact);
  // A query that is one quoted phrase is shown with its own quotes only.
  assert.match(await capped.page.locator("#search-status").textContent(), / — \u2068"council first"\u2069$/);
  assert.ok(capped.positions.length >= 1, "checking the phrase fetches its positions");
  assert.deepEqual(capped.page.problems, []);
});

test("facet files past the first query's budget load when their group is opened", async () => {
  const page = await openPage(browser, server.base);
  // The example archive's meta.json, with its people facet file said to
  // be 90 KB: alone it is under the budget, but not with the other groups'
  // files, which are smaller and come first. It must not come with the
  // results.
  await rewriteMeta(page, (meta) => bigFacet(meta, "people"));
  const facetFiles = [];
  page.on("request", (req) => { const m = req.url().match(/\/search\/[0-9a-f]{16}\/f\/([\w-]+)\.json/); if (m) facetFiles.push(m[1]); });
  await search(page, server.base, "dockworkers");
  assert.ok(facetFiles.includes("series") && !facetFiles.includes("people"), `fetched ${facetFiles}`);
  const load = page.locator('[data-facet-load="people"]');
  await load.click();
  await page.locator('input[data-facet="people"]').first().waitFor({ timeout: 10000 });
  assert.ok(facetFiles.includes("people"));
  const count = await page.locator('fieldset[data-facet-group="people"] .facet-count').first().textContent();
  assert.ok(Number(count) >= 1, `people count ${count}`);
  assert.deepEqual(page.problems, []);
});

test("keyboard only: type, tab to a result, follow it", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/search/");
  const input = page.getByRole("searchbox").or(page.locator('#search-app input[type="search"]')).first();
  await input.focus();
  await page.keyboard.type("dockworkers");
  await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
  const link = page.locator("a.search-result-title").first();
  for (let i = 0; i < 80 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForURL(/special-dispatch\/8602\//, { timeout: 10000 });
});

test("the word being typed is completed, and marked on the result's page", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/search/");
  await page.locator("#search-app input[type=\"search\"]").first().focus();
  // No space after it: "dockwork" is a word still being typed.
  await page.keyboard.type("dockwork");
  const link = page.locator("a.search-result-title").first();
  await link.waitFor({ timeout: 10000 });
  assert.match(await link.getAttribute("href"), /^\/special-dispatch\/8602\/\?.*highlight-prefix=dockwork/);
  const marked = await page.locator("li.search-result mark").allTextContents();
  assert.ok(marked.length && marked.every((m) => /^dockwork/i.test(m)), `marked: ${marked}`);
  await link.click();
  await page.waitForURL(/special-dispatch\/8602\//, { timeout: 10000 });
  const hits = page.locator("mark.search-hit");
  await hits.first().waitFor({ timeout: 10000 });
  assert.deepEqual([...new Set((await hits.allTextContents()).map((m) => m.toLowerCase()))], ["dockworkers"]);
});

test("on a phone the results come first, and the filters unfold on demand", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 390, height: 844 } });
  await search(page, server.base, "shipping");
  const first = page.locator("li.search-result").first();
  assert.ok(await first.evaluate((li) => li.getBoundingClientRect().top < innerHeight), "the first result is above the fold");
  const facet = page.locator('input[data-facet="series"]').first();
  assert.equal(await facet.isVisible(), false);
  await page.getByText("Filters", { exact: true }).click();
  assert.ok(await facet.isVisible());
  await facet.check();
  await page.waitForURL(/series=/);
  await page.getByText("Filters (1 on)", { exact: true }).waitFor({ timeout: 10000 });
  // On a wide screen there is nothing to unfold.
  await page.setViewportSize({ width: 1200, height: 900 });
  assert.equal(await page.locator(".search-filters-summary").isVisible(), false);
  assert.ok(await facet.isVisible());
  assert.deepEqual(page.problems, []);
});

test("results come a page at a time, and the count says how many are shown", async () => {
  const reports = {};
  for (let n = 1; n <= 25; n++) {
    const day = String(n).padStart(2, "0");
    reports[`${n}.md`] = `---\ntitle: "Harbour report ${n}"\nseries: s\nnumber: ${n}\ndate: 2020-01-${day}\nsummary: "The harbour on day ${n}."\n---\n\nThe harbour was quiet.\n`;
  }
  const root = fixtureSite("many", reports);
  const many = await serve(root);
  try {
    const page = await openPage(browser, many.base);
    assert.equal((await search(page, many.base, "harbour")).length, 20);
    assert.equal((await page.locator("#search-count").textContent()).trim(), "Showing 20 of 25");
    assert.match(await page.locator("#search-status").textContent(), /^25 results/);
    await page.getByRole("button", { name: "More results" }).click();
    await page.locator("li.search-result").nth(24).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("li.search-result").count(), 25);
    // All are shown: the status says how many, once.
    assert.ok(await page.locator("#search-count").isHidden());
    assert.match(await page.locator("#search-status").textContent(), /^25 results/);
    assert.ok(await page.locator(".search-more").isHidden());
    // A query with no result says so once, not twice.
    await page.goto(`${many.base}/search/?q=zzzqqq`);
    await page.locator("#search-status").filter({ hasText: "No results." }).waitFor({ timeout: 10000 });
    assert.equal((await page.locator("#search-count").textContent()).trim(), "");
    assert.deepEqual(page.problems, []);
  } finally {
    many.stop();
  }
});

test("a title containing <script> shows as text", async () => {
  const root = fixtureSite("hostile", { "1.md": '---\ntitle: "<script>window.pwned = 1</script><img src=x onerror=window.pwned=2> Harbour report"\nseries: s\nnumber: 1\ndate: 2020-01-01\nsummary: "<b>bold</b> harbour"\n---\n\nThe harbour was quiet.\n' });
  const hostile = await serve(root);
  try {
    const page = await openPage(browser, hostile.base);
    const results = await search(page, hostile.base, "harbour");
    assert.equal(results.length, 1);
    assert.match(results[0].title, /<script>window\.pwned = 1<\/script>/);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(await page.locator("li.search-result script, li.search-result img, li.search-result b").count(), 0);
    // Words to mark, and the page's own text, stay text on the result's page.
    const words = "<img src=x onerror=window.pwned=3> harbour";
    await page.goto(`${hostile.base}${results[0].href}?highlight=${encodeURIComponent(words)}`);
    await page.locator(".search-hits").waitFor({ timeout: 10000 });
    assert.match(await page.locator(".search-hits").textContent(), /<img src=x onerror=window\.pwned=3> harbour/);
    assert.ok(await page.locator("article.dispatch mark.search-hit").count() >= 2, "the title's and the body's harbour");
    assert.equal(await page.locator(".search-hits img, article.dispatch img, article.dispatch script").count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
  } finally {
    hostile.stop();
  }
});

test("under a subpath (a GitHub Pages project site) search and its result pages work", async () => {
  const root = copySite();
  const out = join(root, "out");
  const built = spawnSync(process.env.ANNALS_BIN, ["build", "-q", "--root", root, "--output", out, "--base-url", "https://example.org/archive/"], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  const host = await serveStatic(out, "/archive/");
  try {
    const page = await openPage(browser, host.base);
    const results = await search(page, host.base, "dockworkers");
    assert.equal(results[0]?.href, "/archive/special-dispatch/8602/", JSON.stringify(results));
    // The result's page loads the client from the subpath and marks the words.
    await page.locator("a.search-result-title").first().click();
    await page.locator("mark.search-hit").first().waitFor({ timeout: 10000 });
    assert.match(page.url(), /\/archive\/special-dispatch\/8602\/\?highlight=/);
    assert.deepEqual(page.problems, []);
  } finally {
    host.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
