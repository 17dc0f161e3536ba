"""Shared helpers: spec vectors and disk images built byte by byte."""

from __future__ import annotations

import hashlib
import os
import struct
import uuid
import zlib
from pathlib import Path

import pytest

MIB = 1024 * 1024
COPY_LEN = 256 * 1024
LINUX_DATA = uuid.UUID("0FC63DAF-8483-4772-8E79-3D69D8477DE4")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gpt_disk(path: Path, size: int, partitions: list[tuple[str, int, int]]) -> None:
    """Writes a disk image of ``size`` bytes with a protective MBR, both GPT headers and
    the given ``(label, first_lba, last_lba)`` partitions (512-byte sectors)."""
    sectors = size // 512
    last = sectors - 1
    disk = bytearray(size)
    # Protective MBR.
    entry = struct.pack("<B3sB3sII", 0, b"\x00\x02\x00", 0xEE, b"\xff\xff\xff", 1, min(last, 0xFFFFFFFF))
    disk[446 : 446 + 16] = entry
    disk[510:512] = b"\x55\xaa"
    entries = bytearray(128 * 128)
    for i, (label, first, end) in enumerate(partitions):
        name = label.encode("utf-16-le").ljust(72, b"\x00")
        entries[i * 128 : (i + 1) * 128] = (
            LINUX_DATA.bytes_le + uuid.uuid4().bytes_le + struct.pack("<QQQ", first, end, 0) + name
        )
    entries_crc = zlib.crc32(entries)
    disk_guid = uuid.uuid4().bytes_le

    def header(current: int, backup: int, entries_lba: int) -> bytes:
        fields = struct.pack(
            "<8sIIIIQQQQ16sQIII",
            b"EFI PART", 0x00010000, 92, 0, 0, current, backup, 34, last - 33,
            disk_guid, entries_lba, 128, 128, entries_crc,
        )
        crc = zlib.crc32(fields)
        return fields[:16] + struct.pack("<I", crc) + fields[20:]

    disk[512 : 512 + 92] = header(1, last, 2)
    disk[1024 : 1024 + len(entries)] = entries
    backup_entries = (last - 32) * 512
    disk[backup_entries : backup_entries + len(entries)] = entries
    disk[last * 512 : last * 512 + 92] = header(last, 1, last - 32)
    path.write_bytes(bytes(disk))


def syslinux_area(copy: bytes) -> bytes:
    """The 1 KiB legacy area: one 512-byte copy (given by its non-zero prefix) twice."""
    full = copy.ljust(508, b"\x00") + bytes.fromhex("64bf28dd")
    return full + full


# go-adv syslinux_test.go vectors (non-zero prefix of one copy).
SYSLINUX_EMPTY = bytes.fromhex("a52f2d5a671704a3")
SYSLINUX_TEST_ME = bytes.fromhex("a52f2d5a8e9b6fd0") + b"\x01\x07test me"
SYSLINUX_TEST_ME_ADD_TEST = bytes.fromhex("a52f2d5ac5bdd2fa") + b"\x01\x07test me" + b"\x06\x08add test"


CORPUS = Path(
    os.environ.get("TALOS_CORPUS")
    or Path(__file__).resolve().parents[4] / "shared" / "corpus" / "talos-v1.14.0-rc.1"
)
"""The Talos conformance corpus beside the repository (or ``$TALOS_CORPUS``)."""


@pytest.fixture
def meta_path(tmp_path: Path) -> Path:
    """Where a test may create a META partition file."""
    return tmp_path / "meta.img"


@pytest.fixture
def legacy_partition(tmp_path: Path) -> Path:
    """A zeroed 1 MiB partition whose legacy area holds 1="test me" and 6="add test"."""
    path = tmp_path / "legacy.img"
    path.write_bytes(bytes(MIB - 1024) + syslinux_area(SYSLINUX_TEST_ME_ADD_TEST))
    return path
