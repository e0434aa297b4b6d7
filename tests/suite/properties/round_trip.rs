//! The format's writer (`bulletin::content::write`, which `new`, `update`, `statement` and
//! `import` write with) is the parser's inverse: a generated incident, with `Affects:` changes
//! on its entries, written by it parses back to the same incident.

use std::path::Path;

use bulletin::content;
use bulletin::content::write::{Entry, FrontMatter, IncidentFile, Statement};
use bulletin::model::ComponentStatus;
use proptest::prelude::*;

use super::generate::{AffectedStyle, Channel, GenIncident, REFS, incident};
use super::write::{Expected, render, started, statement_times, update_times, window};
use crate::support::contracts::{FILE, SITE};

/// The component statuses one entry changes, `operational` included.
type Changes = Vec<(String, ComponentStatus)>;

fn changes() -> impl Strategy<Value = Changes> {
    let status = prop::sample::select(vec![
        ComponentStatus::Operational,
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
        ComponentStatus::UnderMaintenance,
    ]);
    prop::collection::vec((prop::sample::select(REFS.to_vec()), status), 0..=3)
        .prop_map(|items| items.into_iter().map(|(r, s)| (r.to_string(), s)).collect())
}

/// A generated incident and the changes of each of its entries.
fn incident_with_changes() -> impl Strategy<Value = (GenIncident, Vec<Changes>)> {
    incident().prop_flat_map(|g| {
        let n = g.updates.len();
        (Just(g), prop::collection::vec(changes(), n..=n))
    })
}

/// A statement's words as said: its generated blockquote without the `> ` marks the writer
/// adds back.
fn words(quote: &str) -> String {
    quote
        .lines()
        .map(|l| l.strip_prefix("> ").or(l.strip_prefix('>')).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The channel and link of a statement, as the writer takes them (a bare URL is written the
/// one way the writer knows, `<url>`, which reads back the same).
fn channel(c: &Channel) -> (Option<&str>, Option<&str>) {
    match c {
        Channel::None => (None, None),
        Channel::Plain(t) => (Some(t), None),
        Channel::Link(t, u) => (Some(t), Some(u)),
        Channel::Angle(u) | Channel::Bare(u) => (None, Some(u)),
    }
}

/// `g` written by the format's writer.
fn written(g: &GenIncident, changes: &[Changes]) -> String {
    let started = started(g).map(|(text, _)| text);
    let window = window(g).map(|(s, e)| (super::write::local_text(s), super::write::local_text(e)));
    // Both ways of writing no components: without the key (import) and the key alone (`new`).
    let no_key = g.affected.is_empty() && matches!(g.affected_style, AffectedStyle::Flow);
    let said: Vec<String> = g.statements.iter().map(|s| words(&s.body)).collect();
    let sections: Vec<(String, String)> = g
        .sections
        .iter()
        .map(|s| (s.title.clone(), s.body.clone()))
        .collect();
    IncidentFile {
        front: FrontMatter {
            title: &g.title,
            kind: g.kind,
            impact: g.impact,
            affected: (!no_key).then_some(g.affected.as_slice()),
            started: started.as_deref(),
            scheduled: window.as_ref().map(|(s, e)| (s.as_str(), e.as_str())),
        },
        summary: &g.summary,
        entries: g
            .updates
            .iter()
            .zip(update_times(g))
            .zip(changes)
            .map(|((u, (when, _)), changes)| Entry {
                when,
                status: u.status,
                changes,
                next_update: None,
                text: &u.body,
            })
            .collect(),
        statements: g
            .statements
            .iter()
            .zip(statement_times(g))
            .zip(&said)
            .map(|((s, (when, _)), words)| {
                let (channel, url) = channel(&s.channel);
                Statement {
                    when,
                    by: &s.by,
                    channel,
                    url,
                    words,
                }
            })
            .collect(),
        sections: &sections,
    }
    .text()
}

proptest! {
    #![proptest_config(super::proptest_config())]

    /// What the writer writes parses back to what it was given: title, kind, impact,
    /// components, window, start, summary, every entry's time, status, `Affects:` changes and
    /// text, every statement, every section.
    #[test]
    fn the_writer_is_the_parsers_inverse((g, changes) in incident_with_changes()) {
        let text = written(&g, &changes);
        let (incident, problems) = content::parse(&SITE, Path::new(FILE), &text);
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "parse errors {errors:#?}\n--- file ---\n{text}");
        let incident = incident.expect("no errors, so an incident");
        let (_, want) = render(&g);
        prop_assert_eq!(&Expected::of(&incident), &want, "--- file ---\n{}", text);
        let got_changes: Vec<Changes> = incident
            .updates
            .iter()
            .map(|u| u.changes.iter().map(|a| (a.component.to_string(), a.status)).collect())
            .collect();
        prop_assert_eq!(&got_changes, &changes, "--- file ---\n{}", text);
    }
}
