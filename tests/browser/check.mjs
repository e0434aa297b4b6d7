// Renders pages of built sites in Debian's Chromium (no browser download), runs axe-core's
// WCAG 2.1 A/AA rules on each, and takes desktop and phone screenshots.
//
//   node tests/browser/check.mjs <screenshot-dir> <site-dir>...
//
// Exit 0 when no page has a violation; 1 otherwise (each violation printed); 2 on bad usage.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [shots, ...sites] = process.argv.slice(2);
if (!shots || sites.length === 0) {
  console.error("usage: node check.mjs <screenshot-dir> <site-dir>...");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

/** The pages worth checking in a site: front, one incident, component and history pages. */
function pagesOf(site) {
  const first = (dir) => {
    const d = path.join(site, dir);
    const names = fs.existsSync(d) ? fs.readdirSync(d).filter((n) => fs.existsSync(path.join(d, n, "index.html"))).sort() : [];
    return names.length ? path.join(dir, names[names.length - 1], "index.html") : null;
  };
  const product = first("components");
  const feature = product ? first(path.dirname(product)) : null;
  return ["index.html", first("incidents"), product, feature, "history/index.html", first("history"), "404.html"]
    .filter((rel) => rel && fs.existsSync(path.join(site, rel)));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let violations = 0;
let checked = 0;
for (const site of sites) {
  const name = path.basename(site);
  for (const rel of pagesOf(site)) {
    for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
      const page = await browser.newPage({ viewport });
      const requests = [];
      page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
      await page.goto("file://" + path.resolve(site, rel));
      const file = path.join(shots, `${name}-${rel.replaceAll("/", "_").replace(/\.html$/, "")}-${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (requests.length) {
        violations++;
        console.error(`${name}/${rel}: requests to other hosts: ${requests.join(", ")}`);
      }
      if (label === "desktop") {
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () =>
          // eslint-disable-next-line no-undef
          axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
        for (const v of result.violations) {
          violations++;
          console.error(`${name}/${rel}: ${v.id} (${v.impact}): ${v.help}`);
          for (const n of v.nodes.slice(0, 3)) console.error(`    ${n.target.join(" ")}: ${n.failureSummary.replaceAll("\n", " ")}`);
        }
        checked++;
      }
      await page.close();
    }
  }
}
await browser.close();
console.log(`screenshots in ${path.resolve(shots)}`);
console.log(`axe: ${checked} pages checked, ${violations} violation(s)`);
process.exit(violations ? 1 : 0);
