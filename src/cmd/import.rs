//! `bulletin import statuspage|cstate`: read another status page's history, write it as a
//! Bulletin site, print the report, then check the site.

// As in the library: a Diagnostic is the error type, built only on the error path.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use bulletin::build::{self, Clock, Options};
use bulletin::diagnostics::report::Format;
use bulletin::diagnostics::{Code, Diagnostic, Diagnostics};
use bulletin::import::{self, Imported, write::Target};
use bulletin::{outln, terminal};

use super::{Exit, print_diagnostics};

#[derive(Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    source: ImportSource,
}

#[derive(Subcommand)]
enum ImportSource {
    /// An Atlassian Statuspage page: its base URL (https://status.example.com), or a folder
    /// of its saved api/v2 JSON files (summary, components, incidents, scheduled-maintenances).
    Statuspage(StatuspageArgs),
    /// A cState (Hugo) site folder: config.yml and content/issues/*.md.
    Cstate(CstateArgs),
}

/// What both importers share.
#[derive(Args)]
struct Into {
    /// The site to write into: a new or empty folder, or an existing Bulletin site.
    #[arg(long, default_value = ".")]
    into: PathBuf,
    /// Only say what would be written.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
struct StatuspageArgs {
    /// The page's base URL, or a folder of its saved JSON files.
    source: String,
    /// Seconds to wait for each HTTP request to complete.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    #[command(flatten)]
    into: Into,
}

#[derive(Args)]
struct CstateArgs {
    /// The cState site's folder.
    folder: PathBuf,
    #[command(flatten)]
    into: Into,
}

/// Runs `bulletin import …`.
pub fn run(args: ImportArgs) -> ExitCode {
    let (into, source) = match &args.source {
        ImportSource::Statuspage(a) => (&a.into, "statuspage"),
        ImportSource::Cstate(a) => (&a.into, "cstate"),
    };
    if let Err(d) = usable_target(&into.into) {
        return fail(d, &into.into);
    }
    let read = match &args.source {
        ImportSource::Statuspage(a) => read_statuspage(a),
        ImportSource::Cstate(a) => import::cstate::read(&a.folder),
    };
    let imported: Imported = match read {
        Ok(i) => i,
        Err(d) => return fail(d, &into.into),
    };
    let target = Target {
        root: into.into.clone(),
        dry_run: into.dry_run,
        source,
    };
    let report = match import::write::write(imported, &target) {
        Ok(r) => r,
        Err(d) => return fail(d, &into.into),
    };
    // A closed pipe (`| head`) is not an error of the import.
    terminal::out(&report.render(into.dry_run));
    if into.dry_run {
        return ExitCode::SUCCESS;
    }
    closing_check(&into.into)
}

/// Loads and validates the written site, as `bulletin check` does (without its trial render:
/// imported text cannot break a template, and the render is most of a check's time).
fn closing_check(root: &Path) -> ExitCode {
    // The same "now" as `bulletin check` without --now: SOURCE_DATE_EPOCH, else the clock.
    let clock = Clock::from_env().unwrap_or_default();
    let opts = Options {
        clock,
        ..Options::new(root)
    };
    let (diagnostics, checked) = match build::check(&opts) {
        Ok(checked) => (checked.valid.warnings.clone(), Some(checked)),
        Err(diagnostics) => (diagnostics, None),
    };
    // Freeing 10,000 incidents one allocation at a time is slower than the exit.
    std::mem::forget(checked);
    print_diagnostics(&diagnostics, Format::Human, &opts);
    outln!(
        "checked: {} error(s), {} warning(s)",
        diagnostics.error_count(),
        diagnostics.warning_count()
    );
    if diagnostics.has_errors() {
        Exit::of(&diagnostics).into()
    } else {
        ExitCode::SUCCESS
    }
}

fn read_statuspage(a: &StatuspageArgs) -> Result<Imported, Diagnostic> {
    let is_url = bulletin::urls::web::is_web_address(&a.source);
    let source = if is_url {
        fetch(&a.source, a.timeout)?
    } else {
        import::statuspage::read_folder(Path::new(&a.source))?
    };
    Ok(source.into_imported())
}

#[cfg(feature = "import-fetch")]
fn fetch(url: &str, timeout: f64) -> Result<import::statuspage::Source, Diagnostic> {
    let timeout = std::time::Duration::try_from_secs_f64(timeout.max(0.001))
        .map_err(|e| Diagnostic::access(Code::BadUsage, "--timeout", e.to_string()))?;
    import::fetch::fetch(url, timeout)
}

#[cfg(not(feature = "import-fetch"))]
fn fetch(url: &str, _timeout: f64) -> Result<import::statuspage::Source, Diagnostic> {
    Err(Diagnostic::access(
        Code::ImportNoFetch,
        url,
        "this bulletin was built without fetching (cargo feature import-fetch)",
    )
    .hint("save the page's api/v2 JSON files into a folder and import that folder"))
}

/// An import goes into a new or empty folder, or a Bulletin site: never into a folder of
/// other things, where its files would be mixed with someone else's.
fn usable_target(dir: &Path) -> Result<(), Diagnostic> {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let is_site =
        dir.join(bulletin::config::CONFIG_FILE).exists() || dir.join(import::RECORD_FILE).exists();
    if is_site || entries.next().is_none() {
        return Ok(());
    }
    Err(Diagnostic::access(
        Code::ImportTarget,
        dir,
        "this folder is not empty and is not a Bulletin site (no bulletin.yaml)",
    )
    .hint("import into a new or empty folder (--into DIR), or into an existing site"))
}

fn fail(d: impl std::convert::Into<Diagnostics>, root: &Path) -> ExitCode {
    print_diagnostics(&d.into(), Format::Human, &Options::new(root));
    Exit::UsageOrAccess.into()
}
