//! Pointing into YAML text: where a word or key is written, and YAML errors as diagnostics
//! with the line and column of the mistake. Shared by `bulletin.yaml` and front matter.

mod aliases;
mod nesting;
mod words;

use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_yaml::Value;
use std::fmt;

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::limits::MAX_NESTING;

/// How many nodes the aliases (`*name`) of one YAML text may repeat: far more than any site
/// needs (a `notify.yaml` that shares a list of components between targets repeats tens),
/// far less than the millions a few lines of aliases of aliases stand for.
pub(crate) const MAX_ALIASED: usize = 10_000;

/// Refuses YAML text that nests more than [`MAX_NESTING`] levels, or whose aliases repeat
/// more than [`MAX_ALIASED`] nodes, before the YAML parser reads it (its work grows with the
/// square of the depth, and with every copy: see `nesting` and `aliases`). `line_offset` is
/// how many lines of `file` precede the text. Every YAML file Bulletin reads goes through
/// this first: front matter, `bulletin.yaml`, `notify.yaml` and a site's UI strings.
pub(crate) fn check_nesting(file: &Path, text: &str, line_offset: usize) -> Result<(), Diagnostic> {
    let over = match nesting::scan(text, MAX_NESTING, MAX_ALIASED) {
        Ok(()) => return Ok(()),
        Err(over) => over,
    };
    let (at, d) = match over {
        nesting::Over::Nesting(at) => (at, Diagnostic::error(
            Code::NestingTooDeep,
            file,
            format!("the YAML nests more than {MAX_NESTING} levels deep here (lists, maps, `[` and `{{`)"),
        )
        .hint("close the `[` or `{` opened before this point, or remove levels: a field, a list and a map in it are all any Bulletin file needs, and reading YAML this deep takes time that grows with the square of its depth")),
        nesting::Over::Aliases(at) => (at, Diagnostic::error(
            Code::TooManyAliased,
            file,
            format!("the YAML's aliases repeat more than {MAX_ALIASED} values by here (each `*name` copies everything its `&name` holds)"),
        )
        .hint("write the values out, or use fewer aliases: copies of copies multiply, so a few lines of aliases can stand for millions of values")),
    };
    let (line, column) = crate::text::position(text, at);
    Err(d.at(line + line_offset, column))
}

/// The bytes of the settings file at `path` (`bulletin.yaml`, `notify.yaml`), or `None` when it
/// holds more than an incident file may ([`crate::limits::MAX_FILE_BYTES`]): reading stops
/// there, also for a special file such as `/dev/zero` that never ends.
pub(crate) fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let cap = crate::limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// The place of the first occurrence of `needle` on each line of `text` that holds it, from
/// 1-based line `from` on: the one "find this text → span" that every pointer into YAML
/// text is made of (a span is line, character column and length in characters).
pub(crate) fn occurrences<'a>(
    text: &'a str,
    from: usize,
    needle: &'a str,
) -> impl Iterator<Item = Span> + 'a {
    let length = needle.chars().count();
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .filter_map(move |(i, line)| {
            let column = crate::text::column_of(line, needle)?;
            Some(Span::new(i + 1, column, length))
        })
}

