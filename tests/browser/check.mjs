// Renders pages of built sites in Debian's Chromium (no browser download) and checks what only
// a browser can see:
//   - every page at 320, 390 and 1280 px: no sideways scrolling, no request to another host,
//     nothing blocked by the pages' Content-Security-Policy;
//   - axe-core's WCAG 2.1 A/AA rules in light and dark mode (desktop);
//   - layout defects of issue 16 (spacing, tooltips, CJK line breaks, rows, facts);
//   - the component list of issue 26: status labels never broken inside a word, product rows
//     48–56 px, eleven products within 1,600 px, features unfolded when one is not operational;
//   - bulletin.js: local times under another time zone, the page without JavaScript, and the
//     status poll noticing a rebuilt site (served over HTTP from 127.0.0.1);
//   - the chrome: the header's height on a phone, the Subscribe link with and without
//     JavaScript, the embed at its documented size in a host page;
//   - times and timelines (issue 26): one time style and zone line, status labels, stale notice;
//   - the incident's facts in one or two lines on phones (issue 26);
// and takes desktop and phone screenshots (the README's come from here too).
//
//   node tests/browser/check.mjs <screenshot-dir> <site-dir>...
// Environment: BULLETIN (the binary) and POLL_ROOT (a writable site folder) turn on the poll
// check; README_SHOTS (a folder) writes the README's screenshots of the first site (its front
// page; on a phone its active incident and the subscribe dialog).
//
// Exit 0 when every check passes; 1 otherwise (each failure printed); 2 on bad usage.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [shots, ...sites] = process.argv.slice(2);
if (!shots || sites.length === 0) {
  console.error("usage: node check.mjs <screenshot-dir> <site-dir>...");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

let failures = 0;
let passed = 0;
/** Records one check: a failure is printed with what was seen. */
function expect(ok, what, seen = "") {
  if (ok) passed++;
  else {
    failures++;
    console.error(`FAIL ${what}${seen === "" ? "" : `: ${typeof seen === "string" ? seen : JSON.stringify(seen)}`}`);
  }
}

/** The pages worth checking in a site: one of each kind. */
function pagesOf(site) {
  const first = (dir) => {
    const d = path.join(site, dir);
    const names = fs.existsSync(d) ? fs.readdirSync(d).filter((n) => fs.existsSync(path.join(d, n, "index.html"))).sort() : [];
    return names.length ? path.join(dir, names[names.length - 1], "index.html") : null;
  };
  const product = first("components");
  const feature = product ? first(path.dirname(product)) : null;
  return ["index.html", first("incidents"), product, feature, "history/index.html", first("history"), "404.html", "embed.html",
    "subscribe/index.html"]
    .filter((rel) => rel && fs.existsSync(path.join(site, rel)));
}

/** The site's "now": the front page's generation time, so live durations match the build. */
function siteNow(site) {
  const html = fs.readFileSync(path.join(site, "index.html"), "utf8");
  const m = /<time class="dt" data-built datetime="([^"]+)">/.exec(html);
  return m ? new Date(m[1]) : new Date();
}

/** The site's own zone, so pages read as the site's readers see them (times unchanged). */
function siteZone(site) {
  const summary = JSON.parse(fs.readFileSync(path.join(site, "api/v2/summary.json"), "utf8"));
  return summary.page.time_zone;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});

/** A page on `url` in a fresh context; `options` are Playwright context options. */
async function open(url, { width = 1280, height = 900, now, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, ...options });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => { if (!/^(file:|data:|http:\/\/127\.0\.0\.1)/.test(r.url())) requests.push(r.url()); });
  // What the pages' Content-Security-Policy (their <meta> tag) blocked: Chromium reports each.
  const blocked = [];
  page.on("console", (m) => { if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text()); });
  if (now) await page.clock.install({ time: now });
  await page.goto(url);
  return { page, context, requests, blocked };
}

/** Whether the text `needle` inside the page sits on one line (not broken between its characters). */
async function onOneLine(page, needle) {
  return page.evaluate((needle) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(needle);
      if (at < 0 || !n.parentElement.getClientRects().length) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + needle.length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      found.push(tops.size);
    }
    return found;
  }, needle);
}

