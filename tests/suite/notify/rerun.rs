//! Nothing lost, nothing twice: `bulletin notify` killed half-way through (its target hangs
//! on the second delivery), then rerun, has given each event to each target exactly once.
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use std::collections::HashMap;

use crate::support::notify::{Answer, OPEN_INCIDENT, Receiver, command, notify, publish};
use crate::support::{CONFIG, TestSite, build};

const AFTER: &str = "
### 10:30 · identified
A bad deploy.

### 10:40 · monitoring
Rolled back.

## Statements

### 10:45 · WeChat team · [Weibo](https://weibo.com/1)
> Funds are safe.
";

#[test]
fn a_rerun_after_a_kill_delivers_each_event_exactly_once_per_target() {
    let r = Receiver::start();
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", OPEN_INCIDENT);
    site.write(
        "notify.yaml",
        &format!(
            "retry: {{ max_time: 60s, timeout: 30s, first_wait: 10ms }}\ntargets:\n  - {{ name: a, type: webhook, url: \"{}\" }}\n  - {{ name: b, type: slack, url_env: B_URL }}\n",
            r.url("/a")
        ),
    );
    build(site.path(), None, Some("2026-11-23 10:00"));
    publish(site.path(), &site.path().join("prev"));
    site.write("incidents/login.md", &format!("{OPEN_INCIDENT}{AFTER}"));
    let (prev, state) = (site.path().join("prev"), site.path().join("state"));
    let args = [
        "--previous",
        prev.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
    ];
    let env = [("B_URL", r.url("/b"))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();

    // The second delivery never gets an answer: the job is killed while waiting for it.
    r.script(&[Answer::Status(200), Answer::Hang]);
    let mut child = command(site.path(), "2026-11-23 11:00", &args, &env)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    r.wait_for(2);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        r.delivered().len(),
        1,
        "one delivery was complete when the job was killed"
    );

    let (status, out, err) = notify(site.path(), "2026-11-23 11:05", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    // A third run finds nothing left.
    let (status, _, _) = notify(site.path(), "2026-11-23 11:10", &args, &env);
    assert_eq!(status, Some(0));

    let mut per_key: HashMap<(String, String), usize> = HashMap::new();
    for q in r.delivered() {
        let key = q.header("Idempotency-Key").unwrap().to_string();
        *per_key.entry((q.path.clone(), key)).or_default() += 1;
    }
    for path in ["/a", "/b"] {
        let counts: Vec<usize> = per_key
            .iter()
            .filter(|((p, _), _)| p == path)
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(
            counts,
            vec![1; 3],
            "{path}: three events, each delivered once: {per_key:?}"
        );
    }
    // The hung request is sent again with the same idempotency key, so a receiver that saw
    // it can tell.
    let all = r.requests();
    let hung = all
        .iter()
        .find(|q| q.answered.is_none())
        .expect("the hung request");
    let again = all
        .iter()
        .filter(|q| q.header("Idempotency-Key") == hung.header("Idempotency-Key"))
        .count();
    assert_eq!(again, 2);
}
