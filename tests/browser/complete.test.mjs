// Completing the word being typed, end to end and without a browser: the
// real binary builds a fixture archive, and the client's own modules,
// run in Node over the built index, are asked what a reader types.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureClient } from "./harness.mjs";

// Sixteen words that begin "zel", in every common doc, and a seventeenth
// in one doc only: completion takes the sixteen commonest.
const COMMON = Array.from({ length: 16 }, (_, i) => "zel" + String.fromCharCode(97 + i) + "x");
const DOCS = [
  ["Marrowfield report", "Night inspections at the harbour."],
  ["Crate check", "Officers inspected every crate."],
  ["Market", "The traders left the market."],
  ["Port authority", "The port authority answered."],
  ["Portrait", "A portrait of the minister."],
  ["Ports", "Two ports closed, and the porter left the portico."],
  ...COMMON.map((_, i) => [`Common ${i + 1}`, COMMON.join(" ")]),
  ["Rare", "Only zelzz here."],
];

// Enough distinct words for several dictionary chunks (of 32 KB).
function pseudoWords(n) {
  const letters = "bdfgklmnprstvz";
  const vowels = "aeiou";
  let seed = 7;
  const next = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  return Array.from({ length: n }, () => {
    let w = "";
    for (let i = 0, len = 3 + next(3); i < len; i++) w += letters[next(letters.length)] + vowels[next(5)];
    return w;
  });
}
// A word common in bodies and in two titles, and a rare word it also
// begins, in one body only.
for (let i = 0; i < 30; i++) DOCS.push([`Routine ${i + 1}`, "A routine survey of the quay."]);
DOCS.push(["Survey regime agreed", "The parties agreed."]);
DOCS.push(["Surveys refused again", "The crews refused."]);
DOCS.push(["Tanker boarded", "Surveyors boarded the tanker at dawn."]);
const MANY = pseudoWords(30000);
for (let i = 0; i < 60; i++) DOCS.push([`Many ${i + 1}`, MANY.slice(i * 500, i * 500 + 500).join(" ")]);

let client;
const ids = async (query) => client.idOf((await client.index.match(query)).docs);
const id = (title) => `t-${DOCS.findIndex(([t]) => t === title) + 1}`;

before(async () => {
  client = await fixtureClient("complete", DOCS);
});

test("the word being typed finds the words it begins", async () => {
  assert.deepEqual(await ids("marr"), [id("Marrowfield report")]);
  assert.deepEqual(await ids("Marrowf"), [id("Marrowfield report")]);
  // Only the last word is being typed; the others must be whole.
  assert.deepEqual(await ids("inspections marr"), [id("Marrowfield report")]);
  assert.deepEqual(await ids("marr inspections"), []);
});

test("a word followed by a space or in quotes is finished, and not completed", async () => {
  assert.deepEqual(await ids("marr "), []);
  assert.deepEqual(await ids('"marr"'), []);
  assert.deepEqual(await ids("marr."), []);
});

test("a word the archive has matches only itself, not the longer words it begins", async () => {
  assert.deepEqual((await ids("port")).sort(), [id("Port authority"), id("Ports")].sort());
  assert.deepEqual(await ids("portr"), [id("Portrait")]);
});

test("a word matches its forms in the archive and marks only them", async () => {
  const { findHits, highlightParams, matchFromParams } = client.results;
  const match = await client.index.match("port");
  assert.deepEqual(match.approx, []);
  assert.deepEqual(match.forms.port.slice().sort(), ["port", "ports"]);
  const text = "The port and its ports: a portrait, a porter, a portico.";
  const marked = (m) => findHits(text, m).map(([a, b]) => text.slice(a, b));
  assert.deepEqual(marked(match), ["port", "ports"]);
  // The result's page marks the same words, from its link.
  const params = new URLSearchParams(highlightParams("port", match).slice(1));
  assert.deepEqual(params.getAll("highlight-form"), ["port ports"]);
  assert.deepEqual(marked(matchFromParams(params)), ["port", "ports"]);
  // A link's forms count only for the words of its query.
  params.append("highlight-form", "minister portico");
  assert.deepEqual(marked(matchFromParams(params)), ["port", "ports"]);
});

test("a finished word the archive lacks is searched as its stem, and the reader is told", async () => {
  // "portal" is not in the archive: its results are those of "port",
  // and the match says which word stood in for it.
  const match = await client.index.match("portal ");
  assert.deepEqual((await client.idOf(match.docs)).sort(), [id("Port authority"), id("Ports")].sort());
  assert.deepEqual(match.approx, [{ word: "portal", as: "port" }]);
  // A word the archive has is searched as itself.
  assert.deepEqual((await client.index.match("ports ")).approx, []);
});

