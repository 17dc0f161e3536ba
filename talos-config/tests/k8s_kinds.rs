//! The `k8s` package kinds against Talos v1.14.0-rc.1's fixtures (per-kind marshal fixtures
//! and the Kube* documents of the v1alpha1 stability outputs), plus Go's error texts.

mod common;

use common::{decode, parse, round_trip};

use std::path::{Path, PathBuf};

use talos_config::Kind;
use talos_config::goyaml::GoYaml;
use talos_config::types::k8s::*;
use talos_config::yaml::emit;

/// Runs [`round_trip`] with the type registered for the document's kind; `None` for non-k8s kinds.
fn dispatch(text: &str, label: &str) -> Option<Result<(), String>> {
    let root = parse(text);
    let kind = root.get("kind")?.value.clone();
    let result = match kind.as_str() {
        "KubeClusterConfig" => round_trip::<KubeClusterConfig>(text, label, true),
        "KubeNetworkConfig" => round_trip::<KubeNetworkConfig>(text, label, true),
        "KubeNodeConfig" => round_trip::<KubeNodeConfig>(text, label, true),
        "KubeletConfig" => round_trip::<KubeletConfig>(text, label, true),
        "KubeAPIServerConfig" => round_trip::<KubeApiServerConfig>(text, label, true),
        "KubeControllerManagerConfig" => {
            round_trip::<KubeControllerManagerConfig>(text, label, true)
        }
        "KubeSchedulerConfig" => round_trip::<KubeSchedulerConfig>(text, label, true),
        "KubeProxyConfig" => round_trip::<KubeProxyConfig>(text, label, true),
        "KubeFlannelCNIConfig" => round_trip::<KubeFlannelCniConfig>(text, label, true),
        "KubeAPIServerCAConfig" => round_trip::<KubeApiServerCaConfig>(text, label, true),
        "KubeAggregatorCAConfig" => round_trip::<KubeAggregatorCaConfig>(text, label, true),
        "KubeServiceAccountConfig" => round_trip::<KubeServiceAccountConfig>(text, label, true),
        "KubeEtcdEncryptionConfig" => round_trip::<KubeEtcdEncryptionConfig>(text, label, true),
        "KubeAuditPolicyConfig" => round_trip::<KubeAuditPolicyConfig>(text, label, true),
        "KubeAuthenticationConfig" => round_trip::<KubeAuthenticationConfig>(text, label, true),
        "KubeCredentialProviderConfig" => {
            round_trip::<KubeCredentialProviderConfig>(text, label, true)
        }
        "KubeAdmissionControlConfig" => round_trip::<KubeAdmissionControlConfig>(text, label, true),
        "KubeAuthorizerConfig" => round_trip::<KubeAuthorizerConfig>(text, label, true),
        "KubeStaticPodConfig" => round_trip::<KubeStaticPodConfig>(text, label, true),
        "KubeInlineManifestConfig" => round_trip::<KubeInlineManifestConfig>(text, label, true),
        "KubeExternalManifestConfig" => round_trip::<KubeExternalManifestConfig>(text, label, true),
        "KubeCoreDNSConfig" => round_trip::<KubeCoreDnsConfig>(text, label, true),
        "KubePrismConfig" => round_trip::<KubePrismConfig>(text, label, true),
        "KubeTalosAPIAccessConfig" => round_trip::<KubeTalosApiAccessConfig>(text, label, true),
        _ => return None,
    };
    Some(result)
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn per_kind_fixtures_round_trip() {
    let files = yaml_files(&common::types_dir().join("k8s/testdata"));
    assert_eq!(files.len(), 28);
    let mut kinds = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let label = file.file_name().unwrap().to_string_lossy().into_owned();
        kinds.insert(parse(&text).get("kind").unwrap().value.clone());
        match dispatch(&text, &label) {
            Some(Ok(())) => {}
            Some(Err(e)) => failures.push(e),
            None => failures.push(format!("{label}: kind not typed")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(kinds.len(), 24);
}

#[test]
fn stability_documents_round_trip() {
    let root = common::types_dir().join("v1alpha1/testdata/stability");
    let mut checked = 0;
    let mut failures = Vec::new();
    for version in ["v1.14", "v1.15"] {
        let dir = root.join(version);
        if !dir.exists() {
            continue;
        }
        for file in yaml_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, doc) in text.split("\n---\n").enumerate() {
                let mut doc = doc.to_owned();
                if !doc.ends_with('\n') {
                    doc.push('\n');
                }
                let label = format!("{}#{i}", file.display());
                match dispatch(&doc, &label) {
                    Some(Ok(())) => checked += 1,
                    Some(Err(e)) => failures.push(e),
                    None => {}
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 50, "only {checked} Kube* documents found");
}

#[test]
fn kinds_metadata() {
    assert_eq!(
        KubeAdmissionControlConfig::KIND,
        "KubeAdmissionControlConfig"
    );
    let named = [
        KubeAdmissionControlConfig::NAMED,
        KubeAuthorizerConfig::NAMED,
        KubeStaticPodConfig::NAMED,
        KubeInlineManifestConfig::NAMED,
        KubeExternalManifestConfig::NAMED,
        KubeletConfig::NAMED,
        KubeServiceAccountConfig::NAMED,
    ];
    assert_eq!(named, [true, true, true, true, true, false, false]);
    assert_eq!(
        KubeApiServerConfig::go_type(),
        "k8s.KubeAPIServerConfigV1Alpha1"
    );
    let (doc, res) = decode::<KubeStaticPodConfig>(
        "apiVersion: v1alpha1\nkind: KubeStaticPodConfig\nname: nginx\npod: {}\n",
    );
    assert_eq!(res, Ok(()));
    assert_eq!(doc.name(), "nginx");
}

#[test]
fn empty_documents_print_go_zero_fields() {
    let cases = [
        (
            "KubeAPIServerConfig\nimage: \"\"\n",
            KubeApiServerConfig::default().encode(),
        ),
        (
            "KubeAdmissionControlConfig\nname: \"\"\nconfiguration: {}\n",
            KubeAdmissionControlConfig::default().encode(),
        ),
        (
            "KubeAuthorizerConfig\nname: \"\"\ntype: \"\"\n",
            KubeAuthorizerConfig::default().encode(),
        ),
        (
            "KubeNetworkConfig\ndnsDomain: \"\"\npodSubnets: []\nserviceSubnets: []\n",
            KubeNetworkConfig::default().encode(),
        ),
        (
            "KubeProxyConfig\nconfig: {}\n",
            KubeProxyConfig::default().encode(),
        ),
        (
            "KubeNodeConfig\nnodeIP: {}\n",
            KubeNodeConfig::default().encode(),
        ),
    ];
    for (want, got) in cases {
        assert_eq!(emit(&got), format!("apiVersion: v1alpha1\nkind: {want}"));
    }
}

// Error texts below were taken from the Go oracle (alpha.2 kinds) or follow go-yaml's
// wording for the Go field types of the rc.1-only kinds.

#[test]
fn flannel_integer_widths() {
    let (_, res) = decode::<KubeFlannelCniConfig>(
        "apiVersion: v1alpha1\nkind: KubeFlannelCNIConfig\nbackendType: vxlan\nbackendPort: 70000\nbackendMTU: -1\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 4: cannot construct !!int `70000` into uint16; line 5: cannot construct !!int `-1` into uint32".to_owned())
    );
}

#[test]
fn network_bad_prefixes() {
    let (_, res) = decode::<KubeNetworkConfig>(
        "apiVersion: v1alpha1\nkind: KubeNetworkConfig\ndnsDomain: [a]\npodSubnets:\n  - 10.0.0.0/33\nserviceSubnets: bad\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 3: cannot construct !!seq into string; line 5: netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range; line 6: cannot construct !!str `bad` into []meta.Prefix".to_owned())
    );
}

#[test]
fn apiserver_type_mismatches() {
    let (_, res) = decode::<KubeApiServerConfig>(
        "apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nimage: x\napiPort: abc\nstartupProbes: maybe\nenv: [a]\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 4: cannot construct !!str `abc` into int; line 5: cannot construct !!str `maybe` into bool; line 6: cannot construct !!seq into map[string]string".to_owned())
    );
}

#[test]
fn apiserver_unknown_key_in_resources() {
    let root = parse(
        "apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nimage: x\nresources:\n  requests:\n    cpu: 1\n  bogus: 2\nextraArgs:\n  any: thing\n",
    );
    let unknown = KubeApiServerConfig::unknown_keys(&root).unwrap().unwrap();
    assert_eq!(emit(&unknown), "resources:\n    bogus: 2\n");
}

#[test]
fn unstructured_and_args_errors() {
    let (_, res) = decode::<KubeProxyConfig>(
        "apiVersion: v1alpha1\nkind: KubeProxyConfig\nimage: x\nconfig: [a]\nextraArgs:\n  a: {b: c}\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 4: cannot construct !!seq into meta.Unstructured; line 6: arg value must be a string or list of strings".to_owned())
    );
    let (_, res) = decode::<KubeAuthorizerConfig>(
        "apiVersion: v1alpha1\nkind: KubeAuthorizerConfig\nname: x\ntype: Webhook\nwebhook: abc\n",
    );
    assert_eq!(
        res,
        Err(
            "yaml: construct errors: line 5: cannot construct !!str `abc` into meta.Unstructured"
                .to_owned()
        )
    );
}

