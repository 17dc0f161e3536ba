//! The metal platform network configuration Talos keeps under META key `0x0a`
//! (`runtime.PlatformNetworkConfig`, i.e. Go's `network.PlatformConfigSpec`).
//!
//! Talos' `metal` platform reads the key's value with `go.yaml.in/yaml/v4` and applies the
//! addresses, links, routes, resolvers… it describes before any machine configuration exists.
//! This module reads such a value exactly the way Talos does — same accepted inputs, same
//! quirks (see [`PlatformNetworkConfig::from_yaml`]) — and writes it back the way Talos would.
//!
//! ```
//! use talos_meta::network::{ConfigLayer, Family, IpAddress, PlatformNetworkConfig, Scope};
//!
//! let yaml = br#"
//! addresses:
//!   - address: 192.168.3.6/27
//!     linkName: eth0
//!     family: inet4
//!     scope: global
//!     flags: permanent
//!     layer: platform
//! externalIPs: [1.2.3.4]
//! "#;
//! let mut cfg = PlatformNetworkConfig::from_yaml(yaml)?;
//! assert_eq!(cfg.addresses[0].family, Family::Inet4);
//! assert_eq!(cfg.addresses[0].layer, ConfigLayer::Platform);
//! assert_eq!(cfg.external_ips, vec![Some("1.2.3.4".parse::<IpAddress>()?)]);
//!
//! cfg.addresses[0].scope = Scope::Link;
//! let text = cfg.to_yaml()?;
//! assert!(text.contains("    - address: 192.168.3.6/27\n      linkName: eth0\n"));
//! assert_eq!(PlatformNetworkConfig::from_yaml(text.as_bytes())?, cfg);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Compatibility with Talos
//!
//! The model follows Talos `pkg/machinery` v1.14.0-alpha.2 (read with `go.yaml.in/yaml/v4`
//! v4.0.0-rc.5), where the bond's `primary` key is the kernel-resolved slave *index*
//! (`*uint32`). It also knows the newer fields `veth`, `nextHops` and
//! `searchDomainsOverridden`, which that Talos version ignores (and never writes).
//!
//! Talos' output is not always readable by Talos: a zero [`Family`] is written
//! `Family(0)`, a zero [`VlanProtocol`] `VLANProtocol(0)` and empty [`AddressFlags`] `""`, and
//! all three are refused on reading. A VIP operator whose only setting is its address is left
//! out entirely. [`PlatformNetworkConfig::to_yaml`] does the same.
//!
//! The YAML syntax is parsed by libyaml (through `serde_yaml`) rather than Go's port of it.
//! Known differences, all outside what a sane config contains:
//! - content *after* the first document's root that Go's look-ahead scanner trips over (for
//!   example a root mapping indented by one space followed by `b\nc:` at column 0) is refused
//!   by Talos but ignored here;
//! - an anchor whose node contains its own alias (`x: &a [1, *a]`), nesting deeper than 128
//!   levels, aliases expanding to millions of nodes, or a core-tagged scalar that does not fit
//!   its tag (`!!int abc`) are refused here even inside keys Talos ignores;
//! - explicit core tags (`!!str`, `!!int`, `!!binary`, …) are only recognised on the line of
//!   the scalar they tag, and not on quoted scalars with escape sequences or line folding;
//!   `!!binary` data that is not UTF-8 text is refused (Go keeps the raw bytes).

mod decode;
mod encode;
mod enums;
mod error;
mod scalars;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Display;

use serde::{Serialize, Serializer};

pub use enums::{
    AdLacpActive, AdSelect, AddressFlags, ArpAllTargets, ArpValidate, BondMode, BondXmitHashPolicy,
    ClientIdentifier, ConfigLayer, DnsProtocol, FailOverMac, Family, LacpRate, LinkType, Operator,
    PrimaryReselect, RouteFlags, RouteProtocol, RouteType, RoutingTable, Scope, VlanProtocol,
};
pub use error::{NetworkConfigError, ValueError};
pub use scalars::{GoDuration, HardwareAddr, IpAddress, IpPrefix};

use decode::{Cx, Decode, Node, decode_pointer, decode_via_text};

