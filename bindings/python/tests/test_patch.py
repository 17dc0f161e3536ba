"""talos_kit.config.patch and Config.patch: talosctl's patching, Talos' texts."""

from __future__ import annotations

from typing import Any

import pytest

import talos_kit
from talos_kit import config

from conftest import CORPUS

PATCHER = CORPUS / "pkg/machinery/config/configpatcher/testdata"

WORKER = "version: v1alpha1\nmachine:\n  type: worker\n"
HOSTNAME = "machine:\n  network:\n    hostname: worker-1\n"
NAMESERVERS = '[{"op": "add", "path": "/machine/network/nameservers", "value": ["1.1.1.1"]}]'
MACHINE_TYPE = "- op: replace\n  path: /machine/type\n  value: controlplane\n"


def read(name: str) -> bytes:
    return (PATCHER / name).read_bytes()


def test_talos_patcher_cases_byte_for_byte() -> None:
    patches = [read(f"apply/{name}.yaml") for name in ("strategic1", "jsonpatch1", "jsonpatch2", "strategic2", "strategic3")]
    assert config.patch(read("apply/config.yaml"), patches) == read("apply/expected.yaml")
    multi = [read(f"multidoc/strategic{i}.yaml") for i in (1, 2, 3)]
    assert config.patch(read("multidoc/config.yaml"), multi) == read("multidoc/expected.yaml")
    # Patch texts may be str, bytes or bytearray, in any iterable.
    assert config.patch(
        read("multidoc/config.yaml").decode(), (bytearray(p) if i else p.decode() for i, p in enumerate(multi))
    ) == read("multidoc/expected.yaml")


def test_output_is_what_talosctl_writes() -> None:
    # After a strategic merge patch: the canonical encoding.
    assert config.patch(WORKER, [HOSTNAME]) == (
        b'version: v1alpha1\nmachine:\n    type: worker\n    token: ""\n    certSANs: []\n'
        b"    network:\n        hostname: worker-1\ncluster: null\n"
    )
    # After JSON patches (consecutive ones apply as one): the JSON patch library's YAML.
    assert config.patch(WORKER.encode(), [HOSTNAME, NAMESERVERS, MACHINE_TYPE.encode()]) == (
        b"cluster: null\nmachine:\n  certSANs: []\n  network:\n    hostname: worker-1\n"
        b'    nameservers:\n    - 1.1.1.1\n  token: ""\n  type: controlplane\nversion: v1alpha1\n'
    )
    # No patches: the input as it is, comments and all.
    assert config.patch("# keep\n" + WORKER, []) == ("# keep\n" + WORKER).encode()


@pytest.mark.parametrize(
    ("data", "patch", "message"),
    [
        (WORKER, '[{"op": "add"}', "unexpected end of JSON input"),
        (WORKER, "apiVersion: v1alpha1\nkind: Bogus\n", 'error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered'),
        ("", HOSTNAME, "config not found"),
        (WORKER, "", "config not found"),
        (
            WORKER,
            '[{"op": "remove", "path": "/machine/nope"}]',
            "failure applying rfc6902 patches to talos machine config: error in remove for path: "
            "'/machine/nope': Unable to remove nonexistent key: nope: missing value",
        ),
        (
            "version: v1alpha1\nmachine: {}\n",
            "machine:\n  network:\n    hostname:\n      $patch: delete\n",
            "patch delete: path 'machine.network.hostname' in document '/v1alpha1': "
            "failed to delete path 'machine.network.hostname': lookup failed",
        ),
        (
            WORKER + "---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n",
            NAMESERVERS,
            "JSON6902 patches are not supported for multi-document machine configuration",
        ),
    ],
)
def test_errors_are_config_errors_with_talos_texts(data: str, patch: str, message: str) -> None:
    with pytest.raises(talos_kit.ConfigError) as raised:
        config.patch(data, [patch])
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("patches", "message"),
    [
        (HOSTNAME, "patches must be a list of patch texts, not a single str"),
        (HOSTNAME.encode(), "patches must be a list of patch texts, not a single bytes"),
        ([HOSTNAME, 5], "patches[1] must be bytes or str, not int"),
        (None, "'NoneType' object is not iterable"),
    ],
)
def test_patches_must_be_texts(patches: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message.replace("[", r"\[")):
        config.patch(WORKER, patches)
    with pytest.raises(TypeError):
        config.load(WORKER).patch(patches)


def test_config_patch_gives_a_new_config() -> None:
    cfg = config.load(WORKER)
    patched = cfg.patch([HOSTNAME, NAMESERVERS])
    assert isinstance(patched, config.Config)
    assert patched.get("v1alpha1") is not None
    assert "        hostname: worker-1\n        nameservers:\n            - 1.1.1.1\n" in patched.to_yaml()
    assert "hostname" not in cfg.to_yaml()
    # A JSON patch sees the canonical encoding (with its empty certSANs list), unlike
    # config.patch on the bytes the configuration was loaded from.
    append = '[{"op": "add", "path": "/machine/certSANs/-", "value": "10.0.0.1"}]'
    assert "    certSANs:\n        - 10.0.0.1\n" in cfg.patch([append]).to_yaml()
    with pytest.raises(talos_kit.ConfigError, match="missing value"):
        config.patch(WORKER, [append])
    # Without patches, a copy that still has the original bytes.
    copy = cfg.patch([])
    assert copy is not cfg and copy.original_bytes() == WORKER.encode()
    with pytest.raises(talos_kit.ConfigError, match="not supported for multi-document"):
        config.load(WORKER + "---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n").patch([NAMESERVERS])
