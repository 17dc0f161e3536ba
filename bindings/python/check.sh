#!/usr/bin/env bash
# Builds, installs and checks the Python package talos-kit (bindings/python):
# rustfmt, clippy, `pip install ./bindings/python` into a venv, mypy's stubtest of the
# native module, mypy --strict of the Python code, pytest, and a smoke run of the bench.
#   PYTHON   interpreter for the venv (default python3; 3.9 or later)
# The venv lives in bindings/python/.venv and is reused. Cold run on 2 cores: about 2-3
# minutes, most of it the release build of the extension; warm: well under a minute.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
manifest="$here/Cargo.toml"
# The root workspace's target directory: the extension's dependencies are the workspace's,
# built with the same profiles, so nothing is compiled twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd "$here/../.." && pwd)/target}"
venv="$here/.venv"
started=$SECONDS

step() { printf '\n== python: %s\n' "$1"; }

step "venv and tools"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.16,<2" "pytest>=8" "mypy>=1.13"
"$py" --version

step "cargo fmt --check"
cargo fmt --manifest-path "$manifest" -- --check

step "cargo clippy (-D warnings)"
cargo clippy --manifest-path "$manifest" --all-targets --locked -- -D warnings

step "pip install ./bindings/python"
# A module left here by `maturin develop` would shadow nothing (tests import the installed
# package) but would be packed into the wheel; remove it.
rm -f "$here"/python/talos_kit/*.so
(cd "$here/../.." && "$py" -m pip install --quiet --disable-pip-version-check \
    --force-reinstall --no-deps ./bindings/python)
"$py" -m pip show --files talos-kit | grep -E '^(Name|Version)|talos_kit/(_native|py\.typed)'

step "stubtest talos_kit._native"
# Run outside the source tree so the installed package is the one checked.
(cd "$venv" && "$py" -m mypy.stubtest talos_kit._native)

step "mypy --strict (package, tests, bench)"
"$py" -m mypy python/talos_kit tests bench

step "pytest"
"$py" -m pytest -q tests

step "examples/python"
"$py" "$here/../../examples/python/meta_network.py" >/dev/null

step "bench smoke run"
"$py" bench/bench_ffi.py --iterations 2000 --runs 1

printf '\npython checks took %ds\n' $((SECONDS - started))
