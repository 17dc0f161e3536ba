//! `config-patch`: configuration patching against Talos' `configpatcher` (LoadPatches +
//! Apply + Bytes, as `talosctl machineconfig patch` runs them).
//!
//! Cases:
//! - every case of the corpus' `configpatcher/testdata` (the Go test suite's patch lists,
//!   applied to the configuration as bytes and as a loaded configuration) and every
//!   `types/v1alpha1/testdata/strategic` fixture (right.yaml as a patch on left.yaml);
//! - pairs the oracle draws from every corpus file with `config.patch_mutate` (strategic
//!   patches of every shape, `$patch: delete`, JSON patches, malformed patches, chains).
//!
//! A case agrees when both sides give the same output bytes, or fail at the same stage with
//! the same text. The oracle is machinery v1.14.0-alpha.2: inputs whose verdict depends on
//! what rc.1 changed (kinds it added, duplicate documents allowed in a patch, link claims,
//! `cluster.controlPlane` omitempty) are counted apart, never as passed.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use talos_config::Config;
use talos_config::patch::{self, ConfigOrBytes, PatchError};
use talos_conformance::{Oracle, Tally, b64, corpus_root};

use crate::config::{Skew, load_skew};
use crate::config_corpus::corpus_yaml_files;

/// Fields rc.1 added to kinds alpha.2 already has: alpha.2 rejects them as unknown keys
/// (`config.rs` keeps the same list).
const RC1_FIELDS: &[&str] = &["minAllocationGroupSize", "ignoreRoutes"];

/// Pairs asked of the oracle per corpus file.
const PAIRS_PER_FILE: usize = 25;

#[derive(Serialize)]
struct PatchArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
    patches: &'a [String],
    input: &'a str,
}

#[derive(Deserialize)]
struct GoPatch {
    #[serde(with = "b64")]
    output: Vec<u8>,
    error: String,
    stage: String,
}

#[derive(Serialize)]
struct MutateArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
    seed: u64,
    count: usize,
}

#[derive(Deserialize)]
struct Pairs {
    pairs: Vec<Pair>,
}

#[derive(Deserialize)]
struct Pair {
    kind: String,
    patches: Vec<String>,
    input: String,
}

/// The Rust side of one case: output bytes, or the stage and text of the failure.
struct RustPatch {
    output: Vec<u8>,
    error: String,
    stage: &'static str,
}

fn rust_patch(yaml: &[u8], patches: &[String], input: &str) -> RustPatch {
    let fail = |stage, err: &dyn std::fmt::Display| RustPatch {
        output: Vec::new(),
        error: err.to_string(),
        stage,
    };
    let loaded = match patch::load_patches(patches) {
        Ok(loaded) => loaded,
        Err(err) => return fail("load", &err),
    };
    let start = if input == "config" {
        match Config::from_bytes(yaml) {
            Ok(config) => ConfigOrBytes::Config(config),
            Err(err) => return fail("input", &err),
        }
    } else {
        ConfigOrBytes::Bytes(yaml.to_vec())
    };
    match patch::apply(start, &loaded) {
        Ok(out) => RustPatch {
            output: out.into_bytes(),
            error: String::new(),
            stage: "",
        },
        Err(PatchError::GoPanic(message)) => RustPatch {
            output: Vec::new(),
            error: format!("oracle panic: {message}"),
            stage: "apply",
        },
        Err(err) => fail("apply", &err),
    }
}

