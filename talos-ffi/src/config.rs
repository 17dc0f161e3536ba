//! Machine configuration: load the multi-document YAML Talos reads, re-encode it as Talos
//! would, look at each document (as JSON or as YAML), and check it against an older Talos.
//!
//! Documents are addressed by index, in the order `talos_config_document_json` lists them:
//! the legacy `v1alpha1` document first (when there is one), then the others as written.
//! Structured results are JSON in a `talos_buffer` (UTF-8, not NUL-terminated), so the C
//! API needs no struct per document kind.

use std::ffi::c_char;

use ::talos_config::goyaml::Node;
use ::talos_config::registry::KINDS;
use ::talos_config::{Config, Document, TalosVersion};
use serde::Serialize;

use crate::args::{bytes, c_str, checked_out, handle};
use crate::buffer::talos_buffer;
use crate::{FfiError, guard, talos_status};

/// A loaded machine configuration. Release with [`talos_config_free`]. Nothing changes it
/// after loading, so one configuration may be used from several threads at once.
pub struct talos_config {
    pub(crate) inner: Config,
}

/// One document as `talos_config_document_json` shows it.
#[derive(Serialize)]
struct DocumentView<'a> {
    kind: &'a str,
    api_version: &'a str,
    name: &'a str,
    since: String,
    spec: Node,
}

/// One registered kind as `talos_config_kinds_json` shows it.
#[derive(Serialize)]
struct KindView {
    kind: &'static str,
    named: bool,
    since: String,
    go_type: String,
}

pub(crate) fn json(value: &impl Serialize) -> Result<Vec<u8>, FfiError> {
    serde_json::to_vec(value).map_err(|e| {
        FfiError::new(
            talos_status::TALOS_PARSE,
            format!("encoding the result as JSON: {e}"),
        )
    })
}

fn document_at(config: &Config, index: usize) -> Result<&dyn Document, FfiError> {
    config.documents().nth(index).ok_or_else(|| {
        FfiError::new(
            talos_status::TALOS_NOT_FOUND,
            format!(
                "index {index} is past the {} documents",
                config.documents().count()
            ),
        )
    })
}

/// Loads a machine configuration from `len` bytes of YAML as Talos'
/// `configloader.NewFromBytes` does: the same documents accepted, the same refused. On
/// refusal the status is `TALOS_PARSE` and `talos_last_error_message()` is Talos' own
/// error text, word for word (`config not found`, `decode error: …`,
/// `error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered`,
/// …). On success `*out` receives a configuration to release with `talos_config_free`. The
/// library keeps no reference to `yaml`.
///
/// # Safety
/// `yaml` points to `len` readable bytes (or is NULL with `len` 0); `out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_load(
    yaml: *const u8,
    len: usize,
    out: *mut *mut talos_config,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller promises len readable bytes at yaml.
        let yaml = unsafe { bytes(yaml, len, "yaml") }?;
        let inner = Config::from_bytes(yaml)?;
        let handle = Box::into_raw(Box::new(talos_config { inner }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Releases a configuration. NULL is ignored.
///
/// # Safety
/// `config` is NULL or a configuration from `talos_config_load` not yet released, and no
/// other thread is using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_free(config: *mut talos_config) {
    if !config.is_null() {
        // Dropping only releases memory; a panic is not possible here, but the barrier
        // keeps that promise explicit. Nothing is touched after a panic, so asserting
        // unwind safety is sound.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the pointer came from Box::into_raw and is released once.
            drop(unsafe { Box::from_raw(config) });
        }));
    }
}

/// The canonical encoding into `*out` (release with `talos_buffer_free`): every document
/// as Talos' encoder writes it (comments off), the legacy `v1alpha1` document first,
/// `---` between documents. UTF-8 YAML, not NUL-terminated.
///
/// # Safety
/// `config` is NULL or a live configuration; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_encode(
    config: *const talos_config,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        let text = config.inner.encode();
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(text.into_bytes())) };
        Ok(())
    })
}

/// The configuration as Talos' `Bytes()` gives it into `*out` (release with
/// `talos_buffer_free`): the bytes it was loaded from, verbatim (comments and all).
///
/// # Safety
/// `config` is NULL or a live configuration; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_bytes(
    config: *const talos_config,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        let bytes = config.inner.to_bytes();
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(bytes)) };
        Ok(())
    })
}

