//! `.bulletin-import.json`: what imports wrote (each file's hash) and which file each source
//! incident went to. It is what makes a re-import safe: a file whose bytes no longer match its
//! hash was edited by someone and is left alone; a source incident keeps the file name it got
//! the first time.
//!
//! It is also what makes an import a transaction: before any file is written the record is
//! saved with every name assigned and, under `pending`, the hash of each file about to be
//! written; once all are written they move to `files` and `pending` is gone. An import that
//! failed or was killed is resumed by the next one: a pending file that is on disk with its
//! pending hash counts as written, so nothing is imported twice under a `-2` name.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ids::{fnv1a, hash_text};

/// The record's file name, in the site root.
pub const RECORD_FILE: &str = ".bulletin-import.json";

/// What earlier imports wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Record {
    /// Source incident (`statuspage:<id>`, `cstate:<file>`) → slug.
    #[serde(default)]
    pub(super) slugs: BTreeMap<String, String>,
    /// File (relative to the site, `/`-separated) → hash of the bytes written.
    #[serde(default)]
    pub(super) files: BTreeMap<String, String>,
    /// While an import runs: file → hash of the bytes it is writing there.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) pending: BTreeMap<String, String>,
    /// The bytes of the record file as last read or written (`None`: there is none).
    #[serde(skip)]
    pub(super) on_disk: Option<Vec<u8>>,
}

impl Record {
    /// The record in `root`, or an empty one when there is none; what an interrupted import
    /// left pending is settled (see the module).
    pub(super) fn load(root: &Path) -> Result<Record, Diagnostics> {
        let path = root.join(RECORD_FILE);
        let bytes = match crate::site_file::read_regular(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Record::default()),
            Err(e) => {
                return Err(
                    Diagnostic::access(Code::ImportUnreadable, &path, e.to_string()).into(),
                );
            }
        };
        let mut record: Record = serde_json::from_slice(&bytes).map_err(|e| {
            Diagnostic::access(Code::ImportBadRecord, &path, format!("cannot read the import record: {e}"))
                .hint("restore it from version control; without it every imported file counts as someone else's and is left alone")
        })?;
        record.check(&path, &String::from_utf8_lossy(&bytes))?;
        record.on_disk = Some(bytes);
        record.settle(root);
        Ok(record)
    }

    /// Refuses names that would write outside their folder (`../../x`): every problem, each
    /// at its line and column in the record.
    fn check(&self, path: &Path, text: &str) -> Result<(), Diagnostics> {
        let slugs = self.slugs.values().filter_map(|s| {
            crate::authoring::slug_problem(s).map(|why| (s, format!("the slug '{s}' {why}")))
        });
        let files = self
            .files
            .keys()
            .chain(self.pending.keys())
            .filter_map(|f| {
                f.split('/')
                    .find_map(crate::site_file::name_problem)
                    .map(|why| {
                        (
                            f,
                            format!(
                                "the file '{f}' is not a path inside the site: a part of it {why}"
                            ),
                        )
                    })
            });
        let problems: Diagnostics = slugs
            .chain(files)
            .map(|(value, message)| {
                let (line, column) = position(text, value);
                Diagnostic::access(Code::ImportBadRecord, path, crate::text::escape_unsafe(&message))
                    .at(line, column)
                    .hint("an import writes only plain file names inside the site; fix or remove this entry (the record is a file a pull request can change)")
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Moves each pending file that is on disk with its pending hash to `files`; forgets the
    /// others (never written: the next import writes them).
    fn settle(&mut self, root: &Path) {
        for (rel, hash) in std::mem::take(&mut self.pending) {
            match crate::site_file::read_regular(&root.join(&rel)) {
                Ok(bytes) if self::hash(&bytes) == hash => {
                    self.files.insert(rel, hash);
                }
                _ => {}
            }
        }
    }

    /// The record as written to disk.
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("plain data serializes");
        bytes.push(b'\n');
        bytes
    }
}

/// Line and column (1-based, in characters) of `value` as a JSON string in `text` (the top
/// when it is not there).
fn position(text: &str, value: &str) -> (usize, usize) {
    let quoted = serde_json::to_string(value).expect("strings serialize");
    crate::text::position(text, text.find(&quoted).unwrap_or(0))
}

/// A stable hash of `bytes` (FNV-1a, 64 bits) as 16 hex digits: enough to notice an edit.
pub(super) fn hash(bytes: &[u8]) -> String {
    hash_text(fnv1a(bytes))
}
