//! What every authoring command does with the file it made: run `bulletin check`'s rules on
//! the site as it would be with that file, refuse it (nothing written) when that finds an
//! error, else write it and hand back the warnings, so the command can show them.
//!
//! [`write_checked`] is the one way an authoring command writes: `new`, `update`, `resolve`,
//! `statement`, and any later command that edits an incident file, call it with the
//! [`Draft`] they made.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::write_file;
use crate::config::Config;
use crate::content::{self, Parsed};
use crate::diagnostics::Diagnostic;
use crate::site_file::Expect;
use crate::validate;

/// A file as a command proposes to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Relative to the site root, e.g. `incidents/2026-11-23-login-failures.md`.
    pub path: PathBuf,
    /// The text as the loader reads it (LF line ends, no byte-order mark): what `check` runs
    /// on, and what diagnostics' lines and columns count in.
    pub text: String,
    /// Written with CRLF line ends and a byte-order mark, as the file had them.
    pub(crate) dress: Dress,
}

/// How an edited file's bytes differ from its [`Draft::text`]: kept as the author had them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Dress {
    pub bom: bool,
    pub crlf: bool,
}

impl Draft {
    /// A draft of `text` (LF line ends) at `path`, written as it is.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Draft {
        Draft {
            path: path.into(),
            text: text.into(),
            dress: Dress::default(),
        }
    }

    /// The bytes to write: the text with the file's own line ends and byte-order mark.
    fn bytes(&self) -> Vec<u8> {
        let text = if self.dress.crlf {
            self.text.replace('\n', "\r\n")
        } else {
            self.text.clone()
        };
        let bom = if self.dress.bom { "\u{feff}" } else { "" };
        format!("{bom}{text}").into_bytes()
    }
}

/// A file an authoring command wrote, and what `check` says about it (warnings only).
#[derive(Debug, Clone)]
pub struct Written {
    pub draft: Draft,
    /// `check`'s warnings about the written file, in file order.
    pub warnings: Vec<Diagnostic>,
}

impl Written {
    /// The path written, relative to the site root.
    pub fn path(&self) -> &Path {
        &self.draft.path
    }
}

/// Why nothing was written: every problem found (errors, and the warnings met with them), and
/// the draft they were found in when there was one (its lines are what they point at).
#[derive(Debug, Clone)]
pub struct Refused {
    pub problems: Vec<Diagnostic>,
    pub draft: Option<Draft>,
}

impl From<Vec<Diagnostic>> for Refused {
    fn from(problems: Vec<Diagnostic>) -> Refused {
        Refused {
            problems,
            draft: None,
        }
    }
}

/// What an authoring command did.
pub type Outcome = Result<Written, Refused>;

/// Checks `draft` as `bulletin check` would check the site with it in place, and writes it
/// when that finds no error. `expect`: what the file held when it was read
/// ([`Expect::New`] for a new file), so a file saved meanwhile is not overwritten.
pub(crate) fn write_checked(
    config: &Config,
    now: Timestamp,
    draft: Draft,
    expect: Expect,
) -> Outcome {
    let problems = check_draft(config, now, &draft);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Refused {
            problems,
            draft: Some(draft),
        });
    }
    if let Some(dir) = draft.path.parent() {
        std::fs::create_dir_all(config.root.join(dir)).map_err(|e| super::io_error(dir, e))?;
    }
    write_file(config, &draft.path, &draft.bytes(), expect)?;
    Ok(Written {
        draft,
        warnings: problems,
    })
}

/// `check`'s problems with the site as it would be with `draft` in place, those about
/// `draft`'s file: its own rules (parse, fields, timeline) and those between files (slugs,
/// times ahead of now), the other incidents read from disk as `check` reads them.
pub(crate) fn check_draft(config: &Config, now: Timestamp, draft: &Draft) -> Vec<Diagnostic> {
    if let Some((language, original)) = content::translation_of(config, &draft.path) {
        return check_translation(config, now, draft, language, original);
    }
    let (parsed, mut problems) = content::parse(config, &draft.path, &draft.text);
    let Some(parsed) = parsed else {
        return problems;
    };
    problems.extend(validate::check_incident(config, &parsed));
    let mut site: Vec<Parsed> = content::load(config)
        .incidents
        .into_iter()
        .filter(|other| other.file != draft.path)
        .collect();
    site.push(parsed);
    let across = validate::check_site(&site, now, &config.timezone);
    problems.extend(across.into_iter().filter(|d| d.file == draft.path));
    problems.sort_by_key(|d| (d.line, d.column));
    problems.dedup();
    problems
}

/// `check`'s problems with the translation file `draft` into `language`: its own, those
/// against its `original` (read from disk), and what its incident still lacks in `language`.
fn check_translation(
    config: &Config,
    now: Timestamp,
    draft: &Draft,
    language: &str,
    original: PathBuf,
) -> Vec<Diagnostic> {
    let (parsed, mut problems) =
        content::translation::parse(config, &draft.path, language, original, &draft.text);
    let Some(parsed) = parsed else {
        return problems;
    };
    let (incident, original_problems) = content::load_file(config, &parsed.original);
    let Some(incident) = incident else {
        if config.root.join(&parsed.original).exists() {
            problems.extend(original_problems);
        } else {
            problems.push(validate::translation::orphan(&parsed));
        }
        return problems;
    };
    let mut found = crate::diagnostics::Diagnostics::default();
    validate::translation::check(config, &incident, &parsed, &mut found);
    let translation = Some(&*parsed.translation);
    if let Some(m) = validate::translation::missing(config, &incident, translation, language, now) {
        validate::translation::warn(config, &m, &mut found);
    }
    problems.extend(found);
    problems.sort_by_key(|d| (d.file.clone(), d.line, d.column));
    problems.dedup();
    problems
}
