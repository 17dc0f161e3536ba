//! Go's `net/netip` address types as Talos documents carry them: [`IpAddr`] (`netip.Addr`),
//! [`IpPrefix`] (`netip.Prefix`) and [`IpAddrPort`] (`netip.AddrPort`).
//!
//! Parsing follows Go's rules rather than `std::net`'s (no IPv4 octets with leading zeros,
//! IPv6 zones, prefixes that keep their host bits), and every error reads exactly as Go's
//! `err.Error()`. The text form is Go's `MarshalText`: RFC 5952 compressed IPv6,
//! `::ffff:a.b.c.d` for IPv4-mapped addresses, and the empty string for the zero value.
//!
//! The three types only have unexported fields in Go, so go-yaml's `omitempty` test always
//! finds them empty; [`GoYaml::is_zero`] reproduces that quirk. Use `== Default::default()`
//! (or `is_valid`) for the real zero-value test.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::goyaml::go_quote;
use crate::goyaml::{Decoder, GoYaml, Node, NodeKind, go_key_order, sort_keys_go, text_scalar};

/// Go's `netip.Addr`: the zero (invalid) address, an IPv4 address, or an IPv6 address with
/// an optional zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum IpAddr {
    /// The zero `netip.Addr{}` (what empty text decodes to).
    #[default]
    Invalid,
    /// An IPv4 address.
    V4(Ipv4Addr),
    /// An IPv6 address and its zone (empty when there is none).
    V6(Ipv6Addr, String),
}

/// `ParseAddr`'s error: `ParseAddr("in"): msg` with an optional `(at "rest")`.
fn addr_error(input: &str, msg: &str, at: Option<&str>) -> String {
    match at {
        Some(at) if !at.is_empty() => format!(
            "ParseAddr({}): {msg} (at {})",
            go_quote(input),
            go_quote(at)
        ),
        _ => format!("ParseAddr({}): {msg}", go_quote(input)),
    }
}

/// Parses the IPv4 dotted quad `input[off..end]` into `fields`, with Go's checks.
fn parse_ipv4_fields(input: &str, off: usize, end: usize, fields: &mut [u8]) -> Result<(), String> {
    let s = &input.as_bytes()[off..end];
    let text = &input[off..end];
    let (mut val, mut pos, mut dig_len) = (0u32, 0usize, 0usize);
    for i in 0..s.len() {
        let c = s[i];
        if c.is_ascii_digit() {
            if dig_len == 1 && val == 0 {
                return Err(addr_error(
                    input,
                    "IPv4 field has octet with leading zero",
                    None,
                ));
            }
            val = val * 10 + u32::from(c - b'0');
            dig_len += 1;
            if val > 255 {
                return Err(addr_error(input, "IPv4 field has value >255", None));
            }
        } else if c == b'.' {
            if i == 0 || i == s.len() - 1 || s[i - 1] == b'.' {
                return Err(addr_error(
                    input,
                    "IPv4 field must have at least one digit",
                    Some(&text[i..]),
                ));
            }
            if pos == 3 {
                return Err(addr_error(input, "IPv4 address too long", None));
            }
            fields[pos] = val as u8;
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            return Err(addr_error(input, "unexpected character", Some(&text[i..])));
        }
    }
    if pos < 3 {
        return Err(addr_error(input, "IPv4 address too short", None));
    }
    fields[3] = val as u8;
    Ok(())
}

