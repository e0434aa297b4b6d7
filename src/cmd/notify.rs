//! `bulletin notify`: deliver what is new since the last published site (docs/notify.md).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use bulletin::diagnostics::report::{self, Format};
use bulletin::notify::{self, Failure, NotifyOptions};
use bulletin::{errln, terminal};

use super::{Exit, SiteArgs, print_diagnostics, usage_error};

#[derive(Args)]
pub struct NotifyArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The previously published site (its URL or a folder): where a target without a
    /// delivery record starts from. Without it and without a record, nothing is announced.
    #[arg(long, value_name = "URL|DIR")]
    previous: Option<String>,
    /// A `--previous` that is not there yet (nothing published: a first CI run) counts as a
    /// first run instead of an error.
    #[arg(long, requires = "previous")]
    previous_optional: bool,
    /// The folder of the delivery record (keep it between CI runs: see docs/notify.md).
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// Print, per target, exactly what would be sent; send nothing, record nothing.
    #[arg(long)]
    dry_run: bool,
    /// With no record and no previous site, announce every event younger than `max_age`.
    #[arg(long)]
    announce_all: bool,
    /// How to print what would be or was sent, and any problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also print how long each step took (for benchmarks).
    #[arg(long)]
    timings: bool,
}

pub fn run(args: NotifyArgs) -> ExitCode {
    let site = match args.site.options() {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let opts = NotifyOptions {
        site,
        previous: args.previous,
        previous_optional: args.previous_optional,
        state: args.state,
        dry_run: args.dry_run,
        announce_all: args.announce_all,
        json: args.format == Format::Json,
    };
    match notify::notify(&opts) {
        Ok((report, timings, warnings)) => {
            for d in warnings.iter() {
                terminal::err(&report::short(d));
            }
            errln!("{}", report.summary(opts.dry_run));
            if let Some(hint) = report.first_run_hint(opts.previous.as_deref()) {
                errln!("{hint}");
            }
            if args.timings {
                errln!(
                    "timings: load and check {} ms, derive {} ms, what is new {:.1} ms ({} recent events), deliver {} ms",
                    timings.load_and_check.as_millis(),
                    timings.derive.as_millis(),
                    timings.what_is_new.as_secs_f64() * 1000.0,
                    timings.events,
                    timings.deliver.as_millis()
                );
            }
            if report.failed > 0 {
                Exit::Content.into()
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(Failure::Problems(diagnostics)) => {
            print_diagnostics(&diagnostics, args.format, &opts.site);
            errln!(
                "error: nothing was sent: {} error(s)",
                diagnostics.error_count()
            );
            Exit::of(&diagnostics).into()
        }
        Err(Failure::Usage(message)) => usage_error(&message),
    }
}
