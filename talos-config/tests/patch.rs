//! Patching against Talos' own test cases (`configpatcher/testdata` and the v1alpha1
//! strategic merge fixtures of the rc.1 corpus), byte for byte, plus Go's error texts.

mod common;

use std::path::PathBuf;

use talos_config::Config;
use talos_config::patch::{self, ConfigOrBytes, Patch, PatchError};

fn patcher_dir() -> PathBuf {
    common::config_dir().join("configpatcher/testdata")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(patcher_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(path: &str) -> String {
    String::from_utf8(read(path)).expect("UTF-8")
}

fn load(paths: &[&str]) -> Vec<Patch> {
    let args: Vec<String> = paths
        .iter()
        .map(|p| format!("@{}", patcher_dir().join(p).display()))
        .collect();
    patch::load_patches(&args).expect("patches load")
}

/// Applies to the configuration given as bytes and as a loaded configuration (Go's test
/// runs both), and checks both agree.
fn apply_both(config: &str, patches: &[Patch]) -> Result<String, PatchError> {
    let bytes = read(config);
    let from_bytes = patch::apply(ConfigOrBytes::Bytes(bytes.clone()), patches);
    let loaded = Config::from_bytes(&bytes).expect("base config loads");
    let from_config = patch::apply(loaded, patches);
    let as_text = |r: Result<ConfigOrBytes, PatchError>| {
        r.map(|out| String::from_utf8(out.to_bytes()).expect("UTF-8"))
    };
    let (a, b) = (as_text(from_bytes), as_text(from_config));
    assert_eq!(a, b, "WithBytes and WithConfig disagree");
    a
}

#[test]
fn apply_mixed_json_and_strategic() {
    let patches = load(&[
        "apply/strategic1.yaml",
        "apply/jsonpatch1.yaml",
        "apply/jsonpatch2.yaml",
        "apply/strategic2.yaml",
        "apply/strategic3.yaml",
    ]);
    assert_eq!(
        apply_both("apply/config.yaml", &patches).unwrap(),
        text("apply/expected.yaml")
    );
}

#[test]
fn json_patch_refused_on_multi_document() {
    let patches = load(&["multidoc/jsonpatch.yaml", "multidoc/strategic1.yaml"]);
    let err = apply_both("multidoc/config.yaml", &patches).unwrap_err();
    assert_eq!(
        err.to_string(),
        "JSON6902 patches are not supported for multi-document machine configuration"
    );
}

#[test]
fn multi_document_merge() {
    let patches = load(&[
        "multidoc/strategic1.yaml",
        "multidoc/strategic2.yaml",
        "multidoc/strategic3.yaml",
    ]);
    assert_eq!(
        apply_both("multidoc/config.yaml", &patches).unwrap(),
        text("multidoc/expected.yaml")
    );
}

#[test]
fn audit_policy_replaces() {
    let patches = load(&["auditpolicy/patch1.yaml"]);
    assert_eq!(
        apply_both("auditpolicy/config.yaml", &patches).unwrap(),
        text("auditpolicy/expected.yaml")
    );
}

#[test]
fn inline_manifest_leading_newline() {
    let patches = load(&["apply/strategic4.yaml"]);
    let out = apply_both("apply/config.yaml", &patches).unwrap();
    assert!(Config::from_bytes(out.as_bytes()).is_ok());
    assert_eq!(out, text("apply/expected_manifests.yaml"));
}

#[test]
fn delete_documents_fields_and_elements() {
    let patches = load(&["patchdelete/strategic1.yaml"]);
    assert_eq!(
        apply_both("patchdelete/config.yaml", &patches).unwrap(),
        text("patchdelete/expected.yaml")
    );
}

#[test]
fn delete_admission_plugins_and_audit_policy() {
    let patches = load(&[
        "patchdelete/strategic2.yaml",
        "patchdelete/strategic3.yaml",
        "patchdelete/strategic4.yaml",
    ]);
    assert_eq!(
        apply_both("patchdelete/controlplane_orig.yaml", &patches).unwrap(),
        text("patchdelete/controlplane_expected.yaml")
    );
}

#[test]
fn delete_missing_path_fails() {
    let patches = load(&["patchdeletemissing/strategic1.yaml"]);
    let err = apply_both("patchdeletemissing/config.yaml", &patches).unwrap_err();
    assert_eq!(
        err.to_string(),
        "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed"
    );
}

#[test]
fn delete_link_address_and_add_another() {
    let patches = load(&["patchlink/patch.yaml"]);
    assert_eq!(
        apply_both("patchlink/base.yaml", &patches).unwrap(),
        text("patchlink/expected.yaml")
    );
}

#[test]
fn duplicate_documents_in_one_patch() {
    let patches = load(&["patchmixed/patch.yaml"]);
    assert_eq!(
        apply_both("patchmixed/base.yaml", &patches).unwrap(),
        text("patchmixed/expected.yaml")
    );
}

#[test]
fn load_detects_formats_and_concatenates_json_patches() {
    let one = |path: &str| patch::load_patch(&read(path)).expect("loads");
    assert!(matches!(one("patch.json"), Patch::Json(p) if p.len() == 1));
    assert!(matches!(one("patch.yaml"), Patch::Json(p) if p.len() == 1));
    assert!(matches!(one("strategic.yaml"), Patch::Strategic(_)));

    let dir = patcher_dir();
    let at = |name: &str| format!("@{}", dir.join(name).display());
    let inline = r#"[{"op":"replace","path":"/some","value": []}]"#.to_owned();
    let list = patch::load_patches(&[at("patch.json"), at("patch.yaml"), inline.clone()]).unwrap();
    assert!(matches!(list.as_slice(), [Patch::Json(p)] if p.len() == 3));

    let list = patch::load_patches(&[
        at("patch.json"),
        at("strategic.yaml"),
        at("patch.yaml"),
        inline.clone(),
    ])
    .unwrap();
    assert!(matches!(
        list.as_slice(),
        [Patch::Json(_), Patch::Strategic(_), Patch::Json(p)] if p.len() == 2
    ));

    // A bare file name (no space, no newline, not JSON) is read as a file.
    let bare = dir.join("strategic.yaml").display().to_string();
    let list = patch::load_patches(&[bare, inline]).unwrap();
    assert!(matches!(
        list.as_slice(),
        [Patch::Strategic(_), Patch::Json(_)]
    ));
}

#[test]
fn v1alpha1_strategic_fixtures() {
    let dir = common::types_dir().join("v1alpha1/testdata/strategic");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("strategic fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 6);
    for case in cases {
        let file = |name: &str| std::fs::read(case.join(name)).unwrap();
        let patches = vec![patch::load_patch(&file("right.yaml")).unwrap()];
        let out = patch::apply(ConfigOrBytes::Bytes(file("left.yaml")), &patches)
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let expected = Config::from_bytes(&file("expected.yaml")).unwrap().encode();
        assert_eq!(
            String::from_utf8(out.to_bytes()).unwrap(),
            expected,
            "{}",
            case.display()
        );
    }
}

fn apply_text(config: &str, patches: &[&str]) -> Result<String, String> {
    let patches = patch::load_patches(patches).map_err(|e| e.to_string())?;
    patch::apply(ConfigOrBytes::Bytes(config.as_bytes().to_vec()), &patches)
        .map(|out| String::from_utf8(out.to_bytes()).unwrap())
        .map_err(|e| e.to_string())
}

#[test]
fn go_error_texts() {
    let legacy =
        "version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    extraConfig:\n      a: 1\n";
    assert_eq!(
        apply_text(
            legacy,
            &["machine:\n  kubelet:\n    extraConfig:\n      a: x\n"]
        )
        .unwrap_err(),
        "merge field v1alpha1.Config.MachineConfig: merge field v1alpha1.MachineConfig.MachineKubelet: merge field v1alpha1.KubeletConfig.KubeletExtraConfig: merge field meta.Unstructured.Object: merge type mismatch left int right string"
    );
    let rule = "apiVersion: v1alpha1\nkind: RoutingRuleConfig\nname: \"1000\"\nsrc: 10.0.0.0/8\ntable: 100\n";
    assert_eq!(
        apply_text(
            rule,
            &["apiVersion: v1alpha1\nkind: RoutingRuleConfig\nname: \"1000\"\ntable: 200\n"]
        )
        .unwrap_err(),
        "merge field network.RoutingRuleConfigV1Alpha1.RuleSrc: merge field meta.Prefix.Prefix: merge field netip.Prefix.ip: merge field netip.Addr.addr: merge field netip.uint128.hi: merge not possible, left 0 is not settable"
    );
    assert_eq!(
        apply_text(legacy, &["machine:\n  network:\n    interfaces:\n      - interface: eth0\n        addresses: [{$patch: delete}]\n"])
            .unwrap_err(),
        "error processing patch delete statements at line 1: no key:val found in sequence node for path machine.network.interfaces.[0].addresses.[0]"
    );
    assert_eq!(
        apply_text(legacy, &["machine:\n  network:\n    interfaces:\n      - interface: eth0\n        vip: {ip: 1.2.3.4, $patch: delete}\n"])
            .unwrap_err(),
        "error processing patch delete statements at line 1: cannot delete an inner key in 'machine.network.interfaces.[0].vip'"
    );
    assert_eq!(
        apply_text(legacy, &["apiVersion: v1alpha1\n$patch: delete\n"]).unwrap_err(),
        "error processing patch delete statements at line 1: missing kind in document for which $patch: delete is used"
    );
    assert_eq!(
        apply_text(legacy, &["[{\"op\": \"add\"}"]).unwrap_err(),
        "unexpected end of JSON input"
    );
    assert_eq!(
        apply_text(
            legacy,
            &["[{\"op\": \"remove\", \"path\": \"/machine/nope\"}]"]
        )
        .unwrap_err(),
        "failure applying rfc6902 patches to talos machine config: error in remove for path: '/machine/nope': Unable to remove nonexistent key: nope: missing value"
    );
    assert_eq!(
        apply_text(legacy, &["/does/not/exist"]).unwrap_err(),
        "open /does/not/exist: no such file or directory"
    );
}

#[test]
fn lists_append_and_zero_values_do_not_overwrite() {
    let legacy =
        "version: v1alpha1\nmachine:\n  type: worker\n  certSANs: [a]\n  kubelet:\n    image: x\n";
    let out = apply_text(
        legacy,
        &["machine:\n  certSANs: [b]\n  kubelet:\n    image: \"\"\n"],
    )
    .unwrap();
    assert!(
        out.contains("certSANs:\n        - a\n        - b\n"),
        "{out}"
    );
    assert!(out.contains("image: x"), "{out}");
}

#[test]
fn no_patches_return_the_input() {
    let input = "# a comment\nversion: v1alpha1\nmachine:\n  type: worker\n";
    assert_eq!(apply_text(input, &[]).unwrap(), input);
}
