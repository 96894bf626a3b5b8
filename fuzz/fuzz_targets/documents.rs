//! `cargo fuzz run documents`: see `test_kit::fuzz::check_documents` for what it checks.

#![no_main]

libfuzzer_sys::fuzz_target!(
    init: test_kit::fuzz::warm_up(),
    |data: &[u8]| test_kit::fuzz::check_documents(data)
);
