//! `machine.network` of the legacy document: interfaces (bonds, bridges, VLANs, WireGuard,
//! virtual IPs), routes, resolvers, host entries and KubeSpan.

use super::scalars::go_named_slice;
use crate::GoYaml;
use crate::types::duration::Duration;

go_named_slice!(
    /// Go's `v1alpha1.NetworkDeviceList`: the interface list (`[]*Device`).
    NetworkDeviceList,
    Option<Device>,
    "v1alpha1.NetworkDeviceList"
);

go_named_slice!(
    /// Go's `v1alpha1.VlanList`: the VLANs of an interface (`[]*Vlan`).
    VlanList,
    Option<Vlan>,
    "v1alpha1.VlanList"
);

impl NetworkDeviceList {
    /// Go's `NetworkDeviceList.Merge`: a device merges into the first one with its interface
    /// name, else (no name) the first one with an equal selector, else it is appended.
    fn merge_list(
        &mut self,
        right: NetworkDeviceList,
        src: crate::goyaml::merge::Src<'_>,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        crate::goyaml::merge::merge_keyed_list(
            &mut self.0,
            right.0,
            src,
            |device| !device.interface.is_empty() || device.device_selector.is_some(),
            |existing, device| {
                if !device.interface.is_empty() {
                    return existing.interface == device.interface;
                }
                match (&existing.device_selector, &device.device_selector) {
                    (Some(a), Some(b)) => a.same_as_go(b),
                    _ => false,
                }
            },
        )
    }
}

impl NetworkDeviceSelector {
    /// Go's `==` on the struct: `physical` is a pointer, and two decoded pointers are never
    /// the same.
    fn same_as_go(&self, other: &NetworkDeviceSelector) -> bool {
        self.physical.is_none()
            && other.physical.is_none()
            && self.bus_path == other.bus_path
            && self.hardware_addr == other.hardware_addr
            && self.permanent_addr == other.permanent_addr
            && self.pci_id == other.pci_id
            && self.driver == other.driver
    }
}

impl VlanList {
    /// Go's `VlanList.Merge`: a VLAN merges into the first one with its ID, else appended.
    fn merge_list(
        &mut self,
        right: VlanList,
        src: crate::goyaml::merge::Src<'_>,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        crate::goyaml::merge::merge_keyed_list(
            &mut self.0,
            right.0,
            src,
            |_| true,
            |existing, vlan| existing.vlan_id == vlan.vlan_id,
        )
    }
}

/// Host networking settings (`machine.network`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.NetworkConfig")]
pub struct NetworkConfig {
    /// Static hostname.
    #[go(yaml = "hostname", omitempty)]
    pub hostname: String,
    /// Interface configurations.
    #[go(yaml = "interfaces", omitempty)]
    pub interfaces: NetworkDeviceList,
    /// DNS servers.
    #[go(yaml = "nameservers", omitempty)]
    pub nameservers: Vec<String>,
    /// DNS search domains.
    #[go(yaml = "searchDomains", omitempty)]
    pub search_domains: Vec<String>,
    /// Extra `/etc/hosts` entries.
    #[go(yaml = "extraHostEntries", omitempty)]
    pub extra_host_entries: Vec<Option<ExtraHost>>,
    /// KubeSpan settings.
    #[go(yaml = "kubespan", omitempty)]
    pub kubespan: Option<NetworkKubeSpan>,
    /// Do not derive a search domain from the hostname.
    #[go(yaml = "disableSearchDomain", omitempty)]
    pub disable_search_domain: Option<bool>,
}

