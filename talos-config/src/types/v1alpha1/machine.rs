//! The `machine:` section of the legacy document: node identity, kubelet, install, files,
//! registries, disk encryption, features, logging and kernel modules.

use std::collections::BTreeMap;

use super::network::NetworkConfig;
use super::scalars::{
    Base64Bytes, DiskSize, Endpoint, FileMode, InstallDiskSizeMatcher, InstallDiskType,
};
use super::x509::{PemEncodedCertificate, PemEncodedCertificateAndKey};
use crate::GoYaml;
use crate::types::duration::Duration;
use crate::types::meta::{Args, Unstructured};

/// Node-level settings (`machine:`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineConfig")]
pub struct MachineConfig {
    /// Node role as written (`controlplane`, `worker`, `init`, …).
    #[go(yaml = "type")]
    pub r#type: String,
    /// Token the node uses to join the PKI.
    #[go(yaml = "token")]
    pub token: String,
    /// Talos API certificate authority.
    #[go(yaml = "ca", omitempty)]
    pub ca: Option<PemEncodedCertificateAndKey>,
    /// Extra accepted certificate authorities.
    #[go(yaml = "acceptedCAs", omitempty)]
    pub accepted_cas: Vec<Option<PemEncodedCertificate>>,
    /// Extra SANs for the node's certificate (always printed).
    #[go(yaml = "certSANs")]
    pub cert_sans: Vec<String>,
    /// Control plane component switches.
    #[go(yaml = "controlPlane", omitempty)]
    pub control_plane: Option<MachineControlPlaneConfig>,
    /// Kubelet settings.
    #[go(yaml = "kubelet", omitempty)]
    pub kubelet: Option<KubeletConfig>,
    /// Static pod manifests.
    #[go(yaml = "pods", omitempty)]
    pub pods: Vec<Unstructured>,
    /// Host networking.
    #[go(yaml = "network", omitempty)]
    pub network: Option<NetworkConfig>,
    /// Extra disks to partition.
    #[go(yaml = "disks", omitempty)]
    pub disks: Vec<Option<MachineDisk>>,
    /// Installation settings.
    #[go(yaml = "install", omitempty)]
    pub install: Option<InstallConfig>,
    /// Files to write onto the node.
    #[go(yaml = "files", omitempty)]
    pub files: Vec<Option<MachineFile>>,
    /// Environment variables for Talos services.
    #[go(yaml = "env", omitempty)]
    pub env: BTreeMap<String, String>,
    /// Time synchronisation.
    #[go(yaml = "time", omitempty)]
    pub time: Option<TimeConfig>,
    /// Kernel parameters.
    #[go(yaml = "sysctls", omitempty)]
    pub sysctls: BTreeMap<String, String>,
    /// sysfs values.
    #[go(yaml = "sysfs", omitempty)]
    pub sysfs: BTreeMap<String, String>,
    /// Image registry settings.
    #[go(yaml = "registries", omitempty)]
    pub registries: RegistriesConfig,
    /// System partition encryption.
    #[go(yaml = "systemDiskEncryption", omitempty)]
    pub system_disk_encryption: Option<SystemDiskEncryptionConfig>,
    /// Optional features.
    #[go(yaml = "features", omitempty)]
    pub features: Option<FeaturesConfig>,
    /// Extra udev rules.
    #[go(yaml = "udev", omitempty)]
    pub udev: Option<UdevConfig>,
    /// Log destinations.
    #[go(yaml = "logging", omitempty)]
    pub logging: Option<LoggingConfig>,
    /// Kernel modules.
    #[go(yaml = "kernel", omitempty)]
    pub kernel: Option<KernelConfig>,
    /// Seccomp profiles.
    #[go(yaml = "seccompProfiles", omitempty)]
    pub seccomp_profiles: Vec<Option<MachineSeccompProfile>>,
    /// Overrides of the base OCI runtime spec.
    #[go(yaml = "baseRuntimeSpecOverrides", omitempty)]
    pub base_runtime_spec_overrides: Unstructured,
    /// Labels set on the Kubernetes node.
    #[go(yaml = "nodeLabels", omitempty)]
    pub node_labels: BTreeMap<String, String>,
    /// Annotations set on the Kubernetes node.
    #[go(yaml = "nodeAnnotations", omitempty)]
    pub node_annotations: BTreeMap<String, String>,
    /// Taints set on the Kubernetes node.
    #[go(yaml = "nodeTaints", omitempty)]
    pub node_taints: BTreeMap<String, String>,
}

