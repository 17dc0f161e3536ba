//! `talos-conformance AREA|all`: runs the differential comparison with the Go oracle.

use anyhow::Result;
use talos_conformance::{Oracle, Tally, areas_from_args};

mod config;
mod config_corpus;
mod config_patch;
mod config_validate;
mod config_yaml;
mod discovery;
mod imagecache;
mod meta;
mod meta_network;

type AreaFn = fn(&mut Oracle, &mut Tally) -> Result<()>;

/// Every area, in the order `all` runs them.
const AREAS: &[(&str, AreaFn)] = &[
    ("meta", meta::run),
    ("discovery", discovery::run),
    ("config-yaml", config_yaml::run),
    ("config-decode", config::run_decode),
    ("config-encode", config::run_encode),
    ("config-validate", config_validate::run),
    ("config-patch", config_patch::run),
    ("imagecache", imagecache::run),
];

fn main() -> Result<()> {
    let selected = areas_from_args(AREAS)?;
    let mut oracle = Oracle::spawn()?;
    let mut failed = 0;
    for (name, run) in selected {
        let mut tally = Tally::new(name);
        run(&mut oracle, &mut tally)?;
        tally.report();
        failed += tally.failed();
    }
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
