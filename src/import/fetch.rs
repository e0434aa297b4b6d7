//! Fetching a Statuspage page's documents over HTTP(S) (default cargo feature
//! `import-fetch`, with `ureq`): every request has a timeout, and every failure says what
//! happened (the HTTP status, no answer in time, not JSON, not a Statuspage document).
//! All documents are fetched before anything is written, so a failure writes nothing.

use std::time::Duration;

use super::read::MAX_BYTES;
use super::statuspage::{DOCUMENTS, Source};
use crate::diagnostics::{Code, Diagnostic};

/// The page's base URL from what was given: `https://status.example.com`, with or without
/// a trailing `/`, `/api/v2` or a document's name.
pub(crate) fn base_of(url: &str) -> String {
    let mut base = url.trim().trim_end_matches('/').to_string();
    for doc in DOCUMENTS {
        if let Some(b) = base.strip_suffix(&format!("/{doc}")) {
            base = b.to_string();
        }
    }
    base.trim_end_matches("/api/v2")
        .trim_end_matches('/')
        .to_string()
}

/// Fetches the four documents from `<base>/api/v2/`, each within `timeout`.
pub fn fetch(url: &str, timeout: Duration) -> Result<Source, Diagnostic> {
    let base = base_of(url);
    let agent: ureq::Agent = crate::http_client::config(timeout)
        // Redirects are followed here, by hand, so that one to another scheme (`file://`)
        // is reported as what it is rather than as "too many redirects".
        .max_redirects(0)
        .max_redirects_will_error(false)
        .build()
        .into();
    let mut source = Source::default();
    for doc in DOCUMENTS {
        let url = format!("{base}/api/v2/{doc}");
        let bytes = get(&agent, &url, timeout)?;
        source.add(&url, &bytes)?;
    }
    Ok(source)
}

/// One GET: the body of a 2xx answer, else an error naming the URL and what went wrong.
fn get(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<Vec<u8>, Diagnostic> {
    let failed = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => Diagnostic::access(
            Code::ImportTimeout,
            url,
            format!("no complete answer within {:.1} s", timeout.as_secs_f64()),
        )
        .hint("try again, or allow longer with --timeout SECONDS"),
        other => Diagnostic::access(Code::ImportFetch, url, format!("cannot fetch: {other}")).hint(
            "check the address and your connection; a saved folder of the JSON files works too",
        ),
    };
    let mut response = agent.get(url).call().map_err(failed)?;
    let mut at = url.to_string();
    for _ in 0..MAX_REDIRECTS {
        if !response.status().is_redirection() {
            break;
        }
        at = redirect_target(&at, &response)?;
        response = agent.get(&at).call().map_err(failed)?;
    }
    let status = response.status();
    if status.is_redirection() {
        return Err(Diagnostic::access(
            Code::ImportFetch,
            url,
            format!("more than {MAX_REDIRECTS} redirects (the last to {at})"),
        )
        .hint("give the address the page finally answers at"));
    }
    if !status.is_success() {
        return Err(Diagnostic::access(
            Code::ImportHttpStatus,
            url,
            format!("HTTP {status} (expected 200 with the page's JSON)"),
        )
        .hint("is this a Statuspage page? Its documents are at <base>/api/v2/summary.json; give the base URL"));
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(failed)
}

/// How many redirects a document may go through (browsers allow about 20; a status page
/// needs one or two).
const MAX_REDIRECTS: usize = 10;

/// Where a redirect from `from` leads: its `Location`, resolved against `from`; refused unless
/// it is http(s).
fn redirect_target(
    from: &str,
    response: &ureq::http::Response<ureq::Body>,
) -> Result<String, Diagnostic> {
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("");
    let target = url::Url::parse(from).and_then(|base| base.join(location));
    match target {
        Ok(t) if crate::urls::web::is_web_scheme(t.scheme()) => Ok(t.to_string()),
        Ok(t) => Err(Diagnostic::access(
            Code::ImportRedirect,
            from,
            format!(
                "redirected (HTTP {}) to {}, a {}: address, not http(s): not followed",
                response.status().as_u16(),
                crate::text::escape_unsafe(t.as_str()),
                crate::text::escape_unsafe(t.scheme())
            ),
        )
        .hint("a page's documents are fetched over http(s) only; give the page's real address, or save its documents into a folder")),
        Err(e) => Err(Diagnostic::access(
            Code::ImportRedirect,
            from,
            format!(
                "redirected (HTTP {}) to '{}', which is not an address ({e})",
                response.status().as_u16(),
                crate::text::escape_unsafe(location)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::base_of;

    #[test]
    fn base_urls() {
        for given in [
            "https://status.example.com",
            "https://status.example.com/",
            "https://status.example.com/api/v2",
            "https://status.example.com/api/v2/summary.json",
        ] {
            assert_eq!(base_of(given), "https://status.example.com", "{given}");
        }
    }
}
