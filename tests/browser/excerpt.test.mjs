// Result excerpts, in Node without a browser: the client's own module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repo, scratchDir } from "./harness.mjs";

// The module as served, in a folder that Node reads as ES modules.
const dir = scratchDir("annals-excerpt-");
writeFileSync(join(dir, "package.json"), '{"type": "module"}');
for (const f of ["search-results.js", "search-text.js"]) {
  copyFileSync(join(repo, "themes/default/static", f), join(dir, f));
}
const { blocks, excerpt } = await import(pathToFileURL(join(dir, "search-results.js")).href);

test("a heading does not run into the paragraph after it", () => {
  assert.equal(blocks("Introduction\nThe Gulf of Ormel.\nIt is narrow.\n"),
    "Introduction · The Gulf of Ormel. It is narrow.");
  assert.equal(blocks("\n\nOne line\n"), "One line");
  const text = excerpt({ summary: "A short summary.", text: "The Video\nOn March 4, it aired.\n" }, null)
    .map((p) => p.text).join("");
  assert.equal(text, "A short summary. The Video · On March 4, it aired.");
});

test("an excerpt shows its word when no space comes near before it", () => {
  const match = { words: ["okonkwo"], free: ["okonkwo"], phrases: [], forms: {} };
  const text = "Archived at https://archive.example.net/" + "x".repeat(330) + "/okonkwo-statement.html on May 2.";
  const pieces = excerpt({ text }, match);
  assert.deepEqual(pieces.filter((p) => p.mark).map((p) => p.text), ["okonkwo"]);
  assert.equal(pieces[0].text, "… ");
  // And a long word it windows on is whole, not cut at the window's end.
  const long = "Opening words. " + "y".repeat(100) + " " + "z".repeat(90) + "okonkwo" + "w".repeat(300);
  const hit = long.indexOf("z");
  const around = excerpt({ text: long }, match, 120, [hit, hit + 397]);
  assert.ok(around.map((p) => p.text).join("").includes("z".repeat(90) + "okonkwo" + "w".repeat(300)));
});

test("an excerpt cut inside a word keeps a letter's marks with it, and takes a space just after", () => {
  const match = { words: ["ครับ"], free: ["ครับ"], phrases: [], forms: {} };
  // Thai written without spaces: the cut must not leave a vowel sign first.
  const text = "สวัสดี".repeat(60) + "ครับ";
  const hit = text.lastIndexOf("ครับ");
  // The window would start a quarter of its width before the word, on
  // the vowel sign of "สวัสดี".
  assert.equal(text.charAt(hit - 28), "\u0E31");
  const first = excerpt({ text }, match, 112, [hit, hit + 4]);
  const shown = first.map((p) => p.text).join("");
  assert.ok(!/^… [\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/.test(shown), shown);
  // A space a little after the cut is where the window starts.
  const spaced = "x".repeat(200) + " lead in words okonkwo and more.";
  const at = spaced.indexOf("okonkwo");
  const out = excerpt({ text: spaced }, { words: ["okonkwo"], free: ["okonkwo"], phrases: [], forms: {} }, 120, [at, at + 7]);
  assert.equal(out[1].text.slice(0, 4), "lead");
});
