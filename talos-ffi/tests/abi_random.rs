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

const SECRET: &str = "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=";

/// A discovery string argument: NULL, garbage bytes, or something plausible (secrets, node
/// IDs, endpoints — valid or nearly so).
fn random_discovery_string(rng: &mut StdRng) -> Option<CString> {
    const PLAUSIBLE: [&str; 17] = [
        SECRET,
        "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q",
        "AAAA",
        "",
        "sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L",
        "sou7yy34-ykX3",
        "A",
        "10.0.0.2:51820",
        "[2001:db8::1]:51820",
        "10.0.0.2",
        "10.0.0.2:99999",
        "[fe80::1%eth0]:1",
        "example.com:443",
        "é",
        "nodeId: n1\naddresses: [10.0.0.2]",
        "{\"nodeId\": 1, \"kubespan\": {\"address\": \"hex:0\"}}",
        "[",
    ];
    match rng.random_range(0..4) {
        0 => None,
        1 => {
            let bytes: Vec<u8> = (0..rng.random_range(0..300))
                .map(|_| rng.random_range(1..=255u8))
                .collect();
            Some(CString::new(bytes).expect("no NUL"))
        }
        _ => Some(CString::new(PLAUSIBLE[rng.random_range(0..PLAUSIBLE.len())]).unwrap()),
    }
}

/// An out-parameter for a buffer: NULL or a buffer with a marker length.
fn buffer_out(rng: &mut StdRng, out: &mut talos_buffer) -> *mut talos_buffer {
    if rng.random_bool(0.2) {
        ptr::null_mut()
    } else {
        out
    }
}

/// An out-parameter for a string: NULL or a NULL pointer to fill.
fn string_out(rng: &mut StdRng, out: &mut *mut c_char) -> *mut *mut c_char {
    if rng.random_bool(0.2) {
        ptr::null_mut()
    } else {
        out
    }
}

fn check_buffer(status: talos_status, out: talos_buffer, what: &str, round: usize) {
    assert_status(status, what);
    if status != talos_status::TALOS_OK {
        assert_eq!(out.len, 7, "round {round}: {what} wrote out on failure");
    }
    // SAFETY: the buffer came from the library or has NULL data.
    unsafe { talos_buffer_free(out) };
}

fn check_string(status: talos_status, out: *mut c_char, what: &str, round: usize) {
    assert_status(status, what);
    if status != talos_status::TALOS_OK {
        assert!(out.is_null(), "round {round}: {what} wrote out on failure");
    }
    // SAFETY: NULL or a string from the library.
    unsafe { talos_string_free(out) };
}

