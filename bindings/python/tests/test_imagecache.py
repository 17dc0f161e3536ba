"""talos_kit.imagecache: create, verify, pack/unpack, lookup and serve a flat image cache."""

from __future__ import annotations

import doctest
import hashlib
import inspect
import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import talos_kit
from talos_kit import _native, imagecache
from talos_kit.imagecache import ImageCacheError, SampleImage

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DEMO = "ghcr.io/siderolabs/demo:v1"
MULTI = "ghcr.io/siderolabs/multi:v2"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, list[imagecache.WrittenImage]]:
    """An OCI layout with a one-platform image and a two-platform index."""
    path = tmp_path / "layout"
    written = imagecache.write_sample_layout(
        path,
        [
            SampleImage(DEMO, seed=1),
            SampleImage(MULTI, platforms=("linux/amd64", "linux/arm64"), layers=2, layer_size=4096, seed=2),
        ],
    )
    return path, written


@pytest.fixture
def cache(tmp_path: Path, layout: tuple[Path, list[imagecache.WrittenImage]]) -> Path:
    """Both sample images cached for both platforms."""
    path = tmp_path / "cache"
    report = imagecache.create(path, [DEMO, MULTI], platforms="linux/amd64,linux/arm64", layouts=[layout[0]], jobs=2)
    # demo: manifest, config, layer; multi: index, 2 manifests, 2 configs, 4 layers.
    assert report == {
        "images": 2,
        "manifests": 4,
        "blobs_written": 8,
        "blobs_linked": 0,
        "blobs_present": 0,
        "bytes_written": report["bytes_written"],
        "signatures": 0,
    }
    assert report["bytes_written"] > 0
    return path


def blob_path(root: Path, digest: str) -> Path:
    return root / "blob" / digest.replace(":", "-")


def assert_sorted_compact_json(raw: bytes) -> None:
    """The bytes Rust writes have sorted keys, whatever serde_json's preserve_order feature
    (on in this extension): the same image or cache gets the same digests from every binding."""
    assert raw == json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()


def test_write_sample_layout(layout: tuple[Path, list[imagecache.WrittenImage]], tmp_path: Path) -> None:
    path, (demo, multi) = layout
    assert demo["ref_name"] == DEMO and demo["media_type"] == OCI_MANIFEST
    assert demo["children"] == [{"platform": "linux/amd64", "digest": demo["digest"]}]
    assert len(demo["blobs"]) == 2
    assert multi["media_type"] == OCI_INDEX
    assert [child["platform"] for child in multi["children"]] == ["linux/amd64", "linux/arm64"]
    assert len(multi["blobs"]) == 6
    # A real OCI layout: the blobs are there under their digests.
    index = json.loads((path / "index.json").read_text())
    assert [entry["digest"] for entry in index["manifests"]] == [demo["digest"], multi["digest"]]
    assert_sorted_compact_json((path / "index.json").read_bytes())
    assert_sorted_compact_json((path / "blobs" / "sha256" / multi["digest"].removeprefix("sha256:")).read_bytes())
    for digest in demo["blobs"]:
        data = (path / "blobs" / "sha256" / digest.removeprefix("sha256:")).read_bytes()
        assert "sha256:" + hashlib.sha256(data).hexdigest() == digest
    # A plain string is a default sample image; equal seeds give identical images.
    (again,) = imagecache.write_sample_layout(tmp_path / "again", ["x:1"])
    (seeded,) = imagecache.write_sample_layout(tmp_path / "seeded", [SampleImage("x:1", seed=0)])
    assert again["digest"] == seeded["digest"]
    with pytest.raises(ValueError, match="invalid platform"):
        imagecache.write_sample_layout(tmp_path / "bad", [SampleImage("x:1", platforms=("linux",))])


