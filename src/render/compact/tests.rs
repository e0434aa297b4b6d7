//! The compaction rules, checked on what the compacted templates render.

use super::template;

/// What the compacted template renders, with no context.
fn html(source: &str) -> String {
    let mut tera = tera::Tera::new();
    tera.add_raw_template("t.html", &template(source).source)
        .unwrap();
    tera.render("t.html", &tera::Context::new()).unwrap()
}

#[test]
fn indentation_and_blank_lines_go() {
    let page = "<ul>\n  <li>a</li>\n\n    \n\t<li>b</li>\n</ul>\n";
    assert_eq!(html(page), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
}

#[test]
fn lines_of_tera_tags_only_leave_no_empty_line() {
    let page = "<ul>\n  {% for i in [1, 2] %}\n  <li>{{ i }}</li>\n  {% if false %}\n  x\n  {% endif %}{# c #}\n  {% endfor %}\n</ul>\n";
    assert_eq!(html(page), "<ul>\n<li>1</li>\n<li>2</li>\n</ul>\n");
}

#[test]
fn line_numbers_stay_and_each_lines_shift_is_known() {
    let compacted = template("<p>\n    {{ a }}\n\n\t<b>\n");
    assert_eq!(compacted.source.lines().count(), 4);
    assert_eq!(compacted.shifts, [0, 4, 0, 1]);
}

#[test]
fn text_across_lines_keeps_a_space_between_words() {
    assert_eq!(html("<p>one\n    two</p>"), "<p>one\ntwo</p>");
    assert_eq!(
        html("<a>A</a>\n  {% if true %}\n  <a>B</a>{% endif %}"),
        "<a>A</a>\n<a>B</a>"
    );
}

#[test]
fn pre_content_is_untouched() {
    let page =
        "<div>\n  <pre><code>fn main() {\n    x();\n\n    y();\n}\n</code></pre>\n  <p>after</p>\n";
    let want =
        "<div>\n<pre><code>fn main() {\n    x();\n\n    y();\n}\n</code></pre>\n<p>after</p>\n";
    assert_eq!(html(page), want);
}

#[test]
fn what_a_template_inserts_is_untouched() {
    let mut tera = tera::Tera::new();
    tera.add_raw_template(
        "t.html",
        &template("<div>\n  {{ body | safe }}\n</div>\n").source,
    )
    .unwrap();
    let mut context = tera::Context::new();
    context.insert("body", "<p>a\n   b</p>\n\n<pre>\n  c\n</pre>");
    let page = tera.render("t.html", &context).unwrap();
    assert_eq!(
        page,
        "<div>\n<p>a\n   b</p>\n\n<pre>\n  c\n</pre>\n</div>\n"
    );
}

#[test]
fn pre_with_attributes_and_any_case_is_untouched() {
    let page = "<PRE class=\"x\">\n  a\n\n  b\n</Pre>\n  c\n";
    assert_eq!(html(page), "<PRE class=\"x\">\n  a\n\n  b\n</Pre>\nc\n");
}

#[test]
fn a_pre_inside_a_pre_keeps_the_outer_one_going() {
    let page = "<pre>\n <pre>\n  x\n </pre>\n  y\n</pre>\n  z\n";
    assert_eq!(html(page), "<pre>\n <pre>\n  x\n </pre>\n  y\n</pre>\nz\n");
}

#[test]
fn raw_text_elements_are_untouched_until_their_own_end_tag() {
    for (open, close) in [
        ("<script>", "</script>"),
        ("<style>", "</style>"),
        ("<textarea name=\"t\">", "</textarea>"),
    ] {
        let page = format!("{open}\n  if (a) {{\n\n    b(\"</pre>\");\n  }}\n{close}\n  z\n");
        let want = page
            .replace("\n  z", "\nz")
            .replace("{{", "{")
            .replace("}}", "}");
        let page = page
            .replace("{{", "{{ '{' }}")
            .replace("}}\n", "{{ '}' }}\n");
        assert_eq!(html(&page), want, "{open}");
    }
}

#[test]
fn quoted_attribute_values_comments_and_tera_tags_keep_their_lines() {
    let page = "<a title=\"one\n   two\" href=x>t</a>\n<!-- a\n   b -->\n  c\n";
    assert_eq!(
        html(page),
        "<a title=\"one\n   two\" href=x>t</a>\n<!-- a\n   b -->\nc\n"
    );
    // The quotes of a Tera string are not the attribute's.
    let attrs = "<svg class=\"{{ \"a\" }}\"\n     viewBox=\"0 0 1 1\">\n";
    assert_eq!(html(attrs), "<svg class=\"a\"\nviewBox=\"0 0 1 1\">\n");
    let tag = "{{ \"a\n   b\" }}\n  c\n";
    assert_eq!(html(tag), "a\n   b\nc\n");
}

#[test]
fn a_plain_less_than_sign_is_text() {
    assert_eq!(
        html("<p>1 < 2\n  <pre>\n  x</pre>"),
        "<p>1 < 2\n<pre>\n  x</pre>"
    );
}

#[test]
fn names_that_only_start_like_pre_are_not_pre() {
    assert_eq!(
        html("<prefix>\n  a\n</prefix>\n"),
        "<prefix>\na\n</prefix>\n"
    );
}

#[test]
fn crlf_blank_lines_go_and_non_ascii_text_is_whole() {
    assert_eq!(html("<p>\r\n  \r\n  北京\r\n</p>"), "<p>\r\n北京\r\n</p>");
}

#[test]
fn a_template_with_a_raw_block_is_left_whole() {
    let page = "<p>\n  {% raw %}{{ x }}{% endraw %}\n</p>";
    assert_eq!(template(page).source, page);
}
