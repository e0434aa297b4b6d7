//! A cache of values built per incident (or per component), reused while what they were built
//! from is unchanged: the container the caches of `reuse.rs` and the views' uptime cache are
//! made of. Apart from `reuse.rs`, which names what a render caches (cards among them), so
//! that the views can use the container without importing the caches.

use std::collections::HashMap;
use std::sync::Mutex;

/// Values built from one incident, by slug (or from one component, by its reference), each
/// with the cache key (see
/// [`crate::derive::IncidentState::cache_key`]) it was built for. A value is reused only while
/// the key is the same; new [`crate::render::Caches`] (config or theme changed) start empty.
pub(crate) struct PerIncident<T> {
    values: Mutex<HashMap<String, (u64, T)>>,
    /// Whether built values are kept for the next render.
    pub(crate) keep: bool,
}

impl<T> Default for PerIncident<T> {
    fn default() -> Self {
        PerIncident {
            values: Mutex::default(),
            keep: true,
        }
    }
}

impl<T> PerIncident<T> {
    /// A cache that never keeps what is built.
    pub(crate) fn not_kept() -> Self {
        PerIncident {
            values: Mutex::default(),
            keep: false,
        }
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
        if !self.keep {
            return build();
        }
        if let Some((k, value)) = self.values.lock().expect("lock").get(slug)
            && *k == key
        {
            return Ok(value.clone());
        }
        // Built without the lock held: other threads keep using the cache meanwhile.
        let value = build()?;
        self.values
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

    #[test]
    fn a_cache_not_kept_holds_nothing() {
        let cache = PerIncident::not_kept();
        let value = std::sync::Arc::new(1);
        let got = cache.get_or("a", 1, || std::sync::Arc::clone(&value));
        assert_eq!(
            std::sync::Arc::strong_count(&got),
            2,
            "no copy left in the cache"
        );
        assert!(cache.values.lock().unwrap().is_empty());
    }
}
