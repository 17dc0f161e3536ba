//! The well-known META keys (Talos `pkg/machinery/meta/constants.go`).
//!
//! Keys are single bytes. `0x00` terminates the entry list on disk and never holds a value;
//! keys `0x12..=0xff` have no assigned meaning and are free for any use.

use crate::{MetaError, go_strconv};

/// Syslinux' own "boot once" entry (legacy area).
pub const BOOTONCE: u8 = 0x01;
/// Syslinux' own "menu save" entry (legacy area).
pub const MENUSAVE: u8 = 0x02;
/// Reserved.
pub const RESERVED1: u8 = 0x03;
/// Reserved.
pub const RESERVED2: u8 = 0x04;
/// Reserved (Talos' integration tests use it as scratch space).
pub const RESERVED3: u8 = 0x05;
/// Boot entry to fall back to if an upgrade fails; set by the installer on upgrade.
pub const UPGRADE: u8 = 0x06;
/// Installer image reference of a staged upgrade.
pub const STAGED_UPGRADE_IMAGE_REF: u8 = 0x07;
/// JSON install options of a staged upgrade.
pub const STAGED_UPGRADE_INSTALL_OPTIONS: u8 = 0x08;
/// JSON encryption config of the STATE volume.
pub const STATE_ENCRYPTION_CONFIG: u8 = 0x09;
/// YAML or JSON `PlatformNetworkConfig` for the `metal` platform (see [`crate::network`]).
pub const METAL_NETWORK_PLATFORM_CONFIG: u8 = 0x0a;
/// Value substituted for `${code}` in the `talos.config=` URL.
pub const DOWNLOAD_URL_CODE: u8 = 0x0b;
/// Free for users (Omni keeps `{"machineLabels": …}` here).
pub const USER_RESERVED1: u8 = 0x0c;
/// Free for users.
pub const USER_RESERVED2: u8 = 0x0d;
/// Free for users.
pub const USER_RESERVED3: u8 = 0x0e;
/// UUID used instead of the SMBIOS one (ignored when empty).
pub const UUID_OVERRIDE: u8 = 0x0f;
/// Unique machine token for SideroLink, preferred over the machine config's.
pub const UNIQUE_MACHINE_TOKEN: u8 = 0x10;
/// Bootloader of a disk image (`dual-boot`), set by the imager and removed on first boot.
pub const DISK_IMAGE_BOOTLOADER: u8 = 0x11;

/// Name and meaning of one well-known key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WellKnownKey {
    /// The key.
    pub key: u8,
    /// Talos' constant name.
    pub name: &'static str,
    /// What Talos keeps under it.
    pub meaning: &'static str,
}

/// Every well-known key, in key order.
pub const WELL_KNOWN: &[WellKnownKey] = &[
    wk(
        BOOTONCE,
        "Bootonce",
        "syslinux boot-once entry (legacy area)",
    ),
    wk(
        MENUSAVE,
        "Menusave",
        "syslinux menu-save entry (legacy area)",
    ),
    wk(RESERVED1, "Reserved1", "reserved"),
    wk(RESERVED2, "Reserved2", "reserved"),
    wk(RESERVED3, "Reserved3", "reserved"),
    wk(
        UPGRADE,
        "Upgrade",
        "boot entry to revert to if an upgrade fails",
    ),
    wk(
        STAGED_UPGRADE_IMAGE_REF,
        "StagedUpgradeImageRef",
        "installer image of a staged upgrade",
    ),
    wk(
        STAGED_UPGRADE_INSTALL_OPTIONS,
        "StagedUpgradeInstallOptions",
        "install options (JSON) of a staged upgrade",
    ),
    wk(
        STATE_ENCRYPTION_CONFIG,
        "StateEncryptionConfig",
        "STATE volume encryption config (JSON)",
    ),
    wk(
        METAL_NETWORK_PLATFORM_CONFIG,
        "MetalNetworkPlatformConfig",
        "network config of the metal platform (YAML)",
    ),
    wk(
        DOWNLOAD_URL_CODE,
        "DownloadURLCode",
        "value of ${code} in the talos.config= URL",
    ),
    wk(USER_RESERVED1, "UserReserved1", "user data"),
    wk(USER_RESERVED2, "UserReserved2", "user data"),
    wk(USER_RESERVED3, "UserReserved3", "user data"),
    wk(
        UUID_OVERRIDE,
        "UUIDOverride",
        "UUID used instead of the SMBIOS one",
    ),
    wk(
        UNIQUE_MACHINE_TOKEN,
        "UniqueMachineToken",
        "SideroLink unique machine token",
    ),
    wk(
        DISK_IMAGE_BOOTLOADER,
        "DiskImageBootloader",
        "bootloader of a disk image (dual-boot)",
    ),
];

const fn wk(key: u8, name: &'static str, meaning: &'static str) -> WellKnownKey {
    WellKnownKey { key, name, meaning }
}

/// The well-known key `key`, if it has a name.
///
/// ```
/// assert_eq!(talos_meta::keys::describe(0x0a).unwrap().name, "MetalNetworkPlatformConfig");
/// assert!(talos_meta::keys::describe(0x42).is_none());
/// ```
pub fn describe(key: u8) -> Option<&'static WellKnownKey> {
    WELL_KNOWN.iter().find(|known| known.key == key)
}

/// Rejects key 0, the on-disk terminator.
pub(crate) fn check_writable(key: u8) -> Result<(), MetaError> {
    if key == 0 {
        Err(MetaError::ReservedKey)
    } else {
        Ok(())
    }
}

/// Parses a key the way `talosctl meta write` and `INSTALLER_META_BASE64` do (Go
/// `strconv.ParseUint(text, 0, 8)`: `0x`, `0o`, `0b` prefixes, a lone leading `0` for octal,
/// `_` between digits), or a well-known key name such as `MetalNetworkPlatformConfig`
/// (case-insensitive). Key 0 parses; writing it is refused later.
///
/// ```
/// use talos_meta::keys::parse_key;
/// assert_eq!(parse_key("0xa").unwrap(), 10);
/// assert_eq!(parse_key("010").unwrap(), 8);
/// assert_eq!(parse_key("upgrade").unwrap(), 6);
/// assert!(parse_key("256").is_err());
/// ```
pub fn parse_key(text: &str) -> Result<u8, MetaError> {
    if let Some(key) = parse_go_uint8(text) {
        return Ok(key);
    }
    WELL_KNOWN
        .iter()
        .find(|known| known.name.eq_ignore_ascii_case(text))
        .map(|known| known.key)
        .ok_or_else(|| MetaError::InvalidKey(text.to_owned()))
}

/// Go's `strconv.ParseUint(text, 0, 8)`: `None` where Go returns an error.
pub(crate) fn parse_go_uint8(text: &str) -> Option<u8> {
    go_strconv::parse_uint(text, u64::from(u8::MAX)).and_then(|key| u8::try_from(key).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_accepted() {
        assert_eq!(parse_key("MetalNetworkPlatformConfig").unwrap(), 0x0a);
        assert!(matches!(parse_key("nope"), Err(MetaError::InvalidKey(_))));
    }

    #[test]
    fn key_zero_is_not_writable() {
        assert!(matches!(check_writable(0), Err(MetaError::ReservedKey)));
        assert!(check_writable(1).is_ok());
    }
}
