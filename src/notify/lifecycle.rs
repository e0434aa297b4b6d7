//! The headline of a maintenance entry that changes its plan: rescheduled, extended,
//! cancelled, completed early. Each is an entry of the timeline, so it is announced once like
//! any entry; its message also states the window it leaves (see `message`).

use crate::i18n::Strings;
use crate::model::{Incident, Kind, UpdateStatus};

/// The headline of entry `n` of `inc` when it changes the maintenance's plan; `None` for any
/// other entry (it is headed by its status word).
pub(super) fn headline(strings: &Strings, inc: &Incident, n: usize) -> Option<String> {
    let u = inc
        .updates
        .get(n)
        .filter(|_| inc.kind == Kind::Maintenance)?;
    let key = match (u.status, u.window()) {
        (UpdateStatus::Cancelled, _) => "notify.cancelled",
        (UpdateStatus::Scheduled, Some(_)) => "notify.rescheduled",
        (_, Some(_)) => "notify.extended",
        (UpdateStatus::Completed, None)
            if inc.window_at_entry(n).is_some_and(|w| u.time.at < w.end) =>
        {
            "notify.completed_early"
        }
        _ => return None,
    };
    Some(strings.get(key))
}
