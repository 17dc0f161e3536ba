//! Cluster discovery: the cluster key (affiliate blobs, endpoint blobs), node identities
//! and cluster IDs.
//!
//! Affiliates travel as dicts of the crate's [`AffiliateDocument`], the document the CLI and
//! the C and Go APIs use: keys are the protobuf JSON names (`nodeId`, `kubespan`,
//! `controlPlane`, …), IP addresses text (`"10.0.0.2"`, `"hex:010203"` for byte strings
//! that are not 4 or 16 long), prefixes `"10.244.0.0/24"`. Endpoints are `(host, port)`
//! tuples.

use std::net::{IpAddr, SocketAddr};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{IntoPyDict, PyBytes, PyDict, PyMapping, PyString, PyTuple};
use talos_discovery_crypto::document::AffiliateDocument;
use talos_discovery_crypto::payload::{Affiliate, Endpoint};
use talos_discovery_crypto::{ClusterId, NodeId, UlaPurpose};

use crate::convert::{bytes_of, type_name};
use crate::errors::{ErrorClass, discovery_error};

static CLUSTER_KEY_ERROR: ErrorClass = ErrorClass::new("ClusterKeyError");
static CLUSTER_ID_ERROR: ErrorClass = ErrorClass::new("ClusterIdError");
static NODE_ID_ERROR: ErrorClass = ErrorClass::new("NodeIdError");
static AFFILIATE_SEAL_ERROR: ErrorClass = ErrorClass::new("AffiliateSealError");
static AFFILIATE_OPEN_ERROR: ErrorClass = ErrorClass::new("AffiliateOpenError");
static ENDPOINT_ERROR: ErrorClass = ErrorClass::new("EndpointError");

/// The AES key shared by the nodes of a cluster: seals and opens affiliate data, encrypts
/// and decrypts endpoints. The key material is wiped when the object is freed and never
/// shown.
#[pyclass(frozen, module = "talos_kit.discovery", name = "ClusterKey")]
pub(crate) struct ClusterKey(talos_discovery_crypto::ClusterKey);

#[pymethods]
impl ClusterKey {
    /// The key of a cluster secret (`cluster.secret`): standard base64 of 16, 24 or 32 bytes.
    #[staticmethod]
    fn from_secret(py: Python<'_>, secret: &Bound<'_, PyString>) -> PyResult<Self> {
        talos_discovery_crypto::ClusterKey::from_cluster_secret(&secret.to_cow()?)
            .map(Self)
            .map_err(|e| discovery_error(py, &CLUSTER_KEY_ERROR, e))
    }

