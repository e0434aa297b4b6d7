#!/usr/bin/env python3
"""Validates every RSS, Atom and JSON Feed file of a built Bulletin site.

Usage: python3 tests/tools/check_feeds.py <output-dir>

Finds every rss.xml, atom.xml and feed.json anywhere under <output-dir> (the root ones are
required; a folder that has one of the three must have all three, with the same number of
entries) and checks:

RSS 2.0 (rss.xml), structure read with xml.etree:
  <rss version="2.0"> with one <channel> holding <title>, an absolute http(s) <link> and
  <description>; every <item> has <title>, an absolute http(s) <link>, a non-empty <guid>
  that is unique in the feed (and an absolute URL unless isPermaLink="false"), and a
  <pubDate> in RFC 822 form with an explicit zone and the right weekday; lastBuildDate, if
  present, likewise; an atom:link rel="self", if present, points at this file.
Atom (atom.xml), RFC 4287, read with xml.etree:
  root atom:feed (namespace http://www.w3.org/2005/Atom) with exactly one id (absolute IRI),
  title and updated (RFC 3339 with offset), a link rel="self" pointing at this file, and
  authors (on the feed or on every entry, each with a name); every entry has exactly one id
  (absolute IRI, unique in the feed), title and updated, an alternate link with an absolute
  http(s) href, and content or summary; published, if present, is RFC 3339; text constructs
  have type text|html|xhtml.
RSS and Atom, read with feedparser (an independent, lenient parser): not bozo, the expected
  version (rss20 / atom10), and every entry has an id, a title, an absolute http(s) link and a
  published or updated date.
JSON Feed (feed.json): tests/schemas/jsonfeed-1.1.json (JSON Schema 2020-12, via jsonschema),
  then: item ids unique, every item has a title, an absolute http(s) url and date_published or
  date_modified; home_page_url is absolute http(s); feed_url points at this file.

Exit status: 0 valid (prints one JSON line of counts), 1 invalid (one "<file>: <problem>" line
per problem on stderr), 2 bad usage, 3 feedparser or jsonschema (>= 4.18) is not
installed, 4 the validator itself crashed (traceback on stderr).
"""

from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from _common import (
    Report,
    is_absolute_uri,
    is_http_url,
    load_json,
    parse_args,
    parse_rfc3339,
    require,
    run,
    schema_errors,
    schema_validator,
    shorten,
)

TOOL = "check_feeds"
ATOM = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM}}}"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_NAMES = ("rss.xml", "atom.xml", "feed.json")

RFC822_RE = re.compile(
    r"^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|GMT|UT|Z|[ECMP][SD]T)$"
)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def main() -> None:
    args = parse_args(TOOL, __doc__)
    out: Path = args.output_dir
    feedparser = require(TOOL, "feedparser", "feedparser")
    jsonfeed = schema_validator(TOOL, "jsonfeed-1.1.json")
    report = Report(TOOL, out)

    found = {name: sorted(out.rglob(name)) for name in FEED_NAMES}
    for name in FEED_NAMES:
        if not (out / name).is_file():
            report.error(out / name, "is missing (the site-wide feeds rss.xml, atom.xml and feed.json are required)")

    counts: dict[Path, dict[str, int]] = defaultdict(dict)
    for path in found["rss.xml"]:
        counts[path.parent]["rss.xml"] = check_rss(path, report, feedparser)
    for path in found["atom.xml"]:
        counts[path.parent]["atom.xml"] = check_atom(path, report, feedparser)
    for path in found["feed.json"]:
        counts[path.parent]["feed.json"] = check_json_feed(path, report, jsonfeed)

    for folder, per_format in sorted(counts.items()):
        for name in FEED_NAMES:
            if name not in per_format:
                present = ", ".join(sorted(per_format))
                report.error(folder / name, f"is missing: this folder has {present}, so it needs all of {', '.join(FEED_NAMES)}")
        known = {k: v for k, v in per_format.items() if v is not None}
        if len(set(known.values())) > 1:
            shown = ", ".join(f"{k} {v}" for k, v in sorted(known.items()))
            report.error(folder / "feed.json" if folder == out else folder, f"the feeds here disagree on the number of entries ({shown})")

    report.finish({
        "feeds": sum(len(v) for v in found.values()),
        "rss": len(found["rss.xml"]),
        "atom": len(found["atom.xml"]),
        "json_feed": len(found["feed.json"]),
        "folders": len(counts),
        "entries": sum(v for c in counts.values() for v in c.values() if v is not None),
    })


