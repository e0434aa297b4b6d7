//! `bulletin update <slug> --lang <language> "text"`: the translation of one entry of an
//! incident, written into its translation file (`<slug>.<language>.md`, see
//! docs/languages.md), which is created when there is none yet.
//!
//! The new entry's heading repeats the original entry's time and status, as the format asks;
//! the file goes through [`super::write_checked`] like every edit, so a translation that would
//! contradict its original is refused and nothing is written.

use jiff::Timestamp;

use super::{Outcome, find, insert, write_checked};
use crate::config::Config;
use crate::content::translation::{self, translation_path};
use crate::content::{body, write};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{EntryKey, Incident};
use crate::site_file::Expect;
use crate::time::{self, local_minute};

/// What `update --lang` was asked to write.
#[derive(Debug, Clone, Copy)]
pub struct EntryTranslation<'a> {
    /// One of the site's languages other than the default.
    pub language: &'a str,
    /// The time of the entry translated (`--entry`, in the site's zone); else the latest
    /// published entry.
    pub entry: Option<&'a str>,
    /// The translated title, for a new translation file (`--title`).
    pub title: Option<&'a str>,
    /// The translated Markdown.
    pub text: &'a str,
}

/// Adds the translation of one entry of the incident `slug` (see the module's doc).
pub fn translate_entry(
    config: &Config,
    now: Timestamp,
    slug: &str,
    asked: &EntryTranslation,
) -> Outcome {
    let language = known_language(config, asked.language)?;
    let (rel, _, incident) = find(config, slug)?;
    let n = chosen_entry(config, now, &incident, asked.entry)?;
    let entry = &incident.updates[n];
    let written = write::Entry {
        when: local_minute(entry.time.at, &config.timezone),
        status: entry.status,
        changes: &[],
        next_update: None,
        text: asked.text.trim(),
    };
    let path = translation_path(&rel, language);
    match std::fs::read(config.root.join(&path)) {
        Ok(bytes) => {
            let key = incident.entry_keys()[n];
            already_translated(config, &path, language, &rel, &bytes, key)?;
            insert(
                config,
                now,
                &path,
                &bytes,
                &body::TIMELINE_TITLES,
                write::TIMELINE,
                &written.text(),
            )
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let file = write::TranslationFile {
                title: asked.title.unwrap_or(""),
                entries: vec![written],
            };
            let draft = super::Draft::new(path, file.text());
            write_checked(config, now, draft, Expect::New)
        }
        Err(e) => Err(super::io_error(&path, e).into()),
    }
}

/// `--lang`: one of the site's languages other than the default, as `languages:` writes it.
fn known_language<'a>(config: &'a Config, asked: &str) -> Result<&'a str, Vec<Diagnostic>> {
    let others = &config.languages[1..];
    if let Some(found) = others.iter().find(|l| l.eq_ignore_ascii_case(asked)) {
        return Ok(found);
    }
    let hint = if others.is_empty() {
        "the site is in one language: list more under `languages:` in bulletin.yaml (docs/languages.md)".to_string()
    } else {
        format!(
            "translate into one of: {} (the default, {}, is the original's)",
            others.join(", "),
            config.default_language()
        )
    };
    Err(vec![
        Diagnostic::error(
            Code::BadUsage,
            "command line",
            format!("--lang {asked} is not one of the site's other languages"),
        )
        .hint(hint),
    ])
}

/// The entry `--entry` names (a time: full, or `HH:MM` on the latest entry's date), else the
/// latest entry published at `now`.
fn chosen_entry(
    config: &Config,
    now: Timestamp,
    incident: &Incident,
    asked: Option<&str>,
) -> Result<usize, Vec<Diagnostic>> {
    let updates = &incident.updates;
    let latest = updates
        .iter()
        .rposition(|u| u.time.at <= now)
        .or(updates.len().checked_sub(1));
    let Some(asked) = asked else {
        return latest.ok_or_else(|| no_entry(config, incident, "it has no timeline entry"));
    };
    let date = latest.map(|n| time::date_in(updates[n].time.at, &config.timezone));
    let at = time::parse(asked, &config.timezone, date).map_err(|e| {
        vec![
            Diagnostic::error(
                Code::BadTime,
                "command line",
                format!("--entry: {}", e.message),
            )
            .hint(e.hint),
        ]
    })?;
    updates
        .iter()
        .rposition(|u| u.time.at == at.at)
        .ok_or_else(|| no_entry(config, incident, &format!("no entry of it is at {asked}")))
}

/// Refuses to add a second translation of the entry `key` to the translation file `path`
/// (holding `bytes`): the one there is the translator's, edited in the file.
fn already_translated(
    config: &Config,
    path: &std::path::Path,
    language: &str,
    original: &std::path::Path,
    bytes: &[u8],
    key: EntryKey,
) -> Result<(), Vec<Diagnostic>> {
    let text = crate::text::normalize_source(String::from_utf8_lossy(bytes).into_owned());
    let (parsed, _) = translation::parse(config, path, language, original.to_path_buf(), &text);
    let Some(parsed) = parsed else {
        return Ok(());
    };
    let keys = EntryKey::of(&parsed.updates);
    match keys.iter().position(|k| *k == key) {
        Some(i) => Err(vec![
            Diagnostic::error(
                Code::BadUsage,
                path,
                "this entry is translated already",
            )
            .at(parsed.updates[i].line(), 5)
            .hint("edit its translation in the file; `update --lang` adds the translation of an entry that has none"),
        ]),
        None => Ok(()),
    }
}

/// The error for an `--entry` that names none of the incident's entries.
fn no_entry(config: &Config, incident: &Incident, why: &str) -> Vec<Diagnostic> {
    let times: Vec<String> = incident
        .updates
        .iter()
        .map(|u| local_minute(u.time.at, &config.timezone))
        .collect();
    vec![
        Diagnostic::error(
            Code::BadUsage,
            "command line",
            format!("cannot translate an entry of '{}': {why}", incident.slug),
        )
        .hint(format!(
            "give --entry the time of one of its entries: {}",
            times.join(", ")
        )),
    ]
}
