//! The `bulletin` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use bulletin::build::{self, Clock, Failure, Options};
use bulletin::diagnostics::report::{self, Format};
use bulletin::diagnostics::{Diagnostic, Diagnostics};

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
    }
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
                    "timings: load+validate {} ms, derive+render {} ms, write {} ms",
                    t.load_and_validate.as_millis(),
                    t.derive_and_render.as_millis(),
                    t.write.as_millis()
                );
            }
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
            "config-missing" | "config-unreadable" | "unreadable" | "bad-now"
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
