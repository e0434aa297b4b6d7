//! Mail through a real SMTP server (aiosmtpd, started and stopped here on 127.0.0.1): one
//! mail per subscriber, in the site's language (a Chinese site), with a UTF-8 subject, a text
//! and an HTML part and `List-Unsubscribe`; parsed by Python's email package.
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::notify::{notify, publish};
use crate::support::{TestSite, build};

const CONFIG: &str = "\
title: 微信状态
base_url: https://status.test/
language: zh-CN
timezone: Asia/Shanghai
products:
  - id: wechat
    name: 微信
    features:
      - id: login
        name: 登录
";

const INCIDENT: &str = "\
---
title: 微信无法登录
affected:
  wechat/login: major_outage
---
部分用户无法登录。

## Timeline

### 2026-11-23 09:00 · investigating
正在调查。
";

const UPDATE: &str = "
### 10:30 · identified
Affects: wechat/login=partial_outage
已定位：不到 <1% 的请求 & 配置 > 错误，正在回滚。
";

/// aiosmtpd on a free port, writing what it receives to `out`; stopped when dropped.
struct SmtpSink {
    child: Child,
    port: u16,
}

impl SmtpSink {
    fn start(out: &Path, login: Option<&str>) -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("python3")
            .arg(crate::support::repo().join("tests/tools/smtp_sink.py"))
            .arg(port.to_string())
            .arg(out)
            .args(login)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 (tests need it: see tests/requirements.txt)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() != "ready" {
            let status = child.wait().unwrap();
            panic!(
                "the SMTP server did not start ({status}); install aiosmtpd: python3 -m pip install -r tests/requirements.txt"
            );
        }
        SmtpSink { child, port }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The parsed mails, waiting (at most 20 s) until `n` have arrived.
fn mails(out: &Path, n: usize) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut found: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        if found.len() >= n || Instant::now() > deadline {
            found.sort();
            return found.iter().map(|p| crate::support::read_json(p)).collect();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn each_subscriber_gets_one_multipart_mail_in_chinese() {
    let received = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(received.path(), None);
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", INCIDENT);
    // The subscriber list lives outside the site (and the repository).
    let private = tempfile::tempdir().unwrap();
    let list = private.path().join("subscribers.txt");
    std::fs::write(&list, "# people\na@example.com\n\nb@example.com\n").unwrap();
    site.write(
        "notify.yaml",
        &format!(
            "retry: {{ max_time: 10s, timeout: 5s, first_wait: 10ms }}
targets:
  - name: mail
    type: email
    smtp: {{ host: 127.0.0.1, port: {}, security: none }}
    from: \"微信状态 <status@status.test>\"
    subscribers_env: SUBSCRIBERS
    unsubscribe_url: https://status.test/unsubscribe?email={{email}}
",
            sink.port
        ),
    );
    build(site.path(), None, Some("2026-11-23 10:00"));
    publish(site.path(), &site.path().join("prev"));
    site.write("incidents/login.md", &format!("{INCIDENT}{UPDATE}"));
    let (prev, state) = (site.path().join("prev"), site.path().join("state"));
    let args = [
        "--previous",
        prev.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
    ];
    let env = [("SUBSCRIBERS", list.to_str().unwrap())];
    let (status, out, err) = notify(site.path(), "2026-11-23 11:00", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let got = mails(received.path(), 2);
    assert_eq!(got.len(), 2, "{got:#?}");
    let to: Vec<&str> = got.iter().map(|m| m["to"].as_str().unwrap()).collect();
    assert!(
        to.contains(&"a@example.com") && to.contains(&"b@example.com"),
        "{to:?}"
    );
    for m in &got {
        assert_eq!(
            m["subject"],
            "[微信状态] 已定位：微信无法登录 (微信 · 登录)"
        );
        assert_eq!(m["content_type"], "multipart/alternative");
        assert_eq!(m["content_language"], "zh-CN");
        let text = m["text"].as_str().unwrap();
        assert!(text.contains("微信 · 登录: 严重中断 → 部分中断"), "{text}");
        assert!(text.contains("不到 <1% 的请求 & 配置 > 错误"), "{text}");
        let html = m["html"].as_str().unwrap();
        assert!(html.contains("lang=\"zh-CN\""), "{html}");
        assert!(
            html.contains("不到 &lt;1% 的请求 &amp; 配置 &gt; 错误"),
            "{html}"
        );
        let address = m["to"].as_str().unwrap().replace('@', "%40");
        assert_eq!(
            m["list_unsubscribe"].as_str().unwrap(),
            format!("<https://status.test/unsubscribe?email={address}>")
        );
    }
    // The record is per subscriber and holds no address.
    let record = std::fs::read_to_string(state.join("notify-state.json")).unwrap();
    assert!(!record.contains("example.com"), "{record}");
    // Nothing twice.
    let (status, _, _) = notify(site.path(), "2026-11-23 11:05", &args, &env);
    assert_eq!(status, Some(0));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(mails(received.path(), 2).len(), 2, "no mail is sent twice");
}

#[test]
fn smtp_credentials_come_from_the_environment_and_a_refusal_is_not_retried() {
    let received = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(received.path(), Some("status:pa55word"));
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", INCIDENT);
    let private = tempfile::tempdir().unwrap();
    let list = private.path().join("subscribers.txt");
    std::fs::write(&list, "a@example.com\n").unwrap();
    site.write("notify.yaml", &format!(
        "retry: {{ max_time: 10s, timeout: 5s, first_wait: 10ms }}
targets:
  - name: mail
    type: email
    smtp: {{ host: 127.0.0.1, port: {}, security: none, username_env: SMTP_USER, password_env: SMTP_PASSWORD }}
    from: status@status.test
    subscribers_env: SUBSCRIBERS
", sink.port));
    let state = site.path().join("state");
    let args = ["--announce-all", "--state", state.to_str().unwrap()];
    let list = list.to_str().unwrap();
    // A wrong password: the server refuses for good (535); reported at once, nothing recorded.
    let env = [
        ("SUBSCRIBERS", list),
        ("SMTP_USER", "status"),
        ("SMTP_PASSWORD", "wrong"),
    ];
    let (status, out, err) = notify(site.path(), "2026-11-23 11:00", &args, &env);
    assert_eq!(status, Some(1), "{out}\n{err}");
    assert!(
        out.contains("rejected") && out.contains("after 1 attempt(s)"),
        "{out}"
    );
    assert!(
        !out.contains("wrong") && !err.contains("wrong"),
        "the password is never printed"
    );
    // The right one: delivered, as the user the environment names.
    let env = [
        ("SUBSCRIBERS", list),
        ("SMTP_USER", "status"),
        ("SMTP_PASSWORD", "pa55word"),
    ];
    let (status, out, err) = notify(site.path(), "2026-11-23 11:00", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let got = mails(received.path(), 1);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["login"], "status");
}

#[test]
fn a_resent_mail_has_the_same_message_id_and_a_correction_a_new_one() {
    let received = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(received.path(), None);
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", &format!("{INCIDENT}{UPDATE}"));
    let private = tempfile::tempdir().unwrap();
    let list = private.path().join("subscribers.txt");
    std::fs::write(&list, "a@example.com\n").unwrap();
    site.write(
        "notify.yaml",
        &format!(
            "retry: {{ max_time: 10s, timeout: 5s, first_wait: 10ms }}
targets:
  - name: mail
    type: email
    smtp: {{ host: 127.0.0.1, port: {}, security: none }}
    from: status@status.test
    subscribers_env: SUBSCRIBERS
",
            sink.port
        ),
    );
    let state = site.path().join("state");
    let args = ["--announce-all", "--state", state.to_str().unwrap()];
    let env = [("SUBSCRIBERS", list.to_str().unwrap())];
    let ids = |n: usize| -> Vec<String> {
        mails(received.path(), n)
            .iter()
            .map(|m| m["message_id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let (status, out, err) = notify(site.path(), "2026-11-23 11:00", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let first = ids(2);
    assert_eq!(first.len(), 2, "{first:?}");
    for id in &first {
        assert!(
            id.starts_with("<bulletin-") && id.ends_with("@status.test>"),
            "{id}"
        );
    }
    assert_ne!(first[0], first[1], "two events, two mails");
    // The job is killed after sending, before its record is saved: the rerun sends the same
    // mails again, and the receiver can tell them by their Message-ID.
    std::fs::remove_dir_all(&state).unwrap();
    let (status, out, err) = notify(site.path(), "2026-11-23 11:05", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let again = ids(4);
    assert_eq!(again[2..], first[..], "a resend keeps its Message-ID");
    // A corrected update is a new mail.
    let corrected = UPDATE.replace("正在回滚", "已回滚");
    site.write("incidents/login.md", &format!("{INCIDENT}{corrected}"));
    let (status, out, err) = notify(site.path(), "2026-11-23 11:10", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let all = ids(5);
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(
        !first.contains(&all[4]),
        "a correction has its own id: {all:?}"
    );
}

#[test]
fn a_bad_subscriber_address_is_named_with_its_line_and_the_others_get_their_mail() {
    let received = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(received.path(), None);
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", INCIDENT);
    let private = tempfile::tempdir().unwrap();
    let list = private.path().join("subscribers.txt");
    std::fs::write(&list, "a@example.com\n# a typo:\nb.example.com\n").unwrap();
    site.write(
        "notify.yaml",
        &format!(
            "retry: {{ max_time: 10s, timeout: 5s, first_wait: 10ms }}
targets:
  - name: mail
    type: email
    smtp: {{ host: 127.0.0.1, port: {}, security: none }}
    from: status@status.test
    subscribers_env: SUBSCRIBERS
",
            sink.port
        ),
    );
    let state = site.path().join("state");
    let args = ["--announce-all", "--state", state.to_str().unwrap()];
    let env = [("SUBSCRIBERS", list.to_str().unwrap())];
    let (status, out, err) = notify(site.path(), "2026-11-23 11:00", &args, &env);
    assert_eq!(status, Some(1), "{out}\n{err}");
    let got = mails(received.path(), 1);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["to"], "a@example.com");
    let said = "`b.example.com` (line 3 of $SUBSCRIBERS) is not an email address: there is no `@`";
    assert!(out.contains(said), "{out}\n{err}");
    // Said once more, up front, with the others, as `bulletin check` says it.
    assert!(err.contains("$SUBSCRIBERS:3:1"), "{err}");
    assert!(!format!("{out}{err}").contains(private.path().to_str().unwrap()));
}
