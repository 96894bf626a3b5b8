//! A stored document turned into a hit: its highlighted title and snippet,
//! and its other fields.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, TantivyDocument, Term};

use super::Engine;
use crate::document::Document;
use crate::search::Hit;
use crate::snippet::{self, Highlighted, Marks};

impl Engine {
    /// The hit for `doc`; with `highlight`, its title and best passage
    /// marked as `marks` says.
    pub(super) fn hit(
        &self,
        searcher: &Searcher,
        doc: Document,
        score: f32,
        highlight: bool,
        marks: &Marks,
        prefer_chinese: Option<bool>,
    ) -> Hit {
        let (title, snippet) = if highlight {
            (
                snippet::highlight(&doc.title, &self.analyzer, marks),
                Some(snippet::snippet(
                    &doc.body,
                    &self.analyzer,
                    marks,
                    prefer_chinese,
                    self.config.snippet_chars,
                )),
            )
        } else {
            (Highlighted::plain(doc.title.clone()), None)
        };
        let mut fields = match serde_json::to_value(&doc) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        for key in ["id", "title", "body", "lang"] {
            fields.remove(key);
        }
        Hit {
            counterparts: self.counterparts(searcher, &doc),
            id: doc.id,
            score,
            title,
            snippet,
            lang: doc.lang,
            fields,
        }
    }

    /// For each of `doc`'s translations whose URL an indexed document has:
    /// the language and that document's id.
    fn counterparts(&self, searcher: &Searcher, doc: &Document) -> BTreeMap<String, String> {
        let mut found = BTreeMap::new();
        for (lang, url) in &doc.translations {
            let query = TermQuery::new(
                Term::from_field_text(self.fields.url, url),
                IndexRecordOption::Basic,
            );
            let top = searcher
                .search(&query, &TopDocs::with_limit(1).order_by_score())
                .unwrap_or_default();
            let id = top.first().and_then(|(_, address)| {
                let stored: TantivyDocument = searcher.doc(*address).ok()?;
                self.stored_document(&stored).ok().map(|d| d.id)
            });
            if let Some(id) = id.filter(|id| *id != doc.id) {
                found.insert(lang.clone(), id);
            }
        }
        found
    }
}
