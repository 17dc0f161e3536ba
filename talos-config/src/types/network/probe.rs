//! Probe documents: `TCPProbeConfig` and `HTTPProbeConfig`.

use crate::GoYaml;
use crate::types::duration::Duration;
use crate::types::meta::Url;

/// Settings shared by all probes (Go `network.CommonProbeConfig`, inlined).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.CommonProbeConfig")]
pub struct CommonProbeConfig {
    /// Interval between probes.
    #[go(yaml = "interval", omitempty)]
    pub interval: Duration,
    /// Consecutive failures before the probe is failing.
    #[go(yaml = "failureThreshold", omitempty)]
    pub failure_threshold: isize,
}

/// `TCPProbeConfig`: checks that a TCP endpoint accepts connections.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.TCPProbeConfigV1Alpha1",
    kind = "TCPProbeConfig",
    since = "1.13"
)]
pub struct TCPProbeConfig {
    /// Name of the probe.
    #[go(yaml = "name")]
    pub name: String,
    /// The shared probe settings.
    #[go(inline)]
    pub common: CommonProbeConfig,
    /// Endpoint to connect to (`host:port`).
    #[go(yaml = "endpoint")]
    pub endpoint: String,
    /// Connection timeout.
    #[go(yaml = "timeout", omitempty)]
    pub timeout: Duration,
}

/// `HTTPProbeConfig`: checks that an HTTP URL answers.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.HTTPProbeConfigV1Alpha1",
    kind = "HTTPProbeConfig",
    since = "1.14"
)]
pub struct HTTPProbeConfig {
    /// Name of the probe.
    #[go(yaml = "name")]
    pub name: String,
    /// The shared probe settings.
    #[go(inline)]
    pub common: CommonProbeConfig,
    /// URL to request.
    #[go(yaml = "url")]
    pub url: Url,
    /// Request timeout.
    #[go(yaml = "timeout", omitempty)]
    pub timeout: Duration,
}
