//! Keys and the `INSTALLER_META_BASE64` values encoding.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use talos_meta::keys::{self, WELL_KNOWN};
use talos_meta::values::{self, Value, Values};

use crate::convert::{bytes_of, key_of};
use crate::errors::{meta_error, values_error};

/// Parses a key as `talosctl meta write` does (`"10"`, `"0x0a"`, `"0o12"`, `"012"`) or a
/// well-known key name, case-insensitive (`"MetalNetworkPlatformConfig"`).
///
/// >>> parse_key("0x0a"), parse_key("010"), parse_key("upgrade")
/// (10, 8, 6)
///
/// Raises `InvalidKeyError` for anything else (`"256"`, `"nope"`). Key 0 parses; writing it
/// is refused later.
#[pyfunction]
pub(crate) fn parse_key(py: Python<'_>, text: Cow<'_, str>) -> PyResult<u8> {
    keys::parse_key(&text).map_err(|e| meta_error(py, e))
}

/// Every well-known key as `(key, name, meaning)`, in key order.
#[pyfunction]
pub(crate) fn well_known_keys() -> Vec<(u8, &'static str, &'static str)> {
    WELL_KNOWN
        .iter()
        .map(|known| (known.key, known.name, known.meaning))
        .collect()
}

/// `Values` from an iterable of `(key, value)` pairs.
fn values_of(pairs: &Bound<'_, PyAny>) -> PyResult<Values> {
    let mut out = Vec::new();
    for item in pairs.try_iter()? {
        let item = item?;
        let pair = item.cast::<PyTuple>().ok().filter(|t| t.len() == 2);
        let Some(pair) = pair else {
            return Err(PyTypeError::new_err(format!(
                "values must be (key, value) pairs, not {}",
                item.repr()?
            )));
        };
        let (key, value) = (pair.get_item(0)?, pair.get_item(1)?);
        out.push(Value::new(key_of(&key)?, bytes_of(&value, "values")?));
    }
    Ok(Values(out))
}

/// `(key, value)` pairs as a Python list.
fn pairs_of<'py>(py: Python<'py>, values: Values) -> Vec<(u8, Bound<'py, PyBytes>)> {
    values
        .0
        .into_iter()
        .map(|v| (v.key, PyBytes::new(py, &v.value)))
        .collect()
}

/// Encodes `(key, value)` pairs as `INSTALLER_META_BASE64` text.
#[pyfunction]
pub(crate) fn encode_values(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    gzip: bool,
) -> PyResult<String> {
    values_of(values)?
        .encode(gzip)
        .map_err(|e| values_error(py, e))
}

/// Decodes `INSTALLER_META_BASE64` text into `(key, value)` pairs, in order.
///
/// >>> decode_values("MHhhPWZvbzsweGI9YmFy")
/// [(10, b'foo'), (11, b'bar')]
///
/// Raises `ValuesEncodingError` (with Go's message) for what Talos refuses.
#[pyfunction]
pub(crate) fn decode_values<'py>(
    py: Python<'py>,
    text: Cow<'_, str>,
) -> PyResult<Vec<(u8, Bound<'py, PyBytes>)>> {
    let values = Values::decode(&text).map_err(|e| values_error(py, e))?;
    Ok(pairs_of(py, values))
}

/// The kernel argument `talos.environment=INSTALLER_META_BASE64=<encoded>`.
#[pyfunction]
pub(crate) fn kernel_arg(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    gzip: bool,
) -> PyResult<String> {
    values_of(values)?
        .kernel_arg(gzip)
        .map_err(|e| values_error(py, e))
}

/// The values of every `talos.environment=INSTALLER_META_BASE64=...` argument of a kernel
/// command line, as `(key, value)` pairs in the order Talos applies them at boot.
#[pyfunction]
pub(crate) fn values_from_kernel_cmdline<'py>(
    py: Python<'py>,
    cmdline: Cow<'_, str>,
) -> PyResult<Vec<(u8, Bound<'py, PyBytes>)>> {
    let values = Values::from_kernel_cmdline(&cmdline).map_err(|e| values_error(py, e))?;
    Ok(pairs_of(py, values))
}

/// Whether a Talos version reads gzip-compressed values (1.6.3 and later). Versions that
/// do not parse count as new, as in Talos' imager.
///
/// >>> gzip_supported("v1.6.3"), gzip_supported("v1.6.2"), gzip_supported("")
/// (True, False, True)
#[pyfunction]
pub(crate) fn gzip_supported(version: Cow<'_, str>) -> bool {
    values::gzip_supported(&version)
}
