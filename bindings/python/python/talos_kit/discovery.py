"""Talos cluster discovery data: the cluster key, node identities and cluster IDs.

The cluster key (from the cluster secret) seals the affiliate data a node publishes to the
discovery service (AES-GCM) and encrypts its endpoints (AES-ECB), exactly as the Go
discovery client does.

>>> from talos_kit import discovery
>>> key = discovery.ClusterKey.from_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=")
>>> blob = key.seal({"nodeId": "sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L", "hostname": "cp-1",
...                  "addresses": ["10.0.0.2"], "controlPlane": {"apiServerPort": 6443}})
>>> key.open(blob)  # doctest: +NORMALIZE_WHITESPACE
{'nodeId': 'sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L', 'addresses': ['10.0.0.2'],
 'hostname': 'cp-1', 'nodename': '', 'machineType': '', 'operatingSystem': '',
 'controlPlane': {'apiServerPort': 6443}}
>>> key.encrypt_endpoint("10.0.0.2:51820").hex()
'f38a79ca9275b2079ab43928cac05822'
>>> key.decrypt_endpoint(bytes.fromhex("f38a79ca9275b2079ab43928cac05822"))
('10.0.0.2', 51820)

An affiliate is a dict (see :class:`Affiliate`) whose keys are the protobuf JSON names of the
``Affiliate`` message (``nodeId``, ``machineType``, ``kubespan.publicKey``,
``controlPlane.apiServerPort``, …): it is the same document that ``talos-kit discovery
seal``/``open``, the C API (``talos_discovery_seal_document``) and the Go API
(``SealDocument``) read and write, so a dict from :meth:`ClusterKey.open` dumped with
:func:`json.dumps` is what they take, and their JSON output loaded with :func:`json.loads` is what
:meth:`ClusterKey.seal` takes. IP addresses are text (``"10.0.0.2"``; an address that is not
4 or 16 bytes long is ``"hex:"`` and its bytes in hex), prefixes ``"10.244.0.0/24"``,
endpoints ``(host, port)``.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from talos_kit import _native
from talos_kit._errors import (
    AffiliateOpenError,
    AffiliateSealError,
    ClusterIdError,
    ClusterKeyError,
    DiscoveryError,
    EndpointError,
    NodeIdError,
    TalosKitError,
)
from talos_kit._native import ClusterKey

__all__ = [
    "Affiliate",
    "AffiliateOpenError",
    "AffiliateSealError",
    "ClusterIdError",
    "ClusterKey",
    "ClusterKeyError",
    "ControlPlane",
    "DiscoveryError",
    "EndpointError",
    "KubeSpan",
    "NodeIdError",
    "TalosKitError",
    "UlaPurpose",
    "decode_node_id",
    "encode_node_id",
    "machine_id",
    "new_node_id",
    "node_identity_yaml",
    "parse_node_identity_yaml",
    "ula_prefix",
]


class KubeSpan(TypedDict, total=False):
    """KubeSpan (WireGuard mesh) details of a node."""

    publicKey: str
    address: str
    additionalAddresses: list[str]
    excludeAdvertisedAddresses: list[str]


class ControlPlane(TypedDict, total=False):
    """Control-plane details of a node."""

    apiServerPort: int


class Affiliate(TypedDict, total=False):
    """What a node tells the other members of its cluster, as the affiliate document.

    The keys are the protobuf JSON names. :meth:`ClusterKey.seal` takes any subset (absent
    keys are empty) and rejects unknown keys. :meth:`ClusterKey.open` returns the string
    keys always, and leaves out empty lists and the ``kubespan`` and ``controlPlane``
    messages when the node did not send them. Addresses are text; one that is not 4 or 16
    bytes long is ``"hex:…"`` (e.g. ``"hex:010203"``), and comes back as it went in.
    """

    nodeId: str
    addresses: list[str]
    hostname: str
    nodename: str
    machineType: str
    operatingSystem: str
    kubespan: KubeSpan
    controlPlane: ControlPlane


UlaPurpose = Literal["bootstrap", "kubespan", "siderolink", "virtual-siderolink"]
"""What a Talos unique-local prefix is for."""

# Re-exported as they are (their docstrings come from the Rust side).
new_node_id = _native.new_node_id
encode_node_id = _native.encode_node_id
decode_node_id = _native.decode_node_id
machine_id = _native.machine_id
node_identity_yaml = _native.node_identity_yaml
parse_node_identity_yaml = _native.parse_node_identity_yaml


def ula_prefix(cluster_id: str, purpose: UlaPurpose = "kubespan") -> str:
    """The Talos unique-local IPv6 /64 derived from a cluster ID for ``purpose``.

    >>> ula_prefix("8XuV9TZHW08DOk3bVxQjH9ih_TBKjnh-j44tsCLSBzo=")
    'fd7f:175a:b97c:5602::/64'
    """
    return _native.ula_prefix(cluster_id, purpose)