/// The first of [`occurrences`], found with one search of the text from line `from` on
/// instead of one per line (every component of every front matter is placed this way).
fn first_occurrence(text: &str, from: usize, needle: &str) -> Option<Span> {
    let from = from.max(1);
    // A needle that is empty or holds a line end matches differently within lines.
    if needle.is_empty() || memchr::memchr2(b'\n', b'\r', needle.as_bytes()).is_some() {
        return occurrences(text, from, needle).next();
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    for _ in 1..from {
        start += memchr::memchr(b'\n', &bytes[start..])? + 1;
    }
    // memchr's one-shot search: `str::find` sets up a two-way searcher per call, more work
    // than a front matter's few lines.
    let at = start + memchr::memmem::find(&bytes[start..], needle.as_bytes())?;
    let line_start = memchr::memrchr(b'\n', &bytes[start..at]).map_or(start, |i| start + i + 1);
    let line = from + memchr::memchr_iter(b'\n', &bytes[start..at]).count();
    let column = text[line_start..at].chars().count() + 1;
    Some(Span::new(line, column, needle.chars().count()))
}

/// The 1-based place of the first occurrence of `needle` in `text` (line 1 when absent).
pub(crate) fn locate(text: &str, needle: &str) -> Span {
    if needle.is_empty() {
        return Span::new(1, 1, 1);
    }
    occurrences(text, 1, needle)
        .next()
        .unwrap_or(Span::new(1, 1, 1))
}

/// The place of the `n`-th (0-based) occurrence of `needle` at or after 1-based line `from`
/// (the last one found when there are fewer).
pub(crate) fn locate_nth(text: &str, from: usize, needle: &str, n: usize) -> Span {
    occurrences(text, from, needle)
        .take(n + 1)
        .last()
        .unwrap_or(Span::new(1, 1, 1))
}

/// Splits "text at line L column C" into the text and (L, C).
fn strip_position(s: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = s.rfind(" at line ") else {
        return (s, None);
    };
    let mut nums = s[i + 9..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<usize>().unwrap_or(1));
    match (nums.next(), nums.next()) {
        (Some(line), Some(column)) => (&s[..i], Some((line, column))),
        _ => (s, None),
    }
}

/// A YAML parse error as a diagnostic; `line_offset` is how many lines precede the YAML text.
/// `yaml` is the YAML text, used to point at the offending word itself.
pub(crate) fn yaml_error(
    file: &Path,
    e: &serde_yaml::Error,
    yaml: &str,
    line_offset: usize,
) -> Diagnostic {
    // libyaml words syntax errors as "<what> at line L column C, while <context> at line L2
    // column C2". The positions go in their own fields, and the context's start (an unclosed
    // quote or bracket) is where the fix is, so it wins.
    let full = e.to_string();
    let (what, context) = match full.split_once(", while ") {
        Some((w, c)) => (w, Some(c)),
        None => (full.as_str(), None),
    };
    let (what, what_at) = strip_position(what);
    let mut message = words::plain(what);
    let mut place = what_at.or_else(|| e.location().map(|l| (l.line(), l.column())));
    if let Some(context) = context {
        let (context, context_at) = strip_position(context);
        message = format!("{message} (while {context})");
        place = context_at.or(place);
    }
    let mut d = Diagnostic::error(Code::Yaml, file, message.clone()).hint(
        "check the YAML near this line: indentation, a missing `:` or closing quote/bracket; quote text that contains `: ` or starts with [ { # * & ! | > ' \" %",
    );
    if message.contains("more than one document") {
        // A `--- text` line starts a second YAML document; libyaml gives no position.
        let line = yaml.lines().position(|l| l.starts_with("---")).unwrap_or(0);
        d.message = "a line starting with `---` starts a second YAML document".into();
        d.hint = Some("the front matter ends with a line of just `---`; remove the extra `---` or quote the text on that line".into());
        place = Some((line + 1, 1));
    }
    if let Some((line, column)) = place {
        d = d.at(line + line_offset, column);
    }
    let code = if message.contains("unknown field `") {
        Some(Code::UnknownField)
    } else if message.contains("unknown variant `") {
        Some(Code::UnknownValue)
    } else if message.contains("missing field") {
        d.code = Code::MissingField;
        None
    } else {
        None
    };
    if let Some(code) = code {
        // serde words these as "unknown field `x`, expected one of `a`, `b`".
        let mut parts = message.split('`').skip(1);
        let word = parts.next().unwrap_or("");
        let known: Vec<&str> = parts.skip(1).step_by(2).collect();
        d.code = code;
        d.message = words::unknown_word(&d.message, code, word);
        d.length = word.chars().count();
        // The parser may place these at the start of the enclosing map; the word itself is
        // what needs changing.
        let needle = if code == Code::UnknownField {
            format!("{word}:")
        } else {
            word.to_string()
        };
        let found = locate(yaml, &needle);
        if yaml.contains(needle.as_str()) {
            d.line = Some(found.line + line_offset);
            d.column = Some(found.column);
        }
        d.hint = Some(
            match crate::diagnostics::did_you_mean(word, known.iter().copied()) {
                Some(best) => format!("did you mean '{best}'?"),
                None => format!("expected one of: {}", known.join(", ")),
            },
        );
    }
    d
}

/// YAML text inside a file (`line_offset` lines below its top), for pointing at its parts.
pub(crate) struct YamlText<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub line_offset: usize,
}

