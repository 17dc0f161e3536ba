//! Go package `k8s`: the multi-document kinds that configure Kubernetes components (cluster
//! identity, kubelet, control-plane static pods, CNI, CAs, service accounts, manifests, …).
//!
//! Every kind here first shipped in Talos 1.14. Free-form sections (kubelet/scheduler/proxy
//! `config`, audit policy, authentication, admission plugin and credential provider
//! configuration, etcd encryption config, static pod definitions) are Go `meta.Unstructured`
//! values and are kept as such; `extraArgs` maps are `meta.Args`.
//!
//! Secret material (redacted by Talos when a config is shown with secrets hidden):
//! `KubeAPIServerCAConfig.issuingCA.key`, `KubeAggregatorCAConfig.issuingCA.key`,
//! `KubeServiceAccountConfig.issuer.privateKey`, and every `secret` key anywhere inside
//! `KubeEtcdEncryptionConfig.config`.

use std::collections::BTreeMap;

use crate::GoYaml;
use crate::types::meta::{Args, CertificateAndKey, Prefix, Unstructured, Url};

/// Go `k8s.ResourcesConfig`: CPU/memory requests and limits of a component's pod.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "k8s.ResourcesConfig")]
pub struct ResourcesConfig {
    /// Reserved resources (`cpu`, `memory`).
    #[go(yaml = "requests", omitempty)]
    pub requests: Unstructured,
    /// Maximum resources (`cpu`, `memory`).
    #[go(yaml = "limits", omitempty)]
    pub limits: Unstructured,
}

/// `KubeClusterConfig`: the cluster name and the Kubernetes API endpoint.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeClusterConfigV1Alpha1",
    kind = "KubeClusterConfig",
    since = "1.14"
)]
pub struct KubeClusterConfig {
    /// The cluster name (informational, written into kubeconfig).
    #[go(yaml = "clusterName")]
    pub cluster_name: String,
    /// The Kubernetes API endpoint URL.
    #[go(yaml = "endpoint")]
    pub endpoint: Url,
}

/// `KubeNetworkConfig`: DNS domain and pod/service subnets of the cluster.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeNetworkConfigV1Alpha1",
    kind = "KubeNetworkConfig",
    since = "1.14"
)]
pub struct KubeNetworkConfig {
    /// The domain used by Kubernetes DNS.
    #[go(yaml = "dnsDomain")]
    pub dns_domain: String,
    /// Pod subnets (one, or two for dual-stack).
    #[go(yaml = "podSubnets", merge = "replace")]
    pub pod_subnets: Vec<Prefix>,
    /// Service subnets (one, or two for dual-stack).
    #[go(yaml = "serviceSubnets", merge = "replace")]
    pub service_subnets: Vec<Prefix>,
    /// Per-node pod CIDR mask size for IPv4.
    #[go(yaml = "nodeCIDRMaskSizeIPv4", omitempty)]
    pub node_cidr_mask_size_ipv4: isize,
    /// Per-node pod CIDR mask size for IPv6.
    #[go(yaml = "nodeCIDRMaskSizeIPv6", omitempty)]
    pub node_cidr_mask_size_ipv6: isize,
}

/// Go `k8s.NodeIPConfig`: how the kubelet picks its node IP.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "k8s.NodeIPConfig")]
pub struct NodeIpConfig {
    /// Subnets to pick the node IP from; a leading `!` excludes.
    #[go(yaml = "validSubnets", omitempty)]
    pub valid_subnets: Vec<String>,
}

/// `KubeNodeConfig`: registration, node IP, labels, annotations and taints of the node.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeNodeConfigV1Alpha1",
    kind = "KubeNodeConfig",
    since = "1.14"
)]
pub struct KubeNodeConfig {
    /// Run the kubelet standalone, without registering with the API server.
    #[go(yaml = "skipNodeRegistration", omitempty)]
    pub skip_node_registration: Option<bool>,
    /// Register the node under its FQDN.
    #[go(yaml = "registerWithFQDN", omitempty)]
    pub register_with_fqdn: Option<bool>,
    /// Node IP selection (always printed, `{}` when empty).
    #[go(yaml = "nodeIP")]
    pub node_ip: NodeIpConfig,
    /// Node labels.
    #[go(yaml = "labels", omitempty)]
    pub labels: BTreeMap<String, String>,
    /// Node annotations.
    #[go(yaml = "annotations", omitempty)]
    pub annotations: BTreeMap<String, String>,
    /// Node taints (`value:Effect`, effect optional).
    #[go(yaml = "taints", omitempty)]
    pub taints: BTreeMap<String, String>,
}

