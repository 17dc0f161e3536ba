//! Name documents: `HostnameConfig`, `ResolverConfig` and `StaticHostConfig`.

use crate::GoYaml;
use crate::types::meta::Addr;
use crate::types::nethelpers::{AutoHostnameKind, DNSProtocol};

/// `HostnameConfig`: the machine hostname, fixed or generated.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.HostnameConfigV1Alpha1",
    kind = "HostnameConfig",
    since = "1.12"
)]
pub struct HostnameConfig {
    /// How to generate the hostname when none is set.
    #[go(yaml = "auto", omitempty)]
    pub auto: Option<AutoHostnameKind>,
    /// A fixed hostname.
    #[go(yaml = "hostname", omitempty)]
    pub hostname: String,
}

/// `ResolverConfig`: DNS resolvers, search domains and the host DNS cache.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.ResolverConfigV1Alpha1",
    kind = "ResolverConfig",
    since = "1.12"
)]
pub struct ResolverConfig {
    /// Upstream nameservers.
    #[go(yaml = "nameservers", omitempty)]
    pub nameservers: Vec<NameserverConfig>,
    /// Search domain settings.
    #[go(yaml = "searchDomains", omitempty)]
    pub search_domains: SearchDomainsConfig,
    /// Host DNS cache settings.
    #[go(yaml = "hostDNS", omitempty)]
    pub host_dns: HostDNSConfig,
}

/// One upstream nameserver (Go `network.NameserverConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.NameserverConfig")]
pub struct NameserverConfig {
    /// Nameserver address.
    #[go(yaml = "address")]
    pub address: Addr,
    /// Protocol (`Do53`, `DoT`, `DoH`).
    #[go(yaml = "protocol", omitempty)]
    pub protocol: DNSProtocol,
    /// TLS server name for encrypted protocols.
    #[go(yaml = "tlsServerName", omitempty)]
    pub tls_server_name: String,
}

/// Search domain settings (Go `network.SearchDomainsConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.SearchDomainsConfig")]
pub struct SearchDomainsConfig {
    /// Search domains.
    #[go(yaml = "domains", omitempty)]
    pub domains: Vec<String>,
    /// Do not derive a search domain from the hostname.
    #[go(yaml = "disableDefault", omitempty)]
    pub disable_default: Option<bool>,
}

/// Host DNS cache settings (Go `network.HostDNSConfig`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.HostDNSConfig")]
pub struct HostDNSConfig {
    /// Enable the host DNS cache.
    #[go(yaml = "enabled", omitempty)]
    pub enabled: Option<bool>,
    /// Forward cluster DNS to the host DNS cache.
    #[go(yaml = "forwardKubeDNSToHost", omitempty)]
    pub forward_kube_dns_to_host: Option<bool>,
    /// Resolve cluster member names.
    #[go(yaml = "resolveMemberNames", omitempty)]
    pub resolve_member_names: Option<bool>,
}

/// `StaticHostConfig`: an `/etc/hosts` entry.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.StaticHostConfigV1Alpha1",
    kind = "StaticHostConfig",
    since = "1.12"
)]
pub struct StaticHostConfig {
    /// The IP address.
    #[go(yaml = "name")]
    pub name: String,
    /// Host names for the address.
    #[go(yaml = "hostnames")]
    pub hostnames: Vec<String>,
}
