// A result matched further in its dispatch shows the passage on demand,
// read from the dispatch's own page: in a real browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleSite, fixtureSite, openPage, search, serve } from "./harness.mjs";

let server, browser;
exampleSite((site) => ({ server, browser } = site));

/** The first result, after "Show the passage" was pressed on it and its
 * note was replaced. */
async function showPassage(page) {
  const item = page.locator("li.search-result").first();
  await item.locator("button.search-result-passage-show").click();
  await item.locator(".search-result-further button").waitFor({ state: "detached", timeout: 10000 });
  return item;
}

test("a result matched further in shows the passage where its word is", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "kdarvand_en");
  assert.equal(results[0].href, "/special-dispatch/8601/");
  const item = await showPassage(page);
  const passage = item.locator(".search-result-passage");
  assert.match(await passage.textContent(), /a second account, @kdarvand_en, appeared/);
  assert.deepEqual(await passage.locator("mark").allTextContents(), ["kdarvand_en"]);
  assert.equal(await item.locator(".search-result-further").count(), 0, "the note gave way to the passage");
  // The keyboard is where the passage is.
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-result-passage");
  assert.deepEqual(page.problems, []);
});

test("each passage button is told apart by its result's title", async () => {
  const page = await openPage(browser, server.base);
  await search(page, server.base, "kdarvand_en");
  const named = await page.locator("button.search-result-passage-show").evaluateAll((bs) =>
    bs.map((b) => document.getElementById(b.getAttribute("aria-describedby")).textContent));
  assert.ok(named.length >= 1);
  assert.equal(named[0], await page.locator("a.search-result-title").first().textContent());
});

test("a passage keeps its page's language and direction, and a heading's anchor stays out", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "الميناء");
  const i = results.findIndex((r) => r.href === "/special-dispatch/8602/");
  assert.ok(i >= 0, JSON.stringify(results));
  const item = page.locator("li.search-result").nth(i);
  await item.locator("button.search-result-passage-show").click();
  const passage = item.locator(".search-result-passage");
  await passage.waitFor({ timeout: 10000 });
  assert.equal(await passage.getAttribute("lang"), "ar");
  assert.equal(await passage.getAttribute("dir"), "rtl");
  assert.match(await passage.textContent(), /يا عمّال الميناء/);
  await search(page, server.base, "reactions");
  const heading = page.locator("li.search-result").filter({ hasText: "Kaveh Darvand Opens" });
  await heading.locator("button.search-result-passage-show").click();
  await heading.locator(".search-result-passage").waitFor({ timeout: 10000 });
  assert.equal(await heading.locator(".search-result-passage").textContent(), "Reactions In Sarrat");
  assert.deepEqual(page.problems, []);
});

