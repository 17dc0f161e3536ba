//! Client-side validation, as `container.ValidateAsClient(mode, WithLocal(), [WithStrict()])`
//! does it: the legacy document's rules, each kind's own rules, the kinds' conflict checks
//! against the legacy document, then the whole-container checks. Errors keep Go's shape
//! ([`GoError`]) so the text Go prints can be reproduced exactly; [`Report::findings`] gives
//! the same content as data.

mod block;
mod container;
mod error;
mod k8s;
mod kinds;
mod network;
mod v1alpha1;

use std::fmt;

pub use error::{GoError, JoinedErrors, Leaf, MultiError};

use crate::config::Config;
use crate::document::Document;
use crate::types::v1alpha1::Config as LegacyConfig;

/// Where the configuration will run (Talos' runtime modes, as far as validation tells them
/// apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// A cloud VM: no installer run.
    Cloud,
    /// Talos in a container: host DNS must forward cluster DNS.
    Container,
    /// Bare metal: an install section needs a disk.
    Metal,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 3] = [Mode::Cloud, Mode::Container, Mode::Metal];

    /// Parses `cloud`, `container` or `metal`.
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "cloud" => Some(Mode::Cloud),
            "container" => Some(Mode::Container),
            "metal" => Some(Mode::Metal),
            _ => None,
        }
    }

    /// The mode's name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Mode::Cloud => "cloud",
            Mode::Container => "container",
            Mode::Metal => "metal",
        }
    }

    /// Go's `RequiresInstall()`.
    pub fn requires_install(&self) -> bool {
        *self == Mode::Metal
    }

    /// Go's `InContainer()`.
    pub fn in_container(&self) -> bool {
        *self == Mode::Container
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a validation run knows besides the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The runtime mode.
    pub mode: Mode,
    /// `--strict`: the legacy document's warnings become errors.
    pub strict: bool,
}

/// One validator's verdict: Go's `([]string, error)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Warnings, in order.
    pub warnings: Vec<String>,
    /// The error, if any.
    pub error: Option<GoError>,
}

impl Checked {
    /// An error without warnings.
    pub fn error(error: Option<GoError>) -> Checked {
        Checked {
            warnings: Vec::new(),
            error,
        }
    }
}

/// A kind's own `Validate`.
pub(crate) struct DocValidator {
    kind: &'static str,
    run: fn(&dyn Document, &Context) -> Checked,
}

/// A kind's `V1Alpha1ConflictValidate` (its settings against the legacy document's).
pub(crate) struct ConflictValidator {
    kind: &'static str,
    run: fn(&dyn Document, &LegacyConfig) -> Option<GoError>,
}

/// Registers `fn(&Kind, &Context) -> Checked` functions as the kinds' validators:
/// `doc_validators![BondConfig => bond, …]` defines `DOC_VALIDATORS`.
macro_rules! doc_validators {
    ($($kind:ty => $check:path),* $(,)?) => {
        pub(super) const DOC_VALIDATORS: &[super::DocValidator] = &[$(
            super::DocValidator {
                kind: <$kind as $crate::kind::Kind>::KIND,
                run: |doc, ctx| match doc.downcast_ref::<$kind>() {
                    Some(doc) => $check(doc, ctx),
                    None => super::Checked::default(),
                },
            }
        ),*];
    };
}

/// Registers `fn(&Kind, &v1alpha1::Config) -> Option<GoError>` functions as the kinds'
/// conflict checks: `conflict_validators![HostnameConfig => hostname_conflicts, …]` defines
/// `CONFLICT_VALIDATORS`.
macro_rules! conflict_validators {
    ($($kind:ty => $check:path),* $(,)?) => {
        pub(super) const CONFLICT_VALIDATORS: &[super::ConflictValidator] = &[$(
            super::ConflictValidator {
                kind: <$kind as $crate::kind::Kind>::KIND,
                run: |doc, legacy| doc.downcast_ref::<$kind>().and_then(|doc| $check(doc, legacy)),
            }
        ),*];
    };
}

pub(crate) use {conflict_validators, doc_validators};

fn doc_validator(kind: &str) -> Option<&'static DocValidator> {
    network::DOC_VALIDATORS
        .iter()
        .chain(block::DOC_VALIDATORS)
        .chain(k8s::DOC_VALIDATORS)
        .chain(kinds::DOC_VALIDATORS)
        .find(|v| v.kind == kind)
}

fn conflict_validator(kind: &str) -> Option<&'static ConflictValidator> {
    network::CONFLICT_VALIDATORS
        .iter()
        .chain(block::CONFLICT_VALIDATORS)
        .chain(k8s::CONFLICT_VALIDATORS)
        .chain(kinds::CONFLICT_VALIDATORS)
        .find(|v| v.kind == kind)
}

