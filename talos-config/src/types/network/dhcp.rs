//! `DHCPv4Config` and `DHCPv6Config`: DHCP clients on a link.

use crate::GoYaml;
use crate::types::nethelpers::{ClientIdentifier, HardwareAddr};

/// `DHCPv4Config`: runs a DHCPv4 client on a link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.DHCPv4ConfigV1Alpha1",
    kind = "DHCPv4Config",
    since = "1.12"
)]
pub struct DHCPv4Config {
    /// Link name or alias.
    #[go(yaml = "name")]
    pub name: String,
    /// Metric of the routes received from the server (0: the default, 1024).
    #[go(yaml = "routeMetric", omitempty)]
    pub route_metric: u32,
    /// Ignore the hostname offered by the server.
    #[go(yaml = "ignoreHostname", omitempty)]
    pub ignore_hostname: Option<bool>,
    /// Ignore the routes offered by the server (the connected route stays).
    #[go(yaml = "ignoreRoutes", omitempty)]
    pub ignore_routes: Option<bool>,
    /// Client identifier kind (unset: `mac`).
    #[go(yaml = "clientIdentifier", omitempty)]
    pub client_identifier: Option<ClientIdentifier>,
    /// Raw DUID, used when the client identifier is `duid`.
    #[go(yaml = "duidRaw", omitempty)]
    pub duid_raw: HardwareAddr,
}

/// `DHCPv6Config`: runs a DHCPv6 client on a link.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.DHCPv6ConfigV1Alpha1",
    kind = "DHCPv6Config",
    since = "1.12"
)]
pub struct DHCPv6Config {
    /// Link name or alias.
    #[go(yaml = "name")]
    pub name: String,
    /// Metric of the routes received from the server (0: the default, 1024).
    #[go(yaml = "routeMetric", omitempty)]
    pub route_metric: u32,
    /// Ignore the hostname offered by the server.
    #[go(yaml = "ignoreHostname", omitempty)]
    pub ignore_hostname: Option<bool>,
    /// Client identifier kind (unset: `mac`).
    #[go(yaml = "clientIdentifier", omitempty)]
    pub client_identifier: Option<ClientIdentifier>,
    /// Raw DUID, used when the client identifier is `duid`.
    #[go(yaml = "duidRaw", omitempty)]
    pub duid_raw: HardwareAddr,
}
