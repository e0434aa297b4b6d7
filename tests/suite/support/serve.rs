//! A real `bulletin serve` on a free loopback port, for the serve tests.

// Support code shared by test crates: `pub` says what it offers them.
#![allow(unreachable_pub)]
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::TestSite;

pub struct Server {
    child: Child,
    /// The address the server announced, e.g. `127.0.0.1`.
    pub host: String,
    pub port: u16,
    pub stdout: Arc<Mutex<String>>,
    /// What the server printed to stderr (diagnostics), shown when a test times out.
    stderr: tempfile::NamedTempFile,
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        Server::start_at(site.path(), &[])
    }

    /// Serves the site at `root` (which may be a link), with extra environment variables.
    pub fn start_at(root: &Path, env: &[(&str, &str)]) -> Server {
        Server::start_with(root, &[], env)
    }

    /// Serves the site at `root` with extra arguments to `serve` and environment variables.
    pub fn start_with(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let logs = tempfile::NamedTempFile::new().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(args)
            .envs(env.iter().copied())
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
                // "Serving <root> on http://<host>:<port>/ (Ctrl-C to stop)"
                if let Some(rest) = line.split("http://").nth(1)
                    && let Some((host, rest)) = rest.rsplit_once(':')
                {
                    let port = rest.split('/').next().unwrap_or("").parse::<u16>();
                    let _ = tx.send((host.to_string(), port.unwrap_or(0)));
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (host, port) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server announced its address");
        Server {
            child,
            host,
            port,
            stdout,
            stderr: logs,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        get_from(&self.host, self.port, path)
    }

    /// Polls `path` until `pred` holds (or fails after 60 s: CI machines can be slow).
    pub fn wait_for(&self, path: &str, what: &str, pred: impl Fn(&Response) -> bool) -> Response {
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

    pub fn rebuilds(&self) -> usize {
        self.stdout.lock().unwrap().matches("rebuild #").count()
    }

    /// Stops the server process (SIGSTOP) until [`Server::resume`]: what happens meanwhile
    /// reaches it all at once when it resumes.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Lets a paused server run again (SIGCONT).
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, which: &str) {
        let status = Command::new("kill")
            .args([which, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {which}");
    }

    /// What the server printed to stdout so far.
    pub fn said(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// Polls stdout until `pred` holds (or fails after 60 s) and returns all of it. A page
    /// is published before the terminal line about it is printed, so a test that has just
    /// seen a page change waits here rather than reading `said` at once.
    pub fn wait_said(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let said = self.said();
            if pred(&said) {
                return said;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for the server to say {what}; it said:\n{said}{}",
                std::fs::read_to_string(self.stderr.path()).unwrap_or_default(),
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn interrupt(mut self) -> Option<i32> {
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

pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

pub fn get(port: u16, path: &str) -> Response {
    get_from("127.0.0.1", port, path)
}

/// GET `path` from the server at `host:port`.
pub fn get_from(host: &str, port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect((host, port)).unwrap();
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
