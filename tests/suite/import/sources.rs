//! `bulletin import`: the Statuspage and cState fixtures (tests/fixtures/import/, written for
//! these tests with every oddity real pages have) become sites that pass `check`; the built
//! API matches the Statuspage source field by field; re-imports keep edits; fetching over
//! HTTP fails clearly and writes nothing.

use std::path::{Path, PathBuf};

use crate::support::{check_errors_at, read_json, repo, run_from, snapshot};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// Runs `bulletin import <args…> --into <into>`.
fn import(args: &[&str], into: &Path) -> crate::support::Run {
    let into = into.to_str().unwrap();
    let args: Vec<&str> = ["import"]
        .iter()
        .copied()
        .chain(args.iter().copied())
        .chain(["--into", into])
        .collect();
    run_from(Path::new("."), &args)
}

fn import_statuspage(into: &Path) -> crate::support::Run {
    let run = import(
        &["statuspage", fixture("statuspage").to_str().unwrap()],
        into,
    );
    run.ok();
    run
}

#[test]
fn statuspage_fixture_becomes_a_site_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let run = import_statuspage(dir.path());
    assert!(run.stdout.contains("checked: 0 error(s)"), "{}", run.stdout);
    assert_eq!(check_errors_at(dir.path()), Vec::<Value>::new());
    // Each oddity of the fixture has its line in the report.
    for line in [
        "component name 'Login': used 2 times; each stays a component of its own: dashboard/login, regions/login",
        "(inocomp): no components: imported with an empty `affected`",
        "(iback): started_at 2026-10-02T15:00:00+00:00 is after the first update (2026-10-02T13:10:00+00:00)",
        "(iorder): updates are out of order: sorted by their times",
        "title has 171 characters (over 150): kept whole",
        "(ipm): a 'resolved' update at 2026-06-06T09:00:00+00:00 follows the final one: kept under '## After resolution'",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing report line {line:?} in\n{}",
            run.stdout
        );
    }
    let names: Vec<String> = snapshot(&dir.path().join("incidents"))
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    // Non-Latin titles are transliterated; the same title on the same day gets -2.
    assert!(
        names.contains(&"2026-08-01-deng-lu-fu-wu-yi-chang.md".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2026-08-01-deng-lu-fu-wu-yi-chang-2.md".to_string()),
        "{names:?}"
    );
    assert_eq!(names.len(), 12, "{names:?}");
}

#[test]
fn statuspage_bodies_are_clean_markdown() {
    let dir = tempfile::tempdir().unwrap();
    import_statuspage(dir.path());
    let text = std::fs::read_to_string(dir.path().join("incidents/2026-11-02-api-errors-in-eu.md"))
        .unwrap();
    // Raw `<`, typographic quotes, a literal \r\n and a non-breaking space in the source.
    assert!(text.contains("We are seeing errors for <1% of requests.\nCustomers may see \u{201c}HTTP 503\u{201d} responses."), "{text}");
    assert!(
        text.contains("**about 20%**") && text.contains("- EU-West\n- EU-Central"),
        "{text}"
    );
    assert!(
        text.contains("[the release notes](https://nimbus.example/notes/eu)"),
        "{text}"
    );
    assert!(
        !text.contains("<script") && !text.contains("alert("),
        "{text}"
    );
    // An <h2> in a body must not start a section of the file.
    assert!(
        text.contains("**All clear**") && !text.contains("## All clear"),
        "{text}"
    );
    assert!(
        text.contains("## Postmortem\n\n*Root cause:* a certificate rotation"),
        "{text}"
    );
    // Later component changes are Affects: lines right under their heading.
    assert!(text.contains("### 2026-11-02T03:45:30-07:00 · identified\n\nAffects: api/rest-api=partial_outage, api/webhooks=degraded_performance\n"), "{text}");
}

