//! The element names html5ever's tree builder treats specially, as the HTML standard lists
//! them, for the model of its stack of open elements in `html.rs`.

use html5ever::{LocalName, local_name};

/// Elements that never hold content, so never stay open.
pub(super) fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("param")
            | local_name!("keygen")
            | local_name!("frame")
    )
}

/// Formatting elements: html5ever re-opens them (attributes and all) in every later block
/// until their end tag comes, so an unclosed one is written again and again.
pub(super) fn is_formatting(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("nobr")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// How many levels an open element makes: two for the parts of a table, as html5ever
/// supplies the ones left out (`<table><td>` is table, tbody, tr and td), one for others.
pub(super) fn levels(name: &LocalName) -> usize {
    match *name {
        local_name!("table")
        | local_name!("caption")
        | local_name!("colgroup")
        | local_name!("thead")
        | local_name!("tbody")
        | local_name!("tfoot")
        | local_name!("tr")
        | local_name!("td")
        | local_name!("th") => 2,
        _ => 1,
    }
}

/// Elements whose end tag html5ever honours only when no table cell, caption or other
/// scope boundary is open inside them ("has an element in scope").
pub(super) fn is_scope_boundary(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("applet")
            | local_name!("caption")
            | local_name!("html")
            | local_name!("table")
            | local_name!("td")
            | local_name!("th")
            | local_name!("marquee")
            | local_name!("object")
            | local_name!("template")
            | local_name!("svg")
            | local_name!("math")
    )
}

/// The "special" elements of the HTML standard: an end tag of an ordinary element (`</span>`)
/// is ignored when one of these is open inside it.
pub(super) fn is_special(name: &LocalName) -> bool {
    is_scope_boundary(name)
        || matches!(
            *name,
            local_name!("address")
                | local_name!("article")
                | local_name!("aside")
                | local_name!("blockquote")
                | local_name!("body")
                | local_name!("button")
                | local_name!("center")
                | local_name!("colgroup")
                | local_name!("dd")
                | local_name!("details")
                | local_name!("dir")
                | local_name!("div")
                | local_name!("dl")
                | local_name!("dt")
                | local_name!("fieldset")
                | local_name!("figcaption")
                | local_name!("figure")
                | local_name!("footer")
                | local_name!("form")
                | local_name!("frameset")
                | local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
                | local_name!("head")
                | local_name!("header")
                | local_name!("hgroup")
                | local_name!("iframe")
                | local_name!("li")
                | local_name!("listing")
                | local_name!("main")
                | local_name!("menu")
                | local_name!("nav")
                | local_name!("noembed")
                | local_name!("noframes")
                | local_name!("noscript")
                | local_name!("ol")
                | local_name!("p")
                | local_name!("plaintext")
                | local_name!("pre")
                | local_name!("script")
                | local_name!("section")
                | local_name!("select")
                | local_name!("style")
                | local_name!("summary")
                | local_name!("tbody")
                | local_name!("textarea")
                | local_name!("tfoot")
                | local_name!("thead")
                | local_name!("title")
                | local_name!("tr")
                | local_name!("ul")
                | local_name!("xmp")
        )
}

pub(super) fn is_heading(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

/// Start tags that close an open `p` (when no button or scope boundary is open inside it).
pub(super) fn closes_p(name: &LocalName) -> bool {
    is_heading(name)
        || matches!(
            *name,
            local_name!("address")
                | local_name!("article")
                | local_name!("aside")
                | local_name!("blockquote")
                | local_name!("center")
                | local_name!("details")
                | local_name!("dialog")
                | local_name!("dir")
                | local_name!("div")
                | local_name!("dl")
                | local_name!("fieldset")
                | local_name!("figcaption")
                | local_name!("figure")
                | local_name!("footer")
                | local_name!("header")
                | local_name!("hgroup")
                | local_name!("main")
                | local_name!("menu")
                | local_name!("nav")
                | local_name!("ol")
                | local_name!("p")
                | local_name!("section")
                | local_name!("summary")
                | local_name!("ul")
                | local_name!("pre")
                | local_name!("listing")
                | local_name!("form")
                | local_name!("table")
                | local_name!("xmp")
                | local_name!("li")
                | local_name!("dd")
                | local_name!("dt")
        )
}
