//! The readers of untrusted cache input: manifest bytes (Manifest::parse and registryd's
//! media type rule), an OCI layout's index.json, and the OCI wrapper's layer (a tar, given
//! valid digests so extraction itself is reached). Never a panic; unpack either succeeds
//! with everything inside the destination or leaves no destination behind.
#![no_main]

use std::fs;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use talos_imagecache::manifest::{Manifest, served_media_type};
use talos_imagecache::pack::unpack;
use talos_imagecache::{Digest, OciLayoutSource};

fuzz_target!(|data: &[u8]| {
    let _ = Manifest::parse(data);
    let _ = served_media_type(data);

    let dir = tempfile::tempdir().expect("temp dir");
    let layout = dir.path().join("layout");
    fs::create_dir_all(layout.join("blobs/sha256")).expect("layout dir");
    fs::write(layout.join("index.json"), data).expect("index.json");
    let _ = OciLayoutSource::new().add_layout(&layout);

    // The same bytes as the wrapper's layer: raw (a tar) and gzipped.
    for gzip in [false, true] {
        let layer = if gzip { gzipped(data) } else { data.to_vec() };
        write_wrapper(&layout, &layer);
        let out = dir.path().join(if gzip { "out-gz" } else { "out" });
        match unpack(&layout, "amd64", &out) {
            Ok(_) => assert!(inside(&out, &out)),
            Err(_) => assert!(!out.exists()),
        }
        let leftovers = fs::read_dir(dir.path()).expect("read").filter_map(Result::ok);
        for entry in leftovers {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with(".out"), "staging directory left behind: {name}");
        }
    }
});

fn gzipped(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).expect("gzip");
    encoder.finish().expect("gzip")
}

/// An OCI layout whose one image has `layer` as its only layer, with correct digests.
fn write_wrapper(layout: &Path, layer: &[u8]) {
    let blobs = layout.join("blobs/sha256");
    let put = |bytes: &[u8]| {
        let digest = Digest::of(bytes);
        fs::write(blobs.join(digest.hex()), bytes).expect("blob");
        digest
    };
    let config = br#"{"rootfs":{"type":"layers","diff_ids":[]}}"#;
    let config_digest = put(config);
    let layer_digest = put(layer);
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config_digest}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{layer_digest}","size":{}}}]}}"#,
        config.len(),
        layer.len()
    );
    let manifest_digest = put(manifest.as_bytes());
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{manifest_digest}","size":{},"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
        manifest.len()
    );
    fs::write(layout.join("index.json"), index).expect("index.json");
}

/// Every entry under `dir` is a plain directory or file whose canonical path is under `root`.
fn inside(dir: &Path, root: &Path) -> bool {
    let root = fs::canonicalize(root).expect("root");
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("read_dir").filter_map(Result::ok) {
            let meta = fs::symlink_metadata(entry.path()).expect("metadata");
            if meta.file_type().is_symlink() {
                return false;
            }
            if !fs::canonicalize(entry.path()).expect("canonical").starts_with(&root) {
                return false;
            }
            if meta.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    true
}
