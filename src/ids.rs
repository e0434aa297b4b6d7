//! Identities Bulletin publishes, and the one hash they are made with. Every value here is
//! read by other programs (the API's ids, the notify manifest's ids and hashes, the import
//! record's hashes) and compared with values an older Bulletin wrote, so none of them may ever
//! change between versions or builds: the hash is FNV-1a 64 (the `fnv` crate, whose output is
//! fixed by the published algorithm), never std's hasher, which makes no such promise.

use std::fmt;
use std::hash::Hasher;

/// FNV-1a 64 of `bytes`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// FNV-1a 64 over `parts`, each followed by a separator byte (0x1f), so `["ab", "c"]` and
/// `["a", "bc"]` differ: what an event says, for telling a correction from the same words.
pub(crate) fn content_hash(parts: &[&str]) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    for part in parts {
        hasher.write(part.as_bytes());
        hasher.write(&[0x1f]);
    }
    hasher.finish()
}

/// A hash as the manifest, the delivery record and the import record write it: 16 hex digits.
pub(crate) fn hash_text(hash: u64) -> String {
    format!("{hash:016x}")
}

/// A stable 12-character id (Statuspage's shape: lower-case letters and digits) derived from
/// `key`: its FNV-1a in base 36, least significant digit first.
pub(crate) fn stable_id(key: &str) -> String {
    let mut hash = fnv1a(key.as_bytes());
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..12)
        .map(|_| {
            let d = digits[(hash % 36) as usize] as char;
            hash /= 36;
            d
        })
        .collect()
}

/// What an id names. Its text ([`fmt::Display`]) is the key: the notify manifest and the
/// delivery record use it as the event's id, and the API's ids are its [`Key::stable_id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    /// An incident or maintenance, by slug: `incident:<slug>`.
    Incident(&'a str),
    /// A component, by its `product` or `product/feature` reference: `component:<ref>`.
    Component(&'a str),
    /// Timeline entry `n` (0-based, in file order) of an incident: `update:<slug>#<n>`.
    Update(&'a str, usize),
    /// Statement `n` (0-based) of an incident: `statement:<slug>#<n>`.
    Statement(&'a str, usize),
    /// A moment of a maintenance window (`reminder`, `started`, `completed`):
    /// `maintenance:<slug>@<moment>`.
    Maintenance(&'a str, &'static str),
}

impl Key<'_> {
    /// The API's id for it.
    pub(crate) fn stable_id(&self) -> String {
        stable_id(&self.to_string())
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Incident(slug) => write!(f, "incident:{slug}"),
            Key::Component(reference) => write!(f, "component:{reference}"),
            Key::Update(slug, n) => write!(f, "update:{slug}#{n}"),
            Key::Statement(slug, n) => write!(f, "statement:{slug}#{n}"),
            Key::Maintenance(slug, moment) => write!(f, "maintenance:{slug}@{moment}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, content_hash, fnv1a, hash_text, stable_id};

    #[test]
    fn fnv1a_is_the_published_function() {
        // The test vectors of the FNV specification (draft-eastlake-fnv, FNV-1a 64).
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn content_hashes_never_change() {
        // Published in api/notify.json: a different function would make every update of
        // the last 30 days look corrected after an upgrade.
        assert_eq!(content_hash(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
        // FNV-1a 64 with 0x1f after each part, computed independently (Python).
        assert_eq!(
            hash_text(content_hash(&["resolved", "Fixed."])),
            "47fff42d4f466c47"
        );
        assert_eq!(hash_text(1), "0000000000000001");
    }

    #[test]
    fn ids_are_stable_and_shaped_like_statuspage_ids() {
        assert_ne!(stable_id("incident:a"), stable_id("incident:b"));
        let id = stable_id("component:wechat/pay");
        assert_eq!(id.len(), 12);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        // Fixed forever: changing the function would change every published id.
        assert_eq!(stable_id(""), "54xu4jzhiin3");
    }

    #[test]
    fn keys_read_as_the_published_ids() {
        // The manifest's and the delivery record's ids, as every earlier version wrote them.
        let cases = [
            (Key::Incident("db-down"), "incident:db-down"),
            (Key::Component("wechat/pay"), "component:wechat/pay"),
            (Key::Update("db-down", 0), "update:db-down#0"),
            (
                Key::Update("2024-01-02-网络", 12),
                "update:2024-01-02-网络#12",
            ),
            (Key::Statement("db-down", 1), "statement:db-down#1"),
            (
                Key::Maintenance("db-move", "reminder"),
                "maintenance:db-move@reminder",
            ),
        ];
        for (key, text) in cases {
            assert_eq!(key.to_string(), text);
            assert_eq!(key.stable_id(), stable_id(text));
        }
    }
}
