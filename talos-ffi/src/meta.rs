//! META: open partitions and disk images, read and edit keys, the values encoding and the
//! network config.

use std::ffi::c_char;

use talos_meta::network::PlatformNetworkConfig;
use talos_meta::values::{Value, Values};
use talos_meta::{Layout, MetaFile, OpenOptions, keys};

use crate::args::{bytes, c_str, checked_out, handle, handle_mut};
use crate::buffer::{into_c_string, talos_buffer};
use crate::{FfiError, guard, talos_status};

/// An open META partition (in a file, block device or disk image). Release with
/// [`talos_meta_close`].
pub struct talos_meta_file {
    inner: MetaFile,
}

/// How [`talos_meta_open`] finds META.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum talos_meta_layout {
    /// A partition if the file is 1 MiB or starts with the ADV magic, else a GPT disk.
    TALOS_META_LAYOUT_AUTO = 0,
    /// The whole file is the META partition.
    TALOS_META_LAYOUT_PARTITION = 1,
    /// A whole disk: META is the 1 MiB GPT partition labelled `META`.
    TALOS_META_LAYOUT_DISK = 2,
}

/// Flag for [`talos_meta_open`]: read META whose Talos copies are both corrupt as empty.
pub const TALOS_META_LENIENT: u32 = 1;
/// Flag for [`talos_meta_open`]: open read-only (flushing then fails).
pub const TALOS_META_READ_ONLY: u32 = 2;

/// Opens META at `path`. `layout` is a `talos_meta_layout`; `flags` combines
/// `TALOS_META_LENIENT` and `TALOS_META_READ_ONLY`. On success `*out` receives a handle to
/// release with `talos_meta_close`.
///
/// # Safety
/// `path` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_open(
    path: *const c_char,
    layout: u32,
    flags: u32,
    out: *mut *mut talos_meta_file,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { c_str(path, "path") }?;
        let layout = match layout {
            l if l == talos_meta_layout::TALOS_META_LAYOUT_AUTO as u32 => Layout::Auto,
            l if l == talos_meta_layout::TALOS_META_LAYOUT_PARTITION as u32 => Layout::Partition,
            l if l == talos_meta_layout::TALOS_META_LAYOUT_DISK as u32 => Layout::Disk,
            other => {
                return Err(FfiError::new(
                    talos_status::TALOS_INVALID_ARGUMENT,
                    format!("unknown layout {other}"),
                ));
            }
        };
        if flags & !(TALOS_META_LENIENT | TALOS_META_READ_ONLY) != 0 {
            return Err(FfiError::new(
                talos_status::TALOS_INVALID_ARGUMENT,
                format!("unknown flags {flags:#x}"),
            ));
        }
        let options = OpenOptions {
            layout,
            lenient: flags & TALOS_META_LENIENT != 0,
            read_only: flags & TALOS_META_READ_ONLY != 0,
        };
        let inner = MetaFile::open_with(path, options)?;
        let handle = Box::into_raw(Box::new(talos_meta_file { inner }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Creates a blank 1 MiB META partition file at `path` (it must not exist) and opens it.
/// On success `*out` receives a handle to release with `talos_meta_close`.
///
/// # Safety
/// `path` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_create(
    path: *const c_char,
    out: *mut *mut talos_meta_file,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { c_str(path, "path") }?;
        let inner = MetaFile::create(path)?;
        let handle = Box::into_raw(Box::new(talos_meta_file { inner }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Closes a handle without flushing. NULL is ignored.
///
/// # Safety
/// `file` is NULL or a handle from `talos_meta_open`/`talos_meta_create` not yet closed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_close(file: *mut talos_meta_file) {
    if !file.is_null() {
        // Dropping only releases memory and the file descriptor; a panic is not possible
        // here, but the barrier keeps that promise explicit.
        let _ = std::panic::catch_unwind(|| {
            // SAFETY: the pointer came from Box::into_raw and is closed once.
            drop(unsafe { Box::from_raw(file) });
        });
    }
}

/// Copies the value of `key` (Talos area first, then the legacy area) into `*out`, to
/// release with `talos_buffer_free`. `TALOS_NOT_FOUND` when the key is not set.
///
/// # Safety
/// `file` is NULL or a live handle; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_get(
    file: *const talos_meta_file,
    key: u8,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live handle.
        let file = unsafe { handle(file, "file") }?;
        let value = file.inner.meta().get(key).ok_or_else(|| {
            FfiError::new(
                talos_status::TALOS_NOT_FOUND,
                format!("key 0x{key:02x} is not set"),
            )
        })?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(value.to_vec())) };
        Ok(())
    })
}

