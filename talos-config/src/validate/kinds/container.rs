//! Rules of `ContainerConfig` (rc.1's `container` package) and the whole-configuration check of
//! its `dependsOn.containers` graph.

use std::collections::{BTreeMap, BTreeSet};

use super::goext::{is_abs, parse_image_reference, parse_uint64};
use crate::config::Config;
use crate::goyaml::go_quote;
use crate::types::block::parse_bytes;
use crate::types::container::{
    ContainerConfig, ContainerDependsOn, ContainerMount, ContainerResources, ContainerRunAs,
    ContainerSecurity,
};
use crate::validate::{Checked, Context, GoError, JoinedErrors, MultiError};

const VALID_MOUNT_OPTIONS: &[&str] = &[
    "ro", "rw", "noexec", "nosuid", "nodev", "noatime", "rbind", "rshared",
];

const VALID_NETWORK_CONDITIONS: &[&str] = &["addresses", "connectivity", "hostname", "etcfiles"];

/// `ValidateAbsPath`.
fn abs_path(kind: &str, path: &str) -> Option<GoError> {
    if path.is_empty() {
        Some(format!("{kind} is required").into())
    } else if !is_abs(path) {
        Some(format!("{kind} {} must be an absolute path", go_quote(path)).into())
    } else {
        None
    }
}

/// `ValidateMountOptions`.
fn mount_options(options: &[String], errs: &mut JoinedErrors) {
    for option in options {
        if !VALID_MOUNT_OPTIONS.contains(&option.as_str()) {
            errs.push(format!("unsupported mount option {}", go_quote(option)));
        }
    }
    if options.iter().any(|o| o == "ro") && options.iter().any(|o| o == "rw") {
        errs.push("mount options ro and rw are mutually exclusive");
    }
}

