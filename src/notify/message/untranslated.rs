//! What a message says where the incident's words are not yet in its language: the note
//! (`notify.untranslated`, in the message's language) before the text, and the original text
//! marked with the original's language. On a site in one language, and for a target in the
//! default language, nothing is untranslated ([`crate::model::Incident::fallback`] is unset).

use super::Block;
use crate::events::EventKind;
use crate::i18n::Strings;
use crate::model::Incident;

/// The text of `kind`'s event of `inc` (already in words), preceded by the note when the
/// incident's title or that text is still the original's.
pub(super) fn blocks(
    strings: &Strings,
    inc: &Incident,
    kind: EventKind,
    text: String,
) -> Vec<Block> {
    let Some(fallback) = inc.fallback.as_deref() else {
        return vec![Block { text, lang: None }];
    };
    let text_untranslated = match kind {
        EventKind::Update(n) => fallback.update(n),
        EventKind::Statement(n) => fallback.statement(n),
        EventKind::Reminder | EventKind::Started | EventKind::Ended => false,
    };
    if !text_untranslated && !fallback.title {
        return vec![Block { text, lang: None }];
    }
    let note = Block {
        text: strings.get("notify.untranslated"),
        lang: None,
    };
    let lang = text_untranslated.then(|| fallback.language.clone());
    vec![note, Block { text, lang }]
}
