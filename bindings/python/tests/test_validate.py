"""talos_kit.config.validate: talosctl validate's verdicts and texts, as data."""

from __future__ import annotations

import pytest

import talos_kit
from talos_kit import config

from conftest import CORPUS

STABILITY = CORPUS / "pkg/machinery/config/types/v1alpha1/testdata/stability"

WORKER = """\
version: v1alpha1
machine:
    type: {machine_type}
    token: abc
    ca:
        crt: YWJj
    install:
        disk: /dev/sda
cluster:
    controlPlane:
        endpoint: https://10.0.0.1:6443
    clusterName: demo
    network:
        dnsDomain: cluster.local
    token: abc.def
    ca:
        crt: YWJj
"""


def test_a_valid_worker_is_valid_in_every_mode_but_container() -> None:
    cfg = config.load(WORKER.format(machine_type="worker"))
    for mode in ("metal", "cloud"):
        report = config.validate(cfg, mode, strict=True)
        assert report == {"valid": True, "warnings": [], "errors": [], "error_text": ""}
    container = config.validate(cfg, "container")
    assert not container["valid"]
    assert [e["message"] for e in container["errors"]] == ["hostDNS config is required in container mode"]
    assert container["errors"][0]["document"] is None


def test_strict_turns_warnings_into_errors() -> None:
    cfg = config.load(WORKER.format(machine_type="join"))
    lax = cfg.validate("cloud")
    assert lax["valid"]
    assert lax["warnings"] == ['use "worker" instead of "join" for machine type']
    strict = cfg.validate("cloud", strict=True)
    assert not strict["valid"]
    assert strict["error_text"] == (
        "1 error occurred:\n\t* v1alpha1.Config: 1 error occurred:\n"
        '\t* warning: use "worker" instead of "join" for machine type\n\n\n\n'
    )
    assert strict["errors"] == [
        {
            "document": "v1alpha1.Config",
            "path": None,
            "message": 'warning: use "worker" instead of "join" for machine type',
        }
    ]


def test_documents_are_named_in_findings() -> None:
    cfg = config.load("apiVersion: v1alpha1\nkind: VLANConfig\nname: eth0.5000\nvlanID: 5000\nparent: eth0\n")
    report = config.validate(cfg, "metal")
    assert not report["valid"]
    assert {e["document"] for e in report["errors"]} == {"VLANConfig/eth0.5000"}
    assert report["error_text"].startswith("1 error occurred:\n\t* VLANConfig/eth0.5000: ")


@pytest.mark.parametrize("version", ["v1.11", "v1.12", "v1.13"])
def test_talos_generated_configs_need_only_an_install_disk(version: str) -> None:
    cfg = config.load((STABILITY / version / "base-controlplane.yaml").read_bytes())
    assert cfg.validate("cloud")["valid"]
    metal = cfg.validate("metal")
    assert [e["message"] for e in metal["errors"]] == ["either install disk or diskSelector should be defined"]


def test_unknown_modes_are_refused() -> None:
    cfg = config.load(WORKER.format(machine_type="worker"))
    with pytest.raises(talos_kit.ConfigError, match='unknown mode "moon"'):
        cfg.validate("moon")
