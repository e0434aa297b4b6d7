//! `bulletin init`: a complete, working site in a new folder — settings with a commented
//! catalogue, an example incident and maintenance, a `.gitignore` for the output and,
//! with `--ci`, a CI workflow that checks, publishes and rebuilds on a schedule. It never
//! writes into a folder that has anything in it.

use std::io::{BufRead, IsTerminal, Write};
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
}

/// `--language`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    En,
    #[value(name = "zh-CN")]
    ZhCn,
}

/// `--ci`: which CI service's workflow to write.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    Github,
    Gitlab,
}

mod recipes;
mod templates;

/// The site's files: path and text with `{placeholders}`.
fn skeleton(language: Language) -> [(&'static str, &'static str); 4] {
    match language {
        Language::En => [
            ("bulletin.yaml", include_str!("init/en/bulletin.yaml")),
            (
                "incidents/{yesterday}-slow-search.md",
                include_str!("init/en/incident.md"),
            ),
            (
                "incidents/{next_week}-database-upgrade.md",
                include_str!("init/en/maintenance.md"),
            ),
            (".gitignore", include_str!("init/gitignore")),
        ],
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
            (".gitignore", include_str!("init/gitignore")),
        ],
    }
}

/// The answers `init` needs, from flags or, on a terminal, from prompts.
struct Answers {
    language: Language,
    timezone: String,
    title: String,
    base_url: String,
}

pub fn run(args: InitArgs) -> ExitCode {
    if let Err(e) = refuse_non_empty(&args.dir) {
        return usage_error(&e);
    }
    let answers = match answers(&args) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let now = match Clock::from_env() {
        Ok(Clock::Epoch(secs)) => Timestamp::from_second(secs).unwrap_or_else(|_| Timestamp::now()),
        Ok(_) => Timestamp::now(),
        Err(e) => return usage_error(&e),
    };
    let files = match files(&args, &answers, now) {
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
    // What the recipe cannot do itself (docs/ci.md).
    match args.ci {
        Some(Ci::Github) => errln!(
            "Once pushed to GitHub, one step by hand: Settings → Pages → Source: GitHub Actions."
        ),
        Some(Ci::Gitlab) => errln!(
            "Once pushed to GitLab, add a schedule (Build → Pipeline schedules) so the page follows the clock."
        ),
        None => {}
    }
    ExitCode::SUCCESS
}

/// Refuses a folder with anything in it (hidden files too): init never overwrites a file.
fn refuse_non_empty(dir: &Path) -> Result<(), String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "{} is not empty; `bulletin init` only writes into an empty or new folder (give another folder: `bulletin init my-status`)",
                dir.display()
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

/// Flags first; what they leave out is asked for on a terminal, else takes its default.
fn answers(args: &InitArgs) -> Result<Answers, String> {
    let ask = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let language = match (args.language, ask) {
        (Some(l), _) => l,
        (None, true) => match prompt("Language of the page (en or zh-CN)", "en")?.as_str() {
            "zh-CN" | "zh-cn" | "zh" => Language::ZhCn,
            "en" => Language::En,
            other => return Err(format!("unknown language '{other}': use en or zh-CN")),
        },
        (None, false) => Language::En,
    };
    let default_zone = match language {
        Language::En => "UTC",
        Language::ZhCn => "Asia/Shanghai",
    };
    let default_title = match language {
        Language::En => "Service Status",
        Language::ZhCn => "服务状态",
    };
    let pick = |given: &Option<String>, question: &str, default: &str| match (given, ask) {
        (Some(v), _) => Ok(v.clone()),
        (None, true) => prompt(question, default),
        (None, false) => Ok(default.to_string()),
    };
    let timezone = pick(&args.timezone, "Time zone (IANA name)", default_zone)?;
    TimeZone::get(&timezone).map_err(|_| {
        format!("unknown time zone '{timezone}': give an IANA name such as UTC, Europe/Berlin or Asia/Shanghai")
    })?;
    let title = pick(&args.title, "Title of the page", default_title)?;
    let base_url = pick(
        &args.base_url,
        "Address it will be published at",
        bulletin::config::EXAMPLE_BASE_URL,
    )?;
    Ok(Answers {
        language,
        timezone,
        title,
        base_url,
    })
}

/// Asks one question on stderr and reads the answer; an empty answer takes `default`.
fn prompt(question: &str, default: &str) -> Result<String, String> {
    bulletin::terminal::err(&format!("{question} [{default}]: "));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    let line = line.trim();
    Ok(if line.is_empty() { default } else { line }.to_string())
}

/// Every file to write, with its placeholders filled in. The example dates follow "now", so
/// the new site checks and builds without a warning: the incident was resolved yesterday and
/// the maintenance is next week.
fn files(
    args: &InitArgs,
    answers: &Answers,
    now: Timestamp,
) -> Result<Vec<(String, String)>, String> {
    let zone = TimeZone::get(&answers.timezone).map_err(|e| e.to_string())?;
    let here = now.to_zoned_datetime(zone);
    let day = |days: i64| {
        here.checked_add(days.days())
            .map(|z| z.strftime("%Y-%m-%d").to_string())
            .map_err(|e| e.to_string())
    };
    let values = [
        ("{yesterday}", day(-1)?),
        ("{next_week}", day(7)?),
        ("{now}", here.strftime("%Y-%m-%d %H:%M").to_string()),
        ("{timezone}", answers.timezone.clone()),
        ("{base_url}", quoted(&answers.base_url)),
        // Last: what the author typed is not searched for placeholders.
        ("{title}", quoted(&answers.title)),
    ];
    let fill = |text: &str| {
        values
            .iter()
            .fold(text.to_string(), |t, (key, value)| t.replace(key, value))
    };
    let mut out: Vec<(String, String)> = skeleton(answers.language)
        .iter()
        .map(|(path, text)| (fill(path), fill(text)))
        .collect();
    out.extend(templates::incident_templates(answers.language));
    if let Some(ci) = args.ci {
        let (path, text) = recipes::recipe(ci);
        out.push((path.into(), text));
        if ci == Ci::Github {
            let (path, text) = recipes::issue_workflow();
            out.push((path.into(), text));
        }
    }
    Ok(out)
}

/// Writes a new file, creating its folder; an existing file is an error, never replaced.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::File::create_new(path)?.write_all(text.as_bytes())
}
