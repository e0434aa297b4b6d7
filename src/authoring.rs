//! Authoring commands for the on-call engineer: `new`, `update`, `resolve`, `statement`.
//!
//! They edit incident files by inserting text only (a new `###` entry at the end of the right
//! section), so everything the author wrote stays byte for byte as it was. Every edit is parsed
//! and validated before it is written, and written atomically (temporary file, then rename), so
//! a refused edit changes nothing and `bulletin serve` sees one change.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::config::Config;
use crate::content::{self, INCIDENTS_DIR, body};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{ComponentStatus, Impact, Kind, UpdateStatus};
use crate::validate;

/// What `bulletin new` needs.
#[derive(Debug, Clone)]
pub struct NewIncident {
    pub title: String,
    pub slug: Option<String>,
    pub affects: Vec<(String, ComponentStatus)>,
    pub impact: Option<Impact>,
    pub status: UpdateStatus,
    pub message: Option<String>,
}

/// Creates `incidents/<date>-<slug>.md` with its first timeline entry; returns its path.
pub fn new_incident(
    config: &Config,
    now: Timestamp,
    new: &NewIncident,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let date = now
        .to_zoned_datetime(config.timezone.clone())
        .strftime("%Y-%m-%d")
        .to_string();
    let base = match &new.slug {
        Some(s) => checked_slug(s)?,
        None => format!("{date}-{}", slugify(&new.title)),
    };
    let dir = config.root.join(INCIDENTS_DIR);
    let mut rel = Path::new(INCIDENTS_DIR).join(format!("{base}.md"));
    let mut n = 2;
    while config.root.join(&rel).exists() {
        if new.slug.is_some() {
            return Err(vec![
                Diagnostic::error(
                    "slug-taken",
                    &rel,
                    format!("{} already exists", rel.display()),
                )
                .hint("choose another --slug, or use `bulletin update` to add to that incident"),
            ]);
        }
        rel = Path::new(INCIDENTS_DIR).join(format!("{base}-{n}.md"));
        n += 1;
    }
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", yaml_string(&new.title)));
    if let Some(impact) = new.impact {
        text.push_str(&format!("impact: {}\n", impact.as_str()));
    }
    text.push_str("affected:\n");
    for (component, status) in &new.affects {
        text.push_str(&format!("  {component}: {}\n", status.as_str()));
    }
    text.push_str("---\n\n## Timeline\n");
    text.push_str(&entry(
        config,
        now,
        new.status.as_str(),
        new.message.as_deref(),
    ));
    check(config, now, &rel, &text)?;
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&rel, e))?;
    write_atomically(&config.root.join(&rel), text.as_bytes()).map_err(|e| io_error(&rel, e))?;
    Ok(rel)
}

/// A `--slug` as given, if it names one file directly in `incidents/` that `check` accepts:
/// `../x` or `a/b` would write somewhere else.
fn checked_slug(slug: &str) -> Result<String, Vec<Diagnostic>> {
    let file = format!("{slug}.md");
    let one_name = !slug.contains(['/', '\\'])
        && matches!(
            Path::new(&file).components().collect::<Vec<_>>()[..],
            [std::path::Component::Normal(_)]
        );
    match crate::content::slug_of(Path::new(&file)) {
        Ok(stem) if one_name && stem == slug => Ok(stem),
        Ok(_) => Err(vec![
            Diagnostic::error("bad-slug", "command line", format!("--slug '{slug}' is not a file name"))
                .hint("a slug is one file name in incidents/ without .md, such as 2026-11-23-login-failures: no '/', '\\' or '..'"),
        ]),
        Err(d) => Err(vec![d]),
    }
}

/// Appends a timeline entry to the incident `slug`. Without a status, the latest one is kept.
pub fn append_update(
    config: &Config,
    now: Timestamp,
    slug: &str,
    status: Option<UpdateStatus>,
    message: Option<&str>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let (rel, original, incident) = find(config, slug)?;
    let status = match status {
        Some(s) => s,
        None => incident
            .current_status()
            .unwrap_or(UpdateStatus::Investigating),
    };
    let addition = entry(config, now, status.as_str(), message);
    insert(
        config,
        now,
        &rel,
        &original,
        &body::TIMELINE_TITLES,
        "Timeline",
        &addition,
    )
}

/// Appends the final entry: `resolved`, or `completed` for maintenance.
pub fn resolve(
    config: &Config,
    now: Timestamp,
    slug: &str,
    message: Option<&str>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let (_, _, incident) = find(config, slug)?;
    let status = match incident.kind {
        Kind::Incident => UpdateStatus::Resolved,
        Kind::Maintenance => UpdateStatus::Completed,
    };
    append_update(config, now, slug, Some(status), message)
}

