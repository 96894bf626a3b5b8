//! Writing: documents validated and converted (language detection
//! included) on several threads, added or replaced by id, deleted,
//! committed or rolled back.

use std::sync::MutexGuard;

use tantivy::schema::Facet;
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use super::Engine;
use crate::analysis::detect_languages;
use crate::document::Document;
use crate::error::{Error, Result, UserError};

impl Engine {
    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter>> {
        self.writer
            .as_ref()
            .ok_or(UserError::ReadOnly)?
            .lock()
            .map_err(|_| Error::bug("the index writer lock was poisoned"))
    }

    /// Adds a document, replacing any with the same id. It becomes visible
    /// (and durable) at the next [`Engine::commit`].
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// engine.add(Document::new("a", "First", ""))?;
    /// engine.add(Document::new("a", "Second", ""))?;
    /// engine.commit()?;
    /// assert_eq!(engine.get("a")?.map(|d| d.title).as_deref(), Some("Second"));
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn add(&self, doc: Document) -> Result<()> {
        self.add_documents(std::iter::once(doc)).map(|_| ())
    }

    /// Adds documents, each replacing any with the same id; returns how many.
    /// Every document is checked before any is added, so an invalid one
    /// adds nothing.
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// let bad = Document::new("", "no id", "");
    /// assert!(engine.add_documents([Document::new("a", "", ""), bad]).is_err());
    /// engine.commit()?;
    /// assert!(engine.get("a")?.is_none());
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn add_documents(&self, docs: impl IntoIterator<Item = Document>) -> Result<usize> {
        let docs: Vec<Document> = docs.into_iter().collect();
        let prepared = self.prepare(docs)?;
        let count = prepared.len();
        let writer = self.writer()?;
        for (id, doc) in prepared {
            writer.delete_term(Term::from_field_text(self.fields.id, &id));
            writer.add_document(doc)?;
        }
        Ok(count)
    }

    /// Validates and converts documents (language detection included) on
    /// as many threads as the writer has, since this runs before tantivy's
    /// own indexing threads get the documents.
    fn prepare(&self, docs: Vec<Document>) -> Result<Vec<(String, TantivyDocument)>> {
        const MIN_PER_THREAD: usize = 64;
        let threads = self
            .config
            .writer_threads
            .clamp(1, docs.len().div_ceil(MIN_PER_THREAD).max(1));
        let convert = |doc: Document| Ok((doc.id.clone(), self.to_tantivy(doc)?));
        if threads == 1 {
            return docs.into_iter().map(convert).collect();
        }
        let chunk = docs.len().div_ceil(threads);
        let mut chunks: Vec<Vec<Document>> = Vec::with_capacity(threads);
        let mut rest = docs.into_iter();
        loop {
            let part: Vec<Document> = rest.by_ref().take(chunk).collect();
            if part.is_empty() {
                break;
            }
            chunks.push(part);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|part| {
                    scope.spawn(move || part.into_iter().map(convert).collect::<Result<Vec<_>>>())
                })
                .collect();
            let mut prepared = Vec::new();
            for handle in handles {
                let part = handle
                    .join()
                    .map_err(|_| Error::bug("a document-preparing thread panicked"))??;
                prepared.extend(part);
            }
            Ok(prepared)
        })
    }

    fn to_tantivy(&self, mut doc: Document) -> Result<TantivyDocument> {
        doc.validate()?;
        if doc.lang.is_empty() {
            let mut text = String::with_capacity(doc.title.len() + doc.body.len() + 1);
            text.push_str(&doc.title);
            text.push('\n');
            text.push_str(&doc.body);
            doc.lang = detect_languages(&text);
        } else {
            for lang in &mut doc.lang {
                *lang = lang.to_ascii_lowercase();
            }
        }
        let f = &self.fields;
        let mut t = TantivyDocument::default();
        t.add_text(f.id, &doc.id);
        t.add_text(f.title, &doc.title);
        t.add_text(f.body, &doc.body);
        for lang in &doc.lang {
            t.add_text(f.lang, lang);
            t.add_facet(f.facets, Facet::from_path(["lang", lang.as_str()]));
        }
        if let Some(url) = &doc.url {
            t.add_text(f.url, url);
        }
        if let Some(source) = &doc.source {
            t.add_text(f.source, source);
            t.add_facet(f.facets, Facet::from_path(["source", source.as_str()]));
        }
        for tag in &doc.tags {
            t.add_text(f.tags, tag);
            t.add_facet(f.facets, Facet::from_path(["tags", tag.as_str()]));
        }
        if let Some(at) = doc.published_at() {
            t.add_date(f.published, DateTime::from_utc(at));
        }
        let stored = serde_json::to_string(&doc)
            .map_err(|e| Error::bug(format!("serialising document {:?}: {e}", doc.id)))?;
        t.add_text(f.stored, stored);
        Ok(t)
    }

    /// Deletes the document with this id, if any, at the next commit.
    /// Returns whether it existed (in the last committed state).
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// engine.add(Document::new("a", "", ""))?;
    /// engine.commit()?;
    /// assert!(engine.delete("a")?);
    /// engine.commit()?;
    /// assert!(!engine.delete("a")?);
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn delete(&self, id: &str) -> Result<bool> {
        let existed = self.get(id)?.is_some();
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.id, id));
        Ok(existed)
    }

    /// Commits everything added or deleted so far: when this returns, the
    /// changes are on disk (they survive a crash) and searches see them.
    pub fn commit(&self) -> Result<()> {
        self.writer()?.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Drops everything added or deleted since the last commit.
    ///
    /// ```
    /// use search_core::{Document, Engine, EngineConfig};
    /// let engine = Engine::in_memory(EngineConfig::default())?;
    /// engine.add(Document::new("a", "", ""))?;
    /// engine.rollback()?;
    /// engine.commit()?;
    /// assert!(engine.get("a")?.is_none());
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn rollback(&self) -> Result<()> {
        self.writer()?.rollback()?;
        Ok(())
    }
}
