//! The imported components a site's own `bulletin.yaml` lacks: the import is refused before
//! it writes anything, or with `--add-components` they are added to its catalogue as new
//! lines, every other byte of the file as it was (never lose a user's file). Lines are only
//! inserted: a new product after the last product, a new feature after the last feature of
//! its product. The result is read back by `config::parse` and must name every component; a
//! catalogue written another way (flow style, `features: []`) is left to the user, with the
//! lines to add.

use std::path::Path;

use super::{Imported, Product, Report};
use crate::config::CONFIG_FILE;
use crate::config::Config;
use crate::content::write::quoted;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// What `config` lacks of `products`: whole products, and features of products it has.
pub(crate) fn missing(config: &Config, products: &[Product]) -> Vec<Product> {
    let mut out = Vec::new();
    for p in products {
        if config.resolve(&p.id).is_none() {
            out.push(p.clone());
            continue;
        }
        let features: Vec<_> = p
            .features
            .iter()
            .filter(|f| config.resolve(&format!("{}/{}", p.id, f.id)).is_none())
            .cloned()
            .collect();
        if !features.is_empty() {
            out.push(Product {
                features,
                ..p.clone()
            });
        }
    }
    out
}

/// The references of `missing` (`product/feature`, or `product` alone), for messages.
pub(crate) fn refs(missing: &[Product]) -> Vec<String> {
    missing
        .iter()
        .flat_map(|p| {
            if p.features.is_empty() {
                vec![p.id.clone()]
            } else {
                p.features
                    .iter()
                    .map(|f| format!("{}/{}", p.id, f.id))
                    .collect()
            }
        })
        .collect()
}

/// `text` with `missing` added (products the config lacks whole, and features of products
/// it has), or `None` when the catalogue is not written in the block style this can extend.
pub(crate) fn add(root: &Path, text: &str, config: &Config, missing: &[Product]) -> Option<String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        *lines.last_mut()? += "\n";
    }
    let (start, end) = block(&lines, 0, |l| l.trim_end() == "products:")?;
    let item_indent = first_item_indent(&lines[start..end]).unwrap_or(2);
    // Features of existing products first, from the bottom up: each insertion leaves the
    // lines above it where they were.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for p in missing.iter().filter(|p| config.resolve(&p.id).is_some()) {
        let (item, item_end) = item(&lines, start, end, item_indent, &p.id)?;
        let (fs, fe) = block(&lines[..item_end], item, |l| l.trim() == "features:")?;
        let indent = first_item_indent(&lines[fs..fe]).unwrap_or(indent_of(&lines[fs - 1]) + 2);
        let at = last_content(&lines, fs - 1, fe);
        inserts.push((at, features_text(&p.features, indent)));
    }
    let new: Vec<_> = missing
        .iter()
        .filter(|p| config.resolve(&p.id).is_none())
        .collect();
    if !new.is_empty() {
        let out = new.iter().map(|p| product_text(p, item_indent)).collect();
        inserts.push((last_content(&lines, start - 1, end), out));
    }
    inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    // New lines end as the file's lines do.
    let crlf = text.contains("\r\n");
    for (at, added) in inserts {
        lines.insert(
            at,
            if crlf {
                added.replace('\n', "\r\n")
            } else {
                added
            },
        );
    }
    let result: String = lines.concat();
    // Read back: a valid config with every component it had, in its order, then the added.
    let after = crate::config::parse(root, &result, None).ok()?;
    let added = refs(missing);
    let kept = config.component_refs().all(|r| after.resolve(&r).is_some());
    let all_there = added.iter().all(|r| after.resolve(r).is_some());
    let count = after.component_refs().count()
        == config.component_refs().count()
            + added.len()
            + missing
                .iter()
                .filter(|p| config.resolve(&p.id).is_none() && !p.features.is_empty())
                .count();
    (kept && all_there && count).then_some(result)
}

