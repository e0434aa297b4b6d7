//! `bulletin serve`: build into memory, serve over HTTP on loopback, watch the sources, rebuild
//! incrementally and reload open browsers.
//!
//! A broken edit never blanks the page: the last good build keeps being served, the problem is
//! printed in the terminal and shown in the browser as a banner, and fixing the file clears it.
//! Built on the same [`crate::site::Site`] session as `bulletin build`, kept alive by
//! [`live`] (which builds without the `serve` feature too, for the benchmark and tests).
//!
//! - [`watch`]: the sources are watched under the root's canonical path (a `--root` reached
//!   through a symbolic link rebuilds like any other), debounced, and rebuilt incrementally.
//! - [`conn`]: connections are served with a header-read timeout (10 s), so a client that
//!   sends nothing, half a request or nothing more on a kept-alive connection is disconnected;
//!   Ctrl-C shuts down gracefully.
//! - [`http`]: the responses, from memory, with the error banner when a rebuild failed, and
//!   the headers of `_headers` (the Content-Security-Policy among them).
//! - [`reload`]: live reload's script and event stream, and a cap on how many streams are
//!   open at once.

//! - [`live`]: the site in memory, re-rendering only what a change touches.
//! - [`notes`]: what the page does not show yet (entries dated ahead) or promised and let
//!   pass (a next update), printed and shown in a note at the top of every page.

#[cfg(feature = "serve")]
mod conn;
#[cfg(feature = "serve")]
mod http;
pub mod live;
pub mod notes;
#[cfg(feature = "serve")]
mod reload;
#[cfg(feature = "serve")]
mod watch;

#[cfg(feature = "serve")]
pub use server::{ServeOptions, Shared, run};

/// The HTTP side (feature `serve`).
#[cfg(feature = "serve")]
mod server {
    use std::net::{IpAddr, SocketAddr};
    use std::sync::{Arc, RwLock};

    use super::live::{Files, LiveSite};
    use super::notes::Note;
    use super::{conn, http, watch};
    use crate::build::Options;
    use crate::diagnostics::Diagnostics;
    use crate::diagnostics::report;
    use crate::render::headers::Policy;

    /// Where and how to serve.
    #[derive(Debug, Clone)]
    pub struct ServeOptions {
        pub build: Options,
        pub bind: IpAddr,
        /// 0 picks a free port.
        pub port: u16,
        /// Open the site in the default browser once it is up.
        pub open: bool,
    }

    /// What the HTTP side reads: the last good output, the current problem, if any, and the
    /// site's Content-Security-Policy (from its config). They are replaced together, so no
    /// request sees a new page with an old error or the reverse.
    #[derive(Default)]
    pub struct Shared {
        state: RwLock<(Files, Option<String>, Arc<Policy>)>,
        /// The last good build's notes ([`super::notes`]), shown at the top of every page.
        notes: RwLock<Arc<[Note]>>,
    }

    impl Shared {
        /// The last good output, the current build problem (as plain text for a banner) and
        /// the policy of the site that output is of.
        pub(super) fn snapshot(&self) -> (Files, Option<String>, Arc<Policy>) {
            self.state.read().expect("lock").clone()
        }

        /// Serves `site`'s last good output from now on. Returns its notes when they differ
        /// from the ones served until now.
        pub(super) fn publish(&self, site: &LiveSite) -> Option<Arc<[Note]>> {
            let policy = Arc::new(Policy::of(site.config()));
            *self.state.write().expect("lock") = (site.files(), None, policy);
            let mut notes = self.notes.write().expect("lock");
            let facts = |n: &[Note]| n.iter().map(|n| n.fact.clone()).collect::<Vec<_>>();
            let changed = facts(&notes) != facts(site.notes());
            *notes = site.notes().into();
            changed.then(|| Arc::clone(&notes))
        }

        /// The notes of the output served.
        pub(super) fn notes(&self) -> Arc<[Note]> {
            Arc::clone(&self.notes.read().expect("lock"))
        }

        /// Records a failed build and returns its errors as text, for the terminal too. Errors
        /// only: the warnings were there before and would bury them.
        pub(super) fn fail(&self, diagnostics: &Diagnostics, root: &std::path::Path) -> String {
            let list: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            let text = report::render(&list, report::Format::Human, root, false);
            self.state.write().expect("lock").1 = Some(text.clone());
            text
        }
    }

    /// Runs the server until Ctrl-C. Returns an error message when it cannot start.
    pub fn run(options: ServeOptions) -> Result<(), String> {
        let shared = Arc::new(Shared::default());
        let root = options.build.root.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
                    .await
                    .map_err(|e| {
                        format!("cannot listen on {}:{}: {e}", options.bind, options.port)
                    })?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            let url = format!("http://{addr}/");
            let (app, reloader) = http::app(Arc::clone(&shared));
            // Watching starts before the first build, so no change made while it runs is missed,
            // and the address is announced only once both are done.
            let _watcher = watch::start(options.build.clone(), Arc::clone(&shared), reloader)?;
            crate::outln!(
                "Serving {} on {url} (Ctrl-C to stop)",
                crate::build::display_path(&root)
            );
            if options.open {
                open_browser(&url);
            }
            conn::serve(listener, app, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await;
            crate::outln!("Stopped.");
            Ok(())
        })
    }

    fn open_browser(url: &str) {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener).arg(url).spawn().is_err() {
            crate::errln!("could not open a browser; visit {url}");
        }
    }
}
