//! `talos-kit config match-disk`: the disks a volume's selector picks, before enabling it.

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

const DISKS: &str = r#"[
  {"dev_path": "/dev/sda", "size": 500107862016, "transport": "sata", "model": "Samsung SSD 860"},
  {"dev_path": "/dev/nvme0n1", "size": 1000204886016, "transport": "nvme"},
  {"dev_path": "/dev/sdb", "size": 4000787030016, "transport": "sata", "rotational": true}
]"#;

const VOLUMES: &str = concat!(
    "apiVersion: v1alpha1\nkind: VolumeConfig\nname: IMAGECACHE\n---\n",
    "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n",
    "    diskSelector:\n        match: disk.size > 2u * TB && disk.rotational\n",
    "    minSize: 1TiB\n",
);

#[test]
fn selectors_of_a_config_pick_their_disks() {
    let dir = tempfile::tempdir().unwrap();
    let disks = dir.path().join("disks.json");
    std::fs::write(&disks, DISKS).unwrap();
    let config = dir.path().join("volumes.yaml");
    std::fs::write(&config, VOLUMES).unwrap();
    let out = talos_kit(&[
        "config",
        "match-disk",
        config.to_str().unwrap(),
        "--disks",
        disks.to_str().unwrap(),
        "--system-disk",
        "/dev/nvme0n1",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "VolumeConfig/IMAGECACHE: system_disk (Talos' default)\n  /dev/nvme0n1\n\
         UserVolumeConfig/data: disk.size > 2u * TB && disk.rotational\n  /dev/sdb\n"
    );
}

#[test]
fn expressions_are_checked_and_evaluated_like_talos() {
    let dir = tempfile::tempdir().unwrap();
    let disks = dir.path().join("disks.json");
    std::fs::write(&disks, DISKS).unwrap();
    let disks = disks.to_str().unwrap();
    let out = talos_kit(&[
        "config",
        "match-disk",
        "--expr",
        r#"disk.transport == "sata" && !system_disk"#,
        "--disks",
        disks,
        "--system-disk",
        "/dev/sda",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let selections: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(selections[0]["matches"], serde_json::json!(["/dev/sdb"]));

    // An int times a uint does not type-check in CEL: Talos refuses it, and so do we.
    let out = talos_kit(&[
        "config",
        "match-disk",
        "--expr",
        "disk.size > 120 * GB",
        "--disks",
        disks,
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("found no matching overload for '_*_' applied to '(int, uint)'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unknown_disk_fields_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let disks = dir.path().join("disks.yaml");
    std::fs::write(&disks, "- dev_path: /dev/sda\n  sise: 1\n").unwrap();
    let out = talos_kit(&[
        "config",
        "match-disk",
        "--expr",
        "true",
        "--disks",
        disks.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not a list of disks"),
        "{}",
        text(&out.stderr)
    );
}
