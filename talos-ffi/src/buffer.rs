//! Byte buffers and strings handed to C, and their release functions.

use std::ffi::{CString, c_char};

use crate::{FfiError, talos_status};

/// Bytes owned by the library. Release with [`talos_buffer_free`]. An empty buffer has a
/// NULL `data`.
#[repr(C)]
#[derive(Debug)]
pub struct talos_buffer {
    /// The bytes (NULL when `len` is 0).
    pub data: *mut u8,
    /// How many bytes.
    pub len: usize,
}

impl talos_buffer {
    pub(crate) fn from_vec(bytes: Vec<u8>) -> Self {
        if bytes.is_empty() {
            return Self {
                data: std::ptr::null_mut(),
                len: 0,
            };
        }
        let boxed = bytes.into_boxed_slice();
        let len = boxed.len();
        Self {
            data: Box::into_raw(boxed).cast(),
            len,
        }
    }
}

/// Releases a buffer returned by the library. A buffer with NULL `data` is ignored.
///
/// # Safety
/// `buffer` was returned by this library and has not been released before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_buffer_free(buffer: talos_buffer) {
    if buffer.data.is_null() {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(buffer.data, buffer.len);
    // SAFETY: data and len came from Box::into_raw of a boxed slice in `from_vec`, and the
    // caller promises this is the only release.
    drop(unsafe { Box::from_raw(slice) });
}

/// Turns an owned string into a C string for the caller to release with
/// [`talos_string_free`].
pub(crate) fn into_c_string(text: String) -> Result<*mut c_char, FfiError> {
    CString::new(text).map(CString::into_raw).map_err(|_| {
        FfiError::new(
            talos_status::TALOS_INVALID_ARGUMENT,
            "the result contains a NUL byte and cannot be returned as a C string",
        )
    })
}

/// Releases a string returned by the library. NULL is ignored.
///
/// # Safety
/// `text` is NULL or was returned by this library and has not been released before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_string_free(text: *mut c_char) {
    if !text.is_null() {
        // SAFETY: the pointer came from CString::into_raw and is released once.
        drop(unsafe { CString::from_raw(text) });
    }
}
