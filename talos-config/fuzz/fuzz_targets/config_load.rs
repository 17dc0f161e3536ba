//! Arbitrary bytes into the configuration loader: it must never panic or blow up on alias
//! bombs (go-yaml's aliasing budget applies), and whatever it accepts must encode to text
//! that loads again and encodes to the same text.
//!
//! The YAML parser crate has assertions that malformed input reaches; the loader contains
//! them (they become syntax errors), so only those are let through the fuzzer's panic hook.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use talos_config::Config;

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
    let Ok(config) = Config::from_bytes(data) else {
        return;
    };
    let text = config.encode();
    let again = Config::from_bytes(text.as_bytes())
        .unwrap_or_else(|err| panic!("cannot load its own encoding ({err}):\n{text}"));
    assert_eq!(again.encode(), text, "encoding is not stable");
});
