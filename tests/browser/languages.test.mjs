// A dispatch in another language than the site's, in a real browser: its
// own text is in its language and direction, wherever it is shown, and
// the page's own words (the interface) stay the site's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleSite, fixtureSite, openPage, search, serve } from "./harness.mjs";

let server, browser;
exampleSite((site) => ({ server, browser } = site));

/** For each selector, the language its first element is in (that of its
 * nearest `lang`) and its computed direction. */
function languages(page, selectors) {
  return page.evaluate((sels) => Object.fromEntries(sels.map((s) => {
    const e = document.querySelector(s);
    if (!e) return [s, null];
    return [s, [e.closest("[lang]")?.getAttribute("lang"), getComputedStyle(e).direction]];
  })), selectors);
}

const INTERFACE = [".skip-link", "#site-search", ".site-nav a", ".site-title", ".dispatch-label", ".dispatch-meta time",
  ".terms dt", ".terms dd a", "#toc-heading", "#notes-heading", "#cited-by-heading", "#cite-heading", ".copy-citation",
  ".site-footer p"];
const TEXT = ["#dispatch-title", ".dispatch-meta .authors bdi", ".dispatch-header .summary", ".toc ul a", ".dispatch-body p",
  ".footnotes-list li"];

test("on the Persian dispatch the page's own words are English, left to right; its text is Persian, right to left", async () => {
  for (const width of [1280, 375]) {
    const page = await openPage(browser, server.base, { viewport: { width, height: 900 } });
    await page.goto(server.base + "/special-dispatch/8603/");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.getAttribute("html", "dir"), "ltr");
    const ui = await languages(page, INTERFACE);
    for (const [s, got] of Object.entries(ui)) assert.deepEqual(got, ["en", "ltr"], `${width}: ${s}`);
    const text = await languages(page, TEXT);
    for (const [s, got] of Object.entries(text)) assert.deepEqual(got, ["fa", "rtl"], `${width}: ${s}`);
    // The words annals writes into the Persian notes are English.
    const back = await page.$$eval("#fn-2 .footnote-backref .visually-hidden",
      (spans) => spans.map((s) => [s.closest("[lang]").getAttribute("lang"), s.textContent]));
    assert.deepEqual(back, [["en", "Back to reference 2a"], ["en", "Back to reference 2b"], ["en", "Back to reference 2c"]]);
    // The Persian title reads from the right edge of its column.
    const title = await page.evaluate(() => {
      const h1 = document.querySelector("#dispatch-title");
      const range = document.createRange();
      range.selectNodeContents(h1);
      const first = range.getClientRects()[0];
      return { right: first.right, boxRight: h1.getBoundingClientRect().right };
    });
    assert.ok(Math.abs(title.right - title.boxRight) < 2, `${width}: ${JSON.stringify(title)}`);
    assert.deepEqual(page.problems, []);
  }
});

test("the header is laid out the same on the Persian dispatch as on an English one", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  const header = async (path) => {
    await page.goto(server.base + path);
    return page.evaluate(() => {
      const at = (s) => Math.round(document.querySelector(s).getBoundingClientRect().left);
      const nav = [...document.querySelectorAll(".site-nav a")].map((a) => Math.round(a.getBoundingClientRect().left));
      return { title: at(".site-title"), search: at(".search-box"), nav };
    });
  };
  const english = await header("/special-dispatch/8602/");
  const persian = await header("/special-dispatch/8603/");
  assert.ok(english.title < english.search, JSON.stringify(english));
  assert.deepEqual(persian, english);
});

test("a Persian card in a list: its title and summary are Persian, its label and date the list's", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/archive/2023/");
  const card = page.locator(".dispatch-card", { has: page.locator('a[href="/special-dispatch/8603/"]') });
  const got = await card.evaluate((li) => Object.fromEntries(["h3", ".summary", ".dispatch-label", "time"].map((s) => {
    const e = li.querySelector(s);
    return [s, [e.closest("[lang]").getAttribute("lang"), getComputedStyle(e).direction]];
  })));
  assert.deepEqual(got, { h3: ["fa", "rtl"], ".summary": ["fa", "rtl"], ".dispatch-label": ["en", "ltr"], time: ["en", "ltr"] });
});

