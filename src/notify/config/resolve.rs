//! The second step of reading notify.yaml: the environment variables each target names and
//! the subscriber lists they point to, read through a [`Lookup`] (the process's environment
//! and files in a run, a fake in tests), each problem reported where the variable is named.
//! A missing variable is an error or a warning by [`EnvPolicy`].

use std::path::Path;

use super::channel::{Channel, Email, EnvPolicy, FILE, Format, NotifyConfig, Secret, Target};
use super::parse::Parsed;
use super::spec::{Role, Spec, Step};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::notify::subscribers::{self, Subscriber};

/// Where secrets come from.
pub(crate) trait Lookup {
    /// The value of environment variable `name`, when it is set (and Unicode).
    fn var(&self, name: &str) -> Option<String>;
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// The process's environment and the file system.
pub(crate) struct System;

impl Lookup for System {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

/// The settings with every target's secrets read; problems in the order they are met.
pub(crate) fn resolve(
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
    /// The variables it names that are not set (or blank).
    unset: Vec<String>,
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
                values.unset.push(var);
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
                    EnvPolicy::Required => Diagnostic::error(Code::NotifyEnv, FILE, message),
                    EnvPolicy::Warn => Diagnostic::warning(Code::NotifyEnv, FILE, message),
                };
                let hint = "set it in the CI job's secrets (its value is never printed)";
                self.problems.push(d.span(at).hint(hint));
                None
            }
        }
    }

    /// A URL read from a variable, when it is one.
    fn url(&mut self, url: Secret, at: Span) -> Option<Secret> {
        if crate::urls::web::is_absolute_web_url(&url.value) {
            return Some(url);
        }
        // Never the value of a variable: it may be the secret itself.
        let message = format!("the value of {} is not an absolute http(s) URL", url.shown);
        self.problems.push(
            Diagnostic::error(Code::NotifyUrl, FILE, message)
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
                let d = Diagnostic::error(Code::NotifySubscribers, FILE, message).span(at);
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
        (_, None) => Channel::Unset,
        (Format::Webhook, Some(url)) => Channel::Webhook {
            url,
            secret: values.secret,
        },
        (Format::Chat(kind), Some(url)) => Channel::Chat {
            kind,
            url,
            secret: values.secret,
        },
        (Format::WebSub, Some(hub)) => Channel::WebSub { hub },
    };
    Some(Target {
        unset: values.unset,
        name: spec.name,
        components: spec.components,
        kinds: spec.kinds,
        channel,
        language: spec.language,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::io::{Error, ErrorKind};

    use super::*;
    use crate::config::Config;
    use crate::diagnostics::Severity;
    use crate::notify::config::parse::parse;

    /// Variables and files, as a test sets them.
    #[derive(Default)]
    struct Fake {
        vars: HashMap<&'static str, &'static str>,
        files: HashMap<&'static str, Result<&'static str, ErrorKind>>,
    }

    impl Lookup for Fake {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).map(|v| v.to_string())
        }

        fn read(&self, path: &Path) -> std::io::Result<String> {
            match self.files.get(path.to_str().unwrap_or("")) {
                Some(Ok(text)) => Ok(text.to_string()),
                Some(Err(kind)) => Err(Error::from(*kind)),
                None => Err(Error::from(ErrorKind::NotFound)),
            }
        }
    }

    fn site() -> Config {
        let yaml = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";
        crate::config::parse(Path::new("."), yaml, None).expect("test config")
    }

    /// A problem as (severity, code, line, column, message).
    type Problem = (Severity, &'static str, usize, usize, String);

    /// notify.yaml's `text` resolved with `lookup`: the targets, and each problem as
    /// (severity, code, line, column, message).
    fn resolved(text: &str, policy: EnvPolicy, lookup: &Fake) -> (Vec<Target>, Vec<Problem>) {
        let (parsed, mut problems) = parse(text, &site());
        let (config, more) = resolve(parsed.expect("parsed"), policy, lookup);
        problems.extend(more);
        let problems = problems
            .into_iter()
            .map(|d| {
                let at = (d.line.unwrap_or(0), d.column.unwrap_or(0));
                (d.severity, d.code.as_str(), at.0, at.1, d.message)
            })
            .collect();
        (config.targets, problems)
    }

    const HOOK: &str = "targets:\n  - name: ops\n    type: slack\n    url_env: HOOK\n";

    #[test]
    fn a_missing_or_blank_variable_is_named_where_it_is_written() {
        for vars in [HashMap::new(), HashMap::from([("HOOK", "  ")])] {
            let fake = Fake {
                vars,
                ..Fake::default()
            };
            let message = "environment variable HOOK is not set".to_string();
            let (targets, problems) = resolved(HOOK, EnvPolicy::Required, &fake);
            assert_eq!(
                problems,
                [(Severity::Error, "notify-env", 4, 5, message.clone())]
            );
            assert!(matches!(targets[0].channel, Channel::Unset));
            // `check` and `--dry-run` go on without it: a warning, nothing sent to it.
            let (targets, problems) = resolved(HOOK, EnvPolicy::Warn, &fake);
            assert_eq!(problems, [(Severity::Warning, "notify-env", 4, 5, message)]);
            assert!(matches!(targets[0].channel, Channel::Unset));
        }
    }

    #[test]
    fn a_variable_is_read_trimmed_and_shown_by_its_name() {
        let fake = Fake {
            vars: HashMap::from([("HOOK", " https://hooks.test/T0/SECRET \n")]),
            ..Fake::default()
        };
        let (targets, problems) = resolved(HOOK, EnvPolicy::Required, &fake);
        assert_eq!(problems, []);
        let Channel::Chat { url, .. } = &targets[0].channel else {
            panic!("{:?}", targets[0].channel)
        };
        assert_eq!(url.value, "https://hooks.test/T0/SECRET");
        assert_eq!(url.shown, "$HOOK");
    }

    #[test]
    fn a_variable_that_is_no_url_is_reported_without_its_value() {
        let fake = Fake {
            vars: HashMap::from([("HOOK", "hooks.test/T0/SECRET")]),
            ..Fake::default()
        };
        let (_, problems) = resolved(HOOK, EnvPolicy::Required, &fake);
        let message = "the value of $HOOK is not an absolute http(s) URL".to_string();
        assert_eq!(problems, [(Severity::Error, "notify-url", 4, 5, message)]);
    }

    const MAIL: &str = "targets:\n  - name: mail\n    type: email\n    smtp: { host: localhost, security: none }\n    from: s@example.com\n    subscribers_env: SUBS\n    components: [nope]\n";

    #[test]
    fn subscriber_lists_missing_unreadable_or_hostile() {
        let list = |files| Fake {
            vars: HashMap::from([("SUBS", "/secret/list.txt")]),
            files,
        };
        // Missing, and not text: reported at `subscribers_env:`, the path never shown; in
        // the order `bulletin check` always gave (the filters, then the email settings).
        for kind in [ErrorKind::NotFound, ErrorKind::InvalidData] {
            let fake = list(HashMap::from([("/secret/list.txt", Err(kind))]));
            let (_, problems) = resolved(MAIL, EnvPolicy::Required, &fake);
            let codes: Vec<_> = problems.iter().map(|p| (p.1, p.2)).collect();
            assert_eq!(codes, [("notify-component", 7), ("notify-subscribers", 6)]);
            let message = &problems[1].4;
            assert!(
                message.starts_with("cannot read the subscriber list that $SUBS names: "),
                "{message}"
            );
            assert!(!message.contains("/secret"), "{message}");
        }
        // A BOM, comments, blank lines and a bad address: every address kept at its line
        // (the bad one is reported by `subscribers::diagnostics`, against the list).
        let text = "\u{feff}# people\n a@example.com\n\nnot an address\n";
        let fake = list(HashMap::from([("/secret/list.txt", Ok(text))]));
        let (targets, _) = resolved(MAIL, EnvPolicy::Required, &fake);
        let Channel::Email(email) = &targets[0].channel else {
            panic!("{:?}", targets[0].channel)
        };
        let lines: Vec<_> = email.subscribers.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(email.list, "$SUBS");
        let bad = crate::notify::subscribers::diagnostics(
            &email.list,
            &email.subscribers,
            Severity::Error,
        );
        assert_eq!(bad.len(), 1);
    }

    #[test]
    fn parsing_reads_no_variable() {
        // The text alone: the variable is only named, to be read by `resolve`.
        let (parsed, problems) = parse(HOOK, &site());
        assert!(problems.is_empty());
        let steps = &parsed.expect("parsed").targets[0].steps;
        assert!(
            matches!(&steps[..], [super::Step::Var { var, role: Role::Url, .. }] if var == "HOOK"),
            "{steps:?}"
        );
    }
}
