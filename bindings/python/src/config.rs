//! Machine configuration: load as Talos does, re-encode as Talos would, and look at each
//! document as a dict or as YAML.
//!
//! Dicts come from the document's node tree through serde (the tree Go's encoder would
//! write: the fields Talos' encoder writes, in its order, with YAML's typed scalars), the
//! same view the C API (`talos_config_document_json`) and Go (`ConfigDocument.Spec`) give.
//!
//! Patches are texts (`bytes` or `str`), loaded and applied by `talos_config::patch` as
//! `talosctl` does; their errors are `ConfigError`s with Talos' own texts.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use talos_config::patch::{self, ConfigOrBytes, PatchError};
use talos_config::registry::KINDS;
use talos_config::validate::{Context, Mode};
use talos_config::{LoadError, TalosVersion};

use crate::convert::{bytes_of, json_to_py, type_name};
use crate::errors::ErrorClass;

static CONFIG_ERROR: ErrorClass = ErrorClass::new("ConfigError");

/// A machine configuration loaded as Talos loads it: the legacy `v1alpha1` document (if
/// any) and the typed documents of every other kind. Immutable.
#[pyclass(frozen, module = "talos_kit.config", name = "Config")]
pub(crate) struct Config(talos_config::Config);

/// One document of a configuration (a copy: it outlives the `Config` it came from).
#[pyclass(frozen, module = "talos_kit.config", name = "Document")]
pub(crate) struct Document(Box<dyn talos_config::Document>);

impl Document {
    fn of(document: &dyn talos_config::Document) -> Self {
        Self(document.clone_box())
    }
}

#[pymethods]
impl Config {
    /// Every document: the legacy `v1alpha1` one first (if any), then the others in the
    /// order they were written.
    #[getter]
    fn documents(&self) -> Vec<Document> {
        self.0.documents().map(Document::of).collect()
    }

    /// The document of kind `kind` named `name`, or None. Kinds without names, and the
    /// legacy document (kind `"v1alpha1"`), take the empty name.
    #[pyo3(signature = (kind, name = ""))]
    fn get(&self, kind: &str, name: &str) -> Option<Document> {
        self.0.find(kind, name).map(Document::of)
    }

    /// The canonical encoding: every document as Talos' encoder writes it (comments off),
    /// the legacy document first, `---` between documents.
    fn to_yaml(&self) -> String {
        self.0.encode()
    }

    /// The bytes the configuration was loaded from, verbatim (Talos' `Bytes()`).
    fn original_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_bytes())
    }

    /// What a Talos release would not understand, in document order: documents of a newer
    /// kind (`"KubeletConfig needs Talos >= 1.14"`) and fields set in the others that are
    /// newer (`"VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13"`); empty when the release
    /// knows every document and field.
    /// `version` is `"1.12"`, `"v1.12"`, `"v1.12.3"` or `"1.12.0-beta.1"`.
    fn check_version(&self, py: Python<'_>, version: &str) -> PyResult<Vec<String>> {
        let target = TalosVersion::parse(version).ok_or_else(|| {
            CONFIG_ERROR.err(
                py,
                format!(
                    "invalid Talos version {version:?}: expected MAJOR.MINOR, such as \"1.12\""
                ),
            )
        })?;
        Ok(self
            .0
            .check_version(target)
            .iter()
            .map(ToString::to_string)
            .collect())
    }

    /// Validates as `talosctl validate` does for `mode` (`"metal"`, `"cloud"` or
    /// `"container"`), `strict` turning the legacy document's warnings into errors. Returns
    /// `{"valid", "warnings", "errors": [{"document", "path", "message"}], "error_text"}`;
    /// an unknown mode raises `ConfigError`. Releases the GIL.
    #[pyo3(signature = (mode, strict = false))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        mode: &str,
        strict: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(mode) = Mode::parse(mode) else {
            return Err(CONFIG_ERROR.err(
                py,
                format!("unknown mode {mode:?}: expected \"metal\", \"cloud\" or \"container\""),
            ));
        };
        let report = py.detach(|| self.0.validate(&Context { mode, strict }));
        let value = serde_json::to_value(&report)
            .map_err(|e| CONFIG_ERROR.err(py, format!("converting the report: {e}")))?;
        json_to_py(py, &value)
    }

    /// A new configuration: this one with `patches` applied in order, as Talos'
    /// `configpatcher.Apply` patches a loaded configuration (a JSON patch sees the
    /// canonical encoding, not the original bytes). Each patch is the text of a strategic
    /// merge patch or of a JSON patch; consecutive JSON patches apply as one. Without
    /// patches, a copy. Raises `ConfigError` with Talos' text. Releases the GIL.
    fn patch(&self, py: Python<'_>, patches: &Bound<'_, PyAny>) -> PyResult<Config> {
        let texts = patch_texts(patches)?;
        py.detach(|| {
            let patches = patch::load_patch_texts(&texts)?;
            patch::apply(self.0.clone(), &patches)?.into_config()
        })
        .map(Config)
        .map_err(|e| patch_error(py, e))
    }

    /// The implementation of `talos_kit.config.patch` (use that): the bytes
    /// `talosctl machineconfig patch` writes for `data` with `patches` applied in order.
    // A static method of the class rather than a module function: it comes with the class
    // and needs no registration of its own in `_native`.
    #[staticmethod]
    #[pyo3(name = "_patch_bytes")]
    fn patch_bytes<'py>(
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        patches: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let input = bytes_of(data, "configuration")?;
        let texts = patch_texts(patches)?;
        let patched = py
            .detach(|| {
                let patches = patch::load_patch_texts(&texts)?;
                patch::apply(ConfigOrBytes::Bytes(input), &patches).map(ConfigOrBytes::into_bytes)
            })
            .map_err(|e| patch_error(py, e))?;
        Ok(PyBytes::new(py, &patched))
    }

    fn __len__(&self) -> usize {
        self.0.documents().count()
    }

    fn __repr__(&self) -> String {
        let count = self.0.documents().count();
        format!(
            "<Config: {count} document{}>",
            if count == 1 { "" } else { "s" }
        )
    }
}

