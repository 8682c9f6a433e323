// Result excerpts, in Node without a browser: the client's own module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repo } from "./harness.mjs";

// The module as served, in a folder that Node reads as ES modules.
const dir = mkdtempSync(join(tmpdir(), "annals-excerpt-"));
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
