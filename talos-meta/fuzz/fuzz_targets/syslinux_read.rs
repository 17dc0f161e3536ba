//! The legacy syslinux ADV walker and editor on arbitrary raw bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_meta::syslinux::{AREA_LEN, LegacyAdv};

fuzz_target!(|data: &[u8]| {
    let mut raw = [0u8; AREA_LEN];
    let len = data.len().min(AREA_LEN);
    raw[..len].copy_from_slice(&data[..len]);
    let mut adv = LegacyAdv::from_raw(raw);
    let _ = adv.validate();
    for tag in adv.tags() {
        let _ = adv.get(tag);
    }
    let value = &data[len..];
    let key = data.first().copied().unwrap_or(1);
    let before = adv.clone();
    if adv.set(key, value).is_ok() {
        assert_eq!(adv.get(key), Some(value));
        assert!(adv.validate().is_ok());
    } else {
        assert_eq!(adv, before, "a failed set must not change the area");
    }
    adv.delete(key);
});
