//! Holding a translation file to its original: every heading it translates is one of the
//! original's entries or statements, and any `Affects:`, `Window:` or `Next update:` line it
//! repeats says what the original's says (errors); and what the original says that a language
//! lacks (`translation-missing` warnings, and `bulletin translate-status`).

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::config::Config;
use crate::content::ParsedTranslation;
use crate::content::translation::translation_path;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Affected, EntryKey, Fallback, Incident, StatementKey, Translation, Update};
use crate::time::local_minute;

/// How many of the original's entries a mismatch's hint lists.
const LISTED: usize = 12;

/// Errors for each part of `t` that contradicts `original`, its incident.
pub(crate) fn check(
    config: &Config,
    original: &Incident,
    t: &ParsedTranslation,
    out: &mut Diagnostics,
) {
    let file = &t.translation.file;
    let keys = original.entry_keys();
    let translated = EntryKey::of(&t.updates).into_iter().zip(&t.updates);
    for (i, (key, entry)) in translated.enumerate() {
        match keys.iter().position(|k| *k == key) {
            Some(n) => {
                let window_line = t.window_lines.get(i).copied().flatten();
                let written = Written { entry, window_line };
                check_lines(config, file, &original.updates[n], &written, out);
            }
            None => out.push(
                Diagnostic::error(
                    Code::TranslationMismatch,
                    file,
                    format!(
                        "entry `{}` is not one of the original's",
                        entry_name(config, entry)
                    ),
                )
                .at(entry.line(), 5)
                .hint(entries_hint(config, original)),
            ),
        }
    }
    check_statements(config, original, t, out);
    if let (Some(line), None) = (t.postmortem_line, &original.postmortem) {
        out.push(
            Diagnostic::error(
                Code::TranslationMismatch,
                file,
                "a postmortem the original does not have",
            )
            .at(line, 4)
            .hint(format!(
                "add the postmortem to {} first, or remove it here",
                original.file.display()
            )),
        );
    }
}

/// An error for each translated statement whose time is none of the original's statements'.
fn check_statements(
    config: &Config,
    original: &Incident,
    t: &ParsedTranslation,
    out: &mut Diagnostics,
) {
    let file = &t.translation.file;
    let statement_keys = original.statement_keys();
    let translated = StatementKey::of(&t.statements);
    for (key, s) in translated.into_iter().zip(&t.statements) {
        if !statement_keys.contains(&key) {
            let times: Vec<String> = original
                .statements
                .iter()
                .map(|s| format!("{} · {}", local_minute(s.time.at, &config.timezone), s.by))
                .collect();
            out.push(
                Diagnostic::error(
                    Code::TranslationMismatch,
                    file,
                    format!(
                        "statement at {} is not one of the original's",
                        local_minute(s.time.at, &config.timezone)
                    ),
                )
                .at(s.line, 5)
                .hint(listing("statements", &original.file, &times)),
            );
        }
    }
}

/// A translated entry as written, and the line of its `Window:` line if it has one.
struct Written<'a> {
    entry: &'a Update,
    window_line: Option<usize>,
}

/// Errors for the header lines of a translated entry that differ from its `original` entry's
/// (a line left out is the original's: only a different one is wrong).
fn check_lines(
    config: &Config,
    file: &Path,
    original: &Update,
    written: &Written,
    out: &mut Diagnostics,
) {
    let entry = written.entry;
    let hint = |what: &str| {
        format!(
            "an entry's `{what}` line is written once, in the original (line {}): remove it here, or copy it exactly",
            original.line
        )
    };
    if !entry.changes.is_empty() && !same_changes(config, &entry.changes, &original.changes) {
        let first = &entry.changes[0];
        out.push(
            Diagnostic::error(
                Code::TranslationMismatch,
                file,
                "this `Affects:` line differs from the original entry's",
            )
            .at(first.line(), first.column())
            .hint(hint("Affects:")),
        );
    }
    if entry.window().is_some() && entry.window() != original.window() {
        out.push(
            Diagnostic::error(
                Code::TranslationMismatch,
                file,
                "this entry's `Window:` line differs from the original entry's",
            )
            .at(written.window_line.unwrap_or(entry.line()), 1)
            .hint(hint("Window:")),
        );
    }
    if let Some(next) = entry.next_update()
        && original.next_update().map(|n| n.at) != Some(next.at)
    {
        out.push(
            Diagnostic::error(
                Code::TranslationMismatch,
                file,
                "this `Next update:` line differs from the original entry's",
            )
            .at(next.line, next.column)
            .hint(hint("Next update:")),
        );
    }
}

/// Whether two lists of component changes say the same (components compared as the
/// catalogue resolves them).
fn same_changes(config: &Config, a: &[Affected], b: &[Affected]) -> bool {
    let said = |c: &Affected| {
        let target = c.target.or_else(|| config.resolve(&c.component));
        (
            target,
            target.is_none().then(|| c.component.clone()),
            c.status,
        )
    };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| said(x) == said(y))
}

/// `2023-03-29 03:30 · identified`: an entry as its heading names it.
fn entry_name(config: &Config, u: &Update) -> String {
    format!(
        "{} · {}",
        local_minute(u.time.at, &config.timezone),
        u.status.as_str()
    )
}

