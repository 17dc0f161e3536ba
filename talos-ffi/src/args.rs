//! Checked conversions of C arguments. Each returns an error for what can be checked
//! (NULL, non-UTF-8, lengths no allocation can have); what cannot be checked is the
//! caller's promise, stated in each export's `# Safety` section.

use std::ffi::{CStr, c_char};

use crate::{FfiError, talos_status};

/// A borrowed UTF-8 string from a NUL-terminated C string.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid and unchanged for
/// `'a`.
pub(crate) unsafe fn c_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, FfiError> {
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-NULL and NUL-terminated per this function's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map_err(|e| {
        FfiError::new(
            talos_status::TALOS_INVALID_UTF8,
            format!("{what} is not UTF-8: {e}"),
        )
    })
}

/// A borrowed byte slice from pointer + length; NULL is allowed only with length 0.
///
/// # Safety
/// When `len > 0`, `ptr` points to `len` readable bytes valid and unchanged for `'a`.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], FfiError> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(null(what));
    }
    if len > isize::MAX as usize {
        return Err(FfiError::new(
            talos_status::TALOS_INVALID_ARGUMENT,
            format!("{what}: length {len} is larger than any buffer can be"),
        ));
    }
    // SAFETY: non-NULL, len ≤ isize::MAX, and readable for len bytes per the contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Checks an out-parameter before any work is done, so failures leave it untouched.
pub(crate) fn checked_out<T>(ptr: *mut T, what: &str) -> Result<*mut T, FfiError> {
    if ptr.is_null() {
        Err(null(what))
    } else {
        Ok(ptr)
    }
}

/// A shared reference to a handle.
///
/// # Safety
/// `ptr` is NULL or a live handle returned by this library and not yet released.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, FfiError> {
    // SAFETY: per the contract a non-NULL pointer is a live, properly aligned handle.
    unsafe { ptr.as_ref() }.ok_or_else(|| null(what))
}

/// An exclusive reference to a handle.
///
/// # Safety
/// `ptr` is NULL or a live handle returned by this library, not yet released, and not
/// used by another thread during the call.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, FfiError> {
    // SAFETY: per the contract a non-NULL pointer is a live handle used by this call only.
    unsafe { ptr.as_mut() }.ok_or_else(|| null(what))
}

fn null(what: &str) -> FfiError {
    FfiError::new(talos_status::TALOS_NULL_ARGUMENT, format!("{what} is NULL"))
}
