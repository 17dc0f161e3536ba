//! Go package `nethelpers`: the network enums and the hardware address type that the network
//! documents use as field types.
//!
//! Most enums read and write their names the way Go's generated `enumer` text methods do: an
//! exact match, or a match after lower-casing the input (so `802.3AD` and `Layer3+4` are
//! accepted), with the error `<text> does not belong to <Type> values` otherwise. Values are
//! written back by their canonical name. [`FailOverMAC`] keeps Go's older, case-sensitive
//! parser, which also accepts the numbers `0`-`2`.

use crate::goyaml::go_lower;

/// The type name without its package, as Go's error texts and `Type(N)` fallbacks print it.
fn short_name(go_name: &str) -> &str {
    go_name.rsplit('.').next().unwrap_or(go_name)
}

/// An `enumer` lookup: exact name, or the lower-cased input against the lower-cased names.
fn enumer_lookup<T: Copy>(text: &str, names: &[(T, &str)], go_name: &str) -> Result<T, String> {
    let lower = go_lower(text);
    names
        .iter()
        .find(|(_, name)| *name == text || name.to_ascii_lowercase() == lower)
        .map(|(value, _)| *value)
        .ok_or_else(|| format!("{text} does not belong to {} values", short_name(go_name)))
}

macro_rules! go_enum {
    // An enum whose Go zero value is one of its named constants (the first one listed).
    (
        $(#[$meta:meta])*
        $name:ident: $repr:ty = $go:literal {
            $(#[$fmeta:meta])* $first:ident = $fvalue:literal => $ftext:literal,
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            $(#[$fmeta])*
            #[default]
            $first,
            $( $(#[$vmeta])* $variant, )*
        }

        go_enum!(@impl $name, $repr, $go, [], [$first = $fvalue => $ftext, $($variant = $value => $text,)*]);
    };
    // An enum whose Go zero value has no name (Go prints it as `Type(0)`): `$unset` stands for it.
    (
        $(#[$meta:meta])*
        $name:ident: $repr:ty = $go:literal, zero $unset:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            /// Go's zero value, which is not one of the named constants.
            #[default]
            $unset,
            $( $(#[$vmeta])* $variant, )+
        }

        go_enum!(@impl $name, $repr, $go, [$unset], [$($variant = $value => $text,)+]);
    };
    (@impl $name:ident, $repr:ty, $go:literal, [$($unset:ident)?], [$($variant:ident = $value:literal => $text:literal,)+]) => {
        impl $name {
            /// Every named value with its canonical text, in Go's declaration order.
            pub const NAMES: &'static [($name, &'static str)] = &[$(($name::$variant, $text),)+];

            /// The Go integer value.
            pub const fn value(self) -> $repr {
                match self {
                    $( $name::$unset => 0, )?
                    $( $name::$variant => $value, )+
                }
            }

            /// The named value with this Go integer value.
            pub fn from_value(value: $repr) -> Option<$name> {
                match value {
                    $( $value => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// Go's `enumer` parser (`<Type>String`): exact or lower-cased name.
            pub fn from_name(text: &str) -> Result<$name, String> {
                enumer_lookup(text, Self::NAMES, $go)
            }

            /// Go's `String()`: the canonical name (or `Type(0)` for an unnamed zero).
            pub fn format(&self) -> String {
                match self {
                    $( $name::$unset => format!("{}(0)", short_name($go)), )?
                    $( $name::$variant => $text.to_owned(), )+
                }
            }

            /// Whether this is Go's zero value (what `omitempty` leaves out).
            pub fn is_zero(&self) -> bool {
                self.value() == 0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.format())
            }
        }

        crate::go_text_type!($name, $go, {
            /// enumer's `String`.
            fn go_string(&self) -> String {
                self.format()
            }
        });
    };
}

/// Declares `parse` as the `enumer` text parser for each listed enum.
macro_rules! enumer_text {
    ($($name:ident),+ $(,)?) => {$(
        impl $name {
            /// Go's `UnmarshalText`: the `enumer` lookup, with its error text.
            pub fn parse(text: &str) -> Result<$name, String> {
                Self::from_name(text)
            }
        }
    )+};
}

go_enum! {
    /// Bonding mode (`nethelpers.BondMode`, Linux `mode`).
    BondMode: u8 = "nethelpers.BondMode" {
        /// `balance-rr`.
        Roundrobin = 0 => "balance-rr",
        /// `active-backup`.
        ActiveBackup = 1 => "active-backup",
        /// `balance-xor`.
        Xor = 2 => "balance-xor",
        /// `broadcast`.
        Broadcast = 3 => "broadcast",
        /// `802.3ad` (LACP).
        Ieee8023Ad = 4 => "802.3ad",
        /// `balance-tlb`.
        Tlb = 5 => "balance-tlb",
        /// `balance-alb`.
        Alb = 6 => "balance-alb",
    }
}

go_enum! {
    /// Bond transmit hash policy (`nethelpers.BondXmitHashPolicy`).
    BondXmitHashPolicy: u8 = "nethelpers.BondXmitHashPolicy" {
        /// `layer2`.
        Layer2 = 0 => "layer2",
        /// `layer3+4`.
        Layer34 = 1 => "layer3+4",
        /// `layer2+3`.
        Layer23 = 2 => "layer2+3",
        /// `encap2+3`.
        Encap23 = 3 => "encap2+3",
        /// `encap3+4`.
        Encap34 = 4 => "encap3+4",
    }
}

go_enum! {
    /// LACPDU rate (`nethelpers.LACPRate`).
    LACPRate: u8 = "nethelpers.LACPRate" {
        /// `slow`.
        Slow = 0 => "slow",
        /// `fast`.
        Fast = 1 => "fast",
    }
}

go_enum! {
    /// ARP validation mode of a bond (`nethelpers.ARPValidate`).
    ARPValidate: u32 = "nethelpers.ARPValidate" {
        /// `none`.
        None = 0 => "none",
        /// `active`.
        Active = 1 => "active",
        /// `backup`.
        Backup = 2 => "backup",
        /// `all`.
        All = 3 => "all",
        /// `filter`.
        Filter = 4 => "filter",
        /// `filter-active`.
        FilterActive = 5 => "filter-active",
        /// `filter-backup`.
        FilterBackup = 6 => "filter-backup",
    }
}

go_enum! {
    /// Which ARP targets must be reachable (`nethelpers.ARPAllTargets`).
    ARPAllTargets: u32 = "nethelpers.ARPAllTargets" {
        /// `any`.
        Any = 0 => "any",
        /// `all`.
        All = 1 => "all",
    }
}

go_enum! {
    /// Primary slave reselection policy (`nethelpers.PrimaryReselect`).
    PrimaryReselect: u8 = "nethelpers.PrimaryReselect" {
        /// `always`.
        Always = 0 => "always",
        /// `better`.
        Better = 1 => "better",
        /// `failure`.
        Failure = 2 => "failure",
    }
}

go_enum! {
    /// MAC address policy on failover (`nethelpers.FailOverMAC`).
    FailOverMAC: u8 = "nethelpers.FailOverMAC" {
        /// `none`.
        None = 0 => "none",
        /// `active`.
        Active = 1 => "active",
        /// `follow`.
        Follow = 2 => "follow",
    }
}

impl FailOverMAC {
    /// Go's `UnmarshalText`: the exact names (and the empty text, meaning `none`), then, for
    /// compatibility, a decimal number from 0 to 2; otherwise Go's `FailOverMACByName` error.
    pub fn parse(text: &str) -> Result<FailOverMAC, String> {
        match text {
            "" | "none" => return Ok(FailOverMAC::None),
            "active" => return Ok(FailOverMAC::Active),
            "follow" => return Ok(FailOverMAC::Follow),
            _ => {}
        }
        if let Some(number) = go_parse_int8(text)
            && let Ok(value) = u8::try_from(number)
            && let Some(mode) = FailOverMAC::from_value(value)
        {
            return Ok(mode);
        }
        Err(format!("invalid fail_over_mac value {text}"))
    }
}

/// Go's `strconv.ParseInt(text, 10, 8)`: optional sign, decimal digits, within `int8`.
fn go_parse_int8(text: &str) -> Option<i8> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Leading zeros are fine for Go; trim them so long zero runs do not overflow.
    let trimmed = digits.trim_start_matches('0');
    let magnitude: i64 = if trimmed.is_empty() {
        0
    } else if trimmed.len() > 4 {
        return None;
    } else {
        trimmed.parse().ok()?
    };
    let value = if negative { -magnitude } else { magnitude };
    i8::try_from(value).ok()
}

go_enum! {
    /// 802.3ad aggregation selection logic (`nethelpers.ADSelect`).
    ADSelect: u8 = "nethelpers.ADSelect" {
        /// `stable`.
        Stable = 0 => "stable",
        /// `bandwidth`.
        Bandwidth = 1 => "bandwidth",
        /// `count`.
        Count = 2 => "count",
    }
}

go_enum! {
    /// Whether 802.3ad LACP is active (`nethelpers.ADLACPActive`).
    ADLACPActive: u8 = "nethelpers.ADLACPActive" {
        /// `off`.
        Off = 0 => "off",
        /// `on`.
        On = 1 => "on",
    }
}

go_enum! {
    /// VLAN tagging protocol (`nethelpers.VLANProtocol`, the EtherType).
    VLANProtocol: u16 = "nethelpers.VLANProtocol", zero Unset {
        /// `802.1q` (0x8100).
        Ieee8021Q = 33024 => "802.1q",
        /// `802.1ad` (0x88a8).
        Ieee8021Ad = 34984 => "802.1ad",
    }
}

go_enum! {
    /// Route type (`nethelpers.RouteType`).
    RouteType: u8 = "nethelpers.RouteType" {
        /// `unspec`.
        Unspec = 0 => "unspec",
        /// `unicast`.
        Unicast = 1 => "unicast",
        /// `local`.
        Local = 2 => "local",
        /// `broadcast`.
        Broadcast = 3 => "broadcast",
        /// `anycast`.
        Anycast = 4 => "anycast",
        /// `multicast`.
        Multicast = 5 => "multicast",
        /// `blackhole`.
        Blackhole = 6 => "blackhole",
        /// `unreachable`.
        Unreachable = 7 => "unreachable",
        /// `prohibit`.
        Prohibit = 8 => "prohibit",
        /// `throw`.
        Throw = 9 => "throw",
        /// `nat`.
        Nat = 10 => "nat",
        /// `xresolve`.
        XResolve = 11 => "xresolve",
    }
}

go_enum! {
    /// Address family (`nethelpers.Family`).
    Family: u8 = "nethelpers.Family", zero Unset {
        /// `inet4`.
        Inet4 = 2 => "inet4",
        /// `inet6`.
        Inet6 = 10 => "inet6",
    }
}

go_enum! {
    /// IP protocol (`nethelpers.Protocol`, the IANA protocol number).
    Protocol: u8 = "nethelpers.Protocol", zero Unset {
        /// `icmp` (1).
        Icmp = 1 => "icmp",
        /// `tcp` (6).
        Tcp = 6 => "tcp",
        /// `udp` (17).
        Udp = 17 => "udp",
        /// `icmpv6` (58).
        IcmpV6 = 58 => "icmpv6",
    }
}

go_enum! {
    /// Default firewall action (`nethelpers.DefaultAction`).
    DefaultAction: isize = "nethelpers.DefaultAction" {
        /// `accept`.
        Accept = 0 => "accept",
        /// `block`.
        Block = 1 => "block",
    }
}

go_enum! {
    /// How the hostname is picked when none is set (`nethelpers.AutoHostnameKind`).
    AutoHostnameKind: u8 = "nethelpers.AutoHostnameKind" {
        /// `off`.
        Off = 0 => "off",
        /// `talos-addr`: derived from the node address.
        Addr = 1 => "talos-addr",
        /// `stable`: derived from the machine identity.
        Stable = 2 => "stable",
    }
}

go_enum! {
    /// DHCP client identifier kind (`nethelpers.ClientIdentifier`).
    ClientIdentifier: isize = "nethelpers.ClientIdentifier" {
        /// `none`.
        None = 0 => "none",
        /// `mac`.
        Mac = 1 => "mac",
        /// `duid`.
        Duid = 2 => "duid",
    }
}

go_enum! {
    /// Upstream DNS protocol (`nethelpers.DNSProtocol`).
    DNSProtocol: u8 = "nethelpers.DNSProtocol" {
        /// `Do53`: plain DNS.
        Do53 = 0 => "Do53",
        /// `DoT`: DNS over TLS.
        DoT = 1 => "DoT",
        /// `DoH`: DNS over HTTPS.
        DoH = 2 => "DoH",
    }
}

go_enum! {
    /// Routing rule action (`nethelpers.RoutingRuleAction`).
    RoutingRuleAction: u8 = "nethelpers.RoutingRuleAction" {
        /// `unspec`.
        Unspec = 0 => "unspec",
        /// `unicast`.
        Unicast = 1 => "unicast",
        /// `blackhole`.
        Blackhole = 6 => "blackhole",
        /// `unreachable`.
        Unreachable = 7 => "unreachable",
        /// `prohibit`.
        Prohibit = 8 => "prohibit",
    }
}

go_enum! {
    /// Wake-on-LAN mode (`nethelpers.WOLMode`, an ethtool bit).
    WOLMode: isize = "nethelpers.WOLMode", zero Unset {
        /// `phy`.
        Phy = 1 => "phy",
        /// `unicast`.
        Unicast = 2 => "unicast",
        /// `multicast`.
        Multicast = 4 => "multicast",
        /// `broadcast`.
        Broadcast = 8 => "broadcast",
        /// `magic`.
        Magic = 32 => "magic",
        /// `magicsecure`.
        MagicSecure = 64 => "magicsecure",
        /// `filter`.
        Filter = 128 => "filter",
    }
}

go_enum! {
    /// Node address sort algorithm (`nethelpers.AddressSortAlgorithm`).
    AddressSortAlgorithm: isize = "nethelpers.AddressSortAlgorithm" {
        /// `v1`.
        V1 = 0 => "v1",
        /// `v2`.
        V2 = 1 => "v2",
    }
}

enumer_text!(
    BondMode,
    BondXmitHashPolicy,
    LACPRate,
    ARPValidate,
    ARPAllTargets,
    PrimaryReselect,
    ADSelect,
    ADLACPActive,
    VLANProtocol,
    RouteType,
    Family,
    Protocol,
    DefaultAction,
    AutoHostnameKind,
    ClientIdentifier,
    DNSProtocol,
    RoutingRuleAction,
    WOLMode,
    AddressSortAlgorithm,
);

/// A routing table (`nethelpers.RoutingTable`): a number from 0 to 255, written `unspec`
/// (0), `1`…`252`, `default` (253), `main` (254) or `local` (255).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct RoutingTable(pub u32);

impl RoutingTable {
    /// Table 0, `unspec` (Go's zero value).
    pub const UNSPEC: RoutingTable = RoutingTable(0);
    /// Table 253, `default`.
    pub const DEFAULT: RoutingTable = RoutingTable(253);
    /// Table 254, `main`.
    pub const MAIN: RoutingTable = RoutingTable(254);
    /// Table 255, `local`.
    pub const LOCAL: RoutingTable = RoutingTable(255);

    /// Go's `enumer` parser: the names above (case-insensitive) or a plain decimal 1-252.
    pub fn parse(text: &str) -> Result<RoutingTable, String> {
        match go_lower(text).as_str() {
            "unspec" => return Ok(RoutingTable::UNSPEC),
            "default" => return Ok(RoutingTable::DEFAULT),
            "main" => return Ok(RoutingTable::MAIN),
            "local" => return Ok(RoutingTable::LOCAL),
            _ => {}
        }
        // Numbered tables are matched by their canonical text only: no sign, no leading zero.
        let canonical = !text.is_empty()
            && text.len() <= 3
            && !text.starts_with('0')
            && text.bytes().all(|b| b.is_ascii_digit());
        if canonical
            && let Ok(number) = text.parse::<u32>()
            && (1..=252).contains(&number)
        {
            return Ok(RoutingTable(number));
        }
        Err(format!("{text} does not belong to RoutingTable values"))
    }

    /// Go's `String()`.
    pub fn format(&self) -> String {
        match self.0 {
            0 => "unspec".to_owned(),
            1..=252 => self.0.to_string(),
            253 => "default".to_owned(),
            254 => "main".to_owned(),
            255 => "local".to_owned(),
            n => format!("RoutingTable({n})"),
        }
    }

    /// Whether this is table 0 (what `omitempty` leaves out).
    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

impl std::fmt::Display for RoutingTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format())
    }
}

crate::go_text_type!(RoutingTable, "nethelpers.RoutingTable");

/// A link-layer address of any length (`nethelpers.HardwareAddr`): read as hex digits with
/// optional `:` separators anywhere, written as colon-separated lower-case byte pairs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HardwareAddr(pub Vec<u8>);

impl HardwareAddr {
    /// Go's `UnmarshalText`: drop every `:`, then `hex.Decode` (its error texts).
    pub fn parse(text: &str) -> Result<HardwareAddr, String> {
        let raw: Vec<u8> = text.bytes().filter(|&b| b != b':').collect();
        let mut out = Vec::with_capacity(raw.len() / 2);
        for pair in raw.chunks(2) {
            let high = hex_value(pair[0]).ok_or_else(|| invalid_hex_byte(pair[0]))?;
            let Some(&second) = pair.get(1) else {
                return Err("encoding/hex: odd length hex string".to_owned());
            };
            let low = hex_value(second).ok_or_else(|| invalid_hex_byte(second))?;
            out.push(high << 4 | low);
        }
        Ok(HardwareAddr(out))
    }

    /// Go's `net.HardwareAddr.String()`: `aa:bb:cc`, empty for no bytes.
    pub fn format(&self) -> String {
        self.0
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    }

    /// Whether there are no bytes (Go's empty slice).
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for HardwareAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format())
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `hex.InvalidByteError`: the byte as a rune in Go's `%#U` form.
fn invalid_hex_byte(b: u8) -> String {
    // strconv.IsPrint over U+0000..U+00FF: graphic characters and the ASCII space, but not
    // the C1 controls, NO-BREAK SPACE or SOFT HYPHEN.
    let printable = (0x20..=0x7e).contains(&b) || (b >= 0xa1 && b != 0xad);
    if printable {
        format!(
            "encoding/hex: invalid byte: U+{:04X} '{}'",
            b,
            char::from(b)
        )
    } else {
        format!("encoding/hex: invalid byte: U+{b:04X}")
    }
}

crate::go_text_type!(HardwareAddr, "nethelpers.HardwareAddr", {
    /// A `[]byte`: replaced unless nil.
    fn merge_from(
        &mut self,
        right: HardwareAddr,
        src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        if !src.is_nil(right.is_zero()) {
            *self = right;
        }
        Ok(())
    }
});
