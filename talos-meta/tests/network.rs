//! `talos_meta::network`: the spec's example documents and golden strings, every enum
//! spelling, Go's decoding quirks (expected values taken from Talos' own Go library), typed
//! errors, strict mode, and write/read round trips.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use talos_meta::network::{self, *};

fn parse(yaml: &str) -> PlatformNetworkConfig {
    PlatformNetworkConfig::from_yaml(yaml.as_bytes())
        .unwrap_or_else(|e| panic!("{yaml:?} should parse: {e}"))
}

fn parse_err(yaml: &[u8]) -> NetworkConfigError {
    match PlatformNetworkConfig::from_yaml(yaml) {
        Ok(cfg) => panic!(
            "{:?} should fail, got {cfg:?}",
            String::from_utf8_lossy(yaml)
        ),
        Err(e) => e,
    }
}

fn ip(s: &str) -> Option<IpAddress> {
    Some(s.parse().expect("valid IP"))
}

/// The YAML structure (order-insensitive for mappings).
fn structure(yaml: &str) -> serde_yaml::Value {
    serde_yaml::from_str(yaml).expect("valid YAML")
}

// ---------------------------------------------------------------------------------------------
// Spec §5.3 example documents.

#[test]
fn example_a_minimal() {
    let cfg = parse(r#"{"externalIPs": ["1.2.3.4"]}"#);
    assert_eq!(cfg.external_ips, vec![ip("1.2.3.4")]);
    assert!(cfg.links.is_empty() && cfg.metadata.is_none());
    assert_eq!(
        cfg.to_yaml().unwrap(),
        "addresses: []\nlinks: []\nroutes: []\nhostnames: []\nresolvers: []\ntimeServers: []\noperators: []\nexternalIPs:\n    - 1.2.3.4\n"
    );
}

const EXAMPLE_B: &str = "addresses: []
links:
    - name: eth0
      logical: false
      up: true
      mtu: 0
      kind: \"\"
      type: ether
      layer: platform
routes: []
hostnames: []
resolvers: []
timeServers: []
operators:
    - operator: dhcp4
      linkName: eth0
      requireUp: true
      dhcp4:
        routeMetric: 1024
      layer: platform
externalIPs: []
";

#[test]
fn example_b_dhcp_is_reproduced_byte_for_byte() {
    let cfg = parse(EXAMPLE_B);
    assert_eq!(cfg.links.len(), 1);
    let link = &cfg.links[0];
    assert_eq!(
        (link.name.as_str(), link.up, link.link_type),
        ("eth0", true, LinkType::Ether)
    );
    let op = &cfg.operators[0];
    assert_eq!(op.operator, Operator::Dhcp4);
    assert_eq!(op.dhcp4.route_metric, 1024);
    assert!(op.require_up);
    assert_eq!(op.layer, ConfigLayer::Platform);
    assert_eq!(cfg.to_yaml().unwrap(), EXAMPLE_B);
}

const EXAMPLE_C: &str = r#"addresses:
    - address: 1.2.3.4/24
      linkName: eth42.4094
      family: inet4
      scope: global
      flags: permanent
      layer: platform
links:
    - {name: eth42, logical: false, up: true, mtu: 0, kind: "", type: ether, layer: platform}
    - name: eth42.4094
      logical: true
      up: true
      mtu: 0
      kind: vlan
      type: ether
      parentName: eth42
      vlan: {vlanID: 4094, vlanProtocol: 802.1q}
      layer: platform
routes:
    - {family: inet4, dst: "", src: "", gateway: 3.4.5.6, outLinkName: eth42.4094, table: main,
       scope: global, type: unicast, flags: "", protocol: static, layer: platform}
"#;

#[test]
fn example_c_static_vlan() {
    let cfg = parse(EXAMPLE_C);
    let addr = &cfg.addresses[0];
    assert_eq!(addr.address, Some("1.2.3.4/24".parse().unwrap()));
    assert_eq!(addr.flags, AddressFlags::PERMANENT);
    assert_eq!(addr.family, Family::Inet4);
    let vlan = &cfg.links[1];
    assert_eq!(vlan.parent_name, "eth42");
    assert_eq!(
        vlan.vlan,
        Vlan {
            vlan_id: 4094,
            protocol: VlanProtocol::Ieee8021Q
        }
    );
    let route = &cfg.routes[0];
    assert_eq!(route.destination, None);
    assert_eq!(route.source, None);
    assert_eq!(route.gateway, ip("3.4.5.6"));
    assert_eq!(route.table, RoutingTable::MAIN);
    assert_eq!(route.flags, RouteFlags::default());
    assert_eq!(route.protocol, RouteProtocol::Static);
    // Go writes the VLAN link like this.
    let text = cfg.to_yaml().unwrap();
    assert!(text.contains(
        "    - name: eth42.4094\n      logical: true\n      up: true\n      mtu: 0\n      kind: vlan\n      type: ether\n      parentName: eth42\n      vlan:\n        vlanID: 4094\n        vlanProtocol: 802.1q\n      layer: platform\n"
    ));
    assert!(text.contains(
        "    - family: inet4\n      dst: \"\"\n      src: \"\"\n      gateway: 3.4.5.6\n"
    ));
    assert_eq!(parse(&text), cfg);
}

const EXAMPLE_D: &str = r#"links:
    - {name: eth1, logical: false, up: true, mtu: 0, kind: "", type: netrom, masterName: bond0, layer: platform}
    - {name: eth2, logical: false, up: true, mtu: 0, kind: "", type: netrom, masterName: bond0, slaveIndex: 1, layer: platform}
    - name: bond0
      logical: true
      up: true
      mtu: 0
      kind: bond
      type: ether
      bondMaster:
        mode: 802.3ad
        xmitHashPolicy: layer3+4
        lacpRate: slow
        arpValidate: none
        arpAllTargets: any
        primaryReselect: always
        failOverMac: none
        miimon: 100
        updelay: 200
        downdelay: 200
        resendIgmp: 1
        lpInterval: 1
        packetsPerSlave: 1
        numPeerNotif: 1
        tlbLogicalLb: 1
        useCarrier: true
        adActorSysPrio: 65535
        adLacpActive: 'on'
      layer: platform
routes:
    - {family: inet6, dst: "", src: "", gateway: "2604:1380:45d1:fd00::10", outLinkName: bond0, table: main, priority: 2048, scope: global, type: unicast, flags: "", protocol: static, layer: platform}
externalIPs: [147.75.78.41, "2604:1380:45d1:fd00::11"]
"#;

#[test]
fn example_d_bond() {
    let cfg = parse(EXAMPLE_D);
    assert_eq!(cfg.links[1].master_name, "bond0");
    assert_eq!(cfg.links[1].slave_index, 1);
    assert_eq!(cfg.links[0].link_type, LinkType::Netrom);
    let bond = &cfg.links[2].bond_master;
    assert_eq!(bond.mode, BondMode::Ieee8023Ad);
    assert_eq!(bond.xmit_hash_policy, BondXmitHashPolicy::Layer34);
    assert_eq!((bond.miimon, bond.updelay, bond.downdelay), (100, 200, 200));
    assert!(bond.use_carrier);
    assert_eq!(bond.ad_actor_sys_prio, 65535);
    assert_eq!(bond.ad_lacp_active, Some(AdLacpActive::On));
    assert_eq!(bond.primary, None);
    assert_eq!(cfg.routes[0].priority, 2048);
    assert_eq!(cfg.routes[0].gateway, ip("2604:1380:45d1:fd00::10"));
    assert_eq!(
        cfg.external_ips,
        vec![ip("147.75.78.41"), ip("2604:1380:45d1:fd00::11")]
    );
    let text = cfg.to_yaml().unwrap();
    // Go quotes the YAML 1.1 boolean spelling.
    assert!(text.contains("        adLacpActive: 'on'\n"), "{text}");
    assert!(
        text.contains("      masterName: bond0\n      slaveIndex: 1\n"),
        "{text}"
    );
    assert_eq!(parse(&text), cfg);
}

// ---------------------------------------------------------------------------------------------
// Golden strings of the reference tests.

#[test]
fn golden_address_spec() {
    let address = Address {
        address: Some("192.168.3.6/27".parse().unwrap()),
        link_name: "eth0".into(),
        family: Family::Inet4,
        scope: Scope::Link,
        flags: AddressFlags::PERMANENT,
        layer: ConfigLayer::Configuration,
        ..Address::default()
    };
    assert_eq!(
        network::to_yaml(&address).unwrap(),
        "address: 192.168.3.6/27\nlinkName: eth0\nfamily: inet4\nscope: link\nflags: permanent\nlayer: configuration\n"
    );
}

#[test]
fn golden_resolver_spec() {
    let resolver = Resolver {
        dns_servers: vec![ip("1.1.1.1"), ip("8.8.8.8")],
        layer: ConfigLayer::Platform,
        search_domains: vec!["example.com".into()],
        ..Resolver::default()
    };
    assert_eq!(
        network::to_yaml(&resolver).unwrap(),
        "dnsServers:\n    - 1.1.1.1\n    - 8.8.8.8\nlayer: platform\nsearchDomains:\n    - example.com\n"
    );
}

#[test]
fn golden_vrf_table_and_keepalive() {
    let cfg = parse(
        "links: [{name: vrf0, kind: vrf, vrfMaster: {table: 123}}, {name: wg0, wireguard: {peers: [{persistentKeepaliveInterval: 30s}]}}]",
    );
    assert_eq!(cfg.links[0].vrf_master.table, RoutingTable(123));
    assert_eq!(
        network::to_yaml(&cfg.links[0].vrf_master).unwrap(),
        "table: \"123\"\n"
    );
    let text = cfg.to_yaml().unwrap();
    assert!(
        text.contains("persistentKeepaliveInterval: 30s\n"),
        "{text}"
    );
}

#[test]
fn empty_config_writes_every_non_omitempty_list() {
    assert_eq!(
        PlatformNetworkConfig::default().to_yaml().unwrap(),
        "addresses: []\nlinks: []\nroutes: []\nhostnames: []\nresolvers: []\ntimeServers: []\noperators: []\nexternalIPs: []\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Enumerations.

fn check_enum<T>(all: &[T])
where
    T: Copy + std::fmt::Debug + PartialEq + std::fmt::Display + std::str::FromStr<Err = ValueError>,
{
    for &v in all {
        let text = v.to_string();
        assert_eq!(text.parse::<T>(), Ok(v), "{text}");
        // Go's enumer also accepts any case.
        assert_eq!(text.to_uppercase().parse::<T>(), Ok(v), "{text}");
    }
    assert!(matches!(
        "no-such-name".parse::<T>(),
        Err(ValueError::UnknownName { .. })
    ));
}

#[test]
fn every_enum_spelling_round_trips() {
    check_enum(ConfigLayer::ALL);
    check_enum(Operator::ALL);
    check_enum(Family::ALL);
    check_enum(Scope::ALL);
    check_enum(RouteType::ALL);
    check_enum(RouteProtocol::ALL);
    check_enum(LinkType::ALL);
    check_enum(VlanProtocol::ALL);
    check_enum(BondMode::ALL);
    check_enum(BondXmitHashPolicy::ALL);
    check_enum(LacpRate::ALL);
    check_enum(ArpValidate::ALL);
    check_enum(ArpAllTargets::ALL);
    check_enum(PrimaryReselect::ALL);
    check_enum(AdSelect::ALL);
    check_enum(AdLacpActive::ALL);
    check_enum(DnsProtocol::ALL);
    check_enum(ClientIdentifier::ALL);
    assert_eq!(LinkType::ALL.len(), 76);
    assert_eq!(RouteProtocol::ALL.len(), 22);
}

#[test]
fn enum_names_and_numbers_match_talos() {
    let link_types = [
        (LinkType::Netrom, "netrom", 0),
        (LinkType::Ether, "ether", 1),
        (LinkType::Cisco, "cisco", 513),
        (LinkType::Ipip, "ipip", 768),
        (LinkType::IpDdp, "ip/ddp", 777),
        (LinkType::Gre, "gre", 778),
        (LinkType::Fcfb12, "fcfb_12", 799),
        (LinkType::Ieee80211Radiotap, "ieee802.11_radiotap", 803),
        (LinkType::Ieee802154Monitor, "ieee802.15.4_monitor", 805),
        (LinkType::SixLowpan, "6lowpan", 825),
        (LinkType::Nohdr, "nohdr", 65534),
        (LinkType::Void, "void", 65535),
    ];
    for (v, name, n) in link_types {
        assert_eq!((v.as_str(), v.value()), (name, n));
        assert_eq!(LinkType::from_value(n), Some(v));
    }
    assert!("hdlc".parse::<LinkType>().is_err());
    assert_eq!(Family::Inet6.value(), 10);
    assert_eq!(Family::Unspecified.as_str(), "Family(0)");
    assert!("Family(0)".parse::<Family>().is_err());
    assert_eq!(VlanProtocol::Ieee8021Ad.value(), 0x88a8);
    assert_eq!(VlanProtocol::Unspecified.to_string(), "VLANProtocol(0)");
    assert_eq!(Scope::Site.value(), 200);
    assert_eq!(RouteProtocol::Eigrp.value(), 192);
    assert_eq!(BondMode::Ieee8023Ad.as_str(), "802.3ad");
    assert_eq!(BondXmitHashPolicy::Encap34.as_str(), "encap3+4");
    assert_eq!(ArpValidate::FilterBackup.as_str(), "filter-backup");
    assert_eq!(DnsProtocol::DoH.as_str(), "DoH");
    assert_eq!("doh".parse(), Ok(DnsProtocol::DoH));
    assert_eq!("dOt".parse(), Ok(DnsProtocol::DoT));
    // Go lower-cases with simple case mapping: 'İ' becomes 'i'.
    assert_eq!("lİnk".parse(), Ok(Scope::Link));
}

#[test]
fn routing_table_names() {
    for n in 0..=255u8 {
        let t = RoutingTable(n);
        assert_eq!(t.to_string().parse(), Ok(t));
    }
    assert_eq!(RoutingTable(0).to_string(), "unspec");
    assert_eq!(RoutingTable(7).to_string(), "7");
    assert_eq!(RoutingTable(253).to_string(), "default");
    assert_eq!("MAIN".parse(), Ok(RoutingTable::MAIN));
    for bad in ["0", "253", "254", "256", "007", "+7", "", " 7", "0x10"] {
        assert!(bad.parse::<RoutingTable>().is_err(), "{bad}");
    }
}

#[test]
fn flags() {
    for &(flag, name) in AddressFlags::NAMES {
        assert_eq!(flag.to_string(), name);
        assert_eq!(name.parse(), Ok(flag));
    }
    for &(flag, name) in RouteFlags::NAMES {
        assert_eq!(flag.to_string(), name);
        assert_eq!(name.parse(), Ok(flag));
    }
    let f: AddressFlags = "stableprivacy,TEMPORARY,permanent".parse().unwrap();
    assert_eq!(f.to_string(), "temporary,permanent,stableprivacy");
    assert!("".parse::<AddressFlags>().is_err());
    assert!("permanent,".parse::<AddressFlags>().is_err());
    assert_eq!("".parse::<RouteFlags>(), Ok(RouteFlags::default()));
    assert_eq!(
        "trap,lookup_table"
            .parse::<RouteFlags>()
            .unwrap()
            .to_string(),
        "lookup_table,trap"
    );
    assert!("notify,".parse::<RouteFlags>().is_err());
}

#[test]
fn fail_over_mac_accepts_legacy_numbers() {
    for (text, want) in [
        ("none", FailOverMac::None),
        ("", FailOverMac::None),
        ("active", FailOverMac::Active),
        ("follow", FailOverMac::Follow),
        ("0", FailOverMac::None),
        ("1", FailOverMac::Active),
        ("2", FailOverMac::Follow),
        ("+2", FailOverMac::Follow),
        ("-0", FailOverMac::None),
        ("002", FailOverMac::Follow),
    ] {
        assert_eq!(text.parse(), Ok(want), "{text:?}");
    }
    for bad in ["3", "-1", "Active", "NONE", "1.0", "0x1", "+"] {
        assert!(bad.parse::<FailOverMac>().is_err(), "{bad:?}");
    }
    let cfg = parse("links: [{bondMaster: {failOverMac: 1}}, {bondMaster: {failOverMac: \"\"}}]");
    assert_eq!(cfg.links[0].bond_master.fail_over_mac, FailOverMac::Active);
    // A bond with only zero values is omitted, like Go does.
    assert!(!cfg.to_yaml().unwrap().contains("failOverMac: none"));
}

#[test]
fn enums_in_documents_accept_any_case_and_numbers_as_text() {
    let cfg = parse(
        "addresses: [{scope: LINK, family: Inet6, flags: \"permanent,NODAD\"}]\nroutes: [{table: 123, type: UNICAST, protocol: Static}, {table: \"7\"}]",
    );
    assert_eq!(cfg.addresses[0].scope, Scope::Link);
    assert_eq!(cfg.addresses[0].family, Family::Inet6);
    assert_eq!(
        cfg.addresses[0].flags,
        AddressFlags::PERMANENT | AddressFlags::NODAD
    );
    assert_eq!(cfg.routes[0].table, RoutingTable(123));
    assert_eq!(cfg.routes[0].route_type, RouteType::Unicast);
    assert_eq!(cfg.routes[1].table, RoutingTable(7));
}

// ---------------------------------------------------------------------------------------------
// Scalars.

#[test]
fn ip_addresses_follow_netip() {
    for (input, shown) in [
        ("1.2.3.4", "1.2.3.4"),
        ("::", "::"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("0:0:0:0:0:ffff:102:304", "::ffff:1.2.3.4"),
        ("::ffff:0:0", "::ffff:0.0.0.0"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
        ("A:B:C:D:E:F:0:0", "a:b:c:d:e:f::"),
        ("::1.2.3.4", "::102:304"),
        ("64:ff9b::1.2.3.4", "64:ff9b::102:304"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("fe80::1%a%b", "fe80::1%a%b"),
    ] {
        let addr: IpAddress = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(addr.to_string(), shown, "{input}");
    }
    for bad in [
        "",
        "1.2.3",
        "1.2.3.4.5",
        "01.2.3.4",
        "256.1.1.1",
        "1.2.3.4%eth0",
        "fe80::1%",
        "%eth0",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "12345::",
        "1:2:3:4:5:6:7:8::",
        "::1.2.3",
        "1.2.3.-4",
        "x",
        ":",
        "1:",
    ] {
        assert!(bad.parse::<IpAddress>().is_err(), "{bad:?}");
    }
    let zoned = IpAddress::with_zone(Ipv6Addr::LOCALHOST, "lo").unwrap();
    assert_eq!(
        (zoned.ip(), zoned.zone()),
        (IpAddr::V6(Ipv6Addr::LOCALHOST), Some("lo"))
    );
    assert!(IpAddress::with_zone(Ipv6Addr::LOCALHOST, "").is_none());
    assert_eq!(
        IpAddress::from(Ipv4Addr::new(10, 0, 0, 1)).to_string(),
        "10.0.0.1"
    );
}

#[test]
fn ip_prefixes_keep_host_bits() {
    let p: IpPrefix = "10.0.0.5/24".parse().unwrap();
    assert_eq!(
        (p.addr(), p.bits()),
        (IpAddr::V4(Ipv4Addr::new(10, 0, 0, 5)), 24)
    );
    assert_eq!(p.to_string(), "10.0.0.5/24");
    assert_eq!(
        "::ffff:1.2.3.4/100"
            .parse::<IpPrefix>()
            .unwrap()
            .to_string(),
        "::ffff:1.2.3.4/100"
    );
    assert_eq!("::/0".parse::<IpPrefix>().unwrap().to_string(), "::/0");
    for bad in [
        "10.0.0.5",
        "10.0.0.5/33",
        "10.0.0.5/024",
        "10.0.0.5/+8",
        "10.0.0.5/",
        "::/129",
        "fe80::1%eth0/64",
        "/8",
        "10.0.0.5/8/8",
    ] {
        assert!(
            matches!(bad.parse::<IpPrefix>(), Err(ValueError::IpPrefix { .. })),
            "{bad:?}"
        );
    }
    assert!(IpPrefix::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 33).is_none());
}

#[test]
fn durations_follow_go() {
    for (input, shown) in [
        ("1.5h", "1h30m0s"),
        ("1.5us", "1.5µs"),
        ("3μs", "3µs"),
        ("-1.5h", "-1h30m0s"),
        ("100ms", "100ms"),
        ("1h1m1.000000001s", "1h1m1.000000001s"),
        ("2562047h47m16.854775807s", "2562047h47m16.854775807s"),
        ("-9223372036854775808ns", "-2562047h47m16.854775808s"),
        (".5s", "500ms"),
        ("1.s", "1s"),
        ("0", "0s"),
        ("-0", "0s"),
        ("+0", "0s"),
        ("1m", "1m0s"),
        ("90s", "1m30s"),
        ("1ns", "1ns"),
    ] {
        let d: GoDuration = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(d.to_string(), shown, "{input}");
    }
    for bad in [
        "",
        "5",
        "1x",
        "1h1x",
        ".s",
        "-",
        "9223372036854775808ns",
        "1.5.5s",
        " 1s",
    ] {
        assert!(
            matches!(bad.parse::<GoDuration>(), Err(ValueError::Duration { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(GoDuration::from_secs(30).to_string(), "30s");
    assert_eq!(GoDuration::from_nanos(-1).to_std(), None);
}

#[test]
fn hardware_addresses() {
    assert_eq!(
        "aa:bb:cc".parse::<HardwareAddr>().unwrap().0,
        vec![0xaa, 0xbb, 0xcc]
    );
    assert_eq!(
        "aabb::cc".parse::<HardwareAddr>().unwrap().to_string(),
        "aa:bb:cc"
    );
    assert_eq!("".parse::<HardwareAddr>().unwrap(), HardwareAddr::default());
    for bad in ["aa:bb:c", "a:bb", "AA-BB", "zz"] {
        assert!(
            matches!(
                bad.parse::<HardwareAddr>(),
                Err(ValueError::HardwareAddr { .. })
            ),
            "{bad:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Go's decoding rules (each expectation checked against Talos' Go library).

#[test]
fn null_fields_keep_zero_values_and_null_items_are_dropped() {
    let cfg = parse(
        "addresses: [~, {address: 1.2.3.4/24}, null, ]\nlinks: ~\nroutes:\nexternalIPs: [~, \"\", 1.2.3.4]",
    );
    assert_eq!(cfg.addresses.len(), 1);
    assert_eq!(cfg.addresses[0].family, Family::Unspecified);
    // An empty string is Go's zero address, which is kept.
    assert_eq!(cfg.external_ips, vec![None, ip("1.2.3.4")]);
    let text = cfg.to_yaml().unwrap();
    assert!(
        text.contains("externalIPs:\n    - \"\"\n    - 1.2.3.4\n"),
        "{text}"
    );
    assert!(text.contains("      family: Family(0)\n"), "{text}");
}

#[test]
fn go_scalar_typing() {
    let cfg = parse(
        "links: [{name: a, mtu: 08, up: \"yes\", logical: n}, {name: 0x10, kind: 1e3, parentName: true, mtu: 0x10, slaveIndex: 0o17}, {mtu: 1.0}, {mtu: 0777}, {mtu: 1_500}, {mtu: .5e1}, {mtu: -0}]",
    );
    let l = &cfg.links;
    assert_eq!((l[0].mtu, l[0].up, l[0].logical), (8, true, false));
    assert_eq!(
        (
            l[1].name.as_str(),
            l[1].kind.as_str(),
            l[1].parent_name.as_str()
        ),
        ("0x10", "1e3", "true")
    );
    assert_eq!((l[1].mtu, l[1].slave_index), (16, 15));
    assert_eq!(l[2].mtu, 1);
    assert_eq!(l[3].mtu, 511);
    assert_eq!(l[4].mtu, 1500);
    assert_eq!(l[5].mtu, 5);
    assert_eq!(l[6].mtu, 0);
    for bad in [
        "links: [{logical: \"true\"}]",
        "links: [{up: 1}]",
        "links: [{mtu: 1.5}]",
        "links: [{mtu: -1}]",
        "links: [{mtu: 4294967296}]",
        "links: [{mtu: \"1500\"}]",
        "links: [{mtu: .inf}]",
        "links: [{mtu: !!str 5}]",
        "links: [{name: 2001-01-01}]",
        "links: [{name: 2001-01-01T10:00:00Z}]",
        "metadata: {tags: {2001-01-01: x}}",
    ] {
        assert!(
            matches!(
                parse_err(bad.as_bytes()),
                NetworkConfigError::TypeMismatch { .. }
            ),
            "{bad}"
        );
    }
    // Not timestamps: invalid dates stay strings.
    assert_eq!(
        parse("links: [{name: 2001-13-01}]").links[0].name,
        "2001-13-01"
    );
    assert_eq!(
        parse("links: [{name: 2001-02-29}]").links[0].name,
        "2001-02-29"
    );
    assert_eq!(
        parse("links: [{name: \"2001-01-01\"}]").links[0].name,
        "2001-01-01"
    );
}

#[test]
fn explicit_tags() {
    let cfg = parse(
        "links: [{name: a, mtu: !!int \"5\", slaveIndex: !!float 2, up: !!bool true}, {name: !!str 2001-01-01, kind: !foo bar}]",
    );
    assert_eq!(
        (cfg.links[0].mtu, cfg.links[0].slave_index, cfg.links[0].up),
        (5, 2, true)
    );
    assert_eq!(cfg.links[1].name, "2001-01-01");
    assert_eq!(cfg.links[1].kind, "bar");
    parse_err(b"links: [{name: !!int abc}]");
    parse_err(b"links: [{mtu: !foo 5}]");
    // !!binary is base64, decoded into string and text fields only.
    let cfg = parse("links: [{name: !!binary aGk=, type: !!binary ZXRoZXI=}]");
    assert_eq!(
        (cfg.links[0].name.as_str(), cfg.links[0].link_type),
        ("hi", LinkType::Ether)
    );
    parse_err(b"links: [{name: !!binary aGk}]");
    parse_err(b"links: [{up: !!binary eWVz}]");
}

#[test]
fn durations_in_documents() {
    let cfg = parse(
        "probes: [{interval: 1.0, failureThreshold: 1e1, tcp: {endpoint: 'x:1', timeout: 1h2m3.5s}}, {interval: 0}, {interval: -0}]",
    );
    assert_eq!(cfg.probes[0].interval, GoDuration::from_nanos(1));
    assert_eq!(cfg.probes[0].failure_threshold, 10);
    assert_eq!(cfg.probes[0].tcp.timeout.to_string(), "1h2m3.5s");
    assert_eq!(cfg.probes[1].interval, GoDuration::ZERO);
    for bad in ["probes: [{interval: 5}]", "probes: [{interval: \"5\"}]"] {
        assert!(
            matches!(
                parse_err(bad.as_bytes()),
                NetworkConfigError::TypeMismatch { .. }
            ),
            "{bad}"
        );
    }
}

#[test]
fn merge_keys_and_aliases() {
    let cfg = parse(
        "x: &a {name: n, mtu: 9}\ny: &b {kind: k, name: z}\nlinks: [{<<: *a, mtu: 5}, {<<: [*a, *b], up: true}]",
    );
    assert_eq!((cfg.links[0].name.as_str(), cfg.links[0].mtu), ("n", 5));
    assert_eq!(
        (
            cfg.links[1].name.as_str(),
            cfg.links[1].kind.as_str(),
            cfg.links[1].mtu
        ),
        ("n", "k", 9)
    );
    let tags = parse("metadata: {tags: {<<: {a: '1', b: ~}, a: x}}")
        .metadata
        .unwrap()
        .tags;
    assert_eq!(
        tags,
        BTreeMap::from([("a".into(), "x".into()), ("b".into(), String::new())])
    );
    assert!(matches!(
        parse_err(b"links: [{<<: 5}]"),
        NetworkConfigError::BadMerge { .. }
    ));
    assert!(matches!(
        parse_err(b"links: [{<<: [{name: a}, 3]}]"),
        NetworkConfigError::BadMerge { .. }
    ));
    // A stray merge value is ignored by Go; on a pointer field it still allocates.
    let cfg = parse("addresses: <<\nlinks: [{name: x, bondMaster: {primary: <<}}]");
    assert!(cfg.addresses.is_empty());
    assert_eq!(cfg.links[0].bond_master.primary, Some(0));
}

#[test]
fn pointer_fields() {
    let cfg = parse(
        "links: [{multicast: yes, bondMaster: {adLacpActive: OFF, primary: 3}}, {multicast: ~}]\nmetadata: {}",
    );
    assert_eq!(cfg.links[0].multicast, Some(true));
    assert_eq!(
        cfg.links[0].bond_master.ad_lacp_active,
        Some(AdLacpActive::Off)
    );
    assert_eq!(cfg.links[0].bond_master.primary, Some(3));
    assert_eq!(cfg.links[1].multicast, None);
    assert_eq!(cfg.metadata, Some(Metadata::default()));
    assert!(cfg.to_yaml().unwrap().ends_with("metadata: {}\n"));
}

#[test]
fn vip_with_only_an_address_is_omitted_like_go() {
    let cfg = parse("operators: [{vip: {ip: 1.2.3.4}}, {vip: {ip: 1.2.3.5, gratuitousARP: true}}]");
    assert_eq!(cfg.operators[0].vip.ip, ip("1.2.3.4"));
    let text = cfg.to_yaml().unwrap();
    assert!(!text.contains("1.2.3.4"), "{text}");
    assert!(
        text.contains("      vip:\n        ip: 1.2.3.5\n        gratuitousARP: true\n"),
        "{text}"
    );
}

#[test]
fn probe_url_is_go_url_structure() {
    let cfg = parse("probes: [{http: {url: {scheme: http, host: x, user: {}}}}]");
    let url = cfg.probes[0].http.url.as_ref().unwrap();
    assert_eq!((url.scheme.as_str(), url.host.as_str()), ("http", "x"));
    assert_eq!(url.user, Some(UrlUserinfo {}));
    assert!(
        cfg.to_yaml()
            .unwrap()
            .contains("            user: {}\n            host: x\n")
    );
    assert!(matches!(
        parse_err(b"probes: [{http: {url: \"http://x\"}}]"),
        NetworkConfigError::TypeMismatch { .. }
    ));
}

#[test]
fn documents_and_encodings() {
    // Only the first document counts; later ones are not even checked.
    assert_eq!(
        parse("externalIPs: [1.2.3.4]\n---\nexternalIPs: [5.6.7.8]\n").external_ips,
        vec![ip("1.2.3.4")]
    );
    assert_eq!(parse("a: 1\n---\n[").external_ips, vec![]);
    assert_eq!(parse("---\n"), PlatformNetworkConfig::default());
    assert_eq!(parse("~"), PlatformNetworkConfig::default());
    assert_eq!(
        parse("...\nexternalIPs: [1.2.3.4]").external_ips,
        vec![ip("1.2.3.4")]
    );
    // UTF-8 BOM, UTF-16 with BOM.
    assert_eq!(
        parse("\u{feff}externalIPs: [1.2.3.4]").external_ips,
        vec![ip("1.2.3.4")]
    );
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "externalIPs: [1.2.3.4]"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(
        PlatformNetworkConfig::from_yaml(&utf16)
            .unwrap()
            .external_ips,
        vec![ip("1.2.3.4")]
    );
    // A BOM later in the text is an ordinary character for Go.
    assert_eq!(
        parse("links: [{name: \"a\u{feff}b\"}]").links[0].name,
        "a\u{feff}b"
    );
    assert!(
        parse_err("externalIPs: [1.2.3.4]\n\u{feff}".as_bytes())
            .to_string()
            .contains("syntax")
    );
    // Go-only anchor names.
    let cfg = parse("links: [{name: &\"1e3\" x, kind: *\"1e3\"}, {name: &a.b y, kind: *a.b}]");
    assert_eq!(
        (cfg.links[0].kind.as_str(), cfg.links[1].kind.as_str()),
        ("x", "y")
    );
}

// ---------------------------------------------------------------------------------------------
// Typed errors.

#[test]
fn typed_errors() {
    assert!(matches!(
        parse_err(b"externalIPs: [\xff]"),
        NetworkConfigError::NonUtf8 { offset: 14 }
    ));
    assert!(matches!(
        parse_err(&[0xff, 0xfe, 0x00, 0xd8]),
        NetworkConfigError::InvalidUtf16 { .. }
    ));
    assert!(matches!(
        parse_err(&[0xff, 0xfe, b'a']),
        NetworkConfigError::InvalidUtf16 { .. }
    ));
    for empty in ["", "   \n", "# only a comment\n"] {
        assert!(
            matches!(parse_err(empty.as_bytes()), NetworkConfigError::NoDocument),
            "{empty:?}"
        );
    }
    assert!(matches!(
        parse_err(b"links: [{name: eth0}\n"),
        NetworkConfigError::Syntax { .. }
    ));
    assert!(matches!(
        parse_err(b"links:\n\t- name: eth0\n"),
        NetworkConfigError::Syntax { .. }
    ));

    match parse_err(b"addresses: [{scope: planetary}]") {
        NetworkConfigError::InvalidValue {
            path,
            source: ValueError::UnknownName { type_name, value },
        } => assert_eq!(
            (path.as_str(), type_name, value.as_str()),
            ("addresses[0].scope", "Scope", "planetary")
        ),
        other => panic!("{other:?}"),
    }
    match parse_err(b"links: [{}, {bondMaster: {mode: balance-xyz}}]") {
        NetworkConfigError::InvalidValue { path, source } => {
            assert_eq!(path, "links[1].bondMaster.mode");
            assert_eq!(
                source.to_string(),
                "\"balance-xyz\" does not belong to BondMode values"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        parse_err(b"externalIPs: [300.1.1.1]"),
        NetworkConfigError::InvalidValue {
            source: ValueError::IpAddress { .. },
            ..
        }
    ));
    assert!(matches!(
        parse_err(b"addresses: [{address: 10.0.0.1}]"),
        NetworkConfigError::InvalidValue {
            source: ValueError::IpPrefix { .. },
            ..
        }
    ));
    assert!(matches!(
        parse_err(b"links: [{hardwareAddr: 'aa:b'}]"),
        NetworkConfigError::InvalidValue {
            source: ValueError::HardwareAddr { .. },
            ..
        }
    ));
    assert!(matches!(
        parse_err(b"addresses: [{flags: \"\"}]"),
        NetworkConfigError::InvalidValue {
            source: ValueError::UnknownName {
                type_name: "AddressFlag",
                ..
            },
            ..
        }
    ));
    match parse_err(b"links: [{mtu: {a: 1}}]") {
        NetworkConfigError::TypeMismatch {
            path,
            found,
            expected,
        } => {
            assert_eq!(
                (path.as_str(), found.as_str(), expected),
                ("links[0].mtu", "!!map", "uint32")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        parse_err(b"externalIPs: 1.2.3.4"),
        NetworkConfigError::TypeMismatch { .. }
    ));
    assert!(matches!(
        parse_err(b"externalIPs: [{a: 1}]"),
        NetworkConfigError::TypeMismatch { .. }
    ));
    assert!(matches!(
        parse_err(b"just a string"),
        NetworkConfigError::TypeMismatch { .. }
    ));
    assert!(matches!(
        parse_err(b"[]"),
        NetworkConfigError::TypeMismatch { .. }
    ));
    match parse_err(b"links: [{name: a, \"name\": b}]") {
        NetworkConfigError::DuplicateKey { path, key } => {
            assert_eq!((path.as_str(), key.as_str()), ("links[0]", "name"))
        }
        other => panic!("{other:?}"),
    }
    // Duplicates count even in keys nobody reads.
    assert!(matches!(
        parse_err(b"unknown: 1\nunknown: 2"),
        NetworkConfigError::DuplicateKey { .. }
    ));
    let deep = format!("extra: {}{}", "[".repeat(300), "]".repeat(300));
    assert!(matches!(
        parse_err(deep.as_bytes()),
        NetworkConfigError::TooComplex { .. }
    ));
}

#[test]
fn never_panics_on_odd_input() {
    let mut rng = StdRng::seed_from_u64(7);
    let seeds = [EXAMPLE_B, EXAMPLE_C, EXAMPLE_D];
    for _ in 0..3000 {
        let mut bytes = seeds.choose(&mut rng).unwrap().as_bytes().to_vec();
        for _ in 0..rng.random_range(1..6) {
            let pos = rng.random_range(0..=bytes.len());
            match rng.random_range(0..3) {
                0 => bytes.insert(pos, rng.random()),
                1 => bytes.insert(
                    pos,
                    *b"[]{}:-\"'&*!|>%@`#,?\t\n ~<".choose(&mut rng).unwrap(),
                ),
                _ => bytes.truncate(pos),
            }
        }
        let _ = PlatformNetworkConfig::from_yaml(&bytes);
        let _ = PlatformNetworkConfig::from_yaml_strict(&bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// Strict versus lenient.

#[test]
fn strict_mode_names_unknown_keys() {
    let doc = b"links: [{name: eth0, nmae: x}]\nextra: 1";
    let lenient = PlatformNetworkConfig::from_yaml(doc).unwrap();
    assert_eq!(lenient.links[0].name, "eth0");
    match PlatformNetworkConfig::from_yaml_strict(doc).unwrap_err() {
        NetworkConfigError::UnknownField { path, key } => {
            assert_eq!((path.as_str(), key.as_str()), ("links[0]", "nmae"))
        }
        other => panic!("{other:?}"),
    }
    match PlatformNetworkConfig::from_yaml_strict(b"links: [{bondMaster: {primaryIndex: 1}}]")
        .unwrap_err()
    {
        NetworkConfigError::UnknownField { path, key } => {
            assert_eq!(
                (path.as_str(), key.as_str()),
                ("links[0].bondMaster", "primaryIndex")
            );
        }
        other => panic!("{other:?}"),
    }
    // Keys Go never looks at: null keys and the merge key.
    assert!(PlatformNetworkConfig::from_yaml_strict(b"~: 1\nlinks: [{<<: {name: a}}]").is_ok());
    // Integer keys are compared as text.
    assert!(PlatformNetworkConfig::from_yaml_strict(b"1: x").is_err());
    // Map keys under `tags` are data, not fields.
    assert!(PlatformNetworkConfig::from_yaml_strict(b"metadata: {tags: {anything: x}}").is_ok());
    for doc in [EXAMPLE_B, EXAMPLE_C, EXAMPLE_D] {
        assert_eq!(
            PlatformNetworkConfig::from_yaml_strict(doc.as_bytes()).unwrap(),
            parse(doc)
        );
    }
}

#[test]
fn strict_mode_knows_every_field_it_writes() {
    let mut rng = StdRng::seed_from_u64(11);
    for _ in 0..200 {
        let cfg = random_config(&mut rng);
        let text = cfg.to_yaml().unwrap();
        if let Err(e) = PlatformNetworkConfig::from_yaml_strict(text.as_bytes()) {
            assert!(
                !matches!(e, NetworkConfigError::UnknownField { .. }),
                "{e}\n{text}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing and reading back.

const TRICKY: &[&str] = &[
    "",
    "yes",
    "on",
    "No",
    "0777",
    "0x10",
    "1e3",
    "1_000",
    ".5",
    "~",
    "null",
    "true",
    "<<",
    "2001-01-01",
    "2001-01-01T10:00:00Z",
    "1:20",
    " lead",
    "trail ",
    "a: b",
    "a #b",
    "#c",
    "-",
    "- x",
    "?",
    ": x",
    "'q'",
    "\"dq\"",
    "x\ty",
    "line\nbreak",
    "日本語",
    "[x]",
    "{y}",
    "a,b",
    "*ref",
    "&anc",
    "!tag",
    "%p",
    "@at",
    "`bt`",
    "---",
    "...",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "back\\slash",
    "Family(0)",
    "+1",
    "-.inf",
    "::",
    "a:",
    "\u{1}\u{7f}\u{9f}\u{fffe}",
    "\u{1F600}",
];

#[test]
fn tricky_strings_round_trip() {
    let mut tags = BTreeMap::new();
    for (i, s) in TRICKY.iter().enumerate() {
        tags.insert((*s).to_owned(), format!("v{i}"));
        tags.insert(format!("k{i}"), (*s).to_owned());
    }
    tags.insert("k".repeat(200), "long key".into());
    tags.insert("multi\nline key".into(), "x".into());
    let cfg = PlatformNetworkConfig {
        hostnames: TRICKY
            .iter()
            .map(|s| Hostname {
                hostname: (*s).to_owned(),
                domainname: (*s).to_owned(),
                layer: ConfigLayer::Platform,
            })
            .collect(),
        metadata: Some(Metadata {
            tags,
            ..Metadata::default()
        }),
        ..PlatformNetworkConfig::default()
    };
    let text = cfg.to_yaml().unwrap();
    assert_eq!(parse(&text), cfg, "{text}");
    // serde_yaml agrees that these are strings.
    let value = structure(&text);
    for (i, h) in value["hostnames"].as_sequence().unwrap().iter().enumerate() {
        assert_eq!(h["hostname"].as_str(), Some(TRICKY[i]));
    }
}

fn random_config(rng: &mut StdRng) -> PlatformNetworkConfig {
    let s = |rng: &mut StdRng| -> String {
        if rng.random_bool(0.3) {
            (*TRICKY.choose(rng).unwrap()).to_owned()
        } else {
            format!("n{}", rng.random_range(0..1000))
        }
    };
    let addr = |rng: &mut StdRng| -> Option<IpAddress> {
        match rng.random_range(0..4) {
            0 => None,
            1 => Some(IpAddress::from(Ipv4Addr::from(rng.random::<u32>()))),
            2 => Some(IpAddress::from(Ipv6Addr::from(
                rng.random::<u128>() & !(0xffff << 64),
            ))),
            _ => IpAddress::with_zone(Ipv6Addr::from(rng.random::<u128>()), "eth0"),
        }
    };
    PlatformNetworkConfig {
        addresses: (0..rng.random_range(0..3))
            .map(|_| Address {
                address: IpPrefix::new(
                    IpAddr::V4(Ipv4Addr::from(rng.random::<u32>())),
                    rng.random_range(0..=32),
                ),
                link_name: s(rng),
                family: *Family::ALL.choose(rng).unwrap(),
                scope: *Scope::ALL.choose(rng).unwrap(),
                flags: AddressFlags::NAMES.choose(rng).unwrap().0,
                announce_with_arp: rng.random(),
                priority: rng.random_range(0..3),
                layer: *ConfigLayer::ALL.choose(rng).unwrap(),
            })
            .collect(),
        links: (0..rng.random_range(0..3))
            .map(|_| Link {
                name: s(rng),
                mtu: rng.random(),
                link_type: *LinkType::ALL.choose(rng).unwrap(),
                hardware_addr: HardwareAddr(
                    (0..rng.random_range(0..7)).map(|_| rng.random()).collect(),
                ),
                slave_index: rng.random_range(-2..3),
                vlan: Vlan {
                    vlan_id: rng.random(),
                    protocol: *VlanProtocol::ALL.choose(rng).unwrap(),
                },
                bond_master: Bond {
                    mode: *BondMode::ALL.choose(rng).unwrap(),
                    fail_over_mac: *FailOverMac::ALL.choose(rng).unwrap(),
                    primary: rng.random_bool(0.5).then(|| rng.random()),
                    arp_ip_targets: (0..rng.random_range(0..3)).map(|_| addr(rng)).collect(),
                    ad_lacp_active: rng
                        .random_bool(0.5)
                        .then(|| *AdLacpActive::ALL.choose(rng).unwrap()),
                    ..Bond::default()
                },
                wireguard: Wireguard {
                    peers: (0..rng.random_range(0..2))
                        .map(|_| WireguardPeer {
                            public_key: s(rng),
                            persistent_keepalive_interval: GoDuration::from_nanos(rng.random()),
                            allowed_ips: vec![IpPrefix::new(
                                IpAddr::V6(Ipv6Addr::from(rng.random::<u128>())),
                                64,
                            )],
                            ..WireguardPeer::default()
                        })
                        .collect(),
                    ..Wireguard::default()
                },
                veth: Veth { peer_name: s(rng) },
                multicast: rng.random_bool(0.5).then(|| rng.random()),
                ..Link::default()
            })
            .collect(),
        routes: (0..rng.random_range(0..3))
            .map(|_| Route {
                family: *Family::ALL.choose(rng).unwrap(),
                gateway: addr(rng),
                table: RoutingTable(rng.random()),
                route_type: *RouteType::ALL.choose(rng).unwrap(),
                protocol: *RouteProtocol::ALL.choose(rng).unwrap(),
                flags: RouteFlags(rng.random::<u32>() & 0xff00),
                next_hops: vec![NextHop {
                    gateway: addr(rng),
                    out_link_name: s(rng),
                    weight: rng.random(),
                }],
                ..Route::default()
            })
            .collect(),
        resolvers: vec![Resolver {
            dns_servers: vec![addr(rng)],
            name_servers: vec![NameServer {
                addr: addr(rng),
                protocol: *DnsProtocol::ALL.choose(rng).unwrap(),
                tls_server_name: s(rng),
            }],
            search_domains: vec![s(rng)],
            search_domains_overridden: rng.random(),
            ..Resolver::default()
        }],
        operators: vec![OperatorSpec {
            operator: *Operator::ALL.choose(rng).unwrap(),
            dhcp6: DhcpOperator {
                client_identifier: ClientIdentifierSpec {
                    client_identifier: *ClientIdentifier::ALL.choose(rng).unwrap(),
                    duid_raw_hex: s(rng),
                },
                ..DhcpOperator::default()
            },
            vip: VipOperator {
                ip: addr(rng),
                gratuitous_arp: rng.random(),
                ..VipOperator::default()
            },
            ..OperatorSpec::default()
        }],
        external_ips: (0..rng.random_range(0..3)).map(|_| addr(rng)).collect(),
        probes: vec![Probe {
            interval: GoDuration::from_nanos(rng.random()),
            ..Probe::default()
        }],
        ..PlatformNetworkConfig::default()
    }
}

#[test]
fn random_configs_round_trip() {
    let mut rng = StdRng::seed_from_u64(42);
    for _ in 0..500 {
        let mut cfg = random_config(&mut rng);
        // Values Go writes but cannot read back.
        for a in &mut cfg.addresses {
            if a.family == Family::Unspecified {
                a.family = Family::Inet4;
            }
        }
        for r in &mut cfg.routes {
            if r.family == Family::Unspecified {
                r.family = Family::Inet6;
            }
        }
        for l in &mut cfg.links {
            if l.vlan.protocol == VlanProtocol::Unspecified {
                l.vlan.protocol = VlanProtocol::Ieee8021Ad;
            }
        }
        for op in &mut cfg.operators {
            // Go drops a VIP block whose only setting is the address.
            if op.vip.is_go_zero() {
                op.vip = VipOperator::default();
            }
        }
        let text = cfg.to_yaml().unwrap();
        assert_eq!(parse(&text), cfg, "{text}");
        // JSON is YAML too (unless serde_json writes characters raw that YAML forbids).
        let json = serde_json::to_string(&structure(&text)).unwrap();
        let yaml_safe = !json.chars().any(|c| {
            matches!(
                c,
                '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{2028}' | '\u{2029}'
            )
        });
        if yaml_safe {
            assert_eq!(parse(&json), cfg, "{json}");
        }
        // serde's own serialisation of the model has the same structure.
        assert_eq!(serde_yaml::to_value(&cfg).unwrap(), structure(&text));
    }
}

#[test]
fn go_zero_values_are_written_but_refused_like_go() {
    let cfg = PlatformNetworkConfig {
        addresses: vec![Address::default()],
        ..PlatformNetworkConfig::default()
    };
    let text = cfg.to_yaml().unwrap();
    assert!(
        text.contains("      family: Family(0)\n      scope: global\n      flags: \"\"\n"),
        "{text}"
    );
    assert!(matches!(
        parse_err(text.as_bytes()),
        NetworkConfigError::InvalidValue {
            source: ValueError::UnknownName { .. },
            ..
        }
    ));
}
