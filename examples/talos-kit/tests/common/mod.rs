//! Running the built `talos-kit` binary from the CLI tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `talos-kit` with `args`.
pub fn talos_kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talos-kit"))
        .args(args)
        .output()
        .expect("talos-kit runs")
}

/// Standard output of a run that must succeed.
pub fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// A temporary path as the `&str` argument the CLI takes.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}
