//! Bulletin: a status-page static-site generator.
//!
//! One pipeline, flowing one way:
//!
//! ```text
//! load (config, content) → validate → derive (status, indexes) → render (theme, feeds) → write (output)
//! ```
//!
//! Each stage lives in its own module; [`site::Site`] is the session that runs them, driven
//! once by [`build`] (`bulletin build` and `bulletin check`) and kept alive by
//! [`serve::live`] (`bulletin serve`).

// Functions stay under 60 lines (clippy.toml): past that, split along the jobs.
#![warn(clippy::too_many_lines)]
// Diagnostics are the error type of most stages: they are built only on the error path, and
// boxing them would add noise to every signature for no measurable gain.
#![allow(clippy::result_large_err)]
// Nothing is printed but through `terminal`, which escapes what input put in a message.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Built without one of the default features (`serve`, `notify-send`, `import-fetch`), the code
// only that feature calls is unused. Dead code is still found by the full build, which CI's
// `cargo clippy --all-targets -- -D warnings` checks.
#![cfg_attr(
    not(all(feature = "serve", feature = "notify-send", feature = "import-fetch")),
    allow(dead_code, unused_imports)
)]

/// This Bulletin's version, which pages and the API name when `show_generator` is on. Only
/// the version: the commit (`bulletin --version`) would make builds of the same site differ
/// from one commit of Bulletin to the next.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod authoring;
pub mod build;
pub mod config;
pub mod content;
pub mod derive;
pub mod diagnostics;
pub mod events;
pub mod history;
#[cfg(any(feature = "notify-send", feature = "import-fetch"))]
pub mod http_client;
pub mod i18n;
pub mod ids;
pub mod import;
pub mod issue_form;
pub mod json;
pub mod limits;
pub mod markdown;
pub mod model;
pub mod notify;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod site_file;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod time;
pub mod uptime;
pub mod urls;
pub mod validate;
pub mod yaml;
