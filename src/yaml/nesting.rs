//! How deeply YAML text nests, found in one linear pass before the YAML parser sees it.
//!
//! Written by hand because no parser we use can be stopped in time: libyaml (under serde_yaml)
//! keeps one possible key per open flow collection and walks that whole stack for every token,
//! so `x: ` followed by 100,000 `[` took 21 s and 1,000,000 minutes, before its own depth limit
//! (128) was even looked at; its tokenizer has no safe interface to stop early.
//!
//! The pass follows libyaml's tokenizer on what is text (quoted, plain and block scalars,
//! comments) and what opens a level (`[` and `{`, and a block mapping key or `-`/`?` entry
//! further right than the collection it is in), so it counts the levels libyaml would. Where
//! the two could differ it counts more, never less: text libyaml would read as a scalar is only
//! skipped under the rules libyaml itself applies (a block scalar's indentation, a plain
//! scalar's continuation lines), so flow openers cannot be hidden from this pass.

/// Line breaks as libyaml knows them: LF, CR (CRLF counts once), NEL, LS and PS.
fn line_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'\n' => Some(1),
        b'\r' => Some(if bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        }),
        0xC2 if bytes.get(i + 1) == Some(&0x85) => Some(2),
        0xE2 if bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
        {
            Some(3)
        }
        _ => None,
    }
}

fn blank(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t'))
}

/// What a line starts inside of, left over from the lines before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A plain scalar that a more indented line (any line, in a flow collection) continues.
    Plain,
    /// A quoted scalar (`'` or `"`).
    Quoted(u8),
    /// A block scalar whose content lines are indented at least this far.
    Block(usize),
    /// A block scalar whose indentation its first non-blank line sets, at least this far.
    BlockAuto(usize),
}

/// The scanner's state: libyaml's indentation stack and flow level, and what is open.
struct Scan {
    max: usize,
    /// Columns of the open block collections (libyaml's `indents`).
    indents: Vec<usize>,
    flow: usize,
    open: Open,
    /// Where the token that would become a block mapping key starts (flow level 0).
    key: Option<usize>,
    /// The last token was an anchor or tag: the key starts at it, not at the node after.
    props: bool,
}

/// The byte offset in `text` where its nesting first passes `max` levels, if it does. Each
/// block collection (mapping, sequence) and each flow collection (`[…]`, `{…}`) is a level;
/// a document that is a mapping of plain values is one level deep.
pub(super) fn too_deep(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut scan = Scan {
        max,
        indents: Vec::new(),
        flow: 0,
        open: Open::Nothing,
        key: None,
        props: false,
    };
    let (mut start, mut i) = (0, 0);
    while i <= bytes.len() {
        let end = if i == bytes.len() {
            Some(0)
        } else {
            line_end(bytes, i)
        };
        match end {
            Some(n) => {
                if let Err(at) = scan.line(&bytes[start..i]) {
                    return Some(start + at);
                }
                i += n.max(1);
                start = i;
            }
            None => i += 1,
        }
    }
    None
}

impl Scan {
    /// The column of the innermost block collection, libyaml's `indent` (-1 at the top).
    fn top(&self) -> isize {
        self.indents.last().map_or(-1, |&c| c as isize)
    }

    fn depth(&self) -> usize {
        self.indents.len() + self.flow
    }

    /// A block collection starting at `col` (libyaml's `roll_indent`).
    fn roll(&mut self, col: usize) -> Result<(), usize> {
        if self.flow == 0 && self.top() < col as isize {
            self.indents.push(col);
            if self.depth() > self.max {
                return Err(col);
            }
        }
        Ok(())
    }

    /// One line, without its line break. Columns are byte offsets: what precedes a key or
    /// entry on its line (indentation, `- `, `? `, anchors, tags) is ASCII in YAML.
    fn line(&mut self, line: &[u8]) -> Result<(), usize> {
        let lead = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let spaces = line.iter().take_while(|&&b| b == b' ').count();
        let is_blank = lead == line.len();
        let mut i = match self.open {
            Open::Block(indent) if is_blank || spaces >= indent => return Ok(()),
            Open::BlockAuto(_) if is_blank => return Ok(()),
            Open::BlockAuto(min) if spaces >= min => {
                self.open = Open::Block(spaces);
                return Ok(());
            }
            Open::Quoted(q) => match close_quote(line, 0, q) {
                Some(end) => {
                    self.open = Open::Nothing;
                    end
                }
                None => return Ok(()),
            },
            _ => self.line_start(line, lead, is_blank)?,
        };
        self.key = None;
        self.props = false;
        while i < line.len() {
            i = self.token(line, i)?;
        }
        Ok(())
    }

