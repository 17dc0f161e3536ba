//! META key 0x0a: the metal platform network config, read by `go.yaml.in/yaml/v4` into
//! `network.PlatformConfigSpec` and re-marshalled, against `talos_meta::network`.
//!
//! Every case sends the same bytes to both sides. They must agree on accepting or refusing
//! the input (lenient mode) and, when both accept, Go's re-marshalled YAML and Rust's
//! `to_yaml` must parse (as `serde_yaml::Value`) to equal structures.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use anyhow::Result;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_yaml::Value;
use talos_conformance::{Oracle, Tally, b64};
use talos_meta::network::*;

/// Random typed configs (each is sent in several textual forms).
const RANDOM_CONFIGS: usize = 320;
/// Random configs with one value replaced by something nasty.
const MUTATED_VALUES: usize = 400;
/// Random configs with bytes damaged (non-UTF-8, truncation, syntax).
const DAMAGED_BYTES: usize = 150;
/// Random configs with one value replaced, in the text, by a raw (plain or tagged) token.
const RAW_TOKENS: usize = 400;
/// Token-soup documents exercising YAML syntax corners (see [`soup`]).
const SOUP_DOCS: usize = 300;

const OP: &str = "meta.network.parse";

#[derive(Serialize)]
struct ParseArgs {
    #[serde(with = "b64")]
    yaml: Vec<u8>,
}

#[derive(Deserialize)]
struct GoParsed {
    yaml: String,
}

/// Runs every network-config case: fixed documents, random configs (in Go's style, serde_yaml's
/// style and JSON), mutated values, raw tokens, token soup and damaged bytes.
pub fn run(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(0x0a_0a_0a);
    for (i, doc) in fixed_documents().iter().enumerate() {
        compare(oracle, tally, &format!("network/fixed#{i}"), doc.as_bytes())?;
    }
    for i in 0..RANDOM_CONFIGS {
        let cfg = random_config(&mut rng);
        let text = cfg.to_yaml()?;
        compare(
            oracle,
            tally,
            &format!("network/random#{i}"),
            text.as_bytes(),
        )?;
        // The same document in serde_yaml's style and as JSON: other quoting, same meaning.
        let value: Value = serde_yaml::from_str(&text)?;
        match i % 3 {
            0 => {
                let restyled = serde_yaml::to_string(&value)?;
                compare(
                    oracle,
                    tally,
                    &format!("network/random-restyled#{i}"),
                    restyled.as_bytes(),
                )?;
            }
            1 => {
                let json = serde_json::to_string(&value)?;
                compare(
                    oracle,
                    tally,
                    &format!("network/random-json#{i}"),
                    json.as_bytes(),
                )?;
            }
            _ => {}
        }
    }
    for i in 0..MUTATED_VALUES {
        let cfg = random_config(&mut rng);
        let mut value: Value = serde_yaml::from_str(&cfg.to_yaml()?)?;
        let what = mutate(&mut value, &mut rng);
        let text = serde_yaml::to_string(&value)?;
        compare(
            oracle,
            tally,
            &format!("network/mutated#{i} ({what})"),
            text.as_bytes(),
        )?;
    }
    for i in 0..RAW_TOKENS {
        let cfg = random_config(&mut rng);
        let text = cfg.to_yaml()?;
        let (text, what) = splice_raw(&text, &mut rng);
        compare(
            oracle,
            tally,
            &format!("network/raw#{i} ({what})"),
            text.as_bytes(),
        )?;
    }
    for i in 0..SOUP_DOCS {
        let doc = soup(&mut rng);
        compare(oracle, tally, &format!("network/soup#{i}"), doc.as_bytes())?;
    }
    for i in 0..DAMAGED_BYTES {
        let cfg = random_config(&mut rng);
        let mut bytes = cfg.to_yaml()?.into_bytes();
        let what = damage(&mut bytes, &mut rng);
        compare(
            oracle,
            tally,
            &format!("network/damaged#{i} ({what})"),
            &bytes,
        )?;
    }
    Ok(())
}

