//! The Talos ADV: the first 512 KiB of META, two identical 256 KiB copies.
//!
//! One copy is `magic1 ‖ entries ‖ zero padding ‖ SHA-256 ‖ magic2`, integers big-endian, each
//! entry `tag: u32 ‖ size: u32 ‖ value`. The checksum covers the whole copy with its own 32
//! bytes zeroed. Readers use copy 1 when it is valid, otherwise copy 2.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::{AdvError, MetaError, keys};

/// Bytes in one copy.
pub const COPY_LEN: usize = 256 * 1024;
/// Bytes of the data area of one copy (the entries and their padding).
pub const DATA_LEN: usize = COPY_LEN - 40;
/// Bytes of both copies together.
pub const IMAGE_LEN: usize = 2 * COPY_LEN;
/// The largest value a single entry can hold (the data area minus one entry header).
pub const MAX_VALUE_LEN: usize = DATA_LEN - ENTRY_HEADER_LEN;
/// First four bytes of a copy.
pub const MAGIC1: u32 = 0x5A4B_3C2D;
/// Last four bytes of a copy.
pub const MAGIC2: u32 = 0xA5B4_C3D2;

const ENTRY_HEADER_LEN: usize = 8;
const DATA_START: usize = 4;
const CHECKSUM_START: usize = COPY_LEN - 36;
const MAGIC2_START: usize = COPY_LEN - 4;

/// The key/value entries of a Talos ADV, kept in key order.
///
/// ```
/// use talos_meta::adv::TalosAdv;
///
/// let mut adv = TalosAdv::new();
/// adv.set(0x0b, b"code".to_vec())?;
/// let copy = adv.to_copy()?;
/// assert_eq!(TalosAdv::parse_copy(&copy).unwrap(), adv);
/// # Ok::<(), talos_meta::MetaError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TalosAdv {
    entries: BTreeMap<u8, Vec<u8>>,
}

impl std::fmt::Debug for TalosAdv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values may be secrets (machine tokens); show sizes only.
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v.len())))
            .finish()
    }
}

impl TalosAdv {
    /// An ADV with no entries.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses and verifies one 256 KiB copy.
    ///
    /// As in go-adv, tags wider than a byte keep their low byte and a later duplicate
    /// replaces an earlier one. Entry sizes are checked without overflow (go-adv panics on
    /// sizes near `u32::MAX`).
    pub fn parse_copy(copy: &[u8]) -> Result<Self, AdvError> {
        verify_copy(copy)?;
        let mut entries = BTreeMap::new();
        let mut data = &copy[DATA_START..CHECKSUM_START];
        while data.len() >= ENTRY_HEADER_LEN {
            let tag = be_u32(&data[0..4]);
            if tag == 0 {
                break;
            }
            let size = be_u32(&data[4..8]);
            let end = ENTRY_HEADER_LEN as u64 + u64::from(size);
            if (data.len() as u64) < end {
                return Err(AdvError::EntryOverrun { tag, size });
            }
            let end = end as usize;
            // Truncation to the low byte is go-adv's `Tag(tag)` conversion.
            entries.insert(tag as u8, data[ENTRY_HEADER_LEN..end].to_vec());
            data = &data[end..];
        }
        Ok(Self { entries })
    }

    /// The value under `key`.
    pub fn get(&self, key: u8) -> Option<&[u8]> {
        self.entries.get(&key).map(Vec::as_slice)
    }

    /// Whether `key` holds a value.
    pub fn contains(&self, key: u8) -> bool {
        self.entries.contains_key(&key)
    }

    /// Stores `value` under `key`, refusing key 0 and anything that would not fit on disk.
    pub fn set(&mut self, key: u8, value: Vec<u8>) -> Result<(), MetaError> {
        keys::check_writable(key)?;
        let replaced = self
            .entries
            .get(&key)
            .map_or(0, |old| old.len() + ENTRY_HEADER_LEN);
        let needed = self.used_bytes() - replaced + value.len() + ENTRY_HEADER_LEN;
        if needed > DATA_LEN {
            return Err(MetaError::Full {
                needed,
                available: DATA_LEN,
            });
        }
        self.entries.insert(key, value);
        Ok(())
    }

    /// Removes `key`, returning its value if it had one.
    pub fn remove(&mut self, key: u8) -> Option<Vec<u8>> {
        self.entries.remove(&key)
    }

    /// Keys in ascending order.
    pub fn keys(&self) -> impl Iterator<Item = u8> + '_ {
        self.entries.keys().copied()
    }

    /// Entries in ascending key order.
    pub fn iter(&self) -> impl Iterator<Item = (u8, &[u8])> + '_ {
        self.entries.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes of the data area the entries take (value lengths plus 8-byte headers).
    pub fn used_bytes(&self) -> usize {
        self.entries
            .values()
            .map(|v| v.len() + ENTRY_HEADER_LEN)
            .sum()
    }

    /// Serialises one copy, entries in ascending key order.
    ///
    /// Fails only for an entry under key 0, which can appear when a tag wider than a byte
    /// was read from disk: writing it would end the entry list early and lose data.
    pub fn to_copy(&self) -> Result<Vec<u8>, MetaError> {
        if self.contains(0) {
            return Err(MetaError::ReservedKey);
        }
        let mut copy = vec![0u8; COPY_LEN];
        copy[..DATA_START].copy_from_slice(&MAGIC1.to_be_bytes());
        copy[MAGIC2_START..].copy_from_slice(&MAGIC2.to_be_bytes());
        let mut at = DATA_START;
        for (&key, value) in &self.entries {
            copy[at..at + 4].copy_from_slice(&u32::from(key).to_be_bytes());
            copy[at + 4..at + 8].copy_from_slice(&(value.len() as u32).to_be_bytes());
            copy[at + 8..at + 8 + value.len()].copy_from_slice(value);
            at += ENTRY_HEADER_LEN + value.len();
        }
        let digest = checksum(&copy);
        copy[CHECKSUM_START..MAGIC2_START].copy_from_slice(&digest);
        Ok(copy)
    }

    /// Serialises both copies (512 KiB), as Talos writes them.
    pub fn to_image(&self) -> Result<Vec<u8>, MetaError> {
        let mut image = self.to_copy()?;
        image.extend_from_within(..);
        Ok(image)
    }
}