/// The source's incidents (incidents.json) by name.
fn source_incidents() -> Vec<Value> {
    let doc = read_json(&fixture("statuspage/incidents.json"));
    doc["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["impact"] != "maintenance")
        .cloned()
        .collect()
}

fn instant(v: &Value) -> jiff::Timestamp {
    v.as_str()
        .unwrap_or_else(|| panic!("not a time: {v}"))
        .parse()
        .unwrap()
}

/// (time, status, [(name, old, new)]) of each timeline update, oldest first; `postmortem`
/// updates and updates after the final one are sections in Bulletin, not updates.
/// A component change: name, old status, new status.
type Change = (String, String, String);

fn timeline(inc: &Value) -> Vec<(jiff::Timestamp, String, Vec<Change>)> {
    let mut out: Vec<_> = inc["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let changes = u["affected_components"].as_array().map(|a| {
                let mut v: Vec<_> = a
                    .iter()
                    .map(|c| {
                        (
                            c["name"].as_str().unwrap().to_string(),
                            c["old_status"].as_str().unwrap_or("").to_string(),
                            c["new_status"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect();
                v.sort();
                v
            });
            (
                instant(&u["display_at"]),
                u["status"].as_str().unwrap().to_string(),
                changes.unwrap_or_default(),
            )
        })
        .filter(|(_, s, _)| s != "postmortem")
        .collect();
    out.sort_by_key(|u| u.0);
    let end = out
        .iter()
        .position(|u| u.1 == "resolved")
        .map_or(out.len(), |i| i + 1);
    out.truncate(end);
    out
}

#[test]
fn round_trip_through_the_built_api_matches_the_source() {
    let dir = tempfile::tempdir().unwrap();
    import_statuspage(dir.path());
    run_from(
        Path::new("."),
        &["build", "--root", dir.path().to_str().unwrap()],
    )
    .ok();
    let built = read_json(&dir.path().join("public/api/v2/incidents.json"));
    let built = built["incidents"].as_array().unwrap();
    let source = source_incidents();
    assert_eq!(built.len(), source.len());
    for src in &source {
        let name = src["name"].as_str().unwrap();
        let same: Vec<&Value> = built
            .iter()
            .filter(|b| {
                b["name"] == name
                    && b["incident_updates"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|u| instant(&u["created_at"]) == timeline(src)[0].0)
            })
            .collect();
        assert_eq!(same.len(), 1, "incident {name}");
        let b = same[0];
        let status = if src["status"] == "postmortem" {
            "resolved"
        } else {
            src["status"].as_str().unwrap()
        };
        assert_eq!(b["status"], status, "status of {name}");
        assert_eq!(b["impact"], src["impact"], "impact of {name}");
        let mut built_updates: Vec<_> = b["incident_updates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                let mut changes: Vec<Change> = u["affected_components"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|c| {
                                (
                                    c["name"].as_str().unwrap().into(),
                                    c["old_status"].as_str().unwrap().into(),
                                    c["new_status"].as_str().unwrap().into(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                changes.sort();
                (
                    instant(&u["created_at"]),
                    u["status"].as_str().unwrap().to_string(),
                    changes,
                )
            })
            .collect();
        built_updates.sort_by_key(|u| u.0);
        let expected = timeline(src);
        assert_eq!(built_updates.len(), expected.len(), "updates of {name}");
        for (b, s) in built_updates.iter().zip(&expected) {
            assert_eq!((b.0, &b.1), (s.0, &s.1), "update time and status of {name}");
            // A single final update (backdated) records what it recovered from in Bulletin
            // as in Statuspage; incidents without per-update changes have none to compare.
            if !s.2.is_empty() {
                assert_eq!(b.2, s.2, "affected components of {name} at {}", s.0);
            }
        }
        let mut names: Vec<&str> = b["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let mut src_names: Vec<&str> = src["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        names.sort();
        src_names.sort();
        assert_eq!(names, src_names, "components of {name}");
    }
}

#[test]
fn round_trip_components_match_names_statuses_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    import_statuspage(dir.path());
    run_from(
        Path::new("."),
        &["build", "--root", dir.path().to_str().unwrap()],
    )
    .ok();
    let built = read_json(&dir.path().join("public/api/v2/components.json"));
    let source = read_json(&fixture("statuspage/components.json"));
    let key = |c: &Value, groups: &[(String, String)]| {
        let group = c["group_id"]
            .as_str()
            .and_then(|g| groups.iter().find(|(id, _)| id == g))
            .map(|(_, n)| n.clone());
        (
            c["name"].as_str().unwrap().to_string(),
            c["status"].as_str().unwrap().to_string(),
            group,
        )
    };
    let groups = |doc: &Value| -> Vec<(String, String)> {
        doc["components"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["group"] == true)
            .map(|c| {
                (
                    c["id"].as_str().unwrap().into(),
                    c["name"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let (bg, sg) = (groups(&built), groups(&source));
    let b: Vec<_> = built["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| key(c, &bg))
        .collect();
    let s: Vec<_> = source["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| key(c, &sg))
        .collect();
    // Same names, statuses and groups, in the same order (the ungrouped component is a
    // product of its own: a group without members in Bulletin's API).
    assert_eq!(b, s);
}

#[test]
fn reimport_adds_what_is_new_and_never_overwrites_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    for f in [
        "components.json",
        "incidents.json",
        "scheduled-maintenances.json",
        "summary.json",
    ] {
        std::fs::copy(fixture("statuspage").join(f), src.path().join(f)).unwrap();
    }
    let src_arg = src.path().to_str().unwrap();
    import(&["statuspage", src_arg], dir.path()).ok();
    let edited = dir
        .path()
        .join("incidents/2026-09-14-slow-billing-pages.md");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nA note someone added.\n");
    std::fs::write(&edited, &text).unwrap();
    // The source moves on: the open incident gets an update, a new incident appears, and the
    // edited one changes too.
    let mut doc = read_json(&src.path().join("incidents.json"));
    let list = doc["incidents"].as_array_mut().unwrap();
    let mut fresh = list[0].clone();
    fresh["id"] = "inew".into();
    fresh["name"] = "Fresh incident".into();
    list.push(fresh);
    let open = list.iter_mut().find(|i| i["id"] == "iopen").unwrap();
    let mut update = open["incident_updates"][0].clone();
    update["status"] = "monitoring".into();
    update["display_at"] = "2026-11-23T10:30:00.000Z".into();
    update["body"] = "The queue is draining.".into();
    open["incident_updates"]
        .as_array_mut()
        .unwrap()
        .insert(0, update);
    let order = list.iter_mut().find(|i| i["id"] == "iorder").unwrap();
    order["name"] = "Slow billing pages (renamed)".into();
    std::fs::write(
        src.path().join("incidents.json"),
        serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap();

    let deleted = dir
        .path()
        .join("incidents/2026-10-20-delayed-invoice-emails.md");
    std::fs::remove_file(&deleted).unwrap();

    let before = snapshot(dir.path());
    let dry = import(&["statuspage", src_arg, "--dry-run"], dir.path());
    dry.ok();
    assert_eq!(snapshot(dir.path()), before, "--dry-run wrote something");
    assert!(
        dry.stdout
            .contains("would write 1 new and 1 updated file(s)"),
        "{}",
        dry.stdout
    );

    let run = import(&["statuspage", src_arg], dir.path());
    run.ok();
    assert!(
        run.stdout
            .contains("  - incidents/2026-11-23-fresh-incident.md\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("updated:\n  - incidents/2026-11-23-webhook-deliveries-delayed.md\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("incidents/2026-09-14-slow-billing-pages.md: edited since the last import: left as it is"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        text,
        "the edit was overwritten"
    );
    assert!(run.stdout.contains("incidents/2026-10-20-delayed-invoice-emails.md: deleted since the last import: not written again"), "{}", run.stdout);
    assert!(!deleted.exists(), "a deleted file came back");
    let open = std::fs::read_to_string(
        dir.path()
            .join("incidents/2026-11-23-webhook-deliveries-delayed.md"),
    )
    .unwrap();
    assert!(
        open.contains("· monitoring\n\nThe queue is draining."),
        "{open}"
    );
    assert_eq!(check_errors_at(dir.path()), Vec::<Value>::new());
}

#[test]
fn a_file_the_import_did_not_write_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mine = "---\ntitle: Mine\n---\n\n## Timeline\n\n### 2026-01-01 10:00 · resolved\n\nMine.\n";
    std::fs::create_dir_all(dir.path().join("incidents")).unwrap();
    std::fs::write(
        dir.path().join("incidents/2026-11-02-api-errors-in-eu.md"),
        mine,
    )
    .unwrap();
    std::fs::write(dir.path().join("bulletin.yaml"), crate::support::CONFIG).unwrap();
    // The site's bulletin.yaml lacks the imported components: nothing is written (issue 27).
    let source = fixture("statuspage");
    let refused = import(&["statuspage", source.to_str().unwrap()], dir.path());
    assert_eq!(refused.status, Some(2), "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("the site's bulletin.yaml lacks 6 of the imported components (api/rest-api, api/webhooks,"),
        "{}",
        refused.stderr
    );
    assert!(!dir.path().join(".bulletin-import.json").exists());
    let run = import(
        &["statuspage", source.to_str().unwrap(), "--add-components"],
        dir.path(),
    );
    run.ok();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("incidents/2026-11-02-api-errors-in-eu.md"))
            .unwrap(),
        mine
    );
    let config = std::fs::read_to_string(dir.path().join("bulletin.yaml")).unwrap();
    assert!(
        config.starts_with(crate::support::CONFIG.trim_end()),
        "the site's lines stay as they were, new ones follow:\n{config}"
    );
    assert!(
        !run.stdout
            .contains("bulletin.yaml: exists and was not written"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "added to the site's own bulletin.yaml (the rest of it as it was):\n  - api/rest-api\n"
        ),
        "{}",
        run.stdout
    );
    // The API incident went to a free name instead.
    assert!(
        dir.path()
            .join("incidents/2026-11-02-api-errors-in-eu-2.md")
            .exists()
    );
}

#[test]
fn a_folder_of_other_things_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = import(
        &["statuspage", fixture("statuspage").to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr
            .contains("this folder is not empty and is not a Bulletin site"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(dir.path()).len(), 1);
}

#[test]
fn cstate_fixture_becomes_a_site_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let run = import(&["cstate", fixture("cstate").to_str().unwrap()], dir.path());
    run.ok();
    assert_eq!(check_errors_at(dir.path()), Vec::<Value>::new());
    for line in [
        "issue 2026-04-11-search-slow.md: affected system 'Billing Portal' is not in params.systems",
        "issue 2026-06-15-draft.md: a draft (draft: true)",
        "system 'Storage': listed twice: the first one is used",
        "system 'Legacy FTP': its category 'Retired' is not in params.categories: imported as a product of its own",
        "issue 2026-07-07-docs-down.md: resolvedWhen 2026-07-07T09:00:00+00:00 is before the last update",
        "issue 2026-08-08-queue-backlog.md: updates are out of order: sorted by their times",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    let read =
        |name: &str| std::fs::read_to_string(dir.path().join("incidents").join(name)).unwrap();
    let gateway = read("2026-03-02-gateway-outage.md");
    // Newest-first updates become an oldest-first timeline; labels become statuses.
    let expected = "### 2026-03-02T08:00:00+00:00 · investigating\n\nThe gateway drops connections.\n\n### 2026-03-02T08:50:00+00:00 · monitoring\n\nA faulty router was **replaced**; we are watching error rates.\nError rates are now <1% of requests.\n\n### 2026-03-02T09:30:00+00:00 · resolved\n\nTraffic flows normally again.\n";
    assert!(gateway.contains(expected), "{gateway}");
    assert!(
        gateway.contains("  core/gateway: major_outage\n  core/storage: major_outage\n"),
        "{gateway}"
    );
    // An hour without a leading zero and an offset; a label that is not a status.
    let search = read("2026-04-11-search-is-slow.md");
    assert!(search.contains("### 2026-04-11T16:40:00+00:00 · investigating\n\n*Update* - The index is being rebuilt."), "{search}");
    assert!(
        search.contains("### 2026-04-11T10:00:00-07:00 · resolved"),
        "{search}"
    );
    let backlog = read("2026-08-08-upload-queue-backlog.md");
    let order: Vec<&str> = backlog.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        order,
        [
            "### 2026-08-08T10:00:00+00:00 · investigating",
            "### 2026-08-08T10:40:00+00:00 · identified",
            "### 2026-08-08T12:00:00+00:00 · resolved"
        ],
        "{backlog}"
    );
    let notice = read("2026-05-20-new-status-page-address.md");
    assert!(
        notice.contains("impact: none") && notice.contains("· resolved\n\nOur status page moved"),
        "{notice}"
    );
}

#[test]
fn not_a_cstate_site_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let run = import(&["cstate", fixture("statuspage").to_str().unwrap()], &into);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains(
            "not a cState site: none of hugo.yml, hugo.yaml, config.yml, config.yaml here"
        ),
        "{}",
        run.stderr
    );
    assert!(!into.exists());
}

/// What the little HTTP server in these tests answers.
#[derive(Clone, Copy)]
enum Answer {
    /// The fixture's files under /api/v2/, 404 for anything else.
    Fixture,
    NotFound,
    /// 200 with an HTML page, as a site that is not a Statuspage page gives.
    Html,
    /// Reads the request and never answers.
    Hang,
}

/// Serves `answer` on 127.0.0.1 from a thread; returns the base URL. A test server written
/// with std alone: the point is a real socket, not a framework.
fn serve(answer: Answer) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let file = path
                .strip_prefix("/api/v2/")
                .map(|f| fixture("statuspage").join(f));
            let (status, kind, body) = match answer {
                Answer::Hang => {
                    std::thread::sleep(std::time::Duration::from_secs(20));
                    continue;
                }
                Answer::NotFound => ("404 Not Found", "text/html", b"<h1>Not Found</h1>".to_vec()),
                Answer::Html => (
                    "200 OK",
                    "text/html",
                    b"<!doctype html><html><body>Welcome</body></html>".to_vec(),
                ),
                Answer::Fixture => match file.and_then(|f| std::fs::read(f).ok()) {
                    Some(bytes) => ("200 OK", "application/json", bytes),
                    None => ("404 Not Found", "text/plain", b"no".to_vec()),
                },
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

#[test]
fn fetching_over_http_gives_the_same_site_as_the_saved_files() {
    let base = serve(Answer::Fixture);
    let (fetched, saved) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    import(&["statuspage", &format!("{base}/")], fetched.path()).ok();
    import_statuspage(saved.path());
    let (a, b) = (snapshot(fetched.path()), snapshot(saved.path()));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(a, b);
}

#[test]
fn a_failed_fetch_is_a_clear_error_and_writes_nothing() {
    let cases = [
        (
            Answer::NotFound,
            "HTTP 404 Not Found (expected 200 with the page's JSON)",
            "/api/v2/summary.json",
        ),
        (Answer::Html, "not JSON (", "it begins: <!doctype html>"),
        (Answer::Hang, "no complete answer within 0.5 s", "--timeout"),
    ];
    for (answer, message, more) in cases {
        let base = serve(answer);
        let dir = tempfile::tempdir().unwrap();
        let into = dir.path().join("site");
        let run = import(&["statuspage", &base, "--timeout", "0.5"], &into);
        assert_eq!(run.status, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains(message) && run.stderr.contains(more),
            "want {message:?} and {more:?}:\n{}",
            run.stderr
        );
        assert!(!into.exists(), "something was written for {message}");
    }
}

#[test]
fn json_that_is_not_a_statuspage_page_is_refused() {
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("incidents.json"), r#"{"items": []}"#).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let run = import(&["statuspage", src.path().to_str().unwrap()], &into);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr
            .contains("not a Statuspage document: it has no `page` object with an `id`"),
        "{}",
        run.stderr
    );
    assert!(!into.exists());
}

#[test]
fn round_trip_maintenances_keep_window_statuses_and_updates() {
    let dir = tempfile::tempdir().unwrap();
    import_statuspage(dir.path());
    run_from(
        Path::new("."),
        &["build", "--root", dir.path().to_str().unwrap()],
    )
    .ok();
    let built = read_json(&dir.path().join("public/api/v2/scheduled-maintenances.json"));
    let built = built["scheduled_maintenances"].as_array().unwrap();
    let source = read_json(&fixture("statuspage/scheduled-maintenances.json"));
    let source = source["scheduled_maintenances"].as_array().unwrap();
    assert_eq!(built.len(), source.len());
    for src in source {
        let name = src["name"].as_str().unwrap();
        let b = built
            .iter()
            .find(|b| b["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(b["status"], src["status"], "status of {name}");
        assert_eq!(b["impact"], "maintenance");
        for field in ["scheduled_for", "scheduled_until"] {
            assert_eq!(
                instant(&b[field]),
                instant(&src[field]),
                "{field} of {name}"
            );
        }
        let mut got: Vec<_> = b["incident_updates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    instant(&u["created_at"]),
                    u["status"].clone(),
                    u["affected_components"].as_array().map(|a| {
                        a.iter()
                            .map(|c| {
                                (
                                    c["name"].clone(),
                                    c["old_status"].clone(),
                                    c["new_status"].clone(),
                                )
                            })
                            .collect::<Vec<_>>()
                    }),
                )
            })
            .collect();
        // Statuspage records a maintenance's future statuses on its announcement; Bulletin's
        // API records them when they hold, in the window (docs/api.md, issue 22): an update
        // written before the window carries no change.
        let window_start = instant(&src["scheduled_for"]);
        let mut want: Vec<_> = src["incident_updates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                let ahead = u["status"] == "scheduled" && instant(&u["display_at"]) < window_start;
                (
                    instant(&u["display_at"]),
                    u["status"].clone(),
                    u["affected_components"]
                        .as_array()
                        .filter(|_| !ahead)
                        .map(|a| {
                            a.iter()
                                .map(|c| {
                                    (
                                        c["name"].clone(),
                                        c["old_status"].clone(),
                                        c["new_status"].clone(),
                                    )
                                })
                                .collect::<Vec<_>>()
                        }),
                )
            })
            .collect();
        got.sort_by_key(|u| u.0);
        want.sort_by_key(|u| u.0);
        assert_eq!(got, want, "updates of {name}");
    }
}

#[test]
fn an_unreachable_host_is_a_clear_error_and_writes_nothing() {
    // A port nobody listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let run = import(
        &[
            "statuspage",
            &format!("http://127.0.0.1:{port}"),
            "--timeout",
            "2",
        ],
        &into,
    );
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("http://127.0.0.1:{port}/api/v2/summary.json"))
            && run.stderr.contains("cannot fetch:"),
        "{}",
        run.stderr
    );
    assert!(!into.exists());
}

/// A saved Statuspage page in a temporary folder: one group `API` with REST (`c1`) and
/// Webhooks (`c2`), and `incidents`.
fn statuspage_folder(incidents: Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = serde_json::json!({"id": "p1", "name": "Small", "url": "https://status.small.example", "time_zone": "Etc/UTC"});
    let components = serde_json::json!({"page": page, "components": [
        {"id": "g1", "name": "API", "status": "operational", "group": true, "components": ["c1", "c2"]},
        {"id": "c1", "name": "REST", "status": "operational", "group_id": "g1"},
        {"id": "c2", "name": "Webhooks", "status": "operational", "group_id": "g1"}]});
    let incidents = serde_json::json!({"page": page, "incidents": incidents});
    for (name, doc) in [
        ("components.json", components),
        ("incidents.json", incidents),
    ] {
        std::fs::write(dir.path().join(name), serde_json::to_vec(&doc).unwrap()).unwrap();
    }
    dir
}

/// A Statuspage update: status, time (hour of 2026-10-05, UTC), text, and the recorded
/// components as (code, name, old, new).
fn update(status: &str, hour: u32, body: &str, components: &[(&str, &str, &str, &str)]) -> Value {
    let affected: Vec<Value> = components
        .iter()
        .map(|(code, name, old, new)| {
            serde_json::json!({"code": code, "name": name, "old_status": old, "new_status": new})
        })
        .collect();
    serde_json::json!({
        "status": status,
        "display_at": format!("2026-10-05T{hour:02}:00:00.000Z"),
        "body": body,
        "affected_components": if affected.is_empty() { Value::Null } else { Value::Array(affected) },
    })
}

/// Imports `source` into a new site, builds it, and returns the run's report, the site
/// folder and the built `api/v2/incidents.json`'s only incident.
fn import_and_build(source: &Path) -> (String, tempfile::TempDir, Value) {
    let site = tempfile::tempdir().unwrap();
    let run = import(&["statuspage", source.to_str().unwrap()], site.path());
    run.ok();
    run_from(
        Path::new("."),
        &["build", "--root", site.path().to_str().unwrap()],
    )
    .ok();
    let built = read_json(&site.path().join("public/api/v2/incidents.json"));
    assert_eq!(built["incidents"].as_array().unwrap().len(), 1, "{built}");
    let inc = built["incidents"][0].clone();
    (run.stdout, site, inc)
}

/// The built incident's updates, oldest first: (status, [(component, old, new)]).
fn built_updates(inc: &Value) -> Vec<(String, Vec<Change>)> {
    let mut out: Vec<_> = inc["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let changes = u["affected_components"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let s = |k: &str| c[k].as_str().unwrap().to_string();
                    (s("name"), s("old_status"), s("new_status"))
                })
                .collect();
            (u["status"].as_str().unwrap().to_string(), changes)
        })
        .collect();
    out.reverse();
    out
}

