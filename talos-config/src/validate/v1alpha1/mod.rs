//! The legacy document's rules: Go's `(*v1alpha1.Config).Validate(mode, WithLocal(),
//! [WithStrict()])` from `v1alpha1_validation.go` and everything it calls, with Go's texts
//! and error shapes. Kubernetes image versions are not checked (`WithLocal()` is always set).
//!
//! Go panics on some `null` list items (interfaces, VLANs, routes, peers, encryption keys,
//! partitions, authorizers); those items are skipped here.

mod cluster;
mod goutil;
pub(in crate::validate) mod labels;
mod network;
mod oci;
#[rustfmt::skip]
mod oci_schema;

use std::collections::{HashMap, HashSet};

use super::{Checked, Context, GoError, MultiError};
use crate::goyaml::go_quote;
use crate::types::v1alpha1::{
    Config, EncryptionConfig, InstallConfig, KubeletConfig, LoggingConfig, MachineConfig,
    MachineType,
};
use network::ERR_MUTUALLY_EXCLUSIVE;

/// The smallest MTU KubeSpan's WireGuard link accepts.
const KUBESPAN_LINK_MINIMUM_MTU: u32 = 1280;

/// The roles Kubernetes workloads may be granted on the Talos API.
const TALOS_ROLES: [&str; 7] = [
    "os:admin",
    "os:operator",
    "os:reader",
    "os:etcd:backup",
    "os:image:verifier",
    "os:meta:writer",
    "os:impersonator",
];

/// Kubelet configuration fields Talos manages itself.
const KUBELET_PROTECTED_FIELDS: [&str; 13] = [
    "apiVersion",
    "authentication",
    "authorization",
    "cgroupRoot",
    "kind",
    "kubeletCgroups",
    "port",
    "protectKernelDefaults",
    "resolvConf",
    "rotateCertificates",
    "systemCgroups",
    "staticPodPath",
    "seccompDefault",
];

