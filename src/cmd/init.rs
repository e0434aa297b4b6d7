//! `bulletin init`: a complete, working site in a new folder — settings with a commented
//! catalogue, an example incident and maintenance, a `.gitignore` for the output and,
//! with `--ci`, a CI workflow that checks, publishes and rebuilds on a schedule. It never
//! writes into a folder that has anything in it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use bulletin::build::Clock;
use bulletin::content::write::quoted;
use bulletin::{errln, outln};

use super::{Exit, usage_error};

#[derive(Args)]
pub struct InitArgs {
    /// The folder to create the site in (it must be empty or not exist yet).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The language of the page and of the example files.
    #[arg(long, value_enum)]
    language: Option<Language>,
    /// IANA time zone that times in incident files are read in, e.g. Europe/Berlin.
    #[arg(long)]
    timezone: Option<String>,
    /// The site's title.
    #[arg(long)]
    title: Option<String>,
    /// The address the site will be published at.
    #[arg(long)]
    base_url: Option<String>,
    /// Also write a CI workflow: check pull requests, publish, rebuild every 5 minutes.
    #[arg(long, value_enum)]
    ci: Option<Ci>,
    /// Ask for what the flags leave out even when not on a terminal (answers read from
    /// stdin, one a line; an empty line takes the default shown).
    #[arg(long)]
    ask: bool,
}

/// `--language`: the theme's built-in languages (`init/languages.rs`).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    En,
    #[value(name = "zh-CN")]
    ZhCn,
    #[value(name = "zh-TW")]
    ZhTw,
    Ja,
    Ko,
    De,
    Fr,
    Es,
    #[value(name = "pt-BR")]
    PtBr,
}

/// `--ci`: which CI service's workflow to write.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    Github,
    Gitlab,
}

mod ask;
mod languages;
pub(super) mod recipes;
mod settings;
mod templates;
use settings::Answers;

/// The `.gitignore` of a new site.
const GITIGNORE: &str = include_str!("init/gitignore");

/// The site's files: path and text with `{placeholders}`.
fn skeleton(language: Language) -> [(&'static str, &'static str); 3] {
    match language.examples() {
        Language::ZhCn => [
            ("bulletin.yaml", include_str!("init/zh-CN/bulletin.yaml")),
            (
                "incidents/{yesterday}-slow-search.md",
                include_str!("init/zh-CN/incident.md"),
            ),
            (
                "incidents/{next_week}-database-upgrade.md",
                include_str!("init/zh-CN/maintenance.md"),
            ),
        ],
        _ => [
            ("bulletin.yaml", include_str!("init/en/bulletin.yaml")),
            (
                "incidents/{yesterday}-slow-search.md",
                include_str!("init/en/incident.md"),
            ),
            (
                "incidents/{next_week}-database-upgrade.md",
                include_str!("init/en/maintenance.md"),
            ),
        ],
    }
}

pub fn run(args: InitArgs) -> ExitCode {
    if let Err(e) = refuse_non_empty(&args.dir) {
        return usage_error(&e);
    }
    let answers = match answers(&args) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    // Every value checked before anything is written, as `check` will read it.
    let problems = settings::problems(&args.dir, &settings_text(&answers), &answers);
    if !problems.is_empty() {
        for p in &problems {
            errln!("error: {}", p.line());
        }
        errln!("nothing was written");
        return Exit::UsageOrAccess.into();
    }
    let now = match Clock::from_env() {
        Ok(Clock::Epoch(secs)) => Timestamp::from_second(secs).unwrap_or_else(|_| Timestamp::now()),
        Ok(_) => Timestamp::now(),
        Err(e) => return usage_error(&e),
    };
    let files = match files(&answers, now) {
        Ok(files) => files,
        Err(e) => return usage_error(&e),
    };
    for (rel, text) in &files {
        if let Err(e) = write_new(&args.dir.join(rel), text) {
            errln!("error: cannot write {}: {e}", args.dir.join(rel).display());
            return Exit::UsageOrAccess.into();
        }
        outln!("{}", args.dir.join(rel).display());
    }
    if args.ci == Some(Ci::Github) {
        // The issue forms' dropdowns list the components of the bulletin.yaml just written.
        match bulletin::config::load(&args.dir, None) {
            Ok(config) if super::issue_form::write_forms(&config) == ExitCode::SUCCESS => {}
            _ => return usage_error("cannot write the issue forms"),
        }
    }
    let root = args.dir.display();
    errln!(
        "A new site is in {root}. Next: `bulletin serve --root {root}` to see it, edit bulletin.yaml, and write incidents with `bulletin new`."
    );
    if let Some(ci) = answers.ci {
        errln!("{}", recipes::by_hand(ci));
    }
    ExitCode::SUCCESS
}

/// Refuses a folder with anything in it (hidden files too): init never overwrites a file.
fn refuse_non_empty(dir: &Path) -> Result<(), String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "{} is not empty; `bulletin init` only writes into an empty or new folder: give one that does not exist yet, e.g. `bulletin init {}`",
                dir.display(),
                free_folder(dir).display()
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(format!(
            "{} is a file; give a folder to create the site in",
            dir.display()
        )),
        Err(e) => Err(format!("cannot read {}: {e}", dir.display())),
    }
}

