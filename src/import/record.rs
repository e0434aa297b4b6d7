//! `.bulletin-import.json`: what the last import wrote (each file's hash) and which file
//! each source incident went to. It is what makes a re-import safe: a file whose bytes no
//! longer match its hash was edited by someone and is left alone; a source incident keeps
//! the file name it got the first time.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

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
}

impl Record {
    /// The record in `root`, or an empty one when there is none.
    pub(super) fn load(root: &Path) -> Result<Record, Diagnostic> {
        let path = root.join(RECORD_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Diagnostic::access("import-bad-record", &path, format!("cannot read the import record: {e}"))
                    .hint("restore it from version control; without it every imported file counts as someone else's and is left alone")
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Record::default()),
            Err(e) => Err(Diagnostic::access("import-unreadable", &path, e.to_string())),
        }
    }

    /// The record as written to disk.
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("plain data serializes");
        bytes.push(b'\n');
        bytes
    }
}

/// A stable hash of `bytes` (FNV-1a, 64 bits) as 16 hex digits: enough to notice an edit.
pub(super) fn hash(bytes: &[u8]) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    format!("{:016x}", h.finish())
}
