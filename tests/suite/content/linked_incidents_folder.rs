//! An `incidents/` folder that is a symbolic link: followed when it stays inside the site root,
//! refused with a warning (like a linked file) when it leads outside.
#![cfg(unix)]

use std::os::unix::fs::symlink;

use crate::support::*;

fn all_output(site: &TestSite) -> String {
    let bytes: Vec<u8> = snapshot(&site.out())
        .into_iter()
        .flat_map(|f| f.1)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn incidents_folder_linked_outside_the_root_is_refused_with_a_warning() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        GOOD_INCIDENT.replace("Login failures", "SECRET TITLE"),
    )
    .unwrap();
    let site = TestSite::new(CONFIG);
    std::fs::remove_dir(site.path().join("incidents")).unwrap();
    symlink(outside.path(), site.path().join("incidents")).unwrap();

    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "a warning, not an error: {diags:#?}");
    let d = diags
        .iter()
        .find(|d| d["code"] == "symlink-outside-root")
        .unwrap_or_else(|| panic!("warned: {diags:#?}"));
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "incidents");
    assert!(
        d["hint"]
            .as_str()
            .is_some_and(|h| h.contains("move the folder"))
    );
    assert_eq!(diags.len(), 1, "nothing from inside the folder: {diags:#?}");

    site.run(&["build"]).ok();
    assert!(
        !all_output(&site).contains("SECRET TITLE"),
        "the linked folder's incident was built"
    );
    assert!(!site.out().join("incidents/secret").exists());
}

#[test]
fn incidents_folder_linked_inside_the_root_keeps_working() {
    let site = TestSite::new(CONFIG);
    site.write("data/incidents/login.md", GOOD_INCIDENT);
    std::fs::remove_dir(site.path().join("incidents")).unwrap();
    symlink("data/incidents", site.path().join("incidents")).unwrap();

    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "{diags:#?}");
    assert!(diags.is_empty(), "no warnings: {diags:#?}");
    site.run(&["build"]).ok();
    assert!(
        site.read("public/incidents/login/index.html")
            .contains("<h1>Login failures</h1>")
    );
}

#[test]
fn a_dangling_incidents_link_is_reported_not_ignored() {
    let site = TestSite::new(CONFIG);
    std::fs::remove_dir(site.path().join("incidents")).unwrap();
    symlink("no-such-folder", site.path().join("incidents")).unwrap();
    let (diags, _) = check_json(&site);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "symlink-outside-root" && d["file"] == "incidents"),
        "{diags:#?}"
    );
}
