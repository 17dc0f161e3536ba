//! The network kinds' own rules and their conflicts with the legacy document.
//!
//! Go joins each kind's errors with `errors.Join` (one message per line); the few kinds that
//! stop at the first problem (`EthernetConfig`, `NetworkRuleConfig`) return a single error.

mod go_sort;

use super::{Checked, Context, GoError, JoinedErrors, conflict_validators, doc_validators};
use crate::goyaml::go_quote;
use crate::types::duration::Duration;
use crate::types::nethelpers::{
    AutoHostnameKind, BondMode, ClientIdentifier, DNSProtocol, HardwareAddr, RoutingRuleAction,
    RoutingTable, VLANProtocol,
};
use crate::types::netip::{IpAddr, IpPrefix};
use crate::types::network::{
    BlackholeRouteConfig, BondConfig, BridgeConfig, CommonLinkConfig, CommonProbeConfig,
    DHCPv4Config, DHCPv6Config, DummyLinkConfig, EthernetConfig, HCloudVIPConfig, HTTPProbeConfig,
    HostnameConfig, KubeSpanConfig, Layer2VIPConfig, LinkAliasConfig, LinkConfig,
    NetworkRuleConfig, PortRange, ResolverConfig, RoutingRuleConfig, StaticHostConfig,
    TCPProbeConfig, TimeSyncConfig, VLANConfig, VRFConfig, WireguardConfig,
};
use crate::types::v1alpha1::Config as LegacyConfig;
use crate::types::v1alpha1::scalars::base64_decode;

doc_validators![
    BlackholeRouteConfig => blackhole_route,
    BondConfig => bond,
    BridgeConfig => bridge,
    DHCPv4Config => dhcp4,
    DHCPv6Config => dhcp6,
    DummyLinkConfig => dummy_link,
    EthernetConfig => ethernet,
    HCloudVIPConfig => hcloud_vip,
    HostnameConfig => hostname,
    HTTPProbeConfig => http_probe,
    KubeSpanConfig => kubespan,
    Layer2VIPConfig => layer2_vip,
    LinkAliasConfig => link_alias,
    LinkConfig => link,
    NetworkRuleConfig => rule_config,
    ResolverConfig => resolver,
    RoutingRuleConfig => routing_rule,
    StaticHostConfig => static_host,
    TCPProbeConfig => tcp_probe,
    TimeSyncConfig => time_sync,
    VLANConfig => vlan,
    VRFConfig => vrf,
    WireguardConfig => wireguard,
];

conflict_validators![
    HostnameConfig => hostname_conflicts,
    KubeSpanConfig => kubespan_conflicts,
    ResolverConfig => resolver_conflicts,
    TimeSyncConfig => time_sync_conflicts,
];

/// The verdict of a kind that only reports errors, joined.
fn joined(errs: JoinedErrors) -> Checked {
    Checked::error(errs.into_error())
}

/// Go's `netip.Addr.IsUnspecified`: `0.0.0.0` or a zone-less `::`.
fn is_unspecified(addr: &IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => a.is_unspecified(),
        IpAddr::V6(a, zone) => a.is_unspecified() && zone.is_empty(),
        IpAddr::Invalid => false,
    }
}

/// Go's `net.ParseIP(text) != nil`: a valid address without a zone.
fn is_net_ip(text: &str) -> bool {
    IpAddr::parse_addr(text).is_ok_and(|addr| addr.zone().is_empty())
}

/// Go's `strconv.ParseUint(text, 10, bits)` with its error text.
fn go_parse_uint(text: &str, bits: u32) -> Result<u64, String> {
    let max = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let error = |reason: &str| format!("strconv.ParseUint: parsing {}: {reason}", go_quote(text));
    if text.is_empty() {
        return Err(error("invalid syntax"));
    }
    let mut n: u64 = 0;
    for c in text.bytes() {
        if !c.is_ascii_digit() {
            return Err(error("invalid syntax"));
        }
        // Go stops at the first overflow, before looking at later characters.
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
        {
            Some(next) if next <= max => n = next,
            _ => return Err(error("value out of range")),
        }
    }
    Ok(n)
}