decode_via_text!(
    ConfigLayer => "network.ConfigLayer",
    Operator => "network.Operator",
    Family => "nethelpers.Family",
    Scope => "nethelpers.Scope",
    RouteType => "nethelpers.RouteType",
    RouteProtocol => "nethelpers.RouteProtocol",
    LinkType => "nethelpers.LinkType",
    VlanProtocol => "nethelpers.VLANProtocol",
    BondMode => "nethelpers.BondMode",
    BondXmitHashPolicy => "nethelpers.BondXmitHashPolicy",
    LacpRate => "nethelpers.LACPRate",
    ArpValidate => "nethelpers.ARPValidate",
    ArpAllTargets => "nethelpers.ARPAllTargets",
    PrimaryReselect => "nethelpers.PrimaryReselect",
    AdSelect => "nethelpers.ADSelect",
    AdLacpActive => "nethelpers.ADLACPActive",
    DnsProtocol => "nethelpers.DNSProtocol",
    ClientIdentifier => "nethelpers.ClientIdentifier",
    FailOverMac => "nethelpers.FailOverMAC",
    RoutingTable => "nethelpers.RoutingTable",
    AddressFlags => "nethelpers.AddressFlags",
    RouteFlags => "nethelpers.RouteFlags",
    HardwareAddr => "nethelpers.HardwareAddr",
);

/// Go's `omitempty` test for plain values and structs.
fn is_zero<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// An unset Go `netip.Addr`/`netip.Prefix` is written `""`.
fn text_or_empty<T: Display, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_str(""),
    }
}

fn text_list<T: Display, S: Serializer>(v: &[Option<T>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(
        v.iter()
            .map(|x| x.as_ref().map(ToString::to_string).unwrap_or_default()),
    )
}

/// Defines a model struct: serde names and Go decoding from one field list.
macro_rules! go_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $go:literal {
            $(
                $(#[$fmeta:meta])*
                $key:literal => pub $field:ident : $ty:ty $(, with $decode:path)?
            );* $(;)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $key)]
                pub $field: $ty,
            )*
        }

        impl decode::GoStruct for $name {
            const FIELDS: &'static [&'static str] = &[$($key),*];
            const GO_TYPE: &'static str = $go;

            #[allow(unused_variables)]
            fn decode_field(
                &mut self,
                key: &str,
                node: &Node,
                cx: &mut Cx,
            ) -> Result<bool, NetworkConfigError> {
                match key {
                    $( $key => go_struct!(@decode self.$field, node, cx $(, $decode)?), )*
                    _ => Ok(false),
                }
            }
        }

        impl Decode for $name {
            fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
                decode::decode_struct(self, node, cx)
            }
        }
    };
    (@decode $place:expr, $node:ident, $cx:ident) => {
        Decode::decode(&mut $place, $node, $cx)
    };
    (@decode $place:expr, $node:ident, $cx:ident, $decode:path) => {
        $decode(&mut $place, $node, $cx)
    };
}

go_struct! {
    /// The whole network config (Go `network.PlatformConfigSpec`).
    pub struct PlatformNetworkConfig = "network.PlatformConfigSpec" {
        /// Addresses to assign.
        "addresses" => pub addresses: Vec<Address>;
        /// Links to configure or create.
        "links" => pub links: Vec<Link>;
        /// Routes to install.
        "routes" => pub routes: Vec<Route>;
        /// Hostnames.
        "hostnames" => pub hostnames: Vec<Hostname>;
        /// DNS resolvers.
        "resolvers" => pub resolvers: Vec<Resolver>;
        /// Time servers.
        "timeServers" => pub time_servers: Vec<TimeServer>;
        /// Operators (DHCP clients, virtual IPs).
        "operators" => pub operators: Vec<OperatorSpec>;
        /// External IP addresses of the machine; `None` items stand for Go's zero address
        /// (written `""`).
        #[serde(serialize_with = "text_list")]
        "externalIPs" => pub external_ips: Vec<Option<IpAddress>>;
        /// Health probes.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        "probes" => pub probes: Vec<Probe>;
        /// Platform metadata (ignored by the `metal` platform, which fills in its own).
        #[serde(skip_serializing_if = "Option::is_none")]
        "metadata" => pub metadata: Option<Metadata>, with decode_pointer;
    }
}

go_struct! {
    /// An address to assign to a link (Go `network.AddressSpecSpec`).
    pub struct Address = "network.AddressSpecSpec" {
        /// The address with its prefix length, host bits kept (`None` = `""`).
        #[serde(serialize_with = "text_or_empty")]
        "address" => pub address: Option<IpPrefix>;
        /// The link it goes on.
        "linkName" => pub link_name: String;
        /// Address family; always set it (the zero value has no name).
        "family" => pub family: Family;
        /// Scope.
        "scope" => pub scope: Scope;
        /// Flags; write [`AddressFlags::PERMANENT`] (Talos cannot read back no flags).
        "flags" => pub flags: AddressFlags;
        /// Announce the address with gratuitous ARP.
        #[serde(skip_serializing_if = "is_zero")]
        "announceWithARP" => pub announce_with_arp: bool;
        /// Address priority.
        #[serde(skip_serializing_if = "is_zero")]
        "priority" => pub priority: u32;
        /// Configuration layer, normally [`ConfigLayer::Platform`].
        "layer" => pub layer: ConfigLayer;
    }
}

