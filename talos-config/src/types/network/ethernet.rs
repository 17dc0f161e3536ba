//! `EthernetConfig`: ethtool-style settings of an Ethernet link.

use std::collections::BTreeMap;

use crate::GoYaml;
use crate::types::nethelpers::WOLMode;

/// `EthernetConfig`: features, rings, channels and Wake-on-LAN of a link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.EthernetConfigV1Alpha1",
    kind = "EthernetConfig",
    since = "1.10"
)]
pub struct EthernetConfig {
    /// Link name.
    #[go(yaml = "name")]
    pub name: String,
    /// Driver features to switch on or off, by ethtool feature name.
    #[go(yaml = "features", omitempty)]
    pub features: BTreeMap<String, bool>,
    /// Ring sizes (`ethtool -G`).
    #[go(yaml = "rings", omitempty)]
    pub rings: Option<EthernetRingsConfig>,
    /// Channel counts (`ethtool -L`).
    #[go(yaml = "channels", omitempty)]
    pub channels: Option<EthernetChannelsConfig>,
    /// Wake-on-LAN modes to enable (unset: unchanged, empty: disabled).
    #[go(yaml = "wakeOnLan", omitempty)]
    pub wake_on_lan: Vec<WOLMode>,
}

/// Ring sizes of an Ethernet link (Go `network.EthernetRingsConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.EthernetRingsConfig")]
pub struct EthernetRingsConfig {
    /// RX ring entries.
    #[go(yaml = "rx", omitempty)]
    pub rx: Option<u32>,
    /// TX ring entries.
    #[go(yaml = "tx", omitempty)]
    pub tx: Option<u32>,
    /// RX mini ring entries.
    #[go(yaml = "rx-mini", omitempty)]
    pub rx_mini: Option<u32>,
    /// RX jumbo ring entries.
    #[go(yaml = "rx-jumbo", omitempty)]
    pub rx_jumbo: Option<u32>,
    /// RX buffer length.
    #[go(yaml = "rx-buf-len", omitempty)]
    pub rx_buf_len: Option<u32>,
    /// Completion queue entry size.
    #[go(yaml = "cqe-size", omitempty)]
    pub cqe_size: Option<u32>,
    /// TX push.
    #[go(yaml = "tx-push", omitempty)]
    pub tx_push: Option<bool>,
    /// RX push.
    #[go(yaml = "rx-push", omitempty)]
    pub rx_push: Option<bool>,
    /// TX push buffer length.
    #[go(yaml = "tx-push-buf-len", omitempty)]
    pub tx_push_buf_len: Option<u32>,
    /// TCP data split.
    #[go(yaml = "tcp-data-split", omitempty)]
    pub tcp_data_split: Option<bool>,
}

/// Channel counts of an Ethernet link (Go `network.EthernetChannelsConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.EthernetChannelsConfig")]
pub struct EthernetChannelsConfig {
    /// RX channels.
    #[go(yaml = "rx", omitempty)]
    pub rx: Option<u32>,
    /// TX channels.
    #[go(yaml = "tx", omitempty)]
    pub tx: Option<u32>,
    /// Other channels.
    #[go(yaml = "other", omitempty)]
    pub other: Option<u32>,
    /// Combined channels.
    #[go(yaml = "combined", omitempty)]
    pub combined: Option<u32>,
}