#[test]
fn random_discovery_arguments_give_status_codes() {
    let secret = CString::new(SECRET).unwrap();
    let mut key = ptr::null_mut();
    // SAFETY: valid string and out-parameter.
    let made = unsafe { talos_cluster_key_from_secret(secret.as_ptr(), &mut key) };
    assert_eq!(made, talos_status::TALOS_OK);
    let endpoint = CString::new("10.0.0.2:51820").unwrap();
    let mut endpoint_blob = talos_buffer {
        data: ptr::null_mut(),
        len: 0,
    };
    // SAFETY: live key, valid string, writable out.
    let encrypted =
        unsafe { talos_discovery_encrypt_endpoint(key, endpoint.as_ptr(), &mut endpoint_blob) };
    assert_eq!(encrypted, talos_status::TALOS_OK);
    // SAFETY: the library's buffer, read before it is released at the end.
    let endpoint_bytes =
        unsafe { std::slice::from_raw_parts(endpoint_blob.data, endpoint_blob.len) }.to_vec();

    let plaintext = b"\x0a\x04af_1\x1a\x05host1";
    let mut sealed_blob = talos_buffer {
        data: ptr::null_mut(),
        len: 0,
    };
    // SAFETY: live key, readable plaintext, writable out.
    let sealed =
        unsafe { talos_discovery_seal(key, plaintext.as_ptr(), plaintext.len(), &mut sealed_blob) };
    assert_eq!(sealed, talos_status::TALOS_OK);
    // SAFETY: the library's buffer, read before it is released at the end.
    let sealed_bytes =
        unsafe { std::slice::from_raw_parts(sealed_blob.data, sealed_blob.len) }.to_vec();

    let mut rng = StdRng::seed_from_u64(0xd15c);
    for round in 0..ROUNDS {
        let text = random_discovery_string(&mut rng);
        let handle = if rng.random_bool(0.2) {
            ptr::null()
        } else {
            key.cast_const()
        };
        // Garbage, a real endpoint or affiliate blob (sometimes damaged), or a key-sized
        // slice.
        let mut buffer: Vec<u8> = match rng.random_range(0..4) {
            0 => (0..rng.random_range(0..80)).map(|_| rng.random()).collect(),
            1 => endpoint_bytes.clone(),
            2 => sealed_bytes.clone(),
            _ => vec![rng.random(); [16, 24, 32][rng.random_range(0..3)]],
        };
        if !buffer.is_empty() && rng.random_bool(0.3) {
            let at = rng.random_range(0..buffer.len());
            buffer[at] ^= 1 << rng.random_range(0..8);
        }
        let (data, len) = random_bytes(&mut rng, &buffer);
        let mut out_buffer = talos_buffer {
            data: ptr::null_mut(),
            len: 7,
        };
        let mut out_string: *mut c_char = ptr::null_mut();
        match rng.random_range(0..13) {
            0 => {
                let mut out = ptr::null_mut();
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: string NULL or NUL-terminated; out NULL or writable.
                let status = unsafe { talos_cluster_key_from_secret(as_ptr(&text), out_ptr) };
                assert_status(status, "cluster_key_from_secret");
                if status != talos_status::TALOS_OK {
                    assert!(out.is_null(), "round {round}: out written on failure");
                }
                // SAFETY: NULL or a key just made.
                unsafe { talos_cluster_key_free(out) };
            }
            1 => {
                let mut out = ptr::null_mut();
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: data readable for len when non-NULL and plausible; out NULL or
                // writable.
                let status = unsafe { talos_cluster_key_from_bytes(data, len, out_ptr) };
                assert_status(status, "cluster_key_from_bytes");
                if status != talos_status::TALOS_OK {
                    assert!(out.is_null(), "round {round}: out written on failure");
                }
                // SAFETY: NULL or a live key.
                let bits = unsafe { talos_cluster_key_bits(out) };
                assert!(bits == 0 || status == talos_status::TALOS_OK);
                // SAFETY: NULL or a key just made.
                unsafe { talos_cluster_key_free(out) };
            }
            2 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: key NULL or live; data as above; out NULL or writable.
                let status = unsafe { talos_discovery_seal(handle, data, len, out) };
                check_buffer(status, out_buffer, "discovery_seal", round);
            }
            3 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: key NULL or live; data as above; out NULL or writable.
                let status = unsafe { talos_discovery_open(handle, data, len, out) };
                check_buffer(status, out_buffer, "discovery_open", round);
            }
            4 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: key NULL or live; string NULL or NUL-terminated; out NULL or
                // writable.
                let status =
                    unsafe { talos_discovery_encrypt_endpoint(handle, as_ptr(&text), out) };
                check_buffer(status, out_buffer, "encrypt_endpoint", round);
            }
            5 => {
                let out = string_out(&mut rng, &mut out_string);
                // SAFETY: key NULL or live; data as above; out NULL or writable.
                let status = unsafe { talos_discovery_decrypt_endpoint(handle, data, len, out) };
                check_string(status, out_string, "decrypt_endpoint", round);
            }
            6 => {
                let out = string_out(&mut rng, &mut out_string);
                // SAFETY: out NULL or writable.
                let status = unsafe { talos_node_id_generate(out) };
                check_string(status, out_string, "node_id_generate", round);
            }
            7 => {
                let out = string_out(&mut rng, &mut out_string);
                // SAFETY: data as above; out NULL or writable.
                let status = unsafe { talos_node_id_encode(data, len, out) };
                check_string(status, out_string, "node_id_encode", round);
            }
            8 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: string NULL or NUL-terminated; out NULL or writable.
                let status = unsafe { talos_node_id_decode(as_ptr(&text), out) };
                check_buffer(status, out_buffer, "node_id_decode", round);
            }
            9 => {
                let out = string_out(&mut rng, &mut out_string);
                // SAFETY: string NULL or NUL-terminated; out NULL or writable.
                let status = unsafe { talos_node_id_machine_id(as_ptr(&text), out) };
                check_string(status, out_string, "node_id_machine_id", round);
            }
            10 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: key NULL or live; string NULL or NUL-terminated; out NULL or
                // writable.
                let status = unsafe { talos_discovery_seal_document(handle, as_ptr(&text), out) };
                check_buffer(status, out_buffer, "discovery_seal_document", round);
            }
            11 => {
                let out = string_out(&mut rng, &mut out_string);
                // SAFETY: key NULL or live; data as above; out NULL or writable.
                let status = unsafe { talos_discovery_open_document(handle, data, len, out) };
                check_string(status, out_string, "discovery_open_document", round);
            }
            _ => {
                // SAFETY: NULL or a live key.
                let bits = unsafe { talos_cluster_key_bits(handle) };
                assert!(bits == 0 || bits == 256);
            }
        }
    }
    // SAFETY: the library's buffer and key, each released once.
    unsafe {
        talos_buffer_free(endpoint_blob);
        talos_buffer_free(sealed_blob);
        talos_cluster_key_free(key);
    }
}

