// The default theme in a real browser: footnote previews, RTL layout,
// quoted posts, accessibility, no console errors, phone and desktop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { artifacts, exampleSite, openPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let server, browser;
exampleSite((site) => ({ server, browser } = site));

test("footnote preview appears on hover and on keyboard focus", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8602/");
  const ref = page.locator(".footnote-ref a").first();
  const note = await page.evaluate(() => {
    const copy = document.querySelector("#fn-1").cloneNode(true);
    copy.querySelectorAll(".footnote-backref").forEach((b) => b.remove());
    return copy.textContent.trim();
  });
  await ref.hover();
  const preview = page.locator(".fn-preview");
  await preview.waitFor({ state: "visible", timeout: 5000 });
  assert.equal((await preview.textContent()).trim(), note);
  await page.mouse.move(0, 0);
  await preview.waitFor({ state: "detached", timeout: 5000 });
  // Keyboard: focus the reference, the note shows; Escape hides it.
  await ref.focus();
  await preview.waitFor({ state: "visible", timeout: 5000 });
  assert.equal(await ref.getAttribute("aria-describedby"), "fn-preview");
  await page.keyboard.press("Escape");
  await preview.waitFor({ state: "detached", timeout: 5000 });
  // Without the preview the link still jumps to the note.
  assert.equal(await ref.getAttribute("href"), "#fn-1");
  assert.deepEqual(page.problems, []);
});

test("a footnote preview can be reached with the pointer, and selected", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 1000, height: 700 } });
  await page.goto(server.base + "/special-dispatch/8602/");
  const ref = page.locator(".footnote-ref a").first();
  const preview = page.locator(".fn-preview");
  await ref.hover();
  await preview.waitFor({ state: "visible", timeout: 5000 });
  // Across the gap between the number and the preview, and onto it.
  const from = await ref.boundingBox();
  const to = await preview.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.move(to.x + 10, to.y + to.height / 2, { steps: 8 });
  await page.waitForTimeout(600);
  assert.ok(await preview.isVisible(), "the preview stays while the pointer is over it");
  // Its text can be selected by dragging across it.
  await page.mouse.down();
  await page.mouse.move(to.x + to.width - 10, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
  assert.ok((await page.evaluate(() => String(getSelection()))).length > 3, "text selected in the preview");
  assert.ok(await preview.isVisible());
  // Escape dismisses it without moving the pointer.
  await page.keyboard.press("Escape");
  await preview.waitFor({ state: "detached", timeout: 5000 });
  assert.deepEqual(page.problems, []);
});

test("a footnote preview opens above a number near the bottom of the window, inside it", async () => {
  for (const width of [1000, 360]) {
    const page = await openPage(browser, server.base, { viewport: { width, height: 600 } });
    await page.goto(server.base + "/special-dispatch/8602/");
    const ref = page.locator(".footnote-ref a").last();
    // The number on the window's last lines.
    await ref.evaluate((a) => window.scrollBy(0, a.getBoundingClientRect().bottom - innerHeight + 12));
    await ref.hover();
    const preview = page.locator(".fn-preview");
    await preview.waitFor({ state: "visible", timeout: 5000 });
    const box = await preview.evaluate((p) => p.getBoundingClientRect().toJSON());
    const at = await ref.evaluate((a) => a.getBoundingClientRect().toJSON());
    const view = await page.evaluate(() => ({ w: document.documentElement.clientWidth, h: innerHeight }));
    assert.ok(box.bottom <= at.top, `${width}: above the number: ${JSON.stringify([box, at])}`);
    assert.ok(box.top >= 0 && box.bottom <= view.h, `${width}: inside the window vertically: ${JSON.stringify(box)}`);
    assert.ok(box.left >= 0 && box.right <= view.w, `${width}: inside the window across: ${JSON.stringify(box)}`);
    assert.deepEqual(page.problems, []);
  }
});

