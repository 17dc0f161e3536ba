"""talos_kit.config: Talos' own `gen config` output round-trips, documents as dicts and YAML,
version skew, and Talos' error texts."""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import talos_kit
from talos_kit import config

from conftest import CORPUS

CONTROLPLANE = CORPUS / "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.14/base-controlplane.yaml"
STABILITY = CORPUS / "pkg/machinery/config/types/v1alpha1/testdata/stability"

KUBELET = {
    "apiVersion": "v1alpha1",
    "kind": "KubeletConfig",
    "image": "ghcr.io/siderolabs/kubelet:v1.28.0",
    "config": {},
    "defaultRuntimeSeccompProfileEnabled": True,
}
KUBELET_YAML = """\
apiVersion: v1alpha1
kind: KubeletConfig
image: ghcr.io/siderolabs/kubelet:v1.28.0
config: {}
defaultRuntimeSeccompProfileEnabled: true
"""
BOGUS_ERROR = 'error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered'
HOSTNAME = "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"


@pytest.fixture(scope="module")
def controlplane() -> bytes:
    return CONTROLPLANE.read_bytes()


def test_corpus_is_there() -> None:
    # The parametrized round trip below would silently run nothing without it.
    assert CONTROLPLANE.is_file(), f"the Talos corpus is missing (set TALOS_CORPUS): {CORPUS}"
    assert len(list(STABILITY.glob("*/*.yaml"))) >= 8


def test_corpus_file_round_trips(controlplane: bytes) -> None:
    cfg = config.load(controlplane)
    assert cfg.to_yaml().encode() == controlplane
    assert cfg.original_bytes() == controlplane
    assert len(cfg) == 28 and repr(cfg) == "<Config: 28 documents>"

    documents = cfg.documents
    assert len(documents) == 28
    assert "---\n".join(doc.to_yaml() for doc in documents) == cfg.to_yaml()
    legacy = documents[0]
    assert (legacy.kind, legacy.api_version, legacy.name, legacy.since) == ("v1alpha1", "", "", "1.0")
    assert legacy.to_dict()["machine"]["type"] == "controlplane"
    assert list(legacy.to_dict())[:4] == ["version", "debug", "persist", "machine"]
    for doc in documents[1:]:
        spec = doc.to_dict()
        assert (spec["apiVersion"], spec["kind"]) == (doc.api_version, doc.kind) == ("v1alpha1", doc.kind)
        assert spec.get("name", "") == doc.name


def test_documents_by_kind_and_name(controlplane: bytes) -> None:
    cfg = config.load(controlplane.decode())
    kubelet = cfg.get("KubeletConfig")
    assert kubelet is not None
    assert (kubelet.kind, kubelet.name, kubelet.api_version, kubelet.since) == ("KubeletConfig", "", "v1alpha1", "1.14")
    assert kubelet.to_dict() == KUBELET
    assert list(kubelet.to_dict()) == list(KUBELET)  # Talos' key order
    assert kubelet.to_yaml() == KUBELET_YAML
    assert repr(kubelet) == "<Document KubeletConfig>"

    legacy = cfg.get("v1alpha1")
    assert legacy is not None and legacy.kind == "v1alpha1"
    assert controlplane.decode().startswith(legacy.to_yaml() + "---\n")

    volume = cfg.get("VolumeConfig", "EPHEMERAL")
    assert volume is not None and volume.since == "1.8" and repr(volume) == "<Document VolumeConfig/EPHEMERAL>"
    assert volume.to_dict() == {"apiVersion": "v1alpha1", "kind": "VolumeConfig", "name": "EPHEMERAL", "mount": {"secure": True}}
    assert cfg.get("VolumeConfig") is None
    assert cfg.get("KubeletConfig", "x") is None
    assert cfg.get("kubeletconfig") is None
    assert cfg.get("LinkConfig", name="eth0") is None


