//! The query syntax: plain words, "quoted phrases", `+must`, `-exclude`,
//! `title:word`, `a OR b`, `a AND b` and `(groups)`. Every string parses;
//! what cannot be read as syntax is read as text.
//!
//! `OR` and `AND` are operators only in capitals, as in Lucene and
//! Elasticsearch; `OR` binds tighter than the space between terms, so
//! `cloud aws OR azure` is `cloud (aws OR azure)`. `AND` makes both of its
//! sides required whatever the matching strategy.

/// How a node takes part in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Plain terms: matched as the matching strategy says.
    Should,
    /// `+term`, or a side of `AND`: every hit must match.
    Must,
    /// `-term`: no hit may match.
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

/// Text to analyse: one whitespace-separated term, or a quoted phrase.
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

/// One element of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Text.
    Clause(Clause),
    /// Terms in parentheses, matched together as the strategy says.
    Group {
        /// Should, must or must not.
        occur: Occur,
        /// The terms.
        nodes: Vec<Node>,
    },
    /// Alternatives joined by `OR`: one of them must match.
    Or {
        /// Should, must or must not (of the whole).
        occur: Occur,
        /// The alternatives (at least two).
        alternatives: Vec<Node>,
    },
}

impl Node {
    /// How the node takes part in the query.
    pub fn occur(&self) -> Occur {
        match self {
            Node::Clause(c) => c.occur,
            Node::Group { occur, .. } | Node::Or { occur, .. } => *occur,
        }
    }

    fn set_occur(&mut self, to: Occur) {
        match self {
            Node::Clause(c) => c.occur = to,
            Node::Group { occur, .. } | Node::Or { occur, .. } => *occur = to,
        }
    }

    /// The clauses of the node, depth first.
    pub fn clauses(&self) -> Vec<&Clause> {
        match self {
            Node::Clause(c) => vec![c],
            Node::Group { nodes, .. } => nodes.iter().flat_map(Node::clauses).collect(),
            Node::Or { alternatives, .. } => alternatives.iter().flat_map(Node::clauses).collect(),
        }
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂' | '「' | '」')
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）')
}

/// A lexical item: a term (with its modifiers) or an operator.
enum Item {
    Node(Node),
    Or,
    And,
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// Whether the characters at the cursor spell `word` followed by a
    /// space, a parenthesis, a quote or the end.
    fn at_operator(&self, word: &str) -> bool {
        let n = word.chars().count();
        let spelled = self.chars.len() >= self.at + n
            && self.chars[self.at..self.at + n]
                .iter()
                .copied()
                .eq(word.chars());
        spelled
            && self
                .chars
                .get(self.at + n)
                .is_none_or(|&c| c.is_whitespace() || is_open(c) || is_quote(c))
    }

    /// Items up to a closing parenthesis (consumed) or the end.
    fn items(&mut self, depth: usize) -> Vec<Item> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            let Some(c) = self.peek() else { break };
            if is_close(c) {
                self.at += 1;
                if depth > 0 {
                    break;
                }
                continue; // a stray `)` is nothing
            }
            if self.at_operator("OR") || self.at_operator("||") {
                self.at += 2;
                items.push(Item::Or);
                continue;
            }
            if self.at_operator("AND") || self.at_operator("&&") {
                self.at += if c == 'A' { 3 } else { 2 };
                items.push(Item::And);
                continue;
            }
            if let Some(node) = self.term(depth) {
                items.push(Item::Node(node));
            }
        }
        items
    }

    /// One term with its `+`/`-` and `field:` prefixes, or `None` where
    /// there was nothing to search (a lone operator, empty quotes).
    fn term(&mut self, depth: usize) -> Option<Node> {
        let chars = &self.chars;
        let i = self.at;
        let lone_operator = matches!(chars[i], '+' | '-')
            && chars
                .get(i + 1)
                .is_none_or(|&c| c.is_whitespace() || is_close(c));
        if lone_operator {
            self.at += 1;
            return None;
        }
        let mut occur = Occur::Should;
        if matches!(chars[i], '+' | '-') {
            occur = if chars[i] == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
            self.at += 1;
        }
        let mut scope = Scope::All;
        for (prefix, s) in [("title:", Scope::Title), ("body:", Scope::Body)] {
            let n = prefix.chars().count();
            let at = self.at;
            let matches = self.chars.len() > at + n
                && self.chars[at..at + n]
                    .iter()
                    .zip(prefix.chars())
                    .all(|(a, b)| a.to_ascii_lowercase() == b)
                && !self.chars[at + n].is_whitespace();
            if matches {
                scope = s;
                self.at += n;
                break;
            }
        }
        let c = self.peek()?;
        if is_open(c) {
            self.at += 1;
            let nodes = combine(self.items(depth + 1));
            let nodes: Vec<Node> = nodes.into_iter().map(|n| scoped(n, scope)).collect();
            return match nodes.len() {
                0 => None,
                1 => nodes.into_iter().next().map(|mut n| {
                    if occur != Occur::Should {
                        n.set_occur(occur);
                    }
                    n
                }),
                _ => Some(Node::Group { occur, nodes }),
            };
        }
        let (text, phrase) = if is_quote(c) {
            let start = self.at + 1;
            let mut end = start;
            while end < self.chars.len() && !is_quote(self.chars[end]) {
                end += 1;
            }
            self.at = (end + 1).min(self.chars.len());
            (self.chars[start..end].iter().collect::<String>(), true)
        } else {
            let start = self.at;
            while let Some(c) = self.peek() {
                let ends = c.is_whitespace()
                    || (self.at > start && is_quote(c))
                    || is_open(c)
                    || (depth > 0 && is_close(c));
                if ends && !(self.at == start && is_open(c)) {
                    break;
                }
                self.at += 1;
            }
            (self.chars[start..self.at].iter().collect::<String>(), false)
        };
        (!text.trim().is_empty()).then_some(Node::Clause(Clause {
            occur,
            scope,
            phrase,
            text,
        }))
    }
}

