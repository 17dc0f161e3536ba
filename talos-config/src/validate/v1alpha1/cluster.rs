//! The `cluster:` section's rules (`ClusterConfig.Validate` and what it calls) and the CNI
//! rules applied on control plane nodes.

use super::goutil::{is_valid_dns_name, subnet_or_address_ok, validate_endpoint_uri};
use crate::goyaml::go_quote;
use crate::types::meta::{Args, Unstructured};
use crate::types::url::GoUrl;
use crate::types::v1alpha1::scalars::go_trim_space;
use crate::types::v1alpha1::{
    ApiServerConfig, AuthorizationConfigAuthorizerConfig, ClusterConfig, ClusterDiscoveryConfig,
    ClusterInlineManifests, CniConfig, EtcdConfig, ExternalCloudProviderConfig, ResourcesConfig,
};
use crate::validate::{GoError, MultiError};

/// The discovery service Talos uses when none is configured.
const DEFAULT_DISCOVERY_SERVICE_ENDPOINT: &str = "https://discovery.talos.dev/";

/// `ClusterConfig.Validate(isControlPlane)`; `None` for the section is Go's nil receiver.
pub(super) fn validate_cluster(
    c: Option<&ClusterConfig>,
    is_control_plane: bool,
) -> Option<GoError> {
    let Some(c) = c else {
        return Some(GoError::msg("cluster instructions are required"));
    };
    let Some(endpoint) = c.control_plane.as_ref().and_then(|cp| cp.endpoint.as_ref()) else {
        return Some(GoError::msg("cluster controlplane endpoint is required"));
    };
    let mut result = MultiError::new();
    if let Err(err) = validate_endpoint_uri(&endpoint.format()) {
        result.push(format!("invalid controlplane endpoint: {err}"));
    }
    if let Some(network) = &c.network
        && !network.dns_domain.is_empty()
        && !is_valid_dns_name(&network.dns_domain)
    {
        result.push(format!(
            "{} is not a valid DNS name",
            go_quote(&network.dns_domain)
        ));
    }
    if let Some(ecp) = &c.external_cloud_provider {
        result.push_opt(validate_external_cloud_provider(ecp));
    }
    if let Some(etcd) = &c.etcd {
        if is_control_plane {
            result.push_opt(validate_etcd(etcd));
        } else {
            result.push("etcd config is only allowed on control plane machines");
        }
    }
    if c.ca.as_ref().is_some_and(|ca| !ca.key.is_empty()) && !is_control_plane {
        result.push("cluster CA key is not allowed on non-controlplane nodes (.cluster.ca)");
    }
    result.push_opt(validate_inline_manifests(&c.inline_manifests));
    result.push_opt(validate_discovery(c.discovery.as_ref(), c));
    if let Some(api_server) = &c.api_server {
        result.push_opt(validate_api_server(api_server));
    }
    if let Some(cm) = &c.controller_manager {
        result.push_opt(
            validate_resources(cm.resources.as_ref())
                .map(|err| GoError::wrap("controller-manager resource validation failed", err)),
        );
    }
    if let Some(scheduler) = &c.scheduler {
        result.push_opt(
            validate_resources(scheduler.resources.as_ref())
                .map(|err| GoError::wrap("scheduler resource validation failed", err)),
        );
    }
    result.into_error()
}

/// `ValidateCNI` (run for control plane nodes with a `cluster.network` section): warnings and
/// errors. `None` is the default CNI (flannel).
pub(super) fn validate_cni(cni: Option<&CniConfig>, warnings: &mut Vec<String>) -> Option<GoError> {
    let default = CniConfig {
        name: "flannel".to_owned(),
        ..CniConfig::default()
    };
    let cni = cni.unwrap_or(&default);
    let name = go_quote(&cni.name);
    let extra_args = cni
        .flannel
        .as_ref()
        .is_some_and(|f| !f.extra_args.is_empty());
    let policies = cni
        .flannel
        .as_ref()
        .and_then(|f| f.kube_network_policies_enabled)
        == Some(true);
    let mut result = MultiError::new();
    let flannel_options = |result: &mut MultiError| {
        if extra_args {
            result.push(format!(
                "\"flanneldExtraArgs\" field should be empty for {name} CNI"
            ));
        }
        if policies {
            result.push(format!(
                "\"flannelKubeNetworkPoliciesEnabled\" should not be enabled for {name} CNI"
            ));
        }
    };
    match cni.name.as_str() {
        "flannel" => {
            if !cni.urls.is_empty() {
                result.push(format!("\"urls\" field should be empty for {name} CNI"));
            }
        }
        "none" => {
            if !cni.urls.is_empty() {
                result.push(format!("\"urls\" field should be empty for {name} CNI"));
            }
            flannel_options(&mut result);
        }
        "custom" => {
            if cni.urls.is_empty() {
                warnings.push(format!("\"urls\" field should not be empty for {name} CNI"));
            }
            flannel_options(&mut result);
            for url in &cni.urls {
                if let Err(err) = validate_endpoint_uri(url) {
                    result.push(err);
                }
            }
        }
        _ => result.push("cni name should be one of [\"flannel\", \"custom\", \"none\"]"),
    }
    result.into_error()
}

/// `ExternalCloudProviderConfig.Validate`.
fn validate_external_cloud_provider(ecp: &ExternalCloudProviderConfig) -> Option<GoError> {
    if ecp.enabled != Some(true) && !ecp.manifests.is_empty() {
        return Some(GoError::msg(
            "external cloud provider is disabled, but manifests are provided",
        ));
    }
    let mut result = MultiError::new();
    for url in &ecp.manifests {
        if let Err(err) = validate_endpoint_uri(url) {
            result.push(format!(
                "invalid external cloud provider manifest url {}: {err}",
                go_quote(url)
            ));
        }
    }
    result.into_error()
}