/// Which copy of the Talos ADV a read used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CopyUsed {
    /// Copy 1 was valid (copy 2 was not looked at, as in Talos).
    First,
    /// Copy 1 was invalid for the given reason; copy 2 was valid.
    Second(AdvError),
    /// Both copies are all zeroes: a META that was never written.
    Blank,
    /// Both copies are invalid; the ADV was treated as empty.
    Neither {
        /// Why copy 1 was rejected.
        first: AdvError,
        /// Why copy 2 was rejected.
        second: AdvError,
    },
}

/// Reads both copies (512 KiB) the way Talos does: copy 1 if valid, else copy 2.
///
/// Returns [`MetaError::Corrupt`] when both are invalid and the area is not blank, unless
/// `lenient`, which treats it as empty as Talos does (the next write repairs it).
pub fn parse_image(image: &[u8], lenient: bool) -> Result<(TalosAdv, CopyUsed), MetaError> {
    if image.len() < IMAGE_LEN {
        return Err(MetaError::TooSmall {
            size: image.len() as u64,
            minimum: IMAGE_LEN as u64,
        });
    }
    let first = match TalosAdv::parse_copy(&image[..COPY_LEN]) {
        Ok(adv) => return Ok((adv, CopyUsed::First)),
        Err(reason) => reason,
    };
    let second = match TalosAdv::parse_copy(&image[COPY_LEN..IMAGE_LEN]) {
        Ok(adv) => return Ok((adv, CopyUsed::Second(first))),
        Err(reason) => reason,
    };
    if image[..IMAGE_LEN].iter().all(|&b| b == 0) {
        Ok((TalosAdv::new(), CopyUsed::Blank))
    } else if lenient {
        Ok((TalosAdv::new(), CopyUsed::Neither { first, second }))
    } else {
        Err(MetaError::Corrupt { first, second })
    }
}

/// Whether `copy` has both magics and a matching checksum (entries are not walked).
pub fn verify_copy(copy: &[u8]) -> Result<(), AdvError> {
    if copy.len() != COPY_LEN {
        return Err(AdvError::WrongLength {
            found: copy.len(),
            expected: COPY_LEN,
        });
    }
    for (at, expected) in [(0, MAGIC1), (MAGIC2_START, MAGIC2)] {
        let found = be_u32(&copy[at..at + 4]);
        if found != expected {
            return Err(AdvError::BadMagic { found, expected });
        }
    }
    if checksum(copy)[..] != copy[CHECKSUM_START..MAGIC2_START] {
        return Err(AdvError::BadChecksum);
    }
    Ok(())
}

/// SHA-256 of a copy with its checksum field taken as zeroes, without copying the buffer.
fn checksum(copy: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(&copy[..CHECKSUM_START]);
    hasher.update([0u8; 32]);
    hasher.update(&copy[MAGIC2_START..]);
    hasher.finalize().into()
}

fn be_u32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_counts_every_header() {
        let mut adv = TalosAdv::new();
        adv.set(0x0c, vec![b'A'; MAX_VALUE_LEN]).unwrap();
        assert!(matches!(
            adv.set(0x0d, Vec::new()),
            Err(MetaError::Full { needed, .. }) if needed == DATA_LEN + 8
        ));
        // Replacing the full value with itself still fits.
        adv.set(0x0c, vec![b'B'; MAX_VALUE_LEN]).unwrap();
        let mut fresh = TalosAdv::new();
        assert!(matches!(
            fresh.set(0x0c, vec![0; MAX_VALUE_LEN + 1]),
            Err(MetaError::Full { .. })
        ));
    }

    #[test]
    fn oversized_entry_is_an_error_not_a_panic() {
        let mut copy = TalosAdv::new().to_copy().unwrap();
        copy[4..8].copy_from_slice(&1u32.to_be_bytes());
        copy[8..12].copy_from_slice(&0xFFFF_FFF8u32.to_be_bytes());
        let digest = checksum(&copy);
        copy[CHECKSUM_START..MAGIC2_START].copy_from_slice(&digest);
        assert_eq!(
            TalosAdv::parse_copy(&copy),
            Err(AdvError::EntryOverrun {
                tag: 1,
                size: 0xFFFF_FFF8
            })
        );
    }

    #[test]
    fn wide_tags_keep_their_low_byte() {
        let mut copy = TalosAdv::new().to_copy().unwrap();
        copy[4..8].copy_from_slice(&0x10Au32.to_be_bytes());
        copy[8..12].copy_from_slice(&1u32.to_be_bytes());
        copy[12] = b'x';
        let digest = checksum(&copy);
        copy[CHECKSUM_START..MAGIC2_START].copy_from_slice(&digest);
        let adv = TalosAdv::parse_copy(&copy).unwrap();
        assert_eq!(adv.get(0x0a), Some(&b"x"[..]));
    }
}
