//! The flat cache tree registryd serves:
//!
//! ```text
//! <root>/blob/sha256-<hex>                                   configs and layers, one pool
//! <root>/manifests/<registry dir>/<repository>/reference/<tag>   a tag's top-level manifest
//! <root>/manifests/<registry dir>/<repository>/digest/sha256-<hex>  every manifest by digest
//! ```
//!
//! A registry with a port, `host:port`, is stored as `host_port_` (no `:` in file names, for
//! VFAT); Docker Hub is `docker.io` and its one-component names get `library/`.

use std::path::{Path, PathBuf};

use crate::digest::Digest;

/// The directory of blobs under the root.
pub const BLOB_DIR: &str = "blob";
/// The directory of manifests under the root.
pub const MANIFESTS_DIR: &str = "manifests";
/// The directory of tag files under a repository.
pub const REFERENCE_DIR: &str = "reference";
/// The directory of digest-named manifests under a repository.
pub const DIGEST_DIR: &str = "digest";

/// The directory name of a registry host: `host:port` becomes `host_port_`.
pub fn registry_dir(host: &str) -> String {
    match host.split_once(':') {
        Some((name, port)) => format!("{name}_{port}_"),
        None => host.to_owned(),
    }
}

/// The registry host of a directory name, as registryd reads it back: the text up to the
/// first `_` is the host and the text up to the second `_` the port; a name with fewer
/// than two `_` is a host as it is.
pub fn registry_host(dir: &str) -> String {
    let mut parts = dir.splitn(3, '_');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(host), Some(port), Some(_)) => format!("{host}:{port}"),
        _ => dir.to_owned(),
    }
}

/// A flat cache tree rooted at a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatLayout {
    root: PathBuf,
}

impl FlatLayout {
    /// The tree at `root` (nothing is checked or created).
    pub fn new(root: impl Into<PathBuf>) -> FlatLayout {
        FlatLayout { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/blob`.
    pub fn blob_dir(&self) -> PathBuf {
        self.root.join(BLOB_DIR)
    }

    /// `<root>/blob/sha256-<hex>`.
    pub fn blob_path(&self, digest: &Digest) -> PathBuf {
        self.blob_dir().join(digest.file_name())
    }

    /// `<root>/manifests`.
    pub fn manifests_dir(&self) -> PathBuf {
        self.root.join(MANIFESTS_DIR)
    }

    /// `<root>/manifests/<registry dir>/<repository>`.
    pub fn repository_dir(&self, repository: &Repository) -> PathBuf {
        self.manifests_dir().join(repository.relative_dir())
    }

    /// The tag file of `tag` in `repository`.
    pub fn reference_path(&self, repository: &Repository, tag: &str) -> PathBuf {
        self.repository_dir(repository)
            .join(REFERENCE_DIR)
            .join(tag)
    }

    /// The manifest file of `digest` in `repository`.
    pub fn manifest_path(&self, repository: &Repository, digest: &Digest) -> PathBuf {
        self.repository_dir(repository)
            .join(DIGEST_DIR)
            .join(digest.file_name())
    }
}

/// A repository in a registry, already normalised (`docker.io`, `library/…`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Repository {
    /// The registry host, with its port if any (`registry.k8s.io:443`).
    pub registry: String,
    /// The path in the registry (`library/alpine`, `coredns/coredns`).
    pub path: String,
}

impl Repository {
    /// The repository's directory relative to `manifests/`, always with `/`.
    pub fn relative_dir(&self) -> String {
        format!("{}/{}", registry_dir(&self.registry), self.path)
    }
}

impl std::fmt::Display for Repository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.registry, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_ports_become_underscores_and_back() {
        assert_eq!(registry_dir("registry.k8s.io:443"), "registry.k8s.io_443_");
        assert_eq!(registry_dir("ghcr.io"), "ghcr.io");
        assert_eq!(registry_host("registry.k8s.io_443_"), "registry.k8s.io:443");
        assert_eq!(registry_host("ghcr.io"), "ghcr.io");
        assert_eq!(registry_host("my_host"), "my_host");
        // Split on the first two underscores, as registryd does.
        assert_eq!(registry_host("a_b_c_"), "a:b");
    }

    #[test]
    fn paths_follow_the_flat_tree() {
        let layout = FlatLayout::new("/c");
        let repo = Repository {
            registry: "localhost:5000".into(),
            path: "x/y".into(),
        };
        let digest = Digest::of(b"");
        assert_eq!(
            layout.manifest_path(&repo, &digest),
            PathBuf::from(format!(
                "/c/manifests/localhost_5000_/x/y/digest/{}",
                digest.file_name()
            ))
        );
        assert_eq!(
            layout.reference_path(&repo, "v1"),
            PathBuf::from("/c/manifests/localhost_5000_/x/y/reference/v1")
        );
        assert_eq!(
            layout.blob_path(&digest),
            PathBuf::from(format!("/c/blob/{}", digest.file_name()))
        );
    }
}
