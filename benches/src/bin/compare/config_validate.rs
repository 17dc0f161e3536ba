//! Config validation: talos-config's `Config::validate` against Talos' `ValidateAsClient`
//! (`talosctl validate --strict -m metal`), each including the load, on Talos' generated
//! control-plane configs.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use talos_config::Config;
use talos_config::validate::{Context, Mode};
use talos_conformance::{Oracle, b64};
use talos_kit_benches::config_inputs::{alpha2_subset, v1_13_controlplane, v1_14_controlplane};
use talos_kit_benches::{Row, min_time, ns_per_op};

#[derive(Serialize)]
struct ValidateArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
    mode: &'static str,
    strict: bool,
}

#[derive(Deserialize)]
struct Kinds {
    kinds: Vec<String>,
}

/// Load + validate (metal, strict) for the 1.14 and 1.13 control-plane configs.
pub fn run(oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let time = min_time()?;
    let min_ms = u64::try_from(time.as_millis())?;
    let known: Kinds = oracle.expect("config.kinds", &serde_json::json!({}))?;
    let inputs = [
        (
            "v1.14-controlplane",
            alpha2_subset(&v1_14_controlplane()?, &known.kinds),
        ),
        ("v1.13-controlplane", v1_13_controlplane()?),
    ];
    let ctx = Context {
        mode: Mode::Metal,
        strict: true,
    };
    for (name, yaml) in &inputs {
        let rust = ns_per_op(time, || {
            Config::from_bytes(yaml).map(|config| config.validate(&ctx))
        });
        let go = oracle.bench(
            "config.validate",
            &ValidateArgs {
                yaml,
                mode: "metal",
                strict: true,
            },
            min_ms,
        )?;
        rows.push(Row {
            name: format!("config/load+validate/{name}"),
            rust_ns: rust,
            reference_ns: go.ns_per_op,
            reference: "go configloader + ValidateAsClient (machinery v1.14.0-alpha.2)".to_owned(),
        });
    }
    Ok(())
}
