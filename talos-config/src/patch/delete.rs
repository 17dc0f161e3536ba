//! `$patch: delete`: finding the markers in a patch document's node tree (Go's
//! `AppendDeletesTo`/`processNode`), stripping them, and applying the resulting selectors to
//! documents (`selector.ApplyTo`).

use crate::document::Document;
use crate::goyaml::merge::DeleteError;
use crate::goyaml::{Node, NodeKind};

/// One `$patch: delete`: which document (by apiVersion, kind and name), which path below
/// it, and for list elements the `key: value` that selects the element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteSelector {
    path: Vec<String>,
    api_version: String,
    kind: String,
    name: String,
    key: String,
    value: String,
}

/// Why a selector could not be applied.
#[derive(Debug)]
pub(crate) enum ApplyError {
    /// The whole document goes (`ErrZeroedDocument`).
    Zeroed,
    /// Go's text.
    Failed(String),
}

impl DeleteSelector {
    /// The document's `apiVersion` (empty for the legacy document).
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// The document's kind (`v1alpha1` for the legacy document).
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The document's name (empty for unnamed selectors).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The YAML path below the document (`machine.network.interfaces.[0]`); empty when the
    /// whole document is deleted.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The path as Go prints it (`machine.network.hostname`).
    pub fn path_text(&self) -> String {
        self.path.join(".")
    }

    /// Go's `documentID` of the selector: `apiVersion/kind[/name]`.
    pub(crate) fn id(&self) -> String {
        let mut id = format!("{}/{}", self.api_version, self.kind);
        if !self.name.is_empty() {
            id.push('/');
            id.push_str(&self.name);
        }
        id
    }

    /// Go's `ApplyTo` (named selectors wrap their errors differently).
    pub(crate) fn apply_to(&self, doc: &mut dyn Document) -> Result<(), ApplyError> {
        if self.name.is_empty() {
            return self.apply_inner(doc).map_err(|err| match err {
                ApplyError::Failed(message) => ApplyError::Failed(format!(
                    "patch delete: path '{}' in document '{}/{}': {message}",
                    self.path_text(),
                    doc.api_version(),
                    doc.kind()
                )),
                zeroed => zeroed,
            });
        }
        let result = if !doc.is_named() {
            Err(ApplyError::Failed(format!(
                "not a named document, expected {}",
                self.name
            )))
        } else if doc.name() != self.name {
            Err(ApplyError::Failed(format!(
                "name mismatch, expected {}, got {}",
                self.name,
                doc.name()
            )))
        } else {
            self.apply_inner(doc)
        };
        result.map_err(|err| match err {
            ApplyError::Failed(message) => ApplyError::Failed(format!(
                "named patch delete: document {}/{}: {message}",
                doc.api_version(),
                doc.kind()
            )),
            zeroed => zeroed,
        })
    }

    fn apply_inner(&self, doc: &mut dyn Document) -> Result<(), ApplyError> {
        if self.kind != doc.kind() || self.api_version != doc.api_version() {
            return Err(ApplyError::Failed(format!(
                "incorrect document type for {}/{}",
                self.api_version, self.kind
            )));
        }
        if self.path.is_empty() {
            return Err(ApplyError::Zeroed);
        }
        doc.delete_patch_path(&self.path, &self.key, &self.value)
            .map_err(|err| {
                ApplyError::Failed(format!(
                    "failed to delete path '{}': {}",
                    self.path_text(),
                    match err {
                        DeleteError::LookupFailed => "lookup failed".to_owned(),
                        DeleteError::Other(message) => message,
                    }
                ))
            })
    }
}

/// Where a `$patch: delete` mapping sits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Document,
    Mapping,
    Sequence,
}

/// The top-level scalar keys a selector names its document by, read before stripping (the
/// stripping removes only keys whose values are collections, which Go reads as "").
struct RootKeys {
    mapping: bool,
    api_version: Option<String>,
    kind: Option<String>,
    name: Option<String>,
}

impl RootKeys {
    fn of(root: &Node) -> RootKeys {
        let find = |key: &str| {
            root.entries()
                .find(|(k, _)| matches!(k.kind, NodeKind::Scalar) && k.value == key)
                .map(|(_, v)| value_text(v))
        };
        RootKeys {
            mapping: matches!(root.kind, NodeKind::Mapping),
            api_version: find("apiVersion"),
            kind: find("kind"),
            name: find("name"),
        }
    }
}

/// go-yaml's `Node.Value`: the text of a scalar, the name of an alias, empty otherwise.
fn value_text(node: &Node) -> String {
    match node.kind {
        NodeKind::Scalar | NodeKind::Alias(_) => node.value.clone(),
        _ => String::new(),
    }
}

/// Go's `AppendDeletesTo` for one document: collects the selectors (in Go's order) and
/// strips the markers from `root`. Returns whether the document is left with nothing (Go
/// zeroes it then), or the panic text Go recovers into an error.
pub(crate) fn extract(root: &mut Node, out: &mut Vec<DeleteSelector>) -> Result<bool, String> {
    let keys = RootKeys::of(root);
    let mut walk = Walk {
        keys: &keys,
        out,
        path: Vec::with_capacity(8),
    };
    let (_, delete) = walk.node(Parent::Document, root)?;
    if delete {
        return Ok(true);
    }
    Ok(is_empty_doc(root))
}

