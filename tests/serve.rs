//! `bulletin serve` end to end: a real server on a free loopback port, real file edits.
#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    /// What the server printed to stderr (diagnostics), shown when a test times out.
    stderr: tempfile::NamedTempFile,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let logs = tempfile::NamedTempFile::new().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(logs.reopen().unwrap()))
            .spawn()
            .unwrap();
        let stdout = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = BufReader::new(child.stdout.take().unwrap());
        let sink = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let _ = tx.send(
                        rest.trim_end_matches(|c: char| !c.is_ascii_digit())
                            .split('/')
                            .next()
                            .unwrap_or("")
                            .parse::<u16>()
                            .unwrap_or(0),
                    );
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server announced its address");
        Server {
            child,
            port,
            stdout,
            stderr: logs,
        }
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// Polls `path` until `pred` holds (or fails after 60 s: CI machines can be slow).
    fn wait_for(&self, path: &str, what: &str, pred: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if pred(&r) {
                return r;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}; server said:\n{}{}\nlast body:\n{}",
                self.stdout.lock().unwrap(),
                std::fs::read_to_string(self.stderr.path()).unwrap_or_default(),
                r.body
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn rebuilds(&self) -> usize {
        self.stdout.lock().unwrap().matches("rebuild #").count()
    }

    fn interrupt(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = head.to_ascii_lowercase();
    let body = if headers.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_string()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].strip_prefix("\r\n").unwrap_or(&rest[n..]);
    }
    out
}

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

    // A new file appears on the front page; a deleted one goes away.
    site.write(
        "incidents/second.md",
        &GOOD_INCIDENT.replace("Login failures", "Second incident"),
    );
    server.wait_for("/", "the new incident", |r| {
        r.body.contains("Second incident")
    });
    std::fs::remove_file(site.path().join("incidents/second.md")).unwrap();
    server.wait_for("/", "the deletion", |r| !r.body.contains("Second incident"));
    assert_eq!(server.get("/incidents/second/").status, 404);

    assert_eq!(
        server.interrupt(),
        Some(0),
        "Ctrl-C stops the server cleanly"
    );
}

#[test]
fn serve_coalesces_a_burst_of_writes_into_few_rebuilds() {
    let site = TestSite::standard();
    let server = Server::start(&site);
    let before = server.rebuilds();
    for i in 0..500 {
        site.write(
            &format!("incidents/burst-{i:03}.md"),
            &GOOD_INCIDENT.replace("Login failures", &format!("Burst {i}")),
        );
    }
    // The archive counts the month's incidents: the 500 new ones and the original.
    server.wait_for("/history/", "all 500 files", |r| {
        r.body.contains("501 incidents")
    });
    let page = server.get("/incidents/burst-000/");
    assert!(
        page.body.contains("<h1>Burst 0</h1>"),
        "the first file of the burst is there"
    );
    std::thread::sleep(Duration::from_millis(300));
    let rebuilds = server.rebuilds() - before;
    assert!(
        (1..=25).contains(&rebuilds),
        "500 writes caused {rebuilds} rebuilds"
    );
}

#[test]
fn serve_serves_only_the_site_with_the_right_content_types() {
    let site = TestSite::standard();
    let server = Server::start(&site);
    for (path, kind) in [
        ("/rss.xml", "application/xml"),
        ("/atom.xml", "application/xml"),
        ("/feed.json", "application/json"),
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
