//! Reading a cState (Hugo) status site: `config.yml` (`params.categories`, `params.systems`)
//! and `content/issues/*.md` (YAML front matter: `title`, `date`, `resolved`,
//! `resolvedWhen`, `severity`, `affected`, `informational`, `draft`; updates in the body,
//! each ending with the `{{< track "YYYY-MM-DD HH:MM:SS" >}}` shortcode).
//!
//! cState asks for UTC times in front matter, so times without an offset are read as UTC.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_yaml::Value;

use super::{Feature, Imported, Product, Report, unique_id};
use crate::diagnostics::Diagnostic;

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
        .filter(|u| u.starts_with("http"))
    {
        Some(u) if u.ends_with('/') => u,
        Some(u) => format!("{u}/"),
        None => {
            report.decide("config", "no absolute baseURL: base_url is https://status.example.com/, change it in bulletin.yaml");
            "https://status.example.com/".into()
        }
    };
    let incidents = issue::read_all(&dir.join("content/issues"), &refs, &mut report)?;
    Ok(Imported {
        title: text("title").unwrap_or_else(|| "Status".into()),
        base_url,
        timezone: "UTC".into(),
        products,
        incidents,
        report,
    })
}

fn read_config(dir: &Path) -> Result<(std::path::PathBuf, Value), Diagnostic> {
    let Some(path) = CONFIGS.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
        return Err(Diagnostic::access(
            "import-not-cstate",
            dir,
            format!("not a cState site: none of {} here", CONFIGS.join(", ")),
        )
        .hint("give the folder of the Hugo site (the one with config.yml and content/issues/)"));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::access("import-unreadable", &path, e.to_string()))?;
    let value: Value = serde_yaml::from_str(&text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        Diagnostic::access("import-bad-yaml", &path, format!("not YAML: {e}")).at(line, column)
    })?;
    Ok((path, value))
}

fn bad(path: &Path, key: &str, e: &serde_yaml::Error) -> Diagnostic {
    Diagnostic::access(
        "import-not-cstate",
        path,
        format!("`{key}` is not a list of named entries: {e}"),
    )
    .hint("cState lists categories and systems as `- name: …` entries under `params`")
}

/// Categories become products and their systems features; a system without a (known)
/// category becomes a product of its own. Returns the products and system name → reference.
fn catalogue(
    categories: &[Category],
    systems: &[System],
    report: &mut Report,
) -> (Vec<Product>, HashMap<String, String>) {
    let mut products: Vec<Product> = Vec::new();
    let mut ids = Vec::new();
    let mut refs = HashMap::new();
    let mut feature_ids: HashMap<usize, Vec<String>> = HashMap::new();
    for c in categories {
        let id = unique_id(&c.name, "category", &mut ids);
        products.push(Product {
            id,
            name: c.name.trim().to_string(),
            description: c.description.clone(),
            features: vec![],
        });
    }
    for s in systems.iter().filter(|s| !s.name.trim().is_empty()) {
        if refs.contains_key(s.name.trim()) {
            report.decide(
                &format!("system '{}'", s.name),
                "listed twice: the first one is used",
            );
            continue;
        }
        let pi = s
            .category
            .as_deref()
            .and_then(|c| categories.iter().position(|k| k.name.trim() == c.trim()));
        if let Some(pi) = pi {
            let id = unique_id(&s.name, "system", feature_ids.entry(pi).or_default());
            refs.insert(
                s.name.trim().to_string(),
                format!("{}/{id}", products[pi].id),
            );
            products[pi].features.push(Feature {
                id,
                name: s.name.trim().to_string(),
                description: s.description.clone(),
            });
        } else {
            if let Some(c) = &s.category {
                report.decide(&format!("system '{}'", s.name), format!("its category '{c}' is not in params.categories: imported as a product of its own"));
            }
            let id = unique_id(&s.name, "system", &mut ids);
            refs.insert(s.name.trim().to_string(), id.clone());
            products.push(Product {
                id,
                name: s.name.trim().to_string(),
                description: s.description.clone(),
                features: vec![],
            });
        }
    }
    leave_out_empty(&mut products, &refs, report);
    (products, refs)
}

/// Categories without systems are left out; with no systems at all, one product stands for
/// the site (a catalogue cannot be empty).
fn leave_out_empty(
    products: &mut Vec<Product>,
    refs: &HashMap<String, String>,
    report: &mut Report,
) {
    let before = products.len();
    products.retain(|p| !p.features.is_empty() || refs.values().any(|r| r == &p.id));
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
