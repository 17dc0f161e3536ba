//! META: images written by one side and read by the other, legacy-area edits, and the
//! `INSTALLER_META_BASE64` encoding, against go-adv and `pkg/machinery/meta`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use talos_conformance::{Oracle, Tally, b64, same};
use talos_meta::adv::{COPY_LEN, DATA_LEN};
use talos_meta::syslinux::LegacyAdv;
use talos_meta::values::{Value, Values, ValuesError};
use talos_meta::{META_PARTITION_LEN, Meta};

/// Random key sets written by each side (each gives two cases).
const KEY_SETS: usize = 1000;
const DAMAGED_IMAGES: usize = 300;
const LEGACY_CASES: usize = 400;
const VALUE_LISTS: usize = 1000;
const MANGLED_ENCODINGS: usize = 400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Tag {
    key: u8,
    #[serde(with = "b64")]
    value: Vec<u8>,
}

#[derive(Deserialize)]
struct GoAdvRead {
    fatal: bool,
    #[serde(default)]
    error: String,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
struct PathArgs<'a> {
    path: &'a Path,
}

pub fn run(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut rng = StdRng::seed_from_u64(0x7a105);
    images(oracle, tally, dir.path(), &mut rng)?;
    damaged_images(oracle, tally, dir.path(), &mut rng)?;
    legacy(oracle, tally, dir.path(), &mut rng)?;
    values(oracle, tally, &mut rng)?;
    mangled_encodings(oracle, tally, &mut rng)?;
    crate::meta_network::run(oracle, tally)?;
    Ok(())
}

fn tags_of(meta: &Meta) -> Vec<Tag> {
    meta.talos()
        .iter()
        .map(|(key, value)| Tag {
            key,
            value: value.to_vec(),
        })
        .collect()
}

/// A random key set that fits the data area: mostly small values, a few large ones.
fn random_tags(rng: &mut StdRng) -> Vec<Tag> {
    let count = rng.random_range(0..=24);
    let mut budget = DATA_LEN;
    let mut tags: Vec<Tag> = Vec::new();
    for _ in 0..count {
        let key = rng.random_range(1..=255u8);
        if tags.iter().any(|t| t.key == key) {
            continue;
        }
        let len = match rng.random_range(0..10) {
            0 => rng.random_range(0..=60_000),
            1 => 0,
            _ => rng.random_range(1..200),
        };
        if len + 8 > budget {
            continue;
        }
        budget -= len + 8;
        let value = (0..len).map(|_| rng.random()).collect();
        tags.push(Tag { key, value });
    }
    tags
}

fn spec_key_sets() -> Vec<Vec<Tag>> {
    let tag = |key: u8, value: &[u8]| Tag {
        key,
        value: value.to_vec(),
    };
    vec![
        vec![],
        vec![tag(0x06, b"1.2.3")],
        vec![tag(0x08, b"install-fast")],
        vec![tag(0x0a, b"foo")],
        vec![tag(0x0c, b"")],
        vec![tag(3, b"value1"), tag(4, b"value2"), tag(5, b"value3")],
        vec![tag(0x0a, b"foo"), tag(0x0b, b"bar")],
        vec![tag(0x0c, &vec![b'A'; DATA_LEN - 8])],
    ]
}

fn rust_image(tags: &[Tag]) -> Result<Vec<u8>> {
    let mut meta = Meta::empty();
    for tag in tags {
        meta.set(tag.key, tag.value.clone())?;
    }
    Ok(meta.to_partition_bytes(META_PARTITION_LEN)?)
}

fn sorted(mut tags: Vec<Tag>) -> Vec<Tag> {
    tags.sort_by_key(|t| t.key);
    tags
}

