//! `ClusterKey::decrypt_endpoint` on arbitrary blobs, and the endpoint round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_discovery_crypto::ClusterKey;
use talos_discovery_crypto::payload::Endpoint;

fuzz_target!(|data: &[u8]| {
    let Ok(key) = ClusterKey::from_bytes(&[0xa5; 16]) else {
        return;
    };

    // Whatever decrypts must survive encryption and decryption again.
    if let Ok(endpoint) = key.decrypt_endpoint(data) {
        let blob = key.encrypt_endpoint(&endpoint).expect("a decrypted endpoint re-encrypts");
        assert_eq!(key.decrypt_endpoint(&blob).as_ref(), Ok(&endpoint));
    }

    // The same bytes as an endpoint: encryption round-trips whenever it succeeds.
    let (port, ip) = data.split_at(data.len().min(4));
    let mut port_bytes = [0u8; 4];
    port_bytes[..port.len()].copy_from_slice(port);
    let endpoint = Endpoint {
        ip: ip.to_vec(),
        port: u32::from_le_bytes(port_bytes),
    };
    if let Ok(blob) = key.encrypt_endpoint(&endpoint) {
        assert_eq!(blob.len() % 16, 0);
        assert_eq!(key.decrypt_endpoint(&blob), Ok(endpoint));
    }
});
