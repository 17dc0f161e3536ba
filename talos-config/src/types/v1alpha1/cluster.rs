//! The `cluster:` section of the legacy document: control plane endpoint, Kubernetes
//! components, etcd, networking, discovery and manifests.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::scalars::{Endpoint, go_named_slice};
use super::x509::{PemEncodedCertificate, PemEncodedCertificateAndKey, PemEncodedKey};
use crate::GoYaml;
use crate::goyaml::{Decoder, Node};
use crate::types::duration::Duration;
use crate::types::meta::{Args, Unstructured};

go_named_slice!(
    /// Go's `v1alpha1.AdmissionPluginConfigList` (`[]*AdmissionPluginConfig`).
    AdmissionPluginConfigList,
    Option<AdmissionPluginConfig>,
    "v1alpha1.AdmissionPluginConfigList"
);

impl AdmissionPluginConfigList {
    /// Go's `AdmissionPluginConfigList.Merge`: a plugin merges into the first one with its
    /// name, else it is appended.
    fn merge_list(
        &mut self,
        right: AdmissionPluginConfigList,
        src: crate::goyaml::merge::Src<'_>,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        crate::goyaml::merge::merge_keyed_list(
            &mut self.0,
            right.0,
            src,
            |_| true,
            |existing, plugin| existing.name == plugin.name,
        )
    }
}

/// Go's `v1alpha1.AuthorizationConfigAuthorizerConfigList`
/// (`[]*AuthorizationConfigAuthorizerConfig`). Unlike the other named slices it remembers
/// whether a list was written at all: Go's API server rules tell an empty list (`[]`) from
/// a nil one.
#[derive(Debug, Clone, Default)]
pub struct AuthorizationConfigAuthorizerConfigList {
    /// The authorizers.
    pub items: Vec<Option<AuthorizationConfigAuthorizerConfig>>,
    /// Whether the slice is non-nil in Go (a sequence was decoded, possibly empty).
    pub non_nil: bool,
}

impl AuthorizationConfigAuthorizerConfigList {
    const GO_TYPE: &'static str = "v1alpha1.AuthorizationConfigAuthorizerConfigList";
}

/// Equality of the items only: nil and empty lists encode alike.
impl PartialEq for AuthorizationConfigAuthorizerConfigList {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl std::ops::Deref for AuthorizationConfigAuthorizerConfigList {
    type Target = Vec<Option<AuthorizationConfigAuthorizerConfig>>;
    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl std::ops::DerefMut for AuthorizationConfigAuthorizerConfigList {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.items
    }
}

impl crate::goyaml::GoYaml for AuthorizationConfigAuthorizerConfigList {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed(Self::GO_TYPE)
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let sequence = matches!(node.kind, crate::goyaml::NodeKind::Sequence);
        if !sequence && !node.is_null() {
            decoder.tag_error(node, Self::GO_TYPE);
            return false;
        }
        self.non_nil = sequence;
        self.items.construct(node, decoder)
    }

    fn encode(&self) -> Node {
        self.items.encode()
    }

    fn is_zero(&self) -> bool {
        self.items.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        crate::goyaml::seq_unknown_keys::<Option<AuthorizationConfigAuthorizerConfig>>(
            node,
            Self::GO_TYPE,
        )
    }

    /// A slice: appended unless nil (this one knows nil from empty itself).
    fn merge_from(
        &mut self,
        right: Self,
        _src: crate::goyaml::merge::Src<'_>,
        opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        if !right.non_nil && right.items.is_empty() {
            return Ok(());
        }
        self.non_nil = true;
        if opts.replace {
            self.items = right.items;
        } else {
            self.items.extend(right.items);
        }
        Ok(())
    }

    fn delete_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), crate::goyaml::merge::DeleteError> {
        crate::goyaml::merge::delete_from_slice(&mut self.items, path, key, value)
    }

    fn go_is_nil(&self) -> bool {
        !self.non_nil && self.items.is_empty()
    }
}

/// Go's `v1alpha1.ClusterInlineManifests`: the inline manifests, whose contents lose their
/// leading tabs, newlines, vertical tabs, form feeds and carriage returns when decoded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterInlineManifests(pub Vec<ClusterInlineManifest>);

impl std::ops::Deref for ClusterInlineManifests {
    type Target = Vec<ClusterInlineManifest>;
    fn deref(&self) -> &Vec<ClusterInlineManifest> {
        &self.0
    }
}

impl std::ops::DerefMut for ClusterInlineManifests {
    fn deref_mut(&mut self) -> &mut Vec<ClusterInlineManifest> {
        &mut self.0
    }
}

