//! The Kubernetes kinds' rules (`Validate`) and their conflicts with the legacy document
//! (`V1Alpha1ConflictValidate`), ported from Go's `config/types/k8s` package.
//!
//! Go builds each kind's error with `errors.Join`, one operand per broken rule; nested joins
//! print the same as a flat one, so a flat [`JoinedErrors`] reproduces the text.
//!
//! Kubernetes image tags are only checked by Go without the `Local` option, which client-side
//! validation always sets, so no image check appears here.
//!
//! Kinds the reference release (v1.14.0-alpha.2) does not have get only their conflict checks
//! (the spec asks for every Kube* kind's check against its legacy source); their own rules
//! are not ported: `KubeClusterConfig`, `KubeNodeConfig`, `KubeletConfig`,
//! `KubeAPIServerCAConfig`, `KubeAggregatorCAConfig`, `KubeServiceAccountConfig`,
//! `KubeCredentialProviderConfig`, `KubeStaticPodConfig`, `KubeInlineManifestConfig`,
//! `KubeExternalManifestConfig`, `KubeCoreDNSConfig`, `KubePrismConfig`,
//! `KubeTalosAPIAccessConfig`. `KubeAuditPolicyConfig` and `KubeAuthenticationConfig` have no
//! rules of their own in Go either.

use super::{Checked, Context, GoError, JoinedErrors, conflict_validators, doc_validators};
use crate::goyaml::go_quote;
use crate::types::k8s::{
    KubeAdmissionControlConfig, KubeAggregatorCaConfig, KubeApiServerCaConfig, KubeApiServerConfig,
    KubeAuditPolicyConfig, KubeAuthorizerConfig, KubeClusterConfig, KubeControllerManagerConfig,
    KubeCoreDnsConfig, KubeCredentialProviderConfig, KubeEtcdEncryptionConfig,
    KubeFlannelCniConfig, KubeNetworkConfig, KubeNodeConfig, KubePrismConfig, KubeProxyConfig,
    KubeSchedulerConfig, KubeServiceAccountConfig, KubeTalosApiAccessConfig, KubeletConfig,
    ResourcesConfig,
};
use crate::types::meta::Prefix;
use crate::types::v1alpha1::{ClusterConfig, Config as LegacyConfig, FeaturesConfig};

doc_validators![
    KubeAdmissionControlConfig => admission_control,
    KubeApiServerConfig => api_server,
    KubeAuthorizerConfig => authorizer,
    KubeControllerManagerConfig => controller_manager,
    KubeEtcdEncryptionConfig => etcd_encryption,
    KubeFlannelCniConfig => flannel,
    KubeNetworkConfig => network,
    KubeProxyConfig => proxy,
    KubeSchedulerConfig => scheduler,
];

conflict_validators![
    KubeAdmissionControlConfig => admission_control_conflicts,
    KubeApiServerConfig => api_server_conflicts,
    KubeAuditPolicyConfig => audit_policy_conflicts,
    KubeAuthorizerConfig => authorizer_conflicts,
    KubeControllerManagerConfig => controller_manager_conflicts,
    KubeEtcdEncryptionConfig => etcd_encryption_conflicts,
    KubeFlannelCniConfig => flannel_conflicts,
    KubeNetworkConfig => network_conflicts,
    KubeProxyConfig => proxy_conflicts,
    KubeSchedulerConfig => scheduler_conflicts,
    KubeClusterConfig => cluster_conflicts,
    KubeNodeConfig => node_conflicts,
    KubeletConfig => kubelet_conflicts,
    KubeApiServerCaConfig => api_server_ca_conflicts,
    KubeAggregatorCaConfig => aggregator_ca_conflicts,
    KubeServiceAccountConfig => service_account_conflicts,
    KubeCredentialProviderConfig => credential_provider_conflicts,
    KubeCoreDnsConfig => core_dns_conflicts,
    KubePrismConfig => kube_prism_conflicts,
    KubeTalosApiAccessConfig => talos_api_access_conflicts,
];

