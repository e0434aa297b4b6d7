//! A promise of the next update that has passed: the latest public entry said "next update by
//! 11:35", it is later than that now, and no newer entry has come. Readers are waiting on a
//! promise the page still makes; `check` warns, and `serve` says it in the terminal and the
//! page (both from [`passed`]).

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Incident, NextUpdate};
use crate::time;

/// The promise `inc` makes at `now` (see [`Incident::promise_at`]), if its time has passed.
pub(crate) fn passed(inc: &Incident, now: Timestamp) -> Option<NextUpdate> {
    inc.promise_at(now).filter(|p| p.at < now)
}

/// Warns when `inc`'s promise of the next update has passed at `now`.
pub(super) fn check(inc: &Incident, now: Timestamp, tz: &TimeZone, out: &mut Diagnostics) {
    let Some(promise) = passed(inc, now) else {
        return;
    };
    let due = crate::content::write::local_minute(promise.at, tz);
    let late = time::span_words(now.duration_since(promise.at));
    out.push(
        Diagnostic::warning(
            Code::NextUpdatePassed,
            &inc.file,
            format!("the next update was promised for {due}, {late} ago, and no newer entry has come"),
        )
        .at(promise.line, promise.column)
        .hint(format!(
            "post an update (`bulletin update {} \"…\" --next 30m` promises the next one), or resolve the incident",
            inc.slug
        )),
    );
}
