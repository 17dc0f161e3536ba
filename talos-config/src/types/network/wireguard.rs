//! `WireguardConfig`: WireGuard links.

use super::CommonLinkConfig;
use crate::GoYaml;
use crate::types::duration::Duration;
use crate::types::meta::{AddrPort, Prefix};

/// `WireguardConfig`: creates a WireGuard link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.WireguardConfigV1Alpha1",
    kind = "WireguardConfig",
    since = "1.12"
)]
pub struct WireguardConfig {
    /// Name of the link.
    #[go(yaml = "name")]
    pub name: String,
    /// Private key (base64).
    #[go(yaml = "privateKey", omitempty)]
    pub private_key: String,
    /// UDP port to listen on.
    #[go(yaml = "listenPort", omitempty)]
    pub listen_port: isize,
    /// Firewall mark of outgoing packets.
    #[go(yaml = "firewallMark", omitempty)]
    pub firewall_mark: isize,
    /// The peers.
    #[go(yaml = "peers", omitempty)]
    pub peers: Vec<WireguardPeer>,
    /// The shared link settings.
    #[go(inline)]
    pub common: CommonLinkConfig,
}

/// One WireGuard peer (Go `network.WireguardPeer`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.WireguardPeer")]
pub struct WireguardPeer {
    /// Public key of the peer (base64).
    #[go(yaml = "publicKey", omitempty)]
    pub public_key: String,
    /// Preshared key (base64).
    #[go(yaml = "presharedKey", omitempty)]
    pub preshared_key: String,
    /// Endpoint of the peer (`addr:port`).
    #[go(yaml = "endpoint", omitempty)]
    pub endpoint: AddrPort,
    /// Keepalive interval.
    #[go(yaml = "persistentKeepaliveInterval", omitempty)]
    pub persistent_keepalive_interval: Duration,
    /// Networks routed to the peer.
    #[go(yaml = "allowedIPs", omitempty)]
    pub allowed_ips: Vec<Prefix>,
}