/** Layout defects of issue 16 on one page at one width. */
async function layoutChecks(page, where, rel, width) {
  const box = (sel) => page.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
  }, sel);
  const header = await box(".site-header");
  const first = await box("main > :first-child");
  if (header && first) expect(first.top - header.bottom >= 16, `${where}: space between header and page`, first.top - header.bottom);
  const footer = await box(".site-footer");
  const last = await box("main > :last-child");
  if (footer && last) expect(footer.top - last.bottom >= 16, `${where}: space between page and footer`, footer.top - last.bottom);
  if (rel === "index.html" && width < 500) {
    // Today's bar is the last: its details (the script's day card) must open inside the screen.
    const bar = page.locator(".bars").first().locator("li").last();
    if (await bar.count()) {
      await bar.hover();
      const details = (await page.locator(".day-card").count()) ? page.locator(".day-card").first() : bar.locator(".tip");
      const tip = await details.evaluate((t) => { const r = t.getBoundingClientRect(); return [r.left, r.right]; });
      expect(tip[0] >= 0 && tip[1] <= width, `${where}: today's uptime tooltip inside the screen`, tip);
    }
    // Each feature: its name and its status on one line.
    const rows = await page.$$eval(".features li", (lis) => lis.map((li) => {
      const a = li.querySelector("a").getBoundingClientRect();
      const s = li.querySelector(".status").getBoundingClientRect();
      return [li.textContent.trim().replace(/\s+/g, " "), Math.abs(a.top - s.top)];
    }));
    const broken = rows.filter(([, dy]) => dy > 8).map(([t]) => t);
    expect(broken.length === 0, `${where}: feature rows on one line`, broken.slice(0, 3));
  }
  if (rel.startsWith("incidents/")) {
    const facts = await page.$$eval(".facts dt", (dts) => dts.map((d) => Math.round(d.getBoundingClientRect().top)));
    if (width >= 1000) expect(new Set(facts).size === 1, `${where}: incident facts in one row`, facts);
    const dl = await box(".facts");
    const most = width < 380 ? 260 : 200;
    if (width < 500 && dl) expect(dl.height <= most, `${where}: incident facts compact on phones`, Math.round(dl.height));
    const cites = await page.$$eval("cite", (cs) => cs.map((c) => getComputedStyle(c).fontStyle));
    expect(cites.every((s) => s === "normal"), `${where}: statement authors not in (fake) italic`, cites);
  }
  for (const word of ["严重影响", "较大影响", "轻微影响"]) {
    const lines = await onOneLine(page, word);
    expect(lines.every((n) => n <= 1), `${where}: "${word}" not broken across lines`, lines);
  }
}

/** Every page of every site, at every width. */
for (const site of sites) {
  const name = path.basename(site);
  const now = siteNow(site);
  const timezoneId = siteZone(site);
  for (const rel of pagesOf(site)) {
    const url = "file://" + path.resolve(site, rel);
    for (const [label, width] of [["narrow", 320], ["phone", 390], ["desktop", 1280]]) {
      const where = `${name}/${rel} at ${width}px`;
      const { page, context, requests, blocked } = await open(url, { width, height: width < 500 ? 844 : 900, now, timezoneId });
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      expect(scroll <= inner, `${where}: no sideways scrolling`, `${scroll} px wide`);
      expect(requests.length === 0, `${where}: no request to another host`, requests.join(", "));
      expect(blocked.length === 0, `${where}: nothing blocked by the Content-Security-Policy`, blocked.join(" | "));
      if (label !== "narrow") {
        const file = path.join(shots, `${name}-${rel.replaceAll("/", "_").replace(/\.html$/, "")}-${label}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
      await layoutChecks(page, where, rel, width);
      await context.close();
    }
    // 404.html links its stylesheet from the site's root path, which file:// cannot resolve.
    for (const colorScheme of rel === "404.html" ? ["light"] : ["light", "dark"]) {
      // axe-core goes in as an inline script, which the pages' policy forbids: bypassed here only.
      const { page, context } = await open(url, { now, timezoneId, colorScheme, bypassCSP: true });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      expect(result.violations.length === 0, `${name}/${rel} (${colorScheme}): axe WCAG 2.1 AA`,
        result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`).join("; "));
      await context.close();
    }
  }
}

/** The component list (issue 26, item 2), on every site: no status label broken inside a word
 * at 320/390/768/1280 px (front, component and incident pages; the front page light and
 * dark), product rows 48–56 px tall at 1280, the front page of the site named `many` (11
 * products) at most 1,600 px tall at 1280, and a product with a feature not operational shown
 * with its features unfolded. */
