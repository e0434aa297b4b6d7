//! Safe output: hostile Markdown and titles come out inert everywhere, and a killed build never
//! leaves a half-written site.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::*;

const HOSTILE: &str = r#"---
title: "</title><script>alert(1)</script><img src=x onerror=alert(2)>"
affected:
  wechat/login: major_outage
---
<script>alert(3)</script>
<img src=x onerror="alert(4)">
[click](javascript:alert(5))
<iframe src="https://evil.example/"></iframe>
<a href="javascript:alert(6)" onclick="alert(7)">x</a>

## Timeline

### 2023-03-29 00:30 · investigating
<svg onload=alert(8)></svg> <script>alert(9)</script>

### 03:30 · resolved
[x](JaVaScRiPt:alert(10))

## Statements

### 03:30 · <b onmouseover=alert(11)>Ops</b> · [Weibo](javascript:alert(12))
> <script>alert(13)</script>

## <script>alert(14)</script> Postmortem
<style>body{display:none}</style><object data="x"></object>
"#;

/// Every tag in `html` (text between `<` and `>`; escaped text has no raw `<`), lower-cased.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or("").to_lowercase())
        .collect()
}

/// Whether `tag` is one of the theme's own scripts, `<script src="…bulletin.js" defer …>` and
/// its words, `…bulletin-strings.js`: the only scripts a page may have (they come from the
/// theme, never from an incident).
fn own_script(tag: &str) -> bool {
    tag.strip_prefix("script src=\"")
        .and_then(|rest| rest.split('"').next())
        .is_some_and(|src| {
            (src.ends_with("/bulletin.js") || src.ends_with("/bulletin-strings.js"))
                && !src.contains(':')
        })
}

fn assert_inert(what: &str, html: &str) {
    let own = tags(html).iter().filter(|t| own_script(t)).count();
    assert!(own <= 2, "{what}: {own} copies of the theme's scripts");
    for tag in tags(html).into_iter().filter(|t| !own_script(t)) {
        let name = tag.split_whitespace().next().unwrap_or("");
        assert!(
            !matches!(
                name,
                "script" | "iframe" | "object" | "embed" | "style" | "svg" | "form"
            ),
            "{what}: <{tag}>"
        );
        assert!(!tag.contains("javascript:"), "{what}: <{tag}>");
        assert!(
            !tag.split_whitespace()
                .skip(1)
                .any(|attr| attr.starts_with("on")),
            "{what}: event handler in <{tag}>"
        );
    }
}

/// The text content of every `<description>` element, unescaped once (as a feed reader does).
fn feed_descriptions(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().expect("feed is well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"description" => {
                inside = true
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"description" => {
                inside = false
            }
            quick_xml::events::Event::Text(t) if inside => {
                out.push(t.decode().unwrap().into_owned())
            }
            quick_xml::events::Event::GeneralRef(r) if inside => {
                let name = r.decode().unwrap().into_owned();
                let ch = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                if let Some(last) = out.last_mut() {
                    last.push_str(ch);
                } else {
                    out.push(ch.to_string());
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn hostile_markdown_and_titles_are_inert_in_every_output_file() {
    let site = TestSite::standard();
    site.write("incidents/hostile.md", HOSTILE);
    site.run(&["build", "--now", "2023-03-29 01:00"]).ok();
    let files = snapshot(&site.out());
    assert!(files.len() > 10);
    let mut checked_feed = false;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let name = path.display().to_string();
        if name.ends_with(".html") {
            assert_inert(&name, &text);
        } else if name.ends_with(".xml") {
            assert!(!text.contains("<script"), "{name}");
            for d in feed_descriptions(&text) {
                assert_inert(&name, &d);
                checked_feed = true;
            }
        } else if name.ends_with(".json") {
            let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            assert!(
                !text.contains('<'),
                "{name}: raw '<' in JSON (must be \\u003c)"
            );
            let mut stack = vec![&value];
            while let Some(v) = stack.pop() {
                match v {
                    serde_json::Value::Object(map) => {
                        if let Some(html) = map.get("content_html").and_then(|h| h.as_str()) {
                            assert_inert(&name, html);
                            checked_feed = true;
                        }
                        stack.extend(map.values());
                    }
                    serde_json::Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        }
    }
    assert!(checked_feed, "the feed carried the hostile incident");
    let page = site.read("public/incidents/hostile/index.html");
    assert!(
        page.contains("&lt;/title&gt;&lt;script&gt;"),
        "the title is shown as text"
    );
    assert!(
        page.contains("<title>&lt;/title&gt;&lt;script&gt;"),
        "and is inert in <title>"
    );
}

#[test]
fn a_killed_build_leaves_the_previous_site_intact() {
    // A site big enough that a debug build takes a while, so kills land mid-build.
    let site = TestSite::new(CONFIG);
    for i in 0..1500 {
        site.write(
            &format!("incidents/i{i:04}.md"),
            &GOOD_INCIDENT.replace("Login failures", &format!("Incident {i} version A")),
        );
    }
    site.run(&["build"]).ok();
    let before = snapshot(&site.out());
    for i in 0..1500 {
        site.write(
            &format!("incidents/i{i:04}.md"),
            &GOOD_INCIDENT.replace("Login failures", &format!("Incident {i} version B")),
        );
    }
    // The complete new site, built elsewhere, to recognise a build that finished.
    let reference = tempfile::tempdir().unwrap();
    let reference_out = reference.path().join("out");
    site.run(&["build", "--output", reference_out.to_str().unwrap()])
        .ok();
    let after = snapshot(&reference_out);

    let mut killed_mid_build = 0;
    for delay_ms in [5u64, 40, 120, 250, 400, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(["build", "--root"])
            .arg(site.path())
            .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&site.out());
        if !finished && now == before {
            killed_mid_build += 1;
        }
        assert!(
            now == before || now == after,
            "after a kill at {delay_ms} ms the output is neither the old nor the new site ({} files)",
            now.len()
        );
        if now == after {
            // The build got through; start again from the old site.
            std::fs::remove_dir_all(site.out()).unwrap();
            restore(&site.out(), &before);
        }
    }
    assert!(killed_mid_build > 0, "at least one kill landed mid-build");
}

/// Writes the files of `snapshot` under `dest`.
fn restore(dest: &std::path::Path, snapshot: &[(std::path::PathBuf, Vec<u8>)]) {
    for (rel, bytes) in snapshot {
        let p = dest.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}
