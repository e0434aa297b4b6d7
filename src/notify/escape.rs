//! Escaping plain text for each target's markup, one function per platform's rules (they
//! differ: Slack decodes three entities and has no backslash escape; Discord and Teams take
//! CommonMark's backslash escapes and Discord decodes no entity; the Chinese robots document
//! neither), so that an incident's words reach the reader as written and cannot add markup,
//! links or mentions to a message.
//!
//! Where a platform documents no escape, a word joiner (U+2060, invisible, not a space) is put
//! where it stops a mark from pairing or a tag from opening: the reader sees the same
//! characters. Each function names the documentation its rules come from.

/// The word joiner: invisible, and not whitespace to any markup parser.
const WJ: char = '\u{2060}';

/// Slack mrkdwn. Source: Slack API, "Formatting text for app surfaces" → "Escaping text":
/// `&`, `<` and `>` are control characters and must be sent as `&amp;`, `&lt;`, `&gt;` (only
/// those three are decoded). Slack documents no escape for `*bold*`, `_italic_`, `~strike~`
/// and `` `code` ``: a word joiner after each mark stops it pairing; one before a line's
/// leading `&gt;` stops a quote. `@channel`/`@here` get a word joiner too (the text objects
/// are also sent with `verbatim: true`, which turns off Slack's mention parsing).
pub(crate) fn slack(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with('>') {
            out.push(WJ);
        }
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '*' | '_' | '~' | '`' | '@' => {
                    out.push(c);
                    out.push(WJ);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

/// Discord Markdown. Source: Discord developer docs, "Message Formatting" (mentions
/// `<@id>`, `<@&id>`, `<#id>`, `<t:…>`, `@everyone`, `@here`) and the Markdown help article:
/// a backslash before a markdown character shows it as text, and that includes `<` and `@`,
/// so no mention, timestamp or link tag forms. Discord decodes no HTML entity (`&lt;` would
/// be shown as is). The body also carries `allowed_mentions: {parse: []}`.
pub(crate) fn discord(text: &str) -> String {
    backslashed(text, "\\`*_~|<>[]()#-+.!@", &[])
}

/// Microsoft Teams, Adaptive Card `TextBlock`. Source: Adaptive Cards docs, "Text features":
/// a CommonMark subset (`**bold**`, `_italic_`, `- ` and `1. ` lists, `[title](url)`), no HTML;
/// CommonMark's backslash escape makes any of those characters text, and `\&` keeps an
/// entity reference (`&lt;`) from being decoded. `{{DATE(…)}}`/`{{TIME(…)}}` are replaced
/// before Markdown is read, so `{` gets a word joiner instead. Teams has no text mention.
pub(crate) fn teams(text: &str) -> String {
    backslashed(text, "\\`*_<>[]()#-+.!&", &['{'])
}

/// WeCom (企业微信) group robot Markdown. Source: WeCom docs, "群机器人配置说明" → markdown
/// 类型: headings `#`, `**bold**`, `[link](url)`, `` `code` ``, `> quote`,
/// `<font color="…">`, and `<@userid>` mentions. No escape is documented: word joiners after
/// `<` (no tag or mention), `*`, `` ` ``, `]` (no link), `#` (no heading) and before a line's
/// leading `>` (no quote).
pub(crate) fn wecom(text: &str) -> String {
    joined(text, &['<', '*', '`', ']', '#'], &['>'])
}

/// DingTalk custom robot Markdown. Source: DingTalk docs, "自定义机器人发送群消息" → markdown
/// 类型: headings, `> quote`, `**bold**`, `*italic*`, `[link](url)`, `![image](url)`, `- ` and
/// `1. ` lists; clients also render `<font>`. `@` mentions only the numbers listed in `at`
/// (sent empty, `isAtAll: false`). No escape is documented: word joiners as for WeCom, and
/// before a line's leading `-`, `+` or digit (no list item).
pub(crate) fn dingtalk(text: &str) -> String {
    joined(
        text,
        &['<', '*', '_', '`', ']', '#'],
        &[
            '>', '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
        ],
    )
}

/// Feishu/Lark custom bot text message. Source: Feishu docs, "自定义机器人使用指南" and
/// "发送消息内容结构" → 文本 text: plain text, where `<at user_id="…">` mentions (`all`:
/// everyone), `<b>`/`<i>`/`<u>`/`<s>` style and `[text](url)` links. A word joiner after `<`
/// and `]` stops each; an `@` in plain text mentions no one.
pub(crate) fn feishu(text: &str) -> String {
    joined(text, &['<', ']'], &[])
}

/// HTML text (email): `& < > " '` as entities.
pub(crate) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A backslash before each of `marks`; a word joiner after each of `joined`.
fn backslashed(text: &str, marks: &str, joined: &[char]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if marks.contains(c) {
            out.push('\\');
        }
        out.push(c);
        if joined.contains(&c) {
            out.push(WJ);
        }
    }
    out
}

/// A word joiner after each of `after`, and before a line's first visible character when it
/// is one of `line_start`.
fn joined(text: &str, after: &[char], line_start: &[char]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| line_start.contains(&c))
        {
            out.push(WJ);
        }
        for c in line.chars() {
            out.push(c);
            if after.contains(&c) {
                out.push(WJ);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // That each platform reads the escaped text back as written, for every platform, is
    // tested end to end (tests/suite/notify/escape.rs, with each platform's own reading);
    // these pin what each escaper does to the marks that matter.

    #[test]
    fn slack_text_cannot_mention_or_link() {
        let s = slack("<!here> @channel <https://x|y> a & b\n> not a quote");
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        assert!(!s.contains("@channel"), "{s}");
        assert!(s.contains("&amp;"));
        assert!(s.contains("\n\u{2060}&gt; not"), "{s}");
    }

    #[test]
    fn discord_is_backslashed_and_never_entity_encoded() {
        let s = discord("a < b & @everyone **x**");
        assert_eq!(s, "a \\< b & \\@everyone \\*\\*x\\*\\*");
    }

    #[test]
    fn chinese_robots_break_marks_without_visible_change() {
        let s = wecom("<@all> **x** [a](u)\n> q");
        assert!(
            !s.contains("<@") && !s.contains("**") && !s.contains("]("),
            "{s}"
        );
        assert!(s.contains("\n\u{2060}>"), "{s}");
        let s = dingtalk("- item\n1. one *x*");
        assert!(
            s.starts_with('\u{2060}') && s.contains("\n\u{2060}1."),
            "{s}"
        );
        let s = feishu("<at user_id=\"all\"></at>");
        assert!(!s.contains("<at"), "{s}");
    }

    #[test]
    fn html_text_has_no_tags() {
        assert_eq!(
            html("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }
}
