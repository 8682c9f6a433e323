// The query's operators: words and phrases left out with a minus (`iran
// -nuclear`, `-"blue accord"`) and either of two words (`qassem OR
// qasem`): the client's own modules over a fixture built by the real
// binary, then the search page in Chromium.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { fixtureClient, fixtureSite, launch, openPage, search, serve } from "./harness.mjs";

let client;
const ids = async (query) => {
  const res = await client.index.match(query);
  return (await client.idOf(res.docs)).concat((await client.idOf(res.pinned)).map((id) => "pinned " + id));
};

before(async () => {
  client = await fixtureClient("exclude", [
    ["Harbour inspections resumed", "Inspectors returned to the harbour after the nuclear scare."],
    ["Harbour strike", "Dockworkers signed the blue accord at the harbour."],
    ["Harbour colours", "The accord was reached; the sky was blue over the harbour."],
    ["Market prices", "Grain rose again; the al-Qaeda statement moved nothing."],
    ["Rally", "Naim Qassem addressed the rally."],
    ["Quay speech", "Naim Qasem spoke at the harbour."],
    // Persian, with a plural suffix joined by a zero-width non-joiner.
    ["Ships", "کشتی\u200cها به بندر رسیدند.", "language: fa\n"],
    ["Port", "بندر بسته است.", "language: fa\n"],
  ]);
});

test("a word after a minus leaves out the dispatches that have it, in any of its forms", async () => {
  assert.deepEqual(await ids("harbour"), ["t-1", "t-2", "t-3", "t-6"]);
  assert.deepEqual(await ids("harbour -nuclear"), ["t-2", "t-3", "t-6"]);
  // A minus sign (U+2212) as a word processor writes it, too.
  assert.deepEqual(await ids("harbour \u2212nuclear -qasem"), ["t-2", "t-3"]);
  // `inspections` and `inspectors` are other forms of what is left out.
  assert.deepEqual(await ids("harbour -inspection -naim"), ["t-2", "t-3"]);
  assert.deepEqual(await ids("-NUCLEAR harbour -dockworkers -naim"), ["t-3"]);
  // A word the archive does not have leaves nothing out.
  assert.deepEqual(await ids("harbour -zeppelin"), ["t-1", "t-2", "t-3", "t-6"]);
});

test("a phrase after a minus leaves out only the dispatches with the phrase", async () => {
  assert.deepEqual(await ids('harbour -"blue accord"'), ["t-1", "t-3", "t-6"]);
  assert.deepEqual(await ids('harbour -«blue accord» -naim'), ["t-1", "t-3"]);
  // The words apart (t-3) are not the phrase.
  assert.deepEqual(await ids('"blue accord" -"sky was"'), ["t-2"]);
});

test("a hyphen within a word is the word's, and a minus in a phrase is no exclusion", async () => {
  assert.deepEqual(await ids("al-qaeda"), ["t-4"]);
  assert.deepEqual(await ids("grain -al-qaeda"), []);
  assert.deepEqual(await ids('"harbour -nuclear"'), [], "a phrase of two words, not one left out");
  // An id keeps its hyphen; one left out is not put first.
  assert.ok((await ids("t-2")).includes("pinned t-2"));
  assert.deepEqual(await ids("harbour -t-2"), ["t-1", "t-3", "t-6"]);
});

test("only words left out lists every other dispatch, newest first, and marks nothing", async () => {
  const res = await client.index.match("-harbour");
  assert.deepEqual(await client.idOf(res.docs), ["t-4", "t-5", "t-7", "t-8"]);
  assert.equal(res.scores, null, "no words to rank by");
  assert.deepEqual(res.words, []);
  const parsed = (await client.index.match("harbour -nuclear"));
  assert.deepEqual(parsed.words, ["harbour"], "the words to mark are the words searched");
});

test("a word to leave out that the archive lacks leaves nothing out, not even the word that begins it, and is said", async () => {
  // `nuclearity` is searched as `nuclear`, the word that begins it ...
  assert.deepEqual(await ids("nuclearity"), ["t-1"]);
  // ... but left out, it is no word of the archive.
  const res = await client.index.match("harbour -nuclearity -darvnd");
  assert.deepEqual(await client.idOf(res.docs), ["t-1", "t-2", "t-3", "t-6"]);
  assert.deepEqual(res.notLeftOut.map((n) => n.words), ["nuclearity", "darvnd"]);
  assert.match(client.status.leftOutNote(client.status.TEXT, res), /^ Nothing was left out for “\u2068nuclearity\u2069”, “\u2068darvnd\u2069”: no dispatch has it\.$/);
  assert.equal(client.status.leftOutNote(client.status.TEXT, await client.index.match("harbour -nuclear")), "");
});

test("full-width minus signs and quotes, as East Asian input methods type them, and an en dash are a minus", async () => {
  assert.deepEqual(await ids("harbour \uFF0Dnuclear -naim"), ["t-2", "t-3"]);
  assert.deepEqual(await ids("harbour -\uFF02blue accord\uFF02 -naim"), ["t-1", "t-3"]);
  assert.deepEqual(await ids("harbour \u2013nuclear -naim"), ["t-2", "t-3"]);
  // Not with a space after it, nor glued to a closing quote.
  assert.deepEqual(await ids("naim - qasem"), ["t-6"]);
  assert.deepEqual(await ids('"naim qasem"-harbour'), ["t-6"]);
});

