//! Slugs that collide: two files whose page addresses a case- or normalisation-insensitive
//! file system or CDN treats as one. `check` looks at a whole list at once; [`Slugs`] is the
//! same check kept up to date one file at a time, for `serve`.

use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::content::Parsed;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Incident;

/// Two files may not share a slug, not even one differing only in letter case or in Unicode
/// form (a composed `é` or `e` plus a combining accent, as macOS writes file names): on
/// case- and normalisation-insensitive file systems and CDNs they would be the same page.
/// Each file after the first (in `incidents`' order) with a slug is reported.
pub(super) fn check<I: Borrow<Parsed>>(incidents: &[I], out: &mut Diagnostics) {
    let mut seen: HashMap<String, &Incident> = HashMap::with_capacity(incidents.len());
    for inc in incidents.iter().map(|i| &*i.borrow().incident) {
        let key = slug_key(&inc.slug);
        match seen.get(&key) {
            Some(first) => out.push(clash(first, inc)),
            None => {
                seen.insert(key, inc);
            }
        }
    }
}

/// The error for `inc`, whose slug `first` has already.
fn clash(first: &Incident, inc: &Incident) -> Diagnostic {
    let how = if first.slug == inc.slug {
        ""
    } else if first.slug.to_lowercase() == inc.slug.to_lowercase() {
        ", whose name differs only in letter case"
    } else if first.slug.nfc().eq(inc.slug.nfc()) {
        ", whose name is the same text in another Unicode form (accents composed or decomposed)"
    } else {
        ", whose name differs only in letter case and Unicode form"
    };
    Diagnostic::error(
        Code::DuplicateSlug,
        &inc.file,
        format!("slug '{}' is also used by {}{how}", inc.slug, first.file.display()),
    )
    .at(1, 1)
    .label("this file's page address is taken")
    .hint("rename one of the two files: file names become page addresses, which must differ in more than letter case or Unicode form because macOS and Windows treat such names as one file")
}

/// Which files hold each slug (by [`slug_key`]), kept as files come and go, and which slugs
/// more than one file holds: a rebuild reports the clashes without looking at every file.
#[derive(Debug, Default)]
pub(crate) struct Slugs {
    files: HashMap<String, BTreeSet<PathBuf>>,
    clashing: BTreeSet<String>,
}

impl Slugs {
    pub(crate) fn add(&mut self, inc: &Incident) {
        let key = slug_key(&inc.slug);
        let files = self.files.entry(key.clone()).or_default();
        files.insert(inc.file.clone());
        if files.len() > 1 {
            self.clashing.insert(key);
        }
    }

    pub(crate) fn remove(&mut self, inc: &Incident) {
        let key = slug_key(&inc.slug);
        let Some(files) = self.files.get_mut(&key) else {
            return;
        };
        files.remove(&inc.file);
        match files.len() {
            0 => {
                self.files.remove(&key);
                self.clashing.remove(&key);
            }
            1 => {
                self.clashing.remove(&key);
            }
            _ => {}
        }
    }

    /// What [`check`] reports for the files in path order: each file after the first with a
    /// clashing slug. `incident` finds a file's incident.
    pub(crate) fn check<'a>(
        &self,
        incident: impl Fn(&Path) -> &'a Incident,
        out: &mut Diagnostics,
    ) {
        for key in &self.clashing {
            let mut files = self.files[key].iter().map(|f| incident(f));
            let Some(first) = files.next() else {
                continue;
            };
            for inc in files {
                out.push(clash(first, inc));
            }
        }
    }
}

/// The form of a slug under which two names that one file system or CDN treats as the same
/// page are equal: lower case, then NFC (Unicode's composed form).
fn slug_key(slug: &str) -> String {
    // Nearly every slug is ASCII, which lower-casing covers and NFC leaves as it is.
    if slug.is_ascii() {
        return slug.to_ascii_lowercase();
    }
    slug.to_lowercase().nfc().collect()
}
