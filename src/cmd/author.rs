//! The editing commands `new`, `update`, `resolve` and `statement`: they parse their words
//! through the model and let `bulletin::authoring` write the file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use bulletin::authoring;
use bulletin::config::Config;
use bulletin::diagnostics::report::Format;
use bulletin::diagnostics::{Code, Diagnostic, Diagnostics};
use bulletin::model::{ComponentStatus, Impact, Kind, UpdateStatus};
use bulletin::{errln, outln};

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

/// Where the site is and the time written on the new entry (the editing commands' version of
/// [`SiteArgs`]: for them "now" is a timestamp, not what decides what is active).
#[derive(Args)]
pub struct EditSite {
    /// The site folder, holding bulletin.yaml and incidents/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The time written on the new entry: `YYYY-MM-DD HH:MM` (site zone) or RFC 3339.
    /// Defaults to SOURCE_DATE_EPOCH when set, else the clock.
    #[arg(long)]
    now: Option<String>,
}

impl EditSite {
    fn site(&self) -> SiteArgs {
        SiteArgs {
            root: self.root.clone(),
            now: self.now.clone(),
        }
    }
}

#[derive(Args)]
pub struct NewArgs {
    #[command(flatten)]
    site: EditSite,
    /// The incident's title.
    title: String,
    /// Affected components and their status: `wechat/login=major_outage[,qq=partial_outage]`.
    /// The status is required for an incident; for maintenance a bare component means
    /// under_maintenance.
    #[arg(long, required = true, value_delimiter = ',')]
    affects: Vec<String>,
    /// incident or maintenance.
    #[arg(long, value_enum, default_value_t = KindArg::Incident)]
    kind: KindArg,
    /// A maintenance's window: start and end, `YYYY-MM-DD HH:MM` (site zone) or RFC 3339.
    #[arg(long, num_args = 2, value_names = ["START", "END"])]
    window: Option<Vec<String>>,
    /// none, minor, major or critical (derived from the statuses when omitted).
    #[arg(long)]
    impact: Option<String>,
    /// Status of the first entry [default: investigating; scheduled for maintenance].
    #[arg(long)]
    status: Option<String>,
    /// Text of the first entry.
    #[arg(long, short)]
    message: Option<String>,
    /// The file name (without .md); default: <date>-<words of the title>.
    #[arg(long)]
    slug: Option<String>,
}

/// `--kind`: what `new` writes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Incident,
    Maintenance,
}

#[derive(Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    site: EditSite,
    /// The incident's slug (its file name without .md).
    slug: String,
    /// What changed.
    message: String,
    /// New status (default: unchanged).
    #[arg(long)]
    status: Option<String>,
    /// Component statuses this update changes, from now on: `wechat/login=operational`
    /// (comma-separated or repeated). Written as the entry's `Affects:` line.
    #[arg(long, value_delimiter = ',')]
    affects: Vec<String>,
    /// When the next update is due: a duration from now (`30m`, `1h30m`) or a time in the
    /// site's zone (`11:35`, "2026-04-21 00:30"). Written as the entry's `Next update:` line;
    /// the page shows it, and `check` warns once it has passed with no newer entry.
    #[arg(long, value_name = "WHEN")]
    next: Option<String>,
}

#[derive(Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    site: EditSite,
    /// The incident's slug (its file name without .md).
    slug: String,
    /// Text of the final entry, e.g. "Logins work again."
    message: Option<String>,
}

#[derive(Args)]
pub struct StatementArgs {
    #[command(flatten)]
    site: EditSite,
    /// The incident's slug (its file name without .md).
    slug: String,
    /// The words, as said.
    text: String,
    /// Who said it.
    #[arg(long)]
    by: String,
    /// Where it was said (e.g. Weibo).
    #[arg(long)]
    channel: Option<String>,
    /// Link to the original: an absolute http(s) URL.
    #[arg(long)]
    url: Option<String>,
}

type Edit = Result<PathBuf, Vec<Diagnostic>>;

pub fn new(args: NewArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        let kind = match args.kind {
            KindArg::Incident => Kind::Incident,
            KindArg::Maintenance => Kind::Maintenance,
        };
        let affects = args
            .affects
            .iter()
            .map(|a| parse_affects(a, kind))
            .collect::<Result<Vec<_>, _>>()?;
        let impact = args.impact.as_deref().map(parse_impact).transpose()?;
        let status = match (&args.status, kind) {
            (Some(word), _) => parse_status(word)?,
            (None, Kind::Incident) => UpdateStatus::Investigating,
            (None, Kind::Maintenance) => UpdateStatus::Scheduled,
        };
        let new = authoring::NewIncident {
            title: args.title.clone(),
            slug: args.slug.clone(),
            kind,
            window: window(kind, args.window.as_deref())?,
            affects,
            impact,
            status,
            message: args.message.clone(),
        };
        authoring::new_incident(config, now, &new)
    })
}

