//! `BGPInstanceConfig`: native BGP routing instances.

use crate::GoYaml;
use crate::types::duration::Duration;
use crate::types::meta::{Addr, Prefix};

/// `BGPInstanceConfig`: one BGP routing instance on the host.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.BGPInstanceConfigV1Alpha1",
    kind = "BGPInstanceConfig",
    since = "1.14"
)]
pub struct BGPInstanceConfig {
    /// Name of the instance.
    #[go(yaml = "name")]
    pub name: String,
    /// VRF link of the instance (empty: the default routing domain).
    #[go(yaml = "vrf", omitempty)]
    pub vrf: String,
    /// Local autonomous system number.
    #[go(yaml = "localASN")]
    pub local_asn: u32,
    /// Router ID (unset: derived from the first advertised address).
    #[go(yaml = "routerID", omitempty)]
    pub router_id: Addr,
    /// Preferred source address of installed routes.
    #[go(yaml = "routeSource", omitempty)]
    pub route_source: Addr,
    /// Links whose addresses are advertised.
    #[go(yaml = "advertise", omitempty, merge = "replace")]
    pub advertise: Vec<String>,
    /// Enable ECMP over several neighbours (unset: off).
    #[go(yaml = "multipath", omitempty)]
    pub multipath: Option<bool>,
    /// Maximum ECMP next hops (0: the default).
    #[go(yaml = "maxPaths", omitempty)]
    pub max_paths: u8,
    /// Install learned routes into the kernel (unset: on).
    #[go(yaml = "installRoutes", omitempty)]
    pub install_routes: Option<bool>,
    /// Routes imported from other instances.
    #[go(yaml = "importRoutes", omitempty, merge = "replace")]
    pub import_routes: Vec<BGPImportRoute>,
    /// The neighbours.
    #[go(yaml = "neighbors", omitempty, merge = "replace")]
    pub neighbors: Vec<BGPNeighborConfig>,
}

/// Routes imported from another BGP instance (Go `network.BGPImportRoute`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.BGPImportRoute")]
pub struct BGPImportRoute {
    /// Name of the source instance.
    #[go(yaml = "bgpInstance")]
    pub bgp_instance: String,
    /// Prefixes selecting the routes to import.
    #[go(yaml = "prefixes")]
    pub prefixes: Vec<Prefix>,
}

/// One BGP neighbour (Go `network.BGPNeighborConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.BGPNeighborConfig")]
pub struct BGPNeighborConfig {
    /// Neighbour address (numbered session).
    #[go(yaml = "address", omitempty)]
    pub address: Addr,
    /// Link name or alias (unnumbered session).
    #[go(yaml = "link", omitempty)]
    pub link: String,
    /// Expected peer ASN (0: any).
    #[go(yaml = "peerASN", omitempty)]
    pub peer_asn: u32,
    /// Local ASN override (0: the instance's).
    #[go(yaml = "localASN", omitempty)]
    pub local_asn: u32,
    /// Wait for the neighbour to connect.
    #[go(yaml = "passive", omitempty)]
    pub passive: bool,
    /// Hold time (0: the default).
    #[go(yaml = "holdTime", omitempty)]
    pub hold_time: Duration,
    /// BFD settings; present enables BFD.
    #[go(yaml = "bfd", omitempty)]
    pub bfd: Option<BGPBFDConfig>,
}

/// BFD settings of a BGP neighbour (Go `network.BGPBFDConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.BGPBFDConfig")]
pub struct BGPBFDConfig {
    /// Desired minimum transmit interval (0: the default).
    #[go(yaml = "transmitInterval", omitempty)]
    pub transmit_interval: Duration,
    /// Required minimum receive interval (0: the default).
    #[go(yaml = "receiveInterval", omitempty)]
    pub receive_interval: Duration,
    /// Detection multiplier (0: the default).
    #[go(yaml = "detectMultiplier", omitempty)]
    pub detect_multiplier: u8,
}
