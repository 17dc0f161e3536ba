"""Cost of calling talos-kit from Python, for `benches/compare ffi`.

Prints one JSON object: nanoseconds per call, best of several runs, with the cost of the
empty timing loop subtracted:

- ``parse_key_ns``: ``talos_kit.meta.parse_key("0x0a")`` (the native function itself).
- ``meta_get_ns``: ``MetaFile.get(0x0a)`` on an open META partition file whose key 0x0a
  holds ``b"foo"`` (meta.md §4.2), returning a new ``bytes`` object.

Compare with the direct Rust calls ``talos_meta::keys::parse_key("0x0a")`` and
``Meta::get(0x0a)`` to get the overhead of the Python binding. Build the package in
release mode first (``pip install ./bindings/python`` does).

    python bindings/python/bench/bench_ffi.py [--iterations N] [--runs N] [--verbose] [--image IMG]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter_ns
from typing import Any

from talos_kit import meta


def best_ns_per_call(call: Callable[[Any], object], arg: Any, iterations: int, runs: int) -> float:
    """The fastest of ``runs`` timings of ``iterations`` calls, per call."""
    loop = range(iterations)
    best = None
    for _ in range(runs):
        start = perf_counter_ns()
        for _ in loop:
            call(arg)
        elapsed = perf_counter_ns() - start
        best = elapsed if best is None else min(best, elapsed)
    assert best is not None
    return best / iterations


def empty_loop_ns(iterations: int, runs: int) -> float:
    """Per-iteration cost of the timing loop with no call in it."""
    loop = range(iterations)
    best = None
    for _ in range(runs):
        start = perf_counter_ns()
        for _ in loop:
            pass
        elapsed = perf_counter_ns() - start
        best = elapsed if best is None else min(best, elapsed)
    assert best is not None
    return best / iterations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200_000, help="calls per run")
    parser.add_argument("--runs", type=int, default=7, help="runs; the fastest counts")
    parser.add_argument("--verbose", action="store_true", help="details on stderr")
    parser.add_argument(
        "--image",
        type=Path,
        help="time get(0x0a) on this META image instead of one holding b'foo'",
    )
    args = parser.parse_args()

    assert meta.parse_key("0x0a") == 0x0A
    loop_ns = empty_loop_ns(args.iterations, args.runs)
    parse_key_ns = best_ns_per_call(meta.parse_key, "0x0a", args.iterations, args.runs)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.image
        if path is None:
            path = Path(tmp) / "meta.img"
            with meta.create(path) as m:
                m[0x0A] = b"foo"
        with meta.open(path, read_only=True) as m:
            assert m.get(0x0A) is not None
            meta_get_ns = best_ns_per_call(m.get, 0x0A, args.iterations, args.runs)

    result = {
        "parse_key_ns": round(max(parse_key_ns - loop_ns, 0.0), 1),
        "meta_get_ns": round(max(meta_get_ns - loop_ns, 0.0), 1),
    }
    if args.verbose:
        print(
            f"python {sys.version.split()[0]}; {args.iterations} calls x {args.runs} runs; "
            f"empty loop {loop_ns:.1f} ns/iteration (subtracted); "
            f"raw: parse_key {parse_key_ns:.1f} ns, meta_get {meta_get_ns:.1f} ns",
            file=sys.stderr,
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
