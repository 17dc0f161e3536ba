//! Small, real OCI images written into an OCI image layout: gzip tar layers, configs with
//! `rootfs.diff_ids`, per-platform manifests and (for several platforms) an index. The demo,
//! the tests and the benchmarks use them so nothing needs a network; `skopeo`, `crane` and
//! containerd accept them.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::digest::Digest;
use crate::manifest::{OCI_INDEX, OCI_MANIFEST, Platform, sorted_json};

/// The annotation an OCI layout names its images by.
pub const REF_NAME_ANNOTATION: &str = "org.opencontainers.image.ref.name";

/// One image to build.
#[derive(Debug, Clone)]
pub struct SampleImage {
    /// The `org.opencontainers.image.ref.name` it gets in `index.json` (a tag as skopeo
    /// writes it, or a full reference as crane does).
    pub ref_name: String,
    /// One platform gives an image manifest; several give an index of them.
    pub platforms: Vec<Platform>,
    /// Layers per platform.
    pub layers: usize,
    /// Uncompressed bytes of pseudo-random content per layer (it does not compress, so
    /// the stored layer is about this size too).
    pub layer_size: usize,
    /// Varies the content: equal seeds give byte-identical images.
    pub seed: u64,
}

impl SampleImage {
    /// A one-layer `linux/amd64` image of 64 KiB.
    pub fn small(ref_name: &str, seed: u64) -> SampleImage {
        SampleImage {
            ref_name: ref_name.to_owned(),
            platforms: vec![Platform::linux_amd64()],
            layers: 1,
            layer_size: 64 << 10,
            seed,
        }
    }
}

/// What was written for one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenImage {
    /// The top-level manifest (the index, or the only image manifest).
    pub digest: Digest,
    /// The media type of the top-level manifest.
    pub media_type: &'static str,
    /// Each platform's image manifest.
    pub children: Vec<(Platform, Digest)>,
    /// Every config and layer blob.
    pub blobs: Vec<Digest>,
}

/// Writes `images` into an OCI image layout at `dir` (created if missing), replacing its
/// `index.json`.
pub fn write_layout(dir: &Path, images: &[SampleImage]) -> io::Result<Vec<WrittenImage>> {
    let blobs = dir.join("blobs").join("sha256");
    fs::create_dir_all(&blobs)?;
    fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#)?;
    let mut written = Vec::new();
    let mut entries = Vec::new();
    for image in images {
        let (image_written, entry) = write_image(&blobs, image)?;
        written.push(image_written);
        entries.push(entry);
    }
    let index =
        serde_json::json!({ "schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries });
    fs::write(dir.join("index.json"), sorted_json(&index)?)?;
    Ok(written)
}

fn write_image(blobs: &Path, image: &SampleImage) -> io::Result<(WrittenImage, serde_json::Value)> {
    let mut children = Vec::new();
    let mut descriptors = Vec::new();
    let mut blob_digests = Vec::new();
    for (platform_index, platform) in image.platforms.iter().enumerate() {
        let mut layers = Vec::new();
        let mut diff_ids = Vec::new();
        for layer in 0..image.layers {
            let seed = image.seed ^ ((platform_index as u64) << 32) ^ (layer as u64 + 1);
            let (tar, gz) = layer_bytes(seed, layer, image.layer_size)?;
            diff_ids.push(Digest::of(&tar).to_string());
            let digest = put_blob(blobs, &gz)?;
            blob_digests.push(digest);
            layers.push(descriptor(
                "application/vnd.oci.image.layer.v1.tar+gzip",
                &digest,
                gz.len(),
            ));
        }
        let mut config = serde_json::json!({
            "architecture": platform.architecture,
            "os": platform.os,
            "config": { "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
            "rootfs": { "type": "layers", "diff_ids": diff_ids },
        });
        if !platform.variant.is_empty() {
            config["variant"] = platform.variant.clone().into();
        }
        let config = sorted_json(&config)?;
        let config_digest = put_blob(blobs, &config)?;
        blob_digests.push(config_digest);
        let manifest = sorted_json(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": descriptor("application/vnd.oci.image.config.v1+json", &config_digest, config.len()),
            "layers": layers,
        }))?;
        let manifest_digest = put_blob(blobs, &manifest)?;
        children.push((platform.clone(), manifest_digest));
        let mut entry = descriptor(OCI_MANIFEST, &manifest_digest, manifest.len());
        entry["platform"] = platform_json(platform);
        descriptors.push(entry);
    }
    let (digest, media_type, mut entry) = if let [single] = descriptors.as_slice() {
        let digest = children[0].1;
        (digest, OCI_MANIFEST, single.clone())
    } else {
        let index = sorted_json(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": descriptors,
        }))?;
        let digest = put_blob(blobs, &index)?;
        (
            digest,
            OCI_INDEX,
            descriptor(OCI_INDEX, &digest, index.len()),
        )
    };
    entry["annotations"] = serde_json::json!({ REF_NAME_ANNOTATION: image.ref_name });
    Ok((
        WrittenImage {
            digest,
            media_type,
            children,
            blobs: blob_digests,
        },
        entry,
    ))
}

