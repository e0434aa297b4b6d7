//! The second step of reading notify.yaml: the environment variables each target names and
//! the subscriber lists they point to, read through a [`Lookup`] (the process's environment
//! and files in a run, a fake in tests), each problem reported where the variable is named.
//! A missing variable is an error or a warning by [`EnvPolicy`].

use std::path::Path;

use super::channel::{Channel, Email, EnvPolicy, FILE, Format, NotifyConfig, Secret, Target};
use super::parse::Parsed;
use super::target::{Role, Spec, Step};
use crate::diagnostics::{Diagnostic, Span};
use crate::notify::subscribers::{self, Subscriber};

/// Where secrets come from.
pub trait Lookup {
    /// The value of environment variable `name`, when it is set (and Unicode).
    fn var(&self, name: &str) -> Option<String>;
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// The process's environment and the file system.
pub struct System;

impl Lookup for System {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

/// The settings with every target's secrets read; problems in the order they are met.
pub fn resolve(
    parsed: Parsed,
    policy: EnvPolicy,
    lookup: &dyn Lookup,
) -> (NotifyConfig, Vec<Diagnostic>) {
    let mut resolver = Resolver {
        policy,
        lookup,
        problems: Vec::new(),
    };
    let targets = parsed
        .targets
        .into_iter()
        .filter_map(|entry| {
            let values = resolver.steps(entry.steps);
            entry.spec.and_then(|spec| target(spec, values))
        })
        .collect();
    let config = NotifyConfig {
        max_age: parsed.max_age,
        remind_before: parsed.remind_before,
        retry: parsed.retry,
        targets,
    };
    (config, resolver.problems)
}

/// What one target's variables held.
#[derive(Default)]
struct Values {
    url: Option<Secret>,
    secret: Option<Secret>,
    username: Option<Secret>,
    password: Option<Secret>,
    subscribers: Vec<Subscriber>,
}

struct Resolver<'a> {
    policy: EnvPolicy,
    lookup: &'a dyn Lookup,
    problems: Vec<Diagnostic>,
}

impl Resolver<'_> {
    /// Reports and reads one entry's steps, in order.
    fn steps(&mut self, steps: Vec<Step>) -> Values {
        let mut values = Values::default();
        for step in steps {
            let (var, role, at) = match step {
                Step::Problem(d) => {
                    self.problems.push(d);
                    continue;
                }
                Step::Var { var, role, at } => (var, role, at),
            };
            let Some(value) = self.var(&var, at) else {
                continue;
            };
            match role {
                Role::Url => values.url = self.url(value, at),
                Role::Secret => values.secret = Some(value),
                Role::Username => values.username = Some(value),
                Role::Password => values.password = Some(value),
                Role::Subscribers => values.subscribers = self.subscribers(&value, at),
            }
        }
        values
    }

    /// The value of `var`, shown as `$var`; reported when unset or blank.
    fn var(&mut self, var: &str, at: Span) -> Option<Secret> {
        match self.lookup.var(var) {
            Some(value) if !value.trim().is_empty() => Some(Secret {
                value: value.trim().to_string(),
                shown: format!("${var}"),
            }),
            _ => {
                let message = format!("environment variable {var} is not set");
                let d = match self.policy {
                    EnvPolicy::Required => Diagnostic::error("notify-env", FILE, message),
                    EnvPolicy::Warn => Diagnostic::warning("notify-env", FILE, message),
                };
                let hint = "set it in the CI job's secrets (its value is never printed)";
                self.problems.push(d.span(at).hint(hint));
                None
            }
        }
    }

    /// A URL read from a variable, when it is one.
    fn url(&mut self, url: Secret, at: Span) -> Option<Secret> {
        if super::target::valid_url(&url.value) {
            return Some(url);
        }
        // Never the value of a variable: it may be the secret itself.
        let message = format!("the value of {} is not an absolute http(s) URL", url.shown);
        self.problems.push(
            Diagnostic::error("notify-url", FILE, message)
                .span(at)
                .hint("write it as https://host/path"),
        );
        None
    }

    /// The addresses in the file `path` names: one a line, `#` comments.
    fn subscribers(&mut self, path: &Secret, at: Span) -> Vec<Subscriber> {
        match self.lookup.read(Path::new(&path.value)) {
            Ok(text) => subscribers::parse(&text),
            Err(e) => {
                let message = format!(
                    "cannot read the subscriber list that {} names: {e}",
                    path.shown
                );
                let d = Diagnostic::error("notify-subscribers", FILE, message).span(at);
                self.problems.push(d);
                Vec::new()
            }
        }
    }
}

/// The target `spec` makes with `values` (`None` for an email target without its settings,
/// which is reported).
fn target(spec: Spec, values: Values) -> Option<Target> {
    let url = spec.url.or(values.url);
    let channel = match (spec.format, url) {
        (Format::Email, _) => {
            let e = spec.email?;
            Channel::Email(Email {
                host: e.host,
                port: e.port,
                security: e.security,
                username: values.username,
                password: values.password,
                from: e.from,
                subscribers: values.subscribers,
                list: e.list,
                unsubscribe_url: e.unsubscribe_url,
            })
        }
        (format, None) => Channel::Unset(format),
        (Format::Webhook, Some(url)) => Channel::Webhook {
            url,
            secret: values.secret,
        },
        (Format::Chat(kind), Some(url)) => Channel::Chat {
            kind,
            url,
            secret: values.secret,
        },
        (Format::Websub, Some(hub)) => Channel::WebSub { hub },
    };
    Some(Target {
        name: spec.name,
        components: spec.components,
        kinds: spec.kinds,
        channel,
    })
}
