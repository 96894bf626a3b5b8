//! A user dictionary adds domain words to jieba's, so they are indexed whole.
//!
//! Run: `cargo run -p search-core --example user_dictionary`

use search_core::analysis::{Analyzer, AnalyzerConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = "云原生数据库迁移到边缘节点";
    let words = |analyzer: &Analyzer| -> Vec<String> {
        analyzer
            .analyze(text)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .map(|t| t.text)
            .collect()
    };
    println!("default:   {:?}", words(&Analyzer::default()));
    let config = AnalyzerConfig {
        user_dict: Some(("云原生 1000 n\n边缘节点 1000 n\n".into(), "inline".into())),
        stop_words: None,
    };
    println!("with dict: {:?}", words(&Analyzer::new(&config)?));
    Ok(())
}