/// Go's `ResourcesConfig.Validate`: only `cpu` and `memory` may be requested or limited.
///
/// Go stops at the first unsupported key of a map it ranges over (random order); with
/// several such keys the sorted first one is reported here.
fn k8s_resources_error(resources: &ResourcesConfig) -> Option<GoError> {
    [&resources.requests, &resources.limits]
        .into_iter()
        .flat_map(|section| section.object.keys())
        .find(|key| !matches!(key.as_str(), "memory" | "cpu"))
        .map(|key| GoError::msg(format!("unsupported pod resource {}", go_quote(key))))
}

/// The checks shared by the control-plane component documents once enabled: a non-empty image
/// and valid resources.
fn component_errors(image: &str, component: &str, resources: &ResourcesConfig) -> JoinedErrors {
    let mut errs = JoinedErrors::new();
    if image.is_empty() {
        errs.push(format!("{component} image cannot be empty"));
    }
    errs.push_opt(k8s_resources_error(resources));
    errs
}

fn admission_control(doc: &KubeAdmissionControlConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("admission control plugin name is required");
    }
    Checked::error(errs.into_error())
}

/// Flag prefixes kube-apiserver's `extraArgs` may not use, sorted (Go ranges over the sorted
/// keys), with the document to use instead.
const API_SERVER_DENIED_ARG_PREFIXES: [(&str, &str); 6] = [
    ("anonymous-auth", "use KubeAuthenticationConfig"),
    ("authentication-config", "use KubeAuthenticationConfig"),
    ("authorization-config", "use KubeAuthorizationConfig"),
    ("authorization-mode", "use KubeAuthorizationConfig"),
    ("authorization-webhook-", "use KubeAuthorizationConfig"),
    ("oidc-", "use KubeAuthenticationConfig"),
];

fn api_server(doc: &KubeApiServerConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.image.is_empty() {
        errs.push("kube-apiserver image cannot be empty");
    }
    // Go ranges over the argument map (random order) within each prefix; sorted here.
    for (prefix, hint) in API_SERVER_DENIED_ARG_PREFIXES {
        for arg in doc.extra_args.keys().filter(|arg| arg.starts_with(prefix)) {
            errs.push(format!(
                "kube-apiserver extra argument {} is not allowed: {hint}",
                go_quote(arg)
            ));
        }
    }
    errs.push_opt(k8s_resources_error(&doc.resources));
    Checked::error(errs.into_error())
}

/// The authorizer types kube-apiserver knows, in Go's order.
const AUTHORIZER_TYPES: [&str; 3] = ["Node", "RBAC", "Webhook"];

fn authorizer(doc: &KubeAuthorizerConfig, _ctx: &Context) -> Checked {
    let mut checked = Checked::default();
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("authorizer name is required");
    }
    if doc.r#type.is_empty() {
        errs.push("authorizer type is required");
    }
    if !AUTHORIZER_TYPES.contains(&doc.r#type.as_str()) {
        errs.push(format!(
            "authorizer type {} is not allowed, allowed types are [{}]",
            doc.r#type,
            AUTHORIZER_TYPES.join(" ")
        ));
    }
    let has_webhook = !doc.webhook.object.is_empty();
    if doc.r#type == "Webhook" && !has_webhook {
        errs.push("authorizer webhook configuration is required for Webhook authorizer type");
    }
    if doc.r#type != "Webhook" && has_webhook {
        checked.warnings.push(
            "authorizer webhook configuration is not allowed non-Webhook authorizer types"
                .to_owned(),
        );
    }
    checked.error = errs.into_error();
    checked
}

fn controller_manager(doc: &KubeControllerManagerConfig, _ctx: &Context) -> Checked {
    if doc.enabled == Some(false) {
        return Checked::default();
    }
    Checked::error(
        component_errors(&doc.image, "kube-controller-manager", &doc.resources).into_error(),
    )
}

fn etcd_encryption(doc: &KubeEtcdEncryptionConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.config.object.is_empty() {
        errs.push("etcd encryption config is required");
    }
    Checked::error(errs.into_error())
}

