//! Arbitrary bytes into the META network-config reader: it must never panic, and whatever it
//! accepts must write out as YAML that reads back to the same value.
//!
//! Two exceptions come from Talos' own format and are checked precisely: Go writes some zero
//! values it cannot read back (`family: Family(0)`, `vlanProtocol: VLANProtocol(0)`,
//! `flags: ""`), and Go omits a VIP block whose only setting is its address.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_meta::network::{NetworkConfigError, PlatformNetworkConfig, ValueError, VipOperator};

fuzz_target!(|data: &[u8]| {
    let strict = PlatformNetworkConfig::from_yaml_strict(data);
    let Ok(cfg) = PlatformNetworkConfig::from_yaml(data) else {
        assert!(
            strict.is_err(),
            "strict mode accepted what lenient mode refused"
        );
        return;
    };
    if let Ok(strict) = strict {
        assert_eq!(
            strict, cfg,
            "strict and lenient modes read different values"
        );
    }

    let text = cfg.to_yaml().expect("a value that was read can be written");
    match PlatformNetworkConfig::from_yaml(text.as_bytes()) {
        Ok(again) => {
            let lossy = cfg
                .operators
                .iter()
                .any(|op| op.vip.is_go_zero() && op.vip != VipOperator::default());
            if !lossy {
                assert_eq!(again, cfg, "round trip changed the value:\n{text}");
            }
            let text_again = again
                .to_yaml()
                .expect("a value that was read can be written");
            assert_eq!(text_again, text, "writing is not stable");
        }
        Err(NetworkConfigError::InvalidValue {
            source: ValueError::UnknownName { value, .. },
            ..
        }) if matches!(value.as_str(), "Family(0)" | "VLANProtocol(0)" | "") => {}
        Err(e) => panic!("cannot read back its own output ({e}):\n{text}"),
    }
});
