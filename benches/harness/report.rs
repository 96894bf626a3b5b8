//! What the modes measure, collected in one place: tables (printed as
//! Markdown as they are produced, or as one JSON document at the end), the
//! headline figures checked against the project's targets, and the points
//! of the plot.

use serde_json::{json, Value};

/// One table cell.
pub enum Cell {
    /// Text as is.
    Text(String),
    /// A number shown with this many decimals (JSON keeps it whole).
    Num(f64, usize),
    /// A count.
    Int(u64),
    /// Nothing to show (a baseline row's ratio column).
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number, or an empty cell where there is none (a percentile of no
    /// samples).
    pub fn maybe(v: Option<f64>, decimals: usize) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Num(v, decimals))
    }

    fn markdown(&self) -> String {
        match self {
            Cell::Text(s) => s.replace('|', "\\|"),
            Cell::Num(v, decimals) => format!("{v:.decimals$}"),
            Cell::Int(v) => v.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Num(v, _) => json!(v),
            Cell::Int(v) => json!(v),
            Cell::Empty => Value::Null,
        }
    }
}

/// A table of results.
pub struct Table {
    /// Heading.
    pub title: String,
    /// Sentences printed under the heading: what was measured and how.
    pub notes: Vec<String>,
    /// Column names.
    pub columns: Vec<&'static str>,
    /// Rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table.
    pub fn new(title: impl Into<String>, columns: &[&'static str]) -> Table {
        Table {
            title: title.into(),
            notes: Vec::new(),
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a sentence under the heading.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "{}", self.title);
        self.rows.push(cells);
    }

    /// The table in Markdown, heading level `###`.
    pub fn markdown(&self) -> String {
        let mut out = format!("### {}\n\n", self.title);
        for note in &self.notes {
            out.push_str(note);
            out.push('\n');
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("| {} |\n", self.columns.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(self.columns.len())));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(Cell::markdown).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }

    /// The table as JSON: its title, notes, and one object per row.
    pub fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let fields = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.to_string(), v.json()))
                    .collect::<serde_json::Map<_, _>>();
                Value::Object(fields)
            })
            .collect();
        json!({"title": self.title, "notes": self.notes, "rows": rows})
    }
}

/// The headline figures, compared with the targets of issue 4.
#[derive(Default)]
pub struct Figures {
    /// Our Chinese analysis (`for_each_token`) ÷ raw jieba `cut`, MB/s.
    pub zh_analysis_vs_cut: Option<f64>,
    /// Our indexing ÷ the tantivy + jieba baseline, MB/s, per writer thread
    /// count, at the largest corpus.
    pub index_vs_baseline: Vec<(usize, usize, f64)>,
    /// Worst task's p99 with snippets, 1 thread, at the largest corpus of at
    /// most 100k documents: (documents, task, µs).
    pub query_p99_us: Option<(usize, String, f64)>,
    /// Process start to first answered query, in seconds.
    pub cold_start_s: Option<f64>,
    /// HTTP at concurrency 32: requests/s, p99 ms, errors (all levels).
    pub http_c32: Option<(f64, f64, u64)>,
    /// Server peak RSS in MB and the documents it served.
    pub server_rss_mb: Option<(f64, usize)>,
}