/// A named seccomp profile placed on the node.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineSeccompProfile")]
pub struct MachineSeccompProfile {
    /// Profile file name.
    #[go(yaml = "name")]
    pub name: String,
    /// Profile contents.
    #[go(yaml = "value")]
    pub value: Unstructured,
}

/// Per-node switches for control plane components.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineControlPlaneConfig")]
pub struct MachineControlPlaneConfig {
    /// kube-controller-manager switch.
    #[go(yaml = "controllerManager", omitempty)]
    pub controller_manager: Option<MachineControllerManagerConfig>,
    /// kube-scheduler switch.
    #[go(yaml = "scheduler", omitempty)]
    pub scheduler: Option<MachineSchedulerConfig>,
}

/// Per-node kube-controller-manager switch.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineControllerManagerConfig")]
pub struct MachineControllerManagerConfig {
    /// Do not run kube-controller-manager here.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
}

/// Per-node kube-scheduler switch.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineSchedulerConfig")]
pub struct MachineSchedulerConfig {
    /// Do not run kube-scheduler here.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
}

/// Kubelet settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KubeletConfig")]
pub struct KubeletConfig {
    /// Kubelet image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Cluster DNS server addresses.
    #[go(yaml = "clusterDNS", omitempty)]
    pub cluster_dns: Vec<String>,
    /// Extra kubelet flags.
    #[go(yaml = "extraArgs", omitempty)]
    pub extra_args: Args,
    /// Extra mounts.
    #[go(yaml = "extraMounts", omitempty)]
    pub extra_mounts: Vec<ExtraMount>,
    /// Extra kubelet configuration fields.
    #[go(yaml = "extraConfig", omitempty)]
    pub extra_config: Unstructured,
    /// Image credential provider configuration.
    #[go(yaml = "credentialProviderConfig", omitempty)]
    pub credential_provider_config: Unstructured,
    /// Use the runtime's default seccomp profile.
    #[go(yaml = "defaultRuntimeSeccompProfileEnabled", omitempty)]
    pub default_runtime_seccomp_profile_enabled: Option<bool>,
    /// Register the node by its FQDN.
    #[go(yaml = "registerWithFQDN", omitempty)]
    pub register_with_fqdn: Option<bool>,
    /// Node IP selection.
    #[go(yaml = "nodeIP", omitempty)]
    pub node_ip: Option<KubeletNodeIpConfig>,
    /// Do not register the node.
    #[go(yaml = "skipNodeRegistration", omitempty)]
    pub skip_node_registration: Option<bool>,
    /// Ignore the static manifests directory.
    #[go(yaml = "disableManifestsDirectory", omitempty)]
    pub disable_manifests_directory: Option<bool>,
}

/// An extra bind or other mount for the kubelet container.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ExtraMount")]
pub struct ExtraMount {
    /// Mount point inside the kubelet.
    #[go(yaml = "destination")]
    pub destination: String,
    /// Filesystem type.
    #[go(yaml = "type", omitempty)]
    pub r#type: String,
    /// Mount source.
    #[go(yaml = "source", omitempty)]
    pub source: String,
    /// Mount options.
    #[go(yaml = "options", omitempty)]
    pub options: Vec<String>,
    /// User ID mappings.
    #[go(yaml = "uidMappings", omitempty)]
    pub uid_mappings: Vec<LinuxIdMapping>,
    /// Group ID mappings.
    #[go(yaml = "gidMappings", omitempty)]
    pub gid_mappings: Vec<LinuxIdMapping>,
}

/// A user or group ID range mapping for a mount.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.LinuxIDMapping")]
pub struct LinuxIdMapping {
    /// First ID inside the container.
    #[go(yaml = "containerID")]
    pub container_id: u32,
    /// First ID on the host.
    #[go(yaml = "hostID")]
    pub host_id: u32,
    /// Length of the range.
    #[go(yaml = "size")]
    pub size: u32,
}

/// How the kubelet picks its node IP.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KubeletNodeIPConfig")]
pub struct KubeletNodeIpConfig {
    /// Subnets (with `!` exclusions) the node IP is picked from.
    #[go(yaml = "validSubnets", omitempty)]
    pub valid_subnets: Vec<String>,
}

/// An extra disk to partition and mount.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineDisk")]
pub struct MachineDisk {
    /// Disk device path.
    #[go(yaml = "device", omitempty)]
    pub device: String,
    /// Partitions to create.
    #[go(yaml = "partitions", omitempty)]
    pub partitions: Vec<Option<DiskPartition>>,
}

