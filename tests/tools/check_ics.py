#!/usr/bin/env python3
"""Validates every iCalendar (.ics) file of a built Bulletin site (RFC 5545).

Usage: python3 tests/tools/check_ics.py <output-dir>

Finds every *.ics under <output-dir> (maintenance.ics at the root is required) and checks:

Raw bytes: UTF-8 without BOM; CRLF line endings only (no bare LF or CR), ending in CRLF; no
  blank line; no physical line longer than 75 octets; folding never splits a UTF-8 character
  (each physical line decodes on its own); continuation lines start with a space or tab.
Structure (own unfolding and content-line parsing): one VCALENDAR with VERSION:2.0 and a
  PRODID, balanced BEGIN/END, at least one component (RFC 5545 requires one; keep the
  VTIMEZONE when there is no event); each VTIMEZONE has a unique TZID and STANDARD/DAYLIGHT
  parts with DTSTART, TZOFFSETFROM, TZOFFSETTO; each VEVENT has exactly one UID (unique in the
  file), DTSTAMP in UTC (…Z), DTSTART and DTEND as local date-times with a TZID parameter
  naming a VTIMEZONE of the file (not UTC, not floating), DTEND after DTSTART, a non-empty
  SUMMARY, STATUS TENTATIVE|CONFIRMED|CANCELLED and an absolute http(s) URL; properties
  allowed once appear at most once; TEXT values (SUMMARY, DESCRIPTION, LOCATION, COMMENT)
  escape ',' ';' and '\\' correctly.
Independent parse with the `ical` package (allenporter/ical, IcsCalendarStream), which must
  accept the file and find the same number of events.
Across files: every event of a components/<product>/maintenance.ics is also in the site-wide
  maintenance.ics (same UID) with the same DTSTART, DTEND and SUMMARY.

Exit status: 0 valid (prints one JSON line of counts), 1 invalid (one "<file>: <problem>" line
per problem on stderr), 2 bad usage, 3 the `ical` package is not
installed, 4 the validator itself crashed (traceback on stderr).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from _common import Report, die_missing, is_http_url, parse_args, require, run, shorten

TOOL = "check_ics"
MAX_OCTETS = 75
EVENT_STATUS = {"TENTATIVE", "CONFIRMED", "CANCELLED"}
# VEVENT properties that RFC 5545 3.6.1 allows at most once.
EVENT_ONCE = {"CLASS", "CREATED", "DESCRIPTION", "DTSTART", "GEO", "LAST-MODIFIED", "LOCATION", "ORGANIZER",
              "PRIORITY", "DTSTAMP", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "UID", "URL", "RECURRENCE-ID",
              "DTEND", "DURATION"}
TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT"}
LOCAL_DT_RE = re.compile(r"^\d{8}T\d{6}$")
UTC_DT_RE = re.compile(r"^\d{8}T\d{6}Z$")
OFFSET_RE = re.compile(r"^[+-]\d{4}(\d{2})?$")


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str
    line: int  # physical line number where the (unfolded) content line starts


@dataclass
class Component:
    name: str
    line: int
    props: list[Prop] = field(default_factory=list)
    children: list["Component"] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def one(self, name: str) -> Prop | None:
        found = self.all(name)
        return found[0] if found else None


def main() -> None:
    args = parse_args(TOOL, __doc__)
    out: Path = args.output_dir
    require(TOOL, "ical", "ical")
    try:
        from ical.calendar_stream import IcsCalendarStream
    except ImportError as exc:
        die_missing(TOOL, f"the installed 'ical' package has no ical.calendar_stream.IcsCalendarStream ({exc})")

    report = Report(TOOL, out)
    files = sorted(out.rglob("*.ics"))
    if not (out / "maintenance.ics").is_file():
        report.error(out / "maintenance.ics", "is missing (the site-wide maintenance calendar is required)")

    events_by_file: dict[Path, dict[str, Component]] = {}
    timezones: set[str] = set()
    for path in files:
        text = check_bytes(path, report)
        if text is None:
            continue
        calendar = parse_structure(path, text, report)
        if calendar is None:
            continue
        events = check_calendar(path, calendar, report)
        events_by_file[path] = events
        timezones.update(p.value for tz in calendar.children if tz.name == "VTIMEZONE" for p in tz.all("TZID"))
        try:
            parsed = IcsCalendarStream.calendar_from_ics(text)
        except Exception as exc:  # ical raises CalendarParseError, pydantic errors, ValueError…
            report.error(path, f"the ical package rejects it: {shorten(str(exc), 400)}")
            continue
        n_raw = sum(1 for c in calendar.children if c.name == "VEVENT")
        if len(parsed.events) != n_raw:
            report.error(path, f"the ical package finds {len(parsed.events)} events, the file has {n_raw} VEVENTs")

    site = events_by_file.get(out / "maintenance.ics")
    if site is not None and report.count(out / "maintenance.ics") == 0:  # compare only with a sound site calendar
        for path, events in events_by_file.items():
            if path == out / "maintenance.ics" or not report.rel(path).startswith("components/"):
                continue
            for uid, event in events.items():
                if uid not in site:
                    report.error(path, f"event UID {uid!r} (line {event.line}) is not in the site-wide maintenance.ics")
                    continue
                for name in ("DTSTART", "DTEND", "SUMMARY"):
                    mine, theirs = event.one(name), site[uid].one(name)
                    if (mine and (mine.params.get("TZID"), mine.value)) != (theirs and (theirs.params.get("TZID"), theirs.value)):
                        report.error(path, f"event UID {uid!r}: {name} differs from the same event in maintenance.ics")

    report.finish({
        "calendars": len(files),
        "events": sum(len(e) for e in events_by_file.values()),
        "timezones": sorted(timezones),
    })


# ------------------------------------------------------------------------------- raw bytes


def check_bytes(path: Path, report: Report) -> str | None:
    """Checks encoding, line endings, folding and line lengths; returns the text if decodable."""
    raw = path.read_bytes()
    if not raw:
        report.error(path, "is empty")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        report.error(path, "starts with a UTF-8 byte order mark")
        raw = raw[3:]

    bare_lf = [raw[:m.start()].count(b"\n") + 1 for m in re.finditer(rb"(?<!\r)\n", raw)]
    bare_cr = [raw[:m.start()].count(b"\n") + 1 for m in re.finditer(rb"\r(?!\n)", raw)]
    if bare_lf:
        report.error(path, f"line {bare_lf[0]}: ends in a bare LF; RFC 5545 lines end in CRLF "
                           f"({len(bare_lf)} such line{'s' if len(bare_lf) > 1 else ''})")
    if bare_cr:
        report.error(path, f"line {bare_cr[0]}: has a bare CR not followed by LF")
    if not raw.endswith(b"\r\n"):
        report.error(path, "does not end with CRLF")

    lines = re.split(rb"\r\n|\n|\r", raw)
    if lines and lines[-1] == b"":
        lines.pop()
    too_long = []
    bad_utf8 = False
    split_next = False  # the previous line's fold split a character; this line holds its tail
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_OCTETS:
            too_long.append((number, len(line)))
        if not line:
            report.error(path, f"line {number}: blank line (not allowed in iCalendar)")
            continue
        tail_of_split, split_next = split_next, False
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_utf8 = True
            following = lines[number] if number < len(lines) else b""
            joined = line + (following[1:] if following[:1] in (b" ", b"\t") else b"")
            try:
                joined.decode("utf-8")
                split_next = True
                report.error(path, f"line {number}: folding splits a multi-byte UTF-8 character across lines; "
                                   "fold between characters (RFC 5545 3.1)")
            except UnicodeDecodeError:
                if not tail_of_split:
                    report.error(path, f"line {number}: not valid UTF-8")
    for number, length in too_long[:5]:
        report.error(path, f"line {number}: {length} octets, longer than {MAX_OCTETS}; fold it (RFC 5545 3.1)")
    if len(too_long) > 5:
        report.error(path, f"{len(too_long) - 5} more lines longer than {MAX_OCTETS} octets")
    if bad_utf8:
        return None
    return raw.decode("utf-8")


# ------------------------------------------------------------------------------- structure


def unfold(text: str) -> list[tuple[int, str]]:
    """(first physical line number, content line) pairs."""
    result: list[tuple[int, str]] = []
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), 1):
        if line[:1] in (" ", "\t") and result:
            start, content = result[-1]
            result[-1] = (start, content + line[1:])
        elif line:
            result.append((number, line))
    return result


def split_content_line(line: str) -> tuple[str, dict[str, str], str] | None:
    """NAME *(;PARAM=VALUE) : VALUE, honouring double-quoted parameter values."""
    m = re.match(r"^([A-Za-z0-9-]+)", line)
    if not m:
        return None
    name, i, params = m.group(1).upper(), m.end(), {}
    while i < len(line) and line[i] == ";":
        pm = re.match(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)', line[i:])
        if not pm:
            return None
        params[pm.group(1).upper()] = pm.group(2).strip('"')
        i += pm.end()
    if i >= len(line) or line[i] != ":":
        return None
    return name, params, line[i + 1:]


def parse_structure(path: Path, text: str, report: Report) -> Component | None:
    stack: list[Component] = []
    calendars: list[Component] = []
    ok = True
    for number, line in unfold(text):
        parts = split_content_line(line)
        if parts is None:
            report.error(path, f"line {number}: not a valid content line: {shorten(line, 60)!r}")
            ok = False
            continue
        name, params, value = parts
        if name == "BEGIN":
            comp = Component(value.upper(), number)
            if stack:
                stack[-1].children.append(comp)
            elif comp.name != "VCALENDAR":
                report.error(path, f"line {number}: BEGIN:{value} outside VCALENDAR")
                ok = False
            else:
                calendars.append(comp)
            stack.append(comp)
        elif name == "END":
            if not stack or stack[-1].name != value.upper():
                report.error(path, f"line {number}: END:{value} does not close "
                                   f"{'BEGIN:' + stack[-1].name if stack else 'anything'}")
                return None
            stack.pop()
        elif not stack:
            report.error(path, f"line {number}: property {name} outside VCALENDAR")
            ok = False
        else:
            stack[-1].props.append(Prop(name, params, value, number))
    if stack:
        report.error(path, f"BEGIN:{stack[-1].name} (line {stack[-1].line}) is never closed")
        return None
    if len(calendars) != 1:
        report.error(path, f"has {len(calendars)} VCALENDAR objects, expected 1")
        return None
    return calendars[0] if ok else None


def check_text_escapes(path: Path, prop: Prop, where: str, report: Report) -> None:
    value = prop.value
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            if i + 1 >= len(value) or value[i + 1] not in "\\;,nN":
                report.error(path, f"{where}: {prop.name} has a backslash not followed by \\ ; , or n (line {prop.line})")
                return
            i += 2
            continue
        if ch in ",;":
            report.error(path, f"{where}: {prop.name} has an unescaped {ch!r}; write \\{ch} (line {prop.line})")
            return
        i += 1


def check_calendar(path: Path, cal: Component, report: Report) -> dict[str, Component]:
    for name, expected in (("VERSION", "2.0"), ("PRODID", None)):
        found = cal.all(name)
        if len(found) != 1:
            report.error(path, f"VCALENDAR has {len(found)} {name} properties, expected exactly 1")
        elif expected and found[0].value != expected:
            report.error(path, f"VCALENDAR {name} is {found[0].value!r}, expected {expected!r}")
        elif not found[0].value.strip():
            report.error(path, f"VCALENDAR {name} is empty")
    calscale = cal.one("CALSCALE")
    if calscale and calscale.value.upper() != "GREGORIAN":
        report.error(path, f"CALSCALE is {calscale.value!r}; only GREGORIAN is defined")
    if not cal.children:
        report.error(path, "VCALENDAR has no component; RFC 5545 requires at least one (keep the VTIMEZONE when there are no events)")

    tzids: set[str] = set()
    for tz in (c for c in cal.children if c.name == "VTIMEZONE"):
        where = f"VTIMEZONE (line {tz.line})"
        found = tz.all("TZID")
        if len(found) != 1 or not found[0].value:
            report.error(path, f"{where}: needs exactly one non-empty TZID")
            continue
        tzid = found[0].value
        if tzid in tzids:
            report.error(path, f"{where}: TZID {tzid!r} is defined twice")
        tzids.add(tzid)
        rules = [c for c in tz.children if c.name in ("STANDARD", "DAYLIGHT")]
        if not rules:
            report.error(path, f"{where} ({tzid}): has no STANDARD or DAYLIGHT part")
        for rule in rules:
            for prop in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                value = rule.one(prop)
                if value is None:
                    report.error(path, f"{where} ({tzid}): {rule.name} (line {rule.line}) has no {prop}")
                elif prop != "DTSTART" and not OFFSET_RE.match(value.value):
                    report.error(path, f"{where} ({tzid}): {prop} {value.value!r} is not +hhmm/-hhmm")
                elif prop == "DTSTART" and not LOCAL_DT_RE.match(value.value):
                    report.error(path, f"{where} ({tzid}): {rule.name} DTSTART {value.value!r} must be a local date-time YYYYMMDDTHHMMSS")

    events: dict[str, Component] = {}
    for ev in (c for c in cal.children if c.name == "VEVENT"):
        where = f"VEVENT (line {ev.line})"
        uid = ev.one("UID")
        if uid is not None and uid.value:
            where = f"VEVENT {uid.value!r} (line {ev.line})"
        for name in sorted({p.name for p in ev.props} & EVENT_ONCE):
            if len(ev.all(name)) > 1:
                report.error(path, f"{where}: {name} appears {len(ev.all(name))} times, at most once is allowed")
        if uid is None or not uid.value.strip():
            report.error(path, f"{where}: no UID")
        elif uid.value in events:
            report.error(path, f"{where}: UID {uid.value!r} is used by the event at line {events[uid.value].line} too")
        else:
            events[uid.value] = ev

        stamp = ev.one("DTSTAMP")
        if stamp is None:
            report.error(path, f"{where}: no DTSTAMP")
        elif not UTC_DT_RE.match(stamp.value):
            report.error(path, f"{where}: DTSTAMP {stamp.value!r} must be a UTC date-time YYYYMMDDTHHMMSSZ")

        times = {}
        for name in ("DTSTART", "DTEND"):
            prop = ev.one(name)
            if prop is None:
                report.error(path, f"{where}: no {name}")
                continue
            tzid = prop.params.get("TZID")
            if prop.params.get("VALUE", "DATE-TIME").upper() != "DATE-TIME":
                report.error(path, f"{where}: {name} must be a DATE-TIME, not VALUE={prop.params['VALUE']}")
            elif tzid is None:
                report.error(path, f"{where}: {name}:{prop.value} has no TZID parameter; give the site's time zone (with a VTIMEZONE), not UTC or floating time")
            elif tzid not in tzids:
                report.error(path, f"{where}: {name} TZID={tzid!r} has no matching VTIMEZONE in this file")
            elif not LOCAL_DT_RE.match(prop.value):
                report.error(path, f"{where}: {name} {prop.value!r} must be a local date-time YYYYMMDDTHHMMSS with TZID (no Z)")
            else:
                times[name] = (tzid, prop.value)
        if ev.one("DURATION") is not None and ev.one("DTEND") is not None:
            report.error(path, f"{where}: has both DTEND and DURATION")
        if len(times) == 2 and times["DTSTART"][0] == times["DTEND"][0] and times["DTEND"][1] <= times["DTSTART"][1]:
            report.error(path, f"{where}: DTEND {times['DTEND'][1]} is not after DTSTART {times['DTSTART'][1]}")

        summary = ev.one("SUMMARY")
        if summary is None or not summary.value.strip():
            report.error(path, f"{where}: no SUMMARY (or it is empty)")
        status = ev.one("STATUS")
        if status is None:
            report.error(path, f"{where}: no STATUS")
        elif status.value not in EVENT_STATUS:
            report.error(path, f"{where}: STATUS {status.value!r} is not one of {', '.join(sorted(EVENT_STATUS))}")
        url = ev.one("URL")
        if url is None:
            report.error(path, f"{where}: no URL (link to the maintenance page)")
        elif not is_http_url(url.value):
            report.error(path, f"{where}: URL {url.value!r} is not an absolute http(s) URL")
        for prop in ev.props:
            if prop.name in TEXT_PROPS:
                check_text_escapes(path, prop, where, report)
        seq = ev.one("SEQUENCE")
        if seq is not None and not seq.value.isdigit():
            report.error(path, f"{where}: SEQUENCE {seq.value!r} is not a non-negative integer")
        for name in ("CREATED", "LAST-MODIFIED"):
            prop = ev.one(name)
            if prop is not None and not UTC_DT_RE.match(prop.value):
                report.error(path, f"{where}: {name} {prop.value!r} must be a UTC date-time YYYYMMDDTHHMMSSZ")
    return events


if __name__ == "__main__":
    run(TOOL, main)