fn change(name: &str, old: &str, new: &str) -> Change {
    (name.into(), old.into(), new.into())
}

/// A status word that is not an incident's, after the final update, does not reopen the
/// incident: it keeps the status before it (resolved), so it goes under "After resolution".
#[test]
fn an_unknown_status_word_after_resolved_does_not_reopen() {
    let rest = [("c1", "REST", "operational", "major_outage")];
    let back = [("c1", "REST", "major_outage", "operational")];
    let source = statuspage_folder(serde_json::json!([{
    "id": "iword", "name": "REST errors", "status": "resolved", "impact": "critical",
    "incident_updates": [
        update("update", 12, "A note after the fact.", &[]),
        update("resolved", 11, "Fixed.", &back),
        update("investigating", 10, "Errors.", &rest),
    ]}]));
    let (report, site, inc) = import_and_build(source.path());
    assert!(
        report.contains(
            "(iword): update status 'update' is not an incident status: the entry is 'resolved'"
        ),
        "{report}"
    );
    assert_eq!(inc["status"], "resolved", "{inc}");
    let statuses: Vec<String> = built_updates(&inc).into_iter().map(|u| u.0).collect();
    assert_eq!(statuses, ["investigating", "resolved"], "{inc}");
    let file =
        std::fs::read_to_string(site.path().join("incidents/2026-10-05-rest-errors.md")).unwrap();
    assert!(
        file.contains("## After resolution\n\n**2026-10-05T12:00:00+00:00 · resolved**\n\nA note after the fact."),
        "{file}"
    );
    let components = read_json(&site.path().join("public/api/v2/components.json"));
    assert!(
        components["components"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "operational"),
        "{components}"
    );
}

