//! `bulletin init`'s settings (issue 27, item 6): every flag checked by the configuration's own
//! rules before anything is written; questions asked again with a suggestion on a typo, and
//! one about CI; a `bulletin.yaml` that documents every key; a free folder suggested.

use std::path::Path;

use crate::support::*;

/// `bulletin init <dir> <extra>`.
fn init(dir: &Path, extra: &[&str]) -> Run {
    let args: Vec<&str> = ["init", dir.to_str().unwrap()]
        .into_iter()
        .chain(extra.iter().copied())
        .collect();
    run_from(Path::new("."), &args)
}

#[test]
fn every_flag_is_checked_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    let run = init(
        &root,
        &[
            "--base-url",
            "not-a-url",
            "--timezone",
            "Berlin",
            "--title",
            "Status\u{202e}",
        ],
    );
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    for says in [
        "error: --base-url: base_url 'not-a-url' is not an absolute http(s) URL",
        "error: --timezone: unknown time zone 'Berlin'",
        "(did you mean Europe/Berlin?)",
        "error: --title: the name of the site",
        "nothing was written",
    ] {
        assert!(run.stderr.contains(says), "{says}: {}", run.stderr);
    }
    assert!(!root.exists(), "nothing written");
}

#[test]
fn questions_are_asked_again_with_a_suggestion_and_ci_is_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    // english → offered en (Enter takes it); Berlin → Europe/Berlin (Enter); a title;
    // status.acme.com → https://status.acme.com/ (Enter); gitlb → gitlab (Enter).
    let answers = "english\n\nBerlin\n\nAcme status\nstatus.acme.com\n\ngitlb\n\n";
    let args = ["init", root.to_str().unwrap(), "--ask"];
    let run = run_with_input(Path::new("."), &args, answers);
    run.ok();
    for says in [
        "no language 'english' here",
        "did you mean en? (Enter takes it)",
        "did you mean Europe/Berlin? (Enter takes it)",
        "did you mean https://status.acme.com/? (Enter takes it)",
        "did you mean gitlab? (Enter takes it)",
        "Write a CI workflow: github, gitlab or none [none]",
    ] {
        assert!(run.stderr.contains(says), "{says}: {}", run.stderr);
    }
    let config = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
    for line in [
        "language: en\n",
        "timezone: \"Europe/Berlin\"\n",
        "title: \"Acme status\"\n",
        "base_url: \"https://status.acme.com/\"\n",
    ] {
        assert!(config.contains(line), "{line}: {config}");
    }
    assert!(root.join(".gitlab-ci.yml").is_file());
    run_in(&root, &["check", "--deny-warnings"]).ok();
}

#[test]
fn answers_that_run_out_take_the_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    let args = [
        "init",
        root.to_str().unwrap(),
        "--ask",
        "--language",
        "zh-CN",
    ];
    run_with_input(Path::new("."), &args, "").ok();
    let config = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
    assert!(config.contains("timezone: \"Asia/Shanghai\"\n"), "{config}");
    assert!(!root.join(".github").exists() && !root.join(".gitlab-ci.yml").exists());
}

#[test]
fn a_folder_in_use_is_answered_with_one_that_is_free() {
    let tmp = tempfile::tempdir().unwrap();
    let taken = tmp.path().join("my-status");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("notes.txt"), "mine").unwrap();
    let run = init(&taken, &[]);
    assert_eq!(run.status, Some(2));
    let free = format!("`bulletin init {}-2`", taken.display());
    assert!(run.stderr.contains(&free), "{}", run.stderr);
    // In the current folder: a folder inside it.
    let run = run_from(&taken, &["init"]);
    assert!(
        run.stderr.contains("e.g. `bulletin init status`"),
        "{}",
        run.stderr
    );
}

/// Each line of `text` written as `# key: …` (a key at any depth) with its `# ` removed.
fn uncommented(text: &str) -> String {
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            match rest.strip_prefix("# ") {
                Some(r)
                    if r.split(':').next().is_some_and(|k| {
                        !k.is_empty()
                            && k.trim_start()
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c == '_')
                    }) && r.contains(':') =>
                {
                    format!("{}{r}\n", &line[..indent])
                }
                _ => format!("{line}\n"),
            }
        })
        .collect()
}

/// Every key of `bulletin.yaml` is in the file init writes, set or as a comment with its
/// default; with every comment turned into a setting, the file is still a valid site.
fn documents_every_key(language: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    init(
        &root,
        &[
            "--language",
            language,
            "--timezone",
            "America/Argentina/Buenos_Aires",
        ],
    )
    .ok();
    let written = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
    let all = uncommented(&written);
    let keys = bulletin::config::FIELDS
        .iter()
        .chain(&["hide_uptime", "only_show_if_degraded"]);
    for key in keys {
        assert!(
            all.lines()
                .any(|l| l.trim_start().starts_with(&format!("{key}:"))),
            "{language}: `{key}` is not in init's bulletin.yaml:\n{written}"
        );
    }
    // A value's length never pushes a comment out of line: none follows these values.
    for key in ["title:", "base_url:", "timezone:"] {
        let line = written.lines().find(|l| l.starts_with(key)).unwrap();
        assert!(!line.contains('#'), "{line}");
    }
    std::fs::create_dir(root.join("static")).unwrap();
    std::fs::create_dir(root.join("my-theme")).unwrap();
    for asset in ["logo.svg", "favicon.ico"] {
        std::fs::write(root.join("static").join(asset), "x").unwrap();
    }
    let before = bulletin::config::load(&root, None).unwrap();
    std::fs::write(root.join("bulletin.yaml"), &all).unwrap();
    // Clean but for the `translation-missing` warnings of a site now in two languages whose
    // example incidents have no translation (what `missing_translations: warn` is for).
    let run = run_in(&root, &["check", "--format", "json"]);
    run.ok();
    let others: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.contains("\"code\":\"translation-missing\""))
        .collect();
    assert!(others.is_empty(), "{language}: {others:?}");
    // The values shown are the defaults: set, they change nothing.
    let after = bulletin::config::load(&root, None).unwrap();
    let values = |c: &bulletin::config::Config| {
        format!(
            "{} {} {} {} {:?} {} {} {}",
            c.refresh_seconds,
            c.rebuild_seconds,
            c.feed_items,
            c.component_page_items,
            c.uptime,
            c.show_generator,
            c.allow_raw_html,
            c.allow_remote_images
        )
    };
    assert_eq!(values(&after), values(&before), "{language}");
}

#[test]
fn the_english_settings_document_every_key() {
    documents_every_key("en");
}

#[test]
fn the_chinese_settings_document_every_key() {
    documents_every_key("zh-CN");
}
