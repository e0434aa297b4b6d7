//! Text for generated incidents: words, lines and paragraphs of safe Markdown, names, titles
//! and links.

// Support code shared by test crates: `pub` says what it offers them.
#![allow(unreachable_pub)]

use proptest::prelude::*;

/// One word of safe Markdown: never starts a block construct, never forms a heading.
pub fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z0-9]{0,7}",
        3 => "[\u{4e00}-\u{9fa5}]{1,4}",
        1 => "[0-9]{1,4}",
        1 => "[A-Za-z\u{4e00}-\u{9fa5}]{1,5}[,.;:!?，。、：！？]",
        1 => "[a-z]{1,6}".prop_map(|w| format!("*{w}*")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("`{w}`")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("({w})")),
        1 => Just("&".to_string()),
        1 => Just("don't".to_string()),
    ]
}

pub fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..8).prop_map(|w| w.join(" "))
}

pub fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 1..3).prop_map(|l| l.join("\n"))
}

/// Markdown text: 0–3 paragraphs.
pub fn markdown(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(paragraph(), 0..=max).prop_map(|p| p.join("\n\n"))
}

/// A statement's words, as a blockquote.
pub fn quote() -> impl Strategy<Value = String> {
    markdown(2).prop_map(|md| {
        md.lines()
            .map(|l| {
                if l.is_empty() {
                    ">".to_string()
                } else {
                    format!("> {l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Short plain text for names and headings: words, no separators, no Markdown syntax.
pub fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => "[A-Za-z][A-Za-z0-9]{0,7}",
            2 => "[\u{4e00}-\u{9fa5}]{1,4}",
            1 => "[A-Za-z]{1,6},",
        ],
        1..5,
    )
    .prop_map(|w| w.join(" ").trim_end_matches(',').to_string())
}

/// Titles: words, CJK and the punctuation that needs YAML quoting.
pub fn title() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        6 => "[A-Za-z][A-Za-z0-9]{0,7}",
        4 => "[\u{4e00}-\u{9fa5}]{1,4}",
        1 => "[0-9]{1,4}",
        2 => prop::sample::select(vec![
            ":", "#", "\"", "'", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "-",
            "?", ",", "·", "：", "、", "\\", "~", "C#", "v1.2", "(beta)", "null", "true", "1e3",
            "0x1F", "yes", "2023-03-29",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec((token, any::<bool>()), 1..7).prop_map(|tokens| {
        let mut s = String::new();
        for (t, space) in tokens {
            if space && !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&t);
        }
        s
    })
}

pub fn url() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9-]{0,6}[a-z0-9])?\\.[a-z]{2,4}",
        prop::collection::vec("[A-Za-z0-9_.~%-]{1,10}", 0..3),
        any::<bool>(),
    )
        .prop_map(|(host, path, http)| {
            let scheme = if http { "http" } else { "https" };
            let mut u = format!("{scheme}://{host}");
            for p in path {
                u.push('/');
                u.push_str(&p);
            }
            u
        })
}
