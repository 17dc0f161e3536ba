//! Go package `storage` (`pkg/machinery/config/types/storage`): LVM volume groups and
//! logical volumes, and Linux MD (software RAID) arrays.

use crate::GoYaml;
use crate::types::block::macros::go_enum;
use crate::types::block::{ByteSize, CelExpression, Size};

go_enum! {
    /// Layout of an LVM logical volume (`storage.LVMLogicalVolumeType`).
    pub enum LvmLogicalVolumeType = "storage.LVMLogicalVolumeType", "LVMLogicalVolumeType" {
        /// Linear.
        Linear => "linear",
        /// RAID 1 (mirrored).
        Raid1 => "raid1",
        /// RAID 0 (striped).
        Raid0 => "raid0",
        /// RAID 10.
        Raid10 => "raid10",
    }
}

go_enum! {
    /// RAID level of an MD array (`storage.MDLevel`).
    pub enum MdLevel = "storage.MDLevel", "MDLevel" {
        /// RAID 1 (mirror).
        Raid1 => "raid1",
    }
}

go_enum! {
    /// On-disk metadata format of an MD array (`storage.MDMetadata`); 1.0 is the default.
    pub enum MdMetadata = "storage.MDMetadata", "MDMetadata" {
        /// Superblock at the end of the device (bootable members).
        V1_0 => "1.0",
        /// Superblock 4 KiB from the start.
        V1_2 => "1.2",
    }
}

/// `LVMVolumeGroupConfig`: an LVM volume group built from matching volumes.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "storage.LVMVolumeGroupConfigV1Alpha1",
    kind = "LVMVolumeGroupConfig",
    since = "1.14"
)]
pub struct LvmVolumeGroupConfig {
    /// Name of the volume group.
    #[go(yaml = "name")]
    pub name: String,
    /// Which physical volumes make up the group.
    #[go(yaml = "provisioning")]
    pub provisioning: ProvisioningSpec,
}

/// Physical volume selection of a volume group (`storage.ProvisioningSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "storage.ProvisioningSpec")]
pub struct ProvisioningSpec {
    /// The volume selector.
    #[go(yaml = "volumeSelector", omitempty)]
    pub volume_selector: LvmVolumeSelectorSpec,
}

/// A CEL volume selector (`storage.LVMVolumeSelectorSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "storage.LVMVolumeSelectorSpec")]
pub struct LvmVolumeSelectorSpec {
    /// CEL expression matched against each volume.
    #[go(yaml = "match", omitempty)]
    pub r#match: CelExpression,
}

/// `LVMLogicalVolumeConfig`: an LVM logical volume in a volume group.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "storage.LVMLogicalVolumeConfigV1Alpha1",
    kind = "LVMLogicalVolumeConfig",
    since = "1.14"
)]
pub struct LvmLogicalVolumeConfig {
    /// Name of the logical volume.
    #[go(yaml = "name")]
    pub name: String,
    /// Layout of the logical volume.
    #[go(yaml = "type")]
    pub r#type: LvmLogicalVolumeType,
    /// Number of mirrors.
    #[go(yaml = "mirrors", omitempty)]
    pub mirrors: Option<u32>,
    /// Number of stripes.
    #[go(yaml = "stripes", omitempty)]
    pub stripes: Option<u32>,
    /// Volume group and size.
    #[go(yaml = "provisioning")]
    pub provisioning: LvmLogicalVolumeProvisioningSpec,
}

/// Placement and size of a logical volume (`storage.LVMLogicalVolumeProvisioningSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "storage.LVMLogicalVolumeProvisioningSpec")]
pub struct LvmLogicalVolumeProvisioningSpec {
    /// Name of the volume group.
    #[go(yaml = "volumeGroup")]
    pub volume_group: String,
    /// Minimum size.
    #[go(yaml = "minSize", omitempty)]
    pub min_size: ByteSize,
    /// Maximum size (absolute or a percentage).
    #[go(yaml = "maxSize", omitempty)]
    pub max_size: Size,
}

/// `RAIDArrayConfig`: a Linux MD (software RAID) array built from matching volumes.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "storage.RAIDArrayConfigV1Alpha1",
    kind = "RAIDArrayConfig",
    since = "1.14"
)]
pub struct RaidArrayConfig {
    /// Array name.
    #[go(yaml = "name")]
    pub name: String,
    /// RAID level.
    #[go(yaml = "level")]
    pub level: MdLevel,
    /// On-disk metadata format.
    #[go(yaml = "metadata", omitempty)]
    pub metadata: MdMetadata,
    /// Member selection.
    #[go(yaml = "provisioning")]
    pub provisioning: RaidProvisioningSpec,
}

/// Member selection of a RAID array (`storage.RAIDProvisioningSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "storage.RAIDProvisioningSpec")]
pub struct RaidProvisioningSpec {
    /// The member volume selector.
    #[go(yaml = "volumeSelector")]
    pub volume_selector: RaidVolumeSelector,
}

/// A CEL member selector (`storage.RAIDVolumeSelector`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "storage.RAIDVolumeSelector")]
pub struct RaidVolumeSelector {
    /// CEL expression matched against each volume.
    #[go(yaml = "match", omitempty)]
    pub r#match: CelExpression,
}
