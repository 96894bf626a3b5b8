//! Summaries of repeated measurements: one percentile function for every
//! latency figure and median in the harness.

use std::time::Duration;

/// The `p`-th percentile (0–100) of `values` by the nearest-rank method;
/// sorts `values`. NaN for an empty slice.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_unstable_by(f64::total_cmp);
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

/// The median of `values` (nearest rank).
pub fn median(values: &mut [f64]) -> f64 {
    percentile(values, 50.0)
}

/// Latencies of a batch of operations, and how long the batch took.
#[derive(Default, Clone)]
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

    /// The `p`-th percentile in microseconds.
    pub fn us(&mut self, p: f64) -> f64 {
        percentile(&mut self.samples, p) * 1e6
    }

    /// The `p`-th percentile in milliseconds.
    pub fn ms(&mut self, p: f64) -> f64 {
        percentile(&mut self.samples, p) * 1e3
    }

    /// Operations per second of wall time.
    pub fn per_second(&self) -> f64 {
        self.samples.len() as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}
