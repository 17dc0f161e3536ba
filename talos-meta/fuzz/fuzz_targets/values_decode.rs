//! The INSTALLER_META_BASE64 decoder on arbitrary text; what decodes re-encodes alike.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_meta::values::Values;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Values::from_kernel_cmdline(text);
    if let Ok(values) = Values::decode(text) {
        for gzip in [false, true] {
            let encoded = values.encode(gzip).expect("decoded values never hold ';'");
            assert_eq!(Values::decode(&encoded).expect("own output decodes"), values);
        }
    }
});
