//! `cargo fuzz run query`: see `test_kit::fuzz::check_query` for what it checks.

#![no_main]

libfuzzer_sys::fuzz_target!(
    init: test_kit::fuzz::warm_up(),
    |data: &[u8]| test_kit::fuzz::check_query(data)
);
