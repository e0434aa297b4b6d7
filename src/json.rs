//! JSON output that stays inert when pasted into HTML.

use serde::Serialize;

/// Pretty JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`
/// so a title such as `</script>` stays inert even where a consumer pastes the JSON
/// into HTML. Those characters only ever occur inside JSON strings, where the escapes mean the
/// same thing. Written in one pass: the escaping is done by the formatter, not afterwards.
pub(crate) fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        HtmlSafe(serde_json::ser::PrettyFormatter::new()),
    );
    value
        .serialize(&mut serializer)
        .expect("values built for JSON serialize");
    out.push(b'\n');
    out
}

/// What [`json_bytes`] writes for `value` where a larger document holds it `depth` levels
/// deep (an element of an array that is a member of the top object is at depth 2), without a
/// newline after it: a document whose parts are kept between renders is assembled from these.
pub(crate) fn json_fragment<T: Serialize + ?Sized>(value: &T, depth: usize) -> Vec<u8> {
    use serde_json::ser::Formatter;
    let mut formatter = HtmlSafe(serde_json::ser::PrettyFormatter::new());
    // The pretty formatter indents by how many objects and arrays are open.
    for _ in 0..depth {
        (formatter.0)
            .begin_object(&mut std::io::sink())
            .expect("a sink takes anything");
    }
    let mut out = Vec::with_capacity(4096);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut serializer)
        .expect("values built for JSON serialize");
    out
}

/// serde_json's pretty formatter, plus escapes for the characters HTML treats specially.
/// serde_json has no option for this, and a second pass over the text cost more than the
/// serialising itself on the 700 KB `api/uptime.json` of a large site.
struct HtmlSafe(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        // Found by memchr, many bytes a step: nearly every string has none of the three.
        for i in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            let escape: &[u8] = match bytes[i] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escape)?;
            start = i + 1;
        }
        writer.write_all(&bytes[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_pretty_and_inert_in_html() {
        let value = serde_json::json!({
            "title": "</script><b>&amp;",
            "nested": { "list": [1, "a<b"], "empty": [] },
        });
        let bytes = json_bytes(&value);
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(!text.contains(['<', '>', '&']), "{text}");
        let expected = serde_json::to_string_pretty(&value)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            + "\n";
        assert_eq!(text, expected);
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, value);
    }

    /// Each of the three escaped wherever it stands in a string, alone or in a run, between
    /// text of other scripts; everything else as serde_json writes it.
    #[test]
    fn every_html_character_is_escaped_wherever_it_stands() {
        let base = "数据 a\"b\\c\n long enough for a vector step of thirty-two bytes";
        for c in ['<', '>', '&'] {
            for at in base.char_indices().map(|(i, _)| i).chain([base.len()]) {
                let mut text = base.to_string();
                text.insert(at, c);
                text.insert(at, c);
                let written = String::from_utf8(json_bytes(&text)).unwrap();
                let plain = serde_json::to_string_pretty(&text).unwrap();
                let escape = format!("\\u{:04x}", c as u32);
                assert_eq!(written, plain.replace(c, &escape) + "\n", "{text}");
            }
        }
    }

    #[test]
    fn a_fragment_is_the_value_as_the_document_writes_it() {
        let part = serde_json::json!({ "a": [1, { "b": "<" }], "c": {} });
        let document = serde_json::json!({ "list": [part] });
        let whole = String::from_utf8(json_bytes(&document)).unwrap();
        let fragment = String::from_utf8(json_fragment(&part, 2)).unwrap();
        assert_eq!(
            whole,
            format!("{{\n  \"list\": [\n    {fragment}\n  ]\n}}\n")
        );
    }
}
