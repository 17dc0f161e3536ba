//! The legacy per-interface checks (`ValidateNetworkDevices` with `CheckDeviceInterface`,
//! `CheckDeviceAddressing` and `CheckDeviceRoutes`): selectors, bonds, WireGuard, VLANs,
//! addresses and routes.

use std::collections::HashMap;

use super::goutil::{address_contains_port, net_parse_cidr, net_parse_ip_ok, validate_ip_or_cidr};
use crate::goyaml::go_quote;
use crate::types::v1alpha1::scalars::base64_decode;
use crate::types::v1alpha1::{Bond, Device, DeviceWireguardConfig, NetworkDeviceSelector};
use crate::validate::{GoError, MultiError};

const ERR_REQUIRED_SECTION_OPTIONS: &str = "required either config section to be set";
pub(super) const ERR_MUTUALLY_EXCLUSIVE: &str = "config sections are mutually exclusive";
const ERR_EMPTY: &str = "config section should contain at least one field";
const ERR_INVALID_ADDRESS: &str = "invalid network address";

/// Go's `BondMode` values, in their numeric order (an invalid name reads as the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BondMode {
    RoundRobin,
    ActiveBackup,
    Xor,
    Broadcast,
    Ieee8023Ad,
    Tlb,
    Alb,
}

impl BondMode {
    /// `nethelpers.BondModeByName`.
    fn by_name(mode: &str) -> Result<BondMode, String> {
        Ok(match mode {
            "" | "balance-rr" => BondMode::RoundRobin,
            "active-backup" => BondMode::ActiveBackup,
            "balance-xor" => BondMode::Xor,
            "broadcast" => BondMode::Broadcast,
            "802.3ad" => BondMode::Ieee8023Ad,
            "balance-tlb" => BondMode::Tlb,
            "balance-alb" => BondMode::Alb,
            _ => return Err(format!("invalid bond type {mode}")),
        })
    }

    fn name(self) -> &'static str {
        match self {
            BondMode::RoundRobin => "balance-rr",
            BondMode::ActiveBackup => "active-backup",
            BondMode::Xor => "balance-xor",
            BondMode::Broadcast => "broadcast",
            BondMode::Ieee8023Ad => "802.3ad",
            BondMode::Tlb => "balance-tlb",
            BondMode::Alb => "balance-alb",
        }
    }
}

/// A `nethelpers.XByName` lookup: the empty string and the listed names are valid.
fn check_name(value: &str, names: &[&str], what: &str) -> Result<(), String> {
    if value.is_empty() || names.contains(&value) {
        Ok(())
    } else {
        Err(format!("invalid {what} {value}"))
    }
}

/// The legacy `checkBond`.
fn check_bond(b: &Bond) -> Option<GoError> {
    let mut result = MultiError::new();
    let mode = match BondMode::by_name(&b.mode) {
        Ok(mode) => mode,
        Err(err) => {
            result.push(err);
            BondMode::RoundRobin
        }
    };
    let lookups: [(&str, &[&str], &str); 7] = [
        (
            &b.xmit_hash_policy,
            &["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4"],
            "xmit hash policy",
        ),
        (&b.lacp_rate, &["slow", "fast"], "lacp rate"),
        (
            &b.arp_validate,
            &[
                "none",
                "active",
                "backup",
                "all",
                "filter",
                "filter-active",
                "filter-backup",
            ],
            "arp_validate mode",
        ),
        (&b.arp_all_targets, &["any", "all"], "arp_all_targets mode"),
        (
            &b.primary_reselect,
            &["always", "better", "failure"],
            "primary_reselect mode",
        ),
        (
            &b.fail_over_mac,
            &["none", "active", "follow"],
            "fail_over_mac value",
        ),
        (
            &b.ad_select,
            &["stable", "bandwidth", "count"],
            "ad_select mode",
        ),
    ];
    for (value, names, what) in lookups {
        if let Err(err) = check_name(value, names, what) {
            result.push(err);
        }
    }
    if b.miimon == 0 {
        if b.updelay != 0 {
            result.push("bond.upDelay can't be set if miiMon is zero");
        }
        if b.downdelay != 0 {
            result.push("bond.downDelay can't be set if miiMon is zero");
        }
    } else {
        if !b.updelay.is_multiple_of(b.miimon) {
            result.push("bond.upDelay should be a multiple of miiMon");
        }
        if !b.downdelay.is_multiple_of(b.miimon) {
            result.push("bond.downDelay should be a multiple of miiMon");
        }
    }
    if !b.arp_ip_target.is_empty() {
        result.push("bond.arpIPTarget is not supported");
    }
    if !b.lacp_rate.is_empty() && mode != BondMode::Ieee8023Ad {
        result.push("bond.lacpRate is only available in 802.3ad mode");
    }
    if !b.ad_actor_system.is_empty() {
        result.push("bond.adActorSystem is not supported");
    }
    let ad_or_lb = matches!(mode, BondMode::Ieee8023Ad | BondMode::Alb | BondMode::Tlb);
    let name = mode.name();
    if ad_or_lb && !b.arp_validate.is_empty() {
        result.push(format!("bond.arpValidate is not available in {name} mode"));
    }
    if !matches!(mode, BondMode::ActiveBackup | BondMode::Alb | BondMode::Tlb)
        && !b.primary.is_empty()
    {
        result.push(format!("bond.primary is not available in {name} mode"));
    }
    if ad_or_lb && b.arp_interval > 0 {
        result.push(format!("bond.arpInterval is not available in {name} mode"));
    }
    if mode != BondMode::RoundRobin && b.packets_per_slave > 1 {
        result.push(format!(
            "bond.packetsPerSlave is not available in {name} mode"
        ));
    }
    if !matches!(mode, BondMode::Alb | BondMode::Tlb) && b.tlb_dynamic_lb > 0 {
        result.push(format!(
            "bond.tlbDynamicTLB is not available in {name} mode"
        ));
    }
    if mode != BondMode::Ieee8023Ad && b.ad_actor_sys_prio > 0 {
        result.push("bond.adActorSysPrio is only available in 802.3ad mode");
    }
    if mode != BondMode::Ieee8023Ad && b.ad_user_port_key > 0 {
        result.push("bond.adUserPortKey is only available in 802.3ad mode");
    }
    result.into_error()
}

