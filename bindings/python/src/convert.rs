//! Python ⇄ Rust conversions of keys, values and JSON-like data.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyList, PyString};
use talos_meta::MetaError;

use crate::errors::meta_error;

/// A META key from a Python `int` (0..=255) or `str` (Go base-0 syntax such as `"0x0a"`, or a
/// well-known name such as `"MetalNetworkPlatformConfig"`, parsed by `keys::parse_key`).
pub(crate) fn key_of(obj: &Bound<'_, PyAny>) -> PyResult<u8> {
    if let Ok(int) = obj.cast::<PyInt>() {
        if obj.is_instance_of::<PyBool>() {
            return Err(PyTypeError::new_err("META keys are int or str, not bool"));
        }
        return int
            .extract::<u8>()
            .map_err(|_| meta_error(obj.py(), MetaError::InvalidKey(int.to_string())));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return talos_meta::keys::parse_key(&text.to_cow()?).map_err(|e| meta_error(obj.py(), e));
    }
    Err(PyTypeError::new_err(format!(
        "META keys are int or str, not {}",
        type_name(obj)
    )))
}

/// Bytes from a Python `bytes`, `bytearray` or `str` (encoded as UTF-8); `what` names the
/// argument in the `TypeError` for anything else.
pub(crate) fn bytes_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        Ok(bytes.as_bytes().to_vec())
    } else if let Ok(text) = obj.cast::<PyString>() {
        Ok(text.to_cow()?.into_owned().into_bytes())
    } else if let Ok(array) = obj.cast::<PyByteArray>() {
        Ok(array.to_vec())
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} must be bytes or str, not {}",
            type_name(obj)
        )))
    }
}

/// The name of an object's type, for error messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// Plain Python data (dict, list, str, int, float, bool, None) from a JSON value. Objects
/// keep their key order.
pub(crate) fn json_to_py<'py>(
    py: Python<'py>,
    value: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