/// Why a disagreement is rc.1 versus alpha.2 rather than a bug, if it is.
fn skew_reason(go: &GoPatch, rust: &RustPatch) -> Option<String> {
    if !go.error.is_empty() {
        if let Some(reason) = load_skew(false, &go.error, rust.error.is_empty()) {
            return Some(reason);
        }
        if go.error.contains("\" \"v1alpha1\": not registered") {
            return Some("kind unknown to alpha.2".to_owned());
        }
        let duplicate = go.error.starts_with("duplicate document ")
            || go.error.starts_with("duplicate document: ")
            || go.error.starts_with("conflicting documents: ");
        if go.stage == "load" && duplicate {
            return Some(
                "several documents of one identity in a patch (allowed since rc.1)".to_owned(),
            );
        }
        if go.error.contains("unknown keys found during decoding:")
            && RC1_FIELDS.iter().any(|f| go.error.contains(f))
        {
            return Some("field added in rc.1".to_owned());
        }
        // VolumeConfig's `filesystem` (and its `xfs` section) came with rc.1.
        if go
            .error
            .contains("unknown keys found during decoding:\nfilesystem:")
            && go.error.contains("VolumeConfig/")
        {
            return Some("field added in rc.1".to_owned());
        }
    }
    if rust.error.starts_with("conflicting link configurations:") && go.error.is_empty() {
        return Some("link claims (a container rule since rc.1)".to_owned());
    }
    if go.error.is_empty() && rust.error.is_empty() {
        let go_out = String::from_utf8_lossy(&go.output);
        let rust_out = String::from_utf8_lossy(&rust.output);
        let mut stripped = go_out.to_string();
        for (line, empty) in [
            (
                "\n    controlPlane: null\n",
                "cluster:\n    controlPlane: null\n",
            ),
            (
                "\n  controlPlane: null\n",
                "cluster:\n  controlPlane: null\n",
            ),
        ] {
            let emptied = stripped.replace(empty, "cluster: {}\n");
            if emptied == rust_out {
                return Some("cluster.controlPlane: null (omitempty since rc.1)".to_owned());
            }
            stripped = stripped.replace(line, "\n");
        }
        if stripped != go_out && stripped == rust_out {
            return Some("cluster.controlPlane: null (omitempty since rc.1)".to_owned());
        }
    }
    None
}

fn verdict(go: &GoPatch, rust: &RustPatch) -> Result<(), String> {
    match (go.error.is_empty(), rust.error.is_empty()) {
        (true, true) if go.output == rust.output => Ok(()),
        (true, true) => Err(format!(
            "outputs differ:\n--- go\n{}\n--- rust\n{}",
            String::from_utf8_lossy(&go.output),
            String::from_utf8_lossy(&rust.output)
        )),
        (false, false) if go.error == rust.error && go.stage == rust.stage => Ok(()),
        (false, false) => Err(format!(
            "errors differ: go[{}]={:?} rust[{}]={:?}",
            go.stage, go.error, rust.stage, rust.error
        )),
        (true, false) => Err(format!(
            "go accepts, rust fails [{}]: {}",
            rust.stage, rust.error
        )),
        (false, true) => Err(format!(
            "rust accepts, go fails [{}]: {}\n--- rust\n{}",
            go.stage,
            go.error,
            String::from_utf8_lossy(&rust.output)
        )),
    }
}

/// One comparison; `Ok(Some(reason))` when the case cannot be judged.
fn judge(
    oracle: &mut Oracle,
    yaml: &[u8],
    patches: &[String],
    input: &str,
) -> Result<(Result<(), String>, Option<String>, bool)> {
    let go: GoPatch = oracle.expect(
        "config.patch",
        &PatchArgs {
            yaml,
            patches,
            input,
        },
    )?;
    let rust = rust_patch(yaml, patches, input);
    let outcome = verdict(&go, &rust);
    let skew = if outcome.is_err() {
        skew_reason(&go, &rust)
    } else {
        None
    };
    Ok((outcome, skew, go.error.is_empty()))
}

/// The Go test suite's cases: configuration, patch files (in order).
const PATCHER_CASES: &[(&str, &[&str])] = &[
    (
        "apply/config.yaml",
        &[
            "apply/strategic1.yaml",
            "apply/jsonpatch1.yaml",
            "apply/jsonpatch2.yaml",
            "apply/strategic2.yaml",
            "apply/strategic3.yaml",
        ],
    ),
    ("apply/config.yaml", &["apply/strategic4.yaml"]),
    (
        "multidoc/config.yaml",
        &["multidoc/jsonpatch.yaml", "multidoc/strategic1.yaml"],
    ),
    (
        "multidoc/config.yaml",
        &[
            "multidoc/strategic1.yaml",
            "multidoc/strategic2.yaml",
            "multidoc/strategic3.yaml",
        ],
    ),
    ("auditpolicy/config.yaml", &["auditpolicy/patch1.yaml"]),
    ("patchdelete/config.yaml", &["patchdelete/strategic1.yaml"]),
    (
        "patchdelete/controlplane_orig.yaml",
        &[
            "patchdelete/strategic2.yaml",
            "patchdelete/strategic3.yaml",
            "patchdelete/strategic4.yaml",
        ],
    ),
    (
        "patchdeletemissing/config.yaml",
        &["patchdeletemissing/strategic1.yaml"],
    ),
    ("patchlink/base.yaml", &["patchlink/patch.yaml"]),
    ("patchmixed/base.yaml", &["patchmixed/patch.yaml"]),
    (
        "apply/config.yaml",
        &["patch.json", "patch.yaml", "strategic.yaml"],
    ),
    ("apply/config.yaml", &["strategic.yaml", "patch.json"]),
];

