//! Key material: the cluster key (from the cluster secret) and the cluster ID.

use std::fmt;
use std::net::Ipv6Addr;

use aes::cipher::consts::{U12, U16};
use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockCipher, BlockDecrypt, BlockEncrypt, BlockSizeUser, KeyInit};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::AesGcm;
use aes_gcm::aead::AeadInPlace;
use base64::Engine as _;
use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
use sha2::{Digest as _, Sha256};
use zeroize::{ZeroizeOnDrop, Zeroizing};

/// Length of the AES-GCM nonce at the front of every affiliate blob.
pub const NONCE_LEN: usize = 12;
/// Length of the AES-GCM authentication tag at the end of every affiliate blob.
pub const TAG_LEN: usize = 16;
/// AES block length; endpoint blobs are a whole number of blocks.
pub const BLOCK_LEN: usize = 16;
/// Key length Talos generates for cluster secrets (AES-256).
pub const DEFAULT_KEY_LEN: usize = 32;

/// Standard base64 with padding, as lenient about non-zero trailing bits as Go's
/// `base64.StdEncoding`.
const CLUSTER_SECRET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

/// A cluster secret that cannot be used as a key.
///
/// The messages never contain secret material (not even the offending base64 character).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The secret is not standard base64 with padding.
    #[error("the cluster secret is not valid standard base64 (with `=` padding)")]
    InvalidBase64,
    /// The decoded secret is not 16, 24 or 32 bytes long.
    #[error("the cluster secret decodes to {len} bytes; AES needs 16, 24 or 32 (Talos uses 32)")]
    InvalidLength {
        /// Decoded length in bytes.
        len: usize,
    },
}

/// The AES key shared by all nodes of a cluster, used for the AES-GCM affiliate blobs and the
/// AES-ECB endpoint blobs.
///
/// The expanded key schedules are wiped when the key is dropped, and `Debug` shows only the key
/// size.
///
/// ```
/// use talos_discovery_crypto::ClusterKey;
///
/// let key = ClusterKey::from_cluster_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=")?;
/// assert_eq!(key.bits(), 256);
/// assert!(!format!("{key:?}").contains("vlf2"));
/// # Ok::<(), talos_discovery_crypto::KeyError>(())
/// ```
pub struct ClusterKey {
    ciphers: Box<dyn KeyedCiphers>,
    bits: usize,
}

impl ClusterKey {
    /// Decodes the cluster secret (`cluster.secret` or `DiscoveryIdentityConfig.clusterSecret`):
    /// standard base64 with padding whose bytes are the AES key as-is (no KDF). Like Go's
    /// decoder, line breaks (`\r`, `\n`) anywhere in the text are ignored.
    pub fn from_cluster_secret(secret: &str) -> Result<Self, KeyError> {
        let text: Zeroizing<Vec<u8>> = Zeroizing::new(
            secret
                .bytes()
                .filter(|&byte| byte != b'\r' && byte != b'\n')
                .collect(),
        );
        let bytes = Zeroizing::new(
            CLUSTER_SECRET_BASE64
                .decode(text.as_slice())
                .map_err(|_| KeyError::InvalidBase64)?,
        );
        Self::from_bytes(&bytes)
    }

    /// Uses raw key bytes: 16, 24 or 32 of them (AES-128/192/256).
    pub fn from_bytes(key: &[u8]) -> Result<Self, KeyError> {
        let ciphers: Box<dyn KeyedCiphers> = match key.len() {
            16 => Box::new(AesPair::<Aes128>::new(key)?),
            24 => Box::new(AesPair::<Aes192>::new(key)?),
            32 => Box::new(AesPair::<Aes256>::new(key)?),
            len => return Err(KeyError::InvalidLength { len }),
        };
        Ok(Self {
            ciphers,
            bits: key.len() * 8,
        })
    }

    /// Key size in bits: 128, 192 or 256.
    pub fn bits(&self) -> usize {
        self.bits
    }

    pub(crate) fn ciphers(&self) -> &dyn KeyedCiphers {
        self.ciphers.as_ref()
    }
}

impl fmt::Debug for ClusterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClusterKey")
            .field("bits", &self.bits)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl ZeroizeOnDrop for ClusterKey {}

