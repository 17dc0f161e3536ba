//! The enums block documents take from Talos' `resources/block` package.

use super::macros::go_enum;

go_enum! {
    /// How a volume is encrypted (`block.EncryptionProviderType`).
    pub enum EncryptionProviderType = "block.EncryptionProviderType", "EncryptionProviderType" {
        /// Not encrypted.
        None => "none",
        /// LUKS2.
        Luks2 => "luks2",
    }
}

go_enum! {
    /// A filesystem type (`block.FilesystemType`).
    pub enum FilesystemType = "block.FilesystemType", "FilesystemType" {
        /// No filesystem.
        None => "none",
        /// XFS.
        Xfs => "xfs",
        /// FAT.
        Vfat => "vfat",
        /// ext4.
        Ext4 => "ext4",
        /// ISO 9660.
        Iso9660 => "iso9660",
        /// Swap (Talos spells it `swapi`).
        Swap => "swapi",
        /// virtiofs.
        Virtiofs => "virtiofs",
        /// Btrfs.
        Btrfs => "btrfs",
    }
}

go_enum! {
    /// What backs a volume (`block.VolumeType`).
    pub enum VolumeType = "block.VolumeType", "VolumeType" {
        /// A partition.
        Partition => "partition",
        /// A whole disk.
        Disk => "disk",
        /// A tmpfs.
        Tmpfs => "tmpfs",
        /// A directory.
        Directory => "directory",
        /// A symlink.
        Symlink => "symlink",
        /// An overlay.
        Overlay => "overlay",
        /// An external (network) volume.
        External => "external",
    }
}
