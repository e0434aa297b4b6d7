//! Fuzz target: one cState issue file (front matter, updates ending in `track` shortcodes)
//! through the import's conversion (`import::cstate`).
//!
//! Checks, besides "never panics" (a stack overflow included: 100,000 shortcodes once
//! overflowed a recursion): work linear in the input, a title without control or invisible
//! characters, a timeline in order. The checks are `tests/fixtures/import_contracts.rs`'s.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fixtures/import_contracts.rs"]
#[allow(dead_code)] // This target uses only some of the checks.
mod import_contracts;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = import_contracts::cstate_converts(data) {
        panic!("{broken}");
    }
});
