// The search client's word rules against the indexer's, end to end and
// without a browser: a fixture archive holds words in forms that readers
// type differently (diacritics, final sigma, ё, harakat and tatweel, the
// Arabic and Persian yeh and kaf, ZWNJ, Eastern Arabic digits, curly
// apostrophes, inflections), the real binary builds it, and the client's
// own modules, run in Node over the built files, must find each word's
// dispatch from the query form. `normalizeWord` (search-text.js) and
// `tokenize.rs` are twins; this is what notices when they drift apart.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureClient } from "./harness.mjs";

// [language, the word as written in a dispatch, the word as a reader types it]
const CASES = [
  ["en", "Café", "cafe"],
  ["en", "Straße", "strasse"],
  ["en", "O’Brien", "o'brien"],
  ["en", "naïve", "NAIVE"],
  ["en", "bridges", "bridge"],
  ["en", "İzmir", "izmir"],
  ["el", "ΟΔΟΣ", "οδος"],
  ["el", "Αθήνα", "αθηνα"],
  ["ru", "Ёлка", "елка"],
  ["ru", "выборы", "выборов"],
  ["ar", "مُحَمَّد", "محمد"],
  ["ar", "كتـــاب", "كتاب"],
  ["ar", "الإمارات", "الامارات"],
  ["ar", "المدرسة", "المدرسه"],
  ["ar", "أحمد", "احمد"],
  ["fa", "نامۀ", "نامه"],
  ["en", "București", "bucuresti"],
  ["en", "2,000", "2000"],
  ["en", "I.R.G.C.", "IRGC"],
  ["en", "d’Estaing", "estaing"],
  ["en", "www.harbourwatch.example.com", "harbourwatch"],
  ["en", "Nguyễn", "nguyen"],
  ["en", "Thiệu", "Thie\u0323\u0302u"],
  ["ar", "٧٣٩١", "7391"],
  ["fa", "نمی‌دانم", "نمیدانم"],
  // ZWNJ typed as a space: the prefix or suffix apart from its word.
  ["fa", "می‌خواهد", "می خواهد"],
  ["fa", "کشتی‌ها", "کشتی ها"],
  ["fa", "مهم‌ترین", "مهم ترین"],
  ["fa", "کرده‌اند", "کرده اند"],
  ["fa", "علی", "علي"],
  ["fa", "کشور", "كشور"],
  ["fa", "۸۴۲۶", "8426"],
  // Full-width ASCII, as East Asian input methods type it, either way.
  ["en", "Darvand", "ｄａｒｖａｎｄ"],
  ["en", "８６０５", "8605"],
  ["ru", "Ｋｈａｒｚａｎ", "kharzan"],
];
const LANGUAGES = ["en", "el", "ru", "ar", "fa"];

let index;
let idOf;
before(async () => {
  const docs = LANGUAGES.map((lang) => {
    const words = CASES.filter(([l]) => l === lang).map(([, written]) => written);
    return [`Words ${lang}`, words.join(" · "), `language: ${lang}\n`];
  });
  let root;
  ({ index, idOf, root } = await fixtureClient("words", docs));
  const meta = JSON.parse(readFileSync(join(root, "search", "meta.json"), "utf8"));
  assert.equal(meta.docs, LANGUAGES.length);
});

for (const [lang, written, typed] of CASES) {
  test(`${lang}: "${typed}" finds "${written}"`, async () => {
    const want = `t-${LANGUAGES.indexOf(lang) + 1}`;
    for (const q of [typed, written]) {
      const found = await idOf((await index.match(q)).docs);
      assert.deepEqual(found, [want], `query "${q}"`);
    }
  });
}

test("a lone number is a dispatch number, unless it is a quantity", async () => {
  assert.deepEqual(await idOf((await index.match("2")).pinned), ["t-2"]);
  for (const q of ["2%", "2 %", "2‰", "2°"]) {
    assert.deepEqual((await index.match(q)).pinned, [], `query "${q}"`);
  }
});