def test_create_resumes(cache: Path, layout: tuple[Path, list[imagecache.WrittenImage]]) -> None:
    report = imagecache.create(cache, [DEMO, MULTI], platforms=["linux/amd64", "linux/arm64"], layouts=[layout[0]])
    assert (report["blobs_written"], report["blobs_present"], report["bytes_written"]) == (0, 8, 0)


def test_create_with_hard_links(layout: tuple[Path, list[imagecache.WrittenImage]], tmp_path: Path) -> None:
    report = imagecache.create(tmp_path / "linked", DEMO, layouts=[layout[0]], link=True)
    assert (report["blobs_written"], report["blobs_linked"]) == (2, 2)
    demo = layout[1][0]
    for digest in demo["blobs"]:
        cached = blob_path(tmp_path / "linked", digest)
        original = layout[0] / "blobs" / "sha256" / digest.removeprefix("sha256:")
        assert os.path.samefile(cached, original)


def test_create_from_a_repository_layout(tmp_path: Path) -> None:
    imagecache.write_sample_layout(tmp_path / "tagged", [SampleImage("v3", seed=3)])
    report = imagecache.create(
        tmp_path / "c", "alpine:v3", layouts=[f"docker.io/library/alpine={tmp_path / 'tagged'}"], cosign_signatures=False
    )
    assert report["images"] == 1
    assert (tmp_path / "c/manifests/docker.io/library/alpine/reference/v3").is_file()


@pytest.mark.parametrize(
    ("images", "kwargs", "match"),
    [
        (["ghcr.io/siderolabs/absent:v1"], {}, "absent:v1: manifest not found"),
        ([MULTI], {"platforms": "linux/s390x"}, "no manifest for platform linux/s390x"),
        (["a:1"], {"platforms": "linux"}, "invalid platform"),
        (["Bad/Name:1"], {}, "invalid image reference"),
        ([], {}, "no images"),
    ],
)
def test_create_refusals(
    tmp_path: Path,
    layout: tuple[Path, list[imagecache.WrittenImage]],
    images: list[str],
    kwargs: dict[str, str],
    match: str,
) -> None:
    with pytest.raises(ImageCacheError, match=match):
        imagecache.create(tmp_path / "c", images, layouts=[layout[0]], **kwargs)  # type: ignore[arg-type]


def test_create_from_registries_fails_cleanly(tmp_path: Path) -> None:
    # Nothing listens on port 1.
    with pytest.raises(ImageCacheError, match="127.0.0.1:1"):
        imagecache.create(tmp_path / "c", ["127.0.0.1:1/absent:v1"], insecure=True)
    with pytest.raises(ImageCacheError, match="config.json"):
        imagecache.create(tmp_path / "c", ["127.0.0.1:1/absent:v1"], docker_config=tmp_path / "config.json")


def test_verify(cache: Path, layout: tuple[Path, list[imagecache.WrittenImage]]) -> None:
    report = imagecache.verify(cache)
    assert report["problems"] == []
    assert (report["blobs"], report["manifests"], report["tags"]) == (8, 4, 2)
    assert report["repositories"] == ["ghcr.io/siderolabs/demo", "ghcr.io/siderolabs/multi"]
    (coverage,) = report["indexes"]
    assert coverage["digest"] == layout[1][1]["digest"] and coverage["absent"] == []
    assert coverage["present"] == [f"{c['platform']} {c['digest']}" for c in layout[1][1]["children"]]

    layer = layout[1][0]["blobs"][0]
    path = blob_path(cache, layer)
    data = bytearray(path.read_bytes())
    data[0] ^= 0xFF
    path.write_bytes(bytes(data))
    (problem,) = imagecache.verify(cache, jobs=1)["problems"]
    assert problem["kind"] == "corrupt"
    assert problem["expected"] == layer
    assert problem["actual"] == "sha256:" + hashlib.sha256(data).hexdigest()

    with pytest.raises(ImageCacheError, match="absent"):
        imagecache.verify(cache / "absent")


