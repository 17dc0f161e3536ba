//! Checks that need the whole configuration (Go's `validateContainer`).

use super::{Context, GoError, MultiError};
use crate::config::Config;
use crate::types::k8s::KubeEtcdEncryptionConfig;
use crate::types::nethelpers::DNSProtocol;
use crate::types::network::ResolverConfig;
use crate::types::v1alpha1::MachineType;

/// The effective host DNS switches: the `ResolverConfig` document's when it enables host
/// DNS, else the legacy `machine.features.hostDNS` (Go's `NetworkHostDNSConfig`).
fn host_dns(config: &Config) -> Option<(bool, bool)> {
    if let Some(resolver) = config.all::<ResolverConfig>().next() {
        let dns = &resolver.host_dns;
        if dns.enabled == Some(true) {
            return Some((true, dns.forward_kube_dns_to_host == Some(true)));
        }
    }
    let legacy = config.v1alpha1()?.machine.as_ref()?.features.as_ref()?;
    let dns = legacy.host_dns.as_ref()?;
    Some((
        dns.enabled == Some(true),
        dns.forward_kube_dns_to_host == Some(true),
    ))
}

pub(super) fn validate(config: &Config, ctx: &Context) -> Option<GoError> {
    let mut errs = MultiError::new();
    if ctx.mode.in_container() {
        match host_dns(config) {
            None => errs.push("hostDNS config is required in container mode"),
            Some((enabled, forward)) => {
                if !enabled {
                    errs.push("hostDNS must be enabled in container mode");
                }
                if !forward {
                    errs.push("forwardKubeDNSToHost must be enabled in container mode");
                }
            }
        }
    }

    // Only the ResolverConfig document can name encrypted protocols (the legacy nameservers
    // are plain DNS).
    let encrypted_dns = config
        .all::<ResolverConfig>()
        .next()
        .is_some_and(|resolver| {
            resolver
                .nameservers
                .iter()
                .any(|ns| ns.protocol != DNSProtocol::Do53)
        });
    if encrypted_dns && !host_dns(config).is_some_and(|(enabled, _)| enabled) {
        errs.push("hostDNS must be enabled when using non-default DNS protocols");
    }

    if let Some(legacy) = config.v1alpha1() {
        // Go reads a missing machine section as an empty one: a worker.
        let machine_type = legacy.machine_type().unwrap_or(MachineType::Worker);
        let etcd_encryption_document = config.all::<KubeEtcdEncryptionConfig>().next().is_some();
        if machine_type.is_control_plane() {
            let legacy_secret = legacy.cluster.as_ref().is_some_and(|cluster| {
                !cluster.secretbox_encryption_secret.is_empty()
                    || !cluster.aescbc_encryption_secret.is_empty()
            });
            if !legacy_secret && !etcd_encryption_document {
                errs.push("etcd encryption config is required for control plane machines");
            }
        }
        if machine_type == MachineType::Worker && etcd_encryption_document {
            errs.push("etcd encryption config is not supported for worker machines");
        }
    }
    // rc.1: `dependsOn.containers` must name configured containers and form no cycle.
    errs.push_opt(super::kinds::container_dependencies(config));
    errs.into_error()
}
