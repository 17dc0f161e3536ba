//! `TimeSyncConfig`: NTP and PTP time synchronization.

use crate::GoYaml;
use crate::types::duration::Duration;

/// `TimeSyncConfig`: time synchronization sources and boot behaviour.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.TimeSyncConfigV1Alpha1",
    kind = "TimeSyncConfig",
    since = "1.12"
)]
pub struct TimeSyncConfig {
    /// Enable time synchronization (unset: enabled).
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// How long to wait for the first sync at boot.
    #[go(yaml = "bootTimeout", omitempty)]
    pub boot_timeout: Duration,
    /// NTP settings.
    #[go(yaml = "ntp", omitempty)]
    pub ntp: Option<NTPConfig>,
    /// PTP settings.
    #[go(yaml = "ptp", omitempty)]
    pub ptp: Option<PTPConfig>,
}

/// NTP settings (Go `network.NTPConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.NTPConfig")]
pub struct NTPConfig {
    /// NTP servers.
    #[go(yaml = "servers", omitempty)]
    pub servers: Vec<String>,
    /// Use Network Time Security.
    #[go(yaml = "useNTS", omitempty)]
    pub use_nts: Option<bool>,
}

/// PTP settings (Go `network.PTPConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.PTPConfig")]
pub struct PTPConfig {
    /// PTP clock devices.
    #[go(yaml = "devices", omitempty)]
    pub devices: Vec<String>,
}
