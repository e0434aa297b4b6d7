//! The subcommands of `bulletin`, one module each; this module holds what they share: the
//! command-line shape, where the site is and what "now" is, printing problems, exit status.

mod author;
mod build;
mod check;
mod completions;
mod import;
mod init;
mod issue_form;
mod maintenance;
mod man;
mod notify;
#[cfg(feature = "serve")]
mod serve;
mod translate_status;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::LazyLock;

use clap::{Args, Parser, Subcommand};

use bulletin::build::{Clock, Options};
use bulletin::diagnostics::report::{self, Format};
use bulletin::diagnostics::{Cause, Diagnostics};
use bulletin::{errln, terminal};

/// `--version`: the version and the commit it was built from (build.rs; "unknown" outside a
/// git checkout, and also if a package ever leaves build.rs out, so the crate still builds).
static VERSION_LINE: LazyLock<String> = LazyLock::new(|| {
    let commit = option_env!("BULLETIN_COMMIT").unwrap_or("unknown");
    format!("{} (commit {commit})", env!("CARGO_PKG_VERSION"))
});

/// Bulletin: incident files in, a static status site out.
#[derive(Parser)]
#[command(version = VERSION_LINE.as_str(), about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site in an empty folder: settings, an example incident and maintenance.
    Init(init::InitArgs),
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(build::BuildArgs),
    /// Check the config and every incident without writing anything.
    Check(check::CheckArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Start a new incident file with its first timeline entry.
    New(author::NewArgs),
    /// Append a timeline entry to an incident.
    Update(author::UpdateArgs),
    /// Append the final entry (resolved, or completed for maintenance).
    Resolve(author::ResolveArgs),
    /// Append an official statement to an incident.
    Statement(author::StatementArgs),
    /// Cancel, reschedule, extend or complete a maintenance (one new timeline entry).
    Maintenance(maintenance::MaintenanceArgs),
    /// Deliver what is new since the last published site to every target in notify.yaml.
    Notify(notify::NotifyArgs),
    /// Import another status page's history: `import statuspage <URL or folder>`, `import cstate <folder>`.
    Import(import::ImportArgs),
    /// List what each of the site's other languages still lacks, incident by incident.
    TranslateStatus(translate_status::TranslateStatusArgs),
    /// Print the shell completion script: `bulletin completions bash > /etc/bash_completion.d/bulletin`.
    Completions(completions::CompletionsArgs),
    /// Print the manual page (`bulletin man > bulletin.1`), or write one per command with --out.
    Man(man::ManArgs),
    /// GitHub issue forms: apply a submitted form (the workflow's step), or rewrite the forms.
    IssueForm(issue_form::IssueFormArgs),
}

/// Runs the subcommand the command line asks for.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Init(args) => init::run(args),
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
        Command::New(args) => author::new(args),
        Command::Update(args) => author::update(args),
        Command::Resolve(args) => author::resolve(args),
        Command::Statement(args) => author::statement(args),
        Command::Maintenance(args) => maintenance::run(args),
        Command::Notify(args) => notify::run(args),
        Command::Import(args) => import::run(args),
        Command::TranslateStatus(args) => translate_status::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::IssueForm(args) => issue_form::run(args),
    }
}

/// How a command ended, as its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The site has errors (or warnings, with --deny-warnings): 1.
    Content,
    /// Bad usage, or a file could not be read or written: 2.
    UsageOrAccess,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

impl Exit {
    /// Every way a command ends other than success, for the manual's EXIT STATUS.
    pub const ALL: [Exit; 2] = [Exit::Content, Exit::UsageOrAccess];

    /// The exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Content => 1,
            Exit::UsageOrAccess => 2,
        }
    }

    /// What the status means, in a sentence (the manual pages say it).
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Content => {
                "The site has errors (or warnings, with --deny-warnings), or the change was refused; nothing was changed."
            }
            Exit::UsageOrAccess => "Bad usage, or a file or folder could not be read or written.",
        }
    }

    /// 2 when every error is about reaching the site at all, else 1.
    pub fn of(diagnostics: &Diagnostics) -> Exit {
        let access_only = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.cause == Cause::Access);
        if access_only {
            Exit::UsageOrAccess
        } else {
            Exit::Content
        }
    }
}

/// Where the site is and what "now" is, for every subcommand.
#[derive(Args)]
pub struct SiteArgs {
    /// The site folder, holding bulletin.yaml and incidents/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// "Now", which decides what is active or upcoming: `YYYY-MM-DD HH:MM` (site zone) or
    /// RFC 3339. Defaults to SOURCE_DATE_EPOCH when set, else the clock.
    #[arg(long)]
    now: Option<String>,
}

impl SiteArgs {
    /// Build options for this site and clock.
    pub fn options(&self) -> Result<Options, String> {
        let clock = match &self.now {
            Some(text) => Clock::Text(text.clone()),
            None => Clock::from_env()?,
        };
        Ok(Options {
            clock,
            ..Options::new(&self.root)
        })
    }
}

/// Prints `diagnostics` in `format`: tool formats to stdout (to be piped), people's to stderr.
pub fn print_diagnostics(diagnostics: &Diagnostics, format: Format, opts: &Options) {
    if diagnostics.is_empty() {
        return;
    }
    let list: Vec<_> = diagnostics.iter().cloned().collect();
    match format {
        Format::Json | Format::Github => {
            terminal::out(&report::render(&list, format, &opts.root, false));
        }
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = report::render(&list, format, &opts.root, color);
            if color {
                // Escaped inside, around the report's own colours.
                terminal::err_styled(&text);
            } else {
                terminal::err(&text);
            }
        }
    }
}

/// Reports a usage problem and exits with status 2.
pub fn usage_error(message: &str) -> ExitCode {
    errln!("error: {message}");
    Exit::UsageOrAccess.into()
}
