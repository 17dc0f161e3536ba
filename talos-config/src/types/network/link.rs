//! Link documents built on the shared link settings: `LinkConfig`, `DummyLinkConfig`,
//! `BridgeConfig`, `VLANConfig`, `VRFConfig` and `VethConfig`.

use crate::GoYaml;
use crate::types::meta::{Addr, Prefix};
use crate::types::nethelpers::{HardwareAddr, RoutingTable, VLANProtocol};
use crate::types::netip::IpPrefix;

/// Settings every configurable link shares (Go `network.CommonLinkConfig`, inlined into
/// each link document).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.CommonLinkConfig")]
pub struct CommonLinkConfig {
    /// Bring the link up (unset: up).
    #[go(yaml = "up", omitempty)]
    pub up: Option<bool>,
    /// Link MTU (0: the system default).
    #[go(yaml = "mtu", omitempty)]
    pub mtu: u32,
    /// Statically assigned addresses.
    #[go(yaml = "addresses", omitempty)]
    pub addresses: Vec<AddressConfig>,
    /// Static routes via this link.
    #[go(yaml = "routes", omitempty)]
    pub routes: Vec<RouteConfig>,
    /// Multicast capability of the link.
    #[go(yaml = "multicast", omitempty)]
    pub multicast: Option<bool>,
}

/// One static address of a link (Go `network.AddressConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.AddressConfig")]
pub struct AddressConfig {
    /// The address with its prefix length (`192.168.1.100/24`).
    #[go(yaml = "address")]
    pub address: IpPrefix,
    /// Priority of the route created for the address's subnet.
    #[go(yaml = "routePriority", omitempty)]
    pub route_priority: Option<u32>,
}

/// One static route of a link (Go `network.RouteConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.RouteConfig")]
pub struct RouteConfig {
    /// Destination network (unset: the default route).
    #[go(yaml = "destination", omitempty)]
    pub destination: Prefix,
    /// Gateway address.
    #[go(yaml = "gateway", omitempty)]
    pub gateway: Addr,
    /// Preferred source address.
    #[go(yaml = "source", omitempty)]
    pub source: Addr,
    /// Route metric.
    #[go(yaml = "metric", omitempty)]
    pub metric: u32,
    /// Route MTU.
    #[go(yaml = "mtu", omitempty)]
    pub mtu: u32,
    /// Routing table to install the route into.
    #[go(yaml = "table", omitempty)]
    pub table: RoutingTable,
}

/// `LinkConfig`: settings of an existing (physical) link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.LinkConfigV1Alpha1",
    kind = "LinkConfig",
    since = "1.12"
)]
pub struct LinkConfig {
    /// Link name or alias.
    #[go(yaml = "name")]
    pub name: String,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// `DummyLinkConfig`: creates a dummy link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.DummyLinkConfigV1Alpha1",
    kind = "DummyLinkConfig",
    since = "1.12"
)]
pub struct DummyLinkConfig {
    /// Name of the link to create.
    #[go(yaml = "name")]
    pub name: String,
    /// Hardware (MAC) address of the link.
    #[go(yaml = "hardwareAddr", omitempty)]
    pub hardware_addr: HardwareAddr,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// `BridgeConfig`: creates a bridge.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.BridgeConfigV1Alpha1",
    kind = "BridgeConfig",
    since = "1.12"
)]
pub struct BridgeConfig {
    /// Name of the bridge link.
    #[go(yaml = "name")]
    pub name: String,
    /// Hardware (MAC) address of the bridge.
    #[go(yaml = "hardwareAddr", omitempty)]
    pub hardware_addr: HardwareAddr,
    /// Names or aliases of the member links.
    #[go(yaml = "links", omitempty)]
    pub links: Vec<String>,
    /// Spanning tree settings.
    #[go(yaml = "stp", omitempty)]
    pub stp: BridgeSTPConfig,
    /// VLAN settings.
    #[go(yaml = "vlan", omitempty)]
    pub vlan: BridgeVLANConfig,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// Spanning tree settings of a bridge (Go `network.BridgeSTPConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.BridgeSTPConfig")]
pub struct BridgeSTPConfig {
    /// Enable STP.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
}

/// VLAN settings of a bridge (Go `network.BridgeVLANConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.BridgeVLANConfig")]
pub struct BridgeVLANConfig {
    /// Enable VLAN filtering.
    #[go(yaml = "filtering", omitempty)]
    pub filtering: Option<bool>,
}

/// `VLANConfig`: creates a VLAN link on a parent link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.VLANConfigV1Alpha1",
    kind = "VLANConfig",
    since = "1.12"
)]
pub struct VLANConfig {
    /// Name of the VLAN link.
    #[go(yaml = "name")]
    pub name: String,
    /// VLAN ID.
    #[go(yaml = "vlanID", omitempty)]
    pub vlan_id: u16,
    /// Tagging protocol (`802.1q`, `802.1ad`).
    #[go(yaml = "vlanMode", omitempty)]
    pub vlan_mode: Option<VLANProtocol>,
    /// Name or alias of the parent link.
    #[go(yaml = "parent", omitempty)]
    pub parent: String,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// `VRFConfig`: creates a VRF link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.VRFConfigV1Alpha1", kind = "VRFConfig", since = "1.13")]
pub struct VRFConfig {
    /// Name of the VRF link.
    #[go(yaml = "name")]
    pub name: String,
    /// Hardware (MAC) address of the VRF link.
    #[go(yaml = "hardwareAddr", omitempty)]
    pub hardware_addr: HardwareAddr,
    /// Names or aliases of the enslaved links.
    #[go(yaml = "links", omitempty)]
    pub links: Vec<String>,
    /// Routing table of the VRF.
    #[go(yaml = "table")]
    pub table: RoutingTable,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// `VethConfig`: creates a virtual Ethernet pair.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.VethConfigV1Alpha1",
    kind = "VethConfig",
    since = "1.14"
)]
pub struct VethConfig {
    /// Kernel name of this end of the pair.
    #[go(yaml = "name")]
    pub name: String,
    /// The other end of the pair.
    #[go(yaml = "peer")]
    pub peer: VethPeerConfig,
    /// The shared link settings of this end.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// The peer end of a veth pair (Go `network.VethPeerConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.VethPeerConfig")]
pub struct VethPeerConfig {
    /// Kernel name of the peer end.
    #[go(yaml = "name")]
    pub name: String,
    /// The shared link settings of the peer end.
    #[go(inline)]
    pub common: CommonLinkConfig,
}
