//! The CI recipes `bulletin init --ci` writes and docs/ci.md shows: valid YAML, the right
//! triggers, and every `bulletin …` command they run accepted by the binary as written.

mod common;

use std::path::Path;

use common::*;
use serde_yaml::Value;

fn recipe(name: &str) -> (String, Value) {
    let text = std::fs::read_to_string(repo().join("src/cmd/init/ci").join(name)).unwrap();
    let yaml = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, yaml)
}

/// The shell lines of a GitHub workflow's `run:` steps or a GitLab job's scripts.
fn shell_lines(yaml: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |v: &Value| match v {
        Value::String(s) => out.extend(s.lines().map(str::to_string)),
        Value::Sequence(items) => {
            out.extend(items.iter().filter_map(Value::as_str).map(str::to_string))
        }
        _ => {}
    };
    for (_, job) in yaml["jobs"].as_mapping().into_iter().flatten() {
        for step in job["steps"].as_sequence().into_iter().flatten() {
            add(&step["run"]);
        }
    }
    for (_, job) in yaml.as_mapping().into_iter().flatten() {
        add(&job["script"]);
        add(&job["before_script"]);
    }
    out
}

/// Every `bulletin …` line parses: the binary accepts its subcommand and flags (with
/// `--help` added, so nothing runs). Returns how many were checked.
fn commands_exist(lines: &[String]) -> usize {
    let commands: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with("bulletin "))
        .map(|l| l.split_whitespace().skip(1).collect())
        .collect();
    for args in &commands {
        let mut with_help = args.clone();
        with_help.push("--help");
        let run = run_from(Path::new("."), &with_help);
        assert_eq!(
            run.status,
            Some(0),
            "bulletin {}: {}",
            args.join(" "),
            run.stderr
        );
    }
    commands.len()
}

#[test]
fn a_command_the_binary_does_not_have_is_caught() {
    let bad = ["bulletin check --format gitlab".to_string()];
    let caught = std::panic::catch_unwind(|| commands_exist(&bad));
    assert!(caught.is_err(), "an unknown flag value must fail the check");
    let bad = ["bulletin publish".to_string()];
    assert!(std::panic::catch_unwind(|| commands_exist(&bad)).is_err());
}

#[test]
fn the_github_workflow_checks_pull_requests_publishes_and_rebuilds_every_5_minutes() {
    let (text, yaml) = recipe("github.yml");
    let on = &yaml["on"];
    assert!(on.get("pull_request").is_some(), "runs on pull requests");
    assert_eq!(on["schedule"][0]["cron"].as_str(), Some("*/5 * * * *"));
    let check = &yaml["jobs"]["check"];
    let runs: Vec<&str> = check["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(runs.contains(&"bulletin check --format github"), "{runs:?}");
    let publish = &yaml["jobs"]["publish"];
    assert!(publish["if"].as_str().unwrap().contains("default_branch"));
    let uses: Vec<&str> = publish["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(uses.contains(&"actions/deploy-pages@v4"), "{uses:?}");
    let lines = shell_lines(&yaml);
    assert!(lines.iter().any(|l| l.contains("aws s3 sync public/")));
    assert!(lines.iter().any(|l| l.contains("rsync -a --delete")));
    assert_eq!(commands_exist(&lines), 3);
    // Notify runs after the deployment, keeps its record even when it fails, and only where
    // the site has a notify.yaml.
    let steps: Vec<&serde_yaml::Value> = yaml["jobs"]["publish"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .collect();
    let at = |name: &str| steps.iter().position(|s| s["name"] == name).unwrap();
    assert!(at("Notify subscribers") > steps.iter().position(|s| s["id"] == "deploy").unwrap());
    assert!(at("Save the delivery record") > at("Notify subscribers"));
    let save_if = steps[at("Save the delivery record")]["if"]
        .as_str()
        .unwrap();
    assert!(save_if.starts_with("always()"), "{save_if}");
    assert!(
        text.contains("--features notify-send"),
        "the install has notify's sending"
    );
}

#[test]
fn the_gitlab_pipeline_checks_merge_requests_and_publishes_pages() {
    let (text, yaml) = recipe("gitlab.yml");
    let check = &yaml["check"];
    assert!(
        check["rules"][0]["if"]
            .as_str()
            .unwrap()
            .contains("merge_request_event")
    );
    assert_eq!(
        yaml["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public")
    );
    assert!(text.contains("*/5 * * * *"), "the schedule is documented");
    let lines = shell_lines(&yaml);
    assert_eq!(commands_exist(&lines), 3);
    assert_eq!(yaml["notify"]["needs"][0].as_str(), Some("pages"));
    assert_eq!(yaml["notify"]["cache"][1]["when"].as_str(), Some("always"));
}

#[test]
fn docs_ci_shows_the_recipes_exactly_as_init_writes_them() {
    let docs = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    for name in ["github.yml", "gitlab.yml"] {
        let (text, _) = recipe(name);
        let block = format!("```yaml\n{text}```\n");
        assert!(docs.contains(&block), "docs/ci.md lacks {name} as written");
    }
}