/// Appends an official statement.
pub fn append_statement(
    config: &Config,
    now: Timestamp,
    slug: &str,
    by: &str,
    channel: Option<&str>,
    url: Option<&str>,
    words: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let (rel, original, _) = find(config, slug)?;
    let mut heading = format!("{} · {}", stamp(config, now), by.trim());
    match (channel, url) {
        (Some(c), Some(u)) => heading.push_str(&format!(" · [{}]({u})", c.trim())),
        (Some(c), None) => heading.push_str(&format!(" · {}", c.trim())),
        (None, Some(u)) => heading.push_str(&format!(" · <{u}>")),
        (None, None) => {}
    }
    let quoted: Vec<String> = words
        .trim()
        .lines()
        .map(|l| format!("> {l}").trim_end().to_string())
        .collect();
    let addition = format!("\n### {heading}\n\n{}\n", quoted.join("\n"));
    insert(
        config,
        now,
        &rel,
        &original,
        &body::STATEMENT_TITLES,
        "Statements",
        &addition,
    )
}

/// The text of a new timeline entry.
fn entry(config: &Config, now: Timestamp, status: &str, message: Option<&str>) -> String {
    let mut s = format!("\n### {} · {status}\n", stamp(config, now));
    if let Some(m) = message.map(str::trim).filter(|m| !m.is_empty()) {
        s.push('\n');
        s.push_str(m);
        s.push('\n');
    }
    s
}

/// "Now" as written in incident files: full date and minute, in the site's zone.
fn stamp(config: &Config, now: Timestamp) -> String {
    now.to_zoned_datetime(config.timezone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// Inserts `addition` at the end of the section titled one of `titles` (creating `## {name}`
/// at the end of the file when there is none), checks and writes the result.
fn insert(
    config: &Config,
    now: Timestamp,
    rel: &Path,
    original: &[u8],
    titles: &[&str],
    name: &str,
    addition: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let text = String::from_utf8_lossy(original);
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest.to_string()),
        None => ("", text.into_owned()),
    };
    let crlf = text.contains("\r\n");
    let text = if crlf {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let mut problems = Vec::new();
    let body_start = content::frontmatter::split(rel, &text, &mut problems)
        .map(|s| s.body_offset)
        .ok_or(problems)?;
    let body_text = &text[body_start..];
    let (at, addition) = match body::find_section(body_text, titles) {
        Some((_, end)) => (body_start + end, addition.to_string()),
        None => (text.len(), format!("\n## {name}\n{addition}")),
    };
    // Keep one blank line between what was there and the new entry, without touching either.
    let before = &text[..at];
    let lead = if before.ends_with('\n') || before.is_empty() {
        ""
    } else {
        "\n"
    };
    let addition = addition
        .strip_prefix('\n')
        .filter(|_| before.ends_with("\n\n"))
        .unwrap_or(&addition);
    let trail = if at < text.len() { "\n" } else { "" };
    let mut new_text = format!("{}{lead}{addition}{trail}{}", before, &text[at..]);
    check(config, now, rel, &new_text)?;
    if crlf {
        new_text = new_text.replace('\n', "\r\n");
    }
    let bytes = format!("{bom}{new_text}");
    write_atomically(&config.root.join(rel), bytes.as_bytes()).map_err(|e| io_error(rel, e))?;
    Ok(rel.to_path_buf())
}

/// Refuses an edit whose result would not pass `bulletin check`.
fn check(config: &Config, now: Timestamp, rel: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
    let (incident, mut problems) = content::parse(config, rel, text);
    if let Some(inc) = incident {
        problems.extend(validate::validate(config, std::slice::from_ref(&inc), now));
    }
    let errors: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The incident file for `slug`: its path, raw bytes and parsed form.
fn find(
    config: &Config,
    slug: &str,
) -> Result<(PathBuf, Vec<u8>, crate::model::Incident), Vec<Diagnostic>> {
    let (files, _) = content::find_incident_files(&config.root);
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let Some(rel) = files.iter().find(|p| stem(p) == slug).cloned() else {
        let stems: Vec<String> = files.iter().map(stem).collect();
        let hint = match did_you_mean(slug, stems.iter().map(String::as_str)) {
            Some(best) => format!("did you mean '{best}'?"),
            None => {
                "the slug is the file name in incidents/ without .md; `ls incidents/` lists them"
                    .into()
            }
        };
        return Err(vec![
            Diagnostic::error(
                "unknown-slug",
                INCIDENTS_DIR,
                format!("no incident '{slug}'"),
            )
            .hint(hint),
        ]);
    };
    let original = std::fs::read(config.root.join(&rel)).map_err(|e| io_error(&rel, e))?;
    let (incident, problems) = content::load_file(config, &rel);
    match incident {
        Some(inc) => Ok((rel, original, inc)),
        None => Err(problems),
    }
}

fn io_error(rel: &Path, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::access(
        "unwritable",
        rel,
        format!("cannot write {}: {e}", rel.display()),
    )]
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_file_name(format!(
        ".{}.bulletin-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// A URL-friendly slug from a title: lower-case ASCII words joined by `-`; titles with no
/// Latin letters or digits (e.g. Chinese) give `incident`, which the date prefix makes unique.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "incident".into()
    } else {
        slug
    }
}

/// A YAML scalar for `s`, quoted when plain style would change its meaning.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s.trim()).expect("strings serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_titles() {
        assert_eq!(slugify("Login failures in EU!"), "login-failures-in-eu");
        assert_eq!(slugify("微信登录故障"), "incident");
        assert_eq!(slugify("微信 Pay 故障 503"), "pay-503");
    }
}
