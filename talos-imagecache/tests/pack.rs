//! Packing a flat cache into the imager's OCI wrapper and unpacking it again.

use std::fs;
use std::io::Write;
use std::path::Path;

use talos_imagecache::pack::{PackError, PackOptions, pack, unpack};
use talos_imagecache::sample::{SampleImage, write_layout};
use talos_imagecache::{CreateOptions, Digest, ImageRef, OciLayoutSource, create, verify};

fn cache(dir: &Path) {
    let src = tempfile::tempdir().unwrap();
    write_layout(
        src.path(),
        &[
            SampleImage::small("ghcr.io/acme/app:v1", 1),
            SampleImage::small("registry.k8s.io:443/pause:3.10", 2),
        ],
    )
    .unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();
    let images: Vec<ImageRef> = ["ghcr.io/acme/app:v1", "registry.k8s.io:443/pause:3.10"]
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    create(&source, dir, &images, &CreateOptions::default(), &|_| {}).unwrap();
}

fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.push((name + "/", Vec::new()));
                stack.push(path);
            } else {
                out.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn pack_lists_every_architecture_and_unpack_restores_the_tree() {
    let work = tempfile::tempdir().unwrap();
    let flat = work.path().join("flat");
    cache(&flat);
    let wrapped = work.path().join("oci");
    let report = pack(&flat, &wrapped, &PackOptions::default()).unwrap();
    assert!(report.files >= 6 && report.directories >= 10, "{report:?}");

    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(wrapped.join("index.json")).unwrap()).unwrap();
    let entries = index["manifests"].as_array().unwrap();
    let arches: Vec<&str> = entries
        .iter()
        .map(|e| e["platform"]["architecture"].as_str().unwrap())
        .collect();
    assert_eq!(arches, ["amd64", "arm64"]);
    assert!(
        entries
            .iter()
            .all(|e| e["digest"] == report.manifest.to_string() && e["platform"]["os"] == "linux")
    );
    assert_eq!(
        fs::read_to_string(wrapped.join("oci-layout")).unwrap(),
        r#"{"imageLayoutVersion": "1.0.0"}"#
    );
    // Every blob hashes to its name; nothing else is in blobs/.
    for entry in fs::read_dir(wrapped.join("blobs/sha256")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(Digest::of(&fs::read(&path).unwrap()).hex(), name);
    }

    // The layer: relative names, sorted, parents first, directories and files only.
    let layer = fs::File::open(wrapped.join("blobs/sha256").join(report.layer.hex())).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(layer));
    let names: Vec<String> = archive
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names[0], "blob");
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with('/') && !n.starts_with("./"))
    );

    // Reproducible without a creation time.
    let again = work.path().join("oci2");
    assert_eq!(
        pack(&flat, &again, &PackOptions::default())
            .unwrap()
            .manifest,
        report.manifest
    );

    let out = work.path().join("unpacked");
    let unpacked = unpack(&wrapped, "arm64", &out).unwrap();
    assert_eq!(unpacked.files, report.files);
    assert_eq!(tree(&out), tree(&flat));
    assert!(verify(&out, 2).unwrap().is_ok());

    assert!(matches!(
        unpack(&wrapped, "riscv64", &work.path().join("x")),
        Err(PackError::NoImage(_))
    ));
    assert!(matches!(
        unpack(&wrapped, "amd64", &out),
        Err(PackError::Exists(_))
    ));
    assert!(matches!(
        pack(&flat, &wrapped, &PackOptions::default()),
        Err(PackError::Exists(_))
    ));
}

#[test]
fn a_corrupt_layer_leaves_nothing_behind() {
    let work = tempfile::tempdir().unwrap();
    let flat = work.path().join("flat");
    cache(&flat);
    let wrapped = work.path().join("oci");
    let report = pack(&flat, &wrapped, &PackOptions::default()).unwrap();
    let layer = wrapped.join("blobs/sha256").join(report.layer.hex());
    let mut bytes = fs::read(&layer).unwrap();
    let last = bytes.len() - 12;
    bytes[last] ^= 0x40;
    fs::write(&layer, &bytes).unwrap();
    let out = work.path().join("unpacked");
    assert!(unpack(&wrapped, "amd64", &out).is_err());
    assert!(!out.exists());
    assert_eq!(
        fs::read_dir(work.path()).unwrap().count(),
        2,
        "no staging directory left"
    );
}

/// A wrapper whose layer holds `entries` (name, type) and is otherwise valid.
fn hostile_wrapper(dir: &Path, build: impl FnOnce(&mut tar::Builder<Vec<u8>>)) {
    let mut builder = tar::Builder::new(Vec::new());
    build(&mut builder);
    let tar = builder.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).unwrap();
    let gz = gz.finish().unwrap();
    let blobs = dir.join("blobs/sha256");
    fs::create_dir_all(&blobs).unwrap();
    let put = |bytes: &[u8]| {
        let digest = Digest::of(bytes);
        fs::write(blobs.join(digest.hex()), bytes).unwrap();
        digest
    };
    let config = format!(
        r#"{{"rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
        Digest::of(&tar)
    );
    let config_digest = put(config.as_bytes());
    let layer_digest = put(&gz);
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config_digest}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{layer_digest}","size":{}}}]}}"#,
        config.len(),
        gz.len()
    );
    let manifest_digest = put(manifest.as_bytes());
    fs::write(
        dir.join("index.json"),
        format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{manifest_digest}","size":{},"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
            manifest.len()
        ),
    )
    .unwrap();
}

#[test]
fn hostile_layers_are_refused() {
    type Build = Box<dyn FnOnce(&mut tar::Builder<Vec<u8>>)>;
    let file = |name: &'static str| -> Build {
        Box::new(move |b: &mut tar::Builder<Vec<u8>>| {
            let mut header = tar::Header::new_gnu();
            header.set_size(1);
            header.set_entry_type(tar::EntryType::Regular);
            // Bypass the builder's own path checks: write the raw name.
            header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            header.set_cksum();
            b.append(&header, &b"x"[..]).unwrap();
        })
    };
    let symlink: Build = Box::new(|b| {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        b.append_link(&mut header, "blob", "/etc").unwrap();
    });
    let twice: Build = Box::new(|b| {
        for _ in 0..2 {
            let mut header = tar::Header::new_gnu();
            header.set_size(1);
            b.append_data(&mut header, "blob/a", &b"x"[..]).unwrap();
        }
    });
    for (label, build) in [
        ("dotdot", file("../escape")),
        ("absolute", file("/tmp/escape")),
        ("symlink", symlink),
        ("twice", twice),
    ] {
        let work = tempfile::tempdir().unwrap();
        let wrapped = work.path().join("oci");
        hostile_wrapper(&wrapped, build);
        let out = work.path().join("out");
        let err = unpack(&wrapped, "amd64", &out).unwrap_err();
        assert!(
            matches!(err, PackError::UnsafeEntry { .. }),
            "{label}: {err}"
        );
        assert!(!out.exists(), "{label}");
        assert!(!work.path().parent().unwrap().join("escape").exists());
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_the_tree_are_not_packed() {
    let work = tempfile::tempdir().unwrap();
    let flat = work.path().join("flat");
    cache(&flat);
    std::os::unix::fs::symlink("/etc/passwd", flat.join("blob/link")).unwrap();
    let err = pack(&flat, &work.path().join("oci"), &PackOptions::default()).unwrap_err();
    assert!(matches!(err, PackError::Unpackable { .. }), "{err}");
    assert!(!work.path().join("oci").exists());
}
