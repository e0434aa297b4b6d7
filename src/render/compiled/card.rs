//! An incident's card as its page reads it. The card is built once per render as the template
//! value every list shows (`render/cards.rs`); the page reads that value's fields instead of
//! building the card a second time, and so writes exactly what the template finds in them.

use tera::Value;
use tera::value::Key;

/// A map of template values (the card, or one of its parts), read as the template reads it.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a>(&'a tera::Map);

/// What a missing field reads as: nothing, or a map of nothing.
static NONE: std::sync::LazyLock<Value> = std::sync::LazyLock::new(Value::none);
static EMPTY: std::sync::LazyLock<tera::Map> = std::sync::LazyLock::new(tera::Map::default);

impl<'a> Fields<'a> {
    /// `value` read as a map, when it is one.
    pub(crate) fn of(value: &'a Value) -> Option<Fields<'a>> {
        value.as_map().map(Fields)
    }

    /// `value` read as a map: empty when it is not one (a card always is).
    pub(crate) fn read(value: &'a Value) -> Fields<'a> {
        Fields::of(value).unwrap_or(Fields(&EMPTY))
    }

    /// The value at `key` (none when missing).
    pub(crate) fn get(&self, key: &'static str) -> &'a Value {
        self.0.get(&Key::Str(key)).unwrap_or(&NONE)
    }

    /// The text at `key`, for comparisons and look-ups ("" when it is not text).
    pub(crate) fn word(&self, key: &'static str) -> &'a str {
        self.get(key).as_str().unwrap_or("")
    }

    /// The value at `key` when `{% if … %}` takes it as true.
    pub(crate) fn truthy(&self, key: &'static str) -> Option<&'a Value> {
        Some(self.get(key)).filter(|v| v.is_truthy())
    }

    /// The map at `key` when `{% if … %}` takes it as true.
    pub(crate) fn map(&self, key: &'static str) -> Option<Fields<'a>> {
        self.truthy(key).and_then(Fields::of)
    }

    /// The map at `key`, for its fields (`inc.status.key`); empty when there is none.
    pub(crate) fn at(&self, key: &'static str) -> Fields<'a> {
        Fields::read(self.get(key))
    }

    /// The list at `key`, for `{% for … %}` (empty when there is none).
    pub(crate) fn list(&self, key: &'static str) -> &'a [Value] {
        self.get(key).as_array().unwrap_or(&[])
    }
}
