//! The report's words and the bytes of its lines.

use super::*;

/// docs/notify.md lists every `result` word a JSON line can hold (tests/suite/notify/json_report.rs
/// holds real runs to the whole list; an unsavable record is hard to make there).
#[test]
fn every_result_word_is_documented() {
    let doc = include_str!("../../../docs/notify.md");
    let item = doc
        .lines()
        .skip_while(|l| !l.starts_with("  - `result`:"))
        .take_while(|l| !l.starts_with("  - `attempts`"))
        .collect::<Vec<_>>()
        .join(" ");
    for v in Verdict::ALL {
        assert!(
            item.contains(&format!("`{}`", v.word())),
            "{}: {item}",
            v.word()
        );
    }
}

/// The lines are the bytes they were when they were built as `serde_json` maps (keys in
/// order, absent ones left out, a mail without unsubscribe URL showing `null`).
#[test]
fn lines_keep_their_bytes() {
    use crate::notify::diff::Novelty;
    let json = |line: &Line| serde_json::to_string(line).unwrap();
    let event = About::Event {
        id: "update:login#1",
        novelty: Novelty::Correction,
    };
    let head = Head {
        target: "ops",
        about: &event,
    };
    let failed = Line {
        attempts: Some(2),
        error: Some("HTTP 503"),
        ..Line::about(head, Verdict::Failed)
    };
    assert_eq!(
        json(&failed),
        r#"{"attempts":2,"error":"HTTP 503","event":"update:login#1","novelty":"correction","result":"failed","target":"ops"}"#
    );
    let feed = About::Feed("https://s.test/atom.xml".into());
    let sent = Line {
        attempts: Some(1),
        ..Line::about(
            Head {
                target: "hub",
                about: &feed,
            },
            Verdict::Sent,
        )
    };
    assert_eq!(
        json(&sent),
        r#"{"attempts":1,"feed":"https://s.test/atom.xml","result":"sent","target":"hub"}"#
    );
    let state = Line {
        error: Some("disk full"),
        result: Verdict::StateError.word(),
        ..Line::default()
    };
    assert_eq!(
        json(&state),
        r#"{"error":"disk full","result":"state-error"}"#
    );
}

#[test]
fn dry_run_requests_keep_their_bytes() {
    use crate::notify::config::Secret;
    use crate::notify::targets::{AnswerRule, HttpRequest, Mail};
    let json = |line: &Line| serde_json::to_string(line).unwrap();
    let feed = About::Feed("https://s.test/atom.xml".into());
    let head = Head {
        target: "hub",
        about: &feed,
    };
    let post = Outgoing::Http(HttpRequest {
        url: Secret {
            value: "https://hooks.test/SECRET".into(),
            shown: "$HOOK".into(),
        },
        content_type: "application/json",
        headers: vec![("Idempotency-Key".into(), "k".into())],
        body: r#"{"text":"hi","a":1}"#.into(),
        answer: AnswerRule::Status,
    });
    let dry = Line {
        request: Some(Request::of(&post)),
        ..Line::about(head, Verdict::DryRun)
    };
    assert_eq!(
        json(&dry),
        r#"{"feed":"https://s.test/atom.xml","request":{"body":{"a":1,"text":"hi"},"content_type":"application/json","headers":[["Idempotency-Key","k"]],"method":"POST","url":"$HOOK"},"result":"dry-run","target":"hub"}"#
    );
    let mail = Outgoing::Mail(Mail {
        from: "s@example.com".into(),
        to: "a@example.com".into(),
        to_place: "line 1 of $SUBS".into(),
        message_id: "<k@s.test>".into(),
        subject: "S".into(),
        text: "T".into(),
        html: "H".into(),
        unsubscribe: None,
        language: "en".to_string(),
    });
    assert_eq!(
        serde_json::to_string(&Request::of(&mail)).unwrap(),
        r#"{"from":"s@example.com","html":"H","list_unsubscribe":null,"message_id":"<k@s.test>","subject":"S","text":"T","to":"a@example.com"}"#
    );
}
