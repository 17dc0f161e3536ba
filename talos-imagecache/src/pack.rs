//! The OCI wrapper the imager consumes: the whole flat tree as the single gzip tar layer
//! of one image in an OCI image layout.
//!
//! Talos' `cache-create --layout oci` labels that image with one platform only, so the
//! imager for any other architecture reports "no OCI image found". [`pack`] lists the same
//! manifest once per architecture instead. [`unpack`] does what the imager does with it —
//! find the `linux/<arch>` entry, check every digest, untar — into a fresh directory that
//! appears only when complete.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use crate::digest::{Digest, Hasher, Hashing};
use crate::manifest::{Manifest, OCI_INDEX, OCI_MANIFEST, sorted_json};
use crate::store::{StoreError, io_error, write_atomically};

/// The layer media type of the wrapper.
pub const LAYER_MEDIA_TYPE: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
/// The config media type of the wrapper.
pub const CONFIG_MEDIA_TYPE: &str = "application/vnd.oci.image.config.v1+json";

/// Why packing or unpacking failed. Nothing half-written is left at the destination.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackError {
    /// File system trouble.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The destination exists already.
    #[error("{0}: already exists")]
    Exists(PathBuf),
    /// The flat tree holds something that cannot be packed (a symlink, a device).
    #[error("{path}: {reason}")]
    Unpackable {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The OCI layout is not a cache wrapper, or is damaged.
    #[error("{0}")]
    BadLayout(String),
    /// No `index.json` entry for `linux/<arch>`.
    #[error("no OCI image found for linux/{0}")]
    NoImage(String),
    /// A layer entry that would escape the destination, or is not a file or directory.
    #[error("unsafe entry {entry:?} in the cache layer: {reason}")]
    UnsafeEntry {
        /// The entry name.
        entry: String,
        /// Why it was refused.
        reason: String,
    },
}

/// How to pack.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PackOptions {
    /// One `index.json` entry per architecture (default `amd64` and `arm64`).
    pub architectures: Vec<String>,
    /// The config's `created` time; `None` gives a reproducible wrapper (the epoch).
    pub created: Option<SystemTime>,
    /// gzip level 0–9 (default 1: layers are compressed already).
    pub level: u32,
}

impl Default for PackOptions {
    fn default() -> PackOptions {
        PackOptions {
            architectures: vec!["amd64".into(), "arm64".into()],
            created: None,
            level: 1,
        }
    }
}

/// What [`pack`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackReport {
    /// The wrapper image's manifest digest.
    pub manifest: Digest,
    /// The layer's digest and size.
    pub layer: Digest,
    /// The layer's size in bytes.
    pub layer_size: u64,
    /// Files packed.
    pub files: usize,
    /// Directories packed.
    pub directories: usize,
}

/// Packs the flat tree at `flat` into a new OCI layout at `dest` (which must not exist).
pub fn pack(flat: &Path, dest: &Path, options: &PackOptions) -> Result<PackReport, PackError> {
    if dest.exists() {
        return Err(PackError::Exists(dest.to_owned()));
    }
    let staging = staging_dir(dest)?;
    let report = pack_into(flat, staging.path(), options)?;
    finish(staging, dest)?;
    Ok(report)
}

