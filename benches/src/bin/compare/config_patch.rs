//! Config patching: talos-config's `patch::load_patches` + `apply` against Talos'
//! `configpatcher.LoadPatches` + `Apply` (`talosctl machineconfig patch`), on Talos' generated
//! 1.14 control-plane config with a realistic 10-document strategic patch (merges into
//! existing documents, new documents, a delete), and on the legacy document of the 1.13 one with a JSON patch.

use anyhow::{Result, ensure};
use serde::{Deserialize, Serialize};
use talos_config::patch::{self, ConfigOrBytes};
use talos_conformance::{Oracle, b64};
use talos_kit_benches::config_inputs::{alpha2_subset, v1_13_controlplane, v1_14_controlplane};
use talos_kit_benches::{Row, min_time, ns_per_op};

#[derive(Serialize)]
struct PatchArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
    patches: &'a [String],
}

#[derive(Deserialize)]
struct GoPatch {
    #[serde(with = "b64")]
    output: Vec<u8>,
    error: String,
}

#[derive(Deserialize)]
struct Kinds {
    kinds: Vec<String>,
}

/// Ten documents: five merged into existing ones, four new, one deleted.
const TEN_DOCUMENTS: &str = "\
machine:
  certSANs: [cp-1.example.com, 10.0.0.10]
  nodeLabels:
    topology.kubernetes.io/zone: zone-a
---
apiVersion: v1alpha1
kind: HostnameConfig
hostname: cp-1
---
apiVersion: v1alpha1
kind: ResolverConfig
nameservers:
  - address: 1.1.1.1
  - address: 8.8.8.8
searchDomains:
  domains: [example.com]
---
apiVersion: v1alpha1
kind: VolumeConfig
name: EPHEMERAL
provisioning:
  maxSize: 40GiB
---
apiVersion: v1alpha1
kind: DiscoveryServiceConfig
name: default
endpoint: https://discovery.example.com/
---
apiVersion: v1alpha1
kind: LinkConfig
name: eth0
up: true
mtu: 9000
addresses:
  - address: 10.0.0.10/24
routes:
  - gateway: 10.0.0.1
---
apiVersion: v1alpha1
kind: RegistryMirrorConfig
name: docker.io
endpoints:
  - url: https://mirror.example.com
---
apiVersion: v1alpha1
kind: TimeSyncConfig
ntp:
  servers: [time.cloudflare.com]
---
apiVersion: v1alpha1
kind: KubeSpanConfig
enabled: true
---
apiVersion: v1alpha1
kind: FilesystemTrimConfig
$patch: delete
";

const JSON_PATCH: &str = r#"[{"op": "add", "path": "/machine/network", "value": {"hostname": "cp-1"}}, {"op": "replace", "path": "/cluster/clusterName", "value": "prod"}, {"op": "add", "path": "/machine/certSANs/-", "value": "10.0.0.10"}]"#;

/// The first document (JSON patches need a single-document configuration).
fn legacy_only(yaml: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(yaml);
    let first = text.split("\n---\n").next().unwrap_or_default();
    format!("{}\n", first.trim_end()).into_bytes()
}

/// Load + apply + bytes for both inputs.
pub fn run(oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let time = min_time()?;
    let min_ms = u64::try_from(time.as_millis())?;
    let known: Kinds = oracle.expect("config.kinds", &serde_json::json!({}))?;
    let cases = [
        (
            "v1.14-controlplane/10-documents",
            alpha2_subset(&v1_14_controlplane()?, &known.kinds),
            vec![TEN_DOCUMENTS.to_owned()],
        ),
        (
            "v1.13-controlplane-legacy/json-patch",
            legacy_only(&v1_13_controlplane()?),
            vec![JSON_PATCH.to_owned()],
        ),
    ];
    for (name, yaml, patches) in &cases {
        let run = || -> Result<Vec<u8>> {
            let loaded = patch::load_patches(patches)?;
            Ok(patch::apply(ConfigOrBytes::Bytes(yaml.clone()), &loaded)?.into_bytes())
        };
        // Both sides must do the same work: same output first.
        let go: GoPatch = oracle.expect("config.patch", &PatchArgs { yaml, patches })?;
        ensure!(go.error.is_empty(), "{name}: Go fails: {}", go.error);
        let rust_out = run()?;
        let differ_only_by_rc1 = String::from_utf8_lossy(&go.output)
            .replace("\n    controlPlane: null\n", "\n")
            .replace("\n  controlPlane: null\n", "\n")
            == String::from_utf8_lossy(&rust_out);
        ensure!(
            go.output == rust_out || differ_only_by_rc1,
            "{name}: outputs differ"
        );
        let rust = ns_per_op(time, || run().map(|out| out.len()));
        let go = oracle.bench("config.patch", &PatchArgs { yaml, patches }, min_ms)?;
        rows.push(Row {
            name: format!("config/patch/{name}"),
            rust_ns: rust,
            reference_ns: go.ns_per_op,
            reference: "go configpatcher LoadPatches + Apply (machinery v1.14.0-alpha.2)"
                .to_owned(),
        });
    }
    Ok(())
}
