//! The query syntax: plain words, "quoted phrases", `+must`, `-exclude`,
//! `title:word`. Every string parses; what cannot be read as syntax is read
//! as text.

/// How a clause takes part in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Plain words: any may match; more matches rank higher.
    Should,
    /// `+word`: every hit must match.
    Must,
    /// `-word`: no hit may match.
    MustNot,
}

/// Which fields a clause searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title and body.
    All,
    /// `title:` only.
    Title,
    /// `body:` only.
    Body,
}

/// One clause of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Should, must or must not.
    pub occur: Occur,
    /// The fields searched.
    pub scope: Scope,
    /// Whether the text was quoted.
    pub phrase: bool,
    /// The clause's text, to be analysed.
    pub text: String,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂' | '「' | '」')
}

/// Parses a query string into clauses.
///
/// ```
/// use search_core::query::{parse, Occur, Scope};
/// let clauses = parse(r#"+cloud -outage title:AWS "云计算 市场" 阿里云"#);
/// assert_eq!(clauses.len(), 5);
/// assert_eq!(clauses[0].occur, Occur::Must);
/// assert_eq!(clauses[1].occur, Occur::MustNot);
/// assert_eq!(clauses[2].scope, Scope::Title);
/// assert!(clauses[3].phrase);
/// assert_eq!(clauses[3].text, "云计算 市场");
/// // Anything parses: an unbalanced quote runs to the end.
/// assert_eq!(parse(r#"cloud "unfinished"#).len(), 2);
/// ```
pub fn parse(query: &str) -> Vec<Clause> {
    let chars: Vec<char> = query.chars().collect();
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let lone_operator = (chars[i] == '+' || chars[i] == '-')
            && chars.get(i + 1).is_none_or(|c| c.is_whitespace());
        if lone_operator {
            i += 1;
            continue;
        }
        let mut occur = Occur::Should;
        if (chars[i] == '+' || chars[i] == '-')
            && i + 1 < chars.len()
            && !chars[i + 1].is_whitespace()
        {
            occur = if chars[i] == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
            i += 1;
        }
        let mut scope = Scope::All;
        for (prefix, s) in [("title:", Scope::Title), ("body:", Scope::Body)] {
            let n = prefix.chars().count();
            let matches = chars.len() > i + n
                && chars[i..i + n]
                    .iter()
                    .zip(prefix.chars())
                    .all(|(a, b)| a.to_ascii_lowercase() == b)
                && !chars[i + n].is_whitespace();
            if matches {
                scope = s;
                i += n;
                break;
            }
        }
        let (text, phrase) = if is_quote(chars[i]) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_quote(chars[end]) {
                end += 1;
            }
            i = (end + 1).min(chars.len());
            (chars[start..end].iter().collect::<String>(), true)
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !(i > start && is_quote(chars[i]))
            {
                i += 1;
            }
            (chars[start..i].iter().collect::<String>(), false)
        };
        if !text.trim().is_empty() {
            clauses.push(Clause {
                occur,
                scope,
                phrase,
                text,
            });
        }
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(occur: Occur, scope: Scope, phrase: bool, text: &str) -> Clause {
        Clause {
            occur,
            scope,
            phrase,
            text: text.to_string(),
        }
    }

    #[test]
    fn parse_table() {
        use Occur::*;
        use Scope::*;
        let table = vec![
            ("cloud", vec![c(Should, All, false, "cloud")]),
            (
                "  cloud   market ",
                vec![
                    c(Should, All, false, "cloud"),
                    c(Should, All, false, "market"),
                ],
            ),
            (
                "+aws -azure",
                vec![c(Must, All, false, "aws"), c(MustNot, All, false, "azure")],
            ),
            (
                "\"cloud market\"",
                vec![c(Should, All, true, "cloud market")],
            ),
            ("+\"云计算市场\"", vec![c(Must, All, true, "云计算市场")]),
            ("title:AWS", vec![c(Should, Title, false, "AWS")]),
            ("TITLE:\"a b\"", vec![c(Should, Title, true, "a b")]),
            ("-body:x", vec![c(MustNot, Body, false, "x")]),
            ("“云计算”", vec![c(Should, All, true, "云计算")]),
            // Lone operators and empty quotes are nothing.
            ("+ - \"\" -", vec![]),
            ("\"", vec![]),
            // Unknown prefixes and dashes inside words are text.
            (
                "http://x a-b",
                vec![
                    c(Should, All, false, "http://x"),
                    c(Should, All, false, "a-b"),
                ],
            ),
            ("title:", vec![c(Should, All, false, "title:")]),
            (
                "ab\"cd",
                vec![c(Should, All, false, "ab"), c(Should, All, true, "cd")],
            ),
        ];
        for (q, expected) in table {
            assert_eq!(parse(q), expected, "parsing {q:?}");
        }
    }
}
