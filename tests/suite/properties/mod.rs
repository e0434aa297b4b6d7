//! Property tests for the incident file format (docs/format.md).
//!
//! 1. Round trip: generated incidents, written out in the documented format (with its
//!    variations: bare `HH:MM`, `~`, RFC 3339 offsets, `·`/`|`/`-` separators, status spellings,
//!    quoted titles, flow or block `affected`, link channels…), parse back to exactly what was
//!    generated, with no error from the parser or from validation.
//! 2. Robustness: `content::parse` never panics, whatever the text, and either returns an
//!    incident or reports at least one error. Validation (and deriving, when validation
//!    passes) never panics on what it returns.
//!
//! 256 cases per property by default; `PROPTEST_CASES=10000 cargo test --test suite properties::`
//! runs more. See docs/fuzzing.md.
//!
//! The generators live beside this file (`generate`, `words`: what is generated; `write`: the file
//! text and what it must parse to; `round_trip`: the same incidents written by the format's
//! writer, `bulletin::content::write`; `mutate`, `nesting`: edits and bodies for the robustness
//! properties). The site and the checks shared with the fuzz targets are in
//! `tests/fixtures/contracts.rs`.

mod generate;
mod mutate;
mod nesting;
mod round_trip;
mod words;
mod write;

use std::path::Path;

use bulletin::content;
use bulletin::limits::MAX_NESTING;
use bulletin::validate;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::support::contracts::{FILE, NOW, SITE, parse_is_total, rendering_is_bounded};
use crate::support::html_depth::html_depth;
use generate::incident;
use mutate::{mutate, mutation};
use nesting::nesting_body;
use write::{Expected, render};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Failures print the minimal input; no regression files are written into tests/.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config())]

    /// Every generated incident parses back to what was generated, and passes validation.
    #[test]
    fn generated_incidents_parse_back(g in incident()) {
        let (text, want) = render(&g);
        let (incident, problems) = content::parse(&SITE, Path::new(FILE), &text);
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "parse errors {errors:#?}\n--- file ---\n{text}");
        let incident = incident.expect("no errors, so an incident");
        prop_assert_eq!(&incident.slug, "generated");
        let got = Expected::of(&incident);
        prop_assert_eq!(&got, &want, "--- file ---\n{}", text);
        let checked = validate::validate(&SITE, std::slice::from_ref(&incident), *NOW);
        prop_assert!(
            !checked.has_errors(),
            "validation errors {:#?}\n--- file ---\n{}",
            checked.iter().filter(|d| d.is_error()).collect::<Vec<_>>(),
            text
        );
    }

    /// Any text at all: no panic; an incident or an error.
    #[test]
    fn parse_never_panics_on_any_text(text in "(?s).{0,400}") {
        parse_is_total(&text).map_err(TestCaseError::fail)?;
    }

    /// Text that starts like an incident file, then anything.
    #[test]
    fn parse_never_panics_after_front_matter(
        yaml in "(?s).{0,120}",
        body in "(?s)(## |### |.){0,300}",
    ) {
        parse_is_total(&format!("---\n{yaml}\n---\n{body}")).map_err(TestCaseError::fail)?;
        parse_is_total(&format!("---\ntitle: x\n---\n## Timeline\n### {body}"))
            .map_err(TestCaseError::fail)?;
    }

    /// Valid files with bytes inserted, deleted, replaced and lines duplicated or removed,
    /// read as the fuzz target does (invalid UTF-8 replaced).
    #[test]
    fn parse_never_panics_on_mutated_files(
        g in incident(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let (text, _) = render(&g);
        let bytes = mutate(&text, &mutations);
        parse_is_total(&String::from_utf8_lossy(&bytes)).map_err(TestCaseError::fail)?;
    }
}

/// The reference incident of docs/format.md parses as that document says.
#[test]
fn reference_incident_parses() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("incidents/2023-03-29-wechat-qq-outage.md"),
    )
    .unwrap();
    let (incident, problems) = content::parse(&SITE, Path::new(FILE), &text);
    assert!(!problems.iter().any(|d| d.is_error()), "{problems:#?}");
    let incident = incident.unwrap();
    assert_eq!(incident.updates.len(), 4);
    assert!(incident.updates[0].time.approximate);
    assert_eq!(incident.statements.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Bounded rendering (docs/limits.md)
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config())]

    /// Random nesting and repetition: either a cap's diagnostic with its place, or HTML no
    /// larger than a linear bound of the text and no deeper than the cap, and plain text
    /// no larger than the text, with no tag-like run left.
    #[test]
    fn rendering_is_linear_in_the_text(body in nesting_body()) {
        // Within the caps, the checks the fuzz target makes, then the depth of the HTML.
        let Some(html) = rendering_is_bounded(&body).map_err(TestCaseError::fail)? else {
            return Ok(());
        };
        // The sanitiser adds html and body around what it parses, and tbody inside tables.
        prop_assert!(
            html_depth(&html) <= MAX_NESTING + 4,
            "depth {}:\n{body}", html_depth(&html)
        );
    }
}

/// The generators' component references are exactly the shared site's components: a fixture
/// edited for the fuzz targets must not leave the generators naming components it lacks.
#[test]
fn generated_references_are_the_sites_components() {
    let count: usize = SITE.products.iter().map(|p| 1 + p.features.len()).sum();
    assert_eq!(generate::REFS.len(), count);
    for reference in generate::REFS {
        assert!(SITE.resolve(reference).is_some(), "{reference}");
    }
}