/// `EtcdConfig.Validate`.
fn validate_etcd(e: &EtcdConfig) -> Option<GoError> {
    let mut result = MultiError::new();
    if e.ca.is_none() {
        result.push("key/cert combination should not be empty");
    }
    if !e.subnet.is_empty() && !e.advertised_subnets.is_empty() {
        result.push("etcd subnet can't be set when advertised subnets are set");
    }
    // `AdvertisedSubnets()` falls back to `subnet`; `ListenSubnets()` to the advertised ones.
    let subnet = [e.subnet.clone()];
    let advertised: &[String] = if !e.advertised_subnets.is_empty() {
        &e.advertised_subnets
    } else if !e.subnet.is_empty() {
        &subnet
    } else {
        &[]
    };
    let listen: &[String] = if !e.listen_subnets.is_empty() {
        &e.listen_subnets
    } else {
        &e.advertised_subnets
    };
    for (subnets, what) in [(advertised, "advertised"), (listen, "listen")] {
        for cidr in subnets {
            let cidr = cidr.strip_prefix('!').unwrap_or(cidr);
            if !subnet_or_address_ok(cidr) {
                result.push(format!(
                    "etcd {what} subnet is not valid: {}",
                    go_quote(cidr)
                ));
            }
        }
    }
    result.into_error()
}

/// `ClusterInlineManifests.Validate`.
fn validate_inline_manifests(manifests: &ClusterInlineManifests) -> Option<GoError> {
    let mut result = MultiError::new();
    let mut names = std::collections::HashSet::new();
    for manifest in manifests.iter() {
        if go_trim_space(&manifest.name).is_empty() {
            result.push("inline manifest name can't be empty");
        }
        if !names.insert(manifest.name.as_str()) {
            result.push(format!(
                "inline manifest name {} is duplicate",
                go_quote(&manifest.name)
            ));
        }
    }
    result.into_error()
}

/// `ClusterDiscoveryConfig.Validate`.
fn validate_discovery(
    d: Option<&ClusterDiscoveryConfig>,
    cluster: &ClusterConfig,
) -> Option<GoError> {
    let d = d.filter(|d| d.enabled == Some(true))?;
    let service = &d.registries.service;
    if service.disabled == Some(true) {
        return None;
    }
    let mut result = MultiError::new();
    let endpoint = if service.endpoint.is_empty() {
        DEFAULT_DISCOVERY_SERVICE_ENDPOINT
    } else {
        &service.endpoint
    };
    match GoUrl::parse_request_uri(endpoint) {
        Err(err) => result.push(format!(
            "cluster discovery service registry endpoint is invalid: {err}"
        )),
        Ok(url) => {
            let path = url.path();
            if !path.is_empty() && path != "/" {
                result.push("cluster discovery service path should be empty");
            }
        }
    }
    if cluster.id.is_empty() {
        result.push("cluster discovery service requires .cluster.id");
    }
    if cluster.secret.is_empty() {
        result.push("cluster discovery service requires .cluster.secret");
    }
    result.into_error()
}

/// `APIServerConfig.Validate`.
fn validate_api_server(a: &ApiServerConfig) -> Option<GoError> {
    if a.authorization_config.non_nil
        && let Some(err) = authorization_flags_conflict(&a.extra_args)
    {
        return Some(GoError::msg(err));
    }
    for authorizer in a.authorization_config.iter().flatten() {
        if let Err(err) = validate_authorizer(authorizer) {
            return Some(GoError::wrap(
                "apiserver authorization config validation failed",
                GoError::msg(err),
            ));
        }
    }
    validate_resources(a.resources.as_ref())
        .map(|err| GoError::wrap("apiserver resource validation failed", err))
}

/// The flags an `authorizationConfig` replaces. Go walks a map, so with several such flags
/// the one reported varies; the first in sorted order is reported here.
fn authorization_flags_conflict(args: &Args) -> Option<&'static str> {
    args.keys().find_map(|key| {
        if key == "authorization-mode" {
            Some(
                "authorization-mode cannot be used in conjunction with AuthorizationConfig, use eitherr AuthorizationConfig or authorization-mode",
            )
        } else if key.starts_with("authorization-webhook-") {
            Some(
                "authorization-webhook-* flags cannot be used in conjunction with AuthorizationConfig, use either AuthorizationConfig or authorization-webhook-* flags",
            )
        } else {
            None
        }
    })
}

/// `AuthorizationConfigAuthorizerConfig.Validate`.
fn validate_authorizer(a: &AuthorizationConfigAuthorizerConfig) -> Result<(), String> {
    const ALLOWED: [&str; 3] = ["Node", "RBAC", "Webhook"];
    if a.r#type.is_empty() {
        return Err("authorizer type must be set".to_owned());
    }
    if a.name.is_empty() {
        return Err("authorizer name must be set".to_owned());
    }
    if !ALLOWED.contains(&a.r#type.as_str()) {
        return Err(format!(
            "authorizer type {} is not allowed, allowed types are [{}]",
            a.r#type,
            ALLOWED.join(" ")
        ));
    }
    Ok(())
}

/// `ResourcesConfig.Validate`: only `cpu` and `memory` requests and limits. Go walks a map,
/// so with several unsupported keys the one reported varies; the first in sorted order is
/// reported here.
fn validate_resources(r: Option<&ResourcesConfig>) -> Option<GoError> {
    let r = r?;
    let check = |resources: &Unstructured| {
        resources
            .object
            .keys()
            .find(|key| *key != "cpu" && *key != "memory")
            .map(|key| GoError::msg(format!("unsupported pod resource {}", go_quote(key))))
    };
    check(&r.requests).or_else(|| check(&r.limits))
}