    /// The key from raw bytes: 16, 24 or 32 of them (AES-128/192/256).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, key: &Bound<'_, PyBytes>) -> PyResult<Self> {
        talos_discovery_crypto::ClusterKey::from_bytes(key.as_bytes())
            .map(Self)
            .map_err(|e| discovery_error(py, &CLUSTER_KEY_ERROR, e))
    }

    /// Key size in bits: 128, 192 or 256.
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }

    /// Encodes and encrypts an affiliate (a mapping, see `talos_kit.discovery.Affiliate`)
    /// under a fresh random nonce: `nonce ‖ AES-GCM ciphertext ‖ tag`.
    fn seal<'py>(
        &self,
        py: Python<'py>,
        affiliate: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let affiliate = affiliate_of(py, affiliate)?;
        let blob = self
            .0
            .seal(&affiliate)
            .map_err(|e| discovery_error(py, &AFFILIATE_SEAL_ERROR, e))?;
        Ok(PyBytes::new(py, &blob))
    }

    /// Verifies, decrypts and decodes an affiliate blob into a dict (the affiliate document).
    fn open<'py>(&self, py: Python<'py>, blob: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let blob = bytes_of(blob, "affiliate data")?;
        let affiliate = self
            .0
            .open(&blob)
            .map_err(|e| discovery_error(py, &AFFILIATE_OPEN_ERROR, e))?;
        affiliate_dict(py, &affiliate)
    }

    /// Encrypts already-encoded `Affiliate` protobuf bytes under a fresh random nonce.
    fn seal_plaintext<'py>(
        &self,
        py: Python<'py>,
        plaintext: &Bound<'py, PyBytes>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let blob = self
            .0
            .seal_plaintext(plaintext.as_bytes())
            .map_err(|e| discovery_error(py, &AFFILIATE_SEAL_ERROR, e))?;
        Ok(PyBytes::new(py, &blob))
    }

    /// Verifies and decrypts an affiliate blob, returning the protobuf bytes.
    fn open_plaintext<'py>(
        &self,
        py: Python<'py>,
        blob: &Bound<'py, PyBytes>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let plaintext = self
            .0
            .open_plaintext(blob.as_bytes())
            .map_err(|e| discovery_error(py, &AFFILIATE_OPEN_ERROR, e))?;
        Ok(PyBytes::new(py, &plaintext))
    }

    /// Encrypts one endpoint, `"host:port"` or `(host, port)`, as the Go discovery client
    /// does (deterministic).
    fn encrypt_endpoint<'py>(
        &self,
        py: Python<'py>,
        endpoint: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let endpoint = Endpoint::from_socket_addr(socket_addr_of(endpoint)?);
        let blob = self
            .0
            .encrypt_endpoint(&endpoint)
            .map_err(|e| discovery_error(py, &ENDPOINT_ERROR, e))?;
        Ok(PyBytes::new(py, &blob))
    }

    /// Decrypts one endpoint blob into `(host, port)`.
    fn decrypt_endpoint(&self, py: Python<'_>, blob: &Bound<'_, PyAny>) -> PyResult<(String, u16)> {
        let blob = bytes_of(blob, "endpoint data")?;
        let endpoint = self
            .0
            .decrypt_endpoint(&blob)
            .map_err(|e| discovery_error(py, &ENDPOINT_ERROR, e))?;
        let address = endpoint.socket_addr().ok_or_else(|| {
            ENDPOINT_ERROR.err(
                py,
                format!(
                    "the decrypted endpoint has no socket address ({}-byte IP, port {})",
                    endpoint.ip.len(),
                    endpoint.port
                ),
            )
        })?;
        Ok((address.ip().to_string(), address.port()))
    }

    fn __repr__(&self) -> String {
        format!("<ClusterKey AES-{}>", self.0.bits())
    }
}

/// A new node identity: base62 of 32 random bytes from the operating system.
#[pyfunction]
pub(crate) fn new_node_id(py: Python<'_>) -> PyResult<String> {
    NodeId::generate()
        .map(|id| id.as_str().to_owned())
        .map_err(|e| discovery_error(py, &NODE_ID_ERROR, e))
}

