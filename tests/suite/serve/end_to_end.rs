//! `bulletin serve` end to end: a real server on a free loopback port, real file edits.
#![cfg(feature = "serve")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::serve::*;
use crate::support::*;

#[test]
fn serve_rebuilds_on_edit_keeps_last_good_site_on_error_and_recovers() {
    let site = TestSite::standard();
    let server = Server::start(&site);
    // Serving reads files; reading must not count as a change (no rebuild loop).
    for _ in 0..3 {
        server.get("/");
    }
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        server.rebuilds(),
        0,
        "rebuilt with nothing changed:\n{}",
        server.stdout.lock().unwrap()
    );
    let page = server.get("/incidents/login/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Login failures</h1>"));
    assert!(page.headers.contains("content-type: text/html"));
    assert!(
        page.body.contains("livereload"),
        "live reload is injected into served pages"
    );

    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("Login failures", "Login failures (edited)"),
    );
    server.wait_for("/incidents/login/", "the edit", |r| {
        r.body.contains("Login failures (edited)")
    });

    // A half-typed save: the previous page keeps being served, with the error shown.
    site.write(
        "incidents/login.md",
        "---\ntitle: \"Login fail\naffected:\n",
    );
    let broken = server.wait_for("/incidents/login/", "the error banner", |r| {
        r.body.contains("bulletin-build-error")
    });
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("Login failures (edited)"),
        "last good page is still served"
    );
    assert!(
        broken.body.contains("incidents/login.md"),
        "the banner names the file"
    );

    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("Login failures", "Login recovered"),
    );
    let fixed = server.wait_for("/incidents/login/", "recovery", |r| {
        r.body.contains("Login recovered")
    });
    assert!(
        !fixed.body.contains("bulletin-build-error"),
        "fixing the file clears the banner"
    );

    // Editors save by writing a temporary file and renaming it over the original.
    std::fs::write(
        site.path().join("incidents/.login.md.tmp"),
        GOOD_INCIDENT.replace("Login failures", "Saved by rename"),
    )
    .unwrap();
    std::fs::rename(
        site.path().join("incidents/.login.md.tmp"),
        site.path().join("incidents/login.md"),
    )
    .unwrap();
    server.wait_for("/incidents/login/", "the renamed file", |r| {
        r.body.contains("Saved by rename")
    });

    // A new file appears in the history (the front page lists the last 14 days only); a
    // deleted one goes away.
    site.write(
        "incidents/second.md",
        &GOOD_INCIDENT.replace("Login failures", "Second incident"),
    );
    server.wait_for("/history/", "the new incident", |r| {
        r.body.contains("Second incident")
    });
    std::fs::remove_file(site.path().join("incidents/second.md")).unwrap();
    server.wait_for("/history/", "the deletion", |r| {
        !r.body.contains("Second incident")
    });
    assert_eq!(server.get("/incidents/second/").status, 404);

    assert_eq!(
        server.interrupt(),
        Some(0),
        "Ctrl-C stops the server cleanly"
    );
}

/// How long the tests wait, after the last visible effect of a change, for a rebuild that
/// should not happen: many times the watcher's 30 ms debounce.
const QUIET: Duration = Duration::from_millis(1000);

#[test]
fn serve_turns_a_burst_of_writes_into_exactly_one_rebuild() {
    let site = TestSite::standard();
    let server = Server::start(&site);
    std::thread::sleep(QUIET);
    assert_eq!(server.rebuilds(), 0, "{}", server.said());
    // A `git checkout`: 500 new files and a changed one. The server is paused while they are
    // written, so that however slowly this machine writes them, every event reaches the
    // watcher at once when it resumes (as from a fast checkout); what is tested is that the
    // watcher and the rebuild loop turn that flood into one rebuild. Without the pause, a
    // writer stalled for longer than the debounce (a busy 2-core CI machine) would split
    // the burst, and the count would depend on the machine.
    server.pause();
    for i in 0..500 {
        site.write(
            &format!("incidents/burst-{i:03}.md"),
            &GOOD_INCIDENT.replace("Login failures", &format!("Burst {i}")),
        );
    }
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("Login failures", "Login changed"),
    );
    server.resume();
    // The archive counts the month's incidents: the 500 new ones and the original.
    server.wait_for("/history/", "all 500 files", |r| {
        r.body.contains("501 incidents")
    });
    std::thread::sleep(QUIET);
    assert_eq!(
        server.rebuilds(),
        1,
        "a burst of 501 writes is one rebuild:\n{}",
        server.said()
    );
    assert!(
        server
            .get("/incidents/burst-000/")
            .body
            .contains("<h1>Burst 0</h1>")
            && server
                .get("/incidents/login/")
                .body
                .contains("<h1>Login changed</h1>"),
        "the first and the last file of the burst are served"
    );
}

