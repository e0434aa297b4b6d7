//! Fuzz target: one incident body's Markdown, through the caps on the work it may cause
//! (`content::limits`, docs/limits.md) and, when it is within them, through rendering.
//!
//! Checks, besides "never panics":
//! - a body over a cap gets an error with a line and a column;
//! - a body within the caps renders to no more HTML than `limits::html_limit` allows (linear
//!   in its size), and to plain text no larger than twice its size, with no tag-like run
//!   (`<` then a letter, `/`, `!` or `?`) left in the plain text.
//!
//! The checks are the property tests' (`tests/fixtures/contracts.rs`).
//!
//! A timeout here (libFuzzer's `-timeout`) is a finding too: rendering must stay linear.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fixtures/contracts.rs"]
#[allow(dead_code)] // This target uses only some of the checks.
mod contracts;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    if let Err(broken) = contracts::rendering_is_bounded(&body) {
        panic!("{broken}");
    }
});
