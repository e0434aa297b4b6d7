//! Template values built by hand rather than through serde, and the ones a render shares.
//!
//! Why: every incident's card becomes a template value (`render/cards.rs`), and at 10k
//! serialising the card's views field by field through serde, then dropping the values, was a
//! tenth of a build. A card's parts that repeat (a status and its label, the same instant
//! twice) are now built once and shared: a [`tera::Value`] map or list is reference counted,
//! so a clone is a count, and dropping it is one too. The values equal what
//! `tera::Value::from_serializable` makes of the same views (a unit test holds them to it).

use std::sync::Mutex;

use tera::Value;
use tera::value::Key;

/// A map value of `entries` (the fields of a view, in any order: a template looks them up).
pub(crate) fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    let mut map = tera::Map::with_capacity(N);
    for (key, value) in entries {
        map.insert(Key::Str(key), value);
    }
    Value::from(map)
}

/// A list value of `items`, each made a value by `value`.
pub(crate) fn list<'a, T>(items: &'a [T], value: impl FnMut(&'a T) -> Value) -> Value {
    Value::from(items.iter().map(value).collect::<Vec<Value>>())
}

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
        let value = map([("key", Value::from(key)), ("label", Value::from(label))]);
        met.push((key, label.to_string(), value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Word {
        key: &'static str,
        label: &'static str,
    }

    #[test]
    fn a_label_value_is_what_serde_makes_of_it_and_built_once() {
        let labels = LabelValues::default();
        let first = labels.get("major", "Major outage");
        let serde = Value::from_serializable(&Word {
            key: "major",
            label: "Major outage",
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
