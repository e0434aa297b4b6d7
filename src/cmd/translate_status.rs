//! `bulletin translate-status`: what each of the site's other languages still lacks (the facts
//! of `check`'s `translation-missing` warnings, as one report; docs/languages.md). Exit 0
//! whatever is missing: it is a list of work, not a check.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use bulletin::diagnostics::report::Format;
use bulletin::terminal;

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

#[derive(Args)]
pub struct TranslateStatusArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    format: StatusFormat,
}

/// `--format`: for people, or one JSON document for tools.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
}

pub fn run(args: TranslateStatusArgs) -> ExitCode {
    let opts = match args.site.options() {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let now = bulletin::config::load(&opts.root, None)
        .map_err(|problems| problems.into_iter().collect())
        .and_then(|config| {
            opts.clock
                .resolve(&config)
                .map_err(|d| std::iter::once(d).collect())
        });
    let report = now.and_then(|now| bulletin::site::translation_status(&opts.root, now));
    match report {
        Ok(report) => {
            match args.format {
                StatusFormat::Text => terminal::out(&report.text()),
                StatusFormat::Json => {
                    let json =
                        serde_json::to_string_pretty(&report).expect("the report serializes");
                    terminal::out(&format!("{json}\n"));
                }
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems, Format::Human, &opts);
            Exit::of(&problems).into()
        }
    }
}