test("a Persian search result's title and excerpt are Persian; its label and date are the page's", async () => {
  const page = await openPage(browser, server.base);
  const shown = () => page.$$eval("li.search-result", (items) => items.map((li) => {
    const of = (s) => {
      const e = li.querySelector(s);
      return [e.closest("[lang]").getAttribute("lang"), getComputedStyle(e).direction];
    };
    return {
      href: li.querySelector("a").getAttribute("href").split("?")[0],
      title: of(".search-result-heading"), excerpt: of(".search-result-excerpt"), meta: of(".search-result-meta"),
    };
  }));
  await search(page, server.base, "داروند");
  const persian = (await shown()).find((r) => r.href === "/special-dispatch/8603/");
  assert.deepEqual(persian, { href: "/special-dispatch/8603/", title: ["fa", "rtl"], excerpt: ["fa", "rtl"], meta: ["en", "ltr"] });
  // The Persian query is isolated in the English status line and title,
  // so that the punctuation around it stays where the sentence has it.
  assert.match(await page.locator("#search-status").textContent(), /— “\u2068داروند\u2069”$/);
  assert.match(await page.title(), /^“\u2068داروند\u2069” · /);
  // The English ones are in the page's language throughout.
  await search(page, server.base, "darvand");
  const english = (await shown()).filter((r) => r.href !== "/special-dispatch/8603/");
  assert.ok(english.length >= 3, JSON.stringify(english));
  for (const r of english) assert.deepEqual([r.title, r.excerpt, r.meta], [["en", "ltr"], ["en", "ltr"], ["en", "ltr"]], r.href);
  assert.deepEqual(page.problems, []);
});

test("a result's date reads as the pages' dates do", async () => {
  const page = await openPage(browser, server.base);
  await search(page, server.base, "sd-8601");
  const time = page.locator("li.search-result").first().locator(".search-result-meta time");
  assert.equal(await time.textContent(), "February 14, 2023");
  assert.equal(await time.getAttribute("datetime"), "2023-02-14");
});

test("the bar of matched words on the Persian dispatch reads left to right, with the query isolated", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  const results = await search(page, server.base, '"خط قرمز"');
  await page.goto(server.base + results.find((r) => r.href === "/special-dispatch/8603/").link);
  const bar = page.locator(".search-hits");
  await bar.waitFor({ timeout: 10000 });
  const got = await bar.evaluate((b) => ({
    lang: b.closest("[lang]").getAttribute("lang"),
    direction: getComputedStyle(b).direction,
    query: b.querySelector("bdi")?.textContent,
    sentence: b.querySelector("span").textContent,
    count: b.querySelector("span").getBoundingClientRect().left - b.getBoundingClientRect().left,
  }));
  assert.equal(got.lang, "en");
  assert.equal(got.direction, "ltr");
  assert.equal(got.query, "خط قرمز");
  assert.match(got.sentence, /^\d+ match(es)? for “خط قرمز”$/);
  // The count starts the sentence, at the bar's left.
  assert.ok(got.count < 20, JSON.stringify(got));
  assert.deepEqual(page.problems, []);
});

/** Clicks "Copy citation" on `path` and resolves to the text that went to
 * the clipboard (a stub records it); `author`, if given, is first put in
 * place of the citation's first author. */
async function copiedCitation(path, author) {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + path);
  if (author) await page.evaluate((a) => { document.querySelector("#citation-text bdi").textContent = a; }, author);
  await page.evaluate(() => {
    window.copied = null;
    navigator.clipboard.writeText = (text) => { window.copied = text; return Promise.resolve(); };
  });
  await page.locator(".copy-citation").click();
  await page.locator(".copy-status").filter({ hasText: "Citation copied." }).waitFor({ timeout: 5000 });
  return page.evaluate(() => window.copied);
}

test("a copied citation keeps a right-to-left author and title apart, with Unicode isolates", async () => {
  const text = await copiedCitation("/special-dispatch/8603/");
  const title = "سرلشکر کاوه داروند در شبکهٔ یک: «تنگهٔ اورمل خط قرمز ماست»";
  // The author (each in the direction of its own letters: a first-strong
  // isolate) and the title (in the dispatch's right-to-left language),
  // each closed by PDI.
  assert.ok(text.startsWith("\u2068گروه پژوهش\u2069, “\u2067" + title + "\u2069,” Meridian Monitor Archive, Special Dispatch No. 8603, November 30, 2023."),
    JSON.stringify(text));
  assert.equal(text.split("\u2069").length - 1, 2);
  // A Latin author of a Persian dispatch cannot be reordered: no marks.
  const latin = await copiedCitation("/special-dispatch/8603/", "Ann Lee");
  assert.ok(latin.startsWith("Ann Lee, “\u2067" + title + "\u2069,”"), JSON.stringify(latin));
  // A citation with nothing right to left is copied without invisible marks.
  const english = await copiedCitation("/special-dispatch/8601/");
  assert.match(english, /^Research Staff, “Vigilance Corps Commander/);
  assert.doesNotMatch(english, /[\u2066-\u2069]/);
});

