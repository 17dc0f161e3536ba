//! Arbitrary text as configuration patches (strategic merge YAML, JSON patches, garbage),
//! applied to a legacy, a multi-document and a single-document configuration: loading and
//! applying must never panic. A NUL byte splits the input into several patches.
//!
//! The YAML parser crate has assertions that malformed input reaches; the loader contains
//! them (they become syntax errors), so only those are let through the fuzzer's panic hook.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use talos_config::patch::{self, ConfigOrBytes};

static CONTAIN_PARSER_ASSERTIONS: Once = Once::new();

const CONFIGS: &[&str] = &[
    "version: v1alpha1\nmachine:\n  type: worker\n  network:\n    hostname: a\n    interfaces:\n      - interface: eth0\n        vlans: [{vlanId: 10}]\n  kubelet:\n    extraConfig:\n      a: {b: 1}\ncluster:\n  network:\n    podSubnets: [10.0.0.0/8]\n",
    "apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\naddresses:\n  - address: 10.0.0.1/24\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: a\n---\napiVersion: v1alpha1\nkind: RoutingRuleConfig\nname: \"100\"\nsrc: 10.0.0.0/8\ntable: 100\n",
    "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  diskSelector:\n    match: system_disk\n  maxSize: 10%\n",
];

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
    let texts: Vec<String> = data
        .split(|b| *b == 0)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    // Inline text only: make sure nothing is taken for a file name.
    let inline: Vec<String> = texts.iter().map(|t| format!("{t}\n")).collect();
    let Ok(patches) = patch::load_patches(&inline) else {
        return;
    };
    for config in CONFIGS {
        if let Ok(out) = patch::apply(ConfigOrBytes::Bytes(config.as_bytes().to_vec()), &patches) {
            let _ = out.into_config();
        }
    }
});
