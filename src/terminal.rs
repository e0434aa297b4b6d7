//! The edge where Bulletin's words reach a terminal. Every message can quote something from
//! input (an imported id, a component name, a title, a line of an incident file, a remote
//! server's reply), and a terminal acts on the control characters in what it is given: OSC 52
//! writes the clipboard, OSC 0 the window title, CSI moves the cursor or hides text, a
//! bidirectional override reorders the line. So nothing is printed but through here, where
//! each such character is shown as a visible `\u{001B}` instead (clippy's `print_stdout` and
//! `print_stderr`, on in lib.rs and main.rs, keep `println!` and friends out of the product).
//!
//! The characters are the ones `crate::text` refuses in titles and names ([`is_unsafe`]), in
//! the same written form ([`escape_unsafe`]), except a line end and a tab, which are the
//! layout of Bulletin's own messages and move the cursor no further than a new line.
//!
//! Written here rather than taken from a crate: the escaping is the few lines below over the
//! project's own character rule, and the crates that do it carry their own, different rule.
//!
//! [`is_unsafe`]: crate::text::is_unsafe
//! [`escape_unsafe`]: crate::text::escape_unsafe

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;

use crate::text::{escape_unsafe, is_unsafe};

/// Bulletin's own layout characters, printed as they are.
const LAYOUT: [char; 2] = ['\n', '\t'];

fn needs_escape(c: char) -> bool {
    is_unsafe(c) && !LAYOUT.contains(&c)
}

/// `text` as it may reach a terminal: every control and invisible format character but a line
/// end and a tab written as `\u{XXXX}`. Borrowed when there is nothing to escape.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for piece in text.split_inclusive(LAYOUT) {
        let (body, end) = match piece.chars().next_back() {
            Some(c) if LAYOUT.contains(&c) => piece.split_at(piece.len() - 1),
            _ => (piece, ""),
        };
        out.push_str(&escape_unsafe(body));
        out.push_str(end);
    }
    Cow::Owned(out)
}

/// `json` (serialized JSON) with the characters [`escape`] shows escaped as JSON `\uXXXX`
/// escapes: serde_json escapes C0 controls only, and leaves DEL, the C1 controls (0x9B is a
/// CSI to some terminals) and bidirectional overrides raw. The value the JSON stands for is
/// unchanged: such characters only occur inside its strings.
pub(crate) fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(needs_escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_escape(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints `text` to standard output, escaped. A closed pipe (`| head`) is not an error of
/// the command, so write errors are ignored.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(escape(text).as_bytes());
    let _ = stdout.flush();
}

/// Prints `text` to standard error, escaped.
pub fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(escape(text).as_bytes());
}

/// Prints a JSON line to standard output, with [`escape_json`].
pub(crate) fn out_json(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", escape_json(line));
    let _ = stdout.flush();
}

/// Prints text that is already safe for a terminal and holds escape sequences of Bulletin's
/// own (the colours of a diagnostic report, whose quoted parts `diagnostics::report` escaped)
/// to standard error as it is.
pub fn err_styled(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `println!` through [`out`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::terminal::out(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` through [`err`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::terminal::err(&format!("{}\n", format_args!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_become_visible_but_the_layout_stays() {
        let hostile = "id \u{1b}]52;c;ZXZpbA==\u{7} \u{1b}]0;pwned\u{7}\u{9b}2J\r\u{202E}x\u{7f}\0";
        let text = format!("{hostile}\n\tnext\n");
        let shown = escape(&text);
        assert_eq!(
            shown,
            "id \\u{001B}]52;c;ZXZpbA==\\u{0007} \\u{001B}]0;pwned\\u{0007}\\u{009B}2J\\u{000D}\\u{202E}x\\u{007F}\\u{0000}\n\tnext\n"
        );
        assert!(matches!(escape("微信 café\n\tok"), Cow::Borrowed(_)));
        assert_eq!(escape(&shown), shown, "escaping twice changes nothing");
    }

    #[test]
    fn json_keeps_its_value_and_loses_raw_controls() {
        let value = serde_json::json!({ "name": "a\u{9b}b\u{202E}c\u{7f}\u{E0041}" });
        let line = serde_json::to_string(&value).unwrap();
        let safe = escape_json(&line);
        assert!(!safe.chars().any(needs_escape), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
