//! Talos' own encoder output from the rc.1 corpus (per-kind fixtures and `gen config`
//! stability files for every version contract) loads and re-encodes byte for byte. This
//! covers the rc.1-only kinds the alpha.2 oracle cannot load.

mod common;

use std::path::{Path, PathBuf};

use common::corpus;
use talos_config::Config;

/// Fixtures Talos only reads (Go would not print them this way).
const INPUT_ONLY: &[&str] = &[
    "volumeconfig_tpm_encryption_with_pcr_settings.yaml",
    "volumeconfig_tpm_encryption_no_options.yaml",
    "volumeconfig_tpm_encryption_with_pcrs_disabled.yaml",
];

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let types = corpus().join("pkg/machinery/config/types");
    let mut files = Vec::new();
    yaml_files(&types, &mut files);
    files.retain(|path| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let dir = path.to_string_lossy();
        // Encoder output only: per-kind testdata and the versioned gen-config outputs.
        let generated = dir.contains("/testdata/stability/v1.") || !dir.contains("/v1alpha1/");
        generated && !dir.contains("/meta/testdata/") && !INPUT_ONLY.contains(&name)
    });
    files.sort();
    files
}

#[test]
fn encoder_output_round_trips_byte_for_byte() {
    let files = fixtures();
    assert!(files.len() > 150, "found only {} fixtures", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("readable fixture");
        match Config::from_bytes(&bytes) {
            Ok(config) => {
                if config.encode().as_bytes() != bytes {
                    failures.push(format!("{}: re-encoding differs", path.display()));
                }
                assert_eq!(config.to_bytes(), bytes, "unchanged config keeps its bytes");
            }
            Err(err) => failures.push(format!("{}: {err}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn input_only_fixtures_load() {
    let dir = corpus().join("pkg/machinery/config/types/block/testdata");
    for name in INPUT_ONLY {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        Config::from_bytes(&bytes).unwrap_or_else(|err| panic!("{name}: {err}"));
    }
}

#[test]
fn version_check_names_newer_kinds() {
    let path = corpus().join(
        "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.14/base-controlplane.yaml",
    );
    let config = Config::from_file(path).expect("1.14 gen config output loads");
    let problems = config.check_version(talos_config::TalosVersion::new(1, 12));
    let kinds: Vec<&str> = problems.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&"KubeletConfig"), "{kinds:?}");
    assert!(!kinds.contains(&"HostnameConfig"), "{kinds:?}");
    assert!(
        config
            .check_version(talos_config::TalosVersion::new(1, 14))
            .is_empty()
    );
}

#[test]
fn facts_come_from_either_generation() {
    let stability = corpus().join("pkg/machinery/config/types/v1alpha1/testdata/stability");
    let new = Config::from_file(stability.join("v1.14/base-controlplane.yaml")).expect("loads");
    let old = Config::from_file(stability.join("v1.13/base-controlplane.yaml")).expect("loads");
    for config in [&new, &old] {
        assert_eq!(config.cluster_name(), Some("base"));
        assert_eq!(
            config.machine_type(),
            Some(talos_config::types::v1alpha1::MachineType::ControlPlane)
        );
    }
    // `gen config` without an install disk writes no UnattendedInstallConfig in 1.14.
    assert_eq!(new.install_disk(), None);
    assert_eq!(old.install_disk(), None);
    let unattended = Config::from_bytes(
        b"apiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n    image: ghcr.io/siderolabs/installer:v1.14.0\nprovisioning:\n    diskSelector:\n        match: disk.dev_path == \"/dev/sda\"\n",
    )
    .expect("loads");
    assert_eq!(
        unattended.install_disk(),
        Some("disk.dev_path == \"/dev/sda\"")
    );
    assert_eq!(
        unattended.install_image(),
        Some("ghcr.io/siderolabs/installer:v1.14.0")
    );
    assert_eq!(new.discovery_endpoints(), ["https://discovery.talos.dev/"]);
}
