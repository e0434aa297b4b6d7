//! Loading incident files: finding them under `incidents/`, reading them safely and parsing
//! each into an [`Incident`](crate::model::Incident) with what the parser learnt about its
//! source ([`SourceFacts`]) beside it.

pub mod body;
pub(crate) mod frontmatter;
pub mod limits;
pub mod translation;
mod walk;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Affected, Checked, Incident, Text, Update};
use crate::text::LineEnds;

pub use translation::{ParsedTranslation, translation_of};
pub use walk::{INCIDENTS_DIR, TEMPLATES_DIR, find_incident_files, is_followable_file};

use crate::limits::MAX_FILE_BYTES;

/// One parsed incident file: what it says (shared: a site keeps it between rebuilds and
/// derives from it without copying), and facts about the source for validation and caching.
/// Reads of the incident's fields go through [`Deref`](std::ops::Deref).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub incident: Arc<Incident>,
    pub source: SourceFacts,
}

impl Parsed {
    /// The incident with the facts validation guarantees, if it has them (see [`Checked`]).
    pub fn checked(&self) -> Option<Checked> {
        Checked::new(Arc::clone(&self.incident), self.source.fingerprint)
    }
}

impl std::ops::Deref for Parsed {
    type Target = Incident;

    fn deref(&self) -> &Incident {
        &self.incident
    }
}

/// What the parser learnt about an incident file besides what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceFacts {
    /// Where front-matter fields were written, for diagnostics.
    pub lines: FieldLines,
    /// Some part of the file could not be read (and was reported): checks that would only
    /// repeat that problem, such as "the timeline is empty", are skipped.
    pub partial: bool,
    /// Every front-matter field was read. When one could not be (and was reported), checks
    /// that compare fields, such as "maintenance has no window", are skipped.
    pub front_complete: bool,
    /// A hash of the source file's path and text: equal fingerprints, equal incidents. Lets
    /// `serve` reuse what it rendered for files that did not change.
    pub fingerprint: u64,
}

/// 1-based lines of front-matter fields (1 when the field is absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldLines {
    pub kind: usize,
    pub scheduled: usize,
    pub started: usize,
    pub resolved: usize,
}

/// The result of loading: every incident and translation that parsed, and every problem met
/// on the way.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub incidents: Vec<Parsed>,
    pub translations: Vec<ParsedTranslation>,
    pub diagnostics: Diagnostics,
}

/// What one file under `incidents/` parsed into.
pub(crate) enum LoadedFile {
    Incident(Option<Parsed>),
    Translation(Option<ParsedTranslation>),
}

/// Finds and parses every incident and translation file of the site, in parallel. Files that
/// fail to parse are reported and left out; the caller decides whether to go on.
pub(crate) fn load(config: &Config) -> Loaded {
    // Files are read and parsed while the folder is still being listed.
    let mut results: Vec<_> = walk::incident_files(&config.root)
        .enumerate()
        .par_bridge()
        .map(|(i, found)| (i, found.map(|rel| load_any(config, &rel))))
        .collect();
    results.sort_unstable_by_key(|(i, _)| *i);
    let mut loaded = Loaded {
        incidents: Vec::with_capacity(results.len()),
        ..Loaded::default()
    };
    for (_, result) in results {
        match result {
            Ok((file, problems)) => {
                match file {
                    LoadedFile::Incident(parsed) => loaded.incidents.extend(parsed),
                    LoadedFile::Translation(parsed) => loaded.translations.extend(parsed),
                }
                loaded.diagnostics.extend(problems);
            }
            Err(problem) => loaded.diagnostics.push(problem),
        }
    }
    loaded
}

/// Reads and parses one file under `incidents/`: a translation if its name says so (see
/// [`translation_of`]), else an incident.
pub(crate) fn load_any(config: &Config, rel: &Path) -> (LoadedFile, Vec<Diagnostic>) {
    if let Some((language, original)) = translation_of(config, rel) {
        let (parsed, problems) = translation::load(config, rel, language, original);
        return (LoadedFile::Translation(parsed), problems);
    }
    let (parsed, problems) = load_file(config, rel);
    (LoadedFile::Incident(parsed), problems)
}

