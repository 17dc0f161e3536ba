"""talos_kit.discovery against the spec's vectors (discovery.md §7)."""

from __future__ import annotations

import json
import re
from types import MappingProxyType

import pytest

import talos_kit
from talos_kit import discovery

SECRET = "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q="
KEY_HEX = "be57f61d4d4d1192f71338bd4e4f916412c951b8e7b079d3cecdf02bd24d93a4"

V1_PB = bytes.fromhex("0a0461665f3112030102031a05686f73743122056e6f6465312a0c636f6e74726f6c706c616e65")
V1_BLOB = bytes.fromhex(
    "000102030405060708090a0bcbb0e38506e7cba705cfd1d07bd00fbb5709fc032616f18dc4c4282f"
    "d14a9240cbc2af2736a67b74d27da485636e27a96a662df4d5e4f4"
)
V3_BLOB = bytes.fromhex(
    "000102030405060708090a0bcb98e59528b08a963381aa8e4b800c984f798d6b3818e08d90bc72"
    "36cb4b800392c787243ead4c00d8bc2250d70e5d4086446c9de3eb6f77a82314df90a7c801ecbc0b"
    "9dc20e568e3f9c314992a83af3fa5b787df0f53af09d443d50bbb34a1dc0e1222c3ec1d4ba6fea5f"
    "6d771805db526f75260e0a185fe9b8b4588369a2dcd7dfd3f9780b9545b6ddf1624c142aba479090"
    "5fd057172d996ff4ff64d72d08fa7b7e79161347bc64883e5b23a2d86c995e83476335afcbda51df"
    "aadd08804685e9"
)
V3: discovery.Affiliate = {
    "nodeId": "gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE",
    "addresses": ["192.168.3.4"],
    "hostname": "foo.com",
    "nodename": "bar",
    "machineType": "controlplane",
    "operatingSystem": "Talos (v1.12.0)",
    "kubespan": {
        "publicKey": "PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=",
        "address": "fd50:8d60:4238:6302:f857:23ff:fe21:d1e0",
        "additionalAddresses": ["10.244.3.1/24"],
        # excludeAdvertisedAddresses is empty: left out
    },
    "controlPlane": {"apiServerPort": 6443},
}
AFFILIATE_KEYS = "`nodeId`, `addresses`, `hostname`, `nodename`, `machineType`, `operatingSystem`, `kubespan`, `controlPlane`"


@pytest.fixture
def key() -> discovery.ClusterKey:
    return discovery.ClusterKey.from_secret(SECRET)


def test_key_from_secret_and_bytes(key: discovery.ClusterKey) -> None:
    assert key.bits == 256
    same = discovery.ClusterKey.from_bytes(bytes.fromhex(KEY_HEX))
    assert same.open(V1_BLOB) == key.open(V1_BLOB)
    assert repr(key) == "<ClusterKey AES-256>" and SECRET[:8] not in repr(key)
    assert discovery.ClusterKey.from_bytes(bytes(16)).bits == 128
    assert discovery.ClusterKey.from_secret(SECRET[:20] + "\n" + SECRET[20:]).bits == 256


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("not base64!", "the cluster secret is not valid standard base64 (with `=` padding)"),
        ("AAAA", "the cluster secret decodes to 3 bytes; AES needs 16, 24 or 32 (Talos uses 32)"),
    ],
)
def test_bad_secrets(secret: str, message: str) -> None:
    with pytest.raises(discovery.ClusterKeyError) as error:
        discovery.ClusterKey.from_secret(secret)
    assert str(error.value) == message
    assert isinstance(error.value, discovery.DiscoveryError) and isinstance(error.value, ValueError)
    assert isinstance(error.value, talos_kit.TalosKitError)


def test_open_spec_vectors(key: discovery.ClusterKey) -> None:
    v1 = key.open(V1_BLOB)
    assert v1 == {
        "nodeId": "af_1",
        "addresses": ["hex:010203"],  # not 4 or 16 bytes: kept as hex
        "hostname": "host1",
        "nodename": "node1",
        "machineType": "controlplane",
        "operatingSystem": "",
    }
    assert "kubespan" not in v1 and "controlPlane" not in v1  # absent messages are absent keys
    assert key.open_plaintext(V1_BLOB) == V1_PB
    v3 = key.open(V3_BLOB)
    assert v3 == V3
    assert list(v3) == list(V3) and list(v3["kubespan"]) == list(V3["kubespan"])  # protobuf order
    assert key.open(bytearray(V3_BLOB)) == V3


