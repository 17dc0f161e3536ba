//! Node identity: the affiliate ID, its machine-id and the `node-identity.yaml` file.

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use rand::TryRngCore as _;
use rand::rngs::OsRng;

use crate::base62;

/// Name of the identity file at the root of the Talos STATE partition.
pub const NODE_IDENTITY_FILENAME: &str = "node-identity.yaml";

/// Random bytes in a generated node identity.
pub const NODE_ID_BYTES: usize = 32;

/// A string that cannot be a node identity, or a failure to make one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NodeIdError {
    /// The ID is empty.
    #[error("the node ID is empty")]
    Empty,
    /// The ID is longer than the discovery service accepts as an affiliate ID.
    #[error("the node ID is {len} bytes long; the discovery service accepts at most {max}")]
    TooLong {
        /// Length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
    /// The ID is not base62.
    #[error("the node ID is not base62: {0}")]
    NotBase62(#[from] base62::Base62Error),
    /// The ID decodes to fewer bytes than a machine-id needs.
    #[error("the node ID decodes to {len} bytes; a machine-id needs at least 16")]
    TooShortForMachineId {
        /// Decoded length in bytes.
        len: usize,
    },
    /// The operating system's random source failed.
    #[error("cannot read random bytes for a node ID: {0}")]
    Random(String),
}

/// A node identity (affiliate ID): base62 of 32 random bytes in Talos, usually 43–45 characters.
///
/// The same string is the `affiliate_id` of every service call and the `node_id` inside the
/// encrypted payload.
///
/// ```
/// use talos_discovery_crypto::NodeId;
///
/// let id: NodeId = "sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L".parse()?;
/// assert_eq!(id.machine_id()?.to_string(), "be871ac0d0dd31fa4caca753b0f3f1b2");
/// assert_eq!(id.to_identity_yaml(), "nodeId: sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(String);

impl NodeId {
    /// Longest affiliate ID the discovery service accepts, in bytes.
    pub const MAX_LEN: usize = 256;

    /// A new identity from 32 bytes of the operating system's CSPRNG.
    pub fn generate() -> Result<Self, NodeIdError> {
        let mut bytes = [0u8; NODE_ID_BYTES];
        OsRng
            .try_fill_bytes(&mut bytes)
            .map_err(|error| NodeIdError::Random(error.to_string()))?;
        Self::from_bytes(&bytes)
    }

    /// The identity for the given bytes (base62-encoded); Talos uses 32 random bytes. Empty
    /// input, or so much that the ID exceeds 256 characters, is refused like in
    /// [`NodeId::parse`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, NodeIdError> {
        Self::checked(base62::encode(bytes))
    }

    /// Checks an identity string: non-empty, at most 256 bytes, base62 characters only.
    pub fn parse(id: &str) -> Result<Self, NodeIdError> {
        // Decoding only fails on foreign characters, which is the check we want.
        base62::decode(id)?;
        Self::checked(id.to_owned())
    }

    /// Applies the length limits to a base62 string.
    fn checked(id: String) -> Result<Self, NodeIdError> {
        match id.len() {
            0 => Err(NodeIdError::Empty),
            len if len > Self::MAX_LEN => Err(NodeIdError::TooLong {
                len,
                max: Self::MAX_LEN,
            }),
            _ => Ok(Self(id)),
        }
    }

    /// The identity string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The bytes the identity encodes.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Every character was checked when the ID was made, so decoding cannot fail.
        base62::decode(&self.0).unwrap_or_default()
    }

    /// The `/etc/machine-id` Talos derives: the first 16 decoded bytes.
    pub fn machine_id(&self) -> Result<MachineId, NodeIdError> {
        let bytes = self.to_bytes();
        let first = bytes
            .first_chunk::<16>()
            .ok_or(NodeIdError::TooShortForMachineId { len: bytes.len() })?;
        Ok(MachineId(*first))
    }

    /// The content of `node-identity.yaml` as Talos writes it: `nodeId: <id>\n` (node IDs are
    /// alphanumeric, and any that YAML would read as something other than a string, like `123`
    /// or `true`, is double-quoted as Go's encoder does).
    pub fn to_identity_yaml(&self) -> String {
        if yaml_reads_as_non_string(&self.0) {
            format!("nodeId: \"{}\"\n", self.0)
        } else {
            format!("nodeId: {}\n", self.0)
        }
    }

    /// Reads the content of `node-identity.yaml`.
    pub fn from_identity_yaml(text: &str) -> Result<Self, IdentityFileError> {
        #[derive(serde::Deserialize)]
        struct IdentityDocument {
            #[serde(rename = "nodeId", default)]
            node_id: Option<String>,
        }
        let document: IdentityDocument = serde_yaml::from_str(text)
            .map_err(|error| IdentityFileError::Yaml(error.to_string()))?;
        let id = document.node_id.unwrap_or_default();
        Ok(Self::parse(&id)?)
    }

    /// Reads an identity file.
    pub fn read_identity_file(path: &Path) -> Result<Self, IdentityFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| IdentityFileError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_identity_yaml(&text)
    }

    /// Writes a new identity file with mode 0600; fails if the file already exists.
    pub fn write_identity_file(&self, path: &Path) -> Result<(), IdentityFileError> {
        let io_error = |source| IdentityFileError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(io_error)?;
        file.write_all(self.to_identity_yaml().as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io_error)
    }

    /// What Talos does at boot: read the identity file, or create it with a new identity when
    /// it does not exist. The flag tells whether the identity was created.
    pub fn load_or_create_identity_file(path: &Path) -> Result<(Self, bool), IdentityFileError> {
        match std::fs::metadata(path) {
            Ok(_) => Ok((Self::read_identity_file(path)?, false)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let id = Self::generate()?;
                id.write_identity_file(path)?;
                Ok((id, true))
            }
            Err(source) => Err(IdentityFileError::Io {
                path: path.display().to_string(),
                source,
            }),
        }
    }
}