/// Go's `CommonLinkConfig.Validate`: address and route sanity (errors only).
fn common_link(link: &CommonLinkConfig, errs: &mut JoinedErrors) {
    for (i, address) in link.addresses.iter().enumerate() {
        let prefix = &address.address;
        if *prefix == IpPrefix::default() {
            errs.push(format!("address {i} must be specified"));
        } else if !prefix.is_valid() {
            errs.push(format!("address {i} must be a valid IP prefix"));
        } else if !prefix.addr().is_valid() || is_unspecified(prefix.addr()) {
            errs.push(format!("address {i} must be a valid IP address"));
        }
    }
    for (i, route) in link.routes.iter().enumerate() {
        let destination = &route.destination;
        if !destination.is_zero() && (!destination.is_valid() || is_unspecified(destination.addr()))
        {
            errs.push(format!("route {i} destination must be a valid IP prefix"));
        }
        for (field, addr) in [("gateway", &route.gateway), ("source", &route.source)] {
            if !addr.is_zero() && (!addr.is_valid() || is_unspecified(addr)) {
                errs.push(format!("route {i} {field} must be a valid IP address"));
            }
        }
    }
}

/// The `name must be specified` rule most link kinds start with.
fn require_name(name: &str, errs: &mut JoinedErrors) {
    if name.is_empty() {
        errs.push("name must be specified");
    }
}

fn link(doc: &LinkConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    common_link(&doc.common, &mut errs);
    joined(errs)
}

fn dummy_link(doc: &DummyLinkConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    common_link(&doc.common, &mut errs);
    joined(errs)
}

fn bridge(doc: &BridgeConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    common_link(&doc.common, &mut errs);
    joined(errs)
}

fn bond(doc: &BondConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    let mut warnings = Vec::new();
    require_name(&doc.name, &mut errs);
    if doc.links.is_empty() {
        errs.push("at least one link must be specified");
    }
    match doc.bond_mode {
        None => errs.push("bond mode must be specified"),
        Some(BondMode::Ieee8023Ad) => {
            // LACP bonds without link monitoring settings rarely work as intended.
            for (setting, value) in [
                ("miimon", doc.miimon),
                ("updelay", doc.updelay),
                ("downdelay", doc.downdelay),
            ] {
                if value.is_none() {
                    warnings.push(format!("{setting} was not specified for 802.3ad bond"));
                }
            }
        }
        Some(_) => {}
    }
    common_link(&doc.common, &mut errs);
    Checked {
        warnings,
        error: errs.into_error(),
    }
}

fn vlan(doc: &VLANConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    if doc.vlan_id == 0 || doc.vlan_id > 4094 {
        errs.push("vlanID must be specified and between 1 and 4094");
    }
    if doc.parent.is_empty() {
        errs.push("parent must be specified");
    }
    if let Some(mode) = doc.vlan_mode
        && mode != VLANProtocol::Ieee8021Q
        && mode != VLANProtocol::Ieee8021Ad
    {
        errs.push("vlanMode must be either '802.1q' or '802.1ad'");
    }
    common_link(&doc.common, &mut errs);
    joined(errs)
}

fn vrf(doc: &VRFConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    if [
        RoutingTable::UNSPEC,
        RoutingTable::LOCAL,
        RoutingTable::MAIN,
        RoutingTable::DEFAULT,
    ]
    .contains(&doc.table)
    {
        errs.push(format!(
            "cannot create vrf with reserved table {}",
            doc.table
        ));
    }
    common_link(&doc.common, &mut errs);
    joined(errs)
}

/// Go's `validateWireguardKey`: standard base64 of exactly 32 bytes.
fn wireguard_key(key: &str) -> Result<(), GoError> {
    match base64_decode(key) {
        Err(message) => Err(GoError::msg(message)),
        Ok(raw) if raw.len() != 32 => Err(GoError::msg("invalid wireguard key length")),
        Ok(_) => Ok(()),
    }
}

fn wireguard(doc: &WireguardConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    if doc.private_key.is_empty() {
        errs.push("wireguard private key must be specified");
    } else if let Err(err) = wireguard_key(&doc.private_key) {
        // Go concatenates the text here rather than wrapping.
        errs.push(format!("wireguard private key is invalid: {err}"));
    }
    if doc.listen_port < 0 || doc.listen_port > 65535 {
        errs.push("wireguard listen port must be between 0 and 65535");
    }
    for (i, peer) in doc.peers.iter().enumerate() {
        if peer.public_key.is_empty() {
            errs.push(format!(
                "wireguard peer public key must be specified (peer index {i})"
            ));
        } else if let Err(err) = wireguard_key(&peer.public_key) {
            errs.push(GoError::wrap_raw(
                format!("wireguard peer public key is invalid (peer index {i}): "),
                err,
            ));
        }
        if !peer.preshared_key.is_empty()
            && let Err(err) = wireguard_key(&peer.preshared_key)
        {
            errs.push(GoError::wrap_raw(
                format!("wireguard peer preshared key is invalid (peer index {i}): "),
                err,
            ));
        }
        if peer.persistent_keepalive_interval.as_nanos() < 0 {
            errs.push(format!(
                "wireguard peer persistent keepalive interval cannot be negative (peer index {i})"
            ));
        }
    }
    common_link(&doc.common, &mut errs);
    joined(errs)
}