/// Sets `key` to `len` bytes at `value` in memory; `talos_meta_flush` writes it. Key 0 and
/// values that do not fit are refused.
///
/// # Safety
/// `file` is NULL or a live handle not used elsewhere during the call; `value` points to
/// `len` readable bytes (or is NULL with `len` 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_set(
    file: *mut talos_meta_file,
    key: u8,
    value: *const u8,
    len: usize,
) -> talos_status {
    guard(|| {
        // SAFETY: the caller passes NULL or a live, exclusively used handle.
        let file = unsafe { handle_mut(file, "file") }?;
        // SAFETY: the caller promises len readable bytes at value.
        let value = unsafe { bytes(value, len, "value") }?;
        file.inner.meta_mut().set(key, value.to_vec())?;
        Ok(())
    })
}

/// Deletes `key` in memory (Talos area, else the first legacy entry); `talos_meta_flush`
/// writes it. `TALOS_NOT_FOUND` when the key is not set.
///
/// # Safety
/// `file` is NULL or a live handle not used elsewhere during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_delete(file: *mut talos_meta_file, key: u8) -> talos_status {
    guard(|| {
        // SAFETY: the caller passes NULL or a live, exclusively used handle.
        let file = unsafe { handle_mut(file, "file") }?;
        if file.inner.meta_mut().delete(key) {
            Ok(())
        } else {
            Err(FfiError::new(
                talos_status::TALOS_NOT_FOUND,
                format!("key 0x{key:02x} is not set"),
            ))
        }
    })
}

/// Every readable key, ascending, one byte each, into `*out` (release with
/// `talos_buffer_free`; an empty META gives an empty buffer).
///
/// # Safety
/// `file` is NULL or a live handle; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_keys(
    file: *const talos_meta_file,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live handle.
        let file = unsafe { handle(file, "file") }?;
        let keys = file
            .inner
            .meta()
            .keys()
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(keys)) };
        Ok(())
    })
}

/// Writes the in-memory contents back, crash-safely (one copy, sync, the other, sync).
///
/// # Safety
/// `file` is NULL or a live handle not used elsewhere during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_flush(file: *mut talos_meta_file) -> talos_status {
    guard(|| {
        // SAFETY: the caller passes NULL or a live, exclusively used handle.
        let file = unsafe { handle_mut(file, "file") }?;
        file.inner.flush()?;
        Ok(())
    })
}

/// Parses a key as `talosctl meta write` does (`10`, `0x0a`, `0o12`, `012`) or a
/// well-known name (`MetalNetworkPlatformConfig`).
///
/// # Safety
/// `text` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_parse_key(text: *const c_char, out: *mut u8) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let text = unsafe { c_str(text, "text") }?;
        let key = keys::parse_key(text)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(key) };
        Ok(())
    })
}

/// One META value: a key and borrowed bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct talos_meta_value {
    /// The key.
    pub key: u8,
    /// The value bytes (may be NULL when `len` is 0).
    pub value: *const u8,
    /// Number of bytes at `value`.
    pub len: usize,
}

