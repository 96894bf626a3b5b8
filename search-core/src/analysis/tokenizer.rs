//! The analyzer as a tantivy tokenizer, so tantivy indexes exactly the
//! tokens that queries are built from.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::Analyzer;

/// Wraps an [`Analyzer`] for registration with tantivy's tokenizer manager.
#[derive(Clone, Debug)]
pub struct TantivyAnalyzer {
    analyzer: Analyzer,
    tokens: Vec<TantivyToken>,
}

impl TantivyAnalyzer {
    /// Wraps `analyzer`.
    pub fn new(analyzer: Analyzer) -> Self {
        TantivyAnalyzer {
            analyzer,
            tokens: Vec::new(),
        }
    }
}

/// The token stream over one analysed text.
pub struct AnalyzerStream<'a> {
    tokens: &'a mut Vec<TantivyToken>,
    next: usize,
}

impl Tokenizer for TantivyAnalyzer {
    type TokenStream<'a> = AnalyzerStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzerStream<'a> {
        self.tokens.clear();
        let tokens = &mut self.tokens;
        self.analyzer
            .for_each_token(text, |t, from, to, position, _| {
                tokens.push(TantivyToken {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: t.to_string(),
                    position_length: 1,
                })
            });
        AnalyzerStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for AnalyzerStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &TantivyToken {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.tokens[self.next - 1]
    }
}