test("back from a note, the reference is in view below the window's top, with no preview over the text", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 1280, height: 800 } });
  await page.goto(server.base + "/special-dispatch/8605/#fn-2");
  // Note 2 is cited twice: its second back link returns to the second place.
  await page.locator("#fn-2 .footnote-backref").nth(1).click();
  await page.waitForFunction(() => location.hash === "#fnref-2-2");
  await page.waitForTimeout(400);
  const at = await page.evaluate(() => ({
    focused: document.activeElement.id,
    top: document.getElementById("fnref-2-2").getBoundingClientRect().top,
    height: innerHeight,
    previews: document.querySelectorAll(".fn-preview").length,
  }));
  assert.equal(at.focused, "fnref-2-2", "the browser puts the keyboard back on the reference");
  assert.equal(at.previews, 0, JSON.stringify(at));
  assert.ok(at.top > at.height * 0.2 && at.top < at.height * 0.5, `the lines before it show: ${JSON.stringify(at)}`);
  // Tab away and back onto it: asked for with the keyboard, the note shows.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  await page.locator(".fn-preview").waitFor({ state: "visible", timeout: 5000 });
  // Leaving for another note takes the preview away.
  await page.evaluate(() => { location.hash = "#fn-1"; });
  await page.locator(".fn-preview").waitFor({ state: "detached", timeout: 5000 });
  assert.deepEqual(page.problems, []);
});

test("on a phone a tap on a note's number jumps to the note and back, leaving no preview behind", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(server.base + "/special-dispatch/8605/");
  await page.locator(".footnote-ref a").first().tap();
  await page.waitForFunction(() => location.hash === "#fn-1");
  await page.waitForTimeout(400);
  assert.equal(await page.locator(".fn-preview").count(), 0, "no preview built by the tap");
  const note = await page.evaluate(() => document.getElementById("fn-1").getBoundingClientRect().top / innerHeight);
  assert.ok(note > 0.2, `the note lands below the top, with what comes before it: ${note}`);
  await page.locator("#fn-1 .footnote-backref").first().tap();
  await page.waitForFunction(() => location.hash === "#fnref-1");
  await page.waitForTimeout(400);
  assert.equal(await page.locator(".fn-preview").count(), 0, "no preview over the text read again");
  const ref = await page.evaluate(() => document.getElementById("fnref-1").getBoundingClientRect().top);
  assert.ok(ref > 740 * 0.2, `the reference is below the top: ${ref}`);
  assert.deepEqual(page.problems, []);
});

test("page numbers are targets of at least 24 by 24 pixels, at desktop and phone width", async () => {
  for (const [width, isMobile] of [[1280, false], [375, true]]) {
    const page = await openPage(browser, server.base, { viewport: { width, height: 800 }, isMobile, hasTouch: isMobile });
    for (const path of ["/archive/", "/archive/page/3/", "/regions/gulf-of-ormel/"]) {
      await page.goto(server.base + path);
      const sizes = await page.$$eval(".pagination a, .pagination [aria-current]", (els) => els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, width: r.width, height: r.height };
      }));
      assert.ok(sizes.length >= 3, `${path}: ${JSON.stringify(sizes)}`);
      for (const s of sizes) assert.ok(s.width >= 24 && s.height >= 24, `${width} ${path}: ${JSON.stringify(s)}`);
    }
  }
});

test("a long list of terms wraps beside its label, not below it", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 1280, height: 800 } });
  await page.goto(server.base + "/special-dispatch/8605/");
  const rows = await page.$$eval(".terms div", (divs) => divs.map((d) => {
    const dt = d.querySelector("dt").getBoundingClientRect();
    const dd = d.querySelector("dd").getBoundingClientRect();
    return { label: d.querySelector("dt").textContent, beside: Math.abs(dd.top - dt.top) < 2 && dd.left >= dt.right };
  }));
  assert.ok(rows.length >= 4, JSON.stringify(rows));
  for (const r of rows) assert.ok(r.beside, JSON.stringify(rows));
});

