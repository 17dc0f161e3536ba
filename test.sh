#!/usr/bin/env bash
# Every test talos-kit has: formatting, lints, unit/integration/doc tests, the C, Go and
# Python bindings, the differential comparison with the Go reference oracle, and each fuzz
# target for a short bounded time.
#   FUZZ_SECONDS   seconds per fuzz target (default 15; 0 skips fuzzing)
#   PRUNE_BUILDS   1 deletes each build directory once no later step needs it, for machines
#                  short of disk (CI sets it; a full build with debug info is tens of GB)
set -euo pipefail
cd "$(dirname "$0")"
fuzz_seconds=${FUZZ_SECONDS:-15}
passed=0
current=""

step() {
    current=$1
    printf '\n== %s (at %dm%02ds)\n' "$current" $((SECONDS / 60)) $((SECONDS % 60))
}
ok() { passed=$((passed + 1)); }
prune() {
    [ "${PRUNE_BUILDS:-0}" = 1 ] || return 0
    local dir
    for dir; do
        [ -e "$dir" ] || continue
        echo "(pruned $dir: $(du -sh "$dir" | cut -f1))"
        rm -rf "$dir"
    done
}
loop=""
trap 'status=$?; [ -z "$loop" ] || losetup -d "$loop"; if [ $status -ne 0 ]; then printf "\nFAILED at: %s\nchecks: %d passed, 1 failed\n" "$current" "$passed"; fi' EXIT

step "cargo fmt --check"
cargo fmt --all -- --check
ok

step "cargo clippy (all targets, -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings
ok

step "oracle: gofmt and go vet"
(cd conformance/oracle && test -z "$(gofmt -l .)" && go vet ./...)
ok

step "cargo test (unit, integration, doc)"
cargo test --workspace --locked
ok

step "CLI on a real block device (loop device)"
loop_image=$(mktemp)
truncate -s 1M "$loop_image"
if loop=$(losetup -f --show "$loop_image" 2>/dev/null) && [ -n "$loop" ]; then
    kit=target/debug/talos-kit
    "$kit" meta set "$loop" 0x0b block-device-value
    test "$("$kit" meta get "$loop" 0x0b)" = block-device-value
    losetup -d "$loop"
    loop=""
    test "$("$kit" meta get "$loop_image" 0x0b)" = block-device-value
    ok
else
    echo "not run: no loop device can be attached here (needs root and /dev/loop-control)"
fi
rm -f "$loop_image"

# Every later step builds in release (or, for fuzzing, its own directory).
prune target/debug

step "C ABI: C tests under ASan and valgrind"
bindings/c/check.sh
ok

step "Go binding (cgo)"
(
    cd bindings/go
    export PKG_CONFIG_PATH="$PWD/../c/build/pkgconfig"
    test -z "$(gofmt -l .)"
    go vet ./...
    go test -count=1 ./...
)
ok

step "Python package"
bindings/python/check.sh
ok

step "differential comparison with the Go oracle"
conformance/run all
ok

if [ "$fuzz_seconds" -gt 0 ]; then
    prune target/debug target/release
    for fuzz_dir in */fuzz; do
        crate=${fuzz_dir%/fuzz}
        step "fuzz $crate (${fuzz_seconds}s per target)"
        (
            # One target directory for every fuzz crate: their common dependencies are
            # built with the sanitizer flags once.
            fuzz_target_dir="$PWD/target/fuzz"
            # A short smoke run gains little from opt-level 3; level 1 compiles the
            # sanitizer-instrumented crates in about two thirds of the time.
            export CARGO_PROFILE_RELEASE_OPT_LEVEL=${CARGO_PROFILE_RELEASE_OPT_LEVEL:-1}
            cd "$crate"
            RUSTC_BOOTSTRAP=1 cargo fuzz build --fuzz-dir fuzz --target-dir "$fuzz_target_dir"
            for target in $(cargo fuzz list --fuzz-dir fuzz); do
                log=$(mktemp)
                if ! RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz --target-dir "$fuzz_target_dir" "$target" -- \
                    -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
                    tail -n 60 "$log"
                    echo "fuzz target $target failed"
                    exit 1
                fi
                echo "-- $target: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$log" || tail -n 1 "$log")"
                rm -f "$log"
            done
        )
        ok
    done
fi

printf '\nchecks: %d passed, 0 failed\n' "$passed"
