//! Local OCI image layouts (`index.json` + `blobs/sha256/…`) as a [`Source`].
//!
//! An image is found by the `org.opencontainers.image.ref.name` (or containerd's
//! `io.containerd.image.name`) annotation of an `index.json` entry: a full reference
//! (`ghcr.io/x/y:v1`, as crane and containerd write it) matches anywhere; a bare tag (`v1`,
//! as skopeo writes it) matches only in a layout bound to the image's repository.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::digest::Digest;
use crate::layout::Repository;
use crate::reference::{ImageRef, ManifestRef};
use crate::sample::REF_NAME_ANNOTATION;
use crate::source::{Source, SourceError};

const CONTAINERD_NAME_ANNOTATION: &str = "io.containerd.image.name";

/// One or more OCI image layouts.
#[derive(Debug, Default, Clone)]
pub struct OciLayoutSource {
    layouts: Vec<Layout>,
}

#[derive(Debug, Clone)]
struct Layout {
    dir: PathBuf,
    repository: Option<Repository>,
    /// `(name as annotated, digest)` of each `index.json` entry.
    names: Vec<(String, Digest)>,
}

impl OciLayoutSource {
    /// No layouts yet.
    pub fn new() -> OciLayoutSource {
        OciLayoutSource::default()
    }

    /// Layouts given as `DIR` (entries annotated with full references) or `REPOSITORY=DIR`
    /// (a layout of one repository, entries annotated with bare tags), as the CLI's
    /// `--from-layout` takes them.
    pub fn from_specs<S: AsRef<str>>(specs: &[S]) -> Result<OciLayoutSource, SourceError> {
        let mut source = OciLayoutSource::new();
        for spec in specs {
            let spec = spec.as_ref();
            match spec.split_once('=') {
                Some((repository, dir)) => source.add_repository_layout(repository, dir)?,
                None => source.add_layout(spec)?,
            };
        }
        Ok(source)
    }

    /// Adds a layout whose entries are annotated with full references.
    pub fn add_layout(&mut self, dir: impl Into<PathBuf>) -> Result<&mut Self, SourceError> {
        self.push(dir.into(), None)
    }

    /// Adds a layout holding images of `repository` (`ghcr.io/x/y`), whose entries may be
    /// annotated with bare tags.
    pub fn add_repository_layout(
        &mut self,
        repository: &str,
        dir: impl Into<PathBuf>,
    ) -> Result<&mut Self, SourceError> {
        let parsed =
            ImageRef::parse(repository).map_err(|err| SourceError::Malformed(err.to_string()))?;
        self.push(dir.into(), Some(parsed.repository))
    }

    fn push(
        &mut self,
        dir: PathBuf,
        repository: Option<Repository>,
    ) -> Result<&mut Self, SourceError> {
        let index_path = dir.join("index.json");
        let bytes = fs::read(&index_path).map_err(|source| SourceError::Io {
            path: index_path.display().to_string(),
            source,
        })?;
        let index: oci_spec::image::ImageIndex = serde_json::from_slice(&bytes)
            .map_err(|err| SourceError::Malformed(format!("{}: {err}", index_path.display())))?;
        let mut names = Vec::new();
        for entry in index.manifests() {
            let Some(annotations) = entry.annotations() else {
                continue;
            };
            let digest = Digest::parse(entry.digest().as_ref()).map_err(|err| {
                SourceError::Malformed(format!("{}: {err}", index_path.display()))
            })?;
            for key in [REF_NAME_ANNOTATION, CONTAINERD_NAME_ANNOTATION] {
                if let Some(name) = annotations.get(key) {
                    names.push((name.clone(), digest));
                }
            }
        }
        self.layouts.push(Layout {
            dir,
            repository,
            names,
        });
        Ok(self)
    }

    fn find_tag(&self, repository: &Repository, tag: &str) -> Option<(&Layout, Digest)> {
        self.layouts.iter().find_map(|layout| {
            layout.names.iter().find_map(|(name, digest)| {
                let bound = layout.repository.as_ref() == Some(repository) && name == tag;
                let full = name
                    .contains(['/', ':'])
                    .then(|| ImageRef::parse(name).ok())
                    .flatten()
                    .is_some_and(|r| r.repository == *repository && r.tag.as_deref() == Some(tag));
                (bound || full).then_some((layout, *digest))
            })
        })
    }