/// A configuration with a legacy document, a singleton and a named document.
const CONFIG_YAML: &str = "version: v1alpha1\nmachine:\n  type: worker\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 10GiB\n";

/// A string for the config exports: NULL, garbage bytes, or a plausible kind, name or
/// version (valid or nearly so).
fn random_config_string(rng: &mut StdRng) -> Option<CString> {
    const PLAUSIBLE: [&str; 16] = [
        "HostnameConfig",
        "VolumeConfig",
        "EPHEMERAL",
        "v1alpha1",
        "",
        "KubeletConfig",
        "1.12",
        "v1.14.0-rc.1",
        "1.8.3",
        "1",
        "1.x",
        "v",
        "99999.1",
        "1.99999",
        " 1.9 ",
        "é",
    ];
    match rng.random_range(0..4) {
        0 => None,
        1 => {
            let bytes: Vec<u8> = (0..rng.random_range(0..20))
                .map(|_| rng.random_range(1..=255u8))
                .collect();
            Some(CString::new(bytes).expect("no NUL"))
        }
        _ => Some(CString::new(PLAUSIBLE[rng.random_range(0..PLAUSIBLE.len())]).unwrap()),
    }
}

/// YAML for the loader: the good configuration (sometimes with a flipped bit or cut
/// short), the error cases of the C tests, or garbage.
fn random_config_input(rng: &mut StdRng) -> Vec<u8> {
    let mut input = match rng.random_range(0..5) {
        0 => (0..rng.random_range(0..200))
            .map(|_| rng.random())
            .collect(),
        1 => b"machine: [".to_vec(),
        2 => b"apiVersion: v1alpha1\nkind: Bogus\n".to_vec(),
        _ => CONFIG_YAML.as_bytes().to_vec(),
    };
    if !input.is_empty() && rng.random_bool(0.3) {
        let at = rng.random_range(0..input.len());
        input[at] ^= 1 << rng.random_range(0..8);
    }
    if !input.is_empty() && rng.random_bool(0.2) {
        input.truncate(rng.random_range(0..input.len()));
    }
    input
}

