//! `BondConfig`: bonded (aggregated) links.

use super::CommonLinkConfig;
use crate::GoYaml;
use crate::types::nethelpers::{
    ADLACPActive, ADSelect, ARPAllTargets, ARPValidate, BondMode, BondXmitHashPolicy, FailOverMAC,
    HardwareAddr, LACPRate, PrimaryReselect,
};
use crate::types::netip::IpAddr;

/// `BondConfig`: creates a bond over member links (the Linux bonding driver options).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.BondConfigV1Alpha1",
    kind = "BondConfig",
    since = "1.12"
)]
pub struct BondConfig {
    /// Name of the bond link.
    #[go(yaml = "name")]
    pub name: String,
    /// Hardware (MAC) address of the bond.
    #[go(yaml = "hardwareAddr", omitempty)]
    pub hardware_addr: HardwareAddr,
    /// Names or aliases of the member links.
    #[go(yaml = "links", omitempty)]
    pub links: Vec<String>,
    /// Bonding mode.
    #[go(yaml = "bondMode", omitempty)]
    pub bond_mode: Option<BondMode>,
    /// MII link monitoring interval, in milliseconds.
    #[go(yaml = "miimon", omitempty)]
    pub miimon: Option<u32>,
    /// Delay before enabling a recovered link, in milliseconds.
    #[go(yaml = "updelay", omitempty)]
    pub updelay: Option<u32>,
    /// Delay before disabling a failed link, in milliseconds.
    #[go(yaml = "downdelay", omitempty)]
    pub downdelay: Option<u32>,
    /// Use the carrier state for link monitoring.
    #[go(yaml = "useCarrier", omitempty)]
    pub use_carrier: Option<bool>,
    /// Transmit hash policy.
    #[go(yaml = "xmitHashPolicy", omitempty)]
    pub xmit_hash_policy: Option<BondXmitHashPolicy>,
    /// ARP monitoring interval, in milliseconds.
    #[go(yaml = "arpInterval", omitempty)]
    pub arp_interval: Option<u32>,
    /// IPv4 targets for ARP monitoring.
    #[go(yaml = "arpIpTargets", omitempty)]
    pub arp_ip_targets: Vec<IpAddr>,
    /// IPv6 targets for neighbour-solicitation monitoring.
    #[go(yaml = "nsIp6Targets", omitempty)]
    pub ns_ip6_targets: Vec<IpAddr>,
    /// ARP probe validation mode.
    #[go(yaml = "arpValidate", omitempty)]
    pub arp_validate: Option<ARPValidate>,
    /// Which ARP targets must answer.
    #[go(yaml = "arpAllTargets", omitempty)]
    pub arp_all_targets: Option<ARPAllTargets>,
    /// LACPDU rate in 802.3ad mode.
    #[go(yaml = "lacpRate", omitempty)]
    pub lacp_rate: Option<LACPRate>,
    /// MAC address policy on failover.
    #[go(yaml = "failOverMac", omitempty)]
    pub fail_over_mac: Option<FailOverMAC>,
    /// 802.3ad aggregation selection logic.
    #[go(yaml = "adSelect", omitempty)]
    pub ad_select: Option<ADSelect>,
    /// 802.3ad actor system priority.
    #[go(yaml = "adActorSysPrio", omitempty)]
    pub ad_actor_sys_prio: Option<u16>,
    /// 802.3ad user port key.
    #[go(yaml = "adUserPortKey", omitempty)]
    pub ad_user_port_key: Option<u16>,
    /// Whether 802.3ad LACP is active.
    #[go(yaml = "adLACPActive", omitempty)]
    pub ad_lacp_active: Option<ADLACPActive>,
    /// Primary slave reselection policy.
    #[go(yaml = "primaryReselect", omitempty)]
    pub primary_reselect: Option<PrimaryReselect>,
    /// IGMP reports to send after a failover.
    #[go(yaml = "resendIGMP", omitempty)]
    pub resend_igmp: Option<u32>,
    /// Minimum number of active links.
    #[go(yaml = "minLinks", omitempty)]
    pub min_links: Option<u32>,
    /// Learning packet interval, in seconds.
    #[go(yaml = "lpInterval", omitempty)]
    pub lp_interval: Option<u32>,
    /// Packets per slave in balance-rr mode.
    #[go(yaml = "packetsPerSlave", omitempty)]
    pub packets_per_slave: Option<u32>,
    /// Peer notifications after a failover.
    #[go(yaml = "numPeerNotif", omitempty)]
    pub num_peer_notif: Option<u8>,
    /// Dynamic shuffling of flows in balance-tlb mode.
    #[go(yaml = "tlbLogicalLb", omitempty)]
    pub tlb_logical_lb: Option<u8>,
    /// Deliver duplicate frames on inactive slaves.
    #[go(yaml = "allSlavesActive", omitempty)]
    pub all_slaves_active: Option<u8>,
    /// Delay between peer notifications, in milliseconds.
    #[go(yaml = "peerNotifDelay", omitempty)]
    pub peer_notif_delay: Option<u32>,
    /// Missed ARP/NS probes before a slave is considered down.
    #[go(yaml = "missedMax", omitempty)]
    pub missed_max: Option<u8>,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}
