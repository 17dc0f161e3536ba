//! Go package `block` (`pkg/machinery/config/types/block`): volume documents (system, user,
//! raw, swap, existing, external), zswap, and the global filesystem trim/scrub schedules,
//! with their humanized sizes, encryption specs and CEL selectors.

mod enums;
pub(crate) mod macros;
pub(crate) mod size;

pub use crate::types::cel::CelExpression;
pub use enums::{EncryptionProviderType, FilesystemType, VolumeType};
pub use size::{ByteSize, PercentageSize, Size, parse_bytes};

use crate::GoYaml;
use crate::types::duration::Duration;

/// `VolumeConfig`: configures a system volume (`STATE`, `EPHEMERAL`, `IMAGECACHE`, …).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.VolumeConfigV1Alpha1",
    kind = "VolumeConfig",
    since = "1.8"
)]
pub struct VolumeConfig {
    /// Name of the system volume.
    #[go(yaml = "name")]
    pub name: String,
    /// Where and how large the volume is provisioned.
    #[go(yaml = "provisioning", omitempty)]
    pub provisioning: ProvisioningSpec,
    /// Filesystem tunables applied when the volume is formatted.
    #[go(yaml = "filesystem", omitempty)]
    pub filesystem: SystemVolumeFilesystemSpec,
    /// Encryption of the volume.
    #[go(yaml = "encryption", omitempty)]
    pub encryption: EncryptionSpec,
    /// Extra mount options.
    #[go(yaml = "mount", omitempty)]
    pub mount: MountSpec,
    /// Per-volume trim (fstrim) settings.
    #[go(yaml = "trim", omitempty)]
    pub trim: Option<TrimConfig>,
    /// Per-volume scrub settings.
    #[go(yaml = "scrub", omitempty)]
    pub scrub: Option<ScrubConfig>,
}

/// Filesystem tunables of a system volume (`block.SystemVolumeFilesystemSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.SystemVolumeFilesystemSpec")]
pub struct SystemVolumeFilesystemSpec {
    /// XFS options.
    #[go(yaml = "xfs", omitempty)]
    pub xfs: Option<XfsSpec>,
}

/// XFS options (`block.XFSSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.XFSSpec")]
pub struct XfsSpec {
    /// Lower bound of the allocation group size.
    #[go(yaml = "minAllocationGroupSize", omitempty)]
    pub min_allocation_group_size: ByteSize,
}

/// Mount options of a system volume (`block.MountSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.MountSpec")]
pub struct MountSpec {
    /// Secure mount options (nosuid, nodev); defaults to true.
    #[go(yaml = "secure", omitempty)]
    pub secure: Option<bool>,
    /// Disable access time updates.
    #[go(yaml = "disableAccessTime", omitempty)]
    pub disable_access_time: Option<bool>,
}

/// How a volume is provisioned (`block.ProvisioningSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.ProvisioningSpec",
    is_zero = "ProvisioningSpec::go_is_zero"
)]
pub struct ProvisioningSpec {
    /// Which disk the volume goes on.
    #[go(yaml = "diskSelector", omitempty)]
    pub disk_selector: DiskSelector,
    /// Whether the volume grows to fill the disk.
    #[go(yaml = "grow", omitempty)]
    pub grow: Option<bool>,
    /// Minimum size.
    #[go(yaml = "minSize", omitempty)]
    pub min_size: ByteSize,
    /// Maximum size (absolute, negative = "disk minus", or a percentage).
    #[go(yaml = "maxSize", omitempty)]
    pub max_size: Size,
}

impl ProvisioningSpec {
    /// Go's `ProvisioningSpec.IsZero`.
    pub fn go_is_zero(&self) -> bool {
        self.grow.is_none()
            && self.max_size.is_zero()
            && self.min_size.is_zero()
            && self.disk_selector.r#match.as_str().is_empty()
    }
}

/// Disk selection (`block.DiskSelector`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.DiskSelector")]
pub struct DiskSelector {
    /// CEL expression matched against each disk.
    #[go(yaml = "match", omitempty)]
    pub r#match: CelExpression,
}