go_struct! {
    /// A link (interface) to configure, or to create when `logical` (Go `network.LinkSpecSpec`).
    pub struct Link = "network.LinkSpecSpec" {
        /// Interface name.
        "name" => pub name: String;
        /// Create the link if it does not exist (bonds, VLANs, bridges…).
        "logical" => pub logical: bool;
        /// Bring the link up.
        "up" => pub up: bool;
        /// MTU (0 = leave as is).
        "mtu" => pub mtu: u32;
        /// Netlink kind: `""` for physical links, `vlan`, `bond`, `bridge`, `vrf`, `veth`,
        /// `wireguard`, `dummy`, …
        "kind" => pub kind: String;
        /// Hardware type.
        "type" => pub link_type: LinkType;
        /// Hardware address to set.
        #[serde(skip_serializing_if = "HardwareAddr::is_empty")]
        "hardwareAddr" => pub hardware_addr: HardwareAddr;
        /// Parent link of a VLAN.
        #[serde(skip_serializing_if = "String::is_empty")]
        "parentName" => pub parent_name: String;
        /// Bond this link is enslaved to.
        #[serde(skip_serializing_if = "String::is_empty")]
        "masterName" => pub master_name: String;
        /// Position of this link in its bond.
        #[serde(skip_serializing_if = "is_zero")]
        "slaveIndex" => pub slave_index: i64;
        /// Bridge this link is enslaved to.
        #[serde(skip_serializing_if = "is_zero")]
        "bridgeSlave" => pub bridge_slave: BridgeSlave;
        /// VRF this link is enslaved to.
        #[serde(skip_serializing_if = "is_zero")]
        "vrfSlave" => pub vrf_slave: VrfSlave;
        /// VLAN settings (kind `vlan`).
        #[serde(skip_serializing_if = "is_zero")]
        "vlan" => pub vlan: Vlan;
        /// Bond settings (kind `bond`).
        #[serde(skip_serializing_if = "is_zero")]
        "bondMaster" => pub bond_master: Bond;
        /// Bridge settings (kind `bridge`).
        #[serde(skip_serializing_if = "is_zero")]
        "bridgeMaster" => pub bridge_master: BridgeMaster;
        /// VRF settings (kind `vrf`).
        #[serde(skip_serializing_if = "is_zero")]
        "vrfMaster" => pub vrf_master: VrfMaster;
        /// WireGuard settings (kind `wireguard`).
        #[serde(skip_serializing_if = "is_zero")]
        "wireguard" => pub wireguard: Wireguard;
        /// veth settings (kind `veth`; newer Talos only).
        #[serde(skip_serializing_if = "is_zero")]
        "veth" => pub veth: Veth;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
        /// Multicast on or off (`None` = leave as is).
        #[serde(skip_serializing_if = "Option::is_none")]
        "multicast" => pub multicast: Option<bool>, with decode_pointer;
    }
}

go_struct! {
    /// Bridge membership of a link.
    pub struct BridgeSlave = "network.BridgeSlave" {
        /// The bridge.
        #[serde(skip_serializing_if = "String::is_empty")]
        "masterName" => pub master_name: String;
    }
}

go_struct! {
    /// VRF membership of a link.
    pub struct VrfSlave = "network.VRFSlave" {
        /// The VRF.
        #[serde(skip_serializing_if = "String::is_empty")]
        "masterName" => pub master_name: String;
    }
}

go_struct! {
    /// VLAN settings.
    pub struct Vlan = "network.VLANSpec" {
        /// VLAN ID.
        "vlanID" => pub vlan_id: u16;
        /// Tag protocol.
        "vlanProtocol" => pub protocol: VlanProtocol;
    }
}

