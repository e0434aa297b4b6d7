//! What the parser makes of one `targets:` entry ([`Unresolved`]: a [`Spec`] and the
//! [`Step`]s `resolve` takes in order), and the [`Reader`] that notes them as an entry is
//! read (`target`, `email`), each problem at its place in the text.

use super::channel::{Format, Secret, Security};
use crate::config::ComponentRef;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::events::Category;
use crate::yaml::YamlText;

/// One entry as written: what `resolve` does with it, in order, and the target it makes.
#[derive(Debug)]
pub(crate) struct Unresolved {
    pub steps: Vec<Step>,
    /// `None` when the entry makes no target (not a target at all, or a second one of a name).
    pub spec: Option<Spec>,
}

/// One thing to report or read, in the order a reader meets them in the entry.
#[derive(Debug)]
pub(crate) enum Step {
    /// A problem of the text.
    Problem(Diagnostic),
    /// An environment variable to read, for `role`; `at` is where it is named.
    Var { var: String, role: Role, at: Span },
}

/// What a variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The target's URL (checked to be an http(s) URL once read).
    Url,
    Secret,
    Username,
    Password,
    /// The path of the subscriber list (read once the variable is).
    Subscribers,
}

/// A target as written, its secrets still named by their variables.
#[derive(Debug)]
pub(crate) struct Spec {
    pub name: String,
    pub format: Format,
    /// The URL when the text gives it (`url:`, or a WebSub target's hub from bulletin.yaml).
    pub url: Option<Secret>,
    pub components: Vec<ComponentRef>,
    pub kinds: Vec<Category>,
    /// An email target's settings (`None` when they are incomplete: reported).
    pub email: Option<EmailSpec>,
    /// The language its messages speak: one of the site's `languages`.
    pub language: String,
}

/// What the text says of an email target.
#[derive(Debug, Clone)]
pub(crate) struct EmailSpec {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub from: String,
    /// How the list is named in reports: `$NAME`, the variable holding its (secret) path.
    pub list: String,
    pub unsubscribe_url: Option<String>,
}

/// Where one target is written: the lines of its list item, for pointing at its fields.
pub(super) struct Place<'a> {
    pub(super) yaml: &'a YamlText<'a>,
    /// 1-based first line of the item, and the first line after it.
    pub(super) from: usize,
    pub(super) to: usize,
}

impl Place<'_> {
    /// Where `needle` is written within the item (the item's first line when it is not).
    pub(super) fn span(&self, needle: &str) -> Span {
        crate::yaml::occurrences(self.yaml.text, self.from, needle)
            .next()
            .filter(|s| s.line < self.to)
            .unwrap_or(Span::new(self.from, 1, 1))
    }

    /// Where `value` is written after `key` on the key's line (the key when it is not there).
    pub(super) fn value_span(&self, key: &str, value: &str) -> Span {
        let at = self.span(key);
        let line = self.yaml.text.lines().nth(at.line - 1).unwrap_or("");
        let after = crate::text::column_of(line, key)
            .map(|c| c - 1 + key.chars().count())
            .unwrap_or(0);
        let rest: String = line.chars().skip(after).collect();
        match crate::text::column_of(&rest, value) {
            Some(c) => Span::new(at.line, after + c, value.chars().count()),
            None => at,
        }
    }

    pub(super) fn error(&self, code: Code, at: &str, message: String) -> Diagnostic {
        Diagnostic::error(code, self.yaml.file, message).span(self.span(at))
    }
}

/// Reads one entry, noting its steps.
pub(super) struct Reader<'a> {
    pub(super) place: &'a Place<'a>,
    pub(super) steps: Vec<Step>,
}

impl Reader<'_> {
    pub(super) fn problem(&mut self, d: Diagnostic) {
        self.steps.push(Step::Problem(d));
    }

    /// `var` is to be read for `role`; `key` is the field naming it.
    pub(super) fn var(&mut self, var: &str, role: Role, key: &str) {
        let at = self.place.span(key);
        self.steps.push(Step::Var {
            var: var.to_string(),
            role,
            at,
        });
    }
}
