//! Criterion benches of the analyzer, in MB/s (`Throughput::Bytes`), for
//! before/after comparisons of a change:
//! `cargo bench --bench analysis [-- FILTER] [--save-baseline NAME | --baseline NAME]`.
//!
//! Each iteration analyses every XQuAD document of a language
//! (`title\nbody`); raw jieba-rs `cut` on the same Chinese text is the
//! reference. The `harness` bench's `analysis` mode gives the same figures
//! as one table with ratios.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use jieba_rs::Jieba;
use search_core::analysis::Analyzer;

use test_kit::data;

fn main() -> test_kit::Result<()> {
    let Some(collection) = data::load(data::DEFAULT_COLLECTION.as_ref(), None, "analysis bench")?
    else {
        return Ok(());
    };
    let analyzer = Analyzer::default();
    analyzer.analyze("預熱");
    let jieba = Jieba::new();

    let mut c = Criterion::default().configure_from_args();
    for (name, set) in &data::analysis_sets(&collection.docs) {
        let mut group = c.benchmark_group(format!("analysis/{name}"));
        group.throughput(Throughput::Bytes(set.iter().map(|t| t.len() as u64).sum()));
        group.bench_function("for_each_token", |b| {
            b.iter(|| {
                let mut n = 0;
                for t in set {
                    analyzer.for_each_token(black_box(t), |_, _, _, _, _| n += 1);
                }
                n
            })
        });
        group.bench_function("analyze", |b| {
            b.iter(|| {
                set.iter()
                    .map(|t| analyzer.analyze(black_box(t)).len())
                    .sum::<usize>()
            })
        });
        if *name == "zh" {
            group.bench_function("jieba_cut", |b| {
                b.iter(|| {
                    set.iter()
                        .map(|t| jieba.cut(black_box(t), true).len())
                        .sum::<usize>()
                })
            });
        }
        group.finish();
    }
    c.final_summary();
    Ok(())
}
