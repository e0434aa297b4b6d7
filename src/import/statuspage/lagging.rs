//! Archives whose updates record the component statuses as they were *before* each update.
//!
//! Statuspage's updates carry `affected_components` with each component's `old_status` and
//! `new_status`: the change the update made. Some archives (GitHub's, among others) hold a
//! snapshot instead, taken before the update was applied: every `old_status` equals its
//! `new_status`, and each update shows what the previous one set. Read as changes, every
//! status would arrive one update late ("Codespaces: major outage → operational" under
//! "Actions is operating normally"). Such an archive is recognised as a whole and each
//! incident's snapshots are moved one update earlier, where they become changes again.

use std::collections::HashMap;

use super::{AffectedComponent, Incident, Update, chronological};
use crate::import::Report;

/// Moves the snapshots of every incident one update earlier when the archive has the lagging
/// shape, with a report line saying so.
pub(super) fn shift_if_lagging(incidents: &mut [Incident], report: &mut Report) {
    if !is_lagging(incidents) {
        return;
    }
    for inc in incidents.iter_mut() {
        shift(&mut inc.incident_updates);
    }
    report.decide(
        "page",
        "every update's affected_components has old_status equal to new_status: they are the statuses before each update (one update late), so each update was given the next one's statuses as its change; a final update brings its components back to operational, and the latest update of an open incident changes none",
    );
}

/// Whether every recorded component has `old_status` equal to `new_status`, and some
/// recorded status is not `operational`: an archive of real changes has a first update
/// going from operational to something else, and one whose components never left
/// operational has nothing to move.
fn is_lagging(incidents: &[Incident]) -> bool {
    let mut any_down = false;
    let all_same = incidents
        .iter()
        .flat_map(|i| &i.incident_updates)
        .flat_map(|u| u.affected_components.iter().flatten())
        .all(|a| {
            any_down |= a.new_status.trim() != "operational";
            a.old_status.as_deref().map(str::trim) == Some(a.new_status.trim())
        });
    all_same && any_down
}

/// One incident's updates, each given the change from its own snapshot (the statuses before
/// it) to the next update's (the statuses after it). `postmortem` updates are not part of
/// the timeline and keep theirs; so do updates without a readable time.
fn shift(updates: &mut [Update]) {
    let (timed, _) = chronological(updates);
    let order: Vec<usize> = timed
        .into_iter()
        .map(|(_, i)| i)
        .filter(|&i| updates[i].status.trim() != "postmortem")
        .collect();
    let snapshots: Vec<Option<Vec<AffectedComponent>>> = order
        .iter()
        .map(|&i| updates[i].affected_components.take())
        .collect();
    for (n, &i) in order.iter().enumerate() {
        let before = snapshots[n].as_deref();
        updates[i].affected_components = match snapshots.get(n + 1) {
            Some(after) => after.as_deref().map(|after| changes(before, after)),
            None if is_final(&updates[i].status) => before.map(back_to_operational),
            // The latest update of an open incident: what it set was never recorded.
            None => None,
        };
    }
}

/// From the statuses `before` to those `after`, as Statuspage records a change: a component
/// not in `before` was operational.
fn changes(
    before: Option<&[AffectedComponent]>,
    after: &[AffectedComponent],
) -> Vec<AffectedComponent> {
    // The first status of each component in `before`, by code (an index: an update may
    // list thousands).
    let mut was: HashMap<&str, &str> = HashMap::new();
    for b in before.into_iter().flatten() {
        was.entry(b.code.as_str()).or_insert(b.new_status.as_str());
    }
    after
        .iter()
        .map(|a| {
            let old = was
                .get(a.code.as_str())
                .map_or_else(|| "operational".to_string(), |s| (*s).to_string());
            AffectedComponent {
                old_status: Some(old),
                ..a.clone()
            }
        })
        .collect()
}

/// A final update's change: every component it lists comes back.
fn back_to_operational(before: &[AffectedComponent]) -> Vec<AffectedComponent> {
    before
        .iter()
        .map(|b| AffectedComponent {
            old_status: Some(b.new_status.clone()),
            new_status: "operational".into(),
            ..b.clone()
        })
        .collect()
}

