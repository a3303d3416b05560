//! Synthetic data for benchmarks and impact reports: deterministic for a seed, no randomness
//! source inside (a small SplitMix64 is driven by the seed the caller passes).

use crate::catalogue::doc::CatalogueDoc;
use crate::model::RiskLevel;

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0; 0 gives 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // 53 random bits, exactly representable
        let x = (self.next_u64() >> 11) as f64;
        x / (1u64 << 53) as f64
    }
}

/// A stable bucket in `0..buckets` for a seed (experiment assignment); 0 buckets gives 0.
pub fn bucket(seed: u64, buckets: u32) -> u32 {
    u32::try_from(SplitMix64::new(seed).below(u64::from(buckets))).unwrap_or(0)
}

/// A catalogue of `n` products grown from `base`: the base products keep their ids (so the
/// cross-sell rules still resolve), the rest are variants with new ids, shifted risk levels,
/// propensities and the base product's eligibility rule.
pub fn grow_catalogue(base: &CatalogueDoc, n: usize, seed: u64) -> CatalogueDoc {
    let mut doc = base.clone();
    let originals = base.products.clone();
    if originals.is_empty() {
        return doc;
    }
    let mut rng = SplitMix64::new(seed);
    let mut i = 0usize;
    while doc.products.len() < n {
        let Some(src) = originals.get(i % originals.len()) else {
            break;
        };
        let mut p = src.clone();
        p.id = format!("{}-v{}", src.id, i);
        if let Some(l) = p.risk_level {
            let shift = i64::try_from(rng.below(3)).unwrap_or(0) - 1;
            // A principal-guaranteed product stays at or below R2 (the loader refuses more).
            let cap = if p.principal_guaranteed { 2 } else { 5 };
            p.risk_level = Some(RiskLevel::from_rank((i64::from(l.rank()) + shift).min(cap)));
        }
        p.propensity.base = (rng.unit() * 0.2).min(1.0);
        p.business_value = 0.5 + rng.unit() * 2.0;
        doc.products.push(p);
        i += 1;
    }
    doc.tests.clear();
    doc.catalogue_version = format!("{}+synthetic-{n}", base.catalogue_version);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let u = SplitMix64::new(1).unit();
        assert!((0.0..1.0).contains(&u));
    }
}
