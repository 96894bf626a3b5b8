//! Summaries of repeated measurements: the one percentile behind every
//! latency figure and median in the tests, benchmarks and reliability modes.
//!
//! An empty set of measurements has no percentile: [`percentile`] returns
//! `None` for it, and each caller decides what to show (an empty cell, a
//! failed gate) instead of printing a made-up 0 or NaN.

use std::time::Duration;

/// The `p`-th percentile (0–100) of `values` by the nearest-rank method,
/// sorting `values`; `None` when `values` is empty.
///
/// ```
/// let mut ms = vec![3.0, 1.0, 2.0, 4.0];
/// assert_eq!(test_kit::stats::percentile(&mut ms, 50.0), Some(2.0));
/// assert_eq!(test_kit::stats::percentile(&mut ms, 99.0), Some(4.0));
/// assert_eq!(test_kit::stats::percentile(&mut [], 50.0), None);
/// ```
pub fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    Some(values[rank.clamp(1, values.len()) - 1])
}

/// The median of `values` (the nearest-rank 50th percentile, so the lower
/// middle of an even count); `None` when `values` is empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    percentile(values, 50.0)
}

/// Latencies of a batch of operations, and how long the batch took.
#[derive(Default, Clone, Debug)]
pub struct Latencies {
    /// One sample per operation, in seconds.
    pub samples: Vec<f64>,
    /// Wall time of the batches that produced them.
    pub wall: Duration,
}

impl Latencies {
    /// Appends another batch's samples and wall time.
    pub fn extend(&mut self, other: Latencies) {
        self.samples.extend(other.samples);
        self.wall += other.wall;
    }

    /// The `p`-th percentile in microseconds (`None` without samples).
    pub fn us(&mut self, p: f64) -> Option<f64> {
        percentile(&mut self.samples, p).map(|s| s * 1e6)
    }

    /// The `p`-th percentile in milliseconds (`None` without samples).
    pub fn ms(&mut self, p: f64) -> Option<f64> {
        percentile(&mut self.samples, p).map(|s| s * 1e3)
    }

    /// Operations per second of wall time.
    pub fn per_second(&self) -> f64 {
        self.samples.len() as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_table() {
        // (values, p, expected)
        let rows: &[(&[f64], f64, Option<f64>)] = &[
            (&[], 50.0, None),
            (&[], 0.0, None),
            (&[7.0], 0.0, Some(7.0)),
            (&[7.0], 50.0, Some(7.0)),
            (&[7.0], 100.0, Some(7.0)),
            (&[1.0, 2.0], 50.0, Some(1.0)),
            (&[2.0, 1.0, 3.0], 50.0, Some(2.0)),
            (&[4.0, 3.0, 2.0, 1.0], 75.0, Some(3.0)),
            (&[4.0, 3.0, 2.0, 1.0], 76.0, Some(4.0)),
            (&[5.0, 1.0, 4.0, 2.0, 3.0], 0.0, Some(1.0)),
            (&[5.0, 1.0, 4.0, 2.0, 3.0], 100.0, Some(5.0)),
        ];
        for (values, p, expected) in rows {
            let mut v = values.to_vec();
            assert_eq!(percentile(&mut v, *p), *expected, "{values:?} p{p}");
        }
    }

    #[test]
    fn p99_of_a_hundred_is_the_ninety_ninth() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(percentile(&mut v, 99.0), Some(99.0));
        assert_eq!(median(&mut v), Some(50.0));
    }

    #[test]
    fn empty_latencies_have_no_percentile() {
        let mut l = Latencies::default();
        assert_eq!((l.ms(50.0), l.us(99.0)), (None, None));
        assert_eq!(l.per_second(), 0.0);
        l.extend(Latencies {
            samples: vec![0.002, 0.001],
            wall: Duration::from_secs(1),
        });
        assert_eq!(l.ms(50.0), Some(1.0));
        assert_eq!(l.per_second(), 2.0);
    }
}
