//! Plain text and Markdown documents.

use std::path::Path;

use crate::document::Document;

/// Reads a text document: the first non-empty line is the title (a leading
/// Markdown `#` is dropped), the rest is the body, and the id is the path
/// relative to `root`, with `/` separators.
///
/// ```
/// use search_core::ingest::text::parse_text;
/// use std::path::Path;
/// let doc = parse_text("\n# 云计算周报\n\n本周要闻。".as_bytes(), Path::new("news/a.md"), Path::new("news"))?;
/// assert_eq!((doc.id.as_str(), doc.title.as_str(), doc.body.as_str()), ("a.md", "云计算周报", "本周要闻。"));
/// # Ok::<(), String>(())
/// ```
pub fn parse_text(bytes: &[u8], path: &Path, root: &Path) -> Result<Document, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let mut title = "";
    for line in lines.by_ref() {
        if !line.trim().is_empty() {
            title = line.trim().trim_start_matches('#').trim();
            break;
        }
    }
    let body = lines.collect::<Vec<_>>().join("\n").trim().to_string();
    let relative = path.strip_prefix(root).unwrap_or(path);
    let id = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let doc = Document {
        id,
        title: title.to_string(),
        body,
        ..Document::default()
    };
    doc.validate().map_err(|e| e.to_string())?;
    Ok(doc)
}
