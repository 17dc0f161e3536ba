//! Cluster discovery: the cluster key, sealed affiliate data, encrypted endpoints and node
//! identities.
//!
//! Affiliate data crosses the boundary as the encoded `Affiliate` protobuf (the bytes Talos'
//! discovery client marshals); there is no JSON form here, since the crate has no text
//! mapping of the payload.

use std::ffi::c_char;
use std::net::SocketAddr;

use talos_discovery_crypto::document::AffiliateDocument;
use talos_discovery_crypto::{ClusterKey, NodeId};

use crate::args::{bytes, c_str, checked_out, handle};
use crate::buffer::{into_c_string, talos_buffer};
use crate::{FfiError, guard, talos_status};

/// The AES key shared by the nodes of a cluster. Release with [`talos_cluster_key_free`],
/// which wipes the key material. A key is never written to error messages. One key may be
/// used from several threads at once (every function only reads it).
pub struct talos_cluster_key {
    inner: ClusterKey,
}

/// Makes the key of a cluster secret (`cluster.secret` / `clusterSecret`): standard base64
/// with `=` padding of 16, 24 or 32 bytes (Talos uses 32); line breaks are ignored.
/// `TALOS_PARSE` when the text is not base64, `TALOS_INVALID_ARGUMENT` for a wrong length.
/// On success `*out` receives a key to release with `talos_cluster_key_free`.
///
/// # Safety
/// `secret` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_cluster_key_from_secret(
    secret: *const c_char,
    out: *mut *mut talos_cluster_key,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let secret = unsafe { c_str(secret, "secret") }?;
        let inner = ClusterKey::from_cluster_secret(secret)?;
        let handle = Box::into_raw(Box::new(talos_cluster_key { inner }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Makes a key from `len` raw key bytes: 16, 24 or 32 of them (AES-128/192/256), else
/// `TALOS_INVALID_ARGUMENT`. On success `*out` receives a key to release with
/// `talos_cluster_key_free`. The library keeps no reference to `key`.
///
/// # Safety
/// `key` points to `len` readable bytes (or is NULL with `len` 0); `out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_cluster_key_from_bytes(
    key: *const u8,
    len: usize,
    out: *mut *mut talos_cluster_key,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller promises len readable bytes at key.
        let key = unsafe { bytes(key, len, "key") }?;
        let inner = ClusterKey::from_bytes(key)?;
        let handle = Box::into_raw(Box::new(talos_cluster_key { inner }));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// The key size in bits: 128, 192 or 256 (0 for NULL).
///
/// # Safety
/// `key` is NULL or a live key.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_cluster_key_bits(key: *const talos_cluster_key) -> usize {
    // SAFETY: the caller passes NULL or a live key.
    unsafe { key.as_ref() }.map_or(0, |key| key.inner.bits())
}

/// Releases a key and wipes its key material. NULL is ignored.
///
/// # Safety
/// `key` is NULL or a key from `talos_cluster_key_from_secret`/`_from_bytes` not yet
/// released, and no other thread is using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_cluster_key_free(key: *mut talos_cluster_key) {
    if !key.is_null() {
        // Dropping wipes the key schedules; it cannot panic, but the barrier keeps that
        // promise explicit. Nothing of the key is touched after a panic, so asserting unwind
        // safety is sound.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the pointer came from Box::into_raw and is released once.
            drop(unsafe { Box::from_raw(key) });
        }));
    }
}

/// Encrypts `len` bytes of affiliate data (the encoded `Affiliate` protobuf, taken as is)
/// under a fresh random nonce into `*out`: `nonce[12] ‖ AES-GCM ciphertext ‖ tag[16]`, the
/// blob the discovery service stores (release with `talos_buffer_free`). Blobs over the
/// service's 2048-byte limit are refused with `TALOS_INVALID_ARGUMENT`.
///
/// # Safety
/// `key` is NULL or a live key; `plaintext` points to `len` readable bytes (or is NULL with
/// `len` 0); `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_discovery_seal(
    key: *const talos_cluster_key,
    plaintext: *const u8,
    len: usize,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live key.
        let key = unsafe { handle(key, "key") }?;
        // SAFETY: the caller promises len readable bytes at plaintext.
        let plaintext = unsafe { bytes(plaintext, len, "plaintext") }?;
        let blob = key.inner.seal_plaintext(plaintext)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(blob)) };
        Ok(())
    })
}

