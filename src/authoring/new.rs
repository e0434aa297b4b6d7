//! `bulletin new`: a new incident or maintenance file, with its first timeline entry, and the
//! slug its file is named by.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{Draft, Outcome, entry, write_checked};
use crate::config::Config;
use crate::content::INCIDENTS_DIR;
use crate::content::write::{FrontMatter, IncidentFile};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ComponentStatus, Impact, Kind, UpdateStatus};
use crate::site_file::Expect;

/// What `bulletin new` needs.
#[derive(Debug, Clone)]
pub struct NewIncident {
    /// The title, as written.
    pub title: String,
    /// The file name without `.md`; `None` for `<date>-<words of the title>`.
    pub slug: Option<String>,
    /// Incident or maintenance.
    pub kind: Kind,
    /// A maintenance's window: start and end as written (site zone or RFC 3339).
    pub window: Option<(String, String)>,
    /// Component ref and its status.
    pub affects: Vec<(String, ComponentStatus)>,
    /// The impact, when not derived from the statuses.
    pub impact: Option<Impact>,
    /// Status of the first timeline entry.
    pub status: UpdateStatus,
    /// Text of the first timeline entry.
    pub message: Option<String>,
}

/// Creates `incidents/<date>-<slug>.md` with its first timeline entry; returns its path.
pub fn new_incident(config: &Config, now: Timestamp, new: &NewIncident) -> Outcome {
    let rel = free_path(config, now, new)?;
    let text = file_text(config, now, new);
    write_checked(config, now, Draft::new(rel, text), Expect::New)
}

/// The path of the new file: the `--slug` (refused when taken), or the date and the title's
/// words, with `-2`, `-3`, … when taken.
fn free_path(
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
    let mut rel = Path::new(INCIDENTS_DIR).join(format!("{base}.md"));
    let mut n = 2;
    while config.root.join(&rel).exists() {
        if new.slug.is_some() {
            return Err(vec![
                Diagnostic::error(
                    Code::SlugTaken,
                    &rel,
                    format!("{} already exists", rel.display()),
                )
                .hint("choose another --slug, or use `bulletin update` to add to that incident"),
            ]);
        }
        rel = Path::new(INCIDENTS_DIR).join(format!("{base}-{n}.md"));
        n += 1;
    }
    Ok(rel)
}

/// The whole file: front matter (with `kind` and `scheduled` for maintenance), the timeline
/// and its first entry.
fn file_text(config: &Config, now: Timestamp, new: &NewIncident) -> String {
    IncidentFile {
        front: FrontMatter {
            title: &new.title,
            kind: new.kind,
            impact: new.impact,
            affected: Some(&new.affects),
            started: None,
            scheduled: new.window.as_ref().map(|(s, e)| (s.as_str(), e.as_str())),
        },
        summary: "",
        entries: vec![entry(config, now, new.status, &[], new.message.as_deref())],
        statements: vec![],
        sections: &[],
    }
    .text()
}

/// A `--slug` as given, if it is a plain page address: lower-case ASCII letters, digits and
/// `-` (what `new` makes of a title), so it is a file name on every system and an address that
/// needs no escaping (`Bad Slug!` would be `incidents/Bad%20Slug!/`). `../x` or `a/b` would
/// write somewhere else. Refused with the slug `new` would make of it.
fn checked_slug(slug: &str) -> Result<String, Vec<Diagnostic>> {
    let plain = !slug.is_empty()
        && !slug.starts_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let why = match slug_problem(slug) {
        Some(why) => why,
        None if plain => return Ok(slug.to_string()),
        None => "is not a plain page address".into(),
    };
    let shown = crate::text::escape_unsafe(slug);
    Err(vec![
        Diagnostic::error(Code::BadSlug, "command line", format!("--slug '{shown}' {why}"))
            .hint(format!(
                "a slug is the incident's file name in incidents/ and its page address: lower-case letters a-z, digits and '-', such as 2026-11-23-login-failures; try --slug {}",
                slugify(slug)
            )),
    ])
}

/// Why `slug` cannot name an incident file directly in `incidents/`, if it cannot: the rule
/// for every slug from input (`--slug`, the import record): one plain file name
/// ([`crate::site_file::name_problem`]) that `check` accepts as a page address.
pub(crate) fn slug_problem(slug: &str) -> Option<String> {
    let file = format!("{slug}.md");
    if let Some(why) = crate::site_file::name_problem(&file) {
        return Some(format!("is not a file name: it {why}"));
    }
    match crate::content::slug_of(Path::new(&file)) {
        Ok(stem) if stem == slug => None,
        Ok(_) => Some("is not a file name".into()),
        Err(d) => Some(format!("cannot be used: {}", d.message)),
    }
}

/// A URL-friendly slug from a title: lower-case ASCII words joined by `-`, at most about 60
/// characters. Other scripts are transliterated (deunicode: `微信无法登录` →
/// `wei-xin-wu-fa-deng-lu`, `Störung` → `storung`), so every title gives a readable name
/// that stays the same from one release to the next; a title with nothing to transliterate
/// gives `incident`.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(title, " ");
    let mut slug = String::new();
    for word in ascii
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_titles() {
        assert_eq!(slugify("Login failures in EU!"), "login-failures-in-eu");
        assert_eq!(slugify("微信无法登录"), "wei-xin-wu-fa-deng-lu");
        assert_eq!(slugify("微信 Pay 故障 503"), "wei-xin-pay-gu-zhang-503");
        assert_eq!(
            slugify("Störung im Zahlungsverkehr"),
            "storung-im-zahlungsverkehr"
        );
        assert_eq!(slugify("!!!"), "incident");
        // Long titles stop at a word boundary.
        assert!(slugify(&"登录".repeat(100)).len() <= 60);
    }
}
