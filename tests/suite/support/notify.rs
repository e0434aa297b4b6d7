//! Support for the `bulletin notify` tests: a loopback HTTP receiver that records what it is
//! sent and answers as told (200, an error status, or never), and site helpers.

#![allow(unreachable_pub)]
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How the receiver answers one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    /// 200 with this body.
    Json(&'static str),
    /// Read the request, then never answer (until the receiver stops).
    Hang,
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The answer it got (`None`: left hanging).
    pub answered: Option<u16>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

#[derive(Default)]
struct Shared {
    script: VecDeque<Answer>,
    requests: Vec<Request>,
}

/// A receiver on 127.0.0.1, stopped when dropped.
pub struct Receiver {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
}

impl Receiver {
    pub fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (Arc::clone(&shared), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((conn, _)) => {
                        let (s, st) = (Arc::clone(&s), Arc::clone(&st));
                        std::thread::spawn(move || handle(conn, &s, &st));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Receiver { port, shared, stop }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next requests get these answers, in order (then 200).
    pub fn script(&self, answers: &[Answer]) {
        self.shared.lock().unwrap().script = answers.iter().copied().collect();
    }

    pub fn requests(&self) -> Vec<Request> {
        self.shared.lock().unwrap().requests.clone()
    }

    /// Requests that were answered with a 2xx: what was delivered.
    pub fn delivered(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.answered.is_some_and(|s| (200..300).contains(&s)))
            .collect()
    }

    pub fn clear(&self) {
        self.shared.lock().unwrap().requests.clear();
    }

    /// Waits (at most 20 s) until `n` requests have arrived.
    pub fn wait_for(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.requests().len() < n {
            assert!(
                Instant::now() < deadline,
                "only {} of {n} requests arrived",
                self.requests().len()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn handle(mut conn: TcpStream, shared: &Mutex<Shared>, stop: &AtomicBool) {
    conn.set_nonblocking(false).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let answer = shared
        .lock()
        .unwrap()
        .script
        .pop_front()
        .unwrap_or(Answer::Status(200));
    let index = {
        let mut s = shared.lock().unwrap();
        s.requests.push(Request {
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            answered: None,
        });
        s.requests.len() - 1
    };
    match answer {
        Answer::Hang => {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Answer::Status(_) | Answer::Json(_) => {
            let (code, body) = match answer {
                Answer::Json(body) => (200, body.to_string()),
                Answer::Status(code) => {
                    let path = shared.lock().unwrap().requests[index].path.clone();
                    (code, default_body(&path))
                }
                Answer::Hang => unreachable!(),
            };
            let head = format!("HTTP/1.1 {code} X\r\nContent-Length: {}", body.len());
            let reply = format!("{head}\r\nConnection: close\r\n\r\n{body}");
            if conn.write_all(reply.as_bytes()).is_ok() {
                shared.lock().unwrap().requests[index].answered = Some(code);
            }
        }
    }
}

/// What each service answers when all is well: the Chinese robots say so in the body.
fn default_body(path: &str) -> String {
    if path.starts_with("/feishu") {
        r#"{"code":0,"msg":"success"}"#.into()
    } else if path.starts_with("/wecom") || path.starts_with("/dingtalk") {
        r#"{"errcode":0,"errmsg":"ok"}"#.into()
    } else {
        "ok".into()
    }
}

/// Hex HMAC-SHA256, as a receiver checks a webhook's signature (independently of Bulletin's
/// own code: the test links `hmac` itself).
pub fn hmac_hex(key: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Base64 HMAC-SHA256 (DingTalk's and Feishu's signatures).
pub fn hmac_base64(key: &str, message: &str) -> String {
    use base64::Engine;
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Runs `bulletin notify` in `root` with `args`, `now` and `env`; returns (status, stdout,
/// stderr).
pub fn notify(
    root: &std::path::Path,
    now: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Option<i32>, String, String) {
    let mut cmd = command(root, now, args, env);
    let out = cmd.output().expect("run bulletin");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What `notify --dry-run --format json` printed, one request a line, as (event, target,
/// request).
pub fn dry_run_requests(out: &str) -> Vec<(String, String, serde_json::Value)> {
    out.lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}: {l}"))
        })
        .map(|v| {
            let name = |k: &str| v[k].as_str().unwrap().to_string();
            (name("event"), name("target"), v["request"].clone())
        })
        .collect()
}

/// The `bulletin notify` command, not started.
pub fn command(
    root: &std::path::Path,
    now: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"));
    cmd.arg("notify")
        .args(args)
        .arg("--root")
        .arg(root)
        .arg("--now")
        .arg(now);
    cmd.env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// An incident the notify tests open: investigating since 2026-11-23 09:00 (site time),
/// WeChat Login down.
pub const OPEN_INCIDENT: &str = "\
---
title: Login failures
affected:
  wechat/login: major_outage
---
Some users cannot log in.

## Timeline

### 2026-11-23 09:00 · investigating
We are looking into it.
";

/// Copies the built site (`public/`) to `to`, as a deployment would.
pub fn publish(root: &std::path::Path, to: &std::path::Path) {
    let _ = std::fs::remove_dir_all(to);
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(root.join("public")).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Serves `dir` on 127.0.0.1 (GET only; 404 for what is not there).
pub fn serve(dir: std::path::PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let _ = reader.read_line(&mut line);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
            }
            let path = line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/')
                .to_string();
            let mut conn = conn;
            let reply = match std::fs::read(dir.join(&path)) {
                Ok(body) => [
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes(),
                    body,
                ]
                .concat(),
                Err(_) => {
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec()
                }
            };
            let _ = conn.write_all(&reply);
        }
    });
    port
}
