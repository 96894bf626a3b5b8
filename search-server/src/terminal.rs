//! Rendering the engine's highlighted HTML (`<mark>`s in escaped text) for a
//! terminal: colour when stdout is one, plain text otherwise.

/// Bold yellow, then reset: how a highlight looks in a colour terminal.
const MARK_ON: &str = "\x1b[1;33m";
const MARK_OFF: &str = "\x1b[0m";

/// Turns highlighted HTML into terminal text: `<mark>` becomes bold yellow
/// when `colour` is set and disappears otherwise; HTML entities are decoded.
///
/// ```
/// use search_server::terminal::render;
/// assert_eq!(render("<mark>云</mark> &amp; sky", false), "云 & sky");
/// assert_eq!(render("<mark>a</mark>", true), "\x1b[1;33ma\x1b[0m");
/// ```
pub fn render(html: &str, colour: bool) -> String {
    let (on, off) = if colour {
        (MARK_ON, MARK_OFF)
    } else {
        ("", "")
    };
    // Tags first: the text is escaped, so a literal "<mark>" in it is "&lt;mark&gt;".
    let text = html.replace("<mark>", on).replace("</mark>", off);
    unescape(&text)
}

/// Decodes the entities [`search_core::snippet::escape_html`] writes, and
/// numeric ones.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let c = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                entity => numeric(entity),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn numeric(entity: &str) -> Option<char> {
    let digits = entity.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        let rows = [
            ("a &lt;b&gt; &quot;c&quot; &#39;d&#39;", "a <b> \"c\" 'd'"),
            ("&#x4e91; &#20113;", "云 云"),
            ("fish & chips &bogus; &", "fish & chips &bogus; &"),
            ("&lt;mark&gt;", "<mark>"),
        ];
        for (html, text) in rows {
            assert_eq!(render(html, false), text, "{html}");
        }
    }

    #[test]
    fn marks_become_colour_or_nothing() {
        let html = "x <mark>云计算</mark> y";
        assert_eq!(render(html, false), "x 云计算 y");
        assert_eq!(render(html, true), "x \x1b[1;33m云计算\x1b[0m y");
    }
}
