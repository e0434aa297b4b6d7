#!/usr/bin/env python3
"""Offline link check of a built site: every internal link and resource in every HTML page must
point at a file that exists, and every #fragment at an element with that id.

    python3 tests/tools/check_links.py <output-dir> [--base-path /]

Relative links are resolved against the page; root-absolute links ("/x", used by the 404 page)
against the output dir after removing --base-path. Links to other hosts, mailto: and the like are
not followed (offline). Exit 0 with a one-line JSON summary, 1 with one line per broken link.
Standard library only.
"""
from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) is not None and tag in ("a", "link", "img", "script", "source", "iframe"):
                self.links.append(a[key])


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def main() -> int:
    args = sys.argv[1:]
    if not args or not Path(args[0]).is_dir():
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(args[0]).resolve()
    base_path = args[args.index("--base-path") + 1] if "--base-path" in args else "/"
    pages = {p: parse(p) for p in sorted(root.rglob("*.html"))}
    problems, checked = [], 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            checked += 1
            target_path = unquote(parts.path)
            if target_path.startswith("/"):
                rel = target_path[len(base_path):] if target_path.startswith(base_path) else target_path[1:]
                target = root / rel
            elif target_path == "":
                target = path
            else:
                target = path.parent / target_path
            if target_path.endswith("/") or target.is_dir():
                target = target / "index.html"
            target = target.resolve()
            where = f"{path.relative_to(root)}: {link}"
            if not str(target).startswith(str(root)):
                problems.append(f"{where}: leaves the site")
            elif not target.is_file():
                problems.append(f"{where}: no such file")
            elif parts.fragment:
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where}: no element with id '{parts.fragment}'")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_links: {len(problems)} broken link(s) in {root}", file=sys.stderr)
        return 1
    print(json.dumps({"tool": "check_links", "ok": True, "pages": len(pages), "links": checked}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