/// AES-GCM (with a 12-byte nonce and 16-byte tag) and raw AES block operations under one key.
pub(crate) trait KeyedCiphers: Send + Sync + ZeroizeOnDrop {
    /// Encrypts `buffer` in place (no associated data) and returns the tag.
    fn seal_in_place(&self, nonce: &[u8; NONCE_LEN], buffer: &mut [u8]) -> Option<[u8; TAG_LEN]>;
    /// Verifies `tag` and decrypts `buffer` in place; `None` if the tag does not match.
    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        buffer: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Option<()>;
    /// Encrypts every whole 16-byte block of `buffer` independently (ECB).
    fn encrypt_blocks(&self, buffer: &mut [u8]);
    /// Decrypts every whole 16-byte block of `buffer` independently (ECB).
    fn decrypt_blocks(&self, buffer: &mut [u8]);
}

/// The two uses of one AES key. The block ciphers wipe their key schedules on drop (aes
/// `zeroize` feature), and so does the GHASH state (polyval `zeroize` feature).
struct AesPair<Cipher: BlockSizeUser<BlockSize = U16>> {
    gcm: AesGcm<Cipher, U12>,
    block: Cipher,
}

impl<Cipher> AesPair<Cipher>
where
    Cipher: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockEncrypt + KeyInit + Clone,
{
    fn new(key: &[u8]) -> Result<Self, KeyError> {
        let block =
            Cipher::new_from_slice(key).map_err(|_| KeyError::InvalidLength { len: key.len() })?;
        Ok(Self {
            gcm: AesGcm::from(block.clone()),
            block,
        })
    }
}

impl<Cipher> ZeroizeOnDrop for AesPair<Cipher> where
    Cipher: BlockSizeUser<BlockSize = U16> + ZeroizeOnDrop
{
}

impl<Cipher> KeyedCiphers for AesPair<Cipher>
where
    Cipher: BlockCipher
        + BlockSizeUser<BlockSize = U16>
        + BlockEncrypt
        + BlockDecrypt
        + ZeroizeOnDrop
        + Send
        + Sync,
{
    fn seal_in_place(&self, nonce: &[u8; NONCE_LEN], buffer: &mut [u8]) -> Option<[u8; TAG_LEN]> {
        let tag = self
            .gcm
            .encrypt_in_place_detached(GenericArray::from_slice(nonce), &[], buffer)
            .ok()?;
        Some(tag.into())
    }

    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        buffer: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Option<()> {
        self.gcm
            .decrypt_in_place_detached(
                GenericArray::from_slice(nonce),
                &[],
                buffer,
                GenericArray::from_slice(tag),
            )
            .ok()
    }

    fn encrypt_blocks(&self, buffer: &mut [u8]) {
        for block in buffer.chunks_exact_mut(BLOCK_LEN) {
            self.block
                .encrypt_block(GenericArray::from_mut_slice(block));
        }
    }

    fn decrypt_blocks(&self, buffer: &mut [u8]) {
        for block in buffer.chunks_exact_mut(BLOCK_LEN) {
            self.block
                .decrypt_block(GenericArray::from_mut_slice(block));
        }
    }
}

/// A cluster ID that the discovery service would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterIdError {
    /// The ID is empty.
    #[error("the cluster ID is empty")]
    Empty,
    /// The ID is longer than the service accepts.
    #[error("the cluster ID is {len} bytes long; the discovery service accepts at most {max}")]
    TooLong {
        /// Length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
}

/// The cluster ID: the opaque string under which the discovery service stores a cluster.
///
/// It is sent verbatim and never decoded; Talos ≤ 1.13 generated URL-safe base64, Talos 1.14
/// standard base64, and both are simply different strings. Length: 1 to 256 bytes.
///
/// ```
/// use talos_discovery_crypto::{ClusterId, UlaPurpose};
///
/// let id = ClusterId::new("8XuV9TZHW08DOk3bVxQjH9ih_TBKjnh-j44tsCLSBzo=")?;
/// assert_eq!(
///     id.ula_prefix(UlaPurpose::KubeSpan).to_string(),
///     "fd7f:175a:b97c:5602::/64"
/// );
/// # Ok::<(), talos_discovery_crypto::ClusterIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClusterId(String);

impl ClusterId {
    /// Longest cluster ID the discovery service accepts, in bytes.
    pub const MAX_LEN: usize = 256;

    /// Checks the service's length limits.
    pub fn new(id: impl Into<String>) -> Result<Self, ClusterIdError> {
        let id = id.into();
        match id.len() {
            0 => Err(ClusterIdError::Empty),
            len if len > Self::MAX_LEN => Err(ClusterIdError::TooLong {
                len,
                max: Self::MAX_LEN,
            }),
            _ => Ok(Self(id)),
        }
    }

