//! The theme compiles beside the checks, the staging folder's set-up and the derive
//! (`Site::beside_theme`): a build still reports a site's content errors alone, then an output
//! folder it may not replace, and its theme's only once both are right.

use crate::support::*;

const BROKEN_TEMPLATE: &str =
    "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n";

#[test]
fn a_build_reports_content_then_output_then_theme_errors() {
    let site = TestSite::standard();
    site.write("templates/index.html", BROKEN_TEMPLATE);
    site.write("incidents/bad.md", "---\ntitle: A\nafected: {}\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("unknown-field"), "{}", run.stderr);
    assert!(!run.stderr.contains("template-syntax"), "{}", run.stderr);
    assert!(!site.out().exists());

    std::fs::remove_file(site.path().join("incidents/bad.md")).unwrap();
    site.write("public/notes.txt", "mine");
    let run = site.run(&["build"]);
    assert_ne!(run.status, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!run.stderr.contains("template-syntax"), "{}", run.stderr);
    assert_eq!(site.read("public/notes.txt"), "mine");

    std::fs::remove_dir_all(site.out()).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("template-syntax"), "{}", run.stderr);
    assert!(!site.out().exists());

    site.write("templates/index.html", "{% extends \"base.html\" %}\n");
    site.run(&["build"]).ok();
    assert!(site.out().join("index.html").exists());
}
