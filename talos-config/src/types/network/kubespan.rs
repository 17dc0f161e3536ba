//! KubeSpan documents: `KubeSpanConfig` and `KubeSpanEndpointsConfig`.

use crate::GoYaml;
use crate::types::meta::Prefix;
use crate::types::netip::IpAddrPort;

/// `KubeSpanConfig`: the KubeSpan WireGuard mesh.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.KubeSpanConfigV1Alpha1",
    kind = "KubeSpanConfig",
    since = "1.13"
)]
pub struct KubeSpanConfig {
    /// Enable KubeSpan.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Route pod networks over KubeSpan.
    #[go(yaml = "advertiseKubernetesNetworks", omitempty)]
    pub advertise_kubernetes_networks: Option<bool>,
    /// Let traffic bypass peers that are down.
    #[go(yaml = "allowDownPeerBypass", omitempty)]
    pub allow_down_peer_bypass: Option<bool>,
    /// Learn extra endpoints from peers.
    #[go(yaml = "harvestExtraEndpoints", omitempty)]
    pub harvest_extra_endpoints: Option<bool>,
    /// MTU of the KubeSpan link.
    #[go(yaml = "mtu", omitempty)]
    pub mtu: Option<u32>,
    /// Endpoint and network filters.
    #[go(yaml = "filters", omitempty)]
    pub filters: Option<KubeSpanFiltersConfig>,
}

/// KubeSpan filters (Go `network.KubeSpanFiltersConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.KubeSpanFiltersConfig")]
pub struct KubeSpanFiltersConfig {
    /// Endpoint filters (`!` negates).
    #[go(yaml = "endpoints", omitempty)]
    pub endpoints: Vec<String>,
    /// Networks not to advertise.
    #[go(yaml = "excludeAdvertisedNetworks", omitempty)]
    pub exclude_advertised_networks: Vec<Prefix>,
}

/// `KubeSpanEndpointsConfig`: extra endpoints to announce for this machine.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.KubespanEndpointsConfigV1Alpha1",
    kind = "KubeSpanEndpointsConfig",
    since = "1.8"
)]
pub struct KubeSpanEndpointsConfig {
    /// Endpoints (`addr:port`) managed outside Talos, e.g. NAT mappings.
    #[go(yaml = "extraAnnouncedEndpoints")]
    pub extra_announced_endpoints: Vec<IpAddrPort>,
}
