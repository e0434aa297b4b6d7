//! The editing commands `new`, `update`, `resolve` and `statement`: they parse their words
//! through the model and let `bulletin::authoring` write the file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use bulletin::authoring;
use bulletin::config::Config;
use bulletin::diagnostics::report::Format;
use bulletin::diagnostics::{Diagnostic, Diagnostics};
use bulletin::model::{ComponentStatus, Impact, UpdateStatus};

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

#[derive(Args)]
pub struct NewArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The incident's title.
    title: String,
    /// Affected components and their status: `wechat/login=major_outage[,qq=partial_outage]`.
    #[arg(long, required = true, value_delimiter = ',')]
    affects: Vec<String>,
    /// none, minor, major or critical (derived from the statuses when omitted).
    #[arg(long)]
    impact: Option<String>,
    /// Status of the first entry.
    #[arg(long, default_value = "investigating")]
    status: String,
    /// Text of the first entry.
    #[arg(long, short)]
    message: Option<String>,
    /// The file name (without .md); default: <date>-<words of the title>.
    #[arg(long)]
    slug: Option<String>,
}

#[derive(Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The incident's slug (its file name without .md).
    slug: String,
    /// What changed.
    message: String,
    /// New status (default: unchanged).
    #[arg(long)]
    status: Option<String>,
}

#[derive(Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    site: SiteArgs,
    slug: String,
    message: Option<String>,
}

#[derive(Args)]
pub struct StatementArgs {
    #[command(flatten)]
    site: SiteArgs,
    slug: String,
    /// The words, as said.
    text: String,
    /// Who said it.
    #[arg(long)]
    by: String,
    /// Where it was said (e.g. Weibo).
    #[arg(long)]
    channel: Option<String>,
    /// Link to the original.
    #[arg(long)]
    url: Option<String>,
}

type Edit = Result<PathBuf, Vec<Diagnostic>>;

pub fn new(args: NewArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        let affects = args
            .affects
            .iter()
            .map(|a| parse_affects(a))
            .collect::<Result<Vec<_>, _>>()?;
        let impact = args.impact.as_deref().map(parse_impact).transpose()?;
        let new = authoring::NewIncident {
            title: args.title.clone(),
            slug: args.slug.clone(),
            affects,
            impact,
            status: parse_status(&args.status)?,
            message: args.message.clone(),
        };
        authoring::new_incident(config, now, &new)
    })
}

pub fn update(args: UpdateArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        let status = args.status.as_deref().map(parse_status).transpose()?;
        authoring::append_update(config, now, &args.slug, status, Some(&args.message))
    })
}

pub fn resolve(args: ResolveArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        authoring::resolve(config, now, &args.slug, args.message.as_deref())
    })
}

pub fn statement(args: StatementArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        authoring::append_statement(
            config,
            now,
            &args.slug,
            &args.by,
            args.channel.as_deref(),
            args.url.as_deref(),
            &args.text,
        )
    })
}

/// Runs an editing command: loads the config, takes "now", prints the file it changed.
fn edit(site: &SiteArgs, change: impl FnOnce(&Config, jiff::Timestamp) -> Edit) -> ExitCode {
    let opts = match site.options() {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let config = match bulletin::config::load(&opts.root, None) {
        Ok(c) => c,
        Err(problems) => {
            let d: Diagnostics = problems.into_iter().collect();
            print_diagnostics(&d, Format::Human, &opts);
            return Exit::of(&d).into();
        }
    };
    let now = match opts.clock.resolve(&config) {
        Ok(now) => now,
        Err(d) => return usage_error(&d.message),
    };
    match change(&config, now) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let d: Diagnostics = problems.into_iter().collect();
            print_diagnostics(&d, Format::Human, &opts);
            eprintln!("error: nothing was changed");
            Exit::Content.into()
        }
    }
}

fn refuse(code: &'static str, message: String, words: &[&str]) -> Vec<Diagnostic> {
    let hint = format!("use one of: {}", words.join(", "));
    vec![Diagnostic::error(code, "command line", message).hint(hint)]
}

fn parse_status(word: &str) -> Result<UpdateStatus, Vec<Diagnostic>> {
    UpdateStatus::parse(word).ok_or_else(|| {
        let words: Vec<&str> = UpdateStatus::INCIDENT
            .iter()
            .chain(&UpdateStatus::MAINTENANCE)
            .map(|s| s.as_str())
            .collect();
        refuse("unknown-status", format!("unknown status '{word}'"), &words)
    })
}

fn parse_impact(word: &str) -> Result<Impact, Vec<Diagnostic>> {
    Impact::parse(word).ok_or_else(|| {
        let message = format!("unknown impact '{word}'");
        refuse("unknown-value", message, Impact::WORDS)
    })
}

fn parse_affects(item: &str) -> Result<(String, ComponentStatus), Vec<Diagnostic>> {
    let (component, status) = item.split_once('=').unwrap_or((item, "major_outage"));
    let status = ComponentStatus::parse(status).ok_or_else(|| {
        let message = format!("unknown component status '{status}' in --affects {item}");
        refuse("unknown-value", message, ComponentStatus::WORDS)
    })?;
    Ok((component.trim().to_string(), status))
}
