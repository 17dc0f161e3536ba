//! `talos-conformance AREA|all`: runs the differential comparison with the Go oracle.

use anyhow::{Result, bail};
use talos_conformance::{Oracle, Tally};

mod discovery;
mod meta;

type AreaFn = fn(&mut Oracle, &mut Tally) -> Result<()>;

/// Every area, in the order `all` runs them.
const AREAS: &[(&str, AreaFn)] = &[("meta", meta::run), ("discovery", discovery::run)];

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
