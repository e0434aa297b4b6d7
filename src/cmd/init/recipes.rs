//! The CI recipes `init --ci` writes (also shown in docs/ci.md), filled in with the version
//! of Bulletin that writes them and the project's own address, so a new site's CI installs
//! exactly that release (the Action, the installer) and never compiles Bulletin.

use super::Ci;

/// The GitHub Actions workflow, with `{action}` and `{version}` to fill in.
const GITHUB_WORKFLOW: &str = include_str!("ci/github.yml");
/// The GitHub Actions workflow that turns a submitted issue form into a change (issue forms).
const GITHUB_ISSUE_WORKFLOW: &str = include_str!("ci/github-issues.yml");
/// The GitLab CI/CD pipeline, with `{repository}` and `{version}` to fill in.
const GITLAB_PIPELINE: &str = include_str!("ci/gitlab.yml");

/// The version that writes the recipe, which the recipe installs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The project's address: Cargo.toml's `repository`, the one place it is written.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// `owner/name` of the project on GitHub, which is also how its Action is named.
fn action() -> &'static str {
    REPOSITORY
        .trim_end_matches('/')
        .strip_prefix("https://github.com/")
        .expect("Cargo.toml's repository is a GitHub address")
}

/// Where the recipe is written in the new site, and its text.
pub fn recipe(ci: Ci) -> (&'static str, String) {
    let (path, text) = match ci {
        Ci::Github => (".github/workflows/status-page.yml", GITHUB_WORKFLOW),
        Ci::Gitlab => (".gitlab-ci.yml", GITLAB_PIPELINE),
    };
    (path, fill(text))
}

/// Where the issue-form workflow is written (with `--ci github`), and its text.
pub fn issue_workflow() -> (&'static str, String) {
    (
        ".github/workflows/status-page-issues.yml",
        fill(GITHUB_ISSUE_WORKFLOW),
    )
}

/// A recipe's text with the action, the project's address and the version filled in.
fn fill(text: &str) -> String {
    text.replace("{action}", action())
        .replace("{repository}", REPOSITORY.trim_end_matches('/'))
        .replace("{version}", VERSION)
}

/// The files `--ci` adds to a new site: one list, which other files of a CI choice join.
pub fn files(ci: Ci) -> Vec<(String, String)> {
    let (path, text) = recipe(ci);
    let mut files = vec![(path.to_string(), text)];
    if ci == Ci::Github {
        let (path, text) = issue_workflow();
        files.push((path.to_string(), text));
    }
    files
}

/// The step the recipe cannot take itself (docs/ci.md), said once the site is written.
pub fn by_hand(ci: Ci) -> &'static str {
    match ci {
        Ci::Github => {
            "Once pushed to GitHub, one step by hand: Settings → Pages → Source: GitHub Actions."
        }
        Ci::Gitlab => {
            "Once pushed to GitLab, add a schedule (Build → Pipeline schedules) so the page follows the clock."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        for ci in [Ci::Github, Ci::Gitlab] {
            let (_, text) = recipe(ci);
            let (_, issues) = issue_workflow();
            for text in [text, issues] {
                for key in ["{action}", "{repository}", "{version}"] {
                    assert!(!text.contains(key), "{key} left in a recipe");
                }
            }
        }
        assert_eq!(action(), "bulletin-status/bulletin");
    }
}
