//! Slugs that collide: two files whose page addresses a case- or normalisation-insensitive
//! file system or CDN treats as one. `check` looks at a whole list at once; [`Slugs`] is the
//! same check kept up to date one file at a time, for `serve`.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use crate::content::Parsed;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Incident;

/// Two files may not share a slug, not even one differing only in letter case or in Unicode
/// form (a composed `é` or `e` plus a combining accent, as macOS writes file names): on
/// case- and normalisation-insensitive file systems and CDNs they would be the same page.
/// Each file after the first (in `incidents`' order) with a slug is reported.
pub(crate) fn check<I: Borrow<Parsed>>(incidents: &[I], out: &mut Diagnostics) {
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

/// Which files hold each slug, kept as files come and go, and which slugs more than one file
/// holds: a rebuild reports the clashes without looking at every file.
///
/// Compact because it lives as long as the site (≈ 40 bytes a slug, not ≈ 390 with a key
/// string and a set per slug): each file's incident is filed under a 64-bit hash of its
/// [`slug_key`], and the keys themselves are compared only among the files sharing a hash,
/// so two keys with one hash are told apart when the clashes are reported.
#[derive(Debug, Default)]
pub(crate) struct Slugs {
    by_hash: HashMap<u64, Holders>,
    /// The hashes more than one file holds (most often none).
    crowded: HashSet<u64>,
}

/// The files whose slug key has one hash: nearly always one.
#[derive(Debug)]
enum Holders {
    One(Arc<Incident>),
    /// In path order.
    Many(Vec<Arc<Incident>>),
}

impl Slugs {
    pub(crate) fn add(&mut self, parsed: &Parsed) {
        let inc = &parsed.incident;
        let hash = key_hash(&inc.slug);
        match self.by_hash.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(Holders::One(Arc::clone(inc)));
            }
            Entry::Occupied(mut o) => {
                let holders = o.get_mut();
                let mut all = match std::mem::replace(holders, Holders::Many(Vec::new())) {
                    Holders::One(first) => vec![first],
                    Holders::Many(all) => all,
                };
                all.retain(|i| i.file != inc.file);
                let at = all.partition_point(|i| i.file < inc.file);
                all.insert(at, Arc::clone(inc));
                *holders = Holders::Many(all);
                self.crowded.insert(hash);
            }
        }
    }

    pub(crate) fn remove(&mut self, inc: &Incident) {
        let hash = key_hash(&inc.slug);
        let Entry::Occupied(mut o) = self.by_hash.entry(hash) else {
            return;
        };
        match o.get_mut() {
            Holders::One(only) if only.file == inc.file => {
                o.remove();
            }
            Holders::One(_) => {}
            Holders::Many(all) => {
                all.retain(|i| i.file != inc.file);
                if all.len() <= 1 {
                    self.crowded.remove(&hash);
                    match all.pop() {
                        Some(only) => *o.get_mut() = Holders::One(only),
                        None => {
                            o.remove();
                        }
                    }
                }
            }
        }
    }

    /// What [`check`] reports for the files in path order: each file after the first with a
    /// clashing slug.
    pub(crate) fn check(&self, out: &mut Diagnostics) {
        // By key, each key's files in path order: the order `check` reports in.
        let mut clashes: BTreeMap<String, Vec<&Incident>> = BTreeMap::new();
        for hash in &self.crowded {
            if let Some(Holders::Many(all)) = self.by_hash.get(hash) {
                for inc in all {
                    clashes.entry(slug_key(&inc.slug)).or_default().push(inc);
                }
            }
        }
        for files in clashes.values() {
            let Some((first, rest)) = files.split_first() else {
                continue;
            };
            for inc in rest {
                out.push(clash(first, inc));
            }
        }
    }
}

/// The hash [`Slugs`] files a slug under: of its [`slug_key`], with fixed seeds (the hashes
/// are compared only within one run).
fn key_hash(slug: &str) -> u64 {
    ahash::RandomState::with_seeds(0x5106, 0x2024, 0xb0c4, 0x1e71).hash_one(slug_key(slug))
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
