//! `bulletin maintenance cancel|reschedule|extend|complete`: a maintenance's plan changes, each
//! one new timeline entry that `bulletin::authoring` writes (docs/authoring.md).

use std::process::ExitCode;

use clap::{Args, Subcommand};

use bulletin::authoring::{self, Change};

use super::author::{EditSite, edit};

#[derive(Args)]
pub struct MaintenanceArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Call it off, before or during its window (shown as cancelled, never as completed).
    Cancel(Why),
    /// Move its window, before it starts (the new window is announced; the old one stays in
    /// the history of what was shown).
    Reschedule(RescheduleArgs),
    /// Give it a later end, while it is under way.
    Extend(ExtendArgs),
    /// Mark it completed (early, or at the end of its window).
    Complete(CompleteArgs),
}

#[derive(Args)]
struct Why {
    #[command(flatten)]
    site: EditSite,
    /// The maintenance's slug (its file name without .md).
    slug: String,
    /// Text of the entry: why, and what happens now.
    #[arg(long, short)]
    message: String,
}

#[derive(Args)]
struct RescheduleArgs {
    #[command(flatten)]
    why: Why,
    /// The new window's start: `YYYY-MM-DD HH:MM` (site zone) or RFC 3339.
    #[arg(long)]
    start: String,
    /// The new window's end (a bare HH:MM takes the start's date).
    #[arg(long)]
    end: String,
}

#[derive(Args)]
struct ExtendArgs {
    #[command(flatten)]
    why: Why,
    /// The new end: `YYYY-MM-DD HH:MM` (site zone), RFC 3339, or HH:MM on the window's start date.
    #[arg(long)]
    end: String,
}

#[derive(Args)]
struct CompleteArgs {
    #[command(flatten)]
    site: EditSite,
    /// The maintenance's slug (its file name without .md).
    slug: String,
    /// Text of the final entry.
    #[arg(long, short)]
    message: Option<String>,
}

pub fn run(args: MaintenanceArgs) -> ExitCode {
    let (site, slug, message, change) = match args.action {
        Action::Cancel(w) => (w.site, w.slug, Some(w.message), Change::Cancel),
        Action::Reschedule(r) => {
            let change = Change::Reschedule {
                start: r.start,
                end: r.end,
            };
            (r.why.site, r.why.slug, Some(r.why.message), change)
        }
        Action::Extend(e) => {
            let change = Change::Extend { end: e.end };
            (e.why.site, e.why.slug, Some(e.why.message), change)
        }
        Action::Complete(c) => (c.site, c.slug, c.message, Change::Complete),
    };
    edit(&site, |config, now| {
        authoring::change_maintenance(config, now, &slug, &change, message.as_deref())
    })
}
