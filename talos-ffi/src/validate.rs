//! Client-side validation of a loaded configuration, as `talosctl validate` runs it.

use std::ffi::c_char;

use ::talos_config::validate::{Context, Mode};

use crate::args::{c_str, checked_out, handle};
use crate::buffer::talos_buffer;
use crate::config::{json, talos_config};
use crate::{FfiError, guard, talos_status};

/// Validates `config` for `mode` (`"metal"`, `"cloud"` or `"container"`; anything else is
/// `TALOS_INVALID_ARGUMENT`), with `strict` turning the legacy document's warnings into
/// errors. The verdict is JSON in `*out` (release with `talos_buffer_free`):
/// `{"valid": bool, "warnings": [string], "errors": [{"document": string|null,
/// "path": string|null, "message": string}], "error_text": string}` where `error_text` is
/// the text Talos prints (empty when valid). An invalid configuration is still `TALOS_OK`:
/// the status says whether validation ran, `valid` says the verdict.
///
/// # Safety
/// `config` is NULL or a live configuration; `mode` is NULL or a NUL-terminated string;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_validate(
    config: *const talos_config,
    mode: *const c_char,
    strict: bool,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let text = unsafe { c_str(mode, "mode") }?;
        let mode = Mode::parse(text).ok_or_else(|| {
            FfiError::new(
                talos_status::TALOS_INVALID_ARGUMENT,
                format!("unknown mode {text:?}: expected \"metal\", \"cloud\" or \"container\""),
            )
        })?;
        let report = config.inner.validate(&Context { mode, strict });
        let bytes = json(&report)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(bytes)) };
        Ok(())
    })
}
