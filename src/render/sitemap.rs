//! `sitemap.xml` (every page but the 404) and `robots.txt` pointing at it.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::config::Config;
use crate::output::OutputFile;

/// Builds the sitemap from the pages' URL paths (relative to the root, already encoded).
pub(super) fn render(config: &Config, paths: &[String]) -> io::Result<Vec<OutputFile>> {
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
    let mut sitemap = w.into_inner();
    sitemap.push(b'\n');
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    );
    Ok(vec![
        OutputFile::new("sitemap.xml", sitemap),
        OutputFile::new("robots.txt", robots.into_bytes()),
    ])
}
