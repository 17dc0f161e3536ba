//! Checking a flat tree the way registryd and containerd will rely on it: every
//! `digest/*` and `blob/*` file hashes to its name, every tag resolves to a stored
//! manifest, every image manifest's config and layers are in `blob/` with the right size,
//! and for each index which of its children are present.
//!
//! Hashing is spread over worker threads (largest files first); everything else is
//! metadata.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::digest::Digest;
use crate::layout::{
    BLOB_DIR, DIGEST_DIR, FlatLayout, MANIFESTS_DIR, REFERENCE_DIR, registry_host,
};
use crate::manifest::{Manifest, Platform, served_media_type};

/// Why verification could not run at all (problems in the tree are [`Problem`]s).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The root is missing or unreadable.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// One thing wrong in the tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// A `blob/` or `digest/` file whose content does not hash to its name.
    Corrupt {
        /// The file, relative to the root.
        path: String,
        /// The digest its name promises.
        expected: Digest,
        /// What it hashes to.
        actual: Digest,
    },
    /// A file or directory that does not belong (bad name, symlink, device, stray temp file).
    Unexpected {
        /// Relative path.
        path: String,
        /// Why.
        reason: String,
    },
    /// A file that cannot be read.
    Unreadable {
        /// Relative path.
        path: String,
        /// The error.
        error: String,
    },
    /// A tag whose manifest is not stored under `digest/` (registryd answers 500).
    DanglingTag {
        /// The repository directory (`docker.io/library/alpine`).
        repository: String,
        /// The tag.
        tag: String,
        /// The digest of the tag file.
        digest: Digest,
    },
    /// A manifest that cannot be parsed, or that registryd cannot give a media type.
    BadManifest {
        /// Relative path.
        path: String,
        /// Why.
        error: String,
    },
    /// A blob an image manifest needs that is not in `blob/`.
    MissingBlob {
        /// The repository directory.
        repository: String,
        /// The manifest that needs it.
        manifest: Digest,
        /// The blob.
        digest: Digest,
    },
    /// A blob whose size is not what the manifest says.
    SizeMismatch {
        /// The blob.
        digest: Digest,
        /// The size in the manifest.
        expected: u64,
        /// The size on disk.
        actual: u64,
    },
}

/// For an index: which children are stored (only the cached platforms are expected).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IndexCoverage {
    /// The repository directory.
    pub repository: String,
    /// The index's digest.
    pub digest: Digest,
    /// Children stored, with their platforms (`unknown/unknown` for attestations).
    pub present: Vec<String>,
    /// Children not stored.
    pub absent: Vec<String>,
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    /// Blob files hashed.
    pub blobs: usize,
    /// Manifest files hashed.
    pub manifests: usize,
    /// Tags checked.
    pub tags: usize,
    /// Bytes hashed.
    pub bytes: u64,
    /// Repositories (registry dir + path).
    pub repositories: Vec<String>,
    /// Index children present and absent.
    pub indexes: Vec<IndexCoverage>,
    /// Everything wrong, in path order.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// Whether nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A file to hash: relative path, absolute path, the digest its name promises, its size.
struct Named {
    relative: String,
    path: PathBuf,
    digest: Digest,
    size: u64,
}

