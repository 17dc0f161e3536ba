//! `talos-kit config validate`: `talosctl validate` without talosctl.

use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;
use talos_config::validate::{Context, Mode, Report};

use crate::config::load;

/// One file's verdict, for `--json`.
#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    mode: &'static str,
    strict: bool,
    #[serde(flatten)]
    report: Report,
}

/// Validates each file; exits 1 when any is invalid (or does not load), as talosctl does.
pub fn validate(files: &[String], mode: &str, strict: bool, json: bool) -> Result<ExitCode> {
    let Some(mode) = Mode::parse(mode) else {
        bail!("unknown mode {mode:?} (valid values are metal, cloud, and container)");
    };
    let ctx = Context { mode, strict };
    let mut all_valid = true;
    let mut reports = Vec::new();
    for file in files {
        let config = match load(file) {
            Ok(config) => config,
            Err(err) => {
                eprintln!("{err:#}");
                all_valid = false;
                continue;
            }
        };
        let report = config.validate(&ctx);
        all_valid &= report.is_valid();
        if !json {
            for warning in &report.warnings {
                eprintln!("WARNING: {warning}");
            }
            match report.error_text() {
                Some(text) => eprintln!("{file}: {text}"),
                None => println!("{file} is valid for {mode} mode"),
            }
        }
        reports.push(FileReport {
            file,
            mode: mode.as_str(),
            strict,
            report,
        });
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