test("a Persian query finds the Persian dispatch", async () => {
  const page = await openPage(browser, server.base);
  const results = await search(page, server.base, "داروند");
  assert.ok(results.some((r) => r.href === "/special-dispatch/8603/"), JSON.stringify(results));
  // Its title and excerpt read right to left in the left-to-right page.
  const dirs = await page.$$eval(".search-result", (items) => items
    .filter((li) => li.querySelector("a").getAttribute("href").startsWith("/special-dispatch/8603/"))
    .map((li) => [".search-result-heading", ".search-result-excerpt"]
      .map((s) => getComputedStyle(li.querySelector(s)).direction)));
  assert.deepEqual(dirs, [["rtl", "rtl"]]);
});

test("a Persian word finds its forms with a joined plural or ezafe, in any dispatch", async () => {
  // "ship": bare in Special Dispatch 8603 (in Persian); as کشتی‌های and
  // کشتی‌ای in the Persian posts that 8605 and 8609 quote.
  const page = await openPage(browser, server.base);
  const results = (await search(page, server.base, "کشتی")).map((r) => r.href);
  for (const want of ["/special-dispatch/8603/", "/special-dispatch/8605/", "/special-dispatch/8609/"]) {
    assert.ok(results.includes(want), `${want} in ${JSON.stringify(results)}`);
  }
  // A word that merely begins the same is not one of its forms.
  assert.ok(results.length <= 4, JSON.stringify(results));
});

test("a Persian word typed with a space for its zero-width non-joiner is found, and marked", async () => {
  // Special Dispatch 8609 quotes a post: «شورا می‌خواهد ...».
  const page = await openPage(browser, server.base);
  for (const q of ["می خواهد", "میخواهد", "می‌خواهد"]) {
    const results = await search(page, server.base, q);
    assert.ok(results.some((r) => r.href === "/special-dispatch/8609/"), `${q}: ${JSON.stringify(results)}`);
  }
  const results = await search(page, server.base, "شورا می خواهد");
  const link = results.find((r) => r.href === "/special-dispatch/8609/").link;
  await page.goto(server.base + link);
  await page.locator(".search-hits").waitFor({ timeout: 10000 });
  const marked = await page.locator("article.dispatch mark.search-hit").allTextContents();
  assert.ok(marked.includes("می‌خواهد"), JSON.stringify(marked));
  assert.deepEqual(page.problems, []);
});

test("a Persian compound typed with a space is found", async () => {
  // Special Dispatch 8603 is a گفت‌وگو (an interview), written with a
  // zero-width non-joiner; readers often type a space.
  const page = await openPage(browser, server.base);
  for (const q of ["گفت وگو", "گفت‌وگو", "گفت و گو"]) {
    const results = await search(page, server.base, q);
    assert.ok(results.some((r) => r.href === "/special-dispatch/8603/"), `${q}: ${JSON.stringify(results)}`);
  }
  // Typed with spaces both sides of its و, it is marked as written.
  const spaced = (await search(page, server.base, "گفت و گو")).find((r) => r.href === "/special-dispatch/8603/");
  await page.goto(server.base + spaced.link);
  await page.locator(".search-hits").waitFor({ timeout: 10000 });
  const marked = await page.locator("article.dispatch mark.search-hit").allTextContents();
  assert.ok(marked.some((m) => m.includes("گفت‌وگو")), JSON.stringify(marked));
  // Two words that are no compound still need both words.
  const both = await search(page, server.base, "داروند گفت");
  assert.ok(both.every((r) => r.href.startsWith("/special-dispatch/")), JSON.stringify(both));
  assert.deepEqual(page.problems, []);
});

