//! Printing diagnostics: for people (rustc-style, via miette), for tools (JSON lines) and for
//! GitHub Actions (`::error file=…` workflow commands). Every format comes out safe for a
//! terminal (`crate::terminal`): a message, a hint or a quoted source line can hold what a
//! hostile file put there.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::{Diagnostic, Severity};
use crate::terminal::{escape, escape_json};

/// Output styles for `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Words for people, each problem with the lines it is about (on stderr).
    Human,
    /// One JSON object a line, for programs (on stdout).
    Json,
    /// GitHub Actions annotations on the lines of the files (on stdout).
    Github,
}

/// Renders `diagnostics` in `format`. `root` is where relative file names are read from for the
/// source snippets of the human format; `color` turns on ANSI colours there.
pub fn render(diagnostics: &[Diagnostic], format: Format, root: &Path, color: bool) -> String {
    let mut out = String::new();
    // GitHub attaches an annotation to a path in the repository, not in the site folder.
    let base = match format {
        Format::Github => repository_base(root),
        _ => PathBuf::new(),
    };
    for d in diagnostics {
        match format {
            Format::Human => out.push_str(&human(d, root, color)),
            Format::Json => {
                let line = serde_json::to_string(d).expect("diagnostics serialize");
                out.push_str(&escape_json(&line));
                out.push('\n');
            }
            Format::Github if d.file.is_relative() && !base.as_os_str().is_empty() => {
                let mut moved = d.clone();
                moved.file = base.join(&d.file);
                out.push_str(&github(&moved));
            }
            Format::Github => out.push_str(&github(d)),
        }
    }
    out
}

/// Where the site folder `root` is, relative to the top of the git repository it is in (the
/// nearest folder above with a `.git` entry: a folder, or a file in a worktree), else to the
/// working directory; empty when it is that folder, or when neither holds it (paths then stay
/// relative to the site). Looked up on the file system rather than by running `git`, which a
/// CI image may not have on its PATH.
pub(crate) fn repository_base(root: &Path) -> PathBuf {
    let Ok(site) = std::fs::canonicalize(root) else {
        return PathBuf::new();
    };
    let top = site.ancestors().find(|dir| dir.join(".git").exists());
    let top = match top {
        Some(dir) => dir.to_path_buf(),
        None => match std::env::current_dir().and_then(std::fs::canonicalize) {
            Ok(cwd) => cwd,
            Err(_) => return PathBuf::new(),
        },
    };
    site.strip_prefix(&top)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// One diagnostic as a rustc-style report with the offending source line and a marker.
///
/// What it quotes (message, label, hint, the source lines) is escaped before miette lays it
/// out, as miette passes control characters through and its colours are escape sequences
/// that the printing edge cannot tell from a planted one.
pub fn human(d: &Diagnostic, root: &Path, color: bool) -> String {
    // Read the way the loader read it, so the lines and columns it counted find the same text.
    let source = d
        .line
        .and_then(|_| std::fs::read(root.join(&d.file)).ok())
        .map(|bytes| crate::text::normalize_source(String::from_utf8_lossy(&bytes).into_owned()));
    human_in(d, source, color)
}

/// Renders `diagnostics` for people, quoting `draft` (a file's text as a command proposes to
/// write it, with LF line ends) for the diagnostics about `draft`'s file, and the files on disk
/// for the others: a diagnostic's line and column were counted on the text it was found in,
/// which for an authoring command is the text it was about to write, not what is on disk.
pub fn human_over(
    diagnostics: &[Diagnostic],
    root: &Path,
    color: bool,
    draft: (&Path, &str),
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        if d.file == draft.0 {
            let source = d.line.map(|_| draft.1.to_string());
            out.push_str(&human_in(d, source, color));
        } else {
            out.push_str(&human(d, root, color));
        }
    }
    out
}

