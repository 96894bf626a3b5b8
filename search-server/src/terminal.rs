//! Rendering the engine's highlights for a terminal: the matched ranges in
//! bold yellow when stdout is one, plain text otherwise.

use search_core::snippet::Highlighted;

/// Bold yellow, then reset: how a highlight looks in a colour terminal.
const MARK_ON: &str = "\x1b[1;33m";
const MARK_OFF: &str = "\x1b[0m";

/// Terminal text for a highlighted field: each match in bold yellow when
/// `colour` is set. Control characters of the text itself are shown as
/// spaces, so a document cannot send escape sequences to the terminal.
///
/// ```
/// use search_core::snippet::Highlighted;
/// use search_server::terminal::render;
/// let title = Highlighted { text: "云 & sky".into(), highlights: Some(vec![0..3]) };
/// assert_eq!(render(&title, false), "云 & sky");
/// assert_eq!(render(&title, true), "\x1b[1;33m云\x1b[0m & sky");
/// ```
pub fn render(text: &Highlighted, colour: bool) -> String {
    let (on, off) = if colour {
        (MARK_ON, MARK_OFF)
    } else {
        ("", "")
    };
    text.render(on, off, |part, out| {
        out.extend(part.chars().map(|c| if c.is_control() { ' ' } else { c }));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_shown_as_written() {
        let h = Highlighted::from_html("a &lt;b&gt; &quot;c&quot; &#39;d&#39; <mark>云</mark>");
        assert_eq!(render(&h, false), "a <b> \"c\" 'd' 云");
    }

    #[test]
    fn marks_become_colour_or_nothing() {
        let h = Highlighted::from_html("x <mark>云计算</mark> y");
        assert_eq!(render(&h, false), "x 云计算 y");
        assert_eq!(render(&h, true), "x \x1b[1;33m云计算\x1b[0m y");
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let h = Highlighted::plain("evil\x1b[2Jtext\r\n");
        assert_eq!(render(&h, true), "evil [2Jtext  ");
    }
}
