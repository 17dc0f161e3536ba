//! The air-gapped image cache (`talos-imagecache`): create, verify, pack, unpack, look up
//! and serve the flat tree Talos' registryd reads, list a release's default images, and
//! write small sample images.
//!
//! Reports are plain dicts (the crate's serde form, the same JSON the C API gives); every
//! failure is an `ImageCacheError` with the crate's message. Long operations release the
//! GIL; the server runs on a thread of its own.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Mutex;
use std::thread::JoinHandle;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;
use talos_imagecache::default_images::{self, Overrides};
use talos_imagecache::lookup::{Kind, Roots};
use talos_imagecache::sample::{SampleImage, write_layout};
use talos_imagecache::serve::{ServeOptions, Server as CacheServer, ServerHandle};
use talos_imagecache::{
    CreateOptions, ImageRef, PackOptions, Platform, Platforms, RegistryOptions, Source, create,
    layouts_or_registries, pack, unpack, verify,
};

use crate::convert::json_to_py;
use crate::errors::IMAGE_CACHE_ERROR;

/// An `ImageCacheError` with the error's text.
fn error(py: Python<'_>, err: impl std::fmt::Display) -> PyErr {
    IMAGE_CACHE_ERROR.err(py, err.to_string())
}

/// A serde value as plain Python data.
fn to_py<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| error(py, e))?;
    json_to_py(py, &json)
}

/// The number of threads for `jobs` (`None` or 0: one per CPU).
fn jobs_or_cpus(jobs: Option<usize>) -> usize {
    match jobs {
        None | Some(0) => std::thread::available_parallelism().map_or(1, usize::from),
        Some(n) => n,
    }
}

/// Writes sample images into an OCI image layout at `dir`; `images` are
/// `(ref_name, platforms, layers, layer_size, seed)` tuples. Returns one dict per image.
#[pyfunction]
pub(crate) fn imagecache_write_sample_layout<'py>(
    py: Python<'py>,
    dir: PathBuf,
    images: Vec<(String, Vec<String>, usize, usize, u64)>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut samples = Vec::with_capacity(images.len());
    for (ref_name, platforms, layers, layer_size, seed) in images {
        let platforms = platforms
            .iter()
            .map(|text| {
                Platform::parse(text).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "invalid platform {text:?}: expected os/arch[/variant]"
                    ))
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let mut sample = SampleImage::small(&ref_name, seed);
        sample.platforms = platforms;
        sample.layers = layers;
        sample.layer_size = layer_size;
        samples.push(sample);
    }
    let written = py
        .detach(|| write_layout(&dir, &samples))
        .map_err(|e| error(py, format!("{}: {e}", dir.display())))?;
    let list = pyo3::types::PyList::empty(py);
    for (sample, image) in samples.iter().zip(&written) {
        let item = PyDict::new(py);
        item.set_item("ref_name", &sample.ref_name)?;
        item.set_item("digest", image.digest.to_string())?;
        item.set_item("media_type", image.media_type)?;
        let children = pyo3::types::PyList::empty(py);
        for (platform, digest) in &image.children {
            let child = PyDict::new(py);
            child.set_item("platform", platform.to_string())?;
            child.set_item("digest", digest.to_string())?;
            children.append(child)?;
        }
        item.set_item("children", children)?;
        let blobs: Vec<String> = image.blobs.iter().map(ToString::to_string).collect();
        item.set_item("blobs", blobs)?;
        list.append(item)?;
    }
    Ok(list.into_any())
}

/// The images' source: the layouts when any are given (`DIR` or `REPOSITORY=DIR`), else
/// the registries.
fn open_source(
    layouts: &[String],
    insecure: bool,
    docker_config: Option<PathBuf>,
    jobs: usize,
) -> Result<Box<dyn Source>, talos_imagecache::SourceError> {
    let registries = RegistryOptions {
        insecure,
        docker_config,
        concurrency: jobs,
        ..RegistryOptions::default()
    };
    layouts_or_registries(layouts, registries)
}