/// Verifies and decrypts an affiliate blob of `len` bytes, writing the plaintext (the
/// encoded `Affiliate` protobuf) into `*out` (release with `talos_buffer_free`).
/// `TALOS_AUTH_FAILED` for a wrong key or a truncated or altered blob; `TALOS_CORRUPT` for
/// a blob shorter than nonce and tag (28 bytes).
///
/// # Safety
/// `key` is NULL or a live key; `blob` points to `len` readable bytes (or is NULL with
/// `len` 0); `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_discovery_open(
    key: *const talos_cluster_key,
    blob: *const u8,
    len: usize,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live key.
        let key = unsafe { handle(key, "key") }?;
        // SAFETY: the caller promises len readable bytes at blob.
        let blob = unsafe { bytes(blob, len, "blob") }?;
        let plaintext = key.inner.open_plaintext(blob)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(plaintext)) };
        Ok(())
    })
}

/// Encrypts one endpoint, `"ip:port"` or `"[ipv6]:port"`, as the Go discovery client does
/// (AES-ECB, deterministic: the same endpoint under the same key always gives the same
/// bytes) into `*out` (release with `talos_buffer_free`). `TALOS_INVALID_ARGUMENT` when the
/// text is not an IP address and port (host names are not resolved) or has an IPv6 zone.
///
/// # Safety
/// `key` is NULL or a live key; `host_port` is NULL or a NUL-terminated string; `out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_discovery_encrypt_endpoint(
    key: *const talos_cluster_key,
    host_port: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live key.
        let key = unsafe { handle(key, "key") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let host_port = unsafe { c_str(host_port, "host_port") }?;
        let address: SocketAddr = host_port.parse().map_err(|_| {
            FfiError::new(
                talos_status::TALOS_INVALID_ARGUMENT,
                format!("invalid endpoint {host_port:?}: expected \"ip:port\" or \"[ipv6]:port\""),
            )
        })?;
        if let SocketAddr::V6(v6) = address
            && v6.scope_id() != 0
        {
            // Go would send the zone along (and the service refuse the endpoint); dropping
            // it silently would give a different endpoint.
            return Err(FfiError::new(
                talos_status::TALOS_INVALID_ARGUMENT,
                format!("invalid endpoint {host_port:?}: IPv6 zones are not supported"),
            ));
        }
        let endpoint = talos_discovery_crypto::payload::Endpoint::from_socket_addr(address);
        let blob = key.inner.encrypt_endpoint(&endpoint)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(blob)) };
        Ok(())
    })
}

/// Decrypts one endpoint blob of `len` bytes into `*out`: `"ip:port"` or `"[ipv6]:port"`
/// (release with `talos_string_free`). `TALOS_CORRUPT` when the blob is not whole AES
/// blocks or does not decrypt to a framed endpoint (a wrong key or garbage, detected by the
/// length byte, the zero padding and the protobuf; endpoint blobs carry no authentication
/// tag, so treat endpoints as hints).
///
/// # Safety
/// `key` is NULL or a live key; `blob` points to `len` readable bytes (or is NULL with
/// `len` 0); `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_discovery_decrypt_endpoint(
    key: *const talos_cluster_key,
    blob: *const u8,
    len: usize,
    out: *mut *mut c_char,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live key.
        let key = unsafe { handle(key, "key") }?;
        // SAFETY: the caller promises len readable bytes at blob.
        let blob = unsafe { bytes(blob, len, "blob") }?;
        let endpoint = key.inner.decrypt_endpoint(blob)?;
        let address = endpoint.socket_addr().ok_or_else(|| {
            FfiError::new(
                talos_status::TALOS_CORRUPT,
                format!(
                    "the decrypted endpoint has no socket address ({}-byte IP, port {})",
                    endpoint.ip.len(),
                    endpoint.port
                ),
            )
        })?;
        let text = into_c_string(address.to_string())?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(text) };
        Ok(())
    })
}

/// A new node identity (affiliate ID): the jxskiss base62 of 32 random bytes from the
/// operating system, as Talos generates at install, into `*out` (release with
/// `talos_string_free`). `TALOS_IO` if the random source fails.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_node_id_generate(out: *mut *mut c_char) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        let text = into_c_string(NodeId::generate()?.as_str().to_owned())?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(text) };
        Ok(())
    })
}

/// The node identity (jxskiss base62) of `len` bytes into `*out` (release with
/// `talos_string_free`). `TALOS_INVALID_ARGUMENT` for no bytes, or so many that the
/// identity would exceed the service's 256 characters.
///
/// # Safety
/// `data` points to `len` readable bytes (or is NULL with `len` 0); `out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_node_id_encode(
    data: *const u8,
    len: usize,
    out: *mut *mut c_char,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller promises len readable bytes at data.
        let data = unsafe { bytes(data, len, "data") }?;
        let text = into_c_string(NodeId::from_bytes(data)?.as_str().to_owned())?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(text) };
        Ok(())
    })
}