/// The DUID rules `DHCPv4Config` and `DHCPv6Config` share.
fn dhcp_common(
    name: &str,
    client_identifier: Option<ClientIdentifier>,
    duid_raw: &HardwareAddr,
) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(name, &mut errs);
    let duid = client_identifier.unwrap_or_default() == ClientIdentifier::Duid;
    if !duid_raw.0.is_empty() && !duid {
        errs.push("duidRaw can only be set if clientIdentifier is 'duid'");
    }
    if duid && duid_raw.0.is_empty() {
        errs.push("duidRaw must be set if clientIdentifier is 'duid'");
    }
    joined(errs)
}

fn dhcp4(doc: &DHCPv4Config, _: &Context) -> Checked {
    dhcp_common(&doc.name, doc.client_identifier, &doc.duid_raw)
}

fn dhcp6(doc: &DHCPv6Config, _: &Context) -> Checked {
    dhcp_common(&doc.name, doc.client_identifier, &doc.duid_raw)
}

fn ethernet(doc: &EthernetConfig, _: &Context) -> Checked {
    Checked::error(
        doc.name
            .is_empty()
            .then(|| GoError::msg("name is required")),
    )
}

/// The name and link rules both virtual IP kinds share.
fn vip_common(name: &str, link: &str, errs: &mut JoinedErrors) {
    if name.is_empty() {
        errs.push("name must be specified");
    } else if let Err(err) = IpAddr::parse_addr(name) {
        errs.push(GoError::wrap(
            "name must be a valid IP address",
            GoError::msg(err),
        ));
    }
    if link.is_empty() {
        errs.push("link must be specified");
    }
}

fn layer2_vip(doc: &Layer2VIPConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    vip_common(&doc.name, &doc.link, &mut errs);
    joined(errs)
}

fn hcloud_vip(doc: &HCloudVIPConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    vip_common(&doc.name, &doc.link, &mut errs);
    if doc.api_token.is_empty() {
        errs.push("apiToken must be specified");
    }
    joined(errs)
}

fn hostname(doc: &HostnameConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.auto.is_none() && doc.hostname.is_empty() {
        errs.push("either 'auto' or 'hostname' must be set");
    }
    // An unset `auto` reads as Go's zero value, `off`.
    let auto = doc.auto.unwrap_or(AutoHostnameKind::Off);
    if auto != AutoHostnameKind::Off && !doc.hostname.is_empty() {
        errs.push("'auto' and 'hostname' cannot be set at the same time");
    }
    if !matches!(auto, AutoHostnameKind::Off | AutoHostnameKind::Stable) {
        errs.push(format!("invalid value for 'auto': {auto}"));
    }
    if !doc.hostname.is_empty() {
        if doc.hostname.len() > 253 {
            errs.push(format!("fqdn is too long: {}", doc.hostname.len()));
        }
        let label = doc.hostname.split('.').next().unwrap_or_default();
        if label.is_empty() || label.len() > 63 {
            errs.push(format!("invalid hostname {}", go_quote(label)));
        }
    }
    joined(errs)
}

fn hostname_conflicts(_: &HostnameConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let machine = legacy.machine.as_ref()?;
    if machine
        .network
        .as_ref()
        .is_some_and(|network| !network.hostname.is_empty())
    {
        return Some(GoError::msg(
            "static hostname is already set in v1alpha1 config",
        ));
    }
    if machine
        .features
        .as_ref()
        .is_some_and(|features| features.stable_hostname == Some(true))
    {
        return Some(GoError::msg(
            "stable hostname is already set in v1alpha1 config",
        ));
    }
    None
}

/// Go's `CommonProbeConfig.Validate`.
fn common_probe(probe: &CommonProbeConfig, errs: &mut JoinedErrors) {
    if probe.interval.as_nanos() < 0 {
        errs.push(format!(
            "probe interval cannot be negative: {}",
            probe.interval
        ));
    }
    if probe.failure_threshold < 0 {
        errs.push(format!(
            "probe failure threshold cannot be negative: {}",
            probe.failure_threshold
        ));
    }
}

