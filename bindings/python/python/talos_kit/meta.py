"""The Talos Linux META partition, its values encoding and the metal network config.

META is a 1 MiB partition of small key/value pairs that Talos reads before any machine
configuration exists. Keys are bytes (``1..255``); values are byte strings.

>>> from talos_kit import meta
>>> with meta.create("meta.img") as m:          # doctest: +SKIP
...     m["DownloadURLCode"] = "abc123"         # keys: int, "0x0b", or a well-known name
...     m[meta.Key.USER_RESERVED1] = b'{"machineLabels": {"rack": "a1"}}'
>>> with meta.open("meta.img", read_only=True) as m:  # doctest: +SKIP
...     m.get(0x0b)
b'abc123'

Keys are given as an ``int``, a ``str`` in Go's syntax (``"10"``, ``"0x0a"``, ``"0o12"``) or
a well-known key name (``"MetalNetworkPlatformConfig"``, case-insensitive). Values are
``bytes`` (``bytearray`` too), or ``str``, stored as UTF-8; reads always return ``bytes``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import IntEnum
from os import PathLike
from typing import Any, Literal, NamedTuple, Optional, TypedDict, Union

from talos_kit import _native
from talos_kit._errors import (
    InvalidKeyError,
    MetaCorruptError,
    MetaError,
    MetaFullError,
    MetaIOError,
    NetworkConfigError,
    NoMetaPartitionError,
    TalosKitError,
    ValuesEncodingError,
)
from talos_kit._native import GZIP_THRESHOLD, META_PARTITION_SIZE, MetaFile

__all__ = [
    "GZIP_THRESHOLD",
    "InvalidKeyError",
    "Key",
    "KeyLike",
    "Layout",
    "META_PARTITION_SIZE",
    "MetaCorruptError",
    "MetaError",
    "MetaFile",
    "MetaFullError",
    "MetaIOError",
    "NetworkConfigError",
    "NoMetaPartitionError",
    "PlatformNetworkConfig",
    "TalosKitError",
    "ValueLike",
    "ValuesEncodingError",
    "WELL_KNOWN",
    "WELL_KNOWN_KEYS",
    "WellKnownKey",
    "create",
    "decode_values",
    "describe_key",
    "encode_values",
    "format_network_config",
    "gzip_supported",
    "kernel_arg",
    "normalize_network_config",
    "open",
    "parse_key",
    "parse_network_config",
    "values_from_kernel_cmdline",
]

KeyLike = Union[int, str]
"""A META key: an int, or a str in Go's syntax or a well-known key name."""

ValueLike = Union[bytes, bytearray, str]
"""A META value: bytes, or a str stored as UTF-8."""

Layout = Literal["auto", "partition", "disk"]
"""Where META is in a file: ``"partition"`` (the whole file), ``"disk"`` (the GPT partition
labelled META of exactly 1 MiB) or ``"auto"`` (a partition when the file is 1 MiB or starts
with the Talos ADV magic, else a disk)."""

_StrPath = Union[str, "PathLike[str]"]
# Mapping keys are invariant: list the key types a mapping may be declared with.
_Values = Union[
    Iterable[tuple[KeyLike, ValueLike]],
    Mapping[KeyLike, ValueLike],
    Mapping[int, ValueLike],
    Mapping[str, ValueLike],
]
_Document = Union[bytes, bytearray, str]


def open(  # noqa: A001 - mirrors builtins.open, as in gzip.open and tarfile.open
    path: _StrPath,
    *,
    layout: Layout = "auto",
    lenient: bool = False,
    read_only: bool = False,
) -> MetaFile:
    """Opens META in a partition file, a block device or a whole-disk image.

    With ``lenient=True``, two invalid Talos copies read as an empty META (as in Talos)
    instead of raising :class:`MetaCorruptError`. With ``read_only=True``, changes are
    refused. Use the result as a context manager to flush changes and close it::

        with talos_kit.meta.open("/dev/sda4") as m:
            m.set("Upgrade", "A")
    """
    return _native.open_meta(path, layout, lenient, read_only)


def create(path: _StrPath) -> MetaFile:
    """Creates a zeroed 1 MiB META partition file (as the installer does) and opens it.

    The file appears complete or not at all; an existing file raises :class:`MetaIOError`
    with ``errno.EEXIST``.
    """
    return _native.create_meta(path)


# Re-exported as they are: a Python wrapper would only add the cost of a frame per call.
parse_key = _native.parse_key
decode_values = _native.decode_values
values_from_kernel_cmdline = _native.values_from_kernel_cmdline
gzip_supported = _native.gzip_supported


