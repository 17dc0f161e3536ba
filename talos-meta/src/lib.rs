//! The Talos Linux META partition, read and written the way Talos does, but safer.
//!
//! META is a 1 MiB GPT partition labelled `META` holding small key/value pairs (keys are
//! bytes, values are byte strings) that Talos reads before any machine configuration exists:
//! the upgrade fallback label, staged-upgrade options, the metal network config, and so on.
//!
//! - [`adv`]: the Talos ADV (two 256 KiB copies, SHA-256 checked).
//! - [`syslinux`]: the legacy syslinux ADV kept in the last 1 KiB of the partition.
//! - [`Meta`] / [`MetaFile`]: both areas together on a partition file, a block device or a
//!   whole disk image, with a crash-safe flush.
//! - [`keys`]: the well-known keys.
//! - [`values`]: the `INSTALLER_META_BASE64` text encoding and `talos.environment=` form.
//! - [`network`]: the `PlatformNetworkConfig` stored under key `0x0a`.
//!
//! ```
//! use talos_meta::{Meta, keys};
//!
//! let mut meta = Meta::empty();
//! meta.set(keys::DOWNLOAD_URL_CODE, b"abc123".to_vec())?;
//! assert_eq!(meta.get(keys::DOWNLOAD_URL_CODE), Some(&b"abc123"[..]));
//! # Ok::<(), talos_meta::MetaError>(())
//! ```

pub mod adv;
mod device;
mod error;
mod go_strconv;
mod gpt_locate;
pub mod keys;
mod meta;
pub mod network;
pub mod syslinux;
pub mod values;

pub use adv::CopyUsed;
pub use device::{BlockIo, MemoryIo};
pub use error::{AdvError, MetaError};
pub use gpt_locate::META_LABEL;
pub use meta::{
    Area, Layout, META_PARTITION_LEN, MIN_META_LEN, Meta, MetaFile, OpenOptions, Region,
};
