//! Template values a render shares between its cards.
//!
//! Why: every incident's card becomes a template value (`render/cards.rs`), and at 10k
//! building them, then dropping them, was a tenth of a build; each card's status, impact and
//! components' statuses were maps of their own. A [`tera::Value`] map is reference counted,
//! so a shared one is a count to clone and a count to drop.

use std::sync::Mutex;

use serde::Serialize;
use tera::Value;

/// The value of a status word and its label (`{key, label}`), built once per render for each
/// pair it meets and shared by every card that shows it: a site has a few dozen, its cards
/// thousands.
#[derive(Default)]
pub(crate) struct LabelValues {
    /// Each pair met so far: the word, its label, and their value.
    met: Mutex<Vec<(&'static str, String, Value)>>,
}

impl LabelValues {
    /// The value of the word `key` labelled `label`.
    pub(crate) fn get(&self, key: &'static str, label: &str) -> Value {
        let mut met = self.met.lock().expect("lock");
        if let Some((_, _, value)) = met.iter().find(|(k, l, _)| *k == key && l == label) {
            return value.clone();
        }
        let value = Value::from_serializable(&Word { key, label });
        met.push((key, label.to_string(), value.clone()));
        value
    }
}

/// A status word and its label, as `view::Label` serialises.
#[derive(Serialize)]
struct Word<'a> {
    key: &'a str,
    label: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_value_is_what_serde_makes_of_it_and_built_once() {
        let labels = LabelValues::default();
        let first = labels.get("major", "Major outage");
        let serde = Value::from_serializable(&crate::render::view::Label {
            key: "major",
            label: "Major outage".to_string(),
        });
        assert_eq!(first, serde);
        // The same pair again is the same map (shared), another label of the word is not.
        let again = labels.get("major", "Major outage");
        assert!(std::ptr::eq(
            first.as_map().unwrap(),
            again.as_map().unwrap()
        ));
        let other = labels.get("major", "重大故障");
        assert_eq!(other.as_map().unwrap().len(), 2);
        assert_ne!(first, other);
        assert_eq!(labels.met.lock().unwrap().len(), 2);
    }
}
