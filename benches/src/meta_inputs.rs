//! The META inputs every benchmark uses, so criterion and `compare` measure the same thing.

use talos_meta::values::{Value, Values};
use talos_meta::{META_PARTITION_LEN, Meta, keys};

/// A realistic network config for key 0x0a (a bond, a VLAN, routes, resolvers).
pub const NETWORK_CONFIG: &str = include_str!("../../examples/talos-kit/src/default-network.yaml");

/// The keys a provisioned node typically carries.
pub fn typical_entries() -> Vec<(u8, Vec<u8>)> {
    vec![
        (keys::UPGRADE, b"A".to_vec()),
        (
            keys::METAL_NETWORK_PLATFORM_CONFIG,
            NETWORK_CONFIG.as_bytes().to_vec(),
        ),
        (keys::DOWNLOAD_URL_CODE, b"c0ffee42".to_vec()),
        (
            keys::USER_RESERVED1,
            br#"{"machineLabels":{"rack":"r12","zone":"b"}}"#.to_vec(),
        ),
        (
            keys::UUID_OVERRIDE,
            b"2f8c4e1a-7d3b-4c9e-a1f0-5b6d7e8f9a0b".to_vec(),
        ),
    ]
}

/// A 1 MiB META partition holding [`typical_entries`].
pub fn typical_partition() -> Vec<u8> {
    let mut meta = Meta::empty();
    for (key, value) in typical_entries() {
        meta.set(key, value).expect("typical entries fit");
    }
    meta.to_partition_bytes(META_PARTITION_LEN)
        .expect("1 MiB is a valid partition size")
}

/// The values an imager would put on a kernel command line (large enough to gzip).
pub fn typical_values() -> Values {
    Values(
        typical_entries()
            .into_iter()
            .filter(|(key, _)| *key != keys::UPGRADE)
            .map(|(key, value)| Value::new(key, value))
            .collect(),
    )
}