def test_check_version(controlplane: bytes) -> None:
    cfg = config.load(controlplane)
    problems = cfg.check_version("1.12")
    assert "KubeletConfig needs Talos >= 1.14" in problems
    assert problems[0] == "DiscoveryServiceConfig/default needs Talos >= 1.14"
    assert "VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13" in problems
    assert "ResolverConfig: .hostDNS needs Talos >= 1.14" in problems
    assert len(problems) == 26 and not any("HostnameConfig" in p for p in problems)
    older = cfg.check_version("v1.7.6")
    assert "VolumeConfig/EPHEMERAL needs Talos >= 1.8" in older and "HostnameConfig needs Talos >= 1.12" in older
    assert cfg.check_version("v1.14.0-rc.1") == []
    for bad in ["1", "x", "", "1.x", "latest"]:
        with pytest.raises(talos_kit.ConfigError, match="invalid Talos version"):
            cfg.check_version(bad)
    with pytest.raises(ValueError):
        cfg.check_version("one.two")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("apiVersion: v1alpha1\nkind: Bogus\n", BOGUS_ERROR),
        (b"", "config not found"),
        ("# only a comment\n---\n", "config not found"),
        (b"- a\n", "expected a YAML document at line 1"),
        (HOSTNAME + "---\n" + HOSTNAME, "duplicate document v1alpha1/HostnameConfig/ is not allowed (line 5)"),
    ],
)
def test_errors_are_talos_texts(data: bytes | bytearray | str, message: str) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load(data)
    assert str(caught.value) == message
    assert isinstance(caught.value, talos_kit.TalosKitError) and isinstance(caught.value, ValueError)


def test_syntax_errors_are_decode_errors() -> None:
    with pytest.raises(talos_kit.ConfigError, match=r"^decode error: .*did not find expected node content"):
        config.load("machine: [")
    with pytest.raises(talos_kit.ConfigError) as caught:
        config.load(HOSTNAME + "bogus: 1\n")
    assert str(caught.value) == (
        "error decoding document v1alpha1/HostnameConfig/ (line 1): unknown keys found during decoding:\nbogus: 1\n"
    )
    with pytest.raises(talos_kit.ConfigError):
        config.load(bytearray(b"\xff\xfe\x00A"))


def test_input_types() -> None:
    assert config.load(HOSTNAME).to_yaml() == HOSTNAME
    assert config.load(HOSTNAME.encode()).to_yaml() == HOSTNAME
    assert config.load(bytearray(HOSTNAME.encode())).to_yaml() == HOSTNAME
    with pytest.raises(TypeError, match="configuration must be bytes or str, not int"):
        config.load(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        config.load(None)  # type: ignore[arg-type]


def test_dicts_keep_yaml_types() -> None:
    cfg = config.load(
        "apiVersion: v1alpha1\nkind: KubePrismConfig\nport: 7445\n"
        "---\nversion: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    extraArgs:\n      max-pods: \"250\"\n"
    )
    prism = cfg.get("KubePrismConfig")
    assert prism is not None and prism.to_dict() == {"apiVersion": "v1alpha1", "kind": "KubePrismConfig", "port": 7445}
    assert type(prism.to_dict()["port"]) is int
    legacy = cfg.documents[0].to_dict()
    assert legacy["machine"]["kubelet"]["extraArgs"] == {"max-pods": "250"}
    # The legacy document moves first in the encoding; the original bytes keep the input.
    assert cfg.to_yaml().startswith("version: v1alpha1\n")
    assert cfg.original_bytes().startswith(b"apiVersion: v1alpha1\nkind: KubePrismConfig")
    assert repr(config.load(HOSTNAME)) == "<Config: 1 document>"


def test_documents_outlive_their_config() -> None:
    cfg = config.load(HOSTNAME)
    doc = cfg.get("HostnameConfig")
    del cfg
    gc.collect()
    assert doc is not None and doc.to_dict() == {"apiVersion": "v1alpha1", "kind": "HostnameConfig", "auto": "stable"}


@pytest.mark.parametrize("path", sorted(STABILITY.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_stability_file_round_trips(path: Path) -> None:
    data = path.read_bytes()
    cfg = config.load(data)
    assert cfg.to_yaml().encode() == data
    assert config.load(cfg.to_yaml()).to_yaml() == cfg.to_yaml()


def test_kinds() -> None:
    kinds = config.kinds()
    assert len(kinds) == 89
    assert kinds[0] == {"kind": "BGPInstanceConfig", "named": True, "since": "1.14", "go_type": "network.BGPInstanceConfigV1Alpha1"}
    assert [k["kind"] for k in kinds] == sorted(k["kind"] for k in kinds)
    volume = next(k for k in kinds if k["kind"] == "VolumeConfig")
    assert volume == {"kind": "VolumeConfig", "named": True, "since": "1.8", "go_type": "block.VolumeConfigV1Alpha1"}
    assert not any(k["kind"] == "v1alpha1" for k in kinds)


def test_threads_load_at_once(controlplane: bytes) -> None:
    def work(_: int) -> int:
        cfg = config.load(controlplane)
        assert cfg.to_yaml().encode() == controlplane
        return len(cfg.documents)

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(work, range(16))) == [28] * 16