test("a passage comes from the notes too, without note numbers, and as text", async () => {
  const filler = "The harbour office kept its ledgers in order that season. ".repeat(14);
  const root = fixtureSite("passage", {
    "1.md": `---\ntitle: Ledgers\nseries: s\nnumber: 1\ndate: 2020-01-01\n---\n\n${filler}\n\n` +
      "Later the pilot named the `<img src=x onerror=alert(1)>` ferry[^1] as the one that ran aground.\n\n" +
      "The pilot's seal<br>pup note, a nar&shy;whalery by the quay.\n\n" +
      '<div class="box">\n<p>A cormorant on the pier.</p>\n<p hidden>A heron.</p>\n</div>\n\n' +
      '<div>alphaword</div><div lang="fa" dir="rtl">بندرگاه <span hidden>secretword</span></div>\n\n' +
      '<div>gammaword<hr>deltaword<script>var x;</script>epsilonword</div>\n\n' +
      '{{ figure(image="https://example.org/m.svg", alt="A narwhal breaching", caption="Harbour scene") }}\n\n' +
      "Before the icon ![harbour icon](https://example.org/i.svg) and after it the word platypusword here.\n\n" +
      "[^1]: Recorded by the lighthouse keeper, March 2019.\n",
  });
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    page.on("dialog", () => page.problems.push("a script ran"));
    await search(page, site.base, "aground");
    let passage = (await showPassage(page)).locator(".search-result-passage");
    const text = await passage.textContent();
    assert.match(text, /named the <img src=x onerror=alert\(1\)> ferry as the one that ran aground\.$/, "no note number");
    assert.equal(await passage.locator("img").count(), 0, "the page's text is shown as text");
    assert.deepEqual(await passage.locator("mark").allTextContents(), ["aground"]);
    await search(page, site.base, "lighthouse");
    passage = (await showPassage(page)).locator(".search-result-passage");
    assert.equal(await passage.textContent(), "Recorded by the lighthouse keeper, March 2019.");
    // A line break written as HTML parts two words; a soft hyphen joins.
    for (const [q, marked] of [["pup", "pup"], ["narwhalery", "nar\u00ADwhalery"]]) {
      await search(page, site.base, q);
      passage = (await showPassage(page)).locator(".search-result-passage");
      assert.deepEqual(await passage.locator("mark").allTextContents(), [marked], q);
    }
    // Raw HTML is searched as the page shows it.
    await search(page, site.base, "cormorant");
    passage = (await showPassage(page)).locator(".search-result-passage");
    assert.equal(await passage.textContent(), "A cormorant on the pier.");
    // Two elements are two blocks, each in its own language.
    await search(page, site.base, "بندرگاه");
    passage = (await showPassage(page)).locator(".search-result-passage");
    assert.equal(await passage.textContent(), "بندرگاه");
    assert.equal(await passage.getAttribute("lang"), "fa");
    assert.equal(await passage.getAttribute("dir"), "rtl");
    // Elements that part words in the index part them in passages.
    for (const q of ["deltaword", "epsilonword"]) {
      await search(page, site.base, q);
      passage = (await showPassage(page)).locator(".search-result-passage");
      assert.equal(await passage.textContent(), "gammaword deltaword epsilonword", q);
    }
    // A word only in an image's description shows that description.
    await search(page, site.base, "breaching");
    passage = (await showPassage(page)).locator(".search-result-passage");
    assert.equal(await passage.textContent(), "A narwhal breaching");
    // An image inside a paragraph does not cut it short.
    await search(page, site.base, "platypusword");
    passage = (await showPassage(page)).locator(".search-result-passage");
    assert.equal(await passage.textContent(), "Before the icon and after it the word platypusword here.");
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("a passage that cannot be loaded says so", async () => {
  const page = await openPage(browser, server.base);
  await search(page, server.base, "kdarvand_en");
  await page.route(/\/special-dispatch\/8601\/(\?.*)?$/, (route) => route.abort());
  const item = await showPassage(page);
  assert.match(await item.locator(".search-result-further").textContent(), /could not be loaded/);
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-result-further");
  // The aborted request is the one problem.
  assert.deepEqual(page.problems.filter((p) => !/8601|ERR_FAILED/.test(p)), []);
});

test("another theme's page is read from its main part", async () => {
  const page = await openPage(browser, server.base);
  let body = "<!doctype html><main><div>Joined as <em>@kdarvand_en</em> in 2023.</div></main>";
  await page.route(/\/special-dispatch\/8601\/(\?.*)?$/, (route) => route.fulfill({ contentType: "text/html", body }));
  await search(page, server.base, "kdarvand_en");
  let item = await showPassage(page);
  assert.equal(await item.locator(".search-result-passage").textContent(), "Joined as @kdarvand_en in 2023.");
  // Changed since the index was built: the word is no longer there.
  body = "<!doctype html><main><p>The account was renamed.</p></main>";
  await search(page, server.base, "kdarvand_en");
  item = await showPassage(page);
  assert.match(await item.locator(".search-result-further").textContent(), /does not have the words as typed/);
  assert.deepEqual(page.problems, []);
});

test("a reader who went on while the page loaded keeps the keyboard", async () => {
  const page = await openPage(browser, server.base);
  await search(page, server.base, "kdarvand_en");
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/\/special-dispatch\/8601\/(\?.*)?$/, async (route) => { await held; await route.continue(); });
  const item = page.locator("li.search-result").first();
  const button = item.locator("button.search-result-passage-show");
  await button.click();
  // While the page loads, the button says so and keeps the keyboard.
  assert.equal(await button.textContent(), "Loading the passage…");
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-result-passage-show");
  await page.focus("#search-q");
  release();
  await item.locator(".search-result-passage").waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-q");
  assert.deepEqual(page.problems, []);
});

test("passages shown stay when more results are shown", async () => {
  const filler = "The harbour office kept its ledgers in order that season. ".repeat(14);
  const files = {};
  for (let n = 1; n <= 22; n++) {
    files[`${n}.md`] = `---\ntitle: Ledger ${n}\nseries: s\nnumber: ${n}\ndate: 2020-01-${String(n).padStart(2, "0")}\n---\n\n${filler}\n\nThe tern nested on pier ${n}.\n`;
  }
  const site = await serve(fixtureSite("more", files));
  try {
    const page = await openPage(browser, site.base);
    assert.equal((await search(page, site.base, "tern")).length, 20);
    await showPassage(page);
    const passages = page.locator(".search-result-passage");
    const first = await passages.first().textContent();
    await page.click("button.search-more");
    await page.locator("li.search-result").nth(20).waitFor({ timeout: 10000 });
    assert.equal(await passages.count(), 1);
    assert.equal(await page.locator("li.search-result").first().locator(".search-result-passage").textContent(), first);
    assert.equal(await page.locator("button.search-result-passage-show").count(), 21);
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("a dispatch named by its id shows where it has the other words, and nothing when it has not", async () => {
  const page = await openPage(browser, server.base);
  let results = await search(page, server.base, "sd-8601 inspection");
  assert.equal(results[0].href, "/special-dispatch/8601/");
  let first = page.locator("li.search-result").first();
  assert.equal(await first.locator("button.search-result-passage-show").count(), 1);
  const passage = (await showPassage(page)).locator(".search-result-passage");
  assert.deepEqual(await passage.locator("mark").allTextContents(), ["inspection"]);
  // Named, but without the word, or with no other word: first all the
  // same, with no note.
  for (const q of ["sd-8601 dockworkers", "sd-8601", "No. 8601"]) {
    results = await search(page, server.base, q);
    assert.equal(results[0].href, "/special-dispatch/8601/", q);
    first = page.locator("li.search-result").first();
    assert.equal(await first.locator(".search-result-further").count(), 0, q);
  }
  assert.deepEqual(page.problems, []);
});

test("a host that requires Trusted Types still shows the passage", async () => {
  const page = await openPage(browser, server.base);
  await page.route("**/search/?q=*", async (route) => {
    const response = await route.fetch();
    const csp = "require-trusted-types-for 'script'";
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
  });
  const refused = [];
  page.on("console", (m) => { if (/Trusted ?Type|TrustedHTML/.test(m.text())) refused.push(m.text()); });
  await search(page, server.base, "kdarvand_en");
  const item = await showPassage(page);
  assert.match(await item.locator(".search-result-passage").textContent(), /@kdarvand_en/);
  assert.deepEqual(refused, []);
});
