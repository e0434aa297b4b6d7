//! The `issues` event GitHub gives a workflow (`$GITHUB_EVENT_PATH`): read with a size bound,
//! and only the handful of fields the form step needs. Everything in it is written by whoever
//! opened the issue, so it is hostile input: bounded here, checked by [`super::body`], and
//! never handed to a shell (the workflow passes only the file's path).

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

/// The largest event file read. GitHub caps an issue's body at 65,536 characters (up to four
/// bytes each) and the rest of the event (repository, sender, labels) is a few kilobytes.
pub const MAX_EVENT_BYTES: u64 = 512 * 1024;
/// The longest issue body accepted, in characters (GitHub's own limit).
pub const MAX_BODY_CHARS: usize = 65_536;

/// What the form step reads of an `issues` event.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    /// `opened`, `labeled`, `edited`, …
    pub action: String,
    pub issue: Issue,
    /// The label added, for `labeled`.
    pub label: Option<Label>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Issue {
    pub number: u64,
    /// `None` for an issue opened without a body.
    pub body: Option<String>,
    /// The author's relation to the repository: `OWNER`, `MEMBER`, `COLLABORATOR`,
    /// `CONTRIBUTOR`, `FIRST_TIME_CONTRIBUTOR`, `FIRST_TIMER` or `NONE`.
    pub author_association: String,
    pub user: User,
}

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub login: String,
}

/// Reads the event file; an error says in a sentence what is wrong with it.
pub fn read(path: &Path) -> Result<Event, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("cannot read the event {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_EVENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the event {}: {e}", path.display()))?;
    parse(&bytes)
}

/// Parses an event's bytes, refusing one past the bounds.
pub fn parse(bytes: &[u8]) -> Result<Event, String> {
    if bytes.len() as u64 > MAX_EVENT_BYTES {
        return Err(format!(
            "the event is larger than {MAX_EVENT_BYTES} bytes; not an issue event Bulletin reads"
        ));
    }
    let event: Event = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "not an `issues` event (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let chars = event.issue.body.as_deref().map_or(0, |b| b.chars().count());
    if chars > MAX_BODY_CHARS {
        return Err(format!(
            "the issue's text is {chars} characters long; at most {MAX_BODY_CHARS} are read"
        ));
    }
    Ok(event)
}
