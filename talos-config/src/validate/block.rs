//! The block-device and storage kinds' rules (volumes, encryption, LVM) and their conflicts
//! with the legacy document.
//!
//! The rules follow Talos' `types/block` and `types/storage` packages. Where rc.1 changed a
//! kind that the Go reference also has (VolumeConfig's seven system volumes and their per-name
//! constraints, the `xfs` filesystem options), the rc.1 behaviour described by the spec is
//! implemented; kinds that exist only in rc.1 and that the spec gives no rules for
//! (`FilesystemScrubConfig`, `RAIDArrayConfig`) and the per-volume `scrub` section are left
//! without rules.

use super::{Checked, Context, GoError, JoinedErrors, conflict_validators, doc_validators};
use crate::cel::{Environment, check_boolean};
use crate::goyaml::go_quote;
use crate::types::block::{
    EncryptionProviderType, EncryptionSpec, ExistingVolumeConfig, ExternalVolumeConfig,
    FilesystemSpec, FilesystemTrimConfig, FilesystemType, MountSpec, ProvisioningSpec,
    RawVolumeConfig, SwapVolumeConfig, TrimConfig, UserMountSpec, UserVolumeConfig,
    VirtiofsMountSpec, VolumeConfig, VolumeDiscoverySpec, VolumeType, ZswapConfig,
};
use crate::types::storage::{
    LvmLogicalVolumeConfig, LvmLogicalVolumeType, LvmVolumeGroupConfig,
    ProvisioningSpec as LvmProvisioningSpec,
};
use crate::types::v1alpha1::Config as LegacyConfig;

doc_validators![
    VolumeConfig => volume_config,
    UserVolumeConfig => user_volume_config,
    RawVolumeConfig => raw_volume_config,
    SwapVolumeConfig => swap_volume_config,
    ExistingVolumeConfig => existing_volume_config,
    ExternalVolumeConfig => external_volume_config,
    ZswapConfig => zswap_config,
    FilesystemTrimConfig => filesystem_trim_config,
    LvmVolumeGroupConfig => lvm_volume_group_config,
    LvmLogicalVolumeConfig => lvm_logical_volume_config,
];

conflict_validators![VolumeConfig => volume_config_conflicts];

/// Talos' GPT partition label length (`constants.PartitionLabelLength`); volume names get a
/// two-character kind prefix (`u-`, `r-`, `s-`, `x-`) inside it.
const PARTITION_LABEL_LENGTH: usize = 36;

/// The longest user/raw/swap/external volume name: the label minus its prefix.
const MAX_PREFIXED_VOLUME_NAME_LENGTH: usize = PARTITION_LABEL_LENGTH - 2;

/// The longest LVM volume group or logical volume name.
const MAX_LVM_NAME_LENGTH: usize = 63;

/// The system volumes a `VolumeConfig` may name, in Go's order.
const SYSTEM_VOLUMES: [&str; 7] = [
    "STATE",
    "EPHEMERAL",
    "IMAGECACHE",
    "ETCD",
    "CRI",
    "KUBELET",
    "LOG",
];

/// The system volumes that default to a directory under EPHEMERAL and may be promoted to a
/// dedicated partition by provisioning them.
const PROMOTABLE_SYSTEM_VOLUMES: [&str; 4] = ["ETCD", "CRI", "KUBELET", "LOG"];

/// Go's `%q` of a `[]string`: `["a" "b"]`.
fn go_quote_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| go_quote(item)).collect();
    format!("[{}]", quoted.join(" "))
}

/// Whether a volume name has a character outside `[A-Za-z0-9-]` (plus `_` for LVM names).
fn has_invalid_name_char(name: &str, allow_underscore: bool) -> bool {
    name.chars()
        .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || (allow_underscore && c == '_')))
}

/// The name checks of the user, raw, swap, external and existing volumes: required, bounded
/// length in bytes as Go's `len` counts (existing volumes have no partition label, so no bound),
/// and letters, digits and hyphens only.
fn check_volume_name(errs: &mut JoinedErrors, name: &str, max_len: Option<usize>) {
    if name.is_empty() {
        errs.push("name is required");
    }
    if let Some(max_len) = max_len
        && (name.is_empty() || name.len() > max_len)
    {
        errs.push(format!(
            "name must be between 1 and {max_len} characters long"
        ));
    }
    if has_invalid_name_char(name, false) {
        errs.push(
            "name can only contain lowercase and uppercase ASCII letters, digits, and hyphens",
        );
    }
}

