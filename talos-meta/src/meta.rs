//! META as Talos sees it: the Talos ADV first, the legacy syslinux ADV as a fallback.

use std::fs::{File, OpenOptions as FsOpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::adv::{self, COPY_LEN, CopyUsed, IMAGE_LEN, TalosAdv};
use crate::syslinux::{self, LegacyAdv};
use crate::{BlockIo, MetaError, gpt_locate, keys};

/// Size of the META partition Talos creates (and the only size it accepts on a disk).
pub const META_PARTITION_LEN: u64 = 1024 * 1024;
/// The smallest area that holds both Talos copies and the legacy area without overlap.
pub const MIN_META_LEN: u64 = (IMAGE_LEN + syslinux::AREA_LEN) as u64;

/// Where the META partition sits on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Byte offset of the partition.
    pub offset: u64,
    /// Byte length of the partition.
    pub len: u64,
}

impl Region {
    fn legacy_offset(&self) -> u64 {
        self.offset + self.len - syslinux::AREA_LEN as u64
    }

    fn check(&self) -> Result<(), MetaError> {
        if self.len < MIN_META_LEN {
            return Err(MetaError::TooSmall {
                size: self.len,
                minimum: MIN_META_LEN,
            });
        }
        Ok(())
    }
}

/// Which part of META a key lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The Talos ADV (where every write goes).
    Talos,
    /// The legacy syslinux ADV (read as a fallback, only ever deleted from).
    Legacy,
}

/// The contents of a META partition: both ADVs, edited in memory and written back with
/// [`Meta::write_to`] (or [`MetaFile::flush`]).
///
/// ```
/// use talos_meta::{Meta, MemoryIo, Region, keys};
///
/// let mut disk = MemoryIo(vec![0; 1 << 20]);
/// let region = Region { offset: 0, len: 1 << 20 };
/// let mut meta = Meta::read_from(&mut disk, region, false)?;
/// meta.set(keys::UPGRADE, b"A".to_vec())?;
/// meta.write_to(&mut disk, region)?;
/// let again = Meta::read_from(&mut disk, region, false)?;
/// assert_eq!(again.get(keys::UPGRADE), Some(&b"A"[..]));
/// # Ok::<(), talos_meta::MetaError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Meta {
    talos: TalosAdv,
    legacy: LegacyAdv,
    copy_used: CopyUsed,
    legacy_dirty: bool,
}

impl Meta {
    /// META of a freshly zeroed partition.
    pub fn empty() -> Self {
        Self {
            talos: TalosAdv::new(),
            legacy: LegacyAdv::zeroed(),
            copy_used: CopyUsed::Blank,
            legacy_dirty: false,
        }
    }

    /// Parses the bytes of a whole META partition.
    ///
    /// With `lenient`, two invalid Talos copies give an empty ADV as in Talos; otherwise
    /// they are an error ([`MetaError::Corrupt`]). All-zero copies are never an error.
    pub fn from_bytes(partition: &[u8], lenient: bool) -> Result<Self, MetaError> {
        let region = Region {
            offset: 0,
            len: partition.len() as u64,
        };
        region.check()?;
        let (talos, copy_used) = adv::parse_image(&partition[..IMAGE_LEN], lenient)?;
        let legacy_start = partition.len() - syslinux::AREA_LEN;
        let mut legacy_raw = [0u8; syslinux::AREA_LEN];
        legacy_raw.copy_from_slice(&partition[legacy_start..]);
        let legacy = LegacyAdv::from_raw(legacy_raw);
        Ok(Self {
            talos,
            legacy,
            copy_used,
            legacy_dirty: false,
        })
    }

    /// Reads META from `region` of a device. Copy 2 is read only when copy 1 is invalid.
    pub fn read_from(
        io: &mut impl BlockIo,
        region: Region,
        lenient: bool,
    ) -> Result<Self, MetaError> {
        region.check()?;
        let mut image = vec![0u8; IMAGE_LEN];
        let read_error = |source| MetaError::Io {
            action: "reading META from",
            path: PathBuf::from("the device"),
            source,
        };
        io.read_at(region.offset, &mut image[..COPY_LEN])
            .map_err(read_error)?;
        let talos_parsed = match TalosAdv::parse_copy(&image[..COPY_LEN]) {
            Ok(talos) => (talos, CopyUsed::First),
            Err(_) => {
                io.read_at(region.offset + COPY_LEN as u64, &mut image[COPY_LEN..])
                    .map_err(read_error)?;
                adv::parse_image(&image, lenient)?
            }
        };
        let mut legacy_raw = [0u8; syslinux::AREA_LEN];
        io.read_at(region.legacy_offset(), &mut legacy_raw)
            .map_err(read_error)?;
        Ok(Self {
            talos: talos_parsed.0,
            legacy: LegacyAdv::from_raw(legacy_raw),
            copy_used: talos_parsed.1,
            legacy_dirty: false,
        })
    }

