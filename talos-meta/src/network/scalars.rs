//! Scalar value types with Go's text forms: IP addresses and prefixes (`net/netip`), hardware
//! addresses and durations (`time.Duration`).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::error::ValueError;

/// Go's `strings.ToLower`: simple per-character lower-casing (İ becomes `i`, not `i̇`).
pub(crate) fn go_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                // Only U+0130 has a multi-character full mapping; its simple mapping is `i`.
                (Some(l), Some(_)) => l,
                _ => c,
            }
        })
        .collect()
}

/// An IP address the way Go's `netip.Addr` reads and prints it: IPv4, IPv6, or IPv6 with a
/// zone (`fe80::1%eth0`).
///
/// Go's zero `netip.Addr` (written `""`) is modelled as `None` in an `Option<IpAddress>`.
///
/// ```
/// use talos_meta::network::IpAddress;
///
/// let ip: IpAddress = "fe80::1%eth0".parse()?;
/// assert_eq!(ip.zone(), Some("eth0"));
/// assert_eq!(ip.to_string(), "fe80::1%eth0");
/// assert!("01.2.3.4".parse::<IpAddress>().is_err()); // Go refuses leading zeros too
/// # Ok::<(), talos_meta::network::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpAddress {
    ip: IpAddr,
    zone: Option<String>,
}

impl IpAddress {
    /// An address without zone.
    pub const fn new(ip: IpAddr) -> Self {
        Self { ip, zone: None }
    }

    /// An IPv6 address with a zone; `None` when the zone is empty (Go refuses that).
    pub fn with_zone(ip: Ipv6Addr, zone: impl Into<String>) -> Option<Self> {
        let zone = zone.into();
        if zone.is_empty() {
            return None;
        }
        Some(Self {
            ip: IpAddr::V6(ip),
            zone: Some(zone),
        })
    }

    /// The address without its zone.
    pub const fn ip(&self) -> IpAddr {
        self.ip
    }

    /// The IPv6 zone, if any.
    pub fn zone(&self) -> Option<&str> {
        self.zone.as_deref()
    }
}

impl From<IpAddr> for IpAddress {
    fn from(ip: IpAddr) -> Self {
        Self::new(ip)
    }
}

impl From<Ipv4Addr> for IpAddress {
    fn from(ip: Ipv4Addr) -> Self {
        Self::new(IpAddr::V4(ip))
    }
}

impl From<Ipv6Addr> for IpAddress {
    fn from(ip: Ipv6Addr) -> Self {
        Self::new(IpAddr::V6(ip))
    }
}

impl FromStr for IpAddress {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        parse_addr(s).map_err(|reason| ValueError::IpAddress {
            value: s.to_owned(),
            reason,
        })
    }
}

impl fmt::Display for IpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ip(f, self.ip)?;
        if let Some(zone) = &self.zone {
            write!(f, "%{zone}")?;
        }
        Ok(())
    }
}

impl Serialize for IpAddress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Go's `Addr.String` (RFC 5952; IPv4-mapped addresses as `::ffff:a.b.c.d`).
fn write_ip(f: &mut fmt::Formatter<'_>, ip: IpAddr) -> fmt::Result {
    match ip {
        IpAddr::V4(v4) => write!(f, "{v4}"),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return write!(f, "::ffff:{v4}");
            }
            let seg = v6.segments();
            // The first longest run of at least two zero groups becomes "::".
            let (mut best_start, mut best_len) = (usize::MAX, 0);
            let mut i = 0;
            while i < 8 {
                let mut j = i;
                while j < 8 && seg[j] == 0 {
                    j += 1;
                }
                if j - i >= 2 && j - i > best_len {
                    best_start = i;
                    best_len = j - i;
                }
                i = if j > i { j } else { i + 1 };
            }
            let mut i = 0;
            while i < 8 {
                if i == best_start {
                    f.write_str("::")?;
                    i += best_len;
                    continue;
                }
                if i > 0 && i != best_start + best_len {
                    f.write_str(":")?;
                }
                write!(f, "{:x}", seg[i])?;
                i += 1;
            }
            Ok(())
        }
    }
}

/// Go's `netip.ParseAddr`.
pub(crate) fn parse_addr(s: &str) -> Result<IpAddress, &'static str> {
    for b in s.bytes() {
        match b {
            b'.' => return parse_v4(s.as_bytes()).map(|v4| IpAddress::from(Ipv4Addr::from(v4))),
            b':' => return parse_v6(s),
            b'%' => return Err("missing IPv6 address"),
            _ => {}
        }
    }
    Err("unable to parse IP")
}

