//! Affiliate data: `nonce[12] ‖ AES-GCM ciphertext ‖ tag[16]`, no associated data.

use prost::Message as _;
use rand::RngCore as _;

use crate::key::{ClusterKey, NONCE_LEN, TAG_LEN};
use crate::payload::Affiliate;
use crate::service::limits;

/// A fresh GCM nonce from the thread-local CSPRNG (ChaCha, seeded from the operating system).
fn random_nonce() -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    nonce
}

/// Bytes an affiliate blob adds to its plaintext: nonce plus tag.
pub const SEAL_OVERHEAD: usize = NONCE_LEN + TAG_LEN;

/// Why an affiliate could not be sealed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// The blob would exceed what the discovery service stores.
    #[error(
        "the sealed affiliate data would be {len} bytes; the discovery service accepts at most {max}"
    )]
    TooLarge {
        /// Blob length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
}

/// Why an affiliate blob could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// Shorter than a nonce plus a tag.
    #[error("affiliate data is {len} bytes, shorter than the {SEAL_OVERHEAD}-byte nonce and tag")]
    TooShort {
        /// Blob length in bytes.
        len: usize,
    },
    /// The tag does not verify: wrong key, or the blob was truncated or altered.
    #[error(
        "affiliate data failed authentication (wrong cluster secret, or truncated or altered data)"
    )]
    Authentication,
    /// Authentic, but not an `Affiliate` protobuf.
    #[error("decrypted affiliate data is not a valid Affiliate protobuf: {0}")]
    Protobuf(#[from] prost::DecodeError),
}

impl ClusterKey {
    /// Encodes and encrypts an affiliate under a fresh random nonce (from the thread-local
    /// CSPRNG), as `SetLocalData` in the Go discovery client does.
    ///
    /// ```
    /// use talos_discovery_crypto::ClusterKey;
    /// use talos_discovery_crypto::payload::Affiliate;
    ///
    /// let key = ClusterKey::from_bytes(&[1; 32])?;
    /// let affiliate = Affiliate { hostname: "node-1".into(), ..Affiliate::default() };
    /// let blob = key.seal(&affiliate)?;
    /// assert_eq!(key.open(&blob)?, affiliate);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seal(&self, affiliate: &Affiliate) -> Result<Vec<u8>, SealError> {
        // Encoded straight into the blob, without an intermediate plaintext buffer.
        self.seal_into(&random_nonce(), affiliate.encoded_len(), |blob| {
            affiliate.encode_raw(blob)
        })
    }

    /// Encrypts already-encoded plaintext under a fresh random nonce.
    pub fn seal_plaintext(&self, plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        self.seal_with_nonce(plaintext, &random_nonce())
    }

    /// **For tests and test vectors only.** Encrypts under the given nonce.
    ///
    /// Sealing two different plaintexts with the same nonce under the same key reveals their
    /// XOR and lets anyone forge tags; real data must go through [`ClusterKey::seal`].
    #[doc(hidden)]
    pub fn seal_with_nonce(
        &self,
        plaintext: &[u8],
        nonce: &[u8; NONCE_LEN],
    ) -> Result<Vec<u8>, SealError> {
        self.seal_into(nonce, plaintext.len(), |blob| {
            blob.extend_from_slice(plaintext)
        })
    }

    /// Builds `nonce ‖ ciphertext ‖ tag`, where `write_plaintext` appends exactly
    /// `plaintext_len` bytes.
    fn seal_into(
        &self,
        nonce: &[u8; NONCE_LEN],
        plaintext_len: usize,
        write_plaintext: impl FnOnce(&mut Vec<u8>),
    ) -> Result<Vec<u8>, SealError> {
        let len = plaintext_len + SEAL_OVERHEAD;
        let too_large = SealError::TooLarge {
            len,
            max: limits::MAX_AFFILIATE_DATA_LEN,
        };
        if len > limits::MAX_AFFILIATE_DATA_LEN {
            return Err(too_large);
        }
        let mut blob = Vec::with_capacity(len);
        blob.extend_from_slice(nonce);
        write_plaintext(&mut blob);
        // The length check above keeps us far below GCM's 64 GiB message limit, the only
        // reason encryption can fail.
        let tag = self
            .ciphers()
            .seal_in_place(nonce, &mut blob[NONCE_LEN..])
            .ok_or(too_large)?;
        blob.extend_from_slice(&tag);
        Ok(blob)
    }

    /// Verifies, decrypts and decodes an affiliate blob.
    pub fn open(&self, blob: &[u8]) -> Result<Affiliate, OpenError> {
        // Decoding from `Bytes` lets prost slice the fields out instead of copying them twice.
        let plaintext = prost::bytes::Bytes::from(self.open_plaintext(blob)?);
        Ok(Affiliate::decode(plaintext)?)
    }

    /// Verifies and decrypts an affiliate blob, returning the protobuf bytes.
    pub fn open_plaintext(&self, blob: &[u8]) -> Result<Vec<u8>, OpenError> {
        let too_short = OpenError::TooShort { len: blob.len() };
        let (nonce, rest) = blob
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(too_short.clone())?;
        let (ciphertext, tag) = rest.split_last_chunk::<TAG_LEN>().ok_or(too_short)?;
        let mut plaintext = ciphertext.to_vec();
        self.ciphers()
            .open_in_place(nonce, &mut plaintext, tag)
            .ok_or(OpenError::Authentication)?;
        Ok(plaintext)
    }
}