/// `ContainerMount.Validate`: the destination and the mount's errors.
fn mount(m: &ContainerMount) -> (String, Option<GoError>) {
    let count = [
        m.user_volume.is_some(),
        m.tmpfs.is_some(),
        m.host_path.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count();
    if count != 1 {
        return (
            String::new(),
            Some("exactly one of userVolume, tmpfs or hostPath must be set".into()),
        );
    }
    let mut errs = JoinedErrors::new();
    let destination = if let Some(volume) = &m.user_volume {
        if volume.name.is_empty() {
            errs.push("userVolume.name is required");
        }
        errs.push_opt(abs_path("userVolume.destination", &volume.destination));
        mount_options(&volume.options, &mut errs);
        &volume.destination
    } else if let Some(tmpfs) = &m.tmpfs {
        errs.push_opt(abs_path("tmpfs.destination", &tmpfs.destination));
        mount_options(&tmpfs.options, &mut errs);
        &tmpfs.destination
    } else if let Some(host) = &m.host_path {
        errs.push_opt(abs_path("hostPath.source", &host.source));
        errs.push_opt(abs_path("hostPath.destination", &host.destination));
        mount_options(&host.options, &mut errs);
        &host.destination
    } else {
        unreachable!("exactly one mount source is set")
    };
    (destination.clone(), errs.into_error())
}

/// `ValidateCapabilityName`.
fn capability_name(field: &str, capability: &str) -> Option<GoError> {
    let quoted = go_quote(capability);
    let text = if capability.is_empty() {
        format!("{field}: capability name must not be empty")
    } else if capability.starts_with("CAP_") {
        format!("{field}: capability {quoted} must be given without the CAP_ prefix")
    } else if go_upper(capability) != capability {
        format!("{field}: capability {quoted} must be upper case")
    } else if capability
        .chars()
        .any(|c| !(c.is_ascii_uppercase() || c == '_'))
    {
        format!("{field}: capability {quoted} may only contain upper case letters and underscores")
    } else {
        return None;
    };
    Some(text.into())
}

/// Go's `strings.ToUpper` (Unicode upper case, per rune).
fn go_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                // Go maps each rune to one rune; multi-rune expansions keep the rune.
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// `ContainerSecurity.Validate`.
fn security(s: &ContainerSecurity, errs: &mut JoinedErrors) {
    let profile = s.profile.0.as_str();
    if !matches!(profile, "" | "restricted" | "privileged") {
        errs.push(format!(
            "unsupported security profile {}, expected restricted or privileged",
            go_quote(profile)
        ));
    }
    let Some(caps) = &s.capabilities else {
        return;
    };
    for capability in &caps.add {
        if capability == "ALL" {
            errs.push("capabilities.add does not accept ALL, use profile: privileged instead");
            continue;
        }
        errs.push_opt(capability_name("capabilities.add", capability));
    }
    for capability in &caps.drop {
        if capability != "ALL" {
            errs.push_opt(capability_name("capabilities.drop", capability));
        }
    }
    for capability in &caps.add {
        if caps.drop.contains(capability) {
            errs.push(format!(
                "capability {} appears in both add and drop",
                go_quote(capability)
            ));
        }
    }
}

/// `ContainerResources.Validate`.
fn resources(r: &ContainerResources, errs: &mut JoinedErrors) {
    let Some(limits) = &r.limits else {
        return;
    };
    if !limits.memory.is_empty()
        && let Err(err) = parse_bytes(&limits.memory)
    {
        errs.push(format!(
            "limits.memory {} is not a valid size: {err}",
            go_quote(&limits.memory)
        ));
    }
    let cpu = limits.cpu.as_str();
    if !cpu.is_empty() {
        let quoted = go_quote(cpu);
        let problem = match cpu.strip_suffix('m') {
            None => Some(format!(
                "{quoted} must be expressed in millicores, e.g. 1500m"
            )),
            Some(number) => match parse_uint64(number) {
                Err(err) => Some(format!("{quoted} is not a valid millicore quantity: {err}")),
                Ok(0) => Some(format!("{quoted} must be greater than zero")),
                Ok(_) => None,
            },
        };
        if let Some(problem) = problem {
            errs.push(format!("limits.cpu {problem}"));
        }
    }
}

/// `ContainerDependsOn.Validate`.
fn depends_on(d: &ContainerDependsOn, self_name: &str, errs: &mut JoinedErrors) {
    for path in &d.paths {
        errs.push_opt(abs_path("dependsOn.paths entry", path));
    }
    for condition in &d.networks {
        if !VALID_NETWORK_CONDITIONS.contains(&condition.as_str()) {
            errs.push(format!(
                "unsupported dependsOn.networks condition {}",
                go_quote(condition)
            ));
        }
    }
    for name in &d.containers {
        if name.is_empty() {
            errs.push("dependsOn.containers entry must not be empty");
            continue;
        }
        if name == self_name {
            errs.push(format!(
                "container {} cannot depend on itself",
                go_quote(self_name)
            ));
        }
    }
}

/// `ContainerRunAs.Validate`.
fn run_as(r: &ContainerRunAs, errs: &mut JoinedErrors) {
    if let Some(uid) = r.uid
        && uid < 0
    {
        errs.push(format!("runAs.uid must be non-negative, got {uid}"));
    }
    if let Some(gid) = r.gid
        && gid < 0
    {
        errs.push(format!("runAs.gid must be non-negative, got {gid}"));
    }
}

/// `ValidateName`.
fn container_name(name: &str) -> Option<GoError> {
    let text = if name.is_empty() {
        "name is required".to_owned()
    } else if name.len() > 63 {
        format!("name {} must be 63 characters or fewer", go_quote(name))
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        format!(
            "name {}: name can only contain lowercase ASCII letters, digits and hyphens",
            go_quote(name)
        )
    } else {
        return None;
    };
    Some(text.into())
}

pub(super) fn container_config(doc: &ContainerConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    let mut warnings = Vec::new();
    errs.push_opt(container_name(&doc.name));
    if doc.image.is_empty() {
        errs.push("image is required");
    } else {
        match parse_image_reference(&doc.image) {
            Err(err) => errs.push(format!(
                "invalid image reference {}: {err}",
                go_quote(&doc.image)
            )),
            Ok(false) => warnings.push(format!(
                "container {}: image {} is not digest-pinned, the running image may change on restart",
                go_quote(&doc.name),
                go_quote(&doc.image)
            )),
            Ok(true) => {}
        }
    }
    for (i, env) in doc.environment.iter().enumerate() {
        if !env.contains('=') {
            errs.push(format!(
                "environment[{i}]: {} must be in KEY=value form",
                go_quote(env)
            ));
        }
    }
    let mut destinations = BTreeSet::new();
    for (i, m) in doc.mounts.iter().enumerate() {
        let (destination, err) = mount(m);
        if let Some(err) = err {
            errs.push(GoError::wrap(format!("mounts[{i}]"), err));
            continue;
        }
        if !destinations.insert(destination.clone()) {
            errs.push(format!(
                "mounts[{i}]: duplicate destination {}",
                go_quote(&destination)
            ));
        }
    }
    if let Some(s) = &doc.security {
        security(s, &mut errs);
    }
    if let Some(network) = &doc.network
        && !matches!(network.mode.0.as_str(), "" | "none" | "host")
    {
        errs.push(format!(
            "unsupported network mode {}, expected none or host",
            go_quote(&network.mode.0)
        ));
    }
    if let Some(r) = &doc.resources {
        resources(r, &mut errs);
    }
    if let Some(d) = &doc.depends_on {
        depends_on(d, &doc.name, &mut errs);
    }
    if let Some(r) = &doc.run_as {
        run_as(r, &mut errs);
    }
    Checked {
        warnings,
        error: errs.into_error(),
    }
}

/// rc.1's `validateContainerDependencies`: every `dependsOn.containers` entry names a
/// configured container, and the dependencies form no cycle. Errors are multierror items.
pub(crate) fn container_dependencies(config: &Config) -> Option<GoError> {
    let containers: Vec<&ContainerConfig> = config.all::<ContainerConfig>().collect();
    if containers.is_empty() {
        return None;
    }
    let names: BTreeSet<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let mut errs = MultiError::new();
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in &containers {
        let deps: Vec<&str> = c
            .depends_on
            .as_ref()
            .map(|d| d.containers.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for dep in &deps {
            if !names.contains(dep) {
                errs.push(format!(
                    "container {} depends on container {}, which is not configured",
                    go_quote(&c.name),
                    go_quote(dep)
                ));
            }
        }
        edges.insert(c.name.as_str(), deps);
    }
    let mut walker = CycleWalker {
        edges: &edges,
        names: &names,
        visiting: BTreeSet::new(),
        done: BTreeSet::new(),
        stack: Vec::new(),
        cycles: Vec::new(),
    };
    for name in &names {
        walker.visit(name);
    }
    let mut cycles = walker.cycles;
    cycles.sort();
    cycles.dedup();
    if !cycles.is_empty() {
        errs.push(format!(
            "container dependsOn cycle detected: {}",
            cycles.join(", ")
        ));
    }
    errs.into_error()
}

/// The depth-first walk that finds dependency cycles, each as `a -> b -> a`.
struct CycleWalker<'a> {
    edges: &'a BTreeMap<&'a str, Vec<&'a str>>,
    names: &'a BTreeSet<&'a str>,
    visiting: BTreeSet<&'a str>,
    done: BTreeSet<&'a str>,
    stack: Vec<&'a str>,
    cycles: Vec<String>,
}

impl<'a> CycleWalker<'a> {
    fn visit(&mut self, name: &'a str) {
        if self.done.contains(name) {
            return;
        }
        if self.visiting.contains(name) {
            if let Some(idx) = self.stack.iter().position(|n| *n == name) {
                let mut cycle: Vec<&str> = self.stack[idx..].to_vec();
                cycle.push(name);
                self.cycles.push(cycle.join(" -> "));
            }
            return;
        }
        self.visiting.insert(name);
        self.stack.push(name);
        if let Some(deps) = self.edges.get(name) {
            for dep in deps {
                if self.names.contains(dep) {
                    self.visit(dep);
                }
            }
        }
        self.stack.pop();
        self.visiting.remove(name);
        self.done.insert(name);
    }
}
