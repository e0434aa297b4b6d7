//! The languages `init` starts a site in (the theme's built-in ones): each one's tag, the zone
//! and title a new site gets by default, the other ways people write it (`english`, `日本語`),
//! and whose example files it gets: its own where init has them (en, zh-CN), else the English
//! ones with its `language:`.

use super::Language;

/// A language's tag, default zone, default title and other names (lowercase).
type Facts = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

impl Language {
    /// Every language, in the order `bulletin.yaml`'s comment lists them.
    pub(super) const ALL: [Language; 9] = [
        Language::En,
        Language::ZhCn,
        Language::ZhTw,
        Language::Ja,
        Language::Ko,
        Language::De,
        Language::Fr,
        Language::Es,
        Language::PtBr,
    ];

    /// The tag `bulletin.yaml` writes (`language: pt-BR`).
    pub(super) fn tag(self) -> &'static str {
        self.facts().0
    }

    /// The zone and title of a new site in the language.
    pub(super) fn defaults(self) -> (&'static str, &'static str) {
        let (_, zone, title, _) = self.facts();
        (zone, title)
    }

    /// The language whose example files (settings, incidents, templates) a new site gets.
    pub(super) fn examples(self) -> Language {
        match self {
            Language::ZhCn => Language::ZhCn,
            _ => Language::En,
        }
    }

    /// The language an answer names: its tag in any case, or a common way of writing it
    /// (`english`, `中文`, `deutsch`); `None` for anything else.
    pub(super) fn named(answer: &str) -> Option<Language> {
        let key = answer.trim().to_lowercase().replace('_', "-");
        Language::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(&key) || l.facts().3.contains(&key.as_str()))
    }

    /// Its row of [`FACTS`].
    fn facts(self) -> Facts {
        FACTS[self as usize]
    }
}

/// Each language's facts, in the order of [`Language`]'s variants.
const FACTS: [Facts; 9] = [
    (
        "en",
        "UTC",
        "Service Status",
        &["english", "eng", "en-us", "en-gb"],
    ),
    (
        "zh-CN",
        "Asia/Shanghai",
        "服务状态",
        &["zh", "zh-hans", "chinese", "cn", "中文", "简体中文"],
    ),
    (
        "zh-TW",
        "Asia/Taipei",
        "服務狀態",
        &[
            "zh-hant",
            "tw",
            "traditional chinese",
            "繁體中文",
            "正體中文",
        ],
    ),
    (
        "ja",
        "Asia/Tokyo",
        "サービスステータス",
        &["japanese", "jp", "日本語"],
    ),
    (
        "ko",
        "Asia/Seoul",
        "서비스 상태",
        &["korean", "kr", "한국어"],
    ),
    (
        "de",
        "Europe/Berlin",
        "Dienststatus",
        &["german", "deutsch", "de-de"],
    ),
    (
        "fr",
        "Europe/Paris",
        "État des services",
        &["french", "français", "fr-fr"],
    ),
    (
        "es",
        "Europe/Madrid",
        "Estado del servicio",
        &["spanish", "español", "es-es"],
    ),
    (
        "pt-BR",
        "America/Sao_Paulo",
        "Status dos serviços",
        &["pt", "portuguese", "português", "brazilian portuguese"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// init offers exactly the languages the theme has built in (config::BUILTIN_LANGUAGES).
    #[test]
    fn init_offers_every_built_in_language() {
        let tags: Vec<&str> = Language::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(tags, bulletin::config::BUILTIN_LANGUAGES);
        for l in Language::ALL {
            assert!(Language::named(l.tag()) == Some(l));
            assert!(jiff::tz::TimeZone::get(l.defaults().0).is_ok());
        }
        assert!(Language::named("Deutsch") == Some(Language::De));
        assert!(Language::named("pt_br") == Some(Language::PtBr));
        assert!(Language::named("klingon").is_none());
    }
}