impl crate::goyaml::GoYaml for ClusterInlineManifests {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.ClusterInlineManifests")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if node.is_null() {
            self.0.clear();
            return true;
        }
        // Go decodes the node into a fresh `[]ClusterInlineManifest` and keeps it only when
        // that decode reports no error.
        let mut result: Vec<ClusterInlineManifest> = Vec::new();
        if !super::scalars::decode_nested(&mut result, node, decoder) {
            return false;
        }
        for manifest in &mut result {
            let trimmed = manifest
                .contents
                .trim_start_matches(['\t', '\n', '\u{b}', '\u{c}', '\r']);
            manifest.contents = trimmed.to_owned();
        }
        self.0 = result;
        true
    }

    fn encode(&self) -> Node {
        self.0.encode()
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        crate::goyaml::seq_unknown_keys::<ClusterInlineManifest>(
            node,
            "v1alpha1.ClusterInlineManifests",
        )
    }

    fn merge_from(
        &mut self,
        right: Self,
        src: crate::goyaml::merge::Src<'_>,
        opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        crate::goyaml::merge::merge_slice(&mut self.0, right.0, src, opts)
    }

    fn delete_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), crate::goyaml::merge::DeleteError> {
        crate::goyaml::merge::delete_from_slice(&mut self.0, path, key, value)
    }

    fn go_is_nil(&self) -> bool {
        self.0.is_empty()
    }
}

/// Cluster-wide settings (`cluster:`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ClusterConfig")]
pub struct ClusterConfig {
    /// Cluster ID (base64).
    #[go(yaml = "id", omitempty)]
    pub id: String,
    /// Cluster secret (base64).
    #[go(yaml = "secret", omitempty)]
    pub secret: String,
    /// Control plane endpoint settings.
    #[go(yaml = "controlPlane", omitempty)]
    pub control_plane: Option<ControlPlaneConfig>,
    /// Cluster name.
    #[go(yaml = "clusterName", omitempty)]
    pub cluster_name: String,
    /// Kubernetes network settings.
    #[go(yaml = "network", omitempty)]
    pub network: Option<ClusterNetworkConfig>,
    /// Bootstrap token.
    #[go(yaml = "token", omitempty)]
    pub token: String,
    /// AES-CBC key for secrets at rest.
    #[go(yaml = "aescbcEncryptionSecret", omitempty)]
    pub aescbc_encryption_secret: String,
    /// Secretbox key for secrets at rest.
    #[go(yaml = "secretboxEncryptionSecret", omitempty)]
    pub secretbox_encryption_secret: String,
    /// Kubernetes root CA.
    #[go(yaml = "ca", omitempty)]
    pub ca: Option<PemEncodedCertificateAndKey>,
    /// Extra accepted Kubernetes CAs.
    #[go(yaml = "acceptedCAs", omitempty)]
    pub accepted_cas: Vec<Option<PemEncodedCertificate>>,
    /// Aggregation layer CA.
    #[go(yaml = "aggregatorCA", omitempty)]
    pub aggregator_ca: Option<PemEncodedCertificateAndKey>,
    /// Service account signing key.
    #[go(yaml = "serviceAccount", omitempty)]
    pub service_account: Option<PemEncodedKey>,
    /// kube-apiserver settings.
    #[go(yaml = "apiServer", omitempty)]
    pub api_server: Option<ApiServerConfig>,
    /// kube-controller-manager settings.
    #[go(yaml = "controllerManager", omitempty)]
    pub controller_manager: Option<ControllerManagerConfig>,
    /// kube-proxy settings.
    #[go(yaml = "proxy", omitempty)]
    pub proxy: Option<ProxyConfig>,
    /// kube-scheduler settings.
    #[go(yaml = "scheduler", omitempty)]
    pub scheduler: Option<SchedulerConfig>,
    /// Member discovery.
    #[go(yaml = "discovery", omitempty)]
    pub discovery: Option<ClusterDiscoveryConfig>,
    /// etcd settings.
    #[go(yaml = "etcd", omitempty)]
    pub etcd: Option<EtcdConfig>,
    /// CoreDNS settings.
    #[go(yaml = "coreDNS", omitempty)]
    pub core_dns: Option<CoreDns>,
    /// External cloud provider.
    #[go(yaml = "externalCloudProvider", omitempty)]
    pub external_cloud_provider: Option<ExternalCloudProviderConfig>,
    /// URLs of extra manifests.
    #[go(yaml = "extraManifests", omitempty)]
    pub extra_manifests: Vec<String>,
    /// HTTP headers used to fetch extra manifests.
    #[go(yaml = "extraManifestHeaders", omitempty)]
    pub extra_manifest_headers: BTreeMap<String, String>,
    /// Inline manifests.
    #[go(yaml = "inlineManifests", omitempty)]
    pub inline_manifests: ClusterInlineManifests,
    /// Admin kubeconfig settings.
    #[go(yaml = "adminKubeconfig", omitempty)]
    pub admin_kubeconfig: Option<AdminKubeconfigConfig>,
    /// Old name of `allowSchedulingOnControlPlanes`.
    #[go(yaml = "allowSchedulingOnMasters", omitempty)]
    pub allow_scheduling_on_masters: Option<bool>,
    /// Whether workloads may run on control plane nodes.
    #[go(yaml = "allowSchedulingOnControlPlanes", omitempty)]
    pub allow_scheduling_on_control_planes: Option<bool>,
}