go_struct! {
    /// Bond settings (Go `network.BondMasterSpec`).
    pub struct Bond = "network.BondMasterSpec" {
        /// Bonding mode.
        "mode" => pub mode: BondMode;
        /// Transmit hash policy.
        "xmitHashPolicy" => pub xmit_hash_policy: BondXmitHashPolicy;
        /// LACP rate.
        "lacpRate" => pub lacp_rate: LacpRate;
        /// ARP validation.
        "arpValidate" => pub arp_validate: ArpValidate;
        /// ARP targets that must be reachable.
        "arpAllTargets" => pub arp_all_targets: ArpAllTargets;
        /// Index of the primary slave (kernel-resolved; Talos 1.14.0-alpha.2 `primary`).
        #[serde(skip_serializing_if = "Option::is_none")]
        "primary" => pub primary: Option<u32>, with decode_pointer;
        /// Primary reselection policy.
        "primaryReselect" => pub primary_reselect: PrimaryReselect;
        /// Fail-over MAC policy.
        "failOverMac" => pub fail_over_mac: FailOverMac;
        /// Aggregation selection logic.
        #[serde(skip_serializing_if = "is_zero")]
        "adSelect" => pub ad_select: AdSelect;
        /// MII monitoring interval (ms).
        #[serde(skip_serializing_if = "is_zero")]
        "miimon" => pub miimon: u32;
        /// Up delay (ms).
        #[serde(skip_serializing_if = "is_zero")]
        "updelay" => pub updelay: u32;
        /// Down delay (ms).
        #[serde(skip_serializing_if = "is_zero")]
        "downdelay" => pub downdelay: u32;
        /// ARP monitoring interval (ms).
        #[serde(skip_serializing_if = "is_zero")]
        "arpInterval" => pub arp_interval: u32;
        /// IGMP reports to send after fail-over.
        #[serde(skip_serializing_if = "is_zero")]
        "resendIgmp" => pub resend_igmp: u32;
        /// Minimum number of links up.
        #[serde(skip_serializing_if = "is_zero")]
        "minLinks" => pub min_links: u32;
        /// Learning packet interval (s).
        #[serde(skip_serializing_if = "is_zero")]
        "lpInterval" => pub lp_interval: u32;
        /// Packets per slave (balance-rr).
        #[serde(skip_serializing_if = "is_zero")]
        "packetsPerSlave" => pub packets_per_slave: u32;
        /// Peer notifications after fail-over.
        #[serde(skip_serializing_if = "is_zero")]
        "numPeerNotif" => pub num_peer_notif: u8;
        /// Dynamic shuffling of flows (balance-tlb).
        #[serde(skip_serializing_if = "is_zero")]
        "tlbLogicalLb" => pub tlb_logical_lb: u8;
        /// Deliver duplicate frames on inactive slaves.
        #[serde(skip_serializing_if = "is_zero")]
        "allSlavesActive" => pub all_slaves_active: u8;
        /// Use carrier state for link monitoring.
        #[serde(skip_serializing_if = "is_zero")]
        "useCarrier" => pub use_carrier: bool;
        /// 802.3ad system priority.
        #[serde(skip_serializing_if = "is_zero")]
        "adActorSysPrio" => pub ad_actor_sys_prio: u16;
        /// 802.3ad user port key.
        #[serde(skip_serializing_if = "is_zero")]
        "adUserPortKey" => pub ad_user_port_key: u16;
        /// Delay between peer notifications (ms).
        #[serde(skip_serializing_if = "is_zero")]
        "peerNotifyDelay" => pub peer_notify_delay: u32;
        /// IPv4 ARP targets (at most 16).
        #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "text_list")]
        "arpIpTargets" => pub arp_ip_targets: Vec<Option<IpAddress>>;
        /// IPv6 NS targets (at most 16).
        #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "text_list")]
        "nsIp6Targets" => pub ns_ip6_targets: Vec<Option<IpAddress>>;
        /// 802.3ad LACP active mode (`None` = kernel default, on).
        #[serde(skip_serializing_if = "Option::is_none")]
        "adLacpActive" => pub ad_lacp_active: Option<AdLacpActive>, with decode_pointer;
        /// Missed ARP/NS replies before a slave is down.
        #[serde(skip_serializing_if = "is_zero")]
        "missedMax" => pub missed_max: u8;
    }
}

go_struct! {
    /// Bridge settings.
    pub struct BridgeMaster = "network.BridgeMasterSpec" {
        /// Spanning tree.
        #[serde(skip_serializing_if = "is_zero")]
        "stp" => pub stp: Stp;
        /// VLAN filtering.
        #[serde(skip_serializing_if = "is_zero")]
        "vlan" => pub vlan: BridgeVlan;
    }
}

go_struct! {
    /// Spanning-tree settings of a bridge.
    pub struct Stp = "network.STPSpec" {
        /// Enable STP.
        "enabled" => pub enabled: bool;
    }
}

go_struct! {
    /// VLAN settings of a bridge.
    pub struct BridgeVlan = "network.BridgeVLANSpec" {
        /// Enable VLAN filtering.
        "filteringEnabled" => pub filtering_enabled: bool;
    }
}

go_struct! {
    /// VRF settings.
    pub struct VrfMaster = "network.VRFMasterSpec" {
        /// Routing table of the VRF (written `"123"` for numbered tables).
        "table" => pub table: RoutingTable;
    }
}

