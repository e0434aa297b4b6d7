//! What the repository ships: the published crate, workflows and Dockerfile, install.sh.

mod install_script;
mod package;
mod workflows;
