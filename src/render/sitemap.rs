//! `sitemap.xml` (every page but the 404) and `robots.txt` pointing at it.
//!
//! A site in several languages has one sitemap at the root listing every page of every tree,
//! each with an `xhtml:link rel="alternate" hreflang` per language and `x-default` (the
//! default language's page), as search engines read alternates in a sitemap.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::config::Config;
use crate::output::OutputFile;

/// Builds the sitemap from the pages' URL paths (relative to a tree's root, already encoded;
/// every tree has the same).
pub(super) fn render(config: &Config, paths: &[String]) -> io::Result<Vec<OutputFile>> {
    let roots: Vec<(&str, String)> = (config.languages.iter())
        .map(|l| {
            let tree = crate::urls::language_tree(l, config.default_language());
            (l.as_str(), format!("{}{tree}", config.site_base_url))
        })
        .collect();
    if roots.len() > 1 {
        return Ok(files(config, &alternates(&roots, paths)?));
    }
    let mut urls: Vec<String> = paths
        .iter()
        .map(|p| format!("{}{p}", config.base_url))
        .collect();
    urls.sort();
    // One URL a line, unindented: a 10,000-incident site has 10,000 of them, and indenting
    // them took 14 % of the file.
    let mut w = Writer::new(Vec::new());
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.get_mut().push(b'\n');
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for url in &urls {
                w.get_mut().push(b'\n');
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(url))?;
                    Ok(())
                })?;
            }
            w.get_mut().push(b'\n');
            Ok(())
        })?;
    Ok(files(config, &w.into_inner()))
}

/// The sitemap (its XML given) and `robots.txt` pointing at it.
fn files(config: &Config, sitemap: &[u8]) -> Vec<OutputFile> {
    let mut sitemap = sitemap.to_vec();
    sitemap.push(b'\n');
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.site_base_url
    );
    vec![
        OutputFile::new("sitemap.xml", sitemap),
        OutputFile::new("robots.txt", robots.into_bytes()),
    ]
}

/// The sitemap of a site in several languages: each page of each tree (`roots`: language and
/// tree URL, the default first), with its alternates in every language and `x-default`.
fn alternates(roots: &[(&str, String)], paths: &[String]) -> io::Result<Vec<u8>> {
    let mut paths: Vec<&String> = paths.iter().collect();
    paths.sort();
    let mut w = Writer::new(Vec::new());
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.get_mut().push(b'\n');
    let link = |w: &mut Writer<Vec<u8>>, language: &str, href: &str| {
        w.create_element("xhtml:link")
            .with_attributes([("rel", "alternate"), ("hreflang", language), ("href", href)])
            .write_empty()
            .map(|_| ())
    };
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .with_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"))
        .write_inner_content(|w| {
            for (_, root) in roots {
                for path in &paths {
                    w.get_mut().push(b'\n');
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&format!("{root}{path}")))?;
                        for (language, other) in roots {
                            link(w, language, &format!("{other}{path}"))?;
                        }
                        link(w, "x-default", &format!("{}{path}", roots[0].1))
                    })?;
                }
            }
            w.get_mut().push(b'\n');
            Ok(())
        })?;
    Ok(w.into_inner())
}