impl YamlText<'_> {
    /// Where `key` is written at the top level (its first occurrence elsewhere, else line 1).
    pub(crate) fn key_span(&self, key: &str) -> Span {
        let found = self.text.lines().position(|l| {
            let rest = l
                .strip_prefix(key)
                .or_else(|| {
                    l.strip_prefix('"')
                        .and_then(|r| r.strip_prefix(key)?.strip_prefix('"'))
                })
                .or_else(|| {
                    l.strip_prefix('\'')
                        .and_then(|r| r.strip_prefix(key)?.strip_prefix('\''))
                });
            rest.is_some_and(|r| r.trim_start().starts_with(':'))
        });
        let s = match found {
            Some(i) => Span::new(i + 1, 1, key.chars().count()),
            None => locate(self.text, key),
        };
        Span::new(s.line + self.line_offset, s.column, s.length)
    }

    /// The text after `key:` on its line, without a trailing comment: a plain scalar as the
    /// author wrote it (YAML would read `404` or `1.10` as numbers).
    pub(crate) fn plain_value(&self, key: &str) -> Option<String> {
        let line = self.key_span(key).line.checked_sub(self.line_offset + 1)?;
        let text = self.text.lines().nth(line)?;
        let (_, value) = text.split_once(':')?;
        let value = value.split(" #").next().unwrap_or(value);
        Some(value.trim().to_string())
    }

    /// Where `needle` is first written on or after the file's 1-based line `from` (the
    /// line of a span this text gave, such as [`YamlText::key_span`]'s).
    pub(crate) fn span_after(&self, from: usize, needle: &str) -> Span {
        let row = from.saturating_sub(self.line_offset + 1);
        let found =
            first_occurrence(self.text, row + 1, needle).unwrap_or(Span::new(row + 1, 1, 1));
        Span::new(found.line + self.line_offset, found.column, found.length)
    }

    /// The value of `key` read as `T`, or a located error.
    pub(crate) fn read<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
        value: &Value,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        // Deserialized from the borrowed value: no copy of the YAML tree per field.
        match T::deserialize(value) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(self.value_error(key, &e));
                None
            }
        }
    }

    /// A value that does not fit its field, at the field (or the bad word within it).
    pub(crate) fn value_error(&self, key: &str, e: &serde_yaml::Error) -> Diagnostic {
        let mut d = yaml_error(self.file, e, "", 0);
        d.message = format!("`{key}`: {}", d.message);
        let key_at = self.key_span(key);
        let message = e.to_string();
        let word = unknown_word(&message);
        let span = match word {
            Some(w) if !w.is_empty() => self.span_after(key_at.line, w),
            _ => key_at,
        };
        if d.code == Code::Yaml {
            d.code = Code::BadValue;
            d.hint = Some(format!("see docs/format.md for what `{key}` takes"));
        }
        d.span(span)
    }
}

impl<'a> YamlText<'a> {
    /// Where each key written at the start of a line is (its first line, as [`Self::key_span`]
    /// finds it), in one pass: `key:`, `"key":` or `'key':`.
    pub(crate) fn top_level_keys(&self) -> std::collections::HashMap<&'a str, Span> {
        let mut keys = std::collections::HashMap::new();
        for (i, line) in self.text.lines().enumerate() {
            let key = match line.chars().next() {
                Some(q @ ('"' | '\'')) => line[1..]
                    .split_once(q)
                    .and_then(|(key, rest)| rest.trim_start().starts_with(':').then_some(key)),
                Some(c) if !c.is_whitespace() && !matches!(c, '#' | '-' | '{' | '[') => line
                    .match_indices(':')
                    .map(|(at, _)| at)
                    .find(|&at| line[at + 1..].starts_with([' ', '\t']) || at + 1 == line.len())
                    .map(|at| line[..at].trim_end()),
                _ => None,
            };
            if let Some(key) = key {
                let span = Span::new(i + 1 + self.line_offset, 1, key.chars().count());
                keys.entry(key).or_insert(span);
            }
        }
        keys
    }
}

/// The word serde quotes in "unknown variant `x`, expected …".
fn unknown_word(message: &str) -> Option<&str> {
    message.split('`').nth(1)
}

/// A YAML scalar read as text, whatever YAML thinks its type is (`03:30` may look like a
/// number to some YAML readers).
pub(crate) struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time such as 2023-03-29 03:30")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_written_text() {
        let text = "a: 1\nname: 微信 id\nid: 2\n  id: 3\n";
        assert_eq!(locate(text, "id"), Span::new(2, 10, 2));
        assert_eq!(locate(text, "none"), Span::new(1, 1, 1));
        assert_eq!(locate_nth(text, 3, "id", 0), Span::new(3, 1, 2));
        assert_eq!(locate_nth(text, 3, "id", 1), Span::new(4, 3, 2));
        // Fewer than asked for: the last one found.
        assert_eq!(locate_nth(text, 1, "id", 9), Span::new(4, 3, 2));
        let yaml = YamlText {
            file: Path::new("x.yaml"),
            text,
            line_offset: 10,
        };
        assert_eq!(yaml.span_after(13, "id"), Span::new(13, 1, 2));
        assert_eq!(yaml.span_after(13, "none"), Span::new(13, 1, 1));
    }

    #[test]
    fn the_first_occurrence_is_the_first_of_the_per_line_search() {
        let text = "affected:\n  api: x\n  api/rest: 微信 api\n\nend\n  fe\n";
        for needle in [
            "api", "api/rest", "fe", "微信", "x\n", "", "end", "\n", "none",
        ] {
            for from in 0..9 {
                let per_line = occurrences(text, from, needle).next();
                assert_eq!(
                    first_occurrence(text, from, needle),
                    per_line,
                    "{needle:?} {from}"
                );
            }
        }
    }
}
