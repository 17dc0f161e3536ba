//! `benches/compare AREA|all`: the same inputs through Rust and the Go oracle, as ratios.

use anyhow::Result;
use talos_conformance::{Oracle, areas_from_args};
use talos_kit_benches::{Row, print_table};

mod alloc;
mod config;
mod config_patch;
mod config_validate;
mod discovery;
mod ffi;
mod imagecache;
mod meta;

type AreaFn = fn(&mut Oracle, &mut Vec<Row>) -> Result<()>;

/// Every area, in the order `all` runs them.
const AREAS: &[(&str, AreaFn)] = &[
    ("meta", meta::run),
    ("ffi", ffi::run),
    ("discovery", discovery::run),
    ("config", config::run),
    ("config-validate", config_validate::run),
    ("config-patch", config_patch::run),
    ("imagecache", imagecache::run),
];

fn main() -> Result<()> {
    let selected = areas_from_args(AREAS)?;
    let mut oracle = Oracle::spawn()?;
    let mut rows = Vec::new();
    for (_, run) in selected {
        run(&mut oracle, &mut rows)?;
    }
    print_table(&rows);
    Ok(())
}
