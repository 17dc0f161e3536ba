"""Talos machine configuration: the multi-document YAML a Talos node reads.

:func:`load` accepts and refuses exactly what Talos' own loader does, with the same error
texts; the result re-encodes byte for byte as Talos would write it, and each document can
be read as a dict or as YAML.

>>> from talos_kit import config
>>> cfg = config.load(
...     "version: v1alpha1\\nmachine:\\n  type: worker\\n"
...     "---\\napiVersion: v1alpha1\\nkind: VolumeConfig\\nname: EPHEMERAL\\n"
...     "provisioning:\\n  maxSize: 20GiB\\n"
... )
>>> [(doc.kind, doc.name, doc.since) for doc in cfg.documents]
[('v1alpha1', '', '1.0'), ('VolumeConfig', 'EPHEMERAL', '1.8')]
>>> cfg.get("VolumeConfig", "EPHEMERAL").to_dict()
{'apiVersion': 'v1alpha1', 'kind': 'VolumeConfig', 'name': 'EPHEMERAL', 'provisioning': {'maxSize': '20GiB'}}
>>> cfg.check_version("1.7")
['VolumeConfig/EPHEMERAL needs Talos >= 1.8']
>>> config.load("apiVersion: v1alpha1\\nkind: Bogus\\n")
Traceback (most recent call last):
    ...
talos_kit.ConfigError: error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered

:func:`patch` applies patches as ``talosctl machineconfig patch`` does (strategic merge
patches and JSON patches, given as texts) and returns the bytes it would write;
:meth:`Config.patch` patches a loaded configuration into a new one.

>>> print(config.patch("version: v1alpha1\\nmachine:\\n  type: worker\\n",
...                    ["machine:\\n  network:\\n    hostname: worker-1\\n"]).decode(), end="")
version: v1alpha1
machine:
    type: worker
    token: ""
    certSANs: []
    network:
        hostname: worker-1
cluster: null

Documents are addressed by kind and name: kinds without names, and the legacy document
(kind ``"v1alpha1"``, always listed first), have the name ``""``. A :class:`Document` is a
copy; it stays usable after its :class:`Config` is gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Optional, TypedDict, Union

from talos_kit import _native
from talos_kit._errors import ConfigError, TalosKitError
from talos_kit._native import Config, Document

__all__ = [
    "Config",
    "ConfigError",
    "Document",
    "KindInfo",
    "TalosKitError",
    "Finding",
    "ValidationReport",
    "kinds",
    "load",
    "patch",
    "validate",
]


Mode = Literal["metal", "cloud", "container"]
"""The runtime modes validation tells apart."""


class KindInfo(TypedDict):
    """One document kind of Talos' registry."""

    kind: str
    """The ``kind:`` value (``"VolumeConfig"``)."""
    named: bool
    """Whether the name is part of the document's identity."""
    since: str
    """The first Talos release that knows the kind (``"1.8"``)."""
    go_type: str
    """The type in Talos' ``pkg/machinery`` (``"block.VolumeConfigV1Alpha1"``)."""


class Finding(TypedDict):
    """One validation error."""

    document: Optional[str]
    """The document it is about (``"v1alpha1.Config"``, ``"VLANConfig/eth0.5000"``), or
    None for checks of the whole configuration."""
    path: Optional[str]
    """The field path (``".machine.ca"``) when the rule names one."""
    message: str
    """The message, as Talos words it."""


class ValidationReport(TypedDict):
    """The verdict of :func:`validate`."""

    valid: bool
    """Whether there are no errors (warnings do not count)."""
    warnings: list[str]
    """Warnings, as ``talosctl validate`` prints them."""
    errors: list[Finding]
    """Every error message, flattened."""
    error_text: str
    """The error exactly as Talos prints it (empty when valid)."""


def validate(cfg: Config, mode: Mode, strict: bool = False) -> ValidationReport:
    """Validates a configuration as ``talosctl validate --mode MODE [--strict]`` does:
    the same rules, the same verdict and the same texts. ``strict`` turns the legacy
    document's warnings into errors.

    >>> report = validate(load("apiVersion: v1alpha1\\nkind: VLANConfig\\nname: v\\nvlanID: 5000\\nparent: eth0\\n"), "metal")
    >>> report["valid"], report["errors"][0]["document"]
    (False, 'VLANConfig/v')
    """
    result: ValidationReport = cfg.validate(mode, strict)
    return result


def load(data: Union[bytes, bytearray, str]) -> Config:
    """Loads a machine configuration (multi-document YAML) as Talos does.

    ``str`` is taken as UTF-8. Raises :class:`ConfigError` for a configuration Talos would
    refuse; its text is Talos' own (``config not found``, ``decode error: ...``,
    ``error decoding document v1alpha1/Bogus/ (line 1): ...``). Parsing releases the GIL.
    """
    return _native.load_config(data)


def patch(data: Union[bytes, bytearray, str], patches: Iterable[Union[bytes, bytearray, str]]) -> bytes:
    """Patches a machine configuration as ``talosctl machineconfig patch`` does and returns
    the bytes it writes: ``data`` with ``patches`` applied in order.

    Each patch is a text (``str`` is taken as UTF-8), not a file name: a strategic merge
    patch (YAML merged into the configuration, ``$patch: delete`` to remove) or a JSON
    patch (RFC 6902 operations as JSON or as a YAML list; single-document configurations
    only). Consecutive JSON patches apply as one, as talosctl does with repeated ``-p``.
    The result is the canonical encoding after a strategic merge patch, the JSON patch
    library's YAML after a JSON patch, and ``data`` unchanged without patches.

    Raises :class:`ConfigError` with Talos' text for a patch that does not load or apply,
    or a configuration that does not load for a strategic merge patch:

    >>> patch("version: v1alpha1\\n---\\napiVersion: v1alpha1\\nkind: HostnameConfig\\nauto: stable\\n",
    ...       ['[{"op": "remove", "path": "/machine"}]'])
    Traceback (most recent call last):
        ...
    talos_kit.ConfigError: JSON6902 patches are not supported for multi-document machine configuration

    Patching releases the GIL.
    """
    return Config._patch_bytes(data, patches)


def kinds() -> list[KindInfo]:
    """Every document kind Talos v1.14 registers, sorted by kind (the legacy ``v1alpha1``
    document is not a registered kind).

    >>> kinds()[0]
    {'kind': 'BGPInstanceConfig', 'named': True, 'since': '1.14', 'go_type': 'network.BGPInstanceConfigV1Alpha1'}
    """
    result: list[KindInfo] = _native.config_kinds()
    return result
