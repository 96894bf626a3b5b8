//! The tantivy schema, and the marker file that ties an index directory to
//! the schema and analyzer that wrote it.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED, STRING,
};

use crate::error::{Error, Result, UserError};

/// Name under which the bilingual analyzer is registered with tantivy.
pub const ANALYZER_NAME: &str = "bilingual";

/// Version of the schema below; bump it on any change to the fields.
pub const SCHEMA_VERSION: u32 = 2;

/// The marker file written beside tantivy's files.
pub const MARKER_FILE: &str = "bilingual-search.json";

/// Handles to the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The document id, indexed untokenized (for replace and delete).
    pub id: Field,
    /// The title, analysed, with positions.
    pub title: Field,
    /// The body, analysed, with positions.
    pub body: Field,
    /// Language codes, untokenized, multi-valued.
    pub lang: Field,
    /// The source, untokenized.
    pub source: Field,
    /// The URL, untokenized, to find the other-language version of an
    /// article by the URL its `translations` give.
    pub url: Field,
    /// Tags, untokenized, multi-valued.
    pub tags: Field,
    /// Publication time.
    pub published: Field,
    /// Facet paths `/lang/..`, `/source/..`, `/tags/..` for counts.
    pub facets: Field,
    /// The whole document as JSON, stored only.
    pub stored: Field,
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING),
        title: builder.add_text_field("title", analysed.clone()),
        body: builder.add_text_field("body", analysed),
        lang: builder.add_text_field("lang", STRING),
        source: builder.add_text_field("source", STRING),
        url: builder.add_text_field("url", STRING),
        tags: builder.add_text_field("tags", STRING),
        published: builder.add_date_field("published", DateOptions::from(INDEXED) | FAST),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
        stored: builder.add_text_field("_source", STORED),
    };
    (builder.build(), fields)
}

/// What the marker file records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// The analyzer's fingerprint when written.
    pub analyzer: String,
}

impl Marker {
    /// Reads the marker in `dir`, if there is one.
    pub fn read(dir: &Path) -> Result<Option<Marker>> {
        let path = dir.join(MARKER_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                UserError::IncompatibleIndex {
                    path: dir.to_path_buf(),
                    reason: format!("{MARKER_FILE} is unreadable: {e}"),
                }
                .into()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Writes the marker into `dir` (atomically: temporary file, then rename).
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MARKER_FILE);
        let tmp = dir.join(format!("{MARKER_FILE}.tmp"));
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::bug(format!("serialising the index marker: {e}")))?;
        std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }

    /// Refuses an index written by another schema or analyzer.
    pub fn check(&self, expected: &Marker, dir: &Path) -> Result<()> {
        let reason = if self.schema_version != expected.schema_version {
            format!(
                "it was written with schema version {}, this build uses {}",
                self.schema_version, expected.schema_version
            )
        } else if self.analyzer != expected.analyzer {
            format!(
                "it was written with analyzer {}, this configuration is {} (a different version, user dictionary or stop-word list)",
                self.analyzer, expected.analyzer
            )
        } else {
            return Ok(());
        };
        Err(UserError::IncompatibleIndex {
            path: dir.to_path_buf(),
            reason,
        }
        .into())
    }
}
