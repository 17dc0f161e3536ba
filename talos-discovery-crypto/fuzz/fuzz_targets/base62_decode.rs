//! The base62 decoder on arbitrary text, and the encoder's round trip on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_discovery_crypto::base62;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(decoded) = base62::decode(text)
    {
        // Non-canonical strings decode too; their bytes must then round-trip.
        assert_eq!(base62::decode(&base62::encode(&decoded)), Ok(decoded));
    }
    let encoded = base62::encode(data);
    assert!(encoded.bytes().all(|byte| byte.is_ascii_alphanumeric()));
    assert_eq!(base62::decode(&encoded).as_deref(), Ok(data));
});