/// How to reach the cluster's control plane.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ControlPlaneConfig")]
pub struct ControlPlaneConfig {
    /// Control plane endpoint URL (always printed).
    #[go(yaml = "endpoint")]
    pub endpoint: Option<Endpoint>,
    /// Port the local API server listens on.
    #[go(yaml = "localAPIServerPort", omitempty)]
    pub local_api_server_port: isize,
}

/// Kubernetes network settings (`cluster.network`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ClusterNetworkConfig")]
pub struct ClusterNetworkConfig {
    /// CNI selection.
    #[go(yaml = "cni", omitempty)]
    pub cni: Option<CniConfig>,
    /// Cluster DNS domain (always printed).
    #[go(yaml = "dnsDomain")]
    pub dns_domain: String,
    /// Pod subnets (always printed).
    #[go(yaml = "podSubnets", merge = "replace")]
    pub pod_subnets: Vec<String>,
    /// Service subnets (always printed).
    #[go(yaml = "serviceSubnets", merge = "replace")]
    pub service_subnets: Vec<String>,
}

/// CNI plugin selection.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.CNIConfig")]
pub struct CniConfig {
    /// CNI name (`flannel`, `custom`, `none`).
    #[go(yaml = "name", omitempty)]
    pub name: String,
    /// Manifest URLs of a custom CNI.
    #[go(yaml = "urls", omitempty)]
    pub urls: Vec<String>,
    /// Flannel settings.
    #[go(yaml = "flannel", omitempty)]
    pub flannel: Option<FlannelCniConfig>,
}

/// Settings for the built-in Flannel CNI.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.FlannelCNIConfig")]
pub struct FlannelCniConfig {
    /// Extra flanneld flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Vec<String>,
    /// Deploy kube-network-policies.
    #[go(yaml = "kubeNetworkPoliciesEnabled", omitempty)]
    pub kube_network_policies_enabled: Option<bool>,
}

/// kube-apiserver settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.APIServerConfig")]
pub struct ApiServerConfig {
    /// kube-apiserver image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Extra flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra host path mounts.
    #[go(yaml = "extraVolumes", omitempty)]
    pub extra_volumes: Vec<VolumeMountConfig>,
    /// Environment variables.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Extra SANs for the API server certificate.
    #[go(yaml = "certSANs", omitempty)]
    pub cert_sans: Vec<String>,
    /// Disable PodSecurityPolicy.
    #[go(yaml = "disablePodSecurityPolicy", omitempty)]
    pub disable_pod_security_policy: Option<bool>,
    /// Admission plugin configurations.
    #[go(yaml = "admissionControl", omitempty)]
    pub admission_control: AdmissionPluginConfigList,
    /// Audit policy.
    #[go(yaml = "auditPolicy", omitempty, merge = "replace")]
    pub audit_policy: Unstructured,
    /// Resource requests and limits.
    #[go(yaml = "resources", omitempty)]
    pub resources: Option<ResourcesConfig>,
    /// Authorizers.
    #[go(yaml = "authorizationConfig", omitempty)]
    pub authorization_config: AuthorizationConfigAuthorizerConfigList,
}

/// Configuration for one admission plugin.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.AdmissionPluginConfig")]
pub struct AdmissionPluginConfig {
    /// Plugin name.
    #[go(yaml = "name")]
    pub name: String,
    /// Plugin configuration.
    #[go(yaml = "configuration")]
    pub configuration: Unstructured,
}

/// One authorizer of the API server's authorization configuration.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.AuthorizationConfigAuthorizerConfig")]
pub struct AuthorizationConfigAuthorizerConfig {
    /// Authorizer type.
    #[go(yaml = "type")]
    pub r#type: String,
    /// Authorizer name.
    #[go(yaml = "name")]
    pub name: String,
    /// Webhook settings.
    #[go(yaml = "webhook", omitempty)]
    pub webhook: Unstructured,
}

