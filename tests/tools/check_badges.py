#!/usr/bin/env python3
"""Validates the status badges of a built Bulletin site.

Usage: python3 tests/tools/check_badges.py <output-dir>

Looks at every file under <output-dir>/badges/ (badges/status.svg and badges/status.json are
required) and checks:

- every *.svg is well-formed XML whose root is <svg> in the SVG namespace
  (http://www.w3.org/2000/svg), with a non-empty <title> as a direct child (its accessible
  name) and role="img" or a non-empty aria-label on the root;
- every *.json is a shields.io endpoint object (tests/schemas/shields-endpoint.json, JSON
  Schema 2020-12 via jsonschema): schemaVersion 1, label, message and color required and
  strings, no unknown keys;
- each badge comes as a pair: badges/X.svg has badges/X.json beside it and vice versa, and the
  SVG shows (in its title or text) the message of its JSON;
- nothing else lives under badges/.

Exit status: 0 valid (prints one JSON line of counts), 1 invalid (one "<file>: <problem>" line
per problem on stderr), 2 bad usage, 3 jsonschema (>= 4.18) is not
installed, 4 the validator itself crashed (traceback on stderr).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from _common import Report, load_json, parse_args, run, schema_errors, schema_validator

TOOL = "check_badges"
SVG = "http://www.w3.org/2000/svg"


def main() -> None:
    args = parse_args(TOOL, __doc__)
    out: Path = args.output_dir
    validator = schema_validator(TOOL, "shields-endpoint.json")
    report = Report(TOOL, out)
    badges = out / "badges"

    for required in ("status.svg", "status.json"):
        if not (badges / required).is_file():
            report.error(badges / required, "is missing (the overall status badge is required)")

    files = sorted(p for p in badges.rglob("*") if p.is_file()) if badges.is_dir() else []
    svgs = [p for p in files if p.suffix == ".svg"]
    jsons = [p for p in files if p.suffix == ".json"]
    for other in files:
        if other.suffix not in (".svg", ".json"):
            report.error(other, "unexpected file under badges/ (only .svg badges and .json endpoints belong here)")

    texts: dict[Path, str] = {}
    for path in svgs:
        text = check_svg(path, report)
        if text is not None:
            texts[path.with_suffix("")] = text
    messages: dict[Path, str] = {}
    for path in jsons:
        ok, data = load_json(path, report)
        if not ok:
            continue
        lines = schema_errors(validator, data)
        for line in lines:
            report.error(path, line)
        if not lines:
            messages[path.with_suffix("")] = data["message"]

    svg_stems = {p.with_suffix("") for p in svgs}
    json_stems = {p.with_suffix("") for p in jsons}
    for stem in sorted(svg_stems - json_stems):
        report.error(stem.with_suffix(".json"), f"is missing: {report.rel(stem.with_suffix('.svg'))} needs its shields.io endpoint JSON beside it")
    for stem in sorted(json_stems - svg_stems):
        report.error(stem.with_suffix(".svg"), f"is missing: {report.rel(stem.with_suffix('.json'))} needs its SVG badge beside it")
    for stem in sorted(set(texts) & set(messages)):
        if messages[stem] not in texts[stem]:
            report.error(stem.with_suffix(".svg"), f"does not show the message {messages[stem]!r} of {report.rel(stem.with_suffix('.json'))}")

    report.finish({"svg": len(svgs), "json": len(jsons), "pairs": len(svg_stems & json_stems)})


def check_svg(path: Path, report: Report) -> str | None:
    """Checks one SVG; returns its title and text content when it parses."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        report.error(path, f"is not well-formed XML: {exc}")
        return None
    if root.tag != f"{{{SVG}}}svg":
        report.error(path, f"root element is {root.tag!r}, expected <svg xmlns=\"{SVG}\">")
        return None
    titles = [child for child in root if child.tag == f"{{{SVG}}}title"]
    if not titles or not "".join(titles[0].itertext()).strip():
        report.error(path, "has no non-empty <title> as a direct child of <svg> (its accessible name)")
    elif list(root)[0] is not titles[0]:
        report.error(path, "<title> should be the first child of <svg> so every reader finds the accessible name")
    if root.get("role") != "img" and not (root.get("aria-label") or "").strip():
        report.error(path, "root <svg> has neither role=\"img\" nor a non-empty aria-label")
    return " ".join(" ".join(root.itertext()).split())


if __name__ == "__main__":
    run(TOOL, main)
