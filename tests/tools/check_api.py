#!/usr/bin/env python3
"""Validates the Statuspage-compatible JSON API of a built Bulletin site.

Usage: python3 tests/tools/check_api.py <output-dir>

Reads the eight files below from <output-dir>/api/v2/ (all are required) and checks:

1. Each file against its definition in tests/schemas/statuspage-v2.json (JSON Schema 2020-12,
   via the `jsonschema` package): required keys, types, null-ability, enums, timestamp form
   (ISO 8601 with an explicit offset or Z), snake_case property names. Also: UTF-8, no BOM,
   no duplicate keys.
2. Consistency across files (only when every file passed step 1):
   - the `page` object is identical in all eight files, and every page_id equals page.id;
   - component ids are unique; summary.json's components equal components.json's;
   - a component's group_id names an existing group component, and each group's `components`
     list holds exactly the ids of the components whose group_id is that group;
   - status.json's status equals summary.json's; an indicator of "none" is not shown while an
     unresolved incident has minor/major/critical impact;
   - incident and maintenance ids are unique (and distinct from each other), update ids are
     unique everywhere, every update's incident_id is its incident's id, updates are newest
     first (created_at descending), the newest update's status is the incident's status
     (except for "postmortem", and for a maintenance whose newest update is still "scheduled":
     its status may come from its window), resolved_at is set exactly when
     resolved/postmortem/completed,
     monitoring_at is set for an incident in "monitoring", updated_at >= created_at,
     resolved_at >= started_at, scheduled_until >= scheduled_for;
   - an incident's `components` and its updates' affected_components name existing components;
   - incidents.json holds at most 50 incidents, newest first (started_at descending, or else
     created_at descending); incidents/unresolved.json holds exactly the incidents of
     incidents.json whose status is not resolved/postmortem, as identical objects (when
     incidents.json is full, older unresolved incidents may be missing from it);
     summary.json's incidents equal unresolved.json's (same order);
   - scheduled-maintenances/upcoming.json holds exactly the "scheduled" maintenances of
     scheduled-maintenances.json and active.json exactly the "in_progress"/"verifying" ones,
     as identical objects; summary.json's scheduled_maintenances are upcoming + active, in
     any order (a subset when it holds 50).

Exit status: 0 valid (prints one JSON line of counts), 1 invalid (one "<file>: <problem>" line
per problem on stderr), 2 bad usage, 3 `jsonschema` (>= 4.18) is not
installed, 4 the validator itself crashed (traceback on stderr).
"""

from __future__ import annotations

from pathlib import Path

from _common import (
    Report,
    load_json,
    parse_args,
    parse_rfc3339,
    run,
    schema_errors,
    schema_validator,
)

TOOL = "check_api"

# file (relative to api/v2/) -> definition in statuspage-v2.json
ENDPOINTS = {
    "summary.json": "summary_json",
    "status.json": "status_json",
    "components.json": "components_json",
    "incidents.json": "incidents_json",
    "incidents/unresolved.json": "incidents_unresolved_json",
    "scheduled-maintenances.json": "scheduled_maintenances_json",
    "scheduled-maintenances/upcoming.json": "scheduled_maintenances_upcoming_json",
    "scheduled-maintenances/active.json": "scheduled_maintenances_active_json",
}

INCIDENTS_LIMIT = 50
CLOSED_INCIDENT = {"resolved", "postmortem"}
UPCOMING = {"scheduled"}
ACTIVE = {"in_progress", "verifying"}


