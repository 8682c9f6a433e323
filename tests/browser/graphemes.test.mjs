// Text cut between graphemes: a result's excerpt, the search page's note
// on a word too long to search, and a record's body cut by the indexer.
// The client's modules run in Node (its Intl.Segmenter is Chromium's ICU),
// then once in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fixtureClient, fixtureSite, launch, openPage, repo, scratchDir, search, serve } from "./harness.mjs";

const dir = scratchDir("annals-graphemes-");
writeFileSync(join(dir, "package.json"), '{"type": "module"}');
for (const f of ["search-results.js", "search-status.js", "search-spell.js", "search-text.js"]) {
  copyFileSync(join(repo, "themes/default/static", f), join(dir, f));
}
const results = pathToFileURL(join(dir, "search-results.js")).href;
const { excerpt, firstGraphemes, wholeChar } = await import(results);
const { TEXT, longNote } = await import(pathToFileURL(join(dir, "search-status.js")).href);

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Whether the excerpt `pieces`, less its ellipses, is `text` from one
 * grapheme boundary to another. */
function betweenGraphemes(text, pieces) {
  const shown = pieces.map((p) => p.text).join("").replace(/^… /, "").replace(/ …$/, "");
  const bounds = new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
  const at = text.indexOf(shown);
  return at >= 0 && bounds.has(at) && bounds.has(at + shown.length);
}

test("an excerpt keeps skin tones, joined emoji and flags whole at its end", () => {
  for (const emoji of ["👍🏽", "👨\u200d👩\u200d👧", "🇮🇷🇮🇷🇮🇷"]) {
    for (const n of [237, 238, 239]) {
      const summary = "中".repeat(n) + emoji + "中".repeat(100);
      const pieces = excerpt({ summary }, null);
      assert.equal(pieces.at(-1).text, " …");
      assert.ok(betweenGraphemes(summary, pieces), `${n} ${emoji}: ${pieces.map((p) => p.text).join("")}`);
    }
  }
});

test("an excerpt that starts in a run of flags pairs them as written", () => {
  const summary = "🇮🇷".repeat(100) + "——yak" + "中".repeat(50);
  const match = { words: ["yak"], free: ["yak"], phrases: [], forms: {} };
  const pieces = excerpt({ summary }, match);
  assert.equal(pieces[0].text, "… ");
  assert.ok(pieces[1].text.startsWith("🇮🇷"), pieces[1].text);
  assert.ok(betweenGraphemes(summary, pieces));
  // Cut anywhere in the run, the window starts at a flag's start.
  for (let i = 0; i < 400; i++) assert.equal(wholeChar(summary, i, -1), i - (i % 4), `${i}`);
});

test("a record cut short shows that it goes on", () => {
  const pieces = excerpt({ summary: "", text: "A short start.", cut: true }, null);
  assert.equal(pieces.map((p) => p.text).join(""), "A short start. …");
  assert.equal(excerpt({ text: "All of it." }, null).at(-1).text, "All of it.");
});

test("a word too long to search is quoted by its first letters, accents and all", () => {
  const word = "a".repeat(23) + "e\u0301" + "b".repeat(60);
  const note = longNote(TEXT, "Tom " + word);
  assert.ok(note.includes("a".repeat(23) + "e\u0301…"), note);
  assert.equal(firstGraphemes("👨\u200d👩\u200d👧🇮🇷x", 2), "👨\u200d👩\u200d👧🇮🇷");
});

test("without Intl.Segmenter, a cut still keeps a letter's marks", async () => {
  const saved = Intl.Segmenter;
  delete Intl.Segmenter;
  let approx;
  try {
    approx = await import(results + "?approx");
  } finally {
    Intl.Segmenter = saved;
  }
  assert.equal(approx.wholeChar("e\u0301x", 1, 1), 2);
  assert.equal(approx.wholeChar("ab👍c", 3, -1), 2);
  assert.equal(approx.firstGraphemes("ae\u0301b", 2), "ae\u0301");
});

test("a record's body is cut between graphemes, as long in Thai or Chinese, and its excerpt ends in …", async () => {
  const thai = "ที่นี่มีน้ำใจ".repeat(40) + " จบ";
  const chinese = "这是一个很长的段落。".repeat(100);
  const family = "中".repeat(196) + "👨\u200d👩\u200d👧" + "中".repeat(300);
  const { index } = await fixtureClient("graphemes", [
    ["Thai", thai, "language: th\n"], ["Chinese", chinese, "language: zh\n"], ["Family", family, "language: zh\n"],
  ]);
  const records = await index.records([0, 1, 2]);
  for (const [rec, body] of [[records[0], thai], [records[1], chinese], [records[2], family]]) {
    assert.equal(rec.cut, true, rec.title);
    const pieces = excerpt(rec, null);
    assert.equal(pieces.at(-1).text, " …", rec.title);
    assert.ok(betweenGraphemes(body, pieces), `${rec.title}: ${pieces.map((p) => p.text).join("")}`);
    assert.ok([...segmenter.segment(body)].some((s) => s.index === rec.text.length), rec.title);
  }
});

test("in Chromium, a result's excerpt keeps an emoji whole", async () => {
  const summary = "中".repeat(238) + "👍🏽" + "中".repeat(100);
  const site = await serve(fixtureSite("graphemes-page", {
    "s1.md": `---\ntitle: One\nseries: s\nnumber: 1\ndate: 2024-01-01\nsummary: "${summary}"\n---\n\nBody.\n`,
  }));
  const browser = await launch();
  try {
    const page = await openPage(browser, site.base);
    assert.equal((await search(page, site.base, "s-1")).length, 1);
    const shown = await page.locator(".search-result-excerpt").first().textContent();
    assert.ok(shown.endsWith("中👍🏽 …"), shown);
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
    site.stop();
  }
});
