//! Reading a cState (Hugo) status site: `config.yml` (`params.categories`, `params.systems`)
//! and `content/issues/*.md` (YAML front matter: `title`, `date`, `resolved`,
//! `resolvedWhen`, `severity`, `affected`, `informational`, `draft`; updates in the body,
//! each ending with the `{{< track "YYYY-MM-DD HH:MM:SS" >}}` shortcode).
//!
//! cState asks for UTC times in front matter, so times without an offset are read as UTC.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_yaml::Value;

use super::{Feature, Imported, Product, Report, Taken, clean_name, unique_id};
use crate::diagnostics::{Code, Diagnostic};
use crate::text::escape_unsafe;

mod body;
mod issue;

/// The config file names Hugo reads, in its order of preference.
const CONFIGS: [&str; 4] = ["hugo.yml", "hugo.yaml", "config.yml", "config.yaml"];

#[derive(Debug, Deserialize, Default)]
struct Category {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct System {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    category: Option<String>,
}

/// Reads the cState site in `dir`.
pub fn read(dir: &Path) -> Result<Imported, Diagnostic> {
    let (path, config) = read_config(dir)?;
    let mut report = Report::default();
    let params = config.get("params").cloned().unwrap_or(Value::Null);
    let list = |key: &str| params.get(key).cloned().unwrap_or(Value::Sequence(vec![]));
    let categories: Vec<Category> = serde_yaml::from_value(list("categories"))
        .map_err(|e| bad(&path, "params.categories", &e))?;
    let systems: Vec<System> =
        serde_yaml::from_value(list("systems")).map_err(|e| bad(&path, "params.systems", &e))?;
    let (products, refs) = catalogue(&categories, &systems, &mut report);
    let text = |key: &str| {
        config
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let base_url = match text("baseURL")
        .or_else(|| text("baseurl"))
        .filter(|u| crate::urls::web::is_web_address(u))
    {
        Some(u) if u.ends_with('/') => u,
        Some(u) => format!("{u}/"),
        None => {
            report.decide("config", "no absolute baseURL: base_url is https://status.example.com/, change it in bulletin.yaml");
            "https://status.example.com/".into()
        }
    };
    let incidents = issue::read_all(dir, &refs, &mut report)?;
    Ok(Imported {
        title: clean_name(
            &text("title").unwrap_or_default(),
            "site title",
            "Status",
            &mut report,
        ),
        base_url,
        timezone: "UTC".into(),
        products,
        incidents,
        report,
    })
}

/// One issue file's text (named `name`) as an incident, with the report of reading it, for
/// a site whose systems are `Gateway` and `Database` (features of `core`): what the fuzz
/// target `import_cstate` drives. `Err` is the reason the issue cannot be read.
pub fn read_issue_text(
    name: &str,
    text: &str,
) -> (Result<Option<super::Incident>, String>, Report) {
    let refs: HashMap<String, String> =
        [("Gateway", "core/gateway"), ("Database", "core/database")]
            .into_iter()
            .map(|(n, r)| (n.to_string(), r.to_string()))
            .collect();
    let mut report = Report::default();
    let text = crate::text::normalize_source(text.to_string());
    let read = issue::issue(name, &text, &refs, &mut report);
    (read, report)
}

fn read_config(dir: &Path) -> Result<(std::path::PathBuf, Value), Diagnostic> {
    let Some(path) = CONFIGS.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
        return Err(Diagnostic::access(
            Code::ImportNotCstate,
            dir,
            format!("not a cState site: none of {} here", CONFIGS.join(", ")),
        )
        .hint("give the folder of the Hugo site (the one with config.yml and content/issues/)"));
    };
    let text = crate::import::read::read_text_inside(dir, &path)?;
    let value: Value = serde_yaml::from_str(&text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        Diagnostic::access(Code::ImportBadYaml, &path, format!("not YAML: {e}")).at(line, column)
    })?;
    Ok((path, value))
}

fn bad(path: &Path, key: &str, e: &serde_yaml::Error) -> Diagnostic {
    Diagnostic::access(
        Code::ImportNotCstate,
        path,
        format!("`{key}` is not a list of named entries: {e}"),
    )
    .hint("cState lists categories and systems as `- name: …` entries under `params`")
}

/// Categories become products and their systems features; a system without a (known)
/// category becomes a product of its own. Returns the products and system name → reference.
/// Names are cleaned ([`clean_name`]); references keep the names as written, which is how
/// issues name their systems.
fn catalogue(
    categories: &[Category],
    systems: &[System],
    report: &mut Report,
) -> (Vec<Product>, HashMap<String, String>) {
    let mut products: Vec<Product> = Vec::new();
    let mut ids = Taken::default();
    let mut refs = HashMap::new();
    let mut feature_ids: HashMap<usize, Taken> = HashMap::new();
    // The first category of each name, as `position` found it before (an index: thousands
    // of categories and systems stay linear).
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, c) in categories.iter().enumerate() {
        by_name.entry(c.name.trim()).or_insert(i);
        let name = clean_name(&c.name, "category", "Category", report);
        products.push(Product {
            id: unique_id(&name, "category", &mut ids),
            name,
            description: clean_description(c.description.as_deref()),
            features: vec![],
        });
    }
    for s in systems.iter().filter(|s| !s.name.trim().is_empty()) {
        if refs.contains_key(s.name.trim()) {
            report.decide(
                &format!("system '{}'", escape_unsafe(&s.name)),
                "listed twice: the first one is used",
            );
            continue;
        }
        let name = clean_name(&s.name, "system", "System", report);
        let feature = Feature {
            id: String::new(),
            name,
            description: clean_description(s.description.as_deref()),
        };
        match s.category.as_deref().and_then(|c| by_name.get(c.trim())) {
            Some(&pi) => {
                let id = unique_id(&feature.name, "system", feature_ids.entry(pi).or_default());
                refs.insert(
                    s.name.trim().to_string(),
                    format!("{}/{id}", products[pi].id),
                );
                products[pi].features.push(Feature { id, ..feature });
            }
            None => {
                if let Some(c) = &s.category {
                    report.decide(&format!("system '{}'", feature.name), format!("its category '{}' is not in params.categories: imported as a product of its own", escape_unsafe(c)));
                }
                let id = unique_id(&feature.name, "system", &mut ids);
                refs.insert(s.name.trim().to_string(), id.clone());
                products.push(Product {
                    id,
                    name: feature.name,
                    description: feature.description,
                    features: vec![],
                });
            }
        }
    }
    leave_out_empty(&mut products, &refs, report);
    (products, refs)
}

/// A description as one line of plain text, without control or invisible characters.
fn clean_description(text: Option<&str>) -> Option<String> {
    let cleaned = clean_name(text?, "", "", &mut Report::default());
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Categories without systems are left out; with no systems at all, one product stands for
/// the site (a catalogue cannot be empty).
fn leave_out_empty(
    products: &mut Vec<Product>,
    refs: &HashMap<String, String>,
    report: &mut Report,
) {
    let before = products.len();
    let referred: HashSet<&str> = refs.values().map(String::as_str).collect();
    products.retain(|p| !p.features.is_empty() || referred.contains(p.id.as_str()));
    if products.len() < before {
        report.decide(
            "config",
            format!(
                "{} categor(ies) without systems left out",
                before - products.len()
            ),
        );
    }
    if products.is_empty() {
        report.decide(
            "config",
            "no systems: one product 'service' stands for the whole site",
        );
        products.push(Product {
            id: "service".into(),
            name: "Service".into(),
            description: None,
            features: vec![],
        });
    }
}
