//! Extension service definitions: the `/usr/local/etc/containers/<name>.yaml` files system
//! extensions ship to run a service (Go package `pkg/machinery/extensions/services`).
//!
//! These are not machine-config documents: Talos reads them with plain go-yaml, so unknown keys
//! are ignored (no strict check), and [`ExtensionServiceDefinition::validate`] reproduces Go's
//! `Spec.Validate` error, a hashicorp multierror, text for text.
//!
//! ```
//! use talos_config::extension_service::ExtensionServiceDefinition;
//!
//! let spec = ExtensionServiceDefinition::parse(b"name: hello\ncontainer:\n  entrypoint: ./hello\nrestart: always\n")?;
//! assert!(spec.validate().is_ok());
//! assert_eq!(spec.service_id(), "ext-hello");
//!
//! let broken = ExtensionServiceDefinition::parse(b"name: hello\n")?;
//! assert_eq!(
//!     broken.validate().unwrap_err().to_string(),
//!     "2 errors occurred:\n\t* restart kind is invalid: RestartKind(0)\n\t* container endpoint can't be empty\n\n",
//! );
//! # Ok::<(), String>(())
//! ```

use crate::GoYaml;
use crate::goyaml::{Decoder, GoYaml as _, go_lower, go_quote};
use crate::validate::{GoError, MultiError};
use crate::yaml::DocumentStream;

/// An extension service definition (Go's `services.Spec`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "services.Spec")]
pub struct ExtensionServiceDefinition {
    /// Service name (`[-_a-z0-9]+`); the Talos service is `ext-<name>`.
    #[go(yaml = "name")]
    pub name: String,
    /// The container to run.
    #[go(yaml = "container")]
    pub container: ServiceContainer,
    /// What must be ready before the service starts.
    #[go(yaml = "depends")]
    pub depends: Vec<ServiceDependency>,
    /// Restart policy.
    #[go(yaml = "restart")]
    pub restart: RestartKind,
    /// Send the service's logs to the console.
    #[go(yaml = "logToConsole")]
    pub log_to_console: bool,
}

/// The container of an extension service (Go's `services.Container`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "services.Container")]
pub struct ServiceContainer {
    /// Entrypoint, relative to the container's root filesystem.
    #[go(yaml = "entrypoint")]
    pub entrypoint: String,
    /// `KEY=value` environment variables.
    #[go(yaml = "environment")]
    pub environment: Vec<String>,
    /// A file of environment variables, waited for before start.
    #[go(yaml = "environmentFile")]
    pub environment_file: String,
    /// Arguments to the entrypoint.
    #[go(yaml = "args")]
    pub args: Vec<String>,
    /// OCI runtime mounts.
    #[go(yaml = "mounts")]
    pub mounts: Vec<OciMount>,
    /// Security options.
    #[go(yaml = "security")]
    pub security: ServiceSecurity,
}

/// An OCI runtime-spec mount (Go's `specs.Mount`). The Go struct has no YAML tags, so its
/// keys are the lower-cased field names (`uidmappings`, not `uidMappings`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "specs.Mount")]
pub struct OciMount {
    /// Path in the container.
    #[go(yaml = "destination")]
    pub destination: String,
    /// Filesystem type (`bind`, `tmpfs`, …).
    #[go(yaml = "type")]
    pub r#type: String,
    /// Source path or device.
    #[go(yaml = "source")]
    pub source: String,
    /// fstab-style options.
    #[go(yaml = "options")]
    pub options: Vec<String>,
    /// User ID mappings.
    #[go(yaml = "uidmappings")]
    pub uid_mappings: Vec<IdMapping>,
    /// Group ID mappings.
    #[go(yaml = "gidmappings")]
    pub gid_mappings: Vec<IdMapping>,
}

/// An ID mapping of a mount (Go's `specs.LinuxIDMapping`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "specs.LinuxIDMapping")]
pub struct IdMapping {
    /// First ID in the container.
    #[go(yaml = "containerid")]
    pub container_id: u32,
    /// First ID on the host.
    #[go(yaml = "hostid")]
    pub host_id: u32,
    /// Number of IDs.
    #[go(yaml = "size")]
    pub size: u32,
}

/// Security options of an extension service (Go's `services.Security`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "services.Security")]
pub struct ServiceSecurity {
    /// Make `/sys` writable.
    #[go(yaml = "writeableSysfs")]
    pub writeable_sysfs: bool,
    /// Paths made unreadable.
    #[go(yaml = "maskedPaths")]
    pub masked_paths: Vec<String>,
    /// Paths made read-only.
    #[go(yaml = "readonlyPaths")]
    pub readonly_paths: Vec<String>,
    /// Make the root filesystem writable.
    #[go(yaml = "writeableRootfs")]
    pub writeable_rootfs: bool,
    /// Propagation mode of the root filesystem mount.
    #[go(yaml = "rootfsPropagation", omitempty)]
    pub rootfs_propagation: String,
}

/// One dependency of an extension service (Go's `services.Dependency`); exactly one field
/// should be set.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "services.Dependency")]
pub struct ServiceDependency {
    /// A Talos service that must be running (and healthy).
    #[go(yaml = "service", omitempty)]
    pub service: String,
    /// An absolute path that must exist.
    #[go(yaml = "path", omitempty)]
    pub path: String,
    /// Network conditions that must hold.
    #[go(yaml = "network", omitempty)]
    pub network: Vec<NetworkStatus>,
    /// Wait for time synchronization.
    #[go(yaml = "time", omitempty)]
    pub time: bool,
    /// Wait for an `ExtensionServiceConfig` document of the same name.
    #[go(yaml = "configuration", omitempty)]
    pub configuration: bool,
}