def test_seal_round_trips(key: discovery.ClusterKey) -> None:
    blob = key.seal(V3)
    assert len(blob) == 206 and blob[:12] != V3_BLOB[:12]  # random nonce
    assert key.open(blob) == V3
    assert key.open_plaintext(blob) == key.open_plaintext(V3_BLOB)
    assert key.seal(V3) != blob
    partial = key.open(key.seal({"hostname": "node-1", "addresses": ["hex:010203", "2001:db8::1"]}))
    assert partial == {
        "nodeId": "",
        "addresses": ["hex:010203", "2001:db8::1"],
        "hostname": "node-1",
        "nodename": "",
        "machineType": "",
        "operatingSystem": "",
    }
    assert key.open(key.seal({"controlPlane": {}}))["controlPlane"] == {"apiServerPort": 0}
    assert key.open_plaintext(key.seal({"controlPlane": {}})) == bytes.fromhex("4200")
    assert key.open_plaintext(key.seal({})) == b""
    assert key.open(key.seal(key.open(V1_BLOB))) == key.open(V1_BLOB)  # the hex address survives
    # Any mapping; the dict is plain JSON, the document of the CLI and the C and Go APIs.
    assert key.open(key.seal(MappingProxyType(V3))) == V3  # type: ignore[arg-type]
    assert key.open(key.seal(json.loads(json.dumps(V3)))) == V3
    assert key.open_plaintext(key.seal_plaintext(V1_PB)) == V1_PB
    assert key.open_plaintext(key.seal_plaintext(b"")) == b""


def test_seal_unknown_keys(key: discovery.ClusterKey) -> None:
    message = f"the affiliate document is not valid: unknown field `hostnmae`, expected one of {AFFILIATE_KEYS}"
    with pytest.raises(discovery.AffiliateSealError) as error:
        key.seal({"hostnmae": "x"})  # type: ignore[typeddict-unknown-key]
    assert str(error.value) == message
    with pytest.raises(discovery.AffiliateSealError, match="unknown field `node_id`"):
        key.seal({"node_id": "x"})  # type: ignore[typeddict-unknown-key]  # the old snake_case keys
    with pytest.raises(discovery.AffiliateSealError, match="unknown field `public_key`, expected one of `publicKey`"):
        key.seal({"kubespan": {"public_key": "x"}})  # type: ignore[typeddict-unknown-key]
    with pytest.raises(discovery.AffiliateSealError, match="^the affiliate document is not valid: unknown field `port`, expected `apiServerPort`$"):
        key.seal({"controlPlane": {"port": 1}})  # type: ignore[typeddict-unknown-key]


def test_seal_bad_addresses(key: discovery.ClusterKey) -> None:
    with pytest.raises(discovery.AffiliateSealError, match=r'^"10\.0\.0\.256" is not an IP address$'):
        key.seal({"addresses": ["10.0.0.1", "10.0.0.256"]})
    with pytest.raises(discovery.AffiliateSealError, match=r'^"hex:abc" is not an IP address$'):
        key.seal({"kubespan": {"address": "hex:abc"}})
    for prefix in ["10.0.0.0/33", "10.0.0.0", "::/129", "x/1"]:
        with pytest.raises(discovery.AffiliateSealError) as error:
            key.seal({"kubespan": {"excludeAdvertisedAddresses": ["0.0.0.0/0"], "additionalAddresses": [prefix]}})
        assert str(error.value) == f'"{prefix}" is not an IP prefix (ADDRESS/BITS)'


def test_seal_wrong_types(key: discovery.ClusterKey) -> None:
    invalid = "the affiliate document is not valid: "
    with pytest.raises(discovery.AffiliateSealError, match=f"^{invalid}invalid type: integer `5`, expected a string$"):
        key.seal({"hostname": 5})  # type: ignore[typeddict-item]
    with pytest.raises(discovery.AffiliateSealError, match=f"^{invalid}invalid type: string \"10.0.0.2\", expected a sequence$"):
        key.seal({"addresses": "10.0.0.2"})  # type: ignore[typeddict-item]
    with pytest.raises(discovery.AffiliateSealError, match=f"^{invalid}invalid value: integer `-1`, expected u32$"):
        key.seal({"controlPlane": {"apiServerPort": -1}})
    with pytest.raises(discovery.AffiliateSealError, match=f"^{invalid}invalid type: floating point `6443.0`, expected u32$"):
        key.seal({"controlPlane": {"apiServerPort": 6443.0}})  # type: ignore[typeddict-item]
    with pytest.raises(TypeError, match="^Object of type bytes is not JSON serializable$"):
        key.seal({"addresses": [b"\x01\x02\x03"]})  # type: ignore[list-item]
    with pytest.raises(ValueError, match="^Out of range float values are not JSON compliant"):
        key.seal({"controlPlane": {"apiServerPort": float("nan")}})  # type: ignore[typeddict-item]
    with pytest.raises(TypeError, match="^affiliate must be a mapping, not list$"):
        key.seal([])  # type: ignore[arg-type]


def test_seal_size_limit(key: discovery.ClusterKey) -> None:
    with pytest.raises(discovery.AffiliateSealError, match="at most 2048$"):
        key.seal({"hostname": "x" * 3000})


def test_open_errors(key: discovery.ClusterKey) -> None:
    with pytest.raises(discovery.AffiliateOpenError, match="^affiliate data is 3 bytes, shorter than the 28-byte nonce and tag$"):
        key.open(b"abc")
    tampered = bytearray(V1_BLOB)
    tampered[20] ^= 1
    with pytest.raises(discovery.AffiliateOpenError, match="failed authentication"):
        key.open(bytes(tampered))
    other = discovery.ClusterKey.from_bytes(bytes(32))
    with pytest.raises(discovery.AffiliateOpenError, match="wrong cluster secret"):
        other.open(V1_BLOB)