test("a word being typed marks the forms its results have, through the words it begins", async () => {
  const { findHits, highlightParams, matchFromParams } = client.results;
  // "inspection" is not in the archive: it begins "inspections", whose
  // stem the other dispatch has as "inspected".
  const match = await client.index.match("inspection");
  assert.deepEqual((await client.idOf(match.docs)).sort(), [id("Marrowfield report"), id("Crate check")].sort());
  const text = "Officers inspected every crate.";
  const marked = (m) => findHits(text, m).map(([a, b]) => text.slice(a, b));
  assert.deepEqual(marked(match), ["inspected"]);
  const params = new URLSearchParams(highlightParams("inspection", match).slice(1));
  assert.deepEqual(marked(matchFromParams(params)), ["inspected"]);
});

test("a finished word that is a plain inflection of a word the archive has is searched quietly", async () => {
  for (const q of ["inspection ", "trader ", "inspection harbour", '"inspection at"']) {
    const match = await client.index.match(q);
    assert.ok(match.docs.length >= 1, q);
    assert.deepEqual(match.approx, [], q);
  }
});

test("completion starts at three letters", async () => {
  assert.deepEqual(await ids("ma"), []);
});

test("a prefix of many words takes the sixteen commonest", async () => {
  const found = await ids("zel");
  assert.equal(found.length, COMMON.length);
  assert.ok(!found.includes(id("Rare")), "the rarest completion is left out");
  assert.deepEqual(await ids("zelzz"), [id("Rare")]);
  assert.deepEqual(await ids("zelz"), [id("Rare")]);
});

test("excerpts and the result's page mark the words the prefix begins", async () => {
  const { findHits, highlightParams, matchFromParams } = client.results;
  const match = await client.index.match("inspections marr");
  assert.equal(match.prefix, "marr");
  const text = "Marrowfield report: marred inspections, a marsh.";
  const marked = (m) => findHits(text, m).map(([a, b]) => text.slice(a, b));
  assert.deepEqual(marked(match), ["Marrowfield", "marred", "inspections"]);
  const params = new URLSearchParams(highlightParams("inspections marr", match).slice(1));
  assert.equal(params.get("highlight-prefix"), "marr");
  assert.deepEqual(marked(matchFromParams(params)), ["Marrowfield", "marred", "inspections"]);
  // A link cannot make a page mark by a prefix search would not complete:
  // one the query does not end in, or one of fewer than three letters.
  // (The archive's words it completed stay marked: the link names them.)
  // ("inspected", in another dispatch, is a form of "inspections".)
  assert.deepEqual(params.getAll("highlight-form"), ["inspections inspected", "marr marrowfield"]);
  params.set("highlight-prefix", "m");
  assert.deepEqual(marked(matchFromParams(params)), ["Marrowfield", "inspections"]);
  params.set("highlight-prefix", "inspections");
  assert.deepEqual(marked(matchFromParams(params)), ["Marrowfield", "inspections"]);
  params.delete("highlight-form");
  assert.deepEqual(marked(matchFromParams(params)), ["inspections"]);
  const short = new URLSearchParams({ highlight: "inspections a", "highlight-prefix": "a" });
  // ("a" is a word of that query: marked where it is a whole word only.)
  assert.deepEqual(marked(matchFromParams(short)), ["inspections", "a"]);
  // A whole word marks no longer words.
  assert.equal((await client.index.match("port")).prefix, "");
});

test("words that open a dictionary chunk are completed too", async () => {
  const meta = JSON.parse(readFileSync(join(client.root, "search", "meta.json"), "utf8"));
  assert.ok(meta.dict.length >= 3, `only ${meta.dict.length} chunks`);
  for (const first of meta.dict.slice(1)) {
    // The chunk's first word, less its last letter: the words it begins
    // may all be in this chunk, none in the one before.
    const prefix = first.slice(0, -1);
    if (Array.from(prefix).length < 3 || /\d/.test(prefix)) continue;
    const match = await client.index.match(prefix);
    assert.ok(match.docs.length > 0, `"${prefix}" (chunk opening "${first}") finds nothing`);
  }
});

test("a word being typed ranks a title that has its common completion above a body with a rare one", async () => {
  const res = await client.results.runSearch(client.index, { q: "surv", sort: "relevance", facets: {} }, 5);
  const first = await client.idOf(res.ordered.slice(0, 2));
  assert.deepEqual(first.sort(), [id("Survey regime agreed"), id("Surveys refused again")].sort());
  // The rare one is found all the same.
  assert.equal(res.total, 33);
});
