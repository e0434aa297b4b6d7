//! serde's and the YAML parser's phrasing said in the house's words: `check` names what was
//! written and what the key takes, never a Rust type (`struct RawWindow`) or serde's vocabulary
//! (`unknown variant`, `invalid type: sequence`).

use crate::diagnostics::Code;

/// `message` with serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant")
/// said as "unknown field `x`" ("unknown value 'x'"); the hint names the words it takes, or the
/// closest.
pub(super) fn unknown_word(message: &str, code: Code, word: &str) -> String {
    let (serde_phrase, ours) = match code {
        Code::UnknownField => ("unknown field `", format!("unknown field `{word}`")),
        _ => ("unknown variant `", format!("unknown value '{word}'")),
    };
    match message.find(serde_phrase) {
        Some(at) => {
            let rest = &message[at..];
            // What follows serde's phrase, such as " (while parsing …)", is kept.
            let tail = rest.find(" (while ").map_or("", |i| &rest[i..]);
            format!("{}{ours}{tail}", &message[..at])
        }
        None => message.to_string(),
    }
}

/// serde's "invalid type: integer `3`, expected a string" as "a number (3) where text is
/// expected", and the parser's "duplicate entry with key \"title\"" as "`title` is written
/// twice"; any other message as it is.
pub(super) fn plain(message: &str) -> String {
    if let Some(key) = message
        .strip_prefix("duplicate entry with key \"")
        .and_then(|k| k.strip_suffix('"'))
    {
        return format!("`{key}` is written twice; keep one");
    }
    let Some(at) = message.find("invalid type: ") else {
        return message.to_string();
    };
    let rest = &message[at + "invalid type: ".len()..];
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    format!(
        "{}{} where {} is expected",
        &message[..at],
        what_was_written(found),
        what_is_expected(expected)
    )
}

/// serde's name for a value it met, in plain words: `integer `3`` → "a number (3)".
fn what_was_written(found: &str) -> String {
    let (kind, value) = match found.split_once(' ') {
        Some((kind, value)) => (kind, value.trim_matches(['`', '"'])),
        None => (found, ""),
    };
    let kind = match kind {
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "string" => "text",
        "sequence" => "a list",
        "map" => "a map of keys",
        "unit" | "null" => "nothing",
        _ => return format!("'{found}'"),
    };
    let value = value.trim_start_matches("point ").trim_matches('`');
    if value.is_empty() || value == "value" {
        kind.to_string()
    } else {
        format!("{kind} ({value})")
    }
}

/// serde's `expected …` in plain words: a Rust type's name is never shown.
fn what_is_expected(expected: &str) -> &str {
    match expected {
        "a string" | "string" => "text",
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => "a map of keys",
        e if e.starts_with("a sequence") || e == "sequence" => "a list",
        "a boolean" | "bool" => "true or false",
        e if e.starts_with('i') || e.starts_with('u') || e.starts_with("a number") => "a number",
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_phrasing_becomes_plain_words() {
        assert_eq!(
            plain("invalid type: integer `3`, expected a string"),
            "a number (3) where text is expected"
        );
        assert_eq!(
            plain("invalid type: integer `5`, expected struct RawWindow"),
            "a number (5) where a map of keys is expected"
        );
        assert_eq!(
            plain("invalid type: sequence, expected a time such as 2023-03-29 03:30"),
            "a list where a time such as 2023-03-29 03:30 is expected"
        );
        assert_eq!(
            plain("duplicate entry with key \"title\""),
            "`title` is written twice; keep one"
        );
        assert_eq!(
            plain("mapping values are not allowed"),
            "mapping values are not allowed"
        );
    }
}