/// Volume encryption (`block.EncryptionSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionSpec", is_zero = "EncryptionSpec::go_is_zero")]
pub struct EncryptionSpec {
    /// Encryption provider.
    #[go(yaml = "provider")]
    pub provider: EncryptionProviderType,
    /// Key slots.
    #[go(yaml = "keys")]
    pub keys: Vec<EncryptionKey>,
    /// Cipher.
    #[go(yaml = "cipher", omitempty)]
    pub cipher: String,
    /// Key size in bits.
    #[go(yaml = "keySize", omitempty)]
    pub key_size: usize,
    /// Sector size.
    #[go(yaml = "blockSize", omitempty)]
    pub block_size: u64,
    /// Performance options passed to cryptsetup.
    #[go(yaml = "options", omitempty)]
    pub options: Vec<String>,
    /// Allow discards (TRIM) through the encryption layer.
    #[go(yaml = "allowDiscards", omitempty)]
    pub allow_discards: Option<bool>,
}

impl EncryptionSpec {
    /// Go's `EncryptionSpec.IsZero`: no provider and no keys (other fields do not count).
    pub fn go_is_zero(&self) -> bool {
        self.provider == EncryptionProviderType::None && self.keys.is_empty()
    }
}

/// One key slot (`block.EncryptionKey`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionKey")]
pub struct EncryptionKey {
    /// LUKS key slot.
    #[go(yaml = "slot")]
    pub slot: isize,
    /// A static passphrase.
    #[go(yaml = "static", omitempty)]
    pub r#static: Option<EncryptionKeyStatic>,
    /// A key derived from the node identity.
    #[go(yaml = "nodeID", omitempty)]
    pub node_id: Option<EncryptionKeyNodeId>,
    /// A key sealed by a KMS.
    #[go(yaml = "kms", omitempty)]
    pub kms: Option<EncryptionKeyKms>,
    /// A key sealed by the TPM.
    #[go(yaml = "tpm", omitempty)]
    pub tpm: Option<EncryptionKeyTpm>,
    /// Lock the key to the STATE partition.
    #[go(yaml = "lockToState", omitempty)]
    pub lock_to_state: Option<bool>,
}

/// A static passphrase key (`block.EncryptionKeyStatic`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionKeyStatic")]
pub struct EncryptionKeyStatic {
    /// The passphrase.
    #[go(yaml = "passphrase", omitempty)]
    pub passphrase: String,
}

/// A key derived from the node identity (`block.EncryptionKeyNodeID`, no fields).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionKeyNodeID")]
pub struct EncryptionKeyNodeId {}

/// A KMS-sealed key (`block.EncryptionKeyKMS`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionKeyKMS")]
pub struct EncryptionKeyKms {
    /// KMS endpoint.
    #[go(yaml = "endpoint")]
    pub endpoint: String,
}

/// A TPM-sealed key (`block.EncryptionKeyTPM`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionKeyTPM")]
pub struct EncryptionKeyTpm {
    /// TPM sealing options (PCRs).
    #[go(yaml = "options", omitempty)]
    pub options: Option<EncryptionKeyTpmOptions>,
    /// Check the Secure Boot state when enrolling.
    #[go(yaml = "checkSecurebootStatusOnEnroll", omitempty)]
    pub check_secureboot_status_on_enroll: Option<bool>,
}

/// TPM sealing options (`block.EncryptionKeyTPMOptions`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.EncryptionKeyTPMOptions")]
pub struct EncryptionKeyTpmOptions {
    /// PCRs the key is bound to.
    #[go(yaml = "pcrs", omitempty)]
    pub pcrs: Vec<isize>,
}

/// Per-volume trim settings (`block.TrimConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.TrimConfig")]
pub struct TrimConfig {
    /// Enable or disable trimming of the volume.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Trim interval.
    #[go(yaml = "interval", omitempty)]
    pub interval: Duration,
}

/// Per-volume scrub settings (`block.ScrubConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.ScrubConfig")]
pub struct ScrubConfig {
    /// Enable or disable scrubbing of the volume.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Scrub interval.
    #[go(yaml = "interval", omitempty)]
    pub interval: Duration,
}

