//! Random argument combinations through the C ABI — NULLs, impossible lengths, garbage
//! strings, unknown enum values — must give status codes, never panics or crashes, and must
//! leave out-parameters untouched on failure.

use std::ffi::{CString, c_char};
use std::ptr;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use talos_kit::*;

const ROUNDS: usize = 5_000;

/// A string argument: NULL, garbage bytes (often not UTF-8), a key-like text, or a path.
fn random_c_string(rng: &mut StdRng, path: &CString) -> Option<CString> {
    match rng.random_range(0..5) {
        0 => None,
        1 => {
            let bytes: Vec<u8> = (0..rng.random_range(0..12))
                .map(|_| rng.random_range(1..=255u8))
                .collect();
            Some(CString::new(bytes).expect("no NUL"))
        }
        2 => Some(
            CString::new(["0x0a", "256", "010", "upgrade", "", "0x"][rng.random_range(0..6)])
                .unwrap(),
        ),
        3 => Some(CString::new("MHhhPWZvbw==").unwrap()),
        _ => Some(path.clone()),
    }
}

fn as_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}

/// A byte argument: the pointer is NULL or a real buffer; the length is 0, the real length,
/// or one no allocation can have. (A length between the real one and `isize::MAX` cannot be
/// detected by any C API and is the caller's promise.)
fn random_bytes(rng: &mut StdRng, buffer: &[u8]) -> (*const u8, usize) {
    let pointer = if rng.random_bool(0.3) {
        ptr::null()
    } else {
        buffer.as_ptr()
    };
    let len = match rng.random_range(0..4) {
        0 => 0,
        1 => buffer.len(),
        2 => isize::MAX as usize + 1,
        _ => usize::MAX,
    };
    if !pointer.is_null() && len != 0 && len <= isize::MAX as usize {
        (pointer, len.min(buffer.len()))
    } else {
        (pointer, len)
    }
}

fn assert_status(status: talos_status, what: &str) {
    assert_ne!(status, talos_status::TALOS_PANIC, "{what} panicked");
}

#[test]
fn random_arguments_give_status_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = CString::new(dir.path().join("meta.img").to_str().unwrap()).unwrap();
    let mut file = ptr::null_mut();
    // SAFETY: valid string and out-parameter.
    let created = unsafe { talos_meta_create(path.as_ptr(), &mut file) };
    assert_eq!(created, talos_status::TALOS_OK);

    let mut rng = StdRng::seed_from_u64(0xabc);
    let buffer: Vec<u8> = (0..64).map(|_| rng.random()).collect();
    for round in 0..ROUNDS {
        let text = random_c_string(&mut rng, &path);
        let handle = if rng.random_bool(0.2) {
            ptr::null_mut()
        } else {
            file
        };
        let key: u8 = rng.random();
        match rng.random_range(0..9) {
            0 => {
                let mut out = ptr::null_mut();
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: string argument NULL or NUL-terminated; out NULL or writable.
                let status = unsafe {
                    talos_meta_open(
                        as_ptr(&text),
                        rng.random_range(0..5),
                        rng.random_range(0..5),
                        out_ptr,
                    )
                };
                assert_status(status, "talos_meta_open");
                if status != talos_status::TALOS_OK {
                    assert!(out.is_null(), "round {round}: out written on failure");
                }
                // SAFETY: NULL or a handle just returned.
                unsafe { talos_meta_close(out) };
            }
            1 => {
                let mut out = talos_buffer {
                    data: ptr::null_mut(),
                    len: 7,
                };
                // SAFETY: handle NULL or live; out writable.
                let status = unsafe { talos_meta_get(handle, key, &mut out) };
                assert_status(status, "talos_meta_get");
                if status != talos_status::TALOS_OK {
                    assert_eq!(out.len, 7, "round {round}: out written on failure");
                }
                // SAFETY: the buffer came from the library or has NULL data.
                unsafe { talos_buffer_free(out) };
            }
            2 => {
                let (value, len) = random_bytes(&mut rng, &buffer);
                // SAFETY: handle NULL or live; value readable for len when non-NULL and
                // len ≤ isize::MAX (random_bytes keeps it within the buffer).
                assert_status(
                    unsafe { talos_meta_set(handle, key, value, len) },
                    "talos_meta_set",
                );
            }
            3 => {
                // SAFETY: handle NULL or live.
                assert_status(
                    unsafe { talos_meta_delete(handle, key) },
                    "talos_meta_delete",
                );
            }
            4 => {
                let mut out = 0u8;
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: string NULL or NUL-terminated; out NULL or writable.
                assert_status(
                    unsafe { talos_meta_parse_key(as_ptr(&text), out_ptr) },
                    "parse_key",
                );
            }
            5 => {
                let mut out = ptr::null_mut();
                // SAFETY: string NULL or NUL-terminated; out writable.
                let status = unsafe { talos_meta_values_decode(as_ptr(&text), &mut out) };
                assert_status(status, "values_decode");
                let mut value = talos_meta_value {
                    key: 0,
                    value: ptr::null(),
                    len: 0,
                };
                // SAFETY: NULL or a live handle; out writable.
                let got = unsafe { talos_meta_values_get(out, rng.random_range(0..3), &mut value) };
                assert_status(got, "values_get");
                // SAFETY: NULL or a live handle, released once.
                unsafe { talos_meta_values_free(out) };
            }
            6 => {
                let (value, len) = random_bytes(&mut rng, &buffer);
                let entries = [talos_meta_value { key, value, len }];
                let count = [0, 1, usize::MAX][rng.random_range(0..3)];
                let array = if rng.random_bool(0.2) {
                    ptr::null()
                } else {
                    entries.as_ptr()
                };
                let mut out = ptr::null_mut();
                // SAFETY: array holds one readable entry (counts beyond 1 are the
                // impossible usize::MAX, rejected before reading); out writable.
                let status =
                    unsafe { talos_meta_values_encode(array, count, rng.random(), &mut out) };
                assert_status(status, "values_encode");
                // SAFETY: NULL or a string from the library.
                unsafe { talos_string_free(out) };
            }
            7 => {
                let (data, len) = random_bytes(&mut rng, &buffer);
                let mut out = ptr::null_mut();
                // SAFETY: data readable for len when non-NULL and plausible; out writable.
                let status = unsafe {
                    talos_meta_network_config_normalize(data, len, rng.random(), &mut out)
                };
                assert_status(status, "network_config_normalize");
                // SAFETY: NULL or a string from the library.
                unsafe { talos_string_free(out) };
            }
            _ => {
                // SAFETY: handle NULL or live.
                assert_status(unsafe { talos_meta_flush(handle) }, "talos_meta_flush");
            }
        }
    }
    // SAFETY: the handle from talos_meta_create, closed once.
    unsafe { talos_meta_close(file) };
}