/// An archive whose updates record the statuses before each update (every old_status equals
/// its new_status, one update late) is shifted one update earlier: the built API gives each
/// update the change it really made.
#[test]
fn a_lagging_snapshot_archive_is_shifted_one_update_earlier() {
    // What happened: REST went down at 10, partly back at 11 while Webhooks slowed, all fine
    // at 12. What the archive recorded: each update's statuses before it.
    let source = statuspage_folder(serde_json::json!([{
    "id": "ilag", "name": "API outage", "status": "resolved", "impact": "critical",
    "incident_updates": [
        update("resolved", 12, "All good.", &[
            ("c1", "REST", "partial_outage", "partial_outage"),
            ("c2", "Webhooks", "degraded_performance", "degraded_performance")]),
        update("identified", 11, "REST partly back; webhooks slow.", &[
            ("c1", "REST", "major_outage", "major_outage")]),
        update("investigating", 10, "REST is down.", &[
            ("c1", "REST", "operational", "operational")]),
    ]}]));
    let (report, site, inc) = import_and_build(source.path());
    assert!(
        report.contains("page: every update's affected_components has old_status equal to new_status: they are the statuses before each update (one update late)"),
        "{report}"
    );
    assert_eq!(
        built_updates(&inc),
        [
            (
                "investigating".into(),
                vec![change("REST", "operational", "major_outage")]
            ),
            (
                "identified".into(),
                vec![
                    change("REST", "major_outage", "partial_outage"),
                    change("Webhooks", "operational", "degraded_performance")
                ]
            ),
            (
                "resolved".into(),
                vec![
                    change("REST", "partial_outage", "operational"),
                    change("Webhooks", "degraded_performance", "operational")
                ]
            ),
        ],
        "{inc}"
    );
    let file =
        std::fs::read_to_string(site.path().join("incidents/2026-10-05-api-outage.md")).unwrap();
    assert!(
        file.contains("affected:\n  api/rest: major_outage\n")
            && file
                .contains("Affects: api/rest=partial_outage, api/webhooks=degraded_performance\n"),
        "{file}"
    );
    assert_eq!(check_errors_at(site.path()), Vec::<Value>::new());
}