/// Checks a node identity (`TALOS_INVALID_ARGUMENT` when empty or over 256 bytes,
/// `TALOS_PARSE` for characters outside `A–Z a–z 0–9`).
///
/// # Safety
/// `node_id` is NULL or a NUL-terminated string.
unsafe fn node_id_arg(node_id: *const c_char) -> Result<NodeId, FfiError> {
    // SAFETY: the caller passes NULL or a NUL-terminated string.
    let text = unsafe { c_str(node_id, "node_id") }?;
    Ok(NodeId::parse(text)?)
}

/// The bytes a node identity encodes into `*out` (release with `talos_buffer_free`).
/// `TALOS_PARSE` for characters outside `A–Z a–z 0–9`, `TALOS_INVALID_ARGUMENT` for an
/// empty identity or one over 256 bytes.
///
/// # Safety
/// `node_id` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_node_id_decode(
    node_id: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let id = unsafe { node_id_arg(node_id) }?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(id.to_bytes())) };
        Ok(())
    })
}

/// The `/etc/machine-id` Talos derives from a node identity (its first 16 decoded bytes) as
/// 32 lowercase hex digits into `*out` (release with `talos_string_free`). Errors as
/// `talos_node_id_decode`, and `TALOS_INVALID_ARGUMENT` when the identity decodes to fewer
/// than 16 bytes.
///
/// # Safety
/// `node_id` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_node_id_machine_id(
    node_id: *const c_char,
    out: *mut *mut c_char,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let id = unsafe { node_id_arg(node_id) }?;
        let text = into_c_string(id.machine_id()?.to_string())?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(text) };
        Ok(())
    })
}

/// Seals an affiliate payload given as a document (JSON or YAML, the form the CLI reads:
/// `{"nodeId": …, "addresses": ["10.0.0.2"], "kubespan": {…}, "controlPlane": {…}}`) into
/// `*out` (release with `talos_buffer_free`). Unknown fields and bad addresses are
/// `TALOS_PARSE` errors.
///
/// # Safety
/// `key` is NULL or a live key; `document` is NULL or a NUL-terminated string; `out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_discovery_seal_document(
    key: *const talos_cluster_key,
    document: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live key.
        let key = unsafe { handle(key, "key") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let document = unsafe { c_str(document, "document") }?;
        let document: AffiliateDocument = serde_yaml::from_str(document).map_err(|e| {
            FfiError::new(
                talos_status::TALOS_PARSE,
                format!("the affiliate document is not valid: {e}"),
            )
        })?;
        let blob = key.inner.seal(&document.to_affiliate()?)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(talos_buffer::from_vec(blob)) };
        Ok(())
    })
}

/// Opens a sealed affiliate blob and writes the payload as a JSON document into `*out`
/// (release with `talos_string_free`). Same errors as `talos_discovery_open`, plus
/// `TALOS_PARSE` when the plaintext is not an `Affiliate` protobuf.
///
/// # Safety
/// `key` is NULL or a live key; `blob` points to `len` readable bytes (or is NULL with
/// `len` 0); `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_discovery_open_document(
    key: *const talos_cluster_key,
    blob: *const u8,
    len: usize,
    out: *mut *mut c_char,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live key.
        let key = unsafe { handle(key, "key") }?;
        // SAFETY: the caller promises len readable bytes at blob.
        let blob = unsafe { bytes(blob, len, "blob") }?;
        let document = AffiliateDocument::from(&key.inner.open(blob)?);
        let json = serde_json::to_string(&document).map_err(|e| {
            FfiError::new(
                talos_status::TALOS_PARSE,
                format!("encoding the document: {e}"),
            )
        })?;
        let json = into_c_string(json)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { out.write(json) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use talos_discovery_crypto::payload::Endpoint;

    use super::*;

    /// Endpoints that decrypt fine but are no socket address (only a foreign client can
    /// make them) are reported as damaged data, and `out` stays untouched.
    #[test]
    fn endpoints_without_a_socket_address_are_corrupt() {
        let key = talos_cluster_key {
            inner: ClusterKey::from_bytes(&[7; 32]).unwrap(),
        };
        for endpoint in [
            Endpoint {
                ip: vec![1; 5],
                port: 1,
            },
            Endpoint {
                ip: vec![10, 0, 0, 1],
                port: 70_000,
            },
        ] {
            let blob = key.inner.encrypt_endpoint(&endpoint).unwrap();
            let mut out: *mut c_char = std::ptr::null_mut();
            // SAFETY: a live key, a readable blob, a writable out-parameter.
            let status = unsafe {
                talos_discovery_decrypt_endpoint(&key, blob.as_ptr(), blob.len(), &mut out)
            };
            assert_eq!(status, talos_status::TALOS_CORRUPT);
            assert!(out.is_null());
            // SAFETY: the message is this thread's NUL-terminated last error.
            let message = unsafe { CStr::from_ptr(crate::talos_last_error_message()) };
            assert!(message.to_str().unwrap().contains("no socket address"));
        }
    }
}