@pytest.mark.parametrize(
    ("endpoint", "ciphertext"),
    [
        ("10.0.0.2:51820", "f38a79ca9275b2079ab43928cac05822"),
        (("192.168.3.4", 51820), "93745b45ee24783aefa6173538b68caf"),
        ("1.2.3.4:5678", "5a6ef7e5f77304918682bf3a28e82dec"),
        ("[2001:db8::1]:51820", "55629a0764bc07331f2d9b8c85f93a6e1de721f393b563a2a9c07cf7c8fd6725"),
        (("fd50:8d60:4238:6302:f857:23ff:fe21:d1e0", 65535), "6cd239ba591c52bb67ee8c80c57f8f9cae53c488c54ca8938e049ff645edd70a"),
    ],
)
def test_endpoint_vectors(key: discovery.ClusterKey, endpoint: str | tuple[str, int], ciphertext: str) -> None:
    blob = key.encrypt_endpoint(endpoint)
    assert blob.hex() == ciphertext
    host, port = key.decrypt_endpoint(blob)
    if isinstance(endpoint, str):
        assert (f"[{host}]:{port}" if ":" in host else f"{host}:{port}") == endpoint
    else:
        assert (host, port) == endpoint


def test_endpoint_errors(key: discovery.ClusterKey) -> None:
    with pytest.raises(discovery.EndpointError, match="^the endpoint blob is empty$"):
        key.decrypt_endpoint(b"")
    with pytest.raises(discovery.EndpointError, match="not a multiple of the 16-byte AES block"):
        key.decrypt_endpoint(bytes(15))
    with pytest.raises(discovery.EndpointError, match="wrong cluster secret"):
        discovery.ClusterKey.from_bytes(bytes(32)).decrypt_endpoint(bytes.fromhex("f38a79ca9275b2079ab43928cac05822"))
    with pytest.raises(ValueError, match="invalid endpoint"):
        key.encrypt_endpoint("10.0.0.2")
    with pytest.raises(ValueError, match="port"):
        key.encrypt_endpoint(("10.0.0.2", 70000))
    with pytest.raises(TypeError):
        key.encrypt_endpoint(51820)  # type: ignore[arg-type]


def test_node_ids() -> None:
    for _ in range(20):
        node_id = discovery.new_node_id()
        assert 43 <= len(node_id) <= 45 and re.fullmatch("[A-Za-z0-9]+", node_id)
        assert len(discovery.decode_node_id(node_id)) == 32
    assert discovery.machine_id("sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L") == "be871ac0d0dd31fa4caca753b0f3f1b2"
    assert discovery.decode_node_id("7x1SuC8Ege5BGXdAfTEff5iQnlWZLfv9h1LGMxA2pYkC").hex() == (
        "52314ec06260c5eb0fb7fcb656967422e7ff113f80eae303cfa013c0ae4b5c7b"
    )
    assert discovery.encode_node_id(bytes(range(32))) == "fwjO4YDNyAjLsoCKmQiIg4BHaghFUIBEOwgCIYABCAA"
    assert discovery.encode_node_id(bytes(32)) == "A" * 43
    assert discovery.encode_node_id("Hello, 世界！".encode()) == "By77MW55WiL5gwybsxWZIB"
    yaml = "nodeId: gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE\n"
    node_id = discovery.parse_node_identity_yaml(yaml)
    assert discovery.machine_id(node_id) == "8d2c0de2408fa2a178bad7f45d9aa8fb"
    assert discovery.node_identity_yaml(node_id) == yaml


def test_node_id_errors() -> None:
    with pytest.raises(discovery.NodeIdError, match="^the node ID is empty$"):
        discovery.decode_node_id("")
    with pytest.raises(discovery.NodeIdError, match="^the node ID is not base62: illegal base62 character at byte 2$"):
        discovery.machine_id("ab-cd")
    with pytest.raises(discovery.NodeIdError, match="^the node ID is empty$"):
        discovery.encode_node_id(b"")
    with pytest.raises(discovery.NodeIdError, match="a machine-id needs at least 16"):
        discovery.machine_id("BA")
    with pytest.raises(discovery.NodeIdError, match="^node identity"):
        discovery.parse_node_identity_yaml("other: 1\n")


def test_ula_prefix() -> None:
    cluster_id = "8XuV9TZHW08DOk3bVxQjH9ih_TBKjnh-j44tsCLSBzo="
    assert discovery.ula_prefix(cluster_id) == "fd7f:175a:b97c:5602::/64"
    assert discovery.ula_prefix(cluster_id, "siderolink") == "fd7f:175a:b97c:5603::/64"
    with pytest.raises(discovery.ClusterIdError, match="^the cluster ID is empty$"):
        discovery.ula_prefix("")
    with pytest.raises(ValueError, match="purpose must be"):
        discovery.ula_prefix(cluster_id, "wireguard")  # type: ignore[arg-type]
