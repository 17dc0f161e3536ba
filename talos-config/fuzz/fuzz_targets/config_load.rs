//! Arbitrary bytes into the configuration loader: it must never panic or blow up on alias
//! bombs (go-yaml's aliasing budget applies), and whatever it accepts must encode to text
//! that loads again and encodes to the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(config) = Config::from_bytes(data) else {
        return;
    };
    let text = config.encode();
    let again = Config::from_bytes(text.as_bytes())
        .unwrap_or_else(|err| panic!("cannot load its own encoding ({err}):\n{text}"));
    assert_eq!(again.encode(), text, "encoding is not stable");
});