fn negative(duration: &Duration) -> bool {
    duration.as_nanos() < 0
}

fn http_probe(doc: &HTTPProbeConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("probe name is required");
    }
    match &doc.url.0 {
        None => errs.push("HTTP probe URL is required"),
        Some(url) if url.scheme() != "http" && url.scheme() != "https" => errs.push(format!(
            "HTTP probe URL scheme must be http or https, got {}",
            go_quote(url.scheme())
        )),
        Some(url) if !url.opaque().is_empty() || url.hostname().is_empty() => {
            errs.push("HTTP probe URL must be an absolute http or https URL with a non-empty host")
        }
        Some(_) => {}
    }
    if negative(&doc.timeout) {
        errs.push(format!(
            "HTTP probe timeout cannot be negative: {}",
            doc.timeout
        ));
    }
    common_probe(&doc.common, &mut errs);
    joined(errs)
}

fn tcp_probe(doc: &TCPProbeConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("probe name is required");
    }
    if doc.endpoint.is_empty() {
        errs.push("TCP probe endpoint is required");
    }
    if negative(&doc.timeout) {
        errs.push(format!(
            "TCP probe timeout cannot be negative: {}",
            doc.timeout
        ));
    }
    common_probe(&doc.common, &mut errs);
    joined(errs)
}

/// `constants.KubeSpanLinkMinimumMTU`.
const KUBESPAN_MINIMUM_MTU: u32 = 1280;

/// `sideronet.ParseSubnetOrAddress` succeeds: a CIDR prefix or a bare address.
fn is_subnet_or_address(text: &str) -> bool {
    IpPrefix::parse_prefix(text).is_ok() || IpAddr::parse_addr(text).is_ok()
}

fn kubespan(doc: &KubeSpanConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.mtu.is_some_and(|mtu| mtu < KUBESPAN_MINIMUM_MTU) {
        errs.push(format!(
            "kubespan link MTU must be at least {KUBESPAN_MINIMUM_MTU}"
        ));
    }
    if let Some(filters) = &doc.filters {
        for endpoint in &filters.endpoints {
            let cidr = endpoint.strip_prefix('!').unwrap_or(endpoint);
            if !is_subnet_or_address(cidr) {
                errs.push(format!(
                    "KubeSpan endpoint filter is not valid: {}",
                    go_quote(cidr)
                ));
            }
        }
    }
    joined(errs)
}

fn kubespan_conflicts(_: &KubeSpanConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let configured = legacy
        .machine
        .as_ref()
        .and_then(|machine| machine.network.as_ref())
        .is_some_and(|network| network.kubespan.is_some());
    configured.then(|| {
        GoError::msg("kubespan is already configured in v1alpha1 machine.network.kubespan")
    })
}

fn link_alias(doc: &LinkAliasConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("name must be specified");
    } else if let Some((prefix, suffix)) = doc.name.split_once('%')
        && (suffix != "d" || prefix.is_empty())
    {
        errs.push(format!(
            "name {} contains an invalid format verb, use %d suffix",
            go_quote(&doc.name)
        ));
    }
    let selector = doc.selector.r#match.as_str();
    if selector.is_empty() {
        errs.push("link selector is required");
    } else if let Err(err) =
        crate::cel::check_boolean(selector, crate::cel::Environment::LinkLocator)
    {
        errs.push(GoError::wrap(
            "link selector is invalid",
            GoError::msg(err.to_string()),
        ));
    }
    joined(errs)
}

/// Go's `PortRanges.Validate`: ranges sorted by their start must be well-formed and
/// disjoint; the first problem is reported.
fn port_ranges(ranges: &[PortRange]) -> Option<GoError> {
    let mut sorted = ranges.to_vec();
    // Go's unstable sort decides which of two ranges with the same start is reported first.
    go_sort::sort_func(&mut sorted, |a, b| a.lo < b.lo);
    for (i, range) in sorted.iter().enumerate() {
        if range.lo > range.hi {
            return Some(GoError::msg(format!("invalid port range: {range}")));
        }
        if i > 0 {
            let prev = &sorted[i - 1];
            if range.lo == prev.lo || range.lo <= prev.hi {
                return Some(GoError::msg(format!(
                    "invalid port range: {range}, overlaps with {prev}"
                )));
            }
        }
    }
    None
}

fn rule_config(doc: &NetworkRuleConfig, _: &Context) -> Checked {
    Checked::error(rule_config_error(doc))
}

