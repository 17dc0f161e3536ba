//! Building a flat cache from a [`Source`], as `talosctl images cache-create --layout flat`
//! does, but resumable and verified: manifests are fetched one image at a time, then every
//! missing blob is downloaded by a bounded pool of workers into a temporary file, checked
//! against its digest and size, and only then renamed into `blob/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::digest::Digest;
use crate::layout::Repository;
use crate::manifest::{Manifest, ManifestError, Platform, Target};
use crate::reference::{ImageRef, ManifestRef};
use crate::source::{Source, SourceError};
use crate::store::{BlobOutcome, CacheWriter, StoreError};

/// Which platforms to cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Platforms {
    /// These platforms (`talosctl --platform a,b`).
    List(Vec<Platform>),
    /// Every platform an index lists, attestation manifests included (`--platform all`,
    /// Talos 1.14). A plain image manifest counts as `linux/amd64`.
    All,
}

impl Default for Platforms {
    fn default() -> Platforms {
        Platforms::List(vec![Platform::linux_amd64()])
    }
}

impl Platforms {
    /// Parses `all` or a comma-separated list of `os/arch[/variant]`.
    pub fn parse(text: &str) -> Result<Platforms, CreateError> {
        if text == "all" {
            return Ok(Platforms::All);
        }
        text.split(',')
            .map(|part| {
                Platform::parse(part.trim())
                    .ok_or_else(|| CreateError::BadPlatform(part.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Platforms::List)
    }
}

/// How to create a cache.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CreateOptions {
    /// Which platforms' images to store.
    pub platforms: Platforms,
    /// Also store cosign signatures (`sha256-<hex>.sig`, else `sha256-<hex>`), as Talos
    /// 1.13+ does by default.
    pub cosign_signatures: bool,
    /// Blob downloads running at once (at least 1).
    pub jobs: usize,
    /// Attempts per blob before giving up (a wrong digest counts as a failed attempt).
    pub attempts: u32,
    /// Hard-link blobs a local source holds as files (OCI layouts on the same file
    /// system) instead of copying them; each is still hashed before it is kept. Saves
    /// the copy's time and the disk space, but the cache then shares those files with
    /// the layout ([`CacheWriter::link_blob`]). Blobs that cannot be linked are copied.
    ///
    /// ```
    /// use talos_imagecache::sample::{SampleImage, write_layout};
    /// use talos_imagecache::{CreateOptions, ImageRef, OciLayoutSource, create};
    ///
    /// let work = tempfile::tempdir()?;
    /// let layout = work.path().join("layout");
    /// write_layout(&layout, &[SampleImage::small("ghcr.io/acme/app:v1", 1)])?;
    /// let source = OciLayoutSource::from_specs(&[layout.to_str().unwrap()])?;
    /// let mut options = CreateOptions::default();
    /// options.link_local_blobs = true;
    /// let images = [ImageRef::parse("ghcr.io/acme/app:v1")?];
    /// let report = create(&source, &work.path().join("cache"), &images, &options, &|_| {})?;
    /// assert_eq!((report.blobs_written, report.blobs_linked), (2, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub link_local_blobs: bool,
}

impl Default for CreateOptions {
    fn default() -> CreateOptions {
        CreateOptions {
            platforms: Platforms::default(),
            cosign_signatures: true,
            jobs: 4,
            attempts: 3,
            link_local_blobs: false,
        }
    }
}

/// Why creating the cache failed. Blobs stored before the failure are complete and
/// verified: running again resumes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CreateError {
    /// `--platform` text that is not `all` or `os/arch[/variant]`.
    #[error("invalid platform {0:?}: expected os/arch[/variant] or all")]
    BadPlatform(String),
    /// The source has no such image.
    #[error("{image}: manifest not found")]
    NotFound {
        /// The image.
        image: String,
    },
    /// An index has no child for a requested platform.
    #[error("{image}: no manifest for platform {platform}")]
    NoPlatform {
        /// The image.
        image: String,
        /// The platform asked for.
        platform: Platform,
    },
    /// A manifest fetched by digest (or a pinned reference) hashes to something else.
    #[error("{image}: manifest digest mismatch: expected {expected}, got {actual}")]
    ManifestDigest {
        /// The image.
        image: String,
        /// The digest asked for.
        expected: Digest,
        /// The digest of the bytes received.
        actual: Digest,
    },
    /// A manifest that cannot be read.
    #[error("{image}: {source}")]
    Manifest {
        /// The image.
        image: String,
        /// The parse error.
        source: ManifestError,
    },
    /// The source failed.
    #[error("{image}: {source}")]
    Source {
        /// The image (or blob) being fetched.
        image: String,
        /// The source's error.
        source: SourceError,
    },
    /// Writing the cache failed, or fetched content did not match its digest.
    #[error("{image}: {source}")]
    Store {
        /// The image (or blob) being stored.
        image: String,
        /// The store's error.
        source: StoreError,
    },
}

/// What [`create`] reports as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// An image's manifests are being fetched.
    Image {
        /// The image.
        image: &'a ImageRef,
    },
    /// A cosign signature tag was found and is being stored.
    Signature {
        /// The image.
        image: &'a ImageRef,
        /// The tag found.
        tag: &'a str,
    },
    /// The blob list is known.
    BlobsPlanned {
        /// Blobs to check or fetch.
        count: usize,
        /// Their total size.
        bytes: u64,
    },
    /// A blob is done.
    Blob {
        /// Its digest.
        digest: &'a Digest,
        /// Its size.
        size: u64,
        /// Fetched, or already there.
        outcome: BlobOutcome,
        /// Blobs done so far (this one included).
        done: usize,
        /// Blobs in all.
        count: usize,
    },
    /// A blob fetch failed and is retried.
    Retry {
        /// Its digest.
        digest: &'a Digest,
        /// The failure.
        error: String,
    },
}