#[pymethods]
impl Document {
    /// The kind (`"KubeletConfig"`), or `"v1alpha1"` for the legacy document.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind()
    }

    /// The name, for kinds whose name is part of their identity (`"EPHEMERAL"`); else `""`.
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }

    /// `"v1alpha1"`, or `""` for the legacy document.
    #[getter]
    fn api_version(&self) -> &'static str {
        self.0.api_version()
    }

    /// The first Talos release that knows the kind (`"1.14"`).
    #[getter]
    fn since(&self) -> String {
        self.0.since().to_string()
    }

    /// The document as plain data, with the fields Talos' encoder writes, in its order:
    /// dicts, lists, str, int, float, bool and None as YAML typed them.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(self.0.to_node())
            .map_err(|e| CONFIG_ERROR.err(py, format!("converting the document: {e}")))?;
        json_to_py(py, &value)
    }

    /// The document as Talos writes it (one YAML document, no `---`).
    fn to_yaml(&self) -> String {
        talos_config::yaml::emit(&self.0.to_node())
    }

    fn __repr__(&self) -> String {
        let name = self.0.name();
        if name.is_empty() {
            format!("<Document {}>", self.0.kind())
        } else {
            format!("<Document {}/{name}>", self.0.kind())
        }
    }
}

/// Patch texts from an iterable of `bytes`, `bytearray` or `str`. A lone text is refused:
/// iterating it would give characters or numbers, not patches.
fn patch_texts(patches: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    if patches.is_instance_of::<PyString>()
        || patches.is_instance_of::<PyBytes>()
        || patches.is_instance_of::<PyByteArray>()
    {
        return Err(PyTypeError::new_err(format!(
            "patches must be a list of patch texts, not a single {}",
            type_name(patches)
        )));
    }
    let mut texts = Vec::new();
    for (i, item) in patches.try_iter()?.enumerate() {
        texts.push(bytes_of(&item?, &format!("patches[{i}]"))?);
    }
    Ok(texts)
}

/// A patch that does not load or apply, or a configuration that does not load for it:
/// `ConfigError` with Talos' text.
fn patch_error(py: Python<'_>, err: PatchError) -> PyErr {
    CONFIG_ERROR.err(py, err.to_string())
}

/// Loads a machine configuration (multi-document YAML, as bytes or str) as Talos does.
#[pyfunction]
pub(crate) fn load_config(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Config> {
    let bytes = bytes_of(data, "configuration")?;
    py.detach(|| talos_config::Config::from_bytes(&bytes))
        .map(Config)
        .map_err(|e: LoadError| CONFIG_ERROR.err(py, e.to_string()))
}

/// Every document kind Talos v1.14 registers, sorted by kind: dicts with `kind`, `named`,
/// `since` and `go_type`.
#[pyfunction]
pub(crate) fn config_kinds(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for entry in KINDS {
        let item = PyDict::new(py);
        item.set_item("kind", entry.kind)?;
        item.set_item("named", entry.named)?;
        item.set_item("since", entry.since.to_string())?;
        item.set_item("go_type", entry.go_type().as_ref())?;
        list.append(item)?;
    }
    Ok(list)
}
