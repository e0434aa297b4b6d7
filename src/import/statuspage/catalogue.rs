//! Statuspage components into Bulletin's catalogue: each component group becomes a product
//! and its components that product's features; a component in no group becomes a product of
//! its own, without features (it is referred to by the product id alone, and is shown at the
//! top level as Statuspage shows it).

use std::collections::HashMap;

use super::Component;
use crate::import::{Feature, Product, Report, unique_id};

/// The catalogue and how each Statuspage component id is referred to in incident files.
#[derive(Debug, Default)]
pub(super) struct Catalogue {
    pub products: Vec<Product>,
    /// Component id → `product` or `product/feature`.
    pub refs: HashMap<String, String>,
}

/// Builds the catalogue in Statuspage's order (`position`).
pub(super) fn build(components: &[Component], page_name: &str, report: &mut Report) -> Catalogue {
    let mut sorted: Vec<&Component> = components.iter().collect();
    sorted.sort_by_key(|c| c.position.unwrap_or(i64::MAX));
    let mut cat = Catalogue::default();
    let mut product_ids = Vec::new();
    let mut group_index = HashMap::new();
    for c in sorted.iter().filter(|c| c.group) {
        let id = unique_id(&c.name, "group", &mut product_ids);
        group_index.insert(c.id.clone(), cat.products.len());
        cat.refs.insert(c.id.clone(), id.clone());
        cat.products.push(product(id, c));
    }
    let mut feature_ids: HashMap<usize, Vec<String>> = HashMap::new();
    for c in sorted.iter().filter(|c| !c.group) {
        match c.group_id.as_ref().and_then(|g| group_index.get(g)) {
            Some(&pi) => add_feature(&mut cat, pi, c, feature_ids.entry(pi).or_default(), report),
            None => {
                if c.group_id.is_some() {
                    report.decide(
                        &format!("component '{}'", c.name),
                        "its group is not on the page: imported as a product of its own",
                    );
                }
                let id = unique_id(&c.name, "component", &mut product_ids);
                cat.refs.insert(c.id.clone(), id.clone());
                cat.products.push(product(id, c));
            }
        }
    }
    if cat.products.is_empty() {
        let id = unique_id(page_name, "service", &mut product_ids);
        report.decide(
            "catalogue",
            format!("the page lists no components: one product '{id}' stands for the whole page"),
        );
        cat.products.push(Product {
            id,
            name: non_empty(page_name, "Service"),
            description: None,
            features: vec![],
        });
    }
    report_duplicates(&cat, report);
    cat
}

/// Adds component `c` as a feature of product `pi`; `taken` holds that product's feature ids.
fn add_feature(
    cat: &mut Catalogue,
    pi: usize,
    c: &Component,
    taken: &mut Vec<String>,
    report: &mut Report,
) {
    let id = unique_id(&c.name, "component", taken);
    if id != crate::authoring::slugify(&c.name) {
        report.decide(
            &format!("component '{}'", c.name),
            format!("its id is '{id}': another component of the group has the same name"),
        );
    }
    let product = &mut cat.products[pi];
    cat.refs
        .insert(c.id.clone(), format!("{}/{id}", product.id));
    product.features.push(Feature {
        id,
        name: c.name.trim().to_string(),
        description: description(c),
    });
}

fn product(id: String, c: &Component) -> Product {
    Product {
        id,
        name: non_empty(&c.name, "Component"),
        description: description(c),
        features: vec![],
    }
}

fn description(c: &Component) -> Option<String> {
    c.description
        .as_deref()
        .map(|d| crate::import::html::to_markdown(d).replace('\n', " "))
        .filter(|d| !d.is_empty())
}

fn non_empty(name: &str, fallback: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        fallback.into()
    } else {
        name
    }
}

/// A line for each component name used more than once: each is a component of its own.
fn report_duplicates(cat: &Catalogue, report: &mut Report) {
    let mut by_name: HashMap<&str, Vec<String>> = HashMap::new();
    for p in &cat.products {
        for f in &p.features {
            by_name
                .entry(f.name.as_str())
                .or_default()
                .push(format!("{}/{}", p.id, f.id));
        }
        if p.features.is_empty() {
            by_name
                .entry(p.name.as_str())
                .or_default()
                .push(p.id.clone());
        }
    }
    let mut dups: Vec<_> = by_name
        .into_iter()
        .filter(|(_, refs)| refs.len() > 1)
        .collect();
    dups.sort();
    for (name, refs) in dups {
        report.decide(
            &format!("component name '{name}'"),
            format!(
                "used {} times; each stays a component of its own: {}",
                refs.len(),
                refs.join(", ")
            ),
        );
    }
}
