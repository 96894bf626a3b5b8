//! `analysis`: MB/s of our analyzer on Chinese, English and mixed text, next
//! to raw jieba-rs (`cut` and `cut_for_search`) and a tantivy-jieba chain on
//! the same Chinese text, and tantivy's own tokenizers on the same English
//! text. Each system analyses every document of the set, over and over, in
//! rounds that rotate between systems; the figure is the median round.

use std::time::Instant;

use jieba_rs::Jieba;
use search_core::analysis::Analyzer;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

use test_kit::baseline::{self, Baseline};
use test_kit::data;
use test_kit::stats::median;

use crate::report::{Cell, Report, Table};
use crate::Options;

/// A system under test: analyses one text, returns its token count.
type System<'a> = (&'static str, Box<dyn Fn(&str) -> usize + 'a>);

/// Tokens of `text` through a tantivy analyzer.
fn tantivy_tokens(analyzer: &TextAnalyzer, text: &str) -> usize {
    let mut analyzer = analyzer.clone();
    let mut n = 0;
    analyzer.token_stream(text).process(&mut |_| n += 1);
    n
}

/// Times each system on `texts` (each pass ≥ `pass_bytes`) over `rounds`
/// rounds and adds one row per system: MB/s and the ratio to the first.
fn measure(
    table: &mut Table,
    set: &str,
    texts: &[String],
    systems: &[System],
    pass_bytes: usize,
    rounds: usize,
) -> Result<Vec<f64>, String> {
    let set_bytes: usize = texts.iter().map(String::len).sum();
    let repeats = pass_bytes.div_ceil(set_bytes.max(1));
    let mut secs = vec![Vec::new(); systems.len()];
    let mut tokens = vec![0; systems.len()];
    for round in 0..rounds {
        for k in 0..systems.len() {
            let i = (k + round) % systems.len();
            let (_, analyse) = &systems[i];
            let t = Instant::now();
            let mut n = 0;
            for _ in 0..repeats {
                for text in texts {
                    n += analyse(std::hint::black_box(text));
                }
            }
            secs[i].push(t.elapsed().as_secs_f64());
            tokens[i] = n / repeats;
        }
    }
    let bytes = (set_bytes * repeats) as f64;
    let mbps = secs
        .iter_mut()
        .map(|s| {
            median(s)
                .map(|secs| bytes / secs / 1e6)
                .ok_or("no timed rounds")
        })
        .collect::<Result<Vec<f64>, _>>()?;
    for (i, (name, _)) in systems.iter().enumerate() {
        table.row(vec![
            Cell::text(set),
            Cell::text(*name),
            Cell::Int(tokens[i] as u64),
            Cell::Num(mbps[i], 1),
            if i == 0 {
                Cell::Empty
            } else {
                Cell::Num(mbps[i] / mbps[0], 2)
            },
        ]);
    }
    Ok(mbps)
}

/// Runs the mode.
pub fn run(o: &Options, report: &mut Report) -> Result<(), String> {
    let Some(collection) = data::load(&o.data, None, "analysis").map_err(|e| e.to_string())? else {
        return Ok(());
    };
    let [(_, zh), (_, en), (_, mixed)] = data::analysis_sets(&collection.docs);

    // Dictionaries load before any timing.
    let ours = Analyzer::default();
    ours.analyze("預熱 warm-up");
    let jieba = Jieba::new();
    let tokenizers = TokenizerManager::default();
    let tantivy_default = tokenizers.get("default").ok_or("no default tokenizer")?;
    let tantivy_en_stem = tokenizers.get("en_stem").ok_or("no en_stem tokenizer")?;
    let base = Baseline::create(None, baseline::Tokenizer::Jieba).map_err(|e| e.to_string())?;
    base.load_dictionary();
    let jieba_chain = base
        .index
        .tokenizers()
        .get("jieba")
        .ok_or("no jieba tokenizer")?;

    let for_each_token = || -> System {
        (
            "bilingual-search for_each_token",
            Box::new(|t: &str| {
                let mut n = 0;
                ours.for_each_token(t, |_, _, _, _, _| n += 1);
                n
            }),
        )
    };
    let analyze = || -> System {
        (
            "bilingual-search analyze",
            Box::new(|t: &str| ours.analyze(t).len()),
        )
    };
    let chain = || -> System {
        (
            "tantivy-jieba (cut) + lowercase chain",
            Box::new(|t: &str| tantivy_tokens(&jieba_chain, t)),
        )
    };

    let (pass_bytes, rounds) = if o.quick {
        (300_000, 3)
    } else {
        (3_000_000, 9)
    };
    let mut table = Table::new(
        "Analysis throughput",
        &["text", "system", "tokens", "MB/s", "× first row"],
    );
    table.note(format!(
        "Each document's `title\\nbody` analysed in turn (XQuAD: {} Chinese, {} English documents; mixed = one English and one Chinese paragraph per text); MB = 10⁶ bytes of input; median of {rounds} rounds of ≥ {:.1} MB, systems rotated within each round. Ours includes normalisation (width, case, accents, traditional→simplified), script runs, sub-words and stemming.",
        zh.len(), en.len(), pass_bytes as f64 / 1e6
    ));
    table.note("Ratios are to the first row of each text: raw jieba `cut` (HMM on) for Chinese, tantivy's default tokenizer for English, the tantivy-jieba chain for mixed.");
    let zh_mbps = measure(
        &mut table,
        "Chinese",
        &zh,
        &[
            ("jieba-rs cut", Box::new(|t: &str| jieba.cut(t, true).len())),
            (
                "jieba-rs cut_for_search",
                Box::new(|t: &str| jieba.cut_for_search(t, true).len()),
            ),
            chain(),
            for_each_token(),
            analyze(),
        ],
        pass_bytes,
        rounds,
    )?;
    report.figures.zh_analysis_vs_cut = Some(zh_mbps[3] / zh_mbps[0]);
    measure(
        &mut table,
        "English",
        &en,
        &[
            (
                "tantivy default tokenizer",
                Box::new(|t: &str| tantivy_tokens(&tantivy_default, t)),
            ),
            (
                "tantivy en_stem tokenizer",
                Box::new(|t: &str| tantivy_tokens(&tantivy_en_stem, t)),
            ),
            for_each_token(),
            analyze(),
        ],
        pass_bytes,
        rounds,
    )?;
    measure(
        &mut table,
        "mixed",
        &mixed,
        &[chain(), for_each_token(), analyze()],
        pass_bytes,
        rounds,
    )?;
    report.table(table);
    Ok(())
}