    /// Where the tokens of a line start: after its indentation, a document marker, or the
    /// continuation of a plain scalar (`len` when the line holds none).
    fn line_start(&mut self, line: &[u8], lead: usize, is_blank: bool) -> Result<usize, usize> {
        if matches!(self.open, Open::Block(_) | Open::BlockAuto(_)) {
            self.open = Open::Nothing;
        }
        if is_blank {
            return Ok(line.len());
        }
        let marker = (line.starts_with(b"---") || line.starts_with(b"...")) && blank(line.get(3));
        if line[lead] == b'#' || marker || line[0] == b'%' {
            // A comment or marker ends a plain scalar; libyaml reads `%` lines as directives.
            self.open = Open::Nothing;
            if marker {
                self.indents.clear();
                return Ok(3);
            }
            return Ok(line.len());
        }
        if self.open == Open::Plain {
            if self.flow > 0 || lead as isize > self.top() {
                return Ok(self.plain(line, lead));
            }
            self.open = Open::Nothing;
        }
        if self.flow == 0 {
            while self.top() > lead as isize {
                self.indents.pop();
            }
        }
        Ok(lead)
    }

    /// Reads the token at `i` (or the blanks there); returns where the next one starts.
    fn token(&mut self, line: &[u8], i: usize) -> Result<usize, usize> {
        let next = line.get(i + 1);
        let block = self.flow == 0;
        let props = std::mem::take(&mut self.props);
        match line[i] {
            b' ' | b'\t' => {
                self.props = props;
                return Ok(i + 1);
            }
            b'#' => return Ok(line.len()),
            b'[' | b'{' => {
                self.key_at(i, props);
                self.flow += 1;
                if self.depth() > self.max {
                    return Err(i);
                }
            }
            b']' | b'}' => self.flow = self.flow.saturating_sub(1),
            b',' => {}
            b'-' | b'?' if blank(next) => {
                if block {
                    self.roll(i)?;
                }
            }
            b':' if !block || blank(next) => {
                if let Some(key) = self.key.take().filter(|_| block) {
                    self.roll(key)?;
                }
            }
            b'|' | b'>' if block => {
                self.block_scalar(&line[i + 1..]);
                return Ok(line.len());
            }
            q @ (b'"' | b'\'') => {
                self.key_at(i, props);
                match close_quote(line, i + 1, q) {
                    Some(end) => return Ok(end),
                    None => {
                        self.open = Open::Quoted(q);
                        return Ok(line.len());
                    }
                }
            }
            b'&' | b'*' | b'!' => {
                self.key_at(i, props);
                self.props = line[i] != b'*';
                return Ok(properties_end(line, i + 1));
            }
            _ => {
                self.key_at(i, props);
                self.open = Open::Plain;
                return Ok(self.plain(line, i));
            }
        }
        Ok(i + 1)
    }

    /// A token at `i` may be a block mapping key (unless an anchor or tag before it is).
    fn key_at(&mut self, i: usize, props: bool) {
        if self.flow == 0 && !props {
            self.key = Some(i);
        }
    }

