//! Domain synonyms applied at query time: `aliyun, alibaba cloud, 阿里云` on
//! one line makes a query for any of them search for all of them.

use crate::analysis::Analyzer;
use crate::error::{Result, UserError};

/// The default synonyms: the cloud-computing names of the sample articles.
pub const DEFAULT_SYNONYMS: &str = include_str!("../data/synonyms.txt");

/// One entry of a group, as analysed words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    written: String,
    words: Vec<String>,
}

/// Groups of synonyms.
///
/// ```
/// use search_core::analysis::Analyzer;
/// use search_core::synonyms::Synonyms;
/// let analyzer = Analyzer::default();
/// let synonyms = Synonyms::parse("aliyun, alibaba cloud, 阿里云", "inline", &analyzer)?;
/// let found = synonyms.find(&analyzer.words("Alibaba Cloud pricing"));
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].1, "alibaba cloud");
/// assert_eq!(found[0].2, vec!["aliyun", "阿里云"]);
/// # Ok::<(), search_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<Entry>>,
}

impl Synonyms {
    /// Reads groups, one per line, entries separated by commas. `origin`
    /// names the source in errors.
    pub fn parse(text: &str, origin: &str, analyzer: &Analyzer) -> Result<Synonyms> {
        let mut groups = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entries: Vec<Entry> = line
                .split([',', '，'])
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|e| Entry {
                    written: e.to_string(),
                    words: analyzer.words(e),
                })
                .filter(|e| !e.words.is_empty())
                .collect();
            if entries.len() < 2 {
                return Err(UserError::BadListFile {
                    list: "synonyms",
                    origin: origin.to_string(),
                    line: i + 1,
                    reason: "a group needs at least two searchable entries".into(),
                }
                .into());
            }
            groups.push(entries);
        }
        Ok(Synonyms { groups })
    }

    /// The bundled default synonyms.
    pub fn bundled(analyzer: &Analyzer) -> Result<Synonyms> {
        Synonyms::parse(DEFAULT_SYNONYMS, "bundled synonyms", analyzer)
    }

    /// Groups read.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The entries that occur in `words` (a query's analysed words, in
    /// order) as a run of consecutive words: the run's range in `words`, the
    /// entry as written, and the other entries of its group as written.
    ///
    /// ```
    /// use search_core::analysis::Analyzer;
    /// use search_core::synonyms::Synonyms;
    /// let a = Analyzer::default();
    /// let s = Synonyms::parse("alibaba cloud, 阿里云", "t", &a)?;
    /// let found = s.find(&a.words("price of alibaba cloud"));
    /// assert_eq!(found[0].0, 1..3);
    /// assert_eq!(found[0].2, ["阿里云"]);
    /// # Ok::<(), search_core::Error>(())
    /// ```
    pub fn find(&self, words: &[String]) -> Vec<(std::ops::Range<usize>, String, Vec<String>)> {
        let mut found = Vec::new();
        for group in &self.groups {
            for (i, entry) in group.iter().enumerate() {
                let n = entry.words.len();
                let at = (n <= words.len())
                    .then(|| {
                        words
                            .windows(n)
                            .position(|w| w.iter().zip(&entry.words).all(|(a, b)| a == b))
                    })
                    .flatten();
                if let Some(at) = at {
                    let others = group
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, e)| e.written.clone())
                        .collect();
                    found.push((at..at + n, entry.written.clone(), others));
                    break;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_synonyms_parse() {
        let s = Synonyms::bundled(&Analyzer::default()).unwrap();
        assert!(s.len() >= 10);
    }

    #[test]
    fn matches_need_consecutive_words() {
        let a = Analyzer::default();
        let s = Synonyms::parse("alibaba cloud, 阿里云", "t", &a).unwrap();
        assert!(s.find(&a.words("cloud alibaba")).is_empty());
        assert_eq!(s.find(&a.words("阿里云的价格"))[0].2, vec!["alibaba cloud"]);
    }

    #[test]
    fn a_group_of_one_is_an_error_naming_the_line() {
        let err = Synonyms::parse("# c\naws\n", "syn.txt", &Analyzer::default()).unwrap_err();
        assert!(err.to_string().contains("syn.txt:2"), "{err}");
    }
}
