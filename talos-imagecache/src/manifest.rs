//! Manifests read with `oci-spec` types. The cache stores and serves their raw bytes;
//! parsing only finds what they point at.

use oci_spec::image::{Descriptor, ImageIndex, ImageManifest};

use crate::digest::{Digest, DigestError};

/// The OCI image index media type.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// The OCI image manifest media type.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// The Docker manifest list media type.
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// The Docker image manifest media type.
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// Every manifest media type the cache stores (what a registry is asked for).
pub const ACCEPTED_MEDIA_TYPES: &[&str] = &[OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST];

/// Why a manifest could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// Not JSON, or not shaped like an index or an image manifest.
    #[error("invalid manifest: {0}")]
    Invalid(String),
    /// A media type the cache does not handle (Docker schema 1, artifacts of other kinds).
    #[error("unsupported manifest media type {0:?}")]
    UnsupportedMediaType(String),
    /// A descriptor with a digest other than sha256.
    #[error("manifest descriptor: {0}")]
    Digest(#[from] DigestError),
}

/// What a descriptor points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The content's digest.
    pub digest: Digest,
    /// The content's size in bytes.
    pub size: u64,
    /// The media type the descriptor gives.
    pub media_type: String,
}

/// A platform as `os/architecture[/variant]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Platform {
    /// `linux`, `windows`, `unknown` (attestations).
    pub os: String,
    /// `amd64`, `arm64`, …
    pub architecture: String,
    /// `v7`, `v8`, or empty.
    pub variant: String,
}

impl Platform {
    /// Parses `os/arch[/variant]`.
    pub fn parse(text: &str) -> Option<Platform> {
        let mut parts = text.split('/');
        let os = parts.next().filter(|s| !s.is_empty())?;
        let architecture = parts.next().filter(|s| !s.is_empty())?;
        let variant = parts.next().unwrap_or("");
        if parts.next().is_some() {
            return None;
        }
        Some(Platform {
            os: os.to_owned(),
            architecture: architecture.to_owned(),
            variant: variant.to_owned(),
        })
    }

    /// `linux/amd64`, the default everywhere.
    pub fn linux_amd64() -> Platform {
        Platform {
            os: "linux".into(),
            architecture: "amd64".into(),
            variant: String::new(),
        }
    }

    /// Whether an index entry for `self` serves a request for `wanted` (go-containerregistry's
    /// rule: OS and architecture equal, the variant equal when one is asked for).
    pub fn satisfies(&self, wanted: &Platform) -> bool {
        self.os == wanted.os
            && self.architecture == wanted.architecture
            && (wanted.variant.is_empty() || self.variant == wanted.variant)
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if !self.variant.is_empty() {
            write!(f, "/{}", self.variant)?;
        }
        Ok(())
    }
}

/// One child of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The child manifest.
    pub target: Target,
    /// Its platform, when the index gives one.
    pub platform: Option<Platform>,
}

/// A parsed manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    /// An OCI index or Docker manifest list.
    Index(Vec<IndexEntry>),
    /// An image (or artifact) manifest: its config and layers.
    Image {
        /// The config blob.
        config: Target,
        /// The layer blobs, in order.
        layers: Vec<Target>,
    },
}

impl Manifest {
    /// Parses manifest bytes, telling index from image by `mediaType`, or when that is
    /// absent by the fields present (as registryd does since Talos 1.13).
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let invalid = |err: serde_json::Error| ManifestError::Invalid(err.to_string());
        match content_type(bytes)? {
            ManifestKind::Index => {
                let index: ImageIndex = serde_json::from_slice(bytes).map_err(invalid)?;
                let entries = index
                    .manifests()
                    .iter()
                    .map(|descriptor| {
                        Ok(IndexEntry {
                            target: target(descriptor)?,
                            platform: descriptor.platform().as_ref().map(|p| Platform {
                                os: p.os().to_string(),
                                architecture: p.architecture().to_string(),
                                variant: p.variant().clone().unwrap_or_default(),
                            }),
                        })
                    })
                    .collect::<Result<_, ManifestError>>()?;
                Ok(Manifest::Index(entries))
            }
            ManifestKind::Image => {
                let manifest: ImageManifest = serde_json::from_slice(bytes).map_err(invalid)?;
                Ok(Manifest::Image {
                    config: target(manifest.config())?,
                    layers: manifest
                        .layers()
                        .iter()
                        .map(target)
                        .collect::<Result<_, _>>()?,
                })
            }
        }
    }
}

fn target(descriptor: &Descriptor) -> Result<Target, ManifestError> {
    Ok(Target {
        digest: Digest::parse(descriptor.digest().as_ref())?,
        size: descriptor.size(),
        media_type: descriptor.media_type().to_string(),
    })
}

/// Index or image, as far as the cache cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKind {
    /// `manifests` lists children.
    Index,
    /// `config` and `layers` name blobs.
    Image,
}