/// The node identity (base62) of the given bytes.
#[pyfunction]
pub(crate) fn encode_node_id(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<String> {
    NodeId::from_bytes(data.as_bytes())
        .map(|id| id.as_str().to_owned())
        .map_err(|e| discovery_error(py, &NODE_ID_ERROR, e))
}

fn node_id_of(py: Python<'_>, node_id: &Bound<'_, PyString>) -> PyResult<NodeId> {
    NodeId::parse(&node_id.to_cow()?).map_err(|e| discovery_error(py, &NODE_ID_ERROR, e))
}

/// The bytes a node identity encodes (checking it: non-empty, ≤ 256 bytes, base62).
#[pyfunction]
pub(crate) fn decode_node_id<'py>(
    py: Python<'py>,
    node_id: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyBytes>> {
    let id = node_id_of(py, node_id)?;
    Ok(PyBytes::new(py, &id.to_bytes()))
}

/// The `/etc/machine-id` Talos derives from a node identity: 32 lowercase hex digits.
#[pyfunction]
pub(crate) fn machine_id(py: Python<'_>, node_id: &Bound<'_, PyString>) -> PyResult<String> {
    node_id_of(py, node_id)?
        .machine_id()
        .map(|id| id.to_string())
        .map_err(|e| discovery_error(py, &NODE_ID_ERROR, e))
}

/// The content of `node-identity.yaml` as Talos writes it.
#[pyfunction]
pub(crate) fn node_identity_yaml(
    py: Python<'_>,
    node_id: &Bound<'_, PyString>,
) -> PyResult<String> {
    Ok(node_id_of(py, node_id)?.to_identity_yaml())
}

/// The node identity in the content of a `node-identity.yaml`.
#[pyfunction]
pub(crate) fn parse_node_identity_yaml(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
) -> PyResult<String> {
    NodeId::from_identity_yaml(&text.to_cow()?)
        .map(|id| id.as_str().to_owned())
        .map_err(|e| discovery_error(py, &NODE_ID_ERROR, e))
}

/// The Talos unique-local IPv6 /64 of a cluster ID for `purpose` (`"bootstrap"`,
/// `"kubespan"`, `"siderolink"` or `"virtual-siderolink"`), e.g. `"fd7f:175a:b97c:5602::/64"`.
#[pyfunction]
pub(crate) fn ula_prefix(
    py: Python<'_>,
    cluster_id: &Bound<'_, PyString>,
    purpose: &str,
) -> PyResult<String> {
    let purpose = match purpose {
        "bootstrap" => UlaPurpose::Bootstrap,
        "kubespan" => UlaPurpose::KubeSpan,
        "siderolink" => UlaPurpose::SideroLink,
        "virtual-siderolink" => UlaPurpose::VirtualSideroLink,
        other => {
            return Err(PyValueError::new_err(format!(
                "purpose must be 'bootstrap', 'kubespan', 'siderolink' or 'virtual-siderolink', not {other:?}"
            )));
        }
    };
    let id = ClusterId::new(cluster_id.to_cow()?.into_owned())
        .map_err(|e| discovery_error(py, &CLUSTER_ID_ERROR, e))?;
    Ok(id.ula_prefix(purpose).to_string())
}

// ---- affiliate dict <-> AffiliateDocument ----

static JSON_DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The affiliate a Python mapping describes: the mapping goes through Python's
/// `json.dumps` and is read by serde as an [`AffiliateDocument`], exactly as the CLI and the
/// C and Go APIs read their documents. Non-JSON values (`bytes`, NaN, …) are the
/// `TypeError` or `ValueError` of `json.dumps`; a document serde rejects or whose addresses do not parse is an
/// `AffiliateSealError`.
fn affiliate_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Affiliate> {
    let dict = if obj.is_instance_of::<PyDict>() {
        obj.clone()
    } else if obj.cast::<PyMapping>().is_ok() {
        py.get_type::<PyDict>().call1((obj,))?
    } else {
        return Err(PyTypeError::new_err(format!(
            "affiliate must be a mapping, not {}",
            type_name(obj)
        )));
    };
    // allow_nan=False: NaN and infinities are a ValueError here rather than serde's
    // "expected value" on the `NaN` that json.dumps would write.
    let options = [("allow_nan", false)].into_py_dict(py)?;
    let text = JSON_DUMPS
        .import(py, "json", "dumps")?
        .call((dict,), Some(&options))?
        .cast_into::<PyString>()?;
    let document: AffiliateDocument = serde_json::from_str(&text.to_cow()?).map_err(|e| {
        AFFILIATE_SEAL_ERROR.err(
            py,
            format!("the affiliate document is not valid: {}", serde_message(&e)),
        )
    })?;
    document
        .to_affiliate()
        .map_err(|e| discovery_error(py, &AFFILIATE_SEAL_ERROR, e))
}

/// A serde error's message without its position, which would point into the JSON text
/// made from the caller's mapping rather than into anything the caller wrote.
fn serde_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// An affiliate as a dict: its [`AffiliateDocument`] through `serde_json` and `json.loads`.
fn affiliate_dict<'py>(py: Python<'py>, affiliate: &Affiliate) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(&AffiliateDocument::from(affiliate)).map_err(|e| {
        AFFILIATE_OPEN_ERROR.err(py, format!("encoding the affiliate document: {e}"))
    })?;
    JSON_LOADS.import(py, "json", "loads")?.call1((text,))
}

fn string_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(text) => Ok(text.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{path} must be a str, not {}",
            type_name(obj)
        ))),
    }
}

/// A socket address from `"host:port"` (`"[v6]:port"`) or `(host, port)`.
fn socket_addr_of(obj: &Bound<'_, PyAny>) -> PyResult<SocketAddr> {
    if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_cow()?;
        return text.parse().map_err(|_| {
            PyValueError::new_err(format!(
                "invalid endpoint {text:?}: expected \"host:port\" or \"[v6]:port\""
            ))
        });
    }
    if let Ok(pair) = obj.cast::<PyTuple>()
        && pair.len() == 2
    {
        let host = string_of(&pair.get_item(0)?, "endpoint host")?;
        let port: u16 = pair
            .get_item(1)?
            .extract()
            .map_err(|_| PyValueError::new_err("endpoint port must be an int in 0..=65535"))?;
        let ip: IpAddr = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .map_err(|_| PyValueError::new_err(format!("invalid endpoint host {host:?}")))?;
        return Ok(SocketAddr::new(ip, port));
    }
    Err(PyTypeError::new_err(format!(
        "endpoint must be \"host:port\" or a (host, port) tuple, not {}",
        type_name(obj)
    )))
}
