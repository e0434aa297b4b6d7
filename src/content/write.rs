//! Writing the incident file format (docs/format.md): the inverse of the parser beside it
//! (`frontmatter` and `body`). Every command that writes incident text — `new`, `update`,
//! `resolve`, `statement` and `import` — and `init`'s quoted settings go through here, so the
//! syntax they write (front matter fields, `## ` sections, `### time · status` entries,
//! `Affects:` lines, statements, YAML quoting) has one home, and a change to the format is
//! made once, next to the code that reads it. `tests/properties/` writes generated incidents
//! with it and parses them back.

use std::fmt::Write as _;

use crate::model::{ComponentStatus, Impact, Kind, UpdateStatus};

/// The title of the timeline section the writers start.
pub(crate) const TIMELINE: &str = "Timeline";
/// The title of the statements section the writers start.
pub(crate) const STATEMENTS: &str = "Statements";

/// A YAML scalar for `s` (trimmed), always double-quoted: a JSON string is a valid
/// double-quoted YAML scalar, and quoting every text keeps titles such as `Storage: errors`,
/// `[EU] …` or `null` from changing meaning.
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s.trim()).expect("strings serialize")
}

pub(crate) use crate::time::local_minute;

/// The front matter: the fields between the two `---` lines.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatter<'a> {
    pub title: &'a str,
    /// `kind: maintenance` is written for maintenance; incident is the default, not written.
    pub kind: Kind,
    pub impact: Option<Impact>,
    /// `None`: no `affected:` key; `Some`: the key with these components (an empty list
    /// writes the key alone, as `bulletin new` without `--affects` does).
    pub affected: Option<&'a [(String, ComponentStatus)]>,
    /// `started:`, a time as written (quoted here).
    pub started: Option<&'a str>,
    /// `scheduled:` start and end, times as written (quoted here).
    pub scheduled: Option<(&'a str, &'a str)>,
}

impl FrontMatter<'_> {
    /// Appends the front matter, its `---` lines included, to `out`.
    pub(crate) fn write(&self, out: &mut String) {
        out.push_str("---\n");
        let _ = writeln!(out, "title: {}", quoted(self.title));
        if self.kind == Kind::Maintenance {
            out.push_str("kind: maintenance\n");
        }
        if let Some(impact) = self.impact {
            let _ = writeln!(out, "impact: {}", impact.as_str());
        }
        if let Some(affected) = self.affected {
            out.push_str("affected:\n");
            for (component, status) in affected {
                let _ = writeln!(out, "  {component}: {}", status.as_str());
            }
        }
        if let Some(started) = self.started {
            let _ = writeln!(out, "started: {}", quoted(started));
        }
        if let Some((start, end)) = self.scheduled {
            let _ = writeln!(
                out,
                "scheduled:\n  start: {}\n  end: {}",
                quoted(start),
                quoted(end)
            );
        }
        out.push_str("---\n");
    }
}

/// One timeline entry: heading, the `Affects:` line of its changes, its Markdown.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The time as written (`2026-03-29 03:30`, `~03:30`, RFC 3339).
    pub when: String,
    pub status: UpdateStatus,
    pub changes: &'a [(String, ComponentStatus)],
    /// When the next update is promised, as written (`11:35`, `2026-03-30 00:30`): its
    /// `Next update:` line (what `body::next` reads).
    pub next_update: Option<&'a str>,
    /// Markdown, written as it is (nothing when empty).
    pub text: &'a str,
}

impl Entry<'_> {
    /// The entry's text, starting with the blank line that separates it from what precedes.
    pub(crate) fn text(&self) -> String {
        self.text_announcing(None)
    }

    /// The entry's text with a maintenance's new window (start and end as written) as its
    /// first line, `Window: <start> → <end>` (what `body::window` reads), before `Affects:`.
    pub(crate) fn text_announcing(&self, window: Option<(&str, &str)>) -> String {
        let mut s = format!("\n### {} · {}\n", self.when, self.status.as_str());
        if let Some((start, end)) = window {
            let _ = write!(s, "\nWindow: {start} → {end}\n");
        }
        if !self.changes.is_empty() || self.next_update.is_some() {
            s.push('\n');
        }
        if !self.changes.is_empty() {
            s.push_str(&change_line(self.changes));
            s.push('\n');
        }
        if let Some(when) = self.next_update {
            let _ = writeln!(s, "Next update: {}", when.trim());
        }
        if !self.text.is_empty() {
            s.push('\n');
            s.push_str(self.text);
            s.push('\n');
        }
        s
    }
}

