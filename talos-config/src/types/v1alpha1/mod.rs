//! The legacy `v1alpha1` document: the `version: v1alpha1` mapping with `machine` and
//! `cluster` sections, as Go's `types/v1alpha1` package defines it (84 struct types).
//!
//! It has no `apiVersion`/`kind`; its top-level keys are `version`, `debug`, `persist`,
//! `machine` and `cluster`. Most of its fields are deprecated in Talos 1.14 in favour of the
//! multi-document kinds, but all of them still decode and encode.
//!
//! Field types follow Go exactly: a Go pointer is an `Option` (so `[]*Device` is a
//! `Vec<Option<Device>>`, and a `null` list item survives a round trip as in Go), named Go
//! slices are newtypes (their names appear in error texts), and types with their own YAML
//! methods live in [`scalars`] and [`x509`].

pub mod cluster;
pub mod machine;
pub mod network;
pub mod scalars;
pub mod x509;

pub use cluster::*;
pub use machine::*;
pub use network::*;
pub use scalars::{
    Base64Bytes, DiskSize, Endpoint, FileMode, InstallDiskSizeMatchData, InstallDiskSizeMatcher,
    InstallDiskType, MachineType,
};
pub use x509::{PemEncodedCertificate, PemEncodedCertificateAndKey, PemEncodedKey};

use crate::GoYaml;
use crate::types::url::GoUrl;

/// The legacy `version: v1alpha1` machine configuration document.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.Config")]
pub struct Config {
    /// Document version (`v1alpha1`).
    #[go(yaml = "version")]
    pub version: String,
    /// Verbose console logging.
    #[go(yaml = "debug", omitempty)]
    pub debug: Option<bool>,
    /// Whether the configuration is kept across reboots (deprecated).
    #[go(yaml = "persist", omitempty)]
    pub persist: Option<bool>,
    /// Node settings; `null` when absent.
    #[go(yaml = "machine")]
    pub machine: Option<MachineConfig>,
    /// Cluster settings; `null` when absent.
    #[go(yaml = "cluster")]
    pub cluster: Option<ClusterConfig>,
}

impl Config {
    /// The `machine` section, if present.
    pub fn machine(&self) -> Option<&MachineConfig> {
        self.machine.as_ref()
    }

    /// The `cluster` section, if present.
    pub fn cluster(&self) -> Option<&ClusterConfig> {
        self.cluster.as_ref()
    }

    /// The node role, read as Go's `MachineConfig.Type()` reads it: `join` and an empty
    /// string mean worker, an invalid string means unknown. `None` without a `machine`
    /// section.
    pub fn machine_type(&self) -> Option<MachineType> {
        self.machine
            .as_ref()
            .map(|m| MachineType::parse(&m.r#type).unwrap_or_default())
    }

    /// `cluster.clusterName`, when set and not empty.
    pub fn cluster_name(&self) -> Option<&str> {
        non_empty(&self.cluster.as_ref()?.cluster_name)
    }

    /// `machine.install.disk`, when set and not empty.
    pub fn install_disk(&self) -> Option<&str> {
        non_empty(&self.machine.as_ref()?.install.as_ref()?.disk)
    }

    /// `machine.install.image`, when set and not empty.
    pub fn install_image(&self) -> Option<&str> {
        non_empty(&self.machine.as_ref()?.install.as_ref()?.image)
    }

    /// `cluster.controlPlane.endpoint`, when set.
    pub fn control_plane_endpoint(&self) -> Option<&GoUrl> {
        let endpoint = self
            .cluster
            .as_ref()?
            .control_plane
            .as_ref()?
            .endpoint
            .as_ref()?;
        Some(endpoint.url())
    }
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}
