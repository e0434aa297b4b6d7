//! A site's own static file at the path of a file the build generates (`static/index.html`,
//! `static/feed.xml`, a page of an incident) replaces the generated one, as README says of
//! `static/`: the build writes that path once, with the site's bytes, so which of the two a
//! reader gets never depends on which thread wrote last.

use std::collections::BTreeMap;

use crate::support::*;
use bulletin::build::{self, Clock, Options};

#[test]
fn a_static_file_replaces_the_generated_file_at_its_path_and_the_path_is_written_once() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", GOOD_INCIDENT);
    let ours = [
        "index.html",
        "feed.xml",
        "incidents/login/index.html",
        "api/v2/status.json",
    ];
    for path in ours {
        site.write(&format!("static/{path}"), &format!("ours: {path}\n"));
    }
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(site.path())
    };
    let checked = build::check(&options).expect("the site checks");
    let (_, files) = build::render_to_memory(checked).expect("the site renders");
    let mut written: BTreeMap<&str, Vec<&[u8]>> = BTreeMap::new();
    for file in &files {
        written.entry(&file.path).or_default().push(&file.bytes);
    }
    let twice: Vec<&str> = (written.iter())
        .filter(|(_, bytes)| bytes.len() > 1)
        .map(|(path, _)| *path)
        .collect();
    assert!(twice.is_empty(), "paths written more than once: {twice:?}");
    for path in ours {
        assert_eq!(
            written[path],
            [format!("ours: {path}\n").as_bytes()],
            "{path}"
        );
    }
    // The generated files at other paths are still there.
    for path in ["rss.xml", "history/index.html", "api/v2/summary.json"] {
        assert!(written.contains_key(path), "{path}");
    }
}