/// `KubeletConfig`: image, configuration overrides and flags of the kubelet.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeletConfigV1Alpha1",
    kind = "KubeletConfig",
    since = "1.14"
)]
pub struct KubeletConfig {
    /// The kubelet container image.
    #[go(yaml = "image")]
    pub image: String,
    /// Extra kubelet configuration (KubeletConfiguration fields, free-form).
    #[go(yaml = "config")]
    pub config: Unstructured,
    /// Extra command line arguments.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Alternative cluster DNS IPs.
    #[go(yaml = "clusterDNS", omitempty)]
    pub cluster_dns: Vec<String>,
    /// Enable the container runtime's default seccomp profile.
    #[go(yaml = "defaultRuntimeSeccompProfileEnabled", omitempty)]
    pub default_runtime_seccomp_profile_enabled: Option<bool>,
}

/// `KubeAPIServerConfig`: the kube-apiserver static pod.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAPIServerConfigV1Alpha1",
    kind = "KubeAPIServerConfig",
    since = "1.14"
)]
pub struct KubeApiServerConfig {
    /// The kube-apiserver container image.
    #[go(yaml = "image")]
    pub image: String,
    /// Extra command line arguments.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra environment variables.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Pod resources.
    #[go(yaml = "resources", omitempty)]
    pub resources: ResourcesConfig,
    /// Listening port (default 6443).
    #[go(yaml = "apiPort", omitempty)]
    pub api_port: Option<isize>,
    /// Extra SANs for the serving certificate.
    #[go(yaml = "certExtraSANs", omitempty)]
    pub cert_extra_sans: Vec<String>,
    /// Enable startup probes (default enabled).
    #[go(yaml = "startupProbes", omitempty)]
    pub startup_probes: Option<bool>,
}

/// `KubeControllerManagerConfig`: the kube-controller-manager static pod.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeControllerManagerConfigV1Alpha1",
    kind = "KubeControllerManagerConfig",
    since = "1.14"
)]
pub struct KubeControllerManagerConfig {
    /// Whether the static pod runs (default enabled).
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// The container image.
    #[go(yaml = "image")]
    pub image: String,
    /// Extra command line arguments.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra environment variables.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Pod resources.
    #[go(yaml = "resources", omitempty)]
    pub resources: ResourcesConfig,
}

/// `KubeSchedulerConfig`: the kube-scheduler static pod.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeSchedulerConfigV1Alpha1",
    kind = "KubeSchedulerConfig",
    since = "1.14"
)]
pub struct KubeSchedulerConfig {
    /// Whether the static pod runs (default enabled).
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// The container image.
    #[go(yaml = "image")]
    pub image: String,
    /// Scheduler configuration (free-form, without kind/apiVersion).
    #[go(yaml = "config")]
    pub config: Unstructured,
    /// Extra command line arguments.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra environment variables.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Pod resources.
    #[go(yaml = "resources", omitempty)]
    pub resources: ResourcesConfig,
}

/// `KubeProxyConfig`: the kube-proxy deployment.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeProxyConfigV1Alpha1",
    kind = "KubeProxyConfig",
    since = "1.14"
)]
pub struct KubeProxyConfig {
    /// Whether kube-proxy is deployed (default enabled).
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// The container image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Proxy mode (`iptables`, `ipvs`, `nftables`).
    #[go(yaml = "mode", omitempty)]
    pub mode: String,
    /// kube-proxy configuration (free-form, without kind/apiVersion).
    #[go(yaml = "config")]
    pub config: Unstructured,
    /// Extra command line arguments.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Pod resources.
    #[go(yaml = "resources", omitempty)]
    pub resources: ResourcesConfig,
}

/// `KubeFlannelCNIConfig`: the bundled Flannel CNI.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeFlannelCNIConfigV1Alpha1",
    kind = "KubeFlannelCNIConfig",
    since = "1.14"
)]
pub struct KubeFlannelCniConfig {
    /// Flannel backend type (e.g. `vxlan`).
    #[go(yaml = "backendType")]
    pub backend_type: String,
    /// UDP encapsulation port.
    #[go(yaml = "backendPort", omitempty)]
    pub backend_port: u16,
    /// Transport MTU of the pod network.
    #[go(yaml = "backendMTU", omitempty)]
    pub backend_mtu: u32,
    /// Extra backend settings (free-form).
    #[go(yaml = "backendExtraConfig", omitempty)]
    pub backend_extra_config: Unstructured,
    /// Resources of the main container.
    #[go(yaml = "resources", omitempty)]
    pub resources: ResourcesConfig,
    /// Extra `flanneld` arguments.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Vec<String>,
    /// Deploy kube-network-policies alongside Flannel.
    #[go(yaml = "kubeNetworkPoliciesEnabled", omitempty)]
    pub kube_network_policies_enabled: Option<bool>,
}

