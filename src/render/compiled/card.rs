//! A template value read as the template reads it: the components' values (built once per
//! render for every page that shows a component) on their year pages, so that these write
//! exactly what the template finds in them.

use tera::Value;
use tera::value::Key;

/// A map of template values, read as the template reads it.
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

    /// `value` read as a map: empty when it is not one.
    pub(crate) fn read(value: &'a Value) -> Fields<'a> {
        Fields::of(value).unwrap_or(Fields(&EMPTY))
    }

    /// The value at `key` (none when missing).
    pub(crate) fn get(&self, key: &'static str) -> &'a Value {
        self.0.get(&Key::Str(key)).unwrap_or(&NONE)
    }
}