test("a search box takes the direction of the query typed in it", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/");
  const direction = (s) => page.$eval(s, (e) => getComputedStyle(e).direction);
  for (const box of ["#site-search", "#search-within"]) {
    assert.equal(await direction(box), "ltr", box);
    await page.fill(box, "تنگهٔ اورمل 2023!");
    assert.equal(await direction(box), "rtl", box);
    await page.fill(box, "sd-12 Darvand");
    assert.equal(await direction(box), "ltr", box);
  }
  await page.goto(server.base + "/search/");
  await page.fill("#search-q", "داروند");
  assert.equal(await direction("#search-q"), "rtl");
  assert.deepEqual(page.problems, []);
});

test("on a Persian site an empty search box reads right to left, as the page does", async () => {
  const site = await serve(fixtureSite("rtl", {
    "s1.md": "---\ntitle: یک\nseries: s\nnumber: 1\ndate: 2024-01-01\n---\n\nمتن.\n",
  }, "language: fa\n"));
  try {
    const page = await openPage(browser, site.base);
    const direction = (s) => page.$eval(s, (e) => getComputedStyle(e).direction);
    await page.goto(site.base + "/s/");
    for (const box of ["#site-search", "#search-within"]) {
      assert.equal(await direction(box), "rtl", box);
      await page.fill(box, "sd-12 Darvand");
      assert.equal(await direction(box), "ltr", box);
    }
    await page.goto(site.base + "/search/");
    await page.locator("#search-q").waitFor();
    assert.equal(await direction("#search-q"), "rtl");
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("the search page groups numbers as the site's language does, whatever the reader's browser is set to", async () => {
  const site = await serve(fixtureSite("de-numbers", {
    "s1.md": "---\ntitle: Hafen\nseries: s\nnumber: 1\ndate: 2024-03-01\n---\n\nDer Hafen ist zu.\n",
  }, "language: de\n"));
  try {
    const page = await openPage(browser, site.base, { locale: "en-US" });
    await page.goto(site.base + "/search/?q=hafen");
    await page.locator("li.search-result").first().waitFor({ timeout: 10000 });
    await page.waitForFunction(() => !document.querySelector("#search-app[aria-busy]"), null, { timeout: 10000 });
    const got = await page.evaluate(async () => {
      const view = [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => l.href).find((h) => h.includes("/search-view.js"));
      const { num, formatBytes } = await import(view);
      return [num(9283), formatBytes(36.24 * 1024 * 1024), navigator.language];
    });
    assert.deepEqual(got, ["9.283", "36,2 MB", "en-US"]);
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});

test("a Russian site's search page, result marks and citation button speak Russian", async () => {
  const dispatch = (n, title) => `---\ntitle: ${title}\nseries: s\nnumber: ${n}\ndate: 2024-03-0${n}\n---\n\nПорт закрыт[^1].\n\n[^1]: Источник.\n`;
  const site = await serve(fixtureSite("ru", {
    "s1.md": dispatch(1, "Порт закрыт"),
    "s2.md": dispatch(2, "Снова порт"),
  }, "language: ru\n"));
  try {
    const page = await openPage(browser, site.base);
    await page.goto(site.base + "/search/?q=" + encodeURIComponent("порт"));
    const status = page.locator("#search-status");
    await status.filter({ hasText: "Результатов: 2" }).waitFor({ timeout: 10000 });
    // And the filters, which come after: leaving before would cut their files short.
    await page.waitForFunction(() => !document.querySelector("#search-app[aria-busy]"), null, { timeout: 10000 });
    assert.equal(await page.locator("#search-q").getAttribute("placeholder"), "Слова, имена или номер выпуска");
    assert.equal(await page.textContent("h1"), "Поиск по архиву");
    // The result's date and label are the site's words.
    const meta = await page.locator("li.search-result").first().textContent();
    assert.match(meta, /\d марта 2024/);
    assert.match(meta, /S № [12]/);
    // On the result's page, the bar marking its words.
    const link = await page.locator("a.search-result-title").first().getAttribute("href");
    await page.goto(site.base + link);
    const bar = page.locator(".search-hits");
    await bar.waitFor({ timeout: 10000 });
    assert.match(await bar.textContent(), /Совпадени/);
    assert.match(await bar.textContent(), /Далее/);
    // The citation's button and what it says when pressed.
    const button = page.locator(".copy-citation");
    assert.equal(await button.textContent(), "Скопировать библиографическую ссылку");
    await button.click();
    await page.locator(".copy-status").filter({ hasText: /./ }).waitFor();
    assert.match(await page.textContent(".copy-status"), /[А-Яа-я]/);
    assert.equal(await page.getAttribute("html", "lang"), "ru");
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
  }
});
