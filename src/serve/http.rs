//! The HTTP side of `serve`: files from the last good build, from memory, with correct content
//! types; live reload injected into HTML; the current build error shown as a banner.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use tower_livereload::{LiveReloadLayer, Reloader};

use super::Shared;

/// The router and the handle that makes open pages reload.
pub(super) fn app(shared: Arc<Shared>) -> (Router, Reloader) {
    let layer = LiveReloadLayer::new().custom_prefix("/_bulletin/livereload");
    let reloader = layer.reloader();
    let app = Router::new()
        .fallback(move |uri: Uri| {
            let shared = Arc::clone(&shared);
            async move { respond(&shared, &uri) }
        })
        .layer(layer);
    (app, reloader)
}

fn respond(shared: &Shared, uri: &Uri) -> Response<Body> {
    let Some(path) = file_path(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let (files, error) = shared.snapshot();
    if let Some(bytes) = files.get(path.as_str()) {
        return file(&path, bytes, error.as_deref(), StatusCode::OK);
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
    match files.get("404.html") {
        Some(bytes) => file("404.html", bytes, error.as_deref(), StatusCode::NOT_FOUND),
        None => match error {
            // No good build yet: show the problem itself.
            Some(text) => html_error(&text),
            None => plain(StatusCode::NOT_FOUND, "not found"),
        },
    }
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

fn file(path: &str, bytes: &[u8], error: Option<&str>, status: StatusCode) -> Response<Body> {
    let kind = content_type(path);
    let body = match error {
        Some(text) if kind.starts_with("text/html") => with_banner(bytes, text),
        _ => bytes.to_vec(),
    };
    let mut response = Response::builder().status(status);
    let mut typed = false;
    // The headers a host reads from `_headers`, from the same table; but never cached: the
    // preview changes with every save, and a reload must fetch the new style.css too.
    for (name, value) in crate::render::headers::for_path(path) {
        match name {
            "Cache-Control" => continue,
            "Content-Type" => typed = true,
            _ => {}
        }
        response = response.header(name, HeaderValue::from_static(value));
    }
    if !typed {
        response = response.header(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    }
    response
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .expect("valid response")
}

const BANNER_STYLE: &str = "position:sticky;top:0;z-index:9999;margin:0;padding:1rem;background:#fde8e7;color:#5c0b07;border-bottom:3px solid #c4231b;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap;max-height:50vh;overflow:auto";

/// The page with the build problem shown at its top (the page itself is the last good one).
fn with_banner(bytes: &[u8], text: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(bytes);
    let banner = format!(
        "<div id=\"bulletin-build-error\" role=\"alert\" style=\"{BANNER_STYLE}\"><strong>Bulletin: the last change has an error; this is the last good version of the page.</strong>\n\n{}</div>",
        escape(text)
    );
    match html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => format!("{}{banner}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{banner}{html}").into_bytes(),
    }
}

fn html_error(text: &str) -> Response<Body> {
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title></head><body><pre id=\"bulletin-build-error\" role=\"alert\" style=\"{BANNER_STYLE}\">{}</pre></body></html>",
        escape(text)
    );
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(page))
        .expect("valid response")
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

    #[test]
    fn content_types_cover_every_output() {
        assert_eq!(content_type("a.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("badges/x.svg"), "image/svg+xml");
        assert_eq!(content_type("api/v2/summary.json"), "application/json");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
    }

    #[test]
    fn banner_goes_after_body_and_is_escaped() {
        let out = String::from_utf8(with_banner(
            b"<html><body class=x><p>hi</p></body></html>",
            "<bad>",
        ))
        .unwrap();
        assert!(out.contains("<body class=x><div id=\"bulletin-build-error\""));
        assert!(out.contains("&lt;bad&gt;"));
    }
}
