"""META partitions through talos_kit.meta: files created with the API, the spec's image
vectors (meta.md §4), legacy areas, disks, the context manager and error classes."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import talos_kit
from talos_kit import meta
from conftest import (
    COPY_LEN,
    MIB,
    SYSLINUX_EMPTY,
    SYSLINUX_TEST_ME,
    gpt_disk,
    sha256_file,
    syslinux_area,
)

# meta.md §4.2: SHA-256 of the whole 1 MiB image (copy ‖ copy ‖ zeros) for each key set.
IMAGE_VECTORS = [
    ({}, "addd75e8d886fa2358dd171d3366db2f814803b85d5928af9a638fb7157b23f0"),
    ({0x06: b"1.2.3"}, "26cc333fbf9fa2a6aa102fc1ae3c7492aff65678bae6315618c1d1ae2b46474b"),
    ({0x08: b"install-fast"}, "a5c7cb693b7f1a4527eba080096302252330d2ad92913f027ab1bbb3cb93e07b"),
    ({0x0A: b"foo"}, "b2257bb93d338c539bb75e3f6ee0dd97520287c3c5f3720096d4df945cf207ac"),
    ({0x0C: b""}, "37803df4e7a04566b46a062054b79487e27c150195f532ba71ba112d9ccfc6dc"),
    (
        {3: b"value1", 4: b"value2", 5: b"value3"},
        "5158963506270428fcd9066ed7b90486b213d0eb312164b5a77c2b53a2e969db",
    ),
]


@pytest.mark.parametrize(("values", "image_sha256"), IMAGE_VECTORS)
def test_written_images_match_spec_vectors(meta_path: Path, values: dict[int, bytes], image_sha256: str) -> None:
    with meta.create(meta_path) as m:
        for key, value in values.items():
            m[key] = value
        if not values:
            m.flush()
    assert meta_path.stat().st_size == meta.META_PARTITION_SIZE == MIB
    assert sha256_file(meta_path) == image_sha256
    with meta.open(meta_path, read_only=True) as m:
        assert dict(m.items()) == values
        assert m.copy_used == "first"


def test_copy_checksum_field_matches_spec(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        m[0x0A] = "foo"
    raw = meta_path.read_bytes()
    assert raw[:4] == bytes.fromhex("5a4b3c2d")
    assert raw[4:15] == bytes.fromhex("0000000a00000003666f6f")
    assert raw[262108:262140].hex() == "0974af06e9457710d1abb21c12a59893c13f6918b114be059da051b0f40ffd6b"
    assert raw[262140:262144] == bytes.fromhex("a5b4c3d2")
    assert raw[:COPY_LEN] == raw[COPY_LEN : 2 * COPY_LEN]


def test_talos_internal_meta_test_sequence(meta_path: Path) -> None:
    """Talos internal/pkg/meta/meta_test.go on a zeroed 1 MiB file."""
    meta_path.write_bytes(bytes(MIB))
    with meta.open(meta_path) as m:
        assert m.copy_used == "blank"
        m.set(0x06, "1.2.3")
        assert m.get(0x06) == b"1.2.3"
        assert m.delete(0x06) is True
        m.set(0x08, "install-fast")
        m.flush()
        assert not m.dirty
    with meta.open(meta_path) as fresh:
        assert fresh.keys() == [0x08]
        assert fresh[8] == b"install-fast"


def test_mapping_protocol(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        assert len(m) == 0 and list(m) == [] and m.get(0x0B) is None
        m["DownloadURLCode"] = "abc123"
        m[meta.Key.USER_RESERVED1] = b'{"machineLabels":{"rack":"a1"}}'
        m["0x06"] = bytearray(b"A")
        assert list(m) == [0x06, 0x0B, 0x0C]
        assert m.keys() == [6, 11, 12]
        assert len(m) == 3
        assert m["downloadurlcode"] == m[11] == m["0xb"] == m["11"] == m["0o13"] == b"abc123"
        assert 0x0B in m and "Upgrade" in m and 0x42 not in m
        assert "not-a-key" not in m and 256 not in m and -1 not in m
        assert m.get(0x42, b"fallback") == b"fallback"
        with pytest.raises(KeyError) as missing:
            m[0x42]
        assert missing.value.args == (0x42,)
        del m[0x06]
        with pytest.raises(KeyError):
            del m[0x06]
        assert m.delete(0x06) is False
        assert m.items() == [(11, b"abc123"), (12, b'{"machineLabels":{"rack":"a1"}}')]
        assert m.area_of(11) == "talos" and m.area_of(0x42) is None


def test_values_are_bytes_in_and_out(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        m[0x20] = "grüße ✓"
        m[0x21] = b"\x00\xff\x01"
        m[0x22] = ""
        assert m[0x20] == "grüße ✓".encode()
        assert isinstance(m[0x20], bytes)
        assert m[0x21] == b"\x00\xff\x01"
        assert m[0x22] == b""
        with pytest.raises(TypeError, match="META values must be bytes or str, not int"):
            m[0x23] = 5  # type: ignore[assignment]
        with pytest.raises(UnicodeEncodeError):
            m[0x23] = "\udcff"
        assert 0x23 not in m
    with meta.open(meta_path) as m:
        assert m[0x20].decode() == "grüße ✓"


def test_key_types(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        for bad in (True, 1.0, None, b"\x01"):
            with pytest.raises(TypeError, match="META keys are int or str"):
                m.get(bad)  # type: ignore[arg-type]
        with pytest.raises(meta.InvalidKeyError, match=r'^invalid META key "256": keys are 0x01\.\.0xff$'):
            m.get(256)
        with pytest.raises(meta.InvalidKeyError, match='"-1"'):
            m.get(-1)
        with pytest.raises(meta.InvalidKeyError, match='"Nope"'):
            m["Nope"] = "x"
        with pytest.raises(meta.InvalidKeyError, match="^key 0x00 is the ADV terminator and cannot hold a value$"):
            m[0] = "x"
        assert m.get(0) is None
        with pytest.raises(meta.InvalidKeyError):
            m.get(10**30)


def test_context_manager_flushes_on_success(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        m[0x0B] = "abc"
        assert m.dirty
    assert m.closed and not m.dirty
    with meta.open(meta_path) as again:
        assert again[0x0B] == b"abc"


def test_context_manager_discards_on_exception(meta_path: Path) -> None:
    meta.create(meta_path).close()
    with pytest.raises(RuntimeError, match="boom"):
        with meta.open(meta_path) as m:
            m[0x0B] = "abc"
            raise RuntimeError("boom")
    assert m.closed
    with meta.open(meta_path) as again:
        assert 0x0B not in again
        assert again.copy_used == "blank"


def test_close_discards_and_closed_file_raises(meta_path: Path) -> None:
    m = meta.create(meta_path)
    m[0x0B] = "abc"
    m.close()
    m.close()
    assert m.closed and "closed" in repr(m)
    for operation in (
        lambda: m.get(1),
        lambda: m[1],
        lambda: m.set(1, "x"),
        lambda: m.flush(),
        lambda: len(m),
        lambda: 1 in m,
        lambda: m.keys(),
        lambda: m.copy_used,
        lambda: m.region,
    ):
        with pytest.raises(ValueError, match="closed META file"):
            operation()
    with pytest.raises(ValueError, match="closed"):
        with m:
            pass
    with meta.open(meta_path) as again:
        assert len(again) == 0


def test_read_only(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        m[0x0B] = "abc"
    with meta.open(meta_path, read_only=True) as r:
        assert r.read_only
        with pytest.raises(meta.MetaError, match="opened read-only"):
            r[0x0B] = "other"
        with pytest.raises(meta.MetaError, match="opened read-only"):
            r.delete(0x0B)
        assert r[0x0B] == b"abc"
    os.chmod(meta_path, 0o444)
    try:
        with meta.open(meta_path, read_only=True) as r:
            assert r[0x0B] == b"abc"
    finally:
        os.chmod(meta_path, 0o644)


def test_flush_explicit_and_properties(meta_path: Path) -> None:
    m = meta.create(meta_path)
    assert m.path == str(meta_path)
    assert m.region == (0, MIB)
    assert not m.read_only and not m.closed
    m.set("Upgrade", "B")
    assert "1 keys, unflushed changes" in repr(m)
    m.flush()
    assert not m.dirty
    m.close()
    assert meta.open(meta_path)["Upgrade"] == b"B"


def test_pathlike_paths(meta_path: Path) -> None:
    meta.create(str(meta_path)).close()
    with meta.open(meta_path, layout="partition") as m:
        assert m.path == str(meta_path)


def test_copy_two_takes_over(meta_path: Path) -> None:
    """go-adv talos_test.go: a damaged copy 1 still yields all the keys (from copy 2)."""
    with meta.create(meta_path) as m:
        for key, value in ((3, "value1"), (4, "value2"), (5, "value3")):
            m[key] = value
    for start, end in ((0, 2), (30, 1030), (8, 12), (0, COPY_LEN)):
        raw = bytearray(meta_path.read_bytes())
        raw[start:end] = bytes(end - start)
        damaged = meta_path.with_suffix(f".{start}-{end}")
        damaged.write_bytes(raw)
        with meta.open(damaged, read_only=True) as m:
            assert m.copy_used == "second"
            assert m.items() == [(3, b"value1"), (4, b"value2"), (5, b"value3")]


def test_corrupt_meta(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        m[0x0A] = "foo"
    raw = bytearray(meta_path.read_bytes())
    raw[100] ^= 0xFF
    raw[COPY_LEN + 100] ^= 0xFF
    meta_path.write_bytes(raw)
    with pytest.raises(meta.MetaCorruptError) as corrupt:
        meta.open(meta_path)
    assert str(corrupt.value) == (
        "both META copies are invalid (first: adv: checksum mismatch; second: adv: checksum mismatch)"
    )
    assert isinstance(corrupt.value, meta.MetaError) and isinstance(corrupt.value, talos_kit.TalosKitError)
    with meta.open(meta_path, lenient=True) as m:
        assert m.copy_used == "neither"
        assert len(m) == 0
        m[0x0B] = "fresh"
    with meta.open(meta_path) as m:
        assert m.items() == [(0x0B, b"fresh")]


def test_meta_full(meta_path: Path) -> None:
    with meta.create(meta_path) as m:
        m[0x0C] = b"A" * 262096  # the area exactly full
        with pytest.raises(meta.MetaFullError, match=r"^META is full: 262113 bytes needed, 262104 available$"):
            m[0x0D] = b"x"
        with pytest.raises(meta.MetaFullError):
            m[0x0C] = b"A" * 262097
        assert len(m[0x0C]) == 262096
    raw = meta_path.read_bytes()
    assert raw[4:12] == bytes.fromhex("0000000c0003ffd0")
    assert raw[262108:262140].hex() == "eab5c898b7ef47a1f6a0dff7b1124ba227402788ec85e0a658af32be34d139c6"


def test_legacy_area_reads_and_deletes(legacy_partition: Path) -> None:
    with meta.open(legacy_partition) as m:
        assert m.items() == [(1, b"test me"), (6, b"add test")]
        assert m.area_of(1) == m.area_of(6) == "legacy"
        m[6] = "talos value"
        assert m.area_of(6) == "talos" and m[6] == b"talos value"
        assert m.delete(6)  # the Talos value goes; the legacy one shows again
        assert m[6] == b"add test" and m.area_of(6) == "legacy"
        assert m.delete(6) and 6 not in m
        assert m.delete(1)
        assert len(m) == 0
    area = legacy_partition.read_bytes()[-1024:]
    assert area == syslinux_area(SYSLINUX_EMPTY)


def test_legacy_delete_of_one_tag(legacy_partition: Path) -> None:
    """go-adv: DeleteTag 6 on [1 "test me", 6 "add test"] leaves the "test me" vector."""
    with meta.open(legacy_partition) as m:
        del m[6]
    assert legacy_partition.read_bytes()[-1024:] == syslinux_area(SYSLINUX_TEST_ME)


def test_disk_image_layouts(tmp_path: Path) -> None:
    disk = tmp_path / "disk.raw"
    gpt_disk(disk, 4 * MIB, [("EFI", 34, 2047), ("META", 2048, 4095), ("STATE", 4096, 8158)])
    with meta.open(disk, layout="disk") as m:
        assert m.region == (MIB, MIB)
        m[0x0B] = "on a disk"
    raw = disk.read_bytes()
    assert raw[MIB : MIB + 4] == bytes.fromhex("5a4b3c2d")
    assert raw[:MIB].count(0) > MIB - 1024  # nothing written outside the partition's region
    with meta.open(disk) as m:  # auto: not 1 MiB, no ADV magic at 0 → GPT
        assert m.region == (MIB, MIB)
        assert m[0x0B] == b"on a disk"


def test_no_meta_partition(tmp_path: Path) -> None:
    disk = tmp_path / "disk.raw"
    gpt_disk(disk, 4 * MIB, [("META", 2048, 3071), ("STATE", 4096, 8158)])  # META of 512 KiB
    with pytest.raises(meta.NoMetaPartitionError) as missing:
        meta.open(disk)
    assert str(missing.value) == f"no META partition (label META, 1 MiB) in the GPT of {disk}"
    with pytest.raises(meta.MetaError, match="reading the GPT of"):
        (tmp_path / "blank.raw").write_bytes(bytes(2 * MIB))
        meta.open(tmp_path / "blank.raw", layout="disk")


def test_too_small_partition(tmp_path: Path) -> None:
    small = tmp_path / "small.img"
    small.write_bytes(bytes(4096))
    with pytest.raises(meta.MetaError, match="^META area is 4096 bytes; at least 525312 bytes are needed$") as e:
        meta.open(small, layout="partition")
    assert type(e.value) is meta.MetaError


def test_layout_is_checked(meta_path: Path) -> None:
    meta.create(meta_path).close()
    with pytest.raises(ValueError, match="layout must be 'auto', 'partition' or 'disk', not \"gpt\""):
        meta.open(meta_path, layout="gpt")  # type: ignore[arg-type]


def test_io_errors_are_oserrors(meta_path: Path, tmp_path: Path) -> None:
    with pytest.raises(meta.MetaIOError) as missing:
        meta.open(tmp_path / "nope.img")
    assert isinstance(missing.value, OSError) and isinstance(missing.value, talos_kit.MetaError)
    assert missing.value.errno == errno.ENOENT
    assert missing.value.filename == str(tmp_path / "nope.img")
    assert missing.value.strerror == os.strerror(errno.ENOENT)
    assert str(missing.value) == f"opening {tmp_path / 'nope.img'}: No such file or directory (os error 2)"

    meta.create(meta_path).close()
    with pytest.raises(meta.MetaIOError) as exists:
        meta.create(meta_path)
    assert exists.value.errno == errno.EEXIST
    assert str(exists.value) == f"{meta_path} already exists"

    with pytest.raises(meta.MetaIOError) as no_dir:
        meta.create(tmp_path / "missing-dir" / "meta.img")
    assert no_dir.value.errno == errno.ENOENT
