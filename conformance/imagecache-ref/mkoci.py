#!/usr/bin/env python3
"""Writes a small OCI image layout for exercising the image cache reference.

    mkoci.py DIR

DIR/index.json names three images (org.opencontainers.image.ref.name):
  multi   an image index: linux/amd64, linux/arm64 and a buildkit-style attestation
          manifest (platform unknown/unknown)
  single  one OCI image manifest, no index
  sig     a cosign-style signature image (simplesigning layer, annotations)
Every layer is a gzip tar holding one small file, so the images differ per platform.
Output is deterministic (fixed mtimes, gzip mtime 0). Prints a JSON summary on stdout.
"""

import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def main(out):
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)

    def put(data, media_type, **extra):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, digest), "wb") as f:
            f.write(data)
        desc = {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}
        desc.update(extra)
        return desc

    def dumps(obj):
        return json.dumps(obj, separators=(",", ":"), sort_keys=False).encode()

    def layer(name, text):
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1700000000, 0o644
            tar.addfile(info, io.BytesIO(data))
        diff_id = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
        return gzip.compress(raw.getvalue(), mtime=0), diff_id

    def image(os_, arch, text, layer_type=OCI_LAYER, config_type=OCI_CONFIG, annotations=None):
        blob, diff_id = layer("hello.txt", text)
        layer_desc = put(blob, layer_type)
        config = {"architecture": arch, "os": os_, "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                  "config": {"Cmd": ["/hello.txt"]}}
        manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                    "config": put(dumps(config), config_type), "layers": [layer_desc]}
        if annotations:
            manifest["annotations"] = annotations
        return dumps(manifest)

    amd64 = put(image("linux", "amd64", "hello amd64\n"), OCI_MANIFEST,
                platform={"architecture": "amd64", "os": "linux"})
    arm64 = put(image("linux", "arm64", "hello arm64\n"), OCI_MANIFEST,
                platform={"architecture": "arm64", "os": "linux", "variant": "v8"})
    attest = put(image("unknown", "unknown", '{"_type":"https://in-toto.io/Statement/v0.1"}\n'),
                 OCI_MANIFEST, platform={"architecture": "unknown", "os": "unknown"},
                 annotations={"vnd.docker.reference.digest": amd64["digest"],
                              "vnd.docker.reference.type": "attestation-manifest"})
    index = dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [amd64, arm64, attest]})
    multi = put(index, OCI_INDEX, annotations={"org.opencontainers.image.ref.name": "multi"})

    single = put(image("linux", "amd64", "single\n"), OCI_MANIFEST,
                 annotations={"org.opencontainers.image.ref.name": "single"})

    sig_payload = dumps({"critical": {"identity": {"docker-reference": "example/single"},
                                      "image": {"docker-manifest-digest": single["digest"]},
                                      "type": "cosign container image signature"}, "optional": None})
    sig_layer = put(sig_payload, "application/vnd.dev.cosign.simplesigning.v1+json",
                    annotations={"dev.cosignproject.cosign/signature": "MEUCIQ-not-a-real-signature"})
    sig_config = {"architecture": "", "os": "", "rootfs": {"type": "layers",
                  "diff_ids": [sig_layer["digest"]]}, "config": {}}
    sig_manifest = dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                          "config": put(dumps(sig_config), OCI_CONFIG), "layers": [sig_layer]})
    sig = put(sig_manifest, OCI_MANIFEST, annotations={"org.opencontainers.image.ref.name": "sig"})

    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(out, "index.json"), "wb") as f:
        f.write(dumps({"schemaVersion": 2, "manifests": [multi, single, sig]}))

    json.dump({"multi": multi["digest"], "amd64": amd64["digest"], "arm64": arm64["digest"],
               "attestation": attest["digest"], "single": single["digest"], "sig": sig["digest"]},
              sys.stdout)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
