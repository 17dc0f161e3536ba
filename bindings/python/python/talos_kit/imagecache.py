"""The Talos air-gapped image cache: the flat tree Talos' ``registryd`` serves images from.

:func:`create` fills a cache (``blob/sha256-…``, ``manifests/<registry>/<repository>/
{reference,digest}/…``) from OCI image layouts or registries, as ``talosctl images
cache-create --layout flat`` does, but with every blob digest-checked before it is renamed
into place, so a rerun resumes and never keeps a corrupt file. :func:`verify` checks a
cache, :func:`lookup` answers a request as ``registryd`` would, :func:`serve` runs a
``registryd``-compatible server, and :func:`pack`/:func:`unpack` convert to and from the
one-layer OCI image the imager bakes into install media.

>>> import tempfile, pathlib
>>> from talos_kit import imagecache
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> written = imagecache.write_sample_layout(tmp / "layout", ["ghcr.io/example/app:v1"])
>>> report = imagecache.create(tmp / "cache", ["ghcr.io/example/app:v1"], layouts=[tmp / "layout"])
>>> report["images"], report["blobs_written"]
(1, 2)
>>> imagecache.verify(tmp / "cache")["problems"]
[]
>>> found = imagecache.lookup(tmp / "cache", "example/app/manifests/v1", ns="ghcr.io")
>>> found["status"], found["digest"] == written[0]["digest"]
(200, True)
>>> imagecache.lookup(tmp / "cache", "example/app/manifests/v2", ns="ghcr.io")["status"]
404
>>> imagecache.default_images("1.13")[0].startswith("ghcr.io/siderolabs/flannel:")
True
>>> import shutil; shutil.rmtree(tmp)

Every failure is an :class:`ImageCacheError` with the library's message. Lookups never
raise for a miss: a 404, 400 or 500 is an answer (``status`` and ``error``), as it is for
``registryd``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Optional, TypedDict, Union

from talos_kit import _native
from talos_kit._errors import TalosKitError
from talos_kit._native import Server

__all__ = [
    "CreateReport",
    "ImageCacheError",
    "IndexCoverage",
    "LookupResult",
    "PackReport",
    "Problem",
    "SampleChild",
    "SampleImage",
    "Server",
    "UnpackReport",
    "VerifyReport",
    "WrittenImage",
    "create",
    "default_images",
    "lookup",
    "pack",
    "releases",
    "serve",
    "unpack",
    "verify",
    "write_sample_layout",
]

StrPath = Union[str, "os.PathLike[str]"]
"""A path: ``str`` or any ``os.PathLike`` such as :class:`pathlib.Path`."""


class ImageCacheError(TalosKitError):
    """Creating, verifying, packing, unpacking or serving an image cache failed: a bad image
    reference or platform, an image the source does not have, refused credentials, content
    that does not match its digest, a damaged wrapper, or a file-system or network error.
    ``str()`` is the library's message, which names the image or file."""


ImageCacheError.__module__ = "talos_kit"  # tracebacks name the public path


class CreateReport(TypedDict):
    """What :func:`create` did."""

    images: int
    """Images cached."""
    manifests: int
    """Manifests stored (top-level, per platform, and signatures)."""
    blobs_written: int
    """Blobs fetched by this call (hard-linked ones included)."""
    blobs_linked: int
    """Of those, blobs hard-linked from a layout (``link=True``)."""
    blobs_present: int
    """Blobs already there (and verified)."""
    bytes_written: int
    """Bytes fetched by this call."""
    signatures: int
    """Cosign signature tags stored."""


class Problem(TypedDict, total=False):
    """One thing :func:`verify` found wrong; ``kind`` says which keys are present."""

    kind: Literal[
        "corrupt", "unexpected", "unreadable", "dangling_tag", "bad_manifest", "missing_blob", "size_mismatch"
    ]
    """``corrupt`` (``path``, ``expected``, ``actual`` digests), ``unexpected`` (``path``,
    ``reason``), ``unreadable`` (``path``, ``error``), ``dangling_tag`` (``repository``,
    ``tag``, ``digest``: registryd answers 500), ``bad_manifest`` (``path``, ``error``),
    ``missing_blob`` (``repository``, ``manifest``, ``digest``) or ``size_mismatch``
    (``digest``, ``expected`` and ``actual`` sizes)."""
    path: str
    """The file, relative to the cache root."""
    repository: str
    """The repository directory, e.g. ``docker.io/library/alpine``."""
    tag: str
    """The tag."""
    digest: str
    """The digest of the tag or blob."""
    manifest: str
    """The manifest that needs the blob."""
    expected: Union[str, int]
    """The digest a file's name promises, or the size a manifest gives."""
    actual: Union[str, int]
    """The digest a file's content has, or the size on disk."""
    reason: str
    """Why the file does not belong."""
    error: str
    """The read or parse error."""


