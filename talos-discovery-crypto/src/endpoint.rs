//! Endpoint blobs: `[len] ‖ Endpoint protobuf ‖ zero padding` to whole AES blocks, each block
//! encrypted on its own (ECB) so equal endpoints give equal bytes and the service can
//! deduplicate them without seeing them. There is no integrity protection.

use prost::Message as _;

use crate::key::{BLOCK_LEN, ClusterKey};
use crate::payload::Endpoint;

/// Why an endpoint could not be encrypted or an endpoint blob not decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// The encoded endpoint does not fit the one-byte length prefix.
    #[error("the encoded endpoint is {len} bytes; the one-byte length prefix allows at most 255")]
    EncodedTooLong {
        /// Encoded length in bytes.
        len: usize,
    },
    /// The blob is empty.
    #[error("the endpoint blob is empty")]
    Empty,
    /// The blob is not a whole number of AES blocks.
    #[error("the endpoint blob is {len} bytes, not a multiple of the 16-byte AES block")]
    NotBlockAligned {
        /// Blob length in bytes.
        len: usize,
    },
    /// The decrypted length byte does not match the blob: it claims more bytes than follow, or
    /// fewer than the blocks need (wrong key or garbage).
    #[error(
        "the decrypted length byte says {declared} bytes, which does not fit a {len}-byte blob (wrong cluster secret or garbage)"
    )]
    LengthMismatch {
        /// The length the first decrypted byte declares.
        declared: usize,
        /// Blob length in bytes.
        len: usize,
    },
    /// The padding after the endpoint is not all zero (wrong key or garbage).
    #[error("the endpoint padding is not zero (wrong cluster secret or garbage)")]
    NonZeroPadding,
    /// The framed bytes are not an `Endpoint` protobuf.
    #[error("the decrypted endpoint is not a valid Endpoint protobuf: {0}")]
    Protobuf(#[from] prost::DecodeError),
}

/// The longest blob a one-byte length prefix allows: 1 + 255 bytes, i.e. 16 blocks.
const MAX_FRAMED_LEN: usize = 256;

/// Blob length for an encoded endpoint of `encoded_len` bytes: length byte plus the encoding,
/// rounded up to whole blocks.
fn framed_len(encoded_len: usize) -> usize {
    (1 + encoded_len).div_ceil(BLOCK_LEN) * BLOCK_LEN
}

impl ClusterKey {
    /// Encrypts one endpoint exactly as the Go discovery client does (deterministic: the same
    /// endpoint under the same key always gives the same bytes).
    ///
    /// ```
    /// use talos_discovery_crypto::ClusterKey;
    /// use talos_discovery_crypto::payload::Endpoint;
    ///
    /// let key = ClusterKey::from_bytes(&[1; 32])?;
    /// let endpoint = Endpoint::from_socket_addr("[2001:db8::1]:51820".parse().unwrap());
    /// let blob = key.encrypt_endpoint(&endpoint)?;
    /// assert_eq!(blob.len(), 32);
    /// assert_eq!(key.decrypt_endpoint(&blob)?, endpoint);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encrypt_endpoint(&self, endpoint: &Endpoint) -> Result<Vec<u8>, EndpointError> {
        let encoded_len = endpoint.encoded_len();
        let length_byte = u8::try_from(encoded_len)
            .map_err(|_| EndpointError::EncodedTooLong { len: encoded_len })?;
        let mut blob = Vec::with_capacity(framed_len(encoded_len));
        blob.push(length_byte);
        endpoint.encode_raw(&mut blob);
        blob.resize(framed_len(encoded_len), 0);
        self.ciphers().encrypt_blocks(&mut blob);
        Ok(blob)
    }

    /// Decrypts one endpoint blob, with the checks the Go client lacks: the length byte must
    /// match the number of blocks and the padding must be zero, so a wrong key or garbage is
    /// rejected (usually; ECB has no integrity protection, so treat endpoints as hints).
    pub fn decrypt_endpoint(&self, blob: &[u8]) -> Result<Endpoint, EndpointError> {
        if blob.is_empty() {
            return Err(EndpointError::Empty);
        }
        if !blob.len().is_multiple_of(BLOCK_LEN) {
            return Err(EndpointError::NotBlockAligned { len: blob.len() });
        }
        // Only the first block is needed to learn the declared length, and every valid blob
        // fits MAX_FRAMED_LEN, so decryption happens on the stack.
        let decrypt_len = blob.len().min(MAX_FRAMED_LEN);
        let mut plain = [0u8; MAX_FRAMED_LEN];
        let plain = &mut plain[..decrypt_len];
        plain.copy_from_slice(&blob[..decrypt_len]);
        self.ciphers().decrypt_blocks(plain);
        let (&length_byte, rest) = plain.split_first().ok_or(EndpointError::Empty)?;
        let declared = usize::from(length_byte);
        let length_mismatch = EndpointError::LengthMismatch {
            declared,
            len: blob.len(),
        };
        if framed_len(declared) != blob.len() {
            return Err(length_mismatch);
        }
        let (encoded, padding) = rest.split_at_checked(declared).ok_or(length_mismatch)?;
        if padding.iter().any(|&byte| byte != 0) {
            return Err(EndpointError::NonZeroPadding);
        }
        Ok(Endpoint::decode(encoded)?)
    }
}