/// A WireGuard key: base64 of exactly 32 bytes.
fn check_wireguard_key(key: &str) -> Result<(), String> {
    let raw = base64_decode(key)?;
    if raw.len() != 32 {
        return Err(format!("wrong key {} length: {}", go_quote(key), raw.len()));
    }
    Ok(())
}

/// The legacy `checkWireguard`.
fn check_wireguard(w: &DeviceWireguardConfig) -> Option<GoError> {
    let mut result = MultiError::new();
    if let Err(err) = check_wireguard_key(&w.private_key) {
        result.push(format!("private key is invalid: {err}"));
    }
    // A null peer makes Go panic; such documents are outside what can be compared.
    for peer in w.peers.iter().flatten() {
        if let Err(err) = check_wireguard_key(&peer.public_key) {
            result.push(format!("public key invalid: {err}"));
        }
        if !peer.endpoint.is_empty() && !address_contains_port(&peer.endpoint) {
            result.push(format!(
                "peer endpoint {} is invalid",
                go_quote(&peer.endpoint)
            ));
        }
        for allowed in &peer.allowed_ips {
            if let Err(err) = net_parse_cidr(allowed) {
                result.push(format!(
                    "peer allowed IP {} is invalid: {err}",
                    go_quote(allowed)
                ));
            }
        }
    }
    result.into_error()
}

/// The legacy `checkVlans`.
fn check_vlans(d: &Device) -> Option<GoError> {
    let mut result = MultiError::new();
    for vlan in d.vlans.iter().flatten() {
        let id = format!("{}.{}", d.interface, vlan.vlan_id);
        if !vlan.addresses.is_empty() && !vlan.cidr.is_empty() {
            result.push(format!(
                "[networking.os.device.vlan] {id}: vlan can't have both .cidr and .addresses set"
            ));
        }
        if !vlan.cidr.is_empty()
            && let Err(err) = validate_ip_or_cidr(&vlan.cidr)
        {
            result.push(format!("[networking.os.device.vlan.CIDR] {id}: {err}"));
        }
        for address in &vlan.addresses {
            if let Err(err) = validate_ip_or_cidr(address) {
                result.push(format!("[networking.os.device.vlan.addresses] {id}: {err}"));
            }
        }
    }
    result.into_error()
}

/// Whether every selector field is unset (Go's `reflect.Value.IsZero`).
fn selector_is_zero(s: &NetworkDeviceSelector) -> bool {
    s.bus_path.is_empty()
        && s.hardware_addr.is_empty()
        && s.permanent_addr.is_empty()
        && s.pci_id.is_empty()
        && s.driver.is_empty()
        && s.physical.is_none()
}

