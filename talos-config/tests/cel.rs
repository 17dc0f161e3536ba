//! CEL checking and disk selector evaluation against cases captured from Talos' Go code
//! (`cel.ParseBooleanExpression` / `ParseDoubleExpression` with the `celenv` environments,
//! and `EvalBool` on `celenv.DiskLocator()`), via the conformance oracle's `cel.check` and
//! `cel.eval_disk` ops.
//!
//! `cel_cases/check.jsonl`: `{"env", "output", "expression", "error"}` with Go's error text
//! (empty when accepted). `cel_cases/eval.jsonl`: `{"expression", "disk", "system_disk",
//! "result", "error"}`. A case marked `verdict_only` is one where our wording of a syntax error
//! is known to differ from the ANTLR runtime's: only acceptance is compared.

use serde_json::Value;
use talos_config::cel::{Disk, Environment, check_boolean, check_double, evaluate_disk_selector};

fn cases(file: &str) -> Vec<Value> {
    let path = format!("{}/tests/cel_cases/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect()
}

fn environment(name: &str) -> Environment {
    match name {
        "disk" => Environment::DiskLocator,
        "volume" => Environment::VolumeLocator,
        "link" => Environment::LinkLocator,
        "oom_trigger" => Environment::OomTrigger,
        "oom_scoring" => Environment::OomCgroupScoring,
        "empty" => Environment::Empty,
        other => panic!("unknown environment {other}"),
    }
}

#[test]
fn checks_like_cel_go() {
    let cases = cases("check.jsonl");
    let mut failures = Vec::new();
    let (mut exact, mut verdict_only) = (0, 0);
    for case in &cases {
        let expr = case["expression"].as_str().unwrap();
        let env = environment(case["env"].as_str().unwrap());
        let want = case["error"].as_str().unwrap();
        let got = match case["output"].as_str() {
            Some("double") => check_double(expr, env),
            _ => check_boolean(expr, env),
        }
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        if case["verdict_only"].as_bool() == Some(true) {
            verdict_only += 1;
            if got.is_empty() != want.is_empty() {
                failures.push(format!("{expr:?} ({env:?}): want {want:?}, got {got:?}"));
            }
            continue;
        }
        exact += 1;
        if got != want {
            failures.push(format!(
                "{expr:?} ({env:?}):\n--- want\n{want}\n--- got\n{got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    assert!(
        exact > 900 && verdict_only < 20,
        "{exact} exact, {verdict_only} verdict-only"
    );
}

#[test]
fn evaluates_disk_selectors_like_talos() {
    let cases = cases("eval.jsonl");
    let mut failures = Vec::new();
    for case in &cases {
        let expr = case["expression"].as_str().unwrap();
        let disk: Disk = serde_json::from_value(case["disk"].clone()).unwrap();
        let system_disk = case["system_disk"].as_bool().unwrap();
        let want_result = case["result"].as_bool().unwrap();
        let want_error = case["error"].as_str().unwrap();
        let got = evaluate_disk_selector(expr, &disk, system_disk);
        let (got_result, got_error) = match &got {
            Ok(r) => (*r, String::new()),
            Err(e) => (false, e.to_string()),
        };
        let ok = if case["verdict_only"].as_bool() == Some(true) {
            got_result == want_result && got_error.is_empty() == want_error.is_empty()
        } else {
            got_result == want_result && got_error == want_error
        };
        if !ok {
            failures.push(format!(
                "{expr:?} on {disk:?} (system_disk {system_disk}): want ({want_result}, {want_error:?}), got {got:?}"
            ));
        }
    }
    assert!(cases.len() > 300);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn documented_selectors() {
    for expr in [
        r#"disk.transport == "nvme""#,
        "disk.size > 120u * GB && disk.size < 1u * TB",
        "!system_disk",
        r#"glob("/dev/sd*", disk.dev_path)"#,
    ] {
        assert_eq!(
            check_boolean(expr, Environment::DiskLocator),
            Ok(()),
            "{expr}"
        );
    }
    let err = check_boolean("disk.size > 120 * GB", Environment::DiskLocator).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ERROR: <input>:1:17: found no matching overload for '_*_' applied to '(int, uint)'\n | disk.size > 120 * GB\n | ................^"
    );
    assert_eq!(
        check_double("memory_max", Environment::OomCgroupScoring)
            .unwrap_err()
            .to_string(),
        "expression output type is optional_type(uint), expected double"
    );
}

#[test]
fn matches_disks() {
    let disk: Disk = serde_json::from_str(
        r#"{"size": 512110190592, "transport": "nvme", "dev_path": "/dev/nvme0n1",
            "symlinks": ["/dev/disk/by-id/nvme-eui.1"], "model": "Samsung SSD 970"}"#,
    )
    .unwrap();
    let eval = |expr: &str, system_disk: bool| evaluate_disk_selector(expr, &disk, system_disk);
    assert_eq!(eval(r#"disk.transport == "nvme""#, false), Ok(true));
    assert_eq!(eval("!system_disk", true), Ok(false));
    assert_eq!(
        eval(r#"glob("/dev/nvme*", disk.dev_path)"#, false),
        Ok(true)
    );
    assert_eq!(eval(r#"glob("/dev/sd*", disk.dev_path)"#, false), Ok(false));
    assert_eq!(
        eval("disk.size > 500u * GB && disk.size < 1u * TB", false),
        Ok(true)
    );
    assert_eq!(eval("has(disk.wwid)", false), Ok(false));
    assert_eq!(eval("has(disk.model)", false), Ok(true));
    assert!(eval("disk.size > 1", false).is_err());
    assert!(serde_json::from_str::<Disk>(r#"{"sise": 1}"#).is_err());
}
