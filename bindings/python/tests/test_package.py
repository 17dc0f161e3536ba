"""The package itself: layout, typing files, exception hierarchy, version."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import inspect

import pytest

import talos_kit
from talos_kit import _native, config, discovery, meta


def test_typing_files_ship() -> None:
    files = importlib.resources.files("talos_kit")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_native.pyi").is_file()


def test_version() -> None:
    assert talos_kit.__version__ == importlib.metadata.version("talos-kit")


def test_native_module_is_a_submodule() -> None:
    assert _native.__name__ == "talos_kit._native"
    assert meta.MetaFile is _native.MetaFile
    assert meta.MetaFile.__module__ == "talos_kit.meta"
    with pytest.raises(TypeError):
        meta.MetaFile()  # only open()/create() make one
    assert config.Config is _native.Config and config.Document is _native.Document
    assert config.Config.__module__ == "talos_kit.config"
    assert config.Document.__module__ == "talos_kit.config"
    with pytest.raises(TypeError):
        config.Config()  # only load() makes one
    with pytest.raises(TypeError):
        config.Document()


HIERARCHY = {
    "MetaError": ("TalosKitError",),
    "MetaIOError": ("MetaError", "OSError"),
    "MetaCorruptError": ("MetaError",),
    "MetaFullError": ("MetaError",),
    "NoMetaPartitionError": ("MetaError",),
    "InvalidKeyError": ("TalosKitError", "ValueError"),
    "ValuesEncodingError": ("TalosKitError", "ValueError"),
    "NetworkConfigError": ("TalosKitError", "ValueError"),
    "DiscoveryError": ("TalosKitError",),
    "ClusterKeyError": ("DiscoveryError", "ValueError"),
    "ClusterIdError": ("DiscoveryError", "ValueError"),
    "NodeIdError": ("DiscoveryError", "ValueError"),
    "AffiliateSealError": ("DiscoveryError", "ValueError"),
    "AffiliateOpenError": ("DiscoveryError", "ValueError"),
    "EndpointError": ("DiscoveryError", "ValueError"),
    "ConfigError": ("TalosKitError", "ValueError"),
}


@pytest.mark.parametrize(("name", "bases"), HIERARCHY.items())
def test_exception_hierarchy(name: str, bases: tuple[str, ...]) -> None:
    cls = getattr(talos_kit, name)
    if issubclass(cls, talos_kit.DiscoveryError):
        area: object = discovery
    elif cls is talos_kit.ConfigError:
        area = config
    else:
        area = meta
    assert getattr(area, name) is cls
    assert cls.__module__ == "talos_kit"
    assert tuple(base.__name__ for base in cls.__bases__) == bases
    assert issubclass(cls, talos_kit.TalosKitError) and issubclass(cls, Exception)
    assert cls.__doc__


@pytest.mark.parametrize("module", [meta, discovery, config])
def test_public_names_are_documented(module: object) -> None:
    for name in getattr(module, "__all__"):
        obj = getattr(module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.isbuiltin(obj):
            assert getattr(obj, "__doc__", None), name


def test_docstring_examples() -> None:
    import doctest

    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(meta, "talos_kit.meta")
    for name in ("parse_key", "decode_values", "gzip_supported"):
        # Native functions: their docstrings come from the Rust doc comments.
        tests += finder.find(getattr(meta, name), name, globs=vars(meta))
    tests += finder.find(discovery, "talos_kit.discovery")
    tests += finder.find(config, "talos_kit.config")
    assert sum(len(test.examples) for test in tests) >= 17
    for test in tests:
        runner.run(test)
    assert runner.failures == 0
