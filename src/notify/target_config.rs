//! One entry of notify.yaml's `targets:` list: its fields, the environment variables it
//! names, its filters, each problem at its own line.

use serde::Deserialize;

use super::config::{EnvPolicy, Format, Secret, Security, Target};
use super::events::Category;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Span, did_you_mean};
use crate::yaml::YamlText;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    name: Option<String>,
    #[serde(rename = "type")]
    format: String,
    url: Option<String>,
    url_env: Option<String>,
    secret_env: Option<String>,
    #[serde(default)]
    components: Vec<String>,
    #[serde(default)]
    kinds: Vec<String>,
    pub(super) smtp: Option<RawSmtp>,
    pub(super) from: Option<String>,
    pub(super) subscribers_env: Option<String>,
    pub(super) unsubscribe_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSmtp {
    pub(super) host: String,
    pub(super) port: Option<u16>,
    pub(super) security: Security,
    pub(super) username_env: Option<String>,
    pub(super) password_env: Option<String>,
}

/// The words `kinds:` takes.
const KINDS: [&str; 3] = ["incidents", "maintenance", "statements"];

/// Where one target is written: the lines of its list item, for pointing at its fields.
pub(super) struct Place<'a> {
    yaml: &'a YamlText<'a>,
    /// 1-based first line of the item, and the first line after it.
    from: usize,
    to: usize,
}

impl Place<'_> {
    /// Where `needle` is written within the item (the item's first line when it is not).
    fn span(&self, needle: &str) -> Span {
        for (i, line) in self
            .yaml
            .text
            .lines()
            .enumerate()
            .take(self.to - 1)
            .skip(self.from - 1)
        {
            if let Some(pos) = line.find(needle) {
                return Span::new(
                    i + 1,
                    line[..pos].chars().count() + 1,
                    needle.chars().count(),
                );
            }
        }
        Span::new(self.from, 1, 1)
    }

    pub(super) fn error(&self, code: Code, at: &str, message: String) -> Diagnostic {
        Diagnostic::error(code, self.yaml.file, message).span(self.span(at))
    }
}

/// The 1-based first line of each item of the top-level `targets:` list.
fn item_lines(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("targets:")) else {
        return Vec::new();
    };
    let mut indent = None;
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if !line.is_empty() && !line.starts_with([' ', '-', '#']) {
            break;
        }
        let here = line.len() - trimmed.len();
        let item = trimmed.starts_with("- ") || trimmed == "-";
        if item && *indent.get_or_insert(here) == here {
            out.push(i + 1);
        }
    }
    out
}

