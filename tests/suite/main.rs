//! The integration tests, in one binary (one link of the crate instead of one a file): the real
//! binary on sites built in temporary folders, the library driven in-process, the property
//! tests and the oracle. Modules are named after what they protect and mirror `src/`
//! (`validate/`, `render/feeds.rs`, `notify/`, …), so `cargo test --test suite notify::` runs
//! what guards src/notify/ (tests/mutants.sh selects tests this way). Everything they share is
//! in `support/`. docs/testing.md describes the suite.

mod architecture;
mod authoring;
mod build;
mod cli;
mod content;
mod derive;
mod diagnostics;
mod history;
mod import;
mod issue_form;
mod markdown;
mod notify;
mod oracle;
mod output;
mod properties;
mod release;
mod render;
mod serve;
mod site_file;
mod support;
mod terminal;
mod uptime;
mod validate;
