//! Error types. Each family has its own enum so callers can match on what went wrong.

use std::io;
use std::path::PathBuf;

/// Why one 256 KiB Talos ADV copy was rejected.
///
/// The texts follow go-adv's, so logs from both worlds read alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AdvError {
    /// The buffer is not exactly one copy long.
    #[error("adv: unexpected length {found}, expecting {expected}")]
    WrongLength {
        /// Bytes given.
        found: usize,
        /// Bytes required.
        expected: usize,
    },
    /// The magic number at the start or the end does not match.
    #[error("adv: unexpected magic {found:x}, expecting {expected:x}")]
    BadMagic {
        /// Value found.
        found: u32,
        /// Value required.
        expected: u32,
    },
    /// The stored SHA-256 does not match the contents.
    #[error("adv: checksum mismatch")]
    BadChecksum,
    /// An entry's declared size runs past the data area.
    #[error("adv: value goes beyond the end of the buffer: tag {tag}, size {size}")]
    EntryOverrun {
        /// The raw (32-bit) tag of the entry.
        tag: u32,
        /// The declared value size.
        size: u32,
    },
}

/// Errors from reading, editing or writing a META partition.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetaError {
    /// An I/O operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done ("reading", "writing", …).
        action: &'static str,
        /// The file or device involved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The partition is too small to hold both Talos copies and the legacy area.
    #[error("META area is {size} bytes; at least {minimum} bytes are needed")]
    TooSmall {
        /// Bytes available.
        size: u64,
        /// Bytes needed.
        minimum: u64,
    },
    /// Neither Talos ADV copy is valid and the area is not blank.
    #[error("both META copies are invalid (first: {first}; second: {second})")]
    Corrupt {
        /// Why copy 1 was rejected.
        first: AdvError,
        /// Why copy 2 was rejected.
        second: AdvError,
    },
    /// Key 0 terminates the entry list on disk, so a value stored under it would be lost.
    #[error("key 0x00 is the ADV terminator and cannot hold a value")]
    ReservedKey,
    /// A key given as a number or text does not fit a byte.
    #[error("invalid META key {0:?}: keys are 0x01..0xff")]
    InvalidKey(String),
    /// The Talos ADV data area cannot hold the new contents.
    #[error("META is full: {needed} bytes needed, {available} available")]
    Full {
        /// Bytes the entries would take (value lengths plus 8-byte headers).
        needed: usize,
        /// Size of the data area.
        available: usize,
    },
    /// A legacy (syslinux) value longer than its one-byte length field allows.
    #[error("legacy ADV value is {0} bytes; at most 255 fit")]
    LegacyValueTooLong(usize),
    /// The legacy (syslinux) area has no room for the entry.
    #[error("legacy ADV is full")]
    LegacyFull,
    /// No GPT partition labelled `META` of exactly 1 MiB was found on the disk image.
    #[error("no META partition (label META, 1 MiB) in the GPT of {}", path.display())]
    NoMetaPartition {
        /// The disk image searched.
        path: PathBuf,
    },
    /// The GPT of a disk image could not be read.
    #[error("reading the GPT of {}: {reason}", path.display())]
    Gpt {
        /// The disk image.
        path: PathBuf,
        /// The GPT library's explanation.
        reason: String,
    },
    /// The destination of a new META partition file already exists.
    #[error("{} already exists", path.display())]
    AlreadyExists {
        /// The path that exists.
        path: PathBuf,
    },
}
