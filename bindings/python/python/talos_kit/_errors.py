"""The exceptions of talos_kit, one class per error family, all rooted at TalosKitError.

The native module raises these (it imports this module on its first error); their messages
are the Rust errors' texts, which keep Talos' own wording where users grep for it.
"""

from __future__ import annotations

__all__ = [
    "TalosKitError",
    "MetaError",
    "MetaIOError",
    "MetaCorruptError",
    "MetaFullError",
    "NoMetaPartitionError",
    "InvalidKeyError",
    "ValuesEncodingError",
    "NetworkConfigError",
    "DiscoveryError",
    "ClusterKeyError",
    "ClusterIdError",
    "NodeIdError",
    "AffiliateSealError",
    "AffiliateOpenError",
    "EndpointError",
    "ConfigError",
]


class TalosKitError(Exception):
    """Base class of every error raised by talos_kit."""


class MetaError(TalosKitError):
    """Reading, editing or writing a META partition failed."""


class MetaIOError(MetaError, OSError):
    """An operating-system error on the META file or device.

    ``errno``, ``strerror`` and ``filename`` are set as on any ``OSError`` (``errno`` is
    ``errno.EEXIST`` when ``create()`` finds the file already there); ``str()`` is the full
    message naming the action and the path.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class MetaCorruptError(MetaError):
    """Both Talos ADV copies are invalid and the area is not blank.

    Open with ``lenient=True`` to treat such a META as empty, as Talos does.
    """


class MetaFullError(MetaError):
    """The new contents do not fit the Talos ADV (or the legacy area)."""


class NoMetaPartitionError(MetaError):
    """A disk image has no GPT partition labelled META of exactly 1 MiB."""


class InvalidKeyError(TalosKitError, ValueError):
    """A META key that is not a byte, an unknown key name, or key 0 given for writing."""


class ValuesEncodingError(TalosKitError, ValueError):
    """``INSTALLER_META_BASE64`` text that does not decode, or values that cannot be encoded."""


class NetworkConfigError(TalosKitError, ValueError):
    """A network config (META key ``0x0a``) that Talos would refuse."""



class DiscoveryError(TalosKitError):
    """Cluster discovery data (keys, identities, affiliate and endpoint blobs) was refused."""


class ClusterKeyError(DiscoveryError, ValueError):
    """A cluster secret that is not base64 of 16, 24 or 32 bytes."""


class ClusterIdError(DiscoveryError, ValueError):
    """A cluster ID the discovery service would refuse (empty, or over 256 bytes)."""


class NodeIdError(DiscoveryError, ValueError):
    """A node identity that is empty, too long or not base62, or a bad node-identity.yaml."""


class AffiliateSealError(DiscoveryError, ValueError):
    """An affiliate that is not a valid affiliate document (unknown key, wrong type, bad
    address or prefix) or is too large for the discovery service once sealed."""


class AffiliateOpenError(DiscoveryError, ValueError):
    """Affiliate data that does not open: too short, wrong cluster secret, altered, or not
    an Affiliate protobuf."""


class EndpointError(DiscoveryError, ValueError):
    """An endpoint blob that does not decrypt to an endpoint (wrong secret or garbage)."""


class ConfigError(TalosKitError, ValueError):
    """A machine configuration Talos would refuse, or a malformed Talos version.

    ``str()`` of a refused configuration is exactly the error text of Talos' own loader
    (``config not found``, ``decode error: ...``, ``error decoding document ...``), so
    scripts that match on Talos' messages keep working.
    """


for _class in (
    TalosKitError,
    MetaError,
    MetaIOError,
    MetaCorruptError,
    MetaFullError,
    NoMetaPartitionError,
    InvalidKeyError,
    ValuesEncodingError,
    NetworkConfigError,
    DiscoveryError,
    ClusterKeyError,
    ClusterIdError,
    NodeIdError,
    AffiliateSealError,
    AffiliateOpenError,
    EndpointError,
    ConfigError,
):
    _class.__module__ = "talos_kit"  # tracebacks name the public path
del _class
