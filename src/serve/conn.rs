//! Accepting connections with time limits.
//!
//! `axum::serve` gives hyper no timer, so a client that opens a connection and sends nothing,
//! or half a request line, holds it (and a task) forever. This small accept loop serves the
//! same router through hyper-util with a timer and a header-read timeout: hyper starts it
//! whenever it waits for a request — on a new connection and again after each response on a
//! kept-alive one — and closes the connection when the whole request head has not arrived in
//! time. So the one limit bounds both a slow or half-sent request and an idle keep-alive
//! connection. A request whose head has arrived is not limited: live reload's long poll waits
//! as long as it needs.
//!
//! Ctrl-C stops accepting, lets in-flight responses finish and closes idle connections; a long
//! poll that is still open after [`SHUTDOWN_GRACE`] is dropped so the process always exits.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a client has to send a request head, from when the server starts waiting for it
/// (connection opened, or previous response sent on a kept-alive connection).
pub(super) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// For tests only: the header-read timeout in milliseconds, so a test of the limit need not
/// wait for the real one. Not a user setting.
pub(super) const TEST_TIMEOUT_ENV: &str = "BULLETIN_TEST_HEADER_TIMEOUT_MS";

/// How long Ctrl-C waits for open responses (a browser's live-reload poll) before exiting.
pub(super) const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The header-read timeout in force: [`HEADER_READ_TIMEOUT`] unless a test set
/// [`TEST_TIMEOUT_ENV`].
fn header_read_timeout() -> Duration {
    std::env::var(TEST_TIMEOUT_ENV)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(HEADER_READ_TIMEOUT, Duration::from_millis)
}

/// Serves `app` on `listener` until `shutdown` completes, then shuts down gracefully.
pub(super) async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout());
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin (as axum does).
                    if !is_connection_error(&e) {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        // A connection closed by the timeout or by the client is not an error worth showing.
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// Errors of one incoming connection (not of the listener): skip it and accept the next.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}
