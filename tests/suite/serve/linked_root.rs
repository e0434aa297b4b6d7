//! `bulletin serve` with symbolic links: a `--root` reached through a link, an `incidents/`
//! that links inside the root (followed) or outside it (never loaded).
#![cfg(all(feature = "serve", unix))]

use std::time::{Duration, Instant};

use crate::support::serve::*;
use crate::support::*;

#[test]
fn serve_through_a_symlinked_root_rebuilds_on_edit() {
    let site = TestSite::standard();
    let links = tempfile::tempdir().unwrap();
    let root = links.path().join("site");
    std::os::unix::fs::symlink(site.path(), &root).unwrap();
    let server = Server::start_at(&root, &[]);
    assert!(
        server
            .get("/incidents/login/")
            .body
            .contains("<h1>Login failures</h1>")
    );
    // Saved through the link, as an editor opened on `--root` would.
    std::fs::write(
        root.join("incidents/login.md"),
        GOOD_INCIDENT.replace("Login failures", "Edited through the link"),
    )
    .unwrap();
    server.wait_for("/incidents/login/", "the edit through the link", |r| {
        r.body.contains("Edited through the link")
    });
    // And by its real path.
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("Login failures", "Edited by the real path"),
    );
    server.wait_for("/incidents/login/", "the edit by the real path", |r| {
        r.body.contains("Edited by the real path")
    });
    // A failed rebuild still shows the banner over the last good page.
    site.write("incidents/login.md", "---\ntitle: \"Login fail\n");
    let broken = server.wait_for("/incidents/login/", "the error banner", |r| {
        r.body.contains("bulletin-build-error")
    });
    assert!(broken.body.contains("Edited by the real path"));
}

#[test]
fn serve_rebuilds_when_incidents_is_a_link_inside_the_root() {
    let site = TestSite::new(CONFIG);
    site.write("data/incidents/login.md", GOOD_INCIDENT);
    std::fs::remove_dir(site.path().join("incidents")).unwrap();
    std::os::unix::fs::symlink("data/incidents", site.path().join("incidents")).unwrap();
    let server = Server::start(&site);
    assert!(
        server
            .get("/incidents/login/")
            .body
            .contains("<h1>Login failures</h1>")
    );
    site.write(
        "data/incidents/login.md",
        &GOOD_INCIDENT.replace("Login failures", "Edited in the linked folder"),
    );
    server.wait_for("/incidents/login/", "the edit in the linked folder", |r| {
        r.body.contains("Edited in the linked folder")
    });
}

#[test]
fn serve_never_loads_an_incident_through_a_link_outside_the_root() {
    let outside = tempfile::tempdir().unwrap();
    let site = TestSite::new(CONFIG);
    std::fs::remove_dir(site.path().join("incidents")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("incidents")).unwrap();
    let server = Server::start(&site);
    assert_eq!(server.get("/").status, 200);
    // The watcher may see a file appear in the linked folder; the rebuild must not load it.
    std::fs::write(
        outside.path().join("secret.md"),
        GOOD_INCIDENT.replace("Login failures", "SECRET TITLE"),
    )
    .unwrap();
    let start = Instant::now();
    while server.rebuilds() == 0 && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.rebuilds() > 0, "the watcher saw the new file");
    assert_eq!(server.get("/incidents/secret/").status, 404);
    assert!(!server.get("/").body.contains("SECRET TITLE"));
}
