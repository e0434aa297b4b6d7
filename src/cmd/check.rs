//! `bulletin check`: load and validate (and a render without writing), then report.

use std::process::ExitCode;

use clap::Args;

use bulletin::build;
use bulletin::diagnostics::report::Format;
use bulletin::errln;

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let opts = match args.site.options() {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let mut diagnostics = build::check_all(&opts);
    // notify.yaml, when the site has one (its own file: bulletin.yaml's problems come first).
    if let Ok(config) = bulletin::config::load(&opts.root, opts.base_url.as_deref()) {
        diagnostics.extend(bulletin::notify::check(&opts.root, &config));
        // incident-templates/, checked as incident files before an incident needs one.
        diagnostics.extend(bulletin::authoring::check_templates(&config));
        diagnostics.sort();
    }
    print_diagnostics(&diagnostics, args.format, &opts);
    if args.format == Format::Human {
        errln!(
            "checked: {} error(s), {} warning(s)",
            diagnostics.error_count(),
            diagnostics.warning_count()
        );
    }
    if diagnostics.has_errors() {
        Exit::of(&diagnostics).into()
    } else if args.deny_warnings && diagnostics.warning_count() > 0 {
        Exit::Content.into()
    } else {
        ExitCode::SUCCESS
    }
}
