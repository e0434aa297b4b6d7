//! The delivery record (`--state DIR`, file `notify-state.json`): for every destination (a
//! target, or one subscriber of an email target), the id and content hash of every event it
//! has been given or has decided not to take. It is rewritten atomically (a temporary file,
//! then a rename) after each delivery, so a job killed half-way leaves a record of exactly
//! what was delivered, and a rerun sends the rest.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The record's file name in the state folder.
pub const FILE: &str = "notify-state.json";

/// Event id → content hash, per destination.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    version: u32,
    destinations: BTreeMap<String, BTreeMap<String, String>>,
}

/// The record, and where it is kept (`None`: only in memory, for runs without `--state`).
#[derive(Debug)]
pub struct State {
    path: Option<PathBuf>,
    record: Record,
    /// How many times this run wrote the file.
    pub writes: usize,
}

impl State {
    /// Reads the record in `dir` (an empty record when there is none yet).
    pub fn load(dir: Option<&Path>) -> Result<State, String> {
        let Some(dir) = dir else {
            return Ok(State {
                path: None,
                record: Record::default(),
                writes: 0,
            });
        };
        let path = dir.join(FILE);
        let record = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{} is not a delivery record ({e}); move it away to start a new one",
                    path.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Record::default(),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Ok(State {
            path: Some(path),
            record,
            writes: 0,
        })
    }

    /// What `destination` has had, or `None` when it has no record yet.
    pub fn known(&self, destination: &str) -> Option<&BTreeMap<String, String>> {
        self.record.destinations.get(destination)
    }

    /// Records `ids` (with their hashes) as handled for `destination`, without saving.
    pub fn note(&mut self, destination: &str, entries: impl IntoIterator<Item = (String, String)>) {
        let map = self
            .record
            .destinations
            .entry(destination.to_string())
            .or_default();
        map.extend(entries);
    }

    /// Forgets, for `destination`, events that are no longer current (older than the
    /// manifest's 30 days, or gone from the sources): they can never be sent again.
    pub fn prune(&mut self, destination: &str, current: &HashSet<&str>) {
        if let Some(map) = self.record.destinations.get_mut(destination) {
            map.retain(|id, _| current.contains(id.as_str()));
        }
    }

    /// Writes the record (atomically) when it is kept in a folder.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        self.record.version = 1;
        let bytes = serde_json::to_vec_pretty(&self.record).map_err(|e| e.to_string())?;
        write_atomically(path, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        self.writes += 1;
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`: a
/// reader (or a rerun after a kill) sees the old record or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_that_exists_but_cannot_be_read_is_an_error_not_an_empty_record() {
        // An empty record would make every destination start over: resend or drop everything.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(FILE)).unwrap();
        let err = State::load(Some(dir.path())).unwrap_err();
        assert!(err.starts_with("cannot read"), "{err}");
        // No file yet: a new, empty record.
        let empty = tempfile::tempdir().unwrap();
        let state = State::load(Some(empty.path())).unwrap();
        assert!(state.known("t").is_none());
    }

    #[test]
    fn prune_forgets_what_is_no_longer_current_and_keeps_the_rest() {
        let mut state = State::load(None).unwrap();
        let entry = |id: &str| (id.to_string(), "h".to_string());
        state.note("t", [entry("old"), entry("kept")]);
        state.note("other", [entry("old")]);
        state.prune("t", &HashSet::from(["kept", "new"]));
        let known: Vec<&String> = state.known("t").unwrap().keys().collect();
        assert_eq!(known, ["kept"]);
        // Only the destination named is pruned.
        assert!(state.known("other").unwrap().contains_key("old"));
    }
}
