//! FFI overhead: the same trivial call (`parse_key`) and META get made directly in Rust,
//! through the C ABI, and through Python. `benches/compare` builds the C benchmark and
//! points at the Python one through environment variables.

use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use talos_conformance::Oracle;
use talos_kit_benches::meta_inputs::typical_partition;
use talos_kit_benches::{Row, ns_per_op};
use talos_meta::{MetaFile, keys};

/// What the C and Python benchmark programs print.
#[derive(Deserialize)]
struct Timings {
    parse_key_ns: f64,
    meta_get_ns: f64,
}

pub fn run(_oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let image = dir.path().join("meta.img");
    std::fs::write(&image, typical_partition())?;

    // Best of five batches, like the C and Python programs.
    let best = |op: &mut dyn FnMut() -> usize| {
        (0..5)
            .map(|_| ns_per_op(std::time::Duration::from_millis(200), &mut *op))
            .fold(f64::INFINITY, f64::min)
    };
    let rust_parse = best(&mut || keys::parse_key("0x0a").map_or(0, usize::from));
    let file = MetaFile::open(&image)?;
    let rust_get = best(&mut || {
        file.meta()
            .get(keys::METAL_NETWORK_PLATFORM_CONFIG)
            .map_or(0, |v| std::hint::black_box(v.to_vec()).len())
    });

    for (language, variable) in [
        ("C", "TALOS_FFI_BENCH_C"),
        ("Python", "TALOS_FFI_BENCH_PYTHON"),
    ] {
        let Some(command) = std::env::var_os(variable) else {
            println!("ffi: {language} benchmark not available ({variable} unset)");
            continue;
        };
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!("{} \"$0\"", command.to_string_lossy()))
            .arg(&image)
            .output()
            .with_context(|| format!("running the {language} benchmark"))?;
        if !output.status.success() {
            bail!(
                "the {language} benchmark failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let timings: Timings = serde_json::from_slice(&output.stdout)
            .with_context(|| format!("reading the {language} benchmark's output"))?;
        for (name, rust, other) in [
            ("parse_key", rust_parse, timings.parse_key_ns),
            ("meta get 0x0a (2 KiB)", rust_get, timings.meta_get_ns),
        ] {
            println!(
                "ffi: {name} through {language} adds {:.0} ns over the direct Rust call ({:.0} ns vs {:.0} ns)",
                other - rust,
                other,
                rust
            );
            rows.push(Row {
                name: format!("ffi/{name}"),
                rust_ns: rust,
                reference_ns: other,
                reference: language.to_owned(),
            });
        }
    }
    Ok(())
}