/// The number of documents into `*out`, the legacy `v1alpha1` document included.
///
/// # Safety
/// `config` is NULL or a live configuration; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_document_count(
    config: *const talos_config,
    out: *mut usize,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        let count = config.inner.documents().count();
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(count) };
        Ok(())
    })
}

/// The document at `index` as a JSON object into `*out` (release with
/// `talos_buffer_free`):
/// `{"kind": "KubeletConfig", "api_version": "v1alpha1", "name": "", "since": "1.14",
/// "spec": {…}}`. `kind` is `"v1alpha1"` and `api_version` `""` for the legacy document;
/// `name` is `""` for kinds without names; `since` is the first Talos release that knows
/// the kind. `spec` is the whole document as Talos would write it (the fields its encoder
/// writes, in its order), with YAML's types: numbers, booleans and null as JSON ones,
/// everything else as strings. `TALOS_NOT_FOUND` past the last document.
///
/// # Safety
/// `config` is NULL or a live configuration; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_document_json(
    config: *const talos_config,
    index: usize,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        let document = document_at(&config.inner, index)?;
        let view = DocumentView {
            kind: document.kind(),
            api_version: document.api_version(),
            name: document.name(),
            since: document.since().to_string(),
            spec: document.to_node(),
        };
        let bytes = json(&view)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(bytes)) };
        Ok(())
    })
}

/// The document at `index` as Talos writes it, one YAML document without `---`, into
/// `*out` (release with `talos_buffer_free`). `TALOS_NOT_FOUND` past the last document.
///
/// # Safety
/// `config` is NULL or a live configuration; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_document_yaml(
    config: *const talos_config,
    index: usize,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        let document = document_at(&config.inner, index)?;
        let text = ::talos_config::yaml::emit(&document.to_node());
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(text.into_bytes())) };
        Ok(())
    })
}

/// The index of the document of kind `kind` named `name` into `*index`. Kinds without
/// names (and the legacy document, kind `"v1alpha1"`) take `name` `""`.
/// `TALOS_NOT_FOUND` when the configuration has no such document.
///
/// # Safety
/// `config` is NULL or a live configuration; `kind` and `name` are NULL or NUL-terminated
/// strings; `index` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_find(
    config: *const talos_config,
    kind: *const c_char,
    name: *const c_char,
    index: *mut usize,
) -> talos_status {
    guard(|| {
        let out = checked_out(index, "index")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let kind = unsafe { c_str(kind, "kind") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let name = unsafe { c_str(name, "name") }?;
        let found = config
            .inner
            .documents()
            .position(|doc| doc.kind() == kind && doc.name() == name)
            .ok_or_else(|| {
                FfiError::new(
                    talos_status::TALOS_NOT_FOUND,
                    format!("no document {kind}/{name} in the configuration"),
                )
            })?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(found) };
        Ok(())
    })
}

/// What a Talos release would not understand: documents of a newer kind, and fields set in
/// the others that are newer than the release, as a JSON array of strings into `*out`
/// (release with `talos_buffer_free`), in document order: `["KubeletConfig needs Talos >=
/// 1.14", "VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13"]`; `[]` when that release
/// knows every document and field. `version` is a Talos release:
/// `"1.12"`, `"v1.12"`, `"v1.12.3"` or `"1.12.0-beta.1"` (patch and suffix are ignored);
/// anything else is `TALOS_INVALID_ARGUMENT`.
///
/// # Safety
/// `config` is NULL or a live configuration; `version` is NULL or a NUL-terminated string;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_check_version(
    config: *const talos_config,
    version: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live configuration.
        let config = unsafe { handle(config, "config") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let text = unsafe { c_str(version, "version") }?;
        let target = TalosVersion::parse(text).ok_or_else(|| {
            FfiError::new(
                talos_status::TALOS_INVALID_ARGUMENT,
                format!("invalid Talos version {text:?}: expected MAJOR.MINOR, such as \"1.12\""),
            )
        })?;
        let problems: Vec<String> = config
            .inner
            .check_version(target)
            .iter()
            .map(ToString::to_string)
            .collect();
        let bytes = json(&problems)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(bytes)) };
        Ok(())
    })
}