/// Go's `parseIPv6`.
fn parse_ipv6(input: &str) -> Result<IpAddr, String> {
    let (mut s, zone) = match input.find('%') {
        Some(i) => {
            let zone = &input[i + 1..];
            if zone.is_empty() {
                return Err(addr_error(input, "zone must be a non-empty string", None));
            }
            (&input[..i], zone)
        }
        None => (input, ""),
    };
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.starts_with("::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Ok(IpAddr::V6(Ipv6Addr::UNSPECIFIED, zone.to_owned()));
        }
    }
    let mut i = 0usize;
    while i < 16 {
        let b = s.as_bytes();
        let mut off = 0usize;
        let mut acc = 0u32;
        while off < b.len() {
            let c = b[off];
            let digit = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => break,
            };
            acc = (acc << 4) + u32::from(digit);
            if off > 3 {
                return Err(addr_error(
                    input,
                    "each group must have 4 or less digits",
                    Some(s),
                ));
            }
            if acc > u32::from(u16::MAX) {
                return Err(addr_error(input, "IPv6 field has value >=2^16", Some(s)));
            }
            off += 1;
        }
        if off == 0 {
            return Err(addr_error(
                input,
                "each colon-separated field must have at least one digit",
                Some(s),
            ));
        }
        if off < b.len() && b[off] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return Err(addr_error(
                    input,
                    "embedded IPv4 address must replace the final 2 fields of the address",
                    Some(s),
                ));
            }
            if i + 4 > 16 {
                return Err(addr_error(
                    input,
                    "too many hex fields to fit an embedded IPv4 at the end of the address",
                    Some(s),
                ));
            }
            let mut end = input.len();
            if !zone.is_empty() {
                end -= zone.len() + 1;
            }
            parse_ipv4_fields(input, end - s.len(), end, &mut ip[i..i + 4])?;
            s = "";
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
        if !s.starts_with(':') {
            return Err(addr_error(
                input,
                "unexpected character, want colon",
                Some(s),
            ));
        } else if s.len() == 1 {
            return Err(addr_error(
                input,
                "colon must be followed by more characters",
                Some(s),
            ));
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis.is_some() {
                return Err(addr_error(input, "multiple :: in address", Some(s)));
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err(addr_error(input, "trailing garbage after address", Some(s)));
    }
    if i < 16 {
        let Some(ell) = ellipsis else {
            return Err(addr_error(input, "address string too short", None));
        };
        let n = 16 - i;
        for j in (ell..i).rev() {
            ip[j + n] = ip[j];
        }
        ip[ell..ell + n].fill(0);
    } else if ellipsis.is_some() {
        return Err(addr_error(
            input,
            "the :: must expand to at least one field of zeros",
            None,
        ));
    }
    Ok(IpAddr::V6(Ipv6Addr::from(ip), zone.to_owned()))
}

/// Appends `a.b.c.d`.
fn push_v4(out: &mut String, octets: [u8; 4]) {
    for (i, o) in octets.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&o.to_string());
    }
}

/// Appends the RFC 5952 form of an IPv6 address (longest run of two or more zero groups
/// elided, first one on ties), without zone.
fn push_v6(out: &mut String, addr: &Ipv6Addr) {
    let groups = addr.segments();
    let (mut zero_start, mut zero_end) = (255usize, 255usize);
    let mut i = 0;
    while i < 8 {
        let mut j = i;
        while j < 8 && groups[j] == 0 {
            j += 1;
        }
        let len = j - i;
        if len >= 2 && len > zero_end - zero_start {
            zero_start = i;
            zero_end = j;
        }
        i += 1;
    }
    let mut i = 0;
    while i < 8 {
        if i == zero_start {
            out.push_str("::");
            i = zero_end;
            if i >= 8 {
                break;
            }
        } else if i > 0 {
            out.push(':');
        }
        out.push_str(&format!("{:x}", groups[i]));
        i += 1;
    }
}

/// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
fn mapped_v4(addr: &Ipv6Addr) -> Option<[u8; 4]> {
    let o = addr.octets();
    (o[..10].iter().all(|&b| b == 0) && o[10] == 0xff && o[11] == 0xff)
        .then(|| [o[12], o[13], o[14], o[15]])
}

impl IpAddr {
    /// Go's `netip.ParseAddr`.
    pub fn parse_addr(s: &str) -> Result<IpAddr, String> {
        for c in s.bytes() {
            match c {
                b'.' => {
                    let mut fields = [0u8; 4];
                    parse_ipv4_fields(s, 0, s.len(), &mut fields)?;
                    return Ok(IpAddr::V4(Ipv4Addr::from(fields)));
                }
                b':' => return parse_ipv6(s),
                b'%' => return Err(addr_error(s, "missing IPv6 address", None)),
                _ => {}
            }
        }
        Err(addr_error(s, "unable to parse IP", None))
    }

