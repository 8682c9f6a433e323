// A term renamed by its entity file's title is found by search both by
// that title and by the spelling its dispatches write, without a
// browser: the real binary builds a fixture, and the client's own
// modules, run in Node, are asked.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { fixtureClient } from "./harness.mjs";

const DOCS = [
  ["Harbour report", "The cranes were idle.", "people: [Lena Varga]\n"],
  ["Other report", "Nothing about her.", ""],
];
const FILES = {
  "content/people/lena-varga.md": "---\ntitle: Port Director Zanzibarite\n---\n\nBio.\n",
};

let client;
before(async () => {
  client = await fixtureClient("terms", DOCS, FILES);
});

test("a renamed term's dispatches are found by its title and by their own spelling", async () => {
  for (const q of ["zanzibarite", "varga", "lena varga"]) {
    const match = await client.index.match(q);
    assert.deepEqual(await client.idOf(match.docs), ["t-1"], q);
  }
});

test("a search result shows the term by its title", async () => {
  const [record] = await client.index.records([(await client.index.match("varga")).docs[0]]);
  assert.ok(JSON.stringify(record).includes("Port Director Zanzibarite"), JSON.stringify(record));
});
