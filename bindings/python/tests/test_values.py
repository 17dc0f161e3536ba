"""Keys and the INSTALLER_META_BASE64 values encoding (meta.md §3, §4)."""

from __future__ import annotations

import base64
import gzip as gzip_module
import hashlib

import pytest

import talos_kit
from talos_kit import meta

SPEC_VECTORS = [
    ([(0xA, b"foo"), (0xB, b"bar")], "MHhhPWZvbzsweGI9YmFy"),
    ([(0xA, b"foo")], "MHhhPWZvbw=="),
    ([(0xC, b"")], "MHhjPQ=="),
    ([(0x6, b"1.2.3")], "MHg2PTEuMi4z"),
    ([(0xA, b"foo"), (0x14, b"bar")], "MHhhPWZvbzsweDE0PWJhcg=="),
    ([], ""),
]

HUGE = [(10, b"foobar" * 256), (0xB, b"baz" * 256)]
GO_HUGE = "H4sIAAAAAAAC/zKoSLRNy89PSiwaJUfJUXKUHCVHGmltUJFkm5RYNYpG0YhFgAAAAP//YXrxKgkJAAA="


@pytest.mark.parametrize(("values", "encoded"), SPEC_VECTORS)
def test_spec_vectors(values: list[tuple[int, bytes]], encoded: str) -> None:
    assert meta.encode_values(values) == encoded
    assert meta.encode_values(values, gzip=False) == encoded
    assert meta.decode_values(encoded) == values


def test_inputs_accepted_by_encode() -> None:
    mixed: dict[meta.KeyLike, meta.ValueLike] = {0xA: "foo", "0xb": b"bar"}
    assert meta.encode_values(mixed) == "MHhhPWZvbzsweGI9YmFy"
    pairs: list[tuple[meta.KeyLike, meta.ValueLike]] = [("10", bytearray(b"foo")), ("DownloadURLCode", "bar")]
    assert meta.encode_values(iter(pairs)) == "MHhhPWZvbzsweGI9YmFy"
    assert meta.encode_values([(meta.Key.UPGRADE, "1.2.3")]) == "MHg2PTEuMi4z"
    assert meta.decode_values(meta.encode_values([(0x20, "grüße")])) == [(0x20, "grüße".encode())]
    for bad in ("0xa=foo", b"0xa=foo"):
        with pytest.raises(TypeError, match="pairs or a mapping"):
            meta.encode_values(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^values must be \(key, value\) pairs, not \(1, 2, 3\)$"):
        meta.encode_values([(1, 2, 3)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="values must be bytes or str, not int"):
        meta.encode_values([(1, 2)])  # type: ignore[list-item]
    with pytest.raises(meta.InvalidKeyError):
        meta.encode_values([(256, "x")])


def test_huge_vector_and_gzip() -> None:
    text = b";".join(b"0x%x=%s" % (k, v) for k, v in HUGE)
    assert len(text) == 2313
    assert hashlib.sha256(text).hexdigest() == "ef1988cbbd5c74c33ddbd2f5788364dcf9d90873367e869ad0f0d3fb786b66cd"
    plain = meta.encode_values(HUGE, gzip=False)
    assert len(plain) == 3084
    assert base64.b64decode(plain) == text
    compressed = meta.encode_values(HUGE)
    assert compressed.startswith("H4sI")
    assert gzip_module.decompress(base64.b64decode(compressed)) == text
    assert meta.decode_values(compressed) == HUGE
    assert meta.decode_values(GO_HUGE) == HUGE  # Go's compressor output decodes too
    python_gzip = base64.b64encode(gzip_module.compress(text, 9)).decode()
    assert meta.decode_values(python_gzip) == HUGE


def test_gzip_threshold() -> None:
    at = [(0xC, b"x" * 252)]  # 256 bytes of text: not compressed
    over = [(0xC, b"x" * 253)]  # 257 bytes: compressed
    assert meta.GZIP_THRESHOLD == 256
    assert len(meta.encode_values(at)) == 344 and meta.encode_values(at).startswith("MHhjPXh4")
    assert meta.encode_values(over).startswith("H4sI")
    assert meta.encode_values(over, gzip=False).startswith("MHhjPXh4")
    assert meta.decode_values("H4sIAAAAAAAC/zKoSLatGMkAEAAA//+5T64YAQEAAA==") == over


def test_decode_is_as_lenient_as_go() -> None:
    assert meta.decode_values("MHhh\r\nPWZvbw=\n=") == [(0xA, b"foo")]
    assert meta.decode_values("MHhhPWZvbx==") == [(0xA, b"foo")]
    assert meta.decode_values(base64.b64encode(b"10=a=b").decode()) == [(10, b"a=b")]


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("MHhhPWZvbzs=", 'invalid value ""'),  # "0xa=foo;"
        (base64.b64encode(b"256=x").decode(), 'invalid key "256"'),
        (base64.b64encode(b'\xff\x01"=').decode(), r'invalid key "\xff\x01\""'),
    ],
)
def test_decode_errors_have_go_text(encoded: str, message: str) -> None:
    with pytest.raises(meta.ValuesEncodingError) as error:
        meta.decode_values(encoded)
    assert str(error.value) == message