test("a Persian word or phrase left out is left out however its suffix is written", async () => {
  assert.deepEqual(await ids("بندر"), ["t-7", "t-8"]);
  assert.deepEqual(await ids('بندر -"کشتی ها"'), ["t-8"]);
  assert.deepEqual(await ids("بندر -کشتی ها"), ["t-8"]);
  assert.deepEqual(await ids("بندر -کشتی\u200cها"), ["t-8"]);
});

test("when the minus leaves nothing, the page says so rather than to check the spelling", async () => {
  const res = await client.index.match("harbour -harbour");
  assert.equal(res.allLeftOut, true);
  assert.match(client.status.noneNote(client.status.TEXT, "harbour -harbour", res, false), /left out with a minus/);
  const only = await client.index.match("-naim -harbour -grain -کشتی -بندر");
  assert.deepEqual(Array.from(only.docs), []);
  assert.match(client.status.noneNote(client.status.TEXT, "-naim", only, false), /left out with a minus/);
  // A word no dispatch has is still told to be checked.
  const typo = await client.index.match("harbr -naim");
  assert.notEqual(typo.allLeftOut, true);
  assert.doesNotMatch(client.status.noneNote(client.status.TEXT, "harbr -naim", typo, false), /minus/);
});

test("OR between two words takes either, in any of their forms, ranked by the one a dispatch has", async () => {
  assert.deepEqual(await ids("qassem OR qasem"), ["t-5", "t-6"]);
  assert.deepEqual(await ids("naim qassem OR qasem harbour"), ["t-6"]);
  assert.deepEqual(await ids("qassem OR qasem OR kassem -rally"), ["t-6"]);
  assert.deepEqual(await ids("inspection OR dockworker"), ["t-1", "t-2"]);
  // One word the archive lacks: the other is enough; both lacking, none.
  assert.deepEqual(await ids("qassem OR zeppelin"), ["t-5"]);
  assert.deepEqual(await ids("zeppelin OR dirigible"), []);
  // In lower case, `or` is a word like any other; a last OR waits for
  // the next word.
  assert.deepEqual(await ids("qassem or qasem"), []);
  assert.deepEqual(await ids("qassem OR"), ["t-5"]);
  const res = await client.index.match("qassem OR qasem");
  assert.deepEqual(res.any, [["qassem", "qasem"]]);
  assert.ok(res.scores[res.docs[0]] > 0 && res.scores[res.docs[1]] > 0);
  // Not a word of an id or a phrase: `"naim OR qasem"` is a phrase of three words.
  assert.deepEqual(await ids('"naim OR qasem"'), []);
});

test("the search page takes a minus, says how, and sorts a query of words left out by date", async () => {
  const browser = await launch();
  const root = fixtureSite("exclude-page", {
    "1.md": "---\ntitle: Harbour inspections\nseries: s\nnumber: 1\ndate: 2020-01-01\n---\n\nThe nuclear scare closed the harbour.\n",
    "2.md": "---\ntitle: Harbour strike\nseries: s\nnumber: 2\ndate: 2020-01-02\n---\n\nDockworkers struck at the harbour.\n",
    "3.md": "---\ntitle: Grain prices\nseries: s\nnumber: 3\ndate: 2020-01-03\n---\n\nGrain rose again.\n",
  });
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    const results = await search(page, site.base, "harbour -nuclear");
    assert.deepEqual(results.map((r) => r.href), ["/s/2/"]);
    assert.match(await page.locator("#search-hint").textContent(), /a minus before a word or phrase to leave out/);
    // Only the word searched is marked, and carried to the page.
    assert.deepEqual(await page.locator("li.search-result mark").allTextContents(), ["Harbour", "harbour"]);
    assert.doesNotMatch(results[0].link, /nuclear/);
    assert.equal(await page.locator("#search-sort option[value=relevance]").isDisabled(), false);
    // Nothing but a word left out: newest first, no relevance to offer.
    const rest = await search(page, site.base, "-harbour");
    assert.deepEqual(rest.map((r) => r.href), ["/s/3/"]);
    assert.equal(await page.locator("#search-sort option[value=relevance]").isDisabled(), true);
    const all = await search(page, site.base, "-zeppelin");
    assert.deepEqual(all.map((r) => r.href), ["/s/3/", "/s/2/", "/s/1/"]);
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
    await browser.close();
  }
});


test("the search page marks whichever word of an OR a result has, and says no word is missing", async () => {
  const browser = await launch();
  const root = fixtureSite("or-page", {
    "1.md": "---\ntitle: Rally speech\nseries: s\nnumber: 1\ndate: 2020-01-01\n---\n\nNaim Qassem addressed the rally.\n",
    "2.md": "---\ntitle: Quay speech\nseries: s\nnumber: 2\ndate: 2020-01-02\n---\n\nNaim Qasem spoke at the quay.\n",
  });
  const site = await serve(root);
  try {
    const page = await openPage(browser, site.base);
    const results = await search(page, site.base, "qassem OR qasem");
    assert.deepEqual(results.map((r) => r.href).sort(), ["/s/1/", "/s/2/"]);
    assert.deepEqual((await page.locator("li.search-result mark").allTextContents()).sort(), ["Qasem", "Qassem"]);
    assert.equal(await page.locator(".search-result-further").count(), 0, "the other spelling is not missing");
    // The page a result opens marks its own spelling.
    await page.goto(site.base + results.find((r) => r.href === "/s/2/").link);
    await page.locator(".search-hits").waitFor({ timeout: 10000 });
    assert.deepEqual(await page.locator("main mark.search-hit").allTextContents(), ["Qasem"]);
    assert.deepEqual(page.problems, []);
  } finally {
    site.stop();
    await browser.close();
  }
});