fn parse_v4(s: &[u8]) -> Result<[u8; 4], &'static str> {
    let mut fields = [0u8; 4];
    let (mut val, mut pos, mut digits) = (0u32, 0usize, 0usize);
    for (i, &c) in s.iter().enumerate() {
        if c.is_ascii_digit() {
            if digits == 1 && val == 0 {
                return Err("IPv4 field has octet with leading zero");
            }
            val = val * 10 + u32::from(c - b'0');
            digits += 1;
            if val > 255 {
                return Err("IPv4 field has value >255");
            }
        } else if c == b'.' {
            if i == 0 || i == s.len() - 1 || s[i - 1] == b'.' {
                return Err("IPv4 field must have at least one digit");
            }
            if pos == 3 {
                return Err("IPv4 address too long");
            }
            fields[pos] = val as u8;
            pos += 1;
            val = 0;
            digits = 0;
        } else {
            return Err("unexpected character");
        }
    }
    if pos < 3 {
        return Err("IPv4 address too short");
    }
    fields[3] = val as u8;
    Ok(fields)
}

fn parse_v6(input: &str) -> Result<IpAddress, &'static str> {
    let (mut s, zone) = match input.find('%') {
        Some(i) => {
            let zone = &input[i + 1..];
            if zone.is_empty() {
                return Err("zone must be a non-empty string");
            }
            (&input.as_bytes()[..i], Some(zone))
        }
        None => (input.as_bytes(), None),
    };
    let finish = |ip: [u8; 16]| IpAddress {
        ip: IpAddr::V6(Ipv6Addr::from(ip)),
        zone: zone.map(str::to_owned),
    };
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.len() >= 2 && s[0] == b':' && s[1] == b':' {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Ok(finish(ip));
        }
    }
    let mut i = 0;
    while i < 16 {
        let mut off = 0;
        let mut acc = 0u32;
        while off < s.len() {
            let c = s[off];
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => break,
            };
            acc = (acc << 4) + u32::from(d);
            if off > 3 {
                return Err("each group must have 4 or less digits");
            }
            if acc > 0xffff {
                return Err("IPv6 field has value >=2^16");
            }
            off += 1;
        }
        if off == 0 {
            return Err("each colon-separated field must have at least one digit");
        }
        if off < s.len() && s[off] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return Err("embedded IPv4 address must replace the final 2 fields of the address");
            }
            if i + 4 > 16 {
                return Err(
                    "too many hex fields to fit an embedded IPv4 at the end of the address",
                );
            }
            let v4 = parse_v4(s)?;
            ip[i..i + 4].copy_from_slice(&v4);
            s = &[];
            i += 4;
            break;
        }
        ip[i] = (acc >> 8) as u8;
        ip[i + 1] = acc as u8;
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' {
            return Err("unexpected character, want colon");
        } else if s.len() == 1 {
            return Err("colon must be followed by more characters");
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return Err("multiple :: in address");
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err("trailing garbage after address");
    }
    if i < 16 {
        let Some(e) = ellipsis else {
            return Err("address string too short");
        };
        let n = 16 - i;
        for j in (e..i).rev() {
            ip[j + n] = ip[j];
        }
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        return Err("the :: must expand to at least one field of zeros");
    }
    Ok(finish(ip))
}

/// An IP prefix the way Go's `netip.Prefix` reads and prints it: an address and a length,
/// host bits kept as written (`10.0.0.5/24` stays `10.0.0.5/24`).
///
/// ```
/// use talos_meta::network::IpPrefix;
///
/// let p: IpPrefix = "192.168.3.6/27".parse()?;
/// assert_eq!((p.addr().to_string().as_str(), p.bits()), ("192.168.3.6", 27));
/// assert_eq!(p.to_string(), "192.168.3.6/27");
/// # Ok::<(), talos_meta::network::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpPrefix {
    addr: IpAddr,
    bits: u8,
}

impl IpPrefix {
    /// A prefix; `None` when `bits` exceeds the address length (32 or 128).
    pub const fn new(addr: IpAddr, bits: u8) -> Option<Self> {
        let max = match addr {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        };
        if bits > max {
            None
        } else {
            Some(Self { addr, bits })
        }
    }

    /// The address, host bits included.
    pub const fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    pub const fn bits(&self) -> u8 {
        self.bits
    }
}

