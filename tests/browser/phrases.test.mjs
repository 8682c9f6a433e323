// Quoted phrases against the blocks of a dispatch, end to end and without
// a browser: the real binary builds a fixture whose words meet across a
// paragraph break, a heading and a note, and the client's own modules,
// run in Node over the built index, must not find a phrase there.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { fixtureClient } from "./harness.mjs";

const BODY = `The harbour master[^1] resigned on Friday.

## Silent Harbour

Ships arrived late, and the quay closed.[^2]

- Tugs waited
- Pilots slept

[^1]: Named in the gazette.
[^2]: Coastal Gazette, 2022.
`;

/** `plain` (a client's fetch) as a host that honours Range requests
 * answers them, as static hosts and `annals serve` do; `seen` learns of
 * each part sent. */
function rangedFetch(plain, seen = () => {}) {
  return async (url, init) => {
    const res = await plain(url, init);
    const range = init && init.headers && init.headers.Range;
    if (!range) return res;
    const [a, b] = range.slice("bytes=".length).split("-").map(Number);
    const all = new Uint8Array(await res.arrayBuffer());
    seen({ url, bytes: b - a + 1, of: all.length });
    return { ok: true, status: 206, arrayBuffer: async () => all.slice(a, b + 1).buffer };
  };
}

let client;
const ids = async (query) => client.idOf((await client.index.match(query)).docs);

before(async () => {
  client = await fixtureClient("phrases", [
    ["Quay", BODY],
    // A summary wrapped in its front matter, and a caption with a line
    // break in its argument: each is one block on the page.
    ["Curfew", '{{ figure(image="/map.svg", alt="Map", caption="A caption with\\nescaped newline here") }}',
      "summary: |\n  The quartermaster general\n  announced a curfew.\n"],
    // Persian words joined by a zero-width non-joiner, which readers
    // type as a space.
    ["Ships", "کشتی‌های خرزانی به بندر رسیدند. نمی‌توان گفت‌وگو را اصلی‌ترین راه دانست.", "language: fa\n"],
    // The same words written with spaces, as some writers do.
    ["Spaced", "این را نمی توان پذیرفت. گفت و گو ادامه دارد.", "language: fa\n"],
    // Both words of a joinable pair, apart and not side by side.
    ["Apart", "نمی دانم. این توان ماست.", "language: fa\n"],
  ], { "static/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>" });
});

test("a phrase within a block is found, across a note's marker too", async () => {
  for (const q of ['"harbour master resigned"', '"silent harbour"', '"ships arrived late"', '"coastal gazette"', '"tugs waited"']) {
    assert.deepEqual(await ids(q), ["t-1"], q);
  }
});

test("a summary's wrapped lines and a caption's line break are no block ends", async () => {
  assert.deepEqual(await ids('"general announced"'), ["t-2"]);
  assert.deepEqual(await ids('"caption with escaped newline"'), ["t-2"]);
});

test("a phrase does not run across a paragraph, a heading, a list item or into a note", async () => {
  for (const q of ['"friday silent"', '"harbour ships"', '"closed tugs"', '"waited pilots"', '"slept named"', '"gazette coastal"']) {
    assert.deepEqual(await ids(q), [], q);
    // The words are still found apart.
    assert.deepEqual(await ids(q.replaceAll('"', "")), ["t-1"], q);
  }
});

test("a Persian phrase typed with spaces is found written joined, and written as typed", async () => {
  for (const q of ['"کشتی های خرزانی"', '"نمی توان گفت و گو"', '"گفت وگو را"', '"اصلی ترین راه"', '"کشتی‌های خرزانی"']) {
    assert.deepEqual(await ids(q), ["t-3"], q);
  }
  for (const q of ['"نمی توان"', '"گفت و گو"']) {
    assert.deepEqual((await ids(q)).sort(), ["t-3", "t-4"], q);
  }
  // Its words apart and elsewhere are no match, though it is one word joined.
  assert.deepEqual(await ids('"توان نمی"'), []);
  assert.deepEqual(await ids('"نمی ادامه"'), []);
  // A result page marks the phrase written joined.
  const text = "نمی‌توان گفت‌وگو را";
  const match = client.results.matchFromParams(new URLSearchParams({ highlight: '"نمی توان"' }));
  assert.deepEqual(client.results.findHits(text, match).map(([a, b]) => text.slice(a, b)), ["نمی‌توان"]);
  assert.deepEqual(await ids('"نمی توان"').then((r) => r.includes("t-5")), false);
  // The words must still be in that order.
  assert.deepEqual(await ids('"خرزانی کشتی های"'), []);
});