# ------------------------------------------------------------------------------- helpers


def parse_xml(path: Path, report: Report):
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        report.error(path, f"is not well-formed XML: {exc}")
    except OSError as exc:
        report.error(path, f"cannot be read: {exc}")
    return None


def text_of(el) -> str:
    return (el.text or "").strip() if el is not None else ""


def self_link_ok(href: str, path: Path, report: Report) -> bool:
    """A self link must be absolute and end with this file's path inside the site."""
    rel = report.rel(path)
    return is_http_url(href) and href.split("?")[0].split("#")[0].endswith("/" + rel)


def check_rfc822(value: str) -> str | None:
    """None if `value` is a valid RFC 822 date with an explicit zone, else what is wrong."""
    m = RFC822_RE.match(value)
    if not m:
        return "is not an RFC 822 date such as 'Wed, 29 Mar 2023 10:00:00 +0800'"
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return "is not a real date"
    if m.group(8) == "-0000" or parsed.tzinfo is None:
        return "has no usable time zone (-0000 means 'unknown')"
    if m.group(1) and WEEKDAYS[parsed.weekday()] != m.group(1):
        return f"says {m.group(1)} but that date is a {WEEKDAYS[parsed.weekday()]}"
    return None


def feedparser_checks(path: Path, report: Report, feedparser, version: str, expected: int) -> None:
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        report.error(path, f"feedparser finds it malformed (bozo): {shorten(str(parsed.get('bozo_exception')))}")
    if parsed.version != version:
        report.error(path, f"feedparser reads it as {parsed.version or 'an unknown format'!r}, not {version!r}")
    if len(parsed.entries) != expected:
        report.error(path, f"feedparser finds {len(parsed.entries)} entries, the XML has {expected}")
    for i, entry in enumerate(parsed.entries, 1):
        where = f"entry {i} as read by feedparser"
        if not (entry.get("id") or "").strip():
            report.error(path, f"{where}: no id")
        if not (entry.get("title") or "").strip():
            report.error(path, f"{where}: no title")
        if not is_http_url(entry.get("link")):
            report.error(path, f"{where}: link {entry.get('link')!r} is not an absolute http(s) URL")
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            report.error(path, f"{where}: no published or updated date it can read")


# ------------------------------------------------------------------------------- RSS 2.0


def check_rss(path: Path, report: Report, feedparser) -> int | None:
    root = parse_xml(path, report)
    if root is None:
        return None
    before = report.count(path)
    if root.tag != "rss" or root.get("version") != "2.0":
        report.error(path, f"root element is <{root.tag} version={root.get('version')!r}>, expected <rss version=\"2.0\">")
        return None
    channels = root.findall("channel")
    if len(channels) != 1:
        report.error(path, f"has {len(channels)} <channel> elements, expected exactly 1")
        return None
    channel = channels[0]
    for tag in ("title", "link", "description"):
        if channel.find(tag) is None:
            report.error(path, f"<channel> has no <{tag}> (required by RSS 2.0)")
    link = text_of(channel.find("link"))
    if channel.find("link") is not None and not is_http_url(link):
        report.error(path, f"<channel><link> {link!r} is not an absolute http(s) URL")
    for tag in ("lastBuildDate", "pubDate"):
        el = channel.find(tag)
        if el is not None and (why := check_rfc822(text_of(el))):
            report.error(path, f"<channel><{tag}> {text_of(el)!r} {why}")
    for self_link in channel.findall(f"{A}link"):
        if self_link.get("rel") == "self" and not self_link_ok(self_link.get("href", ""), path, report):
            report.error(path, f"atom:link rel=\"self\" href {self_link.get('href')!r} does not point at this file")

    items = channel.findall("item")
    guids: dict[str, int] = {}
    for i, item in enumerate(items, 1):
        where = f"<item> {i}"
        title = item.find("title")
        if not text_of(title):
            report.error(path, f"{where}: no <title> (or it is empty)")
        link = text_of(item.find("link"))
        if not is_http_url(link):
            report.error(path, f"{where}: <link> {link!r} is not an absolute http(s) URL")
        guid_el = item.find("guid")
        guid = text_of(guid_el)
        if not guid:
            report.error(path, f"{where}: no <guid> (or it is empty)")
        else:
            if guid in guids:
                report.error(path, f"{where}: <guid> {guid!r} repeats item {guids[guid]}'s")
            guids.setdefault(guid, i)
            permalink = (guid_el.get("isPermaLink") or "true").strip()
            if permalink not in ("true", "false"):
                report.error(path, f"{where}: <guid isPermaLink={permalink!r}>, expected \"true\" or \"false\"")
            elif permalink == "true" and not is_http_url(guid):
                report.error(path, f"{where}: <guid> {guid!r} is a permalink (isPermaLink is not \"false\") but not an absolute http(s) URL")
        pub = item.find("pubDate")
        if pub is None:
            report.error(path, f"{where}: no <pubDate>")
        elif why := check_rfc822(text_of(pub)):
            report.error(path, f"{where}: <pubDate> {text_of(pub)!r} {why}")
    if report.count(path) == before:  # feedparser's view only adds news when the XML is sound
        feedparser_checks(path, report, feedparser, "rss20", len(items))
    return len(items)