    /// Go's `UnmarshalText`: empty text is the zero address, anything else `ParseAddr`.
    pub fn parse(s: &str) -> Result<IpAddr, String> {
        if s.is_empty() {
            return Ok(IpAddr::Invalid);
        }
        IpAddr::parse_addr(s)
    }

    /// Go's `MarshalText`: like [`IpAddr::go_string`] but empty for the zero address.
    pub fn format(&self) -> String {
        match self {
            IpAddr::Invalid => String::new(),
            _ => self.go_string(),
        }
    }

    /// Go's `String()` (`invalid IP` for the zero address).
    pub fn go_string(&self) -> String {
        let mut out = String::new();
        match self {
            IpAddr::Invalid => return "invalid IP".to_owned(),
            IpAddr::V4(a) => push_v4(&mut out, a.octets()),
            IpAddr::V6(a, zone) => {
                match mapped_v4(a) {
                    Some(v4) => {
                        out.push_str("::ffff:");
                        push_v4(&mut out, v4);
                    }
                    None => push_v6(&mut out, a),
                }
                if !zone.is_empty() {
                    out.push('%');
                    out.push_str(zone);
                }
            }
        }
        out
    }

    /// Go's `IsValid`: not the zero address.
    pub fn is_valid(&self) -> bool {
        !matches!(self, IpAddr::Invalid)
    }

    /// Go's `Is4`: an IPv4 address (not an IPv4-mapped IPv6 one).
    pub fn is_4(&self) -> bool {
        matches!(self, IpAddr::V4(_))
    }

    /// Go's `Is6`: an IPv6 address, IPv4-mapped ones included.
    pub fn is_6(&self) -> bool {
        matches!(self, IpAddr::V6(..))
    }

    /// Go's `Is4In6`: an IPv4-mapped IPv6 address.
    pub fn is_4in6(&self) -> bool {
        matches!(self, IpAddr::V6(a, _) if mapped_v4(a).is_some())
    }

    /// Go's `BitLen`: 0, 32 or 128.
    pub fn bit_len(&self) -> u8 {
        match self {
            IpAddr::Invalid => 0,
            IpAddr::V4(_) => 32,
            IpAddr::V6(..) => 128,
        }
    }

    /// Go's `Zone` (empty for IPv4 and zone-less addresses).
    pub fn zone(&self) -> &str {
        match self {
            IpAddr::V6(_, zone) => zone,
            _ => "",
        }
    }

    /// Go's `Unmap`: an IPv4-mapped IPv6 address becomes the IPv4 address.
    pub fn unmap(&self) -> IpAddr {
        match self {
            IpAddr::V6(a, _) => match mapped_v4(a) {
                Some(v4) => IpAddr::V4(Ipv4Addr::from(v4)),
                None => self.clone(),
            },
            _ => self.clone(),
        }
    }

    /// The address without its zone.
    pub fn without_zone(&self) -> IpAddr {
        match self {
            IpAddr::V6(a, _) => IpAddr::V6(*a, String::new()),
            other => other.clone(),
        }
    }

    /// The `std::net` address (zone dropped); `None` for the zero address.
    pub fn to_std(&self) -> Option<std::net::IpAddr> {
        match self {
            IpAddr::Invalid => None,
            IpAddr::V4(a) => Some(std::net::IpAddr::V4(*a)),
            IpAddr::V6(a, _) => Some(std::net::IpAddr::V6(*a)),
        }
    }
}

impl From<std::net::IpAddr> for IpAddr {
    fn from(addr: std::net::IpAddr) -> IpAddr {
        match addr {
            std::net::IpAddr::V4(a) => IpAddr::V4(a),
            std::net::IpAddr::V6(a) => IpAddr::V6(a, String::new()),
        }
    }
}

impl From<Ipv4Addr> for IpAddr {
    fn from(addr: Ipv4Addr) -> IpAddr {
        IpAddr::V4(addr)
    }
}

