//! The output of a build held in memory, by path: what `serve` answers from, shared cheaply
//! with readers (the HTTP server holds the last good one while the next is built).
//!
//! A rebuild replaces a hundred of 10,000 files or more. The map is cut into shards by a hash
//! of the path, each shared on its own: the next output copies the shards that changed and
//! shares the rest, instead of copying (and later freeing) an entry for every file of the
//! site on every save.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use fnv::FnvBuildHasher;

use crate::output::OutputFile;

/// How many shards: enough that a one-file rebuild's hundred files touch a small share of
/// them at 10,000 files, few enough that sharing them all costs microseconds.
const SHARDS: usize = 4096;

/// A file's bytes as the render wrote them: shared as they are, not copied into an
/// `Bytes` (which needs its count beside the bytes: a copy of every rebuilt file).
pub(super) type Bytes = Arc<Vec<u8>>;

type Shard = HashMap<Arc<str>, Bytes>;

/// Every file of an output by path (relative to the output's root).
#[derive(Debug, Clone)]
pub struct FileMap {
    shards: Vec<Arc<Shard>>,
    len: usize,
}

impl Default for FileMap {
    fn default() -> Self {
        FileMap {
            shards: vec![Arc::default(); SHARDS],
            len: 0,
        }
    }
}

impl FileMap {
    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.shards[shard_of(path)].get(path)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every file with its path, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &Bytes)> {
        self.shards.iter().flat_map(|s| s.iter())
    }

    /// This output with `files` put in (over the files at their paths), sharing every shard
    /// none of them falls in.
    pub(crate) fn with(&self, files: Vec<OutputFile>) -> FileMap {
        let mut next = self.clone();
        for f in files {
            next.insert(f.path.into(), Arc::new(f.bytes));
        }
        next
    }

    fn insert(&mut self, path: Arc<str>, bytes: Bytes) {
        let shard = Arc::make_mut(&mut self.shards[shard_of(&path)]);
        if shard.insert(path, bytes).is_none() {
            self.len += 1;
        }
    }
}

impl FromIterator<(Arc<str>, Bytes)> for FileMap {
    fn from_iter<I: IntoIterator<Item = (Arc<str>, Bytes)>>(files: I) -> Self {
        let mut map = FileMap::default();
        for (path, bytes) in files {
            map.insert(path, bytes);
        }
        map
    }
}

impl std::ops::Index<&str> for FileMap {
    type Output = Bytes;

    fn index(&self, path: &str) -> &Bytes {
        self.get(path).expect("no file at this path")
    }
}

fn shard_of(path: &str) -> usize {
    // A fixed hash: the shard of a path must be the same in every map of the session.
    let hash = FnvBuildHasher::default().hash_one(path);
    usize::try_from(hash % SHARDS as u64).expect("below SHARDS")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec())
    }

    #[test]
    fn a_new_output_shares_the_shards_no_file_changed() {
        let first: Vec<OutputFile> = (0..100).map(|i| file(&format!("p{i}"), "a")).collect();
        let old = FileMap::default().with(first);
        let new = old.with(vec![file("p7", "b"), file("q", "c")]);
        assert_eq!((old.len(), new.len()), (100, 101));
        assert_eq!((&old["p7"][..], &new["p7"][..]), (&b"a"[..], &b"b"[..]));
        assert!(new.get("q").is_some() && old.get("q").is_none());
        let shared = (old.shards.iter().zip(&new.shards))
            .filter(|(a, b)| Arc::ptr_eq(a, b))
            .count();
        assert_eq!(shared, SHARDS - 2, "only the shards of p7 and q are copied");
        assert_eq!(new.iter().count(), 101);
    }

    #[test]
    fn a_file_is_held_in_the_buffer_the_render_wrote() {
        let written = file("p", "text");
        let at = written.bytes.as_ptr();
        let map = FileMap::default().with(vec![written]);
        assert_eq!(map["p"].as_ptr(), at, "not copied");
    }
}
