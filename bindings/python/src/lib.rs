//! `talos_kit._native`: the Rust half of the `talos-kit` Python package.
//!
//! This module only converts between Python and Rust values and maps errors; the public,
//! documented API is the pure-Python package `talos_kit` (`python/talos_kit/`), which
//! re-exports what is here and adds the Pythonic sugar. The exception classes themselves are
//! defined in Python (`talos_kit/_errors.py`) so they can use multiple inheritance
//! (`InvalidKeyError` is also a `ValueError`).

use pyo3::prelude::*;

mod config;
mod convert;
mod discovery;
mod errors;
mod imagecache;
mod meta_file;
mod network;
mod values;

/// The extension module `talos_kit._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<meta_file::MetaFile>()?;
    m.add_function(wrap_pyfunction!(meta_file::open_meta, m)?)?;
    m.add_function(wrap_pyfunction!(meta_file::create_meta, m)?)?;
    m.add_function(wrap_pyfunction!(values::parse_key, m)?)?;
    m.add_function(wrap_pyfunction!(values::well_known_keys, m)?)?;
    m.add_function(wrap_pyfunction!(values::encode_values, m)?)?;
    m.add_function(wrap_pyfunction!(values::decode_values, m)?)?;
    m.add_function(wrap_pyfunction!(values::kernel_arg, m)?)?;
    m.add_function(wrap_pyfunction!(values::values_from_kernel_cmdline, m)?)?;
    m.add_function(wrap_pyfunction!(values::gzip_supported, m)?)?;
    m.add_function(wrap_pyfunction!(network::parse_network_config, m)?)?;
    m.add_function(wrap_pyfunction!(network::normalize_network_config, m)?)?;
    m.add_class::<discovery::ClusterKey>()?;
    m.add_function(wrap_pyfunction!(discovery::new_node_id, m)?)?;
    m.add_function(wrap_pyfunction!(discovery::encode_node_id, m)?)?;
    m.add_function(wrap_pyfunction!(discovery::decode_node_id, m)?)?;
    m.add_function(wrap_pyfunction!(discovery::machine_id, m)?)?;
    m.add_function(wrap_pyfunction!(discovery::node_identity_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(discovery::parse_node_identity_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(discovery::ula_prefix, m)?)?;
    m.add_class::<config::Config>()?;
    m.add_class::<config::Document>()?;
    m.add_function(wrap_pyfunction!(config::load_config, m)?)?;
    m.add_function(wrap_pyfunction!(config::config_kinds, m)?)?;
    m.add_class::<imagecache::Server>()?;
    m.add_function(wrap_pyfunction!(
        imagecache::imagecache_write_sample_layout,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_create, m)?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_verify, m)?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_pack, m)?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_unpack, m)?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_lookup, m)?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_default_images, m)?)?;
    m.add_function(wrap_pyfunction!(imagecache::imagecache_releases, m)?)?;
    m.add("META_PARTITION_SIZE", talos_meta::META_PARTITION_LEN)?;
    m.add("GZIP_THRESHOLD", talos_meta::values::GZIP_THRESHOLD)?;
    Ok(())
}