    /// The value of `key`: from the Talos ADV, else from the legacy area.
    pub fn get(&self, key: u8) -> Option<&[u8]> {
        self.talos.get(key).or_else(|| self.legacy.get(key))
    }

    /// Where `key`'s visible value lives.
    pub fn area_of(&self, key: u8) -> Option<Area> {
        if self.talos.contains(key) {
            Some(Area::Talos)
        } else if self.legacy.get(key).is_some() {
            Some(Area::Legacy)
        } else {
            None
        }
    }

    /// Every readable key once, ascending, with the area its visible value comes from.
    pub fn keys(&self) -> Vec<(u8, Area)> {
        let mut all: Vec<(u8, Area)> = self.talos.keys().map(|k| (k, Area::Talos)).collect();
        for key in self.legacy.tags() {
            let shadowed = self.talos.contains(key) || all.iter().any(|(k, _)| *k == key);
            if !shadowed && self.legacy.get(key).is_some() {
                all.push((key, Area::Legacy));
            }
        }
        all.sort_unstable_by_key(|(key, _)| *key);
        all
    }

    /// Sets `key` in the Talos ADV. Key 0 and values that would overflow the ADV are refused.
    pub fn set(&mut self, key: u8, value: Vec<u8>) -> Result<(), MetaError> {
        keys::check_writable(key)?;
        self.talos.set(key, value)
    }

    /// Deletes `key` from the Talos ADV, or if it is not there, its first legacy entry.
    /// Returns whether anything was deleted. As in Talos, a legacy value under the same key
    /// becomes visible once the Talos one is gone.
    pub fn delete(&mut self, key: u8) -> bool {
        if self.talos.remove(key).is_some() {
            return true;
        }
        let deleted = self.legacy.delete(key);
        self.legacy_dirty |= deleted;
        deleted
    }

    /// The Talos ADV.
    pub fn talos(&self) -> &TalosAdv {
        &self.talos
    }

    /// The legacy syslinux area.
    pub fn legacy(&self) -> &LegacyAdv {
        &self.legacy
    }

    /// Which Talos copy the read used.
    pub fn copy_used(&self) -> &CopyUsed {
        &self.copy_used
    }

    /// Writes META to `region` so that a crash at any point leaves a readable META with
    /// either the old or the new contents.
    ///
    /// Talos writes both copies in one go; here the copy readers do not currently use is
    /// written and synced first, then the other. While the first is being written, readers
    /// still find the old contents in the untouched one; while the second is, they find
    /// the new contents in the first. The legacy area is written only when a delete
    /// changed it, copy 2 before copy 1 (Talos reads copy 1), one sector each.
    pub fn write_to(&self, io: &mut impl BlockIo, region: Region) -> Result<(), MetaError> {
        region.check()?;
        let io_error = |action| {
            move |source| MetaError::Io {
                action,
                path: PathBuf::from("the device"),
                source,
            }
        };
        let copy = self.talos.to_copy()?;
        let mut on_disk = vec![0u8; COPY_LEN];
        io.read_at(region.offset, &mut on_disk)
            .map_err(io_error("reading META from"))?;
        let first_is_live = adv::verify_copy(&on_disk).is_ok();
        let order = if first_is_live {
            [COPY_LEN, 0]
        } else {
            [0, COPY_LEN]
        };
        for at in order {
            io.write_at(region.offset + at as u64, &copy)
                .map_err(io_error("writing META to"))?;
            io.sync().map_err(io_error("syncing META on"))?;
        }
        if self.legacy_dirty {
            let raw = self.legacy.as_bytes();
            for half in [syslinux::COPY_LEN, 0] {
                io.write_at(
                    region.legacy_offset() + half as u64,
                    &raw[half..half + syslinux::COPY_LEN],
                )
                .map_err(io_error("writing legacy META to"))?;
                io.sync().map_err(io_error("syncing META on"))?;
            }
        }
        Ok(())
    }

    /// The bytes of a whole partition of `len` bytes holding this META, zero elsewhere.
    pub fn to_partition_bytes(&self, len: u64) -> Result<Vec<u8>, MetaError> {
        let region = Region { offset: 0, len };
        region.check()?;
        let mut bytes = vec![0u8; len as usize];
        bytes[..IMAGE_LEN].copy_from_slice(&self.talos.to_image()?);
        let legacy_start = bytes.len() - syslinux::AREA_LEN;
        bytes[legacy_start..].copy_from_slice(self.legacy.as_bytes());
        Ok(bytes)
    }
}

/// How [`MetaFile::open_with`] finds META in a file or device.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layout {
    /// A raw partition if the file is exactly 1 MiB or starts with the Talos ADV magic;
    /// otherwise a disk with a GPT.
    #[default]
    Auto,
    /// The whole file is the META partition.
    Partition,
    /// A whole disk: META is the GPT partition labelled `META` of exactly 1 MiB.
    Disk,
}