/// The `Content-Type` registryd serves for manifest bytes: the `mediaType` field, or when
/// it is absent the OCI index type for a document with `manifests` and the OCI manifest
/// type for one with `layers` or `config`. `None` when neither applies (registryd's 500).
pub fn served_media_type(bytes: &[u8]) -> Option<String> {
    let probe: MediaTypeProbe = serde_json::from_slice(bytes).ok()?;
    match probe.media_type {
        Some(media_type) => Some(media_type),
        None if probe.manifests.is_some() => Some(OCI_INDEX.to_owned()),
        None if probe.layers.is_some() || probe.config.is_some() => Some(OCI_MANIFEST.to_owned()),
        None => None,
    }
}

/// Index or image by the served media type; other media types are refused.
pub fn content_type(bytes: &[u8]) -> Result<ManifestKind, ManifestError> {
    let media_type = served_media_type(bytes)
        .ok_or_else(|| ManifestError::Invalid("neither an index nor an image manifest".into()))?;
    match media_type.as_str() {
        OCI_INDEX | DOCKER_LIST => Ok(ManifestKind::Index),
        OCI_MANIFEST | DOCKER_MANIFEST => Ok(ManifestKind::Image),
        _ => Err(ManifestError::UnsupportedMediaType(media_type)),
    }
}

/// `value` as JSON text with every object's keys in byte order. serde_json's own order
/// depends on its `preserve_order` feature, which another crate linked into the same
/// binary can switch on (the Python extension does): the bytes this crate writes, and so
/// their digests, must not depend on the binary.
pub(crate) fn sorted_json(value: &serde_json::Value) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&SortedKeys(value))
}

struct SortedKeys<'a>(&'a serde_json::Value);

impl serde::Serialize for SortedKeys<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.0 {
            serde_json::Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    out.serialize_entry(key, &SortedKeys(value))?;
                }
                out.end()
            }
            serde_json::Value::Array(items) => serializer.collect_seq(items.iter().map(SortedKeys)),
            other => other.serialize(serializer),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct MediaTypeProbe {
    media_type: Option<String>,
    manifests: Option<serde::de::IgnoredAny>,
    layers: Option<serde::de::IgnoredAny>,
    config: Option<serde::de::IgnoredAny>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_json_orders_keys_at_every_level() {
        let value =
            serde_json::json!({"b": 1, "a": [{"z": true, "m": null}], "A": {"y": "", "x": 2.5}});
        assert_eq!(
            String::from_utf8(sorted_json(&value).unwrap()).unwrap(),
            r#"{"A":{"x":2.5,"y":""},"a":[{"m":null,"z":true}],"b":1}"#
        );
    }

    fn descriptor(media_type: &str, bytes: &[u8]) -> String {
        format!(
            r#"{{"mediaType":"{media_type}","digest":"{}","size":{}}}"#,
            Digest::of(bytes),
            bytes.len()
        )
    }

    #[test]
    fn image_manifests_name_their_blobs() {
        let json = format!(
            r#"{{"schemaVersion":2,"config":{},"layers":[{}]}}"#,
            descriptor("application/vnd.oci.image.config.v1+json", b"{}"),
            descriptor("application/vnd.oci.image.layer.v1.tar+gzip", b"layer"),
        );
        assert_eq!(
            served_media_type(json.as_bytes()).as_deref(),
            Some(OCI_MANIFEST)
        );
        let Manifest::Image { config, layers } = Manifest::parse(json.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(config.digest, Digest::of(b"{}"));
        assert_eq!(layers[0].size, 5);
    }

    #[test]
    fn indexes_list_platforms() {
        let json = format!(
            r#"{{"schemaVersion":2,"mediaType":"{DOCKER_LIST}","manifests":[{}]}}"#,
            descriptor(DOCKER_MANIFEST, b"m").replace(
                '}',
                r#","platform":{"os":"linux","architecture":"arm","variant":"v7"}}"#
            )
        );
        let Manifest::Index(entries) = Manifest::parse(json.as_bytes()).unwrap() else {
            panic!()
        };
        let platform = entries[0].platform.clone().unwrap();
        assert_eq!(platform.to_string(), "linux/arm/v7");
        assert!(platform.satisfies(&Platform::parse("linux/arm").unwrap()));
        assert!(!platform.satisfies(&Platform::parse("linux/arm/v6").unwrap()));
    }

    #[test]
    fn unusable_manifests_are_refused() {
        assert!(served_media_type(b"{}").is_none());
        assert!(Manifest::parse(b"not json").is_err());
        assert!(matches!(
            Manifest::parse(
                br#"{"mediaType":"application/vnd.docker.distribution.manifest.v1+json"}"#
            ),
            Err(ManifestError::UnsupportedMediaType(_))
        ));
        assert_eq!(Platform::parse("linux"), None);
        assert_eq!(Platform::parse("linux/amd64/v2/x"), None);
    }
}