/// One network interface configuration.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.Device")]
pub struct Device {
    /// Interface name.
    #[go(yaml = "interface", omitempty)]
    pub interface: String,
    /// Link selector.
    #[go(yaml = "deviceSelector", omitempty)]
    pub device_selector: Option<NetworkDeviceSelector>,
    /// Addresses (CIDR).
    #[go(yaml = "addresses", omitempty)]
    pub addresses: Vec<String>,
    /// Old single address.
    #[go(yaml = "cidr", omitempty)]
    pub cidr: String,
    /// Static routes.
    #[go(yaml = "routes", omitempty)]
    pub routes: Vec<Option<Route>>,
    /// Bond settings.
    #[go(yaml = "bond", omitempty)]
    pub bond: Option<Bond>,
    /// Bridge settings.
    #[go(yaml = "bridge", omitempty)]
    pub bridge: Option<Bridge>,
    /// Bridge membership.
    #[go(yaml = "bridgePort", omitempty)]
    pub bridge_port: Option<BridgePort>,
    /// VLANs.
    #[go(yaml = "vlans", omitempty)]
    pub vlans: VlanList,
    /// MTU.
    #[go(yaml = "mtu", omitempty)]
    pub mtu: isize,
    /// Use DHCP.
    #[go(yaml = "dhcp", omitempty)]
    pub dhcp: Option<bool>,
    /// Leave the interface alone.
    #[go(yaml = "ignore", omitempty)]
    pub ignore: Option<bool>,
    /// Create a dummy interface.
    #[go(yaml = "dummy", omitempty)]
    pub dummy: Option<bool>,
    /// DHCP options.
    #[go(yaml = "dhcpOptions", omitempty)]
    pub dhcp_options: Option<DhcpOptions>,
    /// WireGuard settings.
    #[go(yaml = "wireguard", omitempty)]
    pub wireguard: Option<DeviceWireguardConfig>,
    /// Shared virtual IP.
    #[go(yaml = "vip", omitempty)]
    pub vip: Option<DeviceVipConfig>,
}

/// Picks a network link by its properties.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.NetworkDeviceSelector")]
pub struct NetworkDeviceSelector {
    /// Bus path (glob).
    #[go(yaml = "busPath", omitempty)]
    pub bus_path: String,
    /// Hardware address (glob).
    #[go(yaml = "hardwareAddr", omitempty)]
    pub hardware_addr: String,
    /// Permanent address (glob).
    #[go(yaml = "permanentAddr", omitempty)]
    pub permanent_addr: String,
    /// PCI ID (glob).
    #[go(yaml = "pciID", omitempty)]
    pub pci_id: String,
    /// Kernel driver (glob).
    #[go(yaml = "driver", omitempty)]
    pub driver: String,
    /// Only physical links.
    #[go(yaml = "physical", omitempty)]
    pub physical: Option<bool>,
}

/// A static route.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.Route")]
pub struct Route {
    /// Destination prefix (always printed).
    #[go(yaml = "network")]
    pub network: String,
    /// Gateway (always printed).
    #[go(yaml = "gateway")]
    pub gateway: String,
    /// Source address.
    #[go(yaml = "source", omitempty)]
    pub source: String,
    /// Metric.
    #[go(yaml = "metric", omitempty)]
    pub metric: u32,
    /// MTU.
    #[go(yaml = "mtu", omitempty)]
    pub mtu: u32,
}

