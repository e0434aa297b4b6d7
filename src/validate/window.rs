//! A maintenance's window changes (an entry's `Window:` line): only a maintenance has them,
//! and each new window ends after it starts. The hint that names the maintenance commands
//! lives here too, so `check` and the authoring commands word it once.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Incident, Kind};

/// What to do with a maintenance that has not started: cancel or move it rather than complete
/// it (completing it before its window would say the work was done).
pub(crate) fn not_started_hint(slug: &str) -> String {
    format!(
        "a maintenance that will not happen is cancelled: `bulletin maintenance cancel {slug} -m \"…\"`; to move it, `bulletin maintenance reschedule {slug} --start … --end …`"
    )
}

/// An error for each entry window on an incident, and each that ends before it starts.
pub(super) fn check(inc: &Incident, out: &mut Diagnostics) {
    for u in &inc.updates {
        let Some(w) = u.window() else { continue };
        if inc.kind == Kind::Incident {
            out.push(
                Diagnostic::error(
                    Code::WindowOnIncident,
                    &inc.file,
                    "a `Window:` line is only for maintenance",
                )
                .at(u.line(), 1)
                .hint("add `kind: maintenance` to the front matter, or remove the `Window:` line"),
            );
        } else if w.end <= w.start {
            out.push(
                Diagnostic::error(Code::WindowEndsBeforeStart, &inc.file, "this entry's new window ends before it starts")
                    .at(u.line(), 1)
                    .hint("check the `Window:` line's start and end (a bare end time takes the start's date)"),
            );
        }
    }
}