impl From<Ipv6Addr> for IpAddr {
    fn from(addr: Ipv6Addr) -> IpAddr {
        IpAddr::V6(addr, String::new())
    }
}

impl std::fmt::Display for IpAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_string())
    }
}

/// Go's `netip.Prefix`: an address and a prefix length, host bits kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct IpPrefix {
    addr: IpAddr,
    /// Prefix length plus one; 0 means invalid (as in Go).
    bits_plus_one: u8,
}

fn prefix_error(input: &str, msg: &str) -> String {
    format!("netip.ParsePrefix({}): {msg}", go_quote(input))
}

impl IpPrefix {
    /// Go's `netip.PrefixFrom`: the zone is dropped; an out-of-range length or zero address
    /// gives an invalid prefix (which still remembers the address).
    pub fn new(addr: IpAddr, bits: i32) -> IpPrefix {
        let valid = addr.is_valid() && bits >= 0 && bits <= i32::from(addr.bit_len());
        IpPrefix {
            addr: addr.without_zone(),
            bits_plus_one: if valid { bits as u8 + 1 } else { 0 },
        }
    }

    /// Go's `netip.ParsePrefix`.
    pub fn parse_prefix(s: &str) -> Result<IpPrefix, String> {
        let Some(i) = s.rfind('/') else {
            return Err(prefix_error(s, "no '/'"));
        };
        let ip = IpAddr::parse_addr(&s[..i]).map_err(|e| prefix_error(s, &e))?;
        if ip.is_6() && !ip.zone().is_empty() {
            return Err(prefix_error(s, "IPv6 zones cannot be present in a prefix"));
        }
        let bits_str = &s[i + 1..];
        let bad_bits = || prefix_error(s, &format!("bad bits after slash: {}", go_quote(bits_str)));
        let b = bits_str.as_bytes();
        if b.len() > 1 && !(b'1'..=b'9').contains(&b[0]) {
            return Err(bad_bits());
        }
        let bits = go_atoi(bits_str).ok_or_else(bad_bits)?;
        let max_bits = if ip.is_6() { 128 } else { 32 };
        if bits < 0 || bits > max_bits {
            return Err(prefix_error(s, "prefix length out of range"));
        }
        Ok(IpPrefix::new(ip, bits as i32))
    }

    /// Go's `UnmarshalText`: empty text is the zero prefix, anything else `ParsePrefix`.
    pub fn parse(s: &str) -> Result<IpPrefix, String> {
        if s.is_empty() {
            return Ok(IpPrefix::default());
        }
        IpPrefix::parse_prefix(s)
    }

    /// Go's `MarshalText`: empty for the zero prefix, `invalid Prefix` for other invalid
    /// ones, else `addr/bits` (IPv4-mapped addresses as `::ffff:a.b.c.d`).
    pub fn format(&self) -> String {
        if *self == IpPrefix::default() {
            return String::new();
        }
        if !self.is_valid() {
            return "invalid Prefix".to_owned();
        }
        let mut out = String::new();
        match &self.addr {
            IpAddr::V4(a) => push_v4(&mut out, a.octets()),
            IpAddr::V6(a, _) => match mapped_v4(a) {
                Some(v4) => {
                    out.push_str("::ffff:");
                    push_v4(&mut out, v4);
                }
                None => push_v6(&mut out, a),
            },
            IpAddr::Invalid => {}
        }
        out.push('/');
        out.push_str(&self.bits().to_string());
        out
    }

    /// Go's `String()` (`invalid Prefix` for invalid prefixes, the zero one included).
    pub fn go_string(&self) -> String {
        if !self.is_valid() {
            return "invalid Prefix".to_owned();
        }
        format!("{}/{}", self.addr.go_string(), self.bits())
    }

    /// Go's `Addr`.
    pub fn addr(&self) -> &IpAddr {
        &self.addr
    }

    /// Go's `Bits` (-1 when invalid).
    pub fn bits(&self) -> i32 {
        i32::from(self.bits_plus_one) - 1
    }

    /// Go's `IsValid`.
    pub fn is_valid(&self) -> bool {
        self.bits_plus_one > 0
    }

