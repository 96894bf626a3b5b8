//! `cargo fuzz run documents`: see `check_documents` in src/lib.rs for what it checks.

#![no_main]

libfuzzer_sys::fuzz_target!(
    init: bilingual_search_fuzz::warm_up(),
    |data: &[u8]| bilingual_search_fuzz::check_documents(data)
);