class IndexCoverage(TypedDict):
    """Which children of a cached index are stored."""

    repository: str
    """The repository directory."""
    digest: str
    """The index's digest."""
    present: list[str]
    """The children stored, as ``"<platform> <digest>"`` (``unknown/unknown`` for
    attestations, ``none`` without a platform)."""
    absent: list[str]
    """The children not stored, as ``"<platform> <digest>"``."""


class VerifyReport(TypedDict):
    """What :func:`verify` found."""

    blobs: int
    """Blob files hashed."""
    manifests: int
    """Manifest files hashed."""
    tags: int
    """Tags checked."""
    bytes: int
    """Bytes hashed."""
    repositories: list[str]
    """The cached repositories (``ghcr.io/siderolabs/flannel``)."""
    indexes: list[IndexCoverage]
    """Index children present and absent."""
    problems: list[Problem]
    """Everything wrong, in path order; empty for a sound cache."""


class LookupResult(TypedDict):
    """registryd's answer to one request; every key is present, ``None`` where it does not
    apply."""

    status: int
    """The HTTP status: 200, 400, 404 or 500."""
    error: Optional[str]
    """Why the status is not 200."""
    kind: Optional[Literal["manifest", "blob"]]
    """What was found."""
    path: Optional[str]
    """The file to serve."""
    digest: Optional[str]
    """The ``Docker-Content-Digest``."""
    size: Optional[int]
    """The ``Content-Length``."""
    media_type: Optional[str]
    """A manifest's ``Content-Type`` (``None`` for blobs: registryd sniffs them)."""


class PackReport(TypedDict):
    """What :func:`pack` wrote."""

    manifest: str
    """The wrapper image's manifest digest."""
    layer: str
    """Its layer's digest."""
    layer_size: int
    """Its layer's size in bytes."""
    files: int
    """Files packed."""
    directories: int
    """Directories packed."""


class UnpackReport(TypedDict):
    """What :func:`unpack` wrote."""

    files: int
    """Files written."""
    directories: int
    """Directories created."""
    bytes: int
    """Bytes written."""


class SampleChild(TypedDict):
    """One platform's image manifest of a sample image."""

    platform: str
    """``os/arch[/variant]``."""
    digest: str
    """The manifest's digest."""


class WrittenImage(TypedDict):
    """What :func:`write_sample_layout` wrote for one image."""

    ref_name: str
    """The ``org.opencontainers.image.ref.name`` annotation."""
    digest: str
    """The top-level manifest's digest (the index, or the only manifest)."""
    media_type: str
    """The top-level manifest's media type."""
    children: list[SampleChild]
    """The image manifest of each platform."""
    blobs: list[str]
    """Every config and layer digest."""


@dataclass(frozen=True)
class SampleImage:
    """A small, real OCI image for :func:`write_sample_layout`."""

    ref_name: str
    """The ``org.opencontainers.image.ref.name`` annotation: a full reference
    (``ghcr.io/x/app:v1``, for a ``DIR`` layout) or a bare tag (``v1``, for a
    ``REPOSITORY=DIR`` layout)."""
    platforms: Sequence[str] = ("linux/amd64",)
    """One platform gives an image manifest, several an index."""
    layers: int = 1
    """Layers per platform."""
    layer_size: int = 64 * 1024
    """Uncompressed bytes of pseudo-random content per layer."""
    seed: int = 0
    """Varies the content: equal seeds give byte-identical images."""


def _paths(paths: Union[StrPath, Iterable[StrPath]]) -> list[str]:
    """One path, or several."""
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(path) for path in paths]


def _strings(values: Union[str, Iterable[str]]) -> list[str]:
    """One string, or several (a ``str`` is not split into characters)."""
    return [values] if isinstance(values, str) else list(values)


def write_sample_layout(dir: StrPath, images: Iterable[Union[SampleImage, str]]) -> list[WrittenImage]:
    """Writes small, real OCI images (gzip tar layers of pseudo-random bytes, configs with
    ``rootfs.diff_ids``, an index for several platforms) into an OCI image layout at
    ``dir`` (created if missing; its ``index.json`` is replaced), for tests and demos that
    need images without a network. A ``str`` is a :class:`SampleImage` with that
    ``ref_name`` and the defaults."""
    samples = [SampleImage(image) if isinstance(image, str) else image for image in images]
    result: list[WrittenImage] = _native.imagecache_write_sample_layout(
        dir, [(s.ref_name, list(s.platforms), s.layers, s.layer_size, s.seed) for s in samples]
    )
    return result


