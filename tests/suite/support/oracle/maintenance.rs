//! The oracle's generated maintenance windows (docs/format.md, "Changing a maintenance"): an
//! announcement, then the window kept, moved before it starts, extended while under way
//! (completed early or at the new end), or cancelled before or during it.

use proptest::prelude::*;

use super::site::{Entry, Item, Kind, REFS, Status};

/// What happens to a generated maintenance after its announcement (docs/format.md, "Changing
/// a maintenance"): nothing, a new window before it starts, a later end while it is under way,
/// or a cancellation before or during the window.
#[derive(Debug, Clone, Copy)]
enum Plan {
    AsAnnounced,
    Rescheduled,
    Extended,
    CancelledBefore,
    CancelledDuring,
}

fn plan() -> impl Strategy<Value = Plan> {
    prop_oneof![
        2 => Just(Plan::AsAnnounced),
        1 => Just(Plan::Rescheduled),
        1 => Just(Plan::Extended),
        1 => Just(Plan::CancelledBefore),
        1 => Just(Plan::CancelledDuring),
    ]
}

/// A maintenance with its lifecycle (see [`lifecycle`]).
pub fn maintenance() -> impl Strategy<Value = Item> {
    (
        prop::collection::btree_set(0..REFS.len(), 1..3),
        0..(5 * 24 * 30i64),
        2..(2 * 24 * 30i64),
        2..120i64,
        (any::<bool>(), any::<bool>()),
        (plan(), 1..1000i64, 1..120i64),
    )
        .prop_map(
            |(refs, start, lead, length, (began, ended), (plan, shift, part))| {
                let announced = start * 2 + 1 - lead * 2;
                let window = (start * 2 + 1, start * 2 + 1 + length * 2);
                Item {
                    slug: String::new(),
                    kind: Kind::Maintenance,
                    affected: refs
                        .into_iter()
                        .map(|r| (r, Status::UnderMaintenance))
                        .collect(),
                    entries: lifecycle(announced, window, (began, ended), (plan, shift, part)),
                    window: Some(window),
                    statement: None,
                    postmortem: None,
                }
            },
        )
}

fn entry(minute: i64, word: &'static str, window: Option<(i64, i64)>) -> Entry {
    Entry {
        minute,
        word,
        changes: Vec::new(),
        window,
        next: None,
    }
}

/// The entries of a maintenance announced at `announced` for `window` (odd minutes): the
/// announcement, then what `plan` makes of it; `shift` and `part` (in two-minute steps) place
/// the change.
fn lifecycle(
    announced: i64,
    (start, end): (i64, i64),
    (began, ended): (bool, bool),
    (plan, shift, part): (Plan, i64, i64),
) -> Vec<Entry> {
    let mut entries = vec![entry(announced, "scheduled", None)];
    // A moment strictly between the announcement and the start; one inside the window.
    let before = announced + 2 * (part % ((start - announced) / 2)).max(1);
    let during = start + 2 * (part % ((end - start) / 2)).max(1);
    let (mut start, mut end) = (start, end);
    match plan {
        Plan::AsAnnounced => {}
        Plan::Rescheduled => {
            let length = end - start;
            start = (before + 2 * shift).max(start - 2 * shift).max(before + 2);
            end = start + length;
            entries.push(entry(before, "scheduled", Some((start, end))));
        }
        Plan::Extended => {
            entries.push(entry(start, "in_progress", None));
            end += 2 * shift;
            entries.push(entry(during, "in_progress", Some((start, end))));
            // Completed early, or at the new end.
            if ended {
                let done = if part % 2 == 0 { end } else { during + 2 };
                entries.push(entry(done, "completed", None));
            }
            return entries;
        }
        Plan::CancelledBefore => {
            entries.push(entry(before, "cancelled", None));
            return entries;
        }
        Plan::CancelledDuring => {
            entries.push(entry(start, "in_progress", None));
            entries.push(entry(during, "cancelled", None));
            return entries;
        }
    }
    if began {
        entries.push(entry(start, "in_progress", None));
    }
    if ended {
        entries.push(entry(end, "completed", None));
    }
    entries
}
