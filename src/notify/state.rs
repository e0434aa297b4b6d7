//! The delivery record (`--state DIR`, file `notify-state.json`): for every destination (a
//! target, or one subscriber of an email target), the id and content hash of every event it
//! has been given or has decided not to take. It is rewritten atomically (a temporary file,
//! then a rename) after each delivery, so a job killed half-way leaves a record of exactly
//! what was delivered, and a rerun sends the rest.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::site_file::Expect;

/// The record's file name in the state folder.
pub(crate) const FILE: &str = "notify-state.json";

/// Event id → content hash, per destination.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    version: u32,
    destinations: BTreeMap<String, BTreeMap<String, String>>,
}

/// The record, and where it is kept (`None`: only in memory, for runs without `--state`).
#[derive(Debug)]
pub(crate) struct State {
    path: Option<PathBuf>,
    record: Record,
    /// The file's bytes as last read or written (`None`: there is none): it is replaced only
    /// while it still holds them.
    on_disk: Option<Vec<u8>>,
}

impl State {
    /// Reads the record in `dir` (an empty record when there is none yet).
    pub(crate) fn load(dir: Option<&Path>) -> Result<State, String> {
        let Some(dir) = dir else {
            return Ok(State {
                path: None,
                record: Record::default(),
                on_disk: None,
            });
        };
        let path = dir.join(FILE);
        let (record, on_disk) = match std::fs::read(&path) {
            Ok(bytes) => (
                serde_json::from_slice(&bytes).map_err(|e| {
                    format!(
                        "{} is not a delivery record ({e}); move it away to start a new one",
                        path.display()
                    )
                })?,
                Some(bytes),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Record::default(), None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Ok(State {
            path: Some(path),
            record,
            on_disk,
        })
    }

    /// What `destination` has had, or `None` when it has no record yet.
    pub(crate) fn known(&self, destination: &str) -> Option<&BTreeMap<String, String>> {
        self.record.destinations.get(destination)
    }

    /// Records `ids` (with their hashes) as handled for `destination`, without saving.
    pub(crate) fn note(
        &mut self,
        destination: &str,
        entries: impl IntoIterator<Item = (String, String)>,
    ) {
        let map = self
            .record
            .destinations
            .entry(destination.to_string())
            .or_default();
        map.extend(entries);
    }

    /// Forgets, for `destination`, events that are no longer current (older than the
    /// manifest's 30 days, or gone from the sources): they can never be sent again.
    pub(crate) fn prune(&mut self, destination: &str, current: &HashSet<&str>) {
        if let Some(map) = self.record.destinations.get_mut(destination) {
            map.retain(|id, _| current.contains(id.as_str()));
        }
    }

    /// Writes the record (atomically, with the one writer of [`crate::site_file`]: a random
    /// temporary file, synced, renamed; never through a link) when it is kept in a folder: a
    /// reader (or a rerun after a kill) sees the old record or the new one, never half of one.
    pub(crate) fn save(&mut self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        self.record.version = 1;
        let bytes = serde_json::to_vec_pretty(&self.record).map_err(|e| e.to_string())?;
        let (dir, name) = (path.parent().unwrap_or(Path::new(".")), Path::new(FILE));
        let expect = self.on_disk.as_deref().map_or(Expect::New, Expect::Holds);
        std::fs::create_dir_all(dir)
            .and_then(|()| crate::site_file::write(dir, name, &bytes, expect))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        self.on_disk = Some(bytes);
        Ok(())
    }
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
    fn a_link_at_a_temporary_name_is_never_written_through() {
        // The temporary name used to be `notify-state.tmp<pid>`: a link planted there sent
        // the record into whatever it pointed at.
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir
            .path()
            .join(format!("notify-state.tmp{}", std::process::id()));
        std::os::unix::fs::symlink(&victim, planted).unwrap();
        let mut state = State::load(Some(dir.path())).unwrap();
        state.note("t", [("e".to_string(), "h".to_string())]);
        state.save().unwrap();
        state.note("t", [("f".to_string(), "h".to_string())]);
        state.save().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let again = State::load(Some(dir.path())).unwrap();
        assert_eq!(again.known("t").unwrap().len(), 2);
        // Someone else's file at the record's name is not replaced by a run that did not read it.
        std::fs::write(
            dir.path().join(FILE),
            b"{\"version\":1,\"destinations\":{}}",
        )
        .unwrap();
        assert!(state.save().is_err());
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
