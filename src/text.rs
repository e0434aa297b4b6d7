//! Small checks and clean-ups of source text shared by the loader, the checks and the reports:
//! one form of line end, and the invisible characters that must not reach a page address or a
//! title.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// `text` with a leading byte-order mark removed and every line end made `\n`: CRLF (Windows)
/// and a lone CR (classic Mac OS). Line and column numbers are counted on this form, so
/// everything that shows a position (the loader, the human report) reads files through it.
pub(crate) fn normalize_source(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    // The common case, LF only, costs one scan and no copy (memchr's vector search: the
    // standard library's `contains` searches a word at a time, 4 % of loading a file).
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The lines of `text`, each with its `\n` (the last may have none): what
/// `str::split_inclusive('\n')` gives, found with memchr's vector search (the standard
/// library's searches a word at a time; finding lines was a tenth of reading a body).
pub(crate) fn lines_with_ends(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// The lines of `text` without their line ends, as `str::lines` gives them (`\n` or `\r\n`),
/// found as [`lines_with_ends`] finds them.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    lines_with_ends(text).map(|line| match line.strip_suffix('\n') {
        Some(line) => line.strip_suffix('\r').unwrap_or(line),
        None => line,
    })
}

/// Where a file's lines end: the byte offset of every `\n`, found once per file and read by
/// every pass that goes line by line (the caps scan, the headings, line numbers), each of
/// which searched for them again.
#[derive(Debug, Default)]
pub(crate) struct LineEnds(Vec<usize>);

impl LineEnds {
    pub(crate) fn of(text: &str) -> Self {
        LineEnds(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The offsets of every `\n` at or after byte `from`, counted from `from`.
    pub(crate) fn after(&self, from: usize) -> impl Iterator<Item = usize> + Clone + '_ {
        let first = self.0.partition_point(|&end| end < from);
        self.0[first..].iter().map(move |&end| end - from)
    }

    /// The 1-based line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&end| end < offset) + 1
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`: the one reckoning of
/// a place in text for every diagnostic that has a byte offset. An offset past the end is
/// the end; one inside a character is that character.
pub(crate) fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// The first character of `s` that must not appear in a file name or a title, with its byte
/// offset in `s`.
///
/// Refused: control characters (Unicode general category Cc: tab, line ends, NUL, ESC, DEL, the
/// C1 controls) and format characters (Cf), which include the bidirectional embeddings,
/// overrides and isolates U+202A–U+202E and U+2066–U+2069, the direction marks U+200E, U+200F and
/// U+061C, zero-width space, the byte-order mark and tag characters. They are invisible, and the
/// bidirectional ones reorder the text shown after them, so a name can pass for another. Allowed:
/// ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER (U+200C, U+200D), which Persian, Indic scripts
/// and emoji sequences need.
///
/// The 1-based character column of the found character is `s[..offset].chars().count() + 1`.
pub fn unsafe_char(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_unsafe(c))
}

/// Whether `c` is one of the characters [`unsafe_char`] looks for.
pub fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    match c.general_category() {
        GeneralCategory::Control => true,
        GeneralCategory::Format => !matches!(c, '\u{200C}' | '\u{200D}'),
        _ => false,
    }
}

/// `s` with every character [`is_unsafe`] finds written as `\u{XXXX}`, so that a message quoting
/// it shows where the character is instead of letting it reorder the terminal's text.
pub(crate) fn escape_unsafe(s: &str) -> Cow<'_, str> {
    if unsafe_char(s).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// What kind of character `c` is, for a message: `U+202E (a right-to-left override)`.
pub(crate) fn describe(c: char) -> String {
    let what = match c {
        '\u{202A}' | '\u{202B}' => "a bidirectional embedding",
        '\u{202C}' | '\u{2069}' => "a bidirectional pop",
        '\u{202D}' => "a left-to-right override",
        '\u{202E}' => "a right-to-left override",
        '\u{2066}'..='\u{2068}' => "a bidirectional isolate",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "a direction mark",
        _ if c.general_category() == GeneralCategory::Control => "a control character",
        _ => "an invisible format character",
    };
    format!("U+{:04X} ({what})", c as u32)
}

/// The 1-based column, counted in characters, where `needle` first appears in `line`: the one
/// rule for pointing a diagnostic at a word (spans, `yaml::occurrences`).
pub(crate) fn column_of(line: &str, needle: &str) -> Option<usize> {
    line.find(needle).map(|at| line[..at].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_of_every_kind_become_lf() {
        let text = "\u{feff}a\r\nb\rc\nd\r".to_string();
        assert_eq!(normalize_source(text), "a\nb\nc\nd\n");
        assert_eq!(normalize_source("a\nb".into()), "a\nb");
    }

    #[test]
    fn lines_are_found_as_the_standard_library_finds_them() {
        let pieces = ["\n", "\r", "a", "微", "\r\n", " ", "\u{2028}", "\u{85}"];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.push(format!("{}\n{}", "x".repeat(5000), "微".repeat(3000)));
        for text in &texts {
            let with: Vec<&str> = lines_with_ends(text).collect();
            assert_eq!(
                with,
                text.split_inclusive('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
            let without: Vec<&str> = lines(text).collect();
            assert_eq!(without, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn line_ends_are_every_lf_from_any_offset() {
        for text in ["", "\n", "a", "a\n", "\n\nb", "微\n信\r\nx\n\n", "x\ny\nz"] {
            let ends = LineEnds::of(text);
            for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let own: Vec<usize> =
                    memchr::memchr_iter(b'\n', &text.as_bytes()[from..]).collect();
                assert_eq!(ends.after(from).collect::<Vec<_>>(), own, "{text:?} {from}");
                assert_eq!(ends.line(from), position(text, from).0, "{text:?} {from}");
            }
        }
    }

    #[test]
    fn finds_bidi_controls_and_format_characters_but_not_joiners() {
        for c in [
            '\u{202A}',
            '\u{202E}',
            '\u{2066}',
            '\u{2069}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{E0041}',
            '\u{0007}',
            '\u{009B}',
            '\t',
        ] {
            let s = format!("ab{c}c");
            assert_eq!(unsafe_char(&s), Some((2, c)), "{:04X}", c as u32);
        }
        for ok in [
            "café",
            "微信登录",
            "क्\u{200D}ष",
            "می\u{200C}خواهم",
            "👨\u{200D}👩\u{200D}👧",
            "a-b_c d",
        ] {
            assert_eq!(unsafe_char(ok), None, "{ok}");
        }
    }

    #[test]
    fn escapes_only_what_it_refuses() {
        assert_eq!(escape_unsafe("a\u{202E}b\u{200D}"), "a\\u{202E}b\u{200D}");
        assert!(matches!(escape_unsafe("微信"), Cow::Borrowed(_)));
        assert_eq!(describe('\u{202E}'), "U+202E (a right-to-left override)");
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\n微信 x\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 3), (2, 1));
        // Columns count characters, not bytes; an offset inside one is that character.
        assert_eq!(position(text, "ab\n微信 ".len()), (2, 4));
        assert_eq!(position(text, 4), (2, 1));
        // Past the end is the end.
        assert_eq!(position(text, 999), (3, 1));
    }
}