/// Verifies the tree at `root` with `jobs` hashing threads.
pub fn verify(root: &Path, jobs: usize) -> Result<VerifyReport, VerifyError> {
    let layout = FlatLayout::new(root);
    let mut walk = Walk::default();
    fs::read_dir(root).map_err(|source| VerifyError::Io {
        path: root.to_owned(),
        source,
    })?;
    walk.scan_root(&layout);

    let mut report = VerifyReport {
        repositories: walk.repositories.iter().cloned().collect(),
        ..Default::default()
    };
    report.blobs = walk.blobs.len();
    report.manifests = walk.manifests.values().map(BTreeMap::len).sum();
    let mut to_hash: Vec<&Named> = walk
        .blobs
        .values()
        .chain(walk.manifests.values().flat_map(BTreeMap::values))
        .collect();
    report.bytes = to_hash.iter().map(|f| f.size).sum();
    to_hash.sort_by_key(|f| f.size);
    let mut problems = walk.problems;
    problems.extend(hash_all(to_hash, jobs));

    // Tags, manifests and the blobs they need.
    for (repository, manifests) in &walk.manifests {
        for (tag, path) in walk.tags.get(repository).into_iter().flatten() {
            report.tags += 1;
            match fs::read(path) {
                Ok(bytes) => {
                    let digest = Digest::of(&bytes);
                    if !manifests.contains_key(&digest) {
                        problems.push(Problem::DanglingTag {
                            repository: repository.clone(),
                            tag: tag.clone(),
                            digest,
                        });
                    }
                }
                Err(err) => problems.push(unreadable(root, path, &err)),
            }
        }
        for (digest, named) in manifests {
            let bytes = match fs::read(&named.path) {
                Ok(bytes) => bytes,
                Err(err) => {
                    problems.push(unreadable(root, &named.path, &err));
                    continue;
                }
            };
            let bad = |error: String| Problem::BadManifest {
                path: named.relative.clone(),
                error,
            };
            if served_media_type(&bytes).is_none() {
                problems.push(bad(
                    "no mediaType and neither manifests nor layers: registryd answers 500".into(),
                ));
                continue;
            }
            match Manifest::parse(&bytes) {
                Err(err) => problems.push(bad(err.to_string())),
                Ok(Manifest::Image { config, layers }) => {
                    for target in std::iter::once(config).chain(layers) {
                        match walk.blobs.get(&target.digest) {
                            None => problems.push(Problem::MissingBlob {
                                repository: repository.clone(),
                                manifest: *digest,
                                digest: target.digest,
                            }),
                            Some(blob) if blob.size != target.size => {
                                problems.push(Problem::SizeMismatch {
                                    digest: target.digest,
                                    expected: target.size,
                                    actual: blob.size,
                                })
                            }
                            Some(_) => {}
                        }
                    }
                }
                Ok(Manifest::Index(entries)) => {
                    let mut coverage = IndexCoverage {
                        repository: repository.clone(),
                        digest: *digest,
                        present: Vec::new(),
                        absent: Vec::new(),
                    };
                    for entry in entries {
                        let platform = entry
                            .platform
                            .as_ref()
                            .map_or_else(|| "none".to_owned(), Platform::to_string);
                        let label = format!("{platform} {}", entry.target.digest);
                        if manifests.contains_key(&entry.target.digest) {
                            coverage.present.push(label);
                        } else {
                            coverage.absent.push(label);
                        }
                    }
                    report.indexes.push(coverage);
                }
            }
        }
    }
    problems.sort_by_key(problem_key);
    problems.dedup();
    report.problems = problems;
    Ok(report)
}

