//! The rules of the runtime, CRI, security, SideroLink, cluster, hardware and container kinds
//! and their conflicts with the legacy document.
//!
//! Kinds without client-side rules in Go: `PCIDriverRebindConfig` (only a runtime check),
//! `TrustedRootsConfig`, `ImageCacheConfig` (conflict check only), `UdevRulesConfig`,
//! `SecurityProfileConfig`. `CRIBaseRuntimeSpecConfig` has only its conflict check here: Go
//! also round-trips the overrides through JSON into the OCI runtime spec type, whose decoding
//! errors are not reproduced.
//!
//! The kinds alpha.2 lacks (`KernelModuleConfig`, `EtcFileConfig`, `UnattendedInstallConfig`,
//! `CRICustomizationConfig`, `CRIBaseRuntimeSpecConfig`, `DiscoveryIdentityConfig`,
//! `ContainerConfig`) follow the rc.1 Go sources.

mod container;
mod cri;
mod goext;
mod misc;
mod runtime;
mod x509;

pub(crate) use container::container_dependencies;

use super::{conflict_validators, doc_validators};
use crate::types::cluster::{DiscoveryIdentityConfig, DiscoveryServiceConfig};
use crate::types::container::ContainerConfig;
use crate::types::cri::{
    CriBaseRuntimeSpecConfig, CriCustomizationConfig, ImageCacheConfig, RegistryAuthConfig,
    RegistryMirrorConfig, RegistryTlsConfig,
};
use crate::types::extensions::ExtensionServiceConfig;
use crate::types::runtime::{
    EnvironmentConfig, EtcFileConfig, EventSinkConfig, KernelModuleConfig, KmsgLogConfig,
    OomConfig, SysctlConfig, SysfsConfig, UnattendedInstallConfig, WatchdogTimerConfig,
};
use crate::types::security::ImageVerificationConfig;
use crate::types::siderolink::SideroLinkConfig;

doc_validators![
    EnvironmentConfig => runtime::environment,
    EventSinkConfig => runtime::event_sink,
    KmsgLogConfig => runtime::kmsg_log,
    OomConfig => runtime::oom,
    SysctlConfig => runtime::sysctl,
    SysfsConfig => runtime::sysfs,
    WatchdogTimerConfig => runtime::watchdog_timer,
    KernelModuleConfig => runtime::kernel_module,
    EtcFileConfig => runtime::etc_file,
    UnattendedInstallConfig => runtime::unattended_install,
    ExtensionServiceConfig => runtime::extension_service_config,
    RegistryMirrorConfig => cri::registry_mirror,
    RegistryAuthConfig => cri::registry_auth,
    RegistryTlsConfig => cri::registry_tls,
    CriCustomizationConfig => cri::cri_customization,
    ImageVerificationConfig => misc::image_verification,
    SideroLinkConfig => misc::siderolink,
    DiscoveryServiceConfig => misc::discovery_service,
    DiscoveryIdentityConfig => misc::discovery_identity,
    ContainerConfig => container::container_config,
];

conflict_validators![
    ImageCacheConfig => cri::image_cache_conflicts,
    CriBaseRuntimeSpecConfig => cri::cri_base_runtime_spec_conflicts,
    DiscoveryServiceConfig => misc::discovery_service_conflicts,
    DiscoveryIdentityConfig => misc::discovery_identity_conflicts,
    UnattendedInstallConfig => runtime::unattended_install_conflicts,
];
