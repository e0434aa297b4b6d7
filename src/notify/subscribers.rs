//! An email target's subscriber list: a file outside the repository (its path is a secret,
//! so it is shown as the variable that names it, `$NAME`), one address a line, `#` comments.
//!
//! Each address is checked by the rules the mail library sends by (lettre checks the part
//! before the last `@` and the domain with the `email_address` crate, which is called here
//! too), so `bulletin check` reports every bad line at once with its line and column, and a
//! run that still meets one names the address and its line instead of failing at the server.

use std::net::IpAddr;
use std::path::Path;

use email_address::EmailAddress;

use crate::diagnostics::{Code, Diagnostic, Severity, Span};

/// One address of the list, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subscriber {
    pub address: String,
    /// 1-based line and column (in characters) of the address in the list.
    pub line: usize,
    pub column: usize,
}

/// Why an address is not one, and where in it (a character offset and a length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Problem {
    pub what: &'static str,
    pub at: usize,
    pub len: usize,
}

/// The addresses of a list's text: one a line, blank lines and `#` comments skipped.
pub(crate) fn parse(text: &str) -> Vec<Subscriber> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let address = raw.trim();
            if address.is_empty() || address.starts_with('#') {
                return None;
            }
            let indent = &raw[..raw.len() - raw.trim_start().len()];
            Some(Subscriber {
                address: address.to_string(),
                line: i + 1,
                column: indent.chars().count() + 1,
            })
        })
        .collect()
}

/// What is wrong with `address` as a mailbox lettre can send to, if anything.
pub(crate) fn problem(address: &str) -> Option<Problem> {
    let chars = address.chars().count();
    if let Some(i) = address.chars().position(|c| c.is_whitespace() || c == '<') {
        let what = "write the bare address, with no name, space or `<>`";
        return Some(Problem {
            what,
            at: i,
            len: 1,
        });
    }
    let Some((user, domain)) = address.rsplit_once('@') else {
        let what = "there is no `@`";
        return Some(Problem {
            what,
            at: 0,
            len: chars,
        });
    };
    let user_len = user.chars().count();
    if !EmailAddress::is_valid_local_part(user) {
        let what = "the part before `@` is not a valid mailbox name";
        return Some(Problem {
            what,
            at: 0,
            len: user_len,
        });
    }
    let literal = domain
        .strip_prefix('[')
        .and_then(|d| d.strip_suffix(']'))
        .unwrap_or(domain);
    if !EmailAddress::is_valid_domain(domain) && literal.parse::<IpAddr>().is_err() {
        let what = "the part after `@` is not a valid domain";
        let len = chars - user_len - 1;
        return Some(Problem {
            what,
            at: user_len + 1,
            len,
        });
    }
    None
}

/// Every bad address of the list `list` (`$NAME`), as `severity` (an error for `bulletin
/// check`; a warning for a run, which goes on with the other addresses).
pub(crate) fn diagnostics(
    list: &str,
    subscribers: &[Subscriber],
    severity: Severity,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in subscribers {
        let Some(p) = problem(&s.address) else {
            continue;
        };
        let message = format!("`{}` is not an email address: {}", s.address, p.what);
        let mut d = Diagnostic::error(Code::NotifySubscriber, Path::new(list), message)
            .span(Span::new(s.line, s.column + p.at, p.len))
            .label(p.what)
            .hint("write one address a line, such as name@example.com (`#` starts a comment)");
        d.severity = severity;
        out.push(d);
    }
    out
}

/// "line 3 of $SUBSCRIBERS": where a subscriber was written, for a run's report.
pub(crate) fn place(s: &Subscriber, list: &str) -> String {
    format!("line {} of {list}", s.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_and_columns() {
        let list = parse("\u{feff}# people\n a@example.com\r\n\n\tb@example.com  \n");
        let got: Vec<_> = list
            .iter()
            .map(|s| (&s.address[..], s.line, s.column))
            .collect();
        assert_eq!(got, [("a@example.com", 2, 2), ("b@example.com", 4, 2)]);
    }

    #[test]
    fn what_lettre_refuses_is_refused_and_where() {
        for good in [
            "a@example.com",
            "first.last+tag@sub.example.co",
            "a@[127.0.0.1]",
            "用户@例子.中国",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
        let at = |a: &str| problem(a).map(|p| (p.at, p.len));
        assert_eq!(at("a.example.com"), Some((0, 13)));
        assert_eq!(at("Ann <a@example.com>"), Some((3, 1)));
        assert_eq!(at("a..b@example.com"), Some((0, 4)));
        assert_eq!(at("a@exa_mple..com"), Some((2, 13)));
        assert_eq!(at("a@"), Some((2, 0)));
    }
}
