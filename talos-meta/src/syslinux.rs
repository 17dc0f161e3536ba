//! The legacy syslinux ADV in the last 1 KiB of META: two 512-byte copies, little-endian.
//!
//! One copy is `head magic ‖ checksum ‖ 500 bytes of entries ‖ tail magic`; an entry is
//! `tag: u8 ‖ len: u8 ‖ value`, tag 0 ends the list. Talos only reads this area (as a
//! fallback for keys missing from the Talos ADV) and deletes from it; it never validates
//! the magics or checksum and never consults copy 2. This type behaves the same, and
//! [`LegacyAdv::validate`] offers the strict check Talos skips.

use crate::{AdvError, MetaError, keys};

/// Bytes of the whole legacy area (both copies).
pub const AREA_LEN: usize = 2 * COPY_LEN;
/// Bytes of one copy.
pub const COPY_LEN: usize = 512;
/// Head magic (little-endian at offset 0).
pub const HEAD_MAGIC: u32 = 0x5A2D_2FA5;
/// The value the checksum makes the sum of the words at offsets 4..508 equal.
pub const CHECKSUM_TARGET: u32 = 0xA304_1767;
/// Tail magic (little-endian at offset 508).
pub const TAIL_MAGIC: u32 = 0xDD28_BF64;
/// The longest value an entry can hold.
pub const MAX_VALUE_LEN: usize = u8::MAX as usize;

const ENTRIES_START: usize = 8;
const ENTRIES_END: usize = COPY_LEN - 4;
/// An entry header must start before this offset (go-adv's loop bound).
const WALK_END: usize = ENTRIES_END - 2;

/// The raw 1024 bytes of the legacy area, edited in place like syslinux and Talos do.
///
/// ```
/// use talos_meta::syslinux::LegacyAdv;
///
/// let mut legacy = LegacyAdv::empty();
/// legacy.set(1, b"test me")?;
/// assert_eq!(legacy.get(1), Some(&b"test me"[..]));
/// assert!(legacy.validate().is_ok());
/// # Ok::<(), talos_meta::MetaError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct LegacyAdv {
    raw: [u8; AREA_LEN],
}

impl std::fmt::Debug for LegacyAdv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LegacyAdv")
            .field("tags", &self.tags())
            .finish()
    }
}

/// One entry found by walking the list.
struct Entry {
    at: usize,
    tag: u8,
    len: usize,
}

impl LegacyAdv {
    /// All-zero raw bytes, as found on a freshly created META partition.
    pub fn zeroed() -> Self {
        Self { raw: [0; AREA_LEN] }
    }

    /// A valid, empty legacy area (magics and checksum set).
    pub fn empty() -> Self {
        let mut adv = Self::zeroed();
        adv.seal();
        adv
    }

    /// Takes the 1024 raw bytes as they are; nothing is validated (Talos does not either).
    pub fn from_bytes(raw: &[u8]) -> Result<Self, AdvError> {
        let raw: [u8; AREA_LEN] = raw.try_into().map_err(|_| AdvError::WrongLength {
            found: raw.len(),
            expected: AREA_LEN,
        })?;
        Ok(Self::from_raw(raw))
    }

    /// Takes the 1024 raw bytes as they are.
    pub fn from_raw(raw: [u8; AREA_LEN]) -> Self {
        Self { raw }
    }

    /// The raw 1024 bytes.
    pub fn as_bytes(&self) -> &[u8; AREA_LEN] {
        &self.raw
    }

