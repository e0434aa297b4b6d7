#!/usr/bin/env python3
"""Reads an RSS feed with feedparser (an independent parser) and prints what it understood as
JSON, so Rust integration tests can assert on it. Exit 3, naming the package and how to install
it, when feedparser is not installed (the contract of _common.py)."""
import json
import sys

from _common import require

feedparser = require("check_rss", "feedparser")

feed = feedparser.parse(sys.argv[1])
print(json.dumps({
    "bozo": bool(feed.bozo),
    "error": str(feed.get("bozo_exception", "")),
    "version": feed.version,
    "title": feed.feed.get("title"),
    "entries": [
        {
            "title": e.get("title"),
            "link": e.get("link"),
            "id": e.get("id"),
            "published": e.get("published"),
            "published_parsed": list(e.published_parsed[:6]) if e.get("published_parsed") else None,
            "summary": e.get("summary"),
        }
        for e in feed.entries
    ],
}, ensure_ascii=False))
