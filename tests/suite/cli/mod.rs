//! The command line around the pipeline: `init`, the CI recipes it writes, flags, `--version` (src/cmd/).

mod ci_recipes;
mod flags;
mod init;
mod init_settings;
mod man;
mod version;