/// Creates (or resumes) the flat cache at `dest`; returns the report as a dict.
#[pyfunction]
#[pyo3(signature = (dest, images, platforms, layouts, insecure, docker_config, jobs, cosign_signatures, link))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn imagecache_create<'py>(
    py: Python<'py>,
    dest: PathBuf,
    images: Vec<String>,
    platforms: &str,
    layouts: Vec<String>,
    insecure: bool,
    docker_config: Option<PathBuf>,
    jobs: usize,
    cosign_signatures: bool,
    link: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if images.is_empty() {
        return Err(error(py, "no images given"));
    }
    let images = images
        .iter()
        .map(|text| ImageRef::parse(text.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(py, e))?;
    let mut options = CreateOptions::default();
    options.platforms = Platforms::parse(platforms).map_err(|e| error(py, e))?;
    options.cosign_signatures = cosign_signatures;
    options.jobs = jobs.max(1);
    options.link_local_blobs = link;
    let report = py
        .detach(|| -> Result<_, String> {
            let source = open_source(&layouts, insecure, docker_config, options.jobs)
                .map_err(|e| e.to_string())?;
            create(source.as_ref(), &dest, &images, &options, &|_| {}).map_err(|e| e.to_string())
        })
        .map_err(|e| error(py, e))?;
    to_py(py, &report)
}

/// Verifies the flat cache at `dir`; returns the report as a dict (problems included:
/// they are not errors).
#[pyfunction]
#[pyo3(signature = (dir, jobs = None))]
pub(crate) fn imagecache_verify<'py>(
    py: Python<'py>,
    dir: PathBuf,
    jobs: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let report = py
        .detach(|| verify(&dir, jobs_or_cpus(jobs)))
        .map_err(|e| error(py, e))?;
    to_py(py, &report)
}

/// Packs the flat cache at `flat` into a new OCI layout at `out`.
#[pyfunction]
pub(crate) fn imagecache_pack<'py>(
    py: Python<'py>,
    flat: PathBuf,
    out: PathBuf,
    architectures: Vec<String>,
) -> PyResult<Bound<'py, PyAny>> {
    if architectures.is_empty() || architectures.iter().any(String::is_empty) {
        return Err(error(
            py,
            format!("architectures must be non-empty names, not {architectures:?}"),
        ));
    }
    let mut options = PackOptions::default();
    options.architectures = architectures;
    let report = py
        .detach(|| pack(&flat, &out, &options))
        .map_err(|e| error(py, e))?;
    to_py(py, &report)
}

/// Unpacks the `linux/<arch>` image of the OCI wrapper at `layout` into a new flat cache
/// at `out`.
#[pyfunction]
pub(crate) fn imagecache_unpack<'py>(
    py: Python<'py>,
    layout: PathBuf,
    out: PathBuf,
    arch: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let report = py
        .detach(|| unpack(&layout, arch, &out))
        .map_err(|e| error(py, e))?;
    to_py(py, &report)
}

/// registryd's answer to a request: a dict with every key (`None` where it does not apply).
#[pyfunction]
#[pyo3(signature = (roots, path, ns = None))]
pub(crate) fn imagecache_lookup<'py>(
    py: Python<'py>,
    roots: Vec<PathBuf>,
    path: &str,
    ns: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let result = py.detach(|| Roots::new(roots).lookup(path, ns));
    let answer = PyDict::new(py);
    match result {
        Ok(found) => {
            answer.set_item("status", 200)?;
            answer.set_item("error", py.None())?;
            let kind = match found.kind {
                Kind::Manifest => "manifest",
                Kind::Blob => "blob",
            };
            answer.set_item("kind", kind)?;
            answer.set_item("path", found.path.to_string_lossy())?;
            answer.set_item("digest", found.digest.to_string())?;
            answer.set_item("size", found.size)?;
            answer.set_item("media_type", found.media_type)?;
        }
        Err(err) => {
            answer.set_item("status", err.status())?;
            answer.set_item("error", err.to_string())?;
            for key in ["kind", "path", "digest", "size", "media_type"] {
                answer.set_item(key, py.None())?;
            }
        }
    }
    Ok(answer)
}

