//! How problems are reported: the human report, GitHub annotations (src/diagnostics/).

mod github_paths;
mod report;
mod wording;
