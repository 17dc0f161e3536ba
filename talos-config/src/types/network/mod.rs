//! Go package `network` (`pkg/machinery/config/types/network`): the multi-document network
//! kinds — links of every type, link aliases, DHCP, virtual IPs, hostname, resolvers, time
//! sync, static hosts, routing, BGP, firewall rules, probes and KubeSpan.
//!
//! Every document kind is re-exported here under its kind name (`LinkConfig`,
//! `NetworkRuleConfig`, …); field types of the Go package `nethelpers` live in
//! [`crate::types::nethelpers`].

mod bgp;
mod bond;
mod dhcp;
mod ethernet;
mod firewall;
mod kubespan;
mod link;
mod link_alias;
mod probe;
mod resolver;
mod routing;
mod time_sync;
mod vip;
mod wireguard;

pub use bgp::{BGPBFDConfig, BGPImportRoute, BGPInstanceConfig, BGPNeighborConfig};
pub use bond::BondConfig;
pub use dhcp::{DHCPv4Config, DHCPv6Config};
pub use ethernet::{EthernetChannelsConfig, EthernetConfig, EthernetRingsConfig};
pub use firewall::{
    IngressConfig, IngressRule, NetworkDefaultActionConfig, NetworkRuleConfig, PortRange,
    PortRanges, RulePortSelector,
};
pub use kubespan::{KubeSpanConfig, KubeSpanEndpointsConfig, KubeSpanFiltersConfig};
pub use link::{
    AddressConfig, BridgeConfig, BridgeSTPConfig, BridgeVLANConfig, CommonLinkConfig,
    DummyLinkConfig, LinkConfig, RouteConfig, VLANConfig, VRFConfig, VethConfig, VethPeerConfig,
};
pub use link_alias::{CelExpression, LinkAliasConfig, LinkSelector};
pub use probe::{CommonProbeConfig, HTTPProbeConfig, TCPProbeConfig};
pub use resolver::{
    HostDNSConfig, HostnameConfig, NameserverConfig, ResolverConfig, SearchDomainsConfig,
    StaticHostConfig,
};
pub use routing::{BlackholeRouteConfig, RoutingRuleConfig};
pub use time_sync::{NTPConfig, PTPConfig, TimeSyncConfig};
pub use vip::{HCloudVIPConfig, Layer2VIPConfig};
pub use wireguard::{WireguardConfig, WireguardPeer};
