//! The cache key of a component's uptime view: what decides whether its bars (and its part
//! of the pages that show them) can be reused from the last render.

use std::hash::Hasher;

use crate::derive::Derived;
use crate::uptime::Uptime;

/// What a component's uptime view shows, as a cache key: every day's times and figures, the
/// titles and addresses of the incidents that touched it (their indexes move as incidents
/// are added), the windows' figures, and the year of the build's now (times in it are written without
/// the year).
pub(super) fn uptime_key(site: &Derived, u: &Uptime, year: i16) -> u64 {
    use std::hash::Hash;
    // aHash: every title of 90 days' incidents, per component and render (SipHash was slow).
    let mut h = crate::render::written::hasher();
    year.hash(&mut h);
    for d in &u.days {
        (d.date, d.from, d.until, d.so_far).hash(&mut h);
        let m = &d.measured;
        (
            m.down,
            m.measured,
            m.degraded,
            m.maintenance,
            m.worst,
            m.per_status,
        )
            .hash(&mut h);
        d.incidents.len().hash(&mut h);
        for &i in &d.incidents {
            (&site.incidents[i].title, &site.incidents[i].slug).hash(&mut h);
        }
    }
    for (days, m) in &u.windows {
        (days, m.millionths()).hash(&mut h);
    }
    h.finish()
}