/// Go's `enumer` text methods: the exact name, or the lower-cased input against lower-cased
/// names; the error is `<text> does not belong to <Type> values`.
fn enumer_parse(text: &str, names: &[&str], type_name: &str) -> Result<usize, String> {
    let lower = go_lower(text);
    names
        .iter()
        .position(|name| *name == text || go_lower(name) == lower)
        .ok_or_else(|| format!("{text} does not belong to {type_name} values"))
}

/// How an extension service is restarted (Go's `services.RestartKind`); written by name,
/// matched case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RestartKind(pub i64);

impl RestartKind {
    /// Always restart.
    pub const ALWAYS: RestartKind = RestartKind(1);
    /// Never restart.
    pub const NEVER: RestartKind = RestartKind(2);
    /// Restart until the service exits successfully.
    pub const UNTIL_SUCCESS: RestartKind = RestartKind(3);

    const NAMES: [&'static str; 3] = ["always", "never", "untilSuccess"];

    /// Go's `RestartKindString`.
    pub fn parse(text: &str) -> Result<RestartKind, String> {
        enumer_parse(text, &Self::NAMES, "RestartKind").map(|i| RestartKind(i as i64 + 1))
    }

    /// Go's `String`: the name, or `RestartKind(N)` for other values.
    pub fn format(&self) -> String {
        match self.0 {
            1..=3 => Self::NAMES[self.0 as usize - 1].to_owned(),
            n => format!("RestartKind({n})"),
        }
    }

    /// Go's `IsARestartKind`.
    pub fn is_valid(&self) -> bool {
        (1..=3).contains(&self.0)
    }

    fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

crate::go_text_type!(RestartKind, "services.RestartKind");

/// A network condition a service can wait for (Go's `nethelpers.Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetworkStatus(pub i64);

impl NetworkStatus {
    const NAMES: [&'static str; 4] = ["addresses", "connectivity", "hostname", "etcfiles"];

    /// Go's `StatusString`.
    pub fn parse(text: &str) -> Result<NetworkStatus, String> {
        enumer_parse(text, &Self::NAMES, "Status").map(|i| NetworkStatus(i as i64 + 1))
    }

    /// Go's `String`: the name, or `Status(N)` for other values.
    pub fn format(&self) -> String {
        match self.0 {
            1..=4 => Self::NAMES[self.0 as usize - 1].to_owned(),
            n => format!("Status({n})"),
        }
    }

    /// Go's `IsAStatus`.
    pub fn is_valid(&self) -> bool {
        (1..=4).contains(&self.0)
    }

    fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

crate::go_text_type!(NetworkStatus, "nethelpers.Status");

impl ExtensionServiceDefinition {
    /// Decodes a definition as machined does (a go-yaml `Decoder` reading the first document;
    /// unknown keys are ignored). The error is go-yaml's text (`EOF` for an empty file).
    pub fn parse(input: &[u8]) -> Result<ExtensionServiceDefinition, String> {
        let mut spec = ExtensionServiceDefinition::default();
        let Some(document) = DocumentStream::new(input).next() else {
            return Err("EOF".to_owned());
        };
        let document = document.map_err(|err| err.0)?;
        let mut decoder = Decoder::new();
        spec.decode_into(&document.root, &mut decoder);
        decoder.finish()?;
        Ok(spec)
    }

    /// The Talos service ID, `ext-<name>`.
    pub fn service_id(&self) -> String {
        format!("ext-{}", self.name)
    }

    /// Go's `Spec.Validate`: a multierror listing every problem.
    pub fn validate(&self) -> Result<(), GoError> {
        let mut errs = MultiError::new();
        let valid_name = !self.name.is_empty()
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid_name {
            errs.push(format!("name {} is invalid", go_quote(&self.name)));
        }
        if !self.restart.is_valid() {
            errs.push(format!(
                "restart kind is invalid: {}",
                self.restart.format()
            ));
        }
        if self.container.entrypoint.is_empty() {
            errs.push("container endpoint can't be empty");
        }
        for dependency in &self.depends {
            errs.push_opt(dependency.validate());
        }
        errs.into_error().map_or(Ok(()), Err)
    }
}

impl ServiceDependency {
    /// Go's `Dependency.Validate` (a multierror, flattened into the definition's).
    fn validate(&self) -> Option<GoError> {
        let mut errs = MultiError::new();
        let mut set = 0;
        if !self.service.is_empty() {
            set += 1;
        }
        if !self.path.is_empty() {
            set += 1;
            if !self.path.starts_with('/') {
                errs.push(format!("path is not absolute: {}", go_quote(&self.path)));
            }
        }
        if !self.network.is_empty() {
            set += 1;
            for status in &self.network {
                if !status.is_valid() {
                    errs.push(format!("invalid network dependency: {}", status.format()));
                }
            }
        }
        if self.time {
            set += 1;
        }
        if self.configuration {
            set += 1;
        }
        if set == 0 {
            errs.push("no dependency specified");
        }
        if set > 1 {
            errs.push("more than a single dependency is set");
        }
        errs.into_error()
    }
}
