//! Configuration patches as `talosctl machineconfig patch` applies them: strategic merge
//! patches (YAML merged into the configuration, `$patch: delete` to remove) and JSON patches
//! (RFC 6902, single-document configurations only), in order.
//!
//! Patches are passed as texts, never as file names: reading files is the caller's business.
//! JSON patches given one after another are merged into one, as `talosctl` does with
//! repeated `--patch` flags.

use ::talos_config::patch::{self, ConfigOrBytes, Patch, PatchError};

use crate::args::{bytes, checked_out, handle};
use crate::buffer::talos_buffer;
use crate::config::talos_config;
use crate::{FfiError, guard, talos_status};

/// One patch text, borrowed: a strategic merge patch (YAML, possibly several documents) or
/// a JSON patch (a JSON array of RFC 6902 operations, or the same as a YAML list).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct talos_patch {
    /// The patch text (may be NULL when `len` is 0).
    pub data: *const u8,
    /// Number of bytes at `data`.
    pub len: usize,
}

// The message is Talos' own error text, unchanged: scripts match on it. Texts that do not
// load are parse errors; patches that load but do not apply are invalid arguments.
impl From<PatchError> for FfiError {
    fn from(error: PatchError) -> Self {
        match error {
            PatchError::Load(load) | PatchError::Config(load) => FfiError::from(load),
            PatchError::Json(_) => Self::new(talos_status::TALOS_PARSE, error.to_string()),
            PatchError::Read { .. } => Self::new(talos_status::TALOS_IO, error.to_string()),
            _ => Self::new(talos_status::TALOS_INVALID_ARGUMENT, error.to_string()),
        }
    }
}

/// Loads `count` patch texts as `talosctl` loads `--patch` values (without the file forms).
///
/// # Safety
/// `patches` points to `count` readable `talos_patch`es (or is NULL with `count` 0), each
/// pointing to `len` readable bytes, all valid and unchanged during the call.
unsafe fn load_patches(patches: *const talos_patch, count: usize) -> Result<Vec<Patch>, FfiError> {
    let entries = if count == 0 {
        &[][..]
    } else if patches.is_null() {
        return Err(FfiError::new(
            talos_status::TALOS_NULL_ARGUMENT,
            "patches is NULL",
        ));
    } else if count > isize::MAX as usize / size_of::<talos_patch>() {
        return Err(FfiError::new(
            talos_status::TALOS_INVALID_ARGUMENT,
            format!("count {count} is larger than any array can be"),
        ));
    } else {
        // SAFETY: non-NULL, count bounded, and readable per the caller's promise.
        unsafe { std::slice::from_raw_parts(patches, count) }
    };
    let mut texts = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        // SAFETY: each entry points to len readable bytes per the caller's promise.
        texts.push(unsafe { bytes(entry.data, entry.len, &format!("patches[{i}]")) }?);
    }
    Ok(patch::load_patch_texts(&texts)?)
}

/// Patches a machine configuration as `talosctl machineconfig patch` does and writes the
/// result into `*out` (release with `talos_buffer_free`): the `input_len` bytes at `input`
/// with the `count` patches applied in order. The output is what the command writes: the
/// canonical encoding after a strategic merge patch, the JSON patch library's YAML after a
/// JSON patch, and `input` unchanged when `count` is 0. The input is loaded (strictly, as
/// `talos_config_load` does) only when a strategic merge patch needs it.
///
/// Errors keep Talos' own texts in `talos_last_error_message()`: `TALOS_PARSE` for a
/// patch that is none of the formats or a configuration that does not load;
/// `TALOS_INVALID_ARGUMENT` for a patch that does not apply (`merge field …`,
/// `patch delete: …`, `JSON6902 patches are not supported for multi-document machine
/// configuration`, `failure applying rfc6902 patches to talos machine config: …`). The
/// library keeps no reference to `input` or the patches.
///
/// # Safety
/// `input` points to `input_len` readable bytes (or is NULL with `input_len` 0); `patches`
/// points to `count` readable `talos_patch`es (or is NULL with `count` 0), each pointing to
/// `len` readable bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_patch(
    input: *const u8,
    input_len: usize,
    patches: *const talos_patch,
    count: usize,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller promises input_len readable bytes at input.
        let input = unsafe { bytes(input, input_len, "input") }?;
        // SAFETY: the caller promises count readable patches, each with len readable bytes.
        let patches = unsafe { load_patches(patches, count) }?;
        let patched = patch::apply(ConfigOrBytes::Bytes(input.to_vec()), &patches)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(patched.into_bytes())) };
        Ok(())
    })
}