/// The name checks of LVM volume groups and logical volumes (underscores allowed).
fn check_lvm_name(errs: &mut JoinedErrors, name: &str) {
    if name.is_empty() {
        errs.push("name is required");
    }
    if name.is_empty() || name.len() > MAX_LVM_NAME_LENGTH {
        errs.push(format!(
            "name must be between 1 and {MAX_LVM_NAME_LENGTH} characters long"
        ));
    }
    if has_invalid_name_char(name, true) {
        errs.push("name can only contain ASCII letters, digits, hyphens and underscores");
    }
}

/// Go's `ProvisioningSpec.Validate(required, sizeSupported)`: the disk selector must be a
/// boolean CEL expression (and present when required); sizes must be consistent.
fn provisioning_errors(
    spec: &ProvisioningSpec,
    required: bool,
    size_supported: bool,
) -> Option<GoError> {
    let mut errs = JoinedErrors::new();
    let selector = spec.disk_selector.r#match.as_str();
    if !selector.is_empty() {
        if let Err(err) = check_boolean(selector, Environment::DiskLocator) {
            errs.push(GoError::wrap(
                "disk selector is invalid",
                GoError::msg(err.to_string()),
            ));
        }
    } else if required {
        errs.push("disk selector is required");
    }
    let (min, max) = (&spec.min_size, &spec.max_size);
    if size_supported {
        if !min.is_zero() && !max.is_zero() && !max.is_relative() && !max.is_negative() {
            if min.value() > max.value() {
                errs.push("min size is greater than max size");
            }
        } else if required && min.is_zero() && max.is_zero() {
            errs.push("min size or max size is required");
        }
        if min.is_negative() {
            errs.push("min size cannot be negative");
        }
    } else if !min.is_zero() || !max.is_zero() || spec.grow.is_some() {
        errs.push("min size, max size and grow are not supported");
    }
    errs.into_error()
}

/// Go's `EncryptionSpec.Validate`: an unset spec is fine; otherwise the provider must be
/// LUKS2, there must be keys, slots must be unique, each key needs a type, and TPM PCRs must
/// be 0–23.
fn encryption_errors(spec: &EncryptionSpec) -> Option<GoError> {
    if spec.go_is_zero() {
        return None;
    }
    let mut errs = JoinedErrors::new();
    if spec.provider != EncryptionProviderType::Luks2 {
        errs.push(format!(
            "unsupported encryption provider: {}",
            spec.provider
        ));
    }
    if spec.keys.is_empty() {
        errs.push("encryption keys are required");
    }
    let mut slots = std::collections::HashSet::new();
    for key in &spec.keys {
        if !slots.insert(key.slot) {
            errs.push(format!("duplicate key slot {}", key.slot));
        }
        if key.r#static.is_none() && key.node_id.is_none() && key.kms.is_none() && key.tpm.is_none()
        {
            errs.push(format!(
                "at least one encryption key type must be specified for slot {}",
                key.slot
            ));
        }
        let pcrs = key.tpm.as_ref().and_then(|tpm| tpm.options.as_ref());
        for pcr in pcrs
            .map(|options| options.pcrs.as_slice())
            .unwrap_or_default()
        {
            if !(0..=23).contains(pcr) {
                errs.push(format!("TPM PCR {pcr} is out of range (0-23)"));
            }
        }
    }
    errs.into_error()
}

/// Go's `TrimConfig.Validate` (a missing section is fine).
fn trim_errors(trim: Option<&TrimConfig>) -> Option<GoError> {
    match trim {
        Some(trim) if trim.interval.as_nanos() < 0 => {
            Some(GoError::msg("trim interval cannot be negative"))
        }
        _ => None,
    }
}

