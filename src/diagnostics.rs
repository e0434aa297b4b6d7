//! Problems found in a site's sources, with where they are and what to do about them.
//!
//! Every stage reports through [`Diagnostic`] rather than failing on the first problem, so one
//! `bulletin check` run lists everything that is wrong. Rendering them for people (miette),
//! for tools (JSON) and for CI annotations (GitHub) lives in [`report`].

mod code;
pub mod report;

pub use code::Code;

use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// What kind of trouble a problem is, which decides the exit status of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cause {
    /// Something in the sources to fix (exit status 1).
    #[default]
    Content,
    /// The site could not be read or written, or "now" could not be read (exit status 2).
    Access,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Content to fix, or no access to the site at all.
    #[serde(skip)]
    pub cause: Cause,
    /// A stable, greppable identifier such as `unknown-component` ([`Code`]).
    pub code: Code,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// Length in characters of the offending text, for the marker under it.
    #[serde(skip)]
    pub length: usize,
    pub message: String,
    /// A few words on what is wrong at the marked spot, shown under the marker in the human
    /// report; the message stands in when there is none.
    #[serde(skip)]
    pub label: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `file` with no position yet.
    pub fn error(code: Code, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            cause: Cause::Content,
            code,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            length: 1,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    /// An error that is not in the sources: a file that cannot be read or written, a missing
    /// `bulletin.yaml`, an unreadable "now".
    pub fn access(code: Code, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            cause: Cause::Access,
            ..Self::error(code, file, message)
        }
    }

    /// A warning in `file` with no position yet.
    pub(crate) fn warning(code: Code, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, file, message)
        }
    }

    /// Places the problem at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self
    }

    /// Places the problem at a [`Span`].
    pub(crate) fn span(self, span: Span) -> Self {
        let mut d = self.at(span.line, span.column);
        d.length = span.length.max(1);
        d
    }

    /// Sets how many characters the marker under the problem spans.
    pub fn length(mut self, n: usize) -> Self {
        self.length = n.max(1);
        self
    }

    /// Says in a few words what is wrong at the marked spot (shown under the marker).
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A place in a source file: 1-based line and column, and a length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

impl Span {
    pub(crate) fn new(line: usize, column: usize, length: usize) -> Self {
        Self {
            line,
            column,
            length,
        }
    }
}

/// The problems found so far, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(list: Vec<Diagnostic>) -> Self {
        Diagnostics(list)
    }
}

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, then position, so output does not depend on thread scheduling.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
        });
        self.0.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let words = ["wechat/login", "wechat/pay", "qq/mail"];
        assert_eq!(did_you_mean("wechat/logn", words), Some("wechat/login"));
        assert_eq!(did_you_mean("zzz", words), None);
    }
}