go_struct! {
    /// WireGuard settings.
    pub struct Wireguard = "network.WireguardSpec" {
        /// Private key (base64).
        #[serde(skip_serializing_if = "String::is_empty")]
        "privateKey" => pub private_key: String;
        /// Public key (base64, informational).
        #[serde(skip_serializing_if = "String::is_empty")]
        "publicKey" => pub public_key: String;
        /// UDP listen port.
        "listenPort" => pub listen_port: i64;
        /// Firewall mark.
        "firewallMark" => pub firewall_mark: i64;
        /// Peers.
        "peers" => pub peers: Vec<WireguardPeer>;
    }
}

go_struct! {
    /// One WireGuard peer.
    pub struct WireguardPeer = "network.WireguardPeer" {
        /// Public key (base64).
        "publicKey" => pub public_key: String;
        /// Pre-shared key (base64).
        "presharedKey" => pub preshared_key: String;
        /// Endpoint (`host:port`).
        "endpoint" => pub endpoint: String;
        /// Keepalive interval (`30s`).
        "persistentKeepaliveInterval" => pub persistent_keepalive_interval: GoDuration;
        /// Allowed source prefixes.
        #[serde(serialize_with = "text_list")]
        "allowedIPs" => pub allowed_ips: Vec<Option<IpPrefix>>;
    }
}

go_struct! {
    /// veth settings (newer Talos only; Talos 1.14.0-alpha.2 ignores them).
    pub struct Veth = "network.VethSpec" {
        /// Name of the peer end.
        #[serde(skip_serializing_if = "String::is_empty")]
        "peerName" => pub peer_name: String;
    }
}

go_struct! {
    /// A route (Go `network.RouteSpecSpec`).
    pub struct Route = "network.RouteSpecSpec" {
        /// Address family.
        "family" => pub family: Family;
        /// Destination (`None` = `""`, the default route).
        #[serde(serialize_with = "text_or_empty")]
        "dst" => pub destination: Option<IpPrefix>;
        /// Preferred source address (`None` = `""`).
        #[serde(serialize_with = "text_or_empty")]
        "src" => pub source: Option<IpAddress>;
        /// Gateway (`None` = `""`).
        #[serde(serialize_with = "text_or_empty")]
        "gateway" => pub gateway: Option<IpAddress>;
        /// Outgoing link.
        #[serde(skip_serializing_if = "String::is_empty")]
        "outLinkName" => pub out_link_name: String;
        /// Routing table.
        "table" => pub table: RoutingTable;
        /// Metric.
        #[serde(skip_serializing_if = "is_zero")]
        "priority" => pub priority: u32;
        /// Scope.
        "scope" => pub scope: Scope;
        /// Route type.
        "type" => pub route_type: RouteType;
        /// Flags.
        "flags" => pub flags: RouteFlags;
        /// Protocol.
        "protocol" => pub protocol: RouteProtocol;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
        /// Route MTU.
        #[serde(skip_serializing_if = "is_zero")]
        "mtu" => pub mtu: u32;
        /// Multipath next hops (newer Talos only).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        "nextHops" => pub next_hops: Vec<NextHop>;
    }
}

go_struct! {
    /// One next hop of a multipath route (newer Talos only).
    pub struct NextHop = "network.RouteNextHop" {
        /// Gateway (`None` = `""`).
        #[serde(serialize_with = "text_or_empty")]
        "gateway" => pub gateway: Option<IpAddress>;
        /// Outgoing link.
        #[serde(skip_serializing_if = "String::is_empty")]
        "outLinkName" => pub out_link_name: String;
        /// Weight.
        #[serde(skip_serializing_if = "is_zero")]
        "weight" => pub weight: u32;
    }
}

go_struct! {
    /// A hostname (Go `network.HostnameSpecSpec`).
    pub struct Hostname = "network.HostnameSpecSpec" {
        /// Host name.
        "hostname" => pub hostname: String;
        /// Domain name.
        "domainname" => pub domainname: String;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
    }
}

go_struct! {
    /// DNS resolvers (Go `network.ResolverSpecSpec`).
    pub struct Resolver = "network.ResolverSpecSpec" {
        /// Plain DNS servers (deprecated in favour of `nameServers`, still written).
        #[serde(serialize_with = "text_list")]
        "dnsServers" => pub dns_servers: Vec<Option<IpAddress>>;
        /// Name servers with protocol.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        "nameServers" => pub name_servers: Vec<NameServer>;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
        /// Search domains.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        "searchDomains" => pub search_domains: Vec<String>;
        /// Whether the search domains replace the defaults (newer Talos only).
        #[serde(skip_serializing_if = "is_zero")]
        "searchDomainsOverridden" => pub search_domains_overridden: bool;
    }
}

go_struct! {
    /// One name server.
    pub struct NameServer = "network.NameServerSpec" {
        /// Address (`None` = `""`).
        #[serde(serialize_with = "text_or_empty")]
        "addr" => pub addr: Option<IpAddress>;
        /// Transport.
        "protocol" => pub protocol: DnsProtocol;
        /// TLS server name (DoT/DoH).
        "tlsServerName" => pub tls_server_name: String;
    }
}

