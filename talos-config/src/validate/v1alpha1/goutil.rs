//! Ports of the Go helpers the legacy rules call whose outcome (or text) shows in messages:
//! `net.ParseIP`/`net.ParseCIDR`, `netip.ParsePrefix`, `net.SplitHostPort` and the
//! `siderolabs/net` helpers (`ParseSubnetOrAddress`, `ValidateEndpointURI`,
//! `AddressContainsPort`).

use crate::types::netip::{IpAddr, IpPrefix};
use crate::types::url::GoUrl;

/// Go's `net.ParseIP(s) != nil`: an address without a zone.
pub(super) fn net_parse_ip_ok(s: &str) -> bool {
    IpAddr::parse_addr(s).is_ok_and(|ip| ip.zone().is_empty())
}

/// Go's `net.ParseCIDR`, reduced to its error text (`invalid CIDR address: …`).
pub(super) fn net_parse_cidr(s: &str) -> Result<(), String> {
    let invalid = || Err(format!("invalid CIDR address: {s}"));
    let Some((addr, mask)) = s.split_once('/') else {
        return invalid();
    };
    let Ok(ip) = IpAddr::parse_addr(addr) else {
        return invalid();
    };
    if !ip.zone().is_empty() {
        return invalid();
    }
    // Go's dtoi: decimal digits only (leading zeros allowed), saturating at 0xFFFFFF.
    if mask.is_empty() || !mask.bytes().all(|b| b.is_ascii_digit()) {
        return invalid();
    }
    let mut n: u32 = 0;
    for b in mask.bytes() {
        n = n * 10 + u32::from(b - b'0');
        if n >= 0xFF_FFFF {
            return invalid();
        }
    }
    if n > u32::from(ip.bit_len()) {
        return invalid();
    }
    Ok(())
}

/// The legacy `validateIPOrCIDR`: a CIDR when the text has a `/`, else a bare IP.
pub(super) fn validate_ip_or_cidr(address: &str) -> Result<(), String> {
    if address.contains('/') {
        return net_parse_cidr(address);
    }
    if net_parse_ip_ok(address) {
        Ok(())
    } else {
        Err(format!(
            "failed to parse IP address {}",
            crate::goyaml::go_quote(address)
        ))
    }
}

/// Go's `netip.ParsePrefix(s)` succeeding.
pub(super) fn netip_prefix_ok(s: &str) -> bool {
    IpPrefix::parse_prefix(s).is_ok()
}

/// `siderolabs/net.ParseSubnetOrAddress` succeeding: a prefix or a bare address.
pub(super) fn subnet_or_address_ok(s: &str) -> bool {
    netip_prefix_ok(s) || IpAddr::parse_addr(s).is_ok()
}

/// `siderolabs/net.ValidateEndpointURI`, with its error texts.
pub(super) fn validate_endpoint_uri(ep: &str) -> Result<(), String> {
    let url = GoUrl::parse(ep)?;
    let host = url.host();
    if host.matches(':').count() > 2 && (!host.contains('[') || !host.contains(']')) {
        return Err("IPv6 addresses MUST be enclosed by square brackets".to_owned());
    }
    if url.hostname().is_empty() {
        return Err("hostname must not be blank".to_owned());
    }
    let port = url.port();
    if !port.is_empty() {
        // The port is all digits here; `strconv.Atoi` fails only when it overflows.
        let Ok(number) = port.parse::<i64>() else {
            return Err("port number must be numeric".to_owned());
        };
        if !(1..=65535).contains(&number) {
            return Err("port number must be between 1 and 65535".to_owned());
        }
    }
    Ok(())
}

/// Go's `net.SplitHostPort`, reduced to success: `(host, port)`.
fn split_host_port(hostport: &str) -> Option<(&str, &str)> {
    let b = hostport.as_bytes();
    let i = hostport.rfind(':')?;
    let (host, j, k);
    if b[0] == b'[' {
        let end = hostport.find(']')?;
        if end + 1 != i {
            return None;
        }
        host = &hostport[1..end];
        j = 1;
        k = end + 1;
    } else {
        host = &hostport[..i];
        if host.contains(':') {
            return None;
        }
        j = 0;
        k = 0;
    }
    if hostport[j..].contains('[') || hostport[k..].contains(']') {
        return None;
    }
    Some((host, &hostport[i + 1..]))
}

/// `siderolabs/net.AddressContainsPort`.
pub(super) fn address_contains_port(addr: &str) -> bool {
    let Some((host, _)) = split_host_port(addr) else {
        return false;
    };
    !host.contains(':') || IpAddr::parse_addr(host).is_ok()
}

/// The legacy `isValidDNSName`: at most 255 characters besides dots, and labels of
/// `[A-Za-z0-9_][A-Za-z0-9_-]{0,62}` joined by dots, optionally ending in `.` or `_`.
pub(super) fn is_valid_dns_name(name: &str) -> bool {
    if name.is_empty() || name.len() - name.matches('.').count() > 255 {
        return false;
    }
    let label_ok = |label: &str| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
    };
    let body = name.strip_suffix('.').unwrap_or(name);
    let labels: Vec<&str> = body.split('.').collect();
    let (last, init) = labels.split_last().unwrap_or((&"", &[]));
    if !init.iter().all(|l| label_ok(l)) {
        return false;
    }
    // Without a trailing dot, the optional final `_` may sit past a full-length label.
    label_ok(last) || (body.len() == name.len() && last.strip_suffix('_').is_some_and(label_ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert!(is_valid_dns_name("cluster.local"));
        assert!(is_valid_dns_name("cluster.local."));
        assert!(is_valid_dns_name("_a_"));
        assert!(is_valid_dns_name(&format!("{}_", "a".repeat(63))));
        assert!(!is_valid_dns_name(&format!("{}.", "a".repeat(64))));
        assert!(!is_valid_dns_name("-a"));
        assert!(!is_valid_dns_name("a..b"));
        assert!(!is_valid_dns_name("."));
        assert!(is_valid_dns_name("a._."));
    }

    #[test]
    fn cidrs_and_ports() {
        assert!(net_parse_cidr("10.0.0.0/024").is_ok());
        assert!(net_parse_cidr("10.0.0.0/33").is_err());
        assert!(net_parse_cidr("::ffff:1.2.3.4/100").is_ok());
        assert!(address_contains_port("[::1]:51820"));
        assert!(!address_contains_port("::1:51820"));
        assert!(address_contains_port("host:1"));
    }
}