async function listChecks(sites) {
  let unfoldedSeen = 0;
  for (const site of sites) {
    const name = path.basename(site);
    const now = siteNow(site);
    const timezoneId = siteZone(site);
    const rels = pagesOf(site).filter((rel) => /^(index|components|incidents)/.test(rel));
    for (const rel of rels) {
      for (const width of [320, 390, 768, 1280]) {
        for (const colorScheme of rel === "index.html" ? ["light", "dark"] : ["light"]) {
          const where = `${name}/${rel} at ${width}px (${colorScheme})`;
          const { page, context } = await open("file://" + path.resolve(site, rel),
            { width, height: 900, now, timezoneId, colorScheme });
          const broken = await page.$$eval(".status", (labels) => labels.flatMap((label) => {
            if (!label.getClientRects().length) return [];
            const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
            const split = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              for (const m of n.data.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(n, m.index);
                range.setEnd(n, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
                if (tops.size > 1) split.push(m[0]);
              }
            }
            return split;
          }));
          expect(broken.length === 0, `${where}: no status label broken inside a word`, broken.slice(0, 3));
          if (rel === "index.html" && width === 1280) {
            // A product's row: its line (name, uptime, status) and the bars under it, with the
            // row's padding (its unfolded features and the axis are not the row).
            const rows = await page.$$eval(".component-list .product", (ps) => ps.map((p) => {
              const last = p.querySelector(".bars") || p.querySelector(".component-line");
              const bottom = last.getBoundingClientRect().bottom + parseFloat(getComputedStyle(p).paddingBottom);
              return Math.round(bottom - p.getBoundingClientRect().top);
            }));
            expect(rows.length > 0 && rows.every((h) => h >= 48 && h <= 56), `${where}: product rows (line and bars) 48–56 px tall`, rows);
            if (name === "many") {
              const tall = await page.evaluate(() => document.documentElement.scrollHeight);
              expect(tall <= 1600, `${where}: front page with 11 products at most 1,600 px tall`, tall);
            }
          }
          if (rel === "index.html" && width === 1280 && colorScheme === "light") {
            const folds = await page.$$eval(".component-list .product", (ps) => ps.map((p) => {
              const fold = p.querySelector("details.fold");
              const troubled = [...p.querySelectorAll(".features .status")].some((s) => !s.classList.contains("s-operational"));
              return { name: p.querySelector("a").textContent, troubled, open: fold ? fold.open : null };
            }));
            unfoldedSeen += folds.filter((f) => f.troubled).length;
            const wrong = folds.filter((f) => f.open !== null && f.open !== f.troubled);
            expect(wrong.length === 0, `${where}: features unfolded exactly when one is not operational`, wrong);
          }
          await context.close();
        }
      }
    }
  }
  expect(unfoldedSeen > 0, "component list: some site shows a product with a feature not operational", unfoldedSeen);
}

/** bulletin.js: local times, and the page without JavaScript, on the first site's incident. */
async function scriptChecks(site) {
  const rel = pagesOf(site).find((r) => r.startsWith("incidents/"));
  if (!rel) return;
  const url = "file://" + path.resolve(site, rel);
  const now = siteNow(site);
  const read = (page) => page.$$eval("time.dt", (ts) => ts.map((t) => [t.textContent, t.title]));
  const { page: off, context: c1 } = await open(url, { javaScriptEnabled: false, timezoneId: "America/Los_Angeles" });
  const plain = await read(off);
  const complete = await off.evaluate(() => ({
    h1: !!document.querySelector("h1"), facts: document.querySelectorAll(".facts dt").length,
    timeline: document.querySelectorAll(".timeline li").length, footer: !!document.querySelector(".site-footer"),
  }));
  expect(complete.h1 && complete.facts >= 3 && complete.timeline > 0 && complete.footer, `${rel} without JavaScript is complete`, complete);
  expect(plain.length > 0 && plain.every(([, title]) => title === ""), `${rel} without JavaScript shows the site's times`, plain[0]);
  await c1.close();
  const { page: la, context: c2 } = await open(url, { timezoneId: "America/Los_Angeles", now });
  const local = await read(la);
  expect(local.length > 0 && local.length === plain.length && local.every(([text], i) => text !== plain[i][0]),
    `${rel} in America/Los_Angeles shows local times`, local[0]);
  const note = (await la.locator(".site-footer p").first().textContent({ timeout: 2000 }).catch(() => "")) || "";
  expect(/太平洋|Pacific/.test(note), `${rel}: the footer names the reader's zone`, note);
  await c2.close();
}

/** Times and timelines (issue 26, items 4 and 5), with the reader in America/New_York: no zone
    at a time (one line names it), no current year, the postmortem's time converted, a status
    label only where it changed, and the stale notice for an old build but not a fresh one. */