/// Go's `FilesystemSpec.Validate` of a user volume: a known type, and project quotas and xfs
/// options only with xfs (the default type).
fn filesystem_errors(spec: &FilesystemSpec) -> Option<GoError> {
    match spec.r#type {
        FilesystemType::None
        | FilesystemType::Xfs
        | FilesystemType::Ext4
        | FilesystemType::Btrfs => {}
        other => {
            return Some(GoError::msg(format!(
                "unsupported filesystem type: {other}"
            )));
        }
    }
    let is_xfs = matches!(spec.r#type, FilesystemType::None | FilesystemType::Xfs);
    if spec.project_quota_support == Some(true) && !is_xfs {
        return Some(GoError::msg(
            "project quota support is only available for xfs filesystem",
        ));
    }
    if spec.xfs.is_some() && !is_xfs {
        return Some(GoError::msg(
            "xfs options are only available for xfs filesystem",
        ));
    }
    None
}

/// Whether a system volume's mount section sets anything (Go compares the struct of
/// pointers against its zero value).
fn mount_is_set(mount: &MountSpec) -> bool {
    mount.secure.is_some() || mount.disable_access_time.is_some()
}

/// `VolumeConfig`: a known system volume name, then its per-name constraints, provisioning,
/// encryption and trim settings.
fn volume_config(doc: &VolumeConfig, _ctx: &Context) -> Checked {
    if !SYSTEM_VOLUMES.contains(&doc.name.as_str()) {
        return Checked::error(Some(GoError::msg(format!(
            "only {} volumes are supported",
            go_quote_list(&SYSTEM_VOLUMES)
        ))));
    }
    let mut errs = JoinedErrors::new();
    errs.push_opt(volume_constraint_errors(doc));
    errs.push_opt(provisioning_errors(&doc.provisioning, false, true));
    errs.push_opt(encryption_errors(&doc.encryption));
    errs.push_opt(trim_errors(doc.trim.as_ref()));
    Checked::error(errs.into_error())
}

/// Which sections each system volume may have: STATE is never provisioned, never locked to
/// itself and has fixed mount options; IMAGECACHE has fixed mount options and is ext4; the
/// promotable volumes take mount options only on a dedicated partition.
fn volume_constraint_errors(doc: &VolumeConfig) -> Option<GoError> {
    let name = doc.name.as_str();
    let quoted = go_quote(name);
    let mut errs = JoinedErrors::new();
    let mount_not_allowed = || {
        GoError::msg(format!(
            "mount config is not allowed for the {quoted} volume"
        ))
    };
    match name {
        "STATE" => {
            if !doc.provisioning.go_is_zero() {
                errs.push(format!(
                    "provisioning config is not allowed for the {quoted} volume"
                ));
            }
            for key in &doc.encryption.keys {
                if key.lock_to_state == Some(true) {
                    errs.push(format!(
                        "state-locked key is not allowed for the {quoted} volume"
                    ));
                }
            }
            if mount_is_set(&doc.mount) {
                errs.push(mount_not_allowed());
            }
        }
        "IMAGECACHE" => {
            if mount_is_set(&doc.mount) {
                errs.push(mount_not_allowed());
            }
            if doc.filesystem.xfs.is_some() {
                errs.push(format!(
                    "filesystem config is not allowed for the {quoted} volume"
                ));
            }
        }
        // Provisioning is what moves the volume onto its own partition.
        _ if PROMOTABLE_SYSTEM_VOLUMES.contains(&name)
            && mount_is_set(&doc.mount)
            && doc.provisioning.go_is_zero() =>
        {
            errs.push(format!(
                "mount config for the {quoted} volume is only supported when it is provisioned onto a dedicated partition"
            ));
        }
        _ => {}
    }
    errs.into_error()
}

/// `VolumeConfig` against the legacy document: STATE/EPHEMERAL encryption may be set in one
/// place only.
fn volume_config_conflicts(doc: &VolumeConfig, legacy: &LegacyConfig) -> Option<GoError> {
    if !matches!(doc.name.as_str(), "STATE" | "EPHEMERAL") {
        return None;
    }
    // Go's `Encryption()` is nil only for the "none" provider.
    if doc.encryption.provider == EncryptionProviderType::None {
        return None;
    }
    let legacy_encryption = legacy
        .machine
        .as_ref()
        .and_then(|m| m.system_disk_encryption.as_ref());
    let configured = legacy_encryption.is_some_and(|e| match doc.name.as_str() {
        "STATE" => e.state.is_some(),
        _ => e.ephemeral.is_some(),
    });
    configured.then(|| {
        GoError::msg(format!(
            "system disk encryption for {} is configured in both v1alpha1.Config and VolumeConfig",
            go_quote(&doc.name)
        ))
    })
}

