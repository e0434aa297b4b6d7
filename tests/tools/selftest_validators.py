#!/usr/bin/env python3
"""Self-test for the output validators in tests/tools (check_*.py).

Usage: python3 tests/tools/selftest_validators.py [-v]

Runs every validator on the small valid site in tests/fixtures/validators/site (must exit 0),
then on copies of it with one defect each (must exit 1 and name the defect), and checks that a
missing Python package gives exit 3. Prints one line per case and a closing
"N passed, N failed" line; exits 1 if any case failed. -v also prints the validators' output.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
FIXTURE = TOOLS.parent / "fixtures" / "validators" / "site"
VERBOSE = "-v" in sys.argv[1:]


# ------------------------------------------------------------------------- mutation helpers


def edit_json(rel, fn):
    def apply(site: Path):
        path = site / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        fn(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return apply


def edit_text(rel, old, new, count=1):
    def apply(site: Path):
        path = site / rel
        raw = path.read_bytes()
        old_b, new_b = old.encode(), new.encode()
        assert old_b in raw, f"fixture text {old!r} not found in {rel}"
        path.write_bytes(raw.replace(old_b, new_b, count))
    return apply


def edit_re(rel, pattern, repl, count=1):
    def apply(site: Path):
        path = site / rel
        raw = path.read_bytes()
        new, n = re.subn(pattern.encode(), repl.encode(), raw, count=count)
        assert n, f"fixture pattern {pattern!r} not found in {rel}"
        path.write_bytes(new)
    return apply


def split_character(rel, char):
    """Folds a line in the middle of `char`'s UTF-8 bytes (a classic folding bug)."""
    def apply(site: Path):
        path = site / rel
        raw, b = path.read_bytes(), char.encode()
        assert b in raw, f"fixture character {char!r} not found in {rel}"
        path.write_bytes(raw.replace(b, b[:1] + b"\r\n " + b[1:], 1))
    return apply


def remove(rel):
    return lambda site: (site / rel).unlink()


def both(*fns):
    def apply(site):
        for fn in fns:
            fn(site)
    return apply


def set_path(data, path, value):
    for key in path[:-1]:
        data = data[key]
    if value is DELETE:
        del data[path[-1]]
    else:
        data[path[-1]] = value


DELETE = object()


def jset(rel, path, value):
    return edit_json(rel, lambda d: set_path(d, path, value))


API = "api/v2/"
INC = API + "incidents.json"

