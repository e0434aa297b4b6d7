#!/usr/bin/env python3
"""Writes the seed corpora of the import fuzz targets (fuzz/seeds/import_statuspage/ and
fuzz/seeds/import_cstate/): the test fixtures, and the crafted inputs of issue 23 scaled
down to a few kilobytes (the real ones are megabytes; the shapes are what matter).

Run from the repository root: python3 fuzz/seeds/make_import_seeds.py
"""
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
SP = ROOT / "fuzz/seeds/import_statuspage"
CS = ROOT / "fuzz/seeds/import_cstate"
PAGE = {"id": "p1", "name": "Seed", "url": "https://status.seed.example", "time_zone": "Etc/UTC"}


def doc(**lists):
    return json.dumps({"page": PAGE, **lists}, ensure_ascii=False)


def incident(i, name, body="Fixed.", updates=1):
    ups = [{"status": "resolved" if n == 0 else "investigating", "body": body,
            "display_at": f"2026-10-05T{11 - n:02}:00:00Z",
            "affected_components": [{"code": "c1", "old_status": "operational", "new_status": "major_outage"}]}
           for n in range(updates)]
    return {"id": i, "name": name, "status": "resolved", "incident_updates": ups}


def main():
    for d in (SP, CS):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    for f in sorted((ROOT / "tests/fixtures/import/statuspage").glob("*.json")):
        shutil.copy(f, SP / f.name)
    for f in sorted((ROOT / "tests/fixtures/import/cstate/content/issues").glob("*.md")):
        shutil.copy(f, CS / f.name)
    # Update bodies (not JSON: the target wraps them in a page), nested past the cap of 64.
    for tag, n in (("span", 200), ("div", 100), ("blockquote", 100), ("b", 100)):
        (SP / f"deep-{tag}.html").write_text(f"<{tag}>" * n + "deep" + f"</{tag}>" * n)
    (SP / "body-odd.html").write_text("<p>Errors for <1% of requests</p>\\r\\n<h2>Impact</h2>\nStatus\n---\n<script>x</script>```\n")
    comps = [{"id": "g1", "name": "API", "group": True}, {"id": "c1", "name": "REST", "group_id": "g1"}]
    (SP / "ids-twice.json").write_text(doc(
        components=comps + [{"id": "c1", "name": "Webhooks", "group_id": "g1"}],
        incidents=[incident("i1", "First"), incident("i1", "Second", updates=2)]))
    (SP / "unclean-names.json").write_text(doc(
        components=[{"id": "g1", "name": "API\u202e", "group": True},
                    {"id": "c1", "name": "RE\u0000ST\u001b[31m", "group_id": "g1"}],
        incidents=[incident("i1", "Errors\u0007 \u202eEU")]))
    (SP / "same-name-components.json").write_text(doc(
        components=[{"id": "g1", "name": "Web", "group": True}] +
        [{"id": f"a{i}", "name": "Login", "group_id": "g1"} for i in range(100)] +
        [{"id": "a5", "name": "login-2"}]))
    (SP / "same-title-incidents.json").write_text(doc(
        components=comps, incidents=[incident(f"i{i}", "Outage") for i in range(50)]))
    # cState issues.
    head = "---\ntitle: {t}\ndate: 2026-06-01 10:00:00\nseverity: down\naffected:\n  - Gateway\n---\n"
    (CS / "shortcode-flood.md").write_text(head.format(t="Flood") + "*Investigating* - Down." +
                                           "{{<x>}}" * 1000 + ' {{< track "2026-06-01 10:00:00" >}}\n')
    tracks = "".join(f'*Update* - step {i} {{{{< track "2026-06-01 {10 + i // 60:02}:{i % 60:02}:00" >}}}}\n\n'
                     for i in range(300))
    (CS / "many-tracks.md").write_text(head.format(t="Long") + tracks)
    (CS / "control-title.md").write_text(head.format(t='"Gateway\\x07 down\\u202e"') + "Down.\n")
    (CS / "unclosed-shortcode.md").write_text(head.format(t="Open") + '*Resolved* - ok {{< track "2026-06-01 11:00')
    (CS / "percent-shortcodes.md").write_text(head.format(t="Pct") + '{{% x %}}{{{< track "2026-06-01 11:00:00" >}}}\n')


main()