test("a phrase checked only in part is said to be, and checked in full on asking", async () => {
  const filler = "the ".repeat(300);
  const site = await fixtureClient("partial", [
    ["Whole", "The zephyr harbour the whole way."],
    ["Apart", `A zephyr harbour wall stood. ${filler}`],
    ["Other", `Zephyr harbour gates. ${filler}`],
  ]);
  const match = (q, exact) => site.index.match(q, { exact });
  const bytes = async (q) => {
    site.index.options.phraseCap = 0;
    const res = await match(q);
    return res.unchecked.reduce((a, u) => a + u.bytes, 0);
  };
  // Each word's positions, from what pairs of them would download.
  const [zh, zt, ht] = [await bytes('"zephyr harbour"'), await bytes('"zephyr the"'), await bytes('"harbour the"')];
  const the = (zt + ht - zh) / 2;
  assert.ok(the > zh, `${the} > ${zh}`);
  // The two rarer words fit; "the" does not: the phrase is narrowed by
  // them, and said not to be checked as a whole.
  site.index.options.phraseCap = zh;
  const part = await match('"zephyr harbour the"');
  assert.deepEqual(part.unchecked.map((u) => u.phrase), ["zephyr harbour the"]);
  assert.deepEqual((await site.idOf(part.docs)).sort(), ["t-1", "t-2", "t-3"]);
  const whole = await match('"zephyr harbour the"', true);
  assert.deepEqual(whole.unchecked, []);
  assert.deepEqual(await site.idOf(whole.docs), ["t-1"]);
  // All of it fits: checked whole, nothing said.
  site.index.options.phraseCap = undefined;
  const fits = await match('"zephyr harbour the"');
  assert.deepEqual(fits.unchecked, []);
  assert.deepEqual(await site.idOf(fits.docs), ["t-1"]);
});

test("unquoted words side by side in the order typed rank above the same words apart", async () => {
  const filler = "Officials gave no further detail on the timetable, the costs or the staffing of the review. ".repeat(3);
  const site = await fixtureClient("adjacent", [
    ["Scattered", "The velmora paint dried. The tide rose at dusk. A compact on wages was signed."],
    ["Named", `Envoys said the Velmora Tide Compact would be reviewed in spring. ${filler}`],
    ["Scattered again", "A velmora flag, a tide chart and a compact mirror were found."],
  ]);
  const ranked = async (q) => {
    const res = await site.index.match(q);
    const docs = Array.from(res.docs).sort((a, b) => res.scores[b] - res.scores[a]);
    return site.idOf(docs);
  };
  assert.deepEqual((await ranked("velmora tide compact"))[0], "t-2");
  assert.deepEqual((await ranked("Velmora Tide Compact "))[0], "t-2");
  // In another order the words are not the name: no doc is ranked up.
  const apart = await ranked("compact velmora tide");
  assert.notEqual(apart[0], "t-2");
  assert.equal(apart.length, 3);
});

test("the side-by-side check downloads only its words' positions, by Range requests", async () => {
  const site = await fixtureClient("ranges", [
    ["Named", "Envoys said the Velmora Tide Compact would be reviewed."],
    ["Apart", "The velmora paint dried. The tide rose. A compact was signed."],
    ["Persian", `کاوه داروند امروز سخن گفت. ${"بندر بسته شد و کشتی‌ها در انتظار ماندند. ".repeat(6)}`, "language: fa\n"],
    ["Persian apart", "داروند گفت که کاوه نیامد.", "language: fa\n"],
  ]);
  const store = site.index.store;
  const plain = store.fetchFn;
  const parts = [];
  store.fetchFn = rangedFetch(plain, (part) => parts.push(part));
  const top = async (q) => {
    const res = await site.index.match(q);
    const docs = Array.from(res.docs).sort((x, y) => res.scores[y] - res.scores[x]);
    return (await site.idOf(docs))[0];
  };
  assert.equal(await top("velmora tide compact"), "t-1");
  assert.ok(parts.length >= 2 && parts.every((p) => /\/x\/\d+\.bin$/.test(p.url) && p.bytes < p.of), JSON.stringify(parts));
  // Persian words are checked too, when the archive has them apart only.
  assert.equal(await top("کاوه داروند"), "t-3");
});

test("a host that ignores Range requests is asked for each positions file once", async () => {
  const site = await fixtureClient("no-ranges", [
    ["Named", "Envoys said the Velmora Tide Compact would be reviewed."],
    ["Apart", "The velmora paint dried. The tide rose. A compact was signed."],
  ]);
  const store = site.index.store;
  const plain = store.fetchFn;
  const asked = [];
  store.fetchFn = async (url, init) => {
    if (/\/x\//.test(url)) asked.push(url);
    return plain(url, init);
  };
  const res = await site.index.match("velmora tide compact");
  assert.equal(res.docs.length, 2);
  assert.equal(asked.length, new Set(asked).size, JSON.stringify(asked));
});

test("a positions part gone with a deploy tells the page that the index was replaced", async () => {
  const site = await fixtureClient("gone", [
    ["Named", "Envoys said the Velmora Tide Compact would be reviewed."],
    ["Apart", "The velmora paint dried. The tide rose. A compact was signed."],
  ]);
  const store = site.index.store;
  const plain = rangedFetch(store.fetchFn);
  let deployed = false;
  store.fetchFn = async (url, init) => {
    if (deployed && /\/x\//.test(url)) return { ok: false };
    const res = await plain(url, init);
    if (!deployed || !url.endsWith("meta.json")) return res;
    // The new deploy's meta.json names another folder.
    const meta = JSON.parse(new TextDecoder().decode(await res.arrayBuffer()));
    meta.files = meta.files.replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0"));
    return { ok: true, arrayBuffer: async () => new TextEncoder().encode(JSON.stringify(meta)).buffer };
  };
  await site.index.match("velmora tide");
  deployed = true;
  await assert.rejects(site.index.match("velmora tide compact"), (e) => e.indexReplaced === true);
});
