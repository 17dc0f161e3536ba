//! Block, storage, runtime, extensions, CRI, security, SideroLink, hardware, cluster and
//! container documents: every corpus fixture decodes, has no unknown keys, and re-encodes
//! to the same value (and, for fixtures that are Go encoder output, to the same bytes);
//! decode errors read as Go's.

mod common;

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use talos_config::goyaml::{Decoder, GoYaml, Node};
use talos_config::types::{
    block, cluster, container, cri, extensions, hardware, runtime, security, siderolink, storage,
};
use talos_config::yaml::{DocumentStream, emit};

/// Fixtures Go only reads (flow lists, omitted non-omitempty fields, dropped empty lists).
const INPUT_ONLY: &[&str] = &[
    "volumeconfig_tpm_encryption_with_pcr_settings.yaml",
    "volumeconfig_tpm_encryption_no_options.yaml",
    "volumeconfig_tpm_encryption_with_pcrs_disabled.yaml",
];

fn decode<T: GoYaml>(node: &Node) -> (T, Result<(), String>) {
    let mut decoder = Decoder::new();
    let mut value = T::default();
    value.decode_into(node, &mut decoder);
    (value, decoder.finish())
}

fn parse(text: &str) -> Node {
    DocumentStream::new(text.as_bytes())
        .next()
        .expect("a document")
        .expect("valid YAML")
        .root
}

/// Decodes, checks unknown keys, re-encodes and decodes again; with `source`, also compares
/// the emitted bytes.
fn check<T: GoYaml + PartialEq + Debug>(node: &Node, source: Option<&str>, what: &str) {
    let (value, res) = decode::<T>(node);
    assert_eq!(res, Ok(()), "{what}: decode");
    assert_eq!(T::unknown_keys(node), Ok(None), "{what}: unknown keys");
    let encoded = value.encode();
    let (again, res) = decode::<T>(&encoded);
    assert_eq!(res, Ok(()), "{what}: decode of the re-encoded document");
    assert_eq!(again, value, "{what}: round trip");
    if let Some(source) = source {
        assert_eq!(emit(&encoded), source, "{what}: re-encoded bytes");
    }
}

