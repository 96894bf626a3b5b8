//! A user dictionary adds domain words to jieba's, so they are indexed whole.
//!
//! Run: `cargo run -p search-core --example user_dictionary`

use search_core::analysis::{Analyzer, AnalyzerConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = "云原生数据库迁移到边缘节点";
    println!("default:   {:?}", Analyzer::default().words(text));
    let config = AnalyzerConfig {
        user_dict: Some(("云原生 1000 n\n边缘节点 1000 n\n".into(), "inline".into())),
        stop_words: None,
    };
    println!("with dict: {:?}", Analyzer::new(&config)?.words(text));
    Ok(())
}