fn images(oracle: &mut Oracle, tally: &mut Tally, dir: &Path, rng: &mut StdRng) -> Result<()> {
    let path = dir.join("image");
    let mut sets = spec_key_sets();
    sets.extend((0..KEY_SETS).map(|_| random_tags(rng)));
    for (i, tags) in sets.iter().enumerate() {
        let want = sorted(tags.clone());

        std::fs::write(&path, rust_image(tags)?)?;
        let go: GoAdvRead = oracle.expect("meta.adv.read", &PathArgs { path: &path })?;
        tally.record(
            &format!("image {i}: written by Rust, read by go-adv"),
            if go.fatal || !go.error.is_empty() {
                Err(format!("go-adv rejected it: {}", go.error))
            } else {
                same("tags", &want, &go.tags)
            },
        );

        std::fs::write(&path, vec![0u8; META_PARTITION_LEN as usize])?;
        #[derive(Serialize)]
        struct WriteArgs<'a> {
            path: &'a Path,
            tags: &'a [Tag],
        }
        let _: serde_json::Value =
            oracle.expect("meta.adv.write", &WriteArgs { path: &path, tags })?;
        let outcome = match Meta::from_bytes(&std::fs::read(&path)?, false) {
            Ok(meta) => same("tags", &want, &tags_of(&meta)),
            Err(error) => Err(format!("Rust rejected it: {error}")),
        };
        tally.record(
            &format!("image {i}: written by go-adv, read by Rust"),
            outcome,
        );
    }
    Ok(())
}

/// Damage a go-adv image at random and compare what each side still reads.
fn damaged_images(
    oracle: &mut Oracle,
    tally: &mut Tally,
    dir: &Path,
    rng: &mut StdRng,
) -> Result<()> {
    let path = dir.join("damaged");
    for i in 0..DAMAGED_IMAGES {
        let mut image = rust_image(&random_tags(rng))?;
        let damage_copy1 = rng.random_bool(0.7);
        let damage_copy2 = !damage_copy1 || rng.random_bool(0.3);
        for (damage, base) in [(damage_copy1, 0), (damage_copy2, COPY_LEN)] {
            if !damage {
                continue;
            }
            match rng.random_range(0..3) {
                0 => image[base + rng.random_range(0..COPY_LEN)] ^= 1 << rng.random_range(0..8),
                1 => {
                    let start = base + rng.random_range(0..COPY_LEN);
                    let end = (start + rng.random_range(1..4096)).min(base + COPY_LEN);
                    image[start..end].fill(0);
                }
                _ => image[base + rng.random_range(0..4)] = rng.random(),
            }
        }
        std::fs::write(&path, &image)?;
        let go: GoAdvRead = oracle.expect("meta.adv.read", &PathArgs { path: &path })?;
        let rust = Meta::from_bytes(&image, false);
        let outcome = match (&rust, go.error.is_empty()) {
            (Ok(meta), true) => same("tags", &go.tags, &tags_of(meta)),
            (Err(_), false) => Ok(()),
            (Ok(_), false) => Err(format!("Rust read it, go-adv failed: {}", go.error)),
            (Err(error), true) => Err(format!("go-adv read it, Rust failed: {error}")),
        };
        tally.record(&format!("damaged image {i}"), outcome);
    }
    Ok(())
}

#[derive(Serialize)]
struct LegacyOp {
    delete: bool,
    key: u8,
    #[serde(with = "b64")]
    value: Vec<u8>,
}

#[derive(Deserialize, PartialEq, Debug)]
struct LegacyView {
    /// Go's `[]uint8` travels as base64 like any byte slice.
    #[serde(with = "b64")]
    tags: Vec<u8>,
    values: Vec<Tag>,
}

#[derive(Deserialize)]
struct LegacyEdit {
    #[serde(with = "b64")]
    raw: Vec<u8>,
    results: Vec<bool>,
}

fn legacy_view(adv: &LegacyAdv) -> LegacyView {
    LegacyView {
        tags: adv.tags(),
        values: (1..=255u8)
            .filter_map(|key| {
                adv.get(key).map(|value| Tag {
                    key,
                    value: value.to_vec(),
                })
            })
            .collect(),
    }
}