/// The hint of an entry mismatch: the original's entries, each as a heading names it.
fn entries_hint(config: &Config, original: &Incident) -> String {
    let names: Vec<String> = original
        .updates
        .iter()
        .map(|u| entry_name(config, u))
        .collect();
    listing("entries", &original.file, &names)
}

fn listing(what: &str, original: &Path, names: &[String]) -> String {
    if names.is_empty() {
        return format!(
            "{} has no {what}: add it there first, or remove this one",
            original.display()
        );
    }
    let mut shown = names[..names.len().min(LISTED)].join(", ");
    if names.len() > LISTED {
        shown.push_str(", …");
    }
    format!(
        "give the heading the time (and status) of the one it translates; the {what} of {}: {shown}",
        original.display()
    )
}

/// The error for a translation file beside no incident.
pub(crate) fn orphan(t: &ParsedTranslation) -> Diagnostic {
    Diagnostic::error(
        Code::TranslationOrphan,
        &t.translation.file,
        format!(
            "a translation of {}, which does not exist",
            t.original.display()
        ),
    )
    .at(1, 1)
    .hint(format!(
        "name a translation after its incident's file (`<incident>.{}.md`, in the same folder), or delete this one if its incident was removed",
        t.translation.language
    ))
}

/// The one `translation-missing` warning of an incident with no translation file into `lang`
/// (`file`, where it would be): its title at least is untranslated, so it is always due.
pub(crate) fn no_file(inc: &Incident, lang: &str, file: &Path) -> Diagnostic {
    let file = file.display();
    Diagnostic::warning(Code::TranslationMissing, &inc.file, format!("this incident has no {lang} translation ({file})"))
        .at(1, 1)
        .hint(format!("write {file} (`bulletin update {} --lang {lang} \"…\"` starts it), or set `missing_translations: ignore`; `bulletin translate-status` lists what each language lacks", inc.slug))
}

/// What one incident lacks in one language, as of an instant.
#[derive(Debug, Clone)]
pub(crate) struct Missing<'a> {
    pub incident: &'a Incident,
    pub language: &'a str,
    /// The translation file, whether it exists or not.
    pub file: PathBuf,
    /// No translation file at all.
    pub no_file: bool,
    /// The texts still in the original language, entries and statements published by then.
    pub untranslated: Fallback,
}

/// What `incident` lacks in `language` at `now` (entries and statements dated later are not
/// published yet, so not missing); `None` when nothing is.
pub(crate) fn missing<'a>(
    config: &Config,
    incident: &'a Incident,
    translation: Option<&Translation>,
    language: &'a str,
    now: Timestamp,
) -> Option<Missing<'a>> {
    let mut untranslated = incident.untranslated(translation, config.default_language());
    untranslated
        .updates
        .retain(|&n| incident.updates[n].time.at <= now);
    untranslated
        .statements
        .retain(|&n| incident.statements[n].time.at <= now);
    if untranslated.is_empty() {
        return None;
    }
    Some(Missing {
        incident,
        language,
        file: translation.map_or_else(
            || translation_path(&incident.file, language),
            |t| t.file.clone(),
        ),
        no_file: translation.is_none(),
        untranslated,
    })
}

/// The `translation-missing` warnings of `m`: one for an incident with no translation file,
/// else one per text left untranslated, each at the original's line (entries, statements,
/// postmortem) or the translation's top (title, summary).
pub(crate) fn warn(config: &Config, m: &Missing, out: &mut Diagnostics) {
    let (inc, lang, file) = (m.incident, m.language, m.file.display());
    let warning = |at: &Path, what: String| {
        Diagnostic::warning(
            Code::TranslationMissing,
            at,
            format!("{what} has no {lang} translation in {file}"),
        )
    };
    if m.no_file {
        out.push(no_file(inc, lang, &m.file));
        return;
    }
    let hint = format!("write it in {file}, or set `missing_translations: ignore`");
    let u = &m.untranslated;
    if u.title {
        out.push(
            warning(&m.file, "the title".into())
                .at(1, 1)
                .hint(hint.clone()),
        );
    }
    if u.summary {
        out.push(
            warning(&m.file, "the summary".into())
                .at(1, 1)
                .hint(hint.clone()),
        );
    }
    for &n in &u.updates {
        let entry = &inc.updates[n];
        let what = format!("entry `{}`", entry_name(config, entry));
        let time = local_minute(entry.time.at, &config.timezone);
        let command = format!(
            "add it under `## Timeline` in {file} (`bulletin update {} --lang {lang} --entry \"{time}\" \"…\"`), or set `missing_translations: ignore`",
            inc.slug
        );
        out.push(warning(&inc.file, what).at(entry.line(), 5).hint(command));
    }
    for &n in &u.statements {
        let s = &inc.statements[n];
        let what = format!("the statement by {}", s.by);
        out.push(warning(&inc.file, what).at(s.line, 5).hint(hint.clone()));
    }
    if let (true, Some(p)) = (u.postmortem, &inc.postmortem) {
        let what = "the postmortem".to_string();
        out.push(warning(&inc.file, what).at(p.line, 4).hint(hint.clone()));
    }
}