fn rule_config_error(doc: &NetworkRuleConfig) -> Option<GoError> {
    if doc.name.is_empty() {
        return Some(GoError::msg("name is required"));
    }
    if doc.port_selector.ports.is_empty() {
        return Some(GoError::msg("portSelector.ports is required"));
    }
    if let Some(err) = port_ranges(&doc.port_selector.ports) {
        return Some(err);
    }
    for rule in doc.ingress.iter() {
        if !rule.subnet.is_valid() {
            return Some(GoError::msg(format!("invalid subnet: {}", rule.subnet)));
        }
        if !rule.except.is_zero() && !rule.except.is_valid() {
            return Some(GoError::msg(format!("invalid except: {}", rule.except)));
        }
    }
    None
}

/// The warning Go gives when every nameserver needs TLS (certificate checks need a clock).
const ENCRYPTED_DNS_ONLY: &str = "all configured nameservers use encrypted DNS (DoT or DoH): \
validating certificates requires a correct system clock, so boot may stall when NTP servers \
are configured by hostname; consider keeping at least one plain-DNS fallback or configuring \
NTP servers by IP address";

fn resolver(doc: &ResolverConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    let mut warnings = Vec::new();
    let host_dns = &doc.host_dns;
    if host_dns.enabled != Some(true) {
        if host_dns.forward_kube_dns_to_host == Some(true) {
            errs.push(
                "hostDNS.forwardKubeDNSToHost cannot be enabled when hostDNS.enabled is false",
            );
        }
        if host_dns.resolve_member_names == Some(true) {
            errs.push("hostDNS.resolveMemberNames cannot be enabled when hostDNS.enabled is false");
        }
    }
    let mut encrypted = 0;
    for (idx, ns) in doc.nameservers.iter().enumerate() {
        match ns.protocol {
            DNSProtocol::DoT | DNSProtocol::DoH => {
                encrypted += 1;
                if ns.tls_server_name.is_empty() {
                    let name = if ns.protocol == DNSProtocol::DoT {
                        "DoT"
                    } else {
                        "DoH"
                    };
                    errs.push(format!(
                        "tlsServerName must be set when protocol is {name}: entry {idx}"
                    ));
                }
            }
            DNSProtocol::Do53 => {
                if !ns.tls_server_name.is_empty() {
                    errs.push(format!(
                        "tlsServerName must be empty when protocol is Do53: entry {idx}"
                    ));
                }
            }
        }
        if !ns.address.is_valid() {
            errs.push(format!(
                "nameserver address must be a valid IP: entry {idx}"
            ));
        }
    }
    if encrypted > 0 && encrypted == doc.nameservers.len() {
        warnings.push(ENCRYPTED_DNS_ONLY.to_owned());
    }
    Checked {
        warnings,
        error: errs.into_error(),
    }
}

fn resolver_conflicts(doc: &ResolverConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let machine = legacy.machine.as_ref()?;
    if let Some(network) = &machine.network {
        // Go tells a nil list from an empty one here; the decoded document cannot, so an
        // explicitly empty `searchDomains: []` reads as unset.
        if !network.search_domains.is_empty() {
            return Some(GoError::msg(
                ".machine.network.searchDomains is already set in v1alpha1 config",
            ));
        }
        // Only nameservers that parse as addresses count.
        if network
            .nameservers
            .iter()
            .any(|ns| IpAddr::parse_addr(ns).is_ok())
        {
            return Some(GoError::msg(
                ".machine.network.nameservers is already set in v1alpha1 config",
            ));
        }
        if network.disable_search_domain == Some(true) {
            return Some(GoError::msg(
                ".machine.network.disableSearchDomain is already set in v1alpha1 config",
            ));
        }
    }
    let host_dns = &doc.host_dns;
    let host_dns_set = host_dns.enabled.is_some()
        || host_dns.forward_kube_dns_to_host.is_some()
        || host_dns.resolve_member_names.is_some();
    if host_dns_set
        && machine
            .features
            .as_ref()
            .is_some_and(|features| features.host_dns.is_some())
    {
        return Some(GoError::msg(
            ".machine.features.hostDNS is already set in v1alpha1 config",
        ));
    }
    None
}

/// `LinuxReservedRulePriorityLocal`, `KubeSpanDefaultRulePriority`,
/// `LinuxReservedRulePriorityMain` and `LinuxReservedRulePriorityDefault`.
const RESERVED_RULE_PRIORITIES: [u32; 4] = [0, 32500, 32766, 32767];

