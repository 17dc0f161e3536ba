//! META partitions end to end: spec vectors, copy fallback, crash safety, disk images.

use std::io;

use sha2::{Digest, Sha256};
use talos_meta::adv::{COPY_LEN, MAX_VALUE_LEN, TalosAdv};
use talos_meta::syslinux::LegacyAdv;
use talos_meta::{
    AdvError, BlockIo, CopyUsed, Layout, META_PARTITION_LEN, MemoryIo, Meta, MetaError, MetaFile,
    OpenOptions, Region,
};

const MIB: u64 = META_PARTITION_LEN;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn adv_with(entries: &[(u8, &[u8])]) -> TalosAdv {
    let mut adv = TalosAdv::new();
    for (key, value) in entries {
        adv.set(*key, value.to_vec()).unwrap();
    }
    adv
}

fn whole_region() -> Region {
    Region {
        offset: 0,
        len: MIB,
    }
}

/// Key/value pairs to store, in the order given.
type Entries<'a> = &'a [(u8, &'a [u8])];

/// The spec's computed vectors (meta.md §4.2): checksum field and 1 MiB image digests.
#[test]
fn computed_vectors_match_the_spec() {
    let value1: &[u8] = b"value1";
    let cases: [(Entries, &str, Option<&str>); 6] = [
        (
            &[],
            "e7a327df2cfb2c3010ac1a387e9573d46ea52cac7f25db80ad8fbb41aceabf70",
            Some("addd75e8d886fa2358dd171d3366db2f814803b85d5928af9a638fb7157b23f0"),
        ),
        (
            &[(0x06, b"1.2.3")],
            "1320d3b7c2174809eff5aba7dbe1ad3e60a1faa25f1b9dc0c3ad039c458e848f",
            Some("26cc333fbf9fa2a6aa102fc1ae3c7492aff65678bae6315618c1d1ae2b46474b"),
        ),
        (
            &[(0x08, b"install-fast")],
            "54dc79ae67c37a188e4825ee7b7bda89b32b22208d82678ef184c481b531690e",
            Some("a5c7cb693b7f1a4527eba080096302252330d2ad92913f027ab1bbb3cb93e07b"),
        ),
        (
            &[(0x0c, b"")],
            "fdb57f728d1238692ef62092c0c04f77abdd76bde80c6d87de45acf88d783cb8",
            Some("37803df4e7a04566b46a062054b79487e27c150195f532ba71ba112d9ccfc6dc"),
        ),
        (
            &[(3, value1), (4, b"value2"), (5, b"value3")],
            "04e20b134ae9e8780a179eca5a742331c01529e865e6d13b82f5c5ac462d0c4b",
            Some("5158963506270428fcd9066ed7b90486b213d0eb312164b5a77c2b53a2e969db"),
        ),
        (
            &[(0x0b, b"bar"), (0x0a, b"foo")],
            "65241b8d9600aca86ed1f1f2db15445a99796952cf215e3a211f65c70a44a37e",
            None,
        ),
    ];
    for (entries, checksum, image) in cases {
        let adv = adv_with(entries);
        let copy = adv.to_copy().unwrap();
        let field: String = copy[COPY_LEN - 36..COPY_LEN - 4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(field, checksum, "{entries:?}");
        assert_eq!(&copy[COPY_LEN - 4..], &[0xa5, 0xb4, 0xc3, 0xd2]);
        if let Some(image) = image {
            let meta = Meta::from_bytes(&vec![0; MIB as usize], false).unwrap();
            let mut meta = meta;
            for (key, value) in entries {
                meta.set(*key, value.to_vec()).unwrap();
            }
            assert_eq!(sha256_hex(&meta.to_partition_bytes(MIB).unwrap()), image);
        }
    }
    // The area exactly full, no terminator.
    let full = adv_with(&[(0x0c, &vec![b'A'; MAX_VALUE_LEN])]);
    let copy = full.to_copy().unwrap();
    let field: String = copy[COPY_LEN - 36..COPY_LEN - 4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        field,
        "eab5c898b7ef47a1f6a0dff7b1124ba227402788ec85e0a658af32be34d139c6"
    );
    assert_eq!(TalosAdv::parse_copy(&copy).unwrap(), full);
}

/// Go writes entries in map order; a copy with the other order reads the same.
#[test]
fn entry_order_does_not_matter_to_readers() {
    let mut copy = vec![0u8; COPY_LEN];
    copy[..4].copy_from_slice(&[0x5a, 0x4b, 0x3c, 0x2d]);
    let entries = b"\x00\x00\x00\x0b\x00\x00\x00\x03bar\x00\x00\x00\x0a\x00\x00\x00\x03foo";
    copy[4..4 + entries.len()].copy_from_slice(entries);
    copy[COPY_LEN - 4..].copy_from_slice(&[0xa5, 0xb4, 0xc3, 0xd2]);
    let digest = Sha256::digest(&copy);
    copy[COPY_LEN - 36..COPY_LEN - 4].copy_from_slice(&digest);
    let adv = TalosAdv::parse_copy(&copy).unwrap();
    assert_eq!(adv, adv_with(&[(0x0a, b"foo"), (0x0b, b"bar")]));
}

/// go-adv's corruption cases: copy 2 takes over each time.
#[test]
fn copy_two_takes_over_when_copy_one_is_damaged() {
    let adv = adv_with(&[(3, b"value1"), (4, b"value2"), (5, b"value3")]);
    let image = Meta::from_bytes(&vec![0; MIB as usize], false)
        .map(|mut meta| {
            for (key, value) in adv.iter() {
                meta.set(key, value.to_vec()).unwrap();
            }
            meta.to_partition_bytes(MIB).unwrap()
        })
        .unwrap();
    let clean = Meta::from_bytes(&image, false).unwrap();
    assert_eq!(clean.copy_used(), &CopyUsed::First);
    let cases: [&[(usize, usize)]; 4] = [
        &[(0, 2)],
        &[(30, 1030)],
        &[(8, 12), (40, 42)],
        &[(0, COPY_LEN)],
    ];
    for ranges in cases {
        let mut damaged = image.clone();
        for &(start, end) in ranges {
            damaged[start..end].fill(0);
        }
        let meta = Meta::from_bytes(&damaged, false).unwrap();
        assert_eq!(meta.talos(), &adv, "{ranges:?}");
        assert!(
            matches!(meta.copy_used(), CopyUsed::Second(_)),
            "{ranges:?}"
        );
    }
}

#[test]
fn blank_corrupt_and_short_partitions() {
    let blank = Meta::from_bytes(&vec![0; MIB as usize], false).unwrap();
    assert_eq!(blank.copy_used(), &CopyUsed::Blank);
    assert!(blank.talos().is_empty());

    let mut garbage = vec![0u8; MIB as usize];
    garbage[100] = 1;
    garbage[COPY_LEN + 100] = 1;
    assert!(matches!(
        Meta::from_bytes(&garbage, false),
        Err(MetaError::Corrupt {
            first: AdvError::BadMagic { .. },
            second: AdvError::BadMagic { .. }
        })
    ));
    let lenient = Meta::from_bytes(&garbage, true).unwrap();
    assert!(matches!(lenient.copy_used(), CopyUsed::Neither { .. }));

    // Valid magics, bad checksums in both copies.
    let mut bad_sums = Meta::empty().to_partition_bytes(MIB).unwrap();
    bad_sums[COPY_LEN - 10] ^= 1;
    bad_sums[2 * COPY_LEN - 10] ^= 1;
    assert!(matches!(
        Meta::from_bytes(&bad_sums, false),
        Err(MetaError::Corrupt {
            first: AdvError::BadChecksum,
            second: AdvError::BadChecksum
        })
    ));

    for len in [0, 1000, COPY_LEN, 2 * COPY_LEN, 2 * COPY_LEN + 1023] {
        assert!(
            matches!(
                Meta::from_bytes(&vec![0; len], false),
                Err(MetaError::TooSmall { .. })
            ),
            "{len}"
        );
    }
}

#[test]
fn reads_fall_back_to_the_legacy_area_and_deletes_reach_it() {
    let mut legacy = LegacyAdv::empty();
    legacy.set(6, b"legacy-upgrade").unwrap();
    legacy.set(2, b"menu").unwrap();
    let mut partition = vec![0u8; MIB as usize];
    partition[MIB as usize - 1024..].copy_from_slice(legacy.as_bytes());
    let mut io = MemoryIo(partition);
    let mut meta = Meta::read_from(&mut io, whole_region(), false).unwrap();
    assert_eq!(meta.get(6), Some(&b"legacy-upgrade"[..]));

    meta.set(6, b"talos".to_vec()).unwrap();
    assert_eq!(meta.get(6), Some(&b"talos"[..]));
    assert!(meta.delete(6)); // the Talos value goes first…
    assert_eq!(meta.get(6), Some(&b"legacy-upgrade"[..]));
    assert!(meta.delete(6)); // …then the legacy one.
    assert_eq!(meta.get(6), None);
    assert!(!meta.delete(6));
    meta.write_to(&mut io, whole_region()).unwrap();

    let again = Meta::read_from(&mut io, whole_region(), false).unwrap();
    assert_eq!(again.get(6), None);
    assert_eq!(again.get(2), Some(&b"menu"[..]));
    assert!(again.legacy().validate().is_ok());
    assert_eq!(again.keys(), vec![(2, talos_meta::Area::Legacy)]);
}

#[test]
fn key_zero_and_overflow_are_refused() {
    let mut meta = Meta::empty();
    assert!(matches!(
        meta.set(0, b"x".to_vec()),
        Err(MetaError::ReservedKey)
    ));
    meta.set(1, vec![0; MAX_VALUE_LEN]).unwrap();
    assert!(matches!(meta.set(2, vec![]), Err(MetaError::Full { .. })));
    assert_eq!(meta.get(2), None);
}

/// A device that loses power after a given number of 512-byte sector writes.
struct PowerCut {
    disk: MemoryIo,
    sectors_left: usize,
}

impl BlockIo for PowerCut {
    fn size(&mut self) -> io::Result<u64> {
        self.disk.size()
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.disk.read_at(offset, buf)
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()> {
        for (i, sector) in data.chunks(512).enumerate() {
            if self.sectors_left == 0 {
                return Err(io::Error::other("power cut"));
            }
            self.sectors_left -= 1;
            self.disk.write_at(offset + 512 * i as u64, sector)?;
        }
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Cuts power after every sector of a write and checks that what is left reads as the
/// old or the new contents, for each starting condition of the two copies.
#[test]
fn a_crash_after_any_sector_leaves_old_or_new_contents() {
    let old_entries: &[(u8, &[u8])] = &[(6, b"A"), (0x0a, b"addresses: []\n")];
    let mut old = Meta::empty();
    for (key, value) in old_entries {
        old.set(*key, value.to_vec()).unwrap();
    }
    let old_image = old.to_partition_bytes(MIB).unwrap();
    let mut second_only = old_image.clone();
    second_only[..16].fill(0xee); // copy 1 damaged: readers use copy 2
    let mut first_only = old_image.clone();
    first_only[COPY_LEN + 20] ^= 0xff; // copy 2 damaged: readers use copy 1

    let mut new = Meta::from_bytes(&old_image, false).unwrap();
    new.set(0x0b, vec![b'n'; 70_000]).unwrap();
    new.delete(6);
    let want_new = new.talos().clone();

    let mut checked = 0;
    for (name, start) in [
        ("both valid", &old_image),
        ("copy 1 damaged", &second_only),
        ("copy 2 damaged", &first_only),
    ] {
        for cut in 0.. {
            let mut device = PowerCut {
                disk: MemoryIo(start.clone()),
                sectors_left: cut,
            };
            let finished = new.write_to(&mut device, whole_region()).is_ok();
            let after = Meta::from_bytes(&device.disk.0, false)
                .unwrap_or_else(|e| panic!("{name}, cut after {cut} sectors: unreadable: {e}"));
            assert!(
                after.talos() == old.talos() || after.talos() == &want_new,
                "{name}, cut after {cut} sectors: neither old nor new"
            );
            checked += 1;
            if finished {
                assert_eq!(after.talos(), &want_new, "{name}: finished write");
                assert_eq!(after.copy_used(), &CopyUsed::First);
                break;
            }
        }
    }
    // Three starting states × (two 512-sector copies + the final uninterrupted run).
    assert_eq!(checked, 3 * (2 * COPY_LEN / 512 + 1));
}

#[test]
fn a_failed_write_keeps_the_old_meta() {
    let mut meta = Meta::empty();
    meta.set(7, b"ref".to_vec()).unwrap();
    let before = meta.to_partition_bytes(MIB).unwrap();
    let mut device = PowerCut {
        disk: MemoryIo(before.clone()),
        sectors_left: 0,
    };
    meta.set(7, b"other".to_vec()).unwrap();
    assert!(matches!(
        meta.write_to(&mut device, whole_region()),
        Err(MetaError::Io { .. })
    ));
    assert_eq!(device.disk.0, before);
}

mod files {
    use super::*;
    use gpt::GptConfig;
    use gpt::disk::LogicalBlockSize;
    use gpt::mbr::ProtectiveMBR;
    use gpt::partition_types::LINUX_FS;
    use std::fs;

    /// A 12 MiB disk image with a GPT: EFI (2 MiB), META (`meta_len`), STATE (2 MiB).
    fn disk_image(dir: &std::path::Path, meta_len: u64) -> std::path::PathBuf {
        let path = dir.join("disk.raw");
        let file = fs::File::create(&path).unwrap();
        file.set_len(12 * MIB).unwrap();
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        let lbas = u32::try_from(12 * MIB / 512 - 1).unwrap();
        ProtectiveMBR::with_lb_size(lbas)
            .overwrite_lba0(&mut file)
            .unwrap();
        let mut disk = GptConfig::new()
            .writable(true)
            .logical_block_size(LogicalBlockSize::Lb512)
            .create_from_device(file, None)
            .unwrap();
        disk.update_partitions(std::collections::BTreeMap::new())
            .unwrap();
        disk.add_partition("EFI", 2 * MIB, LINUX_FS, 0, None)
            .unwrap();
        disk.add_partition("META", meta_len, LINUX_FS, 0, None)
            .unwrap();
        disk.add_partition("STATE", 2 * MIB, LINUX_FS, 0, None)
            .unwrap();
        disk.write().unwrap();
        path
    }

    #[test]
    fn edits_meta_inside_a_disk_image_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = disk_image(dir.path(), MIB);
        let before = fs::read(&path).unwrap();

        let mut file = MetaFile::open(&path).unwrap();
        let region = file.region();
        assert_eq!(region.len, MIB);
        assert_eq!(file.meta().copy_used(), &CopyUsed::Blank);
        file.meta_mut()
            .set(0x0a, b"externalIPs: [1.2.3.4]\n".to_vec())
            .unwrap();
        file.flush().unwrap();
        drop(file);

        let after = fs::read(&path).unwrap();
        let (start, end) = (
            region.offset as usize,
            (region.offset + region.len) as usize,
        );
        assert_eq!(before[..start], after[..start]);
        assert_eq!(before[end..], after[end..]);
        let meta = Meta::from_bytes(&after[start..end], false).unwrap();
        assert_eq!(meta.get(0x0a), Some(&b"externalIPs: [1.2.3.4]\n"[..]));

        let reopened = MetaFile::open_with(
            &path,
            OpenOptions {
                layout: Layout::Disk,
                read_only: true,
                ..OpenOptions::default()
            },
        )
        .unwrap();
        assert_eq!(reopened.meta().keys().len(), 1);
    }

    #[test]
    fn a_foreign_meta_partition_of_another_size_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = disk_image(dir.path(), 2 * MIB);
        assert!(matches!(
            MetaFile::open(&path),
            Err(MetaError::NoMetaPartition { .. })
        ));
    }

    #[test]
    fn a_file_that_is_neither_partition_nor_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk");
        fs::write(&path, vec![7u8; 3 * MIB as usize]).unwrap();
        assert!(matches!(MetaFile::open(&path), Err(MetaError::Gpt { .. })));
        assert!(matches!(
            MetaFile::open(dir.path().join("missing")),
            Err(MetaError::Io { .. })
        ));
    }

    #[test]
    fn create_makes_a_blank_partition_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.img");
        let mut file = MetaFile::create(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), MIB);
        file.meta_mut().set(0x0b, b"code".to_vec()).unwrap();
        file.flush().unwrap();
        assert!(matches!(
            MetaFile::create(&path),
            Err(MetaError::AlreadyExists { .. })
        ));
        let reopened = MetaFile::open(&path).unwrap();
        assert_eq!(reopened.meta().get(0x0b), Some(&b"code"[..]));
        assert_eq!(reopened.meta().copy_used(), &CopyUsed::First);
    }
}