fn is_final(status: &str) -> bool {
    matches!(status.trim(), "resolved" | "completed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// One update as written in a test: status, hour, recorded [(code, old, new)].
    type Written<'a> = (&'a str, u32, &'a [(&'a str, &'a str, &'a str)]);
    /// A recorded component as read back: (code, old, new).
    type Row = (String, String, String);

    /// An incident of `updates`, newest first.
    fn incident(updates: &[Written]) -> Incident {
        let updates: Vec<Value> = updates
            .iter()
            .map(|(status, hour, recorded)| {
                let recorded: Vec<Value> = recorded
                    .iter()
                    .map(|(code, old, new)| json!({"code": code, "name": code, "old_status": old, "new_status": new}))
                    .collect();
                json!({
                    "status": status,
                    "display_at": format!("2026-10-05T{hour:02}:00:00Z"),
                    "affected_components": if recorded.is_empty() { Value::Null } else { Value::Array(recorded) },
                })
            })
            .collect();
        serde_json::from_value(json!({"id": "i", "incident_updates": updates})).unwrap()
    }

    /// Each update's recorded (code, old, new), in the source's order.
    fn recorded(inc: &Incident) -> Vec<Option<Vec<Row>>> {
        inc.incident_updates
            .iter()
            .map(|u| {
                u.affected_components.as_ref().map(|list| {
                    list.iter()
                        .map(|a| {
                            let old = a.old_status.clone().unwrap_or_default();
                            (a.code.clone(), old, a.new_status.clone())
                        })
                        .collect()
                })
            })
            .collect()
    }

    /// Each update's recorded (code, old, new) after `shift` of the updates `written`.
    fn shifted(written: &[Written]) -> Vec<Option<Vec<Row>>> {
        let mut inc = incident(written);
        shift(&mut inc.incident_updates);
        recorded(&inc)
    }

    fn one(code: &str, old: &str, new: &str) -> Option<Vec<Row>> {
        Some(vec![(code.into(), old.into(), new.into())])
    }

    #[test]
    fn an_archive_that_never_left_operational_is_not_shifted() {
        let mut list = vec![incident(&[
            ("resolved", 11, &[("c1", "operational", "operational")]),
            ("investigating", 10, &[("c1", "operational", "operational")]),
        ])];
        let before = recorded(&list[0]);
        let mut report = Report::default();
        shift_if_lagging(&mut list, &mut report);
        assert!(report.decisions.is_empty(), "{:?}", report.decisions);
        assert_eq!(recorded(&list[0]), before);
    }

    #[test]
    fn a_change_without_old_status_is_not_a_snapshot() {
        let mut inc = incident(&[(
            "investigating",
            10,
            &[("c1", "major_outage", "major_outage")],
        )]);
        inc.incident_updates[0]
            .affected_components
            .as_mut()
            .unwrap()[0]
            .old_status = None;
        assert!(!is_lagging(&[inc]));
    }

    #[test]
    fn an_open_incident_s_latest_update_changes_nothing_and_postmortems_keep_theirs() {
        let mut list = vec![incident(&[
            ("postmortem", 13, &[("c1", "major_outage", "major_outage")]),
            ("identified", 12, &[("c1", "major_outage", "major_outage")]),
            ("investigating", 10, &[("c1", "operational", "operational")]),
        ])];
        let mut report = Report::default();
        shift_if_lagging(&mut list, &mut report);
        assert_eq!(report.decisions.len(), 1);
        assert_eq!(
            recorded(&list[0]),
            [
                one("c1", "major_outage", "major_outage"),
                None,
                one("c1", "operational", "major_outage"),
            ]
        );
    }

    #[test]
    fn a_completed_maintenance_brings_its_components_back() {
        assert_eq!(
            shifted(&[
                (
                    "completed",
                    12,
                    &[("c1", "under_maintenance", "under_maintenance")],
                ),
                ("in_progress", 10, &[("c1", "operational", "operational")]),
            ]),
            [
                one("c1", "under_maintenance", "operational"),
                one("c1", "operational", "under_maintenance"),
            ]
        );
    }

    #[test]
    fn an_update_before_one_without_a_snapshot_records_no_change() {
        assert_eq!(
            shifted(&[
                (
                    "resolved",
                    12,
                    &[("c1", "partial_outage", "partial_outage")],
                ),
                ("identified", 11, &[]),
                ("investigating", 10, &[("c1", "operational", "operational")]),
            ]),
            [
                one("c1", "partial_outage", "operational"),
                one("c1", "operational", "partial_outage"),
                None,
            ]
        );
    }
}
