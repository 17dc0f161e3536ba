//! Routing documents: `BlackholeRouteConfig` and `RoutingRuleConfig`.

use crate::GoYaml;
use crate::types::meta::Prefix;
use crate::types::nethelpers::{RoutingRuleAction, RoutingTable};

/// `BlackholeRouteConfig`: a route that drops traffic to a destination.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.BlackholeRouteConfigV1Alpha1",
    kind = "BlackholeRouteConfig",
    since = "1.13"
)]
pub struct BlackholeRouteConfig {
    /// Destination prefix of the route.
    #[go(yaml = "name")]
    pub name: String,
    /// Route metric.
    #[go(yaml = "metric", omitempty)]
    pub metric: u32,
}

/// `RoutingRuleConfig`: a policy routing rule (`ip rule`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.RoutingRuleConfigV1Alpha1",
    kind = "RoutingRuleConfig",
    since = "1.13"
)]
pub struct RoutingRuleConfig {
    /// Rule priority, as decimal text.
    #[go(yaml = "name")]
    pub name: String,
    /// Source prefix to match.
    #[go(yaml = "src", omitempty)]
    pub src: Prefix,
    /// Destination prefix to match.
    #[go(yaml = "dst", omitempty)]
    pub dst: Prefix,
    /// Routing table to look up.
    #[go(yaml = "table")]
    pub table: RoutingTable,
    /// Rule action.
    #[go(yaml = "action", omitempty)]
    pub action: RoutingRuleAction,
    /// Incoming interface to match.
    #[go(yaml = "iifName", omitempty)]
    pub iif_name: String,
    /// Outgoing interface to match.
    #[go(yaml = "oifName", omitempty)]
    pub oif_name: String,
    /// Firewall mark to match.
    #[go(yaml = "fwMark", omitempty)]
    pub fw_mark: u32,
    /// Mask applied to the firewall mark.
    #[go(yaml = "fwMask", omitempty)]
    pub fw_mask: u32,
}
