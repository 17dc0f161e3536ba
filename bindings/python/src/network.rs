//! The metal platform network config (`PlatformNetworkConfig`, META key `0x0a`).

use pyo3::prelude::*;
use talos_meta::network::{NetworkConfigError, PlatformNetworkConfig};

use crate::convert::{bytes_of, json_to_py};
use crate::errors::network_error;

fn read(py: Python<'_>, data: &Bound<'_, PyAny>, strict: bool) -> PyResult<PlatformNetworkConfig> {
    let bytes = bytes_of(data, "network config")?;
    let parsed = if strict {
        PlatformNetworkConfig::from_yaml_strict(&bytes)
    } else {
        PlatformNetworkConfig::from_yaml(&bytes)
    };
    parsed.map_err(|e| network_error(py, e))
}

/// Reads a network config as Talos does and returns it as plain Python data, with the
/// fields and value spellings Talos writes.
#[pyfunction]
pub(crate) fn parse_network_config<'py>(
    py: Python<'py>,
    data: &Bound<'_, PyAny>,
    strict: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let config = read(py, data, strict)?;
    let json = serde_json::to_value(&config).map_err(|e| {
        network_error(
            py,
            NetworkConfigError::Serialize {
                message: e.to_string(),
            },
        )
    })?;
    json_to_py(py, &json)
}

/// Reads a network config as Talos does and writes it back as Talos would (YAML).
#[pyfunction]
pub(crate) fn normalize_network_config(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    strict: bool,
) -> PyResult<String> {
    read(py, data, strict)?
        .to_yaml()
        .map_err(|e| network_error(py, e))
}
