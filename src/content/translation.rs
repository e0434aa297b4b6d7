//! Translation files: `incidents/…/<stem>.<language>.md` beside `<stem>.md`, for a language of
//! `languages` other than the default, read into a [`Translation`] with what validation needs
//! to hold it to its original (each heading's line, the header lines an entry repeats).
//!
//! The file is read as an incident file is (the same bounds, the same body parser), but its
//! front matter has only `title`: everything structural is written once, in the original.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::Value;

use super::{body, frontmatter, limits};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    EntryKey, Statement, StatementKey, Text, TranslatedStatement, Translation, Update,
};
use crate::yaml::{YamlText, yaml_error};

/// One parsed translation file: its words, and what the file says of the original's structure.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTranslation {
    pub translation: Arc<Translation>,
    /// The original incident's file, relative to the site root (it may not exist).
    pub original: PathBuf,
    /// Each translated timeline entry as written (its body moved into `translation`): its
    /// heading's line, and any `Affects:`, `Window:` or `Next update:` line it repeats.
    pub updates: Vec<Update>,
    /// The line of each of `updates`' `Window:` line, if it has one.
    pub window_lines: Vec<Option<usize>>,
    /// Each translated statement's time and line (its words moved into `translation`).
    pub statements: Vec<Statement>,
    /// The line of the postmortem's heading, if the file has one.
    pub postmortem_line: Option<usize>,
}

/// If `rel` is a translation file of `config`'s site: its language and the original's path.
/// On a site in one language nothing is: `x.en.md` is then the incident with slug `x.en`.
pub fn translation_of<'a>(config: &'a Config, rel: &Path) -> Option<(&'a str, PathBuf)> {
    let stem = rel.file_stem()?.to_str()?;
    let (original, language) = stem.rsplit_once('.')?;
    let language = config.languages[1..].iter().find(|l| *l == language)?;
    if original.is_empty() || rel.extension().is_none_or(|e| e != "md") {
        return None;
    }
    Some((language, rel.with_file_name(format!("{original}.md"))))
}

/// The translation file of the incident file `original` into `language`: `<stem>.<language>.md`
/// beside it (the inverse of [`translation_of`]).
pub fn translation_path(original: &Path, language: &str) -> PathBuf {
    let stem = original.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    original.with_file_name(format!("{stem}.{language}.md"))
}

/// Reads and parses the translation file `rel` into `language`.
pub(crate) fn load(
    config: &Config,
    rel: &Path,
    language: &str,
    original: PathBuf,
) -> (Option<ParsedTranslation>, Vec<Diagnostic>) {
    match super::read_text(&config.root, rel) {
        Ok(text) => parse(config, rel, language, original, &text),
        Err(d) => (None, vec![d]),
    }
}

/// Parses the text of a translation file.
pub fn parse(
    config: &Config,
    rel: &Path,
    language: &str,
    original: PathBuf,
    text: &str,
) -> (Option<ParsedTranslation>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let empty = super::Empty {
        what: "translation file is empty",
        hint: "start with `---`, `title: …` (the title in this language), `---`, then the translated entries (see docs/languages.md)",
    };
    let Some(super::Opened { split, ends }) = super::open(rel, text, &empty, &mut problems) else {
        return (None, problems);
    };
    let title = read_front(rel, &original, &split, &mut problems);
    // The kind is the original's: either kind's status words pass here.
    let base = split.body_offset;
    let parsed = body::parse(config, rel, text, &ends, base, None, &mut problems);
    for s in &parsed.sections {
        problems.push(unshown_section(rel, s));
    }
    let (updates, statements) = words(&parsed);
    let translation = Translation {
        language: language.to_string(),
        file: rel.to_path_buf(),
        fingerprint: super::fingerprint(rel, text),
        title,
        summary: Some(parsed.summary.to_string()).filter(|s| !s.trim().is_empty()),
        updates,
        statements,
        postmortem: parsed
            .postmortem
            .as_ref()
            .map(|p| (p.title.clone(), p.body.to_string())),
    };
    let strip = |mut u: Update| {
        u.body = Text::default();
        u
    };
    let parsed_translation = ParsedTranslation {
        translation: Arc::new(translation),
        original,
        window_lines: window_lines(text, &parsed.updates),
        updates: parsed.updates.into_iter().map(strip).collect(),
        statements: parsed.statements,
        postmortem_line: parsed.postmortem.map(|p| p.line),
    };
    (Some(parsed_translation), problems)
}

