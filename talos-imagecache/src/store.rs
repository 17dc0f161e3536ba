//! Writing the flat tree safely: every file goes to a temporary name in its directory, is
//! checked, then renamed into place, so a crash or a bad download never leaves a partial
//! or corrupt file under a real name, and a rerun can trust (and skip) what is there.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::digest::{Digest, Hasher, Hashing};
use crate::layout::{FlatLayout, Repository};

/// Why writing to the cache failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A file system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The content's digest is not the one asked for; nothing was kept.
    #[error("digest mismatch for {expected}: got {actual} ({size} bytes)")]
    DigestMismatch {
        /// The digest the manifest names.
        expected: Digest,
        /// The digest of what arrived.
        actual: Digest,
        /// How many bytes arrived.
        size: u64,
    },
    /// The content's size is not the one the manifest gives; nothing was kept.
    #[error("size mismatch for {digest}: expected {expected} bytes, got {actual}")]
    SizeMismatch {
        /// The digest asked for.
        digest: Digest,
        /// The size the manifest gives.
        expected: u64,
        /// How many bytes arrived.
        actual: u64,
    },
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What happened to a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobOutcome {
    /// It was fetched and stored.
    Written,
    /// It was hard-linked from a local source and verified.
    Linked,
    /// A verified copy was already there.
    Present,
}

/// Writes into a flat tree (creating `blob/` and `manifests/` as needed).
#[derive(Debug, Clone)]
pub struct CacheWriter {
    layout: FlatLayout,
}

impl CacheWriter {
    /// Opens (creating if needed) the tree at `root`.
    pub fn create(root: impl Into<PathBuf>) -> Result<CacheWriter, StoreError> {
        let layout = FlatLayout::new(root);
        for dir in [layout.blob_dir(), layout.manifests_dir()] {
            fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        }
        Ok(CacheWriter { layout })
    }

    /// The tree written to.
    pub fn layout(&self) -> &FlatLayout {
        &self.layout
    }

    /// Stores manifest bytes under `digest/` (and under `reference/<tag>` when given);
    /// returns their digest.
    pub fn put_manifest(
        &self,
        repository: &Repository,
        bytes: &[u8],
        tag: Option<&str>,
    ) -> Result<Digest, StoreError> {
        let digest = Digest::of(bytes);
        write_atomically(&self.layout.manifest_path(repository, &digest), bytes)?;
        if let Some(tag) = tag {
            write_atomically(&self.layout.reference_path(repository, tag), bytes)?;
        }
        Ok(digest)
    }

    /// Whether blob `digest` is stored with `size` bytes and hashes to its name. A file
    /// that fails the check is removed, so it is fetched again.
    pub fn has_blob(&self, digest: &Digest, size: u64) -> Result<bool, StoreError> {
        let path = self.layout.blob_path(digest);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(source) => return Err(StoreError::Io { path, source }),
        };
        let (actual, len) = Digest::of_reader(file).map_err(io_error(&path))?;
        if actual == *digest && len == size {
            return Ok(true);
        }
        fs::remove_file(&path).map_err(io_error(&path))?;
        Ok(false)
    }

    /// Stores blob `digest`: `fill` writes the content into a temporary file, which is kept
    /// (renamed to `blob/sha256-<hex>`) only if its size and digest match. `fill`'s own
    /// error is passed through as `E`.
    pub fn put_blob<E: From<StoreError>>(
        &self,
        digest: &Digest,
        size: u64,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<(), E> {
        let target = self.layout.blob_path(digest);
        let dir = self.layout.blob_dir();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{}.", digest.file_name()))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(io_error(&dir))?;
        let mut writer = Hashing {
            // Full-buffer writes from local sources pass straight through; small network
            // chunks are gathered.
            inner: io::BufWriter::with_capacity(crate::digest::IO_BUFFER_LEN, temp),
            hasher: Hasher::new(),
        };
        fill(&mut writer)?;
        let Hashing { inner, hasher } = writer;
        let temp = inner.into_inner().map_err(|err| StoreError::Io {
            path: target.clone(),
            source: err.into_error(),
        })?;
        let (actual, len) = hasher.finish();
        // The temporary file is deleted on drop when the content is wrong.
        check_content(digest, size, actual, len)?;
        set_file_mode(temp.as_file(), &target)?;
        temp.persist(&target).map_err(|err| StoreError::Io {
            path: target.clone(),
            source: err.error,
        })?;
        Ok(())
    }

    /// Stores blob `digest` as a hard link to `source` (a local file), kept only if its
    /// size and digest match, as [`put_blob`](CacheWriter::put_blob) would. The cache then
    /// shares the file, its mode and owner with the source: a tool that edits the source
    /// in place changes the cache too (OCI layout tools write new files instead).
    /// Returns `Ok(false)`, with nothing changed, when the file system cannot link it
    /// here (another file system, no hard links): copy it instead.
    pub fn link_blob(&self, digest: &Digest, size: u64, source: &Path) -> Result<bool, StoreError> {
        let target = self.layout.blob_path(digest);
        let dir = self.layout.blob_dir();
        let link = tempfile::Builder::new()
            .prefix(&format!(".{}.", digest.file_name()))
            .suffix(".tmp")
            .make_in(&dir, |path| fs::hard_link(source, path));
        let link = match link {
            Ok(link) => link,
            Err(err) if cannot_link(&err) => return Ok(false),
            Err(err) => {
                return Err(StoreError::Io {
                    path: source.to_owned(),
                    source: err,
                });
            }
        };
        // The link, not the source path, is what is checked and kept: a source replaced
        // meanwhile cannot slip in unchecked.
        let file = File::open(link.path()).map_err(io_error(link.path()))?;
        let (actual, len) = Digest::of_reader(file).map_err(io_error(link.path()))?;
        check_content(digest, size, actual, len)?;
        link.persist(&target).map_err(|err| StoreError::Io {
            path: target.clone(),
            source: err.error,
        })?;
        Ok(true)
    }
}

