//! `bulletin notify`: tells subscribers what is new since the last published state, each
//! update, statement and maintenance moment exactly once per target.
//!
//! - what there is to announce is [`crate::events`] (render publishes the same list as
//!   `api/notify.json`, the baseline of the next run);
//! - `diff`: what is new for one destination; `state`: the delivery record (`--state DIR`);
//! - `config/`: notify.yaml in two steps: `parse` (the text alone: `target`, `email`, `spec`)
//!   then `resolve` (environment variables and subscriber lists, through a `Lookup`), into
//!   the types of `channel` (each target one `Channel`: webhook, chat, email or WebSub);
//!   `subscribers`: a subscriber list's addresses;
//! - `language`: the site in each language a target speaks (`language:`), made once each;
//! - `message`, `escape`: the words; `targets/`: what each channel sends for the new events,
//!   in batches (a message in its format, a mail, WebSub's pings);
//! - `send/`: the HTTP and the SMTP sender, with the retries they share (feature
//!   `notify-send`: working out what to send, and `--dry-run`, need no network code);
//! - `run`, `report`: one run and its typed lines. The CI recipe is in `docs/notify.md`.
//!
//! Imports go one way, no circle: `run` → `report` → `send` → `targets` → `diff` → `config`
//! → `subscribers`; `language`, `message`, `escape` and `state` are below what uses them, and
//! [`crate::events`] (with its manifest) below notify altogether.

pub(crate) mod config;
pub(crate) mod diff;
pub(crate) mod escape;
mod language;
mod lifecycle;
pub(crate) mod message;
pub(crate) mod report;
pub mod run;
pub(crate) mod send;
pub(crate) mod state;
pub(crate) mod subscribers;
pub(crate) mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::build::{self, Options};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::events::manifest::Previous;
use crate::events::{self, manifest};
use config::EnvPolicy;
use diff::Baseline;
use report::Report;
use run::{Mode, Run};
use state::State;

/// What `bulletin notify` is asked to do.
#[derive(Debug, Clone)]
pub struct NotifyOptions {
    pub site: Options,
    /// The previously published site: its URL or folder (or its manifest file).
    pub previous: Option<String>,
    /// A `previous` that is not there (nothing published yet) counts as a first run instead
    /// of an error.
    pub previous_optional: bool,
    /// Where the delivery record is kept.
    pub state: Option<PathBuf>,
    pub dry_run: bool,
    /// Without a record and a previous site, announce every recent event (up to `max_age`).
    pub announce_all: bool,
    pub json: bool,
}

/// How long each step took (`--timings`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load_and_check: Duration,
    pub derive: Duration,
    /// Reading the previous manifest and the record, collecting events, and the diff: "what
    /// is new".
    pub what_is_new: Duration,
    pub deliver: Duration,
    pub events: usize,
}

/// Why a run could not start.
#[derive(Debug)]
pub enum Failure {
    /// The site or notify.yaml has problems (nothing was sent).
    Problems(Diagnostics),
    /// Bad usage or an unreadable input, with what to do.
    Usage(String),
}