/// One diagnostic as [`human`] lays it out, quoting `source` (the text its line and column
/// count in), if there is one.
fn human_in(d: &Diagnostic, source: Option<String>, color: bool) -> String {
    let message = escape(&d.message).into_owned();
    let mut m = MietteDiagnostic::new(message.clone())
        .with_code(d.code.as_str())
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    if let Some(hint) = &d.hint {
        m = m.with_help(escape(hint));
    }
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // miette's own line:column header counts bytes; ours counts characters and goes in the
    // source's name instead.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .without_primary_span_start();
    // A file name may hold a bidirectional override (refused as `bad-slug`): shown raw, it would
    // reorder the terminal line.
    let name = crate::text::escape_unsafe(&d.file.to_string_lossy()).into_owned();
    let mut out = String::new();
    let rendered = match (source, d.line) {
        (Some(src), Some(line)) => {
            let column = d.column.unwrap_or(1);
            let (src, at) = excerpt(&src, line, column);
            let (offset, len) = byte_span(&src, line, at, d.length);
            let (src, offset, len) = escaped_source(&src, offset, len);
            let label = d
                .label
                .as_deref()
                .map_or(message, |l| escape(l).into_owned());
            let m = m.with_label(LabeledSpan::at(offset..offset + len, label));
            let named = NamedSource::new(format!("{name}:{line}:{column}"), src);
            let report = miette::Report::new(m).with_source_code(named);
            handler.render_report(&mut out, report.as_ref())
        }
        // No source to show (a file that is not the site's, such as a secret subscriber list
        // named by its variable): the place is said in words.
        (_, line) => {
            let place = line.map_or_else(
                || name.clone(),
                |l| format!("{name}:{l}:{}", d.column.unwrap_or(1)),
            );
            let m = MietteDiagnostic {
                message: format!("{place}: {message}"),
                ..m
            };
            handler.render_report(&mut out, &m)
        }
    };
    if rendered.is_err() {
        out = format!("{}: {name}: {}\n", d.code, escape(&d.message));
    }
    out.push('\n');
    out
}

/// `src` escaped for a terminal, with the byte span `offset..offset + len` moved to where its
/// text is in the escaped form (a marked ESC is marked as its `\u{001B}`).
fn escaped_source(src: &str, offset: usize, len: usize) -> (String, usize, usize) {
    let before = escape(&src[..offset]);
    let marked = escape(&src[offset..offset + len]);
    let after = escape(&src[offset + len..]);
    (
        format!("{before}{marked}{after}"),
        before.len(),
        marked.len(),
    )
}

/// How many characters of a source line a report shows: a 1 MB line (a pasted log, a
/// generated file over a limit) is shown as a window around the marked column.
const SHOWN_CHARS: usize = 120;

/// The part of `src` a report shows for `line`/`column` (1-based): the line and its
/// neighbours, each cut to [`SHOWN_CHARS`] around the column, with the lines above left empty
/// so the line numbers stay right; and the column within the cut line. Returns `src` as it
/// is when no line needs cutting.
fn excerpt(src: &str, line: usize, column: usize) -> (String, usize) {
    let first = line.saturating_sub(2);
    let lines: Vec<&str> = src.lines().skip(first).take(3).collect();
    if lines.iter().all(|l| l.len() <= SHOWN_CHARS) {
        return (src.to_string(), column);
    }
    let mut out = "\n".repeat(first);
    let mut at = column;
    for (i, text) in lines.iter().enumerate() {
        let start = if first + i + 1 == line {
            column.saturating_sub(SHOWN_CHARS / 3 + 1)
        } else {
            0
        };
        let mut shown: String = text.chars().skip(start).take(SHOWN_CHARS).collect();
        if start > 0 {
            shown.insert(0, '…');
        }
        if text.chars().count() > start + SHOWN_CHARS {
            shown.push('…');
        }
        if first + i + 1 == line {
            at = column - start + usize::from(start > 0);
        }
        out.push_str(&shown);
        out.push('\n');
    }
    (out, at)
}

/// One diagnostic on one line: `warning[code]: file:line:col: message (hint)`.
pub fn short(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut place = crate::text::escape_unsafe(&d.file.to_string_lossy()).into_owned();
    if let Some(line) = d.line {
        let _ = write!(place, ":{line}:{}", d.column.unwrap_or(1));
    }
    let mut out = format!("{level}[{}]: {place}: {}", d.code, d.message);
    if let Some(hint) = &d.hint {
        let _ = write!(out, " ({hint})");
    }
    out.push('\n');
    escape(&out).into_owned()
}