fn descriptor(media_type: &str, digest: &Digest, size: usize) -> serde_json::Value {
    serde_json::json!({ "mediaType": media_type, "digest": digest.to_string(), "size": size })
}

fn platform_json(platform: &Platform) -> serde_json::Value {
    let mut value = serde_json::json!({ "architecture": platform.architecture, "os": platform.os });
    if !platform.variant.is_empty() {
        value["variant"] = platform.variant.clone().into();
    }
    value
}

fn put_blob(blobs: &Path, bytes: &[u8]) -> io::Result<Digest> {
    let digest = Digest::of(bytes);
    fs::write(blobs.join(digest.hex()), bytes)?;
    Ok(digest)
}

/// A tar with one file of pseudo-random bytes, and its gzip (fast level: the content
/// does not compress anyway).
fn layer_bytes(seed: u64, layer: usize, size: usize) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let content = pseudo_random(seed, size);
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(content.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(
        &mut header,
        format!("sample/layer-{layer}.bin"),
        content.as_slice(),
    )?;
    let tar = builder.into_inner()?;
    let mut gz = GzEncoder::new(Vec::with_capacity(size + 1024), Compression::fast());
    gz.write_all(&tar)?;
    Ok((tar, gz.finish()?))
}

/// xorshift64*: reproducible filler, not for anything secret.
fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Manifest;

    #[test]
    fn layouts_hold_what_they_reference() {
        let dir = tempfile::tempdir().unwrap();
        let mut multi = SampleImage::small("v2", 7);
        multi
            .platforms
            .push(Platform::parse("linux/arm64").unwrap());
        let written = write_layout(dir.path(), &[SampleImage::small("v1", 1), multi]).unwrap();
        assert_eq!(written[0].media_type, OCI_MANIFEST);
        assert_eq!(written[1].children.len(), 2);
        let blob = |d: &Digest| fs::read(dir.path().join("blobs/sha256").join(d.hex())).unwrap();
        let Manifest::Index(entries) = Manifest::parse(&blob(&written[1].digest)).unwrap() else {
            panic!()
        };
        assert_eq!(entries[1].platform.as_ref().unwrap().architecture, "arm64");
        for image in &written {
            for digest in image
                .blobs
                .iter()
                .chain(image.children.iter().map(|(_, d)| d))
            {
                assert_eq!(Digest::of(&blob(digest)), *digest);
            }
        }
        // Same seed, same bytes.
        let again = tempfile::tempdir().unwrap();
        assert_eq!(
            write_layout(again.path(), &[SampleImage::small("v1", 1)]).unwrap()[0],
            written[0]
        );
    }
}
