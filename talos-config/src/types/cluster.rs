//! Go package `cluster` (`pkg/machinery/config/types/cluster`): cluster discovery.

use crate::GoYaml;
use crate::types::meta::Url;

/// `DiscoveryServiceConfig`: a cluster discovery service endpoint.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cluster.DiscoveryServiceConfigV1Alpha1",
    kind = "DiscoveryServiceConfig",
    since = "1.14"
)]
pub struct DiscoveryServiceConfig {
    /// Name of the service.
    #[go(yaml = "name")]
    pub name: String,
    /// Service URL (`http`, `https` or `grpc`).
    #[go(yaml = "endpoint")]
    pub endpoint: Url,
}

/// `DiscoveryIdentityConfig`: the cluster identity used with the discovery service.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "cluster.DiscoveryIdentityConfigV1Alpha1",
    kind = "DiscoveryIdentityConfig",
    since = "1.14"
)]
pub struct DiscoveryIdentityConfig {
    /// Cluster ID (base64 of 32 random bytes).
    #[go(yaml = "clusterID")]
    pub cluster_id: String,
    /// Cluster secret (base64 of 32 bytes, an AES-256 key).
    #[go(yaml = "clusterSecret")]
    pub cluster_secret: String,
}
