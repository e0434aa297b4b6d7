//! The common case of incident text, written without pulldown-cmark: paragraphs of plain
//! words, which is what nearly every update says. Markdown gives such text exactly one
//! rendering (`<p>`, the lines as written, `</p>`), so building it directly is the same HTML
//! for a fraction of the work; anything that could mean more than words (any Markdown or HTML
//! punctuation, a line that starts otherwise than with a letter, spacing at a line's ends)
//! goes to the parser. A test holds the two to the same bytes.

/// `source` as HTML when it is only paragraphs of plain words, else `None`.
pub(super) fn paragraphs(source: &str) -> Option<String> {
    let mut html = String::with_capacity(source.len() + source.len() / 8 + 8);
    let mut open = false;
    for line in source.split('\n') {
        if line.is_empty() {
            if open {
                html.push_str("</p>\n");
                open = false;
            }
            continue;
        }
        if !plain_line(line) {
            return None;
        }
        if open {
            html.push('\n');
        } else {
            html.push_str("<p>");
            open = true;
        }
        html.push_str(line);
    }
    if open {
        html.push_str("</p>\n");
    }
    Some(html)
}

/// A line that Markdown can only read as words of a paragraph: it starts with a letter (no
/// block marker, list number or indentation), ends without a space (no hard break) and holds
/// letters, digits, spaces and punctuation that no Markdown, HTML or extension syntax uses.
fn plain_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    let starts_with_letter = match bytes.first() {
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        _ => line.chars().next().is_some_and(char::is_alphabetic),
    };
    // Nearly all text is ASCII: a table lookup a byte rather than decoding characters (the
    // table refuses every byte of a longer character, so such a line is decoded after).
    let plain = plain_bytes(bytes)
        || (!line.is_ascii()
            && line.chars().all(|c| {
                c.is_alphanumeric() || (c.is_ascii() && PLAIN_ASCII[usize::from(c as u8)])
            }));
    starts_with_letter && bytes.last() != Some(&b' ') && plain
}

/// Whether every byte is one [`PLAIN_ASCII`] takes: sixteen bytes at a time without a
/// branch for each, which is most of the work of a plain paragraph.
fn plain_bytes(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(16);
    let whole =
        chunks.all(|chunk| (chunk.iter()).fold(true, |all, &b| all & PLAIN_ASCII[usize::from(b)]));
    whole && (chunks.remainder().iter()).all(|&b| PLAIN_ASCII[usize::from(b)])
}

/// The ASCII bytes a plain line may hold.
static PLAIN_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b' ' | b'.' | b',' | b';' | b'?' | b'(' | b')' | b'/' | b'%'
            );
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::paragraphs;

    /// What pulldown-cmark makes of `source`, with Bulletin's options.
    fn parsed(source: &str) -> String {
        let mut html = String::new();
        let events = pulldown_cmark::Parser::new_ext(source, super::super::options());
        pulldown_cmark::html::push_html(&mut html, events);
        html
    }

    #[test]
    fn plain_paragraphs_are_what_the_parser_writes() {
        for source in [
            "words",
            "Two lines\nof one paragraph.\n",
            "One.\n\nTwo, three (four); 5% of requests/sec?\n\n\n\nLast",
            "数据库故障\n\n已恢复",
            "Trailing newlines\n\n\n",
            "\n\nLeading blank lines",
        ] {
            assert_eq!(
                paragraphs(source).as_deref(),
                Some(parsed(source).as_str()),
                "{source:?}"
            );
        }
    }

    #[test]
    fn anything_else_goes_to_the_parser() {
        for source in [
            "1. a list",
            "- item",
            "# heading",
            "a  \nhard break",
            " indented",
            "    code",
            "a *b*",
            "a_b_c",
            "x <b>",
            "AT&T",
            "a [link](x)",
            "a | table",
            "~~gone~~",
            "Title\n===",
            "a: b \\ c",
            "line\r\nend",
            "\ta tab",
            "say \"hi\"",
            "it's",
        ] {
            assert_eq!(paragraphs(source), None, "{source:?}");
        }
    }

    /// A Markdown or HTML character anywhere in a long line (past the checks sixteen bytes
    /// at a time) sends it to the parser; a letter of another script does not.
    #[test]
    fn long_lines_are_checked_at_every_byte() {
        let line = "Plain words of a line long enough for three chunks, and some";
        for at in 1..=line.len() {
            for c in ['*', '_', '<', '&', '`', '[', '~', '|', '\\', '\t', '\r'] {
                let mut source = line.to_string();
                source.insert(at, c);
                assert_eq!(paragraphs(&source), None, "{source:?}");
            }
            for c in ['数', 'é', 'Ω'] {
                let mut source = line.to_string();
                source.insert(at, c);
                let written = paragraphs(&source).expect("plain");
                assert_eq!(written, parsed(&source), "{source:?}");
            }
        }
    }

    /// Every text of a small alphabet (letters, one of them not ASCII, digits, the allowed
    /// punctuation, a full-width comma, spaces, line ends and a few Markdown characters) up to
    /// five characters long: wherever the direct path answers, it answers what the parser does.
    #[test]
    fn every_short_text_agrees_with_the_parser() {
        let alphabet = [
            'a', 'Z', '1', ' ', '\n', '.', ')', '(', '%', '/', '?', '数', '，', '-', '*', '#', '>',
            '=',
        ];
        let mut answered = 0;
        let mut source = String::new();
        let mut digits = vec![0usize; 0];
        for length in 1..=5 {
            digits.clear();
            digits.resize(length, 0);
            loop {
                source.clear();
                source.extend(digits.iter().map(|&d| alphabet[d]));
                if let Some(html) = paragraphs(&source) {
                    assert_eq!(html, parsed(&source), "{source:?}");
                    answered += 1;
                }
                let Some(last) = digits.iter().rposition(|&d| d + 1 < alphabet.len()) else {
                    break;
                };
                digits[last] += 1;
                digits[last + 1..].iter_mut().for_each(|d| *d = 0);
            }
        }
        assert!(answered > 10_000, "{answered}");
    }
}