def test_pack_unpack_round_trip(cache: Path, tmp_path: Path) -> None:
    packed = tmp_path / "packed"
    report = imagecache.pack(cache, packed)
    assert report["manifest"].startswith("sha256:") and report["layer_size"] > 0
    index = json.loads((packed / "index.json").read_text())
    assert sorted(entry["platform"]["architecture"] for entry in index["manifests"]) == ["amd64", "arm64"]
    assert_sorted_compact_json((packed / "index.json").read_bytes())
    manifest = packed / "blobs" / "sha256" / report["manifest"].removeprefix("sha256:")
    assert_sorted_compact_json(manifest.read_bytes())
    with pytest.raises(ImageCacheError, match="already exists"):
        imagecache.pack(cache, packed)

    for arch in ("amd64", "arm64"):
        out = tmp_path / f"unpacked-{arch}"
        unpacked = imagecache.unpack(packed, out, arch=arch)
        assert unpacked["files"] == report["files"]
        assert imagecache.verify(out)["problems"] == []
        original = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file())
        assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == original
        for relative in original:
            assert (out / relative).read_bytes() == (cache / relative).read_bytes()

    one = imagecache.pack(cache, tmp_path / "amd64-only", architectures=["amd64"])
    assert one["files"] == report["files"]
    with pytest.raises(ImageCacheError, match="s390x"):
        imagecache.unpack(packed, tmp_path / "u", arch="s390x")


def test_lookup(cache: Path, layout: tuple[Path, list[imagecache.WrittenImage]], tmp_path: Path) -> None:
    demo, multi = layout[1]
    for ns in ("ghcr.io", None, ""):
        found = imagecache.lookup(cache, "siderolabs/demo/manifests/v1", ns=ns)
        assert found["status"] == 200 and found["error"] is None
        assert found["digest"] == demo["digest"] and found["media_type"] == OCI_MANIFEST
        assert found["kind"] == "manifest"
        assert found["path"] is not None and Path(found["path"]).read_bytes()
        assert found["size"] == Path(found["path"]).stat().st_size

    found = imagecache.lookup([cache], f"siderolabs/demo/manifests/{demo['digest']}", ns="ghcr.io")
    assert found["status"] == 200
    found = imagecache.lookup(str(cache), f"siderolabs/multi/blobs/{multi['blobs'][0]}", ns="ghcr.io")
    assert (found["status"], found["kind"], found["media_type"]) == (200, "blob", None)
    # Per-file fallback over several roots.
    found = imagecache.lookup([tmp_path / "empty", cache], "siderolabs/multi/manifests/v2", ns="ghcr.io")
    assert found["digest"] == multi["digest"] and found["path"] is not None
    assert found["path"].startswith(str(cache))

    misses = {
        "siderolabs/demo/manifests/v9": (404,),
        "siderolabs/demo/tags/list": (404,),
        "Siderolabs/demo/manifests/v1": (400,),
        "../../../etc/manifests/passwd": (400, 404),
        "siderolabs/demo/blobs/sha256:../../../etc/passwd": (400, 404),
        "siderolabs/demo/manifests/..%2f..%2fblob": (400, 404),
    }
    for path, statuses in misses.items():
        miss = imagecache.lookup(cache, path, ns="ghcr.io")
        assert miss["status"] in statuses, (path, miss)
        assert miss["error"] and miss["path"] is None and miss["digest"] is None
    assert imagecache.lookup([], "siderolabs/demo/manifests/v1")["status"] == 404
    assert imagecache.lookup(cache, "siderolabs/absent/manifests/v1")["status"] == 400

    # A tag whose manifest is gone: registryd's 500.
    (cache / "manifests/ghcr.io/siderolabs/demo/digest" / demo["digest"].replace(":", "-")).unlink()
    assert imagecache.lookup(cache, "siderolabs/demo/manifests/v1", ns="ghcr.io")["status"] == 500


