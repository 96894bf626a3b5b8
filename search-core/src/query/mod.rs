//! Queries: [`parse`] reads the syntax into nodes, [`build`] turns them
//! into tiers of tantivy queries from the analyzer's tokens and the
//! matching strategy.

pub mod build;
pub mod parse;

pub use build::{build, BuiltQuery, Context, Tier, Weights, When};
pub use parse::{parse, Clause, Node, Occur, Scope};
