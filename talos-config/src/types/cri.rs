//! Go package `cri` (`pkg/machinery/config/types/cri`): registry mirrors, authentication and
//! TLS, the image cache, and containerd customizations.

use crate::GoYaml;
use crate::types::meta::{CertificateAndKey, Unstructured, Url};

/// `RegistryMirrorConfig`: mirrors for an image registry (`*` for all).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cri.RegistryMirrorConfigV1Alpha1",
    kind = "RegistryMirrorConfig",
    since = "1.12"
)]
pub struct RegistryMirrorConfig {
    /// Registry host.
    #[go(yaml = "name")]
    pub name: String,
    /// Mirror endpoints, tried in order.
    #[go(yaml = "endpoints", omitempty)]
    pub endpoints: Vec<RegistryEndpoint>,
    /// Do not fall back to the upstream registry.
    #[go(yaml = "skipFallback", omitempty)]
    pub skip_fallback: Option<bool>,
}

/// One mirror endpoint (`cri.RegistryEndpoint`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "cri.RegistryEndpoint")]
pub struct RegistryEndpoint {
    /// Endpoint URL.
    #[go(yaml = "url")]
    pub url: Url,
    /// Use the URL path as is instead of appending `/v2/`.
    #[go(yaml = "overridePath", omitempty)]
    pub override_path: Option<bool>,
}

/// `RegistryAuthConfig`: credentials for a registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cri.RegistryAuthConfigV1Alpha1",
    kind = "RegistryAuthConfig",
    since = "1.12"
)]
pub struct RegistryAuthConfig {
    /// Registry host.
    #[go(yaml = "name")]
    pub name: String,
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

/// `RegistryTLSConfig`: TLS settings for a registry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cri.RegistryTLSConfigV1Alpha1",
    kind = "RegistryTLSConfig",
    since = "1.12"
)]
pub struct RegistryTlsConfig {
    /// Registry host.
    #[go(yaml = "name")]
    pub name: String,
    /// Client certificate and key.
    #[go(yaml = "clientIdentity", omitempty)]
    pub client_identity: Option<CertificateAndKey>,
    /// CA certificates (PEM).
    #[go(yaml = "ca", omitempty)]
    pub ca: String,
    /// Skip server certificate verification.
    #[go(yaml = "insecureSkipVerify", omitempty)]
    pub insecure_skip_verify: Option<bool>,
}

/// `ImageCacheConfig`: the node-local image cache.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cri.ImageCacheConfigV1Alpha1",
    kind = "ImageCacheConfig",
    since = "1.14"
)]
pub struct ImageCacheConfig {
    /// Local cache settings.
    #[go(yaml = "local")]
    pub local: LocalImageCacheConfig,
}

/// Local image cache settings (`cri.LocalImageCacheConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "cri.LocalImageCacheConfig")]
pub struct LocalImageCacheConfig {
    /// Enable the local image cache.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
}

/// `CRICustomizationConfig`: a containerd configuration fragment (TOML).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cri.CRICustomizationConfigV1Alpha1",
    kind = "CRICustomizationConfig",
    since = "1.14"
)]
pub struct CriCustomizationConfig {
    /// Name of the fragment (fragments merge in name order).
    #[go(yaml = "name")]
    pub name: String,
    /// TOML content.
    #[go(yaml = "content")]
    pub content: String,
}

/// `CRIBaseRuntimeSpecConfig`: overrides of the base OCI runtime spec of CRI containers.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cri.CRIBaseRuntimeSpecConfigV1Alpha1",
    kind = "CRIBaseRuntimeSpecConfig",
    since = "1.14"
)]
pub struct CriBaseRuntimeSpecConfig {
    /// Free-form OCI runtime spec overrides.
    #[go(yaml = "overrides", omitempty, merge = "replace")]
    pub overrides: Unstructured,
}