/// A folder beside `taken` (or, for the current folder, inside it) that does not exist yet,
/// to suggest instead: `status`, `status-2`, … or `<taken>-2`, `<taken>-3`, …
fn free_folder(taken: &Path) -> PathBuf {
    let here = taken.as_os_str().is_empty() || taken == Path::new(".");
    let base = if here {
        PathBuf::from("status")
    } else {
        taken.to_path_buf()
    };
    let name = |n: usize| {
        let mut s = base.clone().into_os_string();
        if n > 1 {
            s.push(format!("-{n}"));
        }
        PathBuf::from(s)
    };
    let first = if here { 1 } else { 2 };
    (first..first + 100)
        .map(name)
        .find(|p| !p.exists())
        .unwrap_or_else(|| name(first))
}

/// The defaults of a site in `language`, before flags and answers.
fn defaults(language: Language) -> Answers {
    let (timezone, title) = language.defaults();
    Answers {
        language,
        timezone: timezone.into(),
        title: title.into(),
        base_url: bulletin::config::EXAMPLE_BASE_URL.into(),
        ci: None,
    }
}

/// `answers` with what the flags give put in.
fn from_flags(args: &InitArgs, mut answers: Answers) -> Answers {
    let flags = [
        (&args.timezone, &mut answers.timezone),
        (&args.title, &mut answers.title),
        (&args.base_url, &mut answers.base_url),
    ];
    for (flag, value) in flags {
        if let Some(v) = flag {
            value.clone_from(v);
        }
    }
    answers.ci = args.ci.or(answers.ci);
    answers
}

/// Flags first; what they leave out is asked for on a terminal (or with `--ask`), else
/// takes its default.
fn answers(args: &InitArgs) -> Result<Answers, String> {
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if args.ask || terminal {
        return ask::ask_all(std::io::stdin().lock(), args, &args.dir, defaults);
    }
    Ok(from_flags(
        args,
        defaults(args.language.unwrap_or(Language::En)),
    ))
}

/// `bulletin.yaml` as init writes it for `answers`.
fn settings_text(answers: &Answers) -> String {
    fill(skeleton(answers.language)[0].1, answers, &[])
}

/// `text` with its placeholders filled in: `dates` first, then the answers; the title last,
/// so what the author typed is not searched for placeholders.
fn fill(text: &str, answers: &Answers, dates: &[(&str, String)]) -> String {
    // The second language the commented `languages:` example shows.
    let (second_language, second_title) = match answers.language.tag() {
        "en" => ("zh-CN", "服务状态"),
        _ => ("en", "Service Status"),
    };
    let settings = [
        ("{second_language}", second_language.to_string()),
        ("{second_title}", second_title.to_string()),
        ("{language}", answers.language.tag().to_string()),
        ("{timezone}", answers.timezone.clone()),
        ("{base_url}", quoted(&answers.base_url)),
        ("{title}", quoted(&answers.title)),
    ];
    dates
        .iter()
        .chain(settings.iter())
        .fold(text.to_string(), |t, (key, value)| t.replace(key, value))
}

/// Every file to write, with its placeholders filled in: one list, which other parts of init
/// add their files to. The example dates follow "now", so the new site checks and builds
/// without a warning: the incident was resolved yesterday and the maintenance is next week.
fn files(answers: &Answers, now: Timestamp) -> Result<Vec<(String, String)>, String> {
    let zone = TimeZone::get(&answers.timezone).map_err(|e| e.to_string())?;
    let here = now.to_zoned_datetime(zone);
    let day = |days: i64| {
        here.checked_add(days.days())
            .map(|z| z.strftime("%Y-%m-%d").to_string())
            .map_err(|e| e.to_string())
    };
    let dates = [
        ("{yesterday}", day(-1)?),
        ("{next_week}", day(7)?),
        ("{now}", here.strftime("%Y-%m-%d %H:%M").to_string()),
    ];
    let mut out: Vec<(String, String)> = skeleton(answers.language)
        .iter()
        .map(|(path, text)| (fill(path, answers, &dates), fill(text, answers, &dates)))
        .collect();
    out.extend(templates::incident_templates(answers.language));
    out.extend(site_extras(answers.ci));
    Ok(out)
}

/// The files every new site gets besides its content: the `.gitignore` and, when asked for,
/// the CI recipe's files. `bulletin import` writes the same into a new site.
pub(super) fn site_extras(ci: Option<Ci>) -> Vec<(String, String)> {
    let mut out = vec![(".gitignore".to_string(), GITIGNORE.to_string())];
    if let Some(ci) = ci {
        out.extend(recipes::files(ci));
    }
    out
}

/// Writes a new file, creating its folder; an existing file is an error, never replaced.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::File::create_new(path)?.write_all(text.as_bytes())
}