go_struct! {
    /// Time servers (Go `network.TimeServerSpecSpec`).
    pub struct TimeServer = "network.TimeServerSpecSpec" {
        /// NTP servers.
        "timeServers" => pub servers: Vec<String>;
        /// Use NTS.
        #[serde(skip_serializing_if = "is_zero")]
        "useNTS" => pub use_nts: bool;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
    }
}

go_struct! {
    /// A network operator (Go `network.OperatorSpecSpec`).
    pub struct OperatorSpec = "network.OperatorSpecSpec" {
        /// Which operator.
        "operator" => pub operator: Operator;
        /// The link it runs on.
        "linkName" => pub link_name: String;
        /// Wait for the link to be up.
        "requireUp" => pub require_up: bool;
        /// DHCPv4 settings.
        #[serde(skip_serializing_if = "is_zero")]
        "dhcp4" => pub dhcp4: DhcpOperator;
        /// DHCPv6 settings.
        #[serde(skip_serializing_if = "is_zero")]
        "dhcp6" => pub dhcp6: DhcpOperator;
        /// Virtual IP settings. Talos omits the whole block when only `ip` is set (Go treats an
        /// address as "empty"), so such an `ip` is lost on a round trip through Talos, and here.
        #[serde(skip_serializing_if = "VipOperator::is_go_zero")]
        "vip" => pub vip: VipOperator;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
    }
}

go_struct! {
    /// DHCP client identifier settings.
    pub struct ClientIdentifierSpec = "network.ClientIdentifierSpec" {
        /// Identifier kind.
        "clientIdentifier" => pub client_identifier: ClientIdentifier;
        /// Raw DUID (hex) for [`ClientIdentifier::Duid`].
        #[serde(skip_serializing_if = "String::is_empty")]
        "duidRawHex" => pub duid_raw_hex: String;
    }
}

go_struct! {
    /// DHCPv4 or DHCPv6 operator settings (Go `DHCP4OperatorSpec`/`DHCP6OperatorSpec`).
    pub struct DhcpOperator = "network.DHCPOperatorSpec" {
        /// Metric of the routes it installs.
        "routeMetric" => pub route_metric: u32;
        /// Do not ask for a hostname.
        #[serde(skip_serializing_if = "is_zero")]
        "skipHostnameRequest" => pub skip_hostname_request: bool;
        /// Client identifier.
        #[serde(skip_serializing_if = "is_zero")]
        "clientIdentifier" => pub client_identifier: ClientIdentifierSpec;
    }
}

go_struct! {
    /// Virtual IP operator settings.
    pub struct VipOperator = "network.VIPOperatorSpec" {
        /// The shared address (`None` = `""`).
        #[serde(serialize_with = "text_or_empty")]
        "ip" => pub ip: Option<IpAddress>;
        /// Send gratuitous ARP.
        "gratuitousARP" => pub gratuitous_arp: bool;
        /// Equinix Metal API settings.
        #[serde(skip_serializing_if = "is_zero")]
        "equinixMetal" => pub equinix_metal: VipEquinixMetal;
        /// Hetzner Cloud API settings.
        #[serde(skip_serializing_if = "is_zero")]
        "hcloud" => pub hcloud: VipHcloud;
    }
}

impl VipOperator {
    /// Go's `omitempty` test for this struct: the address does not count.
    pub fn is_go_zero(&self) -> bool {
        !self.gratuitous_arp && is_zero(&self.equinix_metal) && is_zero(&self.hcloud)
    }
}

go_struct! {
    /// Equinix Metal VIP settings.
    pub struct VipEquinixMetal = "network.VIPEquinixMetalSpec" {
        /// Project ID.
        "projectID" => pub project_id: String;
        /// Device ID.
        "deviceID" => pub device_id: String;
        /// API token.
        "apiToken" => pub api_token: String;
    }
}

go_struct! {
    /// Hetzner Cloud VIP settings.
    pub struct VipHcloud = "network.VIPHCloudSpec" {
        /// Server ID.
        "deviceID" => pub device_id: i64;
        /// Network ID.
        "networkID" => pub network_id: i64;
        /// API token.
        "apiToken" => pub api_token: String;
    }
}

go_struct! {
    /// A health probe (Go `network.ProbeSpecSpec`).
    pub struct Probe = "network.ProbeSpecSpec" {
        /// Interval between checks.
        "interval" => pub interval: GoDuration;
        /// Failures before the probe is down.
        "failureThreshold" => pub failure_threshold: i64;
        /// TCP check.
        #[serde(skip_serializing_if = "is_zero")]
        "tcp" => pub tcp: TcpProbe;
        /// Configuration layer.
        "layer" => pub layer: ConfigLayer;
        /// HTTP check.
        #[serde(skip_serializing_if = "is_zero")]
        "http" => pub http: HttpProbe;
    }
}