/// What [`create`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CreateReport {
    /// Images cached.
    pub images: usize,
    /// Manifests stored (top-level, children and signatures).
    pub manifests: usize,
    /// Blobs fetched now (hard-linked ones included).
    pub blobs_written: usize,
    /// Of those, blobs hard-linked from a local source.
    pub blobs_linked: usize,
    /// Blobs already present and verified.
    pub blobs_present: usize,
    /// Bytes fetched now.
    pub bytes_written: u64,
    /// Cosign signature tags stored.
    pub signatures: usize,
}

/// Blobs to fetch: digest → (size, a repository that has it).
type BlobPlan = BTreeMap<Digest, (u64, Repository)>;

/// Fills the flat tree at `dest` (created if missing; an existing cache is resumed) with
/// `images` from `source`.
pub fn create(
    source: &dyn Source,
    dest: &Path,
    images: &[ImageRef],
    options: &CreateOptions,
    progress: &(dyn Fn(&Progress<'_>) + Sync),
) -> Result<CreateReport, CreateError> {
    let writer = CacheWriter::create(dest).map_err(|source| CreateError::Store {
        image: dest.display().to_string(),
        source,
    })?;
    let mut report = CreateReport::default();
    let mut plan = BlobPlan::new();
    for image in images {
        progress(&Progress::Image { image });
        let mut run = ImageRun {
            source,
            writer: &writer,
            image,
            report: &mut report,
            plan: &mut plan,
        };
        run.cache_image(options, progress)?;
        report.images += 1;
    }
    fetch_blobs(source, &writer, &plan, options, progress, &mut report)?;
    Ok(report)
}

struct ImageRun<'a> {
    source: &'a dyn Source,
    writer: &'a CacheWriter,
    image: &'a ImageRef,
    report: &'a mut CreateReport,
    plan: &'a mut BlobPlan,
}

impl ImageRun<'_> {
    fn name(&self) -> String {
        self.image.to_string()
    }

    fn repository(&self) -> &Repository {
        &self.image.repository
    }

    fn cache_image(
        &mut self,
        options: &CreateOptions,
        progress: &(dyn Fn(&Progress<'_>) + Sync),
    ) -> Result<(), CreateError> {
        let top = self
            .fetch(self.image.manifest_ref())?
            .ok_or_else(|| CreateError::NotFound { image: self.name() })?;
        let top_digest = self.store(&top, self.image.tag.as_deref())?;
        match self.parse(&top)? {
            Manifest::Image { config, layers } => self.plan_blobs(config, layers),
            Manifest::Index(entries) => {
                let chosen: Vec<Target> = match &options.platforms {
                    Platforms::All => entries.into_iter().map(|entry| entry.target).collect(),
                    Platforms::List(wanted) => wanted
                        .iter()
                        .map(|platform| {
                            entries
                                .iter()
                                .find(|entry| {
                                    entry
                                        .platform
                                        .as_ref()
                                        .is_some_and(|p| p.satisfies(platform))
                                })
                                .map(|entry| entry.target.clone())
                                .ok_or_else(|| CreateError::NoPlatform {
                                    image: self.name(),
                                    platform: platform.clone(),
                                })
                        })
                        .collect::<Result<_, _>>()?,
                };
                for child in chosen {
                    self.cache_child(&child.digest)?;
                }
            }
        }
        if options.cosign_signatures {
            self.cache_signature(&top_digest, progress)?;
        }
        Ok(())
    }

    /// A child manifest by digest: stored, and its blobs planned (a nested index is
    /// stored but not followed, as in Talos).
    fn cache_child(&mut self, digest: &Digest) -> Result<(), CreateError> {
        let bytes =
            self.fetch(ManifestRef::Digest(digest))?
                .ok_or_else(|| CreateError::NotFound {
                    image: format!("{}@{digest}", self.repository()),
                })?;
        self.store(&bytes, None)?;
        if let Manifest::Image { config, layers } = self.parse(&bytes)? {
            self.plan_blobs(config, layers);
        }
        Ok(())
    }

    /// The first of `sha256-<hex>.sig` and `sha256-<hex>` the source has: its manifest under
    /// the tag, and what it references.
    fn cache_signature(
        &mut self,
        signed: &Digest,
        progress: &(dyn Fn(&Progress<'_>) + Sync),
    ) -> Result<(), CreateError> {
        for tag in [format!("{}.sig", signed.file_name()), signed.file_name()] {
            let Some(bytes) = self.fetch(ManifestRef::Tag(&tag))? else {
                continue;
            };
            progress(&Progress::Signature {
                image: self.image,
                tag: &tag,
            });
            self.store(&bytes, Some(&tag))?;
            self.report.signatures += 1;
            match self.parse(&bytes)? {
                Manifest::Image { config, layers } => self.plan_blobs(config, layers),
                Manifest::Index(entries) => {
                    for entry in entries {
                        self.cache_child(&entry.target.digest)?;
                    }
                }
            }
            return Ok(());
        }
        Ok(())
    }

    /// Fetches a manifest; content fetched by digest must hash to it.
    fn fetch(&self, reference: ManifestRef<'_>) -> Result<Option<Vec<u8>>, CreateError> {
        let bytes = self
            .source
            .manifest(self.repository(), reference)
            .map_err(|source| CreateError::Source {
                image: self.name(),
                source,
            })?;
        if let (Some(bytes), ManifestRef::Digest(expected)) = (&bytes, reference) {
            let actual = Digest::of(bytes);
            if actual != *expected {
                return Err(CreateError::ManifestDigest {
                    image: self.name(),
                    expected: *expected,
                    actual,
                });
            }
        }
        Ok(bytes)
    }

    fn store(&mut self, bytes: &[u8], tag: Option<&str>) -> Result<Digest, CreateError> {
        self.report.manifests += 1;
        self.writer
            .put_manifest(self.repository(), bytes, tag)
            .map_err(|source| CreateError::Store {
                image: self.name(),
                source,
            })
    }

    fn parse(&self, bytes: &[u8]) -> Result<Manifest, CreateError> {
        Manifest::parse(bytes).map_err(|source| CreateError::Manifest {
            image: self.name(),
            source,
        })
    }

    fn plan_blobs(&mut self, config: Target, layers: Vec<Target>) {
        for target in std::iter::once(config).chain(layers) {
            self.plan
                .entry(target.digest)
                .or_insert_with(|| (target.size, self.image.repository.clone()));
        }
    }
}

/// Downloads the planned blobs with `options.jobs` workers; the first failure stops the
/// others from starting new blobs.
fn fetch_blobs(
    source: &dyn Source,
    writer: &CacheWriter,
    plan: &BlobPlan,
    options: &CreateOptions,
    progress: &(dyn Fn(&Progress<'_>) + Sync),
    report: &mut CreateReport,
) -> Result<(), CreateError> {
    progress(&Progress::BlobsPlanned {
        count: plan.len(),
        bytes: plan.values().map(|(size, _)| size).sum(),
    });
    // Largest first, so the long downloads overlap the short ones.
    let mut queue: Vec<(&Digest, &(u64, Repository))> = plan.iter().collect();
    queue.sort_by_key(|(_, (size, _))| *size);
    let queue = Mutex::new(queue);
    let failed = AtomicBool::new(false);
    let shared = Mutex::new((std::mem::take(report), None::<CreateError>));
    let count = plan.len();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, count.max(1)) {
            scope.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let Some((digest, (size, repository))) =
                        queue.lock().unwrap_or_else(|e| e.into_inner()).pop()
                    else {
                        break;
                    };
                    let result =
                        fetch_blob(source, writer, repository, digest, *size, options, progress);
                    let mut guard = shared.lock().unwrap_or_else(|e| e.into_inner());
                    let (report, error) = &mut *guard;
                    match result {
                        Ok(outcome) => {
                            match outcome {
                                BlobOutcome::Written | BlobOutcome::Linked => {
                                    report.blobs_written += 1;
                                    report.bytes_written += size;
                                    report.blobs_linked +=
                                        usize::from(outcome == BlobOutcome::Linked);
                                }
                                BlobOutcome::Present => report.blobs_present += 1,
                            }
                            let done = report.blobs_written + report.blobs_present;
                            progress(&Progress::Blob {
                                digest,
                                size: *size,
                                outcome,
                                done,
                                count,
                            });
                        }
                        Err(err) => {
                            failed.store(true, Ordering::Relaxed);
                            error.get_or_insert(err);
                        }
                    }
                }
            });
        }
    });
    let (done, error) = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    *report = done;
    error.map_or(Ok(()), Err)
}

