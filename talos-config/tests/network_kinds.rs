//! The `network` package kinds (and their `nethelpers` field types) against Talos
//! v1.14.0-rc.1: every per-kind marshal fixture, the network documents inside the v1alpha1
//! stability outputs and the patch fixtures, plus Go's decode error texts.

mod common;

use common::{decode, parse, round_trip};

use std::path::{Path, PathBuf};

use talos_config::Kind;
use talos_config::goyaml::GoYaml;
use talos_config::types::nethelpers::*;
use talos_config::types::network::*;
use talos_config::yaml::emit;

/// The Go error text of decoding `text` as `T` (panics when it decodes).
fn decode_error<T: GoYaml + std::fmt::Debug>(text: &str) -> String {
    let (value, result) = decode::<T>(text);
    match result {
        Err(e) => e,
        Ok(()) => panic!("decoded without error: {value:?}"),
    }
}

/// Runs [`round_trip`] with the type of the document's kind; `None` for kinds of other packages.
fn dispatch(text: &str, label: &str, exact: bool) -> Option<Result<(), String>> {
    let root = parse(text);
    let kind = root.get("kind")?.value.clone();
    macro_rules! by_kind {
        ($($ty:ty),+ $(,)?) => {
            $(
                if kind == <$ty as Kind>::KIND {
                    return Some(round_trip::<$ty>(text, label, exact));
                }
            )+
        };
    }
    by_kind!(
        NetworkDefaultActionConfig,
        NetworkRuleConfig,
        KubeSpanEndpointsConfig,
        EthernetConfig,
        LinkConfig,
        BondConfig,
        BridgeConfig,
        VLANConfig,
        DummyLinkConfig,
        WireguardConfig,
        LinkAliasConfig,
        DHCPv4Config,
        DHCPv6Config,
        Layer2VIPConfig,
        HCloudVIPConfig,
        HostnameConfig,
        ResolverConfig,
        TimeSyncConfig,
        StaticHostConfig,
        BlackholeRouteConfig,
        RoutingRuleConfig,
        VRFConfig,
        TCPProbeConfig,
        HTTPProbeConfig,
        KubeSpanConfig,
        VethConfig,
        BGPInstanceConfig,
    );
    None
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// The documents of a multi-document file, each ending in a newline.
fn split_documents(text: &str) -> Vec<String> {
    text.split("\n---\n")
        .map(|doc| {
            let mut doc = doc.trim_start_matches("---\n").to_owned();
            if !doc.ends_with('\n') {
                doc.push('\n');
            }
            doc
        })
        .collect()
}

#[test]
fn per_kind_fixtures_round_trip_byte_exact() {
    let files = yaml_files(&common::config_dir().join("types/network/testdata"));
    assert_eq!(files.len(), 30);
    let mut kinds = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let label = file.file_name().unwrap().to_string_lossy().into_owned();
        kinds.insert(parse(&text).get("kind").unwrap().value.clone());
        match dispatch(&text, &label, true) {
            Some(Ok(())) => {}
            Some(Err(e)) => failures.push(e),
            None => failures.push(format!("{label}: kind not typed")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // All 27 kinds of the package have at least one fixture.
    assert_eq!(kinds.len(), 27, "{kinds:?}");
}

#[test]
fn stability_and_patch_documents_round_trip() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let stability = common::config_dir().join("types/v1alpha1/testdata/stability");
    let mut sources: Vec<(PathBuf, bool)> = Vec::new();
    for version in ["v1.12", "v1.13", "v1.14"] {
        for file in yaml_files(&stability.join(version)) {
            // Go encoder output: printed bytes must match.
            sources.push((file, true));
        }
    }
    for case in ["patchlink", "patchmixed"] {
        let dir = common::config_dir()
            .join("configpatcher/testdata")
            .join(case);
        sources.push((dir.join("base.yaml"), false));
        sources.push((dir.join("expected.yaml"), true));
    }
    sources.push((
        common::config_dir().join("configloader/testdata/multidoc3.test"),
        false,
    ));
    for (file, exact) in sources {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, doc) in split_documents(&text).iter().enumerate() {
            let label = format!("{}#{i}", file.display());
            match dispatch(doc, &label, exact) {
                Some(Ok(())) => checked += 1,
                Some(Err(e)) => failures.push(e),
                None => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(checked, 23, "network documents found");
}

#[test]
fn kinds_metadata() {
    assert_eq!(LinkConfig::KIND, "LinkConfig");
    assert_eq!(NetworkRuleConfig::go_type(), "network.RuleConfigV1Alpha1");
    assert_eq!(
        KubeSpanEndpointsConfig::go_type(),
        "network.KubespanEndpointsConfigV1Alpha1"
    );
    assert_eq!(KubeSpanEndpointsConfig::KIND, "KubeSpanEndpointsConfig");
    let named = [
        LinkConfig::NAMED,
        VethConfig::NAMED,
        BGPInstanceConfig::NAMED,
        RoutingRuleConfig::NAMED,
        StaticHostConfig::NAMED,
    ];
    assert_eq!(named, [true; 5]);
    let unnamed = [
        HostnameConfig::NAMED,
        ResolverConfig::NAMED,
        KubeSpanConfig::NAMED,
        NetworkDefaultActionConfig::NAMED,
        TimeSyncConfig::NAMED,
    ];
    assert_eq!(unnamed, [false; 5]);
    assert_eq!(NetworkRuleConfig::SINCE.to_string(), "1.6");
    assert_eq!(VethConfig::SINCE.to_string(), "1.14");
    let (doc, res) = decode::<RoutingRuleConfig>(
        "apiVersion: v1alpha1\nkind: RoutingRuleConfig\nname: \"1000\"\ntable: main\n",
    );
    assert_eq!(res, Ok(()));
    assert_eq!(doc.name(), "1000");
    assert_eq!(doc.table, RoutingTable::MAIN);
}

#[test]
fn fixture_values() {
    let text = std::fs::read_to_string(
        common::config_dir().join("types/network/testdata/bondconfig.yaml"),
    )
    .unwrap();
    let (bond, res) = decode::<BondConfig>(&text);
    assert_eq!(res, Ok(()));
    assert_eq!(bond.bond_mode, Some(BondMode::Ieee8023Ad));
    assert_eq!(bond.xmit_hash_policy, Some(BondXmitHashPolicy::Layer34));
    assert_eq!(bond.fail_over_mac, Some(FailOverMAC::Follow));
    assert_eq!(bond.ad_actor_sys_prio, Some(65535));
    assert_eq!(bond.common.up, Some(true));
    assert_eq!(bond.common.addresses.len(), 1);

    let text = std::fs::read_to_string(
        common::config_dir().join("types/network/testdata/ruleconfig.yaml"),
    )
    .unwrap();
    let (rule, res) = decode::<NetworkRuleConfig>(&text);
    assert_eq!(res, Ok(()));
    assert_eq!(
        rule.port_selector.ports.0,
        [
            PortRange { lo: 53, hi: 53 },
            PortRange { lo: 8000, hi: 9000 }
        ]
    );
    assert_eq!(rule.port_selector.protocol, Protocol::Udp);
    assert_eq!(rule.ingress.len(), 2);

    let text = std::fs::read_to_string(
        common::config_dir().join("types/network/testdata/dhcpv4config.yaml"),
    )
    .unwrap();
    let (dhcp, res) = decode::<DHCPv4Config>(&text);
    assert_eq!(res, Ok(()));
    assert_eq!(dhcp.ignore_routes, Some(true));
    assert_eq!(dhcp.client_identifier, Some(ClientIdentifier::Duid));
    assert_eq!(dhcp.duid_raw.0.len(), 14);

    let text = std::fs::read_to_string(
        common::config_dir().join("types/network/testdata/vethconfig.yaml"),
    )
    .unwrap();
    let (veth, res) = decode::<VethConfig>(&text);
    assert_eq!(res, Ok(()));
    assert_eq!(veth.peer.name, "veth-router");
    assert_eq!(veth.peer.common.mtu, 1400);
    assert_eq!(veth.common.mtu, 1500);
}

#[test]
fn enums_parse_like_enumer() {
    // Exact or lower-cased match, canonical output.
    assert_eq!(BondMode::parse("802.3AD"), Ok(BondMode::Ieee8023Ad));
    assert_eq!(
        BondMode::parse(""),
        Err(" does not belong to BondMode values".to_owned())
    );
    assert_eq!(DNSProtocol::parse("dot"), Ok(DNSProtocol::DoT));
    assert_eq!(DNSProtocol::parse("DOH"), Ok(DNSProtocol::DoH));
    assert_eq!(DNSProtocol::DoH.format(), "DoH");
    // Go lower-cases U+0130 to a plain `i`.
    assert_eq!(ARPValidate::parse("F\u{130}LTER"), Ok(ARPValidate::Filter));
    assert_eq!(
        LACPRate::parse("\u{130}"),
        Err("\u{130} does not belong to LACPRate values".to_owned())
    );
    assert_eq!(
        ADSelect::parse("+2"),
        Err("+2 does not belong to ADSelect values".to_owned())
    );
    // FailOverMAC: case-sensitive names, empty text, or a number 0-2.
    assert_eq!(FailOverMAC::parse(""), Ok(FailOverMAC::None));
    assert_eq!(FailOverMAC::parse("+2"), Ok(FailOverMAC::Follow));
    assert_eq!(FailOverMAC::parse("-0"), Ok(FailOverMAC::None));
    assert_eq!(FailOverMAC::parse("001"), Ok(FailOverMAC::Active));
    assert_eq!(
        FailOverMAC::parse("FOLLOW"),
        Err("invalid fail_over_mac value FOLLOW".to_owned())
    );
    assert_eq!(
        FailOverMAC::parse("3"),
        Err("invalid fail_over_mac value 3".to_owned())
    );
    // Routing tables: names and canonical numbers 1-252 only.
    assert_eq!(RoutingTable::parse("100"), Ok(RoutingTable(100)));
    assert_eq!(RoutingTable::parse("Local"), Ok(RoutingTable::LOCAL));
    for bad in ["253", "0", "010", "+1", ""] {
        assert_eq!(
            RoutingTable::parse(bad),
            Err(format!("{bad} does not belong to RoutingTable values"))
        );
    }
    assert_eq!(RoutingTable::default().format(), "unspec");
    assert_eq!(RoutingTable(300).format(), "RoutingTable(300)");
    // Unnamed zero values print as Go does.
    assert_eq!(Protocol::default().format(), "Protocol(0)");
    assert_eq!(WOLMode::default().format(), "WOLMode(0)");
    assert_eq!(VLANProtocol::parse("802.1Q"), Ok(VLANProtocol::Ieee8021Q));
    assert_eq!(VLANProtocol::Ieee8021Ad.value(), 0x88a8);
    // Every named-zero enum defaults to its zero constant.
    assert_eq!(BondMode::default().value(), 0);
    assert_eq!(DefaultAction::default(), DefaultAction::Accept);
    assert_eq!(
        RoutingRuleAction::from_value(6),
        Some(RoutingRuleAction::Blackhole)
    );
    assert_eq!(
        AutoHostnameKind::parse("TALOS-ADDR"),
        Ok(AutoHostnameKind::Addr)
    );
    assert_eq!(RouteType::parse("XResolve"), Ok(RouteType::XResolve));
    assert_eq!(Family::Inet6.value(), 10);
}

#[test]
fn hardware_addresses() {
    let addr = HardwareAddr::parse("2E3C:4d:5e6f:70").unwrap();
    assert_eq!(addr.format(), "2e:3c:4d:5e:6f:70");
    assert_eq!(HardwareAddr::parse(""), Ok(HardwareAddr::default()));
    assert_eq!(
        HardwareAddr::parse("0g:11"),
        Err("encoding/hex: invalid byte: U+0067 'g'".to_owned())
    );
    assert_eq!(
        HardwareAddr::parse("001"),
        Err("encoding/hex: odd length hex string".to_owned())
    );
    assert_eq!(
        HardwareAddr::parse("00\u{e9}"),
        Err("encoding/hex: invalid byte: U+00C3 '\u{c3}'".to_owned())
    );
    assert_eq!(
        HardwareAddr::parse("0\n"),
        Err("encoding/hex: invalid byte: U+000A".to_owned())
    );
    // An invalid odd last byte is reported before the length.
    assert_eq!(
        HardwareAddr::parse("00z"),
        Err("encoding/hex: invalid byte: U+007A 'z'".to_owned())
    );
}

const HEAD: &str = "apiVersion: v1alpha1\n";

#[test]
fn go_error_texts() {
    let cases: Vec<(String, String)> = vec![
        (
            decode_error::<BondConfig>(&format!(
                "{HEAD}kind: BondConfig\nname: b0\nbondMode: FOO\n"
            )),
            "yaml: construct errors: line 4: FOO does not belong to BondMode values".into(),
        ),
        (
            decode_error::<BondConfig>(&format!(
                "{HEAD}kind: BondConfig\nname: b0\nbondMode: \"\"\nfailOverMac: FOLLOW\nadSelect: \"+2\"\n"
            )),
            "yaml: construct errors: line 4:  does not belong to BondMode values; line 5: invalid fail_over_mac value FOLLOW; line 6: +2 does not belong to ADSelect values".into(),
        ),
        (
            decode_error::<DummyLinkConfig>(&format!(
                "{HEAD}kind: DummyLinkConfig\nname: d0\nhardwareAddr: 0g:11\n"
            )),
            "yaml: construct errors: line 4: encoding/hex: invalid byte: U+0067 'g'".into(),
        ),
        (
            decode_error::<DummyLinkConfig>(&format!(
                "{HEAD}kind: DummyLinkConfig\nname: d0\nhardwareAddr: [1]\n"
            )),
            "yaml: construct errors: line 4: cannot construct !!seq into nethelpers.HardwareAddr (TextUnmarshaler)".into(),
        ),
        (
            decode_error::<NetworkRuleConfig>(&format!(
                "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [80, \"1-2\", 70000, \"a-b\", 5-x, \"3\", 1.0, true, [1], 2-1]\n"
            )),
            "yaml: construct errors: line 5: invalid port range: \"70000\"; line 5: invalid port range: \"a-b\"; line 5: invalid port range: \"5-x\"; line 5: invalid port range: \"3\"; line 5: invalid port range: \"true\"; line 5: cannot construct !!seq into string".into(),
        ),
        (
            decode_error::<NetworkRuleConfig>(&format!(
                "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [\" 80-90\", \"80 - 90\", \"+1-2\", \"-1-2\", \"1-2-3\"]\n"
            )),
            "yaml: construct errors: line 5: invalid port range: \" 80-90\"; line 5: invalid port range: \"80 - 90\"; line 5: invalid port range: \"+1-2\"; line 5: invalid port range: \"-1-2\"; line 5: invalid port range: \"1-2-3\"".into(),
        ),
        (
            decode_error::<NetworkRuleConfig>(&format!(
                "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: 80\n"
            )),
            "yaml: construct errors: line 5: cannot construct !!int `80` into network.PortRanges".into(),
        ),
        (
            decode_error::<NetworkRuleConfig>(&format!(
                "{HEAD}kind: NetworkRuleConfig\nname: r\ningress: {{}}\nportSelector:\n  protocol: sctp\n"
            )),
            "yaml: construct errors: line 4: cannot construct !!map into network.IngressConfig; line 6: sctp does not belong to Protocol values".into(),
        ),
        (
            decode_error::<VRFConfig>(&format!("{HEAD}kind: VRFConfig\nname: v\ntable: 253\n")),
            "yaml: construct errors: line 4: 253 does not belong to RoutingTable values".into(),
        ),
        (
            decode_error::<LinkConfig>(&format!(
                "{HEAD}kind: LinkConfig\nname: eth0\nmtu: abc\nup: maybe\naddresses:\n  - address: 1.2.3.4\n    routePriority: -1\nroutes:\n  - gateway: 1.2.3\n    table: 300\n"
            )),
            "yaml: construct errors: line 4: cannot construct !!str `abc` into uint32; line 5: cannot construct !!str `maybe` into bool; line 7: netip.ParsePrefix(\"1.2.3.4\"): no '/'; line 8: cannot construct !!int `-1` into uint32; line 10: ParseAddr(\"1.2.3\"): IPv4 address too short; line 11: 300 does not belong to RoutingTable values".into(),
        ),
        (
            decode_error::<ResolverConfig>(&format!(
                "{HEAD}kind: ResolverConfig\nnameservers:\n  - address: dns.google\n    protocol: dot\n"
            )),
            "yaml: construct errors: line 4: ParseAddr(\"dns.google\"): unexpected character (at \"dns.google\")".into(),
        ),
        (
            decode_error::<TCPProbeConfig>(&format!(
                "{HEAD}kind: TCPProbeConfig\nname: p\ninterval: 5\ntimeout: 1x\nendpoint: a:1\nfailureThreshold: 1.5\n"
            )),
            "yaml: construct errors: line 4: cannot construct !!int `5` into time.Duration; line 5: cannot construct !!str `1x` into time.Duration; line 7: cannot construct !!float `1.5` into int".into(),
        ),
        (
            decode_error::<LinkAliasConfig>(&format!(
                "{HEAD}kind: LinkAliasConfig\nname: a\nselector:\n  match: {{a: b}}\n"
            )),
            "yaml: construct errors: line 5: cannot construct !!map into cel.Expression (TextUnmarshaler)".into(),
        ),
        (
            decode_error::<EthernetConfig>(&format!(
                "{HEAD}kind: EthernetConfig\nname: eth0\nwakeOnLan: [arp]\nrings: {{rx: 70000}}\n"
            )),
            "yaml: construct errors: line 4: arp does not belong to WOLMode values".into(),
        ),
        (
            decode_error::<RoutingRuleConfig>(&format!(
                "{HEAD}kind: RoutingRuleConfig\nname: \"1\"\naction: drop\n"
            )),
            "yaml: construct errors: line 4: drop does not belong to RoutingRuleAction values".into(),
        ),
        (
            decode_error::<HTTPProbeConfig>(&format!(
                "{HEAD}kind: HTTPProbeConfig\nname: p\nurl: \"http://a b\"\n"
            )),
            "yaml: construct errors: line 4: parse \"http://a b\": invalid character \" \" in host name".into(),
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

/// Decodes `input` as `T` and prints the re-encoded document.
fn reencode<T: GoYaml + std::fmt::Debug>(input: &str) -> String {
    let (value, res) = decode::<T>(input);
    assert_eq!(res, Ok(()), "{input}");
    emit(&value.encode())
}

#[test]
fn canonical_reencoding() {
    // Results taken from Go (decode, then marshal).
    assert_eq!(
        reencode::<BondConfig>(&format!(
            "{HEAD}kind: BondConfig\nname: b0\nbondMode: 802.3AD\nxmitHashPolicy: LAYER3+4\nlacpRate: Fast\nfailOverMac: 1\nhardwareAddr: 0011AABBccdd\nadSelect: BANDWIDTH\n"
        )),
        format!(
            "{HEAD}kind: BondConfig\nname: b0\nhardwareAddr: 00:11:aa:bb:cc:dd\nbondMode: 802.3ad\nxmitHashPolicy: layer3+4\nlacpRate: fast\nfailOverMac: active\nadSelect: bandwidth\n"
        )
    );
    assert_eq!(
        reencode::<NetworkRuleConfig>(&format!(
            "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [80, ~, 1.0, 0x10, 2-1, 1-1, 65535]\n  protocol: ICMPv6\ningress:\n  - subnet: 1.2.3.4/24\n"
        )),
        format!(
            "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n    ports:\n        - 80\n        - 1\n        - 16\n        - 2-1\n        - 1\n        - 65535\n    protocol: icmpv6\ningress:\n    - subnet: 1.2.3.4/24\n"
        )
    );
    assert_eq!(
        reencode::<ResolverConfig>(&format!(
            "{HEAD}kind: ResolverConfig\nnameservers:\n  - address: 8.8.8.8\n    protocol: DOH\n  - address: 1.1.1.1\n    protocol: Do53\n"
        )),
        format!(
            "{HEAD}kind: ResolverConfig\nnameservers:\n    - address: 8.8.8.8\n      protocol: DoH\n    - address: 1.1.1.1\n"
        )
    );
    assert_eq!(
        reencode::<HostnameConfig>(&format!(
            "{HEAD}kind: HostnameConfig\nauto: TALOS-ADDR\nhostname: \"\"\n"
        )),
        format!("{HEAD}kind: HostnameConfig\nauto: talos-addr\n")
    );
    assert_eq!(
        reencode::<VLANConfig>(&format!(
            "{HEAD}kind: VLANConfig\nname: v\nvlanMode: 802.1Q\nvlanID: 4096\n"
        )),
        format!("{HEAD}kind: VLANConfig\nname: v\nvlanID: 4096\nvlanMode: 802.1q\n")
    );
    assert_eq!(
        reencode::<VRFConfig>(&format!("{HEAD}kind: VRFConfig\nname: v\ntable: MAIN\n")),
        format!("{HEAD}kind: VRFConfig\nname: v\ntable: main\n")
    );
    assert_eq!(
        reencode::<BondConfig>(&format!(
            "{HEAD}kind: BondConfig\nname: b0\nfailOverMac: \"-0\"\narpValidate: F\u{130}LTER\n"
        )),
        format!("{HEAD}kind: BondConfig\nname: b0\narpValidate: filter\nfailOverMac: none\n")
    );
}

#[test]
fn empty_documents_print_go_zero_fields() {
    let cases: Vec<(&str, String)> = vec![
        (
            "NetworkRuleConfig\nname: \"\"\nportSelector:\n    ports: []\n    protocol: Protocol(0)\ningress: []\n",
            emit(&NetworkRuleConfig::default().encode()),
        ),
        (
            "RoutingRuleConfig\nname: \"\"\ntable: unspec\n",
            emit(&RoutingRuleConfig::default().encode()),
        ),
        (
            "StaticHostConfig\nname: \"\"\nhostnames: []\n",
            emit(&StaticHostConfig::default().encode()),
        ),
        (
            "HCloudVIPConfig\nname: \"\"\nlink: \"\"\napiToken: \"\"\n",
            emit(&HCloudVIPConfig::default().encode()),
        ),
        (
            "HTTPProbeConfig\nname: \"\"\nurl: \"\"\n",
            emit(&HTTPProbeConfig::default().encode()),
        ),
        (
            "TCPProbeConfig\nname: \"\"\nendpoint: \"\"\n",
            emit(&TCPProbeConfig::default().encode()),
        ),
        (
            "KubeSpanEndpointsConfig\nextraAnnouncedEndpoints: []\n",
            emit(&KubeSpanEndpointsConfig::default().encode()),
        ),
        (
            "NetworkDefaultActionConfig\ningress: accept\n",
            emit(&NetworkDefaultActionConfig::default().encode()),
        ),
        (
            "BridgeConfig\nname: \"\"\n",
            emit(&BridgeConfig::default().encode()),
        ),
        (
            "ResolverConfig\n",
            emit(&ResolverConfig::default().encode()),
        ),
        (
            "LinkAliasConfig\nname: \"\"\n",
            emit(&LinkAliasConfig::default().encode()),
        ),
        (
            "VRFConfig\nname: \"\"\ntable: unspec\n",
            emit(&VRFConfig::default().encode()),
        ),
    ];
    for (want, got) in cases {
        assert_eq!(got, format!("{HEAD}kind: {want}"));
    }
}

#[test]
fn unknown_keys_are_reported_with_their_path() {
    let root = parse(&format!(
        "{HEAD}kind: LinkConfig\nname: eth0\naddresses:\n  - address: 1.2.3.4/24\n    foo: 1\nbar: [1]\n"
    ));
    let unknown = LinkConfig::unknown_keys(&root).unwrap().unwrap();
    assert_eq!(emit(&unknown), "addresses:\n    - foo: 1\nbar: [1]\n");
    // Keys of inlined structs are known; unknown keys under nested structs keep their path.
    let root = parse(&format!(
        "{HEAD}kind: BondConfig\nname: b\nmtu: 1500\nrings: 1\nroutes: [{{gateway: 1.1.1.1, x: y}}]\n"
    ));
    let unknown = BondConfig::unknown_keys(&root).unwrap().unwrap();
    assert_eq!(emit(&unknown), "rings: 1\nroutes:\n    - x: y\n");
    // Named slices report their Go name for a mapping.
    let root = parse(&format!(
        "{HEAD}kind: NetworkRuleConfig\ningress: {{a: b}}\n"
    ));
    assert_eq!(
        NetworkRuleConfig::unknown_keys(&root),
        Err("unexpected type for yaml mapping: network.IngressConfig".to_owned())
    );
}

#[test]
fn null_port_is_dropped_and_empty_cel_text_is_ignored() {
    let (rule, res) = decode::<NetworkRuleConfig>(&format!(
        "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [~, 22]\n"
    ));
    assert_eq!(res, Ok(()));
    assert_eq!(rule.port_selector.ports.0, [PortRange { lo: 22, hi: 22 }]);
    let (rule, res) = decode::<NetworkRuleConfig>(&format!(
        "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [\"0080-00090\"]\n"
    ));
    assert_eq!(res, Ok(()));
    assert_eq!(rule.port_selector.ports.0, [PortRange { lo: 80, hi: 90 }]);
    assert_eq!(
        decode_error::<NetworkRuleConfig>(&format!(
            "{HEAD}kind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [2001-01-01, 5]\n"
        )),
        "yaml: construct errors: line 5: cannot construct !!timestamp `2001-01-01` into string"
    );
    let (alias, res) = decode::<LinkAliasConfig>(&format!(
        "{HEAD}kind: LinkAliasConfig\nname: a\nselector:\n  match: \"\"\n"
    ));
    assert_eq!(res, Ok(()));
    assert!(alias.selector.r#match.is_zero());
    assert_eq!(
        emit(&alias.encode()),
        format!("{HEAD}kind: LinkAliasConfig\nname: a\n")
    );
}
