//! Component references resolved against the catalogue: an incident names `product` or
//! `product/feature` once, in its front matter; from loading on, every stage holds a
//! [`ComponentRef`] (two indexes) instead of re-splitting and re-joining the string.

use super::Config;

/// A component of the catalogue: a product, or one of its features.
///
/// Ordered as the catalogue lists them (a product, then its features), so sorting refs sorts
/// them as the front page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentRef {
    /// Index into [`Config::products`].
    pub product: usize,
    /// Index into that product's features; `None` for the product itself.
    pub feature: Option<usize>,
}

impl ComponentRef {
    /// The product itself.
    pub(crate) fn product(product: usize) -> ComponentRef {
        ComponentRef {
            product,
            feature: None,
        }
    }

    /// Whether a status written for `self` also shows on `other`: a product's status shows on
    /// each of its features, a feature's on its product.
    pub(crate) fn touches(self, other: ComponentRef) -> bool {
        self.product == other.product
            && (self.feature.is_none() || other.feature.is_none() || self.feature == other.feature)
    }
}

impl Config {
    /// Every component in catalogue order: each product followed by its features.
    pub(crate) fn components(&self) -> impl Iterator<Item = ComponentRef> + '_ {
        self.products.iter().enumerate().flat_map(|(pi, p)| {
            std::iter::once(ComponentRef::product(pi)).chain((0..p.features.len()).map(move |fi| {
                ComponentRef {
                    product: pi,
                    feature: Some(fi),
                }
            }))
        })
    }

    /// The component `reference` (`product` or `product/feature`) names, if it is in the
    /// catalogue.
    pub fn resolve(&self, reference: &str) -> Option<ComponentRef> {
        let (product, feature) = match reference.split_once('/') {
            Some((p, f)) => (p, Some(f)),
            None => (reference, None),
        };
        let pi = self.products.iter().position(|p| p.id == product)?;
        let feature = match feature {
            None => None,
            Some(f) => Some(self.products[pi].features.iter().position(|x| x.id == f)?),
        };
        Some(ComponentRef {
            product: pi,
            feature,
        })
    }

    /// How a component is written: `product` or `product/feature`.
    pub(crate) fn reference(&self, c: ComponentRef) -> String {
        let p = &self.products[c.product];
        match c.feature {
            Some(fi) => format!("{}/{}", p.id, p.features[fi].id),
            None => p.id.clone(),
        }
    }

    /// The component's own name: a feature's without its product's.
    pub(crate) fn own_name(&self, c: ComponentRef) -> &str {
        let p = &self.products[c.product];
        c.feature.map_or(&p.name, |fi| &p.features[fi].name)
    }

    /// The component's full name: "Product" or "Product · Feature" (only "QQ 邮箱" when the
    /// feature's name already says its product's: see [`super::Product::feature_label`]).
    pub(crate) fn full_name(&self, c: ComponentRef) -> String {
        let p = &self.products[c.product];
        match c.feature {
            Some(fi) => p.feature_label(fi, " · "),
            None => p.name.clone(),
        }
    }

    /// A component of this site to show in hints (its first feature, else its first
    /// product): an example from another site's catalogue would not check here.
    pub(crate) fn example_component(&self) -> String {
        self.component_refs()
            .find(|r| r.contains('/'))
            .or_else(|| self.component_refs().next())
            .unwrap_or_else(|| "product/feature".into())
    }

    /// Every valid component reference as written, for hints.
    pub(crate) fn component_refs(&self) -> impl Iterator<Item = String> + '_ {
        self.components().map(|c| self.reference(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_is_product_wide_only_for_the_product() {
        let product = ComponentRef::product(0);
        let login = ComponentRef {
            product: 0,
            feature: Some(0),
        };
        let pay = ComponentRef {
            product: 0,
            feature: Some(1),
        };
        let other = ComponentRef::product(1);
        assert!(product.touches(login) && login.touches(product));
        assert!(!login.touches(pay));
        assert!(!product.touches(other));
    }
}
