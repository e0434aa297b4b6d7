//! What the caller of a render keeps between renders (the [`crate::site::Site`] session owns
//! it, the compiled [`crate::render::Renderer`] stays immutable): `serve` renders again after
//! every save, and most incidents' cards, feed items, API objects and calendar events have not
//! changed. Also the counters of the work a render did.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Per-incident pieces kept between renders with one compiled theme. A new theme or config
/// needs new caches ([`Caches::default`]): what they hold was built with the old ones.
#[derive(Default)]
pub(crate) struct Caches {
    pub(crate) cards: PerIncident<tera::Value>,
    pub(crate) feed_items: PerIncident<Arc<crate::render::feeds::Item>>,
    pub(crate) api_incidents: PerIncident<Arc<serde_json::Value>>,
    pub(crate) calendar_events: PerIncident<Arc<str>>,
    /// By component reference (see `view::catalogue::UptimeCache`).
    pub(crate) uptime_views: PerIncident<tera::Value>,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Caches { .. }")
    }
}

/// How much work the last render did: the build's cost must stay linear in the number of
/// incidents, and tests hold these counts to exact expectations (see `tests/suite/build/work_counts.rs`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Template renders (pages and feed items).
    pub templates: usize,
    /// Incident list cards built.
    pub cards: usize,
    /// Full incident views built (all of an incident's Markdown rendered).
    pub details: usize,
    /// Components' uptime views built (90 days of bars each); the others were kept.
    pub uptime_views: usize,
}

/// Counters behind [`RenderStats`], shared by the threads of one render and reset at its
/// start.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    templates: AtomicUsize,
    cards: AtomicUsize,
    details: AtomicUsize,
    uptime_views: AtomicUsize,
}

impl Counts {
    pub(crate) fn template(&self) {
        self.templates.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn card(&self) {
        self.cards.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn detail(&self) {
        self.details.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn uptime_view(&self) {
        self.uptime_views.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn reset(&self) {
        let all = [
            &self.templates,
            &self.cards,
            &self.details,
            &self.uptime_views,
        ];
        for c in all {
            c.store(0, Ordering::Relaxed);
        }
    }

    /// What the render counted so far.
    pub(crate) fn stats(&self) -> RenderStats {
        RenderStats {
            templates: self.templates.load(Ordering::Relaxed),
            cards: self.cards.load(Ordering::Relaxed),
            details: self.details.load(Ordering::Relaxed),
            uptime_views: self.uptime_views.load(Ordering::Relaxed),
        }
    }
}

/// Values built from one incident, by slug (or from one component, by its reference), each
/// with the cache key (see
/// [`crate::derive::IncidentState::cache_key`]) it was built for. A value is reused only while
/// the key is the same; new [`Caches`] (config or theme changed) start empty.
pub(crate) struct PerIncident<T>(Mutex<HashMap<String, (u64, T)>>);

impl<T> Default for PerIncident<T> {
    fn default() -> Self {
        PerIncident(Mutex::default())
    }
}

impl<T: Clone> PerIncident<T> {
    /// The value for `slug` built for `key`, building (and keeping) it if there is none.
    pub(crate) fn get_or_build<E>(
        &self,
        slug: &str,
        key: u64,
        build: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some((k, value)) = self.0.lock().expect("lock").get(slug)
            && *k == key
        {
            return Ok(value.clone());
        }
        // Built without the lock held: other threads keep using the cache meanwhile.
        let value = build()?;
        self.0
            .lock()
            .expect("lock")
            .insert(slug.to_string(), (key, value.clone()));
        Ok(value)
    }
}

impl<T: Clone> PerIncident<T> {
    /// [`PerIncident::get_or_build`] for values that cannot fail to build.
    pub(crate) fn get_or(&self, slug: &str, key: u64, build: impl FnOnce() -> T) -> T {
        match self.get_or_build(slug, key, || Ok::<T, std::convert::Infallible>(build())) {
            Ok(value) => value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_only_for_the_same_key() {
        let cache = PerIncident::default();
        let mut builds = 0;
        let mut get = |key: u64| {
            cache
                .get_or_build("a", key, || {
                    builds += 1;
                    Ok::<_, ()>(key * 10)
                })
                .unwrap()
        };
        assert_eq!(get(1), 10);
        assert_eq!(get(1), 10);
        assert_eq!(get(2), 20);
        assert_eq!(builds, 2);
    }
}
