//! Talos' document decoder (`configloader`): split the stream, recognise each document's
//! type, decode it strictly, refuse duplicates — with Go's decisions and error texts.

use std::collections::BTreeSet;

use crate::document::Document;
use crate::error::LoadError;
use crate::goyaml::{Decoder, GoYaml, Node, NodeKind, go_quote};
use crate::registry;
use crate::types::v1alpha1;
use crate::yaml::{DocumentStream, emit};

/// Keys whose presence makes a document the legacy `v1alpha1` one.
const LEGACY_KEYS: [&str; 4] = ["machine", "cluster", "debug", "persist"];

/// Decodes every document of `input` in order.
pub(crate) fn decode_documents(input: &[u8]) -> Result<Vec<Box<dyn Document>>, LoadError> {
    let mut decoded: Vec<Box<dyn Document>> = Vec::new();
    // Few documents, short ids: ordered comparisons beat hashing them.
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for document in DocumentStream::new(input) {
        let document = document.map_err(|err| LoadError::Syntax(err.0))?;
        let root = &document.root;
        match root.kind {
            NodeKind::Mapping => {}
            NodeKind::Scalar if root.is_null() => continue,
            _ => return Err(LoadError::NotADocument { line: root.line }),
        }
        let api_version = find_value(root, "apiVersion");
        let kind = find_value(root, "kind");
        let kind = if kind.is_empty() { "v1alpha1" } else { kind };
        let name = find_value(root, "name");
        let id = (api_version.to_owned(), kind.to_owned(), name.to_owned());
        if seen.contains(&id) {
            return Err(LoadError::DuplicateDocument {
                api_version: id.0,
                kind: id.1,
                name: id.2,
                line: root.line,
            });
        }
        match decode_document(root) {
            Ok(doc) => decoded.push(doc),
            Err(cause) => {
                return Err(LoadError::Decode {
                    api_version: id.0,
                    kind: id.1,
                    name: id.2,
                    line: root.line,
                    cause,
                });
            }
        }
        seen.insert(id);
    }
    if decoded.is_empty() {
        return Err(LoadError::NotFound);
    }
    Ok(decoded)
}

/// Go's `findValue`: the text of the value of the first scalar key named `key`.
fn find_value<'n>(mapping: &'n Node, key: &str) -> &'n str {
    mapping
        .entries()
        .find(|(k, _)| matches!(k.kind, NodeKind::Scalar) && k.value == key)
        .map_or("", |(_, v)| v.value.as_str())
}

/// Go's `decode`: type recognition, typed decoding, unknown-key check.
pub(crate) fn decode_document(manifest: &Node) -> Result<Box<dyn Document>, String> {
    let mut version = String::new();
    let mut kind = String::new();
    // Go scans keys and values alike and decodes the node after a match.
    let nodes = &manifest.children;
    for (i, node) in nodes.iter().enumerate() {
        let target = match node.value.as_str() {
            "kind" => Some(("kind", &mut kind)),
            "apiVersion" => Some(("version", &mut version)),
            key if LEGACY_KEYS.contains(&key) => {
                version = "v1alpha1".to_owned();
                None
            }
            _ => None,
        };
        let Some((what, out)) = target else { continue };
        let Some(value) = nodes.get(i + 1) else {
            return Err(format!(
                "recovered: runtime error: index out of range [{}] with length {}",
                i + 1,
                nodes.len()
            ));
        };
        let mut decoder = Decoder::new();
        out.decode_into(value, &mut decoder);
        decoder
            .finish()
            .map_err(|err| format!("{what} decode: {err}"))?;
    }
    if version == "v1alpha1" && kind.is_empty() {
        return decode_typed::<v1alpha1::Config>(manifest, &kind, "*v1alpha1.Config");
    }
    if kind.is_empty() {
        return Err("missing kind".to_owned());
    }
    if version.is_empty() {
        return Err("missing apiVersion".to_owned());
    }
    // The registry answers the legacy document for kind `v1alpha1` whatever the version.
    if kind == "v1alpha1" {
        return decode_typed::<v1alpha1::Config>(manifest, &kind, "*v1alpha1.Config");
    }
    let entry = registry::lookup(&kind)
        .filter(|_| version == "v1alpha1")
        .ok_or_else(|| format!("{} {}: not registered", go_quote(&kind), go_quote(&version)))?;
    let mut decoder = Decoder::new();
    let doc = entry.decode(manifest, &mut decoder);
    decoder
        .finish()
        .map_err(|err| format!("error decoding {kind} to *{}: {err}", entry.go_type()))?;
    check_unknown(entry.unknown_keys(manifest))?;
    Ok(doc)
}

fn decode_typed<T: GoYaml + Document>(
    manifest: &Node,
    kind: &str,
    go_type: &str,
) -> Result<Box<dyn Document>, String> {
    let mut decoder = Decoder::new();
    let mut value = T::default();
    value.decode_into(manifest, &mut decoder);
    decoder
        .finish()
        .map_err(|err| format!("error decoding {kind} to {go_type}: {err}"))?;
    check_unknown(T::unknown_keys(manifest))?;
    Ok(Box::new(value))
}

/// Turns xyaml's result into its error text.
fn check_unknown(result: Result<Option<Node>, String>) -> Result<(), String> {
    match result? {
        None => Ok(()),
        Some(unknown) => Err(format!(
            "unknown keys found during decoding:\n{}",
            emit(&unknown)
        )),
    }
}
