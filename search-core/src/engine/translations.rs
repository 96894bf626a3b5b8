//! The engine's cross-lingual dictionary, read once, when first needed.

use std::sync::OnceLock;

use crate::crosslingual::{Dictionary, DictionarySource};
use crate::error::{Error, Result};

/// A dictionary read from its source on first use.
pub(super) struct Translations {
    source: DictionarySource,
    loaded: OnceLock<Result<Option<Dictionary>, String>>,
}

impl Translations {
    /// A dictionary from `source`, not read yet. A file that cannot be
    /// opened is the caller's mistake, said at once.
    pub(super) fn new(source: DictionarySource) -> Result<Self> {
        if let DictionarySource::File(path) = &source {
            std::fs::metadata(path).map_err(|e| Error::unreadable(path, e))?;
        }
        Ok(Translations {
            source,
            loaded: OnceLock::new(),
        })
    }

    /// The dictionary (read now if it was not yet), or `None` without one.
    pub(super) fn get(&self) -> Result<Option<&Dictionary>> {
        let loaded = self
            .loaded
            .get_or_init(|| self.source.load().map_err(|e| e.to_string()));
        match loaded {
            Ok(dictionary) => Ok(dictionary.as_ref()),
            Err(e) => Err(Error::bug(format!(
                "the cross-lingual dictionary ({:?}) could not be read: {e}",
                self.source
            ))),
        }
    }
}
