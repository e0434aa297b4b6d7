//! The on-call hour of issue 27, scripted end to end on a site `bulletin init` made: a new
//! incident from one of init's templates, three updates with `--affects` and `--next`, an
//! official statement, the resolution. After each command `check --deny-warnings` is clean,
//! the site builds, and the page, the feed and the API say what the command wrote: the status,
//! the component's status, the promised next update while it stands. (The maintenance half of
//! the session, rescheduled / cancelled / extended / completed early, is
//! `authoring::maintenance`.)

use std::path::Path;

use crate::support::*;

/// One step: the command at `now`, then check (no warning either) and a build at `now`.
fn step(root: &Path, args: &[&str], now: &str) {
    let mut all = args.to_vec();
    all.extend(["--now", now]);
    run_in(root, &all).ok();
    run_in(root, &["check", "--deny-warnings", "--now", now]).ok();
    build(root, None, Some(now));
}

/// What every surface says about the incident and about `api/rest` after a step.
#[derive(Debug, PartialEq)]
struct Said {
    page_status: String,
    api_status: String,
    rest_on_page: String,
    rest_in_api: String,
    /// The "Next update by" time the incident page shows (its `datetime`), if any.
    promise: Option<String>,
    feed_has_latest: bool,
}

fn read(root: &Path, slug: &str, latest_words: &str) -> Said {
    let out = root.join("public");
    let page = std::fs::read_to_string(out.join(format!("incidents/{slug}/index.html"))).unwrap();
    let after = |html: &str, marker: &str| -> Option<String> {
        let rest = &html[html.find(marker)? + marker.len()..];
        Some(rest[..rest.find('"')?].to_string())
    };
    let promise = page
        .find("class=\"next-update\"")
        .and_then(|at| after(&page[at..], "datetime=\""));
    let page_status = after(&page, "class=\"status u-").expect("a status on the page");
    let incidents = read_json(&out.join("api/v2/incidents.json"));
    let ours = incidents["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["shortlink"].as_str().unwrap().contains(slug))
        .expect("the incident in the API")
        .clone();
    let components = read_json(&out.join("api/v2/components.json"));
    let rest = components["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "REST API")
        .expect("api/rest in the API")
        .clone();
    let rest_page =
        std::fs::read_to_string(out.join("components/api/rest/index.html")).expect("its page");
    let rss = std::fs::read_to_string(out.join("rss.xml")).unwrap();
    Said {
        page_status,
        api_status: ours["status"].as_str().unwrap().to_string(),
        rest_on_page: after(&rest_page, "class=\"status s-").expect("its status"),
        rest_in_api: rest["status"].as_str().unwrap().to_string(),
        promise,
        feed_has_latest: rss.contains(latest_words),
    }
}

fn said(status: &str, rest: &str, promise: Option<&str>) -> Said {
    Said {
        page_status: status.to_string(),
        api_status: status.to_string(),
        rest_on_page: rest.to_string(),
        rest_in_api: rest.to_string(),
        promise: promise.map(str::to_string),
        feed_has_latest: true,
    }
}

#[test]
fn an_incident_from_a_template_to_its_resolution_says_the_same_on_every_surface() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("status");
    let root_arg = root.to_str().unwrap();
    run_from(
        dir.path(),
        &[
            "init",
            root_arg,
            "--title",
            "Acme Status",
            "--base-url",
            "https://status.acme.test/",
            "--timezone",
            "UTC",
            "--language",
            "en",
        ],
    )
    .ok();
    // The on-call engineer starts from a clean history: init's examples go.
    for example in std::fs::read_dir(root.join("incidents")).unwrap() {
        std::fs::remove_file(example.unwrap().path()).unwrap();
    }

    step(
        &root,
        &["new", "--template", "db-degraded"],
        "2027-01-10 10:00",
    );
    let slug = "2027-01-10-slow-api-responses";
    let text = std::fs::read_to_string(root.join(format!("incidents/{slug}.md"))).unwrap();
    assert!(text.contains("title: \"Slow API responses\""), "{text}");
    let slower = "Some API requests are slower than usual";
    let first = read(&root, slug, slower);
    assert_eq!(first, said("investigating", "degraded_performance", None));

    let steps: [(&[&str], &str, &str, Said); 3] = [
        (
            &[
                "--status",
                "identified",
                "--affects",
                "api/rest=partial_outage",
                "--next",
                "30m",
            ],
            "2027-01-10 10:20",
            "A failed database node",
            said(
                "identified",
                "partial_outage",
                Some("2027-01-10T10:50:00+00:00"),
            ),
        ),
        (
            &[
                "--status",
                "monitoring",
                "--affects",
                "api/rest=degraded_performance",
                "--next",
                "11:20",
            ],
            "2027-01-10 10:50",
            "Traffic moved off the node",
            said(
                "monitoring",
                "degraded_performance",
                Some("2027-01-10T11:20:00+00:00"),
            ),
        ),
        (
            &["--affects", "api/rest=operational"],
            "2027-01-10 11:15",
            "Latency is back to normal",
            said("monitoring", "operational", None),
        ),
    ];
    for (flags, now, words, expected) in steps {
        let mut args = vec!["update", slug, words];
        args.extend(flags);
        step(&root, &args, now);
        assert_eq!(
            read(&root, slug, words),
            expected,
            "after the update at {now}"
        );
    }

    let apology = "We are sorry for the slow responses";
    let statement = [
        "statement",
        slug,
        "--by",
        "CTO",
        "--channel",
        "Blog",
        "--url",
        "https://blog.acme.test/slow-api",
        apology,
    ];
    step(&root, &statement, "2027-01-10 11:20");
    let page = std::fs::read_to_string(root.join(format!("public/incidents/{slug}/index.html")));
    assert!(
        page.unwrap().contains(apology),
        "the statement is on the page"
    );

    step(
        &root,
        &["resolve", slug, "All requests are fast again"],
        "2027-01-10 11:30",
    );
    let done = read(&root, slug, "All requests are fast again");
    assert_eq!(done, said("resolved", "operational", None));
    // Over, it leaves the front page's live cards for its history.
    let history = std::fs::read_to_string(root.join("public/history/index.html")).unwrap();
    assert!(
        history.contains(&format!("incidents/{slug}/")),
        "in the history"
    );
}
