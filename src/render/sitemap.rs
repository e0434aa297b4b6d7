//! `sitemap.xml` (every page but the 404) and `robots.txt` pointing at it.
//!
//! A site in several languages has one sitemap at the root listing every page of every tree,
//! each with an `xhtml:link rel="alternate" hreflang` per language and `x-default` (the
//! default language's page), as search engines read alternates in a sitemap.

use std::io;

use quick_xml::Writer;
use quick_xml::escape::escape;
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
        return Ok(files(config, alternates(&roots, paths)?));
    }
    Ok(files(config, single(&config.base_url, paths)))
}

/// The sitemap of a site in one language: each page's URL, sorted. Written directly rather
/// than through the XML writer, whose element calls cost more than the rest of the file: the
/// two have a test holding them to the same bytes.
fn single(base_url: &str, paths: &[String]) -> Vec<u8> {
    // The URLs share the base, so the paths sort as the URLs do.
    let mut paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    paths.sort_unstable();
    let base = escape(base_url);
    let line = "\n<url><loc></loc></url>".len() + base.len();
    let mut xml = Vec::with_capacity(paths.iter().map(|p| p.len() + line).sum::<usize>() + 160);
    xml.extend_from_slice(HEADER.as_bytes());
    xml.extend_from_slice(b"\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    // One URL a line, unindented: a 10,000-incident site has 10,000 of them, and indenting
    // them took 14 % of the file.
    for path in paths {
        xml.extend_from_slice(b"\n<url><loc>");
        xml.extend_from_slice(base.as_bytes());
        xml.extend_from_slice(escape(path).as_bytes());
        xml.extend_from_slice(b"</loc></url>");
    }
    xml.extend_from_slice(b"\n</urlset>");
    xml
}

/// The XML declaration every sitemap starts with.
const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// The sitemap (its XML given) and `robots.txt` pointing at it.
fn files(config: &Config, mut sitemap: Vec<u8>) -> Vec<OutputFile> {
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

#[cfg(test)]
mod tests {
    use quick_xml::Writer;
    use quick_xml::events::{BytesDecl, BytesText, Event};

    /// The one-language sitemap as the XML writer writes it.
    fn written(base_url: &str, paths: &[String]) -> Vec<u8> {
        let mut urls: Vec<String> = paths.iter().map(|p| format!("{base_url}{p}")).collect();
        urls.sort();
        let mut w = Writer::new(Vec::new());
        let decl = BytesDecl::new("1.0", Some("UTF-8"), None);
        w.write_event(Event::Decl(decl)).expect("write");
        w.get_mut().push(b'\n');
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                for url in &urls {
                    w.get_mut().push(b'\n');
                    w.create_element("url").write_inner_content(|w| {
                        let text = BytesText::new(url);
                        w.create_element("loc").write_text_content(text)?;
                        Ok(())
                    })?;
                }
                w.get_mut().push(b'\n');
                Ok(())
            })
            .expect("write");
        w.into_inner()
    }

    #[test]
    fn the_sitemap_is_what_the_xml_writer_writes() {
        let paths: Vec<String> = [
            "",
            "incidents/b/",
            "incidents/a%20b/",
            "history/2026-01/",
            "components/api/",
            "x/a&b'c\"d<e>/",
            "incidents/a/",
        ]
        .map(String::from)
        .to_vec();
        for base in [
            "https://status.example.com/",
            "https://x.example/?a=1&b='2'/",
        ] {
            let direct = super::single(base, &paths);
            assert_eq!(
                String::from_utf8_lossy(&direct),
                String::from_utf8_lossy(&written(base, &paths)),
                "{base}"
            );
        }
        assert_eq!(super::single("https://x/", &[]), written("https://x/", &[]));
    }
}
