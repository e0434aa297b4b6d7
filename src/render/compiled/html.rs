//! The page being written, and the two ways text goes into it: as it is (markup, and what the
//! template marks `safe`) or escaped exactly as Tera's autoescape escapes `{{ … }}`.

use tera::Value;

/// An HTML page being written.
pub(crate) struct Html {
    bytes: Vec<u8>,
}

impl Html {
    pub(crate) fn with_capacity(capacity: usize) -> Html {
        Html {
            bytes: Vec::with_capacity(capacity),
        }
    }

    /// The page's bytes.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// `markup` as it is: the template's own text, or a value it marks `| safe`.
    pub(crate) fn raw(&mut self, markup: &str) {
        self.bytes.extend_from_slice(markup.as_bytes());
    }

    /// `text` escaped: what `{{ text }}` writes in an autoescaped template.
    pub(crate) fn text(&mut self, text: &str) {
        escape(text, &mut self.bytes);
    }

    /// A template value as `{{ value }}` writes it: nothing for none, a string escaped,
    /// anything else in Tera's own form (a number `50.0`), escaped unless marked safe.
    pub(crate) fn value(&mut self, value: &Value) {
        if let Some(text) = value.as_str().filter(|_| !value.is_safe()) {
            self.text(text);
        } else if value.is_safe() {
            self.raw(&value.to_string());
        } else {
            self.text(&value.to_string());
        }
    }
}

impl Html {
    /// A number as `{{ number }}` writes it: in Tera's own form (`50.0`, not Rust's `50`).
    pub(crate) fn number(&mut self, number: f64) {
        self.value(&Value::from_serializable(&number));
    }
}

/// `text` escaped into `out` by the escaper autoescape uses.
pub(crate) fn escape(text: &str, out: &mut Vec<u8>) {
    // Writing into a vector cannot fail.
    let _ = tera::escape_html(text, out);
}

/// `text` escaped, as a string (for words written on every page, escaped once).
pub(crate) fn escaped(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    escape(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