    /// Layouts bound to `repository` first, then the rest: a blob is the same bytes
    /// wherever it is found.
    fn blob_path(&self, repository: &Repository, digest: &Digest) -> Option<PathBuf> {
        let (bound, other): (Vec<&Layout>, Vec<&Layout>) = self
            .layouts
            .iter()
            .partition(|layout| layout.repository.as_ref() == Some(repository));
        bound
            .into_iter()
            .chain(other)
            .map(|layout| blob_file(&layout.dir, digest))
            .find(|path| path.is_file())
    }
}

fn blob_file(dir: &Path, digest: &Digest) -> PathBuf {
    dir.join("blobs").join("sha256").join(digest.hex())
}

fn read_blob(path: &Path) -> Result<Vec<u8>, SourceError> {
    fs::read(path).map_err(|source| SourceError::Io {
        path: path.display().to_string(),
        source,
    })
}

impl Source for OciLayoutSource {
    fn manifest(
        &self,
        repository: &Repository,
        reference: ManifestRef<'_>,
    ) -> Result<Option<Vec<u8>>, SourceError> {
        let path = match reference {
            ManifestRef::Tag(tag) => match self.find_tag(repository, tag) {
                Some((layout, digest)) => blob_file(&layout.dir, &digest),
                None => return Ok(None),
            },
            ManifestRef::Digest(digest) => match self.blob_path(repository, digest) {
                Some(path) => path,
                None => return Ok(None),
            },
        };
        read_blob(&path).map(Some)
    }

    fn blob(
        &self,
        repository: &Repository,
        digest: &Digest,
        _size: u64,
        sink: &mut dyn Write,
    ) -> Result<(), SourceError> {
        let path = self
            .blob_path(repository, digest)
            .ok_or_else(|| SourceError::Io {
                path: format!("blobs/sha256/{}", digest.hex()),
                source: io::Error::new(io::ErrorKind::NotFound, "blob not in any OCI layout"),
            })?;
        let io_err = |source| SourceError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut file = File::open(&path).map_err(io_err)?;
        crate::digest::with_io_buffer(|buf| {
            loop {
                let n = match file.read(buf) {
                    Ok(0) => return Ok(()),
                    Ok(n) => n,
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                    Err(err) => return Err(io_err(err)),
                };
                sink.write_all(&buf[..n]).map_err(SourceError::Sink)?;
            }
        })
    }

    fn blob_file(&self, repository: &Repository, digest: &Digest) -> Option<PathBuf> {
        self.blob_path(repository, digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{SampleImage, write_layout};

    #[test]
    fn images_are_found_by_full_name_or_bound_tag() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_layout(
            dir.path(),
            &[
                SampleImage::small("ghcr.io/acme/app:v1", 1),
                SampleImage::small("v2", 2),
            ],
        )
        .unwrap();
        let repo = ImageRef::parse("ghcr.io/acme/app").unwrap().repository;
        let mut source = OciLayoutSource::new();
        source.add_layout(dir.path()).unwrap();
        let top = source
            .manifest(&repo, ManifestRef::Tag("v1"))
            .unwrap()
            .unwrap();
        assert_eq!(Digest::of(&top), written[0].digest);
        // A bare tag needs the layout bound to the repository.
        assert_eq!(
            source.manifest(&repo, ManifestRef::Tag("v2")).unwrap(),
            None
        );
        source
            .add_repository_layout("ghcr.io/acme/app", dir.path())
            .unwrap();
        let bound = source
            .manifest(&repo, ManifestRef::Tag("v2"))
            .unwrap()
            .unwrap();
        assert_eq!(Digest::of(&bound), written[1].digest);

        let mut out = Vec::new();
        source
            .blob(&repo, &written[0].blobs[0], 0, &mut out)
            .unwrap();
        assert_eq!(Digest::of(&out), written[0].blobs[0]);
        assert!(
            source
                .blob(&repo, &Digest::of(b"nope"), 0, &mut out)
                .is_err()
        );
    }

    #[test]
    fn a_missing_or_broken_index_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            OciLayoutSource::new().add_layout(dir.path()),
            Err(SourceError::Io { .. })
        ));
        fs::write(dir.path().join("index.json"), b"{").unwrap();
        assert!(matches!(
            OciLayoutSource::new().add_layout(dir.path()),
            Err(SourceError::Malformed(_))
        ));
    }
}