fn flannel(doc: &KubeFlannelCniConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.backend_type.is_empty() {
        errs.push("flannel backend type must be specified");
    }
    errs.push_opt(k8s_resources_error(&doc.resources));
    Checked::error(errs.into_error())
}

/// Go's `validateSubnets` of `KubeNetworkConfig`: one or two (dual-stack) canonical CIDRs,
/// at most one per family, each leaving at least `min_size` host bits.
fn k8s_subnets_error(subnets: &[Prefix], min_size: i32) -> Option<String> {
    if subnets.is_empty() {
        return Some("at least one subnets must be specified".to_owned());
    }
    if subnets.len() > 2 {
        return Some("at most two subnets can be specified for dual-stack clusters".to_owned());
    }
    let (mut ipv4, mut ipv6) = (0, 0);
    for subnet in subnets {
        let prefix = &subnet.0;
        if !prefix.is_valid() {
            return Some(format!("invalid subnet: {prefix}"));
        }
        if prefix.masked() != *prefix {
            return Some(format!("invalid subnet: {prefix} is not a valid CIDR"));
        }
        if prefix.addr().is_4() {
            ipv4 += 1;
        } else {
            ipv6 += 1;
        }
        let size = i32::from(prefix.addr().bit_len()) - prefix.bits();
        if size < min_size {
            return Some(format!(
                "invalid subnet: {prefix} is too small, it must be at least /{min_size} IPs"
            ));
        }
    }
    if ipv4 > 1 || ipv6 > 1 {
        return Some(
            "at most one IPv4 and one IPv6 subnet can be specified for dual-stack clusters"
                .to_owned(),
        );
    }
    None
}

fn network(doc: &KubeNetworkConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if let Some(err) = k8s_subnets_error(&doc.pod_subnets, 4) {
        errs.push(format!("pod subnets: {err}"));
    }
    if let Some(err) = k8s_subnets_error(&doc.service_subnets, 4) {
        errs.push(format!("service subnets: {err}"));
    }
    if doc.pod_subnets.len() != doc.service_subnets.len() {
        errs.push("the number of pod subnets must match the number of service subnets");
    }
    Checked::error(errs.into_error())
}

fn proxy(doc: &KubeProxyConfig, _ctx: &Context) -> Checked {
    let mut checked = Checked::default();
    if doc.enabled == Some(false) {
        return checked;
    }
    let mut errs = JoinedErrors::new();
    if doc.image.is_empty() {
        errs.push("proxy image cannot be empty");
    }
    match doc.mode.as_str() {
        "" | "nftables" => {}
        "iptables" | "ipvs" => checked.warnings.push(format!(
            "proxy mode {} is not recommended, please switch to nftables if possible",
            go_quote(&doc.mode)
        )),
        mode => errs.push(format!(
            "invalid proxy mode {}: supported modes are iptables, ipvs and nftables",
            go_quote(mode)
        )),
    }
    if !doc.extra_args.is_empty() {
        checked.warnings.push(
            "extra arguments for kube-proxy may not work as expected, please use configuration instead"
                .to_owned(),
        );
    }
    errs.push_opt(k8s_resources_error(&doc.resources));
    checked.error = errs.into_error();
    checked
}

fn scheduler(doc: &KubeSchedulerConfig, _ctx: &Context) -> Checked {
    if doc.enabled == Some(false) {
        return Checked::default();
    }
    Checked::error(component_errors(&doc.image, "scheduler", &doc.resources).into_error())
}

/// The legacy `cluster` section, if present.
fn legacy_cluster(legacy: &LegacyConfig) -> Option<&ClusterConfig> {
    legacy.cluster.as_ref()
}

/// The legacy `machine.features` section, if present.
fn legacy_features(legacy: &LegacyConfig) -> Option<&FeaturesConfig> {
    legacy.machine.as_ref()?.features.as_ref()
}

