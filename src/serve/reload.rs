//! Live reload: the script `serve` adds to every page, the event stream it listens to, and a
//! cap on how many such streams may be open at once.
//!
//! tower-livereload serves the event stream and wakes it on each rebuild; its own inline
//! script is not used, because the pages' Content-Security-Policy runs no inline script:
//! [`RELOAD_JS`] is served as a file of `serve`'s own, under [`PREFIX`], with the banner's
//! style sheet.
//!
//! Each open stream holds a connection (a file descriptor) for as long as the page is open,
//! and the header-read timeout does not end it (its request is complete). Without a cap,
//! about 20,000 of them exhausted the process's descriptors until they closed. Beyond
//! [`MAX_STREAMS`] a request for the stream gets a quick `503` and its connection is closed;
//! that page simply does not reload by itself (its script does not retry a refused stream).

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_livereload::{LiveReloadLayer, Reloader};

/// Where `serve`'s own files and the event stream are: a name no site file has.
pub(super) const PREFIX: &str = "/_bulletin";
/// The event stream, as tower-livereload serves it under [`PREFIX`].
const STREAM: &str = "/_bulletin/livereload/event-stream";
/// The script's address and text.
pub(super) const RELOAD_URL: &str = "/_bulletin/livereload.js";
pub(super) const RELOAD_JS: &str = include_str!("reload.js");
/// The banner's style sheet: address and text.
pub(super) const BANNER_CSS_URL: &str = "/_bulletin/serve.css";
pub(super) const BANNER_CSS: &str = include_str!("serve.css");

/// How many pages may listen for reloads at once: far more than the tabs one person keeps open.
pub(super) const MAX_STREAMS: usize = 64;

/// For tests only: another cap than [`MAX_STREAMS`], so a test of the cap need not open 65
/// streams. Not a user setting.
pub(super) const TEST_CAP_ENV: &str = "BULLETIN_TEST_LIVE_RELOAD_CAP";

/// The `<script>` tag that makes a page reload on rebuilds.
pub(super) fn script_tag() -> String {
    format!("<script src=\"{RELOAD_URL}\" data-event-stream=\"{STREAM}\"></script>")
}

/// The request predicate that asks tower-livereload to inject its script into no response.
pub(super) type Never = fn(&Request) -> bool;

/// The layer that serves the event stream, without its inline script, and the handle that
/// makes open pages reload.
pub(super) fn layer() -> (LiveReloadLayer<Never>, Reloader) {
    let never: Never = |_| false;
    let layer = LiveReloadLayer::new()
        .custom_prefix(format!("{PREFIX}/livereload"))
        .request_predicate(never);
    let reloader = layer.reloader();
    (layer, reloader)
}

/// The cap in force: [`MAX_STREAMS`] unless a test set [`TEST_CAP_ENV`].
pub(super) fn streams() -> Arc<Semaphore> {
    let cap = std::env::var(TEST_CAP_ENV)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(MAX_STREAMS);
    Arc::new(Semaphore::new(cap))
}

/// Middleware: a request for the event stream takes one of the `streams`, held until its
/// response ends (the page closes); none left, a quick `503` that closes the connection.
pub(super) async fn capped(
    State(streams): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path() != STREAM {
        return next.run(request).await;
    }
    let Ok(permit) = streams.try_acquire_owned() else {
        return Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .header(header::CONNECTION, "close")
            .body(Body::from(
                "bulletin serve: too many pages are listening for reloads; close some and reload this one\n",
            ))
            .expect("valid response");
    };
    next.run(request).await.map(|body| {
        Body::new(Held {
            body,
            _permit: permit,
        })
    })
}

/// A response body that holds a stream's permit until hyper drops it: when the stream ends or
/// its connection closes.
struct Held {
    body: Body,
    _permit: OwnedSemaphorePermit,
}

impl http_body::Body for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