fn legacy(oracle: &mut Oracle, tally: &mut Tally, dir: &Path, rng: &mut StdRng) -> Result<()> {
    let path: PathBuf = dir.join("legacy");
    for i in 0..LEGACY_CASES {
        // Reads of arbitrary bytes: neither side validates, both must walk alike.
        let mut raw = [0u8; 1024];
        rng.fill(&mut raw[..]);
        if rng.random_bool(0.5) {
            // Sparse garbage: short entries followed by a terminator somewhere.
            for byte in raw.iter_mut().skip(8) {
                if rng.random_bool(0.6) {
                    *byte = rng.random_range(0..12);
                }
            }
        }
        let mut file = vec![0u8; 4096];
        file[4096 - 1024..].copy_from_slice(&raw);
        std::fs::write(&path, &file)?;
        let go: LegacyView = oracle.expect("meta.syslinux.read", &PathArgs { path: &path })?;
        tally.record(
            &format!("legacy read {i}"),
            same("view", &legacy_view(&LegacyAdv::from_raw(raw)), &go),
        );

        // Edits from an empty area: identical bytes after every successful operation.
        let ops: Vec<LegacyOp> = (0..rng.random_range(1..40))
            .map(|_| {
                let len = rng.random_range(0..40);
                LegacyOp {
                    delete: rng.random_bool(0.3),
                    key: rng.random_range(1..12),
                    value: (0..len).map(|_| rng.random()).collect(),
                }
            })
            .collect();
        #[derive(Serialize)]
        struct EditArgs<'a> {
            #[serde(with = "b64")]
            raw: &'a [u8],
            ops: &'a [LegacyOp],
        }
        let mut rust = LegacyAdv::empty();
        let mut results = Vec::new();
        for op in &ops {
            let ok = if op.delete {
                rust.delete(op.key)
            } else {
                rust.set(op.key, &op.value).is_ok()
            };
            results.push(ok);
            if !ok && !op.delete {
                // go-adv deletes the old entry even when the set then fails; Rust leaves the
                // area untouched, so the two states part here by design.
                break;
            }
        }
        let applied = &ops[..results.len()];
        let go: LegacyEdit = oracle.expect(
            "meta.syslinux.edit",
            &EditArgs {
                raw: LegacyAdv::empty().as_bytes(),
                ops: applied,
            },
        )?;
        let failed_set = results.last() == Some(&false) && !applied[applied.len() - 1].delete;
        let outcome = same("results", &results, &go.results).and_then(|()| {
            if failed_set {
                Ok(())
            } else {
                same("raw bytes", &rust.as_bytes().to_vec(), &go.raw)
            }
        });
        tally.record(&format!("legacy edits {i}"), outcome);
    }
    Ok(())
}

fn random_values(rng: &mut StdRng) -> Vec<Tag> {
    let count = rng.random_range(0..12);
    (0..count)
        .map(|_| {
            let len = match rng.random_range(0..6) {
                0 => rng.random_range(200..2000),
                _ => rng.random_range(0..40),
            };
            let value = (0..len)
                .map(|_| {
                    loop {
                        let byte = if rng.random_bool(0.8) {
                            rng.random_range(b' '..=b'~')
                        } else {
                            rng.random()
                        };
                        if byte != b';' {
                            break byte;
                        }
                    }
                })
                .collect();
            Tag {
                key: rng.random(),
                value,
            }
        })
        .collect()
}

fn to_values(tags: &[Tag]) -> Values {
    Values(
        tags.iter()
            .map(|t| Value::new(t.key, t.value.clone()))
            .collect(),
    )
}

fn to_tags(values: &Values) -> Vec<Tag> {
    values
        .0
        .iter()
        .map(|v| Tag {
            key: v.key,
            value: v.value.clone(),
        })
        .collect()
}

#[derive(Serialize)]
struct EncodeArgs<'a> {
    values: &'a [Tag],
    gzip: bool,
}

#[derive(Serialize)]
struct DecodeArgs<'a> {
    #[serde(with = "b64")]
    text: &'a [u8],
}

