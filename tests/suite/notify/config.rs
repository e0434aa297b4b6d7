//! notify.yaml's problems are `bulletin check` errors with file and line, and stop `bulletin
//! notify` before anything is sent; the file never reaches the site; secrets are never
//! printed.

use crate::support::notify::{Receiver, notify};
use crate::support::{TestSite, check_json};

const BAD: &str = "\
targets:
  - name: one
    type: slak
    url_env: SLACK_URL
  - name: two
    type: webhook
    url: not a url
  - name: three
    type: slack
    url_env: BULLETIN_TEST_UNSET_VARIABLE
  - name: four
    type: webhook
    url: https://hooks.test/x
    components: [wechat/logn]
    kinds: [incidents, outages]
";

#[test]
fn each_problem_of_notify_yaml_is_a_check_error_at_its_line() {
    let site = TestSite::standard();
    site.write("notify.yaml", BAD);
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(1), "{diags:#?}");
    let found: Vec<(String, u64, String)> = diags
        .iter()
        .filter(|d| d["file"] == "notify.yaml")
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = [
        ("error", 3, "unknown target type `slak`"),
        ("error", 7, "`not a url` is not an absolute http(s) URL"),
        // Pull requests are checked without the secrets: a warning for check, an error for notify.
        (
            "warning",
            10,
            "environment variable BULLETIN_TEST_UNSET_VARIABLE is not set",
        ),
        (
            "error",
            14,
            "unknown component `wechat/logn` in the filter of target `four`",
        ),
        ("error", 15, "unknown kind `outages`"),
    ];
    for (severity, line, message) in expect {
        assert!(
            found
                .iter()
                .any(|(s, l, m)| s == severity && *l == line && m == message),
            "missing {severity} at line {line}: {message}\nfound: {found:#?}"
        );
    }
    let hint = diags
        .iter()
        .find(|d| d["message"] == "unknown target type `slak`")
        .unwrap();
    assert_eq!(hint["hint"], "did you mean 'slack'?");
    let hint = diags
        .iter()
        .find(|d| d["line"] == 14 && d["file"] == "notify.yaml")
        .unwrap();
    assert_eq!(hint["hint"], "did you mean 'wechat/login'?");
}

#[test]
fn notify_stops_before_sending_anything_when_a_variable_is_missing() {
    let r = Receiver::start();
    let site = TestSite::standard();
    site.write("notify.yaml", &format!(
        "targets:\n  - {{ name: a, type: webhook, url: \"{}\" }}\n  - {{ name: b, type: slack, url_env: BULLETIN_TEST_UNSET_VARIABLE }}\n",
        r.url("/a")
    ));
    let (status, out, err) = notify(site.path(), "2026-11-23 11:00", &["--announce-all"], &[]);
    assert_eq!(status, Some(1), "{out}\n{err}");
    assert!(
        err.contains("environment variable BULLETIN_TEST_UNSET_VARIABLE is not set"),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(r.requests().is_empty());
}

#[test]
fn notify_yaml_is_never_copied_and_secrets_are_never_printed() {
    let secret_url = "https://hooks.slack.test/services/T000/B000/XXXXSECRETXXXX";
    let site = TestSite::standard();
    site.write("incidents/now.md", "---\ntitle: Slow pages\naffected:\n  qq/mail: degraded_performance\n---\nSlow.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking.\n");
    site.write("notify.yaml", "targets:\n  - { name: s, type: slack, url_env: SLACK_URL }\n  - { name: w, type: webhook, url: \"https://hooks.test/x\", secret_env: HOOK_SECRET }\n");
    site.run(&["build"]).ok();
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.unwrap();
        assert_ne!(entry.file_name(), "notify.yaml");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("hooks.test"),
                "{}",
                entry.path().display()
            );
        }
    }
    let env = [
        ("SLACK_URL", secret_url),
        ("HOOK_SECRET", "signing-secret-value"),
    ];
    for format in ["human", "json"] {
        let (status, out, err) = notify(
            site.path(),
            "2026-11-23 11:00",
            &["--dry-run", "--announce-all", "--format", format],
            &env,
        );
        assert_eq!(status, Some(0), "{out}\n{err}");
        assert!(
            out.contains("Slow pages"),
            "the dry run shows the message: {out}"
        );
        assert!(out.contains("$SLACK_URL"), "{out}");
        for secret in ["XXXXSECRETXXXX", "signing-secret-value"] {
            assert!(
                !out.contains(secret) && !err.contains(secret),
                "{format}: {out}\n{err}"
            );
        }
    }
}

/// `bulletin check` (json or human) of a site whose email target's list is `list`.
fn check_with_subscribers(
    site: &TestSite,
    list: &std::path::Path,
    format: &str,
) -> crate::support::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["check", "--format", format, "--root"])
        .arg(site.path())
        .env("SOURCE_DATE_EPOCH", crate::support::NOW_EPOCH)
        .env("NO_COLOR", "1")
        .env("SUBSCRIBERS", list)
        .output()
        .unwrap();
    crate::support::Run {
        status: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn every_bad_subscriber_address_is_a_check_error_at_its_line_and_column() {
    let site = TestSite::standard();
    site.write(
        "notify.yaml",
        "targets:
  - name: mail
    type: email
    smtp: { host: 127.0.0.1, port: 25, security: none }
    from: status@status.test
    subscribers_env: SUBSCRIBERS
",
    );
    let private = tempfile::tempdir().unwrap();
    let list = private.path().join("subscribers.txt");
    std::fs::write(
        &list,
        "# people\nok@example.com\n  no-at-sign.example.com\nAnn <ann@example.com>\nbob@exa_mple..com\n",
    )
    .unwrap();
    let run = check_with_subscribers(&site, &list, "json");
    assert_eq!(run.status, Some(1), "{}\n{}", run.stdout, run.stderr);
    let found: Vec<(String, u64, u64, String)> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["code"] == "notify-subscriber")
        .map(|d| {
            assert_eq!(d["severity"], "error");
            assert!(d["hint"].as_str().unwrap().contains("one address a line"));
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = [
        (
            3,
            3,
            "`no-at-sign.example.com` is not an email address: there is no `@`",
        ),
        (
            4,
            4,
            "`Ann <ann@example.com>` is not an email address: write the bare address, with no name, space or `<>`",
        ),
        (
            5,
            5,
            "`bob@exa_mple..com` is not an email address: the part after `@` is not a valid domain",
        ),
    ];
    let expect: Vec<(String, u64, u64, String)> = expect
        .iter()
        .map(|(l, c, m)| ("$SUBSCRIBERS".to_string(), *l, *c, m.to_string()))
        .collect();
    // All at once; the list's path is a secret: it is named by its variable.
    assert_eq!(found, expect);
    let text = format!("{}{}", run.stdout, run.stderr);
    assert!(!text.contains(private.path().to_str().unwrap()), "{text}");
    // People read the place too.
    let run = check_with_subscribers(&site, &list, "human");
    assert!(
        run.stderr
            .contains("$SUBSCRIBERS:3:3: `no-at-sign.example.com`"),
        "{}",
        run.stderr
    );
}
