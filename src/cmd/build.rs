//! `bulletin build`: the whole pipeline into the output folder.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use bulletin::build::{self, Failure, Summary};
use bulletin::diagnostics::Diagnostics;
use bulletin::diagnostics::report::{self, Format};
use bulletin::{errln, outln, terminal};

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

#[derive(Args)]
pub struct BuildArgs {
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

pub fn run(args: BuildArgs) -> ExitCode {
    let mut opts = match args.site.options() {
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
                terminal::err(&report::short(d));
            }
            print_summary(&summary, args.timings);
            // The process ends here: the operating system takes the memory back at once.
            std::mem::forget(summary.retained);
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, Format::Human, &opts);
            errln!(
                "error: build failed with {} error(s); {} was left as it was",
                diagnostics.error_count(),
                build::display_path(&opts.output_dir())
            );
            Exit::of(&diagnostics).into()
        }
        Err(Failure::Output(e)) => {
            errln!("error: {e}");
            Exit::UsageOrAccess.into()
        }
    }
}

fn print_summary(summary: &Summary, timings: bool) {
    outln!(
        "Built {} into {}: {}, {}, {:.1} KiB in {} ms{}",
        count(summary.incidents, "incident", "incidents"),
        build::display_path(&summary.output),
        count(summary.pages, "page", "pages"),
        count(summary.files, "file", "files"),
        summary.bytes as f64 / 1024.0,
        summary.elapsed.as_millis(),
        warnings_suffix(&summary.diagnostics),
    );
    if timings {
        let t = summary.timings;
        outln!(
            "timings: load+validate {} ms, derive+render {} ms, write {} ms; {} templates, {} cards, {} incident views rendered",
            t.load_and_validate.as_millis(),
            t.derive_and_render.as_millis(),
            t.write.as_millis(),
            summary.stats.templates,
            summary.stats.cards,
            summary.stats.details,
        );
        outln!(
            "stages: load {} ms, check {} ms, derive {} ms (theme compiled beside them in {} ms), render and write {} ms, swap {} ms",
            t.load.as_millis(),
            t.check.as_millis(),
            t.derive.as_millis(),
            t.theme.as_millis(),
            t.render.as_millis(),
            t.write.as_millis(),
        );
    }
}

fn warnings_suffix(diagnostics: &Diagnostics) -> String {
    match diagnostics.warning_count() {
        0 => String::new(),
        n => format!(
            " ({}; see `bulletin check`)",
            count(n, "warning", "warnings")
        ),
    }
}

/// `1 incident`, `2 incidents`: English plurals for the summary line (the command line speaks
/// English whatever the site's language).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
