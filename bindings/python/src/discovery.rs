//! Cluster discovery: the cluster key (affiliate blobs, endpoint blobs), node identities
//! and cluster IDs.
//!
//! Affiliates travel as dicts keyed by the protobuf field names (`node_id`, `kubespan`, …),
//! IP addresses as text (`"10.0.0.2"`), prefixes as `"10.244.0.0/24"` and endpoints as
//! `(host, port)` tuples. Addresses that are not 4 or 16 bytes come back as raw `bytes`.

use std::net::{IpAddr, SocketAddr};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use talos_discovery_crypto::payload::{
    Affiliate, ControlPlane, Endpoint, IpPrefix, KubeSpan, ip_from_binary, ip_to_binary,
};
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

    /// Encodes and encrypts an affiliate (a dict, see `talos_kit.discovery.Affiliate`) under
    /// a fresh random nonce: `nonce ‖ AES-GCM ciphertext ‖ tag`.
    fn seal<'py>(
        &self,
        py: Python<'py>,
        affiliate: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let affiliate = affiliate_of(affiliate)?;
        let blob = self
            .0
            .seal(&affiliate)
            .map_err(|e| discovery_error(py, &AFFILIATE_SEAL_ERROR, e))?;
        Ok(PyBytes::new(py, &blob))
    }

    /// Verifies, decrypts and decodes an affiliate blob into a dict.
    fn open<'py>(&self, py: Python<'py>, blob: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
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

// ---- dict <-> protobuf conversions ----

fn field_error(path: &str, message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{path}: {message}"))
}

/// A dict's items with string keys; other keys are a `TypeError`.
fn dict_of<'py>(obj: &Bound<'py, PyAny>, path: &str) -> PyResult<Bound<'py, PyDict>> {
    obj.cast::<PyDict>()
        .cloned()
        .map_err(|_| PyTypeError::new_err(format!("{path} must be a dict, not {}", type_name(obj))))
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

fn u32_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<u32> {
    obj.extract::<u32>().map_err(|_| {
        field_error(
            path,
            format!(
                "expected an int in 0..=4294967295, got {}",
                obj.repr().map(|r| r.to_string()).unwrap_or_default()
            ),
        )
    })
}

/// An address as text (`"10.0.0.2"`) or raw bytes.
fn ip_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Vec<u8>> {
    if let Ok(raw) = obj.cast::<PyBytes>() {
        return Ok(raw.as_bytes().to_vec());
    }
    let text = string_of(obj, path)?;
    let ip: IpAddr = text
        .parse()
        .map_err(|_| field_error(path, format!("invalid IP address {text:?}")))?;
    Ok(ip_to_binary(ip))
}

/// An address for Python: text when it is 4 or 16 bytes, else the raw bytes.
fn ip_py<'py>(py: Python<'py>, raw: &[u8]) -> Bound<'py, PyAny> {
    match ip_from_binary(raw) {
        Some(ip) => PyString::new(py, &ip.to_string()).into_any(),
        None => PyBytes::new(py, raw).into_any(),
    }
}

fn list_items<'py>(obj: &Bound<'py, PyAny>, path: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{path} must be a list, not {}",
            type_name(obj)
        )));
    }
    obj.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!("{path} must be a list, not {}", type_name(obj)))
        })?
        .collect()
}

/// A prefix from `"ip/bits"`.
fn prefix_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<IpPrefix> {
    let text = string_of(obj, path)?;
    let parsed = text.split_once('/').and_then(|(ip, bits)| {
        let ip: IpAddr = ip.parse().ok()?;
        let bits: u8 = bits.parse().ok()?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        (bits <= max).then(|| IpPrefix::new(ip, bits))
    });
    parsed.ok_or_else(|| field_error(path, format!("invalid IP prefix {text:?}")))
}

