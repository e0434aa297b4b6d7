//! `bulletin notify`: tells subscribers what is new since the last published state, each
//! update, statement and maintenance moment exactly once per target.
//!
//! - what there is to announce is [`crate::events`] (render publishes the same list as
//!   `api/notify.json`, the baseline of the next run);
//! - `diff`: what is new for one destination; `state`: the delivery record (`--state DIR`);
//! - `config`, `target_config`: notify.yaml; `message`, `escape`, `targets/`: the words and
//!   each target's format;
//! - `delivery`, `smtp`, `mailers`, `websub`: sending, with retries (feature `notify-send`:
//!   working out what to send, and `--dry-run`, need no network code);
//! - `run`, `report`: one run and what it prints. The CI recipe is in `docs/notify.md`.

pub mod config;
pub mod delivery;
pub mod diff;
pub mod escape;
mod mailers;
pub mod message;
pub mod report;
pub mod run;
#[cfg(feature = "notify-send")]
mod smtp;
pub mod state;
pub mod subscribers;
mod target_config;
mod target_email;
pub mod targets;
mod websub;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::build::{self, Options};
use crate::diagnostics::{Diagnostics, Severity};
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
    warnings.extend(checked.diagnostics.iter().cloned());
    let Some(cfg) = cfg else {
        return Err(Failure::Usage(format!(
            "no {} in {}: see docs/notify.md",
            config::FILE,
            opts.site.root.display()
        )));
    };
    // A bad subscriber address fails its own deliveries (named, with its line); the others go.
    warnings.extend(subscribers::diagnostics(&cfg, Severity::Warning));
    timings.load_and_check = started.elapsed();
    let started = Instant::now();
    let derived = checked.site.derive(checked.now);
    timings.derive = started.elapsed();
    let started = Instant::now();
    let previous = load_previous(opts.previous.as_deref()).map_err(Failure::Usage)?;
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
        config: checked.site.config(),
        site: &derived,
        past: &past,
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
                warnings.extend(subscribers::diagnostics(cfg, Severity::Error));
            }
            warnings
        }
        Err(problems) => problems,
    }
}

/// The previous manifest: `None` when there is none yet (a first run, or a site built before
/// Bulletin published one).
fn load_previous(previous: Option<&str>) -> Result<Option<Previous>, String> {
    let Some(p) = previous else { return Ok(None) };
    let text = if crate::urls::web::is_web_address(p) {
        let url = if p.ends_with(".json") {
            p.to_string()
        } else {
            format!("{}/{}", p.trim_end_matches('/'), manifest::PATH)
        };
        fetch(&url)?
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
    text.map(|t| Previous::parse(&t).map_err(|e| format!("--previous {p}: {e}")))
        .transpose()
}

/// The text at `url`; `None` for a 404 (nothing published yet).
#[cfg(feature = "notify-send")]
fn fetch(url: &str) -> Result<Option<String>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    match resp.status().as_u16() {
        200 => resp
            .body_mut()
            .read_to_string()
            .map(Some)
            .map_err(|e| format!("cannot read {url}: {e}")),
        404 => Ok(None),
        s => Err(format!(
            "cannot fetch {url}: HTTP {s}; rerun when the site answers"
        )),
    }
}

#[cfg(not(feature = "notify-send"))]
fn fetch(url: &str) -> Result<Option<String>, String> {
    Err(format!(
        "cannot fetch {url}: built without the `notify-send` feature; pass a folder"
    ))
}
