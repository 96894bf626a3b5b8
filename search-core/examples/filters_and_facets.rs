//! Filters (language, source, tags, dates) and facet counts.
//!
//! Run: `cargo run -p search-core --example filters_and_facets`

use search_core::{Document, Engine, EngineConfig, Facet, Filter, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::in_memory(EngineConfig::default())?;
    for (id, title, source, tag, date) in [
        ("1", "云计算市场增长", "科技日报", "market", "2026-01-10"),
        (
            "2",
            "Cloud market grows",
            "Cloud Weekly",
            "market",
            "2026-02-10",
        ),
        (
            "3",
            "Chip exports slow",
            "Cloud Weekly",
            "chips",
            "2026-03-10",
        ),
    ] {
        let mut doc = Document::new(id, title, title);
        doc.source = Some(source.into());
        doc.tags = vec![tag.into()];
        doc.published = Some(date.into());
        engine.add(doc)?;
    }
    engine.commit()?;

    let request = SearchRequest {
        q: "market".into(),
        filter: Filter {
            published_from: Some("2026-02-01".into()),
            ..Filter::default()
        },
        facets: vec![Facet::Lang, Facet::Source, Facet::Tags],
        ..SearchRequest::default()
    };
    let response = engine.search(&request)?;
    for hit in &response.hits {
        println!("{} {}", hit.id, hit.title);
    }
    println!("facets over all documents matched: {:?}", response.facets);
    Ok(())
}