/// A node with `scope` given to its clauses that have none of their own.
fn scoped(node: Node, scope: Scope) -> Node {
    if scope == Scope::All {
        return node;
    }
    match node {
        Node::Clause(mut c) => {
            if c.scope == Scope::All {
                c.scope = scope;
            }
            Node::Clause(c)
        }
        Node::Group { occur, nodes } => Node::Group {
            occur,
            nodes: nodes.into_iter().map(|n| scoped(n, scope)).collect(),
        },
        Node::Or {
            occur,
            alternatives,
        } => Node::Or {
            occur,
            alternatives: alternatives.into_iter().map(|n| scoped(n, scope)).collect(),
        },
    }
}

/// Joins items into nodes: `OR` gathers its neighbours into one
/// [`Node::Or`]; `AND` makes its neighbours required. An operator with
/// nothing on one side is dropped.
fn combine(items: Vec<Item>) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut pending_or = false;
    let mut pending_and = false;
    for item in items {
        match item {
            Item::Or => pending_or = !nodes.is_empty(),
            Item::And => {
                pending_and = !nodes.is_empty();
                if let Some(last) = nodes.last_mut() {
                    if last.occur() == Occur::Should {
                        last.set_occur(Occur::Must);
                    }
                }
            }
            Item::Node(mut node) => {
                if pending_and && node.occur() == Occur::Should {
                    node.set_occur(Occur::Must);
                }
                match (pending_or, nodes.pop()) {
                    (
                        true,
                        Some(Node::Or {
                            occur,
                            mut alternatives,
                        }),
                    ) => {
                        alternatives.push(node);
                        nodes.push(Node::Or {
                            occur,
                            alternatives,
                        });
                    }
                    (true, Some(previous)) => {
                        // The alternatives take part as one; a `+` or `-`
                        // on the first applies to the whole.
                        let occur = previous.occur();
                        let mut first = previous;
                        first.set_occur(Occur::Should);
                        if node.occur() != Occur::MustNot {
                            node.set_occur(Occur::Should);
                        }
                        nodes.push(Node::Or {
                            occur,
                            alternatives: vec![first, node],
                        });
                    }
                    (_, previous) => {
                        nodes.extend(previous);
                        nodes.push(node);
                    }
                }
                pending_or = false;
                pending_and = false;
            }
        }
    }
    nodes
}

/// Parses a query string into nodes.
///
/// ```
/// use search_core::query::{parse, Node, Occur, Scope};
/// let nodes = parse(r#"+cloud -outage title:AWS "云计算 市场" 阿里云 OR 腾讯云"#);
/// assert_eq!(nodes.len(), 5);
/// assert_eq!(nodes[0].occur(), Occur::Must);
/// assert_eq!(nodes[1].occur(), Occur::MustNot);
/// let Node::Clause(title) = &nodes[2] else { panic!() };
/// assert_eq!(title.scope, Scope::Title);
/// let Node::Clause(phrase) = &nodes[3] else { panic!() };
/// assert!(phrase.phrase && phrase.text == "云计算 市场");
/// assert!(matches!(&nodes[4], Node::Or { alternatives, .. } if alternatives.len() == 2));
/// // Anything parses: an unbalanced quote or parenthesis runs to the end.
/// assert_eq!(parse(r#"cloud "unfinished"#).len(), 2);
/// assert_eq!(parse("(a b").len(), 1);
/// ```
pub fn parse(query: &str) -> Vec<Node> {
    let mut parser = Parser {
        chars: query.chars().collect(),
        at: 0,
    };
    combine(parser.items(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(occur: Occur, scope: Scope, phrase: bool, text: &str) -> Node {
        Node::Clause(Clause {
            occur,
            scope,
            phrase,
            text: text.to_string(),
        })
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
            ("OR", vec![]),
            ("AND cloud OR", vec![c(Should, All, false, "cloud")]),
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
            // Lower-case or/and are words.
            (
                "this or that",
                vec![
                    c(Should, All, false, "this"),
                    c(Should, All, false, "or"),
                    c(Should, All, false, "that"),
                ],
            ),
            (
                "a AND b c",
                vec![
                    c(Must, All, false, "a"),
                    c(Must, All, false, "b"),
                    c(Should, All, false, "c"),
                ],
            ),
            (
                "cloud aws OR azure OR \"google cloud\"",
                vec![
                    c(Should, All, false, "cloud"),
                    Node::Or {
                        occur: Should,
                        alternatives: vec![
                            c(Should, All, false, "aws"),
                            c(Should, All, false, "azure"),
                            c(Should, All, true, "google cloud"),
                        ],
                    },
                ],
            ),
            (
                "-(aws OR azure) title:(云计算 市场)",
                vec![
                    Node::Or {
                        occur: MustNot,
                        alternatives: vec![
                            c(Should, All, false, "aws"),
                            c(Should, All, false, "azure"),
                        ],
                    },
                    Node::Group {
                        occur: Should,
                        nodes: vec![
                            c(Should, Title, false, "云计算"),
                            c(Should, Title, false, "市场"),
                        ],
                    },
                ],
            ),
            (
                "((a))) b",
                vec![c(Should, All, false, "a"), c(Should, All, false, "b")],
            ),
            (
                "f(x)",
                vec![c(Should, All, false, "f"), c(Should, All, false, "x")],
            ),
        ];
        for (q, expected) in table {
            assert_eq!(parse(q), expected, "parsing {q:?}");
        }
    }
}
