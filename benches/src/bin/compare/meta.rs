//! META: talos-kit against go-adv and `pkg/machinery/meta` on the same images and values,
//! plus the SHA-256 floor for the bytes each operation must hash.

use anyhow::Result;
use serde::Serialize;
use sha2::{Digest, Sha256};
use talos_conformance::{Oracle, b64};
use talos_kit_benches::meta_inputs::{typical_entries, typical_partition, typical_values};
use talos_kit_benches::{Row, min_time, ns_per_op};
use talos_meta::Meta;
use talos_meta::adv::{COPY_LEN, TalosAdv};
use talos_meta::values::Values;

#[derive(Serialize)]
struct Tag {
    key: u8,
    #[serde(with = "b64")]
    value: Vec<u8>,
}

pub fn run(oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let time = min_time()?;
    let min_ms = time.as_millis() as u64;
    let partition = typical_partition();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("meta.img");
    std::fs::write(&path, &partition)?;

    let sha_copy = ns_per_op(time, || Sha256::digest(&partition[..COPY_LEN]));

    let read = ns_per_op(time, || {
        Meta::from_bytes(&partition, false).map(|m| m.talos().len())
    });
    #[derive(Serialize)]
    struct PathArgs<'a> {
        path: &'a std::path::Path,
    }
    let go_read = oracle.bench("meta.adv.read", &PathArgs { path: &path }, min_ms)?;
    rows.push(row(
        "meta/read+verify",
        read,
        go_read.ns_per_op,
        "go-adv NewADV",
    ));
    rows.push(row("meta/read+verify", read, sha_copy, "sha256 of 256 KiB"));

    let entries = typical_entries();
    let write = ns_per_op(time, || {
        let mut adv = TalosAdv::new();
        for (key, value) in &entries {
            adv.set(*key, value.clone()).expect("fits");
        }
        adv.to_image().expect("writable")
    });
    let tags: Vec<Tag> = entries
        .iter()
        .map(|(key, value)| Tag {
            key: *key,
            value: value.clone(),
        })
        .collect();
    #[derive(Serialize)]
    struct TagsArgs<'a> {
        tags: &'a [Tag],
    }
    let go_write = oracle.bench("meta.adv.write", &TagsArgs { tags: &tags }, min_ms)?;
    rows.push(row(
        "meta/build both copies",
        write,
        go_write.ns_per_op,
        "go-adv Bytes",
    ));
    rows.push(row(
        "meta/build both copies",
        write,
        sha_copy,
        "sha256 of 256 KiB",
    ));

    let values = typical_values();
    let value_tags: Vec<Tag> = values
        .0
        .iter()
        .map(|v| Tag {
            key: v.key,
            value: v.value.clone(),
        })
        .collect();
    #[derive(Serialize)]
    struct EncodeArgs<'a> {
        values: &'a [Tag],
        gzip: bool,
    }
    for gzip in [false, true] {
        let rust = ns_per_op(time, || values.encode(gzip).expect("encodable"));
        let go = oracle.bench(
            "meta.values.encode",
            &EncodeArgs {
                values: &value_tags,
                gzip,
            },
            min_ms,
        )?;
        let label = if gzip { "gzip" } else { "plain" };
        rows.push(row(
            &format!("meta/values encode ({label})"),
            rust,
            go.ns_per_op,
            "machinery meta.Encode",
        ));
        let encoded = values.encode(gzip)?;
        let rust = ns_per_op(time, || Values::decode(&encoded).expect("decodable"));
        #[derive(Serialize)]
        struct DecodeArgs<'a> {
            #[serde(with = "b64")]
            text: &'a [u8],
        }
        let go = oracle.bench(
            "meta.values.decode",
            &DecodeArgs {
                text: encoded.as_bytes(),
            },
            min_ms,
        )?;
        rows.push(row(
            &format!("meta/values decode ({label})"),
            rust,
            go.ns_per_op,
            "machinery meta.DecodeValues",
        ));
    }
    Ok(())
}

fn row(name: &str, rust_ns: f64, reference_ns: f64, reference: &str) -> Row {
    Row {
        name: name.to_owned(),
        rust_ns,
        reference_ns,
        reference: reference.to_owned(),
    }
}
