//! The site's own sources against crafted input (issue 23, findings 4 and 7, site side): YAML
//! nesting is refused before the YAML parser reads it, in front matter, `bulletin.yaml` and
//! `notify.yaml`; names carry no invisible or control characters; a duplicate incident or
//! component id is an error naming both places.
//!
//! Nothing here is timed. Some inputs are ones the old code could not finish: libyaml's work
//! grows with the square of the flow depth (25,000 / 50,000 / 100,000 `[`: 1.2 / 5.5 / 21.6 s
//! in a release build), so 1,000,000 `[` take hours in this debug build. **On code without
//! the caps the tests marked HANGS do not finish**; with them each takes a fraction of a
//! second. The others fail on that code by their assertions.

use crate::support::*;
use serde_json::Value;

/// The error diagnostics of `check --format json`, and its exit status.
fn errors(site: &TestSite) -> (Vec<Value>, Option<i32>) {
    let (diags, status) = check_json(site);
    let errors = diags
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    (errors, status)
}

/// (code, file, line, column) of each diagnostic.
fn places(diags: &[Value]) -> Vec<(String, String, u64, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn place(code: &str, file: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (code.into(), file.into(), line, column)
}

const MILLION: usize = 1_000_000;

#[test]
fn a_million_brackets_in_front_matter_are_refused_before_the_yaml_parser() {
    // The input. HANGS on code without the caps (see the module comment).
    let site = TestSite::standard();
    let text = format!("---\ntitle: x\nx: {}\n---\n\nBody.\n", "[".repeat(MILLION));
    assert!(text.len() < 4 << 20, "under the file size cap");
    site.write("incidents/x.md", &text);
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    // Over the front matter's 64 KiB on its third line.
    assert_eq!(
        places(&diags),
        [place("front-matter-too-large", "incidents/x.md", 3, 1)],
        "{diags:#?}"
    );
    let build = site.run(&["build"]);
    assert_eq!(build.status, Some(1), "{}", build.stderr);
    assert!(!site.out().exists(), "build wrote a site");
}

#[test]
fn deep_brackets_maps_and_block_lists_in_front_matter_are_refused_at_the_65th_level() {
    // Under the 64 KiB of a front matter. Before, serde_yaml refused these only as "recursion
    // limit exceeded" past 128 levels, after libyaml's quadratic work (`{a: ` 40,000 deep:
    // 46 s in a debug build; 15,000 here).
    let site = TestSite::standard();
    site.write(
        "incidents/brackets.md",
        &format!("---\ntitle: x\nx: {}\n---\n\nBody.\n", "[".repeat(60_000)),
    );
    site.write(
        "incidents/maps.md",
        &format!(
            "---\ntitle: x\nx: {}\n---\n\nBody.\n",
            "{a: ".repeat(15_000)
        ),
    );
    site.write(
        "incidents/lists.md",
        &format!(
            "---\ntitle: x\nx:\n  {}y\n---\n\nBody.\n",
            "- ".repeat(30_000)
        ),
    );
    let (diags, _) = errors(&site);
    assert_eq!(
        places(&diags),
        [
            // The 64th `[`, `-` and `{`: the front matter's mapping is the first level.
            place("nesting-too-deep", "incidents/brackets.md", 3, 3 + 64),
            place("nesting-too-deep", "incidents/lists.md", 4, 1 + 2 * 64),
            place("nesting-too-deep", "incidents/maps.md", 3, 4 + 4 * 63),
        ],
        "{diags:#?}"
    );
    let hint = diags[0]["hint"].as_str().unwrap();
    assert!(hint.contains("close the `[` or `{`"), "{hint}");
}

#[test]
fn bulletin_yaml_and_notify_yaml_are_read_with_the_same_bound() {
    // HANGS on code without the nesting check (see the module comment).
    let site = TestSite::new(&format!("{CONFIG}description: {}\n", "[".repeat(MILLION)));
    let line = CONFIG.lines().count() as u64 + 1;
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        places(&diags),
        [place("nesting-too-deep", "bulletin.yaml", line, 14 + 63)],
        "{diags:#?}"
    );

    let site = TestSite::standard();
    site.write(
        "notify.yaml",
        &format!("targets: {}\n", "[".repeat(MILLION)),
    );
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        places(&diags),
        [place("nesting-too-deep", "notify.yaml", 1, 10 + 63)],
        "{diags:#?}"
    );
}

#[test]
fn names_with_control_format_or_direction_characters_are_refused_each_at_its_place() {
    // A raw right-to-left override, and NUL and ESC written as YAML escapes (libyaml refuses
    // them raw); before, `check` passed all of them and the badge SVG was not XML.
    let config = CONFIG
        .replace("title: Test Status", "title: \"Test\\u200BStatus\"")
        .replace("name: WeChat", "name: We\u{202E}tahC")
        .replace("name: Login", "name: \"\\e[31mLogin\"")
        .replace("name: Mail", "name: \"Ma\\0il\"");
    let site = TestSite::new(&config);
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        places(&diags),
        [
            // Written as escapes: at the key; written as is: at the character.
            place("bad-name", "bulletin.yaml", 1, 1),
            place("bad-name", "bulletin.yaml", 7, 13),
            place("bad-name", "bulletin.yaml", 9, 9),
            place("bad-name", "bulletin.yaml", 16, 9),
        ],
        "{diags:#?}"
    );
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages[1].contains("product 'wechat'"), "{messages:?}");
    assert!(messages[1].contains("We\\u{202E}tahC"), "{messages:?}");
    assert!(
        messages[1].contains("U+202E (a right-to-left override)"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("feature 'wechat/login'"),
        "{messages:?}"
    );
    assert!(messages[2].contains("U+001B"), "{messages:?}");
    assert!(messages[3].contains("U+0000"), "{messages:?}");
    assert!(
        messages
            .iter()
            .all(|m| !m.contains(['\0', '\u{1b}', '\u{202e}']))
    );
}