/// Whether `rel` (relative to the site root) names an incident source file.
pub(crate) fn is_incident_path(rel: &Path) -> bool {
    rel.starts_with(INCIDENTS_DIR)
        && walk::is_incident_file(rel)
        && !rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Reads and parses one incident file, `rel` being relative to the site root.
pub(crate) fn load_file(config: &Config, rel: &Path) -> (Option<Parsed>, Vec<Diagnostic>) {
    match read_text(&config.root, rel) {
        Ok(text) => parse(config, rel, &text),
        Err(d) => (None, vec![d]),
    }
}

/// Reads a source file as UTF-8 text with any BOM removed and every line end (CRLF, and a lone
/// CR as classic Mac OS wrote them) made LF, refusing files over [`MAX_FILE_BYTES`].
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let io_error = |e: std::io::Error| {
        Diagnostic::access(
            Code::Unreadable,
            rel,
            format!("cannot read {}: {e}", path.display()),
        )
    };
    // One open and one fstat: on a site of 100,000 files, path lookups are a real cost.
    let mut file = std::fs::File::open(&path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::FileTooLarge,
            rel,
            format!(
                "file is {:.1} MiB, over the {} MiB limit for an incident file",
                size as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
        )
        .hint("keep incident files to what readers need; link to long logs or postmortems instead of pasting them"));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // Through `take`, which reads without asking the file system for the size again.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_FILE_BYTES),
        &mut bytes,
    )
    .map_err(io_error)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, column) = end_position(valid);
        Diagnostic::error(Code::NotUtf8, rel, "file is not valid UTF-8")
            .at(line, column)
            .hint("save the file as UTF-8 (most editors: File → Save with Encoding → UTF-8)")
    })?;
    Ok(crate::text::normalize_source(text))
}

/// The 1-based line and character column just after `valid` (UTF-8), counting line ends the way
/// [`read_text`] normalises them.
fn end_position(valid: &[u8]) -> (usize, usize) {
    let before = crate::text::normalize_source(String::from_utf8_lossy(valid).into_owned());
    crate::text::position(&before, before.len())
}

/// Parses the text of one incident file.
pub fn parse(config: &Config, rel: &Path, text: &str) -> (Option<Parsed>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let slug = match slug_of(rel) {
        Ok(slug) => slug,
        Err(d) => return (None, vec![d]),
    };
    let empty = Empty {
        what: "incident file is empty",
        hint: "start with front matter: a line `---`, `title: …`, and a closing `---` (see docs/format.md)",
    };
    let Some(Opened { split, ends }) = open(rel, text, &empty, &mut problems) else {
        return (None, problems);
    };
    let front = frontmatter::parse(config, rel, &split, &mut problems);
    // The body is checked even when the front matter cannot be read, so every problem of
    // the file is reported at once; its kind is then unknown, and either kind's words pass.
    let parsed = body::parse(
        config,
        rel,
        text,
        &ends,
        split.body_offset,
        front.as_ref().filter(|f| !f.kind_unknown).map(|f| f.kind),
        &mut problems,
    );
    let Some(front) = front else {
        return (None, problems);
    };
    let partial = problems.iter().any(Diagnostic::is_error);
    let started_override = front.started;
    let incident = Incident {
        slug,
        file: PathBuf::from(rel),
        title: front.title,
        kind: front.kind,
        impact: front.impact,
        affected: resolve_components(config, front.affected),
        scheduled: front.scheduled,
        started_override,
        resolved_override: front.resolved,
        summary: parsed.summary,
        updates: resolve_changes(config, parsed.updates),
        statements: parsed.statements,
        postmortem: parsed.postmortem,
        sections: parsed.sections,
        fallback: None,
    };
    let source = SourceFacts {
        lines: front.lines,
        partial,
        front_complete: front.complete,
        fingerprint: fingerprint(rel, text),
    };
    let mut incident = incident;
    pack_texts(&mut incident);
    let incident = Arc::new(incident);
    (Some(Parsed { incident, source }), problems)
}

/// Every Markdown text of `incident` into one buffer of their own, which it holds instead of
/// the file's text (see [`crate::model::Text`]).
fn pack_texts(incident: &mut Incident) {
    let mut texts: Vec<&mut Text> = Vec::with_capacity(incident.updates.len() + 4);
    texts.push(&mut incident.summary);
    texts.extend(incident.updates.iter_mut().map(|u| &mut u.body));
    texts.extend(incident.statements.iter_mut().map(|s| &mut s.body));
    texts.extend(incident.postmortem.iter_mut().map(|p| &mut p.body));
    texts.extend(incident.sections.iter_mut().map(|s| &mut s.body));
    crate::model::pack_texts(texts);
}