/// One partition of an extra disk.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.DiskPartition")]
pub struct DiskPartition {
    /// Partition size.
    #[go(yaml = "size", omitempty)]
    pub size: DiskSize,
    /// Mount point.
    #[go(yaml = "mountpoint", omitempty)]
    pub mountpoint: String,
}

/// Installation settings (`machine.install`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.InstallConfig")]
pub struct InstallConfig {
    /// Install disk path.
    #[go(yaml = "disk", omitempty)]
    pub disk: String,
    /// Install disk criteria.
    #[go(yaml = "diskSelector", omitempty)]
    pub disk_selector: Option<InstallDiskSelector>,
    /// Extra kernel arguments.
    #[go(yaml = "extraKernelArgs", omitempty)]
    pub extra_kernel_args: Vec<String>,
    /// Installer image.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// System extensions to install.
    #[go(yaml = "extensions", omitempty)]
    pub extensions: Vec<InstallExtensionConfig>,
    /// Whether to install a bootloader.
    #[go(yaml = "bootloader", omitempty)]
    pub bootloader: Option<bool>,
    /// Wipe the disk first (always printed, `null` when unset).
    #[go(yaml = "wipe")]
    pub wipe: Option<bool>,
    /// Mark the partition bootable for legacy BIOS.
    #[go(yaml = "legacyBIOSSupport", omitempty)]
    pub legacy_bios_support: Option<bool>,
    /// Use the UKI's kernel command line with GRUB.
    #[go(yaml = "grubUseUKICmdline", omitempty)]
    pub grub_use_uki_cmdline: Option<bool>,
}

/// Criteria that pick the install disk.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.InstallDiskSelector")]
pub struct InstallDiskSelector {
    /// Disk size condition, such as `>= 1TB`.
    #[go(yaml = "size", omitempty)]
    pub size: Option<InstallDiskSizeMatcher>,
    /// Disk name.
    #[go(yaml = "name", omitempty)]
    pub name: String,
    /// Disk model (glob).
    #[go(yaml = "model", omitempty)]
    pub model: String,
    /// Serial number.
    #[go(yaml = "serial", omitempty)]
    pub serial: String,
    /// Device modalias.
    #[go(yaml = "modalias", omitempty)]
    pub modalias: String,
    /// Disk UUID.
    #[go(yaml = "uuid", omitempty)]
    pub uuid: String,
    /// Disk WWID.
    #[go(yaml = "wwid", omitempty)]
    pub wwid: String,
    /// Disk type (`ssd`, `hdd`, `nvme`, `sd`).
    #[go(yaml = "type", omitempty)]
    pub r#type: InstallDiskType,
    /// Bus path.
    #[go(yaml = "busPath", omitempty)]
    pub bus_path: String,
}

/// A system extension image to install.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.InstallExtensionConfig")]
pub struct InstallExtensionConfig {
    /// Extension image reference.
    #[go(yaml = "image")]
    pub image: String,
}

/// A file written onto the node.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.MachineFile")]
pub struct MachineFile {
    /// File contents.
    #[go(yaml = "content")]
    pub content: String,
    /// File mode.
    #[go(yaml = "permissions")]
    pub permissions: FileMode,
    /// File path.
    #[go(yaml = "path")]
    pub path: String,
    /// Operation (`create`, `append`, `overwrite`).
    #[go(yaml = "op")]
    pub op: String,
}

/// Time synchronisation settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.TimeConfig")]
pub struct TimeConfig {
    /// Disable time sync.
    #[go(yaml = "disabled", omitempty)]
    pub disabled: Option<bool>,
    /// NTP servers.
    #[go(yaml = "servers", omitempty)]
    pub servers: Vec<String>,
    /// How long boot waits for time sync.
    #[go(yaml = "bootTimeout", omitempty)]
    pub boot_timeout: Duration,
}

/// Image registry mirrors and per-registry settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistriesConfig")]
pub struct RegistriesConfig {
    /// Mirrors by registry host.
    #[go(yaml = "mirrors", omitempty)]
    pub mirrors: BTreeMap<String, Option<RegistryMirrorConfig>>,
    /// TLS and auth settings by registry host.
    #[go(yaml = "config", omitempty)]
    pub config: BTreeMap<String, Option<RegistryConfig>>,
}

