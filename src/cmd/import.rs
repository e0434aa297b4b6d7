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
use bulletin::{errln, outln, terminal};

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
    /// The site to write into: a new or empty folder, or an existing Bulletin site (default:
    /// the current folder, when it is empty or a site an earlier import made; a site of your
    /// own is written into only when named here).
    #[arg(long)]
    into: Option<PathBuf>,
    /// Add the imported components the site's own bulletin.yaml lacks to it (only new lines;
    /// the rest of the file stays as it is). Without it such an import writes nothing.
    #[arg(long)]
    add_components: bool,
    /// Also write a CI workflow into a new site, as `bulletin init --ci` does.
    #[arg(long, value_enum)]
    ci: Option<super::init::Ci>,
    /// List every file, decision and problem, instead of a line per kind with a count.
    #[arg(long)]
    verbose: bool,
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
    let root = into.into.clone().unwrap_or_else(|| PathBuf::from("."));
    if let (None, Err(e)) = (&into.into, refuse_unnamed_site(&root)) {
        return super::usage_error(&e);
    }
    if let Err(d) = usable_target(&root) {
        return fail(d, &root);
    }
    let read = match &args.source {
        ImportSource::Statuspage(a) => read_statuspage(a),
        ImportSource::Cstate(a) => import::cstate::read(&a.folder),
    };
    let imported: Imported = match read {
        Ok(i) => i,
        Err(d) => return fail(d, &root),
    };
    let base_url = imported.base_url.clone();
    let target = Target {
        root: root.clone(),
        dry_run: into.dry_run,
        source,
        add_components: into.add_components,
        extras: super::init::site_extras(into.ci),
    };
    let report = match import::write::write(imported, &target) {
        Ok(r) => r,
        Err(d) => return fail(d, &root),
    };
    // A closed pipe (`| head`) is not an error of the import.
    terminal::out(&report.render(into.dry_run, into.verbose));
    if into.dry_run {
        return ExitCode::SUCCESS;
    }
    let code = closing_check(&root, into.verbose);
    // The few lines that matter, last.
    if report
        .created
        .iter()
        .any(|f| f == bulletin::config::CONFIG_FILE)
    {
        outln!(
            "note: base_url in bulletin.yaml is the imported page's address ({base_url}): change it if this site is published elsewhere"
        );
    }
    if let Some(ci) = into.ci {
        outln!("{}", super::init::recipes::by_hand(ci));
    }
    outln!(
        "next: `bulletin serve --root {}` to look at the site",
        root.display()
    );
    code
}

/// Loads and validates the written site, as `bulletin check` does (without its trial render:
/// imported text cannot break a template, and the render is most of a check's time). Unless
/// `verbose`, each kind of problem is shown once with a count.
fn closing_check(root: &Path, verbose: bool) -> ExitCode {
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
    if verbose {
        print_diagnostics(&diagnostics, Format::Human, &opts);
    } else {
        print_grouped(&diagnostics, &opts);
    }
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

/// The first problem of each kind in full, and how many more of that kind there are.
fn print_grouped(diagnostics: &Diagnostics, opts: &Options) {
    let mut groups: Vec<(Code, Vec<&Diagnostic>)> = Vec::new();
    for d in diagnostics.iter() {
        match groups.iter_mut().find(|(code, _)| *code == d.code) {
            Some((_, list)) => list.push(d),
            None => groups.push((d.code, vec![d])),
        }
    }
    for (code, list) in groups {
        print_diagnostics(
            &Diagnostics::from(vec![list[0].clone()]),
            Format::Human,
            opts,
        );
        if list.len() > 1 {
            errln!(
                "… and {} more {code} (`bulletin check` or --verbose lists each)",
                list.len() - 1
            );
        }
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

/// A site `bulletin import` did not make (a `bulletin.yaml`, no import record) is written
/// into only when it is named with `--into`: said in one line, before anything is read.
fn refuse_unnamed_site(dir: &Path) -> Result<(), String> {
    let has_config = dir.join(bulletin::config::CONFIG_FILE).exists();
    if !has_config || dir.join(import::RECORD_FILE).exists() {
        return Ok(());
    }
    Err(format!(
        "{} is a Bulletin site that `bulletin import` did not make, so nothing was written: to import into it, name it (`--into {}`, with `--add-components` to add the imported components to its bulletin.yaml), or import into a new folder (`--into DIR`)",
        dir.display(),
        dir.display()
    ))
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
