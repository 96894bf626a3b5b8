//! The analyzer as a tantivy tokenizer, so tantivy indexes exactly the
//! tokens that queries are built from.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::Analyzer;

/// Wraps an [`Analyzer`] for registration with tantivy's tokenizer manager.
#[derive(Clone, Debug)]
pub struct TantivyAnalyzer {
    analyzer: Analyzer,
    /// Token buffers kept between texts, so their strings are reused rather
    /// than allocated for every token.
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
    tokens: &'a mut [TantivyToken],
    next: usize,
}

impl Tokenizer for TantivyAnalyzer {
    type TokenStream<'a> = AnalyzerStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzerStream<'a> {
        let tokens = &mut self.tokens;
        let mut len = 0;
        self.analyzer
            .for_each_token(text, |t, from, to, position, _| {
                if len == tokens.len() {
                    tokens.push(TantivyToken::default());
                }
                let token = &mut tokens[len];
                token.offset_from = from;
                token.offset_to = to;
                token.position = position;
                token.position_length = 1;
                token.text.clear();
                token.text.push_str(t);
                len += 1;
            });
        AnalyzerStream {
            tokens: &mut self.tokens[..len],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_buffers_give_the_same_tokens() {
        let mut tokenizer = TantivyAnalyzer::new(Analyzer::default());
        let collect = |tokenizer: &mut TantivyAnalyzer, text: &str| {
            let mut stream = tokenizer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                out.push((stream.token().text.clone(), stream.token().position));
            }
            out
        };
        let long = collect(&mut tokenizer, "云计算市场 cloud computing markets grow");
        let short = collect(&mut tokenizer, "AWS");
        assert_eq!(short, vec![("aw".to_string(), 0)]);
        assert_eq!(
            collect(&mut tokenizer, "云计算市场 cloud computing markets grow"),
            long
        );
    }
}