/// Mirror endpoints of one registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistryMirrorConfig")]
pub struct RegistryMirrorConfig {
    /// Mirror endpoints (always printed).
    #[go(yaml = "endpoints")]
    pub endpoints: Vec<String>,
    /// Use the endpoint path as is.
    #[go(yaml = "overridePath", omitempty)]
    pub override_path: Option<bool>,
    /// Do not fall back to the registry itself.
    #[go(yaml = "skipFallback", omitempty)]
    pub skip_fallback: Option<bool>,
}

/// TLS and auth settings of one registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistryConfig")]
pub struct RegistryConfig {
    /// TLS settings.
    #[go(yaml = "tls", omitempty)]
    pub tls: Option<RegistryTlsConfig>,
    /// Credentials.
    #[go(yaml = "auth", omitempty)]
    pub auth: Option<RegistryAuthConfig>,
}

/// TLS settings for a registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistryTLSConfig")]
pub struct RegistryTlsConfig {
    /// Client certificate and key.
    #[go(yaml = "clientIdentity", omitempty)]
    pub client_identity: Option<PemEncodedCertificateAndKey>,
    /// CA certificate (PEM).
    #[go(yaml = "ca", omitempty)]
    pub ca: Base64Bytes,
    /// Skip certificate verification.
    #[go(yaml = "insecureSkipVerify", omitempty)]
    pub insecure_skip_verify: Option<bool>,
}

/// Credentials for a registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.RegistryAuthConfig")]
pub struct RegistryAuthConfig {
    /// User name.
    #[go(yaml = "username", omitempty)]
    pub username: String,
    /// Password.
    #[go(yaml = "password", omitempty)]
    pub password: String,
    /// Base64 `user:password`.
    #[go(yaml = "auth", omitempty)]
    pub auth: String,
    /// Identity token.
    #[go(yaml = "identityToken", omitempty)]
    pub identity_token: String,
}

/// Encryption of the system partitions.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.SystemDiskEncryptionConfig")]
pub struct SystemDiskEncryptionConfig {
    /// STATE partition encryption.
    #[go(yaml = "state", omitempty)]
    pub state: Option<EncryptionConfig>,
    /// EPHEMERAL partition encryption.
    #[go(yaml = "ephemeral", omitempty)]
    pub ephemeral: Option<EncryptionConfig>,
}

/// Encryption settings of one system partition.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EncryptionConfig")]
pub struct EncryptionConfig {
    /// Encryption provider.
    #[go(yaml = "provider")]
    pub provider: String,
    /// Key slots (always printed).
    #[go(yaml = "keys")]
    pub keys: Vec<Option<EncryptionKey>>,
    /// Cipher.
    #[go(yaml = "cipher", omitempty)]
    pub cipher: String,
    /// Key size.
    #[go(yaml = "keySize", omitempty)]
    pub key_size: usize,
    /// Sector size.
    #[go(yaml = "blockSize", omitempty)]
    pub block_size: u64,
    /// Extra performance options.
    #[go(yaml = "options", omitempty)]
    pub options: Vec<String>,
}

/// One key slot of an encrypted partition.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EncryptionKey")]
pub struct EncryptionKey {
    /// Static passphrase key.
    #[go(yaml = "static", omitempty)]
    pub r#static: Option<EncryptionKeyStatic>,
    /// Node ID derived key.
    #[go(yaml = "nodeID", omitempty)]
    pub node_id: Option<EncryptionKeyNodeId>,
    /// KMS sealed key.
    #[go(yaml = "kms", omitempty)]
    pub kms: Option<EncryptionKeyKms>,
    /// Key slot number.
    #[go(yaml = "slot")]
    pub slot: isize,
    /// TPM sealed key.
    #[go(yaml = "tpm", omitempty)]
    pub tpm: Option<EncryptionKeyTpm>,
}

/// A key taken from a static passphrase.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EncryptionKeyStatic")]
pub struct EncryptionKeyStatic {
    /// The passphrase.
    #[go(yaml = "passphrase", omitempty)]
    pub passphrase: String,
}

/// A key derived from the node ID (no settings).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EncryptionKeyNodeID")]
pub struct EncryptionKeyNodeId {}

/// A key sealed by a KMS endpoint.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EncryptionKeyKMS")]
pub struct EncryptionKeyKms {
    /// KMS endpoint.
    #[go(yaml = "endpoint")]
    pub endpoint: String,
}

/// A key sealed by the TPM.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.EncryptionKeyTPM")]
pub struct EncryptionKeyTpm {
    /// Check Secure Boot state when enrolling.
    #[go(yaml = "checkSecurebootStatusOnEnroll", omitempty)]
    pub check_secureboot_status_on_enroll: Option<bool>,
}

