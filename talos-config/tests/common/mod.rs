//! What the integration tests share: where the Talos corpus is, and parsing one document.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use talos_config::Kind;
use talos_config::goyaml::{Decoder, GoYaml};
use talos_config::yaml::{DocumentStream, Node, emit};

/// The rc.1 corpus (`$TALOS_CORPUS`, or `../shared` beside the repository as in CI).
pub fn corpus() -> PathBuf {
    std::env::var_os("TALOS_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/talos-v1.14.0-rc.1"),
        PathBuf::from,
    )
}

/// The corpus' `pkg/machinery/config` directory.
pub fn config_dir() -> PathBuf {
    corpus().join("pkg/machinery/config")
}

/// The corpus' `pkg/machinery/config/types` directory.
pub fn types_dir() -> PathBuf {
    config_dir().join("types")
}

/// The first document of `text`.
pub fn parse(text: &str) -> Node {
    DocumentStream::new(text.as_bytes())
        .next()
        .expect("a document")
        .expect("valid YAML")
        .root
}

/// Decodes `text` as `T`, returning the value and go-yaml's verdict.
pub fn decode<T: GoYaml>(text: &str) -> (T, Result<(), String>) {
    let root = parse(text);
    let mut decoder = Decoder::new();
    let mut value = T::default();
    value.decode_into(&root, &mut decoder);
    (value, decoder.finish())
}

/// Decodes a document as `T` (its kind must be `T`'s, decoding must succeed and be strict),
/// re-encodes it and decodes the encoding again (same value). With `exact`, the encoding
/// must also print as `text` (fixtures are Go encoder output).
pub fn round_trip<T: GoYaml + Kind + std::fmt::Debug>(
    text: &str,
    label: &str,
    exact: bool,
) -> Result<(), String> {
    let root = parse(text);
    let kind = root
        .get("kind")
        .map(|k| k.value.clone())
        .unwrap_or_default();
    if kind != T::KIND {
        return Err(format!("{label}: kind {kind} dispatched to {}", T::KIND));
    }
    let mut decoder = Decoder::new();
    let mut value = T::default();
    value.decode_into(&root, &mut decoder);
    decoder
        .finish()
        .map_err(|e| format!("{label}: decode failed: {e}"))?;
    match T::unknown_keys(&root) {
        Ok(None) => {}
        other => return Err(format!("{label}: unknown keys: {other:?}")),
    }
    let encoded = value.encode();
    let mut decoder = Decoder::new();
    let mut again = T::default();
    again.decode_into(&encoded, &mut decoder);
    decoder
        .finish()
        .map_err(|e| format!("{label}: re-decode failed: {e}"))?;
    if again != value {
        return Err(format!("{label}: value changed\n{value:?}\n{again:?}"));
    }
    let printed = emit(&encoded);
    if exact && printed != text {
        return Err(format!(
            "{label}: encoding differs\n--- fixture\n{text}--- ours\n{printed}"
        ));
    }
    Ok(())
}
