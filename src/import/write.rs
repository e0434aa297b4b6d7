//! Writing an import into a site folder, safely and repeatably.
//!
//! Each file is written only when it is new, or when the importer wrote it before and nobody
//! changed it since (its bytes still match the hash in the record): then it is rewritten
//! with the newer data. A file someone edited, or one the importer never wrote, is a
//! conflict: left as it is, and reported. A file the importer wrote and someone deleted is
//! not written again. Incident files keep the name they got the first time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::record::{self, RECORD_FILE, Record};
use super::text::{config_yaml, incident_text};
use super::{Imported, Report};
use crate::config::CONFIG_FILE;
use crate::content::INCIDENTS_DIR;
use crate::diagnostics::Diagnostic;

/// Where to write, and whether to write at all.
#[derive(Debug, Clone)]
pub struct Target {
    /// The site folder (created when missing).
    pub root: PathBuf,
    /// Only report what would be written.
    pub dry_run: bool,
    /// The source's name for the config's comment (`statuspage`, `cstate`).
    pub source: &'static str,
}

/// What to do with one file.
enum Action {
    Create,
    Update,
    Same,
    /// Left alone, with the reason.
    Keep(&'static str),
}

/// Writes `imported` into `target`; returns the report, with what was written.
pub fn write(imported: Imported, target: &Target) -> Result<Report, Diagnostic> {
    let mut record = Record::load(&target.root)?;
    let mut report = imported.report.clone();
    let mut writes: Vec<(String, String)> = Vec::new();
    let config = config_yaml(&imported, target.source);
    plan_file(
        &target.root,
        CONFIG_FILE,
        config,
        &record,
        &mut report,
        &mut writes,
    );
    if report.conflicts.iter().any(|c| c.starts_with(CONFIG_FILE)) {
        missing_components(&target.root, &imported, &mut report);
    }
    let slugs = assign_slugs(&target.root, &imported, &record);
    for (inc, slug) in imported.incidents.iter().zip(&slugs) {
        record.slugs.insert(inc.source_id.clone(), slug.clone());
        let rel = format!("{INCIDENTS_DIR}/{slug}.md");
        plan_file(
            &target.root,
            &rel,
            incident_text(inc),
            &record,
            &mut report,
            &mut writes,
        );
    }
    if target.dry_run {
        return Ok(report);
    }
    std::fs::create_dir_all(target.root.join(INCIDENTS_DIR))
        .map_err(|e| unwritable(&target.root, &e))?;
    // Files are independent: written in parallel (10,000 small files are mostly system calls).
    let hashes: Vec<(String, String)> = writes
        .par_iter()
        .map(|(rel, text)| {
            let path = target.root.join(rel);
            crate::authoring::write_atomically(&path, text.as_bytes())
                .map_err(|e| unwritable(&path, &e))?;
            Ok((rel.clone(), record::hash(text.as_bytes())))
        })
        .collect::<Result<_, Diagnostic>>()?;
    record.files.extend(hashes);
    let path = target.root.join(RECORD_FILE);
    crate::authoring::write_atomically(&path, &record.to_bytes())
        .map_err(|e| unwritable(&path, &e))?;
    Ok(report)
}

fn unwritable(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::access(
        "unwritable",
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
    writes: &mut Vec<(String, String)>,
) {
    match action(root, rel, &text, record) {
        Action::Create => {
            report.created.push(rel.to_string());
            writes.push((rel.to_string(), text));
        }
        Action::Update => {
            report.updated.push(rel.to_string());
            writes.push((rel.to_string(), text));
        }
        Action::Same => report.unchanged += 1,
        Action::Keep(why) => report.conflicts.push(format!("{rel}: {why}")),
    }
}

fn action(root: &Path, rel: &str, text: &str, record: &Record) -> Action {
    let recorded = record.files.get(rel);
    let on_disk = match std::fs::read(root.join(rel)) {
        Ok(bytes) => Some(bytes),
        Err(_) if root.join(rel).exists() => return Action::Keep("exists but cannot be read"),
        Err(_) => None,
    };
    match (on_disk, recorded) {
        (None, None) => Action::Create,
        (None, Some(_)) => Action::Keep(
            "deleted since the last import: not written again (remove it from .bulletin-import.json to get it back)",
        ),
        (Some(bytes), _) if bytes == text.as_bytes() => Action::Same,
        (Some(bytes), Some(hash)) if &record::hash(&bytes) == hash => Action::Update,
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

/// With a `bulletin.yaml` the import may not write, says which imported components it lacks.
fn missing_components(root: &Path, imported: &Imported, report: &mut Report) {
    let Ok(config) = crate::config::load(root, None) else {
        report.conflicts.push(format!("{CONFIG_FILE}: cannot be read as a site config; the imported incidents name components it may lack"));
        return;
    };
    let mut missing = Vec::new();
    for p in &imported.products {
        let refs: Vec<String> = if p.features.is_empty() {
            vec![p.id.clone()]
        } else {
            p.features
                .iter()
                .map(|f| format!("{}/{}", p.id, f.id))
                .collect()
        };
        missing.extend(refs.into_iter().filter(|r| config.resolve(r).is_none()));
    }
    if !missing.is_empty() {
        report.conflicts.push(format!(
            "{CONFIG_FILE}: lacks {} imported component(s): {}; add them (with these ids) or `bulletin check` reports each incident that names one",
            missing.len(),
            missing.join(", ")
        ));
    }
}
