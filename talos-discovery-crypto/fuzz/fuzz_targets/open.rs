//! `ClusterKey::open` on arbitrary blobs, and on authentic blobs around arbitrary plaintext
//! (so the protobuf decoder behind the tag check is reached too).
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_discovery_crypto::prost::Message as _;
use talos_discovery_crypto::{ClusterKey, NONCE_LEN, OpenError};

fuzz_target!(|data: &[u8]| {
    let Ok(key) = ClusterKey::from_bytes(&[0x5a; 32]) else {
        return;
    };

    // Forged blobs: anything may come in, nothing may panic, and nothing verifies by chance.
    if let Ok(affiliate) = key.open(data) {
        panic!("a forged blob opened: {affiliate:?}");
    }

    // Authentic blobs: the tag verifies and the plaintext comes back unchanged.
    let nonce = [7u8; NONCE_LEN];
    let Ok(blob) = key.seal_with_nonce(data, &nonce) else {
        return;
    };
    assert_eq!(key.open_plaintext(&blob).as_deref(), Ok(data));
    match key.open(&blob) {
        Ok(affiliate) => {
            let again = talos_discovery_crypto::payload::Affiliate::decode(
                affiliate.encode_to_vec().as_slice(),
            );
            assert_eq!(again.as_ref(), Ok(&affiliate));
        }
        Err(OpenError::Protobuf(_)) => {}
        Err(other) => panic!("an authentic blob failed with {other}"),
    }
});