def create(
    dest: StrPath,
    images: Union[str, Iterable[str]],
    *,
    platforms: Union[str, Iterable[str]] = "linux/amd64",
    layouts: Iterable[StrPath] = (),
    insecure: bool = False,
    docker_config: Optional[StrPath] = None,
    jobs: int = 4,
    cosign_signatures: bool = True,
    link: bool = False,
) -> CreateReport:
    """Creates (or resumes) the flat image cache at ``dest`` with ``images`` (references
    such as ``ghcr.io/siderolabs/flannel:v0.26.4``; short Docker Hub names work).

    ``platforms`` is ``"linux/amd64"``, a comma-separated string or list of platforms, or
    ``"all"`` (every platform an index lists, as Talos 1.14). With ``layouts`` the images
    come from those OCI image layouts: a directory whose entries are annotated with full
    references, or ``"REPOSITORY=DIR"`` for a layout of one repository annotated with bare
    tags. Without, they come from registries (``insecure`` allows plain HTTP and unchecked
    TLS; credentials from ``docker_config`` or ``$DOCKER_CONFIG/config.json``). ``jobs``
    blobs are fetched at once; ``cosign_signatures`` also stores the ``sha256-<hex>.sig``
    tags Talos 1.13+ caches. ``link`` hard-links blobs from ``layouts`` on the same file
    system instead of copying them (each is still digest-checked; the cache then shares
    those files with the layouts); blobs that cannot be linked are copied.

    Blobs stored before a failure are complete and verified: calling again resumes.
    The GIL is released while the cache is built.
    """
    platform_text = platforms if isinstance(platforms, str) else ",".join(platforms)
    result: CreateReport = _native.imagecache_create(
        dest,
        _strings(images),
        platform_text,
        [os.fspath(layout) for layout in layouts],
        insecure,
        None if docker_config is None else os.fspath(docker_config),
        jobs,
        cosign_signatures,
        link,
    )
    return result


def verify(dir: StrPath, jobs: Optional[int] = None) -> VerifyReport:
    """Verifies the flat cache at ``dir`` with ``jobs`` hashing threads (default: one per
    CPU): every blob and manifest file hashes to its name, every tag resolves to a stored
    manifest, every image manifest's config and layers are stored with their sizes.

    Problems are reported, not raised: see ``report["problems"]``. A ``dir`` that cannot
    be read raises :class:`ImageCacheError`.
    """
    result: VerifyReport = _native.imagecache_verify(dir, jobs)
    return result


def pack(flat: StrPath, out: StrPath, architectures: Iterable[str] = ("amd64", "arm64")) -> PackReport:
    """Packs the flat cache at ``flat`` into a new OCI image layout at ``out`` (which must
    not exist): one gzip tar layer and one ``index.json`` entry per architecture, so the
    imager finds it for each. Nothing is left at ``out`` on failure."""
    result: PackReport = _native.imagecache_pack(flat, out, _strings(architectures))
    return result


def unpack(layout: StrPath, out: StrPath, arch: str = "amd64") -> UnpackReport:
    """Extracts the ``linux/<arch>`` image of the OCI wrapper at ``layout`` into a new flat
    cache at ``out`` (which must not exist), checking every digest on the way."""
    result: UnpackReport = _native.imagecache_unpack(layout, out, arch)
    return result


def lookup(roots: Union[StrPath, Iterable[StrPath]], path: str, ns: Optional[str] = None) -> LookupResult:
    """Answers a request as Talos' ``registryd`` does, without HTTP.

    ``path`` is the request path after ``/v2/`` (``library/alpine/manifests/3.20``,
    ``coredns/coredns/blobs/sha256:…``), ``ns`` the ``ns`` query parameter containerd adds
    (``docker.io``; ``None`` or ``""``: the registry is found by scanning the cache), and
    ``roots`` one cache root or several in priority order (each file is tried in every
    root in turn).
    """
    result: LookupResult = _native.imagecache_lookup(_paths(roots), path, ns)
    return result


def default_images(
    talos: str,
    *,
    kubernetes: Optional[str] = None,
    etcd: Optional[str] = None,
    flannel: Optional[str] = None,
    coredns: Optional[str] = None,
    kube_network_policies: Optional[str] = None,
) -> list[str]:
    """The images ``talosctl images default`` of Talos release ``talos`` (``"1.13"``,
    ``"v1.13.2"``; see :func:`releases`) prints, in its order. The keyword arguments are
    talosctl 1.13+'s version flags (``--k8s-version`` and so on); older releases refuse
    them."""
    return _native.imagecache_default_images(talos, kubernetes, etcd, flannel, coredns, kube_network_policies)


def releases() -> list[str]:
    """The Talos release lines :func:`default_images` knows, oldest first."""
    return _native.imagecache_releases()


def serve(roots: Union[StrPath, Iterable[StrPath]], address: str = "127.0.0.1:0", *, log: bool = False) -> Server:
    """Serves the cache ``roots`` (in priority order) over HTTP exactly as ``registryd``
    does, read-only, on a background thread, until the returned :class:`Server` is closed
    (it is a context manager). ``address`` ``"127.0.0.1:0"`` picks a free port
    (``server.address``, ``server.url``); registryd's own is ``127.0.0.1:3172``. ``log``
    prints one line per request to stderr."""
    return Server(_paths(roots), address, log)
