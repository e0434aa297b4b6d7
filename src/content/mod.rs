//! Loading incident files: finding them under `incidents/`, reading them safely and parsing
//! each into an [`Incident`](crate::model::Incident).

pub mod body;
pub mod frontmatter;
pub mod limits;
mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Incident;

pub use walk::{INCIDENTS_DIR, find_incident_files, is_followable_file};

/// Files larger than this are refused before they are read: an incident this big is a pasted
/// log, and reading it would slow every build and serve rebuild.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The result of loading: every incident that parsed, and every problem met on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub incidents: Vec<Incident>,
    pub diagnostics: Diagnostics,
}

/// Finds and parses every incident file of the site, in parallel. Files that fail to parse
/// are reported and left out; the caller decides whether to go on.
pub fn load(config: &Config) -> Loaded {
    // Files are read and parsed while the folder is still being listed.
    let mut results: Vec<_> = walk::incident_files(&config.root)
        .enumerate()
        .par_bridge()
        .map(|(i, found)| (i, found.map(|rel| load_file(config, &rel))))
        .collect();
    results.sort_unstable_by_key(|(i, _)| *i);
    let mut incidents = Vec::with_capacity(results.len());
    let mut diagnostics = Diagnostics::default();
    for (_, result) in results {
        match result {
            Ok((incident, problems)) => {
                incidents.extend(incident);
                diagnostics.extend(problems);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    Loaded {
        incidents,
        diagnostics,
    }
}

/// Whether `rel` (relative to the site root) names an incident source file.
pub fn is_incident_path(rel: &Path) -> bool {
    rel.starts_with(INCIDENTS_DIR)
        && walk::is_incident_file(rel)
        && !rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Reads and parses one incident file, `rel` being relative to the site root.
pub fn load_file(config: &Config, rel: &Path) -> (Option<Incident>, Vec<Diagnostic>) {
    match read_text(&config.root, rel) {
        Ok(text) => parse(config, rel, &text),
        Err(d) => (None, vec![d]),
    }
}

/// Reads a source file as UTF-8 text with any BOM removed and CRLF line ends made LF,
/// refusing files over [`MAX_FILE_BYTES`].
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let io_error = |e: std::io::Error| {
        Diagnostic::error(
            "unreadable",
            rel,
            format!("cannot read {}: {e}", path.display()),
        )
    };
    // One open and one fstat: on a site of 100,000 files, path lookups are a real cost.
    let mut file = std::fs::File::open(&path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            "file-too-large",
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
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Diagnostic::error("not-utf8", rel, "file is not valid UTF-8")
            .at(line, column)
            .hint("save the file as UTF-8 (most editors: File → Save with Encoding → UTF-8)")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

/// Parses the text of one incident file.
pub fn parse(config: &Config, rel: &Path, text: &str) -> (Option<Incident>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let slug = match slug_of(rel) {
        Ok(slug) => slug,
        Err(d) => return (None, vec![d]),
    };
    if text.trim().is_empty() {
        let d = Diagnostic::error("empty-file", rel, "incident file is empty").at(1, 1).hint(
            "start with front matter: a line `---`, `title: …`, and a closing `---` (see docs/format.md)",
        );
        return (None, vec![d]);
    }
    let Some(split) = frontmatter::split(rel, text, &mut problems) else {
        return (None, problems);
    };
    let Some(front) = frontmatter::parse(config, rel, &split, &mut problems) else {
        return (None, problems);
    };
    // Before anything parses the body: a file over a cap is never rendered (see limits).
    if let Some(d) = limits::check(rel, text, split.body_offset) {
        problems.push(d);
        return (None, problems);
    }
    let parsed = body::parse(
        config,
        rel,
        text,
        split.body_offset,
        front.kind,
        &mut problems,
    );
    let partial = problems.iter().any(Diagnostic::is_error);
    let started_override = front.started;
    let incident = Incident {
        slug,
        file: PathBuf::from(rel),
        title: front.title,
        kind: front.kind,
        impact: front.impact,
        affected: front.affected,
        scheduled: front.scheduled,
        started_override,
        resolved_override: front.resolved,
        summary: parsed.summary,
        updates: parsed.updates,
        statements: parsed.statements,
        sections: parsed.sections,
        lines: front.lines,
        partial,
        fingerprint: {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            rel.hash(&mut h);
            text.hash(&mut h);
            h.finish()
        },
    };
    (Some(incident), problems)
}

/// Splits "text at line L column C" into the text and (L, C).
fn strip_position(s: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = s.rfind(" at line ") else {
        return (s, None);
    };
    let mut nums = s[i + 9..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<usize>().unwrap_or(1));
    match (nums.next(), nums.next()) {
        (Some(line), Some(column)) => (&s[..i], Some((line, column))),
        _ => (s, None),
    }
}

/// The slug of an incident file: its stem, if that is safe as one path segment of a URL.
pub fn slug_of(rel: &Path) -> Result<String, Diagnostic> {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let bad = stem.is_empty()
        || stem.starts_with('.')
        || stem
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | '?' | '#' | '%' | '"' | '<' | '>'));
    if bad {
        return Err(Diagnostic::error(
            "bad-slug",
            rel,
            format!("the file name '{stem}' cannot be used as a page address"),
        )
        .hint("rename the file: letters (any script), digits, '-', '_' and spaces are fine; avoid / \\ ? # % \" < > and a leading '.'"));
    }
    Ok(stem.to_string())
}

/// A YAML parse error as a diagnostic; `line_offset` is how many lines precede the YAML text.
/// `yaml` is the YAML text, used to point at the offending word itself.
pub fn yaml_error(
    file: &Path,
    e: &serde_yaml::Error,
    yaml: &str,
    line_offset: usize,
) -> Diagnostic {
    // libyaml words syntax errors as "<what> at line L column C, while <context> at line L2
    // column C2". The positions go in their own fields, and the context's start (an unclosed
    // quote or bracket) is where the fix is, so it wins.
    let full = e.to_string();
    let (what, context) = match full.split_once(", while ") {
        Some((w, c)) => (w, Some(c)),
        None => (full.as_str(), None),
    };
    let (what, what_at) = strip_position(what);
    let mut message = what.to_string();
    let mut place = what_at.or_else(|| e.location().map(|l| (l.line(), l.column())));
    if let Some(context) = context {
        let (context, context_at) = strip_position(context);
        message = format!("{message} (while {context})");
        place = context_at.or(place);
    }
    let mut d = Diagnostic::error("yaml", file, message.clone()).hint(
        "check the YAML near this line: indentation, a missing `:` or closing quote/bracket; quote text that contains `: ` or starts with [ { # * & ! | > ' \" %",
    );
    if let Some((line, column)) = place {
        d = d.at(line + line_offset, column);
    }
    let code = if message.contains("unknown field `") {
        Some("unknown-field")
    } else if message.contains("unknown variant `") {
        Some("unknown-value")
    } else if message.contains("missing field") {
        d.code = "missing-field";
        None
    } else {
        None
    };
    if let Some(code) = code {
        // serde words these as "unknown field `x`, expected one of `a`, `b`".
        let mut parts = message.split('`').skip(1);
        let word = parts.next().unwrap_or("");
        let known: Vec<&str> = parts.skip(1).step_by(2).collect();
        d.code = code;
        d.length = word.chars().count();
        // The parser may place these at the start of the enclosing map; the word itself is
        // what needs changing.
        let needle = if code == "unknown-field" {
            format!("{word}:")
        } else {
            word.to_string()
        };
        let found = crate::config::locate(yaml, &needle);
        if yaml.contains(needle.as_str()) {
            d.line = Some(found.line + line_offset);
            d.column = Some(found.column);
        }
        d.hint = Some(
            match crate::diagnostics::did_you_mean(word, known.iter().copied()) {
                Some(best) => format!("did you mean '{best}'?"),
                None => format!("expected one of: {}", known.join(", ")),
            },
        );
    }
    d
}
