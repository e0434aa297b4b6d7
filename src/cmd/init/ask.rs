//! `init`'s questions, for what the flags leave out: each answer is checked as the flags are
//! (`settings::problems`), and a wrong one is asked again with the likely value offered as
//! the default (`Berlin` → `Europe/Berlin`), instead of ending the command. The questions read
//! any `BufRead`, so tests answer them through stdin (`--ask`) without a terminal.

use std::io::{BufRead, Read};
use std::path::Path;

use super::settings::{self, Answers, Setting};
use super::{Ci, Language};

/// How many times one question is asked before init gives up (an answer never accepted, such
/// as a script answering the same thing again and again).
const MAX_TRIES: usize = 5;

/// The longest answer read (a title or an address is far shorter).
const MAX_ANSWER_BYTES: u64 = 4096;

/// Questions on stderr, answers from `input`.
pub(super) struct Prompter<R> {
    pub input: R,
}

impl<R: BufRead> Prompter<R> {
    /// Asks one question; an empty answer (or the end of the input) takes `default`.
    fn ask(&mut self, question: &str, default: &str) -> Result<String, String> {
        bulletin::terminal::err(&format!("{question} [{default}]: "));
        let mut line = String::new();
        // Bounded: stdin is input like any other (a line without an end is cut off).
        (&mut self.input)
            .take(MAX_ANSWER_BYTES)
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        let line = line.trim();
        Ok(if line.is_empty() { default } else { line }.to_string())
    }

    /// Asks until `read` accepts the answer; a refusal says why and offers its suggestion
    /// as the next default.
    fn ask_until<T>(
        &mut self,
        question: &str,
        default: &str,
        mut read: impl FnMut(&str) -> Result<T, (String, Option<String>)>,
    ) -> Result<T, String> {
        let mut default = default.to_string();
        for _ in 0..MAX_TRIES {
            let answer = self.ask(question, &default)?;
            match read(&answer) {
                Ok(value) => return Ok(value),
                Err((why, suggestion)) => {
                    bulletin::errln!("  {why}");
                    if let Some(s) = suggestion {
                        bulletin::errln!("  did you mean {s}? (Enter takes it)");
                        default = s;
                    }
                }
            }
        }
        Err(format!(
            "no usable answer to \"{question}\" after {MAX_TRIES} tries"
        ))
    }

    /// The language of the page: a tag (`en`, `zh-CN`, `ja`, …); another way of writing one
    /// (`english`) is offered as its tag, to take with Enter.
    pub(super) fn language(&mut self) -> Result<Language, String> {
        let tags: Vec<&str> = Language::ALL.iter().map(|l| l.tag()).collect();
        let question = format!("Language of the page ({})", tags.join(", "));
        self.ask_until(&question, "en", |a| {
            let exact = Language::ALL
                .into_iter()
                .find(|l| l.tag().eq_ignore_ascii_case(a.trim()));
            exact.ok_or_else(|| {
                (
                    format!(
                        "no language '{a}' here: the page can be in {}",
                        tags.join(", ")
                    ),
                    settings::language(a).map(|l| l.tag().to_string()),
                )
            })
        })
    }

    /// CI: github, gitlab or none.
    pub(super) fn ci(&mut self) -> Result<Option<Ci>, String> {
        self.ask_until(
            "Write a CI workflow: github, gitlab or none",
            "none",
            |a| match a.trim().to_lowercase().as_str() {
                "github" | "gh" | "github actions" => Ok(Some(Ci::Github)),
                "gitlab" | "gl" | "gitlab ci" => Ok(Some(Ci::Gitlab)),
                "none" | "no" | "n" => Ok(None),
                other => {
                    let best =
                        bulletin::diagnostics::did_you_mean(other, ["github", "gitlab", "none"]);
                    Err((
                        format!("'{a}' is not github, gitlab or none"),
                        best.map(str::to_string),
                    ))
                }
            },
        )
    }

    /// One setting of `bulletin.yaml`, checked with the answers so far by `problems`
    /// (config's own validation of the file init would write).
    pub(super) fn setting(
        &mut self,
        which: Setting,
        question: &str,
        answers: &mut Answers,
        problems: impl Fn(&Answers) -> Vec<settings::Problem>,
    ) -> Result<(), String> {
        let default = value(answers, which).clone();
        let answer = self.ask_until(question, &default, |a| {
            let mut trial = answers.clone();
            *value(&mut trial, which) = a.to_string();
            match problems(&trial).into_iter().find(|p| p.setting == which) {
                None => Ok(a.to_string()),
                Some(p) => Err((p.message, p.suggestion)),
            }
        })?;
        *value(answers, which) = answer;
        Ok(())
    }
}

/// The answer `which` names.
fn value(answers: &mut Answers, which: Setting) -> &mut String {
    match which {
        Setting::Timezone => &mut answers.timezone,
        Setting::Title => &mut answers.title,
        Setting::BaseUrl | Setting::Other => &mut answers.base_url,
    }
}

/// Asks for everything the flags left out, starting from `given` (the flags, and defaults).
pub(super) fn ask_all(
    input: impl BufRead,
    given: &super::InitArgs,
    root: &Path,
    defaults: impl Fn(Language) -> Answers,
) -> Result<Answers, String> {
    let mut p = Prompter { input };
    let language = match given.language {
        Some(l) => l,
        None => p.language()?,
    };
    let mut answers = super::from_flags(given, defaults(language));
    let check = |a: &Answers| settings::problems(root, &super::settings_text(a), a);
    let questions = [
        (
            Setting::Timezone,
            given.timezone.is_none(),
            "Time zone (IANA name)",
        ),
        (Setting::Title, given.title.is_none(), "Title of the page"),
        (
            Setting::BaseUrl,
            given.base_url.is_none(),
            "Address it will be published at",
        ),
    ];
    for (which, unset, question) in questions {
        if unset {
            p.setting(which, question, &mut answers, check)?;
        }
    }
    if given.ci.is_none() {
        answers.ci = p.ci()?;
    }
    Ok(answers)
}
