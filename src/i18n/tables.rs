//! The words views ask for on every incident, looked up in tables made once per language
//! instead of in the strings' tree: status labels ([`Labels`]) and durations ([`Durations`]).
//!
//! At 10,000 incidents the views ask for about 60,000 labels and 10,000 durations; each
//! look-up in the tree walked two `serde_json` maps by string comparison, and each duration
//! looked up and filled three patterns by their dotted keys.

use std::collections::HashMap;

use fnv::FnvBuildHasher;
use jiff::SignedDuration;
use serde_json::Value;

/// Every string two levels down the tree (`status.major_outage`), by group and key.
#[derive(Debug, Clone, Default)]
pub(super) struct Labels {
    groups: HashMap<Box<str>, HashMap<Box<str>, String, FnvBuildHasher>, FnvBuildHasher>,
}

impl Labels {
    pub(super) fn of(tree: &Value) -> Labels {
        let mut groups: HashMap<_, HashMap<_, _, _>, _> = HashMap::default();
        for (group, words) in tree.as_object().into_iter().flatten() {
            let Some(words) = words.as_object() else {
                continue;
            };
            let words = words.iter().filter_map(|(key, word)| {
                let word = word.as_str()?;
                Some((Box::from(key.as_str()), word.to_string()))
            });
            groups.insert(Box::from(group.as_str()), words.collect());
        }
        Labels { groups }
    }

    /// The string at `group.key`, if it is one.
    pub(super) fn get(&self, group: &str, key: &str) -> Option<&str> {
        self.groups.get(group)?.get(key).map(String::as_str)
    }
}

/// The `duration.*` patterns, each split where its `{n}` goes.
#[derive(Debug, Clone)]
pub(super) struct Durations {
    /// Days, hours and minutes, largest first.
    units: [Filled; 3],
    separator: String,
    less_than_minute: String,
}

/// A pattern's text between its `{n}` placeholders (one piece when it has none).
#[derive(Debug, Clone)]
struct Filled(Vec<String>);

impl Filled {
    fn new(pattern: &str) -> Filled {
        Filled(pattern.split("{n}").map(str::to_string).collect())
    }

    /// The pattern with `n` at each `{n}`, onto `out`.
    fn write(&self, out: &mut String, n: &str) {
        for (i, piece) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(n);
            }
            out.push_str(piece);
        }
    }
}

impl Durations {
    /// From the strings' look-up by dotted key (the key itself when it is missing).
    pub(super) fn of(get: impl Fn(&str) -> String) -> Durations {
        Durations {
            units: [
                Filled::new(&get("duration.days")),
                Filled::new(&get("duration.hours")),
                Filled::new(&get("duration.minutes")),
            ],
            separator: get("duration.separator"),
            less_than_minute: get("duration.less_than_minute"),
        }
    }

    /// See [`super::Strings::format_duration`].
    pub(super) fn format(&self, d: SignedDuration) -> String {
        let minutes = d.as_secs().max(0) / 60;
        let amounts = [minutes / 1440, minutes / 60 % 24, minutes % 60];
        let mut out = String::new();
        let mut first = true;
        for (unit, n) in self.units.iter().zip(amounts) {
            if n > 0 {
                if !first {
                    out.push_str(&self.separator);
                }
                first = false;
                unit.write(&mut out, &n.to_string());
            }
        }
        if first {
            return self.less_than_minute.clone();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The look-up the tables replace: the tree walked by key, its patterns filled by `replace`.
    fn by_the_tree(get: impl Fn(&str) -> String, d: SignedDuration) -> String {
        let minutes = d.as_secs().max(0) / 60;
        let amounts = [minutes / 1440, minutes / 60 % 24, minutes % 60];
        let keys = ["duration.days", "duration.hours", "duration.minutes"];
        let parts: Vec<String> = (amounts.iter().zip(keys))
            .filter(|(n, _)| **n > 0)
            .map(|(n, key)| get(key).replace("{n}", &n.to_string()))
            .collect();
        if parts.is_empty() {
            return get("duration.less_than_minute");
        }
        parts.join(&get("duration.separator"))
    }

    fn tree(yaml: &str) -> Value {
        serde_yaml::from_str(yaml).expect("yaml")
    }

    fn dotted(tree: &Value) -> impl Fn(&str) -> String + '_ {
        move |key: &str| {
            let found = key.split('.').try_fold(tree, |v, k| v.get(k));
            found
                .and_then(Value::as_str)
                .map_or_else(|| key.to_string(), str::to_string)
        }
    }

    #[test]
    fn durations_are_written_as_the_patterns_filled_one_by_one() {
        let sites = [
            "duration: {days: '{n} d', hours: '{n} h', minutes: '{n} min', separator: ' ', less_than_minute: '< 1'}",
            "duration: {days: '{n}天{n}', hours: '', minutes: 'min', separator: '', less_than_minute: ''}",
            "duration: {days: 'x', separator: ', '}",
            "other: 1",
        ];
        let minutes = [
            0,
            1,
            59,
            60,
            61,
            1439,
            1440,
            1441,
            1500,
            2 * 1440 + 60,
            100_000,
        ];
        for yaml in sites {
            let tree = tree(yaml);
            let durations = Durations::of(dotted(&tree));
            for m in minutes {
                for d in [
                    SignedDuration::from_mins(m),
                    SignedDuration::from_secs(m * 60 + 30),
                ] {
                    assert_eq!(
                        durations.format(d),
                        by_the_tree(dotted(&tree), d),
                        "{yaml} {d:?}"
                    );
                }
            }
            let negative = SignedDuration::from_mins(-5);
            assert_eq!(
                durations.format(negative),
                by_the_tree(dotted(&tree), negative)
            );
        }
    }

    #[test]
    fn labels_are_the_strings_two_levels_down() {
        let tree =
            tree("status: {up: Up, n: 3, deep: {x: y}}\nword: plain\nupdate: {fixed: Fixed}");
        let labels = Labels::of(&tree);
        assert_eq!(labels.get("status", "up"), Some("Up"));
        assert_eq!(labels.get("update", "fixed"), Some("Fixed"));
        for (group, key) in [
            ("status", "n"),
            ("status", "deep"),
            ("word", "plain"),
            ("x", "up"),
        ] {
            assert_eq!(labels.get(group, key), None, "{group}.{key}");
        }
    }
}