/// Bond interface settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.Bond")]
pub struct Bond {
    /// Member interfaces (always printed).
    #[go(yaml = "interfaces")]
    pub interfaces: Vec<String>,
    /// Member link selectors.
    #[go(yaml = "deviceSelectors", omitempty)]
    pub device_selectors: Vec<NetworkDeviceSelector>,
    /// ARP targets.
    #[go(yaml = "arpIPTarget", omitempty)]
    pub arp_ip_target: Vec<String>,
    /// Bond mode (always printed).
    #[go(yaml = "mode")]
    pub mode: String,
    /// Transmit hash policy.
    #[go(yaml = "xmitHashPolicy", omitempty)]
    pub xmit_hash_policy: String,
    /// LACP rate.
    #[go(yaml = "lacpRate", omitempty)]
    pub lacp_rate: String,
    /// 802.3ad actor system MAC.
    #[go(yaml = "adActorSystem", omitempty)]
    pub ad_actor_system: String,
    /// ARP validation.
    #[go(yaml = "arpValidate", omitempty)]
    pub arp_validate: String,
    /// ARP all targets.
    #[go(yaml = "arpAllTargets", omitempty)]
    pub arp_all_targets: String,
    /// Primary member.
    #[go(yaml = "primary", omitempty)]
    pub primary: String,
    /// Primary reselection policy.
    #[go(yaml = "primaryReselect", omitempty)]
    pub primary_reselect: String,
    /// Fail-over MAC policy.
    #[go(yaml = "failOverMac", omitempty)]
    pub fail_over_mac: String,
    /// 802.3ad aggregator selection.
    #[go(yaml = "adSelect", omitempty)]
    pub ad_select: String,
    /// MII monitoring interval.
    #[go(yaml = "miimon", omitempty)]
    pub miimon: u32,
    /// Up delay.
    #[go(yaml = "updelay", omitempty)]
    pub updelay: u32,
    /// Down delay.
    #[go(yaml = "downdelay", omitempty)]
    pub downdelay: u32,
    /// ARP interval.
    #[go(yaml = "arpInterval", omitempty)]
    pub arp_interval: u32,
    /// IGMP resend count.
    #[go(yaml = "resendIgmp", omitempty)]
    pub resend_igmp: u32,
    /// Minimum links.
    #[go(yaml = "minLinks", omitempty)]
    pub min_links: u32,
    /// Learning packet interval.
    #[go(yaml = "lpInterval", omitempty)]
    pub lp_interval: u32,
    /// Packets per member.
    #[go(yaml = "packetsPerSlave", omitempty)]
    pub packets_per_slave: u32,
    /// Peer notifications count.
    #[go(yaml = "numPeerNotif", omitempty)]
    pub num_peer_notif: u8,
    /// TLB dynamic load balancing.
    #[go(yaml = "tlbDynamicLb", omitempty)]
    pub tlb_dynamic_lb: u8,
    /// Deliver frames on all members.
    #[go(yaml = "allSlavesActive", omitempty)]
    pub all_slaves_active: u8,
    /// Use carrier state.
    #[go(yaml = "useCarrier", omitempty)]
    pub use_carrier: Option<bool>,
    /// 802.3ad system priority.
    #[go(yaml = "adActorSysPrio", omitempty)]
    pub ad_actor_sys_prio: u16,
    /// 802.3ad user port key.
    #[go(yaml = "adUserPortKey", omitempty)]
    pub ad_user_port_key: u16,
    /// Peer notification delay.
    #[go(yaml = "peerNotifyDelay", omitempty)]
    pub peer_notify_delay: u32,
}

/// Bridge interface settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.Bridge")]
pub struct Bridge {
    /// Member interfaces (always printed).
    #[go(yaml = "interfaces")]
    pub interfaces: Vec<String>,
    /// STP settings.
    #[go(yaml = "stp", omitempty)]
    pub stp: Option<Stp>,
    /// VLAN settings.
    #[go(yaml = "vlan", omitempty)]
    pub vlan: Option<BridgeVlan>,
}

/// Spanning tree settings of a bridge.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.STP")]
pub struct Stp {
    /// Enable STP.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
}

/// VLAN settings of a bridge.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.BridgeVLAN")]
pub struct BridgeVlan {
    /// Enable VLAN filtering.
    #[go(yaml = "vlanFiltering", omitempty)]
    pub vlan_filtering: Option<bool>,
}

/// Bridge membership of an interface.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.BridgePort")]
pub struct BridgePort {
    /// Bridge this interface joins.
    #[go(yaml = "master", omitempty)]
    pub master: String,
}

/// A VLAN on top of an interface.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.Vlan")]
pub struct Vlan {
    /// Addresses (CIDR).
    #[go(yaml = "addresses", omitempty)]
    pub addresses: Vec<String>,
    /// Old single address.
    #[go(yaml = "cidr", omitempty)]
    pub cidr: String,
    /// Static routes (always printed).
    #[go(yaml = "routes")]
    pub routes: Vec<Option<Route>>,
    /// Use DHCP.
    #[go(yaml = "dhcp", omitempty)]
    pub dhcp: Option<bool>,
    /// VLAN ID (always printed).
    #[go(yaml = "vlanId")]
    pub vlan_id: u16,
    /// MTU.
    #[go(yaml = "mtu", omitempty)]
    pub mtu: u32,
    /// Shared virtual IP.
    #[go(yaml = "vip", omitempty)]
    pub vip: Option<DeviceVipConfig>,
    /// DHCP options.
    #[go(yaml = "dhcpOptions", omitempty)]
    pub dhcp_options: Option<DhcpOptions>,
}