/// The change line that gives each component its status, as an entry's first line:
/// `Affects: wechat/login=operational, wechat/pay=major_outage` (what `body::changes` reads).
pub(crate) fn change_line(changes: &[(String, ComponentStatus)]) -> String {
    let pairs: Vec<String> = changes
        .iter()
        .map(|(component, status)| format!("{component}={}", status.as_str()))
        .collect();
    format!("Affects: {}", pairs.join(", "))
}

/// One official statement: who said it, where, and their words, quoted.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    /// The time as written.
    pub when: String,
    pub by: &'a str,
    /// The channel's name; with `url`, a link to the original.
    pub channel: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The words as said; each line is written as a `> ` quote.
    pub words: &'a str,
}

impl Statement<'_> {
    /// The statement's text, starting with the blank line that separates it from what
    /// precedes: `### time · by · [channel](url)`, then the words quoted.
    pub(crate) fn text(&self) -> String {
        let mut heading = format!("{} · {}", self.when, self.by.trim());
        match (self.channel, self.url) {
            (Some(c), Some(u)) => heading.push_str(&format!(" · [{}]({u})", c.trim())),
            (Some(c), None) => heading.push_str(&format!(" · {}", c.trim())),
            (None, Some(u)) => heading.push_str(&format!(" · <{u}>")),
            (None, None) => {}
        }
        let quoted: Vec<String> = self
            .words
            .trim()
            .lines()
            .map(|l| format!("> {l}").trim_end().to_string())
            .collect();
        format!("\n### {heading}\n\n{}\n", quoted.join("\n"))
    }
}

/// A `## ` section heading line.
pub(crate) fn section_heading(title: &str) -> String {
    format!("## {title}\n")
}

/// A whole incident file.
#[derive(Debug, Clone)]
pub struct IncidentFile<'a> {
    pub front: FrontMatter<'a>,
    /// Markdown before the timeline (nothing when empty).
    pub summary: &'a str,
    /// The timeline, oldest first: its section is written even when it is empty.
    pub entries: Vec<Entry<'a>>,
    /// Official statements (their section only when there are some).
    pub statements: Vec<Statement<'a>>,
    /// Further `##` sections: title and Markdown.
    pub sections: &'a [(String, String)],
}

impl IncidentFile<'_> {
    /// The file's text.
    pub fn text(&self) -> String {
        let bodies: usize = self.entries.iter().map(|e| e.text.len() + 64).sum();
        let mut out = String::with_capacity(512 + bodies);
        self.front.write(&mut out);
        out.push('\n');
        if !self.summary.is_empty() {
            out.push_str(self.summary);
            out.push_str("\n\n");
        }
        out.push_str(&section_heading(TIMELINE));
        for entry in &self.entries {
            out.push_str(&entry.text());
        }
        if !self.statements.is_empty() {
            out.push('\n');
            out.push_str(&section_heading(STATEMENTS));
            for statement in &self.statements {
                out.push_str(&statement.text());
            }
        }
        for (title, text) in self.sections {
            let _ = write!(out, "\n{}\n{text}\n", section_heading(title));
        }
        out
    }
}

/// A new translation file (docs/languages.md): the title in its language (empty: left for the
/// translator, which `check` warns of) and the entries it translates, each heading repeating
/// the original entry's time and status (an entry's `changes` and `next_update` are the
/// original's, written once there: give none).
#[derive(Debug, Clone)]
pub struct TranslationFile<'a> {
    pub title: &'a str,
    pub entries: Vec<Entry<'a>>,
}

impl TranslationFile<'_> {
    /// The file's text.
    pub fn text(&self) -> String {
        let mut out = format!("---\ntitle: {}\n---\n\n", quoted(self.title));
        out.push_str(&section_heading(TIMELINE));
        for entry in &self.entries {
            out.push_str(&entry.text());
        }
        out
    }
}

