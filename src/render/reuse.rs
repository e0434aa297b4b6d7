//! What a renderer keeps between renders: `serve` renders again after every save, and most
//! incidents' cards, feed items, API objects and calendar events have not changed.

use std::collections::HashMap;
use std::sync::Mutex;

/// Values built from one incident, by slug, each with the cache key (see
/// [`crate::derive::IncidentState::cache_key`]) it was built for. A value is reused only while
/// the key is the same; a new renderer (config or theme changed) starts empty.
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
