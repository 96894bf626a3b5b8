//! Index three articles in a temporary directory and search them.
//!
//! Run: `cargo run -p search-core --example basic_search -- 云计算`

use search_core::{Document, Engine, EngineConfig, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let query = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "云计算".to_string());
    let dir = tempfile::tempdir()?;
    let engine = Engine::open_or_create(dir.path(), EngineConfig::default())?;
    engine.add_documents([
        Document::new(
            "a",
            "阿里云扩建数据中心",
            "阿里云宣布在东南亚新建云计算数据中心。",
        ),
        Document::new(
            "b",
            "AWS outage",
            "An outage in Singapore hit cloud customers.",
        ),
        Document::new(
            "c",
            "Cloud prices fall 云价格下降",
            "Cloud prices fell again.\n\n云服务价格再次下降。",
        ),
    ])?;
    engine.commit()?;

    let response = engine.search(&SearchRequest::new(query))?;
    println!("{} hits in {:.2} ms", response.total, response.took_ms);
    for hit in response.hits {
        // Highlights are byte ranges; show them in [brackets].
        let marked =
            |h: &search_core::snippet::Highlighted| h.render("[", "]", |s, out| out.push_str(s));
        println!("{:>6.3}  {}  {}", hit.score, hit.id, marked(&hit.title));
        if let Some(snippet) = &hit.snippet {
            println!("        {}", marked(snippet));
        }
    }
    Ok(())
}
