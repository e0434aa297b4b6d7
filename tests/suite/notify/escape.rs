//! Each chat target gets text its platform shows as written: an incident whose title and
//! text hold `<`, `&`, `*`, `_`, `@everyone`, an entity-looking `&lt;`, a mention tag and a
//! Markdown link is sent to a loopback receiver, and each request is read back the way its
//! platform documents reading it (Slack decodes three entities; Discord and Teams drop a
//! backslash before punctuation, Teams also decodes entities as CommonMark does; the Chinese
//! robots decode nothing). The reader must see the words exactly, and nothing in the request
//! may form a mention, a link or a mark.
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use crate::support::notify::{Receiver, notify};
use crate::support::{CONFIG, TestSite};
use serde_json::Value;

/// The title as the reader must see it (a plain field: only tags would be dropped).
const TITLE: &str = "Login <1% & *all* of_us @everyone &lt;b&gt;";

const INCIDENT: &str = "\
---
title: \"Login <1% & *all* of_us @everyone &lt;b&gt;\"
affected:
  wechat/login: major_outage
---
Some users cannot log in.

## Timeline

### 2026-11-23 09:00 · investigating
Errors for <2% & \\*most\\* snake_case_users @everyone @here `<@123> [x](https://evil.example) &lt;`
";

/// The update's text as the reader must see it (its Markdown reduced to plain text).
const BODY: &str = "Errors for <2% & *most* snake_case_users @everyone @here <@123> [x](https://evil.example) &lt;";

const WJ: char = '\u{2060}';

/// Sends the update to every chat target; the requests by path.
fn sent() -> Vec<(String, Value)> {
    let r = Receiver::start();
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", INCIDENT);
    site.write(
        "notify.yaml",
        "retry: { max_time: 5s, timeout: 2s, first_wait: 10ms }
targets:
  - { name: slack, type: slack, url_env: SLACK_URL }
  - { name: discord, type: discord, url_env: DISCORD_URL }
  - { name: teams, type: teams, url_env: TEAMS_URL }
  - { name: feishu, type: feishu, url_env: FEISHU_URL }
  - { name: wecom, type: wecom, url_env: WECOM_URL }
  - { name: dingtalk, type: dingtalk, url_env: DINGTALK_URL }
",
    );
    let urls: Vec<(&str, String)> = [
        ("SLACK_URL", "/slack"),
        ("DISCORD_URL", "/discord"),
        ("TEAMS_URL", "/teams"),
        ("FEISHU_URL", "/feishu"),
        ("WECOM_URL", "/wecom"),
        ("DINGTALK_URL", "/dingtalk"),
    ]
    .into_iter()
    .map(|(k, p)| (k, r.url(p)))
    .collect();
    let env: Vec<(&str, &str)> = urls.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let state = site.path().join("state");
    let args = ["--announce-all", "--state", state.to_str().unwrap()];
    let (status, out, err) = notify(site.path(), "2026-11-23 10:00", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let reqs = r.delivered();
    assert_eq!(reqs.len(), 6, "{reqs:#?}");
    reqs.iter().map(|q| (q.path.clone(), q.json())).collect()
}

fn body<'a>(reqs: &'a [(String, Value)], path: &str) -> &'a Value {
    &reqs.iter().find(|(p, _)| p == path).expect(path).1
}