# (validator, what is broken, mutation, text the report must contain)
CASES = [
    # ---- check_api
    ("api", "component status not in enum", jset(API + "components.json", ["components", 1, "status"], "down"),
     "components.json: $.components[1].status: 'down' is not one of"),
    ("api", "timestamp without offset", jset(INC, ["incidents", 0, "created_at"], "2026-11-20T09:00:00"),
     "$.incidents[0].created_at: '2026-11-20T09:00:00' is not an RFC 3339 date-time"),
    ("api", "impossible date", jset(INC, ["incidents", 0, "updated_at"], "2026-02-30T09:00:00+08:00"),
     "is not an RFC 3339 date-time"),
    ("api", "required key missing", jset(API + "components.json", ["components", 0, "description"], DELETE),
     "'description' is a required property"),
    ("api", "camelCase key", jset(API + "status.json", ["page", "timeZone"], "UTC"), "property name 'timeZone' is not lower_snake_case"),
    ("api", "start_date not YYYY-MM-DD", jset(API + "components.json", ["components", 1, "start_date"], "2023/01/01"),
     "is not a YYYY-MM-DD date"),
    ("api", "position not integer", jset(API + "components.json", ["components", 1, "position"], "1"), "'1' is not of type 'integer'"),
    ("api", "group component without member list", jset(API + "components.json", ["components", 0, "components"], DELETE),
     "'components' is a required property"),
    ("api", "member list on a non-group", jset(API + "components.json", ["components", 1, "components"], []),
     "'components' (member list) belongs only on group components"),
    ("api", "affected_components not array/null", jset(INC, ["incidents", 0, "incident_updates", 0, "affected_components"], {}),
     "is not of type 'array', 'null'"),
    ("api", "maintenance status on an incident", jset(INC, ["incidents", 1, "status"], "completed"),
     "$.incidents[1].status: 'completed' is not one of"),
    ("api", "file missing", remove(API + "scheduled-maintenances/active.json"), "scheduled-maintenances/active.json: is missing"),
    ("api", "duplicate JSON key", edit_text(API + "status.json", '"indicator": "minor",', '"indicator": "minor", "indicator": "none",'),
     "duplicate key 'indicator'"),
    ("api", "update incident_id wrong", jset(INC, ["incidents", 1, "incident_updates", 1, "incident_id"], "other"),
     "incident_id 'other' is not its incident's id"),
    ("api", "updates oldest first", edit_json(INC, lambda d: d["incidents"][1]["incident_updates"].reverse()),
     "updates must be newest first"),
    ("api", "incidents oldest first", edit_json(INC, lambda d: d["incidents"].reverse()), "incidents must be newest first"),
    ("api", "group list misses a member", edit_json(API + "components.json", lambda d: d["components"][0]["components"].pop()),
     "is missing from its components list"),
    ("api", "group_id names no component", jset(API + "components.json", ["components", 1, "group_id"], "nope"),
     "group_id 'nope' is not the id of any component"),
    ("api", "unresolved.json lacks an open incident", jset(API + "incidents/unresolved.json", ["incidents"], []),
     "'2026-11-20-pay-latency' is missing; it must hold"),
    ("api", "page differs between files", jset(API + "status.json", ["page", "name"], "Other"), "$.page differs from summary.json's page (keys: name)"),
    ("api", "newest update disagrees with status", jset(INC, ["incidents", 0, "incident_updates", 0, "status"], "identified"),
     "but the newest update (incident_updates[0]) says 'identified'"),
    ("api", "resolved without resolved_at", jset(INC, ["incidents", 1, "resolved_at"], None), "status is 'resolved' but resolved_at is null"),
    ("api", "status.json differs from summary", jset(API + "status.json", ["status", "indicator"], "major"), "differs from summary.json's"),
    # ---- check_feeds
    ("feeds", "RSS pubDate without zone", edit_re("rss.xml", r"(<pubDate>[^<]*) \+0800", r"\1"), "is not an RFC 822 date"),
    ("feeds", "RSS pubDate wrong weekday", edit_re("rss.xml", r"<pubDate>\w\w\w,", "<pubDate>Sun,"), "but that date is a"),
    ("feeds", "RSS relative item link", edit_re("rss.xml", r"<link>https://status.example.com/incidents/", "<link>/incidents/"),
     "<link> '/incidents/"),
    ("feeds", "RSS duplicate guid", edit_re("components/wechat/rss.xml", r"(<guid[^>]*>)[^<]*", r"\1https://status.example.com/x", count=2),
     "repeats item 1's"),
    ("feeds", "RSS malformed XML", edit_text("rss.xml", "</channel>", "</chanel>"), "rss.xml: is not well-formed XML"),
    ("feeds", "Atom without rel=self", edit_re("atom.xml", r'<link rel="self"[^>]*/>\n', ""), 'has no atom:link rel="self"'),
    ("feeds", "Atom self link to another file", edit_text("components/qq/atom.xml", 'components/qq/atom.xml"/>', 'atom.xml"/>'),
     "is not an absolute URL of this file"),
    ("feeds", "Atom entry without updated", edit_re("atom.xml", r"<entry>(\s*<id>[^<]*</id>\s*<title>[^<]*</title>)\s*<updated>[^<]*</updated>", r"<entry>\1"),
     "atom:entry 1 has 0 atom:updated elements"),
    ("feeds", "Atom wrong namespace", edit_text("atom.xml", 'xmlns="http://www.w3.org/2005/Atom"', 'xmlns="http://purl.org/atom/ns#"'),
     "expected <feed xmlns=\"http://www.w3.org/2005/Atom\">"),
    ("feeds", "Atom date without zone", edit_re("atom.xml", r"<updated>([^<]*)\+08:00</updated>", r"<updated>\1</updated>"),
     "is not an RFC 3339 date-time"),
    ("feeds", "Atom no author anywhere", edit_re("atom.xml", r"\s*<author>.*?</author>", ""), "atom:feed has no atom:author and neither do entries 1, 2, 3, 4, 5"),
    ("feeds", "JSON Feed version 1.0", jset("feed.json", ["version"], "https://jsonfeed.org/version/1"), "$.version: 'https://jsonfeed.org/version/1.1' was expected"),
    ("feeds", "JSON Feed misspelled key", edit_json("feed.json", lambda d: d["items"][0].update(date_publised="x")),
     "unexpected property 'date_publised' (not in the spec"),
    ("feeds", "JSON Feed item without content", edit_json("feed.json", lambda d: d["items"][0].pop("content_html")),
     "'content_html' is a required property | 'content_text' is a required property"),
    ("feeds", "JSON Feed numeric id", jset("feed.json", ["items", 0, "id"], 7), "$.items[0].id: 7 is not of type 'string'"),
    ("feeds", "JSON Feed feed_url elsewhere", jset("components/qq/feed.json", ["feed_url"], "https://status.example.com/feed.json"),
     "is not an absolute URL of this file"),
    ("feeds", "feed trio incomplete", remove("components/qq/login/atom.xml"), "components/qq/login/atom.xml: is missing: this folder has"),
    ("feeds", "entry counts disagree", edit_json("components/qq/feed.json", lambda d: d["items"].pop()), "disagree on the number of entries"),
    # ---- check_ics
    ("ics", "LF line endings", lambda s: (s / "maintenance.ics").write_bytes((s / "maintenance.ics").read_bytes().replace(b"\r\n", b"\n")),
     "ends in a bare LF"),
    ("ics", "unfolded long line", edit_re("maintenance.ics", r"\r\n ", "", count=1), "octets, longer than 75"),
    ("ics", "fold splits a UTF-8 character", split_character("maintenance.ics", "存"),
     "folding splits a multi-byte UTF-8 character"),
    ("ics", "DTSTART in UTC without TZID", edit_re("maintenance.ics", r"DTSTART;TZID=Asia/Shanghai:(\d{8}T\d{6})", r"DTSTART:\1Z"),
     "has no TZID parameter"),
    ("ics", "TZID without VTIMEZONE", edit_text("maintenance.ics", "DTEND;TZID=Asia/Shanghai", "DTEND;TZID=Europe/Paris"),
     "DTEND TZID='Europe/Paris' has no matching VTIMEZONE"),
    ("ics", "no DTSTAMP", edit_re("maintenance.ics", r"DTSTAMP:[^\r]*\r\n", ""), "no DTSTAMP"),
    ("ics", "DTSTAMP not UTC", edit_re("maintenance.ics", r"(DTSTAMP:\d{8}T\d{6})Z", r"\1"), "must be a UTC date-time"),
    ("ics", "duplicate UID", edit_re("maintenance.ics", r"UID:[^\r]*", "UID:same@x", count=2), "UID 'same@x' is used by the event at line"),
    ("ics", "bad STATUS", edit_text("maintenance.ics", "STATUS:CONFIRMED", "STATUS:DONE"), "STATUS 'DONE' is not one of"),
    ("ics", "unescaped comma", edit_text("maintenance.ics", "SUMMARY:Login migration", "SUMMARY:Login, migration"), "SUMMARY has an unescaped ','"),
    ("ics", "no VERSION", edit_text("maintenance.ics", "VERSION:2.0\r\n", ""), "VCALENDAR has 0 VERSION properties"),
    ("ics", "DTEND before DTSTART", edit_re("maintenance.ics", r"DTEND;TZID=Asia/Shanghai:\d{8}T\d{6}", "DTEND;TZID=Asia/Shanghai:20000101T000000"),
     "is not after DTSTART"),
    ("ics", "product event not in site calendar", edit_text("components/qq/maintenance.ics", "UID:2026-12-01-qq-storage@", "UID:other@"),
     "is not in the site-wide maintenance.ics"),
    ("ics", "empty VCALENDAR", lambda s: (s / "maintenance.ics").write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n"),
     "VCALENDAR has no component"),
    ("ics", "unbalanced BEGIN/END", edit_text("maintenance.ics", "END:VEVENT\r\n", ""), "does not close BEGIN:VEVENT"),
    # ---- check_badges
    ("badges", "SVG without <title>", edit_re("badges/status.svg", r"<title>.*?</title>", ""), "has no non-empty <title>"),
    ("badges", "SVG without namespace", edit_text("badges/qq.svg", ' xmlns="http://www.w3.org/2000/svg"', ""), "badges/qq.svg: root element is 'svg'"),
    ("badges", "SVG without role or aria-label", edit_re("badges/wechat/pay.svg", r' role="img" aria-label="[^"]*"', ""), "neither role=\"img\" nor a non-empty aria-label"),
    ("badges", "endpoint without color", jset("badges/qq/login.json", ["color"], DELETE), "badges/qq/login.json: $: 'color' is a required property"),
    ("badges", "schemaVersion as string", jset("badges/status.json", ["schemaVersion"], "1"), "$.schemaVersion: 1 was expected"),
    ("badges", "unknown endpoint key", jset("badges/status.json", ["colour"], "red"), "unexpected property 'colour'"),
    ("badges", "SVG without its JSON", remove("badges/wechat.json"), "badges/wechat.json: is missing"),
    ("badges", "SVG and JSON disagree", jset("badges/qq.json", ["message"], "major outage"), "does not show the message 'major outage'"),
    ("badges", "status badge missing", both(remove("badges/status.svg"), remove("badges/status.json")), "badges/status.svg: is missing"),
    # ---- check_sitemap
    ("sitemap", "loc to a missing page", edit_text("sitemap.xml", "history/", "archive/"), "maps to archive/index.html, which does not exist"),
    ("sitemap", "relative loc", edit_text("sitemap.xml", "<loc>https://status.example.com/history/", "<loc>/history/"), "is not an absolute http(s) URL"),
    ("sitemap", "folder URL without slash", edit_text("sitemap.xml", "history/</loc>", "history</loc>"), "names a folder; end it with '/'"),
    ("sitemap", "wrong namespace", edit_text("sitemap.xml", "sitemaps.org/schemas/sitemap/0.9", "google.com/schemas/sitemap/0.84"), "root element is"),
    ("sitemap", "non-ASCII loc", edit_text("sitemap.xml", "history/</loc>", "历史/</loc>"), "has non-ASCII characters"),
    ("sitemap", "robots.txt without Sitemap", edit_re("robots.txt", r"Sitemap:[^\n]*\n", ""), "has no 'Sitemap:"),
    ("sitemap", "robots.txt missing", remove("robots.txt"), "robots.txt: is missing"),
    ("sitemap", "home page not listed", edit_re("sitemap.xml", r"<url><loc>https://status.example.com/</loc>.*?</url>", ""),
     "the home page https://status.example.com/ is not listed"),
]