/// DHCP client options.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.DHCPOptions")]
pub struct DhcpOptions {
    /// Metric of DHCP routes (always printed).
    #[go(yaml = "routeMetric")]
    pub route_metric: u32,
    /// Use DHCPv4.
    #[go(yaml = "ipv4", omitempty)]
    pub ipv4: Option<bool>,
    /// Use DHCPv6.
    #[go(yaml = "ipv6", omitempty)]
    pub ipv6: Option<bool>,
    /// DHCPv6 DUID.
    #[go(yaml = "duidv6", omitempty)]
    pub duidv6: String,
}

/// WireGuard settings of an interface.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.DeviceWireguardConfig")]
pub struct DeviceWireguardConfig {
    /// Private key.
    #[go(yaml = "privateKey", omitempty)]
    pub private_key: String,
    /// Listen port.
    #[go(yaml = "listenPort", omitempty)]
    pub listen_port: isize,
    /// Firewall mark.
    #[go(yaml = "firewallMark", omitempty)]
    pub firewall_mark: isize,
    /// Peers.
    #[go(yaml = "peers", omitempty)]
    pub peers: Vec<Option<DeviceWireguardPeer>>,
}

/// One WireGuard peer.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.DeviceWireguardPeer")]
pub struct DeviceWireguardPeer {
    /// Public key.
    #[go(yaml = "publicKey", omitempty)]
    pub public_key: String,
    /// Endpoint address.
    #[go(yaml = "endpoint", omitempty)]
    pub endpoint: String,
    /// Keepalive interval.
    #[go(yaml = "persistentKeepaliveInterval", omitempty)]
    pub persistent_keepalive_interval: Duration,
    /// Allowed IP prefixes.
    #[go(yaml = "allowedIPs", omitempty)]
    pub allowed_ips: Vec<String>,
}

/// A shared virtual IP on an interface.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.DeviceVIPConfig")]
pub struct DeviceVipConfig {
    /// Shared IP address.
    #[go(yaml = "ip", omitempty)]
    pub ip: String,
    /// Equinix Metal API access.
    #[go(yaml = "equinixMetal", omitempty)]
    pub equinix_metal: Option<VipEquinixMetalConfig>,
    /// Hetzner Cloud API access.
    #[go(yaml = "hcloud", omitempty)]
    pub hcloud: Option<VipHCloudConfig>,
}

/// Equinix Metal API access for a virtual IP.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.VIPEquinixMetalConfig")]
pub struct VipEquinixMetalConfig {
    /// API token.
    #[go(yaml = "apiToken")]
    pub api_token: String,
}

/// Hetzner Cloud API access for a virtual IP.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.VIPHCloudConfig")]
pub struct VipHCloudConfig {
    /// API token.
    #[go(yaml = "apiToken")]
    pub api_token: String,
}

/// An extra `/etc/hosts` entry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ExtraHost")]
pub struct ExtraHost {
    /// IP address.
    #[go(yaml = "ip")]
    pub ip: String,
    /// Host names.
    #[go(yaml = "aliases")]
    pub aliases: Vec<String>,
}

/// KubeSpan settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.NetworkKubeSpan")]
pub struct NetworkKubeSpan {
    /// Enable KubeSpan.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Advertise pod networks.
    #[go(yaml = "advertiseKubernetesNetworks", omitempty)]
    pub advertise_kubernetes_networks: Option<bool>,
    /// Bypass down peers.
    #[go(yaml = "allowDownPeerBypass", omitempty)]
    pub allow_down_peer_bypass: Option<bool>,
    /// Harvest endpoints of other peers.
    #[go(yaml = "harvestExtraEndpoints", omitempty)]
    pub harvest_extra_endpoints: Option<bool>,
    /// WireGuard MTU.
    #[go(yaml = "mtu", omitempty)]
    pub mtu: Option<u32>,
    /// Filters.
    #[go(yaml = "filters", omitempty)]
    pub filters: Option<KubeSpanFilters>,
}

/// Filters of what KubeSpan announces and uses.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KubeSpanFilters")]
pub struct KubeSpanFilters {
    /// Endpoint filters.
    #[go(yaml = "endpoints", omitempty)]
    pub endpoints: Vec<String>,
    /// Networks not to advertise.
    #[go(yaml = "excludeAdvertisedNetworks", omitempty)]
    pub exclude_advertised_networks: Vec<String>,
}