pub fn update(args: UpdateArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        let status = args.status.as_deref().map(parse_status).transpose()?;
        let changes = args
            .affects
            .iter()
            .map(|a| parse_change(a))
            .collect::<Result<Vec<_>, _>>()?;
        authoring::append_update(
            config,
            now,
            &args.slug,
            status,
            &changes,
            Some(&args.message),
            args.next.as_deref(),
        )
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
fn edit(site: &EditSite, change: impl FnOnce(&Config, jiff::Timestamp) -> Edit) -> ExitCode {
    let opts = match site.site().options() {
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
            outln!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let d: Diagnostics = problems.into_iter().collect();
            print_diagnostics(&d, Format::Human, &opts);
            errln!("error: nothing was changed");
            Exit::Content.into()
        }
    }
}

fn refuse(code: Code, message: String, words: &[&str]) -> Vec<Diagnostic> {
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
        refuse(
            Code::UnknownStatus,
            format!("unknown status '{word}'"),
            &words,
        )
    })
}

fn parse_impact(word: &str) -> Result<Impact, Vec<Diagnostic>> {
    Impact::parse(word).ok_or_else(|| {
        let message = format!("unknown impact '{word}'");
        refuse(Code::UnknownValue, message, Impact::WORDS)
    })
}

/// `--window START END`: required for maintenance, refused for an incident.
fn window(
    kind: Kind,
    window: Option<&[String]>,
) -> Result<Option<(String, String)>, Vec<Diagnostic>> {
    match (kind, window) {
        (Kind::Maintenance, Some([start, end])) => Ok(Some((start.clone(), end.clone()))),
        (Kind::Maintenance, _) => Err(vec![
            Diagnostic::error(Code::MissingWindow, "command line", "a maintenance needs its window")
                .hint("add --window \"2026-12-09 01:00\" \"2026-12-09 04:00\" (start and end, in the site's time zone)"),
        ]),
        (Kind::Incident, None) => Ok(None),
        (Kind::Incident, Some(_)) => Err(vec![
            Diagnostic::error(Code::WindowOnIncident, "command line", "--window is for maintenance")
                .hint("add --kind maintenance, or leave out --window for an incident"),
        ]),
    }
}

/// `component=status`. Without `=status`, an incident is refused (a guessed major_outage
/// would go live on the status page); maintenance means under_maintenance.
/// An `update --affects` item: unlike `new`'s, `operational` is allowed (a component back).
fn parse_change(item: &str) -> Result<(String, ComponentStatus), Vec<Diagnostic>> {
    match item.split_once('=') {
        Some((component, word)) if word.trim() == "operational" => {
            Ok((component.trim().to_string(), ComponentStatus::Operational))
        }
        Some(_) => parse_affects(item, Kind::Incident),
        None => {
            let message = format!("--affects {item} does not say the component's new status");
            let hint = format!(
                "write {}=<status>, e.g. {}=operational",
                item.trim(),
                item.trim()
            );
            Err(vec![
                Diagnostic::error(Code::MissingStatus, "command line", message).hint(hint),
            ])
        }
    }
}

fn parse_affects(item: &str, kind: Kind) -> Result<(String, ComponentStatus), Vec<Diagnostic>> {
    let (component, status) = match (item.split_once('='), kind) {
        (Some(pair), _) => pair,
        (None, Kind::Maintenance) => (item, "under_maintenance"),
        (None, Kind::Incident) => {
            let message = format!("--affects {item} does not say the component's status");
            let hint = format!(
                "write {}=<status>, the status being one of: {}",
                item.trim(),
                ComponentStatus::WORDS.join(", ")
            );
            return Err(vec![
                Diagnostic::error(Code::MissingStatus, "command line", message).hint(hint),
            ]);
        }
    };
    let status = ComponentStatus::parse(status).ok_or_else(|| {
        let message = format!("unknown component status '{status}' in --affects {item}");
        refuse(Code::UnknownValue, message, ComponentStatus::WORDS)
    })?;
    Ok((component.trim().to_string(), status))
}