/// The result of validating a configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Warnings, in the order Go collects them.
    pub warnings: Vec<String>,
    items: Vec<Item>,
}

/// One entry of the top-level error list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    /// The document it is about (`v1alpha1.Config`, `Kind` or `Kind/name`); none for
    /// whole-container checks.
    document: Option<String>,
    /// Whether Go prefixes the error with the document (`Kind: …`).
    prefixed: bool,
    error: GoError,
}

/// One error message, as data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The document (`v1alpha1.Config`, `Kind` or `Kind/name`), if the error is about one.
    pub document: Option<String>,
    /// The field path, when the rule names one.
    pub path: Option<String>,
    /// The message, without the document prefix.
    pub message: String,
}

impl Report {
    /// Whether there are no errors (warnings do not count).
    pub fn is_valid(&self) -> bool {
        self.items.is_empty()
    }

    /// The error as Go builds it (a multierror), if any.
    pub fn error(&self) -> Option<GoError> {
        if self.items.is_empty() {
            return None;
        }
        let items = self
            .items
            .iter()
            .map(|item| match (&item.document, item.prefixed) {
                (Some(doc), true) => GoError::wrap(doc, item.error.clone()),
                _ => item.error.clone(),
            })
            .collect();
        Some(GoError::Multi(items))
    }

    /// The text Go's `err.Error()` prints, if there is an error.
    pub fn error_text(&self) -> Option<String> {
        self.error().map(|err| err.to_string())
    }

    /// Every error message, flattened, with its document.
    pub fn findings(&self) -> Vec<Finding> {
        self.items
            .iter()
            .flat_map(|item| {
                item.error.leaves().into_iter().map(|leaf| Finding {
                    document: item.document.clone(),
                    path: leaf.path,
                    message: leaf.message,
                })
            })
            .collect()
    }

    fn push(&mut self, document: Option<String>, prefixed: bool, error: GoError) {
        // multierror.Append flattens an unwrapped multierror into the list.
        match error {
            GoError::Multi(items) if !prefixed => {
                for error in items {
                    self.items.push(Item {
                        document: document.clone(),
                        prefixed,
                        error,
                    });
                }
            }
            error => self.items.push(Item {
                document,
                prefixed,
                error,
            }),
        }
    }
}

/// As data: `{"valid", "warnings", "errors": [{"document", "path", "message"}],
/// "error_text"}` (`error_text` is Go's text, empty when valid).
impl serde::Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut view = serializer.serialize_struct("Report", 4)?;
        view.serialize_field("valid", &self.is_valid())?;
        view.serialize_field("warnings", &self.warnings)?;
        view.serialize_field("errors", &self.findings())?;
        view.serialize_field("error_text", &self.error_text().unwrap_or_default())?;
        view.end()
    }
}

/// Go's `docID`: the kind, plus `/name` for named kinds.
fn doc_id(doc: &dyn Document) -> String {
    if doc.is_named() {
        format!("{}/{}", doc.kind(), doc.name())
    } else {
        doc.kind().to_owned()
    }
}

impl Config {
    /// Validates as `talosctl validate --mode MODE [--strict]` does (Go's `ValidateAsClient`
    /// with the `Local` option: checks needing a live machine or image registries are skipped).
    ///
    /// ```
    /// use talos_config::Config;
    /// use talos_config::validate::{Context, Mode};
    ///
    /// let cfg = Config::from_bytes(b"apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n")?;
    /// let report = cfg.validate(&Context { mode: Mode::Metal, strict: false });
    /// assert!(report.is_valid());
    /// # Ok::<(), talos_config::LoadError>(())
    /// ```
    pub fn validate(&self, ctx: &Context) -> Report {
        let mut report = Report::default();
        if let Some(legacy) = self.v1alpha1() {
            let checked = v1alpha1::validate(legacy, ctx);
            report.warnings.extend(checked.warnings);
            if let Some(error) = checked.error {
                report.push(Some("v1alpha1.Config".to_owned()), true, error);
            }
        }
        let typed: Vec<&dyn Document> = self
            .documents()
            .filter(|d| d.kind() != "v1alpha1")
            .collect();
        for doc in &typed {
            if let Some(validator) = doc_validator(doc.kind()) {
                let checked = (validator.run)(*doc, ctx);
                report.warnings.extend(checked.warnings);
                if let Some(error) = checked.error {
                    report.push(Some(doc_id(*doc)), true, error);
                }
            }
        }
        if let Some(legacy) = self.v1alpha1() {
            for doc in &typed {
                if let Some(error) =
                    conflict_validator(doc.kind()).and_then(|v| (v.run)(*doc, legacy))
                {
                    report.push(Some(doc_id(*doc)), false, error);
                }
            }
        }
        if let Some(error) = container::validate(self, ctx) {
            report.push(None, false, error);
        }
        report
    }
}