go_struct! {
    /// TCP probe settings.
    pub struct TcpProbe = "network.TCPProbeSpec" {
        /// `host:port` to connect to.
        "endpoint" => pub endpoint: String;
        /// Connection timeout.
        "timeout" => pub timeout: GoDuration;
    }
}

go_struct! {
    /// HTTP probe settings.
    pub struct HttpProbe = "network.HTTPProbeSpec" {
        /// The URL, as Go's `url.URL` structure (Talos does not accept a URL string here).
        "url" => pub url: Option<ProbeUrl>, with decode_pointer;
        /// Request timeout.
        "timeout" => pub timeout: GoDuration;
    }
}

go_struct! {
    /// A Go `net/url.URL` as Go's YAML library writes it: one lower-cased key per field
    /// (field set of Go 1.26).
    pub struct ProbeUrl = "url.URL" {
        /// Scheme.
        "scheme" => pub scheme: String;
        /// Opaque data.
        "opaque" => pub opaque: String;
        /// User information (Go keeps its fields private, so it is always `{}`).
        "user" => pub user: Option<UrlUserinfo>, with decode_pointer;
        /// Host or `host:port`.
        "host" => pub host: String;
        /// Path.
        "path" => pub path: String;
        /// Fragment.
        "fragment" => pub fragment: String;
        /// Encoded query.
        "rawquery" => pub raw_query: String;
        /// Encoded path hint.
        "rawpath" => pub raw_path: String;
        /// Encoded fragment hint.
        "rawfragment" => pub raw_fragment: String;
        /// Append `?` even when the query is empty.
        "forcequery" => pub force_query: bool;
        /// Omit an empty host.
        "omithost" => pub omit_host: bool;
    }
}

go_struct! {
    /// Go's `url.Userinfo`, whose fields YAML cannot see.
    pub struct UrlUserinfo = "url.Userinfo" {}
}

go_struct! {
    /// Platform metadata (Go `runtime.PlatformMetadataSpec`).
    pub struct Metadata = "runtime.PlatformMetadataSpec" {
        /// Platform name.
        #[serde(skip_serializing_if = "String::is_empty")]
        "platform" => pub platform: String;
        /// Hostname.
        #[serde(skip_serializing_if = "String::is_empty")]
        "hostname" => pub hostname: String;
        /// Region.
        #[serde(skip_serializing_if = "String::is_empty")]
        "region" => pub region: String;
        /// Zone.
        #[serde(skip_serializing_if = "String::is_empty")]
        "zone" => pub zone: String;
        /// Instance type.
        #[serde(skip_serializing_if = "String::is_empty")]
        "instanceType" => pub instance_type: String;
        /// Instance ID.
        #[serde(skip_serializing_if = "String::is_empty")]
        "instanceId" => pub instance_id: String;
        /// Provider ID.
        #[serde(skip_serializing_if = "String::is_empty")]
        "providerId" => pub provider_id: String;
        /// Spot instance.
        #[serde(skip_serializing_if = "is_zero")]
        "spot" => pub spot: bool;
        /// Internal DNS name.
        #[serde(skip_serializing_if = "String::is_empty")]
        "internalDNS" => pub internal_dns: String;
        /// External DNS name.
        #[serde(skip_serializing_if = "String::is_empty")]
        "externalDNS" => pub external_dns: String;
        /// Tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        "tags" => pub tags: BTreeMap<String, String>;
    }
}

/// Writes any part of the model (or the whole config) as YAML the way Talos does; see
/// [`PlatformNetworkConfig::to_yaml`].
///
/// ```
/// use talos_meta::network::{self, Address, AddressFlags, ConfigLayer, Family, Scope};
///
/// let address = Address {
///     address: Some("192.168.3.6/27".parse()?),
///     link_name: "eth0".into(),
///     family: Family::Inet4,
///     scope: Scope::Link,
///     flags: AddressFlags::PERMANENT,
///     layer: ConfigLayer::Configuration,
///     ..Address::default()
/// };
/// assert_eq!(
///     network::to_yaml(&address)?,
///     "address: 192.168.3.6/27\nlinkName: eth0\nfamily: inet4\nscope: link\nflags: permanent\nlayer: configuration\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, NetworkConfigError> {
    encode::to_yaml(value)
}

