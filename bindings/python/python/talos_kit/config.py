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

Documents are addressed by kind and name: kinds without names, and the legacy document
(kind ``"v1alpha1"``, always listed first), have the name ``""``. A :class:`Document` is a
copy; it stays usable after its :class:`Config` is gone.
"""

from __future__ import annotations

from typing import TypedDict, Union

from talos_kit import _native
from talos_kit._errors import ConfigError, TalosKitError
from talos_kit._native import Config, Document

__all__ = [
    "Config",
    "ConfigError",
    "Document",
    "KindInfo",
    "TalosKitError",
    "kinds",
    "load",
]


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


def load(data: Union[bytes, bytearray, str]) -> Config:
    """Loads a machine configuration (multi-document YAML) as Talos does.

    ``str`` is taken as UTF-8. Raises :class:`ConfigError` for a configuration Talos would
    refuse; its text is Talos' own (``config not found``, ``decode error: ...``,
    ``error decoding document v1alpha1/Bogus/ (line 1): ...``). Parsing releases the GIL.
    """
    return _native.load_config(data)


def kinds() -> list[KindInfo]:
    """Every document kind Talos v1.14 registers, sorted by kind (the legacy ``v1alpha1``
    document is not a registered kind).

    >>> kinds()[0]
    {'kind': 'BGPInstanceConfig', 'named': True, 'since': '1.14', 'go_type': 'network.BGPInstanceConfigV1Alpha1'}
    """
    result: list[KindInfo] = _native.config_kinds()
    return result