/// Routes one document to its type by `kind`; `false` for kinds of other modules.
fn check_kind(node: &Node, source: Option<&str>, what: &str) -> bool {
    let kind = node.get("kind").map(|k| k.value.as_str()).unwrap_or("");
    match kind {
        "VolumeConfig" => check::<block::VolumeConfig>(node, source, what),
        "UserVolumeConfig" => check::<block::UserVolumeConfig>(node, source, what),
        "RawVolumeConfig" => check::<block::RawVolumeConfig>(node, source, what),
        "SwapVolumeConfig" => check::<block::SwapVolumeConfig>(node, source, what),
        "ExistingVolumeConfig" => check::<block::ExistingVolumeConfig>(node, source, what),
        "ExternalVolumeConfig" => check::<block::ExternalVolumeConfig>(node, source, what),
        "ZswapConfig" => check::<block::ZswapConfig>(node, source, what),
        "FilesystemTrimConfig" => check::<block::FilesystemTrimConfig>(node, source, what),
        "FilesystemScrubConfig" => check::<block::FilesystemScrubConfig>(node, source, what),
        "LVMVolumeGroupConfig" => check::<storage::LvmVolumeGroupConfig>(node, source, what),
        "LVMLogicalVolumeConfig" => check::<storage::LvmLogicalVolumeConfig>(node, source, what),
        "RAIDArrayConfig" => check::<storage::RaidArrayConfig>(node, source, what),
        "EventSinkConfig" => check::<runtime::EventSinkConfig>(node, source, what),
        "KmsgLogConfig" => check::<runtime::KmsgLogConfig>(node, source, what),
        "WatchdogTimerConfig" => check::<runtime::WatchdogTimerConfig>(node, source, what),
        "EnvironmentConfig" => check::<runtime::EnvironmentConfig>(node, source, what),
        "OOMConfig" => check::<runtime::OomConfig>(node, source, what),
        "SysctlConfig" => check::<runtime::SysctlConfig>(node, source, what),
        "SysfsConfig" => check::<runtime::SysfsConfig>(node, source, what),
        "KernelModuleConfig" => check::<runtime::KernelModuleConfig>(node, source, what),
        "EtcFileConfig" => check::<runtime::EtcFileConfig>(node, source, what),
        "UdevRulesConfig" => check::<runtime::UdevRulesConfig>(node, source, what),
        "SecurityProfileConfig" => check::<runtime::SecurityProfileConfig>(node, source, what),
        "UnattendedInstallConfig" => check::<runtime::UnattendedInstallConfig>(node, source, what),
        "ExtensionServiceConfig" => check::<extensions::ExtensionServiceConfig>(node, source, what),
        "RegistryMirrorConfig" => check::<cri::RegistryMirrorConfig>(node, source, what),
        "RegistryAuthConfig" => check::<cri::RegistryAuthConfig>(node, source, what),
        "RegistryTLSConfig" => check::<cri::RegistryTlsConfig>(node, source, what),
        "ImageCacheConfig" => check::<cri::ImageCacheConfig>(node, source, what),
        "CRICustomizationConfig" => check::<cri::CriCustomizationConfig>(node, source, what),
        "CRIBaseRuntimeSpecConfig" => check::<cri::CriBaseRuntimeSpecConfig>(node, source, what),
        "TrustedRootsConfig" => check::<security::TrustedRootsConfig>(node, source, what),
        "ImageVerificationConfig" => check::<security::ImageVerificationConfig>(node, source, what),
        "SideroLinkConfig" => check::<siderolink::SideroLinkConfig>(node, source, what),
        "PCIDriverRebindConfig" => check::<hardware::PciDriverRebindConfig>(node, source, what),
        "DiscoveryServiceConfig" => check::<cluster::DiscoveryServiceConfig>(node, source, what),
        "DiscoveryIdentityConfig" => check::<cluster::DiscoveryIdentityConfig>(node, source, what),
        "ContainerConfig" => check::<container::ContainerConfig>(node, source, what),
        _ => return false,
    }
    true
}

/// The documents of a file, each with its own source text.
fn documents(text: &str) -> Vec<(Node, String)> {
    let nodes: Vec<Node> = DocumentStream::new(text.as_bytes())
        .map(|d| d.expect("valid YAML").root)
        .collect();
    let mut sources = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line == "---\n" {
            sources.push(String::new());
        } else {
            sources.last_mut().expect("one source").push_str(line);
        }
    }
    assert_eq!(nodes.len(), sources.len(), "document split");
    nodes.into_iter().zip(sources).collect()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn package_fixtures_round_trip() {
    let mut count = 0;
    for pkg in [
        "block",
        "storage",
        "runtime",
        "runtime/extensions",
        "cri",
        "security",
        "siderolink",
        "hardware",
        "cluster",
    ] {
        for file in yaml_files(&common::types_dir().join(pkg).join("testdata")) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&file).unwrap();
            let exact = !INPUT_ONLY.contains(&name.as_str());
            for (node, source) in documents(&text) {
                let what = format!("{pkg}/{name}");
                assert!(
                    check_kind(&node, exact.then_some(source.as_str()), &what),
                    "{what}: kind not handled"
                );
                count += 1;
            }
        }
    }
    assert_eq!(count, 57, "documents checked");
}