#[test]
fn a_name_with_markup_characters_and_any_script_makes_a_well_formed_badge() {
    let config = CONFIG.replace("name: WeChat", "name: \"R&D <ops> \\\"微信\\\" été\"");
    let site = TestSite::new(&config);
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.run(&["build"]).ok();
    for badge in ["badges/wechat.svg", "badges/wechat/login.svg"] {
        let svg = std::fs::read_to_string(site.out().join(badge)).unwrap();
        let titles = xml_texts(&svg, &["svg", "title"]);
        assert_eq!(titles.len(), 1, "{svg}");
        assert!(titles[0].starts_with("R&D "), "{titles:?}");
        assert!(titles[0].contains("\"微信\" été"), "{titles:?}");
    }
}

#[test]
fn a_slug_used_twice_in_different_folders_names_both_files() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/2023/outage.md", GOOD_INCIDENT);
    site.write("incidents/2024/outage.md", GOOD_INCIDENT);
    let (diags, _) = errors(&site);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "duplicate-slug");
    assert_eq!(diags[0]["file"], "incidents/2024/outage.md");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("incidents/2023/outage.md"), "{message}");
}

#[test]
fn a_component_id_listed_twice_names_the_first_listing_too() {
    let config = format!("{CONFIG}  - id: wechat\n    name: Again\n");
    let site = TestSite::new(&config);
    let (diags, _) = errors(&site);
    let second = config.lines().count() as u64 - 1;
    assert_eq!(
        places(&diags),
        [place("duplicate-component", "bulletin.yaml", second, 5)],
        "{diags:#?}"
    );
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("(first at line 6)"), "{message}");

    let config = CONFIG.replace(
        "      - id: pay\n        name: Pay\n",
        "      - id: login\n        name: Again\n",
    );
    let (diags, _) = errors(&TestSite::new(&config));
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.contains("feature 'wechat/login' is listed twice (first at line 9)"),
        "{message}"
    );
}

#[test]
fn aliases_that_copy_millions_of_values_are_refused_before_the_parser_runs() {
    // 15 KB: 3,000 aliases of a list of 3,000 values. serde_yaml built all 9,000,000 of them
    // (730 MB, over a minute) before reporting the unknown fields `a` and `b`.
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        &format!(
            "---\ntitle: x\na: &a [{}]\nb: [{}]\n---\n\nBody.\n",
            "x,".repeat(3000),
            "*a,".repeat(3000)
        ),
    );
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    // Each alias copies 3,001 values: the 4th passes 10,000.
    assert_eq!(
        places(&diags),
        [place("too-many-aliased", "incidents/x.md", 4, 5 + 3 * 3)],
        "{diags:#?}"
    );
}

#[test]
fn a_few_aliases_in_bulletin_yaml_are_fine() {
    let config = CONFIG
        .replace(
            "name: WeChat",
            "name: WeChat\n    description: &chat Messaging",
        )
        .replace("name: QQ", "name: QQ\n    description: *chat");
    let site = TestSite::new(&config);
    site.write("incidents/login.md", GOOD_INCIDENT);
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(0), "{diags:#?}");
}

#[test]
fn settings_files_are_read_no_further_than_the_file_cap() {
    // Before, both were read whole, whatever their size (or forever, for a link to /dev/zero).
    let padding = format!("# {}\n", "x".repeat(1 << 20)).repeat(5);
    let site = TestSite::new(&format!("{CONFIG}{padding}"));
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    assert_eq!(diags[0]["code"], "file-too-large", "{diags:#?}");
    assert_eq!(diags[0]["file"], "bulletin.yaml");

    let site = TestSite::standard();
    site.write("notify.yaml", &format!("targets: []\n{padding}"));
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        places(&diags),
        [place("file-too-large", "notify.yaml", 0, 0)]
    );
}

#[test]
fn front_matter_over_64_kib_is_refused_at_the_line_that_passes_it() {
    // 10,000 unknown fields (90 KB): before, each was looked for from the top of the file,
    // and the file took minutes to check.
    let site = TestSite::standard();
    let fields: String = (0..10_000).map(|i| format!("k{i:05}: x\n")).collect();
    site.write(
        "incidents/x.md",
        &format!("---\ntitle: x\n{fields}---\n\nBody.\n"),
    );
    let (diags, status) = errors(&site);
    assert_eq!(status, Some(1));
    // Line 1 is `---`; 9 bytes of `title: x` and 10 bytes per field: byte 65,536 is in the
    // 6,553rd field, on line 2 + 6,553.
    assert_eq!(
        places(&diags),
        [place(
            "front-matter-too-large",
            "incidents/x.md",
            2 + 6553,
            1
        )],
        "{diags:#?}"
    );
}
