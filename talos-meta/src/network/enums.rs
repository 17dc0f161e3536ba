//! The enumerations of the network config, with the exact names Talos reads and writes.
//!
//! Decoding follows Go's generated `XString` functions: the exact name first, then the input
//! lower-cased (Go's simple case mapping), so `Link`, `LINK` and `link` all mean
//! [`Scope::Link`]; `DoT` and `dot` both mean [`DnsProtocol::DoT`].

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::error::ValueError;
use super::scalars::go_lower;

/// Looks `s` up in `names` the way Go's enumer does (exact, then lower-cased).
fn lookup<T: Copy>(s: &str, names: &[(T, &'static str)]) -> Option<T> {
    if let Some((v, _)) = names.iter().find(|(_, n)| *n == s) {
        return Some(*v);
    }
    let lower = go_lower(s);
    names
        .iter()
        .find(|(_, n)| n.to_ascii_lowercase() == lower)
        .map(|(v, _)| *v)
}

macro_rules! go_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $repr:ty = $go:literal, default $default:ident
        $(, unnamed $unnamed:ident = $unnamed_text:literal)?
        {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = concat!("Go's zero value, which has no name: written `", $unnamed_text, "` and never read back.")]
                $unnamed,
            )?
            $( $(#[$vmeta])* #[doc = concat!("`", $text, "` (", stringify!($value), ")")] $variant, )+
        }

        impl $name {
            /// Every named value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            const NAMES: &'static [($name, &'static str)] = &[$(($name::$variant, $text)),+];

            /// The Go type name, as used in error messages.
            pub const GO_TYPE: &'static str = $go;

            /// The numeric value Talos and the kernel use.
            pub const fn value(self) -> $repr {
                match self {
                    $( $name::$unnamed => 0, )?
                    $( $name::$variant => $value, )+
                }
            }

            /// The value with this number, if it has one.
            pub fn from_value(value: $repr) -> Option<Self> {
                match value {
                    $( $value => Some($name::$variant), )+
                    $( 0 => Some($name::$unnamed), )?
                    _ => None,
                }
            }

            /// The text Talos writes.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$unnamed => $unnamed_text, )?
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl FromStr for $name {
            type Err = ValueError;

            fn from_str(s: &str) -> Result<Self, ValueError> {
                lookup(s, Self::NAMES).ok_or_else(|| ValueError::UnknownName {
                    type_name: $go,
                    value: s.to_owned(),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

go_enum! {
    /// Which layer produced a network setting (lowest priority first); META entries should use
    /// [`ConfigLayer::Platform`].
    pub enum ConfigLayer: i64 = "ConfigLayer", default Default {
        Default = 0 => "default",
        Cmdline = 1 => "cmdline",
        Platform = 2 => "platform",
        Operator = 3 => "operator",
        Configuration = 4 => "configuration",
    }
}

go_enum! {
    /// A Talos network operator.
    pub enum Operator: i64 = "Operator", default Dhcp4 {
        Dhcp4 = 0 => "dhcp4",
        Dhcp6 = 1 => "dhcp6",
        Vip = 2 => "vip",
    }
}

go_enum! {
    /// Address family. Its zero value has no name, so always set it.
    pub enum Family: u8 = "Family", default Unspecified, unnamed Unspecified = "Family(0)" {
        Inet4 = 2 => "inet4",
        Inet6 = 10 => "inet6",
    }
}

go_enum! {
    /// Address or route scope.
    pub enum Scope: u8 = "Scope", default Global {
        Global = 0 => "global",
        Site = 200 => "site",
        Link = 253 => "link",
        Host = 254 => "host",
        Nowhere = 255 => "nowhere",
    }
}

go_enum! {
    /// Route type.
    pub enum RouteType: u8 = "RouteType", default Unspec {
        Unspec = 0 => "unspec",
        Unicast = 1 => "unicast",
        Local = 2 => "local",
        Broadcast = 3 => "broadcast",
        Anycast = 4 => "anycast",
        Multicast = 5 => "multicast",
        Blackhole = 6 => "blackhole",
        Unreachable = 7 => "unreachable",
        Prohibit = 8 => "prohibit",
        Throw = 9 => "throw",
        Nat = 10 => "nat",
        XResolve = 11 => "xresolve",
    }
}

go_enum! {
    /// Routing protocol (who installed the route).
    pub enum RouteProtocol: u8 = "RouteProtocol", default Unspec {
        Unspec = 0 => "unspec",
        Redirect = 1 => "redirect",
        Kernel = 2 => "kernel",
        Boot = 3 => "boot",
        Static = 4 => "static",
        Ra = 9 => "ra",
        Mrt = 10 => "mrt",
        Zebra = 11 => "zebra",
        Bird = 12 => "bird",
        Dnrouted = 13 => "dnrouted",
        Xorp = 14 => "xorp",
        Ntk = 15 => "ntk",
        Dhcp = 16 => "dhcp",
        Mrtd = 17 => "mrtd",
        Keepalived = 18 => "keepalived",
        Babel = 42 => "babel",
        Openr = 99 => "openr",
        Bgp = 186 => "bgp",
        Isis = 187 => "isis",
        Ospf = 188 => "ospf",
        Rip = 189 => "rip",
        Eigrp = 192 => "eigrp",
    }
}

go_enum! {
    /// Link hardware type (Linux `ARPHRD_*`). Talos' alias `hdlc` for `cisco` is not a
    /// recognised name.
    pub enum LinkType: u16 = "LinkType", default Netrom {
        Netrom = 0 => "netrom",
        Ether = 1 => "ether",
        Eether = 2 => "eether",
        Ax25 = 3 => "ax25",
        Pronet = 4 => "pronet",
        Chaos = 5 => "chaos",
        Ieee802 = 6 => "ieee802",
        Arcnet = 7 => "arcnet",
        Atalk = 8 => "atalk",
        Dlci = 15 => "dlci",
        Atm = 19 => "atm",
        Metricom = 23 => "metricom",
        Ieee1394 = 24 => "ieee1394",
        Eui64 = 27 => "eui64",
        Infiniband = 32 => "infiniband",
        Slip = 256 => "slip",
        Cslip = 257 => "cslip",
        Slip6 = 258 => "slip6",
        Cslip6 = 259 => "cslip6",
        Rsrvd = 260 => "rsrvd",
        Adapt = 264 => "adapt",
        Rose = 270 => "rose",
        X25 = 271 => "x25",
        Hwx25 = 272 => "hwx25",
        Can = 280 => "can",
        Ppp = 512 => "ppp",
        Cisco = 513 => "cisco",
        Lapb = 516 => "lapb",
        Ddcmp = 517 => "ddcmp",
        Rawhdlc = 518 => "rawhdlc",
        Ipip = 768 => "ipip",
        Tunnel6 = 769 => "tunnel6",
        Frad = 770 => "frad",
        Skip = 771 => "skip",
        Loopback = 772 => "loopback",
        Localtlk = 773 => "localtlk",
        Fddi = 774 => "fddi",
        Bif = 775 => "bif",
        Sit = 776 => "sit",
        IpDdp = 777 => "ip/ddp",
        Gre = 778 => "gre",
        Pimreg = 779 => "pimreg",
        Hippi = 780 => "hippi",
        Ash = 781 => "ash",
        Econet = 782 => "econet",
        Irda = 783 => "irda",
        Fcpp = 784 => "fcpp",
        Fcal = 785 => "fcal",
        Fcpl = 786 => "fcpl",
        Fcfb0 = 787 => "fcfb_0",
        Fcfb1 = 788 => "fcfb_1",
        Fcfb2 = 789 => "fcfb_2",
        Fcfb3 = 790 => "fcfb_3",
        Fcfb4 = 791 => "fcfb_4",
        Fcfb5 = 792 => "fcfb_5",
        Fcfb6 = 793 => "fcfb_6",
        Fcfb7 = 794 => "fcfb_7",
        Fcfb8 = 795 => "fcfb_8",
        Fcfb9 = 796 => "fcfb_9",
        Fcfb10 = 797 => "fcfb_10",
        Fcfb11 = 798 => "fcfb_11",
        Fcfb12 = 799 => "fcfb_12",
        Tr = 800 => "tr",
        Ieee80211 = 801 => "ieee802.11",
        Ieee80211Prism = 802 => "ieee802.11_prism",
        Ieee80211Radiotap = 803 => "ieee802.11_radiotap",
        Ieee802154 = 804 => "ieee802.15.4",
        Ieee802154Monitor = 805 => "ieee802.15.4_monitor",
        Phonet = 820 => "phonet",
        PhonetPipe = 821 => "phonet_pipe",
        Caif = 822 => "caif",
        Ip6gre = 823 => "ip6gre",
        Netlink = 824 => "netlink",
        SixLowpan = 825 => "6lowpan",
        Nohdr = 65534 => "nohdr",
        Void = 65535 => "void",
    }
}

go_enum! {
    /// VLAN tag protocol. Its zero value has no name.
    pub enum VlanProtocol: u16 = "VLANProtocol", default Unspecified, unnamed Unspecified = "VLANProtocol(0)" {
        Ieee8021Q = 0x8100 => "802.1q",
        Ieee8021Ad = 0x88a8 => "802.1ad",
    }
}

go_enum! {
    /// Bonding mode.
    pub enum BondMode: u8 = "BondMode", default BalanceRr {
        BalanceRr = 0 => "balance-rr",
        ActiveBackup = 1 => "active-backup",
        BalanceXor = 2 => "balance-xor",
        Broadcast = 3 => "broadcast",
        Ieee8023Ad = 4 => "802.3ad",
        BalanceTlb = 5 => "balance-tlb",
        BalanceAlb = 6 => "balance-alb",
    }
}

go_enum! {
    /// Bond transmit hash policy.
    pub enum BondXmitHashPolicy: u8 = "BondXmitHashPolicy", default Layer2 {
        Layer2 = 0 => "layer2",
        Layer34 = 1 => "layer3+4",
        Layer23 = 2 => "layer2+3",
        Encap23 = 3 => "encap2+3",
        Encap34 = 4 => "encap3+4",
    }
}

go_enum! {
    /// 802.3ad LACPDU rate.
    pub enum LacpRate: u8 = "LACPRate", default Slow {
        Slow = 0 => "slow",
        Fast = 1 => "fast",
    }
}

go_enum! {
    /// Bond ARP validation.
    pub enum ArpValidate: u32 = "ARPValidate", default None {
        None = 0 => "none",
        Active = 1 => "active",
        Backup = 2 => "backup",
        All = 3 => "all",
        Filter = 4 => "filter",
        FilterActive = 5 => "filter-active",
        FilterBackup = 6 => "filter-backup",
    }
}

go_enum! {
    /// Which ARP targets must be up for a bond slave to be up.
    pub enum ArpAllTargets: u32 = "ARPAllTargets", default Any {
        Any = 0 => "any",
        All = 1 => "all",
    }
}

go_enum! {
    /// When the primary bond slave is reselected.
    pub enum PrimaryReselect: u8 = "PrimaryReselect", default Always {
        Always = 0 => "always",
        Better = 1 => "better",
        Failure = 2 => "failure",
    }
}

go_enum! {
    /// 802.3ad aggregation selection logic.
    pub enum AdSelect: u8 = "ADSelect", default Stable {
        Stable = 0 => "stable",
        Bandwidth = 1 => "bandwidth",
        Count = 2 => "count",
    }
}

go_enum! {
    /// 802.3ad LACP active mode (Talos writes it quoted: `'on'`).
    pub enum AdLacpActive: u8 = "ADLACPActive", default Off {
        Off = 0 => "off",
        On = 1 => "on",
    }
}

go_enum! {
    /// DNS transport.
    pub enum DnsProtocol: u8 = "DNSProtocol", default Do53 {
        Do53 = 0 => "Do53",
        DoT = 1 => "DoT",
        DoH = 2 => "DoH",
    }
}

go_enum! {
    /// DHCP client identifier kind.
    pub enum ClientIdentifier: i64 = "ClientIdentifier", default None {
        None = 0 => "none",
        Mac = 1 => "mac",
        Duid = 2 => "duid",
    }
}

/// Bond fail-over MAC policy. Besides the names it accepts the legacy numbers `0`, `1`, `2`
/// (any form Go's `strconv.ParseInt(s, 10, 8)` reads, e.g. `+2` or `002`), and `""` means
/// [`FailOverMac::None`].
///
/// ```
/// use talos_meta::network::FailOverMac;
///
/// assert_eq!("follow".parse(), Ok(FailOverMac::Follow));
/// assert_eq!("1".parse(), Ok(FailOverMac::Active));
/// assert!("Follow".parse::<FailOverMac>().is_err()); // no case folding for this one
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FailOverMac {
    /// `none` (0)
    #[default]
    None,
    /// `active` (1)
    Active,
    /// `follow` (2)
    Follow,
}

impl FailOverMac {
    /// Every value.
    pub const ALL: &'static [FailOverMac] = &[Self::None, Self::Active, Self::Follow];

    /// The numeric value.
    pub const fn value(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Active => 1,
            Self::Follow => 2,
        }
    }

    /// The text Talos writes.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Active => "active",
            Self::Follow => "follow",
        }
    }
}

impl FromStr for FailOverMac {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        match s {
            "" | "none" => return Ok(Self::None),
            "active" => return Ok(Self::Active),
            "follow" => return Ok(Self::Follow),
            _ => {}
        }
        // strconv.ParseInt(s, 10, 8): optional sign, decimal digits, range of i8.
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = s.parse::<i64>()
        {
            match n {
                0 => return Ok(Self::None),
                1 => return Ok(Self::Active),
                2 => return Ok(Self::Follow),
                _ => {}
            }
        }
        Err(ValueError::UnknownName {
            type_name: "FailOverMAC",
            value: s.to_owned(),
        })
    }
}

impl fmt::Display for FailOverMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FailOverMac {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A routing table: `unspec` (0), `1`…`252` (written in decimal), `default` (253), `main`
/// (254) or `local` (255).
///
/// ```
/// use talos_meta::network::RoutingTable;
///
/// assert_eq!("main".parse(), Ok(RoutingTable::MAIN));
/// assert_eq!("123".parse::<RoutingTable>()?.to_string(), "123");
/// assert!("253".parse::<RoutingTable>().is_err()); // 253 is spelled `default`
/// # Ok::<(), talos_meta::network::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoutingTable(pub u8);

impl RoutingTable {
    /// `unspec` (0).
    pub const UNSPEC: Self = Self(0);
    /// `default` (253).
    pub const DEFAULT: Self = Self(253);
    /// `main` (254).
    pub const MAIN: Self = Self(254);
    /// `local` (255).
    pub const LOCAL: Self = Self(255);
}

impl FromStr for RoutingTable {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let named = |t: &str| match t {
            "unspec" => Some(Self::UNSPEC),
            "default" => Some(Self::DEFAULT),
            "main" => Some(Self::MAIN),
            "local" => Some(Self::LOCAL),
            // Names "1" … "252": exactly the decimal form, no sign or leading zero.
            _ if !t.is_empty()
                && t.len() <= 3
                && !t.starts_with('0')
                && t.bytes().all(|b| b.is_ascii_digit()) =>
            {
                t.parse::<u16>()
                    .ok()
                    .filter(|n| (1..=252).contains(n))
                    .map(|n| Self(n as u8))
            }
            _ => None,
        };
        named(s)
            .or_else(|| named(&go_lower(s)))
            .ok_or_else(|| ValueError::UnknownName {
                type_name: "RoutingTable",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for RoutingTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::UNSPEC => f.write_str("unspec"),
            Self::DEFAULT => f.write_str("default"),
            Self::MAIN => f.write_str("main"),
            Self::LOCAL => f.write_str("local"),
            Self(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for RoutingTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

macro_rules! go_flags {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $go:literal, empty_ok $empty_ok:literal {
            $( $(#[$fmeta:meta])* $flag:ident = $bit:literal => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("`", $text, "`")]
                pub const $flag: Self = Self($bit);
            )+

            /// Every flag with its name, in ascending bit order.
            pub const NAMES: &'static [(Self, &'static str)] = &[$((Self::$flag, $text)),+];

            /// Whether every bit of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
        }

        impl std::ops::BitOr for $name {
            type Output = Self;

            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }

        impl std::ops::BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }

        impl FromStr for $name {
            type Err = ValueError;

            fn from_str(s: &str) -> Result<Self, ValueError> {
                let mut flags = Self(0);
                if $empty_ok && s.is_empty() {
                    return Ok(flags);
                }
                for part in s.split(',') {
                    let flag = lookup(part, Self::NAMES).ok_or_else(|| ValueError::UnknownName {
                        type_name: $go,
                        value: part.to_owned(),
                    })?;
                    flags |= flag;
                }
                Ok(flags)
            }
        }

        impl fmt::Display for $name {
            /// Known flags, comma-separated in ascending bit order (unknown bits are dropped).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut first = true;
                for (flag, text) in Self::NAMES {
                    if self.contains(*flag) {
                        if !first {
                            f.write_str(",")?;
                        }
                        f.write_str(text)?;
                        first = false;
                    }
                }
                Ok(())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}

go_flags! {
    /// Address flags (`IFA_F_*`), written as a comma list such as `permanent` or
    /// `nodad,noprefixroute`.
    ///
    /// Talos writes no flags as `""` but cannot read `""` back (it is an unknown flag name):
    /// write `permanent` for static addresses.
    ///
    /// ```
    /// use talos_meta::network::AddressFlags;
    ///
    /// let f: AddressFlags = "noprefixroute,NODAD".parse()?;
    /// assert_eq!(f, AddressFlags::NODAD | AddressFlags::NOPREFIXROUTE);
    /// assert_eq!(f.to_string(), "nodad,noprefixroute");
    /// assert!("".parse::<AddressFlags>().is_err());
    /// # Ok::<(), talos_meta::network::ValueError>(())
    /// ```
    pub struct AddressFlags = "AddressFlag", empty_ok false {
        TEMPORARY = 0x1 => "temporary",
        NODAD = 0x2 => "nodad",
        OPTIMISTIC = 0x4 => "optimistic",
        DADFAILED = 0x8 => "dadfailed",
        HOMEADDRESS = 0x10 => "homeaddress",
        DEPRECATED = 0x20 => "deprecated",
        TENTATIVE = 0x40 => "tentative",
        PERMANENT = 0x80 => "permanent",
        MNGMTMPADDR = 0x100 => "mngmtmpaddr",
        NOPREFIXROUTE = 0x200 => "noprefixroute",
        MCAUTOJOIN = 0x400 => "mcautojoin",
        STABLEPRIVACY = 0x800 => "stableprivacy",
    }
}

go_flags! {
    /// Route flags (`RTM_F_*`), written as a comma list; `""` means none.
    pub struct RouteFlags = "RouteFlag", empty_ok true {
        NOTIFY = 0x100 => "notify",
        CLONED = 0x200 => "cloned",
        EQUALIZE = 0x400 => "equalize",
        PREFIX = 0x800 => "prefix",
        LOOKUP_TABLE = 0x1000 => "lookup_table",
        FIB_MATCH = 0x2000 => "fib_match",
        OFFLOAD = 0x4000 => "offload",
        TRAP = 0x8000 => "trap",
    }
}
