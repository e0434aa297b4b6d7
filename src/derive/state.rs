//! One incident's state at "now": its phase, the status its page shows, its start and end.

use jiff::Timestamp;

use super::{IncidentState, Phase};
use crate::model::{Incident, Kind, UpdateStatus};
use crate::time;

pub(super) fn state_of(inc: &Incident, now: Timestamp, tz: &jiff::tz::TimeZone) -> IncidentState {
    let started_at = inc.started_at().expect("validated incidents have a start");
    let resolved_at = inc.resolved_at().filter(|&t| t <= now);
    // Never in the future: a maintenance without entries would otherwise report its window.
    let updated_at = inc.updated_at().unwrap_or(started_at).min(now);
    let latest = inc.current_status();
    let (phase, status) = match inc.kind {
        Kind::Incident => {
            let phase = if resolved_at.is_some() || started_at > now {
                Phase::Resolved
            } else {
                Phase::Active
            };
            (phase, latest.unwrap_or(UpdateStatus::Investigating))
        }
        Kind::Maintenance => {
            let window = inc.scheduled.expect("validated maintenance has a window");
            let phase = match latest {
                Some(UpdateStatus::Completed) => Phase::Completed,
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
        created_at: inc
            .updates
            .first()
            .map_or(started_at, |u| u.time.at.min(started_at)),
        resolved_at: resolved_at.or_else(|| {
            (inc.kind == Kind::Maintenance && phase == Phase::Completed)
                .then(|| inc.resolved_at().or(inc.scheduled.map(|w| w.end)))
                .flatten()
        }),
        updated_at,
        month: {
            let date = time::date_in(started_at, tz);
            (date.year(), date.month())
        },
    }
}