/// One diagnostic as a GitHub Actions workflow command, which annotates the line in review.
pub(crate) fn github(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!(
        "::{level} file={}",
        escape_property(&d.file.to_string_lossy())
    );
    if let Some(line) = d.line {
        let _ = write!(out, ",line={line}");
    }
    if let Some(col) = d.column {
        let _ = write!(out, ",col={col}");
    }
    let _ = write!(out, ",title={}::", escape_property(d.code.as_str()));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(" (hint: ");
        message.push_str(hint);
        message.push(')');
    }
    out.push_str(&escape_data(&message));
    out.push('\n');
    out
}

/// Byte offset and byte length in `src` of `length` characters starting at 1-based
/// `line`/`column` (columns count characters), clamped to the line.
fn byte_span(src: &str, line: usize, column: usize, length: usize) -> (usize, usize) {
    let line_start: usize = src
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = src[line_start.min(src.len())..]
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    let mut chars = line_text.char_indices().skip(column.saturating_sub(1));
    let start = chars.next().map(|(i, _)| i).unwrap_or(line_text.len());
    let end = line_text[start..]
        .char_indices()
        .nth(length.max(1))
        .map(|(i, _)| start + i)
        .unwrap_or(line_text.len());
    (line_start + start, end - start)
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,. The
// other control characters are escaped as for a terminal: a log is shown on one, and GitHub's
// log viewer acts on colour sequences.
fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape(&s).into_owned()
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn github_lines_escape_and_carry_position() {
        let d = Diagnostic::error(
            Code::BadTime,
            "incidents/a,b.md",
            "can't parse 'x:y'\nsecond",
        )
        .at(3, 5)
        .hint("use HH:MM");
        assert_eq!(
            github(&d),
            "::error file=incidents/a%2Cb.md,line=3,col=5,title=bad-time::can't parse 'x:y'%0Asecond (hint: use HH:MM)\n"
        );
    }

    /// With colours on, the printing edge passes the report as it is: what it quotes must
    /// already be escaped, the colours (`ESC [ … m`) being the only escape sequences left.
    #[test]
    fn a_coloured_report_quotes_control_characters_escaped() {
        let hostile = "\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J\u{202E}";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), format!("one\ntitle: {hostile}x\n")).unwrap();
        let d = Diagnostic::error(Code::BadTitle, "a.md", format!("bad {hostile}"))
            .at(2, 8)
            .hint(format!("hint {hostile}"));
        let d = Diagnostic {
            length: 5,
            label: Some(format!("label {hostile}")),
            ..d
        };
        let shown = human(&d, dir.path(), true);
        let planted: Vec<_> = shown
            .char_indices()
            .filter(|&(i, c)| {
                (c == '\u{1b}' && !shown[i + 1..].starts_with('['))
                    || (c != '\u{1b}' && c != '\n' && crate::text::is_unsafe(c))
            })
            .collect();
        assert!(planted.is_empty(), "{planted:?} in {shown}");
        for part in ["bad ", "hint ", "label ", "title: "] {
            assert!(
                shown.contains(&format!("{part}\\u{{001B}}]52;c;")),
                "{part}: {shown}"
            );
        }
    }

    #[test]
    fn byte_span_counts_characters_not_bytes() {
        let src = "第一行\n标题：微信\n";
        let (off, len) = byte_span(src, 2, 4, 2);
        assert_eq!(&src[off..off + len], "微信");
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let long = format!("{}X{}", "a".repeat(500_000), "b".repeat(500_000));
        let src = format!("one\ntwo\n{long}\nlast\n");
        let (shown, at) = excerpt(&src, 3, 500_001);
        assert!(shown.len() < 1000, "{} bytes", shown.len());
        let line: Vec<char> = shown.lines().nth(2).unwrap().chars().collect();
        assert_eq!(line[at - 1], 'X');
        let kept: Vec<&str> = shown.lines().collect();
        assert_eq!(
            (kept[0], kept[1], kept[3]),
            ("", "two", "last"),
            "line numbers kept"
        );
        // Short lines are shown whole.
        assert_eq!(excerpt("a\nb\n", 2, 1), ("a\nb\n".to_string(), 1));
        let d = Diagnostic::error(Code::BadTitle, "big.md", "here").at(3, 500_001);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("big.md"), &src).unwrap();
        assert!(human(&d, dir.path(), false).len() < 2000);
    }
}