def main() -> None:
    args = parse_args(TOOL, __doc__)
    out: Path = args.output_dir
    api = out / "api" / "v2"
    report = Report(TOOL, out)
    validators = {d: schema_validator(TOOL, "statuspage-v2.json", d) for d in ENDPOINTS.values()}

    docs: dict[str, dict] = {}
    for name, definition in ENDPOINTS.items():
        path = api / name
        if not path.is_file():
            report.error(path, "is missing (every Statuspage v2 endpoint file is required)")
            continue
        ok, value = load_json(path, report)
        if not ok:
            continue
        lines = schema_errors(validators[definition], value)
        for line in lines:
            report.error(path, line)
        if not lines:
            docs[name] = value

    if len(docs) == len(ENDPOINTS):
        Consistency(report, api, docs).run()
    elif report.problems:
        report.note("cross-file consistency checks were skipped until every file is present and schema-valid")

    summary = {"files": len(docs)}
    if len(docs) == len(ENDPOINTS):
        comps = docs["components.json"]["components"]
        incs = docs["incidents.json"]["incidents"]
        mains = docs["scheduled-maintenances.json"]["scheduled_maintenances"]
        summary.update(
            components=len(comps),
            groups=sum(1 for c in comps if c["group"]),
            incidents=len(incs),
            unresolved=len(docs["incidents/unresolved.json"]["incidents"]),
            scheduled_maintenances=len(mains),
            upcoming=len(docs["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]),
            active=len(docs["scheduled-maintenances/active.json"]["scheduled_maintenances"]),
            incident_updates=sum(len(i["incident_updates"]) for i in incs + mains),
            indicator=docs["status.json"]["status"]["indicator"],
        )
    report.finish(summary)


class Consistency:
    def __init__(self, report: Report, api: Path, docs: dict[str, dict]):
        self.report = report
        self.api = api
        self.docs = docs
        self.page_id = docs["summary.json"]["page"]["id"]
        self.components = {c["id"]: c for c in docs["components.json"]["components"]}

    def err(self, name: str, message: str) -> None:
        self.report.error(self.api / name, message)

    def run(self) -> None:
        self.pages()
        self.component_list()
        self.status()
        self.incidents()
        self.maintenances()
        self.update_ids()

    # -- page --------------------------------------------------------------------------
    def pages(self) -> None:
        reference = self.docs["summary.json"]["page"]
        for name, doc in self.docs.items():
            if doc["page"] != reference:
                keys = sorted(k for k in set(doc["page"]) | set(reference) if doc["page"].get(k) != reference.get(k))
                self.err(name, f"$.page differs from summary.json's page (keys: {', '.join(keys)}); it must be identical in every file")

    # -- components --------------------------------------------------------------------
    def component_list(self) -> None:
        name = "components.json"
        comps = self.docs[name]["components"]
        seen: set[str] = set()
        for i, comp in enumerate(comps):
            where = f"$.components[{i}] ({comp['id']!r})"
            if comp["id"] in seen:
                self.err(name, f"{where}: duplicate component id")
            seen.add(comp["id"])
            if comp["page_id"] != self.page_id:
                self.err(name, f"{where}: page_id {comp['page_id']!r} is not page.id {self.page_id!r}")
            gid = comp["group_id"]
            if gid is not None:
                group = self.components.get(gid)
                if group is None:
                    self.err(name, f"{where}: group_id {gid!r} is not the id of any component")
                elif not group["group"]:
                    self.err(name, f"{where}: group_id {gid!r} names a component that is not a group (group: false)")
        for i, comp in enumerate(comps):
            if not comp["group"]:
                continue
            where = f"$.components[{i}] ({comp['id']!r})"
            listed = comp["components"]
            members = [c["id"] for c in comps if c["group_id"] == comp["id"]]
            for cid in listed:
                if cid not in self.components:
                    self.err(name, f"{where}: its components list names {cid!r}, which is not a component")
                elif self.components[cid]["group_id"] != comp["id"]:
                    self.err(name, f"{where}: its components list names {cid!r}, whose group_id is {self.components[cid]['group_id']!r}")
            for cid in members:
                if cid not in listed:
                    self.err(name, f"{where}: component {cid!r} has this group as group_id but is missing from its components list")
        if self.docs["summary.json"]["components"] != comps:
            self.err("summary.json", "$.components differs from components.json's components (they must be identical, in the same order)")

    # -- status ------------------------------------------------------------------------
    def status(self) -> None:
        status = self.docs["status.json"]["status"]
        if status != self.docs["summary.json"]["status"]:
            self.err("status.json", f"$.status {status} differs from summary.json's {self.docs['summary.json']['status']}")
        if status["indicator"] == "none":
            for inc in self.docs["incidents/unresolved.json"]["incidents"]:
                if inc["impact"] in ("minor", "major", "critical"):
                    self.err("status.json", f"$.status.indicator is 'none' while unresolved incident {inc['id']!r} has impact {inc['impact']!r}")

    # -- incidents ---------------------------------------------------------------------
    def incidents(self) -> None:
        name = "incidents.json"
        incs = self.docs[name]["incidents"]
        self.unique_ids(name, "incidents", incs)
        for i, inc in enumerate(incs):
            self.incident_object(name, f"$.incidents[{i}]", inc, maintenance=False)
        self.newest_first(name, "incidents", incs)
        if len(incs) > INCIDENTS_LIMIT:  # the schema says so too; kept for a clear message
            self.err(name, f"has {len(incs)} incidents; Statuspage's incidents.json holds at most {INCIDENTS_LIMIT}")

        unresolved = self.docs["incidents/unresolved.json"]["incidents"]
        open_ones = [inc for inc in incs if inc["status"] not in CLOSED_INCIDENT]
        if len(incs) >= INCIDENTS_LIMIT:  # a full list may have cut off old unresolved incidents
            oldest = min(parse_rfc3339(i["started_at"]) for i in incs)
            listed = {i["id"] for i in incs}
            open_ones = open_ones + [u for u in unresolved
                                     if u["id"] not in listed and parse_rfc3339(u["started_at"]) <= oldest]
        self.same_subset("incidents/unresolved.json", "incidents", unresolved, open_ones,
                         f"the incidents of incidents.json whose status is not {'/'.join(sorted(CLOSED_INCIDENT))}",
                         "incidents.json")
        self.same_list("summary.json", "incidents", self.docs["summary.json"]["incidents"], unresolved,
                       "incidents/unresolved.json's incidents")

    # -- maintenances ------------------------------------------------------------------
    def maintenances(self) -> None:
        name = "scheduled-maintenances.json"
        mains = self.docs[name]["scheduled_maintenances"]
        self.unique_ids(name, "scheduled_maintenances", mains)
        for i, m in enumerate(mains):
            self.incident_object(name, f"$.scheduled_maintenances[{i}]", m, maintenance=True)
        clash = {m["id"] for m in mains} & {i["id"] for i in self.docs["incidents.json"]["incidents"]}
        for mid in sorted(clash):
            self.err(name, f"id {mid!r} is used by an incident too; Statuspage ids are unique across both")

        upcoming = self.docs["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
        active = self.docs["scheduled-maintenances/active.json"]["scheduled_maintenances"]
        self.same_subset("scheduled-maintenances/upcoming.json", "scheduled_maintenances", upcoming,
                         [m for m in mains if m["status"] in UPCOMING],
                         "the 'scheduled' maintenances of scheduled-maintenances.json", name)
        self.same_subset("scheduled-maintenances/active.json", "scheduled_maintenances", active,
                         [m for m in mains if m["status"] in ACTIVE],
                         "the 'in_progress'/'verifying' maintenances of scheduled-maintenances.json", name)
        summary = self.docs["summary.json"]["scheduled_maintenances"]
        if len(summary) >= INCIDENTS_LIMIT:  # in-progress and upcoming share the 50 places
            ids = {m["id"] for m in summary}
            active_and_upcoming = [m for m in upcoming + active if m["id"] in ids]
        else:
            active_and_upcoming = upcoming + active
        self.same_subset("summary.json", "scheduled_maintenances", summary, active_and_upcoming,
                         "upcoming.json's and active.json's maintenances", "upcoming.json/active.json")

    # -- one incident or maintenance -----------------------------------------------------
    def incident_object(self, name: str, where: str, inc: dict, maintenance: bool) -> None:
        where = f"{where} ({inc['id']!r})"
        status = inc["status"]
        if inc["page_id"] != self.page_id:
            self.err(name, f"{where}: page_id {inc['page_id']!r} is not page.id {self.page_id!r}")
        t = {k: parse_rfc3339(inc.get(k)) for k in ("created_at", "updated_at", "started_at", "resolved_at",
                                                      "monitoring_at", "scheduled_for", "scheduled_until")}
        if t["updated_at"] < t["created_at"]:
            self.err(name, f"{where}: updated_at {inc['updated_at']} is before created_at {inc['created_at']}")
        if t["resolved_at"] and t["resolved_at"] < t["started_at"]:
            self.err(name, f"{where}: resolved_at {inc['resolved_at']} is before started_at {inc['started_at']}")
        if t["scheduled_for"] and t["scheduled_until"] and t["scheduled_until"] < t["scheduled_for"]:
            self.err(name, f"{where}: scheduled_until {inc['scheduled_until']} is before scheduled_for {inc['scheduled_for']}")

        closed = status == "completed" if maintenance else status in CLOSED_INCIDENT
        if closed and inc["resolved_at"] is None:
            self.err(name, f"{where}: status is {status!r} but resolved_at is null")
        if not closed and inc["resolved_at"] is not None:
            self.err(name, f"{where}: status is {status!r} (not closed) but resolved_at is {inc['resolved_at']!r}; it must be null")
        if not maintenance and status == "monitoring" and inc["monitoring_at"] is None:
            self.err(name, f"{where}: status is 'monitoring' but monitoring_at is null")

        updates = inc["incident_updates"]
        derived = maintenance and updates and updates[0]["status"] == "scheduled"  # status taken from the window
        if updates and status != "postmortem" and updates[0]["status"] != status and not derived:
            self.err(name, f"{where}: status is {status!r} but the newest update (incident_updates[0]) says {updates[0]['status']!r}")
        previous = None
        for j, upd in enumerate(updates):
            uwhere = f"{where}.incident_updates[{j}] ({upd['id']!r})"
            if upd["incident_id"] != inc["id"]:
                self.err(name, f"{uwhere}: incident_id {upd['incident_id']!r} is not its incident's id {inc['id']!r}")
            created = parse_rfc3339(upd["created_at"])
            if previous is not None and created > previous[1]:
                self.err(name, f"{uwhere}: created_at {upd['created_at']} is newer than the update before it "
                               f"({previous[0]}); updates must be newest first")
            previous = (upd["created_at"], created)
            for k, ac in enumerate(upd["affected_components"] or []):
                comp = self.components.get(ac["code"])
                if comp is None:
                    self.err(name, f"{uwhere}.affected_components[{k}]: code {ac['code']!r} is not a component id")
                elif comp["name"] != ac["name"]:
                    self.err(name, f"{uwhere}.affected_components[{k}]: name {ac['name']!r} is not component {ac['code']!r}'s name {comp['name']!r}")
        for k, comp in enumerate(inc["components"]):
            known = self.components.get(comp["id"])
            if known is None:
                self.err(name, f"{where}.components[{k}]: {comp['id']!r} is not in components.json")
            elif known["name"] != comp["name"]:
                self.err(name, f"{where}.components[{k}]: name {comp['name']!r} is not components.json's {known['name']!r}")

    def update_ids(self) -> None:
        seen: dict[str, str] = {}
        for name, key in (("incidents.json", "incidents"), ("scheduled-maintenances.json", "scheduled_maintenances")):
            for inc in self.docs[name][key]:
                for upd in inc["incident_updates"]:
                    if upd["id"] in seen:
                        self.err(name, f"incident update id {upd['id']!r} (in {inc['id']!r}) is also used in {seen[upd['id']]}")
                    else:
                        seen[upd["id"]] = f"{name} {inc['id']!r}"

    # -- helpers -------------------------------------------------------------------------
    def unique_ids(self, name: str, key: str, items: list[dict]) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item["id"] in seen:
                self.err(name, f"$.{key}[{i}]: duplicate id {item['id']!r}")
            seen.add(item["id"])

    def newest_first(self, name: str, key: str, items: list[dict]) -> None:
        """Newest first by started_at, or else by created_at (Statuspage does not document which)."""
        def descending(field: str) -> int | None:
            for i in range(1, len(items)):
                if parse_rfc3339(items[i][field]) > parse_rfc3339(items[i - 1][field]):
                    return i
            return None

        bad = descending("started_at")
        if bad is not None and descending("created_at") is not None:
            a, b = items[bad - 1], items[bad]
            self.err(name, f"$.{key}[{bad}] ({b['id']!r}): started_at {b['started_at']} is newer than $.{key}[{bad - 1}]'s "
                           f"{a['started_at']}; {key} must be newest first (by started_at, or by created_at)")

    def same_subset(self, name: str, key: str, got: list[dict], expected: list[dict], what: str, source: str) -> None:
        """`got` must hold exactly `expected` (any order), each object identical to its `source` twin."""
        expected_by_id = {e["id"]: e for e in expected}
        got_ids = set()
        for i, item in enumerate(got):
            got_ids.add(item["id"])
            if item["id"] not in expected_by_id:
                self.err(name, f"$.{key}[{i}]: {item['id']!r} (status {item['status']!r}) is not one of {what}")
            elif item != expected_by_id[item["id"]]:
                self.err(name, f"$.{key}[{i}]: {item['id']!r} differs from the same object in {source}; it must be identical")
        for missing in [e["id"] for e in expected if e["id"] not in got_ids]:
            self.err(name, f"$.{key}: {missing!r} is missing; it must hold {what}")

    def same_list(self, name: str, key: str, got: list[dict], expected: list[dict], what: str) -> None:
        if got == expected:
            return
        if [g["id"] for g in got] != [e["id"] for e in expected]:
            self.err(name, f"$.{key} ids {[g['id'] for g in got]} differ from {what} {[e['id'] for e in expected]}")
        else:
            self.err(name, f"$.{key}: the objects differ from {what} (they must be identical)")


if __name__ == "__main__":
    run(TOOL, main)