    /// Go's `Masked`: the host bits cleared (the zero prefix when invalid).
    pub fn masked(&self) -> IpPrefix {
        if !self.is_valid() {
            return IpPrefix::default();
        }
        let bits = self.bits() as u32;
        let addr = match &self.addr {
            IpAddr::V4(a) => {
                let mask = if bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - bits)
                };
                IpAddr::V4(Ipv4Addr::from(u32::from(*a) & mask))
            }
            IpAddr::V6(a, _) => {
                let mask = if bits == 0 {
                    0
                } else {
                    u128::MAX << (128 - bits)
                };
                IpAddr::V6(Ipv6Addr::from(u128::from(*a) & mask), String::new())
            }
            IpAddr::Invalid => IpAddr::Invalid,
        };
        IpPrefix::new(addr, bits as i32)
    }

    /// Go's `Contains`: whether `ip` (same family, no zone) is inside the prefix.
    pub fn contains(&self, ip: &IpAddr) -> bool {
        if !self.is_valid() || !ip.zone().is_empty() {
            return false;
        }
        let bits = self.bits() as u32;
        match (&self.addr, ip) {
            (IpAddr::V4(p), IpAddr::V4(a)) => {
                bits == 0 || (u32::from(*p) ^ u32::from(*a)) >> (32 - bits) == 0
            }
            (IpAddr::V6(p, _), IpAddr::V6(a, _)) => {
                bits == 0 || (u128::from(*p) ^ u128::from(*a)) >> (128 - bits) == 0
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for IpPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_string())
    }
}

/// Go's `strconv.Atoi` restricted to what `ParsePrefix` can reach: an optional sign and
/// decimal digits fitting in 64 bits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Go's `netip.AddrPort`: an address and a port.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct IpAddrPort {
    /// The address (the zero address for the zero value).
    pub addr: IpAddr,
    /// The port.
    pub port: u16,
}

impl IpAddrPort {
    /// Go's `netip.AddrPortFrom`.
    pub fn new(addr: IpAddr, port: u16) -> IpAddrPort {
        IpAddrPort { addr, port }
    }

    /// Go's `netip.ParseAddrPort`.
    pub fn parse_addr_port(s: &str) -> Result<IpAddrPort, String> {
        let Some(i) = s.rfind(':') else {
            return Err("not an ip:port".to_owned());
        };
        let (mut ip, port) = (&s[..i], &s[i + 1..]);
        if ip.is_empty() {
            return Err("no IP".to_owned());
        }
        if port.is_empty() {
            return Err("no port".to_owned());
        }
        let mut v6 = false;
        if ip.starts_with('[') {
            if ip.len() < 2 || !ip.ends_with(']') {
                return Err("missing ]".to_owned());
            }
            ip = &ip[1..ip.len() - 1];
            v6 = true;
        }
        let port16 = if port.bytes().all(|c| c.is_ascii_digit()) {
            port.parse::<u16>().ok()
        } else {
            None
        };
        let Some(port16) = port16 else {
            return Err(format!(
                "invalid port {} parsing {}",
                go_quote(port),
                go_quote(s)
            ));
        };
        let addr = IpAddr::parse_addr(ip)?;
        if v6 && addr.is_4() {
            return Err(format!(
                "invalid ip:port {}, square brackets can only be used with IPv6 addresses",
                go_quote(s)
            ));
        } else if !v6 && addr.is_6() {
            return Err(format!(
                "invalid ip:port {}, IPv6 addresses must be surrounded by square brackets",
                go_quote(s)
            ));
        }
        Ok(IpAddrPort { addr, port: port16 })
    }

    /// Go's `UnmarshalText`: empty text is the zero value, anything else `ParseAddrPort`.
    pub fn parse(s: &str) -> Result<IpAddrPort, String> {
        if s.is_empty() {
            return Ok(IpAddrPort::default());
        }
        IpAddrPort::parse_addr_port(s)
    }

    /// Go's `MarshalText`: empty when the address is the zero address.
    pub fn format(&self) -> String {
        if !self.addr.is_valid() {
            return String::new();
        }
        self.go_string()
    }

