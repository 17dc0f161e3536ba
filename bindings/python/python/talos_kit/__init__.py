"""talos-kit: Talos Linux data formats, implemented in Rust.

Areas are submodules:

- :mod:`talos_kit.meta`: the META partition (open/create/get/set/delete, crash-safe flush),
  its well-known keys, the ``INSTALLER_META_BASE64`` values encoding and the metal platform
  network config stored under key ``0x0a``.
- :mod:`talos_kit.discovery`: cluster discovery data: the cluster key (sealed affiliate data,
  encrypted endpoints), node identities and cluster IDs.
- :mod:`talos_kit.config`: machine configuration: load it as Talos does (same errors), each
  document as a dict or as YAML, the canonical encoding, and version-skew checks.
- :mod:`talos_kit.imagecache`: the air-gapped image cache: create it from OCI layouts or
  registries, verify, pack and unpack it, look files up and serve it as Talos' registryd
  does, and list a release's default images.

Every error raised is a :class:`TalosKitError`; see ``talos_kit.<Family>Error``.
"""

from __future__ import annotations

from talos_kit import config, discovery, imagecache, meta
from talos_kit._errors import (
    AffiliateOpenError,
    AffiliateSealError,
    ClusterIdError,
    ClusterKeyError,
    ConfigError,
    DiscoveryError,
    EndpointError,
    InvalidKeyError,
    MetaCorruptError,
    MetaError,
    MetaFullError,
    MetaIOError,
    NetworkConfigError,
    NodeIdError,
    NoMetaPartitionError,
    TalosKitError,
    ValuesEncodingError,
)
from talos_kit.imagecache import ImageCacheError

__version__ = "0.1.0"

__all__ = [
    "AffiliateOpenError",
    "AffiliateSealError",
    "ClusterIdError",
    "ClusterKeyError",
    "ConfigError",
    "DiscoveryError",
    "EndpointError",
    "ImageCacheError",
    "InvalidKeyError",
    "MetaCorruptError",
    "MetaError",
    "MetaFullError",
    "MetaIOError",
    "NetworkConfigError",
    "NodeIdError",
    "NoMetaPartitionError",
    "TalosKitError",
    "ValuesEncodingError",
    "__version__",
    "config",
    "discovery",
    "imagecache",
    "meta",
]
