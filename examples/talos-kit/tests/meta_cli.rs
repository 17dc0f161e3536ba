//! The `talos-kit meta` commands as a user runs them.

mod common;

use common::{path_str, stdout, talos_kit};

#[test]
fn create_set_get_list_delete() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("meta.img");
    let image = path_str(&image);
    stdout(&talos_kit(&["meta", "create", image]));
    stdout(&talos_kit(&["meta", "set", image, "0x0b", "abc"]));
    stdout(&talos_kit(&["meta", "set", image, "UUIDOverride", "1234"]));
    assert_eq!(stdout(&talos_kit(&["meta", "get", image, "11"])), "abc");

    let listing = stdout(&talos_kit(&["meta", "list", image]));
    assert!(listing.contains("0x0b  DownloadURLCode"), "{listing}");
    assert!(listing.contains("0x0f  UUIDOverride"), "{listing}");

    stdout(&talos_kit(&["meta", "delete", image, "0xb"]));
    let missing = talos_kit(&["meta", "get", image, "0xb"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("not set"));
    assert_eq!(
        talos_kit(&["meta", "delete", image, "0xb"]).status.code(),
        Some(2)
    );
}

#[test]
fn network_config_values_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("meta.img");
    let image = path_str(&image);
    stdout(&talos_kit(&["meta", "create", image]));
    let bad = talos_kit(&["meta", "set", image, "0x0a", "links: [{type: nonsense}]"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--no-check"));
    stdout(&talos_kit(&[
        "meta",
        "set",
        image,
        "0x0a",
        "externalIPs: [1.2.3.4]",
    ]));
    stdout(&talos_kit(&[
        "meta",
        "set",
        image,
        "0x0a",
        "links: [{type: nonsense}]",
        "--no-check",
    ]));
}

#[test]
fn bad_input_gives_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("meta.img");
    let image = path_str(&image);
    stdout(&talos_kit(&["meta", "create", image]));
    for (args, message) in [
        (vec!["meta", "set", image, "0", "x"], "terminator"),
        (vec!["meta", "set", image, "256", "x"], "invalid META key"),
        (vec!["meta", "list", "/nonexistent/meta.img"], "opening"),
        (vec!["meta", "create", image], "already exists"),
        (vec!["meta", "decode-env", "!!!"], "base64"),
        (vec!["meta", "encode-env", "novalue"], "invalid value"),
    ] {
        let output = talos_kit(&args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let corrupt = dir.path().join("corrupt.img");
    // Both Talos copies garbage, legacy area blank.
    let mut bytes = vec![0x5a; 1 << 20];
    bytes[512 * 1024..].fill(0);
    std::fs::write(&corrupt, bytes).unwrap();
    let output = talos_kit(&["meta", "list", path_str(&corrupt)]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("both META copies are invalid"));
    let lenient = talos_kit(&["meta", "list", "--lenient", path_str(&corrupt)]);
    assert_eq!(stdout(&lenient), "");
}

#[test]
fn env_encoding_round_trips_and_respects_the_talos_version() {
    let encoded = stdout(&talos_kit(&["meta", "encode-env", "10=foo", "0xb=bar"]));
    assert_eq!(encoded, "MHhhPWZvbzsweGI9YmFy\n");
    let decoded = stdout(&talos_kit(&["meta", "decode-env", encoded.trim()]));
    assert_eq!(decoded, "0xa=foo\n0xb=bar\n");

    let long = format!("12={}", "x".repeat(300));
    let gz = stdout(&talos_kit(&["meta", "encode-env", &long]));
    assert!(gz.starts_with("H4sI"), "{gz}");
    let old = stdout(&talos_kit(&[
        "meta",
        "encode-env",
        &long,
        "--talos-version",
        "v1.6.2",
    ]));
    assert!(old.starts_with("MHhjPXh4"), "{old}");

    let arg = stdout(&talos_kit(&["meta", "encode-env", "--kernel-arg", "6=A"]));
    let cmdline = format!("console=ttyS0 {}", arg.trim());
    assert_eq!(
        stdout(&talos_kit(&["meta", "decode-env", "--cmdline", &cmdline])),
        "0x6=A\n"
    );
}
