//! Validation cases captured from Go's `ValidateAsClient` (the conformance oracle): every
//! `tests/validate_cases/<area>/<case>.yaml` is loaded and validated, and the warnings and
//! error text must equal the sibling `<case>.expected` JSON
//! (`{"mode": "metal", "strict": false, "warnings": [...], "error": "..."}`, `error` empty
//! when Go accepts the configuration). An optional `"load_error"` (non-empty) says Go
//! refused to load the file; the case then only checks that loading fails. Other keys (such
//! as `"source"`) are notes for people and are ignored.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use talos_config::Config;
use talos_config::validate::{Context, Mode};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_cases")
}

/// Every `.yaml` case below the cases directory, sorted.
fn case_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![cases_dir()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs one case; `Err` describes the disagreement.
fn run_case(yaml_path: &Path) -> Result<(), String> {
    let expected_path = yaml_path.with_extension("expected");
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(&expected_path)
            .map_err(|e| format!("{}: {e}", expected_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let input = fs::read(yaml_path).map_err(|e| e.to_string())?;
    let load_error = expected["load_error"].as_str().unwrap_or("");
    let config = match Config::from_bytes(&input) {
        Ok(config) if load_error.is_empty() => config,
        Ok(_) => return Err(format!("loaded, but Go refuses: {load_error}")),
        Err(_) if !load_error.is_empty() => return Ok(()),
        Err(err) => return Err(format!("load failed: {err}")),
    };
    let mode_name = expected["mode"].as_str().unwrap_or("metal");
    let mode = Mode::parse(mode_name).ok_or_else(|| format!("unknown mode {mode_name}"))?;
    let strict = expected["strict"].as_bool().unwrap_or(false);
    let report = config.validate(&Context { mode, strict });

    let want_warnings: Vec<String> = expected["warnings"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|w| w.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let want_error = expected["error"].as_str().unwrap_or("");
    let got_error = report.error_text().unwrap_or_default();
    let mut problems = Vec::new();
    if report.warnings != want_warnings {
        problems.push(format!(
            "warnings differ:\n  go:   {want_warnings:?}\n  rust: {:?}",
            report.warnings
        ));
    }
    if got_error != want_error {
        problems.push(format!(
            "error differs:\n  go:   {want_error:?}\n  rust: {got_error:?}"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn validation_matches_go() {
    let files = case_files();
    let mut failures = Vec::new();
    for file in &files {
        if let Err(problem) = run_case(file) {
            let name = file.strip_prefix(cases_dir()).unwrap_or(file);
            failures.push(format!("{}: {problem}", name.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} validation cases disagree with Go:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
