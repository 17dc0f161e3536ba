#!/usr/bin/env bash
# Builds libtalos_kit, writes its pkg-config file, and runs the C test suite against the
# static library under AddressSanitizer and against the shared library under valgrind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$here/build"
mkdir -p "$build"
# The Talos conformance corpus beside the repository; test_config reads a file from it.
export TALOS_CORPUS="${TALOS_CORPUS:-$(cd "$root/.." && pwd)/shared/corpus/talos-v1.14.0-rc.1}"

# The CLI (for the example below) in the same build: one feature resolution for both, which
# the conformance runner and the Python extension share later, so nothing is rebuilt.
cargo build --quiet --release --locked -p talos-ffi -p talos-kit --manifest-path "$root/Cargo.toml"
libdir="$root/target/release"
"$here/write-pkg-config.sh" "$libdir" "$build/pkgconfig"
export PKG_CONFIG_PATH="$build/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

cflags="-std=c11 -Wall -Wextra -Werror -g $(pkg-config --cflags talos-kit)"
# Every tests/test_*.c is one program, built twice.
tests=()
for source in "$here"/tests/test_*.c; do
    name=$(basename "$source" .c)
    tests+=("$name")
    # shellcheck disable=SC2086
    gcc $cflags -fsanitize=address,undefined -fno-omit-frame-pointer \
        "$source" -o "$build/${name}_static_asan" \
        $(pkg-config --libs --static talos-kit | sed 's/-ltalos_kit/-l:libtalos_kit.a/')
    # shellcheck disable=SC2086
    gcc $cflags "$source" -o "$build/${name}_shared" $(pkg-config --libs talos-kit)
done
# shellcheck disable=SC2086
gcc $cflags "$here/example.c" -o "$build/meta_list" $(pkg-config --libs talos-kit)

echo "-- static library, AddressSanitizer + UBSan"
for name in "${tests[@]}"; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "$build/${name}_static_asan"
done

echo "-- shared library, valgrind"
for name in "${tests[@]}"; do
    valgrind --quiet --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite "$build/${name}_shared"
done

echo "-- example program"
image="$build/example-meta.img"
rm -f "$image"
"$libdir/talos-kit" meta create "$image" >/dev/null
"$libdir/talos-kit" meta set "$image" 0x0b example
test "$("$build/meta_list" "$image")" = "0x0b  7 bytes"
echo "meta_list: ok"