async function timeChecks(during, after, acme) {
  const outage = "incidents/2023-03-29-wechat-qq-outage/index.html";
  const timezoneId = "America/New_York";
  const zoneWords = /GMT|UTC|E[SD]T|[+-]\d\d:?\d\d/;
  for (const [site, rel] of [[during, outage], [after, outage], [acme, "incidents/2026-06-08-cdn-config-outage/index.html"]]) {
    const url = "file://" + path.resolve(site, rel);
    const now = siteNow(site);
    const year = String(new Date(now).getUTCFullYear());
    for (const width of [320, 390, 768, 1280]) {
      for (const colorScheme of ["light", "dark"]) {
        const where = `${path.basename(site)}/${rel} at ${width}px ${colorScheme} (New York)`;
        const { page, context } = await open(url, { width, height: 844, now, timezoneId, colorScheme });
        const seen = await page.evaluate(() => ({
          times: [...document.querySelectorAll("time")].map((t) => t.textContent),
          zoneLines: [...document.querySelectorAll("body *")].filter((e) => e.children.length === 0 &&
            /time zone|时区|Times are shown|时间均为/.test(e.textContent)).length,
          postmortem: document.querySelector(".postmortem time")?.textContent ?? null,
          postmortemIso: document.querySelector(".postmortem time")?.getAttribute("datetime") ?? null,
          facts: document.querySelector(".facts")?.getBoundingClientRect().height ?? 0,
          live: !!document.querySelector(".timeline.newest-first"),
          factLine: parseFloat(getComputedStyle(document.querySelector(".facts dd")).lineHeight) || 24,
        }));
        expect(seen.times.length > 0 && seen.times.every((t) => !zoneWords.test(t)), `${where}: no zone at a time`, seen.times);
        expect(seen.times.every((t) => !t.includes(year)), `${where}: the current year is not shown`, seen.times);
        expect(seen.zoneLines === 1, `${where}: one line names the zone`, seen.zoneLines);
        if (seen.postmortemIso) {
          // 10:00 UTC is 06:00 in New York (EDT): the postmortem's time is converted too.
          expect(seen.postmortem.includes("06:00"), `${where}: the postmortem's time is converted`, seen.postmortem);
        }
        if (width === 320) {
          // Status and impact share a line; live, the start and how long follow (three lines, where a
          // line per fact took four); over, the start, end and duration (four, where it took five).
          // The issue's "one or two lines" is not reached yet.
          const lines = seen.live ? 3 : 4;
          expect(seen.facts <= lines * seen.factLine + 24, `${where}: the facts box takes ${lines} lines at most`, `${seen.facts} px`);
        }
        await context.close();
      }
    }
  }
  // A status label only where the status changed, on the resolved outage (oldest first).
  const { page, context } = await open("file://" + path.resolve(after, outage), { timezoneId, now: siteNow(after) });
  const labels = await page.$$eval(".timeline > li h3", (hs) => hs.map((h) => h.querySelector(".status")?.textContent ?? null));
  const given = labels.filter((l) => l !== null);
  expect(labels.length === 4 && given.length === 3 && given.every((l, i) => i === 0 || l !== given[i - 1]),
    "the reference outage labels only its status changes", labels);
  await context.close();
  // The stale notice: a front page built during the outage, opened today by the reader's clock;
  // and not for one opened a minute after its build.
  const front = "file://" + path.resolve(during, "index.html");
  const { page: old, context: c1 } = await open(front, { timezoneId });
  expect(await old.locator(".stale-build").isVisible(), "an old build shows the stale notice");
  expect(/ago|前/.test(await old.locator("time[data-built]").textContent()), "an old build says how long ago it was updated");
  await old.screenshot({ path: path.join(shots, "stale-build.png") });
  await c1.close();
  const { page: fresh, context: c2 } = await open(front, { timezoneId, now: new Date(siteNow(during).getTime() + 60_000) });
  expect(!(await fresh.locator(".stale-build").isVisible()), "a fresh build shows no stale notice");
  await c2.close();
}

