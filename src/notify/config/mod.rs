//! `notify.yaml`, the delivery targets: read from the site root and never copied into the
//! site (`build` copies only `static/` and the theme). Secrets (webhook URLs, signing keys,
//! SMTP passwords, the subscriber list's path) are only ever named here by the environment
//! variable that holds them. Every problem is a diagnostic with file and line, reported by
//! `bulletin check` and by `bulletin notify` before anything is sent.
//!
//! Two steps: [`parse`] reads the text alone (`parse`, `target`, `email`: each entry with
//! where its fields are written, and the variables it names, as `spec` types); [`resolve`] then reads those
//! variables and the subscriber lists through a [`resolve::Lookup`] (the process's
//! environment and files, or a fake in tests). `channel` holds the resolved types (the
//! settings, each target and its [`Channel`]).

pub(crate) mod channel;
mod email;
pub(crate) mod parse;
pub(crate) mod resolve;
mod spec;
mod target;

use std::path::Path;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
pub(crate) use channel::{
    Channel, ChatKind, Email, EnvPolicy, FILE, NotifyConfig, Retry, Secret, Security, Target,
};

/// Reads `<root>/notify.yaml`: `Ok(None)` when there is none.
pub(crate) fn load(
    root: &Path,
    site: &Config,
    env: EnvPolicy,
) -> Result<(Option<NotifyConfig>, Diagnostics), Diagnostics> {
    let Some(text) = read(root)? else {
        return Ok((None, Diagnostics::default()));
    };
    let (parsed, mut problems) = parse::parse(&text, site);
    let config = parsed.map(|p| {
        let (config, more) = resolve::resolve(p, env, &resolve::System);
        problems.extend(more);
        config
    });
    let problems = Diagnostics::from(problems);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((config, problems))
}

/// The file's text: `None` when there is none.
fn read(root: &Path) -> Result<Option<String>, Diagnostics> {
    match crate::yaml::read_capped(&root.join(FILE)) {
        Ok(Some(bytes)) => String::from_utf8(bytes).map(Some).map_err(|_| {
            let d = Diagnostic::error(Code::NotUtf8, FILE, format!("{FILE} is not valid UTF-8"))
                .hint("save the file as UTF-8");
            Diagnostics::from(vec![d])
        }),
        Ok(None) => {
            let d = Diagnostic::error(
                Code::FileTooLarge,
                FILE,
                format!("{FILE} is over the 4 MiB limit"),
            )
            .hint("notify.yaml holds delivery targets: a few KB; check it is the file you meant");
            Err(vec![d].into())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            let d = Diagnostic::access(
                Code::NotifyUnreadable,
                FILE,
                format!("cannot read {FILE}: {e}"),
            );
            Err(vec![d].into())
        }
    }
}
