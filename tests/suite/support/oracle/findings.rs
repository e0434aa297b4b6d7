//! Disagreements between a surface and the replay, collected for a whole case so a failure
//! lists every surface that disagrees (each line: surface, instant, the replay, the surface).

use std::fmt::Debug;
use std::path::Path;

use super::site::local;

#[derive(Debug, Default)]
pub struct Findings {
    pub list: Vec<String>,
}

/// An instant as people read it in the site's zone, with its seconds since the epoch.
pub fn instant(t: i64) -> String {
    format!("{} New York ({t})", local(t))
}

impl Findings {
    /// Records a disagreement unless `replay == shown`.
    pub fn agree<T: PartialEq + Debug>(
        &mut self,
        surface: &str,
        t: i64,
        what: &str,
        replay: T,
        shown: T,
    ) {
        if replay != shown {
            self.list.push(format!(
                "{surface} at {}: {what}: the replay says {replay:?}, the surface says {shown:?}",
                instant(t)
            ));
        }
    }

    /// Records a disagreement unless `ok`.
    pub fn expect(&mut self, ok: bool, surface: &str, t: i64, what: impl FnOnce() -> String) {
        if !ok {
            self.list
                .push(format!("{surface} at {}: {}", instant(t), what()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every finding, one a line, surfaces sorted so the same disagreement reads the same way.
    pub fn report(&self) -> String {
        let mut list = self.list.clone();
        list.sort();
        list.dedup();
        list.join("\n")
    }
}

/// A file of the output as text; a missing file reads as empty (the check that needs it says
/// what is missing).
pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_default()
}

/// The JSON file `rel` of the output.
pub fn json(out: &Path, rel: &str) -> serde_json::Value {
    let text = read(out, rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: not JSON ({e})"))
}

/// Seconds since the epoch of an RFC 3339 time (with any offset, fractions allowed).
pub fn seconds(text: &str) -> Option<i64> {
    text.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

/// The slugs of every `incidents/<slug>/` link in `html`, in order.
pub fn linked_slugs(html: &str) -> Vec<String> {
    html.split("incidents/")
        .skip(1)
        .filter_map(|rest| {
            let slug: String = rest
                .chars()
                .take_while(|c| *c != '/' && *c != '"')
                .collect();
            rest[slug.len()..]
                .starts_with('/')
                .then_some(slug)
                .filter(|s| !s.is_empty())
        })
        .collect()
}

/// The part of `html` from the element with `id="<id>"` to the end of its `<section>`.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let Some(at) = html.find(&format!("id=\"{id}\"")) else {
        return "";
    };
    let rest = &html[at..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}