/// An archive of real changes with a change that changes nothing is not taken for a
/// lagging one.
#[test]
fn an_archive_of_changes_is_not_shifted() {
    let source = statuspage_folder(serde_json::json!([{
    "id": "iok", "name": "API outage", "status": "resolved", "impact": "critical",
    "incident_updates": [
        update("resolved", 12, "All good.", &[("c1", "REST", "major_outage", "operational")]),
        update("identified", 11, "Still down.", &[("c1", "REST", "major_outage", "major_outage")]),
        update("investigating", 10, "REST is down.", &[("c1", "REST", "operational", "major_outage")]),
    ]}]));
    let (report, _site, inc) = import_and_build(source.path());
    assert!(!report.contains("one update late"), "{report}");
    assert_eq!(
        built_updates(&inc),
        [
            (
                "investigating".into(),
                vec![change("REST", "operational", "major_outage")]
            ),
            ("identified".into(), vec![]),
            (
                "resolved".into(),
                vec![change("REST", "major_outage", "operational")]
            ),
        ],
        "{inc}"
    );
}

/// cState's `severity: notice` "does not affect the current status": an informational post,
/// closed when posted, that sets no component's status and names the systems in the report.
#[test]
fn a_cstate_notice_changes_no_status() {
    let src = cstate_site(&[
        (
            "2026-05-20-maintenance-window.md",
            "---\ntitle: Gateway maintenance next week\ndate: 2026-05-20 12:00:00\nseverity: notice\naffected:\n  - Gateway\nsection: issue\n---\n\nWe will upgrade the gateway next week; no downtime is expected.\n",
        ),
        (
            "2026-03-01-rate-limits.md",
            "---\ntitle: Rate limits\ndate: 2026-03-01 12:00:00\nseverity: notice\n---\n\n*Update* - Limits go up next month. {{< track \"2026-03-01 12:00:00\" >}}\n",
        ),
        (
            "2026-04-01-new-address.md",
            "---\ntitle: New address\ndate: 2026-04-01 12:00:00\ninformational: true\naffected:\n  - Gateway\n---\n\nThe gateway has a new address.\n",
        ),
    ]);
    let site = tempfile::tempdir().unwrap();
    let run = import(&["cstate", src.path().to_str().unwrap()], site.path());
    run.ok();
    assert!(
        run.stdout.contains("issue 2026-05-20-maintenance-window.md: severity notice does not affect the current status: an informational post (impact: none) that changes no component; its systems (Gateway) are not listed under `affected`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("issue 2026-04-01-new-address.md: informational: true: an informational post (impact: none) that changes no component; its systems (Gateway) are not listed under `affected`"),
        "{}",
        run.stdout
    );
    let file = std::fs::read_to_string(
        site.path()
            .join("incidents/2026-05-20-gateway-maintenance-next-week.md"),
    )
    .unwrap();
    assert!(
        file.contains("impact: none")
            && !file.contains("affected:")
            && !file.contains("investigating")
            && file.contains("### 2026-05-20T12:00:00+00:00 · resolved\n\nWe will upgrade"),
        "{file}"
    );
    // A notice with updates that do not say it is over is over when posted, too.
    let limits =
        std::fs::read_to_string(site.path().join("incidents/2026-03-01-rate-limits.md")).unwrap();
    assert!(
        limits.contains("### 2026-03-01T12:00:00+00:00 · resolved\n")
            && !limits.contains("affected:"),
        "{limits}"
    );
    run_from(
        Path::new("."),
        &[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--now",
            "2026-05-20 12:30",
        ],
    )
    .ok();
    let api = read_json(&site.path().join("public/api/v2/incidents.json"));
    let inc = &api["incidents"][0];
    assert_eq!(
        (&inc["status"], &inc["impact"], &inc["components"]),
        (
            &Value::from("resolved"),
            &Value::from("none"),
            &serde_json::json!([])
        ),
        "{inc}"
    );
    let components = read_json(&site.path().join("public/api/v2/components.json"));
    assert!(
        components["components"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "operational"),
        "{components}"
    );
}

/// A notice the source keeps open (`resolved: false`, updates labelled as an incident's) is
/// listed while open, with impact none, and still changes no status (issue 27).
#[test]
fn an_open_cstate_notice_changes_no_status_either() {
    let src = cstate_site(&[(
        "2026-05-20-heads-up.md",
        "---\ntitle: Heads up\ndate: 2026-05-20 12:00:00\nseverity: notice\nresolved: false\naffected:\n  - Gateway\n---\n\n*Investigating* - First. {{< track \"2026-05-20 12:00:00\" >}}\n\n*Monitoring* - Second. {{< track \"2026-05-20 13:00:00\" >}}\n",
    )]);
    let site = tempfile::tempdir().unwrap();
    import(&["cstate", src.path().to_str().unwrap()], site.path()).ok();
    let root = site.path().to_str().unwrap();
    run_from(
        Path::new("."),
        &["build", "--root", root, "--now", "2026-05-20 14:00"],
    )
    .ok();
    let status = read_json(&site.path().join("public/api/v2/status.json"));
    assert_eq!(status["status"]["indicator"], "none", "{status}");
    let open = read_json(&site.path().join("public/api/v2/incidents/unresolved.json"));
    let inc = &open["incidents"][0];
    assert_eq!(
        (&inc["impact"], &inc["components"]),
        (&Value::from("none"), &serde_json::json!([])),
        "{open}"
    );
}

/// A cState site in a temporary folder: one category `Core` with the system `Gateway`, and
/// the given issue files.
fn cstate_site(issues: &[(&str, &str)]) -> tempfile::TempDir {
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("config.yml"),
        "title: Small\nbaseURL: https://status.small.example\nparams:\n  categories:\n    - name: Core\n  systems:\n    - name: Gateway\n      category: Core\n",
    )
    .unwrap();
    std::fs::create_dir_all(src.path().join("content/issues")).unwrap();
    for (name, text) in issues {
        std::fs::write(src.path().join("content/issues").join(name), text).unwrap();
    }
    src
}

