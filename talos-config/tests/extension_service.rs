//! Extension service definitions against Go: every `tests/extension_service/<case>.yaml` is
//! parsed and validated, and the outcome must equal the sibling `<case>.expected` JSON
//! captured from the oracle's `extensions.service.validate` op
//! (`{"parse_error": s, "error": s, "valid": bool}`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use talos_config::extension_service::{
    ExtensionServiceDefinition, NetworkStatus, OciMount, RestartKind, ServiceDependency,
};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extension_service")
}

/// Go's outcome for `input`, in the oracle's shape.
fn outcome(input: &[u8]) -> (String, String, bool) {
    match ExtensionServiceDefinition::parse(input) {
        Err(err) => (err, String::new(), false),
        Ok(spec) => match spec.validate() {
            Ok(()) => (String::new(), String::new(), true),
            Err(err) => (String::new(), err.to_string(), false),
        },
    }
}

#[test]
fn definitions_match_go() {
    let mut files: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("cases directory")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() > 50, "the cases are missing");
    let mut failures = Vec::new();
    for file in &files {
        let expected: Value =
            serde_json::from_str(&fs::read_to_string(file.with_extension("expected")).unwrap())
                .unwrap();
        let want = (
            expected["parse_error"].as_str().unwrap().to_owned(),
            expected["error"].as_str().unwrap().to_owned(),
            expected["valid"].as_bool().unwrap(),
        );
        let got = outcome(&fs::read(file).unwrap());
        if got != want {
            failures.push(format!(
                "{}:\n  go:   {want:?}\n  rust: {got:?}",
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} definitions disagree with Go:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// The corpus definition decodes to the values Go's own test expects, and is valid.
#[test]
fn corpus_hello_decodes_like_go() {
    let path = common::corpus().join("pkg/machinery/extensions/services/testdata/hello.yaml");
    let spec = ExtensionServiceDefinition::parse(&fs::read(path).unwrap()).unwrap();
    assert_eq!(spec.name, "hello");
    assert_eq!(spec.service_id(), "ext-hello");
    assert_eq!(spec.container.entrypoint, "hello-world");
    assert_eq!(spec.container.args, ["--development", "--log=debug"]);
    assert_eq!(
        spec.container.mounts,
        [OciMount {
            destination: "/var/lib/example".to_owned(),
            r#type: "bind".to_owned(),
            source: "/var/lib/example".to_owned(),
            options: vec!["rbind".to_owned(), "ro".to_owned()],
            ..OciMount::default()
        }]
    );
    assert_eq!(
        spec.depends,
        [
            ServiceDependency {
                service: "cri".to_owned(),
                ..ServiceDependency::default()
            },
            ServiceDependency {
                path: "/system/run/machined/machined.sock".to_owned(),
                ..ServiceDependency::default()
            },
            ServiceDependency {
                network: vec![NetworkStatus::parse("addresses").unwrap()],
                ..ServiceDependency::default()
            },
        ]
    );
    assert_eq!(spec.restart, RestartKind::NEVER);
    assert!(!spec.log_to_console);
    assert!(spec.validate().is_ok());
}

/// Go's own `TestValidate` cases, built as values (some cannot come from YAML).
#[test]
fn go_validate_table() {
    let empty = ExtensionServiceDefinition::default();
    assert_eq!(
        empty.validate().unwrap_err().to_string(),
        "3 errors occurred:\n\t* name \"\" is invalid\n\t* restart kind is invalid: RestartKind(0)\n\t* container endpoint can't be empty\n\n"
    );

    let mut spec = ExtensionServiceDefinition {
        name: "FOO".to_owned(),
        restart: RestartKind::ALWAYS,
        ..ExtensionServiceDefinition::default()
    };
    spec.container.entrypoint = "foo".to_owned();
    assert_eq!(
        spec.validate().unwrap_err().to_string(),
        "1 error occurred:\n\t* name \"FOO\" is invalid\n\n"
    );

    spec.name = "foo".to_owned();
    spec.depends = vec![
        ServiceDependency::default(),
        ServiceDependency {
            path: "./somefile".to_owned(),
            ..ServiceDependency::default()
        },
        ServiceDependency {
            network: vec![NetworkStatus(0)],
            ..ServiceDependency::default()
        },
        ServiceDependency {
            network: vec![NetworkStatus::parse("addresses").unwrap()],
            path: "/foo".to_owned(),
            ..ServiceDependency::default()
        },
    ];
    assert_eq!(
        spec.validate().unwrap_err().to_string(),
        "4 errors occurred:\n\t* no dependency specified\n\t* path is not absolute: \"./somefile\"\n\t* invalid network dependency: Status(0)\n\t* more than a single dependency is set\n\n"
    );
}
