//! Where the Talos conformance corpus lives (`../shared/corpus/talos-v1.14.0-rc.1` beside the
//! repository, as in CI) and which of its files are YAML configuration inputs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use talos_conformance::corpus_root;

/// Every `.yaml`/`.yml`/`.test` file under the corpus' `pkg/machinery/config`, sorted.
pub fn corpus_yaml_files() -> Result<Vec<PathBuf>> {
    let root = corpus_root().join("pkg/machinery/config");
    let mut files = Vec::new();
    collect(&root, &mut files).with_context(|| format!("reading corpus {}", root.display()))?;
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "test")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
