//! Authoring commands for the on-call engineer: `new`, `update`, `resolve`, `statement`, and
//! `maintenance` (`maintenance.rs`: cancel, reschedule, extend, complete).
//!
//! They edit incident files by inserting text only (a new `###` entry at the end of the right
//! section), so everything the author wrote stays byte for byte as it was. Every edit is parsed
//! and validated before it is written, and written atomically by the site's one writer
//! ([`crate::site_file`]: a temporary file with a random name, then rename; never through a
//! link), so a refused edit changes nothing and `bulletin serve` sees one change.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::config::Config;
use crate::content::{self, INCIDENTS_DIR, body, write};
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::model::{ComponentStatus, Incident, Kind, UpdateStatus};
use crate::site_file::Expect;

mod maintenance;
mod new;
mod next;
mod template;
mod translate;
mod verify;

pub use maintenance::{Change, change_maintenance};
pub(crate) use new::slug_problem;
pub use new::{NewIncident, new_incident, slugify};
pub use template::{check_templates, from_template};
pub use translate::{EntryTranslation, translate_entry};
pub(crate) use verify::write_checked;
pub use verify::{Draft, Outcome, Refused, Written};

/// Appends a timeline entry to the incident `slug`. Without a status, the latest one is kept.
/// `changes` become the entry's `Affects:` line: the component statuses it changes;
/// `next_update` (`30m`, `11:35`: see [`next`]) its `Next update:` line.
pub fn append_update(
    config: &Config,
    now: Timestamp,
    slug: &str,
    status: Option<UpdateStatus>,
    changes: &[(String, ComponentStatus)],
    message: Option<&str>,
    next_update: Option<&str>,
) -> Outcome {
    let promise = next_update
        .map(|written| next::promise_text(config, now, written))
        .transpose()?;
    let (rel, original, incident) = find(config, slug)?;
    let current = incident.current_status();
    if let Some(done) = current.filter(|s| s.is_final())
        && status.is_none_or(UpdateStatus::is_final)
    {
        return Err(vec![already_closed(&incident, done, status.is_none())].into());
    }
    let status = status.or(current).unwrap_or(UpdateStatus::Investigating);
    if promise.is_some() && status.is_final() {
        return Err(vec![next::after_final(status)].into());
    }
    let mut entry = entry(config, now, status, changes, message);
    entry.next_update = promise.as_deref();
    append_entry(config, now, &rel, &original, &entry.text())
}

/// `--status WORD` for an entry of `kind`: unknown words and the other kind's words are
/// refused with `check`'s did-you-mean among `kind`'s statuses.
pub fn status_word(word: &str, kind: Kind) -> Result<UpdateStatus, Vec<Diagnostic>> {
    UpdateStatus::parse_for(word, Some(kind)).map_err(|p| {
        vec![
            Diagnostic::error(
                Code::UnknownStatus,
                "command line",
                format!("--status: {}", p.message),
            )
            .hint(p.hint),
        ]
    })
}

/// Whether the incident `slug` is an incident or a maintenance (what its `--status` may be).
pub fn kind_of(config: &Config, slug: &str) -> Result<Kind, Vec<Diagnostic>> {
    find(config, slug).map(|(_, _, incident)| incident.kind)
}

/// Appends the final entry: `resolved`, or `completed` for maintenance.
pub fn resolve(config: &Config, now: Timestamp, slug: &str, message: Option<&str>) -> Outcome {
    let (_, _, incident) = find(config, slug)?;
    let status = match incident.kind {
        Kind::Incident => UpdateStatus::Resolved,
        Kind::Maintenance => UpdateStatus::Completed,
    };
    // Completing a maintenance before its window would say work was done that was not.
    if let Some(w) = incident.window().filter(|w| now < w.start)
        && !incident
            .current_status()
            .is_some_and(UpdateStatus::is_final)
    {
        return Err(vec![maintenance::not_started(config, &incident, w)].into());
    }
    append_update(config, now, slug, Some(status), &[], message, None)
}

/// Appends an official statement.
pub fn append_statement(
    config: &Config,
    now: Timestamp,
    slug: &str,
    by: &str,
    channel: Option<&str>,
    url: Option<&str>,
    words: &str,
) -> Outcome {
    let url = url.map(checked_url).transpose()?;
    let url = url.as_deref();
    let (rel, original, _) = find(config, slug)?;
    let addition = write::Statement {
        when: stamp(config, now),
        by,
        channel,
        url,
        words,
    }
    .text();
    insert(
        config,
        now,
        &rel,
        &original,
        &body::STATEMENT_TITLES,
        write::STATEMENTS,
        &addition,
    )
}

/// Refuses `update` or `resolve` on an incident whose last entry already closed it, pointing
/// at that entry: appending would fail `check` ("entry after the incident was resolved") or
/// close it twice. `reopen_hint` says how to reopen it (for `update` without `--status`).
fn already_closed(incident: &Incident, done: UpdateStatus, reopen_hint: bool) -> Diagnostic {
    let line = incident.updates.last().map_or(1, |u| u.line());
    let (word, reopen) = match incident.kind {
        Kind::Incident => ("resolved", "investigating"),
        Kind::Maintenance => ("completed", "in_progress"),
    };
    let message = format!("'{}' is already {word}", incident.slug);
    let hint = if reopen_hint {
        format!(
            "to reopen it, give the new status: `bulletin update {} --status {reopen} \"…\"`",
            incident.slug
        )
    } else {
        format!(
            "this `### … · {}` entry closed it; to reopen it, `bulletin update {} --status {reopen} \"…\"`",
            done.as_str(),
            incident.slug
        )
    };
    Diagnostic::error(Code::AlreadyResolved, &incident.file, message)
        .at(line, 1)
        .hint(hint)
}