/// In cState too, a label that is not a status after the resolved update keeps the status
/// before it: the update goes under "After resolution" and the incident stays resolved.
#[test]
fn a_cstate_label_after_resolved_does_not_reopen() {
    let src = cstate_site(&[(
        "2026-06-01-gateway-down.md",
        "---\ntitle: Gateway down\ndate: 2026-06-01 10:00:00\nseverity: down\naffected:\n  - Gateway\n---\n\n*Postscript* - The vendor confirmed the cause. {{< track \"2026-06-01 12:00:00\" >}}\n\n*Resolved* - Back. {{< track \"2026-06-01 11:00:00\" >}}\n\n*Investigating* - Down. {{< track \"2026-06-01 10:00:00\" >}}\n",
    )]);
    let site = tempfile::tempdir().unwrap();
    import(&["cstate", src.path().to_str().unwrap()], site.path()).ok();
    let file =
        std::fs::read_to_string(site.path().join("incidents/2026-06-01-gateway-down.md")).unwrap();
    let headings: Vec<&str> = file.lines().filter(|l| l.starts_with("##")).collect();
    assert_eq!(
        headings,
        [
            "## Timeline",
            "### 2026-06-01T10:00:00+00:00 · investigating",
            "### 2026-06-01T11:00:00+00:00 · resolved",
            "## After resolution"
        ],
        "{file}"
    );
    assert!(file.contains("The vendor confirmed the cause."), "{file}");
}

/// A cState `baseURL` that only starts with the letters `http` is not an address: the import
/// writes the placeholder and says so, as for a missing one, instead of a base_url that
/// `bulletin check` then refuses.
#[test]
fn a_cstate_base_url_that_is_not_a_web_address_becomes_the_placeholder() {
    let src = cstate_site(&[]);
    let config = src.path().join("config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replace("https://status.small.example", "httpstatus.small.example");
    std::fs::write(&config, text).unwrap();
    let site = tempfile::tempdir().unwrap();
    import(&["cstate", src.path().to_str().unwrap()], site.path()).ok();
    let written = std::fs::read_to_string(site.path().join("bulletin.yaml")).unwrap();
    assert!(
        written.contains("base_url: \"https://status.example.com/\""),
        "{written}"
    );
}
