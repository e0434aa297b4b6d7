//! The CI recipe of docs/notify.md, run end to end: its steps in order, as written (the
//! deployed site is a folder served on 127.0.0.1, the cache steps keep the workspace's
//! folder, the publish step copies `public/`), over three CI runs and a lost record.
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use std::path::{Path, PathBuf};

use crate::support::notify::{Receiver, publish, serve};
use crate::support::{CONFIG, TestSite, repo};
use serde_yaml::Value;

/// The recipe's steps.
fn recipe() -> Vec<Value> {
    let doc = std::fs::read_to_string(repo().join("docs/notify.md")).unwrap();
    let block = doc
        .split("```yaml\n")
        .find(|b| b.starts_with("# Bulletin notify recipe"))
        .expect("docs/notify.md has the recipe")
        .split("```")
        .next()
        .unwrap();
    let yaml: Value = serde_yaml::from_str(block).expect("the recipe is YAML");
    yaml["jobs"]["publish"]["steps"]
        .as_sequence()
        .unwrap()
        .clone()
}

struct Ci {
    site: TestSite,
    deployed: PathBuf,
    port: u16,
    bin: tempfile::TempDir,
    receiver: Receiver,
}

impl Ci {
    /// One CI run at `epoch` (SOURCE_DATE_EPOCH): every step of the recipe, in order.
    fn run(&self, epoch: &str) {
        for step in recipe() {
            let name = step["name"].as_str().unwrap_or("");
            if let Some(script) = step["run"].as_str() {
                self.shell(script, &step["env"], epoch, name);
            } else if name == "Publish" {
                publish(self.site.path(), &self.deployed);
            }
            // checkout, cache restore and save: the workspace (and its .notify-state) stays.
        }
    }

    fn shell(&self, script: &str, env: &Value, epoch: &str, name: &str) {
        let script = script.replace(
            "https://status.example.com",
            &format!("http://127.0.0.1:{}", self.port),
        );
        let path = format!(
            "{}:{}",
            self.bin.path().display(),
            std::env::var("PATH").unwrap()
        );
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["-eo", "pipefail", "-c", &script])
            .current_dir(self.site.path());
        cmd.env("PATH", path)
            .env("SOURCE_DATE_EPOCH", epoch)
            .env("NO_COLOR", "1");
        for (k, _) in env.as_mapping().into_iter().flatten() {
            let k = k.as_str().unwrap();
            let value = match k {
                "SLACK_WEBHOOK_URL" => self.receiver.url("/slack"),
                "WEBHOOK_SECRET" => "recipe-secret".to_string(),
                _ => panic!("the test does not know the secret {k}"),
            };
            cmd.env(k, value);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "step `{name}` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn ci() -> Ci {
    let receiver = Receiver::start();
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", INCIDENT);
    site.write("notify.yaml", &format!(
        "targets:\n  - {{ name: ops, type: slack, url_env: SLACK_WEBHOOK_URL }}\n  - {{ name: partners, type: webhook, url: \"{}\", secret_env: WEBHOOK_SECRET }}\n",
        receiver.url("/hook")
    ));
    let deployed = site.path().join("deployed-site");
    std::fs::create_dir_all(&deployed).unwrap();
    let port = serve(deployed.clone());
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_bulletin"), bin.path().join("bulletin"))
        .unwrap();
    Ci {
        site,
        deployed,
        port,
        bin,
        receiver,
    }
}

const INCIDENT: &str = "---\ntitle: Login failures\naffected:\n  wechat/login: major_outage\n---\nSlow.\n\n## Timeline\n\n### 2026-11-23 19:00 · investigating\nLooking.\n";

// 2026-11-23 12:00, 12:30, 13:00, 13:30 UTC (20:00 … 21:30 in the site's zone).
const T: [&str; 4] = ["1795435200", "1795437000", "1795438800", "1795440600"];

#[test]
fn the_recipe_announces_each_update_once_across_runs_and_a_lost_record() {
    let ci = ci();
    // The first run: nothing was published before, so nothing is announced.
    ci.run(T[0]);
    assert!(
        ci.receiver.requests().is_empty(),
        "{:#?}",
        ci.receiver.requests()
    );
    assert!(Path::new(&ci.deployed.join("api/notify.json")).is_file());

    ci.site.write(
        "incidents/login.md",
        &format!("{INCIDENT}\n### 20:15 · identified\nA bad deploy.\n"),
    );
    ci.run(T[1]);
    let got = ci.receiver.delivered();
    assert_eq!(got.len(), 2, "one message per target: {got:#?}");
    let hook = got.iter().find(|q| q.path == "/hook").unwrap();
    assert_eq!(hook.json()["bulletin"]["event_id"], "update:login#1");

    // Nothing new: nothing sent.
    ci.run(T[2]);
    assert_eq!(ci.receiver.requests().len(), 2);

    // The record is lost (an expired cache): the published manifest is the baseline.
    std::fs::remove_dir_all(ci.site.path().join(".notify-state")).unwrap();
    ci.run(T[3]);
    assert_eq!(
        ci.receiver.requests().len(),
        2,
        "{:#?}",
        ci.receiver.requests()
    );
}