test("a right-to-left note's back links each keep their arrow by their letter", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  await page.goto(server.base + "/special-dispatch/8603/");
  // Note 2 is cited in several places: one link back to each, a, b, c...
  const links = await page.$$eval("#fn-2 .footnote-backref", (as) => as.map((a) => ({
    rects: a.getClientRects().length,
    arrow: a.querySelector(".footnote-arrow").getBoundingClientRect().toJSON(),
    letter: a.querySelector("sup").getBoundingClientRect().toJSON(),
    glyph: a.querySelector(".footnote-arrow").textContent,
    top: a.getBoundingClientRect().top,
    right: a.getBoundingClientRect().right,
  })));
  assert.ok(links.length >= 3, JSON.stringify(links));
  links.forEach((l, i) => {
    assert.equal(l.rects, 1, `link ${i} is one piece`);
    // Read right to left: the arrow first, the letter just after it.
    assert.ok(l.arrow.left >= l.letter.right - 1 && l.arrow.left - l.letter.right < 4, `link ${i}: ${JSON.stringify(l)}`);
    assert.equal(l.glyph, "↪", "the arrow points back, to the right");
    // And the links follow one another right to left, line by line.
    if (i > 0 && Math.abs(l.top - links[i - 1].top) < 2) assert.ok(l.right < links[i - 1].right);
  });
});

test("on a phone a wide table scrolls in its own box, which shows it and takes the keyboard", async () => {
  const page = await openPage(browser, server.base, { viewport: { width: 375, height: 800 } });
  await page.goto(server.base + "/inquiry-analysis/1492/");
  const box = page.locator(".table-scroll").first();
  const info = await box.evaluate((d) => ({
    wide: d.scrollWidth > d.clientWidth,
    attachment: getComputedStyle(d).backgroundAttachment,
    image: getComputedStyle(d).backgroundImage,
    role: d.getAttribute("role"),
    label: d.getAttribute("aria-label"),
    tabIndex: d.tabIndex,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
  assert.ok(info.wide, "the table is wider than the phone");
  assert.equal(info.page, 0, "the page itself does not scroll sideways");
  // The shadows: two covers that scroll with the table, two that stay.
  assert.equal(info.attachment, "local, local, scroll, scroll");
  assert.equal((info.image.match(/gradient/g) || []).length, 4);
  assert.equal(info.role, "region");
  // The heading of its section, or its number outside sections; never
  // both ("Table 1: Table 2: Losses").
  assert.match(info.label, /\S/);
  assert.doesNotMatch(info.label, /^Table \d+: /);
  assert.equal(info.tabIndex, 0);
  await box.focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector(".table-scroll").scrollLeft > 0, null, { timeout: 5000 });
});

test("a quoted post renders, with its own language and direction", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8602/");
  const arabic = page.locator("figure.post").filter({ has: page.locator('blockquote[lang="ar"]') }).first();
  const words = arabic.locator("blockquote.post-text");
  assert.equal(await words.getAttribute("dir"), "rtl");
  assert.equal(await words.evaluate((el) => getComputedStyle(el).direction), "rtl");
  assert.match(await arabic.locator(".post-name").innerText(), /\S/);
  assert.equal(await arabic.locator(".post-name").getAttribute("dir"), "auto");
  // The theme's own labels around it are the site's, not the post's, and
  // so is the author's name (written in Latin letters, not read as Arabic).
  for (const label of await arabic.locator(".post-name, .post-platform, .post-meta a").all()) {
    assert.equal(await label.evaluate((el) => el.closest("[lang]").getAttribute("lang")), "en");
  }
  assert.equal(await arabic.locator('a[href^="https://"]').count(), 2, "original and archived links");
  assert.equal(await page.locator("iframe, script[src^='http']").count(), 0, "no third-party embeds");
});

test("the citation can be copied", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8601/");
  await page.locator(".copy-citation").click();
  await page.locator(".copy-status").filter({ hasText: /Citation copied|Select the citation/ }).waitFor({ timeout: 5000 });
  assert.match(await page.locator("#citation-text").innerText(), /Special Dispatch No\. 8601/);
});