/// After a save, serve re-renders what shows the changed incident (see
/// `tests/suite/serve/incremental.rs`), not the whole site: the count it prints is what the library's
/// incremental update renders for the same change, far fewer than the site's files.
#[test]
fn serve_re_renders_only_what_shows_a_changed_incident() {
    let site = TestSite::new(CONFIG);
    let features = ["wechat/login", "wechat/pay", "qq/mail"];
    for i in 0..200 {
        let text = GOOD_INCIDENT
            .replace("Login failures", &format!("Incident {i}"))
            .replace("wechat/login", features[i % 3])
            .replace("2023-03-29", &format!("2023-{:02}-10", 1 + i % 12));
        site.write(&format!("incidents/i{i:03}.md"), &text);
    }
    let server = Server::start(&site);
    let mut live = bulletin::serve::live::LiveSite::new(bulletin::build::Options::new(site.path()))
        .expect("the site builds");
    let total = live.files().len();
    site.write(
        "incidents/i042.md",
        &site
            .read("incidents/i042.md")
            .replace("Incident 42", "Incident 42 edited"),
    );
    let expected = live
        .update(&[std::path::PathBuf::from("incidents/i042.md")])
        .expect("the change builds")
        .rendered;
    server.wait_for("/incidents/i042/", "the edit", |r| {
        r.body.contains("Incident 42 edited")
    });
    std::thread::sleep(QUIET);
    let said = server.said();
    let counts: Vec<usize> = said
        .lines()
        .filter_map(|l| {
            l.split(": ")
                .nth(1)?
                .split(" files rendered")
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(
        counts,
        [expected],
        "one rebuild of {expected} files:\n{said}"
    );
    assert!(
        expected * 3 < total,
        "{expected} of {total} files re-rendered for one incident"
    );
}

#[test]
fn serve_serves_only_the_site_with_the_right_content_types() {
    let site = TestSite::standard();
    let server = Server::start(&site);
    for (path, kind) in [
        ("/rss.xml", "application/rss+xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/feed.json", "application/feed+json"),
        ("/api/v2/summary.json", "application/json"),
        ("/maintenance.ics", "text/calendar"),
        ("/badges/status.svg", "image/svg+xml"),
        ("/style.css", "text/css"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.headers.contains(&format!("content-type: {kind}")),
            "{path}: {}",
            r.headers
        );
    }
    for path in [
        "/../bulletin.yaml",
        "/%2e%2e/bulletin.yaml",
        "/bulletin.yaml",
        "/incidents/login.md",
    ] {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(!r.body.contains("base_url"), "{path} leaked a source file");
    }
    let moved = server.get("/incidents/login");
    assert_eq!(moved.status, 308);
    assert!(moved.headers.contains("location: /incidents/login/"));
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    for (path, bytes) in snapshot(&site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("livereload"),
            "{}",
            path.display()
        );
    }
}

/// Reads until the server closes the connection; false if it is still open after a long
/// guard period (which only bounds the test when the server never closes it).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            // Reset by the server: closed too.
            Err(_) => return true,
        }
    }
}

