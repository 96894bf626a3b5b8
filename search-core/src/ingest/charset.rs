//! The character set of a saved web page: a byte-order mark, else UTF-8
//! when the bytes are UTF-8 beyond ASCII, else the `<meta charset>` or
//! `http-equiv="Content-Type"` declaration in its first kilobytes (as
//! browsers prescan), else GB18030 (the pages this engine is for that declare nothing and are
//! not UTF-8 are mostly Chinese ones in GBK).

use encoding_rs::{Encoding, GB18030, UTF_8};

/// How far into a page a charset declaration is looked for (browsers look
/// at the first 1024 bytes; saved pages often have more before it).
const PRESCAN_BYTES: usize = 4096;

/// Decodes a page to text, with the encoding used. Bytes that are invalid
/// in that encoding become U+FFFD, as in a browser.
///
/// ```
/// use search_core::ingest::charset::decode_html;
/// let mut page = b"<meta charset=\"gbk\"><p>".to_vec();
/// page.extend([0xD4, 0xC6, 0xBC, 0xC6, 0xCB, 0xE3]); // 云计算 in GBK
/// let (text, encoding) = decode_html(&page);
/// assert_eq!(encoding.name(), "GBK");
/// assert!(text.ends_with("云计算"));
/// ```
pub fn decode_html(bytes: &[u8]) -> (String, &'static Encoding) {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared(&bytes[..bytes.len().min(PRESCAN_BYTES)]))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                GB18030
            }
        });
    // A page saved as UTF-8 that still declares its original charset is
    // common, and legacy Chinese text that is also valid UTF-8 is not (past
    // a few characters): valid UTF-8 beyond ASCII is taken as UTF-8.
    let encoding = if Encoding::for_bom(bytes).is_none()
        && !bytes.is_ascii()
        && std::str::from_utf8(bytes).is_ok()
    {
        UTF_8
    } else {
        encoding
    };
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used)
}

/// The charset a page declares in a `<meta>` tag.
///
/// ```
/// use search_core::ingest::charset::declared;
/// assert_eq!(declared(b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=big5'>").map(|e| e.name()), Some("Big5"));
/// assert_eq!(declared(b"<meta charset=gb2312>").map(|e| e.name()), Some("GBK"));
/// assert_eq!(declared(b"<p>charset=big5 in running text</p>"), None);
/// ```
pub fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"<meta") {
        let start = from + offset;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = find(tag, b"charset") {
            let value = tag[at + b"charset".len()..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .skip_while(|&&b| b == b'=')
                .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = Encoding::for_label(&value) {
                // A page that says UTF-16 is decoded as UTF-8 by browsers
                // unless it has a BOM (the declaration cannot be right).
                return Some(encoding.output_encoding());
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (text, enc) = decode_html("<p>云计算</p>".as_bytes());
        assert_eq!((text.as_str(), enc.name()), ("<p>云计算</p>", "UTF-8"));
        let (gbk, _, _) = GB18030.encode("<p>云计算</p>");
        let (text, enc) = decode_html(&gbk);
        assert_eq!((text.as_str(), enc.name()), ("<p>云计算</p>", "gb18030"));
        // Declared GBK, saved as UTF-8.
        let (text, enc) = decode_html("<meta charset=gbk><p>雲端</p>".as_bytes());
        assert_eq!((text.contains("雲端"), enc.name()), (true, "UTF-8"));
        let (text, _) = decode_html(b"\xEF\xBB\xBF<p>x</p>");
        assert_eq!(text, "<p>x</p>");
    }
}
