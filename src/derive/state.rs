//! One incident's state at "now": its phase, the status its page shows, its start and end.
//! It takes a [`Checked`] incident: the start and a maintenance's window are there for sure.

use jiff::Timestamp;

use super::{IncidentState, Phase};
use crate::model::{Checked, Schedule, UpdateStatus};
use crate::time;

pub(super) fn state_of(inc: &Checked, now: Timestamp, tz: &jiff::tz::TimeZone) -> IncidentState {
    let started_at = inc.started();
    let resolved_at = inc.resolved_at().filter(|&t| t <= now);
    // Never in the future: a maintenance without entries would otherwise report its window.
    let updated_at = inc.updated_at().unwrap_or(started_at).min(now);
    let created_at = inc.created_at().unwrap_or(started_at).min(now);
    let latest = inc.current_status();
    let (phase, status) = match inc.schedule() {
        Schedule::Unplanned => {
            let phase = if resolved_at.is_some() || started_at > now {
                Phase::Resolved
            } else {
                Phase::Active
            };
            (phase, latest.unwrap_or(UpdateStatus::Investigating))
        }
        Schedule::Planned(window) => {
            let phase = match latest {
                // Called off: over, and shown with its own word (`status`), never "completed".
                Some(UpdateStatus::Completed | UpdateStatus::Cancelled) => Phase::Completed,
                Some(UpdateStatus::InProgress | UpdateStatus::Verifying) => Phase::InProgress,
                _ if now < window.start => Phase::Upcoming,
                _ if now < window.end => Phase::InProgress,
                _ => Phase::Completed,
            };
            let implied = match phase {
                Phase::Upcoming => UpdateStatus::Scheduled,
                Phase::InProgress => UpdateStatus::InProgress,
                _ => UpdateStatus::Completed,
            };
            // A window that has begun or ended outranks an entry that still says "scheduled".
            let status = match latest {
                Some(UpdateStatus::Scheduled) | None => implied,
                Some(s) => s,
            };
            (phase, status)
        }
    };
    IncidentState {
        phase,
        status,
        impact: inc.impact(),
        started_at,
        created_at,
        resolved_at: resolved_at.or_else(|| match inc.schedule() {
            Schedule::Planned(window) if phase == Phase::Completed => {
                Some(inc.resolved_at().unwrap_or(window.end))
            }
            _ => None,
        }),
        updated_at,
        next_update: inc
            .promise_at(now)
            .map(|p| p.at)
            .filter(|_| !matches!(phase, Phase::Resolved | Phase::Completed)),
        month: {
            let date = time::date_in(started_at, tz);
            (date.year(), date.month())
        },
    }
}
