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

use super::aliases::Aliases;

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
    aliases: Aliases,
    /// Columns of the open block collections (libyaml's `indents`).
    indents: Vec<usize>,
    flow: usize,
    open: Open,
    /// Where the token that would become a block mapping key starts (flow level 0).
    key: Option<usize>,
    /// The last token was an anchor or tag: the key starts at it, not at the node after.
    props: bool,
}

/// A limit `text` passes, at a byte offset.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Over {
    /// The opener of the level past the limit.
    Nesting(usize),
    /// The alias that makes aliases repeat more nodes than the limit.
    Aliases(usize),
}

/// Where `text` first nests more than `max` levels, or its aliases repeat more than
/// `max_repeated` nodes. Each block collection (mapping, sequence) and each flow collection
/// (`[…]`, `{…}`) is a level; a document that is a mapping of plain values is one level deep.
pub(super) fn scan(text: &str, max: usize, max_repeated: usize) -> Result<(), Over> {
    let bytes = text.as_bytes();
    let mut scan = Scan {
        max,
        aliases: Aliases::new(max_repeated),
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
                scan.line(&bytes[start..i]).map_err(|over| match over {
                    Over::Nesting(at) => Over::Nesting(start + at),
                    Over::Aliases(at) => Over::Aliases(start + at),
                })?;
                i += n.max(1);
                start = i;
            }
            None => i += 1,
        }
    }
    Ok(())
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
    fn roll(&mut self, col: usize) -> Result<(), Over> {
        if self.flow == 0 && self.top() < col as isize {
            self.indents.push(col);
            if self.depth() > self.max {
                return Err(Over::Nesting(col));
            }
        }
        Ok(())
    }

    /// One line, without its line break. Columns are byte offsets: what precedes a key or
    /// entry on its line (indentation, `- `, `? `, anchors, tags) is ASCII in YAML.
    fn line(&mut self, line: &[u8]) -> Result<(), Over> {
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
        if self.flow == 0 {
            self.aliases.line_end(self.top());
        }
        Ok(())
    }

    /// Where the tokens of a line start: after its indentation, a document marker, or the
    /// continuation of a plain scalar (`len` when the line holds none).
    fn line_start(&mut self, line: &[u8], lead: usize, is_blank: bool) -> Result<usize, Over> {
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
                self.aliases.document();
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
            let dash = line[lead] == b'-' && blank(line.get(lead + 1));
            self.aliases.line_start(lead, dash);
            while self.top() > lead as isize {
                self.indents.pop();
            }
        }
        Ok(lead)
    }

    /// Reads the token at `i` (or the blanks there); returns where the next one starts.
    fn token(&mut self, line: &[u8], i: usize) -> Result<usize, Over> {
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
                self.aliases.flow_open(self.flow);
                self.flow += 1;
                if self.depth() > self.max {
                    return Err(Over::Nesting(i));
                }
            }
            b']' | b'}' => {
                self.flow = self.flow.saturating_sub(1);
                self.aliases.flow_close(self.flow);
            }
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
                self.aliases.scalar();
                self.block_scalar(&line[i + 1..]);
                return Ok(line.len());
            }
            q @ (b'"' | b'\'') => {
                self.key_at(i, props);
                self.aliases.scalar();
                return Ok(close_quote(line, i + 1, q).unwrap_or_else(|| {
                    self.open = Open::Quoted(q);
                    line.len()
                }));
            }
            b'&' | b'*' | b'!' => {
                self.key_at(i, props);
                return self.properties(line, i);
            }
            _ => {
                self.key_at(i, props);
                self.aliases.scalar();
                self.open = Open::Plain;
                return Ok(self.plain(line, i));
            }
        }
        Ok(i + 1)
    }

    /// An anchor (`&name`), alias (`*name`) or tag (`!tag`) at `i`; returns where it ends.
    fn properties(&mut self, line: &[u8], i: usize) -> Result<usize, Over> {
        // An anchor or tag belongs to the node after it; an alias is a node.
        self.props = line[i] != b'*';
        let end = properties_end(line, i + 1);
        let name = &line[i + 1..end];
        match line[i] {
            b'&' => self.aliases.anchor(name),
            b'*' => self.aliases.alias(name).map_err(|()| Over::Aliases(i))?,
            _ => {}
        }
        Ok(end)
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
mod tests;
