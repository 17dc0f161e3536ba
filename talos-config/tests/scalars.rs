//! The shared scalar types (`netip`, `meta`, `time.Duration`, `net/url`): parsing, error
//! texts and re-encoding, checked against answers recorded from the Go reference oracle
//! (Talos v1.14.0-alpha.2 `config.load`), plus the `types/meta/testdata` fixtures.

mod common;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use talos_config::GoYaml;
use talos_config::goyaml::{Any, Decoder, GoYaml as _, Node, NodeKind, ScalarStyle};
use talos_config::types::duration::Duration;
use talos_config::types::meta::{
    Addr, AddrPort, ArgValue, Args, CertificateAndKey, Prefix, Unstructured, Url,
};
use talos_config::types::netip::{IpAddr, IpAddrPort, IpPrefix};
use talos_config::types::url::GoUrl;
use talos_config::yaml::DocumentStream;

/// One field per scalar type, keyed by the case kind of the oracle table.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "test.Holder")]
struct Holder {
    #[go(yaml = "prefix")]
    prefix: IpPrefix,
    #[go(yaml = "meta_prefix", omitempty)]
    meta_prefix: Prefix,
    #[go(yaml = "meta_addr")]
    meta_addr: Addr,
    #[go(yaml = "addrport")]
    addrport: IpAddrPort,
    #[go(yaml = "duration", omitempty)]
    duration: Duration,
    #[go(yaml = "url")]
    url: Url,
}

type Expect = Result<Option<&'static str>, &'static str>;