/// The words of each entry and statement of `parsed`, keyed by the original's they translate.
type Words = (
    Vec<(EntryKey, String)>,
    Vec<(StatementKey, TranslatedStatement)>,
);

fn words(parsed: &body::Body) -> Words {
    let updates = EntryKey::of(&parsed.updates)
        .into_iter()
        .zip(&parsed.updates)
        .map(|(key, u)| (key, u.body.to_string()))
        .collect();
    let statements = StatementKey::of(&parsed.statements)
        .into_iter()
        .zip(&parsed.statements)
        .map(|(key, s)| {
            let words = TranslatedStatement {
                by: s.by.to_string(),
                channel: s.channel.as_deref().map(str::to_string),
                body: s.body.to_string(),
            };
            (key, words)
        })
        .collect();
    (updates, statements)
}

/// The 1-based line of each entry's `Window:` line, if it has one (a window keeps no place):
/// the first such line below its heading.
fn window_lines(text: &str, updates: &[Update]) -> Vec<Option<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    updates
        .iter()
        .enumerate()
        .map(|(i, u)| {
            u.window()?;
            let end = updates
                .get(i + 1)
                .map_or(lines.len(), |next| next.line() - 1);
            let below = lines.get(u.line()..end)?;
            let found = below.iter().position(|l| body::is_window_line(l))?;
            Some(u.line() + found + 1)
        })
        .collect()
}

/// The translated title, if the front matter gives one; every other field is reported.
fn read_front(
    rel: &Path,
    original: &Path,
    split: &frontmatter::Split,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    if split.yaml.trim().is_empty() {
        return None;
    }
    if let Err(d) = limits::check_front_matter(rel, split.yaml, split.yaml_line_offset) {
        problems.push(d);
        return None;
    }
    let yaml = YamlText {
        file: rel,
        text: split.yaml,
        line_offset: split.yaml_line_offset,
    };
    let map = match serde_yaml::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(map)) => map,
        Ok(_) => {
            problems.push(
                Diagnostic::error(Code::BadFrontMatter, rel, "front matter is not a list of fields")
                    .at(1 + split.yaml_line_offset, 1)
                    .hint("a translation's front matter is one line: `title: <the title in this language>`"),
            );
            return None;
        }
        Err(e) => {
            problems.push(yaml_error(rel, &e, split.yaml, split.yaml_line_offset));
            return None;
        }
    };
    let mut title = None;
    for (key, value) in &map {
        let key = key.as_str().unwrap_or("");
        if key == "title" {
            title = read_title(&yaml, value, problems);
        } else {
            problems.push(other_field(&yaml, original, key));
        }
    }
    title
}

/// The title as written; empty is `None` (not translated yet, which `check` warns about).
fn read_title(yaml: &YamlText, value: &Value, problems: &mut Vec<Diagnostic>) -> Option<String> {
    let title = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Null => String::new(),
        _ => yaml.plain_value("title").unwrap_or_default(),
    };
    frontmatter::check_title_chars(yaml, &title, problems);
    Some(title).filter(|t| !t.is_empty())
}

/// The error for a front-matter field other than `title`: a structural one is the original's.
fn other_field(yaml: &YamlText, original: &Path, key: &str) -> Diagnostic {
    let span = yaml.key_span(key);
    if frontmatter::FIELDS.contains(&key) {
        return Diagnostic::error(
            Code::TranslationField,
            yaml.file,
            format!("`{key}` in a translation"),
        )
        .span(span)
        .hint(format!(
            "`{key}` is written once, in the original {}: remove it here (a translation's front matter has only `title`)",
            original.display()
        ));
    }
    Diagnostic::error(
        Code::UnknownField,
        yaml.file,
        format!("unknown field `{key}`"),
    )
    .span(span)
    .hint("a translation's front matter has only `title`")
}

/// The warning for a `##` section a translation cannot carry.
fn unshown_section(rel: &Path, section: &crate::model::Section) -> Diagnostic {
    Diagnostic::warning(
        Code::TranslationMismatch,
        rel,
        format!("section `## {}` of a translation is not shown", section.title),
    )
    .at(section.line, 4)
    .hint("a translation gives the summary, `## Timeline`, `## Statements` and `## Postmortem`; move this text into one of them")
}

#[cfg(test)]
mod tests;
