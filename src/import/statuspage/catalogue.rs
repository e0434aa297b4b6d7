//! Statuspage components into Bulletin's catalogue: each component group becomes a product
//! and its components that product's features; a component in no group becomes a product of
//! its own, without features (it is referred to by the product id alone, and is shown at the
//! top level as Statuspage shows it).

use std::collections::HashMap;

use super::Component;
use crate::import::{Feature, Product, Report, Taken, base_id, clean_name, unique_id};
use crate::text::escape_unsafe;

/// The catalogue and how each Statuspage component id is referred to in incident files.
#[derive(Debug, Default)]
pub(super) struct Catalogue {
    pub products: Vec<Product>,
    /// Component id → `product` or `product/feature`.
    pub refs: HashMap<String, String>,
}

/// Builds the catalogue in Statuspage's order (`position`). Names are cleaned
/// ([`clean_name`]); a component whose id an earlier one has is left out, reported (its
/// changes could not be told from the other's).
pub(super) fn build(components: &[Component], page_name: &str, report: &mut Report) -> Catalogue {
    let mut sorted: Vec<Component> = distinct(components, report);
    sorted.sort_by_key(|c| c.position.unwrap_or(i64::MAX));
    let mut cat = Catalogue::default();
    let mut product_ids = Taken::default();
    let mut group_index = HashMap::new();
    for c in sorted.iter().filter(|c| c.group) {
        let id = unique_id(&c.name, "group", &mut product_ids);
        group_index.insert(c.id.clone(), cat.products.len());
        cat.refs.insert(c.id.clone(), id.clone());
        cat.products.push(product(id, c));
    }
    let mut feature_ids: HashMap<usize, Taken> = HashMap::new();
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

/// The components with their names cleaned, each id once: a second component with an id
/// already seen is left out with a report line (changes name components by id, so they
/// would silently move to the first one).
fn distinct(components: &[Component], report: &mut Report) -> Vec<Component> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut out = Vec::with_capacity(components.len());
    for c in components {
        if let Some(first) = seen.get(c.id.as_str()) {
            report.skip(
                &format!("component '{}'", escape_unsafe(&c.name)),
                format!(
                    "its id '{}' is also component '{}''s: left out, as changes recorded under that id go to the first",
                    escape_unsafe(&c.id),
                    escape_unsafe(first)
                ),
            );
            continue;
        }
        seen.insert(&c.id, &c.name);
        let what = if c.group {
            "component group"
        } else {
            "component"
        };
        let fallback = if c.group { "Group" } else { "Component" };
        out.push(Component {
            name: clean_name(&c.name, what, fallback, report),
            ..c.clone()
        });
    }
    out
}

/// Adds component `c` as a feature of product `pi`; `taken` holds that product's feature ids.
fn add_feature(
    cat: &mut Catalogue,
    pi: usize,
    c: &Component,
    taken: &mut Taken,
    report: &mut Report,
) {
    let id = unique_id(&c.name, "component", taken);
    // A suffixed id (`login-2`): the plain one was taken by a component of the same name.
    if id != base_id(&c.name, "component") {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn component(id: &str, name: &str, group_id: Option<&str>, group: bool) -> Component {
        Component {
            id: id.into(),
            name: name.into(),
            status: None,
            position: None,
            description: None,
            group_id: group_id.map(Into::into),
            group,
        }
    }

    #[test]
    fn same_names_get_distinct_ids_and_a_report_line() {
        let list = [
            component("g", "Web", None, true),
            component("a", "Login", Some("g"), false),
            component("b", "Login", Some("g"), false),
            component("c", "!!!", Some("g"), false),
            component("d", "Mail", Some("gone"), false),
        ];
        let mut report = Report::default();
        let cat = build(&list, "Page", &mut report);
        assert_eq!(cat.refs["a"], "web/login");
        assert_eq!(cat.refs["b"], "web/login-2");
        assert_eq!(cat.refs["c"], "web/component");
        assert_eq!(cat.refs["d"], "mail");
        assert_eq!(
            report.decisions,
            [
                "component 'Login': its id is 'login-2': another component of the group has the same name",
                "component 'Mail': its group is not on the page: imported as a product of its own",
                "component name 'Login': used 2 times; each stays a component of its own: web/login, web/login-2",
            ]
        );
    }
}