/** A static file server for `dir` on 127.0.0.1 (as a CDN would serve a built site). */
function serveStatic(dir) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (file.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The status poll: a page served over HTTP notices a rebuild, and an unreachable site. */
async function pollChecks(bin, root) {
  const out = path.join(root, "public");
  const build = (now) => execFileSync(bin, ["build", "--root", root, "--output", out, "--now", now], { stdio: "ignore" });
  build("2026-11-23 12:00");
  const server = await serveStatic(out);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const { page, context } = await open(url, { now: new Date("2026-11-23T12:00:00Z") });
  await page.clock.runFor(1000);
  expect(await page.locator("#bulletin-notice").count() === 0, "poll: no notice while nothing changed");
  fs.writeFileSync(path.join(root, "incidents", "2026-11-23-poll-check.md"),
    "---\ntitle: Poll check outage\naffected:\n  compute/instances: major_outage\n---\nDown.\n\n## Timeline\n\n### 2026-11-23 12:01 · investigating\nLooking.\n");
  build("2026-11-23 12:02");
  await page.clock.runFor(61_000);
  await page.waitForSelector("#bulletin-notice.notice-updated", { timeout: 5000 }).catch(() => {});
  expect(await page.locator("#bulletin-notice.notice-updated").count() === 1, "poll: the page notices a rebuilt site");
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections?.();
  await page.clock.runFor(61_000);
  await page.waitForSelector("html.stale", { timeout: 5000 }).catch(() => {});
  expect(await page.locator("html.stale").count() === 1, "poll: the page marks itself stale when the site is unreachable");
  await page.screenshot({ path: path.join(shots, "poll-stale.png") });
  await context.close();
}

/** The README's screenshots: the first site's front page, first screen, light and dark; and on
 * a phone (390 px, light) its active incident and the subscribe panel (the dialog, over HTTP
 * as the script fetches the panel). */
async function readmeShots(site, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const at = { now: siteNow(site), timezoneId: siteZone(site) };
  for (const colorScheme of ["light", "dark"]) {
    for (const [label, width, height] of [["desktop", 1280, 800], ["phone", 390, 844]]) {
      const { page, context } = await open("file://" + path.resolve(site, "index.html"), { width, height, colorScheme, ...at });
      await page.screenshot({ path: path.join(dir, `front-${colorScheme}-${label}.jpg`), type: "jpeg", quality: 70 });
      await context.close();
    }
  }
  const phone = { width: 390, height: 844, colorScheme: "light", ...at };
  const live = fs.readdirSync(path.join(site, "incidents")).sort().pop();
  const { page, context } = await open("file://" + path.resolve(site, "incidents", live, "index.html"), phone);
  await page.screenshot({ path: path.join(dir, "incident-light-phone.jpg"), type: "jpeg", quality: 70 });
  await context.close();
  const server = await serveStatic(site);
  const { page: front, context: c2 } = await open(`http://127.0.0.1:${server.address().port}/`, phone);
  await front.click("a[data-subscribe]");
  await front.waitForSelector("dialog[open] #subscribe-panel", { timeout: 5000 }).catch(() => {});
  expect(await front.locator("dialog[open] #subscribe-panel").count() === 1, "README: the subscribe dialog opened for its screenshot");
  await front.screenshot({ path: path.join(dir, "subscribe-light-phone.jpg"), type: "jpeg", quality: 70 });
  await c2.close();
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections?.();
}

/** == chrome == The header on a phone, the Subscribe link with and without JavaScript, and the
    embed at its documented size (docs/embed.md) during the reference outage (the first site). */
const EMBED_SIZE = { width: 320, height: 320 };
async function chromeChecks(sites) {
  for (const site of sites) {
    for (const colorScheme of ["light", "dark"]) {
      const { page, context } = await open("file://" + path.resolve(site, "index.html"), { width: 320, height: 844, colorScheme });
      const height = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
      expect(height <= 56, `${path.basename(site)} (${colorScheme}): header at most 56 px tall at 320 px`, Math.round(height));
      await context.close();
    }
  }
  const server = await serveStatic(sites[0]);
  const base = `http://127.0.0.1:${server.address().port}/`;
  // Without JavaScript the link is a link: to the subscribe page.
  const { page: off, context: c1 } = await open(base, { javaScriptEnabled: false });
  await off.click("a[data-subscribe]");
  await off.waitForURL(/\/subscribe\/$/, { timeout: 5000 }).catch(() => {});
  expect(/\/subscribe\/$/.test(off.url()) && await off.locator("#subscribe-panel").count() === 1,
    "Subscribe without JavaScript opens the subscribe page", off.url());
  await c1.close();
  // With it, a dialog over the page, its links resolved against the subscribe page.
  for (const width of [320, 1280]) {
    const { page, context } = await open(base + "history/", { width, height: 844 });
    await page.click("a[data-subscribe]");
    await page.waitForSelector("dialog[open] #subscribe-panel", { timeout: 5000 }).catch(() => {});
    const shown = await page.evaluate(() => {
      const dialog = document.querySelector("dialog[open]");
      const rss = dialog && dialog.querySelector("a[href$='rss.xml']");
      const r = dialog && dialog.getBoundingClientRect();
      return { url: location.pathname, rss: rss && rss.href, fits: !!r && r.left >= 0 && r.right <= innerWidth };
    });
    expect(shown.url === "/history/" && shown.rss === base + "rss.xml" && shown.fits,
      `Subscribe with JavaScript opens the panel as a dialog at ${width} px`, shown);
    if (width === 320) await page.screenshot({ path: path.join(shots, "subscribe-dialog-phone.png") });
    await page.keyboard.press("Escape");
    expect(await page.locator("dialog[open]").count() === 0, `the subscribe dialog closes with Escape at ${width} px`);
    await context.close();
  }
  // The embed in a host page's iframe of the documented size, each theme on each scheme.
  for (const colorScheme of ["light", "dark"]) {
    for (const theme of ["auto", "light", "dark"]) {
      // The host page (served beside the site: Chromium keeps a page of another address from
      // framing a loopback one) frames it as a product's own site would.
      const context = await browser.newContext({ viewport: { width: 800, height: 600 }, colorScheme });
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.heights = [];
        addEventListener("message", (e) => { if (e.data && e.data.bulletin === "embed-height") window.heights.push(e.data.height); });
      });
      const host = `${base}host-page.html`;
      await page.route(host, (route) => route.fulfill({ contentType: "text/html",
        body: `<!DOCTYPE html><body style="margin:0;background:rgb(1,2,3)"><iframe src="${base}embed.html?theme=${theme}" `
          + `style="border:0;width:${EMBED_SIZE.width}px;height:${EMBED_SIZE.height}px"></iframe></body>` }));
      await page.goto(host);
      const frame = await (await page.waitForSelector("iframe")).contentFrame();
      await frame.waitForLoadState("load");
      await page.waitForFunction(() => window.heights.length > 0, null, { timeout: 4000 }).catch(() => {});
      const seen = await frame.evaluate(() => {
        const root = document.documentElement;
        const css = (e) => getComputedStyle(e);
        const cut = [...document.querySelectorAll("main *")].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.height > 0 && r.bottom > innerHeight + 0.5;
        }).map((e) => e.tagName + "." + e.className);
        return { scroll: root.scrollHeight, client: root.clientHeight, cut, fg: css(document.body).color,
          bg: [css(root).backgroundColor, css(document.body).backgroundColor] };
      });
      const where = `embed ?theme=${theme} on a ${colorScheme} page`;
      expect(seen.scroll <= seen.client && seen.cut.length === 0, `${where}: all content visible at ${EMBED_SIZE.width}×${EMBED_SIZE.height}`, seen);
      expect(seen.bg.every((c) => c === "rgba(0, 0, 0, 0)"), `${where}: transparent`, seen.bg);
      const dark = theme === "dark" || (theme === "auto" && colorScheme === "dark");
      const light = /rgb\((\d+)/.exec(seen.fg)[1] > 128;
      expect(light === dark, `${where}: ${dark ? "light" : "dark"} text`, seen.fg);
      const height = (await page.evaluate(() => window.heights)).pop();
      expect(typeof height === "number" && height > 50 && height <= EMBED_SIZE.height, `${where}: posts its height to the host`, height);
      if (colorScheme === "light") await page.screenshot({ path: path.join(shots, `embed-${theme}-in-light-host.png`) });
      await context.close();
    }
  }
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections?.();
}