/// The images `talosctl images default` of release `talos` prints.
#[pyfunction]
#[pyo3(signature = (talos, kubernetes = None, etcd = None, flannel = None, coredns = None, kube_network_policies = None))]
pub(crate) fn imagecache_default_images(
    py: Python<'_>,
    talos: &str,
    kubernetes: Option<String>,
    etcd: Option<String>,
    flannel: Option<String>,
    coredns: Option<String>,
    kube_network_policies: Option<String>,
) -> PyResult<Vec<String>> {
    let mut overrides = Overrides::default();
    overrides.kubernetes = kubernetes;
    overrides.etcd = etcd;
    overrides.flannel = flannel;
    overrides.coredns = coredns;
    overrides.kube_network_policies = kube_network_policies;
    default_images::default_images(talos, &overrides).map_err(|e| error(py, e))
}

/// The Talos release lines `imagecache_default_images` knows, oldest first.
#[pyfunction]
pub(crate) fn imagecache_releases() -> Vec<&'static str> {
    default_images::releases().collect()
}

/// A running server and the thread it runs on.
struct Running {
    handle: ServerHandle,
    thread: JoinHandle<Result<(), String>>,
}

/// A registryd-compatible read-only HTTP server for image cache roots, running on a
/// background thread until `close()`.
#[pyclass(frozen, module = "talos_kit.imagecache", name = "Server")]
pub(crate) struct Server {
    address: SocketAddr,
    roots: Vec<PathBuf>,
    running: Mutex<Option<Running>>,
}

impl Server {
    /// Stops the server and returns its thread, if it was still running.
    fn stop(&self) -> Option<JoinHandle<Result<(), String>>> {
        let running = self
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()?;
        running.handle.shutdown();
        Some(running.thread)
    }
}

#[pymethods]
impl Server {
    /// Binds `address` (`"127.0.0.1:0"` picks a free port) and starts serving `roots` (in
    /// priority order) on a background thread. `log` prints one line per request to
    /// stderr.
    #[new]
    #[pyo3(signature = (roots, address, log = false))]
    fn new(py: Python<'_>, roots: Vec<PathBuf>, address: &str, log: bool) -> PyResult<Self> {
        let address: SocketAddr = address.parse().map_err(|e| {
            PyValueError::new_err(format!(
                "invalid address {address:?}: {e} (expected host:port, such as 127.0.0.1:3172)"
            ))
        })?;
        let mut options = ServeOptions::new(Roots::new(roots.iter().cloned()));
        options.address = address;
        options.log = log;
        let server = CacheServer::bind(options).map_err(|e| error(py, e))?;
        let handle = server.handle();
        let thread = std::thread::Builder::new()
            .name("talos-imagecache-serve".into())
            .spawn(move || server.serve_forever().map_err(|e| e.to_string()))
            .map_err(|e| error(py, format!("cannot start the server thread: {e}")))?;
        Ok(Server {
            address: handle.local_addr(),
            roots,
            running: Mutex::new(Some(Running { handle, thread })),
        })
    }

    /// The address listened on, `"host:port"` (the real port when 0 was asked for).
    #[getter]
    fn address(&self) -> String {
        self.address.to_string()
    }

    /// The port listened on.
    #[getter]
    fn port(&self) -> u16 {
        self.address.port()
    }

    /// `http://host:port`, the base of `/v2/…` URLs.
    #[getter]
    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The cache roots, in priority order.
    #[getter]
    fn roots(&self) -> Vec<String> {
        self.roots
            .iter()
            .map(|root| root.to_string_lossy().into_owned())
            .collect()
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_none()
    }

    /// Stops accepting, lets requests in flight finish (for at most a few seconds) and
    /// waits for the server thread. Closing twice does nothing.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let Some(thread) = self.stop() else {
            return Ok(());
        };
        match py.detach(|| thread.join()) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(error(py, message)),
            Err(_) => Err(error(py, "the server thread panicked")),
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        let state = if self.closed() { " (closed)" } else { "" };
        format!("<Server http://{}{state}>", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Stop without waiting: the thread ends on its own once in-flight requests finish.
        drop(self.stop());
    }
}
