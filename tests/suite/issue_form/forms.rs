//! The forms and workflow `init --ci github` writes: the dropdowns list the site's own
//! components, a submission of each form is read back by `issue-form apply`, actionlint
//! accepts the workflow; `issue-form forms` rewrites Bulletin's forms and only those.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::apply;
use crate::support::*;

const FORMS: [&str; 3] = [
    "bulletin-new.yml",
    "bulletin-update.yml",
    "bulletin-resolve.yml",
];

/// A new site made by `init --ci github`, its folder inside the returned temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    init_site_in("en")
}

fn init_site_in(language: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let run = run_from(
        Path::new("."),
        &[
            "init",
            site.to_str().unwrap(),
            "--ci",
            "github",
            "--language",
            language,
        ],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    (tmp, site)
}

fn form(site: &Path, file: &str) -> Value {
    let text = std::fs::read_to_string(site.join(".github/ISSUE_TEMPLATE").join(file)).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// The component references of a bulletin.yaml, read independently of Bulletin.
fn components(site: &Path) -> Vec<String> {
    let config: Value =
        serde_yaml::from_str(&std::fs::read_to_string(site.join("bulletin.yaml")).unwrap())
            .unwrap();
    let mut out = Vec::new();
    for product in config["products"].as_sequence().unwrap() {
        let id = product["id"].as_str().unwrap();
        out.push(id.to_string());
        for feature in product["features"].as_sequence().into_iter().flatten() {
            out.push(format!("{id}/{}", feature["id"].as_str().unwrap()));
        }
    }
    out
}

fn options(field: &Value) -> Vec<String> {
    field["attributes"]["options"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().to_string())
        .collect()
}

/// The issue body GitHub writes for `form` filled in with each field's first choice (a
/// dropdown), "x" (a one-line field) or `message` (the textarea).
fn submission(form: &Value, message: &str) -> String {
    let mut body = Vec::new();
    for field in form["body"].as_sequence().unwrap() {
        let value = match field["type"].as_str().unwrap() {
            "dropdown" => options(field)[0].clone(),
            "textarea" => message.to_string(),
            _ => "x".to_string(),
        };
        let label = field["attributes"]["label"].as_str().unwrap();
        body.push(format!("### {label}\n\n{value}"));
    }
    body.join("\n\n")
}

#[test]
fn init_writes_forms_of_the_sites_components_that_apply_reads_back() {
    let (_tmp, site) = init_site();
    forms_of_the_sites_components_are_read_back(&site);
    let workflow = site.join(".github/workflows/status-page-issues.yml");
    actionlint(std::slice::from_ref(&workflow), &site);
    // docs/ci.md shows it as written, and its one `bulletin` line is accepted as written.
    let text = std::fs::read_to_string(&workflow).unwrap();
    let docs = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    assert!(
        docs.contains(&format!("```yaml\n{text}```\n")),
        "docs/ci.md lacks the issue workflow as written"
    );
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("run: bulletin "))
        .unwrap();
    let mut args: Vec<&str> = line.split(' ').map(|a| a.trim_matches('"')).collect();
    args.push("--help");
    run_from(Path::new("."), &args).ok();
}

/// The forms in the site's language list its components, and what GitHub makes of the
/// new-incident form is read back and written.
fn forms_of_the_sites_components_are_read_back(site: &Path) {
    let expected = components(site);
    for file in FORMS {
        let form = form(site, file);
        assert_eq!(form["labels"][0], "status-page", "{file}");
        for field in form["body"].as_sequence().unwrap() {
            if field["id"] == "components" {
                assert_eq!(options(field), expected, "{file}");
            }
        }
    }
    // What GitHub makes of the new-incident form is read back and written.
    let mut event = super::recorded("new");
    event["issue"]["body"] = submission(&form(site, FORMS[0]), "Looking.").into();
    let test_site = TestSite {
        dir: tempfile::tempdir().unwrap(),
    };
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(site).unwrap();
        if entry.file_type().is_file() {
            test_site.write(
                rel.to_str().unwrap(),
                &std::fs::read_to_string(entry.path()).unwrap(),
            );
        }
    }
    let (run, reply) = apply(&test_site, &event, "2026-11-23T10:05:00Z");
    run.ok();
    assert!(reply.starts_with("Done: `bulletin new`"), "{reply}");
}

#[test]
fn a_chinese_site_gets_chinese_forms_that_are_read_back() {
    let (_tmp, site) = init_site_in("zh-CN");
    let new = form(&site, FORMS[0]);
    assert_eq!(new["name"], "状态页：新事件");
    assert_eq!(new["body"][0]["attributes"]["label"], "事件标题");
    forms_of_the_sites_components_are_read_back(&site);
}

#[test]
fn forms_rewrites_bulletins_forms_and_leaves_a_users_file_alone() {
    let (_tmp, site) = init_site();
    let config = std::fs::read_to_string(site.join("bulletin.yaml")).unwrap();
    let config = config.replacen(
        "products:\n",
        "products:\n  - id: billing\n    name: Billing\n",
        1,
    );
    std::fs::write(site.join("bulletin.yaml"), config).unwrap();
    let mine = "name: mine\ndescription: my own form\nbody: []\n";
    let resolve = site.join(".github/ISSUE_TEMPLATE/bulletin-resolve.yml");
    std::fs::write(&resolve, mine).unwrap();
    let run = run_in(&site, &["issue-form", "forms"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("left alone"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&resolve).unwrap(), mine);
    let new = form(&site, FORMS[0]);
    let listed = options(&new["body"][1]);
    assert_eq!(listed, components(&site));
    assert!(listed.contains(&"billing".to_string()));
    // Run again: nothing to rewrite, the user's file still left alone.
    let run = run_in(&site, &["issue-form", "forms"]);
    assert_eq!(run.stdout, "", "{}", run.stdout);
}
