//! Go package `extensions` (`pkg/machinery/config/types/runtime/extensions`): user
//! configuration for system extension services.

use crate::GoYaml;
use crate::types::block::macros::go_named_slice;

/// `ExtensionServiceConfig`: files and environment for an extension service.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "extensions.ServiceConfigV1Alpha1",
    kind = "ExtensionServiceConfig",
    since = "1.7"
)]
pub struct ExtensionServiceConfig {
    /// Name of the extension service.
    #[go(yaml = "name")]
    pub name: String,
    /// Files mounted into the service container.
    #[go(yaml = "configFiles", omitempty)]
    pub config_files: ConfigFileList,
    /// `KEY=value` environment variables.
    #[go(yaml = "environment", omitempty)]
    pub environment: Vec<String>,
}

go_named_slice! {
    /// The files of an extension service (`extensions.ConfigFileList`).
    pub struct ConfigFileList(Vec<ConfigFile>) = "extensions.ConfigFileList";
}

/// One file for an extension service (`extensions.ConfigFile`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "extensions.ConfigFile")]
pub struct ConfigFile {
    /// File contents.
    #[go(yaml = "content")]
    pub content: String,
    /// Where the file is mounted in the container.
    #[go(yaml = "mountPath")]
    pub mount_path: String,
}