/// `UserVolumeConfig`: a user volume mounted under `/var/mnt/<name>`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.UserVolumeConfigV1Alpha1",
    kind = "UserVolumeConfig",
    since = "1.10"
)]
pub struct UserVolumeConfig {
    /// Name of the volume.
    #[go(yaml = "name")]
    pub name: String,
    /// What backs the volume (partition by default).
    #[go(yaml = "volumeType", omitempty)]
    pub volume_type: Option<VolumeType>,
    /// Where and how large the volume is provisioned.
    #[go(yaml = "provisioning", omitempty)]
    pub provisioning: ProvisioningSpec,
    /// How the volume is formatted.
    #[go(yaml = "filesystem", omitempty)]
    pub filesystem: FilesystemSpec,
    /// Encryption of the volume.
    #[go(yaml = "encryption", omitempty)]
    pub encryption: EncryptionSpec,
    /// Extra mount options.
    #[go(yaml = "mount", omitempty)]
    pub mount: UserMountSpec,
    /// Per-volume trim settings.
    #[go(yaml = "trim", omitempty)]
    pub trim: Option<TrimConfig>,
    /// Per-volume scrub settings.
    #[go(yaml = "scrub", omitempty)]
    pub scrub: Option<ScrubConfig>,
}

/// Mount options of a user volume (`block.UserMountSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.UserMountSpec")]
pub struct UserMountSpec {
    /// Disable access time updates.
    #[go(yaml = "disableAccessTime", omitempty)]
    pub disable_access_time: Option<bool>,
    /// Secure mount options (nosuid, nodev, noexec); defaults to true.
    #[go(yaml = "secure", omitempty)]
    pub secure: Option<bool>,
}

/// How a user volume is formatted (`block.FilesystemSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.FilesystemSpec")]
pub struct FilesystemSpec {
    /// Filesystem type (xfs by default).
    #[go(yaml = "type", omitempty)]
    pub r#type: FilesystemType,
    /// Enable project quota support (xfs only).
    #[go(yaml = "projectQuotaSupport", omitempty)]
    pub project_quota_support: Option<bool>,
    /// XFS options.
    #[go(yaml = "xfs", omitempty)]
    pub xfs: Option<XfsSpec>,
}

/// `ExistingVolumeConfig`: mounts an existing partition found by a selector.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.ExistingVolumeConfigV1Alpha1",
    kind = "ExistingVolumeConfig",
    since = "1.11"
)]
pub struct ExistingVolumeConfig {
    /// Name of the volume.
    #[go(yaml = "name")]
    pub name: String,
    /// How the volume is found.
    #[go(yaml = "discovery", omitempty)]
    pub discovery: VolumeDiscoverySpec,
    /// Mount options.
    #[go(yaml = "mount", omitempty)]
    pub mount: ExistingMountSpec,
    /// Per-volume trim settings.
    #[go(yaml = "trim", omitempty)]
    pub trim: Option<TrimConfig>,
    /// Per-volume scrub settings.
    #[go(yaml = "scrub", omitempty)]
    pub scrub: Option<ScrubConfig>,
}

/// Volume discovery (`block.VolumeDiscoverySpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.VolumeDiscoverySpec")]
pub struct VolumeDiscoverySpec {
    /// The volume selector.
    #[go(yaml = "volumeSelector", omitempty)]
    pub volume_selector: VolumeSelector,
}

/// Volume selection (`block.VolumeSelector`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.VolumeSelector")]
pub struct VolumeSelector {
    /// CEL expression matched against each volume.
    #[go(yaml = "match", omitempty)]
    pub r#match: CelExpression,
}

/// Mount options of an existing volume (`block.ExistingMountSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.ExistingMountSpec")]
pub struct ExistingMountSpec {
    /// Mount read-only.
    #[go(yaml = "readOnly", omitempty)]
    pub read_only: Option<bool>,
    /// Disable access time updates.
    #[go(yaml = "disableAccessTime", omitempty)]
    pub disable_access_time: Option<bool>,
    /// Secure mount options.
    #[go(yaml = "secure", omitempty)]
    pub secure: Option<bool>,
}

