//! `talos-kit config match-disk`: which of the given disks each volume's selector picks —
//! the question to answer before enabling a volume such as IMAGECACHE on real hardware.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use talos_config::cel::{Disk, evaluate_disk_selector};

use crate::config::{load, read_input};

/// One selector and the disks it picks.
#[derive(Serialize)]
struct Selection {
    /// The document, or `--expr` for an expression given on the command line.
    source: String,
    expression: String,
    /// Whether the expression is Talos' default for the volume.
    default: bool,
    /// Device paths of the matching disks.
    matches: Vec<String>,
}

/// Reads a YAML or JSON list of disks (`DiskSpec` fields in snake_case).
fn read_disks(file: &str) -> Result<Vec<Disk>> {
    let bytes = read_input(file)?;
    serde_yaml::from_slice(&bytes).with_context(|| format!("{file}: not a list of disks"))
}

/// Evaluates every selector against every disk; exits 1 when an expression is invalid.
pub fn match_disk(
    config: Option<&str>,
    expression: Option<&str>,
    disks: &str,
    system_disk: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let disks = read_disks(disks)?;
    let mut selectors = Vec::new();
    if let Some(expression) = expression {
        selectors.push(("--expr".to_owned(), expression.to_owned(), false));
    }
    if let Some(file) = config {
        for selector in load(file)?.disk_selectors() {
            selectors.push((selector.document, selector.expression, selector.default));
        }
    }
    if selectors.is_empty() {
        bail!("no disk selector: give --expr or a configuration with volume selectors");
    }
    let mut selections = Vec::new();
    for (source, expression, default) in selectors {
        let mut matches = Vec::new();
        for disk in &disks {
            let on_system_disk = system_disk.is_some_and(|path| path == disk.dev_path);
            let picked = evaluate_disk_selector(&expression, disk, on_system_disk)
                .with_context(|| format!("{source}: disk selector is invalid"))?;
            if picked {
                matches.push(disk.dev_path.clone());
            }
        }
        selections.push(Selection {
            source,
            expression,
            default,
            matches,
        });
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&selections)?);
    } else {
        for s in &selections {
            let note = if s.default { " (Talos' default)" } else { "" };
            println!("{}: {}{note}", s.source, s.expression);
            if s.matches.is_empty() {
                println!("  no disk matches");
            }
            for path in &s.matches {
                println!("  {path}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