fn prefix_py(prefix: &IpPrefix) -> String {
    match ip_from_binary(&prefix.ip) {
        Some(ip) => format!("{ip}/{}", prefix.bits),
        None => format!("{}/{}", hex(&prefix.ip), prefix.bits),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn prefixes_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Vec<IpPrefix>> {
    list_items(obj, path)?
        .iter()
        .enumerate()
        .map(|(i, item)| prefix_of(item, &format!("{path}[{i}]")))
        .collect()
}

fn affiliate_of(obj: &Bound<'_, PyAny>) -> PyResult<Affiliate> {
    let dict = dict_of(obj, "affiliate")?;
    let mut affiliate = Affiliate::default();
    for (key, value) in dict.iter() {
        let key = string_of(&key, "affiliate keys")?;
        let path = key.as_str();
        match path {
            "node_id" => affiliate.node_id = string_of(&value, path)?,
            "addresses" => {
                affiliate.addresses = list_items(&value, path)?
                    .iter()
                    .enumerate()
                    .map(|(i, item)| ip_of(item, &format!("addresses[{i}]")))
                    .collect::<PyResult<_>>()?;
            }
            "hostname" => affiliate.hostname = string_of(&value, path)?,
            "nodename" => affiliate.nodename = string_of(&value, path)?,
            "machine_type" => affiliate.machine_type = string_of(&value, path)?,
            "operating_system" => affiliate.operating_system = string_of(&value, path)?,
            "kubespan" if value.is_none() => affiliate.kubespan = None,
            "kubespan" => affiliate.kubespan = Some(kubespan_of(&value)?),
            "control_plane" if value.is_none() => affiliate.control_plane = None,
            "control_plane" => {
                let cp = dict_of(&value, path)?;
                let mut control_plane = ControlPlane::default();
                for (key, value) in cp.iter() {
                    match string_of(&key, "control_plane keys")?.as_str() {
                        "api_server_port" => {
                            control_plane.api_server_port =
                                u32_of(&value, "control_plane.api_server_port")?;
                        }
                        other => {
                            return Err(field_error(
                                "control_plane",
                                format!("unknown field {other:?}"),
                            ));
                        }
                    }
                }
                affiliate.control_plane = Some(control_plane);
            }
            other => return Err(field_error("affiliate", format!("unknown field {other:?}"))),
        }
    }
    Ok(affiliate)
}

fn kubespan_of(obj: &Bound<'_, PyAny>) -> PyResult<KubeSpan> {
    let dict = dict_of(obj, "kubespan")?;
    let mut kubespan = KubeSpan::default();
    for (key, value) in dict.iter() {
        match string_of(&key, "kubespan keys")?.as_str() {
            "public_key" => kubespan.public_key = string_of(&value, "kubespan.public_key")?,
            "address" => kubespan.address = ip_of(&value, "kubespan.address")?,
            "additional_addresses" => {
                kubespan.additional_addresses =
                    prefixes_of(&value, "kubespan.additional_addresses")?;
            }
            "exclude_advertised_addresses" => {
                kubespan.exclude_advertised_addresses =
                    prefixes_of(&value, "kubespan.exclude_advertised_addresses")?;
            }
            other => return Err(field_error("kubespan", format!("unknown field {other:?}"))),
        }
    }
    Ok(kubespan)
}

fn affiliate_dict<'py>(py: Python<'py>, affiliate: &Affiliate) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("node_id", &affiliate.node_id)?;
    let addresses = PyList::new(py, affiliate.addresses.iter().map(|ip| ip_py(py, ip)))?;
    dict.set_item("addresses", addresses)?;
    dict.set_item("hostname", &affiliate.hostname)?;
    dict.set_item("nodename", &affiliate.nodename)?;
    dict.set_item("machine_type", &affiliate.machine_type)?;
    dict.set_item("operating_system", &affiliate.operating_system)?;
    match &affiliate.kubespan {
        None => dict.set_item("kubespan", py.None())?,
        Some(kubespan) => {
            let k = PyDict::new(py);
            k.set_item("public_key", &kubespan.public_key)?;
            k.set_item("address", ip_py(py, &kubespan.address))?;
            let additional: Vec<String> = kubespan
                .additional_addresses
                .iter()
                .map(prefix_py)
                .collect();
            k.set_item("additional_addresses", additional)?;
            let excluded: Vec<String> = kubespan
                .exclude_advertised_addresses
                .iter()
                .map(prefix_py)
                .collect();
            k.set_item("exclude_advertised_addresses", excluded)?;
            dict.set_item("kubespan", k)?;
        }
    }
    match &affiliate.control_plane {
        None => dict.set_item("control_plane", py.None())?,
        Some(cp) => {
            let c = PyDict::new(py);
            c.set_item("api_server_port", cp.api_server_port)?;
            dict.set_item("control_plane", c)?;
        }
    }
    Ok(dict)
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
