//! Where a cache's images come from: local OCI image layouts, or registries (feature
//! `registry`).

use std::io::Write;
use std::path::PathBuf;

use crate::digest::Digest;
use crate::layout::Repository;
use crate::reference::ManifestRef;

/// Why a source could not deliver.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// Reading local files failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A local layout's `index.json` or a registry answer is malformed.
    #[error("{0}")]
    Malformed(String),
    /// The registry refused the credentials (or asked for some and none were configured).
    #[error("authentication failed for {registry}: {message}")]
    Auth {
        /// The registry host.
        registry: String,
        /// The registry's or client's explanation.
        message: String,
    },
    /// The registry failed otherwise (network, TLS, 5xx).
    #[error("registry {registry}: {message}")]
    Registry {
        /// The registry host.
        registry: String,
        /// What went wrong.
        message: String,
    },
    /// Writing what was fetched failed (the sink's error).
    #[error("writing fetched content: {0}")]
    Sink(std::io::Error),
    /// The registry client itself could not be set up (its I/O runtime or HTTP stack),
    /// before any registry was asked.
    #[error("registry client: {0}")]
    Client(String),
}

/// A place images are copied from. Implementations are shared by the download workers, so
/// they must be `Sync`; they need not verify content (the cache hashes everything it
/// writes).
pub trait Source: Sync {
    /// The raw bytes of a manifest, or `Ok(None)` when the source does not have it (a
    /// registry's 404): cosign signature tags are optional.
    fn manifest(
        &self,
        repository: &Repository,
        reference: ManifestRef<'_>,
    ) -> Result<Option<Vec<u8>>, SourceError>;

    /// Streams blob `digest` of `repository` into `sink`. `size` is what the manifest says.
    fn blob(
        &self,
        repository: &Repository,
        digest: &Digest,
        size: u64,
        sink: &mut dyn Write,
    ) -> Result<(), SourceError>;

    /// The local file holding blob `digest`, for sources that are files on disk (lets
    /// [`CreateOptions::link_local_blobs`](crate::create::CreateOptions) hard-link it).
    /// `None` by default: the blob is then streamed with [`blob`](Source::blob).
    fn blob_file(&self, _repository: &Repository, _digest: &Digest) -> Option<PathBuf> {
        None
    }
}
