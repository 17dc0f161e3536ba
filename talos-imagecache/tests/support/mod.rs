//! Test helpers shared by the integration tests. Each test binary uses only part of them.
#![allow(dead_code)]

pub mod fake_registry;
pub mod http;
pub mod registry;

use std::fs;
use std::path::Path;

/// Every file below `root`, as sorted relative paths.
pub fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    out.sort();
    out
}
