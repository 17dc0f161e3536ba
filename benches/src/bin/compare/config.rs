//! Config: talos-config against Talos' `configloader.NewFromBytes` and its encoder
//! (comments disabled) on Talos' own generated control-plane configs, plus the bytes each
//! side allocates per load.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use talos_config::Config;
use talos_conformance::{Oracle, b64};
use talos_kit_benches::config_inputs::{alpha2_subset, v1_13_controlplane, v1_14_controlplane};
use talos_kit_benches::{Row, min_time, ns_per_op};

use crate::alloc::allocated_during;

#[derive(Serialize)]
struct YamlArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
}

#[derive(Deserialize)]
struct Kinds {
    kinds: Vec<String>,
}

#[derive(Deserialize)]
struct Alloc {
    bytes_per_op: f64,
}

const REFERENCE: &str = "go configloader + encoder (machinery v1.14.0-alpha.2)";

/// Load, encode, and load+encode, for the 1.14 and 1.13 control-plane configs.
pub fn run(oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let time = min_time()?;
    let min_ms = u64::try_from(time.as_millis())?;
    let known: Kinds = oracle.expect("config.kinds", &serde_json::json!({}))?;
    let inputs = [
        // alpha.2 predates most 1.14 Kube* kinds: both sides load the documents it knows.
        (
            "v1.14-controlplane",
            alpha2_subset(&v1_14_controlplane()?, &known.kinds),
        ),
        ("v1.13-controlplane", v1_13_controlplane()?),
    ];
    for (name, yaml) in &inputs {
        let config = Config::from_bytes(yaml)?;
        let args = YamlArgs { yaml };
        let load = ns_per_op(time, || Config::from_bytes(yaml));
        let go_load = oracle.bench("config.load", &args, min_ms)?;
        rows.push(row(format!("config/load/{name}"), load, go_load.ns_per_op));
        let encode = ns_per_op(time, || config.encode());
        let go_encode = oracle.bench("config.encode", &args, min_ms)?;
        rows.push(row(
            format!("config/encode/{name}"),
            encode,
            go_encode.ns_per_op,
        ));
        let both = ns_per_op(time, || Config::from_bytes(yaml).map(|c| c.encode()));
        let go_both = oracle.bench("config.load_encode", &args, min_ms)?;
        rows.push(row(
            format!("config/load+encode/{name}"),
            both,
            go_both.ns_per_op,
        ));

        let rust_bytes = allocated_during(|| Config::from_bytes(yaml).map(drop));
        let go_alloc: Alloc = oracle.expect("config.alloc", &args)?;
        println!(
            "config/load/{name}: allocated per load: rust {rust_bytes} B, go {:.0} B ({:.1}x less in rust)",
            go_alloc.bytes_per_op,
            go_alloc.bytes_per_op / rust_bytes.max(1) as f64
        );
    }
    Ok(())
}

fn row(name: String, rust_ns: f64, reference_ns: f64) -> Row {
    Row {
        name,
        rust_ns,
        reference_ns,
        reference: REFERENCE.to_owned(),
    }
}
