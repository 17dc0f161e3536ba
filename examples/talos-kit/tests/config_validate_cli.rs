//! `talos-kit config validate` as a CI job runs it (in place of `talosctl validate`).

use std::process::{Command, Output};

fn talos_kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talos-kit"))
        .args(args)
        .output()
        .expect("talos-kit runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// A worker config with just what validation needs, plus `extra` appended to `machine:`.
fn worker(extra: &str) -> String {
    format!(
        "version: v1alpha1\nmachine:\n    type: worker\n    token: abc\n    ca:\n        crt: YWJj\n    install:\n        disk: /dev/sda\n{extra}cluster:\n    controlPlane:\n        endpoint: https://10.0.0.1:6443\n    clusterName: demo\n    network:\n        dnsDomain: cluster.local\n    token: abc.def\n    ca:\n        crt: YWJj\n"
    )
}

#[test]
fn a_valid_config_says_so_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("worker.yaml");
    std::fs::write(&file, worker("")).unwrap();
    let path = file.to_str().unwrap();
    for mode in ["metal", "cloud"] {
        let out = talos_kit(&["config", "validate", "--mode", mode, "--strict", path]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            format!("{path} is valid for {mode} mode\n")
        );
    }
}

#[test]
fn errors_print_talos_text_and_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(&file, worker("    nodeLabels:\n        \"bad key!\": v\n")).unwrap();
    let path = file.to_str().unwrap();
    let out = talos_kit(&["config", "validate", "-m", "metal", path]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{path}: 1 error occurred:\n\t* v1alpha1.Config: ")),
        "{stderr}"
    );
    assert!(stderr.contains("bad key!"), "{stderr}");
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("join.yaml");
    std::fs::write(&file, worker("").replace("type: worker", "type: join")).unwrap();
    let path = file.to_str().unwrap();
    let lax = talos_kit(&["config", "validate", "-m", "cloud", path]);
    assert!(lax.status.success(), "{}", text(&lax.stderr));
    assert_eq!(
        text(&lax.stderr),
        "WARNING: use \"worker\" instead of \"join\" for machine type\n"
    );
    let strict = talos_kit(&["config", "validate", "-m", "cloud", "--strict", path]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stderr)
            .contains("* warning: use \"worker\" instead of \"join\" for machine type"),
        "{}",
        text(&strict.stderr)
    );
}

#[test]
fn json_gives_findings_with_documents() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("multi.yaml");
    let config = format!(
        "{}---\napiVersion: v1alpha1\nkind: VLANConfig\nname: eth0.5000\nvlanID: 5000\nparent: eth0\n",
        worker("")
    );
    std::fs::write(&file, config).unwrap();
    let out = talos_kit(&[
        "config",
        "validate",
        "-m",
        "metal",
        "--json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &reports[0];
    assert_eq!(report["valid"], false);
    assert_eq!(report["mode"], "metal");
    let errors = report["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e["document"] == "VLANConfig/eth0.5000"),
        "{errors:?}"
    );
    assert!(
        report["error_text"]
            .as_str()
            .unwrap()
            .contains("VLANConfig/eth0.5000: "),
        "{report}"
    );
}

#[test]
fn unknown_modes_and_unloadable_files_fail() {
    let out = talos_kit(&["config", "validate", "-m", "moon", "/nonexistent.yaml"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown mode \"moon\""));
    let out = talos_kit(&["config", "validate", "-m", "metal", "/nonexistent.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/nonexistent.yaml"));
}