await chromeChecks(sites);
await scriptChecks(sites[0]);
await listChecks(sites);

/** The uptime bars (issue 26, item 1) on the first site's front page: 30 days on phones, 60
 * on tablets, 90 on desktop, each at least 6 px wide; a tap pins the day card, which stays,
 * does not cover the product's status and closes with Escape; without JavaScript the
 * component page lists the days with links to their incidents. */
async function barChecks(site) {
  const url = "file://" + path.resolve(site, "index.html");
  const now = siteNow(site);
  const timezoneId = siteZone(site);
  for (const colorScheme of ["light", "dark"]) {
    for (const [width, days] of [[320, 30], [390, 30], [768, 60], [1280, 90]]) {
      const where = `bars at ${width}px (${colorScheme})`;
      const touch = width < 500;
      const { page, context } = await open(url, { width, height: touch ? 844 : 900, now, timezoneId, colorScheme, hasTouch: touch, isMobile: touch });
      const shown = await page.$$eval(".product .bars", (sets) => sets.map((ol) =>
        [...ol.children].filter((li) => li.offsetWidth > 0).map((li) => li.getBoundingClientRect().width)));
      expect(shown.length > 0 && shown.every((w) => w.length === days), `${where}: ${days} days shown`, shown.map((w) => w.length));
      const narrowest = Math.min(...shown.flat());
      expect(narrowest >= 6, `${where}: every bar at least 6 px wide`, `${narrowest.toFixed(1)} px`);
      const product = page.locator(".product").filter({ has: page.locator(".bars") }).first();
      const today = product.locator(".bars > li").last();
      if (touch) await today.tap(); else await today.click();
      await page.mouse.move(1, 1);
      await page.waitForTimeout(400);
      const card = product.locator(".day-card");
      expect(await card.isVisible(), `${where}: a tap opens the day card and it stays`);
      expect(await card.evaluate((c) => c.classList.contains("pinned")), `${where}: the tapped card is pinned`);
      const text = (await card.textContent()) || "";
      expect(/\d/.test(text) && text.includes("%"), `${where}: the card shows the date and uptime`, text);
      const [cardBox, statusBox] = [await card.boundingBox(), await product.locator(".status").first().boundingBox()];
      const overlaps = cardBox && statusBox && cardBox.x < statusBox.x + statusBox.width && statusBox.x < cardBox.x + cardBox.width
        && cardBox.y < statusBox.y + statusBox.height && statusBox.y < cardBox.y + cardBox.height;
      expect(cardBox && statusBox && !overlaps, `${where}: the card does not cover the product's status`, { cardBox, statusBox });
      if (width === 390) await page.screenshot({ path: path.join(shots, `bars-card-${colorScheme}-phone.png`) });
      await page.keyboard.press("Escape");
      expect(!(await card.isVisible()), `${where}: Escape closes the card`);
      await context.close();
    }
  }
  // Without JavaScript: the component page's day list, with links to the day's incidents.
  const rel = fs.readdirSync(path.join(site, "components")).sort()
    .map((n) => path.join("components", n, "index.html")).find((r) => fs.existsSync(path.join(site, r)));
  const { page: off, context } = await open("file://" + path.resolve(site, rel), { javaScriptEnabled: false, now, timezoneId });
  const list = await off.evaluate(() => ({
    details: !!document.querySelector("details.day-list summary"),
    rows: document.querySelectorAll(".day-list tbody tr").length,
    links: document.querySelectorAll(".day-list tbody a[href*='incidents/']").length,
  }));
  expect(list.details && list.rows > 0 && list.links > 0, `${rel} without JavaScript lists the days with incident links`, list);
  await context.close();
  // With it, today's card there links the day's incidents (taken from the day list's row).
  const { page, context: c2 } = await open("file://" + path.resolve(site, rel), { now, timezoneId });
  await page.locator(".bars > li").last().click();
  const links = await page.locator(".day-card a[href*='incidents/']").count();
  expect(links > 0, `${rel}: today's day card links the day's incidents`, links);
  await c2.close();
}