/// `(field, YAML value as written, oracle outcome)`: `Ok(Some(text))` is the re-encoded
/// value, `Ok(None)` an omitted (zero) value, `Err` the construct error after `line N: `.
/// Recorded from the oracle with NetworkRuleConfig `subnet` / `except`, ResolverConfig
/// `address`, KubeSpanEndpointsConfig `extraAnnouncedEndpoints`, TimeSyncConfig
/// `bootTimeout` and KmsgLogConfig `url`.
const ORACLE: &[(&str, &str, Expect)] = &[
    (r#"prefix"#, r#"10.0.0.0/8"#, Ok(Some(r#"10.0.0.0/8"#))),
    (r#"prefix"#, r#"10.0.0.1/8"#, Ok(Some(r#"10.0.0.1/8"#))),
    (
        r#"prefix"#,
        r#"10.0.0.1"#,
        Err(r#"netip.ParsePrefix("10.0.0.1"): no '/'"#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4/33"#,
        Err(r#"netip.ParsePrefix("1.2.3.4/33"): prefix length out of range"#),
    ),
    (r#"prefix"#, r#"::/0"#, Ok(Some(r#"::/0"#))),
    (
        r#"prefix"#,
        r#"2001:DB8::1/64"#,
        Ok(Some(r#"2001:db8::1/64"#)),
    ),
    (
        r#"prefix"#,
        r#"2001:0db8:0000:0000:0000:0000:0000:0001/128"#,
        Ok(Some(r#"2001:db8::1/128"#)),
    ),
    (
        r#"prefix"#,
        r#""::ffff:1.2.3.4/96""#,
        Ok(Some(r#"::ffff:1.2.3.4/96"#)),
    ),
    (
        r#"prefix"#,
        r#""::ffff:1.2.3.4/129""#,
        Err(r#"netip.ParsePrefix("::ffff:1.2.3.4/129"): prefix length out of range"#),
    ),
    (
        r#"prefix"#,
        r#"fe80::1%eth0/64"#,
        Err(r#"netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix"#),
    ),
    (
        r#"prefix"#,
        r#"010.0.0.0/8"#,
        Err(
            r#"netip.ParsePrefix("010.0.0.0/8"): ParseAddr("010.0.0.0"): IPv4 field has octet with leading zero"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4/08"#,
        Err(r#"netip.ParsePrefix("1.2.3.4/08"): bad bits after slash: "08""#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4/+8"#,
        Err(r#"netip.ParsePrefix("1.2.3.4/+8"): bad bits after slash: "+8""#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4/"#,
        Err(r#"netip.ParsePrefix("1.2.3.4/"): bad bits after slash: """#),
    ),
    (
        r#"prefix"#,
        r#"/8"#,
        Err(r#"netip.ParsePrefix("/8"): ParseAddr(""): unable to parse IP"#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4/-1"#,
        Err(r#"netip.ParsePrefix("1.2.3.4/-1"): bad bits after slash: "-1""#),
    ),
    (
        r#"prefix"#,
        r#"abc/24"#,
        Err(r#"netip.ParsePrefix("abc/24"): ParseAddr("abc"): unable to parse IP"#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3/24"#,
        Err(r#"netip.ParsePrefix("1.2.3/24"): ParseAddr("1.2.3"): IPv4 address too short"#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4.5/32"#,
        Err(r#"netip.ParsePrefix("1.2.3.4.5/32"): ParseAddr("1.2.3.4.5"): IPv4 address too long"#),
    ),
    (
        r#"prefix"#,
        r#"1.256.0.0/16"#,
        Err(
            r#"netip.ParsePrefix("1.256.0.0/16"): ParseAddr("1.256.0.0"): IPv4 field has value >255"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"1::2::3/64"#,
        Err(
            r#"netip.ParsePrefix("1::2::3/64"): ParseAddr("1::2::3"): multiple :: in address (at ":3")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:7:8:9/64"#,
        Err(
            r#"netip.ParsePrefix("1:2:3:4:5:6:7:8:9/64"): ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"12345::/16"#,
        Err(
            r#"netip.ParsePrefix("12345::/16"): ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#""::1.2.3.4/128""#,
        Ok(Some(r#"::102:304/128"#)),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:1.2.3.4/128"#,
        Ok(Some(r#"1:2:3:4:5:6:102:304/128"#)),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:7:1.2.3.4/128"#,
        Err(
            r#"netip.ParsePrefix("1:2:3:4:5:6:7:1.2.3.4/128"): ParseAddr("1:2:3:4:5:6:7:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"":1/64""#,
        Err(
            r#"netip.ParsePrefix(":1/64"): ParseAddr(":1"): each colon-separated field must have at least one digit (at ":1")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#""1:/64""#,
        Err(
            r#"netip.ParsePrefix("1:/64"): ParseAddr("1:"): colon must be followed by more characters (at ":")"#,
        ),
    ),
    (r#"prefix"#, r#"1::/64"#, Ok(Some(r#"1::/64"#))),
    (
        r#"prefix"#,
        r#"1:0:0:2:0:0:0:3/128"#,
        Ok(Some(r#"1:0:0:2::3/128"#)),
    ),
    (
        r#"prefix"#,
        r#"1:0:0:2:0:0:3:4/128"#,
        Ok(Some(r#"1::2:0:0:3:4/128"#)),
    ),
    (r#"prefix"#, r#"0:0:0:0:0:0:0:0/0"#, Ok(Some(r#"::/0"#))),
    (
        r#"prefix"#,
        r#"1.2.3.4/99999999999999999999"#,
        Err(
            r#"netip.ParsePrefix("1.2.3.4/99999999999999999999"): bad bits after slash: "99999999999999999999""#,
        ),
    ),
    (r#"prefix"#, r#"1.2.3.4/0"#, Ok(Some(r#"1.2.3.4/0"#))),
    (
        r#"prefix"#,
        r#"中/8"#,
        Err(r#"netip.ParsePrefix("中/8"): ParseAddr("中"): unable to parse IP"#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.é/8"#,
        Err(
            r#"netip.ParsePrefix("1.2.3.é/8"): ParseAddr("1.2.3.é"): unexpected character (at "é")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#""%eth0/8""#,
        Err(r#"netip.ParsePrefix("%eth0/8"): ParseAddr("%eth0"): missing IPv6 address"#),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4%eth0/8"#,
        Err(
            r#"netip.ParsePrefix("1.2.3.4%eth0/8"): ParseAddr("1.2.3.4%eth0"): unexpected character (at "%eth0")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"::1%/64"#,
        Err(r#"netip.ParsePrefix("::1%/64"): ParseAddr("::1%"): zone must be a non-empty string"#),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:7::/128"#,
        Ok(Some(r#"1:2:3:4:5:6:7:0/128"#)),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:7:8::/128"#,
        Err(
            r#"netip.ParsePrefix("1:2:3:4:5:6:7:8::/128"): ParseAddr("1:2:3:4:5:6:7:8::"): the :: must expand to at least one field of zeros"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:7:8/128"#,
        Ok(Some(r#"1:2:3:4:5:6:7:8/128"#)),
    ),
    (r#"prefix"#, r#"FFFF::/16"#, Ok(Some(r#"ffff::/16"#))),
    (
        r#"prefix"#,
        r#"0::ffff:0:0/96"#,
        Ok(Some(r#"::ffff:0.0.0.0/96"#)),
    ),
    (
        r#"prefix"#,
        r#"10"#,
        Err(r#"netip.ParsePrefix("10"): no '/'"#),
    ),
    (
        r#"prefix"#,
        r#"true"#,
        Err(r#"netip.ParsePrefix("true"): no '/'"#),
    ),
    (
        r#"prefix"#,
        r#"1.5"#,
        Err(r#"netip.ParsePrefix("1.5"): no '/'"#),
    ),
    (r#"prefix"#, r#""""#, Ok(Some(r#""#))),
    (r#"prefix"#, r#""#, Ok(Some(r#""#))),
    (
        r#"prefix"#,
        r#"1.2.3.4/32/8"#,
        Err(
            r#"netip.ParsePrefix("1.2.3.4/32/8"): ParseAddr("1.2.3.4/32"): unexpected character (at "/32")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"1.2.3.4/3 2"#,
        Err(r#"netip.ParsePrefix("1.2.3.4/3 2"): bad bits after slash: "3 2""#),
    ),
    (
        r#"prefix"#,
        r#""1.2.3.4/\t""#,
        Err(r#"netip.ParsePrefix("1.2.3.4/\t"): bad bits after slash: "\t""#),
    ),
    (
        r#"prefix"#,
        r#"[1.2.3.4/8]"#,
        Err(r#"cannot construct !!seq into netip.Prefix (TextUnmarshaler)"#),
    ),
    (
        r#"prefix"#,
        r#"{a: b}"#,
        Err(r#"cannot construct !!map into netip.Prefix (TextUnmarshaler)"#),
    ),
    (
        r#"prefix"#,
        r#"::1:2:3:4:5:6:7/128"#,
        Ok(Some(r#"0:1:2:3:4:5:6:7/128"#)),
    ),
    (
        r#"prefix"#,
        r#"1:2:3:4:5:6:7:8%eth0/64"#,
        Err(
            r#"netip.ParsePrefix("1:2:3:4:5:6:7:8%eth0/64"): IPv6 zones cannot be present in a prefix"#,
        ),
    ),
    (
        r#"prefix"#,
        r#"0:0:1:0:0:1:0:0/128"#,
        Ok(Some(r#"::1:0:0:1:0:0/128"#)),
    ),
    (
        r#"prefix"#,
        r#"1:0:0:0:1:0:0:0/128"#,
        Ok(Some(r#"1::1:0:0:0/128"#)),
    ),
    (
        r#"prefix"#,
        r#""1.2.3.4\u00a0/8""#,
        Err(
            r#"netip.ParsePrefix("1.2.3.4\u00a0/8"): ParseAddr("1.2.3.4\u00a0"): unexpected character (at "\u00a0")"#,
        ),
    ),
    (
        r#"prefix"#,
        r#""1.2.3.\u200b/8""#,
        Err(
            r#"netip.ParsePrefix("1.2.3.\u200b/8"): ParseAddr("1.2.3.\u200b"): unexpected character (at "\u200b")"#,
        ),
    ),
    (
        r#"meta_prefix"#,
        r#"192.168.0.3/32"#,
        Ok(Some(r#"192.168.0.3/32"#)),
    ),
    (r#"meta_prefix"#, r#""""#, Ok(None)),
    (r#"meta_prefix"#, r#""#, Ok(None)),
    (
        r#"meta_prefix"#,
        r#"bad"#,
        Err(r#"netip.ParsePrefix("bad"): no '/'"#),
    ),
    (r#"meta_prefix"#, r#"::1/128"#, Ok(Some(r#"::1/128"#))),
    (
        r#"meta_prefix"#,
        r#"[a]"#,
        Err(r#"cannot construct !!seq into meta.Prefix (TextUnmarshaler)"#),
    ),
    (r#"meta_addr"#, r#"1.2.3.4"#, Ok(Some(r#"1.2.3.4"#))),
    (r#"meta_addr"#, r#"::1"#, Ok(Some(r#"::1"#))),
    (
        r#"meta_addr"#,
        r#"fe80::1%eth0"#,
        Ok(Some(r#"fe80::1%eth0"#)),
    ),
    (
        r#"meta_addr"#,
        r#""::ffff:1.2.3.4""#,
        Ok(Some(r#"::ffff:1.2.3.4"#)),
    ),
    (
        r#"meta_addr"#,
        r#""::FFFF:102:304""#,
        Ok(Some(r#"::ffff:1.2.3.4"#)),
    ),
    (
        r#"meta_addr"#,
        r#"1.2.3.4:53"#,
        Err(r#"ParseAddr("1.2.3.4:53"): unexpected character (at ":53")"#),
    ),
    (r#"meta_addr"#, r#""""#, Ok(Some(r#""#))),
    (
        r#"meta_addr"#,
        r#"abc"#,
        Err(r#"ParseAddr("abc"): unable to parse IP"#),
    ),
    (
        r#"meta_addr"#,
        r#""%x""#,
        Err(r#"ParseAddr("%x"): missing IPv6 address"#),
    ),
    (
        r#"meta_addr"#,
        r#"1.2.3.04"#,
        Err(r#"ParseAddr("1.2.3.04"): IPv4 field has octet with leading zero"#),
    ),
    (r#"meta_addr"#, r#"0.0.0.0"#, Ok(Some(r#"0.0.0.0"#))),
    (
        r#"meta_addr"#,
        r#"1.2.3.4."#,
        Err(r#"ParseAddr("1.2.3.4."): IPv4 field must have at least one digit (at ".")"#),
    ),
    (
        r#"meta_addr"#,
        r#".1.2.3.4"#,
        Err(r#"ParseAddr(".1.2.3.4"): IPv4 field must have at least one digit (at ".1.2.3.4")"#),
    ),
    (
        r#"meta_addr"#,
        r#"1..2.3"#,
        Err(r#"ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")"#),
    ),
    (
        r#"meta_addr"#,
        r#"1.2.3"#,
        Err(r#"ParseAddr("1.2.3"): IPv4 address too short"#),
    ),
    (
        r#"meta_addr"#,
        r#"1.2.3.4.5"#,
        Err(r#"ParseAddr("1.2.3.4.5"): IPv4 address too long"#),
    ),
    (
        r#"meta_addr"#,
        r#"1.2.3.x"#,
        Err(r#"ParseAddr("1.2.3.x"): unexpected character (at "x")"#),
    ),
    (
        r#"meta_addr"#,
        r#"::1%"#,
        Err(r#"ParseAddr("::1%"): zone must be a non-empty string"#),
    ),
    (
        r#"meta_addr"#,
        r#"1:2:3:4:5:6:7:8%zone"#,
        Ok(Some(r#"1:2:3:4:5:6:7:8%zone"#)),
    ),
    (
        r#"meta_addr"#,
        r#"1:2"#,
        Err(r#"ParseAddr("1:2"): address string too short"#),
    ),
    (
        r#"meta_addr"#,
        r#"1:::2"#,
        Err(
            r#"ParseAddr("1:::2"): each colon-separated field must have at least one digit (at ":2")"#,
        ),
    ),
    (
        r#"meta_addr"#,
        r#"1::2::3"#,
        Err(r#"ParseAddr("1::2::3"): multiple :: in address (at ":3")"#),
    ),
    (
        r#"meta_addr"#,
        r#""::1.2.3.4.5""#,
        Err(r#"ParseAddr("::1.2.3.4.5"): IPv4 address too long"#),
    ),
    (
        r#"meta_addr"#,
        r#""::1.2.3""#,
        Err(r#"ParseAddr("::1.2.3"): IPv4 address too short"#),
    ),
    (
        r#"meta_addr"#,
        r#"1:2:3:4:5:6:7:1.2.3.4"#,
        Err(
            r#"ParseAddr("1:2:3:4:5:6:7:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")"#,
        ),
    ),
    (
        r#"meta_addr"#,
        r#"1.2.3.4%eth0"#,
        Err(r#"ParseAddr("1.2.3.4%eth0"): unexpected character (at "%eth0")"#),
    ),
    (
        r#"meta_addr"#,
        r#""::1.2.3.04""#,
        Err(r#"ParseAddr("::1.2.3.04"): IPv4 field has octet with leading zero"#),
    ),
    (
        r#"meta_addr"#,
        r#""::1.2.3.256""#,
        Err(r#"ParseAddr("::1.2.3.256"): IPv4 field has value >255"#),
    ),
    (
        r#"meta_addr"#,
        r#""::1..2.3""#,
        Err(r#"ParseAddr("::1..2.3"): IPv4 field must have at least one digit (at ".2.3")"#),
    ),
    (
        r#"meta_addr"#,
        r#"1:2:3:4:5:6:7:8:9"#,
        Err(r#"ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")"#),
    ),
    (
        r#"meta_addr"#,
        r#"1:2:3:4:5:6:7"#,
        Err(r#"ParseAddr("1:2:3:4:5:6:7"): address string too short"#),
    ),
    (
        r#"meta_addr"#,
        r#"fe80::1%eth0%x"#,
        Ok(Some(r#"fe80::1%eth0%x"#)),
    ),
    (
        r#"meta_addr"#,
        r#"fe80::1%25eth0"#,
        Ok(Some(r#"fe80::1%25eth0"#)),
    ),
    (
        r#"meta_addr"#,
        r#"["::1"]"#,
        Err(r#"cannot construct !!seq into meta.Addr (TextUnmarshaler)"#),
    ),
    (
        r#"meta_addr"#,
        r#"12"#,
        Err(r#"ParseAddr("12"): unable to parse IP"#),
    ),
    (r#"meta_addr"#, r#"1.2.3.4 "#, Ok(Some(r#"1.2.3.4"#))),
    (
        r#"meta_addr"#,
        r#"::ffff:0:0"#,
        Ok(Some(r#"::ffff:0.0.0.0"#)),
    ),
    (
        r#"meta_addr"#,
        r#"64:ff9b::1.2.3.4"#,
        Ok(Some(r#"64:ff9b::102:304"#)),
    ),
    (
        r#"meta_addr"#,
        r#""::ffff:1.2.3.4%eth0""#,
        Ok(Some(r#"::ffff:1.2.3.4%eth0"#)),
    ),
    (
        r#"meta_addr"#,
        r#"2001:db8:0:0:1:0:0:1"#,
        Ok(Some(r#"2001:db8::1:0:0:1"#)),
    ),
    (
        r#"meta_addr"#,
        r#"2001:db8::1:0:0:1"#,
        Ok(Some(r#"2001:db8::1:0:0:1"#)),
    ),
    (r#"meta_addr"#, r#"::ffff"#, Ok(Some(r#"::ffff"#))),
    (
        r#"meta_addr"#,
        r#"::1:ffff:1.2.3.4"#,
        Ok(Some(r#"::1:ffff:102:304"#)),
    ),
    (r#"addrport"#, r#"1.2.3.4:80"#, Ok(Some(r#"1.2.3.4:80"#))),
    (r#"addrport"#, r#""[::1]:80""#, Ok(Some(r#"[::1]:80"#))),
    (
        r#"addrport"#,
        r#""[::ffff:1.2.3.4]:80""#,
        Ok(Some(r#"[::ffff:1.2.3.4]:80"#)),
    ),
    (
        r#"addrport"#,
        r#""[fe80::1%eth0]:51820""#,
        Ok(Some(r#"[fe80::1%eth0]:51820"#)),
    ),
    (r#"addrport"#, r#"1.2.3.4"#, Err(r#"not an ip:port"#)),
    (r#"addrport"#, r#"":80""#, Err(r#"no IP"#)),
    (r#"addrport"#, r#""1.2.3.4:""#, Err(r#"no port"#)),
    (r#"addrport"#, r#""[::1:80""#, Err(r#"missing ]"#)),
    (
        r#"addrport"#,
        r#"1.2.3.4:65536"#,
        Err(r#"invalid port "65536" parsing "1.2.3.4:65536""#),
    ),
    (
        r#"addrport"#,
        r#"1.2.3.4:+80"#,
        Err(r#"invalid port "+80" parsing "1.2.3.4:+80""#),
    ),
    (r#"addrport"#, r#"1.2.3.4:0080"#, Ok(Some(r#"1.2.3.4:80"#))),
    (
        r#"addrport"#,
        r#""[1.2.3.4]:80""#,
        Err(
            r#"invalid ip:port "[1.2.3.4]:80", square brackets can only be used with IPv6 addresses"#,
        ),
    ),
    (
        r#"addrport"#,
        r#""::1:80""#,
        Err(r#"invalid ip:port "::1:80", IPv6 addresses must be surrounded by square brackets"#),
    ),
    (
        r#"addrport"#,
        r#"abc:80"#,
        Err(r#"ParseAddr("abc"): unable to parse IP"#),
    ),
    (r#"addrport"#, r#""""#, Ok(Some(r#""#))),
    (
        r#"addrport"#,
        r#"1.2.3.4:-1"#,
        Err(r#"invalid port "-1" parsing "1.2.3.4:-1""#),
    ),
    (
        r#"addrport"#,
        r#"1.2.3.04:80"#,
        Err(r#"ParseAddr("1.2.3.04"): IPv4 field has octet with leading zero"#),
    ),
    (
        r#"addrport"#,
        r#""[]:80""#,
        Err(r#"ParseAddr(""): unable to parse IP"#),
    ),
    (r#"addrport"#, r#""[::1]""#, Err(r#"missing ]"#)),
    (r#"addrport"#, r#""[::1]:""#, Err(r#"no port"#)),
    (
        r#"addrport"#,
        r#"1.2.3.4:8 0"#,
        Err(r#"invalid port "8 0" parsing "1.2.3.4:8 0""#),
    ),
    (
        r#"addrport"#,
        r#""1.2.3.4:٣""#,
        Err(r#"invalid port "٣" parsing "1.2.3.4:٣""#),
    ),
    (r#"duration"#, r#"1m30s"#, Ok(Some(r#"1m30s"#))),
    (r#"duration"#, r#"90s"#, Ok(Some(r#"1m30s"#))),
    (r#"duration"#, r#"1.5h"#, Ok(Some(r#"1h30m0s"#))),
    (r#"duration"#, r#"0"#, Ok(None)),
    (r#"duration"#, r#""0""#, Ok(None)),
    (r#"duration"#, r#"0s"#, Ok(None)),
    (
        r#"duration"#,
        r#"5"#,
        Err(r#"cannot construct !!int `5` into time.Duration"#),
    ),
    (r#"duration"#, r#"1.0"#, Ok(Some(r#"1ns"#))),
    (r#"duration"#, r#"1e9"#, Ok(Some(r#"1s"#))),
    (r#"duration"#, r#"-1s"#, Ok(Some(r#"-1s"#))),
    (r#"duration"#, r#"+5m"#, Ok(Some(r#"5m0s"#))),
    (r#"duration"#, r#"1h2m3.5s"#, Ok(Some(r#"1h2m3.5s"#))),
    (r#"duration"#, r#".5s"#, Ok(Some(r#"500ms"#))),
    (r#"duration"#, r#"5.s"#, Ok(Some(r#"5s"#))),
    (
        r#"duration"#,
        r#"1"#,
        Err(r#"cannot construct !!int `1` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"1x"#,
        Err(r#"cannot construct !!str `1x` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#""""#,
        Err(r#"cannot construct !!str `` into time.Duration"#),
    ),
    (r#"duration"#, r#"1µs"#, Ok(Some(r#"1µs"#))),
    (r#"duration"#, r#"1μs"#, Ok(Some(r#"1µs"#))),
    (r#"duration"#, r#"1us"#, Ok(Some(r#"1µs"#))),
    (r#"duration"#, r#"300ms"#, Ok(Some(r#"300ms"#))),
    (r#"duration"#, r#"1.0000000001s"#, Ok(Some(r#"1s"#))),
    (
        r#"duration"#,
        r#"2562047h47m16.854775807s"#,
        Ok(Some(r#"2562047h47m16.854775807s"#)),
    ),
    (
        r#"duration"#,
        r#"2562047h47m16.854775808s"#,
        Err(r#"cannot construct !!str `2562047...` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"9223372036854775807ns"#,
        Ok(Some(r#"2562047h47m16.854775807s"#)),
    ),
    (
        r#"duration"#,
        r#"9223372036854775808ns"#,
        Err(r#"cannot construct !!str `9223372...` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"-9223372036854775808ns"#,
        Ok(Some(r#"-2562047h47m16.854775808s"#)),
    ),
    (
        r#"duration"#,
        r#"1h-1m"#,
        Err(r#"cannot construct !!str `1h-1m` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"true"#,
        Err(r#"cannot construct !!bool `true` into time.Duration"#),
    ),
    (r#"duration"#, r#"168h"#, Ok(Some(r#"168h0m0s"#))),
    (r#"duration"#, r#"0.5ns"#, Ok(None)),
    (r#"duration"#, r#"1.5µs"#, Ok(Some(r#"1.5µs"#))),
    (
        r#"duration"#,
        r#"0x10"#,
        Err(r#"cannot construct !!int `0x10` into time.Duration"#),
    ),
    (r#"duration"#, r#"-0"#, Ok(None)),
    (r#"duration"#, r#"+0"#, Ok(None)),
    (r#"duration"#, r#"0.0"#, Ok(None)),
    (
        r#"duration"#,
        r#"1.5"#,
        Err(r#"cannot construct !!float `1.5` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"[1s]"#,
        Err(r#"cannot construct !!seq into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"2024-01-01"#,
        Err(r#"cannot construct !!timestamp `2024-01-01` into time.Duration"#),
    ),
    (r#"duration"#, r#"1h1h"#, Ok(Some(r#"2h0m0s"#))),
    (
        r#"duration"#,
        r#"1.123456789123s"#,
        Ok(Some(r#"1.123456789s"#)),
    ),
    (r#"duration"#, r#"0.1s"#, Ok(Some(r#"100ms"#))),
    (r#"duration"#, r#"1000000h"#, Ok(Some(r#"1000000h0m0s"#))),
    (
        r#"duration"#,
        r#"3.7e-3"#,
        Err(r#"cannot construct !!float `3.7e-3` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"9223372036854775807"#,
        Err(r#"cannot construct !!int `9223372...` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#".s"#,
        Err(r#"cannot construct !!str `.s` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"1..5s"#,
        Err(r#"cannot construct !!str `1..5s` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"1s."#,
        Err(r#"cannot construct !!str `1s.` into time.Duration"#),
    ),
    (r#"duration"#, r#"1.5e9"#, Ok(Some(r#"1.5s"#))),
    (
        r#"duration"#,
        r#"100000000000000000000000000000000000000000000.0"#,
        Err(r#"cannot construct !!float `1000000...` into time.Duration"#),
    ),
    (r#"duration"#, r#"1ms500us"#, Ok(Some(r#"1.5ms"#))),
    (
        r#"duration"#,
        r#"1 s"#,
        Err(r#"cannot construct !!str `1 s` into time.Duration"#),
    ),
    (
        r#"duration"#,
        r#"5S"#,
        Err(r#"cannot construct !!str `5S` into time.Duration"#),
    ),
    (
        r#"url"#,
        r#"tcp://1.2.3.4:5000"#,
        Ok(Some(r#"tcp://1.2.3.4:5000"#)),
    ),
    (
        r#"url"#,
        r#"udp://[::1]:514"#,
        Ok(Some(r#"udp://[::1]:514"#)),
    ),
    (
        r#"url"#,
        r#""http://example.com/a b""#,
        Ok(Some(r#"http://example.com/a%20b"#)),
    ),
    (
        r#"url"#,
        r#"http://example.com/%7Efoo"#,
        Ok(Some(r#"http://example.com/%7Efoo"#)),
    ),
    (
        r#"url"#,
        r#""http://ex ample.com""#,
        Err(r#"parse "http://ex ample.com": invalid character " " in host name"#),
    ),
    (
        r#"url"#,
        r#"http://[::1"#,
        Err(r#"parse "http://[::1": missing ']' in host"#),
    ),
    (
        r#"url"#,
        r#"http://[fe80::1%25en0]:8080/"#,
        Ok(Some(r#"http://[fe80::1%25en0]:8080/"#)),
    ),
    (
        r#"url"#,
        r#"http://1.2.3.4:abc"#,
        Err(r#"parse "http://1.2.3.4:abc": invalid port ":abc" after host"#),
    ),
    (
        r#"url"#,
        r#"http://a:b:c"#,
        Err(r#"parse "http://a:b:c": invalid port ":b:c" after host"#),
    ),
    (
        r#"url"#,
        r#"postgres://a:1,b:2/db"#,
        Ok(Some(r#"postgres://a:1,b:2/db"#)),
    ),
    (
        r#"url"#,
        r#"1.2.3.4:5000"#,
        Err(r#"parse "1.2.3.4:5000": first path segment in URL cannot contain colon"#),
    ),
    (
        r#"url"#,
        r#"":foo""#,
        Err(r#"parse ":foo": missing protocol scheme"#),
    ),
    (
        r#"url"#,
        r#"HTTP://Example.COM/"#,
        Ok(Some(r#"http://Example.COM/"#)),
    ),
    (
        r#"url"#,
        r#"http://user:p@ss@host/"#,
        Ok(Some(r#"http://user:p%40ss@host/"#)),
    ),
    (
        r#"url"#,
        r#""http://us er@host""#,
        Err(r#"parse "http://us er@host": net/url: invalid userinfo"#),
    ),
    (
        r#"url"#,
        r#"http://x/%zz"#,
        Err(r#"parse "http://x/%zz": invalid URL escape "%zz""#),
    ),
    (
        r#"url"#,
        r#"http://x/%"#,
        Err(r#"parse "http://x/%": invalid URL escape "%""#),
    ),
    (
        r#"url"#,
        r#""http://x/?q=1#frag ment""#,
        Ok(Some(r#"http://x/?q=1#frag%20ment"#)),
    ),
    (r#"url"#, r#"mailto:a@b.c"#, Ok(Some(r#"mailto:a@b.c"#))),
    (r#"url"#, r#"//host/path"#, Ok(Some(r#"//host/path"#))),
    (r#"url"#, r#"/rel/path"#, Ok(Some(r#"/rel/path"#))),
    (r#"url"#, r#"rel"#, Ok(Some(r#"rel"#))),
    (r#"url"#, r#"http://x/a%2Fb"#, Ok(Some(r#"http://x/a%2Fb"#))),
    (r#"url"#, r#"http://x/é"#, Ok(Some(r#"http://x/%C3%A9"#))),
    (
        r#"url"#,
        r#"http://é.com/"#,
        Ok(Some(r#"http://%C3%A9.com/"#)),
    ),
    (
        r#"url"#,
        r#""http://x#%ZZ""#,
        Err(r#"parse "http://x#%ZZ": invalid URL escape "%ZZ""#),
    ),
    (
        r#"url"#,
        r#"http://%41.com"#,
        Err(r#"parse "http://%41.com": invalid URL escape "%41""#),
    ),
    (r#"url"#, r#"http://x:8080"#, Ok(Some(r#"http://x:8080"#))),
    (r#"url"#, r#"http://x?"#, Ok(Some(r#"http://x?"#))),
    (
        r#"url"#,
        r#"tcp://[1.2.3.4]:80"#,
        Err(r#"parse "tcp://[1.2.3.4]:80": invalid IP-literal"#),
    ),
    (
        r#"url"#,
        r#""http://x/\t""#,
        Err(r#"parse "http://x/\t": net/url: invalid control character in URL"#),
    ),
    (r#"url"#, r#""""#, Ok(Some(r#""#))),
    (r#"url"#, r#""#, Ok(Some(r#""#))),
    (r#"url"#, r#"http://x/a;b,c"#, Ok(Some(r#"http://x/a;b,c"#))),
    (r#"url"#, r#"http://x/a?b?c"#, Ok(Some(r#"http://x/a?b?c"#))),
    (r#"url"#, r#"file:///etc/x"#, Ok(Some(r#"file:///etc/x"#))),
    (r#"url"#, r#"http:///x"#, Ok(Some(r#"http:///x"#))),
    (
        r#"url"#,
        r#"http://[::1]:80x"#,
        Err(r#"parse "http://[::1]:80x": invalid port ":80x" after host"#),
    ),
    (r#"url"#, r#""http://x/#""#, Ok(Some(r#"http://x/"#))),
    (r#"url"#, r#"http://x/a%20b"#, Ok(Some(r#"http://x/a%20b"#))),
    (r#"url"#, r#"http://x/a+b"#, Ok(Some(r#"http://x/a+b"#))),
    (
        r#"url"#,
        r#""http://x/a'b\"c""#,
        Ok(Some(r#"http://x/a%27b%22c"#)),
    ),
    (
        r#"url"#,
        r#""http://x/{a}|^`""#,
        Ok(Some(r#"http://x/%7Ba%7D%7C%5E%60"#)),
    ),
    (r#"url"#, r#""http://x/?a b""#, Ok(Some(r#"http://x/?a b"#))),
    (
        r#"url"#,
        r#""http://x/#a b""#,
        Ok(Some(r#"http://x/#a%20b"#)),
    ),
    (
        r#"url"#,
        r#""http://x/#a%20b""#,
        Ok(Some(r#"http://x/#a%20b"#)),
    ),
    (
        r#"url"#,
        r#""http://x/#!$&()*+,;=:@/?""#,
        Ok(Some(r#"http://x/#!$&()*+,;=:@/?"#)),
    ),
    (
        r#"url"#,
        r#"http://x/%e4%b8%ad"#,
        Ok(Some(r#"http://x/%e4%b8%ad"#)),
    ),
    (r#"url"#, r#"http://x/%ff"#, Ok(Some(r#"http://x/%ff"#))),
    (r#"url"#, r#"http://%ff.com"#, Ok(Some(r#"http://%FF.com"#))),
    (
        r#"url"#,
        r#"http://%e4%b8%ad.com"#,
        Ok(Some(r#"http://%E4%B8%AD.com"#)),
    ),
    (r#"url"#, r#"http://%25.com"#, Ok(Some(r#"http://%25.com"#))),
    (
        r#"url"#,
        r#"http://x%3A80"#,
        Err(r#"parse "http://x%3A80": invalid URL escape "%3A""#),
    ),
    (
        r#"url"#,
        r#"http://[::1%25%20x]"#,
        Ok(Some(r#"http://[::1%25%20x]"#)),
    ),
    (
        r#"url"#,
        r#"http://[::1%25%41x]/"#,
        Ok(Some(r#"http://[::1%25Ax]/"#)),
    ),
    (
        r#"url"#,
        r#"http://[::1%25%2Fx]/"#,
        Err(r#"parse "http://[::1%25%2Fx]/": invalid URL escape "%2F""#),
    ),
    (
        r#"url"#,
        r#"http://user%40x@host"#,
        Ok(Some(r#"http://user%40x@host"#)),
    ),
    (
        r#"url"#,
        r#"http://u:p%3Ax@h"#,
        Ok(Some(r#"http://u:p%3Ax@h"#)),
    ),
    (r#"url"#, r#"http://:@h"#, Ok(Some(r#"http://:@h"#))),
    (r#"url"#, r#"http://@h"#, Ok(Some(r#"http://@h"#))),
    (
        r#"url"#,
        r#""http://us%zzer@h""#,
        Err(r#"parse "http://us%zzer@h": invalid URL escape "%zz""#),
    ),
    (
        r#"url"#,
        r#""http://u<x@h""#,
        Err(r#"parse "http://u<x@h": net/url: invalid userinfo"#),
    ),
    (
        r#"url"#,
        r#"http://a.b:80:90"#,
        Err(r#"parse "http://a.b:80:90": invalid port ":80:90" after host"#),
    ),
    (r#"url"#, r#"ftp://a:1:2"#, Ok(Some(r#"ftp://a:1:2"#))),
    (
        r#"url"#,
        r#""[::1]:80""#,
        Err(r#"parse "[::1]:80": first path segment in URL cannot contain colon"#),
    ),
    (r#"url"#, r#""http:""#, Ok(Some(r#"http:"#))),
    (r#"url"#, r#"http:/x"#, Ok(Some(r#"http:/x"#))),
    (r#"url"#, r#"http:x"#, Ok(Some(r#"http:x"#))),
    (r#"url"#, r#""a:b""#, Ok(Some(r#"a:b"#))),
    (r#"url"#, r#"./a:b"#, Ok(Some(r#"./a:b"#))),
    (r#"url"#, r#"http://x/*"#, Ok(Some(r#"http://x/*"#))),
    (r#"url"#, r#""http://x/%2a""#, Ok(Some(r#"http://x/%2a"#))),
    (
        r#"url"#,
        r#""http://h/a\u00a0b""#,
        Ok(Some(r#"http://h/a%C2%A0b"#)),
    ),
    (
        r#"url"#,
        r#""http://\u4e2d.com/\u4e2d?\u4e2d#\u4e2d""#,
        Ok(Some(r#"http://%E4%B8%AD.com/%E4%B8%AD?中#%E4%B8%AD"#)),
    ),
    (
        r#"url"#,
        r#""http://x/%\u4e2d""#,
        Err(r#"parse "http://x/%中": invalid URL escape "%\xe4\xb8""#),
    ),
    (
        r#"url"#,
        r#"[a]"#,
        Err(r#"cannot construct !!seq into string"#),
    ),
    (r#"url"#, r#"1"#, Ok(Some(r#"1"#))),
    (r#"url"#, r#"true"#, Ok(Some(r#"true"#))),
    (
        r#"url"#,
        r#"+a://b"#,
        Err(r#"parse "+a://b": first path segment in URL cannot contain colon"#),
    ),
    (r#"url"#, r#"a+b-c.d://x"#, Ok(Some(r#"a+b-c.d://x"#))),
    (
        r#"url"#,
        r#"1a://x"#,
        Err(r#"parse "1a://x": first path segment in URL cannot contain colon"#),
    ),
    (r#"url"#, r#""http://h/?a#""#, Ok(Some(r#"http://h/?a"#))),
    (r#"url"#, r#""http://h/?#""#, Ok(Some(r#"http://h/?"#))),
    (r#"url"#, r#""?x""#, Ok(Some(r#"?x"#))),
    (r#"url"#, r##""#x""##, Ok(Some(r#"#x"#))),
    (r#"url"#, r#""//""#, Ok(Some(r#""#))),
    (r#"url"#, r#""///x""#, Ok(Some(r#"///x"#))),
    (
        r#"url"#,
        r#""http://x/a%2fb%2Fc""#,
        Ok(Some(r#"http://x/a%2fb%2Fc"#)),
    ),
    (r#"url"#, r#""http://x/a%41""#, Ok(Some(r#"http://x/a%41"#))),
    (
        r#"url"#,
        r#""http://x/;@:&=+$,""#,
        Ok(Some(r#"http://x/;@:&=+$,"#)),
    ),
    (r#"url"#, r#""http://x/[a]""#, Ok(Some(r#"http://x/[a]"#))),
    (r#"url"#, r#""http://x/#[a]""#, Ok(Some(r#"http://x/#[a]"#))),
    (r#"url"#, r#""http://x/#%41""#, Ok(Some(r#"http://x/#%41"#))),
    (r#"url"#, r#""http://x/#%2F""#, Ok(Some(r#"http://x/#%2F"#))),
];

fn root(text: &str) -> Node {
    DocumentStream::new(text.as_bytes())
        .next()
        .expect("one document")
        .expect("valid YAML")
        .root
}

fn decode<T: talos_config::goyaml::GoYaml>(node: &Node) -> (T, Result<(), String>) {
    let mut decoder = Decoder::new();
    let mut value = T::default();
    value.decode_into(node, &mut decoder);
    (value, decoder.finish())
}

#[test]
fn scalars_match_the_oracle() {
    let mut failures = Vec::new();
    for (field, raw, expect) in ORACLE {
        let text = format!("{field}: {raw}\n");
        let doc = match DocumentStream::new(text.as_bytes()).next() {
            Some(Ok(doc)) => doc.root,
            other => {
                failures.push(format!("{field}: {raw:?}: YAML not read: {other:?}"));
                continue;
            }
        };
        let (holder, result) = decode::<Holder>(&doc);
        match expect {
            Err(message) => {
                let want = format!("yaml: construct errors: line 1: {message}");
                if result.as_ref().err() != Some(&want) {
                    failures.push(format!("{field}: {raw:?}: got {result:?}, want {want:?}"));
                }
            }
            Ok(value) => {
                if let Err(err) = result {
                    failures.push(format!("{field}: {raw:?}: unexpected error {err:?}"));
                    continue;
                }
                let encoded = holder.encode();
                let got = encoded.get(field).map(|n| n.value.as_str());
                if got != *value {
                    failures.push(format!("{field}: {raw:?}: encoded {got:?}, want {value:?}"));
                }
                // Go's url.URL keeps a raw-path hint, so compare what is printed again.
                let (again, result) = decode::<Holder>(&encoded);
                if result.is_err() || again.encode() != encoded {
                    failures.push(format!("{field}: {raw:?}: no round trip ({result:?})"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn netip_parse_and_format() {
    let v4 = IpAddr::parse("192.168.1.1").unwrap();
    assert_eq!(v4, IpAddr::V4(Ipv4Addr::new(192, 168, 1, 1)));
    assert!(v4.is_4() && !v4.is_6());
    let mapped = IpAddr::parse("::ffff:10.0.0.1").unwrap();
    assert!(mapped.is_4in6() && mapped.is_6());
    assert_eq!(mapped.unmap(), IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
    assert_eq!(mapped.format(), "::ffff:10.0.0.1");
    let zoned = IpAddr::parse("fe80::1%eth0").unwrap();
    assert_eq!(zoned.zone(), "eth0");
    assert_eq!(
        zoned.to_std(),
        Some("fe80::1".parse::<std::net::IpAddr>().unwrap())
    );
    assert_eq!(
        IpAddr::from("2001:db8::1".parse::<Ipv6Addr>().unwrap()).format(),
        "2001:db8::1"
    );
    // Zero values: empty text in, empty text out; Go's String() differs.
    assert_eq!(IpAddr::parse("").unwrap(), IpAddr::Invalid);
    assert_eq!(IpAddr::Invalid.format(), "");
    assert_eq!(IpAddr::Invalid.go_string(), "invalid IP");
    assert_eq!(IpPrefix::default().format(), "");
    assert_eq!(IpPrefix::default().go_string(), "invalid Prefix");
    assert_eq!(IpAddrPort::default().go_string(), "invalid AddrPort");
    // Non-zero invalid prefix (PrefixFrom with a bad length).
    assert_eq!(IpPrefix::new(v4.clone(), 33).format(), "invalid Prefix");
    // Prefixes keep host bits; masked() clears them.
    let p = IpPrefix::parse("10.1.2.3/8").unwrap();
    assert_eq!(p.format(), "10.1.2.3/8");
    assert_eq!(p.masked().format(), "10.0.0.0/8");
    assert!(p.contains(&IpAddr::parse("10.200.0.1").unwrap()));
    assert!(!p.contains(&IpAddr::parse("11.0.0.1").unwrap()));
    assert_eq!(
        IpPrefix::parse("2001:db8:ffff::1/33")
            .unwrap()
            .masked()
            .format(),
        "2001:db8:8000::/33"
    );
    assert_eq!(
        IpPrefix::parse("1.2.3.4/0").unwrap().masked().format(),
        "0.0.0.0/0"
    );
    // ParseAddr straight (no UnmarshalText) rejects empty text.
    assert_eq!(
        IpAddr::parse_addr("").unwrap_err(),
        r#"ParseAddr(""): unable to parse IP"#
    );
    assert_eq!(
        IpAddr::parse_addr("1.2.3.4\n").unwrap_err(),
        r#"ParseAddr("1.2.3.4\n"): unexpected character (at "\n")"#
    );
    let ap = IpAddrPort::parse("[::1]:8080").unwrap();
    assert_eq!(ap.port, 8080);
    assert_eq!(ap.to_std(), Some("[::1]:8080".parse().unwrap()));
    assert_eq!(IpAddrPort::from(ap.to_std().unwrap()), ap);
}

#[test]
fn netip_types_report_like_text_unmarshalers() {
    let (_, res) = decode::<Holder>(&root("addrport: {a: 1}\nmeta_addr: [1]\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: cannot construct !!map into netip.AddrPort (TextUnmarshaler); line 2: cannot construct !!seq into meta.Addr (TextUnmarshaler)"
    );
    // go-yaml finds a bare netip value (unexported fields only) always empty, a meta
    // wrapper only when it is the zero value.
    assert!(IpPrefix::parse("1.0.0.0/8").unwrap().is_zero_for_yaml());
    assert!(!Prefix::parse("1.0.0.0/8").unwrap().is_zero());
    assert!(Prefix::default().is_zero());
    assert!(Addr::default().is_zero() && AddrPort::default().is_zero());
    // Unknown keys: xyaml sees the Go structs.
    let node = root("ip: 1\nbogus: 2\n");
    let unknown = Prefix::unknown_keys(&node).unwrap().unwrap();
    assert_eq!(unknown.get("bogus").map(|n| n.value.as_str()), Some("2"));
    assert!(unknown.get("ip").is_none());
    assert_eq!(
        IpPrefix::unknown_keys(&root("- a\n")).unwrap_err(),
        "unexpected type for yaml sequence: netip.Prefix"
    );
    assert_eq!(
        AddrPort::unknown_keys(&root("port: {a: 1}\n")).unwrap_err(),
        "unexpected type for yaml mapping: uint16"
    );
    assert_eq!(Addr::unknown_keys(&root("1.2.3.4\n")), Ok(None));
}

trait ZeroForYaml {
    fn is_zero_for_yaml(&self) -> bool;
}

impl<T: talos_config::goyaml::GoYaml> ZeroForYaml for T {
    fn is_zero_for_yaml(&self) -> bool {
        talos_config::goyaml::GoYaml::is_zero(self)
    }
}

#[test]
fn durations_parse_and_print_like_go() {
    let cases: &[(&str, i64)] = &[
        ("0", 0),
        ("-0", 0),
        ("1ns", 1),
        ("1.5s", 1_500_000_000),
        ("1m30s", 90_000_000_000),
        ("-1.5h", -5_400_000_000_000),
        ("1µs", 1_000),
        ("1μs", 1_000),
        ("1us", 1_000),
        (".5ms", 500_000),
        ("1h1m1s1ms1us1ns", 3_661_001_001_001),
        ("9223372036854775807ns", i64::MAX),
        ("-9223372036854775808ns", i64::MIN),
        ("0.3333333333333333333h", 1_200_000_000_000),
    ];
    for (text, nanos) in cases {
        assert_eq!(Duration::parse(text), Ok(Duration(*nanos)), "{text}");
    }
    let errors: &[(&str, &str)] = &[
        ("", r#"time: invalid duration """#),
        ("1", r#"time: missing unit in duration "1""#),
        ("1x", r#"time: unknown unit "x" in duration "1x""#),
        (
            "1é",
            r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#,
        ),
        (".s", r#"time: invalid duration ".s""#),
        ("-", r#"time: invalid duration "-""#),
        (
            "9223372036854775808ns",
            r#"time: invalid duration "9223372036854775808ns""#,
        ),
        (
            "99999999999999999999s",
            r#"time: invalid duration "99999999999999999999s""#,
        ),
        ("3000000h", r#"time: invalid duration "3000000h""#),
        ("1s\"", r#"time: unknown unit "s\"" in duration "1s\"""#),
    ];
    for (text, message) in errors {
        assert_eq!(Duration::parse(text), Err((*message).to_owned()), "{text}");
    }
    let printed: &[(i64, &str)] = &[
        (0, "0s"),
        (1, "1ns"),
        (1_100, "1.1µs"),
        (2_200_000, "2.2ms"),
        (1_500_000_000, "1.5s"),
        (90_000_000_000, "1m30s"),
        (604_800_000_000_000, "168h0m0s"),
        (-1, "-1ns"),
        (i64::MIN, "-2562047h47m16.854775808s"),
        (i64::MAX, "2562047h47m16.854775807s"),
    ];
    for (nanos, text) in printed {
        assert_eq!(Duration(*nanos).format(), *text);
    }
    assert_eq!(
        Duration::from(std::time::Duration::from_millis(1500)),
        Duration(1_500_000_000)
    );
    assert_eq!(
        Duration(5).to_std(),
        Some(std::time::Duration::from_nanos(5))
    );
    assert_eq!(Duration(-5).to_std(), None);
}

#[test]
fn urls_parse_and_print_like_go() {
    let u = GoUrl::parse("HTTPS://user:pa%20ss@Example.com:8443/a%2Fb/c?x=1&y=2#top").unwrap();
    assert_eq!(u.scheme(), "https");
    assert_eq!(u.host(), "Example.com:8443");
    assert_eq!(u.hostname(), "Example.com");
    assert_eq!(u.port(), "8443");
    assert_eq!(u.path(), "/a/b/c");
    assert_eq!(u.raw_query(), "x=1&y=2");
    assert_eq!(u.fragment(), "top");
    let user = u.user().unwrap();
    assert_eq!(user.username(), "user");
    assert_eq!(user.password().as_deref(), Some("pa ss"));
    assert_eq!(
        u.format(),
        "https://user:pa%20ss@Example.com:8443/a%2Fb/c?x=1&y=2#top"
    );
    let v6 = GoUrl::parse("tcp://[fe80::1%25eth0]:51820").unwrap();
    assert_eq!(v6.hostname(), "fe80::1%eth0");
    assert_eq!(v6.format(), "tcp://[fe80::1%25eth0]:51820");
    assert_eq!(GoUrl::parse("mailto:a@b").unwrap().opaque(), "a@b");
    assert_eq!(
        GoUrl::parse("http://[::1]:a").unwrap_err(),
        r#"parse "http://[::1]:a": invalid port ":a" after host"#
    );
    assert_eq!(
        GoUrl::parse("http://[1.2.3]/").unwrap_err(),
        r#"parse "http://[1.2.3]/": invalid host: ParseAddr("1.2.3"): IPv4 address too short"#
    );
    assert_eq!(
        GoUrl::parse("http://a[b]/").unwrap_err(),
        r#"parse "http://a[b]/": invalid IP-literal"#
    );
    assert_eq!(talos_config::types::url::path_escape("a/b c"), "a%2Fb%20c");
    assert_eq!(talos_config::types::url::query_escape("a b&c"), "a+b%26c");
    assert_eq!(
        talos_config::types::url::query_unescape("a+b%26c").unwrap(),
        b"a b&c"
    );
    assert_eq!(
        talos_config::types::url::path_unescape("a+b").unwrap(),
        b"a+b"
    );
}

#[test]
fn url_wrapper_follows_its_unmarshal_yaml() {
    let (url, res) = decode::<Url>(&root("\"\"\n"));
    assert_eq!((url, res), (Url(None), Ok(())));
    let (url, res) = decode::<Url>(&root("https://x/\n"));
    assert_eq!(res, Ok(()));
    assert_eq!(url.format(), "https://x/");
    assert_eq!(url.encode().value, "https://x/");
    assert!(Url::default().is_zero());
    assert_eq!(Url::default().encode().value, "");
    let (_, res) = decode::<Url>(&root("{a: b}\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: cannot construct !!map into string"
    );
    let unknown = Url::unknown_keys(&root("host: x\nzz: 1\n"))
        .unwrap()
        .unwrap();
    assert!(unknown.get("zz").is_some() && unknown.get("host").is_none());
}

/// Structural equality of two encoded trees: kinds, values and scalar styles.
fn same_tree(a: &Node, b: &Node) -> bool {
    let same_kind = std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind);
    let scalar_ok = !matches!(a.kind, NodeKind::Scalar)
        || (a.value == b.value && (a.style == b.style || a.tag == "!!null" || b.tag == "!!null"));
    same_kind
        && scalar_ok
        && a.children.len() == b.children.len()
        && a.children
            .iter()
            .zip(&b.children)
            .all(|(x, y)| same_tree(x, y))
}

#[test]
fn meta_args_fixtures() {
    type Fixture = (
        &'static str,
        &'static [(&'static str, &'static [&'static str])],
    );
    let expected: &[Fixture] = &[
        ("args_empty.yaml", &[]),
        (
            "args_lists.yaml",
            &[
                ("api-audiences", &["kubernetes.default.svc", "test.local"]),
                ("oidc-groups-claim", &["groups"]),
            ],
        ),
        (
            "args_mixed.yaml",
            &[
                ("advertise-address", &["10.0.0.1"]),
                (
                    "api-audiences",
                    &["kubernetes.default.svc", "api.cluster.local"],
                ),
                ("feature-gates", &["ServerSideApply=true"]),
                ("runtime-config", &["api/all=true", "api/beta=false"]),
            ],
        ),
        (
            "args_single_element_list.yaml",
            &[("enable-admission-plugins", &["PodSecurity"])],
        ),
        (
            "args_strings.yaml",
            &[
                ("feature-gates", &["ServerSideApply=true"]),
                ("http2-max-streams-per-connection", &["32"]),
            ],
        ),
    ];
    for (file, want) in expected {
        let text =
            std::fs::read_to_string(common::types_dir().join("meta/testdata").join(file)).unwrap();
        let doc = root(&text);
        let (args, res) = decode::<Args>(&doc);
        assert_eq!(res, Ok(()), "{file}");
        let want: BTreeMap<String, Vec<String>> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(args.to_map(), want, "{file}");
        let encoded = args.encode();
        assert!(same_tree(&encoded, &doc), "{file}: {encoded:#?}");
        let emitted = talos_config::yaml::emit(&encoded);
        if !emitted.is_empty() {
            assert_eq!(emitted, text, "{file}");
        }
        let (again, res) = decode::<Args>(&encoded);
        assert_eq!((again, res), (args, Ok(())), "{file}");
    }
}

#[test]
fn arg_values_follow_their_unmarshal_yaml() {
    let (args, res) = decode::<Args>(&root("a: ~\nb: \"32\"\nc: [x, ~, y]\nd: []\ne: yes\n"));
    assert_eq!(res, Ok(()));
    assert_eq!(args.get("a"), Some(&ArgValue::String(String::new())));
    assert_eq!(args.get("b"), Some(&ArgValue::String("32".into())));
    assert_eq!(
        args.get("c"),
        Some(&ArgValue::List(vec!["x".into(), "y".into()]))
    );
    assert_eq!(args.get("d"), Some(&ArgValue::List(Vec::new())));
    let encoded = args.encode();
    assert!(encoded.get("a").unwrap().is_null());
    assert_eq!(encoded.get("b").unwrap().style, ScalarStyle::DoubleQuoted);
    // Built by hand in Go: YAML 1.1 look-alikes stay plain, unlike representer strings.
    assert_eq!(encoded.get("e").unwrap().style, ScalarStyle::Plain);
    assert_eq!(encoded.get("d").unwrap().children.len(), 0);
    assert!(matches!(encoded.get("d").unwrap().kind, NodeKind::Sequence));

    // Oracle: extraArgs of KubeAPIServerConfig.
    let (_, res) = decode::<Args>(&root("a: {b: c}\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: arg value must be a string or list of strings"
    );
    let (_, res) = decode::<Args>(&root("a: 2024-01-01\nb: [x, {y: z}]\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: arg value must be a string or list of strings; line 2: arg value must be a string or list of strings"
    );
    let (_, res) = decode::<Args>(&root("abc\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: cannot construct !!str `abc` into meta.Args"
    );
    let (_, res) = decode::<Args>(&root("[a]\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: cannot construct !!seq into meta.Args"
    );
    // xyaml sees ArgValue as a struct: a list value is refused by the unknown-keys check.
    assert_eq!(
        Args::unknown_keys(&root("a: [x]\n")).unwrap_err(),
        "unexpected type for yaml sequence: meta.ArgValue"
    );
    assert_eq!(Args::unknown_keys(&root("a: x\nlistvalue: 1\n")), Ok(None));
    let unknown = Args::unknown_keys(&root("a: {strvalue: x, zz: 1}\n"))
        .unwrap()
        .unwrap();
    assert!(unknown.get("a").unwrap().get("zz").is_some());
}

#[test]
fn unstructured_is_a_free_form_mapping() {
    let doc = root("b: 1\na: ~\na10: x\na2: [1, {z: 1, y: 2}]\nA: 0x10\n1: one\n~: gone\n");
    let (u, res) = decode::<Unstructured>(&doc);
    assert_eq!(res, Ok(()));
    assert_eq!(u.object.get("a"), Some(&Any::Null));
    assert_eq!(u.object.get("A"), Some(&Any::Int(16)));
    assert_eq!(u.object.get("1"), Some(&Any::String("one".into())));
    assert_eq!(u.object.len(), 6);
    let encoded = u.encode();
    let keys: Vec<&str> = encoded.entries().map(|(k, _)| k.value.as_str()).collect();
    assert_eq!(keys, ["1", "A", "a", "a2", "a10", "b"]);
    assert_eq!(Unstructured::unknown_keys(&doc), Ok(None));
    assert_eq!(
        Unstructured::unknown_keys(&root("- a\n")).unwrap_err(),
        "unexpected type for yaml sequence: meta.Unstructured"
    );
    // Oracle: KubeAuditPolicyConfig `configuration`.
    let (_, res) = decode::<Unstructured>(&root("[a]\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: cannot construct !!seq into meta.Unstructured"
    );
    let (_, res) = decode::<Unstructured>(&root("abc\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: cannot construct !!str `abc` into meta.Unstructured"
    );
    let (_, res) = decode::<Unstructured>(&root("{a: 1, a: 2}\n"));
    assert_eq!(
        res.unwrap_err(),
        "yaml: construct errors: line 1: mapping key \"a\" already defined at line 1"
    );
    let (u, res) = decode::<Unstructured>(&root("{<<: {x: 1, y: 2}, y: 3}\n"));
    assert_eq!(res, Ok(()));
    assert_eq!(u.object.get("y"), Some(&Any::Int(3)));
    assert_eq!(u.object.get("x"), Some(&Any::Int(1)));
    assert!(Unstructured::default().is_zero());
    assert!(matches!(
        Unstructured::default().encode().kind,
        NodeKind::Mapping
    ));
}

#[test]
fn certificate_and_key_omits_empty_fields() {
    let (c, res) = decode::<CertificateAndKey>(&root("cert: abc\n"));
    assert_eq!(res, Ok(()));
    assert_eq!(c.cert, "abc");
    let encoded = c.encode();
    assert!(encoded.get("key").is_none());
    assert_eq!(encoded.get("cert").map(|n| n.value.as_str()), Some("abc"));
    assert_eq!(
        CertificateAndKey::unknown_keys(&root("cert: a\nbogus: 1\n"))
            .unwrap()
            .unwrap()
            .get("bogus")
            .map(|n| n.value.as_str()),
        Some("1")
    );
}