fn shorten(text: &str) -> String {
    if text.len() <= 600 {
        return text.to_owned();
    }
    let mut end = 600;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// One case: same accept/refuse decision, and equal structures when both accept; then each
/// side re-reads its own output, and those reads must agree too (Go's output is not always
/// readable: `family: Family(0)` and `flags: ""` are refused by Go itself).
fn compare(oracle: &mut Oracle, tally: &mut Tally, case: &str, input: &[u8]) -> Result<()> {
    let shown = || shorten(&String::from_utf8_lossy(input));
    let outcome = match agree(oracle, input, input)? {
        Err(why) => Err(format!("{why}\ninput:\n{}", shown())),
        Ok(None) => Ok(()),
        Ok(Some((go_yaml, rust_yaml))) => {
            match agree(oracle, go_yaml.as_bytes(), rust_yaml.as_bytes())? {
                Err(why) => Err(format!(
                    "re-reading the outputs: {why}\ninput:\n{}",
                    shown()
                )),
                Ok(_) => Ok(()),
            }
        }
    };
    tally.record(case, outcome);
    Ok(())
}

/// Go reads `go_input`, Rust reads `rust_input`; `Ok(Some(outputs))` when both accept with equal
/// structures, `Ok(None)` when both refuse, `Err(why)` on disagreement.
fn agree(
    oracle: &mut Oracle,
    go_input: &[u8],
    rust_input: &[u8],
) -> Result<Result<Option<(String, String)>, String>> {
    let go: Result<GoParsed, String> = oracle.call(
        OP,
        &ParseArgs {
            yaml: go_input.to_vec(),
        },
    )?;
    let rust = PlatformNetworkConfig::from_yaml(rust_input).map(|cfg| cfg.to_yaml());
    Ok(match (go, rust) {
        (Err(_), Err(_)) => Ok(None),
        (Ok(go), Err(e)) => Err(format!(
            "Go accepts, Rust refuses ({e})\ngo:\n{}",
            shorten(&go.yaml)
        )),
        (Err(go), Ok(rust)) => Err(format!(
            "Rust accepts, Go refuses ({go})\nrust:\n{}",
            shorten(&rust.unwrap_or_else(|e| e.to_string()))
        )),
        (Ok(_), Ok(Err(e))) => Err(format!("Rust to_yaml failed: {e}")),
        (Ok(go), Ok(Ok(rust))) => same_structure(&go.yaml, &rust).map(|()| Some((go.yaml, rust))),
    })
}

fn same_structure(go_yaml: &str, rust_yaml: &str) -> Result<(), String> {
    let go: Value =
        serde_yaml::from_str(go_yaml).map_err(|e| format!("Go output unparsable: {e}"))?;
    let rust: Value =
        serde_yaml::from_str(rust_yaml).map_err(|e| format!("Rust output unparsable: {e}"))?;
    if go == rust {
        Ok(())
    } else {
        Err(format!(
            "structures differ\ngo:\n{}\nrust:\n{}",
            shorten(go_yaml),
            shorten(rust_yaml)
        ))
    }
}

/// The spec's example documents, golden strings and hand-picked quirks of Go's decoder.
fn fixed_documents() -> Vec<String> {
    let mut docs: Vec<String> = [
        // (a) minimal
        r#"{"externalIPs": ["1.2.3.4"]}"#,
        // (b) DHCP on eth0
        "addresses: []\nlinks:\n    - name: eth0\n      logical: false\n      up: true\n      mtu: 0\n      kind: \"\"\n      type: ether\n      layer: platform\nroutes: []\nhostnames: []\nresolvers: []\ntimeServers: []\noperators:\n    - operator: dhcp4\n      linkName: eth0\n      requireUp: true\n      dhcp4:\n        routeMetric: 1024\n      layer: platform\nexternalIPs: []\n",
        // (c) static address + VLAN + default route
        "addresses:\n    - address: 1.2.3.4/24\n      linkName: eth42.4094\n      family: inet4\n      scope: global\n      flags: permanent\n      layer: platform\nlinks:\n    - {name: eth42, logical: false, up: true, mtu: 0, kind: \"\", type: ether, layer: platform}\n    - name: eth42.4094\n      logical: true\n      up: true\n      mtu: 0\n      kind: vlan\n      type: ether\n      parentName: eth42\n      vlan: {vlanID: 4094, vlanProtocol: 802.1q}\n      layer: platform\nroutes:\n    - {family: inet4, dst: \"\", src: \"\", gateway: 3.4.5.6, outLinkName: eth42.4094, table: main,\n       scope: global, type: unicast, flags: \"\", protocol: static, layer: platform}\n",
        // (d) bond
        "links:\n    - {name: eth1, logical: false, up: true, mtu: 0, kind: \"\", type: netrom, masterName: bond0, layer: platform}\n    - {name: eth2, logical: false, up: true, mtu: 0, kind: \"\", type: netrom, masterName: bond0, slaveIndex: 1, layer: platform}\n    - name: bond0\n      logical: true\n      up: true\n      mtu: 0\n      kind: bond\n      type: ether\n      bondMaster:\n        mode: 802.3ad\n        xmitHashPolicy: layer3+4\n        lacpRate: slow\n        arpValidate: none\n        arpAllTargets: any\n        primaryReselect: always\n        failOverMac: none\n        miimon: 100\n        updelay: 200\n        downdelay: 200\n        resendIgmp: 1\n        lpInterval: 1\n        packetsPerSlave: 1\n        numPeerNotif: 1\n        tlbLogicalLb: 1\n        useCarrier: true\n        adActorSysPrio: 65535\n        adLacpActive: 'on'\n      layer: platform\nroutes:\n    - {family: inet6, dst: \"\", src: \"\", gateway: \"2604:1380:45d1:fd00::10\", outLinkName: bond0, table: main, priority: 2048, scope: global, type: unicast, flags: \"\", protocol: static, layer: platform}\nexternalIPs: [147.75.78.41, \"2604:1380:45d1:fd00::11\"]\n",
        // Golden strings of the reference tests, as list items.
        "addresses:\n- address: 192.168.3.6/27\n  linkName: eth0\n  family: inet4\n  scope: link\n  flags: permanent\n  layer: configuration\n",
        "resolvers:\n- dnsServers:\n    - 1.1.1.1\n    - 8.8.8.8\n  layer: platform\n  searchDomains:\n    - example.com\n",
        "links: [{name: vrf0, kind: vrf, vrfMaster: {table: 123}}]",
        "links: [{name: wg0, kind: wireguard, wireguard: {privateKey: a, listenPort: 51820, peers: [{publicKey: b, endpoint: '1.2.3.4:5', persistentKeepaliveInterval: 30s, allowedIPs: [10.0.0.0/8, '::/0']}]}}]",
        // Encodings and document structure.
        "",
        "# only a comment\n",
        "---\n",
        "...\n",
        "~",
        "[]",
        "just a string",
        "a: 1\n---\n[",
        "externalIPs: [1.2.3.4]\n---\nexternalIPs: [5.6.7.8]\n",
        "\u{feff}externalIPs: [1.2.3.4]",
        "externalIPs: [1.2.3.4]\n\u{feff}",
        "{",
        "links: [{name: eth0}\n",
        "links:\n\t- name: eth0\n",
        // Nulls, empties and merge keys.
        "addresses: [~, {address: 1.2.3.4/24}, null, ]",
        "addresses: ~\nlinks: null\nroutes:\nexternalIPs: [~, \"\", 1.2.3.4]",
        "links: [{name: x, multicast: ~, bondMaster: {primary: <<, adLacpActive: ~}}]",
        "links: [{name: x, bondMaster: {adLacpActive: <<}}]",
        "addresses: <<\nlinks: [<<]\nhostnames: [{hostname: <<, layer: ~}]",
        "x: &a {name: n, mtu: 9}\nlinks: [{<<: *a, mtu: 5}]",
        "x: &a {name: n}\ny: &b {kind: k, name: z}\nlinks: [{<<: [*a, *b], up: true}]",
        "links: [{<<: 5}]",
        "links: [{<<: [{name: a}, 3]}]",
        "metadata: {tags: {<<: {a: '1', b: ~}, a: x}}",
        "metadata: {tags: {1: a, '1': b}}",
        "metadata: {tags: {b: 1, a: ~, \"10\": x, \"9\": y, ~: z, true: t}}",
        "metadata: {tags: {2001-01-01: x}}",
        "metadata: ~",
        "metadata: {}",
        // Duplicate and unusual keys.
        "links: [{name: a, name: b}]",
        "links: [{name: a, \"name\": b}]",
        "unknown: {a: 1, a: 2}\nexternalIPs: []",
        "unknown: 1\nunknown: 2",
        "links: [{[a]: 1, name: x}]",
        "links: [{~: 1, name: x}]",
        "links: [{2001-01-01: 1, name: x}]",
        "? - complex\n: key\nexternalIPs: []",
        // Scalar typing quirks.
        "links: [{name: a, mtu: 08, up: \"yes\"}]",
        "links: [{name: a, logical: \"true\"}]",
        "links: [{name: a, up: On, logical: n}]",
        "links: [{name: a, up: 1}]",
        "links: [{name: a, mtu: 1.0, slaveIndex: -3}]",
        "links: [{name: a, mtu: 1.5}]",
        "links: [{name: a, mtu: -1}]",
        "links: [{name: a, mtu: 4294967296}]",
        "links: [{name: a, mtu: 0x10, slaveIndex: 0o17}]",
        "links: [{name: a, mtu: 1_500}]",
        "links: [{name: a, mtu: 0b101}]",
        "links: [{name: a, mtu: \"1500\"}]",
        "links: [{name: a, mtu: 1e3}]",
        "links: [{name: a, mtu: .5e1}]",
        "links: [{name: a, mtu: .inf}]",
        "links: [{name: a, mtu: -0}]",
        "links: [{name: 0x10, kind: 1e3, parentName: true}]",
        "links: [{name: 2001-01-01}]",
        "links: [{name: 2001-13-01}]",
        "links: [{name: 2001-02-29}]",
        "links: [{name: 2000-02-29}]",
        "links: [{name: \"2001-01-01\"}]",
        "links: [{name: 2001-01-01T10:00:00Z}]",
        "links: [{name: 2001-01-01 10:00:00.5}]",
        "links: [{name: 2001-1-1t1:2:3+01:00}]",
        "links: [{name: !foo bar, kind: !!str baz}]",
        "links: [{name: a, mtu: !!str 5}]",
        "links: [!foo {name: a, mtu: 5}]",
        "links: [{name: a, mtu: !!int \"5\", slaveIndex: !!float 2, kind: !!int 5, up: !!bool true}]",
        "links: [{name: !!int abc}]",
        "links: [{name: !!float 1.5, mtu: !!float 1}]",
        "links: [{name: !!str 2001-01-01, parentName: !<tag:yaml.org,2002:str> 0x10}]",
        "links: [{name: &a !!str 5, kind: *a}]",
        "links: [{name: !!timestamp 2001-01-01}]",
        "links: [{name: !!binary aGk=, type: !!binary ZXRoZXI=}, {name: !!binary aGl=}]",
        "links: [{name: !!binary aGk}]",
        "links: [{up: !!binary eWVz}]",
        "links: [{mtu: !!int 1.5}]",
        "probes: [{interval: !!float 1, failureThreshold: !!float 3}]",
        "links: [{name: &\"1e3\" x, kind: *\"1e3\"}]",
        "links: [{name: &a.b x, kind: *a.b}]",
        "links: [{outLinkName: &\"1e3\"\n}]",
        "links: [{name: *a.b}]",
        "links: [{name: &a;b x, parentName: &c! y, kind: *a;b}]",
        "x: 1\n\u{feff}links: [{name: a}]",
        "links: [{name: \"a\u{feff}b\"}]",
        "probes: [{interval: 1.0, failureThreshold: 1e1}]",
        "probes: [{interval: -0, failureThreshold: 0777}]",
        "probes: [{interval: 0, tcp: {endpoint: x, timeout: 1h2m3.5s}}]",
        "probes: [{interval: 5}]",
        "probes: [{interval: \"5\"}]",
        "probes: [{interval: 1.5us, tcp: {timeout: 2µs}}]",
        "probes: [{interval: -1.5h}]",
        "probes: [{interval: 9223372036854775807ns}]",
        "probes: [{interval: 9223372036854775808ns}]",
        "probes: [{http: {url: {scheme: http, host: x, user: {}}}}]",
        "probes: [{http: {url: \"http://x\"}}]",
        "probes: [{http: {url: ~, timeout: 1s}}]",
        // Enumerations and flags.
        "addresses: [{flags: \"\"}]",
        "addresses: [{flags: }]",
        "addresses: [{flags: \"permanent,NODAD\", scope: LINK, family: Inet6}]",
        "addresses: [{flags: \"permanent,\"}]",
        "addresses: [{scope: 253}]",
        "addresses: [{scope: lİnk}]",
        "routes: [{flags: \"\", table: 0x10}]",
        "routes: [{table: 016}]",
        "routes: [{table: 123}]",
        "routes: [{table: 253}]",
        "routes: [{table: MAIN, type: UNICAST, protocol: Static}]",
        "routes: [{flags: \"notify,lookup_table,TRAP\"}]",
        "links: [{bondMaster: {failOverMac: \"+2\"}}]",
        "links: [{bondMaster: {failOverMac: \"\"}}]",
        "links: [{bondMaster: {failOverMac: 3}}]",
        "links: [{bondMaster: {failOverMac: Active}}]",
        "links: [{bondMaster: {mode: 802.3AD, xmitHashPolicy: Layer3+4, adLacpActive: ON}}]",
        "links: [{type: hdlc}]",
        "links: [{type: IEEE802.11_Prism}]",
        "links: [{vlan: {vlanProtocol: 802.1Q, vlanID: 70000}}]",
        "resolvers: [{nameServers: [{addr: 1.1.1.1, protocol: dot}, {protocol: DOH}, {protocol: do53}]}]",
        "operators: [{operator: DHCP6, dhcp6: {clientIdentifier: {clientIdentifier: DUID, duidRawHex: 0a}}}]",
        "addresses: [{family: Family(0)}]",
        // Addresses.
        "externalIPs: [\"::ffff:1.2.3.4\", \"fe80::1%eth0\", 1.2.3.4, \"0:0:0:0:0:0:0:1\", \"2001:db8:0:0:1:0:0:1\"]",
        "externalIPs: [01.2.3.4]",
        "externalIPs: [\"1.2.3.4%eth0\"]",
        "externalIPs: [\"fe80::1%\"]",
        "externalIPs: [\"::1.2.3.4\", \"1::1.2.3.4\", \"1:2:3:4:5:6:1.2.3.4\"]",
        "externalIPs: [\"1:2:3:4:5:6:7:8:9\"]",
        "externalIPs: [\"1::2::3\"]",
        "externalIPs: [{a: 1}]",
        "externalIPs: 1.2.3.4",
        "addresses: [{address: 10.0.0.5/24}, {address: \"::ffff:1.2.3.4/100\"}, {address: \"\"}]",
        "addresses: [{address: 10.0.0.5/33}]",
        "addresses: [{address: 10.0.0.5/024}]",
        "addresses: [{address: 10.0.0.5}]",
        "addresses: [{address: \"fe80::1%eth0/64\"}]",
        "links: [{hardwareAddr: \"aa:bb:cc\"}, {hardwareAddr: \"aabb::cc\"}, {hardwareAddr: \"\"}, {hardwareAddr: AA-BB}]",
        "links: [{hardwareAddr: \"aa:bb:c\"}]",
        "links: [{hardwareAddr: 12}]",
        "operators: [{vip: {ip: 1.2.3.4}}]",
        "operators: [{vip: {ip: 1.2.3.4, gratuitousARP: true}}]",
        "operators: [{vip: {ip: bogus}}]",
        "links: [{name: a, wireguard: {publicKey: x}}]",
        // Strings that need quoting on the way out.
        "hostnames: [{hostname: \"yes\", domainname: \"0777\"}, {hostname: \"~\", domainname: \"<<\"}, {hostname: \" x\", domainname: \"a: b\"}]",
        "hostnames: [{hostname: \"1:20\", domainname: \"#x\"}, {hostname: \"x\\ty\", domainname: \"line\\nbreak\"}]",
        "hostnames: [{hostname: \"日本\", domainname: \"\\u00e9\\u2028\"}]",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // Wrong shapes for every top-level list.
    for key in [
        "addresses",
        "links",
        "routes",
        "hostnames",
        "resolvers",
        "timeServers",
        "operators",
        "probes",
        "metadata",
    ] {
        docs.push(format!("{key}: 5"));
        docs.push(format!("{key}: {{a: 1}}"));
        docs.push(format!("{key}: [5]"));
    }
    docs
}

// ---------------------------------------------------------------------------------------------
// Random typed configs.

const TRICKY_STRINGS: &[&str] = &[
    "",
    "eth0",
    "bond0",
    "eth42.4094",
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
    "é",
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
    "tab\t",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "back\\slash",
    "Family(0)",
    "+1",
    "-.inf",
];

fn string(rng: &mut StdRng) -> String {
    if rng.random_bool(0.35) {
        return (*TRICKY_STRINGS.choose(rng).expect("non-empty")).to_owned();
    }
    let len = rng.random_range(1..12);
    (0..len)
        .map(|_| {
            *b"abcdefghijklmnopqrstuvwxyz0123456789-._"
                .choose(rng)
                .expect("non-empty") as char
        })
        .collect()
}

fn ip(rng: &mut StdRng) -> IpAddress {
    match rng.random_range(0..10) {
        0..=4 => IpAddress::from(Ipv4Addr::from(rng.random::<u32>())),
        5 => IpAddress::from(Ipv6Addr::from(
            rng.random::<u32>() as u128 | 0xffff_0000_0000,
        )),
        6 => IpAddress::with_zone(
            Ipv6Addr::from(0xfe80u128 << 112 | rng.random_range(1..9u128)),
            "eth0",
        )
        .expect("non-empty zone"),
        _ => {
            // Runs of zero groups exercise the "::" compression.
            let mut segs = [0u16; 8];
            for s in &mut segs {
                if rng.random_bool(0.5) {
                    *s = rng.random();
                }
            }
            IpAddress::from(Ipv6Addr::from(segs))
        }
    }
}

fn opt_ip(rng: &mut StdRng) -> Option<IpAddress> {
    rng.random_bool(0.85).then(|| ip(rng))
}

fn prefix(rng: &mut StdRng) -> Option<IpPrefix> {
    if rng.random_bool(0.1) {
        return None;
    }
    let addr = ip(rng).ip();
    let max = if matches!(addr, IpAddr::V4(_)) {
        32
    } else {
        128
    };
    IpPrefix::new(addr, rng.random_range(0..=max))
}

fn pick<T: Copy>(rng: &mut StdRng, all: &[T]) -> T {
    *all.choose(rng).expect("non-empty")
}

fn maybe<T: Default>(rng: &mut StdRng, p: f64, f: impl FnOnce(&mut StdRng) -> T) -> T {
    if rng.random_bool(p) {
        f(rng)
    } else {
        T::default()
    }
}

fn list<T>(rng: &mut StdRng, max: usize, mut f: impl FnMut(&mut StdRng) -> T) -> Vec<T> {
    let n = rng.random_range(0..=max);
    (0..n).map(|_| f(rng)).collect()
}

fn duration(rng: &mut StdRng) -> GoDuration {
    GoDuration::from_nanos(match rng.random_range(0..6) {
        0 => 0,
        1 => rng.random_range(1..1_000),
        2 => rng.random_range(1_000..1_000_000_000),
        3 => rng.random_range(1..100_000) * 1_000_000_000,
        4 => -rng.random_range(1..10_000_000_000i64),
        _ => rng.random_range(0..i64::MAX),
    })
}

fn layer(rng: &mut StdRng) -> ConfigLayer {
    if rng.random_bool(0.6) {
        ConfigLayer::Platform
    } else {
        pick(rng, ConfigLayer::ALL)
    }
}

fn family(rng: &mut StdRng) -> Family {
    if rng.random_bool(0.03) {
        Family::Unspecified
    } else {
        pick(rng, Family::ALL)
    }
}

fn flags<F: Copy + Default + std::ops::BitOrAssign>(
    rng: &mut StdRng,
    names: &[(F, &str)],
    min: usize,
) -> F {
    let mut out = F::default();
    let n = rng.random_range(min..=3);
    for _ in 0..n {
        out |= names.choose(rng).expect("non-empty").0;
    }
    out
}

fn u32_small(rng: &mut StdRng) -> u32 {
    match rng.random_range(0..4) {
        0 => 0,
        1 => rng.random_range(1..100),
        2 => rng.random_range(100..70_000),
        _ => rng.random(),
    }
}

fn bond(rng: &mut StdRng) -> Bond {
    Bond {
        mode: pick(rng, BondMode::ALL),
        xmit_hash_policy: pick(rng, BondXmitHashPolicy::ALL),
        lacp_rate: pick(rng, LacpRate::ALL),
        arp_validate: pick(rng, ArpValidate::ALL),
        arp_all_targets: pick(rng, ArpAllTargets::ALL),
        primary: rng.random_bool(0.3).then(|| rng.random_range(0..8)),
        primary_reselect: pick(rng, PrimaryReselect::ALL),
        fail_over_mac: pick(rng, FailOverMac::ALL),
        ad_select: pick(rng, AdSelect::ALL),
        miimon: maybe(rng, 0.5, u32_small),
        updelay: maybe(rng, 0.5, u32_small),
        downdelay: maybe(rng, 0.5, u32_small),
        arp_interval: maybe(rng, 0.3, u32_small),
        resend_igmp: maybe(rng, 0.3, u32_small),
        min_links: maybe(rng, 0.3, u32_small),
        lp_interval: maybe(rng, 0.3, u32_small),
        packets_per_slave: maybe(rng, 0.3, u32_small),
        num_peer_notif: maybe(rng, 0.3, |r| r.random()),
        tlb_logical_lb: maybe(rng, 0.3, |r| r.random()),
        all_slaves_active: maybe(rng, 0.3, |r| r.random()),
        use_carrier: rng.random(),
        ad_actor_sys_prio: maybe(rng, 0.3, |r| r.random()),
        ad_user_port_key: maybe(rng, 0.3, |r| r.random()),
        peer_notify_delay: maybe(rng, 0.3, u32_small),
        arp_ip_targets: list(rng, 3, opt_ip),
        ns_ip6_targets: list(rng, 2, opt_ip),
        ad_lacp_active: rng.random_bool(0.4).then(|| pick(rng, AdLacpActive::ALL)),
        missed_max: maybe(rng, 0.3, |r| r.random()),
    }
}

fn link(rng: &mut StdRng) -> Link {
    let hardware_addr = maybe(rng, 0.3, |r| {
        HardwareAddr((0..r.random_range(1..9)).map(|_| r.random()).collect())
    });
    Link {
        name: string(rng),
        logical: rng.random(),
        up: rng.random(),
        mtu: maybe(rng, 0.4, u32_small),
        kind: pick(
            rng,
            &["", "vlan", "bond", "bridge", "vrf", "wireguard", "dummy"],
        )
        .to_owned(),
        link_type: pick(rng, LinkType::ALL),
        hardware_addr,
        parent_name: maybe(rng, 0.3, string),
        master_name: maybe(rng, 0.3, string),
        slave_index: maybe(rng, 0.3, |r| r.random_range(-3..1_000_000)),
        bridge_slave: maybe(rng, 0.2, |r| BridgeSlave {
            master_name: string(r),
        }),
        vrf_slave: maybe(rng, 0.2, |r| VrfSlave {
            master_name: string(r),
        }),
        vlan: maybe(rng, 0.3, |r| Vlan {
            vlan_id: r.random(),
            protocol: if r.random_bool(0.05) {
                VlanProtocol::Unspecified
            } else {
                pick(r, VlanProtocol::ALL)
            },
        }),
        bond_master: maybe(rng, 0.3, bond),
        bridge_master: maybe(rng, 0.2, |r| BridgeMaster {
            stp: Stp {
                enabled: r.random(),
            },
            vlan: BridgeVlan {
                filtering_enabled: r.random(),
            },
        }),
        vrf_master: maybe(rng, 0.2, |r| VrfMaster {
            table: RoutingTable(r.random()),
        }),
        wireguard: maybe(rng, 0.2, |r| Wireguard {
            private_key: maybe(r, 0.7, string),
            public_key: maybe(r, 0.5, string),
            listen_port: maybe(r, 0.7, |r| r.random_range(-1..70_000)),
            firewall_mark: maybe(r, 0.3, |r| r.random_range(0..i64::MAX)),
            peers: list(r, 3, |r| WireguardPeer {
                public_key: string(r),
                preshared_key: maybe(r, 0.5, string),
                endpoint: maybe(r, 0.7, string),
                persistent_keepalive_interval: duration(r),
                allowed_ips: list(r, 3, prefix),
            }),
        }),
        // `veth` is newer than the oracle's Talos, which would drop it.
        veth: Veth::default(),
        layer: layer(rng),
        multicast: rng.random_bool(0.3).then(|| rng.random()),
    }
}

fn route(rng: &mut StdRng) -> Route {
    Route {
        family: family(rng),
        destination: prefix(rng),
        source: maybe(rng, 0.3, opt_ip),
        gateway: opt_ip(rng),
        out_link_name: maybe(rng, 0.7, string),
        table: if rng.random_bool(0.5) {
            RoutingTable::MAIN
        } else {
            RoutingTable(rng.random())
        },
        priority: maybe(rng, 0.5, u32_small),
        scope: pick(rng, Scope::ALL),
        route_type: pick(rng, RouteType::ALL),
        flags: flags(rng, RouteFlags::NAMES, 0),
        protocol: pick(rng, RouteProtocol::ALL),
        layer: layer(rng),
        mtu: maybe(rng, 0.3, u32_small),
        // `nextHops` is newer than the oracle's Talos.
        next_hops: Vec::new(),
    }
}

fn operator(rng: &mut StdRng) -> OperatorSpec {
    let dhcp = |r: &mut StdRng| DhcpOperator {
        route_metric: u32_small(r),
        skip_hostname_request: r.random(),
        client_identifier: maybe(r, 0.5, |r| ClientIdentifierSpec {
            client_identifier: pick(r, ClientIdentifier::ALL),
            duid_raw_hex: maybe(r, 0.5, string),
        }),
    };
    OperatorSpec {
        operator: pick(rng, Operator::ALL),
        link_name: string(rng),
        require_up: rng.random(),
        dhcp4: maybe(rng, 0.5, dhcp),
        dhcp6: maybe(rng, 0.3, dhcp),
        vip: maybe(rng, 0.4, |r| VipOperator {
            ip: opt_ip(r),
            gratuitous_arp: r.random(),
            equinix_metal: maybe(r, 0.3, |r| VipEquinixMetal {
                project_id: string(r),
                device_id: string(r),
                api_token: string(r),
            }),
            hcloud: maybe(r, 0.3, |r| VipHcloud {
                device_id: r.random(),
                network_id: r.random(),
                api_token: string(r),
            }),
        }),
        layer: layer(rng),
    }
}

fn probe(rng: &mut StdRng) -> Probe {
    Probe {
        interval: duration(rng),
        failure_threshold: rng.random_range(-2..100),
        tcp: maybe(rng, 0.5, |r| TcpProbe {
            endpoint: string(r),
            timeout: duration(r),
        }),
        layer: layer(rng),
        http: maybe(rng, 0.3, |r| HttpProbe {
            url: r.random_bool(0.8).then(|| ProbeUrl {
                scheme: pick(r, &["http", "https", ""]).to_owned(),
                opaque: maybe(r, 0.1, string),
                user: r.random_bool(0.2).then_some(UrlUserinfo {}),
                host: string(r),
                path: maybe(r, 0.5, string),
                fragment: maybe(r, 0.1, string),
                raw_query: maybe(r, 0.2, string),
                raw_path: maybe(r, 0.1, string),
                raw_fragment: maybe(r, 0.1, string),
                force_query: r.random(),
                omit_host: r.random(),
            }),
            timeout: duration(r),
        }),
    }
}

fn random_config(rng: &mut StdRng) -> PlatformNetworkConfig {
    PlatformNetworkConfig {
        addresses: list(rng, 4, |r| Address {
            address: prefix(r),
            link_name: string(r),
            family: family(r),
            scope: pick(r, Scope::ALL),
            flags: flags(r, AddressFlags::NAMES, 1),
            announce_with_arp: r.random(),
            priority: maybe(r, 0.3, u32_small),
            layer: layer(r),
        }),
        links: list(rng, 4, link),
        routes: list(rng, 4, route),
        hostnames: list(rng, 2, |r| Hostname {
            hostname: string(r),
            domainname: maybe(r, 0.6, string),
            layer: layer(r),
        }),
        resolvers: list(rng, 2, |r| Resolver {
            dns_servers: list(r, 3, opt_ip),
            name_servers: list(r, 3, |r| NameServer {
                addr: opt_ip(r),
                protocol: pick(r, DnsProtocol::ALL),
                tls_server_name: maybe(r, 0.5, string),
            }),
            layer: layer(r),
            search_domains: list(r, 3, string),
            // Newer than the oracle's Talos.
            search_domains_overridden: false,
        }),
        time_servers: list(rng, 2, |r| TimeServer {
            servers: list(r, 3, string),
            use_nts: r.random(),
            layer: layer(r),
        }),
        operators: list(rng, 3, operator),
        external_ips: list(rng, 3, opt_ip),
        probes: list(rng, 2, probe),
        metadata: rng.random_bool(0.3).then(|| Metadata {
            platform: maybe(rng, 0.5, string),
            hostname: maybe(rng, 0.5, string),
            region: maybe(rng, 0.3, string),
            zone: maybe(rng, 0.3, string),
            instance_type: maybe(rng, 0.3, string),
            instance_id: maybe(rng, 0.3, string),
            provider_id: maybe(rng, 0.3, string),
            spot: rng.random(),
            internal_dns: maybe(rng, 0.3, string),
            external_dns: maybe(rng, 0.3, string),
            tags: list(rng, 4, |r| (string(r), string(r)))
                .into_iter()
                .collect(),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations.

/// Values that break one field or another (or, for some fields, are accepted by quirk).
fn nasty(rng: &mut StdRng) -> (Value, &'static str) {
    const TEXT: &[&str] = &[
        "bogus",
        "LINK",
        "Global",
        "inet5",
        "Family(0)",
        "802.1x",
        "layer3+5",
        "Do54",
        "DOT",
        "1.2.3",
        "300.1.1.1",
        "01.2.3.4",
        "::1::",
        "fe80::1%",
        "1.2.3.4/33",
        "1.2.3.4/",
        "10/8",
        "zz:zz",
        "aa:b",
        "1h2x",
        "1.5",
        "-1",
        "0x10",
        "0777",
        "1e3",
        "yes",
        "On",
        "~",
        "",
        "<<",
        "2001-01-01",
        "99999999999",
        "5",
        "true",
        "permanent,",
        "nodad,,permanent",
        "253",
        "0",
        "1ms",
        "-5s",
        ".5",
        "+3",
        "1_0",
        "9223372036854775808ns",
        "lİnk",
    ];
    match rng.random_range(0..10) {
        0 => (Value::Sequence(vec![Value::from(1)]), "a list"),
        1 => (Value::Mapping(serde_yaml::Mapping::new()), "a mapping"),
        2 => (Value::Bool(rng.random()), "a bool"),
        3 => (
            Value::from(pick(rng, &[1.5f64, -0.0, 2.0, 1e20])),
            "a float",
        ),
        4 => (
            Value::from(pick(rng, &[-3i64, 0, 70_000, 4_294_967_296, i64::MAX])),
            "an int",
        ),
        5 => (Value::Null, "null"),
        _ => (Value::from(pick(rng, TEXT)), "a string"),
    }
}

/// Every place in `v` (mapping value or list item), depth first.
fn places(v: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                path.push(PathStep::Key(k.clone()));
                out.push(path.clone());
                places(child, path, out);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                out.push(path.clone());
                places(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(Value),
    Index(usize),
}

fn at<'a>(v: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut cur = v;
    for step in path {
        cur = match (step, cur) {
            (PathStep::Key(k), Value::Mapping(m)) => m.get_mut(k)?,
            (PathStep::Index(i), Value::Sequence(s)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Applies one random change to a valid document; returns what it did.
fn mutate(doc: &mut Value, rng: &mut StdRng) -> String {
    let mut all = Vec::new();
    places(doc, &mut Vec::new(), &mut all);
    let describe = |path: &[PathStep]| {
        path.iter()
            .map(|s| match s {
                PathStep::Key(Value::String(k)) => k.clone(),
                PathStep::Key(_) => "?".to_owned(),
                PathStep::Index(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    match rng.random_range(0..10) {
        // An unknown key somewhere (ignored by both in lenient mode).
        0 => {
            let maps: Vec<_> = all
                .iter()
                .filter(|p| matches!(at(doc, p), Some(Value::Mapping(_))))
                .cloned()
                .collect();
            let target = maps.choose(rng).cloned().unwrap_or_default();
            // (Not `veth`, `nextHops` or `searchDomainsOverridden`: Rust knows these newer
            // fields, the oracle's Talos ignores them.)
            let key = pick(
                rng,
                &["extra", "nmae", "Name", "LINKS", "primaryIndex", "dhcp"],
            );
            let (value, _) = nasty(rng);
            let where_ = describe(&target);
            match at(doc, &target) {
                Some(Value::Mapping(m)) => {
                    m.insert(Value::from(key), value);
                }
                _ => {
                    if let Value::Mapping(m) = doc {
                        m.insert(Value::from(key), value);
                    }
                }
            }
            format!("unknown key {key} at {where_}")
        }
        // A whole top-level list replaced by a string.
        1 => {
            if let Value::Mapping(m) = doc {
                m.insert(Value::from("links"), Value::from("again"));
            }
            "value replaced at links".to_owned()
        }
        _ => {
            let Some(path) = all.choose(rng).cloned() else {
                return "nothing to mutate".to_owned();
            };
            let (value, kind) = nasty(rng);
            let shown = format!("{value:?}");
            if let Some(slot) = at(doc, &path) {
                *slot = value;
            }
            format!("{} := {kind} {shown}", describe(&path))
        }
    }
}

/// Tokens written as they are into the YAML text: Go's implicit typing, tags, quoting.
const RAW: &[&str] = &[
    "0x10",
    "0X1f",
    "+5",
    "-5",
    "1_000",
    "0b101",
    "0o17",
    "017",
    "08",
    "1e3",
    "1E3",
    ".5",
    "-.5",
    "5.",
    ".inf",
    "-.inf",
    ".nan",
    "-0",
    "-0.0",
    "y",
    "Y",
    "yes",
    "no",
    "on",
    "Off",
    "true",
    "True",
    "TRUE",
    "tRue",
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "<<",
    "2001-01-01",
    "2001-1-1",
    "2001-01-01T00:00:00Z",
    "2001-01-01 00:00:00",
    "2002-02-29",
    "2001-01-01t1:2:3.5+02:00",
    "!!str 5",
    "!!str yes",
    "!!str 2001-01-01",
    "!!int 5",
    "!!int \"5\"",
    "!!bool true",
    "!!float 1",
    "!foo bar",
    "!foo 5",
    "'5'",
    "\"5\"",
    "\"\"",
    "''",
    "\"~\"",
    "&a 5",
    "*nope",
    "[1]",
    "{}",
    "[]",
    "{a: 1}",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "4294967295",
    "4294967296",
    "65535",
    "65536",
    "255",
    "256",
    "1.0",
    "1.5",
    "1e20",
    "1s",
    "1m0s",
    "-1h",
    "1.5h",
    "1h1x",
    "main",
    "MAIN",
    "Link",
    "lİnk",
    "permanent",
    "PERMANENT,nodad",
    "1.2.3.4",
    "::1",
    "fe80::1%eth0",
    "10.0.0.1/8",
    "aa:bb:cc:dd:ee:ff",
    "802.1Q",
    "DoT",
    "'on'",
    "0",
    "1",
    "2",
    "+2",
    "0001",
    "\"a\\tb\"",
    "'it''s'",
    "\"\\u00e9\"",
    "a b",
    "x # comment",
];

/// Replaces the value of one random `key: value` line (or list item) of Go-style YAML.
fn splice_raw(text: &str, rng: &mut StdRng) -> (String, String) {
    let lines: Vec<&str> = text.lines().collect();
    let candidates: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start();
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let start = line.len() - body.len();
            match body.find(": ") {
                Some(colon) => Some((i, start + colon + 2)),
                None if trimmed.starts_with("- ") && !body.ends_with(':') => Some((i, start)),
                None => None,
            }
        })
        .collect();
    let Some(&(line, at)) = candidates.choose(rng) else {
        return (text.to_owned(), "nothing to splice".to_owned());
    };
    let token = pick(rng, RAW);
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let before = out[line][..at].to_owned();
    out[line] = format!("{before}{token}");
    (
        out.join("\n") + "\n",
        format!("{} => {token}", before.trim()),
    )
}

const SOUP_KEYS: &[&str] = &[
    "links",
    "name",
    "mtu",
    "up",
    "addresses",
    "address",
    "externalIPs",
    "routes",
    "table",
    "family",
    "kind",
    "x",
    "\"name\"",
    "'mtu'",
    "<<",
    "? name",
    "metadata",
    "tags",
    "a",
];

const SOUP_VALUES: &[&str] = &[
    "eth0",
    "5",
    "1.2.3.4",
    "\"q\\\"x\"",
    "'it''s'",
    "[a, b]",
    "{name: a}",
    "[]",
    "{}",
    "&x 5",
    "*x",
    "!!str 5",
    "!x y",
    "!<tag:yaml.org,2002:str> z",
    "# c",
    "|",
    ">-",
    "|2",
    "~",
    "",
    "yes",
    "- a",
    ": b",
    "? c",
    "[a, [b, {c: d}]]",
    "{a: [1, 2], b}",
    "\"multi\n  line\"",
    "plain\n  continued",
    "a: b: c",
    "@x",
    "`x",
    "%x",
    "\t5",
    "5 # c",
    "[a,b,]",
    "{a: 1,}",
    "[? a : b]",
    "!!binary aGk=",
    "!!map {a: 1}",
    "!!seq [1]",
    "&\"q\" 1",
    "*\"q\"",
    "!foo!bar x",
    "!%21 x",
    "\"\\x41\\u0042\"",
    "'a\n\n  b'",
    ">\n  folded\n  text",
    "|+\n  keep\n\n",
];

/// A random YAML-ish document: a block mapping starting at column 0 followed by lines of
/// random indentation, keys, indicators, anchors, tags, quoting and block scalars.
///
/// Not generated, because the two YAML readers differ there (see the module documentation of
/// `talos_meta::network`): a root indented or ended early with content after it (Go's
/// scanner looks further ahead), and anchors whose node contains their own alias.
fn soup(rng: &mut StdRng) -> String {
    let mut out = String::new();
    let lines = rng.random_range(1..8);
    for l in 0..lines {
        let indent = if l == 0 {
            0
        } else {
            pick(rng, &[0usize, 0, 2, 4, 4, 6, 1, 3])
        };
        out.push_str(&" ".repeat(indent));
        let kind = if l == 0 { 4 } else { rng.random_range(0..6) };
        match kind {
            0 => {
                out.push_str("- ");
                out.push_str(pick(rng, SOUP_VALUES));
            }
            1 => {
                out.push_str("- ");
                out.push_str(pick(rng, SOUP_KEYS));
                out.push_str(": ");
                out.push_str(pick(rng, SOUP_VALUES));
            }
            2 => {
                out.push_str(pick(rng, SOUP_KEYS));
                out.push(':');
            }
            3 => out.push_str(pick(rng, &["# comment", "", "? [a]", ": x"])),
            _ => {
                out.push_str(pick(rng, SOUP_KEYS));
                out.push_str(": ");
                out.push_str(pick(rng, SOUP_VALUES));
            }
        }
        out.push('\n');
    }
    out
}

/// Damages the bytes of a valid document.
fn damage(bytes: &mut Vec<u8>, rng: &mut StdRng) -> String {
    let pos = rng.random_range(0..=bytes.len());
    match rng.random_range(0..8) {
        0 => {
            bytes.insert(pos, 0xff);
            format!("0xff at {pos}")
        }
        1 => {
            bytes.splice(pos..pos, [0xc3, 0x28]);
            format!("bad UTF-8 pair at {pos}")
        }
        2 => {
            bytes.splice(pos..pos, [0xed, 0xa0, 0x80]);
            format!("UTF-8 surrogate at {pos}")
        }
        3 => {
            bytes.truncate(pos);
            format!("truncated at {pos}")
        }
        4 => {
            let c = pick(rng, b"[]{}:-\"'&*!|>%@`#,?\t\0\r");
            bytes.insert(pos, c);
            format!("{:?} inserted at {pos}", c as char)
        }
        5 => {
            let utf16: Vec<u8> = String::from_utf8_lossy(bytes)
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
            *bytes = [0xff, 0xfe].into_iter().chain(utf16).collect();
            "UTF-16LE with BOM".to_owned()
        }
        6 => {
            bytes.extend_from_slice(b"\n---\n[\xff");
            "broken second document".to_owned()
        }
        _ => {
            if pos < bytes.len() {
                bytes.remove(pos);
            }
            format!("byte removed at {pos}")
        }
    }
}