/// Whether Go's YAML encoder double-quotes this alphanumeric value because a YAML reader could
/// take it for something other than a string (null, boolean, integer, float).
fn yaml_reads_as_non_string(text: &str) -> bool {
    // Go's YAML v3 encoder quotes the YAML 1.2 core keywords and the YAML 1.1 booleans it
    // still recognises for compatibility (but not the dot-less `inf`/`nan`).
    const KEYWORDS: &[&str] = &[
        "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes",
        "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if KEYWORDS.contains(&text) {
        return true;
    }
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let hex_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_hexdigit());
    let octal_digits =
        |part: &str| !part.is_empty() && part.bytes().all(|b| matches!(b, b'0'..=b'7'));
    let binary_digits =
        |part: &str| !part.is_empty() && part.bytes().all(|b| matches!(b, b'0' | b'1'));
    if digits(text) {
        return true;
    }
    if let Some(rest) = text.strip_prefix("0x") {
        return hex_digits(rest);
    }
    if let Some(rest) = text.strip_prefix("0o") {
        return octal_digits(rest);
    }
    if let Some(rest) = text.strip_prefix("0b") {
        return binary_digits(rest);
    }
    // Exponent forms such as 1e5 or 12E3.
    if let Some((mantissa, exponent)) = text.split_once(['e', 'E']) {
        return digits(mantissa) && digits(exponent);
    }
    false
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for NodeId {
    type Err = NodeIdError;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::parse(id)
    }
}

/// A systemd-style machine-id (16 bytes, shown as 32 lowercase hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MachineId([u8; 16]);

impl MachineId {
    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for MachineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

/// A `node-identity.yaml` that cannot be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityFileError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system error.
        source: std::io::Error,
    },
    /// The file is not YAML of the expected shape.
    #[error("node identity YAML: {0}")]
    Yaml(String),
    /// The `nodeId` value is missing or invalid.
    #[error("node identity: {0}")]
    NodeId(#[from] NodeIdError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_ids_from_talos_tests() {
        let id = NodeId::parse("sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L").unwrap();
        assert_eq!(
            id.machine_id().unwrap().to_string(),
            "be871ac0d0dd31fa4caca753b0f3f1b2"
        );
        let id =
            NodeId::from_identity_yaml("nodeId: gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE\n")
                .unwrap();
        assert_eq!(
            id.machine_id().unwrap().to_string(),
            "8d2c0de2408fa2a178bad7f45d9aa8fb"
        );
    }

    #[test]
    fn generated_ids_have_talos_lengths() {
        for _ in 0..200 {
            let id = NodeId::generate().unwrap();
            assert!((43..=45).contains(&id.as_str().len()), "{id}");
            assert_eq!(id.to_bytes().len(), 32);
        }
    }

    #[test]
    fn from_bytes_limits() {
        assert_eq!(NodeId::from_bytes(&[]), Err(NodeIdError::Empty));
        assert!(NodeId::from_bytes(&[0xff; 200]).is_err());
        assert_eq!(
            NodeId::from_bytes(&[0; 32]).unwrap().as_str(),
            "A".repeat(43)
        );
        assert_eq!(
            NodeId::parse("A".repeat(257).as_str()),
            Err(NodeIdError::TooLong { len: 257, max: 256 })
        );
    }

    #[test]
    fn yaml_edge_cases() {
        assert!(matches!(
            NodeId::from_identity_yaml("nodeId: \"\"\n"),
            Err(IdentityFileError::NodeId(NodeIdError::Empty))
        ));
        assert!(matches!(
            NodeId::from_identity_yaml("other: 1\n"),
            Err(IdentityFileError::NodeId(NodeIdError::Empty))
        ));
        assert!(matches!(
            NodeId::from_identity_yaml("nodeId: [1]\n"),
            Err(IdentityFileError::Yaml(_))
        ));
        let id = NodeId::parse("123").unwrap();
        assert_eq!(id.to_identity_yaml(), "nodeId: \"123\"\n");
        assert_eq!(
            NodeId::from_identity_yaml(&id.to_identity_yaml()).unwrap(),
            id
        );
    }

    #[test]
    fn identity_file_is_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(NODE_IDENTITY_FILENAME);
        let (created, was_created) = NodeId::load_or_create_identity_file(&path).unwrap();
        assert!(was_created);
        let (loaded, was_created) = NodeId::load_or_create_identity_file(&path).unwrap();
        assert!(!was_created);
        assert_eq!(created, loaded);
        assert!(matches!(
            created.write_identity_file(&path),
            Err(IdentityFileError::Io { .. })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
