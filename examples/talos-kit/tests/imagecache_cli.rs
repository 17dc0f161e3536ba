//! `talos-kit demo` and the `talos-kit imagecache` commands as a user runs them.

mod common;

use std::fs;
use std::process::Command;

use common::{path_str, stdout, talos_kit};

#[test]
fn the_demo_walks_the_air_gapped_story_offline() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&talos_kit(&["demo", "--dir", path_str(dir.path())]));
    for step in 1..=7 {
        assert!(
            out.contains(&format!("\n{step}. ")),
            "step {step} missing:\n{out}"
        );
    }
    assert!(out.contains("same digest sha256:"), "{out}");

    // What it left behind works with the other commands.
    let cache = dir.path().join("cache");
    let verified = stdout(&talos_kit(&["imagecache", "verify", path_str(&cache)]));
    assert!(verified.ends_with("0 problems\n"), "{verified}");
    let worker = dir.path().join("worker.yaml");
    let valid = stdout(&talos_kit(&[
        "config",
        "validate",
        "--mode",
        "metal",
        path_str(&worker),
    ]));
    assert!(valid.contains("is valid for metal mode"), "{valid}");
    let doc = stdout(&talos_kit(&[
        "config",
        "get",
        path_str(&worker),
        "ImageCacheConfig",
    ]));
    assert!(doc.contains("enabled: true"), "{doc}");
    let network = stdout(&talos_kit(&[
        "meta",
        "get",
        path_str(&dir.path().join("disk.raw")),
        "0x0a",
    ]));
    assert_eq!(network, include_str!("../src/default-network.yaml"));
    let unpacked = dir.path().join("unpacked");
    stdout(&talos_kit(&[
        "imagecache",
        "unpack",
        path_str(&dir.path().join("image-cache.oci")),
        path_str(&unpacked),
        "--arch",
        "arm64",
    ]));
    assert!(
        stdout(&talos_kit(&["imagecache", "verify", path_str(&unpacked)]))
            .ends_with("0 problems\n")
    );
}

#[test]
fn create_from_a_layout_verify_and_damage() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout");
    talos_imagecache::sample::write_layout(
        &layout,
        &[
            talos_imagecache::sample::SampleImage::small("v1", 1),
            talos_imagecache::sample::SampleImage::small("ghcr.io/acme/b:2", 2),
        ],
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let bound = format!("ghcr.io/acme/a={}", path_str(&layout));
    let created = talos_kit(&[
        "imagecache",
        "create",
        "--image-cache-path",
        path_str(&cache),
        "--layout",
        "flat",
        "--images",
        "ghcr.io/acme/a:v1,ghcr.io/acme/b:2",
        "--from-layout",
        &bound,
        "--from-layout",
        path_str(&layout),
    ]);
    stdout(&created);
    let stderr = String::from_utf8_lossy(&created.stderr);
    assert!(
        stderr.contains("cached 2 images: 2 manifests, 4 blobs fetched"),
        "{stderr}"
    );

    let json = stdout(&talos_kit(&[
        "imagecache",
        "verify",
        "--json",
        path_str(&cache),
    ]));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (report["blobs"].as_u64(), report["tags"].as_u64()),
        (Some(4), Some(2))
    );

    let blob = fs::read_dir(cache.join("blob"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&blob, b"damaged").unwrap();
    let broken = talos_kit(&["imagecache", "verify", path_str(&cache)]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stdout).contains(r#""kind":"corrupt""#));

    // A rerun repairs it.
    stdout(&talos_kit(&[
        "imagecache",
        "create",
        "--image-cache-path",
        path_str(&cache),
        "--layout",
        "flat",
        "--images",
        "ghcr.io/acme/b:2,ghcr.io/acme/a:v1",
        "--from-layout",
        &bound,
        "--from-layout",
        path_str(&layout),
        "--quiet",
    ]));
    stdout(&talos_kit(&["imagecache", "verify", path_str(&cache)]));

    // The default layout is the OCI wrapper.
    let wrapped = dir.path().join("wrapped");
    let packed = talos_kit(&[
        "imagecache",
        "create",
        "--image-cache-path",
        path_str(&wrapped),
        "--images",
        "ghcr.io/acme/b:2",
        "--from-layout",
        path_str(&layout),
        "--quiet",
    ]);
    stdout(&packed);
    // The flat tree packed from is a step only: its blobs were linked, not copied.
    assert!(String::from_utf8_lossy(&packed.stderr).contains("; 2 hard-linked"));
    assert!(wrapped.join("index.json").is_file() && wrapped.join("oci-layout").is_file());
    assert!(!dir.path().join("wrapped.flat").exists());

    // --link: the blobs are hard links to the layout's files.
    let linked = talos_kit(&[
        "imagecache",
        "create",
        "--image-cache-path",
        path_str(&dir.path().join("linked")),
        "--layout",
        "flat",
        "--images",
        "ghcr.io/acme/b:2",
        "--from-layout",
        path_str(&layout),
        "--link",
        "--quiet",
    ]);
    stdout(&linked);
    let stderr = String::from_utf8_lossy(&linked.stderr);
    assert!(
        stderr.contains("2 blobs fetched") && stderr.contains("; 2 hard-linked"),
        "{stderr}"
    );
}

#[test]
fn bad_input_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[&[&str]] = &[
        &[
            "imagecache",
            "create",
            "--image-cache-path",
            "x",
            "--images",
            "UPPER/case",
            "--from-layout",
            ".",
        ],
        &[
            "imagecache",
            "create",
            "--image-cache-path",
            "x",
            "--images",
            "a:b",
            "--platform",
            "linux",
        ],
        &["imagecache", "verify", "/nonexistent/cache"],
        &["imagecache", "unpack", "/nonexistent/oci", "out"],
        &["imagecache", "default-images", "--talos", "1.2"],
        &[
            "imagecache",
            "default-images",
            "--talos",
            "1.12",
            "--k8s-version",
            "1.33.0",
        ],
    ];
    for args in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_talos-kit"))
            .current_dir(dir.path())
            .args(*args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("talos-kit: ") || stderr.starts_with("error:"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn default_images_print_the_release_list() {
    let out = stdout(&talos_kit(&[
        "imagecache",
        "default-images",
        "--talos",
        "v1.13.0",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[0], "ghcr.io/siderolabs/flannel:v0.28.4");
    assert_eq!(
        lines[9],
        "registry.k8s.io/networking/kube-network-policies:v1.0.0"
    );
    let out = stdout(&talos_kit(&[
        "imagecache",
        "default-images",
        "--talos",
        "1.13",
        "--k8s-version",
        "1.35.2",
    ]));
    assert!(
        out.contains("registry.k8s.io/kube-apiserver:v1.35.2\n"),
        "{out}"
    );
}
