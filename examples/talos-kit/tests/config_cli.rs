//! The `talos-kit config` commands as a user runs them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn talos_kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talos-kit"))
        .args(args)
        .output()
        .expect("talos-kit runs")
}

fn stability(version: &str) -> PathBuf {
    std::env::var_os("TALOS_CORPUS")
        .map_or_else(
            || {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../../../shared/corpus/talos-v1.14.0-rc.1")
            },
            PathBuf::from,
        )
        .join("pkg/machinery/config/types/v1alpha1/testdata/stability")
        .join(version)
        .join("base-controlplane.yaml")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn fmt_reproduces_talos_output_and_checks() {
    let file = stability("v1.14");
    let path = file.to_str().expect("UTF-8 path");
    let out = talos_kit(&["config", "fmt", path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, std::fs::read(&file).unwrap());
    assert!(
        talos_kit(&["config", "fmt", "--check", path])
            .status
            .success()
    );

    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.yaml");
    std::fs::write(
        &messy,
        "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: 'stable' # comment\n",
    )
    .unwrap();
    let messy = messy.to_str().unwrap();
    assert!(
        !talos_kit(&["config", "fmt", "--check", messy])
            .status
            .success()
    );
    let written = dir.path().join("out.yaml");
    let out = talos_kit(&["config", "fmt", messy, "-o", written.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"
    );
}

#[test]
fn invalid_config_reports_talos_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nmtu: abc\n",
    )
    .unwrap();
    let out = talos_kit(&["config", "fmt", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "error decoding document v1alpha1/LinkConfig/eth0 (line 1): error decoding LinkConfig to *network.LinkConfigV1Alpha1: yaml: construct errors: line 4: cannot construct !!str `abc` into uint32"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn kinds_get_and_check_version() {
    let listing = text(&talos_kit(&["config", "kinds"]).stdout);
    assert_eq!(listing.lines().count(), 1 + 89, "{listing}");
    assert!(listing.contains("RoutingRuleConfig"));
    let old = text(&talos_kit(&["config", "kinds", "--talos", "1.12"]).stdout);
    assert!(
        !old.contains("RoutingRuleConfig") && old.contains("LinkConfig"),
        "{old}"
    );

    let file = stability("v1.14");
    let path = file.to_str().unwrap();
    let kubelet = text(&talos_kit(&["config", "get", path, "KubeletConfig"]).stdout);
    assert!(
        kubelet.starts_with("apiVersion: v1alpha1\nkind: KubeletConfig\n"),
        "{kubelet}"
    );

    let out = talos_kit(&["config", "check-version", path, "--talos", "1.13"]);
    assert!(!out.status.success());
    assert!(text(&out.stdout).contains("KubeletConfig needs Talos >= 1.14"));
    let legacy = stability("v1.13");
    let out = talos_kit(&[
        "config",
        "check-version",
        legacy.to_str().unwrap(),
        "--talos",
        "v1.13.2",
    ]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn check_version_names_newer_fields() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("skew.yaml");
    std::fs::write(
        &file,
        "version: v1alpha1\nmachine:\n  type: worker\n  features:\n    imageCache:\n      localEnabled: true\n\
         ---\napiVersion: v1alpha1\nkind: SideroLinkConfig\napiUrl: https://siderolink.example.com:8099\nuniqueToken: abc\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();

    let out = talos_kit(&["config", "check-version", "--target", "1.8", path]);
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stdout),
        "v1alpha1: .machine.features.imageCache needs Talos >= 1.9\n\
         SideroLinkConfig: .uniqueToken needs Talos >= 1.10\n"
    );
    let out = talos_kit(&["config", "check-version", "--target", "1.9", path]);
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stdout),
        "SideroLinkConfig: .uniqueToken needs Talos >= 1.10\n"
    );
    let out = talos_kit(&["config", "check-version", "--talos", "v1.10.3", path]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stdout),
        format!("{path}: every document and field is known to Talos 1.10\n")
    );

    // a 1.13 configuration for a 1.8 machine: one newer v1alpha1 field and two newer kinds
    let v1_13 = stability("v1.13");
    let out = talos_kit(&[
        "config",
        "check-version",
        "--target",
        "1.8",
        v1_13.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stdout)
            .contains("v1alpha1: .machine.install.grubUseUKICmdline needs Talos >= 1.12\n"),
        "{}",
        text(&out.stdout)
    );
}
