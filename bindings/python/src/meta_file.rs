//! `MetaFile`: an open META partition, file-like (context manager, `flush`, `close`) and
//! mapping-like (`meta[key]`, `key in meta`, iteration over keys).

use std::path::PathBuf;

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyIterator, PyList};
use talos_meta::{Area, CopyUsed, Layout, OpenOptions};

use crate::convert::{bytes_of, key_of};
use crate::errors::{closed_error, meta_error, plain_meta_error};

/// META on a partition file, a block device or a whole-disk image.
///
/// Changes are made in memory and written by `flush()` (crash-safely: a crash at any point
/// leaves the old or the new contents). Used as a context manager, pending changes are
/// flushed when the block ends without an exception, and the file is closed in any case;
/// `close()` alone discards unflushed changes.
#[pyclass(module = "talos_kit.meta", name = "MetaFile")]
pub(crate) struct MetaFile {
    inner: Option<talos_meta::MetaFile>,
    path: PathBuf,
    read_only: bool,
    dirty: bool,
}

impl MetaFile {
    fn new(inner: talos_meta::MetaFile, read_only: bool) -> Self {
        Self {
            path: inner.path().to_owned(),
            inner: Some(inner),
            read_only,
            dirty: false,
        }
    }

    fn file(&self) -> PyResult<&talos_meta::MetaFile> {
        self.inner.as_ref().ok_or_else(closed_error)
    }

    /// The open file, for a change; refused when closed or read-only.
    fn file_for_write(&mut self, py: Python<'_>) -> PyResult<&mut talos_meta::MetaFile> {
        if self.read_only && self.inner.is_some() {
            return Err(plain_meta_error(
                py,
                format!("{} was opened read-only", self.path.display()),
            ));
        }
        self.inner.as_mut().ok_or_else(closed_error)
    }

    fn set_value(&mut self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = key.py();
        let key = key_of(key)?;
        let value = bytes_of(value, "META values")?;
        self.file_for_write(py)?
            .meta_mut()
            .set(key, value)
            .map_err(|e| meta_error(py, e))?;
        self.dirty = true;
        Ok(())
    }

    fn delete_key(&mut self, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        let py = key.py();
        let key = key_of(key)?;
        let deleted = self.file_for_write(py)?.meta_mut().delete(key);
        self.dirty |= deleted;
        Ok(deleted)
    }

    fn flush_inner(&mut self, py: Python<'_>) -> PyResult<()> {
        let file = self.inner.as_mut().ok_or_else(closed_error)?;
        py.detach(|| file.flush()).map_err(|e| meta_error(py, e))?;
        self.dirty = false;
        Ok(())
    }
}