    /// The ID as sent to the service.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Talos unique-local IPv6 /64 for `purpose`: `fd`, then bytes 1–6 of the last 16 bytes
    /// of SHA-256(cluster ID), then the purpose byte.
    pub fn ula_prefix(&self, purpose: UlaPurpose) -> UlaPrefix {
        let hash = Sha256::digest(self.0.as_bytes());
        let mut octets = [0u8; 16];
        octets[..8].copy_from_slice(&hash[16..24]);
        octets[0] = 0xfd;
        octets[7] = purpose.code();
        UlaPrefix {
            network: Ipv6Addr::from(octets),
        }
    }
}

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for ClusterId {
    type Err = ClusterIdError;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::new(id)
    }
}

/// What a Talos unique-local prefix is for (the byte at offset 7 of the prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UlaPurpose {
    /// Self-bootstrapping (`0x01`).
    Bootstrap,
    /// KubeSpan node addresses (`0x02`).
    KubeSpan,
    /// SideroLink (`0x03`).
    SideroLink,
    /// SideroLink tunnelled over gRPC (`0x04`).
    VirtualSideroLink,
}

impl UlaPurpose {
    /// The purpose byte.
    pub fn code(self) -> u8 {
        match self {
            Self::Bootstrap => 0x01,
            Self::KubeSpan => 0x02,
            Self::SideroLink => 0x03,
            Self::VirtualSideroLink => 0x04,
        }
    }
}

/// A Talos unique-local IPv6 /64 prefix derived from the cluster ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UlaPrefix {
    network: Ipv6Addr,
}

impl UlaPrefix {
    /// Prefix length in bits (always 64).
    pub const LEN: u8 = 64;

    /// The network address (host bits zero).
    pub fn network(&self) -> Ipv6Addr {
        self.network
    }
}

impl fmt::Display for UlaPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, Self::LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_sizes() {
        for len in [16, 24, 32] {
            assert_eq!(
                ClusterKey::from_bytes(&vec![7; len]).unwrap().bits(),
                len * 8
            );
        }
        for len in [0, 1, 15, 17, 31, 33, 64] {
            assert_eq!(
                ClusterKey::from_bytes(&vec![7; len]).unwrap_err(),
                KeyError::InvalidLength { len }
            );
        }
    }

    #[test]
    fn secret_decoding() {
        assert!(
            ClusterKey::from_cluster_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=").is_ok()
        );
        // Missing padding, URL-safe alphabet and whitespace are all rejected, as in Go.
        for bad in [
            "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q",
            "vlf2HU1NEZL3Ezi9Tk-RZBLJUbjnsHnTzs3wK9JNk6Q=",
            " vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=",
        ] {
            assert_eq!(
                ClusterKey::from_cluster_secret(bad).unwrap_err(),
                KeyError::InvalidBase64
            );
        }
        assert!(
            ClusterKey::from_cluster_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=\n")
                .is_ok()
        );
        assert_eq!(
            ClusterKey::from_cluster_secret("AAAA").unwrap_err(),
            KeyError::InvalidLength { len: 3 }
        );
    }

    #[test]
    fn key_schedules_are_wiped_on_drop() {
        fn wiped_on_drop<T: ZeroizeOnDrop>() {}
        wiped_on_drop::<Aes128>();
        wiped_on_drop::<Aes192>();
        wiped_on_drop::<Aes256>();
        wiped_on_drop::<ClusterKey>();
    }

    #[test]
    fn debug_redacts() {
        let key = ClusterKey::from_bytes(&[0xab; 32]).unwrap();
        let shown = format!("{key:?}");
        assert_eq!(shown, r#"ClusterKey { bits: 256, key: "<redacted>" }"#);
    }

    #[test]
    fn cluster_id_limits() {
        assert_eq!(ClusterId::new(""), Err(ClusterIdError::Empty));
        assert!(ClusterId::new("x".repeat(256)).is_ok());
        assert_eq!(
            ClusterId::new("x".repeat(257)),
            Err(ClusterIdError::TooLong { len: 257, max: 256 })
        );
    }

    #[test]
    fn talos_ula_vector() {
        let id = ClusterId::new("8XuV9TZHW08DOk3bVxQjH9ih_TBKjnh-j44tsCLSBzo=").unwrap();
        let prefix = id.ula_prefix(UlaPurpose::KubeSpan);
        assert_eq!(prefix.to_string(), "fd7f:175a:b97c:5602::/64");
    }
}