/// The site's own `bulletin.yaml` with the imported components added: written over the bytes
/// it held, and not recorded as the import's (a later import never replaces it).
pub(super) struct ConfigEdit {
    pub old: Vec<u8>,
    pub text: String,
}

/// With a `bulletin.yaml` the import may not write: the imported components it lacks are
/// added (`add`), or the import is refused before anything is written, saying which.
pub(super) fn plan(
    root: &Path,
    imported: &Imported,
    allowed: bool,
    report: &mut Report,
) -> Result<Option<ConfigEdit>, Diagnostics> {
    let Ok(config) = crate::config::load(root, None) else {
        report.conflicts.push(format!("{CONFIG_FILE}: cannot be read as a site config; the imported incidents name components it may lack"));
        return Ok(None);
    };
    let missing = missing(&config, &imported.products);
    if missing.is_empty() {
        return Ok(None);
    }
    let refs = refs(&missing);
    let path = root.join(CONFIG_FILE);
    if !allowed {
        let shown: Vec<&str> = refs.iter().take(5).map(String::as_str).collect();
        let more = if refs.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        return Err(Diagnostic::access(
            Code::ImportMissingComponents,
            &path,
            format!(
                "the site's {CONFIG_FILE} lacks {} of the imported components ({}{more}); nothing was written: rerun with --add-components to add them (the rest of the file stays as it is)",
                refs.len(),
                shown.join(", ")
            ),
        )
        .into());
    }
    let old = crate::site_file::read_regular(&path).map_err(|e| {
        Diagnostic::access(
            Code::Unwritable,
            &path,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let text = String::from_utf8_lossy(&old).into_owned();
    let Some(new) = add(root, &text, &config, &missing) else {
        return Err(Diagnostic::access(
            Code::ImportMissingComponents,
            &path,
            format!("cannot add the imported components to {CONFIG_FILE} (its catalogue is not written one key a line); nothing was written"),
        )
        .hint(format!("add these under `products:` by hand, then import again:\n{}", by_hand(&missing)))
        .into());
    };
    // Not a conflict any more: the file is the site's own, with lines added (the report says which).
    report.conflicts.retain(|c| !c.starts_with(CONFIG_FILE));
    report.added = refs;
    Ok(Some(ConfigEdit { old, text: new }))
}

/// The lines a user adds by hand when [`add`] cannot: the products as YAML.
/// (A product the site has is shown with only the features it lacks: add those to it.)
pub(crate) fn by_hand(missing: &[Product]) -> String {
    missing.iter().map(|p| product_text(p, 2)).collect()
}

/// One product as a list item at `indent`, with its features.
fn product_text(p: &Product, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}- id: {}\n{pad}  name: {}\n", p.id, quoted(&p.name));
    if let Some(d) = &p.description {
        out += &format!("{pad}  description: {}\n", quoted(d));
    }
    if p.features.is_empty() {
        out += &format!("{pad}  features: []\n");
    } else {
        out += &format!("{pad}  features:\n");
        out += &features_text(&p.features, indent + 4);
    }
    out
}

fn features_text(features: &[super::Feature], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for f in features {
        out += &format!("{pad}- id: {}\n{pad}  name: {}\n", f.id, quoted(&f.name));
        if let Some(d) = &f.description {
            out += &format!("{pad}  description: {}\n", quoted(d));
        }
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A line that holds YAML content (not blank, not only a comment).
fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The lines under the first key line (from `from` on) that `is_key` accepts: from the line
/// after it to the first content line at the key's indentation or less that is not a list
/// item at the key's indentation.
fn block(lines: &[String], from: usize, is_key: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let key = (from..lines.len()).find(|&i| is_key(&lines[i]))?;
    let indent = indent_of(&lines[key]);
    let end = (key + 1..lines.len())
        .find(|&i| {
            let l = &lines[i];
            is_content(l)
                && (indent_of(l) < indent
                    || indent_of(l) == indent && !l.trim_start().starts_with("- "))
        })
        .unwrap_or(lines.len());
    Some((key + 1, end))
}

/// The indentation of the first list item among `lines`.
fn first_item_indent(lines: &[String]) -> Option<usize> {
    lines
        .iter()
        .find(|l| is_content(l))
        .filter(|l| l.trim_start().starts_with("- "))
        .map(|l| indent_of(l))
}

/// The list item of `lines[start..end]` at `indent` whose `id` is `id`: its first line and
/// the line after its last.
fn item(
    lines: &[String],
    start: usize,
    end: usize,
    indent: usize,
    id: &str,
) -> Option<(usize, usize)> {
    let items: Vec<usize> = (start..end)
        .filter(|&i| indent_of(&lines[i]) == indent && lines[i].trim_start().starts_with("- "))
        .collect();
    items.iter().enumerate().find_map(|(n, &first)| {
        let last = items.get(n + 1).copied().unwrap_or(end);
        let names_it = (first..last).any(|i| {
            let t = lines[i].trim_start().trim_start_matches("- ").trim();
            t.strip_prefix("id:")
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id)
                && (i == first || indent_of(&lines[i]) == indent + 2)
        });
        names_it.then_some((first, last))
    })
}

/// The index after the last content line of `lines[after + 1..end]` (or `after + 1`):
/// where new lines go, before the comments that follow the block.
fn last_content(lines: &[String], after: usize, end: usize) -> usize {
    (after + 1..end)
        .rev()
        .find(|&i| is_content(&lines[i]))
        .map_or(after + 1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Feature;

    fn feature(id: &str) -> Feature {
        Feature {
            id: id.into(),
            name: id.to_uppercase(),
            description: None,
        }
    }

    #[test]
    fn only_lines_are_added_where_they_belong() {
        let text = "title: T  # mine\nbase_url: https://s.example/\nproducts:\n- id: api\n  name: API\n  features:\n  - id: rest\n    name: REST\n  # a note of mine\n- id: web\n  name: Web\n  features:\n    - id: pages\n      name: Pages\n\n# the end\nfeed_items: 10\n";
        let root = Path::new("/nonexistent");
        let config = crate::config::parse(root, text, None).unwrap();
        let imported = [
            Product {
                id: "api".into(),
                name: "API".into(),
                description: None,
                features: vec![feature("rest"), feature("hooks")],
            },
            Product {
                id: "billing".into(),
                name: "Billing".into(),
                description: Some("Invoices".into()),
                features: vec![feature("invoices")],
            },
        ];
        let missing = missing(&config, &imported);
        assert_eq!(refs(&missing), ["api/hooks", "billing/invoices"]);
        let added = add(root, text, &config, &missing).unwrap();
        assert_eq!(
            added,
            "title: T  # mine\nbase_url: https://s.example/\nproducts:\n- id: api\n  name: API\n  features:\n  - id: rest\n    name: REST\n  - id: hooks\n    name: \"HOOKS\"\n  # a note of mine\n- id: web\n  name: Web\n  features:\n    - id: pages\n      name: Pages\n- id: billing\n  name: \"Billing\"\n  description: \"Invoices\"\n  features:\n    - id: invoices\n      name: \"INVOICES\"\n\n# the end\nfeed_items: 10\n"
        );
        // A file with CRLF line ends gets CRLF lines.
        let crlf = text.replace('\n', "\r\n");
        let config = crate::config::parse(root, &crlf, None).unwrap();
        assert_eq!(
            add(root, &crlf, &config, &missing),
            Some(added.replace('\n', "\r\n"))
        );
        // A catalogue in flow style is left to the user.
        let flow = "title: T\nbase_url: https://s.example/\nproducts: [{id: web, name: Web, features: [{id: pages, name: Pages}]}]\n";
        let config = crate::config::parse(root, flow, None).unwrap();
        assert_eq!(add(root, flow, &config, &missing), None);
    }
}
