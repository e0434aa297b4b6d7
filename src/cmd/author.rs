//! The editing commands `new`, `update`, `resolve` and `statement`: they parse their words
//! through the model and let `bulletin::authoring` write the file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use bulletin::authoring;
use bulletin::config::Config;
use bulletin::diagnostics::report::{self, Format};
use bulletin::diagnostics::{Code, Diagnostic, Diagnostics};
use bulletin::model::{ComponentStatus, Impact, Kind, UpdateStatus};
use bulletin::terminal;
use bulletin::{errln, outln};
use std::io::IsTerminal;

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
    /// The incident's title (default with --template: the template's).
    #[arg(required_unless_present = "template")]
    title: Option<String>,
    /// Affected components and their status: `wechat/login=major_outage[,qq=partial_outage]`.
    /// The status is required for an incident; for maintenance a bare component means
    /// under_maintenance.
    #[arg(long, required_unless_present = "template", value_delimiter = ',')]
    affects: Vec<String>,
    /// Start from incident-templates/NAME.md: its title, kind, affected components and first
    /// entry; the other flags replace what they give.
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
    /// incident or maintenance [default: incident, or the template's].
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
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
    /// Write the message as the translation into LANG (one of `languages:` other than the
    /// default) of the latest entry, into the incident's `<slug>.<LANG>.md`, created if needed.
    #[arg(long, value_name = "LANG", conflicts_with_all = ["status", "affects", "next"])]
    lang: Option<String>,
    /// With --lang: the entry to translate, by its time (`03:30`, "2026-04-21 00:30").
    #[arg(long, value_name = "TIME", requires = "lang")]
    entry: Option<String>,
    /// With --lang, for a new translation file: the title in that language.
    #[arg(long, requires = "lang")]
    title: Option<String>,
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

type Edit = authoring::Outcome;

pub fn new(args: NewArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        let base = match &args.template {
            Some(name) => Some(authoring::from_template(config, name)?),
            None => None,
        };
        let new = new_incident(&args, base)?;
        authoring::new_incident(config, now, &new)
    })
}

/// `new`'s incident: the template's (if any) with what the flags say laid over it.
fn new_incident(
    args: &NewArgs,
    base: Option<authoring::NewIncident>,
) -> Result<authoring::NewIncident, Vec<Diagnostic>> {
    let kind = match args.kind {
        Some(KindArg::Incident) => Kind::Incident,
        Some(KindArg::Maintenance) => Kind::Maintenance,
        None => base.as_ref().map_or(Kind::Incident, |b| b.kind),
    };
    let affects = args
        .affects
        .iter()
        .map(|a| parse_affects(a, kind))
        .collect::<Result<Vec<_>, _>>()?;
    let impact = args.impact.as_deref().map(parse_impact).transpose()?;
    let status = match &args.status {
        Some(word) => Some(authoring::status_word(word, kind)?),
        None => None,
    };
    let first = match kind {
        Kind::Incident => UpdateStatus::Investigating,
        Kind::Maintenance => UpdateStatus::Scheduled,
    };
    Ok(authoring::NewIncident {
        title: args
            .title
            .clone()
            .or_else(|| base.as_ref().map(|b| b.title.clone()))
            .unwrap_or_default(),
        slug: args.slug.clone(),
        kind,
        window: window(kind, args.window.as_deref())?,
        affects: match &base {
            Some(b) if affects.is_empty() => b.affects.clone(),
            _ => affects,
        },
        impact: impact.or(base.as_ref().and_then(|b| b.impact)),
        // The template's first status, unless --kind made it the other kind.
        status: status
            .or(base.as_ref().filter(|b| b.kind == kind).map(|b| b.status))
            .unwrap_or(first),
        message: args
            .message
            .clone()
            .or_else(|| base.and_then(|b| b.message)),
    })
}

pub fn update(args: UpdateArgs) -> ExitCode {
    edit(&args.site, |config, now| {
        if let Some(language) = &args.lang {
            let asked = authoring::EntryTranslation {
                language,
                entry: args.entry.as_deref(),
                title: args.title.as_deref(),
                text: &args.message,
            };
            return authoring::translate_entry(config, now, &args.slug, &asked);
        }
        let status = match args.status.as_deref() {
            Some(word) => Some(authoring::status_word(
                word,
                authoring::kind_of(config, &args.slug)?,
            )?),
            None => None,
        };
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
pub(super) fn edit(
    site: &EditSite,
    change: impl FnOnce(&Config, jiff::Timestamp) -> Edit,
) -> ExitCode {
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
        Ok(written) => {
            show(&written.warnings, Some(&written.draft), &opts);
            outln!("{}", written.path().display());
            ExitCode::SUCCESS
        }
        Err(refused) => {
            show(&refused.problems, refused.draft.as_ref(), &opts);
            errln!("error: nothing was changed");
            Exit::Content.into()
        }
    }
}

/// Prints `problems`, those about `draft`'s file quoting the draft (the text their lines and
/// columns were counted in), the others as `check` prints them.
fn show(
    problems: &[Diagnostic],
    draft: Option<&authoring::Draft>,
    opts: &bulletin::build::Options,
) {
    let Some(draft) = draft else {
        let d: Diagnostics = problems.iter().cloned().collect();
        print_diagnostics(&d, Format::Human, opts);
        return;
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = report::human_over(problems, &opts.root, color, (&draft.path, &draft.text));
    if color {
        terminal::err_styled(&text);
    } else {
        terminal::err(&text);
    }
}

fn refuse(code: Code, message: String, words: &[&str]) -> Vec<Diagnostic> {
    let hint = format!("use one of: {}", words.join(", "));
    vec![Diagnostic::error(code, "command line", message).hint(hint)]
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
