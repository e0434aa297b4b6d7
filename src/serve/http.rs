//! The HTTP side of `serve`: files from the last good build, from memory, with correct content
//! types; live reload injected into HTML; the current build error shown as a banner.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use tower_livereload::Reloader;

use super::Shared;
use super::reload;
use crate::render::headers::{self, Policy};

/// The router and the handle that makes open pages reload.
pub(super) fn app(shared: Arc<Shared>) -> (Router, Reloader) {
    let (layer, reloader) = reload::layer();
    let app = Router::new()
        .fallback(move |uri: Uri| {
            let shared = Arc::clone(&shared);
            async move { respond(&shared, &uri) }
        })
        .layer(layer)
        .layer(axum::middleware::from_fn_with_state(
            reload::streams(),
            reload::capped,
        ));
    (app, reloader)
}

fn respond(shared: &Shared, uri: &Uri) -> Response<Body> {
    if uri.path().starts_with(&format!("{}/", reload::PREFIX)) {
        return own_file(uri.path());
    }
    let Some(path) = file_path(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let (files, error, policy) = shared.snapshot();
    let notes = shared.notes();
    let page = Page {
        error: error.as_deref(),
        policy: &policy,
        notes: &notes,
    };
    // A file of another language's tree gets the headers of its counterpart at the root.
    let tree = tree_of(&path, &files);
    if let Some(bytes) = files.get(path.as_str()) {
        return file(&path, &path[tree.len()..], bytes, page, StatusCode::OK);
    }
    // `/incidents/x` → `/incidents/x/`, as static hosts do.
    if !path.is_empty() && files.contains_key(format!("{path}/index.html").as_str()) {
        let location = format!("{}/", uri.path());
        return Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .expect("valid response");
    }
    let tree_404 = files.get(format!("{tree}404.html").as_str());
    match tree_404.or_else(|| files.get("404.html")) {
        Some(bytes) => file("404.html", "404.html", bytes, page, StatusCode::NOT_FOUND),
        None => match error {
            // No good build yet: show the problem itself.
            Some(text) => html_error(&text, &policy),
            None => plain(StatusCode::NOT_FOUND, "not found"),
        },
    }
}

/// What every page served gets besides its file: the current build problem, if any, and the
/// site's Content-Security-Policy.
#[derive(Clone, Copy)]
struct Page<'a> {
    error: Option<&'a str>,
    policy: &'a Policy,
    /// What the page does not show yet, or promised and let pass (`serve::notes`).
    notes: &'a [super::notes::Note],
}

/// `serve`'s own files: the live-reload script and the banner's style sheet.
fn own_file(path: &str) -> Response<Body> {
    let (kind, text) = match path {
        reload::RELOAD_URL => ("text/javascript; charset=utf-8", reload::RELOAD_JS),
        reload::BANNER_CSS_URL => ("text/css; charset=utf-8", reload::BANNER_CSS),
        _ => return plain(StatusCode::NOT_FOUND, "not found"),
    };
    Response::builder()
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(Body::from(text))
        .expect("valid response")
}

/// The file a URL path names: percent-decoded, `…/` → `…/index.html`; `None` for anything
/// that tries to leave the site (`..`, backslashes, NUL).
pub(super) fn file_path(url_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => continue,
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') => return None,
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// The content type for a file name.
pub(super) fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The language tree `path` is in ("en/"; "" for the root's): a first folder holding a whole
/// tree (its own `api/v2/summary.json`), as a site in several languages writes each.
fn tree_of<'a>(path: &'a str, files: &super::live::Files) -> &'a str {
    match path.split_once('/') {
        Some((first, _)) if files.contains_key(format!("{first}/api/v2/summary.json").as_str()) => {
            &path[..=first.len()]
        }
        _ => "",
    }
}

/// The file at `path` with the headers of `headers_path` (the same path within its tree).
fn file(
    path: &str,
    headers_path: &str,
    bytes: &[u8],
    page: Page,
    status: StatusCode,
) -> Response<Body> {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        with_notes(live_page(bytes, page.error), page.notes)
    } else {
        bytes.to_vec()
    };
    let mut response = Response::builder().status(status);
    let mut typed = false;
    // The headers a host reads from `_headers`, from the same table; but never cached: the
    // preview changes with every save, and a reload must fetch the new style.css too.
    for (name, value) in headers::for_path(headers_path, page.policy) {
        match name {
            "Cache-Control" => continue,
            "Content-Type" => typed = true,
            _ => {}
        }
        if let Ok(value) = HeaderValue::from_str(value) {
            response = response.header(name, value);
        }
    }
    if !typed {
        response = response.header(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    }
    response
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .expect("valid response")
}

/// A page as `serve` sends it: the live-reload script at the end of its body, and the build
/// problem, if any, in a banner at its top (the page itself is the last good one).
fn live_page(bytes: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut html = String::from_utf8_lossy(bytes).into_owned();
    let script = reload::script_tag();
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &script),
        None => html.push_str(&script),
    }
    let Some(text) = error else {
        return html.into_bytes();
    };
    let banner = format!(
        "<link rel=\"stylesheet\" href=\"{}\"><div id=\"bulletin-build-error\" role=\"alert\"><strong>Bulletin: the last change has an error; this is the last good version of the page.</strong>\n\n{}</div>",
        reload::BANNER_CSS_URL,
        escape(text)
    );
    match html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => html.insert_str(at, &banner),
        None => html.insert_str(0, &banner),
    }
    html.into_bytes()
}

