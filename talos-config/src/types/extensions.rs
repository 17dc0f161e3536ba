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

impl ConfigFileList {
    /// Go's `ConfigFileList.Merge`: a file merges into the first one with its mount path,
    /// else it is appended.
    fn merge_list(
        &mut self,
        right: ConfigFileList,
        src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        use crate::goyaml::GoYaml;
        use crate::goyaml::merge::MergeOpts;
        let count = right.0.len();
        for (i, file) in right.0.into_iter().enumerate() {
            match self.0.iter_mut().find(|f| f.mount_path == file.mount_path) {
                Some(existing) => existing.merge_from(
                    file,
                    src.item(i, count),
                    MergeOpts {
                        replace: false,
                        overwrite: true,
                    },
                )?,
                None => self.0.push(file),
            }
        }
        Ok(())
    }
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
