//! Markdown as the author wrote it, held as a range of one shared buffer: the loader puts
//! every text of an incident file (its summary, each entry's and statement's Markdown, the
//! postmortem and other sections) into one buffer per file, instead of a `String` each.
//!
//! At 100,000 incidents the parsed incidents are held from load to the end of the render; a
//! separate allocation per entry cost its allocator rounding and header, and a copy at load.
//! A `Text` reads as a `&str` ([`Text::as_str`], or through `Deref`), so readers do not
//! change; cloning one (as a translated copy of an incident does) shares the buffer.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A piece of Markdown: `source[start..end]`. Equality, ordering of bytes and `Debug` are the
/// text's, never the buffer's.
///
/// The bounds are `u32` (a file is at most 4 MiB, `limits::MAX_FILE_BYTES`): at 100,000
/// incidents there are about 800,000 texts, and `usize` bounds cost 8 bytes more each.
#[derive(Clone)]
pub struct Text {
    source: Arc<str>,
    start: u32,
    /// [`WHOLE`]: to the end of the buffer (a text made from a string of its own, however long).
    end: u32,
}

/// The `end` of a text that runs to the end of its buffer.
const WHOLE: u32 = u32::MAX;

impl Text {
    /// `range` of `source`, which must lie on character boundaries (the loader's ranges come
    /// from slicing the same text, so they do).
    pub(crate) fn shared(source: &Arc<str>, range: Range<usize>) -> Text {
        debug_assert!(source.get(range.clone()).is_some(), "a range of its buffer");
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) if end != WHOLE => Text {
                source: Arc::clone(source),
                start,
                end,
            },
            // Beyond what `u32` bounds reach (never for a capped file): a buffer of its own.
            _ => Text::from(source.get(range).unwrap_or_default()),
        }
    }

    /// The Markdown.
    pub fn as_str(&self) -> &str {
        // The range was a slice of this buffer when the text was made (see `shared`).
        let start = self.start as usize;
        let piece = match self.end {
            WHOLE => self.source.get(start..),
            end => self.source.get(start..end as usize),
        };
        piece.unwrap_or_default()
    }
}

#[cfg(test)]
impl Text {
    /// The whole buffer this text is a range of: what holding it keeps alive.
    pub(crate) fn buffer(&self) -> &str {
        &self.source
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from("")
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::whole(Arc::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::whole(Arc::from(text))
    }
}

impl Text {
    /// All of `source`.
    fn whole(source: Arc<str>) -> Text {
        Text {
            source,
            start: 0,
            end: WHOLE,
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Puts `texts` (each a range of some buffer, typically the whole file's) into one new buffer
/// holding exactly their bytes, one after another, and points each at its copy there: what is
/// held is the Markdown, not the file's front matter and headings around it.
pub(crate) fn pack(mut texts: Vec<&mut Text>) {
    let len: usize = texts.iter().map(|t| t.len()).sum();
    let mut buffer = String::with_capacity(len);
    let mut ranges = Vec::with_capacity(texts.len());
    for t in &texts {
        let start = buffer.len();
        buffer.push_str(t.as_str());
        ranges.push(start..buffer.len());
    }
    let source: Arc<str> = Arc::from(buffer);
    for (t, range) in texts.iter_mut().zip(ranges) {
        **t = Text::shared(&source, range);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_reads_as_its_range_and_compares_by_its_words() {
        let file: Arc<str> = Arc::from("---\ntitle: T\n---\nhello world");
        let hello = Text::shared(&file, 17..22);
        assert_eq!(hello.as_str(), "hello");
        assert_eq!(hello, Text::from("hello"));
        assert_eq!(format!("{hello:?}"), "\"hello\"");
        assert!(hello.starts_with("he"), "reads as a str");
    }

    #[test]
    fn a_text_costs_its_buffer_pointer_and_two_u32_bounds() {
        // 32 bytes with `Range<usize>` bounds; ≈ 800,000 texts at 100,000 incidents.
        assert_eq!(std::mem::size_of::<Text>(), 24);
        let whole = Text::from("all of it");
        assert_eq!(whole.as_str(), "all of it");
        let file: Arc<str> = Arc::from("ab");
        assert_eq!(Text::shared(&file, 1..2).as_str(), "b");
        assert_eq!(Text::shared(&file, 2..2).as_str(), "");
    }
}
