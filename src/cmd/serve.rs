//! `bulletin serve`: the site from memory, rebuilt on every change (feature `serve`).

use std::process::ExitCode;

use clap::Args;

use super::{SiteArgs, usage_error};

#[derive(Args)]
pub struct ServeArgs {
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

pub fn run(args: ServeArgs) -> ExitCode {
    let build = match args.site.options() {
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
