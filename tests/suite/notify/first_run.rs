//! A first dry run teaches (issue 27): it says what it found and how to announce it, lists a
//! target whose variable is unset as skipped with the variable's name, and a `--previous`
//! that is not there is an error unless `--previous-optional`.

use crate::support::notify::{OPEN_INCIDENT, notify};
use crate::support::{CONFIG, TestSite};

const NOW: &str = "2026-11-23 11:00";

fn site() -> TestSite {
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", OPEN_INCIDENT);
    site.write(
        "notify.yaml",
        "targets:\n  - { name: hooks, type: webhook, url: \"http://127.0.0.1:9/hook\" }\n  - { name: chat, type: slack, url_env: SLACK_URL }\n",
    );
    site
}

#[test]
fn a_first_dry_run_explains_what_it_found_and_how_to_announce_it() {
    let site = site();
    let (status, out, err) = notify(site.path(), NOW, &["--dry-run"], &[]);
    assert_eq!(status, Some(0), "{out}\n{err}");
    assert!(
        err.contains("first run: 1 destination(s) have no delivery record and no previous site was given (--previous), so the 1 event(s) found count as already announced and none is sent."),
        "{err}"
    );
    for way in [
        "--announce-all",
        "--previous <its URL or folder>",
        "--state DIR",
    ] {
        assert!(err.contains(way), "{way}: {err}");
    }
    // Asked to announce, it is no first run to explain.
    let (_, out, err) = notify(site.path(), NOW, &["--dry-run", "--announce-all"], &[]);
    assert!(!err.contains("first run"), "{err}");
    assert!(out.contains("would send to hooks"), "{out}");
}

#[test]
fn a_target_whose_variable_is_unset_is_listed_as_skipped_with_its_name() {
    let site = site();
    let (status, out, err) = notify(site.path(), NOW, &["--dry-run", "--announce-all"], &[]);
    assert_eq!(status, Some(0), "{out}\n{err}");
    assert!(
        out.contains("skipped  chat: environment variable SLACK_URL not set"),
        "{out}"
    );
    let (_, out, _) = notify(
        site.path(),
        NOW,
        &["--dry-run", "--announce-all", "--format", "json"],
        &[],
    );
    let skipped: Vec<&str> = out.lines().filter(|l| l.contains("\"skipped\"")).collect();
    assert_eq!(
        skipped,
        [r#"{"result":"skipped","target":"chat","variables":["SLACK_URL"]}"#],
        "{out}"
    );
    // With the variable set, nothing is skipped.
    let (_, out, _) = notify(
        site.path(),
        NOW,
        &["--dry-run", "--announce-all"],
        &[("SLACK_URL", "https://hooks.slack.test/x")],
    );
    assert!(!out.contains("skipped"), "{out}");
}

#[test]
fn a_previous_that_is_not_there_is_an_error_unless_it_may_be_missing() {
    let site = site();
    let missing = site.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    let (status, out, err) = notify(site.path(), NOW, &["--dry-run", "--previous", missing], &[]);
    assert_eq!(status, Some(2), "{out}\n{err}");
    assert!(err.contains("--previous-optional"), "{err}");
    assert!(!out.contains("would send"), "{out}");

    let args = ["--dry-run", "--previous", missing, "--previous-optional"];
    let (status, out, err) = notify(site.path(), NOW, &args, &[]);
    assert_eq!(status, Some(0), "{out}\n{err}");
    assert!(
        err.contains(&format!(
            "the previous site (--previous {missing}) has published nothing yet"
        )),
        "{err}"
    );
}
