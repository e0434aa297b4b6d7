//! `content::parse` of one incident file: the source facts it gives beside the incident, and a plain body read without the block parser.

use super::*;

const MAINTENANCE: &str = "---\ntitle: T\nkind: maintenance\nscheduled:\n  start: 2026-01-02 01:00\n  end: 2026-01-02 03:00\n---\n";

fn parsed(text: &str) -> (Parsed, Vec<Diagnostic>) {
    let yaml = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";
    let config = crate::config::parse(Path::new("."), yaml, None).expect("test config");
    let (parsed, problems) = parse(&config, Path::new("incidents/t.md"), text);
    (parsed.expect("an incident"), problems)
}

#[test]
fn the_parser_gives_what_it_learnt_of_the_source_beside_the_incident() {
    let (maintenance, problems) = parsed(MAINTENANCE);
    assert!(problems.is_empty(), "{problems:?}");
    let facts = maintenance.source;
    assert_eq!((facts.lines.kind, facts.lines.scheduled), (3, 4));
    assert!(facts.front_complete && !facts.partial, "{facts:?}");
    assert_eq!(parsed(MAINTENANCE).0.source.fingerprint, facts.fingerprint);
    let edited = parsed(&MAINTENANCE.replace("title: T", "title: U")).0;
    assert_ne!(edited.source.fingerprint, facts.fingerprint);

    let (broken, problems) = parsed(&MAINTENANCE.replace("kind: maintenance", "kind: outage"));
    assert!(problems.iter().any(Diagnostic::is_error), "{problems:?}");
    assert!(broken.source.partial && !broken.source.front_complete);
}

#[test]
fn an_ordinary_body_is_read_without_the_block_parser() {
    let timeline = "Summary.\n\n## Timeline\n\n### 2026-01-02 01:00 · investigating\n\nLooking.\n\n### 02:00 · resolved\n\nDone, see *this*.\n\n## Statements\n\n### 01:30 · Ops · [Blog](https://b.test/x)\n\n> Sorry.\n";
    let plain = format!("---\ntitle: T\n---\n{timeline}");
    let before = body::parsed_bodies();
    let (incident, problems) = parsed(&plain);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((incident.updates.len(), incident.statements.len()), (2, 1));
    assert_eq!(body::parsed_bodies(), before, "read by the line scan");

    let fenced = format!("{plain}\n## Notes\n\n```\n## not a section\n```\n");
    let (incident, _) = parsed(&fenced);
    assert_eq!(
        body::parsed_bodies(),
        before + 1,
        "a code fence takes the parser"
    );
    assert_eq!(incident.sections.len(), 1);
    assert!(incident.sections[0].body.contains("## not a section"));
}

#[test]
fn an_incident_holds_its_markdown_in_one_buffer_without_the_rest_of_the_file() {
    let text = "---\ntitle: T\n---\n\nSummary.\n\n## Timeline\n\n### 2026-01-02 01:00 · investigating\n\n  Looking.  \n\n### 02:00 · resolved\n\nDone.\n\n## Statements\n\n### 01:30 · Ops\n\n> Sorry.\n\n## Notes\n\nMore.\n";
    let (incident, problems) = parsed(text);
    assert!(problems.is_empty(), "{problems:?}");
    let bodies: Vec<&str> = incident.updates.iter().map(|u| u.markdown()).collect();
    assert_eq!(bodies, ["Looking.", "Done."], "trimmed as before");
    assert_eq!(incident.summary.as_str(), "Summary.");
    assert_eq!(incident.statements[0].body.as_str(), "> Sorry.");
    assert_eq!(incident.sections[0].body.as_str(), "More.");
    let held = incident.summary.buffer();
    assert_eq!(
        held, "Summary.Looking.Done.> Sorry.More.",
        "only the Markdown"
    );
    let shared = incident.updates[1].body.buffer();
    assert!(
        std::ptr::eq(held, shared),
        "one buffer for the whole incident"
    );
}

#[test]
fn what_few_entries_or_incidents_have_costs_the_others_one_pointer() {
    // 168 bytes when `window` and `next_update` were fields of their own.
    // 104 with `usize` bounds in its text (`model::Text`); 96 with a `usize` line.
    let update = std::mem::size_of::<Update>();
    assert!(update <= 88, "{update}");
    // 72 with a `String` name and `usize` line and column (≈ 400,000 at 100k incidents).
    let affected = std::mem::size_of::<Affected>();
    assert!(affected <= 56, "{affected}");
    // 128 with `String`s for who, where and the link (≈ 100,000 statements at 100k).
    let statement = std::mem::size_of::<crate::model::Statement>();
    assert!(statement <= 104, "{statement}");
    // 392 with the postmortem (88 bytes, which most incidents lack) in place; 312 with
    // `usize` bounds in its texts.
    let incident = std::mem::size_of::<Incident>();
    assert!(incident <= 304, "{incident}");
}

/// A bare `HH:MM` takes the date, in the site's zone (UTC here), of the entry above, even
/// when that entry was written with another offset and another date; an unreadable entry
/// leaves the next bare time without a date, reported once.
#[test]
fn a_bare_time_takes_the_site_date_of_the_entry_above() {
    let body = "## Timeline\n\n### 2026-01-02T23:30:00-05:00 · investigating\n\nA.\n\n### 05:00 · identified\n\nB.\n\n### 06:00 · resolved\n\nC.\n";
    let (incident, problems) = parsed(&format!("---\ntitle: T\n---\n{body}"));
    assert!(problems.is_empty(), "{problems:?}");
    let times: Vec<String> = incident
        .updates
        .iter()
        .map(|u| u.time.at.to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2026-01-03T04:30:00Z",
            "2026-01-03T05:00:00Z",
            "2026-01-03T06:00:00Z"
        ]
    );
    let lost = body.replace("2026-01-02T23:30:00-05:00", "2026-13-02 23:30");
    let (_, problems) = parsed(&format!("---\ntitle: T\n---\n{lost}"));
    let bad: Vec<_> = problems
        .iter()
        .filter(|d| d.code == Code::BadTime)
        .collect();
    assert_eq!(bad.len(), 1, "{problems:?}");
}
