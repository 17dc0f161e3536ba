//! Image references as users write them (`alpine:3.20`, `registry.k8s.io/pause:3.10`,
//! `ghcr.io/x/y:v1@sha256:…`), normalised the way the cache files them.

use std::fmt;
use std::str::FromStr;

use oci_spec::distribution::Reference;

use crate::digest::{Digest, DigestError};
use crate::layout::Repository;

/// Why an image reference was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReferenceError {
    /// Not an image reference by the distribution grammar.
    #[error("invalid image reference {reference:?}: {reason}")]
    Invalid {
        /// The text as given.
        reference: String,
        /// What the grammar rejected.
        reason: String,
    },
    /// The digest part is not a sha256 digest.
    #[error("invalid image reference {reference:?}: {source}")]
    Digest {
        /// The text as given.
        reference: String,
        /// The digest's own error.
        source: DigestError,
    },
}

/// A normalised image reference: Docker Hub is `docker.io` (never `index.docker.io`) with
/// `library/` for one-component names; a reference with neither tag nor digest means
/// `latest`. A tag next to a digest is kept: the cache files the manifest under both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImageRef {
    /// Registry and repository path.
    pub repository: Repository,
    /// The tag, if the reference has one (or has neither tag nor digest: `latest`).
    pub tag: Option<String>,
    /// The digest, if the reference pins one.
    pub digest: Option<Digest>,
}

impl ImageRef {
    /// Parses and normalises a reference.
    pub fn parse(text: &str) -> Result<ImageRef, ReferenceError> {
        let parsed = Reference::from_str(text).map_err(|err| ReferenceError::Invalid {
            reference: text.to_owned(),
            reason: err.to_string(),
        })?;
        // The grammar lets a first component with capitals pass as a host; Docker's
        // normaliser then files it under docker.io and refuses the capitals.
        if parsed.repository().bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(ReferenceError::Invalid {
                reference: text.to_owned(),
                reason: "repository name must be lowercase".into(),
            });
        }
        let digest = parsed
            .digest()
            .map(Digest::parse)
            .transpose()
            .map_err(|source| ReferenceError::Digest {
                reference: text.to_owned(),
                source,
            })?;
        Ok(ImageRef {
            repository: Repository {
                registry: parsed.registry().to_owned(),
                path: parsed.repository().to_owned(),
            },
            tag: parsed.tag().map(str::to_owned),
            digest,
        })
    }

    /// The manifest to ask a source for: the digest when pinned, else the tag.
    pub fn manifest_ref(&self) -> ManifestRef<'_> {
        match (&self.digest, &self.tag) {
            (Some(digest), _) => ManifestRef::Digest(digest),
            (None, Some(tag)) => ManifestRef::Tag(tag),
            // `parse` gives every reference a tag or a digest.
            (None, None) => ManifestRef::Tag("latest"),
        }
    }
}

impl FromStr for ImageRef {
    type Err = ReferenceError;

    fn from_str(text: &str) -> Result<ImageRef, ReferenceError> {
        ImageRef::parse(text)
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

/// A manifest named by tag or by digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestRef<'a> {
    /// A tag (`v1.2.3`, `sha256-<hex>.sig`).
    Tag(&'a str),
    /// A digest.
    Digest(&'a Digest),
}

impl fmt::Display for ManifestRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestRef::Tag(tag) => f.write_str(tag),
            ManifestRef::Digest(digest) => write!(f, "{digest}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (String, String, Option<String>, Option<String>) {
        let r = ImageRef::parse(text).unwrap();
        (
            r.repository.registry,
            r.repository.path,
            r.tag,
            r.digest.map(|d| d.to_string()),
        )
    }

    #[test]
    fn docker_hub_names_are_normalised() {
        let latest = Some("latest".to_owned());
        assert_eq!(
            parts("alpine"),
            (
                "docker.io".into(),
                "library/alpine".into(),
                latest.clone(),
                None
            )
        );
        assert_eq!(
            parts("index.docker.io/alpine"),
            ("docker.io".into(), "library/alpine".into(), latest, None)
        );
        assert_eq!(parts("user/app:1").1, "user/app");
    }

    #[test]
    fn ports_tags_and_digests_are_kept() {
        let d = Digest::of(b"m");
        let (registry, path, tag, digest) =
            parts(&format!("registry.k8s.io:443/coredns/coredns:v1@{d}"));
        assert_eq!(
            (registry.as_str(), path.as_str(), tag.as_deref()),
            ("registry.k8s.io:443", "coredns/coredns", Some("v1"))
        );
        assert_eq!(digest, Some(d.to_string()));
        let only_digest = ImageRef::parse(&format!("ghcr.io/a/b@{d}")).unwrap();
        assert_eq!(only_digest.tag, None);
        assert_eq!(only_digest.manifest_ref(), ManifestRef::Digest(&d));
        assert_eq!(only_digest.to_string(), format!("ghcr.io/a/b@{d}"));
    }

    #[test]
    fn bad_references_are_refused() {
        for text in ["", "UPPER/case", "a b", "ghcr.io/x:", "x@sha256:12"] {
            assert!(ImageRef::parse(text).is_err(), "{text}");
        }
    }
}