/// Go's `(*v1alpha1.Config).Validate(mode, WithLocal(), [WithStrict()])`.
pub(super) fn validate(config: &Config, ctx: &Context) -> Checked {
    let Some(machine) = config.machine() else {
        return Checked::error(Some(GoError::Multi(vec![GoError::msg(
            "machine instructions are required",
        )])));
    };
    let mut warnings = Vec::new();
    let mut result = MultiError::new();
    let machine_type = MachineType::parse(&machine.r#type).unwrap_or_default();
    let cluster = config.cluster();

    // The checks run in Go's order, which is the order of the messages.
    result.push_opt(cluster::validate_cluster(
        cluster,
        machine_type.is_control_plane(),
    ));

    if ctx.mode.requires_install() {
        match &machine.install {
            None => result.push(format!(
                "install instructions are required in {} mode",
                go_quote(ctx.mode.as_str())
            )),
            Some(install) => check_install_disk(install, &mut result),
        }
    }

    if let Some(host_dns) = machine.features.as_ref().and_then(|f| f.host_dns.as_ref())
        && host_dns.forward_kube_dns_to_host == Some(true)
        && host_dns.enabled != Some(true)
    {
        result.push("feature hostDNS.forwardKubeDNSToHost requires hostDNS.enabled to be true (.machine.features.hostDNS)");
    }

    if machine_type != MachineType::Unknown && machine_type.format() != machine.r#type {
        warnings.push(format!(
            "use {} instead of {} for machine type",
            go_quote(&machine_type.format()),
            go_quote(&machine.r#type)
        ));
    }

    if machine.ca.is_none() && machine.accepted_cas.is_empty() {
        result.push(
            "issuing CA or some accepted CAs are required (.machine.ca, machine.acceptedCAs)",
        );
    }

    check_machine_type(config, machine, machine_type, &mut warnings, &mut result);
    check_network(machine, &mut warnings, &mut result);

    check_disks(machine, &mut result);
    if let Some(kubelet) = &machine.kubelet {
        result.push_opt(validate_kubelet(kubelet));
    }
    if let Some(encryption) = &machine.system_disk_encryption {
        for (label, partition) in [
            ("EPHEMERAL", &encryption.ephemeral),
            ("STATE", &encryption.state),
        ] {
            if let Some(partition) = partition {
                check_encryption(label, partition, &mut result);
            }
        }
    }
    check_kubespan(config, machine, &mut result);
    if let Some(logging) = &machine.logging {
        result.push_opt(validate_logging(logging));
    }
    if let Some(install) = &machine.install {
        check_extensions(install, &mut warnings, &mut result);
    }
    check_node_metadata(machine, &mut result);
    check_features(machine, machine_type, &mut result);
    if config.persist == Some(false) {
        result.push(".persist should be enabled");
    }
    check_runtime_spec_overrides(machine, &mut result);
    check_registries(machine, &mut result);

    if ctx.strict {
        for warning in warnings.drain(..) {
            result.push(format!("warning: {warning}"));
        }
    }

    Checked {
        warnings,
        error: result.into_error(),
    }
}

/// Extra disks: no null entries, and only the last partition may take the rest of the disk.
fn check_disks(machine: &MachineConfig, result: &mut MultiError) {
    for (i, disk) in machine.disks.iter().enumerate() {
        let Some(disk) = disk else {
            result.push(format!("machine.disks[{i}] is null"));
            continue;
        };
        let count = disk.partitions.len();
        for (j, partition) in disk.partitions.iter().enumerate() {
            if partition.as_ref().is_some_and(|p| p.size.0 == 0) && j != count - 1 {
                result.push(format!(
                    "partition for disk {} is set to occupy full disk, but it's not the last partition in the list",
                    go_quote(&disk.device)
                ));
            }
        }
    }
}

/// `KubeletConfig.Validate`: node IP subnets parse, and Talos-managed fields stay untouched.
fn validate_kubelet(kubelet: &KubeletConfig) -> Option<GoError> {
    let mut errs = MultiError::new();
    for cidr in kubelet.node_ip.iter().flat_map(|n| &n.valid_subnets) {
        let cidr = cidr.strip_prefix('!').unwrap_or(cidr);
        if !goutil::subnet_or_address_ok(cidr) {
            errs.push(format!(
                "kubelet nodeIP subnet is not valid: {}",
                go_quote(cidr)
            ));
        }
    }
    for field in KUBELET_PROTECTED_FIELDS {
        if kubelet.extra_config.object.contains_key(field) {
            errs.push(format!(
                "kubelet configuration field {} can't be overridden",
                go_quote(field)
            ));
        }
    }
    errs.into_error()
}

/// Install extensions: unique images, and a deprecation warning when any are listed.
fn check_extensions(install: &InstallConfig, warnings: &mut Vec<String>, result: &mut MultiError) {
    let mut images = HashSet::new();
    for ext in &install.extensions {
        if !images.insert(ext.image.as_str()) {
            result.push(format!(
                "duplicate system extension {}",
                go_quote(&ext.image)
            ));
        }
    }
    if !images.is_empty() {
        warnings.push(".machine.install.extensions is deprecated, please see https://docs.siderolabs.com/talos/latest/platform-specific-installations/boot-assets".to_owned());
    }
}

/// Node labels, annotations and taints, each reported as a nested multierror.
fn check_node_metadata(machine: &MachineConfig, result: &mut MultiError) {
    for (what, err) in [
        ("labels", labels::validate_labels(&machine.node_labels)),
        (
            "annotations",
            labels::validate_annotations(&machine.node_annotations),
        ),
        ("taints", labels::validate_taints(&machine.node_taints)),
    ] {
        if let Some(err) = err {
            result.push(GoError::wrap(format!("invalid machine node {what}"), err));
        }
    }
}

/// Talos API access from Kubernetes (control planes, known roles) and the address sort
/// algorithm (`v1` or `v2`, in any case).
fn check_features(machine: &MachineConfig, machine_type: MachineType, result: &mut MultiError) {
    let Some(features) = &machine.features else {
        return;
    };
    if let Some(access) = features
        .kubernetes_talos_api_access
        .as_ref()
        .filter(|a| a.enabled == Some(true))
    {
        if !machine_type.is_control_plane() {
            result.push(
                "feature Kubernetes Talos API Access can only be enabled on control plane machines",
            );
        }
        for role in &access.allowed_roles {
            if !TALOS_ROLES.contains(&role.as_str()) {
                result.push(format!(
                    "invalid role {} in allowed roles for Kubernetes Talos API Access",
                    go_quote(role)
                ));
            }
        }
    }
    let algorithm = &features.node_address_sort_algorithm;
    if !algorithm.is_empty() && !matches!(algorithm.to_lowercase().as_str(), "v1" | "v2") {
        result.push(format!(
            "invalid node address sort algorithm: {algorithm} does not belong to AddressSortAlgorithm values"
        ));
    }
}

/// The base runtime spec overrides must round-trip through JSON into the OCI spec.
fn check_runtime_spec_overrides(machine: &MachineConfig, result: &mut MultiError) {
    let overrides = &machine.base_runtime_spec_overrides.object;
    if overrides.is_empty() {
        return;
    }
    match oci::check_runtime_spec_overrides(overrides) {
        Ok(()) => {}
        Err(oci::SpecError::Marshal(err)) => result.push(format!(
            "failed to marshal base runtime spec overrides: {err}"
        )),
        Err(oci::SpecError::Unmarshal(err)) => result.push(format!(
            "failed to unmarshal base runtime spec overrides: {err}"
        )),
    }
}

/// Null registry entries. Go walks maps here, so several of them come out in varying order;
/// they are reported sorted.
fn check_registries(machine: &MachineConfig, result: &mut MultiError) {
    for (key, value) in &machine.registries.config {
        if value.is_none() {
            result.push(format!("registries.config[{}] is null", go_quote(key)));
        }
    }
    for (key, value) in &machine.registries.mirrors {
        if value.is_none() {
            result.push(format!("registries.mirrors[{}] is null", go_quote(key)));
        }
    }
}

/// The metal-mode install checks: a disk or a usable disk selector, and no extra kernel
/// arguments together with the UKI command line.
fn check_install_disk(install: &InstallConfig, result: &mut MultiError) {
    let matcher = match disk_selector_error(install) {
        Ok(has_matcher) => has_matcher,
        Err(err) => {
            result.push(format!("install disk selector is invalid: {err}"));
            false
        }
    };
    if install.disk.is_empty() && !matcher {
        result.push("either install disk or diskSelector should be defined");
    }
    if !install.extra_kernel_args.is_empty() && install.grub_use_uki_cmdline == Some(true) {
        result.push("install.extraKernelArgs and install.grubUseUKICmdline can't be used together");
    }
}

/// Whether `DiskMatchExpression()` builds an expression (`Ok(true)`), has no selector
/// (`Ok(false)`), or fails. The expression Go builds always type-checks; only the
/// unsupported selector fields fail.
fn disk_selector_error(install: &InstallConfig) -> Result<bool, String> {
    let Some(selector) = &install.disk_selector else {
        return Ok(false);
    };
    if !selector.name.is_empty() {
        return Err("selector on name is not supported".to_owned());
    }
    match selector.r#type.0.as_str() {
        "" | "nvme" | "sd" | "hdd" | "ssd" => Ok(true),
        other => Err(format!("unsupported disk type {}", go_quote(other))),
    }
}