/// Resource requests and limits of a control plane component.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ResourcesConfig")]
pub struct ResourcesConfig {
    /// Resource requests.
    #[go(yaml = "requests", omitempty)]
    pub requests: Unstructured,
    /// Resource limits.
    #[go(yaml = "limits", omitempty)]
    pub limits: Unstructured,
}

/// An extra host path mounted into a static pod.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.VolumeMountConfig")]
pub struct VolumeMountConfig {
    /// Host path (always printed).
    #[go(yaml = "hostPath")]
    pub host_path: String,
    /// Path in the container (always printed).
    #[go(yaml = "mountPath")]
    pub mount_path: String,
    /// Mount read-only.
    #[go(yaml = "readonly", omitempty)]
    pub readonly: bool,
}

/// kube-controller-manager settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ControllerManagerConfig")]
pub struct ControllerManagerConfig {
    /// kube-controller-manager image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Extra flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra host path mounts.
    #[go(yaml = "extraVolumes", omitempty)]
    pub extra_volumes: Vec<VolumeMountConfig>,
    /// Environment variables.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Resource requests and limits.
    #[go(yaml = "resources", omitempty)]
    pub resources: Option<ResourcesConfig>,
}

/// kube-proxy settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ProxyConfig")]
pub struct ProxyConfig {
    /// Do not deploy kube-proxy.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
    /// kube-proxy image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Proxy mode.
    #[go(yaml = "mode", omitempty)]
    pub mode: String,
    /// Extra flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
}

/// kube-scheduler settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.SchedulerConfig")]
pub struct SchedulerConfig {
    /// kube-scheduler image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Extra flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra host path mounts.
    #[go(yaml = "extraVolumes", omitempty)]
    pub extra_volumes: Vec<VolumeMountConfig>,
    /// Environment variables.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Resource requests and limits.
    #[go(yaml = "resources", omitempty)]
    pub resources: Option<ResourcesConfig>,
    /// Scheduler configuration.
    #[go(yaml = "config", omitempty)]
    pub config: Unstructured,
}

/// Cluster member discovery settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ClusterDiscoveryConfig")]
pub struct ClusterDiscoveryConfig {
    /// Enable discovery.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Registries (always printed).
    #[go(yaml = "registries")]
    pub registries: DiscoveryRegistriesConfig,
}

/// The discovery registries.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.DiscoveryRegistriesConfig")]
pub struct DiscoveryRegistriesConfig {
    /// Kubernetes registry (always printed).
    #[go(yaml = "kubernetes")]
    pub kubernetes: RegistryKubernetesConfig,
    /// Discovery service registry (always printed).
    #[go(yaml = "service")]
    pub service: RegistryServiceConfig,
}

/// The Kubernetes discovery registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistryKubernetesConfig")]
pub struct RegistryKubernetesConfig {
    /// Disable this registry.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
}

/// The discovery service registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistryServiceConfig")]
pub struct RegistryServiceConfig {
    /// Disable this registry.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
    /// Discovery service URL.
    #[go(yaml = "endpoint", omitempty)]
    pub endpoint: String,
}

/// etcd settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EtcdConfig")]
pub struct EtcdConfig {
    /// etcd image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// etcd root CA (always printed).
    #[go(yaml = "ca")]
    pub ca: Option<PemEncodedCertificateAndKey>,
    /// Extra flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Old single advertised subnet.
    #[go(yaml = "subnet", omitempty)]
    pub subnet: String,
    /// Subnets the advertised address is picked from.
    #[go(yaml = "advertisedSubnets", omitempty)]
    pub advertised_subnets: Vec<String>,
    /// Subnets etcd listens on.
    #[go(yaml = "listenSubnets", omitempty)]
    pub listen_subnets: Vec<String>,
}

/// CoreDNS deployment settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.CoreDNS")]
pub struct CoreDns {
    /// Do not deploy CoreDNS.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
    /// CoreDNS image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
}

/// External cloud provider settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ExternalCloudProviderConfig")]
pub struct ExternalCloudProviderConfig {
    /// Enable the external cloud provider.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Manifest URLs.
    #[go(yaml = "manifests", omitempty)]
    pub manifests: Vec<String>,
}

/// A Kubernetes manifest given inline.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ClusterInlineManifest")]
pub struct ClusterInlineManifest {
    /// Manifest name.
    #[go(yaml = "name")]
    pub name: String,
    /// Manifest YAML.
    #[go(yaml = "contents")]
    pub contents: String,
}

/// Settings for the generated admin kubeconfig.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.AdminKubeconfigConfig")]
pub struct AdminKubeconfigConfig {
    /// Lifetime of the admin certificate.
    #[go(yaml = "certLifetime", omitempty)]
    pub cert_lifetime: Duration,
}