// The last one as opened from a search result: its matched words marked.
const marked = "/inquiry-analysis/1492/?highlight=shipping&highlight-form=shipping+ships";
const pages = ["/", "/special-dispatch/8602/", "/special-dispatch/8603/", "/inquiry-analysis/1490/", "/inquiry-analysis/1493/", "/people/kaveh-darvand/", "/people/", "/special-dispatch/", "/archive/", "/archive/2024/", "/pages/about/", "/search/", "/no-such-page/", marked];

async function visit(page, path) {
  await page.goto(server.base + path);
  if (path === marked) await page.locator(".search-hits").waitFor({ timeout: 10000 });
}

test("no console errors, no third-party requests, no accessibility violations above minor", async () => {
  const page = await openPage(browser, server.base);
  const failures = [];
  for (const path of pages) {
    await visit(page, path);
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      if (v.impact !== "minor") {
        failures.push(`${path}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
  }
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    // 1493 has code: its colours are read on the code's background.
    for (const path of ["/special-dispatch/8602/", "/inquiry-analysis/1493/", marked]) {
      await visit(page, path);
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["color-contrast"] }));
      for (const v of result.violations) failures.push(`${scheme} ${path}: ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(page.problems, []);
});

test("a skip link, landmarks and headings in order", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8602/");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  const outline = await page.evaluate(() => ({
    main: document.querySelectorAll("main").length,
    banner: document.querySelectorAll("header[role=banner]").length,
    levels: [...document.querySelectorAll("main h1, main h2, main h3")].map((h) => Number(h.tagName[1])),
  }));
  assert.equal(outline.main, 1);
  assert.equal(outline.banner, 1);
  assert.equal(outline.levels[0], 1);
  for (let i = 1; i < outline.levels.length; i++) assert.ok(outline.levels[i] - outline.levels[i - 1] <= 1, `heading jump: ${outline.levels}`);
});

test("screenshots at phone and desktop width", async () => {
  for (const [name, width] of [["phone", 360], ["desktop", 1280]]) {
    const page = await openPage(browser, server.base, { viewport: { width, height: 800 } });
    await page.goto(server.base + "/special-dispatch/8602/");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: join(artifacts, `dispatch-${name}.png`), fullPage: true });
  }
});

test("an old address's fragment goes along with its redirect", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/report/en/8601.htm#fn-2");
  await page.waitForURL(/\/special-dispatch\/8601\/#fn-2$/, { timeout: 10000 });
});

test("under a Content-Security-Policy that allows only the site's own scripts, a redirect keeps its fragment", async () => {
  const page = await openPage(browser, server.base);
  await page.route("**/report/en/8601.htm", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": "default-src 'self'" } });
  });
  const blocked = [];
  page.on("console", (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
  await page.goto(server.base + "/report/en/8601.htm#fn-2");
  await page.waitForURL(/\/special-dispatch\/8601\/#fn-2$/, { timeout: 10000 });
  assert.deepEqual(blocked, []);
});

test("without scripts there is no copy button that does nothing; the citation is text", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.base + "/special-dispatch/8601/");
  assert.ok(await page.locator(".copy-citation").isHidden());
  assert.match(await page.locator("#citation-text").innerText(), /Special Dispatch No\. 8601/);
  await context.close();
});

test("a note's preview scrolls inside the window; code scrolls by keyboard and wraps on paper", async () => {
  const page = await openPage(browser, server.base);
  await page.goto(server.base + "/special-dispatch/8602/");
  await page.locator(".footnote-ref a").first().hover();
  const preview = page.locator(".fn-preview");
  await preview.waitFor({ timeout: 5000 });
  const style = await preview.evaluate((el) => [getComputedStyle(el).maxHeight, getComputedStyle(el).overflowY]);
  assert.notEqual(style[0], "none");
  assert.equal(style[1], "auto");
  await page.goto(server.base + "/inquiry-analysis/1493/");
  const code = page.locator("pre.code").first();
  assert.equal(await code.evaluate((el) => el.tabIndex), 0);
  await page.emulateMedia({ media: "print" });
  assert.equal(await code.evaluate((el) => getComputedStyle(el).whiteSpace), "pre-wrap");
});