fn problem_key(problem: &Problem) -> String {
    match problem {
        Problem::Corrupt { path, .. }
        | Problem::Unexpected { path, .. }
        | Problem::Unreadable { path, .. }
        | Problem::BadManifest { path, .. } => path.clone(),
        Problem::DanglingTag {
            repository, tag, ..
        } => format!("{MANIFESTS_DIR}/{repository}/{REFERENCE_DIR}/{tag}"),
        Problem::MissingBlob { digest, .. } | Problem::SizeMismatch { digest, .. } => {
            format!("{BLOB_DIR}/{}", digest.file_name())
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn unreadable(root: &Path, path: &Path, err: &io::Error) -> Problem {
    Problem::Unreadable {
        path: relative(root, path),
        error: err.to_string(),
    }
}

/// What the walk collected.
#[derive(Default)]
struct Walk {
    root: PathBuf,
    blobs: BTreeMap<Digest, Named>,
    /// Repository dir → digest → manifest file.
    manifests: BTreeMap<String, BTreeMap<Digest, Named>>,
    /// Repository dir → (tag, file).
    tags: BTreeMap<String, Vec<(String, PathBuf)>>,
    repositories: BTreeSet<String>,
    problems: Vec<Problem>,
}

impl Walk {
    fn scan_root(&mut self, layout: &FlatLayout) {
        self.root = layout.root().to_owned();
        for (name, path, kind) in self.entries(layout.root()) {
            match (name.as_str(), kind) {
                (BLOB_DIR, EntryKind::Dir) => self.scan_blobs(&path),
                (MANIFESTS_DIR, EntryKind::Dir) => self.scan_repositories(&path, &mut Vec::new()),
                _ => self.unexpected(&path, "not part of a flat image cache"),
            }
        }
    }

    fn scan_blobs(&mut self, dir: &Path) {
        let blobs = self.digest_named(dir, "blob/ holds only sha256-<hex> files");
        self.blobs = blobs;
    }

    /// The `sha256-<hex>` files of `dir` by digest; anything else is unexpected.
    fn digest_named(&mut self, dir: &Path, rule: &str) -> BTreeMap<Digest, Named> {
        let mut files = BTreeMap::new();
        for (name, path, kind) in self.entries(dir) {
            match (Digest::from_file_name(&name), kind) {
                (Ok(digest), EntryKind::File(size)) => {
                    let relative = relative(&self.root, &path);
                    files.insert(
                        digest,
                        Named {
                            relative,
                            path,
                            digest,
                            size,
                        },
                    );
                }
                _ => self.unexpected(&path, rule),
            }
        }
        files
    }

    /// Walks `manifests/` down to directories holding `reference/` or `digest/`.
    fn scan_repositories(&mut self, dir: &Path, components: &mut Vec<String>) {
        for (name, path, kind) in self.entries(dir) {
            if kind != EntryKind::Dir {
                self.unexpected(
                    &path,
                    "manifests/ holds only directories above reference/ and digest/",
                );
                continue;
            }
            if components.len() >= 2 && (name == REFERENCE_DIR || name == DIGEST_DIR) {
                let repository = components.join("/");
                self.repositories.insert(repository.clone());
                if name == REFERENCE_DIR {
                    self.scan_tags(&path, &repository);
                } else {
                    self.scan_manifests(&path, &repository);
                }
                continue;
            }
            if components.is_empty() && registry_host(&name).contains('/') {
                self.unexpected(&path, "not a registry directory name");
                continue;
            }
            components.push(name);
            self.scan_repositories(&path, components);
            components.pop();
        }
    }

    fn scan_tags(&mut self, dir: &Path, repository: &str) {
        for (name, path, kind) in self.entries(dir) {
            if matches!(kind, EntryKind::File(_)) && valid_tag(&name) {
                self.tags
                    .entry(repository.to_owned())
                    .or_default()
                    .push((name, path));
            } else {
                self.unexpected(&path, "reference/ holds only files named by tags");
            }
        }
    }

    fn scan_manifests(&mut self, dir: &Path, repository: &str) {
        let manifests = self.digest_named(dir, "digest/ holds only sha256-<hex> files");
        self.manifests
            .entry(repository.to_owned())
            .or_default()
            .extend(manifests);
    }

    /// Sorted entries of a directory, symlinks and special files reported as problems.
    fn entries(&mut self, dir: &Path) -> Vec<(String, PathBuf, EntryKind)> {
        let read = match fs::read_dir(dir) {
            Ok(read) => read,
            Err(err) => {
                self.problems.push(unreadable(&self.root, dir, &err));
                return Vec::new();
            }
        };
        let mut entries = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    self.problems.push(unreadable(&self.root, dir, &err));
                    continue;
                }
            };
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                self.unexpected(&path, "file name is not UTF-8");
                continue;
            };
            match entry.metadata() {
                Ok(meta) if meta.is_dir() => entries.push((name, path, EntryKind::Dir)),
                Ok(meta) if meta.is_file() => {
                    entries.push((name, path, EntryKind::File(meta.len())))
                }
                Ok(_) => self.unexpected(
                    &path,
                    "only directories and regular files are allowed (no symlinks)",
                ),
                Err(err) => self.problems.push(unreadable(&self.root, &path, &err)),
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }

    fn unexpected(&mut self, path: &Path, reason: &str) {
        self.problems.push(Problem::Unexpected {
            path: relative(&self.root, path),
            reason: reason.to_owned(),
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Dir,
    File(u64),
}

/// The distribution tag grammar: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
pub(crate) fn valid_tag(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(&bytes[0])
        && bytes[1..]
            .iter()
            .all(|b| word(b) || *b == b'.' || *b == b'-')
}

/// Hashes `files` (sorted by size, largest popped first) on `jobs` threads.
fn hash_all(files: Vec<&Named>, jobs: usize) -> Vec<Problem> {
    let workers = jobs.clamp(1, files.len().max(1));
    let queue = Mutex::new(files);
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Pop in a statement of its own: a `while let` would hold the lock
                    // for the whole body and serialise the workers.
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop();
                    let Some(named) = next else { break };
                    let result = File::open(&named.path).and_then(Digest::of_reader);
                    let problem = match result {
                        Ok((actual, _)) if actual == named.digest => continue,
                        Ok((actual, _)) => Problem::Corrupt {
                            path: named.relative.clone(),
                            expected: named.digest,
                            actual,
                        },
                        Err(err) => Problem::Unreadable {
                            path: named.relative.clone(),
                            error: err.to_string(),
                        },
                    };
                    problems
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(problem);
                }
            });
        }
    });
    problems.into_inner().unwrap_or_else(|e| e.into_inner())
}