#[test]
fn stability_documents_round_trip() {
    let root = common::types_dir().join("v1alpha1/testdata/stability");
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in yaml_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (node, source) in documents(&text) {
                let what = file.display().to_string();
                if check_kind(&node, Some(&source), &what) {
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 30, "documents checked");
}

fn error_of<T: GoYaml>(text: &str) -> String {
    decode::<T>(&parse(text)).1.expect_err("decode should fail")
}

#[test]
fn size_errors() {
    assert_eq!(
        error_of::<block::VolumeConfig>(
            "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  minSize: 1.2.3GB\n  maxSize: 1e400%\n"
        ),
        "yaml: construct errors: line 5: strconv.ParseFloat: parsing \"1.2.3\": invalid syntax; line 6: invalid percentage value: strconv.ParseFloat: parsing \"1e400\": value out of range"
    );
    assert_eq!(
        error_of::<block::VolumeConfig>(
            "kind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  minSize: 10XB\n  maxSize: 120%\n"
        ),
        "yaml: construct errors: line 4: unhandled size name: xb; line 5: percentage must be between 0 and 100, got 120"
    );
    assert_eq!(
        error_of::<block::VolumeConfig>(
            "name: EPHEMERAL\nprovisioning:\n  maxSize: [1]\n  grow: 3\n"
        ),
        "yaml: construct errors: line 3: cannot construct !!seq into block.Size (TextUnmarshaler); line 4: cannot construct !!int `3` into bool"
    );
}

#[test]
fn sizes_keep_their_text() {
    let node = parse(
        "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 80%\n  minSize: 1,000 MB\n  grow: on\n",
    );
    let (v, res) = decode::<block::VolumeConfig>(&node);
    assert_eq!(res, Ok(()));
    assert_eq!(v.provisioning.min_size.value(), 1_000_000_000);
    assert_eq!(v.provisioning.max_size.relative_value(), Some(80));
    assert_eq!(
        emit(&v.encode()),
        "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n    grow: true\n    minSize: 1,000 MB\n    maxSize: 80%\n"
    );

    let (v, res) = decode::<block::UserVolumeConfig>(&parse(
        "name: data\nvolumeType: DISK\nfilesystem:\n  type: XFS\nprovisioning:\n  minSize: \"\"\n  maxSize: -0.5%\n",
    ));
    assert_eq!(res, Ok(()));
    assert_eq!(v.volume_type, Some(block::VolumeType::Disk));
    assert_eq!(v.filesystem.r#type, block::FilesystemType::Xfs);
    assert!(v.provisioning.min_size.is_zero());
    assert!(v.provisioning.max_size.is_negative());
    assert_eq!(v.provisioning.max_size.format(), "-0.5%");

    let (v, res) = decode::<block::VolumeConfig>(&parse(
        "name: EPHEMERAL\nprovisioning:\n  maxSize: -10GiB\n",
    ));
    assert_eq!(res, Ok(()));
    assert_eq!(v.provisioning.max_size.value(), 10 << 30);
    assert!(v.provisioning.max_size.is_negative());
}

#[test]
fn enum_and_type_errors() {
    assert_eq!(
        error_of::<block::UserVolumeConfig>(
            "name: data\nvolumeType: Bogus\nencryption:\n  provider: LUKS2\n  keys:\n    - slot: abc\n      tpm:\n        options:\n          pcrs: [a, 7]\n"
        ),
        "yaml: construct errors: line 2: Bogus does not belong to VolumeType values; line 6: cannot construct !!str `abc` into int; line 9: cannot construct !!str `a` into int"
    );
    assert_eq!(
        error_of::<block::UserVolumeConfig>("name: data\nencryption:\n  provider: foo\n"),
        "yaml: construct errors: line 3: foo does not belong to EncryptionProviderType values"
    );
    assert_eq!(
        error_of::<block::ExternalVolumeConfig>("name: x\nfilesystemType: 3\n"),
        "yaml: construct errors: line 2: 3 does not belong to FilesystemType values"
    );
    assert_eq!(
        error_of::<block::ZswapConfig>("maxPoolPercent: x\nshrinkerEnabled: yes\n"),
        "yaml: construct errors: line 1: cannot construct !!str `x` into int"
    );
    assert_eq!(
        error_of::<storage::LvmLogicalVolumeConfig>(
            "name: lv\ntype: raid5\nmirrors: -1\nprovisioning:\n  volumeGroup: [x]\n"
        ),
        "yaml: construct errors: line 2: raid5 does not belong to LVMLogicalVolumeType values; line 3: cannot construct !!int `-1` into uint32; line 5: cannot construct !!seq into string"
    );
    assert_eq!(
        error_of::<storage::RaidArrayConfig>("name: md\nlevel: raid5\nmetadata: 1.1\n"),
        "yaml: construct errors: line 2: raid5 does not belong to MDLevel values; line 3: 1.1 does not belong to MDMetadata values"
    );
}

#[test]
fn runtime_errors() {
    assert_eq!(
        error_of::<runtime::WatchdogTimerConfig>("device: /dev/watchdog0\ntimeout: abc\n"),
        "yaml: construct errors: line 2: cannot construct !!str `abc` into time.Duration"
    );
    assert_eq!(
        error_of::<runtime::EnvironmentConfig>("variables: [a]\n"),
        "yaml: construct errors: line 1: cannot construct !!seq into map[string]string"
    );
    assert_eq!(
        error_of::<runtime::OomConfig>("triggerExpression: [a]\nsampleInterval: 1.5\n"),
        "yaml: construct errors: line 1: cannot construct !!seq into cel.Expression (TextUnmarshaler); line 2: cannot construct !!float `1.5` into time.Duration"
    );
    assert_eq!(
        error_of::<runtime::EtcFileConfig>("name: a\nmode: abc\n"),
        "yaml: construct errors: line 2: cannot construct !!str `abc` into runtime.EtcFileMode"
    );
    assert_eq!(
        error_of::<container::ContainerConfig>(
            "name: a\nnetwork:\n  mode: [host]\nrunAs:\n  uid: x\n"
        ),
        "yaml: construct errors: line 3: cannot construct !!seq into config.ContainerNetworkMode; line 5: cannot construct !!str `x` into int32"
    );
}

#[test]
fn etc_file_mode_is_octal() {
    let (v, res) = decode::<runtime::EtcFileConfig>(&parse("name: a\nmode: 0o600\ncontents: x\n"));
    assert_eq!(res, Ok(()));
    assert_eq!(v.mode, runtime::EtcFileMode(0o600));
    assert_eq!(
        emit(&v.encode()),
        "apiVersion: v1alpha1\nkind: EtcFileConfig\nname: a\nmode: 0o600\ncontents: x\n"
    );
}

#[test]
fn named_slice_errors() {
    assert_eq!(
        error_of::<extensions::ExtensionServiceConfig>(
            "name: foo\nconfigFiles: abc\nenvironment: {a: b}\n"
        ),
        "yaml: construct errors: line 2: cannot construct !!str `abc` into extensions.ConfigFileList; line 3: cannot construct !!map into []string"
    );
    assert_eq!(
        error_of::<security::ImageVerificationConfig>("rules: {}\n"),
        "yaml: construct errors: line 1: cannot construct !!map into security.ImageVerificationRules"
    );
}

#[test]
fn url_errors() {
    assert_eq!(
        error_of::<cri::RegistryMirrorConfig>(
            "name: docker.io\nendpoints:\n  - url: \"http://[::1\"\n"
        ),
        "yaml: construct errors: line 3: parse \"http://[::1\": missing ']' in host"
    );
}

#[test]
fn unknown_keys_are_reported() {
    let node = parse("name: EPHEMERAL\nprovisioning:\n  foo: 1\n  diskSelector:\n    bar: 2\n");
    let unknown = block::VolumeConfig::unknown_keys(&node)
        .unwrap()
        .expect("unknown keys");
    assert_eq!(
        emit(&unknown),
        "provisioning:\n    diskSelector:\n        bar: 2\n    foo: 1\n"
    );

    let node = parse("name: foo\nconfigFiles:\n  - content: a\n    mountPath: /b\n    extra: 1\n");
    let unknown = extensions::ExtensionServiceConfig::unknown_keys(&node)
        .unwrap()
        .expect("unknown keys");
    assert_eq!(emit(&unknown), "configFiles:\n    - extra: 1\n");
}

#[test]
fn omitempty_follows_go() {
    // The trim section prints only what is set; durations re-encode in Go's form.
    let (v, res) = decode::<block::ExistingVolumeConfig>(&parse(
        "apiVersion: v1alpha1\nkind: ExistingVolumeConfig\nname: x\ndiscovery:\n  volumeSelector:\n    match: volume.name == \"x\"\nmount:\n  readOnly: true\ntrim:\n  enabled: false\n  interval: 24h\n",
    ));
    assert_eq!(res, Ok(()));
    assert_eq!(
        emit(&v.encode()),
        "apiVersion: v1alpha1\nkind: ExistingVolumeConfig\nname: x\ndiscovery:\n    volumeSelector:\n        match: volume.name == \"x\"\nmount:\n    readOnly: true\ntrim:\n    enabled: false\n    interval: 24h0m0s\n"
    );
    // An encryption section with only a cipher is "zero" for Go and is dropped.
    let (v, res) = decode::<block::RawVolumeConfig>(&parse(
        "name: r\nencryption:\n  cipher: aes-xts-plain64\n",
    ));
    assert_eq!(res, Ok(()));
    assert_eq!(
        emit(&v.encode()),
        "apiVersion: v1alpha1\nkind: RawVolumeConfig\nname: r\n"
    );
}

#[test]
fn size_edge_cases_match_go() {
    let cases: &[(&str, Result<(), &str>)] = &[
        (
            "  minSize: 1e3\n  maxSize: true\n",
            Err(
                "yaml: construct errors: line 3: unhandled size name: e3; line 4: strconv.ParseFloat: parsing \"\": invalid syntax",
            ),
        ),
        (
            "  minSize: 1024\n  maxSize: 0x10\n",
            Err("yaml: construct errors: line 4: unhandled size name: x10"),
        ),
        (
            "  minSize: \"-\"\n  maxSize: \"%\"\n",
            Err(
                "yaml: construct errors: line 3: strconv.ParseFloat: parsing \"\": invalid syntax; line 4: invalid percentage value: strconv.ParseFloat: parsing \"\": invalid syntax",
            ),
        ),
        (
            "  minSize: \" 10 GiB \"\n  maxSize: 10 %\n",
            Err(
                "yaml: construct errors: line 3: strconv.ParseFloat: parsing \"\": invalid syntax; line 4: invalid percentage value: strconv.ParseFloat: parsing \"10 \": invalid syntax",
            ),
        ),
        (
            "  minSize: 10 gi\n  maxSize: \"--5%\"\n",
            Err("yaml: construct errors: line 4: percentage must be between 0 and 100, got -5"),
        ),
        ("  minSize: 2.5tib\n  maxSize: nan%\n", Ok(())),
    ];
    for (body, want) in cases {
        let text = format!("name: EPHEMERAL\nprovisioning:\n{body}");
        let (v, res) = decode::<block::VolumeConfig>(&parse(&text));
        assert_eq!(res, want.map_err(str::to_owned), "{body}");
        if res.is_ok() {
            let encoded = emit(&v.encode());
            assert!(encoded.ends_with(&body.replace("  ", "    ")), "{encoded}");
        }
    }
    assert_eq!(
        error_of::<block::UserVolumeConfig>(
            "name: x\nvolumeType: ~\nfilesystem:\n  type: ~\nencryption:\n  provider: \"\"\n"
        ),
        "yaml: construct errors: line 6:  does not belong to EncryptionProviderType values"
    );
}

/// Encodings checked against the Go oracle (alpha.2 kinds).
#[test]
fn encodings_match_go() {
    let cases: &[(&str, &str, Reencode)] = &[
        (
            "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nvolumeType: partition\nprovisioning:\n  grow: false\n  maxSize: 50%\n  minSize: 1024\n  diskSelector:\n    match: 123\nfilesystem:\n  projectQuotaSupport: true\n  type: ext4\nencryption:\n  allowDiscards: false\n  options: [no_read_workqueue]\n  blockSize: 4096\n  keySize: 512\n  cipher: aes-xts-plain64\n  keys:\n    - kms:\n        endpoint: https://kms\n      nodeID: {}\n      lockToState: true\n      slot: 1\n      static: {}\n      tpm:\n        checkSecurebootStatusOnEnroll: true\n        options: {pcrs: [7]}\n  provider: LUKS2\nmount:\n  secure: false\n  disableAccessTime: true\ntrim:\n  interval: 0s\n  enabled: true\n",
            "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nvolumeType: partition\nprovisioning:\n    diskSelector:\n        match: \"123\"\n    grow: false\n    minSize: \"1024\"\n    maxSize: 50%\nfilesystem:\n    type: ext4\n    projectQuotaSupport: true\nencryption:\n    provider: luks2\n    keys:\n        - slot: 1\n          static: {}\n          nodeID: {}\n          kms:\n            endpoint: https://kms\n          tpm:\n            options:\n                pcrs:\n                    - 7\n            checkSecurebootStatusOnEnroll: true\n          lockToState: true\n    cipher: aes-xts-plain64\n    keySize: 512\n    blockSize: 4096\n    options:\n        - no_read_workqueue\n    allowDiscards: false\nmount:\n    disableAccessTime: true\n    secure: false\ntrim:\n    enabled: true\n",
            reencode::<block::UserVolumeConfig>,
        ),
        (
            "apiVersion: v1alpha1\nkind: ImageVerificationConfig\nrules:\n  - image: \"*\"\n    keyless:\n      subject: a\n    publicKey: {}\n",
            "apiVersion: v1alpha1\nkind: ImageVerificationConfig\nrules:\n    - image: '*'\n      keyless:\n        subject: a\n      publicKey: {}\n",
            reencode::<security::ImageVerificationConfig>,
        ),
        (
            "apiVersion: v1alpha1\nkind: LVMLogicalVolumeConfig\nname: lv\ntype: RAID1\nmirrors: 2\nstripes: 0\nprovisioning:\n  volumeGroup: vg\n  minSize: 1GB\n",
            "apiVersion: v1alpha1\nkind: LVMLogicalVolumeConfig\nname: lv\ntype: raid1\nmirrors: 2\nstripes: 0\nprovisioning:\n    volumeGroup: vg\n    minSize: 1GB\n",
            reencode::<storage::LvmLogicalVolumeConfig>,
        ),
        (
            "apiVersion: v1alpha1\nkind: ExternalVolumeConfig\nname: x\n",
            "apiVersion: v1alpha1\nkind: ExternalVolumeConfig\nname: x\nfilesystemType: none\n",
            reencode::<block::ExternalVolumeConfig>,
        ),
        (
            "apiVersion: v1alpha1\nkind: EventSinkConfig\n",
            "apiVersion: v1alpha1\nkind: EventSinkConfig\nendpoint: \"\"\n",
            reencode::<runtime::EventSinkConfig>,
        ),
        (
            "apiVersion: v1alpha1\nkind: KmsgLogConfig\nname: x\n",
            "apiVersion: v1alpha1\nkind: KmsgLogConfig\nname: x\nurl: \"\"\n",
            reencode::<runtime::KmsgLogConfig>,
        ),
        (
            "apiVersion: v1alpha1\nkind: RegistryTLSConfig\nname: x\nclientIdentity: {}\n",
            "apiVersion: v1alpha1\nkind: RegistryTLSConfig\nname: x\nclientIdentity: {}\n",
            reencode::<cri::RegistryTlsConfig>,
        ),
    ];
    for (input, want, reencode) in cases {
        assert_eq!(reencode(&parse(input)), *want, "{input}");
    }
}

/// Decodes a document as `T` and prints its re-encoding.
type Reencode = fn(&Node) -> String;

fn reencode<T: GoYaml + Debug>(node: &Node) -> String {
    let (v, res) = decode::<T>(node);
    assert_eq!(res, Ok(()));
    assert_eq!(T::unknown_keys(node), Ok(None));
    emit(&v.encode())
}
