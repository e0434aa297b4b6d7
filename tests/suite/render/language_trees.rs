//! A site in two languages (issue 28): the default language's tree at the root, English under
//! `en/`, every page in both, a language switcher whose links resolve, `hreflang` alternates,
//! `<html lang>`, the English words and product names in the English tree, its feeds and API,
//! untranslated texts marked with their language; and the site-wide files once, at the root.
//! A site in one language has none of it.

use std::path::{Path, PathBuf};

use crate::support::built::{build_copy, in_one_language, read_out};
use crate::support::repo;

/// The instant every site of these tests is built at.
const NOW: &str = "2026-11-23 12:00";

/// The repository's site (the reference outage in Chinese, the default, and in English),
/// built; without its English translation file when `translated` is false, so that every
/// text of the English tree is the original's.
fn two_language_site(translated: bool) -> (tempfile::TempDir, PathBuf) {
    let config = std::fs::read_to_string(repo().join("bulletin.yaml")).unwrap();
    assert!(
        config.contains("languages: [zh-CN, en]"),
        "the config changed"
    );
    build_copy(&config, translated, NOW)
}

/// Every HTML file under `dir`, relative to it.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    found.sort();
    found
}

/// The values of `attribute` in the tags of `html` that start with `tag`.
fn attributes(html: &str, tag: &str, attribute: &str) -> Vec<String> {
    html.split(tag)
        .skip(1)
        .filter_map(|rest| {
            let tag_text = &rest[..rest.find('>')?];
            let start = tag_text.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
            let len = tag_text[start..].find('"')?;
            Some(tag_text[start..start + len].to_string())
        })
        .collect()
}

/// The file a relative link `href` on the page `page` (relative to `out`) leads to.
fn resolve(out: &Path, page: &Path, href: &str) -> PathBuf {
    let mut parts: Vec<String> = page
        .parent()
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => assert!(parts.pop().is_some(), "{href} on {page:?} leaves the site"),
            s => parts.push(s.to_string()),
        }
    }
    let file = out.join(parts.join("/"));
    if href.ends_with('/') || href.is_empty() {
        file.join("index.html")
    } else {
        file
    }
}

/// The language switcher of `html`: the `<nav class="languages">` element.
fn switcher(html: &str) -> &str {
    let start = html
        .find("<nav class=\"languages\"")
        .expect("a language switcher");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

#[test]
fn every_page_has_its_counterpart_and_the_switcher_leads_to_it() {
    let (_tmp, out) = two_language_site(true);
    let english = pages(&out.join("en"));
    let default: Vec<PathBuf> = pages(&out)
        .into_iter()
        .filter(|p| !p.starts_with("en"))
        .collect();
    assert!(default.len() > 20, "{default:?}");
    assert_eq!(default, english, "the same pages in both trees");
    for page in default.iter().filter(|p| !p.ends_with("404.html")) {
        for (tree, lang, other) in [("", "zh-CN", "en/"), ("en/", "en", "")] {
            let here = Path::new(tree).join(page);
            let html = read_out(&out, here.to_str().unwrap());
            if page.ends_with("embed.html") {
                assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{here:?}");
                continue;
            }
            assert!(html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")));
            let nav = switcher(&html);
            let links = attributes(nav, "<a", "href");
            assert_eq!(
                attributes(nav, "<a", "hreflang"),
                ["zh-CN", "en"],
                "{here:?}"
            );
            assert_eq!(attributes(nav, "<a", "lang"), ["zh-CN", "en"], "{here:?}");
            assert_eq!(nav.matches("aria-current").count(), 1, "{here:?}");
            let targets: Vec<PathBuf> = links.iter().map(|h| resolve(&out, &here, h)).collect();
            let counterpart = out.join(other).join(page);
            assert!(targets.contains(&out.join(&here)), "{here:?}: {links:?}");
            assert!(targets.contains(&counterpart), "{here:?}: {links:?}");
        }
    }
    // The 404 page is served at any depth: its switcher goes to each tree's front page.
    let not_found = read_out(&out, "en/404.html");
    assert_eq!(
        attributes(switcher(&not_found), "<a", "href"),
        ["/", "/en/"]
    );
}

#[test]
fn pages_name_their_alternates_in_every_language() {
    let (_tmp, out) = two_language_site(true);
    let path = "incidents/2023-03-29-wechat-qq-outage/";
    for tree in ["", "en/"] {
        let html = read_out(&out, &format!("{tree}{path}index.html"));
        let alternates: Vec<(String, String)> =
            attributes(&html, "<link rel=\"alternate\"", "hreflang")
                .into_iter()
                .zip(attributes(
                    &html,
                    "<link rel=\"alternate\" hreflang",
                    "href",
                ))
                .collect();
        let root = "https://status.example.com/";
        assert_eq!(
            alternates,
            [
                ("zh-CN".to_string(), format!("{root}{path}")),
                ("en".to_string(), format!("{root}en/{path}")),
                ("x-default".to_string(), format!("{root}{path}")),
            ],
            "{tree}"
        );
    }
    let sitemap = read_out(&out, "sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<loc>https://status.example.com/en/{path}</loc><xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://status.example.com/{path}\"/>"
    )));
    assert_eq!(
        sitemap.matches("<loc>").count(),
        sitemap.matches("hreflang=\"x-default\"").count()
    );
    // The files of the whole site are the root's alone.
    for file in ["sitemap.xml", "robots.txt", "_headers", "api/notify.json"] {
        assert!(out.join(file).is_file(), "{file}");
        assert!(!out.join("en").join(file).exists(), "en/{file}");
    }
    let headers = read_out(&out, "_headers");
    assert!(headers.contains("\n/en/api/*\n"), "{headers}");
}

