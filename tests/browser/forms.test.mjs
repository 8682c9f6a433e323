// Which words search marks, end to end and without a browser: a query
// word's forms are the surfaces the archive has for its terms, wherever
// the dictionary's chunks cut them, and the parts of a host name are no
// forms of each other. The real binary builds a fixture; the client's
// own modules, run in Node over the built index, are asked.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureClient } from "./harness.mjs";

// 1,500 words that sort between "walked" and "walking": the dictionary
// is cut into two chunks inside the forms of "walk".
const letters = "bcdfghjklmnpqrstvwxz";
const FILLER = Array.from({ length: 1500 }, (_, i) =>
  "walkedq" + letters[i % 20] + letters[Math.floor(i / 20) % 20] + letters[Math.floor(i / 400) % 20]);
const DOCS = [
  ["Walks", "They walked home. Then walking again, he walks and will walk."],
  ["Walk", "He will walk there."],
  ["Filler", FILLER.join(" ")],
  ["Hosts", "For example, the org chart was shown. See reports.example.org for more."],
  ["Clerics", "The cleric spoke."],
  ["Cairo", "ذهبوا والقاهرة بعيدة، وبالقلم كتبوا.", "language: ar\n"],
  ["Corps", "The Vigilance Corps patrols the strait."],
  ["Corps fa", "corps", "language: fa\n"],
  ["Talks", "The talks started late, under a bright star."],
  ["Tides", "The harbour's tides turn."],
  ["Moscow", "В Москве ждут корабли, а Москва молчит.", "language: ru\n"],
  ["Post", "The post read: السفن في الميناء", ""],
];

let client, meta;
const id = (title) => `t-${DOCS.findIndex(([t]) => t === title) + 1}`;
const marked = (text, match) => client.results.findHits(text, match).map(([a, b]) => text.slice(a, b));

before(async () => {
  client = await fixtureClient("forms", DOCS);
  meta = JSON.parse(readFileSync(join(client.root, "search", "meta.json"), "utf8"));
});

test("a word's forms are marked though the dictionary cuts them apart", async () => {
  const cut = meta.dict.filter((first) => first > "walk" && first < "walks");
  assert.ok(cut.length >= 1, `no chunk starts among walk's forms: ${meta.dict}`);
  const text = "They walked home. Then walking again, he walks and will walk.";
  for (const q of ["walks", "walk ", "walking"]) {
    const match = await client.index.match(q);
    assert.deepEqual(marked(text, match), ["walked", "walking", "walks", "walk"], q);
  }
});

test("a host name's parts find it, and mark it, but are no forms of each other", async () => {
  const text = "For example, the org chart was shown. See reports.example.org for more.";
  const match = await client.index.match("reports");
  assert.deepEqual((await client.idOf(match.docs)), [id("Hosts")]);
  assert.deepEqual(marked(text, match), ["reports.example.org"]);
});

test("a plain plural the archive lacks is searched as its word, with no note", async () => {
  const match = await client.index.match("clerics ");
  assert.deepEqual(await client.idOf(match.docs), [id("Clerics")]);
  assert.deepEqual(match.approx, []);
  assert.deepEqual((await client.index.match("clericals ")).approx, [{ word: "clericals", as: "cleric" }]);
});

test("a word the archive lacks is searched as the longest word of it that begins it, with all its terms", async () => {
  // "corps" is the English stem "corp"'s and, unstemmed, the Persian
  // dispatch's own: "corpss" finds both, as "corps" does.
  const match = await client.index.match("corpss ");
  assert.deepEqual((await client.idOf(match.docs)).sort(), [id("Corps"), id("Corps fa")]);
  assert.deepEqual(await client.idOf((await client.index.match("corps ")).docs), await client.idOf(match.docs));
  // A longer stem that begins the word goes before a shorter word:
  // "start" (started) is not "star".
  const start = await client.index.match("start ");
  assert.deepEqual(await client.idOf(start.docs), [id("Talks")]);
  assert.deepEqual(start.forms.start, ["started"]);
});

test("a word the archive lacks, and nothing begins, suggests the word nearest it", async () => {
  const match = await client.index.match("patorls ");
  assert.equal(match.docs.length, 0);
  assert.deepEqual(match.suggest, [{ word: "patorls", as: "patrols" }]);
  // The Vigilance Corps: one letter changed, one dropped.
  assert.deepEqual((await client.index.match("vigilanse corpz ")).suggest, undefined, "both are found as what begins them");
  assert.deepEqual((await client.index.match("straight ")).suggest, [{ word: "straight", as: "strait" }]);
  // A word with nothing near it: no suggestion for the query.
  assert.deepEqual((await client.index.match("patorls qqqqzzz ")).suggest, []);
  // Nor for short words or numbers.
  assert.deepEqual((await client.index.match("zxq ")).suggest, []);
  assert.deepEqual((await client.index.match("77777 ")).suggest, []);
  // A slip in the first letter puts a word in another chunk than the
  // word meant: a dictionary this small is searched whole.
  assert.ok("xatrols" > meta.dict[1] && "patrols" < meta.dict[1], JSON.stringify(meta.dict));
  assert.deepEqual((await client.index.match("xatrols ")).suggest, [{ word: "xatrols", as: "patrols" }]);
  // A possessive is corrected as its word, and keeps its ending.
  assert.deepEqual((await client.index.match("harbuor's ")).suggest, [{ word: "harbuor's", as: "harbour's" }]);
  assert.deepEqual(await client.idOf((await client.index.match("harbour's ")).docs), [id("Tides")]);
});

test("a number with the Arabic percent sign is a quantity", async () => {
  assert.deepEqual((await client.index.match("2٪")).pinned, []);
  assert.deepEqual(await client.idOf((await client.index.match("2")).pinned), [id("Walk")]);
});

test("an Arabic word is found, and marked, without the conjunction on its article", async () => {
  const text = "ذهبوا والقاهرة بعيدة، وبالقلم كتبوا.";
  for (const [q, word] of [["القاهرة", "والقاهرة"], ["بالقلم", "وبالقلم"], ["القلم", "وبالقلم"], ["قلم", "وبالقلم"], ["قاهرة", "والقاهرة"]]) {
    const match = await client.index.match(q);
    assert.deepEqual(await client.idOf(match.docs), [id("Cairo")], q);
    assert.deepEqual(marked(text, match), [word], q);
  }
});

test("an Arabic noun named bare finds it with its article, in a dispatch of any language, with no note", async () => {
  const text = "The post read: السفن في الميناء";
  for (const [q, word] of [["سفن", "السفن"], ["ميناء", "الميناء"]]) {
    const match = await client.index.match(q);
    assert.deepEqual(await client.idOf(match.docs), [id("Post")], q);
    assert.deepEqual(marked(text, match), [word], q);
    assert.deepEqual(match.approx, [], q);
  }
});

test("a Russian case form the archive lacks is searched by its stem, with no note", async () => {
  for (const q of ["Москвы ", "кораблями "]) {
    const match = await client.index.match(q);
    assert.deepEqual(await client.idOf(match.docs), [id("Moscow")], q);
    assert.deepEqual(match.approx, [], q);
  }
});
