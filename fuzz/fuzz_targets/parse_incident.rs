//! Fuzz target: one incident file's text, through the same stages `bulletin check` runs on it.
//!
//! Arbitrary bytes are read as UTF-8 (invalid sequences become U+FFFD, as a lossy reader
//! would), parsed as an incident file (front matter and body) against a fixed config, then
//! validated, and, when nothing is wrong, derived into site state as `bulletin build` would.
//!
//! Besides "never panics" it checks one contract: `content::parse` either returns an
//! incident or reports at least one error. The site and the check are the property tests'
//! (`tests/fixtures/contracts.rs`), so both search for the same failures.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fixtures/contracts.rs"]
#[allow(dead_code)] // This target uses only some of the checks.
mod contracts;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(broken) = contracts::parse_is_total(&text) {
        panic!("{broken}");
    }
});
