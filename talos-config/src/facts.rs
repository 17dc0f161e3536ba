//! The facts people look up in a machine configuration, answered from whichever documents
//! hold them: the 1.14 multi-document kinds first, the legacy `v1alpha1` fields otherwise
//! (Talos refuses configs that set both, so at most one source is present).

use crate::config::Config;
use crate::types::v1alpha1::MachineType;
use crate::types::{block, cluster, cri, k8s, network, runtime};

/// A volume's disk selector: which disk Talos provisions the volume on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskSelectorFacts {
    /// The document (`VolumeConfig/IMAGECACHE`, `UserVolumeConfig/data`, …).
    pub document: String,
    /// The CEL expression over `disk` and `system_disk`.
    pub expression: String,
    /// Whether the expression is Talos' default rather than written in the document.
    pub default: bool,
}

/// A network link configured by a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFacts {
    /// The link name (`eth0`, `bond0`, …).
    pub name: String,
    /// The kind configuring it (`LinkConfig`, `BondConfig`, …) or `v1alpha1`.
    pub kind: &'static str,
    /// Static addresses (`10.0.0.2/24`).
    pub addresses: Vec<String>,
}

impl Config {
    /// `machine.type` (only the legacy document carries it).
    pub fn machine_type(&self) -> Option<MachineType> {
        self.v1alpha1()?.machine_type()
    }

    /// The cluster name: `KubeClusterConfig.clusterName` or `cluster.clusterName`.
    pub fn cluster_name(&self) -> Option<&str> {
        self.get::<k8s::KubeClusterConfig>("")
            .map(|c| c.cluster_name.as_str())
            .filter(|name| !name.is_empty())
            .or_else(|| self.v1alpha1()?.cluster_name())
    }

    /// The installer image: `UnattendedInstallConfig.installer.image` or
    /// `machine.install.image`.
    pub fn install_image(&self) -> Option<&str> {
        self.get::<runtime::UnattendedInstallConfig>("")
            .map(|c| c.installer.image.as_str())
            .filter(|image| !image.is_empty())
            .or_else(|| self.v1alpha1()?.install_image())
    }

    /// The install disk as configured: the legacy `machine.install.disk` path, or the CEL
    /// selector of `UnattendedInstallConfig` (e.g. `disk.dev_path == "/dev/sda"`).
    pub fn install_disk(&self) -> Option<&str> {
        self.get::<runtime::UnattendedInstallConfig>("")
            .map(|c| c.provisioning.disk_selector.r#match.as_str())
            .filter(|selector| !selector.is_empty())
            .or_else(|| self.v1alpha1()?.install_disk())
    }

    /// Every link a document configures, with its static addresses.
    pub fn links(&self) -> Vec<LinkFacts> {
        let mut links = Vec::new();
        macro_rules! collect {
            ($($ty:ty),*) => {$(
                for doc in self.all::<$ty>() {
                    links.push(LinkFacts {
                        name: doc.name.clone(),
                        kind: <$ty as crate::Kind>::KIND,
                        addresses: doc.common.addresses.iter().map(|a| a.address.format()).collect(),
                    });
                }
            )*};
        }
        collect!(
            network::LinkConfig,
            network::BondConfig,
            network::BridgeConfig,
            network::VLANConfig,
            network::DummyLinkConfig,
            network::VRFConfig,
            network::WireguardConfig,
            network::VethConfig
        );
        if let Some(machine) = self.v1alpha1().and_then(|c| c.machine()) {
            let devices = machine.network.iter().flat_map(|n| n.interfaces.0.iter());
            for device in devices.flatten() {
                links.push(LinkFacts {
                    name: device.interface.clone(),
                    kind: "v1alpha1",
                    addresses: device.addresses.clone(),
                });
            }
        }
        links
    }

    /// Registry mirrors: registry host → mirror endpoint URLs.
    pub fn registry_mirrors(&self) -> Vec<(String, Vec<String>)> {
        self.all::<cri::RegistryMirrorConfig>()
            .map(|m| {
                let endpoints = m.endpoints.iter().map(|e| e.url.format()).collect();
                (m.name.clone(), endpoints)
            })
            .collect()
    }

    /// Discovery service endpoints configured (`DiscoveryServiceConfig` documents).
    pub fn discovery_endpoints(&self) -> Vec<String> {
        self.all::<cluster::DiscoveryServiceConfig>()
            .map(|d| d.endpoint.format())
            .collect()
    }

    /// The disk selectors of the volume documents, in document order. The image cache
    /// volume without a selector lives on the system disk (Talos' default, `system_disk`);
    /// other volumes without one are not listed.
    pub fn disk_selectors(&self) -> Vec<DiskSelectorFacts> {
        let mut selectors = Vec::new();
        for doc in self.documents() {
            let (kind, name, provisioning) =
                if let Some(v) = doc.downcast_ref::<block::VolumeConfig>() {
                    ("VolumeConfig", &v.name, &v.provisioning)
                } else if let Some(v) = doc.downcast_ref::<block::UserVolumeConfig>() {
                    ("UserVolumeConfig", &v.name, &v.provisioning)
                } else if let Some(v) = doc.downcast_ref::<block::RawVolumeConfig>() {
                    ("RawVolumeConfig", &v.name, &v.provisioning)
                } else if let Some(v) = doc.downcast_ref::<block::SwapVolumeConfig>() {
                    ("SwapVolumeConfig", &v.name, &v.provisioning)
                } else {
                    continue;
                };
            let written = provisioning.disk_selector.r#match.as_str();
            let (expression, default) = match written {
                "" if kind == "VolumeConfig" && name == "IMAGECACHE" => ("system_disk", true),
                "" => continue,
                written => (written, false),
            };
            selectors.push(DiskSelectorFacts {
                document: format!("{kind}/{name}"),
                expression: expression.to_owned(),
                default,
            });
        }
        selectors
    }
}
