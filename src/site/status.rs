//! `bulletin translate-status`: what each of the site's other languages still lacks, per
//! incident: the same facts `check`'s `translation-missing` warnings state
//! ([`validate::translation::missing`]), as one report, whatever `missing_translations` says.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

use super::Site;
use crate::content::translation::translation_path;
use crate::diagnostics::Diagnostics;
use crate::time::local_minute;
use crate::validate;

/// What each language lacks, the site's other languages in the order `languages:` gives.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationStatus {
    /// The language the originals are written in.
    pub default_language: String,
    pub languages: Vec<LanguageStatus>,
}

/// What one language lacks: the incidents with something untranslated, in path order.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub language: String,
    pub incidents: Vec<IncidentStatus>,
}

/// What one incident lacks in one language, as of the instant asked.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentStatus {
    pub slug: String,
    /// The original, relative to the site root.
    pub file: PathBuf,
    /// Its translation file into the language, whether it exists or not.
    pub translation: PathBuf,
    /// Whether that file exists (and parsed): without it, everything is missing.
    pub translation_exists: bool,
    pub title: bool,
    pub summary: bool,
    /// The untranslated entries published by then, as their headings name them
    /// (`2023-03-29 03:30 · resolved`).
    pub entries: Vec<String>,
    /// The untranslated statements published by then: time and who (`2023-03-29 03:30 · Ops`).
    pub statements: Vec<String>,
    pub postmortem: bool,
}

/// Loads the site at `root` and reports what each of its other languages lacks at `now`.
/// Files that cannot be read are left out (`check` reports them).
pub fn translation_status(root: &Path, now: Timestamp) -> Result<TranslationStatus, Diagnostics> {
    let mut site = Site::open(root, None)?;
    site.load_incidents();
    Ok(site.translation_status(now))
}

impl Site {
    /// What each of the site's other languages lacks at `now` (see [`TranslationStatus`]).
    pub(crate) fn translation_status(&self, now: Timestamp) -> TranslationStatus {
        let config = &self.config;
        let languages = config.languages[1..]
            .iter()
            .map(|language| {
                let incidents = self
                    .incidents
                    .values()
                    .filter_map(|parsed| {
                        let path = translation_path(&parsed.file, language);
                        let translation = self.translations.get(&path).map(|t| &*t.translation);
                        let m = validate::translation::missing(
                            config,
                            parsed,
                            translation,
                            language,
                            now,
                        )?;
                        Some(incident_status(config, &m))
                    })
                    .collect();
                LanguageStatus {
                    language: language.clone(),
                    incidents,
                }
            })
            .collect();
        TranslationStatus {
            default_language: config.default_language().to_string(),
            languages,
        }
    }
}

/// One incident's line of the report.
fn incident_status(
    config: &crate::config::Config,
    m: &validate::translation::Missing,
) -> IncidentStatus {
    let (inc, u) = (m.incident, &m.untranslated);
    let at = |t: Timestamp| local_minute(t, &config.timezone);
    IncidentStatus {
        slug: inc.slug.clone(),
        file: inc.file.clone(),
        translation: m.file.clone(),
        translation_exists: !m.no_file,
        title: u.title,
        summary: u.summary,
        entries: u
            .updates
            .iter()
            .map(|&n| {
                let e = &inc.updates[n];
                format!("{} · {}", at(e.time.at), e.status.as_str())
            })
            .collect(),
        statements: u
            .statements
            .iter()
            .map(|&n| {
                let s = &inc.statements[n];
                format!("{} · {}", at(s.time.at), s.by)
            })
            .collect(),
        postmortem: u.postmortem,
    }
}

impl TranslationStatus {
    /// The report as people read it: per language, each incident and what it lacks.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.languages.is_empty() {
            out.push_str(
                "the site is in one language (`languages:` in bulletin.yaml lists more)\n",
            );
        }
        for lang in &self.languages {
            let n = lang.incidents.len();
            if n == 0 {
                out.push_str(&format!("{}: everything is translated\n", lang.language));
                continue;
            }
            out.push_str(&format!(
                "{}: {n} incident(s) with text still in {}\n",
                lang.language, self.default_language
            ));
            for inc in &lang.incidents {
                out.push_str(&inc.text());
            }
        }
        out
    }
}

impl IncidentStatus {
    /// This incident's lines of [`TranslationStatus::text`].
    fn text(&self) -> String {
        let mut out = format!("  {} ({})\n", self.slug, self.translation.display());
        if !self.translation_exists {
            out.push_str("    no translation file yet\n");
            return out;
        }
        let parts = [
            (self.title, "title"),
            (self.summary, "summary"),
            (self.postmortem, "postmortem"),
        ];
        for (_, name) in parts.iter().filter(|(missing, _)| *missing) {
            out.push_str(&format!("    {name}\n"));
        }
        for entry in &self.entries {
            out.push_str(&format!("    entry {entry}\n"));
        }
        for statement in &self.statements {
            out.push_str(&format!("    statement {statement}\n"));
        }
        out
    }
}