/// Patches a loaded configuration as Talos' `configpatcher.Apply` does with a configuration
/// (not bytes) and loads the result into `*out`, a new configuration to release with
/// `talos_config_free`; `config` is not changed. A JSON patch sees the canonical encoding
/// (`talos_config_encode`), not the bytes `config` was loaded from; with `count` 0 the
/// result is a copy of `config`. Statuses and texts as for `talos_config_patch`; a JSON
/// patch whose output does not load is `TALOS_PARSE` with the loader's text.
///
/// # Safety
/// `config` is NULL or a live configuration; `patches` points to `count` readable
/// `talos_patch`es (or is NULL with `count` 0), each pointing to `len` readable bytes;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_apply_patches(
    config: *const talos_config,
    patches: *const talos_patch,
    count: usize,
    out: *mut *mut talos_config,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        // SAFETY: the caller promises count readable patches, each with len readable bytes.
        let patches = unsafe { load_patches(patches, count) }?;
        let inner = patch::apply(config.inner.clone(), &patches)?.into_config()?;
        let handle = Box::into_raw(Box::new(talos_config { inner }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::ptr;

    use super::*;
    use crate::{talos_config_encode, talos_config_free, talos_config_load};

    const LEGACY: &[u8] = b"version: v1alpha1\nmachine:\n  type: worker\n";
    const MULTI: &[u8] = b"version: v1alpha1\nmachine:\n  type: worker\n---\n\
        apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n";
    const HOSTNAME: &[u8] = b"machine:\n  network:\n    hostname: worker-1\n";
    const NAMESERVERS: &[u8] =
        br#"[{"op": "add", "path": "/machine/network/nameservers", "value": ["1.1.1.1"]}]"#;

    fn last() -> String {
        // SAFETY: the message is this thread's NUL-terminated last error, copied at once.
        unsafe { CStr::from_ptr(crate::talos_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    fn texts(patches: &[&[u8]]) -> Vec<talos_patch> {
        patches
            .iter()
            .map(|p| talos_patch {
                data: p.as_ptr(),
                len: p.len(),
            })
            .collect()
    }

    fn take(buffer: talos_buffer) -> Vec<u8> {
        let bytes = if buffer.data.is_null() {
            Vec::new()
        } else {
            // SAFETY: the library's buffer of len bytes, copied before it is released.
            unsafe { std::slice::from_raw_parts(buffer.data, buffer.len) }.to_vec()
        };
        // SAFETY: released once.
        unsafe { crate::talos_buffer_free(buffer) };
        bytes
    }

    /// `talos_config_patch` on `input`: the status, and the output or the last error.
    fn patch_bytes(input: &[u8], patches: &[&[u8]]) -> (talos_status, String) {
        let list = texts(patches);
        let mut out = talos_buffer {
            data: ptr::null_mut(),
            len: 0,
        };
        // SAFETY: readable slices, a live array of patches and a writable buffer.
        let status = unsafe {
            talos_config_patch(
                input.as_ptr(),
                input.len(),
                list.as_ptr(),
                list.len(),
                &mut out,
            )
        };
        if status == talos_status::TALOS_OK {
            (status, String::from_utf8(take(out)).unwrap())
        } else {
            assert!(out.data.is_null(), "out written on failure");
            (status, last())
        }
    }

    fn load(yaml: &[u8]) -> *mut talos_config {
        let mut out = ptr::null_mut();
        // SAFETY: a readable slice and a writable out-parameter.
        let status = unsafe { talos_config_load(yaml.as_ptr(), yaml.len(), &mut out) };
        assert_eq!(status, talos_status::TALOS_OK, "{}", last());
        out
    }

    fn encode(config: *const talos_config) -> String {
        let mut out = talos_buffer {
            data: ptr::null_mut(),
            len: 0,
        };
        // SAFETY: a live configuration and a writable buffer.
        let status = unsafe { talos_config_encode(config, &mut out) };
        assert_eq!(status, talos_status::TALOS_OK);
        String::from_utf8(take(out)).unwrap()
    }

    #[test]
    fn patches_give_the_bytes_the_cli_writes() {
        // The library's own example: strategic, then JSON (its YAML: 2-space, sorted).
        let (status, out) = patch_bytes(LEGACY, &[HOSTNAME, NAMESERVERS]);
        assert_eq!(status, talos_status::TALOS_OK, "{out}");
        assert_eq!(
            out,
            "cluster: null\nmachine:\n  certSANs: []\n  network:\n    hostname: worker-1\n    nameservers:\n    - 1.1.1.1\n  token: \"\"\n  type: worker\nversion: v1alpha1\n"
        );
        // Strategic last: the canonical encoding.
        let (status, out) = patch_bytes(LEGACY, &[HOSTNAME]);
        assert_eq!(status, talos_status::TALOS_OK, "{out}");
        assert_eq!(
            out,
            "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs: []\n    network:\n        hostname: worker-1\ncluster: null\n"
        );
        // No patch: the input as it is, comments and all (even one that does not load).
        let commented = b"# keep me\nversion: v1alpha1\n";
        assert_eq!(
            patch_bytes(commented, &[]),
            (
                talos_status::TALOS_OK,
                "# keep me\nversion: v1alpha1\n".into()
            )
        );
        assert_eq!(patch_bytes(b"", &[]), (talos_status::TALOS_OK, "".into()));
    }

    #[test]
    fn consecutive_json_patches_merge_and_match_the_library() {
        let second: &[u8] = b"- op: replace\n  path: /machine/type\n  value: controlplane\n";
        let first: &[u8] = br#"[{"op": "add", "path": "/machine/token", "value": "abc"}]"#;
        let (status, out) = patch_bytes(LEGACY, &[first, second]);
        assert_eq!(status, talos_status::TALOS_OK, "{out}");
        let expected = patch::apply(
            LEGACY,
            &patch::load_patches(&[
                std::str::from_utf8(first).unwrap(),
                std::str::from_utf8(second).unwrap(),
            ])
            .unwrap(),
        )
        .unwrap()
        .into_bytes();
        assert_eq!(out.as_bytes(), expected);
        assert_eq!(
            out,
            "machine:\n  token: abc\n  type: controlplane\nversion: v1alpha1\n"
        );
    }

    #[test]
    fn errors_keep_talos_texts() {
        assert_eq!(
            patch_bytes(MULTI, &[NAMESERVERS]),
            (
                talos_status::TALOS_INVALID_ARGUMENT,
                "JSON6902 patches are not supported for multi-document machine configuration"
                    .into()
            )
        );
        assert_eq!(
            patch_bytes(LEGACY, &[br#"[{"op": "remove", "path": "/machine/nope"}]"#]),
            (
                talos_status::TALOS_INVALID_ARGUMENT,
                "failure applying rfc6902 patches to talos machine config: error in remove for path: '/machine/nope': Unable to remove nonexistent key: nope: missing value".into()
            )
        );
        assert_eq!(
            patch_bytes(LEGACY, &[br#"[{"op": "add"}"#]),
            (
                talos_status::TALOS_PARSE,
                "unexpected end of JSON input".into()
            )
        );
        let (status, message) = patch_bytes(LEGACY, &[b"apiVersion: v1alpha1\nkind: Bogus\n"]);
        assert_eq!(status, talos_status::TALOS_PARSE);
        assert!(message.contains("not registered"), "{message}");
        // The input loads only for a strategic patch, with the loader's text.
        assert_eq!(
            patch_bytes(b"apiVersion: v1alpha1\nkind: Bogus\n", &[HOSTNAME]).0,
            talos_status::TALOS_PARSE
        );
        assert_eq!(
            patch_bytes(b"", &[HOSTNAME]),
            (talos_status::TALOS_PARSE, "config not found".into())
        );
    }

    /// `talos_config_patch` with raw arguments that must be refused: the status and the
    /// message, after checking that `*out` was left alone.
    fn refused(
        input: (*const u8, usize),
        patches: (*const talos_patch, usize),
        with_out: bool,
    ) -> (talos_status, String) {
        let mut out = talos_buffer {
            data: ptr::dangling_mut(),
            len: 7,
        };
        let out_ptr: *mut talos_buffer = if with_out { &mut out } else { ptr::null_mut() };
        // SAFETY: every pointer is NULL or valid for its length; impossible lengths and
        // counts are refused before anything is read.
        let status = unsafe { talos_config_patch(input.0, input.1, patches.0, patches.1, out_ptr) };
        assert_eq!(
            (out.data, out.len),
            (ptr::dangling_mut(), 7),
            "out written on failure"
        );
        (status, last())
    }

    #[test]
    fn null_and_impossible_arguments_are_refused() {
        use talos_status::{TALOS_INVALID_ARGUMENT, TALOS_NULL_ARGUMENT};
        let list = texts(&[HOSTNAME]);
        let null_patch = [talos_patch {
            data: ptr::null(),
            len: 4,
        }];
        let input = (LEGACY.as_ptr(), LEGACY.len());
        let one = (list.as_ptr(), 1);
        let null = |what: &str| (TALOS_NULL_ARGUMENT, format!("{what} is NULL"));
        assert_eq!(refused(input, one, false), null("out"));
        assert_eq!(refused((ptr::null(), 3), one, true), null("input"));
        assert_eq!(refused(input, (ptr::null(), 1), true), null("patches"));
        assert_eq!(
            refused(input, (null_patch.as_ptr(), 1), true),
            null("patches[0]")
        );
        let max = usize::MAX;
        assert_eq!(
            refused(input, (list.as_ptr(), max), true),
            (
                TALOS_INVALID_ARGUMENT,
                format!("count {max} is larger than any array can be")
            )
        );
        assert_eq!(
            refused((input.0, max), one, true),
            (
                TALOS_INVALID_ARGUMENT,
                format!("input: length {max} is larger than any buffer can be")
            )
        );
        let huge = [talos_patch {
            data: HOSTNAME.as_ptr(),
            len: max,
        }];
        assert_eq!(
            refused(input, (huge.as_ptr(), 1), true),
            (
                TALOS_INVALID_ARGUMENT,
                format!("patches[0]: length {max} is larger than any buffer can be")
            )
        );
    }

    #[test]
    fn a_loaded_configuration_patches_into_a_new_one() {
        let config = load(LEGACY);
        let list = texts(&[HOSTNAME, NAMESERVERS]);
        let mut patched = ptr::null_mut();
        // SAFETY: a live configuration, a live array of patches, a writable out-parameter.
        let status =
            unsafe { talos_config_apply_patches(config, list.as_ptr(), list.len(), &mut patched) };
        assert_eq!(status, talos_status::TALOS_OK, "{}", last());
        assert_eq!(
            encode(patched),
            "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs: []\n    network:\n        hostname: worker-1\n        nameservers:\n            - 1.1.1.1\ncluster: null\n"
        );
        // The original is unchanged; no patches give a copy.
        assert_eq!(
            encode(config),
            "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs: []\ncluster: null\n"
        );
        let mut copy = ptr::null_mut();
        // SAFETY: as above, with no patches.
        let status = unsafe { talos_config_apply_patches(config, ptr::null(), 0, &mut copy) };
        assert_eq!(status, talos_status::TALOS_OK);
        assert_eq!(encode(copy), encode(config));

        // A JSON patch sees the canonical encoding, where the empty certSANs list is
        // written: appending to it works, unlike on the bytes the file was loaded from.
        let append =
            texts(&[br#"[{"op": "add", "path": "/machine/certSANs/-", "value": "10.0.0.1"}]"#]);
        let mut appended = ptr::null_mut();
        // SAFETY: as above.
        let status =
            unsafe { talos_config_apply_patches(config, append.as_ptr(), 1, &mut appended) };
        assert_eq!(status, talos_status::TALOS_OK, "{}", last());
        assert!(encode(appended).contains("    certSANs:\n        - 10.0.0.1\n"));
        let (status, message) = patch_bytes(
            LEGACY,
            &[br#"[{"op": "add", "path": "/machine/certSANs/-", "value": "10.0.0.1"}]"#],
        );
        assert_eq!(status, talos_status::TALOS_INVALID_ARGUMENT, "{message}");

        let mut untouched: *mut talos_config = ptr::dangling_mut();
        let bad = texts(&[b"machine:\n  network: [\n"]);
        // SAFETY: as above.
        let status = unsafe { talos_config_apply_patches(config, bad.as_ptr(), 1, &mut untouched) };
        assert_eq!(status, talos_status::TALOS_PARSE);
        // SAFETY: as above, with a NULL configuration.
        let status =
            unsafe { talos_config_apply_patches(ptr::null(), list.as_ptr(), 1, &mut untouched) };
        assert_eq!(
            (status, last()),
            (talos_status::TALOS_NULL_ARGUMENT, "config is NULL".into())
        );
        // SAFETY: as above, with a NULL out-parameter.
        let status =
            unsafe { talos_config_apply_patches(config, list.as_ptr(), 1, ptr::null_mut()) };
        assert_eq!(status, talos_status::TALOS_NULL_ARGUMENT);
        assert_eq!(untouched, ptr::dangling_mut());
        // SAFETY: each released once.
        unsafe {
            talos_config_free(appended);
            talos_config_free(copy);
            talos_config_free(patched);
            talos_config_free(config);
        }
    }
}