/// Optional Talos features.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.FeaturesConfig")]
pub struct FeaturesConfig {
    /// Role-based access to the Talos API.
    #[go(yaml = "rbac", omitempty)]
    pub rbac: Option<bool>,
    /// Stable default hostname.
    #[go(yaml = "stableHostname", omitempty)]
    pub stable_hostname: Option<bool>,
    /// Talos API access from Kubernetes.
    #[go(yaml = "kubernetesTalosAPIAccess", omitempty)]
    pub kubernetes_talos_api_access: Option<KubernetesTalosApiAccessConfig>,
    /// Check extended key usage in apid.
    #[go(yaml = "apidCheckExtKeyUsage", omitempty)]
    pub apid_check_ext_key_usage: Option<bool>,
    /// XFS project quotas on EPHEMERAL.
    #[go(yaml = "diskQuotaSupport", omitempty)]
    pub disk_quota_support: Option<bool>,
    /// KubePrism load balancer.
    #[go(yaml = "kubePrism", omitempty)]
    pub kube_prism: Option<KubePrism>,
    /// Host DNS resolver.
    #[go(yaml = "hostDNS", omitempty)]
    pub host_dns: Option<HostDnsConfig>,
    /// Image cache.
    #[go(yaml = "imageCache", omitempty)]
    pub image_cache: Option<ImageCacheConfig>,
    /// Node address sort algorithm (`v1`, `v2`).
    #[go(yaml = "nodeAddressSortAlgorithm", omitempty)]
    pub node_address_sort_algorithm: String,
}

/// Access to the Talos API from Kubernetes workloads.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KubernetesTalosAPIAccessConfig")]
pub struct KubernetesTalosApiAccessConfig {
    /// Enable access.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Allowed Talos roles.
    #[go(yaml = "allowedRoles", omitempty)]
    pub allowed_roles: Vec<String>,
    /// Allowed namespaces.
    #[go(yaml = "allowedKubernetesNamespaces", omitempty)]
    pub allowed_kubernetes_namespaces: Vec<String>,
}

/// The KubePrism local API server load balancer.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KubePrism")]
pub struct KubePrism {
    /// Enable KubePrism.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Listen port.
    #[go(yaml = "port", omitempty)]
    pub port: isize,
}

/// The host DNS resolver feature.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.HostDNSConfig")]
pub struct HostDnsConfig {
    /// Enable the host DNS resolver.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Forward cluster DNS to the host resolver.
    #[go(yaml = "forwardKubeDNSToHost", omitempty)]
    pub forward_kube_dns_to_host: Option<bool>,
    /// Resolve cluster member names.
    #[go(yaml = "resolveMemberNames", omitempty)]
    pub resolve_member_names: Option<bool>,
}

/// The image cache feature.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.ImageCacheConfig")]
pub struct ImageCacheConfig {
    /// Enable the local image cache.
    #[go(yaml = "localEnabled", omitempty)]
    pub local_enabled: Option<bool>,
}

/// Extra udev rules.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.UdevConfig")]
pub struct UdevConfig {
    /// udev rules.
    #[go(yaml = "rules", omitempty)]
    pub rules: Vec<String>,
}

/// Where service logs are sent.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.LoggingConfig")]
pub struct LoggingConfig {
    /// Destinations (always printed).
    #[go(yaml = "destinations")]
    pub destinations: Vec<LoggingDestination>,
}

/// One log destination.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.LoggingDestination")]
pub struct LoggingDestination {
    /// Destination URL (always printed).
    #[go(yaml = "endpoint")]
    pub endpoint: Option<Endpoint>,
    /// Log format (`json_lines`).
    #[go(yaml = "format")]
    pub format: String,
    /// Extra tags added to each message.
    #[go(yaml = "extraTags", omitempty)]
    pub extra_tags: BTreeMap<String, String>,
}

/// Kernel module settings.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KernelConfig")]
pub struct KernelConfig {
    /// Modules to load.
    #[go(yaml = "modules", omitempty)]
    pub modules: Vec<Option<KernelModuleConfig>>,
}

/// A kernel module to load.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.KernelModuleConfig")]
pub struct KernelModuleConfig {
    /// Module name.
    #[go(yaml = "name")]
    pub name: String,
    /// Module parameters.
    #[go(yaml = "parameters", omitempty)]
    pub parameters: Vec<String>,
}
