//! The trees of a site in several languages: the default language's at the root (the session's
//! own theme and caches), each other language's under `<language>/` with its own config
//! ([`Config::for_language`]), theme compiled with its UI strings, caches and counts.
//!
//! A render renders every tree from the one derived state: each other language's is the same
//! facts with the incidents' words translated ([`Derived::in_language`]). The trees render
//! side by side; the files of the whole site (sitemap, robots, `_headers`, notify's manifest)
//! are the root tree's alone (see `render::Pass::summaries`).

use rayon::prelude::*;

use super::Valid;
use crate::config::Config;
use crate::derive::Derived;
use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;
use crate::render::{Caches, Counts, RenderStats, Renderer, Selection, Sink, languages};

/// One other language's tree.
pub(super) struct Tree {
    config: Config,
    theme: Renderer,
    caches: Caches,
    counts: Counts,
    /// The derived state its last render showed, kept rather than freed during the render
    /// (freeing 10,000 incidents' small allocations one by one is slow; see
    /// `build::Retained`).
    shown: Option<Derived>,
}

/// Compiles the theme of each other language of the site of `site` (the default's, `default`,
/// is compiled already) and gives every tree's pages the links to the others.
pub(super) fn compile(site: &Config, default: &mut Renderer) -> Result<Vec<Tree>, Diagnostics> {
    let mut others = Vec::new();
    let mut problems = Diagnostics::default();
    for language in &site.languages[1..] {
        let config = site.for_language(language);
        match Renderer::new(&config) {
            Ok(theme) => others.push(Tree {
                config,
                theme,
                caches: Caches::default(),
                counts: Counts::default(),
                shown: None,
            }),
            Err(e) => problems.extend(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let names: Vec<String> = std::iter::once(default.language_name())
        .chain(others.iter().map(|t| t.theme.language_name()))
        .collect();
    default.set_languages(&languages::links(site, &names));
    for tree in &mut others {
        tree.theme
            .set_languages(&languages::links(&tree.config, &names));
    }
    Ok(others)
}

/// Forgets everything each tree's renders kept (see [`super::Site::forget_caches`]).
pub(super) fn forget_caches(others: &mut [Tree]) {
    for tree in others {
        tree.caches = Caches::default();
    }
}

/// Forgets the keys of the files each tree's last render wrote (see `render::written`).
pub(super) fn forget_written(others: &[Tree]) {
    for tree in others {
        tree.caches.written.forget();
    }
}

/// Renders `selection` of each tree of `others` into `sink`, under the tree's folder, beside
/// `root` (the root tree's render, run at the same time). The work counted is every tree's.
pub(super) fn render(
    others: &mut [Tree],
    valid: &Valid,
    derived: &Derived,
    selection: &Selection,
    sink: Sink,
    root: impl FnOnce() -> Result<RenderStats, Diagnostics> + Send,
) -> Result<RenderStats, Diagnostics> {
    let none = crate::derive::Translations::new();
    let translations = &valid.translations;
    let (root, others) = rayon::join(root, || {
        (others.par_iter_mut())
            .map(|tree| {
                let words = translations.get(&tree.config.language).unwrap_or(&none);
                let original = tree.config.default_language();
                let shown = derived.in_language_after(words, original, tree.shown.as_ref());
                let in_tree = |mut file: OutputFile| {
                    file.path = languages::in_tree(&tree.config, &file.path);
                    sink(file)
                };
                let done = tree.theme.render(
                    &tree.config,
                    &shown,
                    selection,
                    &tree.caches,
                    &tree.counts,
                    &in_tree,
                );
                // The last one's incidents are mostly shared with this one: little to free.
                tree.shown = Some(shown);
                done.map(|()| tree.counts.stats())
            })
            .collect::<Vec<_>>()
    });
    // A theme's error is met once per tree: reported once.
    let mut problems: Vec<crate::diagnostics::Diagnostic> = Vec::new();
    let mut total = RenderStats::default();
    for stats in std::iter::once(root).chain(others) {
        match stats {
            Ok(s) => {
                total.templates += s.templates;
                total.cards += s.cards;
                total.details += s.details;
                total.uptime_views += s.uptime_views;
                total.api_uptime_parts += s.api_uptime_parts;
                total.manifest_entries += s.manifest_entries;
                total.kept_files += s.kept_files;
            }
            Err(e) => problems.extend(
                e.into_iter()
                    .filter(|d| !problems.contains(d))
                    .collect::<Vec<_>>(),
            ),
        }
    }
    if problems.is_empty() {
        Ok(total)
    } else {
        let mut problems = Diagnostics::from(problems);
        problems.sort();
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::sync::{Arc, Mutex};

    use crate::model::{TranslatedStatement, Translation};
    use crate::render::Selection;
    use crate::site::Site;

    const CONFIG: &str = "title: 状态\nbase_url: https://s.test/\nlanguages: [zh-CN, en]\ntimezone: UTC\nproducts:\n  - id: app\n    name: 应用\n";
    const INCIDENT: &str = "---\ntitle: 故障\naffected:\n  app: major_outage\n---\n\n摘要。\n\n## Timeline\n\n### 2026-01-01 10:00 · investigating\n\n甲\n\n### 11:00 · resolved\n\n乙\n\n## Statements\n\n### 10:30 · 团队 · 微博\n\n> 丙\n";

    /// An English title, second entry and statement of `inc` (as the loader would read them).
    fn translation(inc: &crate::model::Incident) -> Translation {
        Translation {
            language: "en".into(),
            file: PathBuf::from("incidents/t.en.md"),
            fingerprint: 7,
            title: Some("Outage".into()),
            summary: None,
            updates: vec![(inc.entry_keys()[1], "Fixed in English.".into())],
            statements: vec![(
                inc.statement_keys()[0],
                TranslatedStatement {
                    by: "The team".into(),
                    channel: Some("Weibo".into()),
                    body: "> Said in English.".into(),
                },
            )],
            postmortem: None,
        }
    }

    /// Every file of the site of `incidents` (file name, text) built in memory, each of them
    /// given [`translation`] when `translated`.
    fn built(incidents: &[(&str, &str)], translated: bool) -> BTreeMap<String, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bulletin.yaml"), CONFIG).unwrap();
        std::fs::create_dir(dir.path().join("incidents")).unwrap();
        for (name, text) in incidents {
            std::fs::write(dir.path().join("incidents").join(name), text).unwrap();
        }
        let mut site = Site::open(dir.path(), None).expect("config");
        site.load_incidents();
        let now = "2026-11-23T12:00:00Z".parse().unwrap();
        let mut valid = site.check(now).expect("valid");
        if translated {
            let words = (valid.incidents.iter())
                .map(|inc| (inc.slug.clone(), Arc::new(translation(inc))))
                .collect();
            valid.translations = BTreeMap::from([("en".to_string(), words)]);
        }
        let derived = site.derive(&valid, now);
        let en = site.derive_language(&valid, &derived, "en");
        assert_eq!(en.incidents.len(), derived.incidents.len());
        let files = Mutex::new(BTreeMap::new());
        let sink = |f: crate::output::OutputFile| {
            let text = String::from_utf8(f.bytes).unwrap();
            files.lock().unwrap().insert(f.path, text);
            Ok(())
        };
        site.render(&valid, &derived, &Selection::All, &sink)
            .expect("renders");
        files.into_inner().unwrap()
    }

    /// A maintenance not translated: the English calendar says its title is Chinese.
    #[test]
    fn an_untranslated_calendar_title_names_its_language() {
        let maintenance = "---\ntitle: 升级\nkind: maintenance\naffected:\n  app: under_maintenance\nscheduled:\n  start: 2026-12-01 01:00\n  end: 2026-12-01 03:00\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · scheduled\n\n计划。\n";
        let files = built(&[("m.md", maintenance)], false);
        assert!(files["en/maintenance.ics"].contains("SUMMARY;LANGUAGE=zh-CN:升级"));
        assert!(files["maintenance.ics"].contains("SUMMARY:升级"));
    }

    /// The English tree of a site whose one incident has an English title, second entry and
    /// statement (built here as the translation loader would): those show in English with no
    /// mark, the summary and first entry in Chinese, marked.
    #[test]
    fn translated_texts_show_and_only_the_rest_is_marked() {
        let files = built(&[("t.md", INCIDENT)], true);
        let page = &files["en/incidents/t/index.html"];
        assert!(page.contains("<h1>Outage</h1>"), "{page}");
        assert!(page.contains("lang=\"zh-CN\"><p>摘要。</p>"), "{page}");
        assert!(
            page.contains("<div class=\"prose\" lang=\"zh-CN\"><p>甲</p>"),
            "{page}"
        );
        assert!(
            page.contains("<div class=\"prose\"><p>Fixed in English.</p>"),
            "{page}"
        );
        assert!(
            page.contains("<blockquote><p>Said in English.</p>"),
            "{page}"
        );
        assert_eq!(page.matches("class=\"untranslated\"").count(), 2, "{page}");
        let atom = &files["en/atom.xml"];
        assert!(atom.contains("<title>[Resolved] Outage</title>"), "{atom}");
        assert!(
            atom.contains("&lt;div lang=&quot;zh-CN&quot;&gt;&lt;p&gt;甲"),
            "{atom}"
        );
        // The default tree is the original, unmarked.
        let original = &files["incidents/t/index.html"];
        assert!(original.contains("<h1>故障</h1>") && !original.contains("untranslated"));
    }
}