/// Turns UTF-16 input (recognised by its byte-order mark) into UTF-8; other input is passed on
/// to the YAML reader as it is.
fn normalize_encoding(bytes: &[u8]) -> Result<Cow<'_, [u8]>, NetworkConfigError> {
    let big_endian = match bytes {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        _ => return Ok(Cow::Borrowed(bytes)),
    };
    let body = &bytes[2..];
    let units = body.chunks(2).map(|c| match *c {
        [a, b] if big_endian => Ok(u16::from_be_bytes([a, b])),
        [a, b] => Ok(u16::from_le_bytes([a, b])),
        _ => Err(()),
    });
    let mut out = String::with_capacity(body.len());
    let mut offset = 2;
    let mut pending = Vec::with_capacity(2);
    for unit in units {
        let unit = unit.map_err(|()| NetworkConfigError::InvalidUtf16 { offset })?;
        pending.push(unit);
        // Decode as soon as a complete character is available.
        let is_high = (0xD800..0xDC00).contains(&unit);
        if is_high && pending.len() == 1 {
            offset += 2;
            continue;
        }
        for c in char::decode_utf16(pending.drain(..)) {
            let c = c.map_err(|_| NetworkConfigError::InvalidUtf16 { offset })?;
            out.push(c);
        }
        offset += 2;
    }
    if !pending.is_empty() {
        return Err(NetworkConfigError::InvalidUtf16 { offset });
    }
    Ok(Cow::Owned(out.into_bytes()))
}

fn read(bytes: &[u8], strict: bool) -> Result<PlatformNetworkConfig, NetworkConfigError> {
    let text = normalize_encoding(bytes)?;
    let node = decode::parse_tree(&text).map_err(|e| match (&e, std::str::from_utf8(&text)) {
        (NetworkConfigError::Syntax { .. }, Err(utf8)) => NetworkConfigError::NonUtf8 {
            offset: utf8.valid_up_to(),
        },
        _ => e,
    })?;
    decode::decode_document(&node, strict)
}

impl PlatformNetworkConfig {
    /// Reads a network config the way Talos' `metal` platform does.
    ///
    /// Lenient like Talos: unknown keys are ignored, JSON is accepted (it is YAML), only the
    /// first YAML document counts, and UTF-16 input with a byte-order mark is accepted. Go's
    /// decoding rules apply, including its quirks: `table: 123` equals `table: "123"`; `mtu: 1.0`
    /// is 1; `up: yes` is true but `up: "true"` is an error; a null field keeps its zero value; a
    /// null list item is dropped; `hostname: 2001-01-01` (a timestamp) is an error; merge keys
    /// (`<<`) work; a repeated key is an error. An input without any YAML document (empty,
    /// blanks or comments) is an error, as in Talos.
    ///
    /// ```
    /// use talos_meta::network::{PlatformNetworkConfig, RoutingTable};
    ///
    /// let cfg = PlatformNetworkConfig::from_yaml(br#"{"routes": [{"table": 123, "extra": 1}]}"#)?;
    /// assert_eq!(cfg.routes[0].table, RoutingTable(123));
    /// assert!(PlatformNetworkConfig::from_yaml(b"").is_err());
    /// # Ok::<(), talos_meta::network::NetworkConfigError>(())
    /// ```
    pub fn from_yaml(bytes: &[u8]) -> Result<Self, NetworkConfigError> {
        read(bytes, false)
    }

    /// Like [`from_yaml`](Self::from_yaml), but a key that is not a field is an error
    /// ([`NetworkConfigError::UnknownField`], naming the key and where it is).
    ///
    /// ```
    /// use talos_meta::network::{NetworkConfigError, PlatformNetworkConfig};
    ///
    /// let err = PlatformNetworkConfig::from_yaml_strict(b"links: [{name: eth0, nmae: x}]").unwrap_err();
    /// assert!(matches!(err, NetworkConfigError::UnknownField { ref key, ref path } if key == "nmae" && path == "links[0]"));
    /// ```
    pub fn from_yaml_strict(bytes: &[u8]) -> Result<Self, NetworkConfigError> {
        read(bytes, true)
    }

    /// Writes the config as YAML the way Talos does: fields in Go's order, fields Go marks
    /// `omitempty` left out when empty, empty lists as `[]`, strings quoted where Go would
    /// read them back as something else. The output reads back to an equal value, with Talos
    /// and with [`from_yaml`](Self::from_yaml).
    ///
    /// ```
    /// use talos_meta::network::PlatformNetworkConfig;
    ///
    /// let text = PlatformNetworkConfig::default().to_yaml()?;
    /// assert!(text.starts_with("addresses: []\nlinks: []\n"));
    /// # Ok::<(), talos_meta::network::NetworkConfigError>(())
    /// ```
    pub fn to_yaml(&self) -> Result<String, NetworkConfigError> {
        encode::to_yaml(self)
    }
}
