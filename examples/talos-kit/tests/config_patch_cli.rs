//! `talos-kit config patch` as a deployment script runs it (in place of
//! `talosctl machineconfig patch`).

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn talos_kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talos-kit"))
        .args(args)
        .output()
        .expect("talos-kit runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

const WORKER: &str = "version: v1alpha1\nmachine:\n    type: worker\n    certSANs: [a]\n";

#[test]
fn file_inline_and_json_patches_apply_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("worker.yaml");
    std::fs::write(&config, WORKER).unwrap();
    let from_file = dir.path().join("hostname.yaml");
    std::fs::write(&from_file, "machine:\n  network:\n    hostname: node-1\n").unwrap();
    let at_file = format!("@{}", from_file.display());
    let out = talos_kit(&[
        "config",
        "patch",
        config.to_str().unwrap(),
        "-p",
        &at_file,
        "--patch",
        "machine:\n  certSANs: [b]\n",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs:\n        - a\n        - b\n    network:\n        hostname: node-1\ncluster: null\n"
    );

    // A JSON patch last: the JSON patch library's YAML (2-space indentation, sorted keys).
    let out = talos_kit(&[
        "config",
        "patch",
        config.to_str().unwrap(),
        "-p",
        r#"[{"op": "replace", "path": "/machine/type", "value": "controlplane"}]"#,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "machine:\n  certSANs:\n  - a\n  type: controlplane\nversion: v1alpha1\n"
    );
}

#[test]
fn output_file_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_talos-kit"))
        .args([
            "config",
            "patch",
            "-",
            "-p",
            "machine:\n  certSANs:\n    $patch: delete\n",
            "-o",
            out_path.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(WORKER.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs: []\ncluster: null\n"
    );
}

#[test]
fn errors_keep_talos_wording_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("worker.yaml");
    std::fs::write(&config, WORKER).unwrap();
    let path = config.to_str().unwrap();

    let out = talos_kit(&[
        "config",
        "patch",
        path,
        "-p",
        "machine:\n  network:\n    hostname:\n      $patch: delete\n",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed"
        ),
        "{}",
        text(&out.stderr)
    );

    let out = talos_kit(&["config", "patch", path, "-p", "missing-patch.yaml"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("open missing-patch.yaml: no such file or directory"),
        "{}",
        text(&out.stderr)
    );

    // Nothing is written when patching fails.
    let out_path = dir.path().join("never.yaml");
    let out = talos_kit(&[
        "config",
        "patch",
        path,
        "-p",
        "apiVersion: v1alpha1\nkind: NoSuchConfig\n",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("\"NoSuchConfig\" \"v1alpha1\": not registered"));
    assert!(!out_path.exists());
}