fn values(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    for i in 0..VALUE_LISTS {
        let tags = random_values(rng);
        let values = to_values(&tags);
        for gzip in [false, true] {
            let go: String = oracle.expect(
                "meta.values.encode",
                &EncodeArgs {
                    values: &tags,
                    gzip,
                },
            )?;
            let rust = values.encode(gzip)?;
            let compressed = gzip && values.to_text()?.len() > talos_meta::values::GZIP_THRESHOLD;
            let outcome = if compressed {
                // Different deflate implementations: each side must decode the other's.
                let go_reads: Result<Vec<Tag>, String> = oracle.call(
                    "meta.values.decode",
                    &DecodeArgs {
                        text: rust.as_bytes(),
                    },
                )?;
                match (go_reads, Values::decode(&go)) {
                    (Ok(go_read), Ok(rust_read)) => same("Go's reading of Rust", &tags, &go_read)
                        .and_then(|()| same("Rust's reading of Go", &tags, &to_tags(&rust_read))),
                    (go_read, rust_read) => Err(format!(
                        "cross-decoding failed: go={:?} rust={:?}",
                        go_read.err(),
                        rust_read.err()
                    )),
                }
            } else {
                same("encoding", &rust, &go)
            };
            tally.record(&format!("values {i} (gzip allowed: {gzip})"), outcome);
        }
    }
    Ok(())
}

/// Text that is almost a valid encoding: both sides must decide alike, with Go's message
/// for parse errors.
fn mangled_encodings(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    const KEYS: &[&str] = &[
        "10", "0xa", "0XA", "010", "08", "0b101", "0o17", "1_0", "_1", "1_", "0x_a", "256", "+1",
        "-1", " 1", "", "0x", "0", "255", "0xff", "1a", "é",
    ];
    for i in 0..MANGLED_ENCODINGS {
        let text: Vec<u8> = match rng.random_range(0..4) {
            // Hand-made part lists with odd keys, missing '=', empty parts.
            0 | 1 => {
                let parts: Vec<Vec<u8>> = (0..rng.random_range(1..5))
                    .map(|_| {
                        let mut part = KEYS[rng.random_range(0..KEYS.len())].as_bytes().to_vec();
                        if rng.random_bool(0.85) {
                            part.push(b'=');
                        }
                        part.extend(
                            (0..rng.random_range(0..6)).map(|_| rng.random_range(b' '..=b'~')),
                        );
                        part
                    })
                    .collect();
                let joined = parts.join(&b';');
                STANDARD.encode(joined).into_bytes()
            }
            // A valid encoding with a character replaced, removed or a line break added.
            _ => {
                let mut encoded = to_values(&random_values(rng))
                    .encode(rng.random_bool(0.5))?
                    .into_bytes();
                if !encoded.is_empty() {
                    let at = rng.random_range(0..encoded.len());
                    match rng.random_range(0..4) {
                        0 => encoded[at] = rng.random_range(b' '..=b'~'),
                        1 => {
                            encoded.remove(at);
                        }
                        2 => encoded.insert(at, b'\n'),
                        _ => encoded.truncate(at),
                    }
                }
                encoded
            }
        };
        let go: Result<Vec<Tag>, String> =
            oracle.call("meta.values.decode", &DecodeArgs { text: &text })?;
        let rust = std::str::from_utf8(&text)
            .map_err(|_| "not UTF-8".to_owned())
            .map(Values::decode);
        let outcome = match (go, rust) {
            (Ok(go), Ok(Ok(rust))) => same("values", &go, &to_tags(&rust)),
            (Err(go), Ok(Err(rust))) => compare_decode_errors(&go, &rust),
            (go, rust) => Err(format!("decisions differ: go={go:?} rust={rust:?}")),
        };
        tally.record(
            &format!("mangled encoding {i} {:?}", String::from_utf8_lossy(&text)),
            outcome,
        );
    }
    Ok(())
}

/// Parse errors must carry Go's exact text; base64 and gzip errors must be of that family.
fn compare_decode_errors(go: &str, rust: &ValuesError) -> Result<(), String> {
    match rust {
        ValuesError::InvalidKey(_) | ValuesError::InvalidValue(_) => {
            same("message", &rust.to_string(), &go.to_owned())
        }
        ValuesError::Base64(_) if go.starts_with("illegal base64 data") => Ok(()),
        ValuesError::Gzip(_)
            if go.contains("gzip") || go.contains("flate") || go.contains("EOF") =>
        {
            Ok(())
        }
        other => Err(format!("error families differ: go={go:?} rust={other}")),
    }
}