fn pack_into(flat: &Path, dir: &Path, options: &PackOptions) -> Result<PackReport, PackError> {
    let blobs = dir.join("blobs").join("sha256");
    fs::create_dir_all(&blobs).map_err(io_error(&blobs))?;

    let entries = tree_entries(flat)?;
    let layer_path = blobs.join("layer.tmp");
    let file = File::create(&layer_path).map_err(io_error(&layer_path))?;
    let compressed = Hashing {
        inner: BufWriter::with_capacity(1 << 20, file),
        hasher: Hasher::new(),
    };
    let gzip = GzEncoder::new(compressed, Compression::new(options.level.min(9)));
    let mut tar = tar::Builder::new(Hashing {
        inner: gzip,
        hasher: Hasher::new(),
    });
    let (mut files, mut directories) = (0, 0);
    for (relative, is_dir) in &entries {
        let path = flat.join(relative);
        let mut header = tar::Header::new_ustar();
        header.set_mtime(0);
        if *is_dir {
            directories += 1;
            header.set_entry_type(tar::EntryType::Directory);
            header.set_mode(0o755);
            header.set_size(0);
            tar.append_data(&mut header, relative, io::empty())
                .map_err(io_error(&path))?;
        } else {
            files += 1;
            let file = File::open(&path).map_err(io_error(&path))?;
            let len = file.metadata().map_err(io_error(&path))?.len();
            header.set_entry_type(tar::EntryType::Regular);
            header.set_mode(0o644);
            header.set_size(len);
            tar.append_data(&mut header, relative, file.take(len))
                .map_err(io_error(&path))?;
        }
    }
    let uncompressed = tar.into_inner().map_err(io_error(&layer_path))?;
    let diff_id = uncompressed.hasher.finish().0;
    let compressed = uncompressed.inner.finish().map_err(io_error(&layer_path))?;
    let (layer, layer_size) = compressed.hasher.finish();
    compressed
        .inner
        .into_inner()
        .map_err(|err| io_error(&layer_path)(err.into_error()))?;
    let layer_final = blobs.join(layer.hex());
    fs::rename(&layer_path, &layer_final).map_err(io_error(&layer_final))?;

    let created =
        humantime::format_rfc3339_seconds(options.created.unwrap_or(SystemTime::UNIX_EPOCH))
            .to_string();
    let config = sorted_json(&serde_json::json!({
        "architecture": "",
        "os": "",
        "created": created,
        "config": {},
        "rootfs": { "type": "layers", "diff_ids": [diff_id.to_string()] },
    }))
    .map_err(|err| PackError::BadLayout(err.to_string()))?;
    let config_digest = put(&blobs, &config)?;
    let manifest = sorted_json(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": { "mediaType": CONFIG_MEDIA_TYPE, "size": config.len(), "digest": config_digest.to_string() },
        "layers": [{ "mediaType": LAYER_MEDIA_TYPE, "size": layer_size, "digest": layer.to_string() }],
    }))
    .map_err(|err| PackError::BadLayout(err.to_string()))?;
    let manifest_digest = put(&blobs, &manifest)?;
    let entries_json: Vec<_> = options
        .architectures
        .iter()
        .map(|arch| {
            serde_json::json!({
                "mediaType": OCI_MANIFEST,
                "size": manifest.len(),
                "digest": manifest_digest.to_string(),
                "platform": { "architecture": arch, "os": "linux" },
            })
        })
        .collect();
    let index = serde_json::json!({ "schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries_json });
    let index = sorted_json(&index).map_err(|err| PackError::BadLayout(err.to_string()))?;
    write_atomically(&dir.join("index.json"), &index)?;
    write_atomically(
        &dir.join("oci-layout"),
        br#"{"imageLayoutVersion": "1.0.0"}"#,
    )?;
    Ok(PackReport {
        manifest: manifest_digest,
        layer,
        layer_size,
        files,
        directories,
    })
}

/// The flat tree's entries, sorted by path, parents before children; anything but
/// directories and regular files is refused.
fn tree_entries(flat: &Path) -> Result<Vec<(String, bool)>, PackError> {
    let mut out = Vec::new();
    let mut stack = vec![(flat.to_owned(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let mut children = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io_error(&dir))? {
            let entry = entry.map_err(io_error(&dir))?;
            let path = entry.path();
            let name = entry
                .file_name()
                .into_string()
                .map_err(|_| PackError::Unpackable {
                    path: path.clone(),
                    reason: "file name is not UTF-8".into(),
                })?;
            let kind = fs::symlink_metadata(&path)
                .map_err(io_error(&path))?
                .file_type();
            if !kind.is_dir() && !kind.is_file() {
                return Err(PackError::Unpackable {
                    path,
                    reason: "only directories and regular files can be packed".into(),
                });
            }
            children.push((format!("{prefix}{name}"), kind.is_dir(), path));
        }
        children.sort();
        // Depth-first in sorted order: push in reverse so the smallest pops first.
        let mut subdirs = Vec::new();
        for (relative, is_dir, path) in children {
            out.push((relative.clone(), is_dir));
            if is_dir {
                subdirs.push((path, format!("{relative}/")));
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    // A stable global order: the depth-first walk above interleaves directories.
    out.sort();
    Ok(out)
}

fn put(blobs: &Path, bytes: &[u8]) -> Result<Digest, PackError> {
    let digest = Digest::of(bytes);
    write_atomically(&blobs.join(digest.hex()), bytes)?;
    Ok(digest)
}

/// What [`unpack`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnpackReport {
    /// Files written.
    pub files: usize,
    /// Directories created.
    pub directories: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Extracts the wrapper at `layout` for `linux/<arch>` into `dest` (which must not exist),
/// checking the manifest, config and layer digests and the layer's diff ID.
pub fn unpack(layout: &Path, arch: &str, dest: &Path) -> Result<UnpackReport, PackError> {
    if dest.exists() {
        return Err(PackError::Exists(dest.to_owned()));
    }
    let bad = |text: String| PackError::BadLayout(format!("{}: {text}", layout.display()));
    let index_path = layout.join("index.json");
    let index: oci_spec::image::ImageIndex =
        serde_json::from_slice(&fs::read(&index_path).map_err(io_error(&index_path))?)
            .map_err(|err| bad(err.to_string()))?;
    let descriptor = index
        .manifests()
        .iter()
        .find(|d| {
            d.platform().as_ref().is_some_and(|p| {
                p.os().to_string() == "linux" && p.architecture().to_string() == arch
            })
        })
        .ok_or_else(|| PackError::NoImage(arch.to_owned()))?;
    let manifest_digest =
        Digest::parse(descriptor.digest().as_ref()).map_err(|err| bad(err.to_string()))?;
    let manifest = read_checked(layout, &manifest_digest)?;
    let Manifest::Image { config, layers } =
        Manifest::parse(&manifest).map_err(|err| bad(err.to_string()))?
    else {
        return Err(bad("the entry is an index, not the cache image".into()));
    };
    let [layer] = layers.as_slice() else {
        return Err(bad(format!(
            "the cache image has {} layers, expected 1",
            layers.len()
        )));
    };
    let config_bytes = read_checked(layout, &config.digest)?;
    let config_json: serde_json::Value =
        serde_json::from_slice(&config_bytes).map_err(|err| bad(err.to_string()))?;
    let diff_id = config_json["rootfs"]["diff_ids"][0]
        .as_str()
        .and_then(|d| Digest::parse(d).ok());

    let staging = staging_dir(dest)?;
    let layer_path = blob_path(layout, &layer.digest);
    let file = File::open(&layer_path).map_err(io_error(&layer_path))?;
    let compressed = Hashing {
        inner: BufReader::with_capacity(1 << 20, file),
        hasher: Hasher::new(),
    };
    let mut uncompressed = Hashing {
        inner: GzDecoder::new(compressed),
        hasher: Hasher::new(),
    };
    let report = extract(&mut uncompressed, staging.path())?;
    // Drain the tar's trailing padding so the hashes cover every byte.
    io::copy(&mut uncompressed, &mut io::sink()).map_err(io_error(&layer_path))?;
    let (actual_diff_id, _) = uncompressed.hasher.finish();
    let (actual, size) = uncompressed.inner.into_inner().hasher.finish();
    if actual != layer.digest || size != layer.size {
        return Err(bad(format!(
            "layer {} is corrupt: it hashes to {actual} ({size} bytes)",
            layer.digest
        )));
    }
    if diff_id.is_some_and(|expected| expected != actual_diff_id) {
        return Err(bad(format!("layer diff ID mismatch: got {actual_diff_id}")));
    }
    finish(staging, dest)?;
    Ok(report)
}

fn blob_path(layout: &Path, digest: &Digest) -> PathBuf {
    layout.join("blobs").join("sha256").join(digest.hex())
}

fn read_checked(layout: &Path, digest: &Digest) -> Result<Vec<u8>, PackError> {
    let path = blob_path(layout, digest);
    let bytes = fs::read(&path).map_err(io_error(&path))?;
    if Digest::of(&bytes) != *digest {
        return Err(PackError::BadLayout(format!(
            "{}: does not hash to {digest}",
            path.display()
        )));
    }
    Ok(bytes)
}

/// Untars `reader` into `dir`: relative paths only, no `..`, directories and regular
/// files only, and never over an existing file.
fn extract(reader: &mut impl Read, dir: &Path) -> Result<UnpackReport, PackError> {
    let mut report = UnpackReport {
        files: 0,
        directories: 0,
        bytes: 0,
    };
    let mut archive = tar::Archive::new(reader);
    let corrupt = |err: io::Error| PackError::BadLayout(format!("cache layer: {err}"));
    for entry in archive.entries().map_err(corrupt)? {
        let mut entry = entry.map_err(corrupt)?;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let unsafe_entry = |reason: &str| PackError::UnsafeEntry {
            entry: raw.clone(),
            reason: reason.to_owned(),
        };
        let relative =
            safe_relative(&raw).ok_or_else(|| unsafe_entry("not a plain relative path"))?;
        let target = dir.join(&relative);
        match entry.header().entry_type() {
            tar::EntryType::Directory => {
                fs::create_dir_all(&target).map_err(io_error(&target))?;
                report.directories += 1;
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                let file = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
                    .map_err(|err| {
                        if err.kind() == io::ErrorKind::AlreadyExists {
                            unsafe_entry("the file appears twice")
                        } else {
                            io_error(&target)(err).into()
                        }
                    })?;
                let mut out = BufWriter::with_capacity(1 << 20, file);
                report.bytes += io::copy(&mut entry, &mut out).map_err(corrupt)?;
                out.flush().map_err(io_error(&target))?;
                report.files += 1;
            }
            _ => {
                return Err(unsafe_entry(
                    "only directories and regular files are allowed",
                ));
            }
        }
    }
    Ok(report)
}

/// `raw` as a path of normal components (a leading `./` is allowed).
fn safe_relative(raw: &str) -> Option<PathBuf> {
    let path = Path::new(raw.trim_end_matches('/'));
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// A temporary sibling of `dest`, renamed to it when complete.
fn staging_dir(dest: &Path) -> Result<tempfile::TempDir, PackError> {
    let parent = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempdir_in(parent)
        .map_err(io_error(parent))?)
}

fn finish(staging: tempfile::TempDir, dest: &Path) -> Result<(), PackError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(staging.path(), fs::Permissions::from_mode(0o755))
            .map_err(io_error(staging.path()))?;
    }
    let path = staging.keep();
    fs::rename(&path, dest).map_err(|err| {
        let _ = fs::remove_dir_all(&path);
        PackError::from(io_error(dest)(err))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        assert_eq!(
            safe_relative("blob/sha256-x"),
            Some(PathBuf::from("blob/sha256-x"))
        );
        assert_eq!(
            safe_relative("./manifests/"),
            Some(PathBuf::from("manifests"))
        );
        for bad in ["/etc/passwd", "../x", "a/../../x", "", "."] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }
}
