//! Go package `runtime` (`pkg/machinery/config/types/runtime`): event and kmsg log sinks,
//! watchdog, environment, OOM handling, sysctls/sysfs, kernel modules, `/etc` files, udev
//! rules, the security profile and unattended installation.

use std::collections::BTreeMap;

use crate::GoYaml;
use crate::goyaml::Node;
use crate::types::block::CelExpression;
use crate::types::block::macros::go_named_scalar;
use crate::types::duration::Duration;
use crate::types::meta::Url;
use crate::yaml::resolve;

/// `EventSinkConfig`: where machine events are streamed.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.EventSinkV1Alpha1",
    kind = "EventSinkConfig",
    since = "1.5"
)]
pub struct EventSinkConfig {
    /// `host:port` of the event sink.
    #[go(yaml = "endpoint")]
    pub endpoint: String,
}

/// `KmsgLogConfig`: where kernel logs are streamed.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.KmsgLogV1Alpha1",
    kind = "KmsgLogConfig",
    since = "1.5"
)]
pub struct KmsgLogConfig {
    /// Name of the sink.
    #[go(yaml = "name")]
    pub name: String,
    /// `tcp://` or `udp://` URL of the sink.
    #[go(yaml = "url")]
    pub url: Url,
}

/// `WatchdogTimerConfig`: the hardware watchdog.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.WatchdogTimerV1Alpha1",
    kind = "WatchdogTimerConfig",
    since = "1.7"
)]
pub struct WatchdogTimerConfig {
    /// Path of the watchdog device.
    #[go(yaml = "device")]
    pub device: String,
    /// Watchdog timeout.
    #[go(yaml = "timeout", omitempty)]
    pub timeout: Duration,
}

/// `EnvironmentConfig`: environment variables for Talos services.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.EnvironmentV1Alpha1",
    kind = "EnvironmentConfig",
    since = "1.13"
)]
pub struct EnvironmentConfig {
    /// Variables by name.
    #[go(yaml = "variables")]
    pub variables: BTreeMap<String, String>,
}

/// `OOMConfig`: the userspace OOM handler.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "runtime.OOMV1Alpha1", kind = "OOMConfig", since = "1.12")]
pub struct OomConfig {
    /// CEL expression deciding when the handler acts.
    #[go(yaml = "triggerExpression", omitempty)]
    pub trigger_expression: CelExpression,
    /// CEL expression ranking cgroups for killing.
    #[go(yaml = "cgroupRankingExpression", omitempty)]
    pub cgroup_ranking_expression: CelExpression,
    /// Kill strictly by cgroup class order.
    #[go(yaml = "strictCgroupClassOrdering", omitempty)]
    pub strict_cgroup_class_ordering: Option<bool>,
    /// How often memory pressure is sampled.
    #[go(yaml = "sampleInterval", omitempty)]
    pub sample_interval: Duration,
}

/// `SysctlConfig`: kernel parameters set through `/proc/sys`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.SysctlConfigV1Alpha1",
    kind = "SysctlConfig",
    since = "1.14"
)]
pub struct SysctlConfig {
    /// Values by sysctl name.
    #[go(yaml = "params")]
    pub params: BTreeMap<String, String>,
}

/// `SysfsConfig`: values written under `/sys`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.SysfsConfigV1Alpha1",
    kind = "SysfsConfig",
    since = "1.14"
)]
pub struct SysfsConfig {
    /// Values by sysfs path (dot-separated).
    #[go(yaml = "params")]
    pub params: BTreeMap<String, String>,
}

/// `KernelModuleConfig`: a kernel module to load.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.KernelModuleConfigV1Alpha1",
    kind = "KernelModuleConfig",
    since = "1.14"
)]
pub struct KernelModuleConfig {
    /// Module name.
    #[go(yaml = "name")]
    pub name: String,
    /// Module parameters.
    #[go(yaml = "parameters", omitempty)]
    pub parameters: Vec<String>,
}

go_named_scalar! {
    /// Permissions of a user `/etc` file (`runtime.EtcFileMode`, an `os.FileMode`), written
    /// in octal (`0o644`).
    pub struct EtcFileMode(u32) = "runtime.EtcFileMode";
}

impl EtcFileMode {
    /// Go's `String`: `0o` and the octal digits.
    pub fn format(&self) -> String {
        format!("0o{:o}", self.0)
    }

    /// Go's `MarshalYAML`: an `!!int` scalar in `0o…` form.
    fn encode_value(&self) -> Node {
        Node::plain(resolve::INT, self.format())
    }
}

/// `EtcFileConfig`: a user-managed file under `/etc`.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.EtcFileConfigV1Alpha1",
    kind = "EtcFileConfig",
    since = "1.14"
)]
pub struct EtcFileConfig {
    /// Path relative to `/etc`.
    #[go(yaml = "name")]
    pub name: String,
    /// File permissions.
    #[go(yaml = "mode")]
    pub mode: EtcFileMode,
    /// File contents.
    #[go(yaml = "contents")]
    pub contents: String,
}

/// `UdevRulesConfig`: custom udev rules.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.UdevRulesConfigV1Alpha1",
    kind = "UdevRulesConfig",
    since = "1.14"
)]
pub struct UdevRulesConfig {
    /// The rules, one per entry.
    #[go(yaml = "rules", omitempty)]
    pub rules: Vec<String>,
}

/// `SecurityProfileConfig`: node-level security hardening.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.SecurityProfileConfigV1Alpha1",
    kind = "SecurityProfileConfig",
    since = "1.14"
)]
pub struct SecurityProfileConfig {
    /// Run the container plane in an isolated sandbox namespace.
    #[go(yaml = "workloadIsolation", omitempty)]
    pub workload_isolation: Option<bool>,
}

/// `UnattendedInstallConfig`: installs Talos to disk without operator action.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.UnattendedInstallConfigV1Alpha1",
    kind = "UnattendedInstallConfig",
    since = "1.14"
)]
pub struct UnattendedInstallConfig {
    /// Reboot after installation (by default only when an installer image is set).
    #[go(yaml = "reboot", omitempty)]
    pub reboot: Option<bool>,
    /// The installer to run.
    #[go(yaml = "installer")]
    pub installer: InstallerSpec,
    /// The installation disk.
    #[go(yaml = "provisioning")]
    pub provisioning: ProvisioningSpec,
}

/// The installer of an unattended install (`runtime.InstallerSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "runtime.InstallerSpec")]
pub struct InstallerSpec {
    /// Installer image reference.
    #[go(yaml = "image", omitempty)]
    pub image: String,
}

/// The installation disk of an unattended install (`runtime.ProvisioningSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "runtime.ProvisioningSpec",
    is_zero = "ProvisioningSpec::go_is_zero"
)]
pub struct ProvisioningSpec {
    /// Which disk to install to.
    #[go(yaml = "diskSelector", omitempty)]
    pub disk_selector: DiskSelectorSpec,
    /// Wipe the disk first (default true).
    #[go(yaml = "wipe", omitempty)]
    pub wipe: Option<bool>,
}

impl ProvisioningSpec {
    /// Go's `ProvisioningSpec.IsZero`: only the disk selector counts.
    pub fn go_is_zero(&self) -> bool {
        self.disk_selector.r#match.as_str().is_empty()
    }
}

/// A CEL disk selector (`runtime.DiskSelectorSpec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "runtime.DiskSelectorSpec")]
pub struct DiskSelectorSpec {
    /// CEL expression matched against each disk.
    #[go(yaml = "match", omitempty)]
    pub r#match: CelExpression,
}
