//! A stored document turned into a hit: its highlighted title and snippet,
//! and its other fields.

use super::Engine;
use crate::document::Document;
use crate::search::Hit;
use crate::snippet::{self, Highlighted, Marks};

impl Engine {
    /// The hit for `doc`; with `highlight`, its title and best passage
    /// marked as `marks` says.
    pub(super) fn hit(
        &self,
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
            id: doc.id,
            score,
            title,
            snippet,
            lang: doc.lang,
            fields,
        }
    }
}