/// Options for [`MetaFile::open_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// Where META is.
    pub layout: Layout,
    /// Treat two invalid Talos copies as an empty META (as Talos does) instead of failing.
    pub lenient: bool,
    /// Open read-only; [`MetaFile::flush`] then fails.
    pub read_only: bool,
}

/// META on a partition file, a block device or a whole-disk image, edited in place.
///
/// ```no_run
/// use talos_meta::{MetaFile, keys};
///
/// let mut file = MetaFile::open("disk.raw")?;
/// file.meta_mut().set(keys::USER_RESERVED1, br#"{"machineLabels":{"rack":"a1"}}"#.to_vec())?;
/// file.flush()?;
/// # Ok::<(), talos_meta::MetaError>(())
/// ```
#[derive(Debug)]
pub struct MetaFile {
    path: PathBuf,
    file: File,
    region: Region,
    meta: Meta,
}

impl MetaFile {
    /// Opens `path` for reading and writing, finding META automatically.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, MetaError> {
        Self::open_with(path, OpenOptions::default())
    }

    /// Opens `path` as `options` say.
    pub fn open_with(path: impl AsRef<Path>, options: OpenOptions) -> Result<Self, MetaError> {
        let path = path.as_ref().to_owned();
        let io_error = |action| {
            let path = path.clone();
            move |source| MetaError::Io {
                action,
                path,
                source,
            }
        };
        let mut file = FsOpenOptions::new()
            .read(true)
            .write(!options.read_only)
            .open(&path)
            .map_err(io_error("opening"))?;
        file.lock_shared().map_err(io_error("locking"))?;
        let size = file.size().map_err(io_error("measuring"))?;
        let region = match options.layout {
            Layout::Partition => Region {
                offset: 0,
                len: size,
            },
            Layout::Disk => gpt_locate::find_meta_partition(&mut file, &path)?,
            Layout::Auto => {
                if size == META_PARTITION_LEN || starts_with_adv_magic(&mut file)? {
                    Region {
                        offset: 0,
                        len: size,
                    }
                } else {
                    gpt_locate::find_meta_partition(&mut file, &path)?
                }
            }
        };
        let meta = Meta::read_from(&mut file, region, options.lenient).map_err(|e| match e {
            MetaError::Io { action, source, .. } => MetaError::Io {
                action,
                path: path.clone(),
                source,
            },
            other => other,
        })?;
        file.unlock().map_err(io_error("unlocking"))?;
        Ok(Self {
            path,
            file,
            region,
            meta,
        })
    }

    /// Creates a new, zeroed 1 MiB META partition file at `path` (as the installer does)
    /// and opens it. The file appears complete or not at all.
    pub fn create(path: impl AsRef<Path>) -> Result<Self, MetaError> {
        let path = path.as_ref();
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let io_error = |action| {
            move |source| MetaError::Io {
                action,
                path: path.to_owned(),
                source,
            }
        };
        let temp = tempfile::NamedTempFile::new_in(dir).map_err(io_error("creating"))?;
        temp.as_file()
            .set_len(META_PARTITION_LEN)
            .map_err(io_error("sizing"))?;
        temp.as_file().sync_all().map_err(io_error("syncing"))?;
        temp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                MetaError::AlreadyExists {
                    path: path.to_owned(),
                }
            } else {
                io_error("creating")(e.error)
            }
        })?;
        Self::open_with(
            path,
            OpenOptions {
                layout: Layout::Partition,
                ..OpenOptions::default()
            },
        )
    }

    /// The META contents.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The META contents, for editing; [`MetaFile::flush`] writes them.
    pub fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }

    /// Where META sits in the file.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The path opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the contents back crash-safely (see [`Meta::write_to`]) under an exclusive
    /// lock, then marks the legacy area clean.
    pub fn flush(&mut self) -> Result<(), MetaError> {
        let path = self.path.clone();
        let with_path = |e: MetaError| match e {
            MetaError::Io { action, source, .. } => MetaError::Io {
                action,
                path: path.clone(),
                source,
            },
            other => other,
        };
        self.file.lock().map_err(|source| MetaError::Io {
            action: "locking",
            path: path.clone(),
            source,
        })?;
        let written = self.meta.write_to(&mut self.file, self.region);
        let unlocked = self.file.unlock();
        written.map_err(with_path)?;
        unlocked.map_err(|source| MetaError::Io {
            action: "unlocking",
            path: path.clone(),
            source,
        })?;
        self.meta.legacy_dirty = false;
        self.meta.copy_used = CopyUsed::First;
        Ok(())
    }
}

fn starts_with_adv_magic(file: &mut File) -> Result<bool, MetaError> {
    let mut magic = [0u8; 4];
    match file.read_at(0, &mut magic) {
        Ok(()) => Ok(u32::from_be_bytes(magic) == adv::MAGIC1),
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(source) => Err(MetaError::Io {
            action: "reading",
            path: PathBuf::new(),
            source,
        }),
    }
}