/// Go's `K8sAdmissionControlPluginConfigs()` is non-empty: `.cluster.apiServer.admissionControl`
/// has entries (null ones count).
fn legacy_has_admission_plugins(legacy: &LegacyConfig) -> bool {
    legacy_cluster(legacy)
        .and_then(|cluster| cluster.api_server.as_ref())
        .is_some_and(|api_server| !api_server.admission_control.is_empty())
}

/// A conflict error about the legacy field at `path`.
fn conflict(path: &str, text: &str) -> Option<GoError> {
    Some(GoError::at(path, text))
}

fn admission_control_conflicts(
    _doc: &KubeAdmissionControlConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    if legacy_has_admission_plugins(legacy) {
        return conflict(
            ".cluster.apiServer.admissionControl",
            "admission control plugin config is already set in v1alpha1 config",
        );
    }
    None
}

fn api_server_conflicts(_doc: &KubeApiServerConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let cluster = legacy_cluster(legacy)?;
    if cluster.api_server.is_some() {
        return conflict(
            ".cluster.apiServer",
            "kube-apiserver config is already set in v1alpha1 config (.cluster.apiServer)",
        );
    }
    if cluster
        .control_plane
        .as_ref()
        .is_some_and(|cp| cp.local_api_server_port != 0)
    {
        return conflict(
            ".cluster.controlPlane.localAPIServerPort",
            "kube-apiserver API port is already set in v1alpha1 config (.cluster.controlPlane.localAPIServerPort)",
        );
    }
    None
}

fn audit_policy_conflicts(_doc: &KubeAuditPolicyConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let api_server = legacy_cluster(legacy)?.api_server.as_ref()?;
    if !api_server.audit_policy.object.is_empty() {
        return conflict(
            ".cluster.apiServer.auditPolicy",
            "audit policy config is already set in v1alpha1 config",
        );
    }
    None
}

/// Go checks the legacy admission plugins here too (not the authorizers), with the admission
/// control message.
fn authorizer_conflicts(_doc: &KubeAuthorizerConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_has_admission_plugins(legacy) {
        return conflict(
            ".cluster.apiServer.admissionControl",
            "admission control plugin config is already set in v1alpha1 config",
        );
    }
    None
}

fn controller_manager_conflicts(
    _doc: &KubeControllerManagerConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    if legacy_cluster(legacy).is_some_and(|cluster| cluster.controller_manager.is_some()) {
        return conflict(
            ".cluster.controllerManager",
            "kube-controller-manager config is already set in v1alpha1 config (.cluster.controllerManager)",
        );
    }
    let machine_control_plane = legacy.machine.as_ref()?.control_plane.as_ref()?;
    if machine_control_plane.controller_manager.is_some() {
        return conflict(
            ".machine.controlplane.controllerManager",
            "kube-controller-manager config is already set in v1alpha1 config (.machine.controlplane.controllerManager)",
        );
    }
    None
}

fn etcd_encryption_conflicts(
    _doc: &KubeEtcdEncryptionConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    let cluster = legacy_cluster(legacy)?;
    if !cluster.secretbox_encryption_secret.is_empty()
        || !cluster.aescbc_encryption_secret.is_empty()
    {
        return Some(GoError::msg(
            "etcd encryption config is already set in v1alpha1 config",
        ));
    }
    None
}

fn flannel_conflicts(_doc: &KubeFlannelCniConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_cluster(legacy).is_some_and(|cluster| cluster.network.is_some()) {
        return conflict(
            ".cluster.network",
            "cluster network config in v1alpha1 config (.machine.cluster.network) can't be used with KubeFlannelCNIConfig document, please remove it to avoid conflicts",
        );
    }
    None
}

fn network_conflicts(_doc: &KubeNetworkConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_cluster(legacy).is_some_and(|cluster| cluster.network.is_some()) {
        return conflict(
            ".cluster.network",
            "cluster network config in v1alpha1 config (.machine.cluster.network) can't be used with KubeNetworkConfig document, please remove it to avoid conflicts",
        );
    }
    None
}

