//! One entry of notify.yaml's `targets:` list, as written: its fields checked against the
//! text and the site (type, URL shape, filters, each problem at its own line), and the
//! environment variables it names, in the order `resolve` is to read them.

use serde::Deserialize;

use super::channel::{Format, Secret};
use super::email::{self, RawSmtp};
use super::spec::{Place, Reader, Role, Spec, Unresolved};
use crate::config::{ComponentRef, Config};
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::events::Category;
use crate::urls::web::is_absolute_web_url;
use crate::yaml::YamlText;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
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
    smtp: Option<RawSmtp>,
    from: Option<String>,
    subscribers_env: Option<String>,
    unsubscribe_url: Option<String>,
    language: Option<String>,
}

/// The words `kinds:` takes.
const KINDS: [&str; 3] = ["incidents", "maintenance", "statements"];

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

/// Every entry, in order.
pub(super) fn read_all(
    raw: &[serde_yaml::Value],
    yaml: &YamlText,
    site: &Config,
) -> Vec<Unresolved> {
    let starts = item_lines(yaml.text);
    let total = yaml.text.lines().count() + 2;
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, value) in raw.iter().enumerate() {
        let from = starts.get(i).copied().unwrap_or(1);
        let to = starts.get(i + 1).copied().unwrap_or(total);
        let place = Place { yaml, from, to };
        let mut reader = Reader {
            place: &place,
            steps: Vec::new(),
        };
        let mut spec = reader.read_one(value, site);
        if let Some(s) = spec.take_if(|s| names.contains(&s.name)) {
            reader.problem(
                place
                    .error(
                        Code::NotifyDuplicate,
                        "name:",
                        format!("two targets are named `{}`", s.name),
                    )
                    .hint("give each target its own `name:`: the delivery record is kept by name"),
            );
        }
        if let Some(s) = &spec {
            names.push(s.name.clone());
        }
        out.push(Unresolved {
            steps: reader.steps,
            spec,
        });
    }
    out
}

impl Reader<'_> {
    fn read_one(&mut self, value: &serde_yaml::Value, site: &Config) -> Option<Spec> {
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
                self.problem(
                    self.place
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
            self.problem(
                self.place
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
        Some(self.build(raw, name, format, site))
    }

    fn build(&mut self, raw: RawTarget, name: String, format: Format, site: &Config) -> Spec {
        let url = match (format, &raw.url, &raw.url_env, &site.websub_hub) {
            // The hub the feeds name is the hub to ping.
            (Format::WebSub, None, None, Some(hub)) => Some(Secret {
                value: hub.clone(),
                shown: hub.clone(),
            }),
            (Format::WebSub, None, None, None) => {
                let d = self.place.error(
                    Code::NotifyWebsub,
                    "type:",
                    "a websub target needs `websub_hub` in bulletin.yaml".into(),
                );
                self.problem(d.hint("add `websub_hub: <the hub's URL>` to bulletin.yaml, so that the feeds name the hub"));
                None
            }
            _ => self.url(&raw, format),
        };
        if let Some(var) = raw.secret_env.as_deref() {
            self.var(var, Role::Secret, "secret_env:");
        }
        let components = raw
            .components
            .iter()
            .filter_map(|c| self.component(site, c, &name))
            .collect();
        let kinds = raw.kinds.iter().filter_map(|k| self.kind(k)).collect();
        let language = self.language(site, raw.language.as_deref());
        let email = if format == Format::Email {
            let fields = email::Fields {
                smtp: raw.smtp.as_ref(),
                from: raw.from.as_deref(),
                subscribers_env: raw.subscribers_env.as_deref(),
                unsubscribe_url: raw.unsubscribe_url.as_deref(),
            };
            email::read(self, fields)
        } else {
            None
        };
        Spec {
            name,
            format,
            url,
            components,
            kinds,
            email,
            language,
        }
    }

    /// The language the target's messages speak: `language:` when it is one of the site's
    /// `languages` (else a problem at its value), the site's default when not written.
    fn language(&mut self, site: &Config, written: Option<&str>) -> String {
        let default = site.default_language().to_string();
        let Some(language) = written else {
            return default;
        };
        if site.languages.iter().any(|l| l == language) {
            return language.to_string();
        }
        let languages = site.languages.join(", ");
        let hint = match did_you_mean(language, site.languages.iter().map(String::as_str)) {
            Some(best) => format!("did you mean '{best}'? The site's languages: {languages}"),
            None => format!(
                "write one of the site's languages ({languages}), or add it to `languages:` in bulletin.yaml"
            ),
        };
        let message = format!("`language: {language}` is not one of the site's languages");
        let d = Diagnostic::error(Code::NotifyLanguage, self.place.yaml.file, message)
            .span(self.place.value_span("language:", language))
            .hint(hint);
        self.problem(d);
        default
    }

    fn component(&mut self, site: &Config, c: &str, name: &str) -> Option<ComponentRef> {
        let found = site.resolve(c);
        if found.is_none() {
            let hint = crate::config::component_hint(site, c);
            self.problem(
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
    }

    fn kind(&mut self, word: &str) -> Option<Category> {
        match word {
            "incidents" => Some(Category::Incidents),
            "maintenance" => Some(Category::Maintenance),
            "statements" => Some(Category::Statements),
            _ => {
                let hint = format!("`kinds:` takes {}", KINDS.join(", "));
                self.problem(
                    self.place
                        .error(Code::NotifyKind, word, format!("unknown kind `{word}`"))
                        .hint(hint),
                );
                None
            }
        }
    }

    /// The URL written in the text; a `url_env:` is noted, to be read.
    fn url(&mut self, raw: &RawTarget, format: Format) -> Option<Secret> {
        if format == Format::Email {
            return None;
        }
        match (&raw.url, &raw.url_env) {
            (Some(u), None) if matches!(format, Format::Webhook | Format::WebSub) => {
                if is_absolute_web_url(u) {
                    return Some(Secret {
                        value: u.clone(),
                        shown: u.clone(),
                    });
                }
                self.problem(
                    self.place
                        .error(
                            Code::NotifyUrl,
                            "url:",
                            format!("`{u}` is not an absolute http(s) URL"),
                        )
                        .hint("write it as https://host/path"),
                );
            }
            (Some(_), None) => {
                self.problem(
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
            }
            (None, Some(var)) => self.var(var, Role::Url, "url_env:"),
            _ => {
                self.problem(
                    self.place
                        .error(
                            Code::NotifyUrl,
                            "type:",
                            "give exactly one of `url:` and `url_env:`".into(),
                        )
                        .hint("see docs/notify.md"),
                );
            }
        }
        None
    }
}