/// Whether a user volume's mount section sets anything.
fn user_mount_is_set(mount: &UserMountSpec) -> bool {
    mount.secure.is_some() || mount.disable_access_time.is_some()
}

/// Go's `FilesystemSpec.IsZero`.
fn filesystem_is_zero(spec: &FilesystemSpec) -> bool {
    spec.r#type == FilesystemType::None
        && spec.project_quota_support.is_none()
        && spec.xfs.is_none()
}

/// `UserVolumeConfig`: name, then the sections the volume type allows, then trim.
fn user_volume_config(doc: &UserVolumeConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_volume_name(&mut errs, &doc.name, Some(MAX_PREFIXED_VOLUME_NAME_LENGTH));
    let volume_type = doc.volume_type.unwrap_or(VolumeType::Partition);
    match volume_type {
        VolumeType::Directory => {
            if !doc.provisioning.go_is_zero() {
                errs.push("provisioning spec is invalid for volumeType directory");
            }
            if !doc.encryption.go_is_zero() {
                errs.push("encryption spec is invalid for volumeType directory");
            }
            if !filesystem_is_zero(&doc.filesystem) {
                errs.push("filesystem spec is invalid for volumeType directory");
            }
            if user_mount_is_set(&doc.mount) {
                errs.push("mount spec is invalid for volumeType directory");
            }
        }
        VolumeType::Disk | VolumeType::Partition => {
            // A whole disk has no size of its own.
            let size_supported = volume_type == VolumeType::Partition;
            errs.push_opt(provisioning_errors(&doc.provisioning, true, size_supported));
            errs.push_opt(filesystem_errors(&doc.filesystem));
            errs.push_opt(encryption_errors(&doc.encryption));
        }
        other => errs.push(format!(
            "unsupported volume type {}",
            go_quote(other.as_str())
        )),
    }
    errs.push_opt(trim_errors(doc.trim.as_ref()));
    Checked::error(errs.into_error())
}

/// `RawVolumeConfig`: name, provisioning (selector and a size required) and encryption.
fn raw_volume_config(doc: &RawVolumeConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_volume_name(&mut errs, &doc.name, Some(MAX_PREFIXED_VOLUME_NAME_LENGTH));
    errs.push_opt(provisioning_errors(&doc.provisioning, true, true));
    errs.push_opt(encryption_errors(&doc.encryption));
    Checked::error(errs.into_error())
}

/// `SwapVolumeConfig`: the same rules as raw volumes.
fn swap_volume_config(doc: &SwapVolumeConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_volume_name(&mut errs, &doc.name, Some(MAX_PREFIXED_VOLUME_NAME_LENGTH));
    errs.push_opt(provisioning_errors(&doc.provisioning, true, true));
    errs.push_opt(encryption_errors(&doc.encryption));
    Checked::error(errs.into_error())
}

/// Go's `VolumeDiscoverySpec.Validate`: the volume selector is required and must be a boolean
/// CEL expression.
fn discovery_errors(spec: &VolumeDiscoverySpec) -> Option<GoError> {
    let selector = spec.volume_selector.r#match.as_str();
    if selector.is_empty() {
        return Some(GoError::msg("volume selector is required"));
    }
    check_boolean(selector, Environment::VolumeLocator)
        .err()
        .map(|err| GoError::wrap("volume selector is invalid", GoError::msg(err.to_string())))
}

/// `ExistingVolumeConfig`: name (no length limit: it has no partition label), discovery and
/// trim.
fn existing_volume_config(doc: &ExistingVolumeConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_volume_name(&mut errs, &doc.name, None);
    errs.push_opt(discovery_errors(&doc.discovery));
    errs.push_opt(trim_errors(doc.trim.as_ref()));
    Checked::error(errs.into_error())
}

/// Go's `VirtiofsMountSpec.Validate`.
fn virtiofs_errors(spec: Option<&VirtiofsMountSpec>) -> Option<GoError> {
    match spec {
        None => Some(GoError::msg("virtiofs mount spec is required")),
        Some(spec) if spec.tag.is_empty() => Some(GoError::msg("virtiofs tag is required")),
        Some(_) => None,
    }
}

