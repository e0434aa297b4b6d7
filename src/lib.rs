//! Bulletin: a status-page static-site generator.
//!
//! One pipeline, flowing one way:
//!
//! ```text
//! load (config, content) → validate → derive (status, indexes) → render (theme, feeds) → write (output)
//! ```
//!
//! Each stage lives in its own module; [`build`] strings them together and is the one entry point
//! shared by `bulletin build` and `bulletin check`.

pub mod build;
pub mod config;
pub mod content;
pub mod derive;
pub mod diagnostics;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod time;
pub mod validate;