/// A `--url` as written into a statement heading: an absolute http(s) URL (what the statement
/// reader links; anything else would be written and then shown as plain text).
fn checked_url(text: &str) -> Result<String, Vec<Diagnostic>> {
    match crate::urls::web::absolute_web_url(text.trim()) {
        Some(u) => {
            Ok(u.to_string())
        }
        _ => Err(vec![
            Diagnostic::error(
                Code::BadUrl,
                "command line",
                format!("--url '{text}' is not an absolute http or https URL"),
            )
            .hint("give the full address of the original, e.g. --url https://weibo.com/1234567890/AbCdEf"),
        ]),
    }
}

/// A new timeline entry, dated now: its status, the component statuses it changes (its
/// `Affects:` line) and its message.
fn entry<'a>(
    config: &Config,
    now: Timestamp,
    status: UpdateStatus,
    changes: &'a [(String, ComponentStatus)],
    message: Option<&'a str>,
) -> write::Entry<'a> {
    write::Entry {
        when: stamp(config, now),
        status,
        changes,
        next_update: None,
        text: message.map_or("", str::trim),
    }
}

/// "Now" as written in incident files: full date and minute, in the site's zone.
fn stamp(config: &Config, now: Timestamp) -> String {
    write::local_minute(now, &config.timezone)
}

/// Appends the timeline entry `addition` (update, resolution, a maintenance's change) to the
/// file `rel` holding `original`, as [`insert`] does.
fn append_entry(
    config: &Config,
    now: Timestamp,
    rel: &Path,
    original: &[u8],
    addition: &str,
) -> Outcome {
    insert(
        config,
        now,
        rel,
        original,
        &body::TIMELINE_TITLES,
        write::TIMELINE,
        addition,
    )
}

/// Inserts `addition` at the end of the section titled one of `titles` (creating `## {name}`
/// at the end of the file when there is none), checks and writes the result.
fn insert(
    config: &Config,
    now: Timestamp,
    rel: &Path,
    original: &[u8],
    titles: &[&str],
    name: &str,
    addition: &str,
) -> Outcome {
    let text = String::from_utf8_lossy(original);
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest.to_string()),
        None => ("", text.into_owned()),
    };
    let crlf = text.contains("\r\n");
    let text = if crlf {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let mut problems = Vec::new();
    let body_start = content::frontmatter::split(rel, &text, &mut problems)
        .map(|s| s.body_offset)
        .ok_or(problems)?;
    let body_text = &text[body_start..];
    let (at, addition) = match body::find_section(body_text, titles) {
        Some((_, end)) => (body_start + end, addition.to_string()),
        None => (
            text.len(),
            format!("\n{}{addition}", write::section_heading(name)),
        ),
    };
    // Keep one blank line between what was there and the new entry, without touching either.
    let before = &text[..at];
    let lead = if before.ends_with('\n') || before.is_empty() {
        ""
    } else {
        "\n"
    };
    let addition = addition
        .strip_prefix('\n')
        .filter(|_| before.ends_with("\n\n"))
        .unwrap_or(&addition);
    let trail = if at < text.len() { "\n" } else { "" };
    let draft = Draft {
        path: rel.to_path_buf(),
        text: format!("{}{lead}{addition}{trail}{}", before, &text[at..]),
        dress: verify::Dress {
            bom: !bom.is_empty(),
            crlf,
        },
    };
    write_checked(config, now, draft, Expect::Holds(original))
}

/// The incident file for `slug`: its path, raw bytes and parsed form.
fn find(
    config: &Config,
    slug: &str,
) -> Result<(PathBuf, Vec<u8>, crate::model::Incident), Vec<Diagnostic>> {
    let (mut files, _) = content::find_incident_files(&config.root);
    // A translation file is not an incident of its own.
    files.retain(|p| content::translation_of(config, p).is_none());
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let Some(rel) = files.iter().find(|p| stem(p) == slug).cloned() else {
        let stems: Vec<String> = files.iter().map(stem).collect();
        let hint = match did_you_mean(slug, stems.iter().map(String::as_str)) {
            Some(best) => format!("did you mean '{best}'?"),
            None => {
                "the slug is the file name in incidents/ without .md; `ls incidents/` lists them"
                    .into()
            }
        };
        return Err(vec![
            Diagnostic::error(
                Code::UnknownSlug,
                INCIDENTS_DIR,
                format!("no incident '{slug}'"),
            )
            .hint(hint),
        ]);
    };
    let original = std::fs::read(config.root.join(&rel)).map_err(|e| io_error(&rel, e))?;
    let (incident, problems) = content::load_file(config, &rel);
    match incident {
        Some(inc) => Ok((rel, original, std::sync::Arc::unwrap_or_clone(inc.incident))),
        None => Err(problems),
    }
}

fn io_error(rel: &Path, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::access(
        Code::Unwritable,
        rel,
        format!("cannot write {}: {e}", rel.display()),
    )]
}

/// Writes an incident file with the site's one writer ([`crate::site_file`]), holding the
/// site's lock (an import or a build in progress is waited for). `expect`: what the file held
/// when it was read, so an edit made meanwhile is not overwritten.
fn write_file(
    config: &Config,
    rel: &Path,
    bytes: &[u8],
    expect: Expect,
) -> Result<(), Vec<Diagnostic>> {
    let _lock = crate::output::OutputLock::folder(&config.root, || {
        format!(
            "waiting for another bulletin command in {} to finish…",
            config.root.display()
        )
    });
    crate::site_file::write(&config.root, rel, bytes, expect).map_err(|e| io_error(rel, e))
}
