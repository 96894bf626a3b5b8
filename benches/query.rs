//! Criterion benches of the query path with snippets, for before/after
//! comparisons of a change: `cargo bench --bench query`.
//!
//! An in-memory index of the XQuAD corpus repeated 10 times (4,800
//! documents); each iteration runs 100 XQuAD queries (50 English, 50
//! Chinese, each filtered to its language) for 10 hits with highlighted
//! titles and snippets. Throughput is in bytes of query text. The plain
//! tantivy + tantivy-jieba index of the same documents is the reference.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use search_core::{Engine, EngineConfig, SearchRequest};

use test_kit::{baseline, data};

fn main() -> test_kit::Result<()> {
    let Some(collection) = data::load(data::DEFAULT_COLLECTION.as_ref(), None, "query bench")?
    else {
        return Ok(());
    };
    let docs: Vec<_> = data::replicate(&collection.docs, collection.docs.len() * 10).collect();
    let engine = Engine::in_memory(EngineConfig::default()).expect("engine");
    engine.add_documents(docs.iter().cloned()).expect("add");
    engine.commit().expect("commit");
    let base = baseline::Baseline::create(None, baseline::Tokenizer::Jieba).expect("baseline");
    let mut writer = base.writer(1, 64 << 20).expect("writer");
    for d in &docs {
        writer.add_document(base.document(d)).expect("add");
    }
    writer.commit().expect("commit");
    let reader = base.reader().expect("reader");
    let searcher = reader.searcher();

    let pick = |lang: &str| {
        let all: Vec<_> = collection
            .queries
            .iter()
            .filter(|q| q.lang == lang)
            .collect();
        let step = (all.len() / 50).max(1);
        all.into_iter().step_by(step).take(50).collect::<Vec<_>>()
    };
    let queries: Vec<_> = pick("en").into_iter().chain(pick("zh")).collect();
    let bytes: u64 = queries.iter().map(|q| q.text.len() as u64).sum();

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("query/snippets");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("bilingual-search", |b| {
        b.iter(|| {
            for q in &queries {
                let request = SearchRequest {
                    q: q.text.clone(),
                    lang: Some(q.lang.clone()),
                    ..SearchRequest::default()
                };
                black_box(engine.search(&request).expect("search"));
            }
        })
    });
    group.bench_function("tantivy-jieba", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(
                    base.search(&searcher, &q.text, Some(&q.lang), 10, true)
                        .expect("search"),
                );
            }
        })
    });
    group.finish();
    c.final_summary();
    Ok(())
}