    /// A block scalar's header (after `|` or `>`): its indentation, from an indicator digit or
    /// from its first non-blank line, as libyaml works it out.
    fn block_scalar(&mut self, header: &[u8]) {
        let digit = header
            .iter()
            .take_while(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
            .find(|b| b.is_ascii_digit());
        let top = self.top();
        self.open = match digit {
            Some(d) => Open::Block((top.max(0) + isize::from(d - b'0')) as usize),
            None => Open::BlockAuto((top + 1).max(1) as usize),
        };
    }

    /// The end of a plain scalar starting at `i`; `Open::Plain` stays when it reaches the end
    /// of the line (the next line may continue it).
    fn plain(&mut self, line: &[u8], mut i: usize) -> usize {
        while i < line.len() {
            let b = line[i];
            let next = line.get(i + 1);
            let ends = match b {
                b':' => blank(next) || self.flow > 0 && next.is_some_and(|n| b",?[]{}".contains(n)),
                b',' | b'[' | b']' | b'{' | b'}' => self.flow > 0,
                b' ' | b'\t' => next == Some(&b'#'),
                _ => false,
            };
            if ends {
                self.open = Open::Nothing;
                return i;
            }
            i += 1;
        }
        i
    }
}

/// Just past the quote that closes a scalar opened by `q` before `i` (`''` and `\"` are
/// escapes), or `None` when it does not close on this line.
fn close_quote(line: &[u8], mut i: usize, q: u8) -> Option<usize> {
    while i < line.len() {
        match line[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && line.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of an anchor, alias or tag name. It stops at a flow indicator even where libyaml
/// reads one as part of a tag, so that such a bracket is counted rather than skipped.
fn properties_end(line: &[u8], mut i: usize) -> usize {
    while i < line.len() && !matches!(line[i], b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    fn depth_ok(text: &str, max: usize) -> bool {
        too_deep(text, max).is_none()
    }

    #[test]
    fn counts_flow_and_block_levels() {
        assert!(depth_ok("title: x\n", 1));
        assert!(!depth_ok("title: [x]\n", 1));
        assert!(depth_ok("title: [x]\n", 2));
        assert!(depth_ok("a: [[x], {b: [y]}]\n", 4));
        assert!(!depth_ok("a: [[x], {b: [y]}]\n", 3));
        assert!(depth_ok("a:\n  b:\n    c: d\n", 3));
        assert!(!depth_ok("a:\n  b:\n    c: d\n", 2));
        // A sequence at its key's indentation is one level with the mapping, as for libyaml.
        assert!(depth_ok("a:\n- - - x\n", 3));
        assert!(!depth_ok("a:\n- - - - x\n", 3));
        assert!(depth_ok("a:\n- - x\n", 3));
        // Closed levels do not add up.
        assert!(depth_ok(&"a: [[x]]\n".repeat(1000), 3));
    }

    #[test]
    fn the_place_is_the_opener_past_the_cap() {
        let text = format!("title: x\nx: {}", "[".repeat(1000));
        // The mapping is one level: the 64th `[` is the 65th level.
        assert_eq!(too_deep(&text, 64), Some("title: x\nx: ".len() + 63));
    }

    #[test]
    fn text_is_not_counted() {
        for text in [
            "title: \"[[[[[[\"\n",
            "title: '[[[[[[ '' [[['\n",
            "title: a [[[[[[\n",
            "title: a\n  [[[[[[\n",
            "title: x # [[[[[[\n",
            "# [[[[[[\n",
            "title: |\n  [[[[[[\n  [[[[\nnext: x\n",
            "title: >-\n\n   [[[[[[\n",
            "title: \"a\n  [[[[[[\"\n",
            "title: !tag x\n",
        ] {
            assert!(depth_ok(text, 2), "{text:?}");
        }
    }

    #[test]
    fn openers_are_not_hidden_where_libyaml_reads_them() {
        for text in [
            // A block scalar ends at a line indented no further than its key.
            "- key: |\n [[[[[[\n",
            "a: |\n    text\n  x: [[[[[[\n",
            // A plain scalar does not continue on a line at its key's indentation.
            "a:\n  b: c\n d: [[[[[[\n",
            "a: b\nc: [\n[\n[\n[\n[[\n",
            // Every line break libyaml knows ends a comment.
            "a: x # c\rb: [[[[[[\n",
            "a: x # c\u{2028}b: [[[[[[\n",
            "a: x # c\u{85}b: [[[[[[\n",
            // A comment needs no blank before it after a quoted scalar; a tag stops at `[`.
            "a: !t[[[[[[\n",
            "\"a\": [[[[[[\n",
            "a: \"x\"#c\nb: [[[[[[\n",
        ] {
            assert!(!depth_ok(text, 4), "{text:?}");
        }
    }

    #[test]
    fn a_million_openers_are_refused_in_one_pass() {
        // libyaml needs minutes for this (its work grows with the square of the depth); the
        // scan stops at the cap.
        let text = format!("title: x\nx: {}", "[".repeat(1_000_000));
        assert_eq!(too_deep(&text, 64), Some(12 + 63));
    }
}