    /// Walks the entries of copy 1 from the start; stops at tag 0 or the end of the area.
    fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let mut at = ENTRIES_START;
        std::iter::from_fn(move || {
            if at >= WALK_END || self.raw[at] == 0 {
                return None;
            }
            let entry = Entry {
                at,
                tag: self.raw[at],
                len: usize::from(self.raw[at + 1]),
            };
            at += 2 + entry.len;
            Some(entry)
        })
    }

    /// The value of the first entry with `tag`, unless that entry runs past the area.
    pub fn get(&self, tag: u8) -> Option<&[u8]> {
        let entry = self.entries().find(|entry| entry.tag == tag)?;
        let start = entry.at + 2;
        let end = start + entry.len;
        (end <= ENTRIES_END).then(|| &self.raw[start..end])
    }

    /// Every tag in list order, duplicates included.
    pub fn tags(&self) -> Vec<u8> {
        self.entries().map(|entry| entry.tag).collect()
    }

    /// Removes the first entry with `tag`, shifting the rest down and fixing the checksum.
    /// Returns whether an entry was removed.
    pub fn delete(&mut self, tag: u8) -> bool {
        let Some(entry) = self.entries().find(|entry| entry.tag == tag) else {
            return false;
        };
        // go-adv moves the bytes after the entry down over it and clears only the length of
        // the entry's header plus the moved bytes; the rest is left as it was, which shows
        // in the checksum, so it is mirrored here. An entry running past the area (which
        // panics go-adv) is cleared up to the end.
        let tail_start = (entry.at + 2 + entry.len).min(ENTRIES_END);
        let tail = self.raw[tail_start..ENTRIES_END].to_vec();
        let cleared_end = (entry.at + 2 + tail.len()).min(ENTRIES_END);
        self.raw[entry.at..cleared_end].fill(0);
        self.raw[entry.at..entry.at + tail.len()].copy_from_slice(&tail);
        self.seal();
        true
    }

    /// Replaces the entries with `tag` by one at the end of the list holding `value`.
    ///
    /// The list is rewritten from the readable entries: every duplicate of `tag` goes (go-adv
    /// removes only the first, so a damaged area holding the tag twice would keep returning
    /// the older value), entries running past the area and bytes after the list are dropped,
    /// and a failed set leaves the area untouched. From a well-formed area the bytes are the
    /// same as go-adv's.
    pub fn set(&mut self, tag: u8, value: &[u8]) -> Result<(), MetaError> {
        keys::check_writable(tag)?;
        if value.len() > MAX_VALUE_LEN {
            return Err(MetaError::LegacyValueTooLong(value.len()));
        }
        let kept: Vec<Entry> = self
            .entries()
            .filter(|entry| entry.tag != tag && entry.at + 2 + entry.len <= ENTRIES_END)
            .collect();
        let used: usize = kept.iter().map(|entry| 2 + entry.len).sum();
        if ENTRIES_START + used + 2 + value.len() > WALK_END {
            return Err(MetaError::LegacyFull);
        }
        let mut list = Vec::with_capacity(used + 2 + value.len());
        for entry in &kept {
            list.extend_from_slice(&self.raw[entry.at..entry.at + 2 + entry.len]);
        }
        list.extend_from_slice(&[tag, value.len() as u8]);
        list.extend_from_slice(value);
        self.raw[ENTRIES_START..ENTRIES_END].fill(0);
        self.raw[ENTRIES_START..ENTRIES_START + list.len()].copy_from_slice(&list);
        self.seal();
        Ok(())
    }

    /// Checks copy 1's magics and checksum, as syslinux does (Talos does not).
    pub fn validate(&self) -> Result<(), AdvError> {
        for (at, expected) in [(0, HEAD_MAGIC), (ENTRIES_END, TAIL_MAGIC)] {
            let found = le_u32(&self.raw[at..at + 4]);
            if found != expected {
                return Err(AdvError::BadMagic { found, expected });
            }
        }
        let sum = (4..ENTRIES_END).step_by(4).fold(0u32, |sum, at| {
            sum.wrapping_add(le_u32(&self.raw[at..at + 4]))
        });
        if sum != CHECKSUM_TARGET {
            return Err(AdvError::BadChecksum);
        }
        Ok(())
    }

    /// Writes the magics and checksum of copy 1 and mirrors it into copy 2.
    fn seal(&mut self) {
        self.raw[0..4].copy_from_slice(&HEAD_MAGIC.to_le_bytes());
        let checksum = (ENTRIES_START..ENTRIES_END)
            .step_by(4)
            .fold(CHECKSUM_TARGET, |sum, at| {
                sum.wrapping_sub(le_u32(&self.raw[at..at + 4]))
            });
        self.raw[4..8].copy_from_slice(&checksum.to_le_bytes());
        self.raw[ENTRIES_END..COPY_LEN].copy_from_slice(&TAIL_MAGIC.to_le_bytes());
        self.raw.copy_within(0..COPY_LEN, COPY_LEN);
    }
}

fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copy 1 with `prefix` at the start, tail magic at 508, mirrored into copy 2.
    fn vector(prefix: &[u8]) -> LegacyAdv {
        let mut raw = [0u8; AREA_LEN];
        raw[..prefix.len()].copy_from_slice(prefix);
        raw[508..512].copy_from_slice(&[0x64, 0xbf, 0x28, 0xdd]);
        raw.copy_within(0..512, 512);
        LegacyAdv { raw }
    }

    const TEST_ME: &[u8] = b"\xa5\x2f\x2d\x5a\x8e\x9b\x6f\xd0\x01\x07test me";

    #[test]
    fn go_adv_vectors() {
        assert_eq!(
            LegacyAdv::empty(),
            vector(b"\xa5\x2f\x2d\x5a\x67\x17\x04\xa3")
        );

        let mut adv = LegacyAdv::empty();
        adv.set(1, b"test me").unwrap();
        assert_eq!(adv, vector(TEST_ME));
        assert_eq!(adv.tags(), vec![1]);

        adv.set(6, b"add test").unwrap();
        let two = vector(b"\xa5\x2f\x2d\x5a\xc5\xbd\xd2\xfa\x01\x07test me\x06\x08add test");
        assert_eq!(adv, two);

        assert!(adv.delete(6));
        assert_eq!(adv, vector(TEST_ME));
        assert!(adv.delete(1));
        assert_eq!(adv, LegacyAdv::empty());
        assert!(!adv.delete(1));
    }

    #[test]
    fn delete_removes_only_the_first_duplicate() {
        let mut adv = vector(
            b"\xa5\x2f\x2d\x5a\x8e\x9b\x6f\xd0\x01\x07test me\x06\x08add test\x06\x08add test",
        );
        assert!(adv.delete(6));
        assert_eq!(
            adv,
            vector(b"\xa5\x2f\x2d\x5a\xc5\xbd\xd2\xfa\x01\x07test me\x06\x08add test")
        );
    }

    #[test]
    fn repeated_sets_do_not_accumulate_and_full_is_an_error() {
        let mut adv = LegacyAdv::empty();
        for _ in 0..1024 {
            adv.set(1, b"yes").unwrap();
        }
        assert_eq!(adv.tags(), vec![1]);
        let mut full = LegacyAdv::empty();
        let results: Vec<_> = (1..=254u8)
            .map(|tag| full.set(tag, b"xa").is_ok())
            .collect();
        let fitted = results.iter().filter(|ok| **ok).count();
        assert_eq!(fitted, 124);
        assert!(matches!(full.set(255, b"xa"), Err(MetaError::LegacyFull)));
        assert!(full.validate().is_ok());
        assert!(matches!(
            full.set(1, &[0; 256]),
            Err(MetaError::LegacyValueTooLong(256))
        ));
    }

    #[test]
    fn set_replaces_every_duplicate() {
        // Found by the fuzzer: tag 0x15 twice; the new value must be the one read back.
        let mut raw = [0u8; AREA_LEN];
        raw[8..10].copy_from_slice(&[0x15, 2]);
        raw[12..14].copy_from_slice(&[0x15, 1]);
        let mut adv = LegacyAdv::from_raw(raw);
        assert_eq!(adv.tags(), vec![0x15, 0x15]);
        adv.set(0x15, b"new").unwrap();
        assert_eq!(adv.tags(), vec![0x15]);
        assert_eq!(adv.get(0x15), Some(&b"new"[..]));
    }

    #[test]
    fn set_terminates_when_deletes_would_regenerate_the_tag() {
        // Found by the fuzzer: go-adv-style deletes leave the area's last bytes in place,
        // and here they keep producing new 0xff entries, so "delete until gone" never ends.
        let hex = [
            "ffff036b14d4c430cc000801011a1a1a1a1a1a1affff036b14d4c43001010101010101010101010101010101",
            "0101aeffffffffffaeaeaea3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3",
            "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3",
            "a3a3a3a3a3a3a3a3a3a3a3aeaeaeaeaeaeaeaeffff037e2222aeaeaeaeaeaeaeaeaeaeae3daeaeaeaeaeaeae",
            "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3aeaeaeaeaeaeaeaeffff037e2222aeaeaeaeaeaeaeae",
            "aeaeae3daeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeae010101010101010101010101010101",
            "010101015b0101010101010101010101010101010101010101b201010101ff037eff032b14010101010a0707",
            "0707070101010101ffff030107070707070101010101ffff03",
        ]
        .concat();
        let mut raw = [0u8; AREA_LEN];
        for (i, byte) in raw.iter_mut().enumerate().take(hex.len() / 2) {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
        }
        let mut adv = LegacyAdv::from_raw(raw);
        adv.set(0xff, b"v").unwrap();
        assert_eq!(adv.get(0xff), Some(&b"v"[..]));
        assert!(adv.delete(0xff));
        assert_eq!(adv.get(0xff), None);
    }

    #[test]
    fn garbage_never_panics() {
        let mut adv = LegacyAdv::from_bytes(&[0xff; AREA_LEN]).unwrap();
        assert_eq!(adv.get(0xff).map(<[u8]>::len), Some(255));
        assert!(adv.delete(0xff));
        assert!(adv.validate().is_ok());
        let zero = LegacyAdv::zeroed();
        assert_eq!(
            zero.validate(),
            Err(AdvError::BadMagic {
                found: 0,
                expected: HEAD_MAGIC
            })
        );
    }

    #[test]
    fn entries_running_past_the_area_are_not_read_but_can_be_deleted() {
        let mut raw = [0u8; AREA_LEN];
        raw[8] = 1;
        raw[9] = 255;
        raw[265] = 9;
        raw[266] = 255;
        let mut adv = LegacyAdv::from_bytes(&raw).unwrap();
        assert_eq!(adv.tags(), vec![1, 9]);
        assert_eq!(adv.get(9), None);
        assert!(adv.delete(9));
        assert_eq!(adv.tags(), vec![1]);
    }
}