/// Hand-written cases for the merge rules the corpus and the generator reach rarely:
/// (name, configuration, patches).
const TARGETED: &[(&str, &str, &[&str])] = &[
    (
        "size: percentage then bytes",
        "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 10%\n",
        &[
            "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 5GiB\n",
        ],
    ),
    (
        "size: bytes then percentage",
        "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 5GiB\n  minSize: 1GiB\n",
        &[
            "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 10%\n",
        ],
    ),
    (
        "cel and byte size replace even when absent",
        "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.size > 10u\n  minSize: 1GiB\n  maxSize: 2GiB\n",
        &[
            "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  grow: true\n",
        ],
    ),
    (
        "image verification rules by pattern",
        "apiVersion: v1alpha1\nkind: ImageVerificationConfig\nrules:\n  - image: a/*\n    skip: true\n  - image: b/*\n    skip: true\n",
        &[
            "apiVersion: v1alpha1\nkind: ImageVerificationConfig\nrules:\n  - image: b/*\n    deny: true\n  - image: c/*\n    skip: false\n  - image: c/*\n    deny: true\n",
        ],
    ),
    (
        "endpoint merges field by field",
        "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  controlPlane:\n    endpoint: https://a.example.com:6443/path?x=1\n",
        &["cluster:\n  controlPlane:\n    endpoint: http://b.example.com\n"],
    ),
    (
        "endpoint user infos do not merge",
        "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  controlPlane:\n    endpoint: https://alice@a.example.com:6443\n",
        &["cluster:\n  controlPlane:\n    endpoint: https://bob@b.example.com\n"],
    ),
    (
        "install disk size matchers do not merge",
        "version: v1alpha1\nmachine:\n  type: worker\n  install:\n    diskSelector:\n      size: '>= 1TB'\n",
        &["machine:\n  install:\n    diskSelector:\n      size: '< 2TB'\n"],
    ),
    (
        "replace lists: empty clears, absent keeps",
        "version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  network:\n    podSubnets: [10.0.0.0/8]\n    serviceSubnets: [10.96.0.0/12]\n",
        &["cluster:\n  network:\n    podSubnets: []\n"],
    ),
    (
        "replace lists: null keeps",
        "version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  network:\n    podSubnets: [10.0.0.0/8]\n    serviceSubnets: [10.96.0.0/12]\n",
        &["cluster:\n  network:\n    podSubnets: ~\n    serviceSubnets: [10.1.0.0/16]\n"],
    ),
    (
        "audit policy: empty mapping keeps",
        "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  apiServer:\n    auditPolicy:\n      kind: Policy\n",
        &["cluster:\n  apiServer:\n    auditPolicy: {}\n"],
    ),
    (
        "extra args replace per key",
        "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  apiServer:\n    extraArgs:\n      a: x\n      b: [y, z]\n",
        &["cluster:\n  apiServer:\n    extraArgs:\n      b: w\n      c: [q]\n"],
    ),
    (
        "unstructured: null over a value",
        "version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    extraConfig:\n      a: 1\n",
        &["machine:\n  kubelet:\n    extraConfig:\n      a: null\n"],
    ),
    (
        "unstructured: nested maps merge, lists append",
        "version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    extraConfig:\n      a: {b: 1, c: [1]}\n      f: 1.5\n",
        &[
            "machine:\n  kubelet:\n    extraConfig:\n      a: {b: 0, c: [2], d: x}\n      f: 0.0\n      g: false\n",
        ],
    ),
    (
        "interfaces by device selector, physical pointer never equal",
        "version: v1alpha1\nmachine:\n  type: worker\n  network:\n    interfaces:\n      - deviceSelector: {driver: e1000}\n        mtu: 1500\n      - deviceSelector: {driver: virtio, physical: true}\n        mtu: 1500\n",
        &[
            "machine:\n  network:\n    interfaces:\n      - deviceSelector: {driver: e1000}\n        mtu: 9000\n      - deviceSelector: {driver: virtio, physical: true}\n        mtu: 9000\n",
        ],
    ),
    (
        "vlans by id, dhcp false behind a pointer",
        "version: v1alpha1\nmachine:\n  type: worker\n  network:\n    interfaces:\n      - interface: eth0\n        dhcp: true\n        vlans:\n          - vlanId: 10\n            mtu: 1500\n            dhcp: true\n",
        &[
            "machine:\n  network:\n    interfaces:\n      - interface: eth0\n        dhcp: false\n        vlans:\n          - vlanId: 10\n            dhcp: false\n            mtu: 0\n          - vlanId: 20\n",
        ],
    ),
    (
        "delete a list element by a non-string key",
        "version: v1alpha1\nmachine:\n  type: worker\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          - vlanId: 10\n",
        &[
            "machine:\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          - vlanId: 10\n            $patch: delete\n",
        ],
    ),
    (
        "delete a map key below a map",
        "version: v1alpha1\nmachine:\n  type: worker\n  registries:\n    mirrors:\n      docker.io:\n        endpoints: [https://a]\n      ghcr.io:\n        endpoints: [https://b]\n",
        &[
            "machine:\n  registries:\n    mirrors:\n      docker.io:\n        $patch: delete\n      ghcr.io:\n        endpoints:\n          $patch: delete\n",
        ],
    ),
    (
        "delete inside unstructured",
        "version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    extraConfig:\n      a: {b: 1, c: 2}\n      l: [{x: 1}]\n",
        &[
            "machine:\n  kubelet:\n    extraConfig:\n      a:\n        b:\n          $patch: delete\n      l:\n        - x: 1\n          $patch: delete\n",
        ],
    ),
    (
        "bool scalars always overwrite, ints only when set",
        "apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\nmtu: 1420\nallowDownPeerBypass: true\n",
        &["apiVersion: v1alpha1\nkind: KubeSpanConfig\nmtu: 0\nallowDownPeerBypass: false\n"],
    ),
    (
        "new documents append, deletes of absent ones are ignored",
        "version: v1alpha1\nmachine:\n  type: worker\n",
        &[
            "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: a\n---\napiVersion: v1alpha1\nkind: KmsgLogConfig\nname: x\n$patch: delete\n---\napiVersion: v1alpha1\nkind: KmsgLogConfig\nname: y\nurl: tcp://1.2.3.4:5000/\n",
        ],
    ),
    (
        "a named selector on an unnamed kind matches nothing",
        "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: a\n",
        &["apiVersion: v1alpha1\nkind: HostnameConfig\nname: x\n$patch: delete\n"],
    ),
    (
        "conflicting kinds after merge",
        "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: 'true'\n  minSize: 1GiB\n",
        &[
            "apiVersion: v1alpha1\nkind: ExistingVolumeConfig\nname: data\ndiscovery:\n  volumeSelector:\n    match: 'true'\n",
        ],
    ),
    (
        "json patch: every operation",
        "version: v1alpha1\nmachine:\n  type: worker\n  certSANs: [a, b]\n  network:\n    hostname: x\n",
        &[
            "[{\"op\": \"test\", \"path\": \"/machine/certSANs/0\", \"value\": \"a\"}, {\"op\": \"copy\", \"from\": \"/machine/certSANs\", \"path\": \"/machine/extra\"}, {\"op\": \"move\", \"from\": \"/machine/network/hostname\", \"path\": \"/machine/hostname\"}, {\"op\": \"add\", \"path\": \"/machine/certSANs/-1\", \"value\": \"c\"}, {\"op\": \"remove\", \"path\": \"/machine/certSANs/-3\"}]",
        ],
    ),
    (
        "json patch: yaml list form with typed values",
        "version: v1alpha1\nmachine:\n  type: worker\n",
        &[
            "- op: add\n  path: /machine/sysctls\n  value:\n    a: yes\n    b: 0x10\n    c: 2001-12-14\n    d: 1.0\n    e: '1e3'\n    f: ~\n",
        ],
    ),
    (
        "json patch output folds long lines",
        "version: v1alpha1\nmachine:\n  type: worker\n",
        &[
            "[{\"op\": \"add\", \"path\": \"/machine/note\", \"value\": \"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen\"}, {\"op\": \"add\", \"path\": \"/machine/q\", \"value\": \"yes: one two three four five six seven eight nine ten eleven twelve thirteen fourteen \\t\"}]",
        ],
    ),
    (
        "json patch reads yaml 1.1 scalars of the input",
        "version: v1alpha1\nmachine:\n  type: worker\n  sysctls:\n    a: yes\n    b: 0644\n    c: 1_000\n    d: 2001-12-14\n    e: .5\n  nodeLabels:\n    1: x\n    2.5: y\n    true: z\n",
        &["[]"],
    ),
    (
        "a patch of only a comment is nothing at all",
        "version: v1alpha1\nmachine:\n  type: worker\n",
        &["# only a comment\n"],
    ),
    (
        "an empty YAML document is an empty JSON patch",
        "version: v1alpha1\nmachine:\n  type: worker\n",
        &["--- \n"],
    ),
    (
        "JSON patch list items that are not operations",
        "version: v1alpha1\nmachine:\n  type: worker\n",
        &["- \n"],
    ),
];

