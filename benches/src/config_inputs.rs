//! Configuration inputs for the config benchmarks: Talos' own `gen config` outputs from the
//! corpus (read from `../shared` beside the repository, or `$TALOS_CORPUS`).

use anyhow::{Context, Result};
use talos_conformance::corpus_root;

fn stability(version: &str, file: &str) -> Result<Vec<u8>> {
    let path = corpus_root()
        .join("pkg/machinery/config/types/v1alpha1/testdata/stability")
        .join(version)
        .join(file);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// The v1.14 base control-plane config: a slim v1alpha1 document plus 27 typed documents.
pub fn v1_14_controlplane() -> Result<Vec<u8>> {
    stability("v1.14", "base-controlplane.yaml")
}

/// The v1.13 control-plane config: the classic single legacy document (plus HostnameConfig).
pub fn v1_13_controlplane() -> Result<Vec<u8>> {
    stability("v1.13", "base-controlplane.yaml")
}

/// The documents of `yaml` whose kind the alpha.2 oracle knows (it predates the 1.14 Kube*
/// kinds), so both sides can load the same bytes.
pub fn alpha2_subset(yaml: &[u8], known: &[String]) -> Vec<u8> {
    let text = String::from_utf8_lossy(yaml);
    let docs: Vec<&str> = text
        .split("\n---\n")
        .filter(|doc| {
            doc.lines()
                .find_map(|line| line.strip_prefix("kind: "))
                .is_none_or(|kind| known.iter().any(|k| k == kind.trim()))
        })
        .collect();
    let mut out = docs.join("\n---\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.into_bytes()
}