test("fa: a word finds its joined plural though a chunk boundary parts them", async () => {
  // Many words between کشتی and کشتی‌ها in the dictionary's order put the
  // two in different dictionary files.
  const letters = Array.from("بتثجحخدذرزسشصضطظعغ");
  const filler = [];
  for (const a of letters) for (const b of letters) for (const c of letters) filler.push(`کشتی${a}${b}${c}`);
  const client = await fixtureClient("chunks", [
    ["Filler", filler.join(" "), "language: fa\n"],
    ["Bare", "کشتی آمد.", "language: fa\n"],
    ["Plural", "کشتی‌های بزرگ آمدند.", "language: en\n"],
  ]);
  const meta = JSON.parse(readFileSync(join(client.root, "search", "meta.json"), "utf8"));
  assert.ok(meta.dict.length > 2, `${meta.dict.length} dictionary files`);
  const found = await client.idOf((await client.index.match("کشتی")).docs);
  assert.deepEqual(found.sort(), ["t-2", "t-3"]);
});

test("fa: a compound typed with a space has no note of a stem its first word begins", async () => {
  // The Arabic dispatch's `الوزارة` is stemmed to a stem that begins
  // `وزارت`, a word the archive has only inside `وزارت‌خانه`.
  const client = await fixtureClient("joined", [
    ["One", "سخنگوی وزارت‌خانه راه سخن گفت.", "language: fa\n"],
    ["Two", "وزارتخانه راه بیانیه داد.", "language: fa\n"],
    ["Three", "قال مسئول في الوزارة إن العمل مستمر.", "language: ar\n"],
  ]);
  const match = await client.index.match("وزارت خانه");
  assert.deepEqual((await client.idOf(match.docs)).sort(), ["t-1", "t-2"]);
  assert.deepEqual(match.approx, []);
});

test("tr: a name is found without the case ending its apostrophe sets off", async () => {
  const client = await fixtureClient("turkish", [
    ["Iğdır'da elektrik kesintisi", "Heyet Ankara'ya döndü.", "language: tr\n"],
    ["Doğu illeri", "Iğdır valiliği toplandı. Ankara sessiz.", "language: tr\n"],
  ]);
  for (const q of ["Iğdır", "ankara"]) {
    const found = await client.idOf((await client.index.match(q)).docs);
    assert.deepEqual(found.sort(), ["t-1", "t-2"], q);
  }
});

test("tr: a word spelt for a query in lower case has no dot of its own on its i", async () => {
  const client = await fixtureClient("dotted", [["İzmir limanı", "İzmir'de gemiler.", "language: tr\n"]]);
  const [record] = await client.index.records([0]);
  assert.equal(client.status.spelledFor("izmr", record, "izmir"), "izmir");
  assert.equal(client.status.spelledFor("Izmr", record, "izmir"), "İzmir");
});

test("fa: a plural the archive lacks finds its word's joined forms too, typed joined or with a space", async () => {
  const client = await fixtureClient("plurals", [
    ["One", "یک کشتی به بندر رسید.", "language: fa\n"],
    ["Two", "کشتی‌های خرزانی رسیدند.", "language: fa\n"],
    ["Three", "کشتی‌ای دیگر ماند.", "language: fa\n"],
    ["Four", "بندر بسته شد.", "language: fa\n"],
  ]);
  const all = ["t-1", "t-2", "t-3"];
  for (const q of ["کشتی ", "کشتی‌ها ", "کشتیها ", "کشتی ها "]) {
    const match = await client.index.match(q);
    assert.deepEqual((await client.idOf(match.docs)).sort(), all, q);
  }
  // Searched as the word the archive has, and said so, as typed.
  const spaced = await client.index.match("کشتی ها ");
  assert.match(client.status.approxNote(client.status.TEXT, "کشتی ها ", spaced, null), /No dispatch has “\u2068کشتی ها\u2069”/);
  assert.deepEqual((await client.index.match("بندر ها ")).docs.length, 2);
});
