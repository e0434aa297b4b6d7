//! `bulletin notify` speaks the site's language, whatever language it is: a site in German
//! (the site supplies its own `i18n/de.yaml`, as it may for its pages or for a language the
//! built-in theme does not have; it is laid over the built-in German word by word) gets German
//! chat messages and German mail, with not one English word of Bulletin's own. Before the
//! words moved to the language files, it got English ones.

use std::path::Path;

use crate::support::notify::{dry_run_requests, notify};
use serde_json::Value;

/// The fixture site (`tests/fixtures/german_site`) copied into a temporary folder.
fn german_site() -> tempfile::TempDir {
    let from = crate::support::repo().join("tests/fixtures/german_site");
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let dest = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    dir
}

/// The dry run's requests, as (event, target, request).
fn dry_run(site: &Path, subscribers: &Path) -> Vec<(String, String, Value)> {
    let args = ["--dry-run", "--announce-all", "--format", "json"];
    let env = [
        ("SLACK_URL", "http://127.0.0.1:9/slack"),
        ("SUBSCRIBERS", subscribers.to_str().unwrap()),
    ];
    let (status, out, err) = notify(site, "2026-11-23 11:15", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    assert!(!err.contains("warning"), "{err}");
    dry_run_requests(&out)
}

/// The one request for `event` to `target`.
fn request<'a>(sent: &'a [(String, String, Value)], event: &str, target: &str) -> &'a Value {
    let found = sent.iter().find(|(e, t, _)| e == event && t == target);
    &found
        .unwrap_or_else(|| panic!("nothing for {event} to {target}: {sent:?}"))
        .2
}

#[test]
fn a_german_site_gets_german_chat_and_mail() {
    let site = german_site();
    let private = tempfile::tempdir().unwrap();
    let list = private.path().join("subscribers.txt");
    std::fs::write(&list, "a@example.de\n").unwrap();
    let sent = dry_run(site.path(), &list);
    assert_eq!(sent.len(), 8, "four events, to chat and mail: {sent:?}");

    let chat = |event: &str| request(&sent, event, "chat")["body"].to_string();
    let identified = chat("update:2026-11-23-kasse#1");
    for words in [
        "Ursache gefunden – Kasse nicht erreichbar (Shop · Kasse)",
        "Shop · Kasse: schwerer Ausfall → teilweiser Ausfall",
        "Auf der Statusseite ansehen",
    ] {
        assert!(identified.contains(words), "{words}: {identified}");
    }
    let statement = chat("statement:2026-11-23-kasse#0");
    assert!(
        statement.contains("Stellungnahme von Shop-Team – Kasse nicht erreichbar"),
        "{statement}"
    );
    let reminder = chat("maintenance:2026-11-23-wartung@reminder");
    for words in [
        "Wartung beginnt in 1 Stunde und 15 Minuten – Datenbank-Wartung",
        "Zeitraum: 2026-11-23 12:30 – 2026-11-23 14:00 Europe/Berlin \
         (2026-11-23T12:30:00+01:00 bis 2026-11-23T14:00:00+01:00)",
    ] {
        assert!(reminder.contains(words), "{words}: {reminder}");
    }

    let mail = request(&sent, "update:2026-11-23-kasse#0", "mail");
    assert_eq!(
        mail["subject"],
        "[Beispiel-Status] Wird untersucht – Kasse nicht erreichbar (Shop · Kasse)"
    );
    let (text, html) = (
        mail["text"].as_str().unwrap(),
        mail["html"].as_str().unwrap(),
    );
    for words in [
        "- Shop · Kasse: betriebsbereit → schwerer Ausfall\n",
        "\nAuf der Statusseite ansehen: https://status.example.de/incidents/2026-11-23-kasse/\n",
        "\nAbbestellen: https://status.example.de/abbestellen?email=a%40example.de\n",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"de\">"),
        "{html}"
    );
    assert!(html.contains(">Abbestellen</a>"), "{html}");

    // Not one of Bulletin's English words, anywhere.
    let all: String = sent.iter().map(|(_, _, r)| r.to_string()).collect();
    for english in [
        "Investigating",
        "Identified",
        "operational",
        "outage",
        "Statement",
        "Maintenance starts",
        "minute",
        "hour",
        "Window",
        "View on the status page",
        "Unsubscribe",
        "lang=\\\"en\\\"",
    ] {
        assert!(!all.contains(english), "English '{english}' in {all}");
    }
}