/// The checks that depend on the machine type: CNI and CA key on control planes; VIPs and
/// CA keys on workers.
fn check_machine_type(
    config: &Config,
    machine: &MachineConfig,
    machine_type: MachineType,
    warnings: &mut Vec<String>,
    result: &mut MultiError,
) {
    match machine_type {
        MachineType::Init | MachineType::ControlPlane => {
            if let Some(network) = config.cluster().and_then(|c| c.network.as_ref()) {
                result.push_opt(cluster::validate_cni(network.cni.as_ref(), warnings));
            }
            match &machine.ca {
                None => result.push("issuing CA is required (.machine.ca)"),
                Some(ca) if ca.key.is_empty() => result
                    .push("issuing CA key is required for controlplane nodes (.machine.ca.key)"),
                Some(_) => {}
            }
        }
        MachineType::Worker => {
            let devices = machine
                .network
                .iter()
                .flat_map(|n| n.interfaces.iter().flatten());
            for device in devices {
                let vips = usize::from(device.vip.is_some())
                    + device
                        .vlans
                        .iter()
                        .flatten()
                        .filter(|v| v.vip.is_some())
                        .count();
                for _ in 0..vips {
                    result.push("virtual (shared) IP is not allowed on non-controlplane nodes");
                }
            }
            if let Some(ca) = &machine.ca {
                if !ca.key.is_empty() {
                    result.push("issuing Talos API CA key is not allowed on non-controlplane nodes (.machine.ca)");
                }
                if ca.crt.is_empty() && machine.accepted_cas.is_empty() {
                    result.push("trusted CA certificates are required on non-controlplane nodes (.machine.ca.crt, .machine.acceptedCAs)");
                }
            }
            if config
                .cluster()
                .and_then(|c| c.ca.as_ref())
                .is_some_and(|ca| !ca.key.is_empty())
            {
                result.push("issuing Kubernetes API CA key is not allowed on non-controlplane nodes (.cluster.ca)");
            }
        }
        MachineType::Unknown => result.push(format!(
            "unknown machine type {}",
            go_quote(&machine.r#type)
        )),
    }
}

/// `machine.network`: bond/bridge membership, the per-interface checks and KubeSpan's MTU.
fn check_network(machine: &MachineConfig, warnings: &mut Vec<String>, result: &mut MultiError) {
    let Some(network) = &machine.network else {
        return;
    };
    let mut secondary: HashMap<String, String> = HashMap::new();
    for device in network.interfaces.iter().flatten() {
        let name = &device.interface;
        if device.bond.is_some() && device.bridge.is_some() {
            result.push(format!(
                "interface has both bridge and bond sections set {}: {ERR_MUTUALLY_EXCLUSIVE}",
                go_quote(name)
            ));
        }
        let mut members: &[String] = &[];
        if let Some(bond) = &device.bond {
            members = &bond.interfaces;
            if !bond.interfaces.is_empty() && !bond.device_selectors.is_empty() {
                result.push(format!(
                    "interface {} has both interfaces and selectors set: {ERR_MUTUALLY_EXCLUSIVE}",
                    go_quote(name)
                ));
            }
        }
        if let Some(bridge) = &device.bridge {
            members = &bridge.interfaces;
        }
        for member in members {
            if let Some(other) = secondary.get(member)
                && other != name
            {
                result.push(format!(
                    "interface {} is declared as part of two separate links: {} and {}",
                    go_quote(member),
                    go_quote(other),
                    go_quote(name)
                ));
            }
            secondary.insert(member.clone(), name.clone());
        }
    }
    for device in network.interfaces.iter().flatten() {
        result.push_opt(network::validate_network_device(
            device, &secondary, warnings,
        ));
    }
    if let Some(kubespan) = &network.kubespan
        && kubespan.enabled == Some(true)
    {
        let mtu = match kubespan.mtu {
            None | Some(0) => 1420,
            Some(mtu) => mtu,
        };
        if mtu < KUBESPAN_LINK_MINIMUM_MTU {
            result.push(format!(
                "kubespan link MTU must be at least {KUBESPAN_LINK_MINIMUM_MTU}"
            ));
        }
    }
}

/// One system partition's encryption keys: present, unique slots, each configured.
fn check_encryption(label: &str, partition: &EncryptionConfig, result: &mut MultiError) {
    let label = go_quote(label);
    if partition.keys.is_empty() {
        result.push(format!("partition {label}: no encryption keys provided"));
    }
    let mut slots = HashSet::new();
    for key in partition.keys.iter().flatten() {
        if !slots.insert(key.slot) {
            result.push(format!(
                "partition {label}: encryption key slot {} is already in use",
                key.slot
            ));
        }
        if key.node_id.is_none() && key.r#static.is_none() && key.kms.is_none() && key.tpm.is_none()
        {
            result.push(format!(
                "partition {label}: encryption key at slot {} doesn't have the configuration parameters",
                key.slot
            ));
        }
    }
}

/// KubeSpan needs discovery, a cluster ID and secret, and valid filters.
fn check_kubespan(config: &Config, machine: &MachineConfig, result: &mut MultiError) {
    let Some(kubespan) = machine
        .network
        .as_ref()
        .and_then(|n| n.kubespan.as_ref())
        .filter(|k| k.enabled == Some(true))
    else {
        return;
    };
    let cluster = config.cluster();
    let discovery_enabled = cluster
        .and_then(|c| c.discovery.as_ref())
        .and_then(|d| d.enabled)
        == Some(true);
    if !discovery_enabled {
        result
            .push(".cluster.discovery should be enabled when .machine.network.kubespan is enabled");
    }
    if cluster.is_none_or(|c| c.id.is_empty()) {
        result.push(".cluster.id should be set when .machine.network.kubespan is enabled");
    }
    if cluster.is_none_or(|c| c.secret.is_empty()) {
        result.push(".cluster.secret should be set when .machine.network.kubespan is enabled");
    }
    let Some(filters) = &kubespan.filters else {
        return;
    };
    for cidr in &filters.endpoints {
        let cidr = cidr.strip_prefix('!').unwrap_or(cidr);
        if !goutil::subnet_or_address_ok(cidr) {
            result.push(format!(
                "KubeSpan endpoint filter is not valid: {}",
                go_quote(cidr)
            ));
        }
    }
    for cidr in &filters.exclude_advertised_networks {
        if !goutil::netip_prefix_ok(cidr) {
            result.push(format!(
                "KubeSpan exclude advertised networks filter is not valid: {}",
                go_quote(cidr)
            ));
        }
    }
}

/// `LoggingConfig.Validate`: each destination needs a `tcp://` or `udp://` endpoint with a
/// host, and the `json_lines` format.
fn validate_logging(logging: &LoggingConfig) -> Option<GoError> {
    let mut errs = MultiError::new();
    for dest in &logging.destinations {
        match &dest.endpoint {
            None => errs.push("empty logging endpoint"),
            Some(endpoint) => {
                let url = endpoint.url();
                if url.host().is_empty() {
                    errs.push("empty logging endpoint's host");
                }
                if url.scheme() != "tcp" && url.scheme() != "udp" {
                    errs.push(format!(
                        "unexpected logging endpoint scheme {}",
                        go_quote(url.scheme())
                    ));
                }
            }
        }
        if dest.format != "json_lines" {
            errs.push(format!("unknown logging format {}", go_quote(&dest.format)));
        }
    }
    errs.into_error()
}
