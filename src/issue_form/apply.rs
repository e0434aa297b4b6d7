//! A submitted form turned into the authoring command it stands for, in this process: the
//! values go to [`crate::authoring`]'s functions as data (never through a shell or a command
//! line), the entry's Markdown made inert first ([`crate::content::write::inert_markdown`]),
//! so the file is written exactly as `bulletin new`/`update`/`resolve` would write it.

use std::path::PathBuf;

use jiff::Timestamp;

use super::body::Submitted;
use super::spec::Action;
use crate::authoring::{self, NewIncident};
use crate::config::Config;
use crate::content::write::inert_markdown;
use crate::diagnostics::Diagnostic;
use crate::model::{ComponentStatus, Kind, UpdateStatus};

/// Why a form was not applied.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The form's answers do not make a command: one sentence each.
    Form(Vec<String>),
    /// The command refused the change, as `bulletin check` words it.
    Check(Vec<Diagnostic>),
}

/// What a form changed: the command it ran and the incident file it wrote.
#[derive(Debug, Clone)]
pub struct Applied {
    pub action: Action,
    /// The file, relative to the site.
    pub file: PathBuf,
    /// Its slug (the file name without `.md`).
    pub slug: String,
}

/// Runs the form's command on the site at `now`.
pub(crate) fn run(config: &Config, now: Timestamp, form: &Submitted) -> Result<Applied, Refusal> {
    let action = form.form.action;
    let file = match action {
        Action::New => new(config, now, form)?,
        Action::Update => update(config, now, form)?,
        Action::Resolve => {
            let slug = slug(form)?;
            written(authoring::resolve(
                config,
                now,
                &slug,
                message(form).as_deref(),
            ))?
        }
    };
    let slug = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Applied { action, file, slug })
}

/// The file a command wrote, or the problems it refused with (the warnings about a written
/// file are `check`'s to report, as after any command).
fn written(outcome: authoring::Outcome) -> Result<PathBuf, Refusal> {
    outcome
        .map(|written| written.path().to_path_buf())
        .map_err(|refused| Refusal::Check(refused.problems))
}

/// The entry's Markdown, made inert; `None` when left empty.
fn message(form: &Submitted) -> Option<String> {
    Some(inert_markdown(form.get("message"))).filter(|m| !m.is_empty())
}

/// The dropdown `id`'s answer read as a word of the model (`body` already checked it is one
/// of the form's choices, which are those words).
fn word<T>(form: &Submitted, id: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, Refusal> {
    let answer = form.get(id);
    parse(answer)
        .ok_or_else(|| Refusal::Form(vec![format!("'{answer}' is not a choice of \"{id}\"")]))
}

/// The incident an update or resolve names, refused unless it can be a file name.
fn slug(form: &Submitted) -> Result<String, Refusal> {
    let slug = form.get("incident").trim();
    match authoring::slug_problem(slug) {
        None => Ok(slug.to_string()),
        Some(why) => Err(Refusal::Form(vec![format!(
            "the incident '{slug}' {why}; give its slug, the file name in incidents/ without .md"
        )])),
    }
}

fn new(config: &Config, now: Timestamp, form: &Submitted) -> Result<PathBuf, Refusal> {
    let status = word(form, "status", UpdateStatus::parse)?;
    let component_status = word(form, "component_status", ComponentStatus::parse)?;
    let new = NewIncident {
        title: form.get("title").to_string(),
        slug: None,
        kind: Kind::Incident,
        window: None,
        affects: form
            .choices("components")
            .into_iter()
            .map(|c| (c.to_string(), component_status))
            .collect(),
        impact: None,
        status,
        message: message(form),
    };
    written(authoring::new_incident(config, now, &new))
}

fn update(config: &Config, now: Timestamp, form: &Submitted) -> Result<PathBuf, Refusal> {
    let slug = slug(form)?;
    let status = match form.get("status") {
        "" => None,
        _ => Some(word(form, "status", UpdateStatus::parse)?),
    };
    let components = form.choices("components");
    let new_status = form.get("component_status");
    let changed = match (components.is_empty(), new_status) {
        (true, "") => Vec::new(),
        (false, "") => {
            return Err(Refusal::Form(vec![
                "\"Changed components\" are chosen but not \"Their new status\": choose it too"
                    .into(),
            ]));
        }
        (true, _) => {
            return Err(Refusal::Form(vec![
                "\"Their new status\" is chosen but no \"Changed components\": choose them too"
                    .into(),
            ]));
        }
        (false, _) => {
            let status = word(form, "component_status", |w| match w {
                "operational" => Some(ComponentStatus::Operational),
                other => ComponentStatus::parse(other),
            })?;
            components
                .into_iter()
                .map(|c| (c.to_string(), status))
                .collect()
        }
    };
    let message = message(form);
    written(authoring::append_update(
        config,
        now,
        &slug,
        status,
        &changed,
        message.as_deref(),
        None,
    ))
}
