#!/usr/bin/env bash
# write-pkg-config.sh LIBDIR OUTDIR: writes OUTDIR/talos-kit.pc for a library built in LIBDIR,
# so C and Go (cgo `#cgo pkg-config: talos-kit`) builds can find the header and library.
set -euo pipefail
libdir=$(cd "$1" && pwd)
mkdir -p "$2"
includedir=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$includedir/../../Cargo.toml" | head -n 1)
cat >"$2/talos-kit.pc" <<PC
libdir=$libdir
includedir=$includedir

Name: talos-kit
Description: Talos Linux data formats (META, discovery, ...) as a C library
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -ltalos_kit -Wl,-rpath,\${libdir}
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
PC