/// CommonMark's reading of escapes (Discord's parser does the same): a backslash before
/// ASCII punctuation shows that character.
fn unbackslash(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// What a reader sees of text that the word joiner only keeps apart.
fn visible(s: &str) -> String {
    s.replace(WJ, "")
}

/// Whether `mark` occurs in `raw` without a backslash before it.
fn active(raw: &str, mark: &str) -> bool {
    raw.match_indices(mark)
        .any(|(i, _)| !raw[..i].ends_with('\\'))
}

fn assert_reads(platform: &str, seen: &str) {
    assert!(seen.contains(TITLE), "{platform}: the title reads\n{seen}");
    assert!(seen.contains(BODY), "{platform}: the text reads\n{seen}");
}

#[test]
fn slack_decodes_three_entities_and_nothing_pairs_or_mentions() {
    let reqs = sent();
    let v = body(&reqs, "/slack");
    let section = &v["blocks"][0]["text"];
    assert_eq!(section["verbatim"], true, "no mention parsing: {v}");
    let raw = section["text"].as_str().unwrap();
    // Slack's rule: `&lt;` `&gt;` `&amp;` are decoded, in that order of meaning.
    let seen = visible(raw)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert_reads("slack", &seen);
    // The bold mark around the title is Bulletin's; no other mark pairs.
    let inner = raw.trim_start_matches('*');
    assert!(
        !inner.contains("*all*") && !inner.contains("*most*"),
        "{raw}"
    );
    assert!(
        !raw.contains("@everyone") && !raw.contains("@here"),
        "{raw}"
    );
    assert!(!raw.contains("<@") && !raw.contains("<!"), "{raw}");
}

#[test]
fn discord_shows_characters_not_entities_and_mentions_nobody() {
    let reqs = sent();
    let v = body(&reqs, "/discord");
    assert_eq!(v["allowed_mentions"]["parse"], serde_json::json!([]));
    let embed = &v["embeds"][0];
    let raw = format!(
        "{}\n{}",
        embed["title"].as_str().unwrap(),
        embed["description"].as_str().unwrap()
    );
    // Discord decodes no entity: `&lt;` would be shown as `&lt;`.
    assert_reads("discord", &visible(&unbackslash(&raw)));
    for mark in ["<@", "@everyone", "@here", "*all*", "](", "<at"] {
        assert!(!active(&raw, mark), "`{mark}` is active in\n{raw}");
    }
}

#[test]
fn teams_text_blocks_read_back_under_commonmark() {
    let reqs = sent();
    let v = body(&reqs, "/teams");
    let blocks = v["attachments"][0]["content"]["body"].as_array().unwrap();
    let raw: Vec<&str> = blocks.iter().map(|b| b["text"].as_str().unwrap()).collect();
    let raw = raw.join("\n");
    // CommonMark decodes entity references: an unescaped `&lt;` would read as `<`.
    let seen = visible(&unbackslash(&raw));
    let decoded_entity = raw.contains("&lt;") && !raw.contains("\\&lt;");
    assert!(!decoded_entity, "`&lt;` would be decoded: {raw}");
    assert_reads("teams", &seen);
    assert!(!raw.contains("*all*") && !raw.contains("]("), "{raw}");
}

/// A robot that documents no escape shows what is sent: the words must be there as
/// written, with no mention tag, link, Markdown emphasis or entity.
fn assert_robot_text(platform: &str, raw: &str, emphasis: bool) {
    // Bulletin's own link to the incident is the one link.
    let own = "[View on the status page](https://status.test/incidents/login/)";
    let raw = raw.replace(own, "");
    assert_reads(platform, &visible(&raw));
    let mut active = vec!["<@", "](", "&lt;2%", "\\*"];
    if emphasis {
        active.push("*all*");
    }
    for mark in active {
        assert!(!raw.contains(mark), "{platform}: `{mark}` in\n{raw}");
    }
}

#[test]
fn wecom_gets_the_characters_with_no_mark_link_or_mention() {
    let reqs = sent();
    let text = body(&reqs, "/wecom")["markdown"]["content"]
        .as_str()
        .unwrap();
    assert_robot_text("wecom", text, true);
}

#[test]
fn dingtalk_gets_the_characters_with_no_mark_link_or_mention() {
    let reqs = sent();
    let v = body(&reqs, "/dingtalk");
    assert_robot_text("dingtalk", v["markdown"]["text"].as_str().unwrap(), true);
    assert_eq!(v["at"]["isAtAll"], false);
}

#[test]
fn feishu_gets_the_characters_with_no_tag_or_link() {
    let reqs = sent();
    let text = body(&reqs, "/feishu")["content"]["text"].as_str().unwrap();
    // Feishu's text has tags and links but no `*` emphasis.
    assert_robot_text("feishu", text, false);
}
