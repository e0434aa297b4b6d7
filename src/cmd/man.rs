//! `bulletin man`: the manual page, generated from the command line definition (clap_mangen).
//! To stdout (`bulletin man > bulletin.1`), or with `--out DIR` one page per subcommand.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_mangen::Man;

use super::{Cli, Exit};

#[derive(Args)]
pub struct ManArgs {
    /// Write bulletin.1 and bulletin-<command>.1 into this folder (which must not hold them
    /// yet) instead of printing bulletin.1.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> ExitCode {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let result = match &args.out {
        None => Man::new(cmd).render(&mut std::io::stdout()),
        Some(dir) => write_pages(cmd, dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            bulletin::errln!("error: {e}");
            Exit::UsageOrAccess.into()
        }
    }
}

/// The page of `cmd` and of each subcommand, each a new file (an existing one is refused, not
/// replaced: remove it first).
fn write_pages(cmd: clap::Command, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir)?;
    }
    let man = Man::new(cmd);
    let path = dir.join(man.get_filename());
    let mut bytes = Vec::new();
    man.render(&mut bytes)?;
    let mut file = std::fs::File::create_new(&path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::AlreadyExists => "it exists already; remove it first".to_string(),
            _ => e.to_string(),
        };
        std::io::Error::new(e.kind(), format!("cannot write {}: {why}", path.display()))
    })?;
    file.write_all(&bytes)?;
    bulletin::outln!("{}", path.display());
    Ok(())
}
