//! `search-server query`: ranked hits with highlighted snippets.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use search_core::{SearchRequest, SearchResponse};
use search_server::terminal::render;
use search_server::Result;

use crate::cli::QueryArgs;

pub fn run(args: QueryArgs) -> Result<ExitCode> {
    let engine = super::open_existing(&args.location)?;
    let request = SearchRequest {
        q: args.text.join(" "),
        lang: args.lang,
        limit: args.limit,
        offset: args.offset,
        cross_lingual: args.cross_lingual,
        matching_strategy: args.matching_strategy,
        sort: args.sort,
        ..SearchRequest::default()
    };
    let response = engine.search(&request)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&response).map_err(std::io::Error::other)?;
        writeln!(out, "{json}")?;
    } else {
        let colour = std::io::stdout().is_terminal();
        print_hits(&mut out, &request, &response, colour)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_hits(
    out: &mut impl Write,
    request: &SearchRequest,
    response: &SearchResponse,
    colour: bool,
) -> std::io::Result<()> {
    let (bold, dim, reset) = if colour {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    writeln!(
        out,
        "{} hits for {:?} ({:.1} ms)",
        response.total, request.q, response.took_ms
    )?;
    for (i, hit) in response.hits.iter().enumerate() {
        let mut meta = vec![hit.lang.join("+")];
        for key in ["source", "published"] {
            if let Some(value) = hit.fields.get(key).and_then(|v| v.as_str()) {
                meta.push(value.to_string());
            }
        }
        meta.push(hit.id.clone());
        writeln!(out)?;
        writeln!(
            out,
            "{:>3}. {bold}{}{reset}",
            request.offset + i + 1,
            render(&hit.title, colour)
        )?;
        writeln!(
            out,
            "     {dim}{}  (score {:.2}){reset}",
            meta.join(" · "),
            hit.score
        )?;
        if let Some(snippet) = &hit.snippet {
            writeln!(out, "     {}", render(snippet, colour))?;
        }
    }
    Ok(())
}