#[test]
fn random_config_arguments_give_status_codes() {
    let mut config = ptr::null_mut();
    // SAFETY: a readable slice and a writable out-parameter.
    let loaded = unsafe { talos_config_load(CONFIG_YAML.as_ptr(), CONFIG_YAML.len(), &mut config) };
    assert_eq!(loaded, talos_status::TALOS_OK);
    let mut count = 0;
    // SAFETY: a live configuration and a writable out-parameter.
    let counted = unsafe { talos_config_document_count(config, &mut count) };
    assert_eq!((counted, count), (talos_status::TALOS_OK, 3));

    let mut rng = StdRng::seed_from_u64(0xc0f1);
    for round in 0..ROUNDS {
        let handle = if rng.random_bool(0.2) {
            ptr::null()
        } else {
            config.cast_const()
        };
        let first = random_config_string(&mut rng);
        let second = random_config_string(&mut rng);
        let index = [0, 1, 2, 3, 4, usize::MAX][rng.random_range(0..6)];
        let mut out_buffer = talos_buffer {
            data: ptr::null_mut(),
            len: 7,
        };
        match rng.random_range(0..9) {
            0 => {
                let input = random_config_input(&mut rng);
                let (data, len) = random_bytes(&mut rng, &input);
                let mut out = ptr::null_mut();
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: data readable for len when non-NULL and plausible; out NULL or
                // writable.
                let status = unsafe { talos_config_load(data, len, out_ptr) };
                assert_status(status, "config_load");
                if status == talos_status::TALOS_OK {
                    assert!(!out.is_null(), "round {round}: no configuration on success");
                } else {
                    assert!(out.is_null(), "round {round}: out written on failure");
                }
                // SAFETY: NULL or a configuration just loaded, released once.
                unsafe { talos_config_free(out) };
            }
            1 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: configuration NULL or live; out NULL or writable.
                let status = unsafe { talos_config_encode(handle, out) };
                check_buffer(status, out_buffer, "config_encode", round);
            }
            2 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: configuration NULL or live; out NULL or writable.
                let status = unsafe { talos_config_bytes(handle, out) };
                check_buffer(status, out_buffer, "config_bytes", round);
            }
            3 => {
                let mut out = 7usize;
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: configuration NULL or live; out NULL or writable.
                let status = unsafe { talos_config_document_count(handle, out_ptr) };
                assert_status(status, "config_document_count");
                if status == talos_status::TALOS_OK {
                    assert_eq!(out, 3);
                } else {
                    assert_eq!(out, 7, "round {round}: out written on failure");
                }
            }
            4 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: configuration NULL or live; out NULL or writable.
                let status = unsafe { talos_config_document_json(handle, index, out) };
                if status == talos_status::TALOS_OK {
                    assert!(index < 3, "round {round}: document {index} exists");
                }
                check_buffer(status, out_buffer, "config_document_json", round);
            }
            5 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: configuration NULL or live; out NULL or writable.
                let status = unsafe { talos_config_document_yaml(handle, index, out) };
                check_buffer(status, out_buffer, "config_document_yaml", round);
            }
            6 => {
                let mut out = 7usize;
                let out_ptr = if rng.random_bool(0.2) {
                    ptr::null_mut()
                } else {
                    &mut out
                };
                // SAFETY: configuration NULL or live; strings NULL or NUL-terminated; out
                // NULL or writable.
                let status =
                    unsafe { talos_config_find(handle, as_ptr(&first), as_ptr(&second), out_ptr) };
                assert_status(status, "config_find");
                if status == talos_status::TALOS_OK {
                    assert!(out < 3);
                } else {
                    assert_eq!(out, 7, "round {round}: out written on failure");
                }
            }
            7 => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: configuration NULL or live; string NULL or NUL-terminated; out
                // NULL or writable.
                let status = unsafe { talos_config_check_version(handle, as_ptr(&first), out) };
                check_buffer(status, out_buffer, "config_check_version", round);
            }
            _ => {
                let out = buffer_out(&mut rng, &mut out_buffer);
                // SAFETY: out NULL or writable.
                let status = unsafe { talos_config_kinds_json(out) };
                check_buffer(status, out_buffer, "config_kinds_json", round);
            }
        }
    }
    // SAFETY: the configuration loaded above, released once.
    unsafe { talos_config_free(config) };
}
