//! An incident's words in another language, and the incident as a reader of that language
//! sees it.
//!
//! A [`Translation`] holds only text: the title, the summary, each entry's and statement's
//! words, the postmortem's. Everything structural (times, statuses, components, windows,
//! promises) is written once, in the original, and shared. Its entries are found by the
//! original entry they translate ([`EntryKey`]: time and status, and which of equal ones), so
//! a build at an earlier instant, which hides later entries, still finds each translation.
//!
//! [`Incident::in_language`] is the one place a translation meets its incident: where a text
//! has no translation the original's stays, and [`Fallback`] says which, so pages mark it
//! ("not yet translated") with its own `lang`.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use super::{Incident, Text, UpdateStatus};

/// Which original entry a translated one gives the words of: its time and status, and the
/// `nth` (from 0) of the original's entries with both equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryKey {
    pub at: Timestamp,
    pub status: UpdateStatus,
    pub nth: usize,
}

impl EntryKey {
    /// The key of each of `updates`, in order: how an incident's entries and a translation's
    /// headings are matched.
    pub fn of(updates: &[super::Update]) -> Vec<EntryKey> {
        let mut keys: Vec<EntryKey> = Vec::with_capacity(updates.len());
        for u in updates {
            let nth = keys
                .iter()
                .filter(|k| k.at == u.time.at && k.status == u.status)
                .count();
            keys.push(EntryKey {
                at: u.time.at,
                status: u.status,
                nth,
            });
        }
        keys
    }
}

/// Which original statement a translated one gives the words of: its time, and the `nth` of
/// the original's statements at that time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatementKey {
    pub at: Timestamp,
    pub nth: usize,
}

impl StatementKey {
    /// The key of each of `statements`, in order.
    pub fn of(statements: &[super::Statement]) -> Vec<StatementKey> {
        let mut keys: Vec<StatementKey> = Vec::with_capacity(statements.len());
        for s in statements {
            let nth = keys.iter().filter(|k| k.at == s.time.at).count();
            keys.push(StatementKey { at: s.time.at, nth });
        }
        keys
    }
}

/// A translated statement: who, where, and the words.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslatedStatement {
    pub by: String,
    pub channel: Option<String>,
    pub body: String,
}

/// An incident's words in one more language (a sibling file, `<slug>.<language>.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language, as `languages:` writes it.
    pub language: String,
    /// The translation's file, relative to the site root.
    pub file: PathBuf,
    /// A hash of the file's path and text (as an incident's fingerprint).
    pub fingerprint: u64,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub updates: Vec<(EntryKey, String)>,
    pub statements: Vec<(StatementKey, TranslatedStatement)>,
    /// The postmortem's title and Markdown.
    pub postmortem: Option<(String, String)>,
}

impl Translation {
    fn update(&self, key: EntryKey) -> Option<&str> {
        self.updates
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, body)| body.as_str())
    }

    fn statement(&self, key: StatementKey) -> Option<&TranslatedStatement> {
        self.statements
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| s)
    }
}

/// Which texts of an incident shown in another language are the original's, untranslated:
/// pages mark each with `lang` set to [`Fallback::language`] and a "not yet translated" note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fallback {
    /// The language the untranslated texts are in (the site's default).
    pub language: String,
    pub title: bool,
    pub summary: bool,
    /// Indexes of untranslated entries (into `Incident::updates`).
    pub updates: Vec<usize>,
    /// Indexes of untranslated statements.
    pub statements: Vec<usize>,
    pub postmortem: bool,
}

impl Fallback {
    /// Whether entry `n` is shown untranslated.
    pub fn update(&self, n: usize) -> bool {
        self.updates.contains(&n)
    }

    /// Whether statement `n` is shown untranslated.
    pub fn statement(&self, n: usize) -> bool {
        self.statements.contains(&n)
    }

    /// Whether every text is translated.
    pub fn is_empty(&self) -> bool {
        !self.title
            && !self.summary
            && self.updates.is_empty()
            && self.statements.is_empty()
            && !self.postmortem
    }
}

impl Incident {
    /// The key of each entry, in order (see [`EntryKey`]).
    pub fn entry_keys(&self) -> Vec<EntryKey> {
        EntryKey::of(&self.updates)
    }

    /// The key of each statement, in order (see [`StatementKey`]).
    pub fn statement_keys(&self) -> Vec<StatementKey> {
        StatementKey::of(&self.statements)
    }

