"""The metal platform network config (META key 0x0a) as plain data and as Talos' YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import talos_kit
from talos_kit import meta

# meta.md §5.3 (c): static address + VLAN + default route.
STATIC_VLAN = """\
addresses:
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
"""

# meta.md §5.3 (b): DHCP on eth0, in Go's own rendering.
DHCP = """\
addresses: []
links:
    - name: eth0
      logical: false
      up: true
      mtu: 0
      kind: ""
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
"""

BOND = """\
links:
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
    - {family: inet6, dst: "", src: "", gateway: "2604:1380:45d1:fd00::10", outLinkName: bond0, table: main,
       priority: 2048, scope: global, type: unicast, flags: "", protocol: static, layer: platform}
externalIPs: [147.75.78.41, "2604:1380:45d1:fd00::11"]
"""

TOP_LEVEL = ["addresses", "links", "routes", "hostnames", "resolvers", "timeServers", "operators", "externalIPs"]


def test_minimal_document() -> None:
    config = meta.parse_network_config('{"externalIPs": ["1.2.3.4"]}')
    expected: meta.PlatformNetworkConfig = {
        "addresses": [],
        "links": [],
        "routes": [],
        "hostnames": [],
        "resolvers": [],
        "timeServers": [],
        "operators": [],
        "externalIPs": ["1.2.3.4"],
    }
    assert config == expected
    assert list(config) == TOP_LEVEL  # Go's field order


def test_static_vlan_view() -> None:
    config = meta.parse_network_config(STATIC_VLAN)
    assert config["addresses"] == [
        {
            "address": "1.2.3.4/24",
            "linkName": "eth42.4094",
            "family": "inet4",
            "scope": "global",
            "flags": "permanent",
            "layer": "platform",
        }
    ]
    vlan_link = config["links"][1]
    assert vlan_link["vlan"] == {"vlanID": 4094, "vlanProtocol": "802.1q"}
    assert vlan_link["logical"] is True and vlan_link["mtu"] == 0
    assert config["routes"][0]["gateway"] == "3.4.5.6"
    assert config["routes"][0]["table"] == "main"
    assert "probes" not in config and "metadata" not in config


def test_dhcp_document_is_already_normal() -> None:
    assert meta.normalize_network_config(DHCP) == DHCP
    config = meta.parse_network_config(DHCP.encode())
    assert config["operators"][0]["operator"] == "dhcp4"
    assert config["operators"][0]["dhcp4"] == {"routeMetric": 1024}


def test_bond_document() -> None:
    config = meta.parse_network_config(BOND, strict=True)
    bond = config["links"][0]["bondMaster"]
    assert bond["mode"] == "802.3ad"
    assert bond["adLacpActive"] == "on"
    assert bond["useCarrier"] is True and bond["adActorSysPrio"] == 65535
    assert config["routes"][0]["priority"] == 2048
    assert config["externalIPs"] == ["147.75.78.41", "2604:1380:45d1:fd00::11"]
    normal = meta.normalize_network_config(BOND)
    assert "        adLacpActive: 'on'\n" in normal  # quoted, or Go would read a bool back
    assert "    - 147.75.78.41\n" in normal


@pytest.mark.parametrize("document", [STATIC_VLAN, DHCP, BOND, '{"externalIPs": ["1.2.3.4"]}'])
def test_round_trips(document: str) -> None:
    normal = meta.normalize_network_config(document)
    config = meta.parse_network_config(document)
    assert meta.normalize_network_config(normal) == normal
    assert meta.parse_network_config(normal) == config
    assert meta.format_network_config(config) == normal
    assert json.loads(json.dumps(config)) == config  # plain data only


def test_format_from_scratch_and_typos() -> None:
    text = meta.format_network_config({"hostnames": [{"hostname": "node-1", "domainname": "example.com", "layer": "platform"}]})
    assert "hostnames:\n    - hostname: node-1\n      domainname: example.com\n" in text
    with pytest.raises(meta.NetworkConfigError, match='^hostnames\\[0\\]: unknown field "hostnmae"$'):
        meta.format_network_config({"hostnames": [{"hostnmae": "node-1"}]})


def test_lenient_and_strict() -> None:
    document = "links: [{name: eth0, nmae: x}]\nextra: 1\n"
    assert meta.parse_network_config(document)["links"][0]["name"] == "eth0"
    with pytest.raises(meta.NetworkConfigError) as error:
        meta.parse_network_config(document, strict=True)
    assert str(error.value) == 'links[0]: unknown field "nmae"'


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("links: [{name: eth0, up: 'true'}]", "links[0].up: cannot decode !!str `true` into bool"),
        ("addresses: [{address: 1.2.3.4/33}]", 'addresses[0].address: invalid IP prefix "1.2.3.4/33": prefix length out of range'),
        ("routes: [{table: main, family: inet7}]", 'routes[0].family: "inet7" does not belong to Family values'),
        ("links: [{name: a}, {name: b, bondMaster: {mode: bogus}}]", 'links[1].bondMaster.mode: "bogus" does not belong to BondMode values'),
        ("", "network config contains no YAML document"),
        ("# only a comment\n", "network config contains no YAML document"),
        (b"a: \xff", "network config is not valid UTF-8 (bad byte at offset 3)"),
    ],
)
def test_errors(document: str | bytes, message: str) -> None:
    with pytest.raises(meta.NetworkConfigError) as error:
        meta.parse_network_config(document)
    assert str(error.value) == message
    assert isinstance(error.value, ValueError) and isinstance(error.value, talos_kit.TalosKitError)


def test_syntax_error() -> None:
    with pytest.raises(meta.NetworkConfigError, match="^YAML syntax error: "):
        meta.normalize_network_config("links: [")


def test_encodings_and_types() -> None:
    utf16 = b"\xff\xfe" + 'externalIPs: ["1.2.3.4"]'.encode("utf-16-le")
    assert meta.parse_network_config(utf16)["externalIPs"] == ["1.2.3.4"]
    assert meta.parse_network_config(bytearray(b"externalIPs: [1.2.3.4]"))["externalIPs"] == ["1.2.3.4"]
    with pytest.raises(TypeError, match="network config must be bytes or str, not dict"):
        meta.parse_network_config({"externalIPs": []})  # type: ignore[arg-type]


def test_stored_in_meta(tmp_path: Path) -> None:
    with meta.create(tmp_path / "meta.img") as m:
        m[meta.Key.METAL_NETWORK_PLATFORM_CONFIG] = meta.format_network_config(
            {"addresses": [{"address": "10.0.0.2/24", "linkName": "eth0", "family": "inet4", "scope": "global",
                            "flags": "permanent", "layer": "platform"}]}
        )
    with meta.open(tmp_path / "meta.img", read_only=True) as m:
        config = meta.parse_network_config(m["MetalNetworkPlatformConfig"])
    assert config["addresses"][0]["address"] == "10.0.0.2/24"
