//! The `bulletin` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use bulletin::authoring;
use bulletin::build::{self, Clock, Failure, Options};
use bulletin::diagnostics::report::{self, Format};
use bulletin::diagnostics::{Diagnostic, Diagnostics};
use bulletin::model::{ComponentStatus, Impact, UpdateStatus};

/// Exit status: the site has errors (or warnings, with --deny-warnings).
const EXIT_CONTENT: u8 = 1;
/// Exit status: bad usage, or a file could not be read or written.
const EXIT_USAGE_OR_IO: u8 = 2;

/// Bulletin: incident files in, a static status site out.
#[derive(Parser)]
#[command(version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(BuildArgs),
    /// Check the config and every incident without writing anything.
    Check(CheckArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Start a new incident file with its first timeline entry.
    New(NewArgs),
    /// Append a timeline entry to an incident.
    Update(UpdateArgs),
    /// Append the final entry (resolved, or completed for maintenance).
    Resolve(ResolveArgs),
    /// Append an official statement to an incident.
    Statement(StatementArgs),
}

#[cfg(feature = "serve")]
#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Address to listen on; loopback unless you mean to share the preview.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Args)]
struct NewArgs {
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
struct UpdateArgs {
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
struct ResolveArgs {
    #[command(flatten)]
    site: SiteArgs,
    slug: String,
    message: Option<String>,
}

#[derive(Args)]
struct StatementArgs {
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

#[derive(Args)]
struct SiteArgs {
    /// The site folder, holding bulletin.yaml and incidents/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// "Now", which decides what is active or upcoming: `YYYY-MM-DD HH:MM` (site zone) or
    /// RFC 3339. Defaults to SOURCE_DATE_EPOCH when set, else the clock.
    #[arg(long)]
    now: Option<String>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override `base_url` from bulletin.yaml (e.g. for a preview deployment).
    #[arg(long)]
    base_url: Option<String>,
    /// Also print how long each stage took (for benchmarks).
    #[arg(long)]
    timings: bool,
    /// Replace the output folder even if it is not empty and was not made by bulletin
    /// (everything in it is deleted). Never applies to the site's sources or to a file.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build_command(args),
        Command::Check(args) => check_command(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve_command(args),
        Command::New(args) => authoring(&args.site, |config, now| {
            let affects = args
                .affects
                .iter()
                .map(|a| parse_affects(a))
                .collect::<Result<Vec<_>, _>>()?;
            let impact = args.impact.as_deref().map(parse_impact).transpose()?;
            let status = parse_status(&args.status)?;
            let new = authoring::NewIncident {
                title: args.title.clone(),
                slug: args.slug.clone(),
                affects,
                impact,
                status,
                message: args.message.clone(),
            };
            authoring::new_incident(config, now, &new)
        }),
        Command::Update(args) => authoring(&args.site, |config, now| {
            let status = args.status.as_deref().map(parse_status).transpose()?;
            authoring::append_update(config, now, &args.slug, status, Some(&args.message))
        }),
        Command::Resolve(args) => authoring(&args.site, |config, now| {
            authoring::resolve(config, now, &args.slug, args.message.as_deref())
        }),
        Command::Statement(args) => authoring(&args.site, |config, now| {
            authoring::append_statement(
                config,
                now,
                &args.slug,
                &args.by,
                args.channel.as_deref(),
                args.url.as_deref(),
                &args.text,
            )
        }),
    }
}

#[cfg(feature = "serve")]
fn serve_command(args: ServeArgs) -> ExitCode {
    let build = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let options = bulletin::serve::ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    match bulletin::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e),
    }
}

/// Runs an authoring command: loads the config, takes "now", prints the file it changed.
fn authoring(
    site: &SiteArgs,
    edit: impl FnOnce(&bulletin::config::Config, jiff::Timestamp) -> Result<PathBuf, Vec<Diagnostic>>,
) -> ExitCode {
    let opts = match options(site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let config = match bulletin::config::load(&opts.root, None) {
        Ok(c) => c,
        Err(problems) => {
            let mut d = Diagnostics::default();
            d.extend(problems);
            print_diagnostics(&d, Format::Human, &opts);
            return ExitCode::from(content_or_io(&d));
        }
    };
    let now = match opts.clock.resolve(&config) {
        Ok(now) => now,
        Err(d) => return usage_error(&d.message),
    };
    match edit(&config, now) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let mut d = Diagnostics::default();
            d.extend(problems);
            print_diagnostics(&d, Format::Human, &opts);
            eprintln!("error: nothing was changed");
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

fn refuse(code: &'static str, message: String, hint: String) -> Vec<Diagnostic> {
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
            "unknown-status",
            format!("unknown status '{word}'"),
            format!("use one of: {}", words.join(", ")),
        )
    })
}