fn proxy_conflicts(_doc: &KubeProxyConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_cluster(legacy).is_some_and(|cluster| cluster.proxy.is_some()) {
        return conflict(
            ".cluster.proxy",
            "cluster proxy config in v1alpha1 config (.machine.cluster.proxy) can't be used with KubeProxyConfig document, please remove it to avoid conflicts",
        );
    }
    None
}

fn scheduler_conflicts(_doc: &KubeSchedulerConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_cluster(legacy).is_some_and(|cluster| cluster.scheduler.is_some()) {
        return conflict(
            ".cluster.scheduler",
            "kube-scheduler config is already set in v1alpha1 config (.cluster.scheduler)",
        );
    }
    let machine_control_plane = legacy.machine.as_ref()?.control_plane.as_ref()?;
    if machine_control_plane.scheduler.is_some() {
        return conflict(
            ".machine.controlplane.scheduler",
            "kube-scheduler config is already set in v1alpha1 config (.machine.controlplane.scheduler)",
        );
    }
    None
}

// The kinds below are not in the reference release; their conflict checks follow the
// upstream Talos sources of the 1.14 series (wording included).

fn cluster_conflicts(_doc: &KubeClusterConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let cluster = legacy_cluster(legacy)?;
    if !cluster.cluster_name.is_empty() {
        return conflict(
            ".cluster.clusterName",
            "cluster name is already set in the v1alpha1 config (.cluster.clusterName). Please remove it and use only the new KubeClusterConfig document to avoid conflicts",
        );
    }
    if cluster
        .control_plane
        .as_ref()
        .is_some_and(|cp| cp.endpoint.is_some())
    {
        return conflict(
            ".cluster.controlPlane.endpoint",
            "cluster endpoint is already set in the v1alpha1 config (.cluster.controlPlane.endpoint). Please remove it and use only the new KubeClusterConfig document to avoid conflicts",
        );
    }
    None
}

/// Go compares the legacy node label/annotation/taint maps with nil; an explicitly empty map
/// (`nodeLabels: {}`) cannot be told from an absent one here, so only non-empty maps count.
fn node_conflicts(_doc: &KubeNodeConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if let Some(cluster) = legacy_cluster(legacy) {
        if cluster.allow_scheduling_on_control_planes.is_some() {
            return conflict(
                ".cluster.allowSchedulingOnControlPlanes",
                ".cluster.allowSchedulingOnControlPlanes is already set in v1alpha1 config",
            );
        }
        if cluster.allow_scheduling_on_masters.is_some() {
            return conflict(
                ".cluster.allowSchedulingOnMasters",
                ".cluster.allowSchedulingOnMasters is already set in v1alpha1 config",
            );
        }
    }
    let machine = legacy.machine.as_ref()?;
    if let Some(kubelet) = &machine.kubelet {
        let set = [
            (
                kubelet.skip_node_registration.is_some(),
                ".machine.kubelet.skipNodeRegistration",
            ),
            (
                kubelet.register_with_fqdn.is_some(),
                ".machine.kubelet.registerWithFQDN",
            ),
            (kubelet.node_ip.is_some(), ".machine.kubelet.nodeIP"),
        ];
        if let Some((_, path)) = set.into_iter().find(|(set, _)| *set) {
            return conflict(path, &format!("{path} is already set in v1alpha1 config"));
        }
    }
    let set = [
        (!machine.node_labels.is_empty(), ".machine.nodeLabels"),
        (
            !machine.node_annotations.is_empty(),
            ".machine.nodeAnnotations",
        ),
        (!machine.node_taints.is_empty(), ".machine.nodeTaints"),
    ];
    let (_, path) = set.into_iter().find(|(set, _)| *set)?;
    conflict(path, &format!("{path} is already set in v1alpha1 config"))
}

fn kubelet_conflicts(_doc: &KubeletConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy.machine.as_ref()?.kubelet.is_some() {
        return conflict(
            ".machine.kubelet",
            "kubelet config is already set in v1alpha1 config (.machine.kubelet)",
        );
    }
    None
}

