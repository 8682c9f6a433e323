// The default theme on a narrow phone and on paper: long names reflow
// instead of widening the page, and a page printed from a dark-scheme
// browser is dark on white, its headings kept with what follows them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleSite, openPage } from "./harness.mjs";

let server, browser;
exampleSite((site) => ({ server, browser } = site));

const LONG = "Rindfleischetikettierungsueberwachungsaufgabenuebertragungsgesetz";
const phone = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };

/** Puts the long word in every element of `selector` (the first link
 * of each), then says how far the page scrolls sideways. */
async function widenedBy(page, selectors) {
  return page.evaluate(
    ([word, selectors]) => {
      for (const s of selectors) {
        const found = document.querySelectorAll(s);
        if (!found.length) throw new Error(`nothing matches ${s}`);
        found.forEach((el) => (el.textContent = `${word} ${el.textContent}`));
      }
      const root = document.scrollingElement;
      return root.scrollWidth - root.clientWidth;
    },
    [LONG, selectors],
  );
}

test("on a phone a long word in a term, the term cloud or the next dispatch's title does not widen the page", async () => {
  const page = await openPage(browser, server.base, phone);
  await page.goto(server.base + "/special-dispatch/8602/");
  assert.equal(await widenedBy(page, [".terms li a", ".series-nav a"]), 0);
  await page.goto(server.base + "/");
  assert.equal(await widenedBy(page, [".term-cloud li a"]), 0);
  assert.deepEqual(page.problems, []);
});

test("on a phone the box to search within a list takes 16px type, which no phone zooms into", async () => {
  const page = await openPage(browser, server.base, phone);
  await page.goto(server.base + "/special-dispatch/");
  const size = await page.locator(".search-within input[type=search]").evaluate((el) => getComputedStyle(el).fontSize);
  assert.ok(parseFloat(size) >= 16, size);
});

/** The WCAG contrast ratio of two `rgb(...)` colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("printed from a dark-scheme browser a dispatch is dark on white, headings stay with their text, references show their address", async () => {
  const page = await openPage(browser, server.base);
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  await page.goto(server.base + "/special-dispatch/8605/");
  const colors = await page.evaluate(() =>
    [".summary", ".dispatch-meta", ".citation", "h2"].map((s) => {
      const style = getComputedStyle(document.querySelector(s));
      const bg = style.backgroundColor === "rgba(0, 0, 0, 0)" ? "rgb(255, 255, 255)" : style.backgroundColor;
      return [s, style.color, bg];
    }),
  );
  for (const [s, fg, bg] of colors) {
    assert.ok(contrast(fg, bg) >= 4.5, `${s}: ${fg} on ${bg}`);
    assert.ok(contrast(bg, "rgb(255, 255, 255)") < 1.2, `${s} prints on a light ground: ${bg}`);
  }
  const h2 = await page.locator(".dispatch-body h2").first().evaluate((el) => getComputedStyle(el).breakAfter);
  assert.equal(h2, "avoid");
  const after = await page
    .locator(".dispatch-body a.xref")
    .first()
    .evaluate((el) => [getComputedStyle(el, "::after").content, el.getAttribute("href")]);
  assert.equal(after[0], `" (${after[1]})"`);
});