/// A page with `serve`'s notes in a box at the top of its body, above the build error if
/// there is one: what this page does not show yet. Only `serve` sends it.
fn with_notes(page: Vec<u8>, notes: &[super::notes::Note]) -> Vec<u8> {
    if notes.is_empty() {
        return page;
    }
    let mut html = String::from_utf8(page)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let lines: Vec<String> = notes.iter().map(|n| escape(&n.text)).collect();
    let note = format!(
        "<link rel=\"stylesheet\" href=\"{}\"><div id=\"bulletin-serve-note\" role=\"status\"><strong>bulletin serve, not in the built site:</strong>\n{}</div>",
        reload::BANNER_CSS_URL,
        lines.join("\n")
    );
    let at = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    html.insert_str(at, &note);
    html.into_bytes()
}

fn html_error(text: &str, policy: &Policy) -> Response<Body> {
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title><link rel=\"stylesheet\" href=\"{}\"></head><body><pre id=\"bulletin-build-error\" role=\"alert\">{}</pre>{}</body></html>",
        reload::BANNER_CSS_URL,
        escape(text),
        reload::script_tag()
    );
    let mut response = Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store");
    for (name, value) in headers::for_path("index.html", policy) {
        if name != "Cache-Control"
            && let Ok(value) = HeaderValue::from_str(value)
        {
            response = response.header(name, value);
        }
    }
    response.body(Body::from(page)).expect("valid response")
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(text))
        .expect("valid response")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_and_never_escape() {
        assert_eq!(file_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_path("/incidents/a/").as_deref(),
            Some("incidents/a/index.html")
        );
        assert_eq!(file_path("/rss.xml").as_deref(), Some("rss.xml"));
        assert_eq!(
            file_path("/incidents/%E7%99%BB%20x/").as_deref(),
            Some("incidents/登 x/index.html")
        );
        for bad in ["/../etc/passwd", "/a/%2e%2e/b", "/a\\..\\b", "/%00"] {
            assert_eq!(file_path(bad), None, "{bad}");
        }
    }

    /// A file of a language tree is served with its root counterpart's headers (the API's
    /// CORS).
    #[test]
    fn a_language_trees_files_get_their_roots_headers() {
        let files: super::super::live::Files = std::sync::Arc::new(
            [
                "api/v2/summary.json",
                "en/api/v2/summary.json",
                "404.html",
                "en/404.html",
                "static/api.txt",
            ]
            .into_iter()
            .map(|p| (p.into(), std::sync::Arc::new(p.as_bytes().to_vec())))
            .collect(),
        );
        assert_eq!(tree_of("en/api/v2/summary.json", &files), "en/");
        assert_eq!(tree_of("en/incidents/x/index.html", &files), "en/");
        assert_eq!(tree_of("static/api.txt", &files), "");
        assert_eq!(tree_of("index.html", &files), "");
        let policy = Policy::default();
        let page = Page {
            error: None,
            policy: &policy,
            notes: &[],
        };
        let path = "en/api/v2/summary.json";
        let tree = tree_of(path, &files);
        let response = file(path, &path[tree.len()..], b"{}", page, StatusCode::OK);
        assert!(
            (response.headers()).contains_key("access-control-allow-origin"),
            "the API's CORS"
        );
    }

    #[test]
    fn content_types_cover_every_output() {
        assert_eq!(content_type("a.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("badges/x.svg"), "image/svg+xml");
        assert_eq!(content_type("api/v2/summary.json"), "application/json");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
    }

    #[test]
    fn banner_goes_after_body_and_is_escaped() {
        let out = String::from_utf8(live_page(
            b"<html><body class=x><p>hi</p></body></html>",
            Some("<bad>"),
        ))
        .unwrap();
        assert!(out.contains("<body class=x><link rel=\"stylesheet\" href=\"/_bulletin/serve.css\"><div id=\"bulletin-build-error\""));
        assert!(out.contains("&lt;bad&gt;"));
        assert!(!out.contains("style="), "no inline style: {out}");
    }

    #[test]
    fn notes_go_after_body_escaped_and_only_when_there_are_some() {
        let page = b"<html><body class=x><p>hi</p></body></html>".to_vec();
        assert_eq!(with_notes(page.clone(), &[]), page);
        let note = |text: &str| super::super::notes::Note {
            text: text.into(),
            fact: (text.into(), jiff::Timestamp::UNIX_EPOCH, 0),
        };
        let notes = [note("a.md: 1 update <b>"), note("b")];
        let out = String::from_utf8(with_notes(page, &notes)).unwrap();
        assert!(
            out.starts_with("<html><body class=x><link rel=\"stylesheet\" href=\"/_bulletin/serve.css\"><div id=\"bulletin-serve-note\" role=\"status\">"),
            "{out}"
        );
        assert!(
            out.contains("\na.md: 1 update &lt;b&gt;\nb</div><p>hi</p>"),
            "{out}"
        );
    }

    #[test]
    fn the_reload_script_is_a_file_at_the_end_of_the_body() {
        let out =
            String::from_utf8(live_page(b"<html><body><p>hi</p></body></html>", None)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>hi</p><script src=\"/_bulletin/livereload.js\" data-event-stream=\"/_bulletin/livereload/event-stream\"></script></body></html>"
        );
    }
}