/// `ExternalVolumeConfig`: name, and a virtiofs source (the only supported filesystem).
fn external_volume_config(doc: &ExternalVolumeConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_volume_name(&mut errs, &doc.name, Some(MAX_PREFIXED_VOLUME_NAME_LENGTH));
    match doc.filesystem_type {
        FilesystemType::Virtiofs => errs.push_opt(virtiofs_errors(doc.mount.virtiofs.as_ref())),
        other => errs.push(format!("invalid filesystem type: {other}")),
    }
    Checked::error(errs.into_error())
}

/// `ZswapConfig`: the pool share is a percentage.
fn zswap_config(doc: &ZswapConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc
        .max_pool_percent
        .is_some_and(|p| !(0..=100).contains(&p))
    {
        errs.push("maxPoolPercent must be between 0 and 100");
    }
    Checked::error(errs.into_error())
}

/// `FilesystemTrimConfig`: the interval cannot be negative.
fn filesystem_trim_config(doc: &FilesystemTrimConfig, _ctx: &Context) -> Checked {
    Checked::error(
        (doc.interval.as_nanos() < 0).then(|| GoError::msg("interval cannot be negative")),
    )
}

/// Go's `storage.ProvisioningSpec.Validate`: the physical volume selector is required and
/// must be a boolean CEL expression over volumes.
fn lvm_provisioning_errors(spec: &LvmProvisioningSpec) -> Option<GoError> {
    let selector = spec.volume_selector.r#match.as_str();
    if selector.is_empty() {
        return Some(GoError::msg(
            "provisioning.volumeSelector.match is required",
        ));
    }
    check_boolean(selector, Environment::VolumeLocator)
        .err()
        .map(|err| {
            GoError::wrap(
                "provisioning.volumeSelector.match",
                GoError::msg(err.to_string()),
            )
        })
}

/// `LVMVolumeGroupConfig`: name and physical volume selector.
fn lvm_volume_group_config(doc: &LvmVolumeGroupConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_lvm_name(&mut errs, &doc.name);
    errs.push_opt(lvm_provisioning_errors(&doc.provisioning));
    Checked::error(errs.into_error())
}

/// `LVMLogicalVolumeConfig`: name, mirrors/stripes only for the layouts that use them, a
/// volume group and a non-negative maximum size no smaller than the minimum.
fn lvm_logical_volume_config(doc: &LvmLogicalVolumeConfig, _ctx: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    check_lvm_name(&mut errs, &doc.name);
    let lv_type = doc.r#type;
    let uses_mirrors = matches!(
        lv_type,
        LvmLogicalVolumeType::Raid1 | LvmLogicalVolumeType::Raid10
    );
    let uses_stripes = matches!(
        lv_type,
        LvmLogicalVolumeType::Raid0 | LvmLogicalVolumeType::Raid10
    );
    if let Some(mirrors) = doc.mirrors {
        if !uses_mirrors {
            errs.push(format!(
                "mirrors is only valid for raid1/raid10, not {lv_type}"
            ));
        } else if mirrors < 1 {
            errs.push("mirrors must be at least 1");
        }
    }
    if let Some(stripes) = doc.stripes {
        if !uses_stripes {
            errs.push(format!(
                "stripes is only valid for raid0/raid10, not {lv_type}"
            ));
        } else if stripes < 2 {
            errs.push("stripes must be at least 2");
        }
    }
    let provisioning = &doc.provisioning;
    if provisioning.volume_group.is_empty() {
        errs.push("provisioning.volumeGroup is required");
    }
    let (min, max) = (&provisioning.min_size, &provisioning.max_size);
    if max.is_zero() {
        errs.push("provisioning.maxSize is required");
    }
    if max.is_negative() {
        errs.push("provisioning.maxSize must not be negative");
    }
    if !min.is_zero() && !max.is_relative() && min.value() > max.value() {
        errs.push("provisioning.minSize must not exceed provisioning.maxSize");
    }
    Checked::error(errs.into_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_lists_like_go() {
        assert_eq!(go_quote_list(&["A", "B"]), "[\"A\" \"B\"]");
    }

    #[test]
    fn names_allow_only_ascii_letters_digits_and_hyphens() {
        assert!(!has_invalid_name_char("ceph-Data-1", false));
        assert!(has_invalid_name_char("a_b", false));
        assert!(!has_invalid_name_char("a_b", true));
        assert!(has_invalid_name_char("ä", true));
    }
}
