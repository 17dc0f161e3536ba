//! Go package `container` (`pkg/machinery/config/types/container`): containers Talos runs
//! directly, without Kubernetes.

use crate::GoYaml;
use crate::goyaml::Node;
use crate::types::block::macros::go_named_scalar;

/// `ContainerConfig`: a container run by Talos in the `taloscontainers` namespace.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "container.ContainerConfigV1Alpha1",
    kind = "ContainerConfig",
    since = "1.14"
)]
pub struct ContainerConfig {
    /// Name of the container.
    #[go(yaml = "name")]
    pub name: String,
    /// OCI image reference.
    #[go(yaml = "image")]
    pub image: String,
    /// Replaces the image's ENTRYPOINT.
    #[go(yaml = "entrypoint", omitempty)]
    pub entrypoint: Vec<String>,
    /// Replaces the image's CMD.
    #[go(yaml = "args", omitempty)]
    pub args: Vec<String>,
    /// Replaces the image's WORKDIR.
    #[go(yaml = "workingDir", omitempty)]
    pub working_dir: String,
    /// Replaces the image's USER.
    #[go(yaml = "runAs", omitempty)]
    pub run_as: Option<ContainerRunAs>,
    /// `KEY=value` environment variables.
    #[go(yaml = "environment", omitempty)]
    pub environment: Vec<String>,
    /// Filesystems mounted into the container.
    #[go(yaml = "mounts", omitempty)]
    pub mounts: Vec<ContainerMount>,
    /// Security settings.
    #[go(yaml = "security", omitempty)]
    pub security: Option<ContainerSecurity>,
    /// Network settings.
    #[go(yaml = "network", omitempty)]
    pub network: Option<ContainerNetwork>,
    /// Resource limits.
    #[go(yaml = "resources", omitempty)]
    pub resources: Option<ContainerResources>,
    /// Start conditions.
    #[go(yaml = "dependsOn", omitempty)]
    pub depends_on: Option<ContainerDependsOn>,
}

/// User and group override (`container.ContainerRunAs`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerRunAs")]
pub struct ContainerRunAs {
    /// User ID.
    #[go(yaml = "uid", omitempty)]
    pub uid: Option<i32>,
    /// Group ID.
    #[go(yaml = "gid", omitempty)]
    pub gid: Option<i32>,
}

/// One mount; exactly one source is set (`container.ContainerMount`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerMount")]
pub struct ContainerMount {
    /// A user volume, by name.
    #[go(yaml = "userVolume", omitempty)]
    pub user_volume: Option<UserVolumeMount>,
    /// A tmpfs.
    #[go(yaml = "tmpfs", omitempty)]
    pub tmpfs: Option<TmpfsMount>,
    /// A host path bind mount.
    #[go(yaml = "hostPath", omitempty)]
    pub host_path: Option<HostPathMount>,
}

/// A user volume mount (`container.UserVolumeMount`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.UserVolumeMount")]
pub struct UserVolumeMount {
    /// Name of the `UserVolumeConfig`.
    #[go(yaml = "name")]
    pub name: String,
    /// Path in the container.
    #[go(yaml = "destination")]
    pub destination: String,
    /// Mount options (read-only by default).
    #[go(yaml = "options", omitempty)]
    pub options: Vec<String>,
}

/// A tmpfs mount (`container.TmpfsMount`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.TmpfsMount")]
pub struct TmpfsMount {
    /// Path in the container.
    #[go(yaml = "destination")]
    pub destination: String,
    /// Size (`64MiB`); empty means the kernel default.
    #[go(yaml = "size", omitempty)]
    pub size: String,
    /// Mount options (writable by default).
    #[go(yaml = "options", omitempty)]
    pub options: Vec<String>,
}

/// A host path bind mount (`container.HostPathMount`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.HostPathMount")]
pub struct HostPathMount {
    /// Path on the host.
    #[go(yaml = "source")]
    pub source: String,
    /// Path in the container.
    #[go(yaml = "destination")]
    pub destination: String,
    /// Mount options (read-only by default).
    #[go(yaml = "options", omitempty)]
    pub options: Vec<String>,
}

go_named_scalar! {
    /// A container security profile, `restricted` or `privileged`
    /// (`config.ContainerSecurityProfile`).
    pub struct ContainerSecurityProfile(String) = "config.ContainerSecurityProfile";
}

impl ContainerSecurityProfile {
    fn encode_value(&self) -> Node {
        Node::string(&self.0)
    }
}

/// Security settings (`container.ContainerSecurity`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerSecurity")]
pub struct ContainerSecurity {
    /// Security profile (`restricted` by default).
    #[go(yaml = "profile", omitempty)]
    pub profile: ContainerSecurityProfile,
    /// Capabilities added or dropped on top of the profile.
    #[go(yaml = "capabilities", omitempty)]
    pub capabilities: Option<ContainerCapabilities>,
}

/// Capability adjustments (`container.ContainerCapabilities`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerCapabilities")]
pub struct ContainerCapabilities {
    /// Capabilities to add (without `CAP_`).
    #[go(yaml = "add", omitempty)]
    pub add: Vec<String>,
    /// Capabilities to drop (without `CAP_`; `ALL` drops all).
    #[go(yaml = "drop", omitempty)]
    pub drop: Vec<String>,
}

go_named_scalar! {
    /// A container network mode, `none` or `host` (`config.ContainerNetworkMode`).
    pub struct ContainerNetworkMode(String) = "config.ContainerNetworkMode";
}

impl ContainerNetworkMode {
    fn encode_value(&self) -> Node {
        Node::string(&self.0)
    }
}

/// Network settings (`container.ContainerNetwork`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerNetwork")]
pub struct ContainerNetwork {
    /// Network mode (`none` by default).
    #[go(yaml = "mode", omitempty)]
    pub mode: ContainerNetworkMode,
}

/// Resource settings (`container.ContainerResources`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerResources")]
pub struct ContainerResources {
    /// Hard limits.
    #[go(yaml = "limits", omitempty)]
    pub limits: Option<ContainerResourceLimits>,
}

/// Hard resource limits (`container.ContainerResourceLimits`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerResourceLimits")]
pub struct ContainerResourceLimits {
    /// CPU limit in millicores (`1500m`).
    #[go(yaml = "cpu", omitempty)]
    pub cpu: String,
    /// Memory limit (`512MiB`).
    #[go(yaml = "memory", omitempty)]
    pub memory: String,
}

/// Start conditions (`container.ContainerDependsOn`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "container.ContainerDependsOn")]
pub struct ContainerDependsOn {
    /// Host paths that must exist.
    #[go(yaml = "paths", omitempty)]
    pub paths: Vec<String>,
    /// Network conditions (`addresses`, `connectivity`, `hostname`, `etcfiles`).
    #[go(yaml = "networks", omitempty)]
    pub networks: Vec<String>,
    /// Wait for time synchronization.
    #[go(yaml = "time", omitempty)]
    pub time: Option<bool>,
    /// Containers (by document name) that must be running.
    #[go(yaml = "containers", omitempty)]
    pub containers: Vec<String>,
}