#[test]
fn serve_closes_silent_half_sent_and_idle_connections() {
    let site = TestSite::standard();
    // For tests only: a short header-read timeout instead of the real 10 s.
    let server = Server::start_at(site.path(), &[("BULLETIN_TEST_HEADER_TIMEOUT_MS", "300")]);
    let connect = || TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let silent: Vec<TcpStream> = (0..3).map(|_| connect()).collect();
    let half: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = connect();
            s.write_all(b"GET /incidents/login/ HT").unwrap();
            s
        })
        .collect();
    // A finished request on a kept-alive connection, then nothing more.
    let mut idle = connect();
    write!(idle, "GET /rss.xml HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    for (what, mut stream) in silent
        .into_iter()
        .map(|s| ("silent", s))
        .chain(half.into_iter().map(|s| ("half-sent", s)))
        .chain([("idle keep-alive", idle)])
    {
        assert!(
            closed_by_server(&mut stream),
            "a {what} connection was left open"
        );
    }
    // The server still answers afterwards.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn ctrl_c_exits_while_a_page_listens_for_live_reload() {
    let site = TestSite::standard();
    let server = Server::start(&site);
    // What an open browser tab holds: the live-reload event stream, which never ends.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /_bulletin/livereload/event-stream HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = [0u8; 256];
    let n = stream.read(&mut head).unwrap();
    assert!(
        String::from_utf8_lossy(&head[..n]).contains("text/event-stream"),
        "{}",
        String::from_utf8_lossy(&head[..n])
    );
    assert_eq!(server.interrupt(), Some(0), "Ctrl-C stops the server");
}

/// Opens the live-reload event stream on a new connection and reads its response head.
fn open_stream(port: u16) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /_bulletin/livereload/event-stream HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = [0u8; 512];
    let n = stream.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]).into_owned();
    (stream, head)
}

#[test]
fn serve_caps_live_reload_streams_and_keeps_serving_pages() {
    let site = TestSite::standard();
    // For tests only: a cap of 3 instead of the real 64.
    let server = Server::start_at(site.path(), &[("BULLETIN_TEST_LIVE_RELOAD_CAP", "3")]);
    let mut open: Vec<TcpStream> = (0..3)
        .map(|i| {
            let (stream, head) = open_stream(server.port);
            assert!(head.contains("text/event-stream"), "stream {i}: {head}");
            stream
        })
        .collect();
    // Beyond the cap: a quick refusal, and the connection is closed (its descriptor freed).
    for _ in 0..5 {
        let (mut stream, head) = open_stream(server.port);
        assert!(head.starts_with("HTTP/1.1 503"), "{head}");
        assert!(
            closed_by_server(&mut stream),
            "a refused stream's connection stays open"
        );
    }
    // Pages are served all the while.
    let page = server.get("/incidents/login/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Login failures</h1>"));
    // A page closed frees its place.
    drop(open.pop());
    let start = std::time::Instant::now();
    loop {
        let (stream, head) = open_stream(server.port);
        if head.contains("text/event-stream") {
            open.push(stream);
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "a closed stream's place was never freed: {head}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(open.len(), 3);
}

#[test]
fn serve_listens_on_the_address_given_with_bind() {
    let site = TestSite::standard();
    // Another loopback address (all of 127/8 is loopback on Linux): the server must be
    // there and not on the default 127.0.0.1.
    let server = Server::start_with(site.path(), &["--bind", "127.0.0.2"], &[]);
    assert_eq!(server.host, "127.0.0.2", "{}", server.said());
    let page = server.get("/incidents/login/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Login failures</h1>"));
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "nothing listens on 127.0.0.1:{}",
        server.port
    );
}

#[cfg(target_os = "linux")]
#[test]
fn serve_open_starts_the_browser_on_the_served_address() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::standard();
    // A fake `xdg-open` first on PATH that records what it was asked to open.
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened.txt");
    let fake = bin.path().join("xdg-open");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(site.path(), &["--open"], &[("PATH", &path)]);
    let start = std::time::Instant::now();
    while !record.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "xdg-open was not run:\n{}",
            server.said()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let opened = std::fs::read_to_string(&record).unwrap();
    assert_eq!(
        opened,
        format!("http://127.0.0.1:{}/\n", server.port),
        "one argument: the served address"
    );
    assert_eq!(server.get("/").status, 200, "the address it opened serves");

    // Without --open, no browser.
    std::fs::remove_file(&record).unwrap();
    let quiet = Server::start_with(site.path(), &[], &[("PATH", &path)]);
    assert_eq!(quiet.get("/").status, 200);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!record.exists(), "xdg-open was run without --open");
}
