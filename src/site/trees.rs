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
                let shown = derived.in_language(words, original);
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
                tree.shown = Some(shown);
                done.map(|()| tree.counts.stats())
            })
            .collect::<Vec<_>>()
    });
    let mut problems = Diagnostics::default();
    let mut total = RenderStats::default();
    for stats in std::iter::once(root).chain(others) {
        match stats {
            Ok(s) => {
                total.templates += s.templates;
                total.cards += s.cards;
                total.details += s.details;
            }
            Err(e) => problems.extend(e),
        }
    }
    if problems.is_empty() {
        Ok(total)
    } else {
        problems.sort();
        Err(problems)
    }
}