/// The legacy `CheckDeviceInterface`.
fn check_device_interface(d: &Device) -> Option<GoError> {
    let mut result = MultiError::new();
    const BOTH: &str = "[networking.os.device.interface], [networking.os.device.deviceSelector]";
    match (d.interface.is_empty(), d.device_selector.is_some()) {
        (true, false) => result.push(format!("{BOTH}: {ERR_REQUIRED_SECTION_OPTIONS}")),
        (false, true) => result.push(format!("{BOTH}: {ERR_MUTUALLY_EXCLUSIVE}")),
        _ => {}
    }
    if d.device_selector.as_ref().is_some_and(selector_is_zero) {
        result.push(format!(
            "[networking.os.device.deviceSelector]: {ERR_EMPTY}"
        ));
    }
    if let Some(bond) = &d.bond {
        result.push_opt(check_bond(bond));
    }
    if let Some(wireguard) = &d.wireguard {
        result.push_opt(check_wireguard(wireguard));
    }
    result.push_opt(check_vlans(d));
    result.into_error()
}

/// The legacy `CheckDeviceAddressing`: errors, and the `cidr` deprecation warning.
fn check_device_addressing(
    d: &Device,
    secondary: &HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Option<GoError> {
    let mut result = MultiError::new();
    let name = go_quote(&d.interface);
    if secondary.contains_key(&d.interface)
        && (d.dhcp == Some(true)
            || !d.cidr.is_empty()
            || !d.addresses.is_empty()
            || d.vip.is_some())
    {
        result.push(format!(
            "[networking.os.device] {name}: bonded/bridged interface shouldn't have any addressing methods configured"
        ));
    }
    if !d.addresses.is_empty() && !d.cidr.is_empty() {
        result.push(format!(
            "[networking.os.device] {name}: interface can't have both .cidr and .addresses set"
        ));
    }
    if !d.cidr.is_empty() {
        if let Err(err) = validate_ip_or_cidr(&d.cidr) {
            result.push(format!("[networking.os.device.CIDR] {name}: {err}"));
        }
        warnings.push(format!(
            "{name}: machine.network.interface.cidr is deprecated, please use machine.network.interface.addresses"
        ));
    }
    for address in &d.addresses {
        if let Err(err) = validate_ip_or_cidr(address) {
            result.push(format!("[networking.os.device.addresses] {name}: {err}"));
        }
    }
    if let Some(vip) = &d.vip
        && !net_parse_ip_ok(&vip.ip)
    {
        result.push(format!(
            "[networking.os.device.vip] failed to parse {} as IP address",
            go_quote(&vip.ip)
        ));
    }
    result.into_error()
}

/// The legacy `CheckDeviceRoutes`.
fn check_device_routes(d: &Device) -> Option<GoError> {
    let mut result = MultiError::new();
    for (idx, route) in d.routes.iter().enumerate() {
        // A null route makes Go panic; such documents are outside what can be compared.
        let Some(route) = route else { continue };
        let field = |name: &str| format!("networking.os.device.route[{idx}]{name}");
        if !route.network.is_empty() && net_parse_cidr(&route.network).is_err() {
            result.push(format!(
                "[{}] {}: {ERR_INVALID_ADDRESS}",
                field(".network"),
                go_quote(&route.network)
            ));
        }
        if !route.gateway.is_empty() && !net_parse_ip_ok(&route.gateway) {
            result.push(format!(
                "[{}] {}: {ERR_INVALID_ADDRESS}",
                field(".gateway"),
                go_quote(&route.gateway)
            ));
        }
        if route.gateway.is_empty() && route.network.is_empty() {
            result.push(format!(
                "[{}]: either network or gateway should be set",
                field("")
            ));
        }
        if !route.source.is_empty() && !net_parse_ip_ok(&route.source) {
            result.push(format!(
                "[{}] {}: {ERR_INVALID_ADDRESS}",
                field(".source"),
                go_quote(&route.source)
            ));
        }
    }
    result.into_error()
}

/// `ValidateNetworkDevices(device, secondary, CheckDeviceInterface, CheckDeviceAddressing,
/// CheckDeviceRoutes)`; ignored devices are skipped.
pub(super) fn validate_network_device(
    d: &Device,
    secondary: &HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Option<GoError> {
    if d.ignore == Some(true) {
        return None;
    }
    let mut result = MultiError::new();
    result.push_opt(check_device_interface(d));
    result.push_opt(check_device_addressing(d, secondary, warnings));
    result.push_opt(check_device_routes(d));
    result.into_error()
}