impl FromStr for IpPrefix {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let err = |reason| ValueError::IpPrefix {
            value: s.to_owned(),
            reason,
        };
        let slash = s.rfind('/').ok_or_else(|| err("no '/'"))?;
        let addr = parse_addr(&s[..slash]).map_err(err)?;
        if addr.zone.is_some() {
            return Err(err("IPv6 zones cannot be present in a prefix"));
        }
        let bits = &s[slash + 1..];
        let bad_bits = || err("bad bits after slash");
        if bits.len() > 1 && !(b'1'..=b'9').contains(&bits.as_bytes()[0]) {
            return Err(bad_bits());
        }
        // Go's Atoi: optional sign, decimal digits; the check above leaves "+"/"-" alone only.
        if bits.is_empty() || !bits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad_bits());
        }
        let bits: u32 = bits
            .parse()
            .map_err(|_| err("prefix length out of range"))?;
        let max = if addr.ip.is_ipv4() { 32 } else { 128 };
        if bits > max {
            return Err(err("prefix length out of range"));
        }
        Ok(Self {
            addr: addr.ip,
            bits: bits as u8,
        })
    }
}

impl fmt::Display for IpPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ip(f, self.addr)?;
        write!(f, "/{}", self.bits)
    }
}

impl Serialize for IpPrefix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A link-layer address of any length, printed like Go's `net.HardwareAddr` (`aa:bb:cc`).
///
/// Parsing follows Talos: every `:` is removed, the rest must be an even number of hex digits.
///
/// ```
/// use talos_meta::network::HardwareAddr;
///
/// let mac: HardwareAddr = "AA:BB:cc:00:11:22".parse()?;
/// assert_eq!(mac.to_string(), "aa:bb:cc:00:11:22");
/// assert_eq!("aabb::cc".parse::<HardwareAddr>()?.0, vec![0xaa, 0xbb, 0xcc]);
/// # Ok::<(), talos_meta::network::ValueError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HardwareAddr(pub Vec<u8>);

impl HardwareAddr {
    /// Whether the address has no bytes (Talos then omits the field).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for HardwareAddr {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let hex: Vec<u8> = s.bytes().filter(|&b| b != b':').collect();
        let digit = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        };
        let err = |reason| ValueError::HardwareAddr {
            value: s.to_owned(),
            reason,
        };
        let mut out = Vec::with_capacity(hex.len() / 2);
        for pair in hex.chunks(2) {
            match pair {
                [hi, lo] => match (digit(*hi), digit(*lo)) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => return Err(err("invalid hex digit")),
                },
                [one] => {
                    return Err(err(if digit(*one).is_some() {
                        "odd length hex string"
                    } else {
                        "invalid hex digit"
                    }));
                }
                _ => unreachable!("chunks(2) yields one or two bytes"),
            }
        }
        Ok(Self(out))
    }
}

impl fmt::Display for HardwareAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for HardwareAddr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A Go `time.Duration`: signed nanoseconds, written like `1m30s`, `250ms` or `0s`.
///
/// ```
/// use talos_meta::network::GoDuration;
///
/// let d: GoDuration = "1.5h".parse()?;
/// assert_eq!(d.to_string(), "1h30m0s");
/// assert_eq!(GoDuration::from_nanos(1_500).to_string(), "1.5µs");
/// # Ok::<(), talos_meta::network::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoDuration(i64);

impl GoDuration {
    /// Zero.
    pub const ZERO: Self = Self(0);

    /// From nanoseconds.
    pub const fn from_nanos(nanos: i64) -> Self {
        Self(nanos)
    }

    /// From whole seconds (saturating).
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs.saturating_mul(1_000_000_000))
    }

    /// Nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }

    /// As a `std` duration; `None` when negative.
    pub fn to_std(self) -> Option<std::time::Duration> {
        u64::try_from(self.0)
            .ok()
            .map(std::time::Duration::from_nanos)
    }
}

impl TryFrom<std::time::Duration> for GoDuration {
    type Error = std::num::TryFromIntError;

    fn try_from(d: std::time::Duration) -> Result<Self, Self::Error> {
        i64::try_from(d.as_nanos()).map(Self)
    }
}

impl FromStr for GoDuration {
    type Err = ValueError;

