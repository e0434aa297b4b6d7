//! The settings `init` is given (flags or answers), checked by the configuration's own
//! validation: the `bulletin.yaml` init would write is parsed by `config::parse` before
//! anything is written, so a value init accepts is one `check` accepts (one home for each
//! rule), and each problem is named by the flag or question it came from, with a suggestion
//! where a typo has an obvious fix.

use std::path::Path;

use bulletin::diagnostics::Code;

use super::{Ci, Language};

/// What `init` needs to know, from flags or prompts.
#[derive(Clone)]
pub(super) struct Answers {
    pub language: Language,
    pub timezone: String,
    pub title: String,
    pub base_url: String,
    pub ci: Option<Ci>,
}

/// Which setting a problem is about: the flag that gives it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Setting {
    Timezone,
    Title,
    BaseUrl,
    /// A problem no single setting explains (it names itself).
    Other,
}

impl Setting {
    pub(super) fn flag(self) -> &'static str {
        match self {
            Setting::Timezone => "--timezone",
            Setting::Title => "--title",
            Setting::BaseUrl => "--base-url",
            Setting::Other => "settings",
        }
    }
}

/// One problem with a setting: what is wrong, what to do, and a value to offer instead.
pub(super) struct Problem {
    pub setting: Setting,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Problem {
    /// `--flag: message; hint` on one line.
    pub(super) fn line(&self) -> String {
        match &self.suggestion {
            Some(s) => format!(
                "{}: {} (did you mean {s}?)",
                self.setting.flag(),
                self.message
            ),
            None => format!("{}: {}", self.setting.flag(), self.message),
        }
    }
}

/// Every problem of the `bulletin.yaml` that `text` (init's, filled in with `answers`) is,
/// as `check` would find it in a site at `root`.
pub(super) fn problems(root: &Path, text: &str, answers: &Answers) -> Vec<Problem> {
    let Err(diagnostics) = bulletin::config::parse(root, text, None) else {
        return vec![];
    };
    diagnostics
        .into_iter()
        .map(|d| {
            let setting = match d.code {
                Code::UnknownTimezone => Setting::Timezone,
                Code::BadName => Setting::Title,
                Code::BadBaseUrl => Setting::BaseUrl,
                _ => Setting::Other,
            };
            let suggestion = match setting {
                Setting::Timezone => suggest_zone(&answers.timezone),
                Setting::BaseUrl => suggest_base_url(&answers.base_url),
                _ => None,
            };
            let message = match d.hint {
                Some(hint) => format!("{}; {hint}", d.message),
                None => d.message,
            };
            Problem {
                setting,
                message,
                suggestion,
            }
        })
        .collect()
}

/// The language an answer names: a tag, or a common way of writing one (`english`, `中文`);
/// `None` for anything else.
pub(super) fn language(answer: &str) -> Option<Language> {
    Language::named(answer)
}

/// The IANA zone a mistyped name most likely means: the same name in another case,
/// a city written alone (`Berlin` → `Europe/Berlin`, `new york` → `America/New_York`), else
/// the closest name.
pub(super) fn suggest_zone(answer: &str) -> Option<String> {
    let wanted = answer.trim().replace(' ', "_").to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    let exact = names.iter().find(|n| n.to_lowercase() == wanted);
    let city = names.iter().filter(|n| !n.starts_with("Etc/")).find(|n| {
        n.rsplit('/')
            .next()
            .is_some_and(|c| c.to_lowercase() == wanted)
    });
    if let Some(found) = exact.or(city) {
        return Some(found.clone());
    }
    bulletin::diagnostics::did_you_mean(answer.trim(), names.iter().map(String::as_str))
        .map(str::to_string)
}

/// An address without its scheme (`status.acme.com`) as the https one it most likely is.
fn suggest_base_url(answer: &str) -> Option<String> {
    let answer = answer.trim();
    if answer.contains("://") || !answer.contains('.') || answer.contains(char::is_whitespace) {
        return None;
    }
    let mut url = format!("https://{answer}");
    if !url.ends_with('/') {
        url.push('/');
    }
    bulletin::urls::web::is_web_address(&url).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_have_suggestions() {
        assert_eq!(suggest_zone("Berlin").as_deref(), Some("Europe/Berlin"));
        assert_eq!(
            suggest_zone("new york").as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            suggest_zone("europe/paris").as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(
            suggest_zone("Asia/Shangai").as_deref(),
            Some("Asia/Shanghai")
        );
        assert!(language("english") == Some(Language::En));
        assert!(language("zh_CN") == Some(Language::ZhCn));
        assert!(language("french") == Some(Language::Fr));
        assert!(language("klingon").is_none());
        assert_eq!(
            suggest_base_url("status.acme.com").as_deref(),
            Some("https://status.acme.com/")
        );
        assert_eq!(suggest_base_url("not-a-url"), None);
    }
}