/// `KubeAPIServerCAConfig`: the Kubernetes API server CA.
///
/// Secret: `issuingCA.key`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAPIServerCAConfigV1Alpha1",
    kind = "KubeAPIServerCAConfig",
    since = "1.14"
)]
pub struct KubeApiServerCaConfig {
    /// The active issuing CA (certificate and, on control planes, its private key — a secret).
    #[go(yaml = "issuingCA", omitempty)]
    pub issuing_ca: Option<CertificateAndKey>,
    /// Additional accepted CA certificates (PEM).
    #[go(yaml = "acceptedCAs", omitempty)]
    pub accepted_cas: Vec<String>,
}

/// `KubeAggregatorCAConfig`: the CA of the API aggregation layer.
///
/// Secret: `issuingCA.key`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAggregatorCAConfigV1Alpha1",
    kind = "KubeAggregatorCAConfig",
    since = "1.14"
)]
pub struct KubeAggregatorCaConfig {
    /// The active issuing CA (certificate and private key — a secret).
    #[go(yaml = "issuingCA", omitempty)]
    pub issuing_ca: Option<CertificateAndKey>,
    /// Additional accepted CA certificates (PEM).
    #[go(yaml = "acceptedCAs", omitempty)]
    pub accepted_cas: Vec<String>,
}

/// Go `k8s.IssuerServiceAccountConfig`: the key and URL service account tokens are issued with.
///
/// Secret: `privateKey`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "k8s.IssuerServiceAccountConfig")]
pub struct IssuerServiceAccountConfig {
    /// PEM private key signing the tokens (a secret).
    #[go(yaml = "privateKey")]
    pub private_key: String,
    /// The issuer URL.
    #[go(yaml = "issuerURL")]
    pub issuer_url: Url,
}

/// Go `k8s.AcceptedServiceAccountConfig`: extra keys, issuers and audiences the API server
/// accepts.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "k8s.AcceptedServiceAccountConfig")]
pub struct AcceptedServiceAccountConfig {
    /// PEM public keys verifying tokens.
    #[go(yaml = "publicKeys", omitempty)]
    pub public_keys: Vec<String>,
    /// Additional accepted issuer URLs.
    #[go(yaml = "issuers", omitempty)]
    pub issuers: Vec<Url>,
    /// Accepted API audiences.
    #[go(yaml = "audiences", omitempty)]
    pub audiences: Vec<String>,
}

/// `KubeServiceAccountConfig`: service account token issuing and verification.
///
/// Secret: `issuer.privateKey`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeServiceAccountConfigV1Alpha1",
    kind = "KubeServiceAccountConfig",
    since = "1.14"
)]
pub struct KubeServiceAccountConfig {
    /// How tokens are issued.
    #[go(yaml = "issuer")]
    pub issuer: IssuerServiceAccountConfig,
    /// What is accepted besides the issuer.
    #[go(yaml = "accepted", omitempty)]
    pub accepted: AcceptedServiceAccountConfig,
}

/// `KubeEtcdEncryptionConfig`: the kube-apiserver encryption-at-rest configuration.
///
/// Secret: every `secret` key inside `config`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeEtcdEncryptionConfigV1Alpha1",
    kind = "KubeEtcdEncryptionConfig",
    since = "1.14"
)]
pub struct KubeEtcdEncryptionConfig {
    /// The EncryptionConfiguration body without kind/apiVersion (free-form, holds secrets).
    #[go(yaml = "config")]
    pub config: Unstructured,
}

/// `KubeAuditPolicyConfig`: the kube-apiserver audit policy.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAuditPolicyConfigV1Alpha1",
    kind = "KubeAuditPolicyConfig",
    since = "1.14"
)]
pub struct KubeAuditPolicyConfig {
    /// The literal audit Policy (free-form).
    #[go(yaml = "configuration", merge = "replace")]
    pub configuration: Unstructured,
}

/// `KubeAuthenticationConfig`: the kube-apiserver structured authentication configuration.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAuthenticationConfigV1Alpha1",
    kind = "KubeAuthenticationConfig",
    since = "1.14"
)]
pub struct KubeAuthenticationConfig {
    /// The literal AuthenticationConfiguration (free-form).
    #[go(yaml = "configuration", merge = "replace")]
    pub configuration: Unstructured,
}