#[pymethods]
impl MetaFile {
    /// The value of `key` (int, or str such as `"0x0a"` or `"MetalNetworkPlatformConfig"`),
    /// from the Talos area or else the legacy syslinux area; `default` when absent.
    #[pyo3(signature = (key, default = None))]
    fn get<'py>(
        &self,
        key: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = key.py();
        let key = key_of(key)?;
        Ok(match self.file()?.meta().get(key) {
            Some(value) => Some(PyBytes::new(py, value).into_any()),
            None => default,
        })
    }

    /// `meta[key]`: the value of `key`; `KeyError` when absent.
    fn __getitem__<'py>(&self, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
        let parsed = key_of(key)?;
        match self.file()?.meta().get(parsed) {
            Some(value) => Ok(PyBytes::new(key.py(), value)),
            None => Err(PyKeyError::new_err(key.clone().unbind())),
        }
    }

    /// Sets `key` to `value` (bytes, or str stored as UTF-8) in the Talos area.
    fn set(&mut self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.set_value(key, value)
    }

    /// `meta[key] = value`: same as `set`.
    fn __setitem__(&mut self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.set_value(key, value)
    }

    /// Deletes `key` from the Talos area, or if it is not there, its first legacy entry.
    /// Returns whether anything was deleted. A legacy value under the same key becomes
    /// visible once the Talos one is gone, as in Talos.
    fn delete(&mut self, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.delete_key(key)
    }

    /// `del meta[key]`: same as `delete`, but `KeyError` when nothing was deleted.
    fn __delitem__(&mut self, key: &Bound<'_, PyAny>) -> PyResult<()> {
        if self.delete_key(key)? {
            Ok(())
        } else {
            Err(PyKeyError::new_err(key.clone().unbind()))
        }
    }

    /// `key in meta`: whether `key` has a value. Keys that cannot exist give False.
    fn __contains__(&self, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        let py = key.py();
        match key_of(key) {
            Ok(key) => Ok(self.file()?.meta().get(key).is_some()),
            Err(err) if err.is_instance_of::<PyValueError>(py) => {
                self.file()?;
                Ok(false)
            }
            Err(err) => Err(err),
        }
    }

    /// Iterates over the keys that have a value, ascending.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.keys(py)?.try_iter()
    }

    /// The number of keys that have a value.
    fn __len__(&self) -> PyResult<usize> {
        Ok(self.file()?.meta().keys().len())
    }

    /// Every key that has a value, ascending.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let keys = self.file()?.meta().keys();
        PyList::new(py, keys.into_iter().map(|(key, _)| key))
    }

    /// Every `(key, value)` pair, ascending by key.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<(u8, Bound<'py, PyBytes>)>> {
        let meta = self.file()?.meta();
        Ok(meta
            .keys()
            .into_iter()
            .filter_map(|(key, _)| meta.get(key).map(|v| (key, PyBytes::new(py, v))))
            .collect())
    }

    /// Where the visible value of `key` lives: `"talos"`, `"legacy"` (the syslinux area),
    /// or None when `key` has no value.
    fn area_of(&self, key: &Bound<'_, PyAny>) -> PyResult<Option<&'static str>> {
        let key = key_of(key)?;
        Ok(self.file()?.meta().area_of(key).map(|area| match area {
            Area::Talos => "talos",
            Area::Legacy => "legacy",
        }))
    }

    /// Which Talos copy the last read or flush used: `"first"`, `"second"` (copy 1 was
    /// invalid), `"blank"` (never written) or `"neither"` (both invalid, opened leniently).
    #[getter]
    fn copy_used(&self) -> PyResult<&'static str> {
        Ok(match self.file()?.meta().copy_used() {
            CopyUsed::First => "first",
            CopyUsed::Second(_) => "second",
            CopyUsed::Blank => "blank",
            _ => "neither",
        })
    }

    /// The path that was opened.
    #[getter]
    fn path(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }

    /// `(offset, size)` in bytes of the META partition within the file.
    #[getter]
    fn region(&self) -> PyResult<(u64, u64)> {
        let region = self.file()?.region();
        Ok((region.offset, region.len))
    }

    /// Whether the file was opened read-only.
    #[getter]
    fn read_only(&self) -> bool {
        self.read_only
    }

    /// Whether the file is closed.
    #[getter]
    fn closed(&self) -> bool {
        self.inner.is_none()
    }

    /// Whether there are changes that `flush()` has not written yet.
    #[getter]
    fn dirty(&self) -> bool {
        self.dirty
    }

    /// Writes the contents back, crash-safely, under an exclusive lock.
    fn flush(&mut self, py: Python<'_>) -> PyResult<()> {
        self.flush_inner(py)
    }

    /// Closes the file, discarding changes not yet flushed. Closing twice is allowed.
    fn close(&mut self) {
        self.inner = None;
        self.dirty = false;
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyResult<PyRef<'_, Self>> {
        slf.file()?;
        Ok(slf)
    }

    /// Flushes pending changes if the block ended without an exception, then closes.
    #[pyo3(signature = (exc_type, exc_value, traceback))]
    fn __exit__(
        &mut self,
        py: Python<'_>,
        exc_type: Option<Bound<'_, PyAny>>,
        exc_value: Option<Bound<'_, PyAny>>,
        traceback: Option<Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        let _ = (exc_value, traceback);
        let flushed = if exc_type.is_none() && self.dirty && self.inner.is_some() {
            self.flush_inner(py)
        } else {
            Ok(())
        };
        self.close();
        flushed.map(|()| false)
    }

    fn __repr__(&self) -> String {
        let state = match &self.inner {
            None => "closed".to_owned(),
            Some(file) => format!(
                "{} keys{}{}",
                file.meta().keys().len(),
                if self.read_only { ", read-only" } else { "" },
                if self.dirty {
                    ", unflushed changes"
                } else {
                    ""
                }
            ),
        };
        format!("<MetaFile {:?} ({state})>", self.path.display().to_string())
    }
}

/// Opens META in `path` (`layout`: `"auto"`, `"partition"` or `"disk"`).
#[pyfunction]
#[pyo3(signature = (path, layout, lenient, read_only))]
pub(crate) fn open_meta(
    py: Python<'_>,
    path: PathBuf,
    layout: &str,
    lenient: bool,
    read_only: bool,
) -> PyResult<MetaFile> {
    let layout = match layout {
        "auto" => Layout::Auto,
        "partition" => Layout::Partition,
        "disk" => Layout::Disk,
        other => {
            return Err(PyValueError::new_err(format!(
                "layout must be 'auto', 'partition' or 'disk', not {other:?}"
            )));
        }
    };
    let options = OpenOptions {
        layout,
        lenient,
        read_only,
    };
    let file = py
        .detach(|| talos_meta::MetaFile::open_with(&path, options))
        .map_err(|e| meta_error(py, e))?;
    Ok(MetaFile::new(file, read_only))
}

/// Creates a zeroed 1 MiB META partition file at `path` (refused if it exists) and opens it.
#[pyfunction]
pub(crate) fn create_meta(py: Python<'_>, path: PathBuf) -> PyResult<MetaFile> {
    let file = py
        .detach(|| talos_meta::MetaFile::create(&path))
        .map_err(|e| meta_error(py, e))?;
    Ok(MetaFile::new(file, false))
}