# ------------------------------------------------------------------------------- Atom


def check_text_construct(el, where: str, path: Path, report: Report) -> None:
    kind = el.get("type", "text")
    if kind not in ("text", "html", "xhtml"):
        report.error(path, f"{where}: type={kind!r}, expected text, html or xhtml")
    elif kind == "xhtml":
        kids = list(el)
        if len(kids) != 1 or kids[0].tag != f"{{{XHTML}}}div":
            report.error(path, f"{where}: type=\"xhtml\" content must be a single xhtml:div")


def exactly_one(parent, tag: str, where: str, path: Path, report: Report):
    found = parent.findall(f"{A}{tag}")
    if len(found) != 1:
        report.error(path, f"{where} has {len(found)} atom:{tag} elements, RFC 4287 requires exactly 1")
    return found[0] if found else None


def check_person(person, where: str, path: Path, report: Report) -> None:
    if not text_of(person.find(f"{A}name")):
        report.error(path, f"{where}: atom:author has no atom:name")
    uri = person.find(f"{A}uri")
    if uri is not None and not is_absolute_uri(text_of(uri)):
        report.error(path, f"{where}: atom:author/atom:uri {text_of(uri)!r} is not an absolute URI")


def check_date(el, where: str, path: Path, report: Report) -> None:
    if el is not None and parse_rfc3339(text_of(el)) is None:
        report.error(path, f"{where}: {text_of(el)!r} is not an RFC 3339 date-time with an offset or Z")


def alternate_links(parent) -> list:
    return [l for l in parent.findall(f"{A}link") if l.get("rel", "alternate") == "alternate"]