await barChecks(sites[0]);

/** == facts on a phone == The incident page's facts box (issue 26, item 4) in one or two lines
 * at 320 and 390 px, light and dark, on every incident page of every site: live, resolved and
 * maintenance, Chinese and English. A line is counted from where the box's visible text sits. */
async function factsChecks(sites) {
  let seen = 0;
  for (const site of sites) {
    const dir = path.join(site, "incidents");
    const rels = (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [])
      .map((n) => path.join("incidents", n, "index.html")).filter((rel) => fs.existsSync(path.join(site, rel)));
    for (const width of [320, 390]) {
      for (const colorScheme of ["light", "dark"]) {
        const context = await browser.newContext({ viewport: { width, height: 844 }, colorScheme, timezoneId: siteZone(site) });
        const page = await context.newPage();
        await page.clock.install({ time: siteNow(site) });
        for (const rel of rels) {
          await page.goto("file://" + path.resolve(site, rel));
          const lines = await page.evaluate(() => {
            const dl = document.querySelector(".facts");
            const walker = document.createTreeWalker(dl, NodeFilter.SHOW_TEXT);
            const middles = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              // Words for screen readers only (clipped labels) take no line.
              if (n.parentElement.closest("dt") && getComputedStyle(n.parentElement.closest("dt")).position === "absolute") continue;
              const range = document.createRange();
              range.selectNodeContents(n);
              for (const r of range.getClientRects()) if (r.width > 1 && r.height > 4) middles.push((r.top + r.bottom) / 2);
            }
            middles.sort((a, b) => a - b);
            return middles.reduce((count, m, i) => count + (i === 0 || m - middles[i - 1] > 8 ? 1 : 0), 0);
          });
          seen++;
          expect(lines >= 1 && lines <= 2, `${path.basename(site)}/${rel} at ${width}px (${colorScheme}): the facts in one or two lines`, lines);
        }
        if (width === 390 && colorScheme === "light" && rels.length) {
          await page.screenshot({ path: path.join(shots, `facts-${path.basename(site)}-phone.png`) });
        }
        await context.close();
      }
    }
  }
  expect(seen > 0, "facts on a phone: some incident page checked", seen);
}