/// `KubeCredentialProviderConfig`: the kubelet image credential provider configuration.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeCredentialProviderConfigV1Alpha1",
    kind = "KubeCredentialProviderConfig",
    since = "1.14"
)]
pub struct KubeCredentialProviderConfig {
    /// The literal CredentialProviderConfig (free-form).
    #[go(yaml = "configuration", merge = "replace")]
    pub configuration: Unstructured,
}

/// `KubeAdmissionControlConfig` (named by plugin): one admission plugin's configuration.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAdmissionControlConfigV1Alpha1",
    kind = "KubeAdmissionControlConfig",
    since = "1.14"
)]
pub struct KubeAdmissionControlConfig {
    /// Admission plugin name (e.g. `PodSecurity`).
    #[go(yaml = "name")]
    pub name: String,
    /// The plugin's literal configuration (free-form).
    #[go(yaml = "configuration")]
    pub configuration: Unstructured,
}

/// `KubeAuthorizerConfig` (named): one kube-apiserver authorizer.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeAuthorizerConfigV1Alpha1",
    kind = "KubeAuthorizerConfig",
    since = "1.14"
)]
pub struct KubeAuthorizerConfig {
    /// Authorizer name (DNS-1123 label or subdomain).
    #[go(yaml = "name")]
    pub name: String,
    /// Authorizer type (`Node`, `RBAC`, `Webhook`); a plain Go string.
    #[go(yaml = "type")]
    pub r#type: String,
    /// Webhook authorizer configuration (free-form; only for `Webhook`).
    #[go(yaml = "webhook", omitempty)]
    pub webhook: Unstructured,
}

/// `KubeStaticPodConfig` (named): a pod run as a static pod by the kubelet.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeStaticPodConfigV1Alpha1",
    kind = "KubeStaticPodConfig",
    since = "1.14"
)]
pub struct KubeStaticPodConfig {
    /// Static pod name.
    #[go(yaml = "name")]
    pub name: String,
    /// The pod definition (free-form, not validated by Talos).
    #[go(yaml = "pod", merge = "replace")]
    pub pod: Unstructured,
}

/// `KubeInlineManifestConfig` (named): a manifest applied to the cluster, given inline.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeInlineManifestConfigV1Alpha1",
    kind = "KubeInlineManifestConfig",
    since = "1.14"
)]
pub struct KubeInlineManifestConfig {
    /// Manifest name.
    #[go(yaml = "name")]
    pub name: String,
    /// Raw manifest text (may hold several `---`-separated documents).
    #[go(yaml = "manifest")]
    pub manifest: String,
}

/// `KubeExternalManifestConfig` (named): a manifest applied to the cluster, downloaded from a
/// URL.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeExternalManifestConfigV1Alpha1",
    kind = "KubeExternalManifestConfig",
    since = "1.14"
)]
pub struct KubeExternalManifestConfig {
    /// Manifest name.
    #[go(yaml = "name")]
    pub name: String,
    /// HTTP headers used for the download.
    #[go(yaml = "headers", omitempty)]
    pub headers: BTreeMap<String, String>,
    /// Where the manifest is downloaded from.
    #[go(yaml = "url")]
    pub url: Url,
}

/// `KubeCoreDNSConfig`: the CoreDNS deployment.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeCoreDNSConfigV1Alpha1",
    kind = "KubeCoreDNSConfig",
    since = "1.14"
)]
pub struct KubeCoreDnsConfig {
    /// Whether CoreDNS is deployed (default enabled).
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// CoreDNS image (default image when empty).
    #[go(yaml = "image", omitempty)]
    pub image: String,
}

/// `KubePrismConfig`: the node-local Kubernetes API load balancer.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubePrismConfigV1Alpha1",
    kind = "KubePrismConfig",
    since = "1.14"
)]
pub struct KubePrismConfig {
    /// Listening port on `127.0.0.1`.
    #[go(yaml = "port")]
    pub port: isize,
    /// TLS server name (SNI) the kubelet uses towards KubePrism.
    #[go(yaml = "tlsServerName", omitempty)]
    pub tls_server_name: String,
}

/// `KubeTalosAPIAccessConfig`: Talos API access from Kubernetes pods.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "k8s.KubeTalosAPIAccessConfigV1Alpha1",
    kind = "KubeTalosAPIAccessConfig",
    since = "1.14"
)]
pub struct KubeTalosApiAccessConfig {
    /// Talos API roles that may be granted.
    #[go(yaml = "allowedRoles", omitempty)]
    pub allowed_roles: Vec<String>,
    /// Kubernetes namespaces access is allowed from.
    #[go(yaml = "allowedKubernetesNamespaces", omitempty)]
    pub allowed_kubernetes_namespaces: Vec<String>,
}