#[test]
fn the_english_tree_speaks_english() {
    let (_tmp, out) = two_language_site(true);
    let front = read_out(&out, "en/index.html");
    assert!(
        front.contains("<title>WeChat · QQ Service Status</title>"),
        "the site's title"
    );
    assert!(front.contains(">WeChat<"), "the product's English name");
    assert!(front.contains(">History</a>"), "the theme's English words");
    assert!(!front.contains(">微信<"), "no Chinese product name");
    let summary = read_out(&out, "en/api/v2/summary.json");
    assert!(
        summary.contains("\"WeChat\""),
        "the API names the product in English"
    );
    assert!(
        summary.contains("\"https://status.example.com/en\""),
        "links stay in the tree"
    );
    let rss = read_out(&out, "en/rss.xml");
    assert!(rss.contains("<language>en</language>"), "{rss}");
    assert!(read_out(&out, "en/atom.xml").contains("xml:lang=\"en\""));
    assert!(read_out(&out, "en/feed.json").contains("\"language\": \"en\""));
    assert!(read_out(&out, "en/components/wechat/rss.xml").contains("<language>en</language>"));
    assert!(out.join("en/maintenance.ics").is_file());
    assert!(read_out(&out, "en/badges/wechat.svg").contains("WeChat"));
    // The incident in its translation file's words, read by the loader: nothing marked.
    let page = read_out(&out, "en/incidents/2023-03-29-wechat-qq-outage/index.html");
    assert!(
        page.contains("<h1>Several WeChat and QQ features disrupted</h1>"),
        "{page}"
    );
    assert!(page.contains("The WeChat Team posted a statement on Weibo"));
    assert!(
        page.contains("Tencent Customer Service"),
        "the statement's author"
    );
    assert!(!page.contains("class=\"untranslated\""), "{page}");
    // Chinese only in the switcher's link to the Chinese page.
    assert_eq!(page.matches(" lang=\"zh-CN\"").count(), 1, "{page}");
    let feed = read_out(&out, "en/rss.xml");
    assert!(
        feed.contains("Several WeChat and QQ features disrupted"),
        "{feed}"
    );
    // The default tree keeps the original.
    let original = read_out(&out, "incidents/2023-03-29-wechat-qq-outage/index.html");
    assert!(original.contains("微信、QQ 多项功能异常") && !original.contains("Several WeChat"));
}

#[test]
fn untranslated_texts_carry_their_language_and_a_note() {
    let (_tmp, out) = two_language_site(false);
    // No translation of the incident exists: every text is the Chinese original, marked.
    let page = read_out(&out, "en/incidents/2023-03-29-wechat-qq-outage/index.html");
    assert!(page.contains("<h1 lang=\"zh-CN\">"), "the title");
    assert!(
        page.contains("<div class=\"summary prose\" lang=\"zh-CN\">"),
        "the summary"
    );
    assert!(
        page.contains("<div class=\"prose\" lang=\"zh-CN\">"),
        "the entries"
    );
    assert!(
        page.contains("<blockquote lang=\"zh-CN\">"),
        "the statements"
    );
    assert!(page.contains("<p class=\"untranslated\">Not yet translated</p>"));
    let history = read_out(&out, "en/history/2023-03/index.html");
    assert!(
        history.contains("lang=\"zh-CN\">微信、QQ"),
        "a list's untranslated title"
    );
    let atom = read_out(&out, "en/atom.xml");
    assert!(atom.contains("<title xml:lang=\"zh-CN\">"), "{atom}");
    assert!(read_out(&out, "en/feed.json").contains("\"language\": \"zh-CN\""));
    // The default tree is the original: nothing to mark.
    let original = read_out(&out, "incidents/2023-03-29-wechat-qq-outage/index.html");
    assert!(!original.contains("untranslated") && !original.contains("<h1 lang"));
}

#[test]
fn a_site_in_one_language_has_no_trees_switcher_or_alternates() {
    let config = std::fs::read_to_string(repo().join("bulletin.yaml")).unwrap();
    let one = in_one_language(&config);
    assert!(
        !one.contains("translations:") && one.contains("language: zh-CN\n"),
        "{one}"
    );
    let (_tmp, out) = build_copy(&one, false, NOW);
    assert!(
        out.join("index.html").is_file(),
        "the one-language site builds"
    );
    assert!(!out.join("en").exists());
    for page in pages(&out) {
        let html = read_out(&out, page.to_str().unwrap());
        assert!(!html.contains("hreflang"), "{page:?}");
        assert!(!html.contains("class=\"languages\""), "{page:?}");
        assert!(!html.contains("untranslated"), "{page:?}");
    }
    assert!(!read_out(&out, "sitemap.xml").contains("xhtml"));
}

/// Both trees pass the validators every site passes: links and anchors (the root's walk
/// covers both trees and the switchers between them), the sitemap with its alternates, and
/// each tree's feeds, API, calendar and badges.
#[test]
fn both_trees_pass_the_validators() {
    use crate::support::validate;
    let (_tmp, out) = two_language_site(true);
    validate("links", &out);
    validate("sitemap", &out);
    for tree in [out.clone(), out.join("en")] {
        for tool in ["feeds", "api", "ics", "badges"] {
            validate(tool, &tree);
        }
    }
}
