//! Strategic merge patches: loading them (`configloader.NewFromBytes` with
//! `WithAllowPatchDelete`, duplicates allowed) and merging them (`StrategicMerge`).

use std::collections::HashMap;

use super::PatchError;
use super::delete::{self, ApplyError, DeleteSelector};
use crate::config::Config;
use crate::document::Document;
use crate::error::LoadError;
use crate::goyaml::merge::Src;
use crate::goyaml::{Node, NodeKind};
use crate::loader;
use crate::yaml::DocumentStream;

/// A strategic merge patch: documents to merge (or append), and `$patch: delete` selectors,
/// in the order Talos applies them.
#[derive(Debug, Clone)]
pub struct StrategicPatch {
    items: Vec<Item>,
}

/// One entry of a strategic patch.
#[derive(Debug, Clone)]
enum Item {
    /// A document, with the node it was decoded from (its `$patch` markers stripped).
    Document(Box<dyn Document>, Node),
    /// A `$patch: delete`.
    Delete(DeleteSelector),
}

impl StrategicPatch {
    /// The documents of the patch, in the order they are merged (the legacy document first).
    pub fn documents(&self) -> impl Iterator<Item = &dyn Document> {
        self.items.iter().filter_map(|item| match item {
            Item::Document(doc, _) => Some(doc.as_ref()),
            Item::Delete(_) => None,
        })
    }

    /// The `$patch: delete` selectors of the patch, in the order they are applied.
    pub fn deletes(&self) -> impl Iterator<Item = &DeleteSelector> {
        self.items.iter().filter_map(|item| match item {
            Item::Delete(selector) => Some(selector),
            Item::Document(..) => None,
        })
    }

    /// Loads a strategic merge patch: the configuration loader with `$patch: delete`
    /// allowed, and (as Talos 1.14 loads patches) duplicate documents allowed.
    pub fn from_bytes(input: &[u8]) -> Result<StrategicPatch, LoadError> {
        let mut items: Vec<Item> = Vec::new();
        for document in DocumentStream::new(input) {
            let document = document.map_err(|err| LoadError::Syntax(err.0))?;
            let line = document.line;
            let mut root = document.root;
            let mut selectors = Vec::new();
            let zeroed = delete::extract(&mut root, &mut selectors).map_err(|message| {
                LoadError::Container(format!(
                    "error processing patch delete statements at line {line}: {message}"
                ))
            })?;
            items.extend(selectors.into_iter().map(Item::Delete));
            if zeroed {
                continue;
            }
            match root.kind {
                NodeKind::Mapping => {}
                NodeKind::Scalar if root.is_null() => continue,
                _ => return Err(LoadError::NotADocument { line: root.line }),
            }
            let doc = loader::decode_document(&root).map_err(|cause| {
                let find = |key: &str| {
                    root.entries()
                        .find(|(k, _)| matches!(k.kind, NodeKind::Scalar) && k.value == key)
                        .map(|(_, v)| v.value.clone())
                        .unwrap_or_default()
                };
                let kind = find("kind");
                LoadError::Decode {
                    api_version: find("apiVersion"),
                    kind: if kind.is_empty() {
                        "v1alpha1".to_owned()
                    } else {
                        kind
                    },
                    name: find("name"),
                    line: root.line,
                    cause,
                }
            })?;
            items.push(Item::Document(doc, root));
        }
        if items.is_empty() {
            return Err(LoadError::NotFound);
        }
        // The container keeps one legacy document (and puts it first, after the deletes
        // aimed at it); the other documents keep their order.
        let legacy_count = items
            .iter()
            .filter(|item| matches!(item, Item::Document(doc, _) if doc.kind() == "v1alpha1"))
            .count();
        if legacy_count > 1 {
            return Err(LoadError::Container("duplicate v1alpha1.Config".to_owned()));
        }
        let is_legacy_delete =
            |item: &Item| matches!(item, Item::Delete(s) if s.kind() == "v1alpha1");
        let is_legacy_doc =
            |item: &Item| matches!(item, Item::Document(doc, _) if doc.kind() == "v1alpha1");
        let mut ordered = Vec::with_capacity(items.len());
        let (legacy_deletes, rest): (Vec<Item>, Vec<Item>) =
            items.into_iter().partition(is_legacy_delete);
        ordered.extend(legacy_deletes);
        let (legacy, rest): (Vec<Item>, Vec<Item>) = rest.into_iter().partition(is_legacy_doc);
        ordered.extend(legacy);
        ordered.extend(rest);
        Ok(StrategicPatch { items: ordered })
    }

    /// Go's `StrategicMerge`: every patch document merges into the configuration document
    /// with its `apiVersion/kind[/name]`, or is appended; selectors delete below (or whole)
    /// matching documents and are ignored when nothing matches; the result goes through the
    /// container rules again.
    pub(crate) fn apply(&self, config: Config) -> Result<Config, PatchError> {
        let mut left: Vec<Option<Box<dyn Document>>> =
            config.into_documents().into_iter().map(Some).collect();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, doc) in left.iter().enumerate() {
            if let Some(doc) = doc {
                index.insert(document_id(doc.as_ref()), i);
            }
        }
        for item in &self.items {
            match item {
                Item::Document(doc, node) => {
                    let id = document_id(doc.as_ref());
                    match index.get(&id).and_then(|&i| left[i].as_mut()) {
                        Some(target) => target
                            .merge_patch(doc.as_ref(), Src::Node(node))
                            .map_err(PatchError::from_merge)?,
                        None => {
                            index.insert(id, left.len());
                            left.push(Some(doc.clone_box()));
                        }
                    }
                }
                Item::Delete(selector) => {
                    let id = selector.id();
                    let Some(&i) = index.get(&id) else { continue };
                    let Some(target) = left[i].as_mut() else {
                        continue;
                    };
                    match selector.apply_to(target.as_mut()) {
                        Ok(()) => {}
                        Err(ApplyError::Zeroed) => {
                            index.remove(&id);
                            left[i] = None;
                        }
                        Err(ApplyError::Failed(message)) => {
                            return Err(PatchError::Delete(message));
                        }
                    }
                }
            }
        }
        Config::new(left.into_iter().flatten().collect()).map_err(PatchError::Container)
    }
}

/// Go's `documentID` in `StrategicMerge`: `apiVersion/kind`, plus `/name` for named kinds.
fn document_id(doc: &dyn Document) -> String {
    let mut id = format!("{}/{}", doc.api_version(), doc.kind());
    if doc.is_named() {
        id.push('/');
        id.push_str(doc.name());
    }
    id
}
