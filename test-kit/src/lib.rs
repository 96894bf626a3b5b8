//! test-kit: the plumbing that the tests, the benchmarks and the reliability
//! modes share, written once.
//!
//! Integration tests of `search-server` (its `tests/`), the root package's
//! benchmarks (`benches/`) and the fuzz targets (`fuzz/`) all reach the
//! server, the data and the statistics through this crate, so that a fix to
//! a launcher, a client or a percentile reaches every caller at once.
//!
//! - [`server`]: the one launcher of the real `search-server` binary (start
//!   on a free port, wait for `listening on`, log, SIGTERM, SIGKILL), and
//!   running its other commands to completion.
//! - [`client`]: the one HTTP client (hyper), blocking for tests and the
//!   crash driver, asynchronous for load generators.
//! - [`reply`]: an answer read whole, from a socket or in-process.
//! - [`inproc`]: the app over an in-memory engine, driven with
//!   `tower::ServiceExt::oneshot`.
//! - [`crash`]: the SIGKILL rounds of the crash-safety test and the
//!   harness's `crash` mode.
//! - [`stats`]: the one percentile and median.
//! - [`data`]: test collections in the `../shared/eval` format.
//! - [`baseline`]: the plain tantivy index the benchmarks compare against.
//! - [`fuzz`]: what the fuzz targets check, also run by `cargo test`.
//!
//! Without the default `http` feature only [`stats`], [`data`], [`fuzz`] and
//! [`error`] are built: that is what the fuzz crate uses.
//!
//! Functions meant to fail a test (the in-process helpers, [`Reply::json`]
//! and its kin) panic with a message naming the request, as an assertion
//! does; everything the harness uses returns [`Result`].

#[cfg(feature = "baseline")]
pub mod baseline;
#[cfg(feature = "http")]
pub mod client;
#[cfg(feature = "http")]
pub mod crash;
pub mod data;
pub mod error;
pub mod fuzz;
#[cfg(feature = "http")]
pub mod inproc;
#[cfg(feature = "http")]
pub mod reply;
#[cfg(feature = "http")]
pub mod server;
pub mod stats;

#[cfg(feature = "http")]
pub use client::{encode, Client, Request};
pub use error::{Error, Result};
#[cfg(feature = "http")]
pub use reply::Reply;
#[cfg(feature = "http")]
pub use server::{Launch, Server};

use search_core::EngineConfig;

/// Engine settings small enough for many engines in one test process: one
/// writer thread with a 15 MB budget.
pub fn small_engine_config() -> EngineConfig {
    EngineConfig {
        writer_threads: 1,
        writer_memory_per_thread: 15 << 20,
        ..EngineConfig::default()
    }
}