def test_bad_base64_and_gzip() -> None:
    for bad in ("!!!", "MHhhPWZvbw", " MHhhPWZvbw=="):
        with pytest.raises(meta.ValuesEncodingError, match="^illegal base64 data: "):
            meta.decode_values(bad)
    corrupt = base64.b64encode(bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 0xFF]) + b"garbage!").decode()
    with pytest.raises(meta.ValuesEncodingError, match="^gzip: "):
        meta.decode_values(corrupt)
    error = pytest.raises(ValueError, meta.decode_values, "!!!").value
    assert isinstance(error, talos_kit.TalosKitError)


def test_separator_in_value_is_refused() -> None:
    with pytest.raises(
        meta.ValuesEncodingError,
        match="^value of key 0x1 contains ';', which the META values encoding cannot carry$",
    ):
        meta.encode_values([(1, "a;b")])


def test_kernel_cmdline_round_trip() -> None:
    values = [(0xA, b"foo"), (0x0C, b"{}")]
    arg = meta.kernel_arg(values)
    assert arg == "talos.environment=INSTALLER_META_BASE64=" + meta.encode_values(values)
    assert meta.kernel_arg({0xA: "foo"}, gzip=False) == "talos.environment=INSTALLER_META_BASE64=MHhhPWZvbw=="
    cmdline = f"quiet {arg} talos.environment=OTHER=1 {arg}"
    assert meta.values_from_kernel_cmdline(cmdline) == values + values
    assert meta.values_from_kernel_cmdline("console=ttyS0") == []
    with pytest.raises(meta.ValuesEncodingError):
        meta.values_from_kernel_cmdline("talos.environment=INSTALLER_META_BASE64=!!!")


@pytest.mark.parametrize(("version", "supported"), [("1.6.3", True), ("v1.6.3", True), ("1.7.0", True), ("", True), ("v1.6.2", False), ("v1.5.0-beta.1", False)])
def test_gzip_supported(version: str, supported: bool) -> None:
    assert meta.gzip_supported(version) is supported


@pytest.mark.parametrize(
    ("text", "key"),
    [("10", 10), ("0xa", 10), ("0XA", 10), ("0o17", 15), ("0b101", 5), ("010", 8), ("0", 0), ("1_0", 10), ("255", 255),
     ("upgrade", 6), ("MetalNetworkPlatformConfig", 0x0A), ("DISKIMAGEBOOTLOADER", 0x11)],
)
def test_parse_key(text: str, key: int) -> None:
    assert meta.parse_key(text) == key


@pytest.mark.parametrize("text", ["256", "0x100", "08", "_10", "1__0", "0x", "+1", "-1", " 1", "", "nope"])
def test_parse_key_errors(text: str) -> None:
    with pytest.raises(meta.InvalidKeyError) as error:
        meta.parse_key(text)
    assert str(error.value) == f'invalid META key "{text}": keys are 0x01..0xff'
    assert isinstance(error.value, ValueError)


def test_parse_key_wants_str() -> None:
    with pytest.raises(TypeError):
        meta.parse_key(10)  # type: ignore[arg-type]


def test_well_known_keys() -> None:
    assert meta.WELL_KNOWN_KEYS[0x0A] == "MetalNetworkPlatformConfig"
    assert list(meta.WELL_KNOWN_KEYS) == list(range(1, 0x12))
    assert [k.value for k in meta.Key] == list(meta.WELL_KNOWN_KEYS)
    for known in meta.WELL_KNOWN:
        assert meta.parse_key(known.name) == known.key
        # The enum member names are Talos' names in SCREAMING_SNAKE_CASE.
        assert meta.Key(known.key).name.replace("_", "") == known.name.upper()
    described = meta.describe_key("upgrade")
    assert described == meta.WellKnownKey(6, "Upgrade", "boot entry to revert to if an upgrade fails")
    assert meta.describe_key(0x0B) == meta.WELL_KNOWN[0x0A]
    assert meta.describe_key(0x42) is None
