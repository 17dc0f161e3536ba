"""Write a metal network config into a META partition image and read it back.

    python examples/python/meta_network.py [IMAGE]

Needs the talos-kit package (`pip install ./bindings/python`). Without IMAGE a temporary
partition file is used.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from talos_kit import meta

NETWORK = """\
addresses:
    - address: 10.20.0.11/24
      linkName: eth0
      family: inet4
      scope: global
      flags: permanent
      layer: platform
links:
    - name: eth0
      logical: false
      up: true
      mtu: 0
      kind: ""
      type: ether
      layer: platform
"""


def main(image: Path) -> None:
    # Check the document parses the way Talos will parse it before storing it.
    config = meta.parse_network_config(NETWORK, strict=True)
    print("links:", [link["name"] for link in config["links"]])

    if not image.exists():
        meta.create(image).close()
    with meta.open(image) as partition:  # flushed when the block ends without an error
        partition["MetalNetworkPlatformConfig"] = NETWORK

    with meta.open(image, read_only=True) as partition:
        for key in partition.keys():
            print(f"0x{key:02x} {meta.WELL_KNOWN_KEYS.get(key, '-')}: {len(partition[key])} bytes")

    print(meta.kernel_arg([(0x0A, NETWORK)]))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(Path(tmp) / "meta.img")