    /// Which of this incident's texts `translation` leaves in `original_language` (all of them
    /// without one): what [`Incident::in_language`] marks, and what `check` and
    /// `translate-status` call missing. An empty text needs no translation.
    pub fn untranslated(
        &self,
        translation: Option<&Translation>,
        original_language: &str,
    ) -> Fallback {
        let mut fallback = Fallback {
            language: original_language.to_string(),
            ..Fallback::default()
        };
        fallback.title = translation.and_then(|t| t.title.as_ref()).is_none();
        fallback.summary = translation.and_then(|t| t.summary.as_ref()).is_none()
            && !self.summary.trim().is_empty();
        for (n, key) in self.entry_keys().into_iter().enumerate() {
            let given = translation.and_then(|t| t.update(key)).is_some();
            if !given && !self.updates[n].body.trim().is_empty() {
                fallback.updates.push(n);
            }
        }
        for (n, key) in self.statement_keys().into_iter().enumerate() {
            if translation.and_then(|t| t.statement(key)).is_none() {
                fallback.statements.push(n);
            }
        }
        fallback.postmortem =
            self.postmortem.is_some() && translation.and_then(|t| t.postmortem.as_ref()).is_none();
        fallback
    }

    /// The incident as a reader of `translation`'s language sees it: each text translated
    /// where the translation gives it, else the original's (in `original_language`), marked in
    /// [`Incident::fallback`]. Without a translation every text is the original's, marked.
    /// Everything structural is the original's.
    pub fn in_language(
        &self,
        translation: Option<&Translation>,
        original_language: &str,
    ) -> Incident {
        let mut shown = self.clone();
        let fallback = self.untranslated(translation, original_language);
        shown.fallback = (!fallback.is_empty()).then(|| Arc::new(fallback));
        let Some(translation) = translation else {
            return shown;
        };
        if let Some(title) = &translation.title {
            shown.title.clone_from(title);
        }
        if let Some(summary) = &translation.summary {
            shown.summary = Text::from(summary.as_str());
        }
        for (n, key) in self.entry_keys().into_iter().enumerate() {
            if let Some(body) = translation.update(key) {
                shown.updates[n].body = Text::from(body);
            }
        }
        for (n, key) in self.statement_keys().into_iter().enumerate() {
            if let Some(words) = translation.statement(key) {
                let s = &mut shown.statements[n];
                s.by = words.by.as_str().into();
                s.channel = words.channel.as_deref().map(Into::into);
                s.body = Text::from(words.body.as_str());
            }
        }
        if let (Some(p), Some((title, body))) = (&mut shown.postmortem, &translation.postmortem) {
            p.title.clone_from(title);
            p.body = Text::from(body.as_str());
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const ORIGINAL: &str = "---\ntitle: 故障\n---\n\n摘要。\n\n## Timeline\n\n### 2026-01-01 10:00 · investigating\n\n甲\n\n### 11:00 · resolved\n\n乙\n\n## Statements\n\n### 10:30 · 团队 · 微博\n\n> 丙\n";

    fn original() -> Incident {
        let yaml = "title: T\nbase_url: https://s.test/\nlanguages: [zh-CN, en]\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";
        let config = crate::config::parse(Path::new("."), yaml, None).expect("test config");
        let (parsed, problems) =
            crate::content::parse(&config, Path::new("incidents/t.md"), ORIGINAL);
        assert!(problems.is_empty(), "{problems:?}");
        (*parsed.expect("parses").incident).clone()
    }

    #[test]
    fn translated_texts_replace_the_original_and_the_rest_is_marked() {
        let inc = original();
        let keys = inc.entry_keys();
        let translation = Translation {
            language: "en".into(),
            file: PathBuf::from("incidents/t.en.md"),
            fingerprint: 1,
            title: Some("Outage".into()),
            summary: None,
            updates: vec![(keys[1], "B".into())],
            statements: vec![(
                inc.statement_keys()[0],
                TranslatedStatement {
                    by: "Team".into(),
                    channel: Some("Weibo".into()),
                    body: "> C".into(),
                },
            )],
            postmortem: None,
        };
        let en = inc.in_language(Some(&translation), "zh-CN");
        assert_eq!(en.title, "Outage");
        assert_eq!(en.updates[1].body, "B");
        assert_eq!(en.updates[0].body, inc.updates[0].body);
        assert_eq!(
            (&*en.statements[0].by, en.statements[0].body.as_str()),
            ("Team", "> C")
        );
        let fallback = en
            .fallback
            .as_deref()
            .expect("the summary and the first entry are not translated");
        assert_eq!(fallback.language, "zh-CN");
        assert!(fallback.summary && !fallback.title && fallback.update(0) && !fallback.update(1));
        assert!(!fallback.statement(0));
        // Structure is the original's.
        assert_eq!(en.entry_keys(), keys);

        let untranslated = inc.in_language(None, "zh-CN");
        let all = untranslated
            .fallback
            .as_deref()
            .expect("nothing translated");
        assert!(all.title && all.summary && all.updates == [0, 1] && all.statements == [0]);
        assert_eq!(untranslated.title, inc.title);
    }

    #[test]
    fn equal_entries_are_told_apart_by_their_order() {
        let mut inc = original();
        let mut again = inc.updates[0].clone();
        again.body = "again".into();
        inc.updates.insert(1, again);
        let keys = inc.entry_keys();
        assert_eq!((keys[0].nth, keys[1].nth, keys[2].nth), (0, 1, 0));
    }
}