fn parse_impact(word: &str) -> Result<Impact, Vec<Diagnostic>> {
    let words = ["none", "minor", "major", "critical"];
    match word {
        "none" => Ok(Impact::None),
        "minor" => Ok(Impact::Minor),
        "major" => Ok(Impact::Major),
        "critical" => Ok(Impact::Critical),
        _ => Err(refuse(
            "unknown-value",
            format!("unknown impact '{word}'"),
            format!("use one of: {}", words.join(", ")),
        )),
    }
}

fn parse_affects(item: &str) -> Result<(String, ComponentStatus), Vec<Diagnostic>> {
    let (component, status) = item.split_once('=').unwrap_or((item, "major_outage"));
    let status = match status.trim() {
        "degraded_performance" => ComponentStatus::DegradedPerformance,
        "partial_outage" => ComponentStatus::PartialOutage,
        "major_outage" => ComponentStatus::MajorOutage,
        "under_maintenance" => ComponentStatus::UnderMaintenance,
        other => {
            return Err(refuse(
                "unknown-value",
                format!("unknown component status '{other}' in --affects {item}"),
                format!("use one of: {}", ComponentStatus::WORDS.join(", ")),
            ));
        }
    };
    Ok((component.trim().to_string(), status))
}

fn options(site: &SiteArgs) -> Result<Options, String> {
    let clock = match &site.now {
        Some(text) => Clock::Text(text.clone()),
        None => Clock::from_env()?,
    };
    Ok(Options {
        clock,
        ..Options::new(&site.root)
    })
}

fn build_command(args: BuildArgs) -> ExitCode {
    let mut opts = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.output = args.output;
    opts.base_url = args.base_url;
    opts.force = args.force;
    match build::build(&opts) {
        Ok(summary) => {
            // Warnings do not stop a build; keep them to a line each (`bulletin check` has detail).
            for d in summary.diagnostics.iter() {
                eprint!("{}", report::short(d));
            }
            println!(
                "Built {} incidents into {}: {} pages, {} files, {:.1} KiB in {} ms{}",
                summary.incidents,
                build::display_path(&summary.output),
                summary.pages,
                summary.files,
                summary.bytes as f64 / 1024.0,
                summary.elapsed.as_millis(),
                warnings_suffix(&summary.diagnostics),
            );
            if args.timings {
                let t = summary.timings;
                println!(
                    "timings: load+validate {} ms, derive+render {} ms, write {} ms; {} templates, {} cards, {} incident views rendered",
                    t.load_and_validate.as_millis(),
                    t.derive_and_render.as_millis(),
                    t.write.as_millis(),
                    summary.stats.templates,
                    summary.stats.cards,
                    summary.stats.details,
                );
            }
            // The process ends here: the operating system takes the memory back at once.
            std::mem::forget(summary.retained);
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, Format::Human, &opts);
            eprintln!(
                "error: build failed with {} error(s); {} was left as it was",
                diagnostics.error_count(),
                build::display_path(&opts.output_dir())
            );
            ExitCode::from(content_or_io(&diagnostics))
        }
        Err(Failure::Output(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE_OR_IO)
        }
    }
}

fn check_command(args: CheckArgs) -> ExitCode {
    let opts = match options(&args.site) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let diagnostics = build::check_all(&opts);
    print_diagnostics(&diagnostics, args.format, &opts);
    if args.format == Format::Human {
        eprintln!(
            "checked: {} error(s), {} warning(s)",
            diagnostics.error_count(),
            diagnostics.warning_count()
        );
    }
    if diagnostics.has_errors() {
        ExitCode::from(content_or_io(&diagnostics))
    } else if args.deny_warnings && diagnostics.warning_count() > 0 {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Exit 2 when the only errors are about reading the site at all, else 1.
fn content_or_io(diagnostics: &Diagnostics) -> u8 {
    let io_only = diagnostics.iter().filter(|d| d.is_error()).all(|d| {
        matches!(
            d.code,
            "config-missing" | "config-unreadable" | "unreadable" | "unwritable" | "bad-now"
        )
    });
    if io_only {
        EXIT_USAGE_OR_IO
    } else {
        EXIT_CONTENT
    }
}

fn print_diagnostics(diagnostics: &Diagnostics, format: Format, opts: &Options) {
    if diagnostics.is_empty() {
        return;
    }
    let list: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
    match format {
        // Tool formats go to stdout so they can be piped; people read stderr.
        Format::Json | Format::Github => {
            print!("{}", report::render(&list, format, &opts.root, false));
        }
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = report::render(&list, format, &opts.root, color);
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
    }
}

fn warnings_suffix(diagnostics: &Diagnostics) -> String {
    match diagnostics.warning_count() {
        0 => String::new(),
        n => format!(" ({n} warning(s); see `bulletin check`)"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE_OR_IO)
}

// glibc's malloc showed as ~15 % of a 10k build's profile (many small strings and template
// values freed across rayon threads); mimalloc handles that pattern much better.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