/// One run: check everything, then deliver (or print) what is new.
pub fn notify(opts: &NotifyOptions) -> Result<(Report, Timings, Diagnostics), Failure> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let checked = build::check(&opts.site).map_err(Failure::Problems)?;
    let policy = if opts.dry_run {
        EnvPolicy::Warn
    } else {
        EnvPolicy::Required
    };
    let (cfg, mut warnings) =
        config::load(&opts.site.root, checked.site.config(), policy).map_err(Failure::Problems)?;
    warnings.extend(checked.valid.warnings.iter().cloned());
    let Some(cfg) = cfg else {
        return Err(Failure::Usage(format!(
            "no {} in {}: see docs/notify.md",
            config::FILE,
            opts.site.root.display()
        )));
    };
    // A bad subscriber address fails its own deliveries (named, with its line); the others go.
    warnings.extend(subscriber_problems(&cfg, Severity::Warning));
    timings.load_and_check = started.elapsed();
    let started = Instant::now();
    let derived = checked.site.derive(&checked.valid, checked.now);
    let spoken: Vec<&str> = cfg.targets.iter().map(|t| t.language.as_str()).collect();
    let languages = language::Languages::new(&checked.site, &checked.valid, &derived, &spoken)
        .map_err(Failure::Problems)?;
    timings.derive = started.elapsed();
    let started = Instant::now();
    let previous = load_previous(opts).map_err(Failure::Usage)?;
    let mut state = State::load(opts.state.as_deref()).map_err(Failure::Usage)?;
    let since = checked
        .now
        .checked_sub(cfg.max_age)
        .unwrap_or(Timestamp::MIN);
    let events = events::collect(&derived, since, cfg.remind_before);
    let past = crate::derive::Past::new(checked.site.config(), &derived, since);
    timings.what_is_new = started.elapsed();
    timings.events = events.len();
    let started = Instant::now();
    let run = Run {
        site: &derived,
        past: &past,
        languages: &languages,
        notify: &cfg,
        events: &events,
        baseline: Baseline {
            previous: previous.as_ref(),
            announce_all: opts.announce_all,
        },
        mode: Mode {
            dry_run: opts.dry_run,
        },
    };
    let mut report = Report {
        json: opts.json,
        ..Report::default()
    };
    run.execute(&mut state, &mut report);
    timings.what_is_new += report.diff_time;
    timings.deliver = started.elapsed().saturating_sub(report.diff_time);
    Ok((report, timings, warnings))
}

/// `bulletin check`'s part: notify.yaml's problems (a missing environment variable is a
/// warning there: checks of pull requests run without the secrets).
pub fn check(root: &Path, site: &crate::config::Config) -> Diagnostics {
    match config::load(root, site, EnvPolicy::Warn) {
        Ok((cfg, mut warnings)) => {
            // Every bad subscriber address at its line, when the list can be read here.
            if let Some(cfg) = &cfg {
                warnings.extend(subscriber_problems(cfg, Severity::Error));
            }
            warnings
        }
        Err(problems) => problems,
    }
}

/// Every bad address of every email target's list, as `severity`.
fn subscriber_problems(cfg: &config::NotifyConfig, severity: Severity) -> Vec<Diagnostic> {
    let lists = cfg.targets.iter().filter_map(|t| match &t.channel {
        config::Channel::Email(e) => Some(e),
        _ => None,
    });
    lists
        .flat_map(|e| subscribers::diagnostics(&e.list, &e.subscribers, severity))
        .collect()
}

/// The previous manifest: `None` when none is given, or when the one given is not there and
/// may be missing (`--previous-optional`: nothing published yet, a first run). Not there
/// without it is an error: a mistyped path would otherwise silently count as a first run.
fn load_previous(opts: &NotifyOptions) -> Result<Option<Previous>, String> {
    let Some(p) = opts.previous.as_deref() else {
        return Ok(None);
    };
    let text = read_previous(p)?;
    if text.is_none() && !opts.previous_optional {
        return Err(format!(
            "--previous {p}: there is no {} there; if nothing has been published yet (a first run), add --previous-optional",
            manifest::PATH
        ));
    }
    text.map(|t| Previous::parse(&t).map_err(|e| format!("--previous {p}: {e}")))
        .transpose()
}

/// The text of the manifest `p` names (a URL, a folder or the file), `None` when it is not
/// there.
fn read_previous(p: &str) -> Result<Option<String>, String> {
    let text = if crate::urls::web::is_web_address(p) {
        let url = if p.ends_with(".json") {
            p.to_string()
        } else {
            format!("{}/{}", p.trim_end_matches('/'), manifest::PATH)
        };
        send::http::get(&url)?
    } else {
        let path = Path::new(p);
        let file = if path.is_dir() {
            path.join(manifest::PATH)
        } else {
            path.to_path_buf()
        };
        match std::fs::read_to_string(&file) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
        }
    };
    Ok(text)
}