class Key(IntEnum):
    """The well-known META keys (Talos ``pkg/machinery/meta/constants.go``).

    Keys ``0x12`` to ``0xff`` have no assigned meaning and are free for any use.
    """

    BOOTONCE = 0x01
    MENUSAVE = 0x02
    RESERVED1 = 0x03
    RESERVED2 = 0x04
    RESERVED3 = 0x05
    UPGRADE = 0x06
    STAGED_UPGRADE_IMAGE_REF = 0x07
    STAGED_UPGRADE_INSTALL_OPTIONS = 0x08
    STATE_ENCRYPTION_CONFIG = 0x09
    METAL_NETWORK_PLATFORM_CONFIG = 0x0A
    DOWNLOAD_URL_CODE = 0x0B
    USER_RESERVED1 = 0x0C
    USER_RESERVED2 = 0x0D
    USER_RESERVED3 = 0x0E
    UUID_OVERRIDE = 0x0F
    UNIQUE_MACHINE_TOKEN = 0x10
    DISK_IMAGE_BOOTLOADER = 0x11


class WellKnownKey(NamedTuple):
    """A well-known key: its number, Talos' constant name and what Talos keeps there."""

    key: int
    name: str
    meaning: str


WELL_KNOWN: tuple[WellKnownKey, ...] = tuple(
    WellKnownKey(*known) for known in _native.well_known_keys()
)
"""Every well-known key, in key order."""

WELL_KNOWN_KEYS: dict[int, str] = {known.key: known.name for known in WELL_KNOWN}
"""Well-known key number → Talos' constant name (``0x0a`` → ``"MetalNetworkPlatformConfig"``)."""

_BY_KEY = {known.key: known for known in WELL_KNOWN}


def describe_key(key: KeyLike) -> Optional[WellKnownKey]:
    """The well-known key ``key`` (an int or anything :func:`parse_key` accepts), or None."""
    number = parse_key(key) if isinstance(key, str) else key
    return _BY_KEY.get(number)


def _pairs(values: _Values) -> Iterable[tuple[KeyLike, ValueLike]]:
    if isinstance(values, (str, bytes, bytearray)):
        raise TypeError("values must be (key, value) pairs or a mapping, not a string")
    if isinstance(values, Mapping):
        return values.items()
    return values


def encode_values(values: _Values, *, gzip: bool = True) -> str:
    """Encodes values as ``INSTALLER_META_BASE64`` text, as Talos' installer does.

    ``values`` is a mapping or an iterable of ``(key, value)`` pairs (kept in order;
    duplicates allowed, the later wins when applied). Pass ``gzip=False`` for Talos older
    than 1.6.3 (see :func:`gzip_supported`).

    >>> encode_values([(0x0A, "foo"), (0x0B, b"bar")])
    'MHhhPWZvbzsweGI9YmFy'

    Raises :class:`ValuesEncodingError` when a value contains ``;``, which the encoding
    cannot carry.
    """
    return _native.encode_values(_pairs(values), gzip)


def kernel_arg(values: _Values, *, gzip: bool = True) -> str:
    """The kernel argument ``talos.environment=INSTALLER_META_BASE64=<encoded values>``."""
    return _native.kernel_arg(_pairs(values), gzip)


class _PlatformNetworkConfigFields(TypedDict):
    addresses: list[dict[str, Any]]
    links: list[dict[str, Any]]
    routes: list[dict[str, Any]]
    hostnames: list[dict[str, Any]]
    resolvers: list[dict[str, Any]]
    timeServers: list[dict[str, Any]]
    operators: list[dict[str, Any]]
    externalIPs: list[str]


class PlatformNetworkConfig(_PlatformNetworkConfigFields, total=False):
    """A network config as plain data, keyed as in Talos' YAML (``timeServers``, ...).

    The eight lists are always present; ``probes`` and ``metadata`` only when set.
    """

    probes: list[dict[str, Any]]
    metadata: dict[str, Any]


def parse_network_config(data: _Document, *, strict: bool = False) -> PlatformNetworkConfig:
    """Reads a metal platform network config (META key ``0x0a``) exactly as Talos does.

    Returns it as plain data (dicts, lists, str, int, bool) with the fields and value
    spellings Talos writes: every field of each item, enums by name (``"inet4"``), addresses
    and durations as text. JSON input is accepted (it is YAML). With ``strict=True``, a key
    that is not a field raises too.

    Raises :class:`NetworkConfigError` for a document Talos would refuse; the message says
    where (``links[1].bondMaster.mode: ...``).
    """
    result: PlatformNetworkConfig = _native.parse_network_config(data, strict)
    return result


def normalize_network_config(data: _Document, *, strict: bool = False) -> str:
    """Reads a network config as Talos does and writes it back as YAML the way Talos would."""
    return _native.normalize_network_config(data, strict)


def format_network_config(config: Mapping[str, Any]) -> str:
    """Writes a network config given as plain data (as :func:`parse_network_config` returns
    it, or a part of it) as the YAML Talos would write, checking it on the way.

    Unknown keys are refused (:class:`NetworkConfigError`), so typos do not go unnoticed.
    """
    return _native.normalize_network_config(json.dumps(config), True)