    /// Go's `String()` (`invalid AddrPort` when the address is the zero address).
    pub fn go_string(&self) -> String {
        match &self.addr {
            IpAddr::Invalid => "invalid AddrPort".to_owned(),
            IpAddr::V4(_) => format!("{}:{}", self.addr.go_string(), self.port),
            IpAddr::V6(..) => format!("[{}]:{}", self.addr.go_string(), self.port),
        }
    }

    /// Go's `IsValid`: the address is not the zero address.
    pub fn is_valid(&self) -> bool {
        self.addr.is_valid()
    }

    /// The `std::net` socket address (zone dropped); `None` for the zero address.
    pub fn to_std(&self) -> Option<std::net::SocketAddr> {
        self.addr
            .to_std()
            .map(|a| std::net::SocketAddr::new(a, self.port))
    }
}

impl From<std::net::SocketAddr> for IpAddrPort {
    fn from(addr: std::net::SocketAddr) -> IpAddrPort {
        IpAddrPort::new(addr.ip().into(), addr.port())
    }
}

impl std::fmt::Display for IpAddrPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_string())
    }
}

/// Implements [`GoYaml`] for a `TextMarshaler` type whose Go struct has only unexported
/// fields (go-yaml's `omitempty` then always omits it).
macro_rules! netip_text_type {
    ($ty:ty, $go:literal, $shape:ident) => {
        impl GoYaml for $ty {
            fn go_type() -> Cow<'static, str> {
                Cow::Borrowed($go)
            }

            fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
                let Some(text) = text_scalar(node, decoder, $go) else {
                    return false;
                };
                match <$ty>::parse(text) {
                    Ok(value) => {
                        *self = value;
                        true
                    }
                    Err(message) => {
                        decoder.error(node, message);
                        false
                    }
                }
            }

            fn encode(&self) -> Node {
                Node::string(&self.format())
            }

            fn is_zero(&self) -> bool {
                true
            }

            fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
                shape_unknown_keys(&$shape, node)
            }

            /// A struct of unexported fields: Go's merge cannot set them.
            fn merge_from(
                &mut self,
                _right: Self,
                _src: crate::goyaml::merge::Src<'_>,
                _opts: crate::goyaml::merge::MergeOpts,
            ) -> Result<(), crate::goyaml::merge::MergeError> {
                Err(self.merge_error())
            }

            fn go_string(&self) -> String {
                <$ty>::go_string(self)
            }
        }
    };
}

/// Go's `netip.Addr` is `struct { addr uint128; z unique.Handle }`: its high 64 bits (zero
/// for IPv4, which is stored IPv4-mapped).
fn addr_hi(addr: &IpAddr) -> u64 {
    match addr {
        IpAddr::V6(a, _) => (a.to_bits() >> 64) as u64,
        _ => 0,
    }
}

fn addr_merge_error(addr: &IpAddr) -> crate::goyaml::merge::MergeError {
    crate::goyaml::merge::MergeError::not_settable(addr_hi(addr))
        .in_field("netip.uint128", "hi")
        .in_field("netip.Addr", "addr")
}

impl IpAddr {
    /// What Go's `merge.Merge` reports for two addresses.
    pub(crate) fn merge_error(&self) -> crate::goyaml::merge::MergeError {
        addr_merge_error(self)
    }
}

impl IpPrefix {
    /// What Go's `merge.Merge` reports for two prefixes.
    pub(crate) fn merge_error(&self) -> crate::goyaml::merge::MergeError {
        addr_merge_error(&self.addr).in_field("netip.Prefix", "ip")
    }
}

impl IpAddrPort {
    /// What Go's `merge.Merge` reports for two address-port pairs.
    pub(crate) fn merge_error(&self) -> crate::goyaml::merge::MergeError {
        addr_merge_error(&self.addr).in_field("netip.AddrPort", "ip")
    }
}

netip_text_type!(IpAddr, "netip.Addr", ADDR_SHAPE);
netip_text_type!(IpPrefix, "netip.Prefix", PREFIX_SHAPE);
netip_text_type!(IpAddrPort, "netip.AddrPort", ADDR_PORT_SHAPE);

