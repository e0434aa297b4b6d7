//! Archives whose updates record the component statuses as they were *before* each update.
//!
//! Statuspage's updates carry `affected_components` with each component's `old_status` and
//! `new_status`: the change the update made. Some archives (GitHub's, among others) hold a
//! snapshot instead, taken before the update was applied: every `old_status` equals its
//! `new_status`, and each update shows what the previous one set. Read as changes, every
//! status would arrive one update late ("Codespaces: major outage → operational" under
//! "Actions is operating normally"). Such an archive is recognised as a whole and each
//! incident's snapshots are moved one update earlier, where they become changes again.

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
    after
        .iter()
        .map(|a| {
            let old = before
                .into_iter()
                .flatten()
                .find(|b| b.code == a.code)
                .map_or_else(|| "operational".to_string(), |b| b.new_status.clone());
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
