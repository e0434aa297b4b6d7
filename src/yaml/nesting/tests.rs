use super::{Over, scan};

fn too_deep(text: &str, max: usize) -> Option<usize> {
    match scan(text, max, usize::MAX) {
        Ok(()) => None,
        Err(Over::Nesting(at)) => Some(at),
        Err(over) => panic!("{over:?}"),
    }
}

fn depth_ok(text: &str, max: usize) -> bool {
    too_deep(text, max).is_none()
}

/// The nodes aliases repeat in `text`, or where they pass `max`.
fn repeated_ok(text: &str, max: usize) -> Result<(), usize> {
    match scan(text, 64, max) {
        Ok(()) => Ok(()),
        Err(Over::Aliases(at)) => Err(at),
        Err(over) => panic!("{over:?}"),
    }
}

#[test]
fn aliases_count_the_nodes_they_repeat() {
    // `[`, x, y: three nodes each time.
    let text = "a: &a [x, y]\nb: *a\nc: *a\n";
    assert_eq!(repeated_ok(text, 6), Ok(()));
    assert_eq!(repeated_ok(text, 5), Err(text.find("c: *a").unwrap() + 3));
    // A block node ends at the first line not indented under it; `- ` entries at the key's
    // indentation are inside.
    let text = "base: &b\n  type: webhook\n  url: x\nt: *b\nu: *b\nl: &l\n- p\n- q\nm: *l\n";
    assert_eq!(repeated_ok(text, 4 + 4 + 2), Ok(()));
    assert!(repeated_ok(text, 4 + 4 + 1).is_err());
    // Scalars and block scalars are one node.
    assert_eq!(
        repeated_ok("a: &a x\nb: *a\nc: &c |\n  t\n  u\nd: *c\n", 2),
        Ok(())
    );
}

#[test]
fn copies_of_copies_are_counted_multiplied() {
    // The billion laughs: nine levels of ten copies each.
    let mut text = String::from("a0: &a0 [x]\n");
    for level in 1..10 {
        let copies = vec![format!("*a{}", level - 1); 10].join(", ");
        text += &format!("a{level}: &a{level} [{copies}]\n");
    }
    let at = repeated_ok(&text, 10_000).unwrap_err();
    assert!(text[at..].starts_with("*a3"), "{}", &text[at..at + 10]);
    // Flat: 3,000 copies of 3,000 values (15 KB, 9,000,000 values for serde_yaml).
    let text = format!(
        "a: &a [{}]\nb: [{}]\n",
        "x,".repeat(3000),
        "*a,".repeat(3000)
    );
    let at = repeated_ok(&text, 10_000).unwrap_err();
    assert_eq!(at, text.find("*a").unwrap() + 3 * 3);
}

#[test]
fn counts_flow_and_block_levels() {
    assert!(depth_ok("title: x\n", 1));
    assert!(!depth_ok("title: [x]\n", 1));
    assert!(depth_ok("title: [x]\n", 2));
    assert!(depth_ok("a: [[x], {b: [y]}]\n", 4));
    assert!(!depth_ok("a: [[x], {b: [y]}]\n", 3));
    assert!(depth_ok("a:\n  b:\n    c: d\n", 3));
    assert!(!depth_ok("a:\n  b:\n    c: d\n", 2));
    // A sequence at its key's indentation is one level with the mapping, as for libyaml.
    assert!(depth_ok("a:\n- - - x\n", 3));
    assert!(!depth_ok("a:\n- - - - x\n", 3));
    assert!(depth_ok("a:\n- - x\n", 3));
    // Closed levels do not add up.
    assert!(depth_ok(&"a: [[x]]\n".repeat(1000), 3));
}

#[test]
fn the_place_is_the_opener_past_the_cap() {
    let text = format!("title: x\nx: {}", "[".repeat(1000));
    // The mapping is one level: the 64th `[` is the 65th level.
    assert_eq!(too_deep(&text, 64), Some("title: x\nx: ".len() + 63));
}

#[test]
fn text_is_not_counted() {
    for text in [
        "title: \"[[[[[[\"\n",
        "title: '[[[[[[ '' [[['\n",
        "title: a [[[[[[\n",
        "title: a\n  [[[[[[\n",
        "title: x # [[[[[[\n",
        "# [[[[[[\n",
        "title: |\n  [[[[[[\n  [[[[\nnext: x\n",
        "title: >-\n\n   [[[[[[\n",
        "title: \"a\n  [[[[[[\"\n",
        "title: !tag x\n",
    ] {
        assert!(depth_ok(text, 2), "{text:?}");
    }
}

#[test]
fn openers_are_not_hidden_where_libyaml_reads_them() {
    for text in [
        // A block scalar ends at a line indented no further than its key.
        "- key: |\n [[[[[[\n",
        "a: |\n    text\n  x: [[[[[[\n",
        // A plain scalar does not continue on a line at its key's indentation.
        "a:\n  b: c\n d: [[[[[[\n",
        "a: b\nc: [\n[\n[\n[\n[[\n",
        // Every line break libyaml knows ends a comment.
        "a: x # c\rb: [[[[[[\n",
        "a: x # c\u{2028}b: [[[[[[\n",
        "a: x # c\u{85}b: [[[[[[\n",
        // A comment needs no blank before it after a quoted scalar; a tag stops at `[`.
        "a: !t[[[[[[\n",
        "\"a\": [[[[[[\n",
        "a: \"x\"#c\nb: [[[[[[\n",
    ] {
        assert!(!depth_ok(text, 4), "{text:?}");
    }
}

#[test]
fn a_million_openers_are_refused_in_one_pass() {
    // libyaml needs minutes for this (its work grows with the square of the depth); the
    // scan stops at the cap.
    let text = format!("title: x\nx: {}", "[".repeat(1_000_000));
    assert_eq!(too_deep(&text, 64), Some(12 + 63));
}
