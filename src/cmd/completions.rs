//! `bulletin completions <shell>`: the shell's completion script, generated from the command
//! line definition (clap_complete), so it never falls behind a new flag.

use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> ExitCode {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "bulletin", &mut std::io::stdout());
    ExitCode::SUCCESS
}