/// `ExternalVolumeConfig`: mounts a volume that is not on a local disk (virtiofs).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.ExternalVolumeConfigV1Alpha1",
    kind = "ExternalVolumeConfig",
    since = "1.13"
)]
pub struct ExternalVolumeConfig {
    /// Name of the volume.
    #[go(yaml = "name")]
    pub name: String,
    /// Filesystem type of the source.
    #[go(yaml = "filesystemType")]
    pub filesystem_type: FilesystemType,
    /// Mount options.
    #[go(yaml = "mount", omitempty)]
    pub mount: ExternalMountSpec,
}

/// Mount options of an external volume (`block.ExternalMountSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.ExternalMountSpec")]
pub struct ExternalMountSpec {
    /// Mount read-only.
    #[go(yaml = "readOnly", omitempty)]
    pub read_only: Option<bool>,
    /// Disable access time updates.
    #[go(yaml = "disableAccessTime", omitempty)]
    pub disable_access_time: Option<bool>,
    /// Secure mount options.
    #[go(yaml = "secure", omitempty)]
    pub secure: Option<bool>,
    /// virtiofs source.
    #[go(yaml = "virtiofs", omitempty)]
    pub virtiofs: Option<VirtiofsMountSpec>,
}

/// A virtiofs source (`block.VirtiofsMountSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "block.VirtiofsMountSpec")]
pub struct VirtiofsMountSpec {
    /// virtiofs tag.
    #[go(yaml = "tag")]
    pub tag: String,
}

/// `RawVolumeConfig`: an unformatted partition.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.RawVolumeConfigV1Alpha1",
    kind = "RawVolumeConfig",
    since = "1.11"
)]
pub struct RawVolumeConfig {
    /// Name of the volume.
    #[go(yaml = "name")]
    pub name: String,
    /// Where and how large the volume is provisioned.
    #[go(yaml = "provisioning", omitempty)]
    pub provisioning: ProvisioningSpec,
    /// Encryption of the volume.
    #[go(yaml = "encryption", omitempty)]
    pub encryption: EncryptionSpec,
}

/// `SwapVolumeConfig`: a swap partition.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.SwapVolumeConfigV1Alpha1",
    kind = "SwapVolumeConfig",
    since = "1.11"
)]
pub struct SwapVolumeConfig {
    /// Name of the volume.
    #[go(yaml = "name")]
    pub name: String,
    /// Where and how large the volume is provisioned.
    #[go(yaml = "provisioning", omitempty)]
    pub provisioning: ProvisioningSpec,
    /// Encryption of the volume.
    #[go(yaml = "encryption", omitempty)]
    pub encryption: EncryptionSpec,
}

/// `ZswapConfig`: compressed swap cache settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.ZswapConfigV1Alpha1",
    kind = "ZswapConfig",
    since = "1.11"
)]
pub struct ZswapConfig {
    /// Maximum share of memory the pool may use, in percent.
    #[go(yaml = "maxPoolPercent", omitempty)]
    pub max_pool_percent: Option<isize>,
    /// Enable the shrinker.
    #[go(yaml = "shrinkerEnabled", omitempty)]
    pub shrinker_enabled: Option<bool>,
}

/// `FilesystemTrimConfig`: the global fstrim schedule.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.FilesystemTrimConfigV1Alpha1",
    kind = "FilesystemTrimConfig",
    since = "1.14"
)]
pub struct FilesystemTrimConfig {
    /// Trim interval.
    #[go(yaml = "interval", omitempty)]
    pub interval: Duration,
}

/// `FilesystemScrubConfig`: the global filesystem scrub schedule.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "block.FilesystemScrubConfigV1Alpha1",
    kind = "FilesystemScrubConfig",
    since = "1.14"
)]
pub struct FilesystemScrubConfig {
    /// Scrub interval.
    #[go(yaml = "interval", omitempty)]
    pub interval: Duration,
}
