//! Rust errors → the Python exception classes of `talos_kit._errors`.
//!
//! The classes are defined in Python (they need multiple inheritance, e.g. `InvalidKeyError`
//! is both a `TalosKitError` and a `ValueError`) and looked up once, on the first error. Every
//! message is the Rust error's `Display` text.

use std::io;
use std::path::Path;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use talos_meta::MetaError;
use talos_meta::network::NetworkConfigError;
use talos_meta::values::ValuesError;

const ERRORS_MODULE: &str = "talos_kit._errors";

/// One exception class of `talos_kit._errors` (or of another module of the package),
/// imported on first use.
pub(crate) struct ErrorClass {
    module: &'static str,
    name: &'static str,
    class: PyOnceLock<Py<PyType>>,
}

impl ErrorClass {
    /// The class `name` of `talos_kit._errors`.
    pub(crate) const fn new(name: &'static str) -> Self {
        Self::in_module(ERRORS_MODULE, name)
    }

    /// The class `name` of the Python module `module` (a family's own module, such as
    /// `talos_kit.imagecache` for `ImageCacheError`).
    pub(crate) const fn in_module(module: &'static str, name: &'static str) -> Self {
        Self {
            module,
            name,
            class: PyOnceLock::new(),
        }
    }

    /// The error `self(message)`; if the class cannot be imported, that failure instead.
    pub(crate) fn err(&self, py: Python<'_>, message: String) -> PyErr {
        match self.class.import(py, self.module, self.name) {
            Ok(class) => PyErr::from_type(class.clone(), message),
            Err(err) => err,
        }
    }
}

static META_ERROR: ErrorClass = ErrorClass::new("MetaError");
static META_IO_ERROR: ErrorClass = ErrorClass::new("MetaIOError");
static META_CORRUPT_ERROR: ErrorClass = ErrorClass::new("MetaCorruptError");
static META_FULL_ERROR: ErrorClass = ErrorClass::new("MetaFullError");
static NO_META_PARTITION_ERROR: ErrorClass = ErrorClass::new("NoMetaPartitionError");
static INVALID_KEY_ERROR: ErrorClass = ErrorClass::new("InvalidKeyError");
static VALUES_ENCODING_ERROR: ErrorClass = ErrorClass::new("ValuesEncodingError");
static NETWORK_CONFIG_ERROR: ErrorClass = ErrorClass::new("NetworkConfigError");
/// `talos_kit.ImageCacheError`, defined beside its API in `talos_kit.imagecache`.
pub(crate) static IMAGE_CACHE_ERROR: ErrorClass =
    ErrorClass::in_module("talos_kit.imagecache", "ImageCacheError");

/// A `MetaError` with a message of our own (for checks done in the bindings).
pub(crate) fn plain_meta_error(py: Python<'_>, message: String) -> PyErr {
    META_ERROR.err(py, message)
}

/// Maps a `talos_meta::MetaError` to its Python class.
pub(crate) fn meta_error(py: Python<'_>, err: MetaError) -> PyErr {
    let message = err.to_string();
    let class = match &err {
        MetaError::Io { path, source, .. } => {
            return io_error(py, message, os_errno(py, source), path);
        }
        MetaError::AlreadyExists { path } => {
            return io_error(py, message, errno_named(py, "EEXIST"), path);
        }
        MetaError::Corrupt { .. } => &META_CORRUPT_ERROR,
        MetaError::Full { .. } | MetaError::LegacyValueTooLong(_) | MetaError::LegacyFull => {
            &META_FULL_ERROR
        }
        MetaError::NoMetaPartition { .. } => &NO_META_PARTITION_ERROR,
        MetaError::InvalidKey(_) | MetaError::ReservedKey => &INVALID_KEY_ERROR,
        _ => &META_ERROR,
    };
    class.err(py, message)
}

/// The OS error number of `err`. Some errors carry none (the `tempfile` crate wraps the
/// system call's error in one naming the temporary path); their kind then gives it.
fn os_errno(py: Python<'_>, err: &io::Error) -> Option<i32> {
    if let Some(code) = err.raw_os_error() {
        return Some(code);
    }
    errno_named(py, errno_name(err.kind())?)
}

fn errno_name(kind: io::ErrorKind) -> Option<&'static str> {
    use io::ErrorKind::*;
    Some(match kind {
        NotFound => "ENOENT",
        PermissionDenied => "EACCES",
        AlreadyExists => "EEXIST",
        IsADirectory => "EISDIR",
        NotADirectory => "ENOTDIR",
        ReadOnlyFilesystem => "EROFS",
        StorageFull => "ENOSPC",
        _ => return None,
    })
}

/// `errno.<name>` of the running Python.
fn errno_named(py: Python<'_>, name: &str) -> Option<i32> {
    py.import("errno")
        .and_then(|m| m.getattr(name))
        .and_then(|v| v.extract::<i32>())
        .ok()
}

/// A `MetaIOError` (also an `OSError`) with `errno`, `strerror` and `filename` filled in,
/// while `str()` stays the Rust message.
fn io_error(py: Python<'_>, message: String, errno: Option<i32>, path: &Path) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let class = META_IO_ERROR
            .class
            .import(py, ERRORS_MODULE, META_IO_ERROR.name)?;
        let instance = class.call1((message.as_str(),))?;
        instance.setattr("errno", errno)?;
        if let Some(code) = errno {
            let strerror = py.import("os")?.getattr("strerror")?.call1((code,))?;
            instance.setattr("strerror", strerror)?;
        }
        if !path.as_os_str().is_empty() {
            instance.setattr("filename", path.as_os_str())?;
        }
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|err| err)
}

/// Maps a values-encoding error to `ValuesEncodingError`.
pub(crate) fn values_error(py: Python<'_>, err: ValuesError) -> PyErr {
    VALUES_ENCODING_ERROR.err(py, err.to_string())
}

/// Maps a network-config error to `NetworkConfigError`.
pub(crate) fn network_error(py: Python<'_>, err: NetworkConfigError) -> PyErr {
    NETWORK_CONFIG_ERROR.err(py, err.to_string())
}

/// Maps an error of `talos-discovery-crypto` to `class` (a `DiscoveryError` subclass).
pub(crate) fn discovery_error(
    py: Python<'_>,
    class: &ErrorClass,
    err: impl std::fmt::Display,
) -> PyErr {
    class.err(py, err.to_string())
}

/// The `ValueError` Python raises for operations on a closed file.
pub(crate) fn closed_error() -> PyErr {
    PyValueError::new_err("I/O operation on closed META file")
}