fn fetch_blob(
    source: &dyn Source,
    writer: &CacheWriter,
    repository: &Repository,
    digest: &Digest,
    size: u64,
    options: &CreateOptions,
    progress: &(dyn Fn(&Progress<'_>) + Sync),
) -> Result<BlobOutcome, CreateError> {
    let name = format!("{repository}@{digest}");
    let store_error = |source| CreateError::Store {
        image: name.clone(),
        source,
    };
    if writer.has_blob(digest, size).map_err(store_error)? {
        return Ok(BlobOutcome::Present);
    }
    if options.link_local_blobs
        && let Some(file) = source.blob_file(repository, digest)
        && writer.link_blob(digest, size, &file).map_err(store_error)?
    {
        return Ok(BlobOutcome::Linked);
    }
    let mut attempt = 1;
    loop {
        let result = writer.put_blob(digest, size, |sink| {
            source
                .blob(repository, digest, size, sink)
                .map_err(|source| CreateError::Source {
                    image: name.clone(),
                    source,
                })
        });
        match result {
            Ok(()) => return Ok(BlobOutcome::Written),
            Err(err) if attempt < options.attempts.max(1) && retryable(&err) => {
                progress(&Progress::Retry {
                    digest,
                    error: err.to_string(),
                });
                attempt += 1;
            }
            Err(err) => return Err(err),
        }
    }
}

/// Network trouble and wrong bytes may pass; a missing local file or a full disk will not.
fn retryable(err: &CreateError) -> bool {
    match err {
        CreateError::Source { source, .. } => matches!(source, SourceError::Registry { .. }),
        CreateError::Store { source, .. } => {
            matches!(
                source,
                StoreError::DigestMismatch { .. } | StoreError::SizeMismatch { .. }
            )
        }
        _ => false,
    }
}

impl From<StoreError> for CreateError {
    fn from(source: StoreError) -> CreateError {
        CreateError::Store {
            image: String::new(),
            source,
        }
    }
}
