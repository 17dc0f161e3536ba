//! The Talos ADV reader on arbitrary bytes, both as a raw partition and as the entry area
//! of a copy whose magics and checksum are made valid (so the entry walk is reached).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use talos_meta::Meta;
use talos_meta::adv::{COPY_LEN, DATA_LEN, MAGIC1, MAGIC2, TalosAdv};

fuzz_target!(|data: &[u8]| {
    let _ = Meta::from_bytes(data, data.first().is_some_and(|b| b & 1 == 1));

    let mut copy = vec![0u8; COPY_LEN];
    copy[..4].copy_from_slice(&MAGIC1.to_be_bytes());
    let entries = &data[..data.len().min(DATA_LEN)];
    copy[4..4 + entries.len()].copy_from_slice(entries);
    copy[COPY_LEN - 4..].copy_from_slice(&MAGIC2.to_be_bytes());
    let digest = Sha256::digest(&copy);
    copy[COPY_LEN - 36..COPY_LEN - 4].copy_from_slice(&digest);
    if let Ok(adv) = TalosAdv::parse_copy(&copy) {
        // Whatever reads must write back (unless a wide tag folded onto key 0) and re-read.
        if let Ok(written) = adv.to_copy() {
            assert_eq!(TalosAdv::parse_copy(&written).expect("own output parses"), adv);
        }
    }
});