/// A case: its name, the configuration and the patches.
type Case = (String, Vec<u8>, Vec<String>);

/// Corpus cases: the patch files travel as their contents (inline), as `talosctl -p` takes
/// them.
fn corpus_cases() -> Result<Vec<Case>> {
    let config = corpus_root().join("pkg/machinery/config");
    let patcher = config.join("configpatcher/testdata");
    let mut cases = Vec::new();
    for (base, patch_files) in PATCHER_CASES {
        let yaml = std::fs::read(patcher.join(base))?;
        let patches = patch_files
            .iter()
            .map(|p| std::fs::read_to_string(patcher.join(p)))
            .collect::<std::io::Result<Vec<_>>>()?;
        cases.push((
            format!("configpatcher/{base} + {}", patch_files.join(" + ")),
            yaml,
            patches,
        ));
    }
    let strategic = config.join("types/v1alpha1/testdata/strategic");
    let mut dirs: Vec<_> = std::fs::read_dir(&strategic)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        cases.push((
            format!("v1alpha1/strategic/{name}"),
            std::fs::read(dir.join("left.yaml"))?,
            vec![std::fs::read_to_string(dir.join("right.yaml"))?],
        ));
    }
    Ok(cases)
}

/// `config-patch`.
pub fn run(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let mut skew = Skew::default();
    let mut corpus_count = 0;
    for (name, yaml, patches) in corpus_cases()? {
        for input in ["bytes", "config"] {
            let (outcome, skewed, _) = judge(oracle, &yaml, &patches, input)?;
            match skewed {
                Some(reason) => {
                    println!("config-patch: corpus:{name} [{input}] not judged: {reason}");
                    skew.note(reason);
                }
                None => {
                    corpus_count += 1;
                    tally.record(&format!("corpus:{name} [{input}]"), outcome);
                }
            }
        }
    }
    for (name, yaml, patches) in TARGETED {
        let patches: Vec<String> = patches.iter().map(|p| (*p).to_owned()).collect();
        for input in ["bytes", "config"] {
            let (outcome, skewed, _) = judge(oracle, yaml.as_bytes(), &patches, input)?;
            match skewed {
                Some(reason) => skew.note(reason),
                None => tally.record(&format!("targeted:{name} [{input}]"), outcome),
            }
        }
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    // Per generator: (pairs judged, of which Go produced an output).
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (seed, path) in corpus_yaml_files()?.into_iter().enumerate() {
        let yaml = std::fs::read(&path)?;
        let name = path
            .to_string_lossy()
            .rsplit_once("pkg/machinery/config/")
            .map_or_else(|| path.display().to_string(), |(_, rest)| rest.to_owned());
        let pairs: Pairs = oracle.expect(
            "config.patch_mutate",
            &MutateArgs {
                yaml: &yaml,
                seed: seed as u64,
                count: PAIRS_PER_FILE,
            },
        )?;
        for (i, pair) in pairs.pairs.iter().enumerate() {
            let (outcome, skewed, go_ok) = judge(oracle, &yaml, &pair.patches, &pair.input)?;
            match skewed {
                Some(reason) => skew.note(reason),
                None => {
                    let entry = by_kind.entry(pair.kind.clone()).or_default();
                    entry.0 += 1;
                    entry.1 += usize::from(go_ok);
                    if outcome.is_ok() {
                        passed += 1;
                    } else {
                        failed += 1;
                    }
                    let outcome = outcome.map_err(|why| {
                        format!("{why}\n--- patches\n{}", pair.patches.join("\n=====\n"))
                    });
                    tally.record(
                        &format!("pair:{name}#{i}:{} [{}]", pair.kind, pair.input),
                        outcome,
                    );
                }
            }
        }
    }
    let pairs = passed + failed;
    println!("config-patch: {corpus_count} corpus cases compared");
    println!(
        "config-patch: generated pairs {passed}/{pairs} agree ({:.2}%)",
        100.0 * passed as f64 / pairs.max(1) as f64
    );
    for (kind, (count, outputs)) in &by_kind {
        println!(
            "config-patch:   {kind:16} {count:5} pairs, {outputs:5} patched, {:5} errors",
            count - outputs
        );
    }
    skew.report("config-patch");
    Ok(())
}