struct Walk<'a> {
    keys: &'a RootKeys,
    out: &'a mut Vec<DeleteSelector>,
    path: Vec<String>,
}

impl Walk<'_> {
    /// Go's `processNode`: `(continue, delete this node)`.
    fn node(&mut self, parent: Parent, v: &mut Node) -> Result<(bool, bool), String> {
        match v.kind {
            NodeKind::Mapping => {
                let mut i = 0;
                while i + 1 < v.children.len() {
                    let is_marker = {
                        let (key, value) = (&v.children[i], &v.children[i + 1]);
                        matches!(value.kind, NodeKind::Scalar)
                            && key.value == "$patch"
                            && value.value == "delete"
                    };
                    if is_marker {
                        if parent != Parent::Sequence {
                            ensure_no_sequence(&self.path)?;
                        }
                        let selector = match parent {
                            Parent::Sequence => self.sequence_selector(v)?,
                            _ => self.selector(String::new(), String::new())?,
                        };
                        self.out.push(selector);
                        return Ok((true, true));
                    }
                    self.path.push(v.children[i].value.clone());
                    let result = self.node(Parent::Mapping, &mut v.children[i + 1]);
                    self.path.pop();
                    let (cont, delete) = result?;
                    if !cont {
                        return Ok((false, delete));
                    }
                    if delete {
                        v.children.drain(i..i + 2);
                        if v.children.is_empty() {
                            return Ok((true, true));
                        }
                        continue;
                    }
                    i += 2;
                }
                Ok((true, false))
            }
            NodeKind::Sequence => {
                let mut i = 0;
                while i < v.children.len() {
                    self.path.push(format!("[{i}]"));
                    let result = self.node(Parent::Sequence, &mut v.children[i]);
                    self.path.pop();
                    let (cont, delete) = result?;
                    if !cont {
                        return Ok((false, delete));
                    }
                    if delete {
                        v.children.remove(i);
                        if v.children.is_empty() {
                            return Ok((true, true));
                        }
                        continue;
                    }
                    i += 1;
                }
                Ok((true, false))
            }
            NodeKind::Scalar | NodeKind::Alias(_) => Ok((true, false)),
        }
    }

    /// Go's `makeSequenceSelector`: the first `key: value` of the element other than the
    /// marker selects it.
    fn sequence_selector(&self, element: &Node) -> Result<DeleteSelector, String> {
        for (key, value) in element.entries() {
            if matches!(value.kind, NodeKind::Scalar)
                && key.value == "$patch"
                && value.value == "delete"
            {
                continue;
            }
            return self.selector(value_text(key), value_text(value));
        }
        Err(format!(
            "no key:val found in sequence node for path {}",
            self.path.join(".")
        ))
    }

    /// Go's `makeSelector`.
    fn selector(&self, key: String, value: String) -> Result<DeleteSelector, String> {
        if !self.keys.mapping {
            return Err("expected a mapping node".to_owned());
        }
        let required = self.path.is_empty();
        let api_version = match &self.keys.api_version {
            Some(v) => v.clone(),
            None if required => {
                return Err(
                    "missing apiVersion in document for which $patch: delete is used".to_owned(),
                );
            }
            None => String::new(),
        };
        let kind = match &self.keys.kind {
            Some(v) => v.clone(),
            None if required => {
                return Err("missing kind in document for which $patch: delete is used".to_owned());
            }
            None => String::new(),
        };
        let kind = match (kind.is_empty(), api_version.is_empty()) {
            (true, true) => "v1alpha1".to_owned(),
            (false, false) => kind,
            _ => {
                return Err(format!(
                    "kind and apiVersion must be both set for path {}",
                    self.path.join(".")
                ));
            }
        };
        Ok(DeleteSelector {
            path: self.path.clone(),
            api_version,
            kind,
            name: self.keys.name.clone().unwrap_or_default(),
            key,
            value,
        })
    }
}

/// Go's `ensureNoSeqInChain` (an empty path element is a Go index panic there).
fn ensure_no_sequence(path: &[String]) -> Result<(), String> {
    for part in path {
        match part.as_bytes().first() {
            None => return Err("runtime error: index out of range [0] with length 0".to_owned()),
            Some(b'[') => {
                return Err(format!(
                    "cannot delete an inner key in '{}'",
                    path.join(".")
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Go's `isEmptyDoc`: a mapping of only scalar `version`, `kind` and `name` keys.
fn is_empty_doc(node: &Node) -> bool {
    if !matches!(node.kind, NodeKind::Mapping) {
        return false;
    }
    node.entries().all(|(key, value)| {
        matches!(key.kind, NodeKind::Scalar)
            && matches!(value.kind, NodeKind::Scalar)
            && matches!(key.value.as_str(), "version" | "kind" | "name")
    })
}