await factsChecks(sites);

/** History that scales (issue 26, item 3) on a 1,000-incident site: the history index and a
 *  component page at most 3,000 px tall at 1280 px; on those, a month page and a component's
 *  year page, at every width in light and dark, no sideways scrolling and no heading
 *  without content after it; axe-clean in light and dark. */
async function historyChecks(site) {
  const name = path.basename(site);
  const component = pagesOf(site).find((rel) => rel.startsWith("components/"));
  const dir = path.join(site, path.dirname(component), "history");
  const years = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  const year = years.length ? path.join(path.dirname(component), "history", years[0], "index.html") : null;
  expect(year !== null, `${name}: ${component} has pages by year`);
  const month = pagesOf(site).find((rel) => /^history\/\d{4}-\d{2}\//.test(rel));
  const now = siteNow(site);
  const timezoneId = siteZone(site);
  for (const rel of ["history/index.html", component, month, year].filter(Boolean)) {
    const url = "file://" + path.resolve(site, rel);
    for (const width of [320, 390, 768, 1280]) {
      for (const colorScheme of ["light", "dark"]) {
        const where = `${name}/${rel} at ${width}px ${colorScheme}`;
        const { page, context } = await open(url, { width, height: 900, now, timezoneId, colorScheme, bypassCSP: true });
        const [scroll, inner, height] = await page.evaluate(() =>
          [document.documentElement.scrollWidth, innerWidth, document.documentElement.scrollHeight]);
        expect(scroll <= inner, `${where}: no sideways scrolling`, `${scroll} px wide`);
        if (width === 1280 && (rel === "history/index.html" || rel === component)) {
          expect(height <= 3000, `${where}: at most 3,000 px tall`, `${height} px`);
        }
        // A heading is followed, before the next heading of its level or higher, by something
        // visible that is not a heading.
        const empty = await page.evaluate(() => [...document.querySelectorAll("main h2, main h3")].filter((h) => {
          const level = Number(h.tagName[1]);
          const all = [...document.querySelectorAll("main *")];
          for (const e of all.slice(all.indexOf(h) + 1)) {
            if (h.contains(e)) continue;
            if (/^H[1-6]$/.test(e.tagName)) { if (Number(e.tagName[1]) <= level) return true; continue; }
            if (e.closest("h1,h2,h3,h4,h5,h6")) continue;
            if (e.children.length === 0 && e.textContent.trim() && e.getClientRects().length) return false;
          }
          return true;
        }).map((h) => h.textContent.trim()));
        expect(empty.length === 0, `${where}: no heading without content`, empty.join(", "));
        if (width === 1280) {
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(async () =>
            // eslint-disable-next-line no-undef
            axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
          expect(result.violations.length === 0, `${where}: axe WCAG 2.1 AA`,
            result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`).join("; "));
        }
        if (width !== 768) {
          const file = path.join(shots, `history-${name}-${rel.replaceAll("/", "_").replace(/\.html$/, "")}-${width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
        }
        await context.close();
      }
    }
  }
}

if (process.env.HISTORY_SITE) await historyChecks(process.env.HISTORY_SITE);
if (sites.length >= 3) await timeChecks(sites[0], sites[1], sites[2]);
if (process.env.BULLETIN && process.env.POLL_ROOT) await pollChecks(process.env.BULLETIN, process.env.POLL_ROOT);
if (process.env.README_SHOTS) await readmeShots(sites[0], process.env.README_SHOTS);
await browser.close();
console.log(`screenshots in ${path.resolve(shots)}`);
console.log(`browser checks: ${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
