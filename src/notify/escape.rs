//! Escaping plain text for each target's markup, so that an incident's words cannot add
//! markup, links or mentions (`@channel`, `<!here>`, `<at user_id="all">`) to a message.

/// A zero-width joiner after `@`: the text reads the same, and no chat tool sees a mention.
fn defuse_mentions(text: &str) -> String {
    text.replace('@', "@\u{2060}")
}

/// Slack mrkdwn: `&`, `<`, `>` as entities (Slack's own rule; `<!here>` and `<@U1>` need `<`),
/// formatting characters made inert, `@channel` defused.
pub fn slack(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    // Slack has no backslash escape: a zero-width joiner after a formatting mark stops it
    // pairing with the next one.
    let mut out = String::with_capacity(escaped.len());
    for c in defuse_mentions(&escaped).chars() {
        out.push(c);
        if matches!(c, '*' | '_' | '~' | '`') {
            out.push('\u{2060}');
        }
    }
    out
}

/// CommonMark-style Markdown (Discord, Teams, DingTalk, WeCom): every punctuation mark that
/// can start markup is backslash-escaped; `<` and `@` defused.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    defuse_mentions(&out)
}

/// Plain text for chat tools without markup that still read mentions (Feishu text): `<`
/// and `@` defused.
pub fn chat_plain(text: &str) -> String {
    defuse_mentions(&text.replace('<', "<\u{2060}"))
}

/// HTML text (email): `& < > " '` as entities.
pub fn html(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_text_cannot_mention_or_link() {
        let s = slack("<!here> @channel <https://x|y> a & b");
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        assert!(!s.contains("@channel"), "{s}");
        assert!(s.contains("&amp;"));
    }

    #[test]
    fn markdown_text_cannot_link_or_emphasise() {
        let s = markdown("[click](https://evil) **bold** @everyone <b>");
        assert!(s.contains("\\[click\\]\\(https://evil\\)"), "{s}");
        assert!(s.contains("\\*\\*bold\\*\\*"), "{s}");
        assert!(!s.contains("@everyone") && !s.contains("<b>"), "{s}");
    }

    #[test]
    fn html_text_has_no_tags() {
        assert_eq!(
            html("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }
}