/// The Go struct layout `xyaml.CheckUnknownKeys` sees through reflection (every field,
/// unexported ones included, keyed by its lower-cased name), for types that are really
/// scalars in YAML but structs in Go.
#[derive(Debug)]
pub(crate) enum Shape {
    /// A non-struct Go type.
    Scalar(&'static str),
    /// A struct: its Go name and its fields (`key`, shape); a later duplicate key wins.
    Struct(&'static str, &'static [(&'static str, &'static Shape)]),
    /// A slice: its Go name and its element.
    Slice(&'static str, &'static Shape),
}

const UINT128_SHAPE: Shape = Shape::Struct(
    "netip.uint128",
    &[
        ("hi", &Shape::Scalar("uint64")),
        ("lo", &Shape::Scalar("uint64")),
    ],
);
const DETAIL_SHAPE: Shape = Shape::Struct(
    "netip.addrDetail",
    &[
        ("isv6", &Shape::Scalar("bool")),
        ("zonev6", &Shape::Scalar("string")),
    ],
);
const HANDLE_SHAPE: Shape = Shape::Struct(
    "unique.Handle[net/netip.addrDetail]",
    &[("value", &DETAIL_SHAPE)],
);
pub(crate) const ADDR_SHAPE: Shape = Shape::Struct(
    "netip.Addr",
    &[("addr", &UINT128_SHAPE), ("z", &HANDLE_SHAPE)],
);
pub(crate) const PREFIX_SHAPE: Shape = Shape::Struct(
    "netip.Prefix",
    &[
        ("ip", &ADDR_SHAPE),
        ("bitsplusone", &Shape::Scalar("uint8")),
    ],
);
pub(crate) const ADDR_PORT_SHAPE: Shape = Shape::Struct(
    "netip.AddrPort",
    &[("ip", &ADDR_SHAPE), ("port", &Shape::Scalar("uint16"))],
);

/// `xyaml.CheckUnknownKeys` against a [`Shape`].
pub(crate) fn shape_unknown_keys(shape: &Shape, node: &Node) -> Result<Option<Node>, String> {
    let (name, fields) = match shape {
        Shape::Scalar(name) => return crate::goyaml::scalar_unknown_keys(node, name),
        Shape::Struct(name, fields) => (*name, *fields),
        Shape::Slice(name, element) => {
            return match node.kind {
                NodeKind::Mapping => Err(format!("unexpected type for yaml mapping: {name}")),
                NodeKind::Sequence => {
                    let mut found = Vec::new();
                    for item in &node.children {
                        if let Some(inner) = shape_unknown_keys(element, item)? {
                            found.push(inner);
                        }
                    }
                    Ok((!found.is_empty()).then(|| Node::sequence(found)))
                }
                _ => Ok(None),
            };
        }
    };
    match node.kind {
        NodeKind::Mapping => {}
        NodeKind::Sequence => return Err(format!("unexpected type for yaml sequence: {name}")),
        _ => return Ok(None),
    }
    let mut unknown: Vec<(String, Node)> = Vec::new();
    for (key, value) in node.entries() {
        if !matches!(key.kind, NodeKind::Scalar) {
            return Err("unexpected mapping key type".to_owned());
        }
        let found = match fields.iter().rev().find(|(k, _)| *k == key.value) {
            None => Some(value.clone()),
            Some((_, inner)) => shape_unknown_keys(inner, value)?,
        };
        if let Some(found) = found {
            match unknown.iter_mut().find(|(k, _)| *k == key.value) {
                Some(entry) => entry.1 = found,
                None => unknown.push((key.value.clone(), found)),
            }
        }
    }
    if unknown.is_empty() {
        return Ok(None);
    }
    sort_keys_go(&mut unknown, |a, b| go_key_order(&a.0, &b.0));
    Ok(Some(Node::mapping(
        unknown
            .into_iter()
            .flat_map(|(k, v)| [Node::string(&k), v])
            .collect(),
    )))
}
