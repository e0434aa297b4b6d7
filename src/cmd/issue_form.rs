//! `bulletin issue-form`: the step of the issue-form workflow (`apply`: a submitted form into
//! `new`/`update`/`resolve`, with the reply to post) and the forms' regeneration from
//! `bulletin.yaml` (`forms`). The work is `bulletin::issue_form`'s; this is its command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use bulletin::config::Config;
use bulletin::diagnostics::Diagnostics;
use bulletin::diagnostics::report::Format;
use bulletin::issue_form::{self, forms::Written};
use bulletin::{errln, outln};

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

#[derive(Args)]
pub struct IssueFormArgs {
    #[command(subcommand)]
    command: IssueFormCommand,
}

#[derive(Subcommand)]
enum IssueFormCommand {
    /// Turn a submitted issue form into `bulletin new`, `update` or `resolve` (the workflow's
    /// step): exit 0 when the file was written, 1 when refused; the reply is written either way.
    Apply(ApplyArgs),
    /// Write the issue forms into .github/ISSUE_TEMPLATE/ again from bulletin.yaml's
    /// components (only forms Bulletin wrote are replaced).
    Forms(FormsArgs),
}

#[derive(Args)]
struct ApplyArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The `issues` event: the file `$GITHUB_EVENT_PATH` names.
    #[arg(long)]
    event: PathBuf,
    /// Where to write the reply for the issue (Markdown; a new file).
    #[arg(long)]
    reply: PathBuf,
}

#[derive(Args)]
struct FormsArgs {
    /// The site folder, holding bulletin.yaml (and the repository's .github/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: IssueFormArgs) -> ExitCode {
    match args.command {
        IssueFormCommand::Apply(args) => apply(&args),
        IssueFormCommand::Forms(args) => forms(&args.root),
    }
}

fn apply(args: &ApplyArgs) -> ExitCode {
    let opts = match args.site.options() {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let config = match load(&opts.root, &opts) {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let now = match opts.clock.resolve(&config) {
        Ok(now) => now,
        Err(d) => return usage_error(&d.message),
    };
    let outcome = match issue_form::payload::read(&args.event) {
        Ok(event) => issue_form::handle(&config, now, &event),
        Err(why) => issue_form::refused(&config, &issue_form::Refusal::Form(vec![why])),
    };
    if let Err(e) = write_new(&args.reply, &outcome.reply) {
        return usage_error(&format!("cannot write {}: {e}", args.reply.display()));
    }
    match outcome.applied {
        Some(applied) => {
            outln!("{}", applied.file.display());
            ExitCode::SUCCESS
        }
        None => {
            errln!("{}", outcome.reply.trim_end());
            Exit::Content.into()
        }
    }
}

fn forms(root: &Path) -> ExitCode {
    let opts = bulletin::build::Options::new(root);
    let config = match load(root, &opts) {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    write_forms(&config)
}

/// Writes the forms of `config`'s site and says what became of each; `init` calls it too.
pub fn write_forms(config: &Config) -> ExitCode {
    let written = match issue_form::forms::write(config) {
        Ok(w) => w,
        Err(e) => {
            errln!("error: cannot write the issue forms: {e}");
            return Exit::UsageOrAccess.into();
        }
    };
    let mut left_alone = false;
    for w in written {
        match w {
            Written::Created(rel) | Written::Rewritten(rel) => {
                outln!("{}", config.root.join(rel).display());
            }
            Written::Unchanged(_) => {}
            Written::LeftAlone(rel) => {
                left_alone = true;
                errln!(
                    "left alone: {} was not written by Bulletin (its first line is not Bulletin's); remove it, or edit its dropdowns by hand",
                    config.root.join(rel).display()
                );
            }
        }
    }
    if left_alone {
        Exit::Content.into()
    } else {
        ExitCode::SUCCESS
    }
}

fn load(root: &Path, opts: &bulletin::build::Options) -> Result<Config, ExitCode> {
    bulletin::config::load(root, None).map_err(|problems| {
        let d: Diagnostics = problems.into_iter().collect();
        print_diagnostics(&d, Format::Human, opts);
        Exit::of(&d).into()
    })
}

/// Writes a new file; an existing one is an error, never replaced.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::File::create_new(path)?.write_all(text.as_bytes())
}
