//! The front matter's two readers agree: the common shape read without the YAML parser gives
//! what the full reader gives, and everything else still gets the full reader's diagnostics.

use std::path::Path;

use super::*;

fn config() -> Config {
    let yaml = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n    features:\n      - id: api\n        name: API\n";
    crate::config::parse(Path::new("."), yaml, None).expect("test config")
}

fn yaml_of<'a>(rel: &'a Path, text: &'a str) -> YamlText<'a> {
    YamlText {
        file: rel,
        text,
        line_offset: 1,
    }
}

/// Both readers' results and problems, as text (the full reader's, and the fast one's if it
/// takes the front matter).
fn both(text: &str) -> (String, Option<String>) {
    let (config, rel) = (config(), Path::new("incidents/t.md"));
    let split = Split {
        yaml: text,
        yaml_line_offset: 1,
        body_offset: 0,
    };
    let mut problems = Vec::new();
    let full = read_full(&config, rel, &split, &yaml_of(rel, text), &mut problems);
    let full = format!("{full:?} {problems:?}");
    let mut problems = Vec::new();
    let fast = fast::read(&yaml_of(rel, text), &mut problems);
    (full, fast.map(|f| format!("{:?} {problems:?}", Some(f))))
}

#[test]
fn the_common_shape_reads_as_the_full_reader_reads_it() {
    let taken = [
        "title: Login failures\naffected:\n  app/api: major_outage\n  app: degraded_performance\n",
        "affected:\n  app: partial_outage\ntitle: 404\n",
        "title: null\n",
        "title: 0x1F\n",
        "title: 1_000\n",
        "title: 1e3 errors\n",
        "title: NaN\n",
        "title: C# notes, it's [down] {again} 12:30\n",
        "title: 登录失败\u{a0}\naffected:\n",
        "title: Bidi \u{202e}trick\n",
        "title: ab/x overlap\naffected:\n  ab/x: major_outage\n  b/x: partial_outage\n",
        "title: T   \naffected:  \n  app/api: under_maintenance\n",
    ];
    for text in taken {
        let (full, fast) = both(text);
        assert_eq!(fast.as_ref(), Some(&full), "{text:?}");
    }
}

#[test]
fn anything_else_is_left_to_the_full_reader() {
    let left = [
        "title: Down: again\n",
        "title: a # comment\n",
        "title: 'quoted'\n",
        "title: -dash\n",
        "title:\n",
        "title: a\n\naffected:\n",
        "title: a\n  continued\n",
        "title: a\ntitle: b\n",
        "title: a\nkind: incident\n",
        "title: a\naffected:\n  app: down\n",
        "title: a\naffected:\n  yes: major_outage\n",
        "title: a\naffected:\n  app: major_outage\n  app: minor\n",
        "title: a\naffected:\n  app: major_outage # why\n",
        "title: a\naffected:\n    app: major_outage\n",
        "title: tab\there\n",
        "title: line\u{2028}break\n",
        "affected:\n  app: major_outage\n",
    ];
    for text in left {
        assert_eq!(both(text).1, None, "{text:?}");
    }
}

fn parsed(text: &str) -> (Option<Front>, Vec<Diagnostic>) {
    let (config, rel) = (config(), Path::new("incidents/t.md"));
    let mut problems = Vec::new();
    let split = split(rel, text, &mut problems).expect("front matter");
    (parse(&config, rel, &split, &mut problems), problems)
}

#[test]
fn an_ordinary_front_matter_takes_no_yaml_parser() {
    let before = fast::full_reads();
    let (front, problems) =
        parsed("---\ntitle: Login failures\naffected:\n  app/api: major_outage\n---\n");
    let front = front.expect("read");
    assert!(problems.is_empty() && front.complete, "{problems:?}");
    assert_eq!(
        (front.title.as_str(), front.affected.len()),
        ("Login failures", 1)
    );
    assert_eq!(front.affected[0].line, 4);
    assert_eq!(fast::full_reads(), before, "read without the YAML parser");
}

#[test]
fn a_bad_front_matter_gets_every_diagnostic_through_the_full_reader() {
    let before = fast::full_reads();
    let text = "---\ntitle: T\naffected:\n  app/api: down\n  app: major_outage\nresolvd: 2026-01-02 03:00\n---\n";
    let (front, problems) = parsed(text);
    assert_eq!(fast::full_reads(), before + 1);
    let codes: Vec<_> = problems.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        codes,
        [(Code::UnknownValue, Some(4)), (Code::UnknownField, Some(6)),],
        "{problems:#?}"
    );
    let front = front.expect("read field by field");
    assert!(!front.complete);
    assert_eq!(front.affected.len(), 1, "the good component is kept");
}

/// The fast reader's bounds and its one cross-line check, each at its edge: a front matter
/// over the size limit, more components than it takes, and a component named twice (all three
/// for the full reader, which reports them in its own words).
#[test]
fn the_fast_reader_leaves_the_edges_to_the_full_reader() {
    let components = |n: usize| -> String {
        (0..n)
            .map(|i| format!("  app/f{i}: major_outage\n"))
            .collect()
    };
    let at_most = format!(
        "title: T\naffected:\n{}",
        components(super::fast::MAX_FAST_COMPONENTS)
    );
    let (full, fast) = both(&at_most);
    assert_eq!(fast, Some(full), "as many components as it takes");
    let over = format!(
        "title: T\naffected:\n{}",
        components(super::fast::MAX_FAST_COMPONENTS + 1)
    );
    assert_eq!(both(&over).1, None, "one more");
    let twice = "title: T\naffected:\n  app: major_outage\n  app: partial_outage\n";
    assert_eq!(both(twice).1, None, "a component named twice");
    let title = "x".repeat(crate::content::limits::MAX_FRONT_MATTER - "title: \n".len());
    let (at_limit, over_limit) = (format!("title: {title}\n"), format!("title: {title}x\n"));
    assert!(both(&at_limit).1.is_some(), "at the size limit");
    assert_eq!(both(&over_limit).1, None, "over the size limit");
}

/// A component is placed where its name is first written from the `affected:` line on, as
/// the full reader places it: in `affected:` itself, in an earlier component's name or status
/// word, or on its own line.
#[test]
fn components_are_placed_where_the_full_reader_places_them() {
    let taken = [
        "title: T\naffected:\n  a: major_outage\n",
        "title: T\naffected:  \n  fect: major_outage\n",
        "title: x\naffected:\n  app/api: major_outage\n  app: partial_outage\n  pp: partial_outage\n",
        "title: T\naffected:\n  ab: major_outage\n  r: partial_outage\n  d: partial_outage\n  m: degraded_performance\n",
        "affected:\n  x: major_outage\n  xy: partial_outage\ntitle: xy z\n",
        "title: b.c\naffected:\n  b.c: major_outage\n",
    ];
    for text in taken {
        let (full, fast) = both(text);
        assert_eq!(fast.as_ref(), Some(&full), "{text:?}");
    }
}
