#!/usr/bin/env python3
"""Validates sitemap.xml and robots.txt of a built Bulletin site.

Usage: python3 tests/tools/check_sitemap.py <output-dir> [--base-url URL]

The base URL is --base-url when given, otherwise the longest common folder prefix of all
<loc> values (scheme + host + path up to a '/'), which is the site's base when the home page
is listed. Checks:

sitemap.xml: well-formed UTF-8 XML; root <urlset> in the sitemaps.org 0.9 namespace
  (http://www.sitemaps.org/schemas/sitemap/0.9) (a <sitemapindex> is followed: each listed
  sitemap must exist in the output and is checked the same way); every <url> has exactly one
  <loc>; at most 50,000 URLs; every <loc> is an absolute http(s) URL of at most 2,048
  characters, ASCII only (non-ASCII must be percent-encoded), without query or fragment,
  unique, under the base URL, and maps to a file that exists in the output (a URL ending in
  '/' maps to index.html in that folder; a URL naming a folder without the '/' is an error);
  the base URL itself (the home page) is listed; <lastmod> is a W3C date/date-time,
  <changefreq> one of the protocol's words, <priority> between 0.0 and 1.0.
robots.txt: exists, is UTF-8, every non-comment line is a "field: value" line, and a
  "Sitemap:" line gives the absolute URL of this sitemap.xml.

Exit status: 0 valid (prints one JSON line of counts), 1 invalid (one "<file>: <problem>" line
per problem on stderr), 2 bad usage, 4 the validator itself crashed (traceback on stderr). No
third-party package is needed (exit 3 is never used).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from _common import Report, is_http_url, parse_args, run, shorten

TOOL = "check_sitemap"
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
S = f"{{{SM}}}"
MAX_URLS = 50_000
MAX_LOC = 2048
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
W3C_DATE_RE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)


def main() -> None:
    def options(parser):
        parser.add_argument("--base-url", help="the site's base URL (default: derived from the <loc> values)")

    args = parse_args(TOOL, __doc__, options)
    out: Path = args.output_dir
    report = Report(TOOL, out)
    sitemap = out / "sitemap.xml"

    locs: list[tuple[Path, str]] = []
    if not sitemap.is_file():
        report.error(sitemap, "is missing")
    else:
        read_sitemap(sitemap, report, locs, seen_files=set())

    base = args.base_url
    if base and not base.endswith("/"):
        base += "/"
    if base is None and locs:
        base = common_folder([loc for _, loc in locs])
    if base is not None and not is_http_url(base):
        report.error(sitemap, f"base URL {base!r} is not an absolute http(s) URL")
        base = None

    mapped: set[Path] = set()
    if base is not None:
        seen: dict[str, Path] = {}
        outside: list[str] = []
        for file, loc in locs:
            if loc in seen:
                report.error(file, f"<loc> {loc} is listed twice")
                continue
            seen[loc] = file
            if not loc.startswith(base):
                outside.append(loc)
                if len(outside) <= 3:
                    report.error(file, f"<loc> {loc} is not under the base URL {base}")
                continue
            target = map_loc(file, loc, base, out, report)
            if target is not None:
                mapped.add(target)
        if len(outside) > 3:
            report.error(sitemap, f"{len(outside) - 3} more <loc> values are not under the base URL {base}")
        if locs and base not in seen:
            report.error(sitemap, f"the home page {base} is not listed")

    check_robots(out, base, report)
    pages = {p for p in out.rglob("*.html") if p.name != "404.html"}
    report.finish({
        "urls": len(locs),
        "files_found": len(mapped),
        "base_url": base,
        "html_pages_not_listed": len(pages - mapped),  # informative only, not an error
    })


def read_sitemap(path: Path, report: Report, locs: list, seen_files: set) -> None:
    if path in seen_files:
        report.error(path, "is listed by a sitemap index more than once (or includes itself)")
        return
    seen_files.add(path)
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(path, f"is not UTF-8 (byte {exc.start}); sitemaps must be UTF-8")
        return
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        report.error(path, f"is not well-formed XML: {exc}")
        return

    if root.tag == f"{S}sitemapindex":
        for i, entry in enumerate(root.findall(f"{S}sitemap"), 1):
            loc = entry.findall(f"{S}loc")
            if len(loc) != 1:
                report.error(path, f"<sitemap> {i} has {len(loc)} <loc> elements, expected 1")
                continue
            target = (loc[0].text or "").strip()
            name = Path(unquote(urlsplit(target).path)).name if is_http_url(target) else ""
            child = path.parent / name
            if not name or not child.is_file():
                report.error(path, f"<sitemap> {i}: {target!r} does not name a sitemap file next to this index")
                continue
            read_sitemap(child, report, locs, seen_files)
        return
    if root.tag != f"{S}urlset":
        report.error(path, f"root element is {root.tag!r}, expected <urlset xmlns=\"{SM}\">")
        return

    urls = root.findall(f"{S}url")
    stray = [child.tag for child in root if child.tag != f"{S}url"]
    if stray:
        report.error(path, f"<urlset> holds elements other than <url> in the sitemap namespace: {', '.join(sorted(set(stray)))}")
    if len(urls) > MAX_URLS:
        report.error(path, f"has {len(urls)} URLs; one sitemap may hold at most {MAX_URLS}")
    if not urls:
        report.error(path, "lists no <url>")
    for i, url in enumerate(urls, 1):
        where = f"<url> {i}"
        loc_els = url.findall(f"{S}loc")
        if len(loc_els) != 1:
            report.error(path, f"{where} has {len(loc_els)} <loc> elements, expected 1")
            continue
        loc = (loc_els[0].text or "").strip()
        if check_loc(path, where, loc, report):
            locs.append((path, loc))
        lastmod = url.find(f"{S}lastmod")
        if lastmod is not None and not W3C_DATE_RE.match((lastmod.text or "").strip()):
            report.error(path, f"{where}: <lastmod> {lastmod.text!r} is not a W3C date or date-time (e.g. 2023-03-29 or 2023-03-29T10:00:00+08:00)")
        freq = url.find(f"{S}changefreq")
        if freq is not None and (freq.text or "").strip() not in CHANGEFREQ:
            report.error(path, f"{where}: <changefreq> {freq.text!r} is not one of {', '.join(sorted(CHANGEFREQ))}")
        prio = url.find(f"{S}priority")
        if prio is not None:
            try:
                ok = 0.0 <= float((prio.text or "").strip()) <= 1.0
            except ValueError:
                ok = False
            if not ok:
                report.error(path, f"{where}: <priority> {prio.text!r} is not a number from 0.0 to 1.0")


def check_loc(path: Path, where: str, loc: str, report: Report) -> bool:
    if not is_http_url(loc):
        report.error(path, f"{where}: <loc> {loc!r} is not an absolute http(s) URL")
        return False
    if len(loc) > MAX_LOC:
        report.error(path, f"{where}: <loc> is {len(loc)} characters long, at most {MAX_LOC} allowed")
    if not loc.isascii():
        report.error(path, f"{where}: <loc> {loc!r} has non-ASCII characters; percent-encode them (RFC 3986)")
    parts = urlsplit(loc)
    if parts.query or parts.fragment:
        report.error(path, f"{where}: <loc> {loc!r} has a query or fragment; list the page itself")
    return True


def common_folder(urls: list[str]) -> str:
    """Longest common prefix of `urls` that ends at a '/' after the host."""
    prefix = urls[0]
    for url in urls[1:]:
        n = 0
        while n < min(len(prefix), len(url)) and prefix[n] == url[n]:
            n += 1
        prefix = prefix[:n]
    parts = urlsplit(prefix) if is_http_url(prefix) else None
    if parts is None or not parts.path:
        host = urlsplit(urls[0])
        return f"{host.scheme}://{host.netloc}/"
    return prefix[: prefix.rfind("/") + 1]


def map_loc(file: Path, loc: str, base: str, out: Path, report: Report) -> Path | None:
    """The output file `loc` (which starts with `base`) names, or None (reported) when there is none."""
    rel = unquote(urlsplit(loc).path)[len(unquote(urlsplit(base).path)):]
    if any(part in ("..", ".") for part in rel.split("/")):
        report.error(file, f"<loc> {loc} has '.' or '..' segments")
        return None
    target = out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
    if target.is_file():
        return target
    if (out / rel).is_dir() and (out / rel / "index.html").is_file():
        report.error(file, f"<loc> {loc} names a folder; end it with '/' (the page is {report.rel(out / rel / 'index.html')})")
    else:
        report.error(file, f"<loc> {loc} maps to {report.rel(target)}, which does not exist in the output")
    return None


def check_robots(out: Path, base: str | None, report: Report) -> None:
    robots = out / "robots.txt"
    if not robots.is_file():
        report.error(robots, "is missing")
        return
    try:
        text = robots.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        report.error(robots, "is not UTF-8")
        return
    sitemaps = []
    for number, line in enumerate(text.splitlines(), 1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        m = re.match(r"^([A-Za-z-]+)\s*:\s*(.*)$", content)
        if not m:
            report.error(robots, f"line {number}: {shorten(line, 60)!r} is not a 'field: value' line")
            continue
        if m.group(1).lower() == "sitemap":
            sitemaps.append((number, m.group(2).strip()))
    if not sitemaps:
        report.error(robots, "has no 'Sitemap: <absolute URL of sitemap.xml>' line")
        return
    for number, url in sitemaps:
        if not is_http_url(url):
            report.error(robots, f"line {number}: Sitemap {url!r} is not an absolute http(s) URL")
    if base is not None and not any(url == base + "sitemap.xml" for _, url in sitemaps):
        shown = ", ".join(url for _, url in sitemaps)
        report.error(robots, f"no Sitemap line gives {base}sitemap.xml (found: {shown})")


if __name__ == "__main__":
    run(TOOL, main)
