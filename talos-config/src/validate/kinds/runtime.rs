//! Rules of the `runtime` package kinds and of `ExtensionServiceConfig`.

use super::goext::{is_local, is_posix_env_key, split_host_port};
use crate::cel::{Environment, check_boolean, check_double};
use crate::goyaml::go_quote;
use crate::types::duration::Duration;
use crate::types::extensions::ExtensionServiceConfig;
use crate::types::runtime::{
    EnvironmentConfig, EtcFileConfig, EventSinkConfig, KernelModuleConfig, KmsgLogConfig,
    OomConfig, SysctlConfig, SysfsConfig, UnattendedInstallConfig, WatchdogTimerConfig,
};
use crate::types::v1alpha1::Config as LegacyConfig;
use crate::validate::{Checked, Context, GoError, JoinedErrors};

fn fail(text: impl Into<String>) -> Checked {
    Checked::error(Some(GoError::msg(text)))
}

pub(super) fn environment(doc: &EnvironmentConfig, _: &Context) -> Checked {
    // Go walks a map, so with several bad names its order is random; ours is sorted.
    let mut errs = JoinedErrors::new();
    for key in doc.variables.keys() {
        if !is_posix_env_key(key) {
            errs.push(format!(
                "invalid environment variable name: {}",
                go_quote(key)
            ));
        }
    }
    Checked::error(errs.into_error())
}

pub(super) fn event_sink(doc: &EventSinkConfig, _: &Context) -> Checked {
    match split_host_port(&doc.endpoint) {
        Ok(_) => Checked::default(),
        Err(err) => Checked::error(Some(GoError::wrap("event sink endpoint", err.into()))),
    }
}

pub(super) fn kmsg_log(doc: &KmsgLogConfig, _: &Context) -> Checked {
    if doc.name.is_empty() {
        return fail("name is required");
    }
    let Some(url) = &doc.url.0 else {
        return fail("url is required");
    };
    if !matches!(url.scheme(), "tcp" | "udp") {
        return fail("url scheme must be tcp:// or udp://");
    }
    if !matches!(&*url.path(), "" | "/") {
        return fail("url path must be empty");
    }
    if url.port().is_empty() {
        return fail("url port is required");
    }
    Checked::default()
}

pub(super) fn oom(doc: &OomConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    let trigger = doc.trigger_expression.as_str();
    if !trigger.is_empty()
        && let Err(err) = check_boolean(trigger, Environment::OomTrigger)
    {
        errs.push(GoError::wrap(
            "OOM trigger expression is invalid",
            err.to_string().into(),
        ));
    }
    let ranking = doc.cgroup_ranking_expression.as_str();
    if !ranking.is_empty()
        && let Err(err) = check_double(ranking, Environment::OomCgroupScoring)
    {
        errs.push(GoError::wrap(
            "OOM cgroup scoring expression is invalid",
            err.to_string().into(),
        ));
    }
    if doc.sample_interval.as_nanos() < 0 {
        errs.push("OOM sample interval must be longer than 0");
    }
    Checked::error(errs.into_error())
}

pub(super) fn sysctl(doc: &SysctlConfig, _: &Context) -> Checked {
    if doc.params.contains_key("") {
        return fail("sysctl key cannot be empty");
    }
    Checked::default()
}

pub(super) fn sysfs(doc: &SysfsConfig, _: &Context) -> Checked {
    if doc.params.contains_key("") {
        return fail("sysfs key cannot be empty");
    }
    Checked::default()
}

pub(super) fn watchdog_timer(doc: &WatchdogTimerConfig, _: &Context) -> Checked {
    if doc.device.is_empty() {
        return fail("watchdog device: empty value");
    }
    let min = Duration(10 * Duration::SECOND.0);
    if !doc.timeout.is_zero() && doc.timeout.as_nanos() < min.as_nanos() {
        return fail(format!(
            "watchdog timeout: minimum value is {}",
            min.format()
        ));
    }
    Checked::default()
}

pub(super) fn kernel_module(doc: &KernelModuleConfig, _: &Context) -> Checked {
    if doc.name.is_empty() {
        return fail("name is required");
    }
    Checked::default()
}

/// Files Talos writes under `/etc` itself (rc.1's `managedEtcFiles`).
const MANAGED_ETC_FILES: &[&str] = &[
    "resolv.conf",
    "hosts",
    "machine-id",
    "extensions.yaml",
    "localtime",
    "os-release",
    "xattr.conf",
    "cri/conf.d/cri.toml",
    "cri/conf.d/20-customization.part",
    "cri/conf.d/base-spec.json",
    "ssl/certs/ca-certificates.crt",
    "iscsi/initiatorname.iscsi",
    "nvme/hostid",
    "nvme/hostnqn",
];

/// Directories under `/etc` Talos manages (rc.1's `managedEtcPrefixes`).
const MANAGED_ETC_PREFIXES: &[&str] = &[
    "cni/",
    "kubernetes/",
    "cri/",
    "apparmor/",
    "apparmor.d/",
    "ca-certificates/",
    "lvm/",
    "pki/",
    "selinux/",
    "ssl/",
];

pub(super) fn etc_file(doc: &EtcFileConfig, _: &Context) -> Checked {
    let path = doc.name.as_str();
    if path.is_empty() {
        return fail("user etc file name cannot be empty");
    }
    if !is_local(path) || path.starts_with('.') {
        return fail(format!(
            "user etc file {} must be a local path",
            go_quote(path)
        ));
    }
    let managed = MANAGED_ETC_FILES.contains(&path)
        || MANAGED_ETC_PREFIXES
            .iter()
            .any(|prefix| path == prefix.trim_end_matches('/') || path.starts_with(prefix));
    if managed {
        return fail(format!(
            "user etc file {} is managed by Talos",
            go_quote(path)
        ));
    }
    Checked::default()
}

pub(super) fn unattended_install(doc: &UnattendedInstallConfig, _: &Context) -> Checked {
    let mut warnings = Vec::new();
    if doc.installer.image.is_empty() {
        warnings.push("installer.image is not set, if Talos is not booted from asset built by Image Factory, installation will fail".to_owned());
    }
    let selector = doc.provisioning.disk_selector.r#match.as_str();
    let error = if selector.is_empty() {
        Some(GoError::msg("provisioning.diskSelector.match is required"))
    } else {
        check_boolean(selector, Environment::DiskLocator)
            .err()
            .map(|err| GoError::wrap("provisioning.diskSelector.match", err.to_string().into()))
    };
    Checked {
        warnings,
        error: GoError::join(error.into_iter().collect()),
    }
}

pub(super) fn unattended_install_conflicts(
    _: &UnattendedInstallConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    legacy
        .machine
        .as_ref()
        .is_some_and(|machine| machine.install.is_some())
        .then(|| {
            GoError::at(
                ".machine.install",
                "UnattendedInstallConfig config is incompatible with v1alpha1 config (.machine.install)",
            )
        })
}

pub(super) fn extension_service_config(doc: &ExtensionServiceConfig, _: &Context) -> Checked {
    let name = go_quote(&doc.name);
    if doc.name.is_empty() {
        return fail("name is required");
    }
    if doc.config_files.0.is_empty() && doc.environment.is_empty() {
        // Go tests the files first, so the environment message is never reached.
        return fail(format!("no config files found for extension {name}"));
    }
    for file in &doc.config_files.0 {
        if file.content.is_empty() {
            return fail(format!(
                "extension content is required for extension {name}"
            ));
        }
        if file.mount_path.is_empty() {
            return fail(format!(
                "extension mount path is required for extension {name}"
            ));
        }
    }
    Checked::default()
}