fn api_server_ca_conflicts(_doc: &KubeApiServerCaConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_cluster(legacy)?.ca.is_some() {
        return conflict(
            ".cluster.ca",
            "kube-apiserver CA is already set in v1alpha1 config (.cluster.ca)",
        );
    }
    None
}

fn aggregator_ca_conflicts(
    _doc: &KubeAggregatorCaConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    if legacy_cluster(legacy)?.aggregator_ca.is_some() {
        return conflict(
            ".cluster.aggregatorCA",
            "kube-apiserver aggregator CA is already set in v1alpha1 config (.cluster.aggregatorCA), please remove it and use the new KubeAggregatorCAConfig document instead",
        );
    }
    None
}

fn service_account_conflicts(
    _doc: &KubeServiceAccountConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    if legacy_cluster(legacy)?.service_account.is_some() {
        return conflict(
            ".cluster.serviceAccount",
            "service account is already set in v1alpha1 config (.cluster.serviceAccount)",
        );
    }
    None
}

fn credential_provider_conflicts(
    _doc: &KubeCredentialProviderConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    if legacy.machine.as_ref()?.kubelet.is_some() {
        return conflict(
            ".machine.kubelet",
            "cannot use KubeCredentialProviderConfig with legacy kubelet configuration (.machine.kubelet)",
        );
    }
    None
}

fn core_dns_conflicts(_doc: &KubeCoreDnsConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_cluster(legacy)?.core_dns.is_some() {
        return conflict(
            ".cluster.coreDNS",
            "CoreDNS config is already set in v1alpha1 config (.cluster.coreDNS)",
        );
    }
    None
}

fn kube_prism_conflicts(_doc: &KubePrismConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if legacy_features(legacy)?.kube_prism.is_some() {
        return conflict(
            ".machine.features.kubePrism",
            "KubePrism config in v1alpha1 config (.machine.features.kubePrism) can't be used with KubePrismConfig document, please remove it to avoid conflicts",
        );
    }
    None
}