/// Every target; problems go to `problems`.
pub(super) fn read_all(
    raw: &[serde_yaml::Value],
    yaml: &YamlText,
    site: &Config,
    env: EnvPolicy,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Target> {
    let starts = item_lines(yaml.text);
    let total = yaml.text.lines().count() + 2;
    let mut out: Vec<Target> = Vec::new();
    for (i, value) in raw.iter().enumerate() {
        let from = starts.get(i).copied().unwrap_or(1);
        let to = starts.get(i + 1).copied().unwrap_or(total);
        let place = Place { yaml, from, to };
        let Some(t) = read_one(value, &place, site, env, problems) else {
            continue;
        };
        if out.iter().any(|o| o.name == t.name) {
            problems.push(
                place
                    .error(
                        Code::NotifyDuplicate,
                        "name:",
                        format!("two targets are named `{}`", t.name),
                    )
                    .hint("give each target its own `name:`: the delivery record is kept by name"),
            );
            continue;
        }
        out.push(t);
    }
    out
}

fn read_one(
    value: &serde_yaml::Value,
    place: &Place,
    site: &Config,
    env: EnvPolicy,
    problems: &mut Vec<Diagnostic>,
) -> Option<Target> {
    let raw: RawTarget = match RawTarget::deserialize(value) {
        Ok(r) => r,
        Err(e) => {
            let message = e.to_string();
            let word = message.split('`').nth(1).unwrap_or("");
            let at = if message.contains("unknown field") {
                format!("{word}:")
            } else {
                word.to_string()
            };
            problems.push(
                place
                    .error(Code::NotifyTarget, &at, format!("target: {message}"))
                    .hint("see docs/notify.md for the fields of each target type"),
            );
            return None;
        }
    };
    let Some(format) = Format::parse(&raw.format) else {
        let hint = match did_you_mean(&raw.format, Format::WORDS) {
            Some(best) => format!("did you mean '{best}'?"),
            None => format!("the types are: {}", Format::WORDS.join(", ")),
        };
        problems.push(
            place
                .error(
                    Code::NotifyType,
                    &raw.format,
                    format!("unknown target type `{}`", raw.format),
                )
                .hint(hint),
        );
        return None;
    };
    let name = raw
        .name
        .clone()
        .unwrap_or_else(|| format.as_str().to_string());
    let reader = Reader {
        place,
        env,
        problems,
    };
    reader.build(raw, name, format, site)
}

pub(super) struct Reader<'a, 'b> {
    pub(super) place: &'a Place<'a>,
    env: EnvPolicy,
    pub(super) problems: &'b mut Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    fn build(
        mut self,
        raw: RawTarget,
        name: String,
        format: Format,
        site: &Config,
    ) -> Option<Target> {
        let url = match (format, &raw.url, &raw.url_env, &site.websub_hub) {
            // The hub the feeds name is the hub to ping.
            (Format::Websub, None, None, Some(hub)) => Some(Secret {
                value: hub.clone(),
                shown: hub.clone(),
            }),
            (Format::Websub, None, None, None) => {
                let d = self.place.error(
                    Code::NotifyWebsub,
                    "type:",
                    "a websub target needs `websub_hub` in bulletin.yaml".into(),
                );
                self.problems.push(d.hint("add `websub_hub: <the hub's URL>` to bulletin.yaml, so that the feeds name the hub"));
                None
            }
            _ => self.url(&raw, format),
        };
        let secret = raw
            .secret_env
            .as_deref()
            .and_then(|var| self.env_var(var, "secret_env:"));
        let components = raw
            .components
            .iter()
            .filter_map(|c| {
                let found = site.resolve(c);
                if found.is_none() {
                    let hint = crate::config::component_hint(site, c);
                    self.problems.push(
                        self.place
                            .error(
                                Code::NotifyComponent,
                                c,
                                format!("unknown component `{c}` in the filter of target `{name}`"),
                            )
                            .hint(hint),
                    );
                }
                found
            })
            .collect();
        let kinds = raw.kinds.iter().filter_map(|k| self.kind(k)).collect();
        let email = if format == Format::Email {
            self.email(&raw)
        } else {
            None
        };
        Some(Target {
            name,
            format,
            url,
            secret,
            components,
            kinds,
            email,
        })
    }

    fn kind(&mut self, word: &str) -> Option<Category> {
        match word {
            "incidents" => Some(Category::Incidents),
            "maintenance" => Some(Category::Maintenance),
            "statements" => Some(Category::Statements),
            _ => {
                let hint = format!("`kinds:` takes {}", KINDS.join(", "));
                self.problems.push(
                    self.place
                        .error(Code::NotifyKind, word, format!("unknown kind `{word}`"))
                        .hint(hint),
                );
                None
            }
        }
    }

    /// The value of environment variable `var`, shown as `$var`; reported when unset.
    pub(super) fn env_var(&mut self, var: &str, key: &str) -> Option<Secret> {
        match std::env::var(var) {
            Ok(value) if !value.trim().is_empty() => Some(Secret {
                value: value.trim().to_string(),
                shown: format!("${var}"),
            }),
            _ => {
                let message = format!("environment variable {var} is not set");
                let hint = "set it in the CI job's secrets (its value is never printed)";
                let d = match self.env {
                    EnvPolicy::Required => self.place.error(Code::NotifyEnv, key, message),
                    EnvPolicy::Warn => {
                        Diagnostic::warning(Code::NotifyEnv, self.place.yaml.file, message)
                            .span(self.place.span(key))
                    }
                };
                self.problems.push(d.hint(hint));
                None
            }
        }
    }

    fn url(&mut self, raw: &RawTarget, format: Format) -> Option<Secret> {
        if format == Format::Email {
            return None;
        }
        let (secret, key) = match (&raw.url, &raw.url_env) {
            (Some(u), None) if matches!(format, Format::Webhook | Format::Websub) => (
                Secret {
                    value: u.clone(),
                    shown: u.clone(),
                },
                "url:",
            ),
            (Some(_), None) => {
                self.problems.push(
                    self.place
                        .error(
                            Code::NotifyUrlSecret,
                            "url:",
                            format!(
                                "a {} URL is a secret: name the environment variable that holds it",
                                format.as_str()
                            ),
                        )
                        .hint("write `url_env: NAME` instead of `url:`"),
                );
                return None;
            }
            (None, Some(var)) => (self.env_var(var, "url_env:")?, "url_env:"),
            _ => {
                self.problems.push(
                    self.place
                        .error(
                            Code::NotifyUrl,
                            "type:",
                            "give exactly one of `url:` and `url_env:`".into(),
                        )
                        .hint("see docs/notify.md"),
                );
                return None;
            }
        };
        if !valid_url(&secret.value) {
            // Never the value of a variable: it may be the secret itself.
            let message = match key {
                "url:" => format!("`{}` is not an absolute http(s) URL", secret.shown),
                _ => format!(
                    "the value of {} is not an absolute http(s) URL",
                    secret.shown
                ),
            };
            self.problems.push(
                self.place
                    .error(Code::NotifyUrl, key, message)
                    .hint("write it as https://host/path"),
            );
            return None;
        }
        Some(secret)
    }
}

/// Whether `text` is an absolute http(s) URL.
pub(super) fn valid_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}