impl Figures {
    /// One row per target: the target, the figure measured, met or not.
    pub fn targets(&self) -> Table {
        let mut t = Table::new("Targets", &["target", "measured", "met"]);
        t.note("Each target of issue 4 with the figure from this run; `not measured` when its mode did not run.");
        // `met` is `None` when the figure was measured below the target's size.
        let mut row = |target: &str, figure: Option<(String, Option<bool>)>| {
            let (measured, met) = match figure {
                Some((text, Some(true))) => (text, "yes"),
                Some((text, Some(false))) => (text, "no"),
                Some((text, None)) => (text, "— (smaller corpus)"),
                None => ("not measured".to_string(), "—"),
            };
            t.row(vec![
                Cell::text(target),
                Cell::Text(measured),
                Cell::text(met),
            ]);
        };
        row(
            "Chinese analysis ≥ 0.67× raw jieba `cut`",
            self.zh_analysis_vs_cut
                .map(|r| (format!("{r:.2}×"), Some(r >= 0.67))),
        );
        if self.index_vs_baseline.is_empty() {
            row("indexing ≥ 1.0× plain tantivy + jieba (MB/s)", None);
        }
        for (docs, threads, r) in &self.index_vs_baseline {
            row(
                &format!("indexing ≥ 1.0× plain tantivy + jieba (MB/s), {threads} thread(s), {docs} docs"),
                Some((format!("{r:.2}×"), Some(*r >= 1.0))),
            );
        }
        row(
            "query with snippets p99 ≤ 2 ms at 100k docs, 1 thread",
            self.query_p99_us.as_ref().map(|(docs, task, us)| {
                (
                    format!("{:.2} ms (worst task: {task}, {docs} docs)", us / 1000.0),
                    (*docs >= 100_000).then_some(*us <= 2000.0),
                )
            }),
        );
        row(
            "HTTP ≥ 4,000 req/s at concurrency 32",
            self.http_c32
                .map(|(rps, _, _)| (format!("{rps:.0} req/s"), Some(rps >= 4000.0))),
        );
        row(
            "HTTP p99 ≤ 20 ms at concurrency 32",
            self.http_c32
                .map(|(_, p99, _)| (format!("{p99:.2} ms"), Some(p99 <= 20.0))),
        );
        row(
            "HTTP zero errors",
            self.http_c32
                .map(|(_, _, errors)| (format!("{errors} errors"), Some(errors == 0))),
        );
        row(
            "cold start ≤ 0.5 s",
            self.cold_start_s
                .map(|s| (format!("{s:.3} s"), Some(s <= 0.5))),
        );
        row(
            "server RSS ≤ 300 MB at 100k docs",
            self.server_rss_mb.map(|(mb, docs)| {
                (
                    format!("{mb:.0} MB peak at {docs} docs"),
                    (docs >= 100_000).then_some(mb <= 300.0),
                )
            }),
        );
        t
    }
}

/// One index build, for the plot.
pub struct IndexPoint {
    pub docs: usize,
    pub threads: usize,
    pub system: &'static str,
    pub secs: f64,
}

/// Query latency at one corpus size (1 thread, all queries), for the plot.
pub struct QueryPoint {
    pub docs: usize,
    pub system: &'static str,
    pub p50_us: f64,
    pub p99_us: f64,
}

/// Everything a run measured.
pub struct Report {
    json: bool,
    targets_added: bool,
    pub tables: Vec<Table>,
    pub figures: Figures,
    pub index_points: Vec<IndexPoint>,
    pub query_points: Vec<QueryPoint>,
}

impl Report {
    /// An empty report; with `json`, tables are printed at the end as JSON.
    pub fn new(json: bool) -> Report {
        Report {
            json,
            targets_added: false,
            tables: Vec::new(),
            figures: Figures::default(),
            index_points: Vec::new(),
            query_points: Vec::new(),
        }
    }

    /// Adds a table, printing it now unless the output is JSON.
    pub fn table(&mut self, table: Table) {
        if !self.json {
            println!("{}", table.markdown());
        }
        self.tables.push(table);
    }

    /// Adds the targets table, once, if anything was measured.
    pub fn add_targets(&mut self) {
        if self.targets_added {
            return;
        }
        self.targets_added = true;
        let f = &self.figures;
        let measured = f.zh_analysis_vs_cut.is_some()
            || !f.index_vs_baseline.is_empty()
            || f.query_p99_us.is_some()
            || f.cold_start_s.is_some()
            || f.http_c32.is_some();
        if measured {
            let targets = f.targets();
            self.table(targets);
        }
    }

    /// Adds the targets table and, for JSON output, prints everything.
    pub fn finish(&mut self) {
        self.add_targets();
        if self.json {
            let tables: Vec<Value> = self.tables.iter().map(Table::json).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "tables": tables })).unwrap_or_default()
            );
        }
    }
}
