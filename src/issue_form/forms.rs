//! Writing the issue forms into `.github/ISSUE_TEMPLATE/`: their YAML, built from
//! [`super::spec`] and the site's components, and the rule that a form is rewritten only when
//! Bulletin wrote it (its first line is [`MARKER`]), so components added to `bulletin.yaml`
//! reach the dropdowns without ever replacing a form someone edited by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::spec::{Choices, FORMS, Field, Form, LABEL, Widget, Words};
use crate::config::Config;
use crate::content::write::quoted;
use crate::site_file::{self, Expect};

/// The first line of every form Bulletin writes: what makes it Bulletin's to rewrite.
pub const MARKER: &str = "# Written by `bulletin init --ci github`; `bulletin issue-form forms` rewrites it from bulletin.yaml (delete this line to keep your own edits).";

/// Where the forms live, relative to the site (which is the repository's root).
pub const FOLDER: &str = ".github/ISSUE_TEMPLATE";

/// What happened to one form file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// It did not exist.
    Created(PathBuf),
    /// Bulletin's earlier form, replaced.
    Rewritten(PathBuf),
    /// Bulletin's earlier form, already as it would be written.
    Unchanged(PathBuf),
    /// A file Bulletin did not write (no marker line): left as it is.
    LeftAlone(PathBuf),
}

/// The component references of the site, in catalogue order.
fn components(config: &Config) -> Vec<String> {
    config.components().map(|c| config.reference(c)).collect()
}

/// The YAML of `form` for `config`'s components.
pub(crate) fn text(form: &Form, config: &Config, words: &Words) -> String {
    let mut out = format!("{MARKER}\n");
    for what in ["name", "description", "title"] {
        let _ = writeln!(out, "{what}: {}", quoted(&words.form(form, what)));
    }
    let _ = writeln!(out, "labels: [{}]", quoted(LABEL));
    out.push_str("body:\n");
    for field in form.fields {
        field_text(field, words, &components(config), &mut out);
    }
    out
}

/// One `body:` item.
fn field_text(field: &Field, words: &Words, components: &[String], out: &mut String) {
    let kind = match field.widget {
        Widget::Input => "input",
        Widget::Textarea => "textarea",
        Widget::Dropdown { .. } => "dropdown",
    };
    let _ = writeln!(
        out,
        "  - type: {kind}\n    id: {}\n    attributes:",
        field.id
    );
    let _ = writeln!(out, "      label: {}", quoted(&words.label(field)));
    if let Some(help) = words.help(field) {
        let _ = writeln!(out, "      description: {}", quoted(&help));
    }
    if let Widget::Dropdown { choices, multiple } = field.widget {
        if multiple {
            out.push_str("      multiple: true\n");
        }
        out.push_str("      options:\n");
        let options: Vec<&str> = match choices {
            Choices::Components => components.iter().map(String::as_str).collect(),
            fixed => fixed.words().unwrap_or_default(),
        };
        for option in options {
            let _ = writeln!(out, "        - {}", quoted(option));
        }
        if field.required && !multiple {
            out.push_str("      default: 0\n");
        }
    }
    if field.required {
        out.push_str("    validations:\n      required: true\n");
    }
}

/// Writes the three forms into the site: new ones created, Bulletin's own rewritten, any
/// other file of the same name left alone (and reported so).
pub fn write(config: &Config) -> std::io::Result<Vec<Written>> {
    let words = Words::for_site(config).map_err(|d| {
        let first = d
            .iter()
            .next()
            .map(|d| d.message.clone())
            .unwrap_or_default();
        std::io::Error::other(format!("the theme's language files: {first}"))
    })?;
    let root = &config.root;
    if site_file::folder_inside(root, Path::new(".github"))?.is_some() {
        site_file::folder_inside(root, Path::new(FOLDER))?;
    }
    std::fs::create_dir_all(root.join(FOLDER))?;
    FORMS
        .iter()
        .map(|form| write_one(config, &words, form))
        .collect()
}

fn write_one(config: &Config, words: &Words, form: &Form) -> std::io::Result<Written> {
    let rel = Path::new(FOLDER).join(form.file);
    let new = text(form, config, words);
    let old = match site_file::read_regular(&config.root.join(&rel)) {
        Ok(old) => Some(old),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    match old {
        None => {
            site_file::write(&config.root, &rel, new.as_bytes(), Expect::New)?;
            Ok(Written::Created(rel))
        }
        Some(old) if old == new.as_bytes() => Ok(Written::Unchanged(rel)),
        Some(old) if old.starts_with(MARKER.as_bytes()) => {
            site_file::write(&config.root, &rel, new.as_bytes(), Expect::Holds(&old))?;
            Ok(Written::Rewritten(rel))
        }
        Some(_) => Ok(Written::LeftAlone(rel)),
    }
}
