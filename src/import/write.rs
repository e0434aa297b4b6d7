//! Writing an import into a site folder, safely and repeatably.
//!
//! Each file is written only when it is new, or when the importer wrote it before and nobody
//! changed it since (its bytes still match the hash in the record): then it is rewritten
//! with the newer data. A file someone edited, or one the importer never wrote, is a
//! conflict: left as it is, and reported. A file the importer wrote and someone deleted is
//! not written again. Incident files keep the name they got the first time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::record::{self, RECORD_FILE, Record};
use super::text::{config_yaml, incident_text};
use super::{Imported, Report};
use crate::config::CONFIG_FILE;
use crate::content::INCIDENTS_DIR;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::output::OutputLock;
use crate::site_file::Expect;

/// Where to write, and whether to write at all.
#[derive(Debug, Clone)]
pub struct Target {
    /// The site folder (created when missing).
    pub root: PathBuf,
    /// Only report what would be written.
    pub dry_run: bool,
    /// The source's name for the config's comment (`statuspage`, `cstate`).
    pub source: &'static str,
    /// Add the imported components a site's own `bulletin.yaml` lacks to it (`--add-components`);
    /// without it, such an import is refused before anything is written.
    pub add_components: bool,
    /// Files of a new site (`init`'s `.gitignore` and CI recipe): written when missing, never
    /// over a file the import did not write.
    pub extras: Vec<(String, String)>,
}

/// What an import writes besides its recorded files.
struct Edits {
    config: Option<super::add::ConfigEdit>,
    /// New files of a new site (`Target::extras`) that are not there yet.
    extras: Vec<(String, String)>,
}

/// What to do with one file.
enum Action {
    Create,
    /// Replace the file, which holds these bytes (written by an earlier import).
    Update(Vec<u8>),
    Same,
    /// Left alone, with the reason.
    Keep(&'static str),
}

/// One file to write: where, what, and what it holds now (`None`: nothing).
struct Write {
    rel: String,
    text: String,
    old: Option<Vec<u8>>,
}

/// Writes `imported` into `target`; returns the report, with what was written. The site
/// folder is locked meanwhile (a second import, a build, an authoring command wait), and the
/// writing is a transaction (see `record`): a failed or killed import is resumed by the next.
pub fn write(imported: Imported, target: &Target) -> Result<Report, Diagnostics> {
    let root = &target.root;
    let _lock = if target.dry_run {
        None
    } else {
        std::fs::create_dir_all(root).map_err(|e| unwritable(root, &e))?;
        Some(OutputLock::folder(root, || {
            format!(
                "waiting for another bulletin command in {} to finish…",
                root.display()
            )
        }))
    };
    crate::site_file::folder_inside(root, Path::new(INCIDENTS_DIR))
        .map_err(|e| unwritable(&root.join(INCIDENTS_DIR), &e))?;
    let mut record = Record::load(root)?;
    let (report, writes, edits) = plan(&imported, target, &mut record)?;
    if !target.dry_run {
        if let Some(edit) = edits.config {
            crate::site_file::write(
                root,
                Path::new(CONFIG_FILE),
                edit.text.as_bytes(),
                Expect::Holds(&edit.old),
            )
            .map_err(|e| unwritable(&root.join(CONFIG_FILE), &e))?;
        }
        commit(root, record, writes)?;
        write_extras(root, &edits.extras)?;
    }
    Ok(report)
}

/// Decides about every file: the report, the files to write, and the site's own
/// `bulletin.yaml` with the components it lacks (`--add-components`).
fn plan(
    imported: &Imported,
    target: &Target,
    record: &mut Record,
) -> Result<(Report, Vec<Write>, Edits), Diagnostics> {
    let root = &target.root;
    let mut report = imported.report.clone();
    let mut writes = Vec::new();
    let config = config_yaml(imported, target.source);
    plan_file(root, CONFIG_FILE, config, record, &mut report, &mut writes);
    let mut edit = None;
    if report.conflicts.iter().any(|c| c.starts_with(CONFIG_FILE)) {
        edit = super::add::plan(root, imported, target.add_components, &mut report)?;
    }
    // Written only where nothing is (not recorded: a later import never replaces them).
    let extras: Vec<(String, String)> = target
        .extras
        .iter()
        .filter(|(rel, _)| std::fs::symlink_metadata(root.join(rel)).is_err())
        .cloned()
        .collect();
    report
        .created
        .extend(extras.iter().map(|(rel, _)| rel.clone()));
    let slugs = assign_slugs(root, imported, record);
    for (inc, slug) in imported.incidents.iter().zip(&slugs) {
        record.slugs.insert(inc.source_id.clone(), slug.clone());
        let rel = format!("{INCIDENTS_DIR}/{slug}.md");
        plan_file(
            root,
            &rel,
            incident_text(inc),
            record,
            &mut report,
            &mut writes,
        );
    }
    Ok((
        report,
        writes,
        Edits {
            config: edit,
            extras,
        },
    ))
}

/// Writes the files of a new site that are not there yet, never over anything.
fn write_extras(root: &Path, extras: &[(String, String)]) -> Result<(), Diagnostics> {
    for (rel, text) in extras {
        let rel = Path::new(rel);
        // Each folder on the way made only inside the site (never through a link out of it).
        let mut folder = PathBuf::new();
        for part in rel.parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            let inside = crate::site_file::folder_inside(root, &folder)
                .map_err(|e| unwritable(&root.join(&folder), &e))?;
            if inside.is_none() {
                std::fs::create_dir(root.join(&folder))
                    .map_err(|e| unwritable(&root.join(&folder), &e))?;
            }
        }
        crate::site_file::write(root, rel, text.as_bytes(), Expect::New)
            .map_err(|e| unwritable(&root.join(rel), &e))?;
    }
    Ok(())
}

