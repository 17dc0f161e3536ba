//! The YAML fast path against libyaml: whatever the fast path reads must be what libyaml
//! reads (node trees, positions, styles, document boundaries), and the stream — fast path,
//! then libyaml from where the fast path gave up — must give exactly libyaml's documents and
//! error texts.
//!
//! The YAML parser crate has assertions that malformed input reaches; the stream contains
//! them (they become syntax errors), so only those are let through the fuzzer's panic hook.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use talos_config::yaml::check_fast_path;

static CONTAIN_PARSER_ASSERTIONS: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    CONTAIN_PARSER_ASSERTIONS.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_parser_crate = info
                .location()
                .is_some_and(|at| at.file().contains("libyaml-safer"));
            if !in_parser_crate {
                fuzzer_hook(info);
            }
        }));
    });
    if let Err(difference) = check_fast_path(data) {
        panic!("the fast path and libyaml differ on {data:?}:\n{difference}");
    }
});
