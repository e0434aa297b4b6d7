//! The theme's static files as published: its files as they are, a stylesheet without its
//! comments, and the script's words unless the theme brings its own. Every page loads the
//! stylesheet, so its comments (the theme's notes to its maintainers, about a tenth of the
//! default one) are bytes every reader downloads for nothing. Only comments go: a minifier
//! crate (lightningcss) would rewrite rules too, at the cost of a large dependency, for a
//! few hundred bytes more.

use super::script_strings;
use crate::i18n::Strings;
use crate::output::OutputFile;
use crate::theme::Theme;

/// The static files every build writes: the theme's (stylesheets without their comments) and
/// the script's words in the site's language, unless a theme brings its own file of them.
pub(super) fn files(theme: &Theme, strings: &Strings) -> Vec<OutputFile> {
    let mut statics: Vec<OutputFile> = theme
        .statics()
        .map(|(name, file)| match std::str::from_utf8(&file.bytes) {
            Ok(css) if name.ends_with(".css") => {
                OutputFile::new(name, without_comments(css).into_bytes())
            }
            _ => OutputFile::new(name, file.bytes.clone()),
        })
        .collect();
    if !statics.iter().any(|f| f.path == script_strings::FILE) {
        statics.push(script_strings::file(strings));
    }
    statics
}

/// `css` without its `/* … */` comments (and the line end after a comment that filled its
/// line). Quoted strings are copied as they are, so a `/*` inside `content: "/*"` stays.
/// An unclosed comment runs to the end, as browsers read it.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find(['/', '"', '\'']) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let quote = from.as_bytes()[0];
        if quote == b'/' {
            if let Some(comment) = from.strip_prefix("/*") {
                let end = comment.find("*/").map_or(comment.len(), |e| e + 2);
                rest = &comment[end..];
                // A comment alone on its line leaves no empty line behind.
                if out.is_empty() || out.ends_with('\n') {
                    rest = rest.strip_prefix('\n').unwrap_or(rest);
                }
            } else {
                out.push('/');
                rest = &from[1..];
            }
            continue;
        }
        // A quoted string, to its closing quote (a backslash escapes the next character).
        let bytes = from.as_bytes();
        let mut j = 1;
        while j < bytes.len() && bytes[j] != quote {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        let end = (j + 1).min(from.len());
        out.push_str(&from[..end]);
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::without_comments;

    #[test]
    fn comments_go_and_strings_stay() {
        let css = "/* Theme. */\na { color: red; } /* why */\nb::before { content: \"/* not */\"; }\nc { background: url('x/*y*/z'); }\n/* unclosed";
        assert_eq!(
            without_comments(css),
            "a { color: red; } \nb::before { content: \"/* not */\"; }\nc { background: url('x/*y*/z'); }\n"
        );
        assert_eq!(without_comments("a{}\n/*x*/\nb{}"), "a{}\nb{}");
        assert_eq!(
            without_comments("a { grid-area: 1 / 2; }"),
            "a { grid-area: 1 / 2; }"
        );
        assert_eq!(
            without_comments("q::before { content: \"\\\"/*\"; }"),
            "q::before { content: \"\\\"/*\"; }"
        );
    }

    #[test]
    fn the_default_stylesheet_keeps_every_rule() {
        let css = include_str!("../../themes/default/static/style.css");
        let stripped = without_comments(css);
        assert!(!stripped.contains("/*") && stripped.len() < css.len());
        let braces = |s: &str| (s.matches('{').count(), s.matches('}').count());
        assert_eq!(braces(&stripped), braces(css));
    }
}