fn talos_api_access_conflicts(
    _doc: &KubeTalosApiAccessConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    if legacy_features(legacy)?
        .kubernetes_talos_api_access
        .is_some()
    {
        return conflict(
            ".machine.features.kubernetesTalosAPIAccess",
            ".machine.features.kubernetesTalosAPIAccess is already set in v1alpha1 config",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    //! The checks of kinds Go's reference release cannot load (so no oracle case exists),
    //! called directly so the legacy document's own rules do not interfere.

    use super::*;
    use crate::config::Config;
    use crate::kind::Kind;

    const CP_LEGACY: &str =
        "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  clusterName: ''\n";

    /// Loads `legacy` plus one `T` document (`body` after its kind line) and runs `check`.
    fn run<T: Kind>(
        legacy: &str,
        body: &str,
        check: fn(&T, &LegacyConfig) -> Option<GoError>,
    ) -> Option<String> {
        let text = format!(
            "{legacy}---\napiVersion: v1alpha1\nkind: {}\n{body}",
            T::KIND
        );
        let config = Config::from_bytes(text.as_bytes()).expect("loads");
        let doc = config.all::<T>().next().expect("the document");
        check(doc, config.v1alpha1().expect("legacy")).map(|err| err.to_string())
    }

    fn legacy_with(machine: &str, cluster: &str) -> String {
        format!(
            "version: v1alpha1\nmachine:\n  type: controlplane\n{machine}cluster:\n  id: x\n{cluster}"
        )
    }

    #[test]
    fn cluster_conflicts_name_then_endpoint() {
        let both = legacy_with(
            "",
            "  clusterName: c\n  controlPlane:\n    endpoint: https://a:6443\n",
        );
        assert_eq!(
            run::<KubeClusterConfig>(&both, "clusterName: x\n", cluster_conflicts).as_deref(),
            Some(
                "cluster name is already set in the v1alpha1 config (.cluster.clusterName). Please remove it and use only the new KubeClusterConfig document to avoid conflicts"
            )
        );
        let endpoint = legacy_with("", "  controlPlane:\n    endpoint: https://a:6443\n");
        assert_eq!(
            run::<KubeClusterConfig>(&endpoint, "", cluster_conflicts).as_deref(),
            Some(
                "cluster endpoint is already set in the v1alpha1 config (.cluster.controlPlane.endpoint). Please remove it and use only the new KubeClusterConfig document to avoid conflicts"
            )
        );
        let port_only = legacy_with("", "  controlPlane:\n    localAPIServerPort: 1\n");
        assert_eq!(
            run::<KubeClusterConfig>(&port_only, "", cluster_conflicts),
            None
        );
        assert_eq!(
            run::<KubeClusterConfig>(CP_LEGACY, "", cluster_conflicts),
            None
        );
        assert_eq!(
            run::<KubeClusterConfig>(
                "version: v1alpha1\nmachine:\n  type: worker\n",
                "",
                cluster_conflicts
            ),
            None
        );
    }

    #[test]
    fn node_conflicts_in_go_order() {
        let cases = [
            (
                "  kubelet:\n    nodeIP:\n      validSubnets: [10.0.0.0/8]\n  nodeLabels:\n    a: b\n",
                "  allowSchedulingOnControlPlanes: true\n  allowSchedulingOnMasters: true\n",
                ".cluster.allowSchedulingOnControlPlanes is already set in v1alpha1 config",
            ),
            (
                "",
                "  allowSchedulingOnMasters: false\n",
                ".cluster.allowSchedulingOnMasters is already set in v1alpha1 config",
            ),
            (
                "  kubelet:\n    skipNodeRegistration: false\n    registerWithFQDN: true\n  nodeTaints:\n    a: b\n",
                "",
                ".machine.kubelet.skipNodeRegistration is already set in v1alpha1 config",
            ),
            (
                "  kubelet:\n    registerWithFQDN: true\n    nodeIP: {}\n",
                "",
                ".machine.kubelet.registerWithFQDN is already set in v1alpha1 config",
            ),
            (
                "  kubelet:\n    nodeIP: {}\n",
                "",
                ".machine.kubelet.nodeIP is already set in v1alpha1 config",
            ),
            (
                "  kubelet:\n    image: k\n  nodeLabels:\n    a: b\n  nodeAnnotations:\n    a: b\n",
                "",
                ".machine.nodeLabels is already set in v1alpha1 config",
            ),
            (
                "  nodeAnnotations:\n    a: b\n  nodeTaints:\n    a: b\n",
                "",
                ".machine.nodeAnnotations is already set in v1alpha1 config",
            ),
            (
                "  nodeTaints:\n    a: b\n",
                "",
                ".machine.nodeTaints is already set in v1alpha1 config",
            ),
        ];
        for (machine, cluster, want) in cases {
            let legacy = legacy_with(machine, cluster);
            assert_eq!(
                run::<KubeNodeConfig>(&legacy, "nodeIP: {}\n", node_conflicts).as_deref(),
                Some(want),
                "{legacy}"
            );
        }
        let clean = legacy_with("  kubelet:\n    image: k\n", "");
        assert_eq!(
            run::<KubeNodeConfig>(&clean, "nodeIP: {}\n", node_conflicts),
            None
        );
    }

    #[test]
    fn kubelet_sources_conflict() {
        let with_kubelet = legacy_with("  kubelet: {}\n", "");
        assert_eq!(
            run::<KubeletConfig>(&with_kubelet, "image: k\n", kubelet_conflicts).as_deref(),
            Some("kubelet config is already set in v1alpha1 config (.machine.kubelet)")
        );
        assert_eq!(
            run::<KubeCredentialProviderConfig>(
                &with_kubelet,
                "configuration: {}\n",
                credential_provider_conflicts
            )
            .as_deref(),
            Some(
                "cannot use KubeCredentialProviderConfig with legacy kubelet configuration (.machine.kubelet)"
            )
        );
        assert_eq!(
            run::<KubeletConfig>(CP_LEGACY, "image: k\n", kubelet_conflicts),
            None
        );
        assert_eq!(
            run::<KubeCredentialProviderConfig>(
                "version: v1alpha1\nmachine:\n  type: worker\n",
                "configuration: {}\n",
                credential_provider_conflicts
            ),
            None
        );
    }

    #[test]
    fn cluster_secret_sources_conflict() {
        let legacy = legacy_with(
            "",
            "  ca:\n    crt: YQ==\n  aggregatorCA:\n    crt: YQ==\n  serviceAccount:\n    key: YQ==\n  coreDNS:\n    disabled: true\n",
        );
        assert_eq!(
            run::<KubeApiServerCaConfig>(&legacy, "", api_server_ca_conflicts).as_deref(),
            Some("kube-apiserver CA is already set in v1alpha1 config (.cluster.ca)")
        );
        assert_eq!(
            run::<KubeAggregatorCaConfig>(&legacy, "", aggregator_ca_conflicts).as_deref(),
            Some(
                "kube-apiserver aggregator CA is already set in v1alpha1 config (.cluster.aggregatorCA), please remove it and use the new KubeAggregatorCAConfig document instead"
            )
        );
        assert_eq!(
            run::<KubeServiceAccountConfig>(&legacy, "", service_account_conflicts).as_deref(),
            Some("service account is already set in v1alpha1 config (.cluster.serviceAccount)")
        );
        assert_eq!(
            run::<KubeCoreDnsConfig>(&legacy, "", core_dns_conflicts).as_deref(),
            Some("CoreDNS config is already set in v1alpha1 config (.cluster.coreDNS)")
        );
        assert_eq!(
            run::<KubeApiServerCaConfig>(CP_LEGACY, "", api_server_ca_conflicts),
            None
        );
        assert_eq!(
            run::<KubeAggregatorCaConfig>(CP_LEGACY, "", aggregator_ca_conflicts),
            None
        );
        assert_eq!(
            run::<KubeServiceAccountConfig>(CP_LEGACY, "", service_account_conflicts),
            None
        );
        assert_eq!(
            run::<KubeCoreDnsConfig>(CP_LEGACY, "", core_dns_conflicts),
            None
        );
    }

    #[test]
    fn machine_feature_sources_conflict() {
        let legacy = legacy_with(
            "  features:\n    kubePrism:\n      enabled: false\n    kubernetesTalosAPIAccess:\n      enabled: true\n",
            "",
        );
        assert_eq!(
            run::<KubePrismConfig>(&legacy, "port: 7445\n", kube_prism_conflicts).as_deref(),
            Some(
                "KubePrism config in v1alpha1 config (.machine.features.kubePrism) can't be used with KubePrismConfig document, please remove it to avoid conflicts"
            )
        );
        assert_eq!(
            run::<KubeTalosApiAccessConfig>(&legacy, "", talos_api_access_conflicts).as_deref(),
            Some(".machine.features.kubernetesTalosAPIAccess is already set in v1alpha1 config")
        );
        let without = legacy_with("  features:\n    diskQuotaSupport: true\n", "");
        assert_eq!(
            run::<KubePrismConfig>(&without, "port: 7445\n", kube_prism_conflicts),
            None
        );
        assert_eq!(
            run::<KubeTalosApiAccessConfig>(&without, "", talos_api_access_conflicts),
            None
        );
    }

    #[test]
    fn conflicts_name_the_legacy_field() {
        let legacy = legacy_with("  kubelet: {}\n", "");
        let config = Config::from_bytes(
            format!("{legacy}---\napiVersion: v1alpha1\nkind: KubeletConfig\nimage: k\n")
                .as_bytes(),
        )
        .expect("loads");
        let doc = config.all::<KubeletConfig>().next().expect("the document");
        let err = kubelet_conflicts(doc, config.v1alpha1().expect("legacy")).expect("conflict");
        assert_eq!(err.leaves()[0].path.as_deref(), Some(".machine.kubelet"));
    }
}
