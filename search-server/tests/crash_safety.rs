//! Crash safety: the real server is killed with SIGKILL at random moments
//! while a second thread posts documents, and restarted on the same
//! directory; every acknowledged document must be found by id and by
//! search, and the index must open without repair. The rounds are
//! `test_kit::crash::kill_rounds`, which the harness's `crash` mode runs
//! with 20 kills or more (`cargo bench --bench harness -- crash`); here a
//! few.

use std::path::Path;
use std::time::{Duration, Instant};

use test_kit::crash;

#[test]
fn acknowledged_documents_survive_sigkill() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = crash::clock_seed();
    let rounds = crash::Rounds {
        kills: 3,
        max_run: Duration::from_millis(1500),
        seed,
    };
    let started = Instant::now();
    let outcome = crash::kill_rounds(
        Path::new(env!("CARGO_BIN_EXE_search-server")),
        &tmp.path().join("index"),
        &rounds,
    )
    .unwrap();
    eprintln!("seed {seed}: {outcome:?} in {:?}", started.elapsed());
    assert!(outcome.passed(), "seed {seed}: {outcome:#?}");
    assert_eq!(outcome.kills, 3, "seed {seed}: {outcome:#?}");
    // Writes really happened between the kills, so there was something to lose.
    assert!(outcome.acknowledged > 0, "seed {seed}: {outcome:#?}");
}
