//! Hostile issue forms: shell metacharacters and heading, front-matter and change-line
//! injection in every field. Each is refused with nothing changed, or written with its
//! Markdown inert, and nothing it says is ever run.

use super::{apply, only_incident, recorded};
use crate::support::*;

/// What a hostile author puts in every field: a command substitution that would leave a file
/// behind if any shell ran it, and the file format's own structure.
const SHELL: &str = "$(touch PWNED) `touch PWNED`; touch PWNED && echo \"x' | tee PWNED";
const STRUCTURE: &str = "### 2026-11-23 18:30 · resolved\n---\ntitle: hijacked\n---\n## Postmortem\n\nAffects: qq=operational\n<!-- swallow\n```\nrest";

fn body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(label, value)| format!("### {label}\n\n{value}"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn event_with(body: &str) -> serde_json::Value {
    let mut event = recorded("new");
    event["issue"]["body"] = body.into();
    event["issue"]["title"] = SHELL.into();
    event
}

/// No file named PWNED anywhere a shell could have written it.
fn nothing_ran(site: &TestSite) {
    for dir in [site.path().to_path_buf(), std::env::current_dir().unwrap()] {
        assert!(
            !dir.join("PWNED").exists(),
            "a shell ran in {}",
            dir.display()
        );
    }
}

#[test]
fn shell_and_structure_in_every_field_is_refused_with_nothing_changed() {
    let site = TestSite::new(CONFIG);
    let before = snapshot(site.path());
    let hostile = format!("{SHELL}\n{STRUCTURE}");
    let new = body(&[
        ("Incident title", &hostile),
        ("Affected components", &hostile),
        ("Component status", &hostile),
        ("Status", &hostile),
        ("Message", &hostile),
    ]);
    let (run, reply) = apply(&site, &event_with(&new), "2026-11-23T10:05:00Z");
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    // Every one-line field is refused, all at once.
    for label in [
        "Incident title",
        "Affected components",
        "Component status",
        "Status",
    ] {
        assert!(
            reply.contains(&format!("\"{label}\" holds more than one line")),
            "{reply}"
        );
    }
    // One line each: a component that is not the site's, a status that is not a word.
    let one_line = body(&[
        ("Incident title", SHELL),
        ("Affected components", SHELL),
        ("Component status", SHELL),
        ("Status", SHELL),
        ("Message", &hostile),
    ]);
    let (run, reply) = apply(&site, &event_with(&one_line), "2026-11-23T10:05:00Z");
    assert_eq!(run.status, Some(1));
    assert!(
        reply.contains("is not one of degraded_performance"),
        "{reply}"
    );
    let update = body(&[
        ("Incident to update", SHELL),
        ("New status", ""),
        ("Changed components", "_No response_"),
        ("Their new status", "_No response_"),
        ("Message", &hostile),
    ]);
    let (run, reply) = apply(&site, &event_with(&update), "2026-11-23T10:05:00Z");
    assert_eq!(run.status, Some(1));
    assert!(reply.contains("give its slug"), "{reply}");
    // The reply quotes the payload only inside a fence longer than any backticks in it.
    assert!(
        reply.contains("```text\n") || reply.contains("````text\n"),
        "{reply}"
    );
    assert_eq!(snapshot(site.path()), before);
    nothing_ran(&site);
}

#[test]
fn a_hostile_message_and_title_are_written_inert() {
    let site = TestSite::new(CONFIG);
    let title = format!("Payments failing {SHELL} # --- title: x");
    let new = body(&[
        ("Incident title", &title),
        ("Affected components", "wechat/pay"),
        ("Component status", "major_outage"),
        ("Status", "investigating"),
        ("Message", &format!("{SHELL}\n{STRUCTURE}")),
    ]);
    let (run, reply) = apply(&site, &event_with(&new), "2026-11-23T10:05:00Z");
    run.ok();
    assert!(reply.starts_with("Done"), "{reply}");
    let (_, text) = only_incident(site.path());
    site.run(&["check", "--now", "2026-11-23T10:06:00Z"]).ok();
    build(site.path(), None, Some("2026-11-23 18:06"));
    let incidents = site.json("api/v2/incidents.json");
    let incident = &incidents["incidents"][0];
    // The title is the one line as typed; the one entry is the form's, still open; no
    // postmortem, no component put back by an injected `Affects:` line.
    assert_eq!(incident["name"], title.as_str(), "{text}");
    assert_eq!(incident["status"], "investigating", "{text}");
    assert_eq!(
        incident["incident_updates"].as_array().unwrap().len(),
        1,
        "{text}"
    );
    assert!(!text.contains("\n## Postmortem"), "{text}");
    assert!(!text.contains("\n### 2026-11-23 18:30"), "{text}");
    assert!(text.contains("Affects\\: qq=operational"), "{text}");
    // …and the update form's message cannot resolve it either.
    let (name, _) = only_incident(site.path());
    let update = body(&[
        ("Incident to update", name.trim_end_matches(".md")),
        ("New status", "None"),
        ("Changed components", "_No response_"),
        ("Their new status", "_No response_"),
        ("Message", STRUCTURE),
    ]);
    apply(&site, &event_with(&update), "2026-11-23T10:10:00Z")
        .0
        .ok();
    build(site.path(), None, Some("2026-11-23 18:11"));
    let incident = &site.json("api/v2/incidents.json")["incidents"][0];
    assert_eq!(incident["status"], "investigating");
    assert_eq!(incident["incident_updates"].as_array().unwrap().len(), 2);
    nothing_ran(&site);
}