#[test]
fn free_form_sections_accept_any_keys() {
    let root = parse(
        "apiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n  anything:\n    goes: [1, 2]\n",
    );
    assert_eq!(KubeAuditPolicyConfig::unknown_keys(&root), Ok(None));
}

#[test]
fn rc1_kinds_errors() {
    let (_, res) = decode::<KubePrismConfig>(
        "apiVersion: v1alpha1\nkind: KubePrismConfig\nport: abc\ntlsServerName: [x]\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 3: cannot construct !!str `abc` into int; line 4: cannot construct !!seq into string".to_owned())
    );
    let (_, res) = decode::<KubeClusterConfig>(
        "apiVersion: v1alpha1\nkind: KubeClusterConfig\nclusterName: c\nendpoint: \"%zz\"\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 4: parse \"%zz\": invalid URL escape \"%zz\"".to_owned())
    );
    let (_, res) = decode::<KubeNodeConfig>(
        "apiVersion: v1alpha1\nkind: KubeNodeConfig\nregisterWithFQDN: sometimes\nnodeIP: [a]\nlabels: x\n",
    );
    assert_eq!(
        res,
        Err("yaml: construct errors: line 3: cannot construct !!str `sometimes` into bool; line 4: cannot construct !!seq into k8s.NodeIPConfig; line 5: cannot construct !!str `x` into map[string]string".to_owned())
    );
    let root = parse(
        "apiVersion: v1alpha1\nkind: KubeServiceAccountConfig\nissuer:\n  privateKey: k\n  issuerURL: https://a\n  extra: 1\naccepted:\n  audiences: [a]\n  bogus: b\n",
    );
    let unknown = KubeServiceAccountConfig::unknown_keys(&root)
        .unwrap()
        .unwrap();
    assert_eq!(
        emit(&unknown),
        "accepted:\n    bogus: b\nissuer:\n    extra: 1\n"
    );
    let root = parse(
        "apiVersion: v1alpha1\nkind: KubeAPIServerCAConfig\nissuingCA:\n  cert: c\n  crt: d\n",
    );
    let unknown = KubeApiServerCaConfig::unknown_keys(&root).unwrap().unwrap();
    assert_eq!(emit(&unknown), "issuingCA:\n    crt: d\n");
}
