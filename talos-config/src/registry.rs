//! Every registered document kind, as Talos' registry knows them: name, Go type, whether it
//! is named, the release that introduced it, and the kinds it refuses to coexist with.

use std::borrow::Cow;

use crate::document::Document;
use crate::goyaml::{Decoder, GoYaml, Node};
use crate::kind::Kind;
use crate::types::{block, cluster, container, cri, extensions, hardware, k8s, network, runtime};
use crate::types::{security, siderolink, storage};
use crate::version::TalosVersion;

/// What the loader needs to know about one kind.
#[derive(Clone, Copy)]
pub struct KindEntry {
    /// The `kind:` value.
    pub kind: &'static str,
    /// Whether the name is part of the identity.
    pub named: bool,
    /// The Talos release that introduced it.
    pub since: TalosVersion,
    go_type: fn() -> Cow<'static, str>,
    decode: fn(&Node, &mut Decoder) -> Box<dyn Document>,
    unknown_keys: fn(&Node) -> Result<Option<Node>, String>,
}

impl KindEntry {
    /// Go's type name (`network.LinkConfigV1Alpha1`).
    pub fn go_type(&self) -> Cow<'static, str> {
        (self.go_type)()
    }

    /// Decodes a document's mapping (type errors go to `decoder`).
    pub(crate) fn decode(&self, node: &Node, decoder: &mut Decoder) -> Box<dyn Document> {
        (self.decode)(node, decoder)
    }

    /// The unknown-key check for this kind.
    pub(crate) fn unknown_keys(&self, node: &Node) -> Result<Option<Node>, String> {
        (self.unknown_keys)(node)
    }

    /// The kinds this one conflicts with when they share its identity.
    pub fn conflicts_with(&self) -> Vec<&'static str> {
        conflicts_with(self.kind)
    }
}

fn decode_as<T: GoYaml + Document>(node: &Node, decoder: &mut Decoder) -> Box<dyn Document> {
    let mut value = T::default();
    value.decode_into(node, decoder);
    Box::new(value)
}

const fn entry<T: Kind>() -> KindEntry {
    KindEntry {
        kind: T::KIND,
        named: T::NAMED,
        since: T::SINCE,
        go_type: T::go_type,
        decode: decode_as::<T>,
        unknown_keys: T::unknown_keys,
    }
}

macro_rules! registry {
    ($($ty:ty),* $(,)?) => {
        /// Every registered kind, sorted by kind name.
        pub static KINDS: &[KindEntry] = &[$(entry::<$ty>()),*];
    };
}

registry![
    network::BGPInstanceConfig,
    network::BlackholeRouteConfig,
    network::BondConfig,
    network::BridgeConfig,
    cri::CriBaseRuntimeSpecConfig,
    cri::CriCustomizationConfig,
    container::ContainerConfig,
    network::DHCPv4Config,
    network::DHCPv6Config,
    cluster::DiscoveryIdentityConfig,
    cluster::DiscoveryServiceConfig,
    network::DummyLinkConfig,
    runtime::EnvironmentConfig,
    runtime::EtcFileConfig,
    network::EthernetConfig,
    runtime::EventSinkConfig,
    block::ExistingVolumeConfig,
    extensions::ExtensionServiceConfig,
    block::ExternalVolumeConfig,
    block::FilesystemScrubConfig,
    block::FilesystemTrimConfig,
    network::HCloudVIPConfig,
    network::HTTPProbeConfig,
    network::HostnameConfig,
    cri::ImageCacheConfig,
    security::ImageVerificationConfig,
    runtime::KernelModuleConfig,
    runtime::KmsgLogConfig,
    k8s::KubeApiServerCaConfig,
    k8s::KubeApiServerConfig,
    k8s::KubeAdmissionControlConfig,
    k8s::KubeAggregatorCaConfig,
    k8s::KubeAuditPolicyConfig,
    k8s::KubeAuthenticationConfig,
    k8s::KubeAuthorizerConfig,
    k8s::KubeClusterConfig,
    k8s::KubeControllerManagerConfig,
    k8s::KubeCoreDnsConfig,
    k8s::KubeCredentialProviderConfig,
    k8s::KubeEtcdEncryptionConfig,
    k8s::KubeExternalManifestConfig,
    k8s::KubeFlannelCniConfig,
    k8s::KubeInlineManifestConfig,
    k8s::KubeNetworkConfig,
    k8s::KubeNodeConfig,
    k8s::KubePrismConfig,
    k8s::KubeProxyConfig,
    k8s::KubeSchedulerConfig,
    k8s::KubeServiceAccountConfig,
    network::KubeSpanConfig,
    network::KubeSpanEndpointsConfig,
    k8s::KubeStaticPodConfig,
    k8s::KubeTalosApiAccessConfig,
    k8s::KubeletConfig,
    storage::LvmLogicalVolumeConfig,
    storage::LvmVolumeGroupConfig,
    network::Layer2VIPConfig,
    network::LinkAliasConfig,
    network::LinkConfig,
    network::NetworkDefaultActionConfig,
    network::NetworkRuleConfig,
    runtime::OomConfig,
    hardware::PciDriverRebindConfig,
    storage::RaidArrayConfig,
    block::RawVolumeConfig,
    cri::RegistryAuthConfig,
    cri::RegistryMirrorConfig,
    cri::RegistryTlsConfig,
    network::ResolverConfig,
    network::RoutingRuleConfig,
    runtime::SecurityProfileConfig,
    siderolink::SideroLinkConfig,
    network::StaticHostConfig,
    block::SwapVolumeConfig,
    runtime::SysctlConfig,
    runtime::SysfsConfig,
    network::TCPProbeConfig,
    network::TimeSyncConfig,
    security::TrustedRootsConfig,
    runtime::UdevRulesConfig,
    runtime::UnattendedInstallConfig,
    block::UserVolumeConfig,
    network::VLANConfig,
    network::VRFConfig,
    network::VethConfig,
    block::VolumeConfig,
    runtime::WatchdogTimerConfig,
    network::WireguardConfig,
    block::ZswapConfig,
];

/// The kind named `kind`, if registered.
pub fn lookup(kind: &str) -> Option<&'static KindEntry> {
    KINDS.iter().find(|entry| entry.kind == kind)
}

/// Kinds that configure a network link named after the document; each refuses the others
/// under the same name.
pub const LINK_KINDS: &[&str] = &[
    "BondConfig",
    "BridgeConfig",
    "DummyLinkConfig",
    "LinkConfig",
    "VLANConfig",
    "VRFConfig",
    "VethConfig",
    "WireguardConfig",
];

/// Go's `ConflictsWithKinds` declarations (a link kind conflicts with every other link kind).
pub fn conflicts_with(kind: &str) -> Vec<&'static str> {
    if LINK_KINDS.contains(&kind) {
        return LINK_KINDS.iter().copied().filter(|k| *k != kind).collect();
    }
    match kind {
        "Layer2VIPConfig" => vec!["HCloudVIPConfig"],
        "HCloudVIPConfig" => vec!["Layer2VIPConfig"],
        "UserVolumeConfig" => vec!["ExistingVolumeConfig"],
        "ExistingVolumeConfig" => vec!["UserVolumeConfig"],
        _ => Vec::new(),
    }
}
