//! Fuzz target: a Statuspage document (or, when the bytes are not one, an update body of a
//! small page) through the import's conversion (`import::statuspage`, `import::html`).
//!
//! Checks, besides "never panics" (a stack overflow included: 20,000 nested `<span>` once
//! overflowed the HTML converter's recursion): work linear in the input, names and titles
//! without control or invisible characters, every incident with a timeline in order. The
//! checks are `tests/fixtures/import_contracts.rs`'s.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fixtures/import_contracts.rs"]
#[allow(dead_code)] // This target uses only some of the checks.
mod import_contracts;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = import_contracts::statuspage_converts(data) {
        panic!("{broken}");
    }
});