fn routing_rule(doc: &RoutingRuleConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    // On failure Go's ParseUint yields 0 (syntax) or the maximum (range).
    let priority = match go_parse_uint(&doc.name, 32) {
        Ok(priority) => priority as u32,
        Err(err) => {
            errs.push(GoError::wrap(
                "invalid name: must be priority parsable unsigned integer",
                GoError::msg(err.clone()),
            ));
            if err.ends_with("value out of range") {
                u32::MAX
            } else {
                0
            }
        }
    };
    if RESERVED_RULE_PRIORITIES.contains(&priority) {
        let list: Vec<String> = RESERVED_RULE_PRIORITIES
            .iter()
            .map(u32::to_string)
            .collect();
        errs.push(format!(
            "priority must be between 1 and 32765 (excluding reserved priorities [{}])",
            list.join(" ")
        ));
    }
    if doc.table == RoutingTable::UNSPEC
        && matches!(
            doc.action,
            RoutingRuleAction::Unspec | RoutingRuleAction::Unicast
        )
    {
        errs.push("either table or a non-unicast action must be specified");
    }
    if doc.fw_mask != 0 && doc.fw_mark == 0 {
        errs.push("fwMask requires fwMark to be set");
    }
    joined(errs)
}

fn blackhole_route(doc: &BlackholeRouteConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    require_name(&doc.name, &mut errs);
    if let Err(err) = IpPrefix::parse_prefix(&doc.name) {
        errs.push(GoError::wrap(
            "name must be a valid address prefix",
            GoError::msg(err),
        ));
    }
    joined(errs)
}

fn static_host(doc: &StaticHostConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("name is required");
    }
    if IpAddr::parse_addr(&doc.name).is_err() {
        errs.push("name must be a valid IP address");
    }
    if doc.hostnames.is_empty() {
        errs.push("at least one hostname is required");
    }
    joined(errs)
}

fn time_sync(doc: &TimeSyncConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if negative(&doc.boot_timeout) {
        errs.push("bootTimeout cannot be negative");
    }
    if doc.ntp.is_some() && doc.ptp.is_some() {
        errs.push("only one of ntp or ptp configuration can be specified");
    }
    if let Some(ntp) = &doc.ntp
        && ntp.use_nts == Some(true)
    {
        for server in &ntp.servers {
            if is_net_ip(server) {
                errs.push(format!(
                    "NTS requires hostnames, not IP addresses: {}",
                    go_quote(server)
                ));
            }
        }
    }
    joined(errs)
}

fn time_sync_conflicts(_: &TimeSyncConfig, legacy: &LegacyConfig) -> Option<GoError> {
    let time = legacy.machine.as_ref()?.time.as_ref()?;
    if time.disabled == Some(true) {
        return Some(GoError::msg(
            "time sync cannot be disabled in both v1alpha1 and new-style configuration",
        ));
    }
    if !time.servers.is_empty() {
        return Some(GoError::msg(
            "time servers cannot be specified in both v1alpha1 and new-style configuration",
        ));
    }
    if !time.boot_timeout.is_zero() {
        return Some(GoError::msg(
            "boot timeout cannot be specified in both v1alpha1 and new-style configuration",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_uint_errors_match_go() {
        assert_eq!(go_parse_uint("42", 32), Ok(42));
        assert_eq!(go_parse_uint("4294967295", 32), Ok(u64::from(u32::MAX)));
        assert_eq!(
            go_parse_uint("4294967296", 32),
            Err("strconv.ParseUint: parsing \"4294967296\": value out of range".to_owned())
        );
        assert_eq!(
            go_parse_uint("99999999999x", 32),
            Err("strconv.ParseUint: parsing \"99999999999x\": value out of range".to_owned())
        );
        assert_eq!(
            go_parse_uint("+1", 32),
            Err("strconv.ParseUint: parsing \"+1\": invalid syntax".to_owned())
        );
        assert_eq!(
            go_parse_uint("", 32),
            Err("strconv.ParseUint: parsing \"\": invalid syntax".to_owned())
        );
    }

    #[test]
    fn port_ranges_report_the_first_problem() {
        let r = |lo, hi| PortRange { lo, hi };
        assert_eq!(port_ranges(&[r(80, 80), r(443, 443)]), None);
        assert_eq!(
            port_ranges(&[r(90, 100), r(80, 95)]).unwrap().to_string(),
            "invalid port range: 90-100, overlaps with 80-95"
        );
        assert_eq!(
            port_ranges(&[r(100, 90)]).unwrap().to_string(),
            "invalid port range: 100-90"
        );
    }
}
