//! `bulletin man`: the manual pages, generated from the command line definition (clap_mangen)
//! with the sections `--help` has no room for: EXIT STATUS (from [`Exit`], where the codes
//! are defined), FILES and EXAMPLES ([`sections`]). To stdout (`bulletin man > bulletin.1`),
//! or with `--out DIR` one page per subcommand; a page written there before (by any version)
//! is replaced, a file of the same name it did not write is left alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_mangen::Man;

use super::{Cli, Exit};

mod sections;

#[derive(Args)]
pub struct ManArgs {
    /// Write bulletin.1 and bulletin-<command>.1 into this folder instead of printing
    /// bulletin.1; pages written there before are replaced, other files left alone.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> ExitCode {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let result = match &args.out {
        None => page(cmd).and_then(|bytes| std::io::stdout().write_all(&bytes)),
        Some(dir) => write_pages(cmd, dir).map(|left_alone| {
            for path in &left_alone {
                bulletin::errln!(
                    "left alone: {} was not written by `bulletin man` (remove it to get the page)",
                    path.display()
                );
            }
            left_alone.is_empty()
        }).and_then(|all| if all { Ok(()) } else { Err(std::io::Error::other("some pages were not written")) }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            bulletin::errln!("error: {e}");
            Exit::UsageOrAccess.into()
        }
    }
}

/// The first line of every page: a roff comment that marks it as this command's to replace.
const MARKER: &str = ".\\\" Written by `bulletin man`; `bulletin man --out` replaces it.\n";

/// The page of `cmd`: clap_mangen's sections, with EXIT STATUS, FILES and EXAMPLES before
/// VERSION.
fn page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let man = Man::new(cmd.clone());
    let mut out = MARKER.as_bytes().to_vec();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    if cmd.get_after_help().is_some() || cmd.get_after_long_help().is_some() {
        man.render_extra_section(&mut out)?;
    }
    out.extend(sections::exit_status().as_bytes());
    out.extend(sections::files(&name).as_bytes());
    out.extend(sections::examples(&name).as_bytes());
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    Ok(out)
}

/// Writes the page of `cmd` and of each subcommand; returns the files it left alone.
fn write_pages(cmd: clap::Command, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut left_alone = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        left_alone.extend(write_pages(sub.clone(), dir)?);
    }
    let path = dir.join(Man::new(cmd.clone()).get_filename());
    let bytes = page(cmd)?;
    let written = match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::File::create_new(&path)?.write_all(&bytes)
        }
        Err(e) => Err(e),
        Ok(meta) if meta.is_file() && is_ours(&std::fs::read(&path)?) => {
            std::fs::write(&path, &bytes)
        }
        Ok(_) => {
            left_alone.push(path);
            return Ok(left_alone);
        }
    };
    written.map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
    })?;
    bulletin::outln!("{}", path.display());
    Ok(left_alone)
}

/// Whether `bytes` are a page `bulletin man` wrote: with the marker, or (written before the
/// marker existed) clap_mangen's page titled `bulletin…`.
fn is_ours(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.starts_with(MARKER)
        || text
            .lines()
            .take(3)
            .any(|line| line.starts_with(".TH bulletin"))
}
