//! `talos-kit config patch`: `talosctl machineconfig patch` without talosctl.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use talos_config::patch::{self, ConfigOrBytes};

use crate::config::{read_input, write_atomically};

/// Loads the patches (`@file`, file names or inline text, as talosctl takes them), applies
/// them in order to the file's bytes and writes the result: the canonical encoding after a
/// strategic merge patch, the YAML of the JSON patch library after a JSON patch.
pub fn patch(file: &str, patches: &[String], output: Option<PathBuf>) -> Result<ExitCode> {
    let patches = patch::load_patches(patches).context("loading patches")?;
    let input = read_input(file)?;
    let patched = patch::apply(ConfigOrBytes::Bytes(input), &patches)
        .with_context(|| format!("patching {file}"))?
        .into_bytes();
    match output {
        Some(path) => write_atomically(&path, &patched)?,
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(&patched)
                .context("writing standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