    /// Go's `time.ParseDuration`.
    fn from_str(orig: &str) -> Result<Self, ValueError> {
        let err = |reason| ValueError::Duration {
            value: orig.to_owned(),
            reason,
        };
        let mut s = orig.as_bytes();
        let mut neg = false;
        if let Some((&c, rest)) = s.split_first()
            && (c == b'-' || c == b'+')
        {
            neg = c == b'-';
            s = rest;
        }
        if s == b"0" {
            return Ok(Self(0));
        }
        if s.is_empty() {
            return Err(err("invalid duration"));
        }
        const LIMIT: u64 = 1 << 63;
        let mut d: u64 = 0;
        while !s.is_empty() {
            if !(s[0] == b'.' || s[0].is_ascii_digit()) {
                return Err(err("invalid duration"));
            }
            // Leading integer.
            let mut v: u64 = 0;
            let mut i = 0;
            while i < s.len() && s[i].is_ascii_digit() {
                if v > LIMIT / 10 {
                    return Err(err("invalid duration"));
                }
                v = v * 10 + u64::from(s[i] - b'0');
                if v > LIMIT {
                    return Err(err("invalid duration"));
                }
                i += 1;
            }
            let pre = i > 0;
            s = &s[i..];
            // Fraction.
            let (mut f, mut scale, mut post) = (0u64, 1f64, false);
            if s.first() == Some(&b'.') {
                s = &s[1..];
                let mut i = 0;
                let mut overflow = false;
                while i < s.len() && s[i].is_ascii_digit() {
                    if !overflow {
                        if f > (LIMIT - 1) / 10 {
                            overflow = true;
                        } else {
                            let y = f * 10 + u64::from(s[i] - b'0');
                            if y > LIMIT {
                                overflow = true;
                            } else {
                                f = y;
                                scale *= 10.0;
                            }
                        }
                    }
                    i += 1;
                }
                post = i > 0;
                s = &s[i..];
            }
            if !pre && !post {
                return Err(err("invalid duration"));
            }
            // Unit.
            let mut i = 0;
            while i < s.len() && !(s[i] == b'.' || s[i].is_ascii_digit()) {
                i += 1;
            }
            if i == 0 {
                return Err(err("missing unit in duration"));
            }
            let unit: u64 = match &s[..i] {
                b"ns" => 1,
                b"us" | [0xC2, 0xB5, b's'] | [0xCE, 0xBC, b's'] => 1_000,
                b"ms" => 1_000_000,
                b"s" => 1_000_000_000,
                b"m" => 60_000_000_000,
                b"h" => 3_600_000_000_000,
                _ => return Err(err("unknown unit in duration")),
            };
            s = &s[i..];
            if v > LIMIT / unit {
                return Err(err("invalid duration"));
            }
            v *= unit;
            if f > 0 {
                v += (f as f64 * (unit as f64 / scale)) as u64;
                if v > LIMIT {
                    return Err(err("invalid duration"));
                }
            }
            d += v;
            if d > LIMIT {
                return Err(err("invalid duration"));
            }
        }
        if neg {
            return Ok(Self((d as i64).wrapping_neg()));
        }
        if d > LIMIT - 1 {
            return Err(err("invalid duration"));
        }
        Ok(Self(d as i64))
    }
}

impl fmt::Display for GoDuration {
    /// Go's `Duration.String`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 32];
        let mut w = buf.len();
        let neg = self.0 < 0;
        let mut u = self.0.unsigned_abs();
        fn frac(buf: &mut [u8], mut w: usize, mut v: u64, prec: usize) -> (usize, u64) {
            let mut print = false;
            for _ in 0..prec {
                let digit = v % 10;
                print = print || digit != 0;
                if print {
                    w -= 1;
                    buf[w] = digit as u8 + b'0';
                }
                v /= 10;
            }
            if print {
                w -= 1;
                buf[w] = b'.';
            }
            (w, v)
        }
        fn int(buf: &mut [u8], mut w: usize, mut v: u64) -> usize {
            if v == 0 {
                w -= 1;
                buf[w] = b'0';
            } else {
                while v > 0 {
                    w -= 1;
                    buf[w] = (v % 10) as u8 + b'0';
                    v /= 10;
                }
            }
            w
        }
        if u < 1_000_000_000 {
            w -= 1;
            buf[w] = b's';
            let prec;
            if u == 0 {
                return f.write_str("0s");
            } else if u < 1_000 {
                prec = 0;
                w -= 1;
                buf[w] = b'n';
            } else if u < 1_000_000 {
                prec = 3;
                w -= 2;
                buf[w..w + 2].copy_from_slice("µ".as_bytes());
            } else {
                prec = 6;
                w -= 1;
                buf[w] = b'm';
            }
            (w, u) = frac(&mut buf, w, u, prec);
            w = int(&mut buf, w, u);
        } else {
            w -= 1;
            buf[w] = b's';
            (w, u) = frac(&mut buf, w, u, 9);
            w = int(&mut buf, w, u % 60);
            u /= 60;
            if u > 0 {
                w -= 1;
                buf[w] = b'm';
                w = int(&mut buf, w, u % 60);
                u /= 60;
                if u > 0 {
                    w -= 1;
                    buf[w] = b'h';
                    w = int(&mut buf, w, u);
                }
            }
        }
        if neg {
            w -= 1;
            buf[w] = b'-';
        }
        f.write_str(std::str::from_utf8(&buf[w..]).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for GoDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