/// Every document kind this library knows (Talos v1.14's registry), sorted by kind, as a
/// JSON array into `*out` (release with `talos_buffer_free`):
/// `[{"kind": "BGPInstanceConfig", "named": true, "since": "1.14",
/// "go_type": "network.BGPInstanceConfigV1Alpha1"}, …]`. `named` says whether the name is
/// part of the document's identity. The legacy `v1alpha1` document is not listed.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_config_kinds_json(out: *mut talos_buffer) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        let kinds: Vec<KindView> = KINDS
            .iter()
            .map(|entry| KindView {
                kind: entry.kind,
                named: entry.named,
                since: entry.since.to_string(),
                go_type: entry.go_type().into_owned(),
            })
            .collect();
        let bytes = json(&kinds)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(bytes)) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::{CStr, CString};
    use std::ptr;

    use super::*;

    const HOSTNAME: &[u8] = b"apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n";

    fn last() -> String {
        // SAFETY: the message is this thread's NUL-terminated last error, copied at once.
        unsafe { CStr::from_ptr(crate::talos_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    fn load(yaml: &[u8]) -> *mut talos_config {
        let mut out = ptr::null_mut();
        // SAFETY: a readable slice and a writable out-parameter.
        let status = unsafe { talos_config_load(yaml.as_ptr(), yaml.len(), &mut out) };
        assert_eq!(status, talos_status::TALOS_OK, "{}", last());
        out
    }

    fn empty() -> talos_buffer {
        talos_buffer {
            data: ptr::null_mut(),
            len: 0,
        }
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

    #[test]
    fn a_document_round_trips_through_every_view() {
        let config = load(HOSTNAME);
        let mut buffer = empty();
        // SAFETY: a live configuration and a writable buffer.
        let status = unsafe { talos_config_document_json(config, 0, &mut buffer) };
        assert_eq!(status, talos_status::TALOS_OK);
        assert_eq!(
            String::from_utf8(take(buffer)).unwrap(),
            r#"{"kind":"HostnameConfig","api_version":"v1alpha1","name":"","since":"1.12","spec":{"apiVersion":"v1alpha1","kind":"HostnameConfig","auto":"stable"}}"#
        );
        let mut buffer = empty();
        // SAFETY: as above.
        let status = unsafe { talos_config_document_yaml(config, 0, &mut buffer) };
        assert_eq!(status, talos_status::TALOS_OK);
        assert_eq!(take(buffer), HOSTNAME);

        let kind = CString::new("HostnameConfig").unwrap();
        let mut index = 7;
        // SAFETY: a live configuration, NUL-terminated strings, a writable index.
        let status = unsafe { talos_config_find(config, kind.as_ptr(), c"".as_ptr(), &mut index) };
        assert_eq!((status, index), (talos_status::TALOS_OK, 0));
        // SAFETY: as above.
        let status = unsafe { talos_config_find(config, kind.as_ptr(), c"x".as_ptr(), &mut index) };
        assert_eq!(status, talos_status::TALOS_NOT_FOUND);
        assert_eq!(last(), "no document HostnameConfig/x in the configuration");

        let mut buffer = empty();
        // SAFETY: as above.
        let status =
            unsafe { talos_config_check_version(config, c"v1.11.2".as_ptr(), &mut buffer) };
        assert_eq!(status, talos_status::TALOS_OK);
        assert_eq!(take(buffer), br#"["HostnameConfig needs Talos >= 1.12"]"#);
        // SAFETY: released once.
        unsafe { talos_config_free(config) };
    }

    #[test]
    fn load_errors_are_parse_errors_with_talos_text() {
        let mut out = ptr::null_mut();
        let yaml = b"apiVersion: v1alpha1\nkind: Bogus\n";
        // SAFETY: a readable slice and a writable out-parameter.
        let status = unsafe { talos_config_load(yaml.as_ptr(), yaml.len(), &mut out) };
        assert_eq!(status, talos_status::TALOS_PARSE);
        assert_eq!(
            last(),
            r#"error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered"#
        );
        // SAFETY: NULL with length 0 is the empty input.
        let status = unsafe { talos_config_load(ptr::null(), 0, &mut out) };
        assert_eq!(status, talos_status::TALOS_PARSE);
        assert_eq!(last(), "config not found");
        assert!(out.is_null());
    }
}
