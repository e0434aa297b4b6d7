//! The pages' Content-Security-Policy and how each page may be framed (see the table in
//! [`super`]).

use crate::config::Config;

/// Whether other sites may show a page in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// Every page but the embed: framing by another site enables clickjacking and lends the
    /// page to a look-alike.
    Never,
    /// `embed.html`, which other sites show in an iframe.
    Anyone,
}

/// The site's Content-Security-Policy, in its two forms: for pages no other site may frame,
/// and for the embed (also the form of the `<meta>` tag). Everything comes from the site
/// itself (`'self'`): its style sheet, `bulletin.js`, the API it polls. Images may also be
/// `data:` URLs, come from the hosts of a `logo` or `favicon` given as a URL, and from any
/// https host when the site sets `allow_remote_images` (else incident text cannot show one:
/// [`crate::markdown`] turns remote images into links). No inline script or style, no
/// plugins, no `<base>`, no forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Policy {
    /// For pages no other site may frame.
    unframed: String,
    /// For `embed.html`.
    framed: String,
}

impl Policy {
    /// The policy of `config`'s site.
    pub(crate) fn of(config: &Config) -> Policy {
        let assets = [&config.logo, &config.favicon].into_iter().flatten();
        Policy::new(config.allow_remote_images, assets.map(String::as_str))
    }

    /// The policy of a site that allows remote images in incident text or not, and whose
    /// logo and favicon are `assets` (files of the site or URLs).
    fn new<'a>(remote_images: bool, assets: impl IntoIterator<Item = &'a str>) -> Policy {
        let mut images = vec!["'self'".to_string(), "data:".to_string()];
        if remote_images {
            images.push("https:".into());
        }
        for asset in assets {
            let Ok(url) = url::Url::parse(asset) else {
                continue;
            };
            // The origin's ASCII form: no space or `;` can reach the policy from the value.
            let origin = url.origin().ascii_serialization();
            let covered = remote_images && url.scheme() == "https";
            if url.has_host() && !covered && !images.contains(&origin) {
                images.push(origin);
            }
        }
        Policy::with_images(&images.join(" "))
    }

    /// The policy whose `img-src` is `images`.
    fn with_images(images: &str) -> Policy {
        let framed = format!(
            "default-src 'self'; img-src {images}; object-src 'none'; base-uri 'none'; form-action 'none'"
        );
        Policy {
            unframed: format!("{framed}; frame-ancestors 'none'"),
            framed,
        }
    }

    /// The policy for `<meta http-equiv>` in every page, for hosts that send no headers:
    /// all of it but `frame-ancestors`, which browsers ignore there.
    pub(crate) fn meta(&self) -> &str {
        &self.framed
    }

    /// The headers a page with `framing` gets from the policy. `X-Frame-Options` says
    /// `frame-ancestors 'none'` to browsers that predate it.
    pub(super) fn headers(&self, framing: Framing) -> Vec<(&'static str, &str)> {
        match framing {
            Framing::Never => vec![
                ("Content-Security-Policy", self.unframed.as_str()),
                ("X-Frame-Options", "DENY"),
            ],
            Framing::Anyone => vec![("Content-Security-Policy", self.framed.as_str())],
        }
    }
}

impl Default for Policy {
    /// The policy of a site with no remote images.
    fn default() -> Policy {
        Policy::new(false, [])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_come_from_the_site_unless_it_allows_more() {
        let img = |p: &Policy| {
            let csp = p.meta().to_string();
            let start = csp.find("img-src ").unwrap() + 8;
            csp[start..].split(';').next().unwrap().to_string()
        };
        assert_eq!(img(&Policy::default()), "'self' data:");
        assert_eq!(img(&Policy::new(true, [])), "'self' data: https:");
        let assets = ["https://cdn.example.com/logo.svg", "favicon.ico"];
        assert_eq!(
            img(&Policy::new(false, assets)),
            "'self' data: https://cdn.example.com"
        );
        assert_eq!(img(&Policy::new(true, assets)), "'self' data: https:");
        // A value cannot smuggle a directive in: only the origin's ASCII form is used.
        let odd = [
            "http://x.example:8080/a;script-src *",
            "https://ünï.example/a b",
        ];
        assert_eq!(
            img(&Policy::new(false, odd)),
            "'self' data: http://x.example:8080 https://xn--n-nga1b.example"
        );
    }
}
