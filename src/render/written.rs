//! Which files a partial render (`serve`) need not write again: each big file's inputs, as a
//! key, as the last render that wrote it saw them. A partial render leaves in the output what
//! it does not write (`serve::live`'s `replace_files`), so a file whose inputs are the last
//! render's is already there, byte for byte: the calendars, a component's year page, a month
//! page, the front page and the component pages, most of which a one-file edit does not
//! change (at 100,000 incidents they are megabytes, and were most of a rebuild's render).
//!
//! A key must cover everything the file is made of besides the session's config and theme
//! (new ones come with new caches): the incidents it shows by
//! [`crate::derive::IncidentState::cache_key`] (what every per-incident cache is keyed on;
//! the fingerprint in it names the file), or a list page's rows by what each says (kept by
//! that key), and every other value the page reads. A full render writes every file and
//! records every key afresh, so no key outlives its file; a failed render forgets them all.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;

use fnv::FnvBuildHasher;

/// The key of each file the last renders wrote, by path.
pub(crate) struct Written {
    keys: Mutex<HashMap<String, u64, FnvBuildHasher>>,
    /// What each list page's row of an incident says, as a key, by the incident's cache key
    /// (what its card, and so its row, is built from).
    rows: Mutex<HashMap<u64, u64, FnvBuildHasher>>,
    /// Whether keys are recorded at all: a session that renders once (`build`) never asks.
    pub(crate) keep: bool,
}

impl Default for Written {
    fn default() -> Self {
        Written {
            keys: Mutex::default(),
            rows: Mutex::default(),
            keep: true,
        }
    }
}

impl Written {
    /// A record that keeps nothing.
    pub(crate) fn not_kept() -> Written {
        Written {
            keys: Mutex::default(),
            rows: Mutex::default(),
            keep: false,
        }
    }

    /// Forgets every key: before a full render (which writes every file again), and after a
    /// failed one (whose files the caller never took).
    pub(crate) fn forget(&self) {
        self.keys.lock().expect("lock").clear();
        // Rows' keys follow from what they are kept by: dropped only to let go of the
        // incidents' old versions (a full render keeps every row's again).
        self.rows.lock().expect("lock").clear();
    }

    /// The key of each row kept for `idents`, where one is.
    pub(crate) fn rows(&self, idents: &[u64]) -> Vec<Option<u64>> {
        let rows = self.rows.lock().expect("lock");
        idents.iter().map(|i| rows.get(i).copied()).collect()
    }

    /// Keeps each row's key by its incident's identity.
    pub(crate) fn add_rows(&self, rows: impl Iterator<Item = (u64, u64)>) {
        if self.keep {
            self.rows.lock().expect("lock").extend(rows);
        }
    }

    /// Records that `path` is written from inputs `key`; whether the last render that wrote
    /// it had the same.
    pub(crate) fn same(&self, path: &str, key: u64) -> bool {
        let mut keys = self.keys.lock().expect("lock");
        match keys.get_mut(path) {
            Some(last) => std::mem::replace(last, key) == key,
            None => {
                keys.insert(path.to_string(), key);
                false
            }
        }
    }
}

impl super::Pass<'_> {
    /// Whether file `path`, made from inputs whose key `key` gives, may be left as the last
    /// render wrote it: a partial render's, of a file whose inputs are those the last render
    /// that wrote it had (see the module's doc). The key is recorded either way, when the caches
    /// keep anything (a one-shot build does not even work it out).
    pub(crate) fn unchanged(&self, path: &str, key: impl FnOnce() -> u64) -> bool {
        let written = &self.caches.written;
        if !written.keep {
            return false;
        }
        let unchanged = written.same(path, key()) && self.partial;
        if unchanged {
            self.counts.kept_file();
        }
        unchanged
    }

    /// Whether files' keys are recorded at all ([`Pass::unchanged`] asks for one): not in a
    /// one-shot build.
    pub(crate) fn keys_files(&self) -> bool {
        self.caches.written.keep
    }
}

/// The hasher a file's key is made with: aHash with fixed seeds, as
/// [`crate::derive::IncidentState::cache_key`] (a key hashes thousands of slugs on a year
/// page; SipHash took several times as long).
pub(crate) fn hasher() -> ahash::AHasher {
    ahash::RandomState::with_seeds(0x6669, 0x6c65, 0x6b65, 0x7973).build_hasher()
}

/// Feeds what `value` serialises to (JSON) into `h`: the small values a page reads, keyed
/// by what they are.
pub(crate) fn hash_serialized<T: serde::Serialize + ?Sized>(h: &mut impl Hasher, value: &T) {
    struct Into<'a, H>(&'a mut H);
    impl<H: Hasher> std::io::Write for Into<'_, H> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Serialising a view into a hasher cannot fail; a value that could not be written is
    // keyed by its failure, and fails the same way when the page is rendered.
    if serde_json::to_writer(Into(h), value).is_err() {
        h.write_u8(0xff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_key_is_the_same_file_once_recorded() {
        let written = Written::default();
        assert!(!written.same("a", 1), "never written");
        assert!(written.same("a", 1));
        assert!(!written.same("a", 2));
        assert!(written.same("a", 2));
        assert!(!written.same("b", 2), "by path");
        written.forget();
        assert!(!written.same("a", 2), "forgotten");
    }
}
