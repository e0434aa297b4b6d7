//! The issue-form step (src/issue_form/, `bulletin issue-form`): recorded `issues` events
//! turned into exactly the files `new`/`update`/`resolve` write; a payload from outside the
//! repository and hostile payloads refused or neutralised with nothing run; the forms and
//! their workflow as `init --ci github` writes them and `issue-form forms` rewrites them.

mod forms;
mod hostile;

use std::path::{Path, PathBuf};

use crate::support::*;

/// The recorded event `name` (tests/fixtures/issue_form/).
pub(super) fn recorded(name: &str) -> serde_json::Value {
    read_json(&repo().join(format!("tests/fixtures/issue_form/{name}.json")))
}

/// Runs `issue-form apply` on `event` at `now`; returns the run and the reply it wrote.
pub(super) fn apply(site: &TestSite, event: &serde_json::Value, now: &str) -> (Run, String) {
    let tmp = tempfile::tempdir().unwrap();
    let event_path = tmp.path().join("event.json");
    std::fs::write(&event_path, serde_json::to_vec(event).unwrap()).unwrap();
    let reply: PathBuf = tmp.path().join("reply.md");
    let run = site.run(&[
        "issue-form",
        "apply",
        "--event",
        event_path.to_str().unwrap(),
        "--reply",
        reply.to_str().unwrap(),
        "--now",
        now,
    ]);
    let text = std::fs::read_to_string(&reply).unwrap_or_default();
    (run, text)
}

/// The one incident file of `site`.
fn only_incident(site: &Path) -> (String, String) {
    let files: Vec<_> = std::fs::read_dir(site.join("incidents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read_to_string(&files[0]).unwrap())
}

const SLUG: &str = "2026-11-23-payments-failing";

#[test]
fn three_recorded_payloads_write_what_the_commands_write() {
    let by_form = TestSite::new(CONFIG);
    let by_hand = TestSite::new(CONFIG);
    let message = "We are looking into it.\n\n- Card payments fail\n- Refunds are delayed";
    let steps: [(&str, &str, Vec<&str>); 3] = [
        (
            "new",
            "2026-11-23T10:05:00Z",
            vec![
                "new",
                "Payments failing",
                "--affects",
                "wechat/pay=major_outage,qq=major_outage",
                "--status",
                "investigating",
                "-m",
                message,
            ],
        ),
        (
            "update",
            "2026-11-23T10:25:00Z",
            vec![
                "update",
                SLUG,
                "A fix is deployed; payments work again. **QQ** is still slow.",
                "--status",
                "monitoring",
                "--affects",
                "wechat/pay=operational",
            ],
        ),
        (
            "resolve",
            "2026-11-23T10:40:00Z",
            vec!["resolve", SLUG, "Payments work again, for everyone."],
        ),
    ];
    for (name, now, command) in steps {
        let (run, reply) = apply(&by_form, &recorded(name), now);
        run.ok();
        let mut args = command.clone();
        args.extend(["--now", now]);
        by_hand.run(&args).ok();
        assert_eq!(
            only_incident(by_form.path()),
            only_incident(by_hand.path()),
            "after the {name} form"
        );
        assert!(
            reply.contains(&format!("https://status.test/incidents/{SLUG}/")),
            "{reply}"
        );
        by_form
            .run(&["check", "--deny-warnings", "--now", now])
            .ok();
    }
}

#[test]
fn a_payload_from_outside_the_repository_is_refused() {
    let site = TestSite::new(CONFIG);
    let before = snapshot(site.path());
    for association in ["CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "NONE"] {
        let mut event = recorded("new");
        event["issue"]["author_association"] = association.into();
        let (run, reply) = apply(&site, &event, "2026-11-23T10:05:00Z");
        assert_eq!(run.status, Some(1), "{association}: {}", run.stderr);
        assert!(
            reply.contains("is not an owner, member or collaborator"),
            "{reply}"
        );
        assert!(reply.starts_with("Nothing was changed"), "{reply}");
    }
    // Only the form's label being added is acted on, even for a member: not the `opened`
    // that comes with it (the change would be made twice), an edit, or another label.
    for action in ["opened", "edited"] {
        let mut event = recorded("new");
        event["action"] = action.into();
        let (run, _) = apply(&site, &event, "2026-11-23T10:05:00Z");
        assert_eq!(run.status, Some(1), "{action}");
    }
    let mut event = recorded("new");
    event["label"]["name"] = "bug".into();
    let (run, _) = apply(&site, &event, "2026-11-23T10:05:00Z");
    assert_eq!(run.status, Some(1));
    assert_eq!(snapshot(site.path()), before);
}
