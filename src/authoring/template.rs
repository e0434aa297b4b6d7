//! Incident templates: `incident-templates/<name>.md` in the site, each an ordinary incident
//! file, from which `bulletin new --template <name>` takes the title, the kind, the affected
//! components (and impact) and the first entry's status and words; its dates are not used (the
//! new entry is dated now, a maintenance's window comes from `--window`).
//!
//! A multilingual site keeps a language's own templates in `incident-templates/<language>/`,
//! which come first for that language. `bulletin check` checks every template with the rules of
//! one incident file, so a broken template shows up before the incident it is for.
//! The folder is not `templates/`: that one holds the theme's overrides.

use std::path::{Path, PathBuf};

use super::NewIncident;
use crate::config::Config;
use crate::content::{self, TEMPLATES_DIR};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::{ComponentStatus, Incident};
use crate::validate;

/// The incident `bulletin new --template name` starts from: everything but the slug and the
/// window, which the command line gives. Flags given to `new` replace its fields.
pub fn from_template(config: &Config, name: &str) -> Result<NewIncident, Vec<Diagnostic>> {
    let Some(rel) = path_of(config, name) else {
        return Err(vec![unknown(config, name)]);
    };
    let (parsed, problems) = content::load_file(config, &rel);
    let errors: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
    match parsed {
        Some(parsed) if errors.is_empty() => Ok(new_from(&parsed.incident)),
        _ => Err(errors),
    }
}

/// What `new` copies from a template incident.
fn new_from(template: &Incident) -> NewIncident {
    let first = template.updates.first();
    NewIncident {
        title: template.title.clone(),
        slug: None,
        kind: template.kind,
        window: None,
        affects: template
            .affected
            .iter()
            .map(|a| (a.component.to_string(), a.status))
            .collect::<Vec<(String, ComponentStatus)>>(),
        impact: template.impact,
        status: first.map_or_else(
            || crate::model::UpdateStatus::allowed(template.kind)[0],
            |u| u.status,
        ),
        message: first
            .map(|u| u.body.trim().to_string())
            .filter(|text| !text.is_empty()),
    }
}

/// The template file for `name`: the site language's own first, then the shared one. `None`
/// when there is none, or `name` is not a plain name (it would name a file elsewhere).
fn path_of(config: &Config, name: &str) -> Option<PathBuf> {
    if crate::site_file::name_problem(&format!("{name}.md")).is_some() {
        return None;
    }
    let file = format!("{name}.md");
    [
        Path::new(TEMPLATES_DIR).join(&config.language).join(&file),
        Path::new(TEMPLATES_DIR).join(&file),
    ]
    .into_iter()
    .find(|rel| is_plain_file(&config.root.join(rel)))
}

/// A regular file, not reached through a link (a template is read, and a link planted in the
/// site could point anywhere).
fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// Every template file, relative to the root: the shared ones and each language's, by name.
fn template_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![PathBuf::from(TEMPLATES_DIR)];
    while let Some(dir) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = dir.join(entry.file_name());
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            // One level of language folders, no deeper.
            if kind.is_dir() && dir.as_os_str() == TEMPLATES_DIR {
                folders.push(rel);
            } else if kind.is_file() && rel.extension().is_some_and(|e| e == "md") {
                files.push(rel);
            }
        }
    }
    files.sort();
    files
}

/// The names `--template` takes on this site (its language's and the shared ones).
fn names(config: &Config) -> Vec<String> {
    let mut names: Vec<String> = template_files(&config.root)
        .iter()
        .filter(|rel| {
            rel.parent() == Some(Path::new(TEMPLATES_DIR))
                || rel.parent() == Some(&Path::new(TEMPLATES_DIR).join(&config.language))
        })
        .filter_map(|rel| rel.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `--template name` names no template: the closest name, and every name there is.
fn unknown(config: &Config, name: &str) -> Diagnostic {
    let names = names(config);
    let shown = crate::text::escape_unsafe(name);
    let list = if names.is_empty() {
        format!(
            "this site has no templates: add one as {TEMPLATES_DIR}/<name>.md (an ordinary incident file)"
        )
    } else {
        format!("the templates are: {}", names.join(", "))
    };
    let hint = match did_you_mean(name, names.iter().map(String::as_str)) {
        Some(best) => format!("did you mean '{best}'? {list}"),
        None => list,
    };
    Diagnostic::error(
        Code::UnknownTemplate,
        "command line",
        format!("no template '{shown}'"),
    )
    .hint(hint)
}

/// `bulletin check`'s part for templates: each file read and checked as one incident file
/// (its components, statuses and fields); the rules between incidents and times do not apply.
pub fn check_templates(config: &Config) -> Diagnostics {
    let mut out = Diagnostics::default();
    for rel in template_files(&config.root) {
        let (parsed, problems) = content::load_file(config, &rel);
        out.extend(problems);
        if let Some(parsed) = parsed {
            out.extend(validate::check_incident(config, &parsed));
        }
    }
    out
}