/// Size first (the clearer message when a download was cut short), then digest.
fn check_content(digest: &Digest, size: u64, actual: Digest, len: u64) -> Result<(), StoreError> {
    if len != size {
        return Err(StoreError::SizeMismatch {
            digest: *digest,
            expected: size,
            actual: len,
        });
    }
    if actual != *digest {
        return Err(StoreError::DigestMismatch {
            expected: *digest,
            actual,
            size: len,
        });
    }
    Ok(())
}

/// Whether a failed `link` means "not possible here" rather than a real error.
fn cannot_link(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        // Another file system; none at all; protected_hardlinks or the like; the file
        // at its file system's link limit.
        io::ErrorKind::CrossesDevices
            | io::ErrorKind::Unsupported
            | io::ErrorKind::PermissionDenied
            | io::ErrorKind::TooManyLinks
    )
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_error(dir))?;
    temp.write_all(bytes).map_err(io_error(path))?;
    set_file_mode(temp.as_file(), path)?;
    temp.persist(path).map_err(|err| StoreError::Io {
        path: path.to_owned(),
        source: err.error,
    })?;
    Ok(())
}

/// Cache files are 0644 (temporary files start as 0600).
fn set_file_mode(file: &File, path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(io_error(path))?;
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `fill` that writes `bytes`.
    fn bytes(bytes: &'static [u8]) -> impl FnOnce(&mut dyn Write) -> Result<(), StoreError> {
        move |w| w.write_all(bytes).map_err(io_error(Path::new("test")))
    }

    fn repo() -> Repository {
        Repository {
            registry: "docker.io".into(),
            path: "library/alpine".into(),
        }
    }

    #[test]
    fn manifests_land_under_digest_and_reference() {
        let dir = tempfile::tempdir().unwrap();
        let writer = CacheWriter::create(dir.path()).unwrap();
        let digest = writer.put_manifest(&repo(), b"{}", Some("3.20")).unwrap();
        let layout = writer.layout();
        assert_eq!(
            fs::read(layout.manifest_path(&repo(), &digest)).unwrap(),
            b"{}"
        );
        assert_eq!(
            fs::read(layout.reference_path(&repo(), "3.20")).unwrap(),
            b"{}"
        );
    }

    #[test]
    fn blobs_are_kept_only_when_they_match() {
        let dir = tempfile::tempdir().unwrap();
        let writer = CacheWriter::create(dir.path()).unwrap();
        let digest = Digest::of(b"layer");
        let wrong = writer.put_blob(&digest, 5, bytes(b"LAYER"));
        assert!(matches!(wrong, Err(StoreError::DigestMismatch { .. })));
        let short = writer.put_blob(&digest, 5, bytes(b"lay"));
        assert!(matches!(
            short,
            Err(StoreError::SizeMismatch { actual: 3, .. })
        ));
        // Nothing but the directory is left behind by the failures.
        assert_eq!(fs::read_dir(writer.layout().blob_dir()).unwrap().count(), 0);
        assert!(!writer.has_blob(&digest, 5).unwrap());

        writer.put_blob(&digest, 5, bytes(b"layer")).unwrap();
        assert!(writer.has_blob(&digest, 5).unwrap());
        assert_eq!(fs::read_dir(writer.layout().blob_dir()).unwrap().count(), 1);
    }

    #[test]
    fn a_corrupt_blob_on_disk_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let writer = CacheWriter::create(dir.path()).unwrap();
        let digest = Digest::of(b"layer");
        fs::write(writer.layout().blob_path(&digest), b"layex").unwrap();
        assert!(!writer.has_blob(&digest, 5).unwrap());
        assert!(!writer.layout().blob_path(&digest).exists());
    }
}