# validator run with extra arguments on the valid fixture, and must fail
ARG_CASES = [
    ("sitemap", "--base-url for another site", ["--base-url", "https://other.example.org/status/"], "is not under the base URL"),
]


def run(tool: str, site: Path, extra=(), env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOLS / f"check_{tool}.py"), str(site), *extra],
                          capture_output=True, text=True, env=env, timeout=120)


def main() -> int:
    passed = failed = 0

    def outcome(ok: bool, label: str, proc: subprocess.CompletedProcess | None, why: str = "") -> None:
        nonlocal passed, failed
        passed += ok
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {label}{'' if ok else ' — ' + why}")
        if proc is not None and (VERBOSE or not ok):
            for line in (proc.stdout + proc.stderr).strip().splitlines():
                print(f"       | {line}")

    tools = sorted({c[0] for c in CASES})
    for tool in tools:
        proc = run(tool, FIXTURE)
        ok = proc.returncode == 0 and proc.stdout.count("\n") == 1 and json.loads(proc.stdout)["ok"] is True
        outcome(ok, f"{tool}: valid fixture passes", proc, f"exit {proc.returncode}")

    with tempfile.TemporaryDirectory() as tmp:
        for i, (tool, label, mutate, expected) in enumerate(CASES):
            site = Path(tmp) / f"case{i}"
            shutil.copytree(FIXTURE, site)
            try:
                mutate(site)
            except AssertionError as exc:
                outcome(False, f"{tool}: {label}", None, f"could not apply: {exc}")
                continue
            proc = run(tool, site)
            if proc.returncode != 1:
                outcome(False, f"{tool}: {label}", proc, f"exit {proc.returncode}, expected 1")
            elif expected not in proc.stderr:
                outcome(False, f"{tool}: {label}", proc, f"output lacks {expected!r}")
            else:
                outcome(True, f"{tool}: {label}", proc)
        for tool, label, extra, expected in ARG_CASES:
            proc = run(tool, FIXTURE, extra)
            ok = proc.returncode == 1 and expected in proc.stderr
            outcome(ok, f"{tool}: {label}", proc, f"exit {proc.returncode}")

        # exit 2: not a directory; exit 3: a required package cannot be imported
        for tool in tools:
            proc = run(tool, Path(tmp) / "does-not-exist")
            outcome(proc.returncode == 2, f"{tool}: missing output dir is exit 2", proc, f"exit {proc.returncode}")
        blocker = Path(tmp) / "blocker"
        blocker.mkdir()
        for module in ("jsonschema", "feedparser", "ical"):
            (blocker / f"{module}.py").write_text("raise ImportError('hidden by selftest')\n")
        env = {"PYTHONPATH": str(blocker), "PATH": "/usr/bin:/bin"}
        for tool in ("api", "feeds", "ics", "badges"):
            proc = run(tool, FIXTURE, env=env)
            ok = proc.returncode == 3 and "is not installed" in proc.stderr
            outcome(ok, f"{tool}: missing package is exit 3", proc, f"exit {proc.returncode}")
        # check_rss.py (used by tests/suite/build/end_to_end.rs) takes one feed file, not the output folder.
        proc = subprocess.run([sys.executable, str(TOOLS / "check_rss.py"), str(FIXTURE / "rss.xml")],
                              capture_output=True, text=True, env=env, timeout=120)
        ok = proc.returncode == 3 and "is not installed" in proc.stderr and "pip install -r" in proc.stderr
        outcome(ok, "rss: missing package is exit 3", proc, f"exit {proc.returncode}")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