/// What to say of an empty source file: the message and the hint (an incident's and a
/// translation's start differently).
pub(crate) struct Empty {
    pub what: &'static str,
    pub hint: &'static str,
}

/// A source file past its first steps ([`open`]): its front matter split off, and where its
/// lines end (for the body's passes).
pub(crate) struct Opened<'a> {
    pub split: frontmatter::Split<'a>,
    pub ends: LineEnds,
}

/// The first steps of reading a source file, the same for an incident and a translation:
/// refuse an empty one (as `empty` says), split off its front matter, and hold it to the caps
/// before anything parses the body (a file over a cap is never rendered: see limits). `None`
/// when it cannot go on, with the reasons in `problems`.
pub(crate) fn open<'a>(
    rel: &Path,
    text: &'a str,
    empty: &Empty,
    problems: &mut Vec<Diagnostic>,
) -> Option<Opened<'a>> {
    if text.trim().is_empty() {
        problems.push(
            Diagnostic::error(Code::EmptyFile, rel, empty.what)
                .at(1, 1)
                .hint(empty.hint),
        );
        return None;
    }
    let split = frontmatter::split(rel, text, problems)?;
    let ends = LineEnds::of(text);
    if let Some(d) = limits::check_lines(rel, text, &ends, split.body_offset) {
        problems.push(d);
        return None;
    }
    Some(Opened { split, ends })
}

/// A hash of a source file's path and text (see [`SourceFacts::fingerprint`]). With aHash and
/// fixed seeds: compared only within one run (never written), and SipHash over every byte
/// of every file was 4 % of loading.
fn fingerprint(rel: &Path, text: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = ahash::RandomState::with_seeds(0x6275, 0x6c6c, 0x6574, 0x696e).build_hasher();
    rel.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

/// The slug of an incident file: its stem, if that is safe as one path segment of a URL and
/// shows as what it is (no control, format or bidirectional-override characters).
pub(crate) fn slug_of(rel: &Path) -> Result<String, Diagnostic> {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if let Some((_, c)) = crate::text::unsafe_char(stem) {
        return Err(invisible_in_slug(rel, stem, c));
    }
    let bad = stem.is_empty()
        || stem.starts_with('.')
        || stem
            .chars()
            .any(|c| matches!(c, '/' | '\\' | '?' | '#' | '%' | '"' | '<' | '>'));
    if bad {
        return Err(Diagnostic::error(
            Code::BadSlug,
            rel,
            format!("the file name '{stem}' cannot be used as a page address"),
        )
        .hint("rename the file: letters (any script), digits, '-', '_' and spaces are fine; avoid / \\ ? # % \" < > and a leading '.'"));
    }
    Ok(stem.to_string())
}

/// The `bad-slug` error for a file name holding `c`, an invisible or text-reordering character
/// (see [`crate::text::unsafe_char`]). The name is quoted with such characters escaped, so the
/// message shows where it is rather than being reordered by it.
fn invisible_in_slug(rel: &Path, stem: &str, c: char) -> Diagnostic {
    let escaped = crate::text::escape_unsafe(stem);
    Diagnostic::error(
        Code::BadSlug,
        rel,
        format!(
            "the file name '{escaped}' contains {}, an invisible character that can make the page address read as something else",
            crate::text::describe(c)
        ),
    )
    .hint("rename the file without the character shown as \\u{…} in its name: control, format and bidirectional-override characters are not allowed in file names")
}

/// Resolves each affected component against the catalogue once, for every later stage.
fn resolve_components(config: &Config, mut affected: Vec<Affected>) -> Vec<Affected> {
    for a in &mut affected {
        a.target = config.resolve(&a.component);
    }
    affected
}

/// Resolves the components each timeline entry changes, as [`resolve_components`] does.
fn resolve_changes(config: &Config, mut updates: Vec<Update>) -> Vec<Update> {
    for c in updates.iter_mut().flat_map(|u| &mut u.changes) {
        c.target = config.resolve(&c.component);
    }
    updates
}

#[cfg(test)]
mod tests;
