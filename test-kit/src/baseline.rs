//! The baseline: a plain tantivy index written the way a user would by
//! hand, with either tantivy's default tokenizer (the relevance baseline)
//! or tantivy-jieba's tokenizer (the speed baseline), queried with tantivy's
//! `QueryParser` and `SnippetGenerator`. The harness's relevance, index and
//! query modes and the criterion `query` bench all measure against it.

use std::path::Path;

use search_core::Document;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, FieldType, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

/// Which tokenizer the baseline's text fields use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tokenizer {
    /// tantivy's `default`: split on non-alphanumerics, lowercase.
    Default,
    /// tantivy-jieba in `cut` mode, lowercased. Its default search mode
    /// emits overlapping tokens whose offsets make tantivy 0.27's
    /// `Snippet::to_html` panic (byte index underflow) on some documents.
    Jieba,
}

impl Tokenizer {
    fn name(self) -> &'static str {
        match self {
            Tokenizer::Default => "default",
            Tokenizer::Jieba => "jieba",
        }
    }
}

/// A plain tantivy index over `id`, `title`, `body` and `lang`.
pub struct Baseline {
    /// The tantivy index itself.
    pub index: Index,
    id: Field,
    title: Field,
    body: Field,
    lang: Field,
    parser: QueryParser,
    /// The jieba analyzer, for indexes that use it.
    jieba: Option<TextAnalyzer>,
}

impl Baseline {
    /// Creates an index in `dir`, or in memory without one.
    pub fn create(dir: Option<&Path>, tokenizer: Tokenizer) -> tantivy::Result<Baseline> {
        let mut b = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer.name())
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        b.add_text_field("id", STRING | STORED);
        b.add_text_field("title", text.clone());
        b.add_text_field("body", text);
        b.add_text_field("lang", STRING | STORED);
        let schema = b.build();
        let index = match dir {
            Some(dir) => Index::create_in_dir(dir, schema)?,
            None => Index::create_in_ram(schema),
        };
        Baseline::wrap(index)
    }

    /// Opens an index that [`Baseline::create`] made in `dir`.
    pub fn open(dir: &Path) -> tantivy::Result<Baseline> {
        Baseline::wrap(Index::open_in_dir(dir)?)
    }

    fn wrap(index: Index) -> tantivy::Result<Baseline> {
        index.tokenizers().register(
            "jieba",
            TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::with_search_mode(false))
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .build(),
        );
        let schema = index.schema();
        let id = schema.get_field("id")?;
        let title = schema.get_field("title")?;
        let body = schema.get_field("body")?;
        let lang = schema.get_field("lang")?;
        let parser = QueryParser::for_index(&index, vec![title, body]);
        let jieba = match schema.get_field_entry(title).field_type() {
            FieldType::Str(options) => options
                .get_indexing_options()
                .filter(|i| i.tokenizer() == Tokenizer::Jieba.name())
                .and_then(|_| index.tokenizers().get(Tokenizer::Jieba.name())),
            _ => None,
        };
        Ok(Baseline {
            index,
            id,
            title,
            body,
            lang,
            parser,
            jieba,
        })
    }

    /// Loads the jieba dictionary now (tantivy-jieba loads it lazily, on the
    /// first text), so that it is not counted in a timed section.
    pub fn load_dictionary(&self) {
        if let Some(mut analyzer) = self.index.tokenizers().get("jieba") {
            analyzer.token_stream("预热").process(&mut |_| {});
        }
    }

    /// A writer with `threads` threads and `memory_per_thread` bytes each.
    pub fn writer(&self, threads: usize, memory_per_thread: usize) -> tantivy::Result<IndexWriter> {
        self.index
            .writer_with_num_threads(threads, threads * memory_per_thread)
    }

    /// The tantivy document for `doc`.
    pub fn document(&self, doc: &Document) -> TantivyDocument {
        let mut t = TantivyDocument::default();
        t.add_text(self.id, &doc.id);
        t.add_text(self.title, &doc.title);
        t.add_text(self.body, &doc.body);
        for l in &doc.lang {
            t.add_text(self.lang, l);
        }
        t
    }

    /// A reader of the committed index.
    pub fn reader(&self) -> tantivy::Result<IndexReader> {
        self.index.reader()
    }

    /// The query for `text`: with the default tokenizer, tantivy's
    /// `QueryParser` (lenient); with jieba, any of the query's tokens in
    /// title or body, built by hand, because `QueryParser` turns a Chinese
    /// sentence (one "word" to it, several tokens) into a phrase query that
    /// almost never matches.
    fn query(&self, text: &str) -> Box<dyn Query> {
        let Some(jieba) = &self.jieba else {
            return self.parser.parse_query_lenient(text).0;
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        jieba.clone().token_stream(text).process(&mut |t| {
            for field in [self.title, self.body] {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &t.text),
                        IndexRecordOption::WithFreqs,
                    )),
                ));
            }
        });
        Box::new(BooleanQuery::new(clauses))
    }

    /// The ids of the top `limit` documents for `text`, only in `lang` when
    /// given. With `snippets`, also builds highlighted title and body
    /// snippets for each hit, as a results page would.
    pub fn search(
        &self,
        searcher: &Searcher,
        text: &str,
        lang: Option<&str>,
        limit: usize,
        snippets: bool,
    ) -> tantivy::Result<Vec<String>> {
        let q = self.query(text);
        let q: Box<dyn Query> = match lang {
            Some(l) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.lang, l),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
            None => q,
        };
        let top = searcher.search(&q, &TopDocs::with_limit(limit).order_by_score())?;
        let generators = if snippets && !top.is_empty() {
            let mut title = SnippetGenerator::create(searcher, &*q, self.title)?;
            title.set_max_num_chars(1000);
            Some((title, SnippetGenerator::create(searcher, &*q, self.body)?))
        } else {
            None
        };
        top.into_iter()
            .map(|(_, address)| {
                let d: TantivyDocument = searcher.doc(address)?;
                if let Some((title, body)) = &generators {
                    std::hint::black_box((
                        title.snippet_from_doc(&d).to_html(),
                        body.snippet_from_doc(&d).to_html(),
                    ));
                }
                Ok(d.get_first(self.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string())
            })
            .collect()
    }
}
