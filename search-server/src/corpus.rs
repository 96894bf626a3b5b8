//! The bundled sample corpus (`index/articles.jsonl`), embedded in the
//! binary so a fresh `serve` has something to search from any working
//! directory.

use search_core::ingest::parse_jsonl;
use search_core::{Document, Engine};

use crate::error::{Error, Result};

/// The bundled articles, one JSON document a line.
pub const ARTICLES: &str = include_str!("../../index/articles.jsonl");

/// The bundled articles as documents. A broken line is an error: the file
/// ships with the binary, so it is a build problem rather than a skip.
pub fn documents() -> Result<Vec<Document>> {
    parse_jsonl(ARTICLES.as_bytes())
        .into_iter()
        .map(|r| r.map_err(Error::Corpus))
        .collect()
}

/// Adds the bundled articles to `engine` and commits; returns how many.
pub fn index_into(engine: &Engine) -> Result<usize> {
    let added = engine.add_documents(documents()?)?;
    engine.commit()?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_article_parses() {
        let docs = documents().unwrap();
        assert!(docs.len() >= 30, "only {} articles", docs.len());
    }
}