/// `text` (Markdown from outside, such as an issue form) made safe to write as an entry's
/// text: it stays Markdown, but none of its lines can be read as the file's structure. Only
/// top-level headings make entries and sections (`body::headings`), so a line that could
/// start a top-level block which ends the entry or outlives it gets a backslash after its
/// indentation: a heading (`#`), a setext underline (`---`, `===`), a code fence (an unclosed
/// one runs to the end of the file), a raw HTML block (`<!--`, `<pre` run until closed) and a
/// change line (`Affects: …`, escaped at its colon). Markdown shows the backslash as nothing,
/// except before a fence's backticks (a form's code block is shown as text), before `：`
/// and inside indented code.
pub fn inert_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.trim().lines() {
        let rest = line.trim_start_matches([' ', '\t']);
        let lead = &line[..line.len() - rest.len()];
        let width: usize = lead.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
        if width < 4 && crate::content::body::changes::starts_with_keyword(rest) {
            // `Affects\:` shows as `Affects:` and is no longer a change line.
            let colon = rest.find([':', '：']).unwrap_or(0);
            out.push_str(lead);
            out.push_str(&rest[..colon]);
            out.push('\\');
            out.push_str(&rest[colon..]);
        } else if width < 4 && block_start(rest.trim_end()) {
            out.push_str(lead);
            out.push('\\');
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Whether `rest` (a line without its indentation) could start or underline a top-level
/// block that [`inert_markdown`] neutralises.
fn block_start(rest: &str) -> bool {
    let underline = |c: char| !rest.is_empty() && rest.chars().all(|x| x == c || x == ' ');
    rest.starts_with(['#', '<'])
        || rest.starts_with("```")
        || rest.starts_with("~~~")
        || underline('-')
        || underline('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_markdown_escapes_only_what_could_become_structure() {
        let text = "Fine **bold**\n### 10:00 · resolved\nline\n---\nAffects: qq=operational\n<!-- x\n```\n  # two spaces\n    # code\n- item";
        assert_eq!(
            inert_markdown(text),
            "Fine **bold**\n\\### 10:00 · resolved\nline\n\\---\nAffects\\: qq=operational\n\\<!-- x\n\\```\n  \\# two spaces\n    # code\n- item"
        );
    }

    /// A statement of each form: a linked channel, a bare link, a channel.
    fn statements() -> Vec<Statement<'static>> {
        vec![
            Statement {
                when: "12:00".into(),
                by: " Dana ",
                channel: Some(" Blog "),
                url: Some("https://b.example/x"),
                words: " Sorry.\n\nReally. ",
            },
            Statement {
                when: "12:01".into(),
                by: "Eve",
                channel: None,
                url: Some("https://e.example/"),
                words: "x",
            },
            Statement {
                when: "12:02".into(),
                by: "Eve",
                channel: Some("Weibo"),
                url: None,
                words: "y",
            },
        ]
    }

    /// The bytes `new`, `update`, `statement` and `import` have always written: a change here
    /// changes every file they write from now on.
    #[test]
    fn writes_the_format_as_the_commands_always_have() {
        let affected = [("api/rest".to_string(), ComponentStatus::MajorOutage)];
        let changes = [
            ("api/rest".to_string(), ComponentStatus::Operational),
            ("qq".to_string(), ComponentStatus::PartialOutage),
        ];
        let sections = [("Postmortem".to_string(), "Why.".to_string())];
        let file = IncidentFile {
            front: FrontMatter {
                title: " Storage: \"errors\" ",
                kind: Kind::Maintenance,
                impact: Some(Impact::Minor),
                affected: Some(&affected),
                started: Some("~2026-01-01 09:00"),
                scheduled: Some(("2026-01-01 10:00", "2026-01-01T12:00:00+02:00")),
            },
            summary: "Summary.",
            entries: vec![
                Entry {
                    when: "2026-01-01 10:00".into(),
                    status: UpdateStatus::InProgress,
                    changes: &changes,
                    next_update: Some("12:30"),
                    text: "Working.",
                },
                Entry {
                    when: "11:00".into(),
                    status: UpdateStatus::Completed,
                    changes: &[],
                    next_update: None,
                    text: "",
                },
            ],
            statements: statements(),
            sections: &sections,
        };
        assert_eq!(
            file.text(),
            "---\ntitle: \"Storage: \\\"errors\\\"\"\nkind: maintenance\nimpact: minor\naffected:\n  api/rest: major_outage\nstarted: \"~2026-01-01 09:00\"\nscheduled:\n  start: \"2026-01-01 10:00\"\n  end: \"2026-01-01T12:00:00+02:00\"\n---\n\nSummary.\n\n## Timeline\n\n### 2026-01-01 10:00 · in_progress\n\nAffects: api/rest=operational, qq=partial_outage\nNext update: 12:30\n\nWorking.\n\n### 11:00 · completed\n\n## Statements\n\n### 12:00 · Dana · [Blog](https://b.example/x)\n\n> Sorry.\n>\n> Really.\n\n### 12:01 · Eve · <https://e.example/>\n\n> x\n\n### 12:02 · Eve · Weibo\n\n> y\n\n## Postmortem\n\nWhy.\n"
        );
    }

    /// No components: the key alone (`new`), or no key (import).
    #[test]
    fn no_components_is_an_empty_key_or_none() {
        let bare = |affected| {
            let mut out = String::new();
            FrontMatter {
                title: "T",
                kind: Kind::Incident,
                impact: None,
                affected,
                started: None,
                scheduled: None,
            }
            .write(&mut out);
            out
        };
        assert_eq!(bare(Some(&[])), "---\ntitle: \"T\"\naffected:\n---\n");
        assert_eq!(bare(None), "---\ntitle: \"T\"\n---\n");
    }
}
