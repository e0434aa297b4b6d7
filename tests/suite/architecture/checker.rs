//! The checker itself, on tiny trees held in memory.

use super::{circles, graphs};

fn tree(files: &[(&str, &str)]) -> Vec<String> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect();
    circles(&graphs(&files))
}

#[test]
fn a_circle_between_top_level_modules_is_found_and_named() {
    let found = tree(&[
        (
            "render/mod.rs",
            "pub mod api;\nuse crate::notify::manifest;\n",
        ),
        ("render/api.rs", ""),
        ("notify/mod.rs", "pub mod manifest;\n"),
        (
            "notify/manifest.rs",
            "use crate::{model, render::api::stable_id};\n",
        ),
        ("model.rs", ""),
    ]);
    assert_eq!(
        found,
        [
            "src/: notify → render → notify (notify → render at src/notify/manifest.rs:1; \
          render → notify at src/render/mod.rs:2)"
        ]
    );
}

#[test]
fn a_circle_of_three_siblings_through_super_is_found() {
    let found = tree(&[
        ("notify/mod.rs", "mod run; mod report; mod websub;"),
        ("notify/run.rs", "use super::report::Report;"),
        ("notify/report.rs", "fn f() { super::websub::ping(); }"),
        ("notify/websub.rs", "use crate::notify::run::Outcome;"),
    ]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("src/notify/: report → websub → run → report"),
        "{found:?}"
    );
}

#[test]
fn a_chain_is_not_a_circle() {
    let found = tree(&[
        ("a.rs", "use crate::b::x;"),
        (
            "b/mod.rs",
            "use crate::c; use self::inner::y; pub mod inner;",
        ),
        ("b/inner.rs", "use super::super::c::z; use super::Item;"),
        ("c.rs", ""),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn doc_links_strings_and_unit_tests_do_not_count() {
    let found = tree(&[
        ("a.rs", "//! See [`crate::b`].\nuse crate::b::x;\n"),
        (
            "b.rs",
            "/// Unlike [`crate::a::y`].\nconst S: &str = \"crate::a::y\";\n\
             #[cfg(test)]\nmod tests {\n    use crate::a::y;\n}\n",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
}