def check_atom(path: Path, report: Report, feedparser) -> int | None:
    root = parse_xml(path, report)
    if root is None:
        return None
    before = report.count(path)
    if root.tag != f"{A}feed":
        report.error(path, f"root element is {root.tag!r}, expected <feed xmlns=\"{ATOM}\">")
        return None

    fid = exactly_one(root, "id", "atom:feed", path, report)
    if fid is not None and not is_absolute_uri(text_of(fid)):
        report.error(path, f"atom:feed/atom:id {text_of(fid)!r} is not an absolute IRI")
    title = exactly_one(root, "title", "atom:feed", path, report)
    if title is not None:
        check_text_construct(title, "atom:feed/atom:title", path, report)
    check_date(exactly_one(root, "updated", "atom:feed", path, report), "atom:feed/atom:updated", path, report)
    links = root.findall(f"{A}link")
    for link in links:
        if not link.get("href"):
            report.error(path, "atom:feed has an atom:link without href")
    selfs = [l for l in links if l.get("rel") == "self"]
    if not selfs:
        report.error(path, "atom:feed has no atom:link rel=\"self\"")
    for link in selfs:
        if not self_link_ok(link.get("href", ""), path, report):
            report.error(path, f"atom:link rel=\"self\" href {link.get('href')!r} is not an absolute URL of this file")
    pairs = [(l.get("type"), l.get("hreflang")) for l in alternate_links(root)]
    if len(pairs) != len(set(pairs)):
        report.error(path, "atom:feed has more than one rel=\"alternate\" link with the same type and hreflang")
    feed_authors = root.findall(f"{A}author")
    for author in feed_authors:
        check_person(author, "atom:feed", path, report)

    entries = root.findall(f"{A}entry")
    ids: dict[str, int] = {}
    authorless: list[int] = []
    for i, entry in enumerate(entries, 1):
        where = f"atom:entry {i}"
        eid = exactly_one(entry, "id", where, path, report)
        if eid is not None:
            value = text_of(eid)
            if not is_absolute_uri(value):
                report.error(path, f"{where}: atom:id {value!r} is not an absolute IRI")
            if value in ids:
                report.error(path, f"{where}: atom:id {value!r} repeats entry {ids[value]}'s")
            ids.setdefault(value, i)
        etitle = exactly_one(entry, "title", where, path, report)
        if etitle is not None:
            check_text_construct(etitle, f"{where}/atom:title", path, report)
            if not "".join(etitle.itertext()).strip():
                report.error(path, f"{where}: atom:title is empty")
        check_date(exactly_one(entry, "updated", where, path, report), f"{where}/atom:updated", path, report)
        check_date(entry.find(f"{A}published"), f"{where}/atom:published", path, report)
        alternates = alternate_links(entry)
        if not alternates:
            report.error(path, f"{where}: no atom:link rel=\"alternate\" (the incident's page)")
        for link in alternates:
            if not is_http_url(link.get("href")):
                report.error(path, f"{where}: atom:link href {link.get('href')!r} is not an absolute http(s) URL")
        content = entry.find(f"{A}content")
        summary = entry.find(f"{A}summary")
        if content is None and summary is None:
            report.error(path, f"{where}: has neither atom:content nor atom:summary")
        if summary is not None:
            check_text_construct(summary, f"{where}/atom:summary", path, report)
        if content is not None:
            if content.get("src") is not None:
                if content.text or len(content):
                    report.error(path, f"{where}: atom:content with src must be empty")
            elif content.get("type", "text") in ("text", "html", "xhtml"):
                check_text_construct(content, f"{where}/atom:content", path, report)
        if not feed_authors:
            authors = entry.findall(f"{A}author")
            if not authors:
                authorless.append(i)
            for author in authors:
                check_person(author, where, path, report)
    if authorless:
        shown = ", ".join(map(str, authorless[:5])) + (", …" if len(authorless) > 5 else "")
        report.error(path, f"atom:feed has no atom:author and neither do entries {shown}; RFC 4287 4.1.1 requires "
                           "an author on the feed or on every entry")
    if report.count(path) == before:
        feedparser_checks(path, report, feedparser, "atom10", len(entries))
    return len(entries)


# ------------------------------------------------------------------------------- JSON Feed


def check_json_feed(path: Path, report: Report, validator) -> int | None:
    ok, feed = load_json(path, report)
    if not ok:
        return None
    lines = schema_errors(validator, feed)
    for line in lines:
        report.error(path, line)
    if lines:
        return len(feed["items"]) if isinstance(feed, dict) and isinstance(feed.get("items"), list) else None
    if "home_page_url" in feed and not is_http_url(feed["home_page_url"]):
        report.error(path, f"$.home_page_url {feed['home_page_url']!r} is not an absolute http(s) URL")
    if "feed_url" not in feed:
        report.error(path, "$.feed_url is missing (it should be this file's absolute URL)")
    elif not self_link_ok(feed["feed_url"], path, report):
        report.error(path, f"$.feed_url {feed['feed_url']!r} is not an absolute URL of this file")
    ids: dict[str, int] = {}
    for i, item in enumerate(feed["items"]):
        where = f"$.items[{i}]"
        if item["id"] in ids:
            report.error(path, f"{where}: id {item['id']!r} repeats $.items[{ids[item['id']]}]'s")
        ids.setdefault(item["id"], i)
        if not item.get("title", "").strip():
            report.error(path, f"{where}: no title")
        if "url" not in item:
            report.error(path, f"{where}: no url (the entry's page)")
        elif not is_http_url(item["url"]):
            report.error(path, f"{where}: url {item['url']!r} is not an absolute http(s) URL")
        if "date_published" not in item and "date_modified" not in item:
            report.error(path, f"{where}: has neither date_published nor date_modified")
    return len(feed["items"])


if __name__ == "__main__":
    run(TOOL, main)