/// Writes the planned files: the record first, with every name and the files as pending;
/// then the files (`site_file::write_many`: in parallel, one sync for all); then the record
/// again, complete.
fn commit(root: &Path, mut record: Record, writes: Vec<Write>) -> Result<(), Diagnostics> {
    clear_leftovers(root);
    record.pending = writes
        .iter()
        .map(|w| (w.rel.clone(), record::hash(w.text.as_bytes())))
        .collect();
    // The record first: from now on the folder is a site an import may resume in.
    save(root, &mut record)?;
    std::fs::create_dir_all(root.join(INCIDENTS_DIR))
        .map_err(|e| unwritable(&root.join(INCIDENTS_DIR), &e))?;
    clear_leftovers(&root.join(INCIDENTS_DIR));
    let results = write_files(root, &writes);
    let (done, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if !failed.is_empty() {
        // The record stays pending: the next import settles what was written.
        return Err(failed.into_iter().filter_map(Result::err).collect());
    }
    record.files.extend(done.into_iter().filter_map(Result::ok));
    record.pending.clear();
    save(root, &mut record)
}

/// Writes the files (`site_file::write_many`): for each, the file and its hash, or why not.
fn write_files(root: &Path, writes: &[Write]) -> Vec<Result<(String, String), Diagnostic>> {
    let fail_after = fail_after();
    let files: Vec<(&Path, &[u8], Expect)> = writes
        .iter()
        .map(|w| {
            let expect = w.old.as_deref().map_or(Expect::New, Expect::Holds);
            (Path::new(&w.rel), w.text.as_bytes(), expect)
        })
        .collect();
    let renamed = std::sync::atomic::AtomicUsize::new(0);
    crate::site_file::write_many(root, &files, |_| {
        let n = renamed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        match fail_after {
            Some(limit) if n >= limit => Err(std::io::Error::other(FAILURE_INJECTED)),
            _ => Ok(()),
        }
    })
    .into_iter()
    .zip(writes)
    .map(|(result, w)| {
        result
            .map(|()| (w.rel.clone(), record::hash(w.text.as_bytes())))
            .map_err(|e| unwritable(&root.join(&w.rel), &e))
    })
    .collect()
}

/// A test hook (docs/testing.md): with `BULLETIN_IMPORT_FAIL_AFTER=N`, every file write after
/// the first N fails, as a full disk or a kill would stop an import part way.
fn fail_after() -> Option<usize> {
    std::env::var("BULLETIN_IMPORT_FAIL_AFTER")
        .ok()?
        .parse()
        .ok()
}

const FAILURE_INJECTED: &str = "failure injected by BULLETIN_IMPORT_FAIL_AFTER";

/// Writes the record over the one last read or written (never over someone else's file).
fn save(root: &Path, record: &mut Record) -> Result<(), Diagnostics> {
    let bytes = record.to_bytes();
    let expect = record.on_disk.as_deref().map_or(Expect::New, Expect::Holds);
    crate::site_file::write(root, Path::new(RECORD_FILE), &bytes, expect)
        .map_err(|e| unwritable(&root.join(RECORD_FILE), &e))?;
    record.on_disk = Some(bytes);
    Ok(())
}

/// Removes the temporary files a killed import left in `dir` (the site is locked: no other
/// bulletin command is writing them now).
fn clear_leftovers(dir: &Path) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in listing.filter_map(Result::ok) {
        let plain = entry.file_type().is_ok_and(|t| !t.is_dir());
        if plain && crate::site_file::is_leftover(&entry.file_name()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn unwritable(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::access(
        Code::Unwritable,
        path,
        format!("cannot write {}: {e}", path.display()),
    )
}

/// Decides about one file and queues it when it is to be written.
fn plan_file(
    root: &Path,
    rel: &str,
    text: String,
    record: &Record,
    report: &mut Report,
    writes: &mut Vec<Write>,
) {
    let old = match action(root, rel, &text, record) {
        Action::Create => {
            report.created.push(rel.to_string());
            None
        }
        Action::Update(old) => {
            report.updated.push(rel.to_string());
            Some(old)
        }
        Action::Same => {
            report.unchanged += 1;
            return;
        }
        Action::Keep(why) => {
            report.conflicts.push(format!("{rel}: {why}"));
            return;
        }
    };
    let rel = rel.to_string();
    writes.push(Write { rel, text, old });
}

fn action(root: &Path, rel: &str, text: &str, record: &Record) -> Action {
    let recorded = record.files.get(rel);
    let path = root.join(rel);
    let on_disk = match crate::site_file::read_regular(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) if path.is_symlink() => {
            return Action::Keep(
                "is a symbolic link: left as it is (an import writes through no link)",
            );
        }
        Err(_) => return Action::Keep("exists but cannot be read"),
    };
    match (on_disk, recorded) {
        (None, None) => Action::Create,
        (None, Some(_)) => Action::Keep(
            "deleted since the last import: not written again (remove it from .bulletin-import.json to get it back)",
        ),
        (Some(bytes), _) if bytes == text.as_bytes() => Action::Same,
        (Some(bytes), Some(hash)) if &record::hash(&bytes) == hash => Action::Update(bytes),
        (Some(_), Some(_)) => Action::Keep("edited since the last import: left as it is"),
        (Some(_), None) => Action::Keep("exists and was not written by an import: left as it is"),
    }
}

/// The file name of each incident: the one it got before, else `<date>-<title words>`
/// (`bulletin new`'s slug), with `-2`, `-3`, … when taken. Incidents get new names in the
/// order of their start, so names do not depend on the order of the source's lists.
fn assign_slugs(root: &Path, imported: &Imported, record: &Record) -> Vec<String> {
    let mut taken: HashSet<String> = record.slugs.values().cloned().collect();
    if let Ok(dir) = std::fs::read_dir(root.join(INCIDENTS_DIR)) {
        for e in dir.filter_map(Result::ok) {
            if let Some(stem) = e.path().file_stem() {
                taken.insert(stem.to_string_lossy().into_owned());
            }
        }
    }
    let mut slugs: Vec<Option<String>> = imported
        .incidents
        .iter()
        .map(|i| record.slugs.get(&i.source_id).cloned())
        .collect();
    // Suffixes linear in the number of same-named incidents (see `import::Taken`).
    let mut taken = super::Taken::from_names(taken);
    let mut order: Vec<usize> = (0..imported.incidents.len())
        .filter(|&i| slugs[i].is_none())
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&imported.incidents[a], &imported.incidents[b]);
        (x.first_stamp().map(|s| s.at), &x.source_id)
            .cmp(&(y.first_stamp().map(|s| s.at), &y.source_id))
    });
    for i in order {
        let inc = &imported.incidents[i];
        let date = inc
            .first_stamp()
            .map_or_else(|| "undated".to_string(), |s| s.date());
        let base = format!("{date}-{}", crate::authoring::slugify(&inc.title));
        slugs[i] = Some(taken.claim(&base));
    }
    slugs
        .into_iter()
        .map(|s| s.expect("every incident named"))
        .collect()
}
