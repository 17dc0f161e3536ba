//! Finding the META partition inside a whole-disk image or device.

use std::fs::File;
use std::path::Path;

use gpt::GptConfig;
use gpt::disk::LogicalBlockSize;

use crate::MetaError;
use crate::meta::{META_PARTITION_LEN, Region};

/// The partition label Talos gives META.
pub const META_LABEL: &str = "META";

/// Looks through the GPT (512- then 4096-byte sectors) for a partition labelled `META` of
/// exactly 1 MiB, the rule Talos uses since foreign partitions labelled `META` broke boots.
pub(crate) fn find_meta_partition(file: &mut File, path: &Path) -> Result<Region, MetaError> {
    let mut last_error = None;
    for block_size in [LogicalBlockSize::Lb512, LogicalBlockSize::Lb4096] {
        let disk = match GptConfig::new()
            .writable(false)
            .logical_block_size(block_size)
            .open_from_device(&mut *file)
        {
            Ok(disk) => disk,
            Err(error) => {
                last_error = Some(error);
                continue;
            }
        };
        let found = disk.partitions().values().find_map(|partition| {
            let len = partition.bytes_len(block_size).ok()?;
            let offset = partition.bytes_start(block_size).ok()?;
            (partition.is_used() && partition.name == META_LABEL && len == META_PARTITION_LEN)
                .then_some(Region { offset, len })
        });
        return found.ok_or_else(|| MetaError::NoMetaPartition {
            path: path.to_owned(),
        });
    }
    Err(MetaError::Gpt {
        path: path.to_owned(),
        reason: last_error.map_or_else(|| "no GPT header".to_owned(), |e| e.to_string()),
    })
}
