//! `benches/compare AREA|all`: the same inputs through Rust and the Go oracle, as ratios.

use anyhow::{Result, bail};
use talos_conformance::Oracle;
use talos_kit_benches::{Row, print_table};

mod discovery;
mod ffi;
mod meta;

type AreaFn = fn(&mut Oracle, &mut Vec<Row>) -> Result<()>;

/// Every area, in the order `all` runs them.
const AREAS: &[(&str, AreaFn)] = &[
    ("meta", meta::run),
    ("ffi", ffi::run),
    ("discovery", discovery::run),
];

fn main() -> Result<()> {
    let wanted = std::env::args().nth(1).unwrap_or_else(|| "all".to_owned());
    let selected: Vec<_> = AREAS
        .iter()
        .filter(|(name, _)| wanted == "all" || wanted == *name)
        .collect();
    if selected.is_empty() {
        let names: Vec<_> = AREAS.iter().map(|(name, _)| *name).collect();
        bail!("unknown area {wanted:?}; known: all, {}", names.join(", "));
    }
    let mut oracle = Oracle::spawn()?;
    let mut rows = Vec::new();
    for (_, run) in selected {
        run(&mut oracle, &mut rows)?;
    }
    print_table(&rows);
    Ok(())
}