def fetch(url: str, accept: str = OCI_MANIFEST) -> tuple[int, dict[str, str], bytes]:
    """GET ``url``: the status, the headers (names in lower case) and the body."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_serve(cache: Path, layout: tuple[Path, list[imagecache.WrittenImage]]) -> None:
    demo, multi = layout[1]
    with imagecache.serve(cache) as server:
        assert server.address.startswith("127.0.0.1:") and server.port > 0
        assert server.url == f"http://{server.address}" and not server.closed
        assert server.roots == [str(cache)]
        status, headers, body = fetch(f"{server.url}/v2/siderolabs/demo/manifests/v1?ns=ghcr.io")
        assert status == 200
        assert "sha256:" + hashlib.sha256(body).hexdigest() == demo["digest"]
        assert headers["docker-content-digest"] == demo["digest"]
        assert headers["content-type"] == OCI_MANIFEST
        assert int(headers["content-length"]) == len(body)
        # Without ns the registry is found by a scan; blobs come from the global pool.
        status, _, body = fetch(f"{server.url}/v2/siderolabs/multi/manifests/v2")
        assert status == 200 and "sha256:" + hashlib.sha256(body).hexdigest() == multi["digest"]
        layer = multi["blobs"][0]
        status, _, body = fetch(f"{server.url}/v2/siderolabs/multi/blobs/{layer}?ns=ghcr.io")
        assert status == 200 and "sha256:" + hashlib.sha256(body).hexdigest() == layer
        assert fetch(f"{server.url}/v2/siderolabs/demo/manifests/v9?ns=ghcr.io")[0] == 404
        assert fetch(f"{server.url}/v2/Bad/manifests/v1?ns=ghcr.io")[0] == 400
        # Requests from several threads while the GIL is taken by this one.
        results: list[int] = []
        threads = [
            threading.Thread(
                target=lambda: results.append(fetch(f"{server.url}/v2/siderolabs/demo/manifests/v1?ns=ghcr.io")[0])
            )
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert results == [200] * 4
    assert server.closed
    server.close()  # closing twice does nothing
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{server.url}/v2/", timeout=5)
    assert "closed" in repr(server)


def test_serve_refusals(cache: Path) -> None:
    with pytest.raises(ValueError, match="invalid address"):
        imagecache.serve(cache, "not an address")
    with imagecache.serve(cache) as server:
        # The port is taken.
        with pytest.raises(ImageCacheError, match="cannot listen"):
            imagecache.serve(cache, server.address)


def test_default_images() -> None:
    images = imagecache.default_images("1.13")
    assert images[0].startswith("ghcr.io/siderolabs/flannel:")
    assert "ghcr.io/siderolabs/kubelet:v1.34.1" in imagecache.default_images("v1.13.2", kubernetes="1.34.1")
    assert imagecache.releases()[0] == "1.9" and "1.14" in imagecache.releases()
    for release in imagecache.releases():
        assert imagecache.default_images(release)
    with pytest.raises(ImageCacheError, match="unknown Talos release"):
        imagecache.default_images("1.2")
    with pytest.raises(ImageCacheError, match="etcd-version"):
        imagecache.default_images("1.12", etcd="3.6.0")


def test_package_surface() -> None:
    assert talos_kit.ImageCacheError is ImageCacheError
    assert ImageCacheError.__module__ == "talos_kit" and ImageCacheError.__doc__
    assert tuple(base.__name__ for base in ImageCacheError.__bases__) == ("TalosKitError",)
    assert imagecache.Server is _native.Server and imagecache.Server.__module__ == "talos_kit.imagecache"
    for name in imagecache.__all__:
        obj = getattr(imagecache, name)
        if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.isbuiltin(obj):
            assert getattr(obj, "__doc__", None), name


def test_docstring_examples() -> None:
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(imagecache, "talos_kit.imagecache")
    assert sum(len(test.examples) for test in tests) >= 8
    for test in tests:
        runner.run(test)
    assert runner.failures == 0
