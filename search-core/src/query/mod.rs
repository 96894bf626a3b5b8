//! Queries: [`parse`] reads the syntax, [`build`] turns clauses into a
//! tantivy query from the analyzer's tokens.

pub mod build;
pub mod parse;

pub use build::{build, BuiltQuery, Context, Weights};
pub use parse::{parse, Clause, Occur, Scope};