/// Encodes `count` values as `INSTALLER_META_BASE64` text into `*out` (release with
/// `talos_string_free`). With `allow_gzip`, text over 256 bytes is gzip-compressed (Talos
/// 1.6.3 and later read it). Values containing `;` are refused.
///
/// # Safety
/// `values` points to `count` readable `talos_meta_value`s (or is NULL with `count` 0),
/// each pointing to `len` readable bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_values_encode(
    values: *const talos_meta_value,
    count: usize,
    allow_gzip: bool,
    out: *mut *mut c_char,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        let entries = if count == 0 {
            &[][..]
        } else if values.is_null() {
            return Err(FfiError::new(
                talos_status::TALOS_NULL_ARGUMENT,
                "values is NULL",
            ));
        } else if count > isize::MAX as usize / size_of::<talos_meta_value>() {
            return Err(FfiError::new(
                talos_status::TALOS_INVALID_ARGUMENT,
                format!("count {count} is larger than any array can be"),
            ));
        } else {
            // SAFETY: non-NULL, count bounded, and readable per the caller's promise.
            unsafe { std::slice::from_raw_parts(values, count) }
        };
        let mut list = Vec::with_capacity(entries.len());
        for entry in entries {
            // SAFETY: each entry points to len readable bytes per the caller's promise.
            let value = unsafe { bytes(entry.value, entry.len, "value") }?;
            list.push(Value::new(entry.key, value));
        }
        let text = into_c_string(Values(list).encode(allow_gzip)?)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(text) };
        Ok(())
    })
}

/// Decoded META values. Release with [`talos_meta_values_free`].
pub struct talos_meta_values {
    values: Values,
}

/// Decodes `INSTALLER_META_BASE64` text (line breaks allowed; empty text gives no values)
/// into `*out`, to release with `talos_meta_values_free`.
///
/// # Safety
/// `text` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_values_decode(
    text: *const c_char,
    out: *mut *mut talos_meta_values,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let text = unsafe { c_str(text, "text") }?;
        let values = Values::decode(text)?;
        let handle = Box::into_raw(Box::new(talos_meta_values { values }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Number of decoded values (0 for NULL).
///
/// # Safety
/// `values` is NULL or a live handle from `talos_meta_values_decode`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_values_count(values: *const talos_meta_values) -> usize {
    // SAFETY: the caller passes NULL or a live handle.
    unsafe { values.as_ref() }.map_or(0, |v| v.values.0.len())
}

/// The value at `index` into `*out`. Its bytes are borrowed from `values` and stay valid
/// until `talos_meta_values_free`. `TALOS_NOT_FOUND` past the end.
///
/// # Safety
/// `values` is NULL or a live handle; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_values_get(
    values: *const talos_meta_values,
    index: usize,
    out: *mut talos_meta_value,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live handle.
        let values = unsafe { handle(values, "values") }?;
        let value = values.values.0.get(index).ok_or_else(|| {
            FfiError::new(
                talos_status::TALOS_NOT_FOUND,
                format!("index {index} is past the {} values", values.values.0.len()),
            )
        })?;
        let borrowed = talos_meta_value {
            key: value.key,
            value: value.value.as_ptr(),
            len: value.value.len(),
        };
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(borrowed) };
        Ok(())
    })
}

/// Releases decoded values. NULL is ignored.
///
/// # Safety
/// `values` is NULL or a handle from `talos_meta_values_decode` not yet released.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_values_free(values: *mut talos_meta_values) {
    if !values.is_null() {
        // SAFETY: the pointer came from Box::into_raw and is released once.
        drop(unsafe { Box::from_raw(values) });
    }
}

/// Parses a metal network config (the YAML or JSON stored under key 0x0a) as Talos does
/// and writes it back as canonical YAML into `*out` (release with `talos_string_free`).
/// With `strict`, unknown fields are an error (Talos ignores them).
///
/// # Safety
/// `data` points to `len` readable bytes (or is NULL with `len` 0); `out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_meta_network_config_normalize(
    data: *const u8,
    len: usize,
    strict: bool,
    out: *mut *mut c_char,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller promises len readable bytes at data.
        let data = unsafe { bytes(data, len, "data") }?;
        let config = if strict {
            PlatformNetworkConfig::from_yaml_strict(data)?
        } else {
            PlatformNetworkConfig::from_yaml(data)?
        };
        let yaml = into_c_string(config.to_yaml()?)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(yaml) };
        Ok(())
    })
}
