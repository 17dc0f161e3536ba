//! A whole machine configuration: Talos' document container.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use crate::document::Document;
use crate::error::LoadError;
use crate::kind::Kind;
use crate::loader;
use crate::registry;
use crate::types::v1alpha1;
use crate::version::{self, TalosVersion};
use crate::yaml::emit;

/// A machine configuration: the legacy `v1alpha1` document (if any) and typed documents of
/// every other kind, in their order.
///
/// ```
/// use talos_config::Config;
/// use talos_config::types::network::HostnameConfig;
///
/// let cfg = Config::from_bytes(b"apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n")?;
/// assert!(cfg.get::<HostnameConfig>("").is_some());
/// assert_eq!(cfg.encode(), "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n");
/// # Ok::<(), talos_config::LoadError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    legacy: Option<Box<v1alpha1::Config>>,
    documents: Vec<Box<dyn Document>>,
    /// The bytes it was loaded from, while it is unchanged (Talos returns them verbatim).
    original: Option<Vec<u8>>,
}

impl Config {
    /// Loads a configuration as `configloader.NewFromBytes` does.
    pub fn from_bytes(input: &[u8]) -> Result<Config, LoadError> {
        let documents = loader::decode_documents(input)?;
        let mut config = Config::new(documents)?;
        config.original = Some(input.to_vec());
        Ok(config)
    }

    /// Loads from a reader.
    pub fn from_reader(mut reader: impl Read) -> Result<Config, LoadError> {
        let mut input = Vec::new();
        reader
            .read_to_end(&mut input)
            .map_err(|err| LoadError::Io(err.to_string()))?;
        Config::from_bytes(&input)
    }

    /// Loads from a file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Config, LoadError> {
        let input = std::fs::read(path.as_ref())
            .map_err(|err| LoadError::Io(format!("{}: {err}", path.as_ref().display())))?;
        Config::from_bytes(&input)
    }

    /// Builds a configuration from documents, with Talos' container rules: one legacy
    /// document, unique `Kind/name`, no conflicting kinds under one name, and no network
    /// link configured by two documents.
    pub fn new(documents: Vec<Box<dyn Document>>) -> Result<Config, LoadError> {
        let mut config = Config::default();
        let mut seen: HashSet<String> = HashSet::new();
        let mut conflicting: HashMap<String, String> = HashMap::new();
        let mut link_claims: HashMap<String, String> = HashMap::new();
        for doc in documents {
            if doc.kind() == "v1alpha1" {
                if config.legacy.is_some() {
                    return Err(LoadError::Container("duplicate v1alpha1.Config".to_owned()));
                }
                let legacy = doc
                    .as_any()
                    .downcast_ref::<v1alpha1::Config>()
                    .cloned()
                    .expect("the v1alpha1 kind is v1alpha1::Config");
                config.legacy = Some(Box::new(legacy));
                continue;
            }
            let id = doc.id();
            if !seen.insert(id.clone()) {
                return Err(LoadError::Container(format!("duplicate document: {id}")));
            }
            if let Some(other) = conflicting.get(&id) {
                return Err(LoadError::Container(format!(
                    "conflicting documents: {other} and {id}"
                )));
            }
            for kind in registry::conflicts_with(doc.kind()) {
                let other = format!("{kind}/{}", doc.name());
                if seen.contains(&other) {
                    return Err(LoadError::Container(format!(
                        "conflicting documents: {other} and {id}"
                    )));
                }
                conflicting.insert(other, id.clone());
            }
            for link in claimed_links(doc.as_ref()) {
                if let Some(owner) = link_claims.get(&link) {
                    return Err(LoadError::Container(format!(
                        "conflicting link configurations: {owner} and {id} both configure {}",
                        crate::goyaml::go_quote(&link)
                    )));
                }
                link_claims.insert(link, id.clone());
            }
            config.documents.push(doc);
        }
        Ok(config)
    }

    /// All documents: the legacy one first, then the others in order.
    pub fn documents(&self) -> impl Iterator<Item = &dyn Document> {
        self.legacy
            .iter()
            .map(|legacy| legacy.as_ref() as &dyn Document)
            .chain(self.documents.iter().map(AsRef::as_ref))
    }

    /// All documents, owned, in [`Config::documents`] order.
    pub(crate) fn into_documents(self) -> Vec<Box<dyn Document>> {
        let mut all: Vec<Box<dyn Document>> = Vec::with_capacity(self.documents.len() + 1);
        if let Some(legacy) = self.legacy {
            all.push(legacy);
        }
        all.extend(self.documents);
        all
    }

    /// The legacy `v1alpha1` document.
    pub fn v1alpha1(&self) -> Option<&v1alpha1::Config> {
        self.legacy.as_deref()
    }

    /// The legacy `v1alpha1` document, for editing.
    pub fn v1alpha1_mut(&mut self) -> Option<&mut v1alpha1::Config> {
        self.original = None;
        self.legacy.as_deref_mut()
    }

    /// The document of kind `T` with this name (`""` for singleton kinds).
    pub fn get<T: Kind>(&self, name: &str) -> Option<&T> {
        self.all::<T>().find(|doc| Kind::name(*doc) == name)
    }

    /// The document of kind `T` with this name, for editing.
    pub fn get_mut<T: Kind>(&mut self, name: &str) -> Option<&mut T> {
        self.original = None;
        self.documents
            .iter_mut()
            .filter_map(|doc| doc.downcast_mut::<T>())
            .find(|doc| Kind::name(*doc) == name)
    }

    /// Every document of kind `T`.
    pub fn all<T: Kind>(&self) -> impl Iterator<Item = &T> {
        self.documents
            .iter()
            .filter_map(|doc| doc.downcast_ref::<T>())
    }

    /// The document with this kind name and name.
    pub fn find(&self, kind: &str, name: &str) -> Option<&dyn Document> {
        self.documents()
            .find(|doc| doc.kind() == kind && doc.name() == name)
    }

    /// Adds a document, checking the container rules again.
    pub fn insert(&mut self, doc: Box<dyn Document>) -> Result<(), LoadError> {
        let mut all: Vec<Box<dyn Document>> = self.documents().map(|d| d.clone_box()).collect();
        all.push(doc);
        *self = Config::new(all)?;
        Ok(())
    }

    /// Removes the document with this kind name and name.
    pub fn remove(&mut self, kind: &str, name: &str) -> Option<Box<dyn Document>> {
        if kind == "v1alpha1" {
            self.original = None;
            return self.legacy.take().map(|legacy| legacy as Box<dyn Document>);
        }
        let index = self
            .documents
            .iter()
            .position(|doc| doc.kind() == kind && doc.name() == name)?;
        self.original = None;
        Some(self.documents.remove(index))
    }

    /// Whether the configuration still has the bytes it was loaded from.
    pub fn is_unchanged(&self) -> bool {
        self.original.is_some()
    }

    /// The configuration as Talos' `Bytes()` returns it: the loaded bytes verbatim while
    /// unchanged (comments and all), the canonical encoding otherwise.
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.original {
            Some(bytes) => bytes.clone(),
            None => self.encode().into_bytes(),
        }
    }

    /// The canonical encoding (`EncodeBytes` with comments disabled): each document as
    /// go-yaml marshals it, the legacy one first, `---` between documents.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for doc in self.documents() {
            if !out.is_empty() {
                out.push_str("---\n");
            }
            out.push_str(&emit(&doc.to_node()));
        }
        out
    }

    /// What a Talos release `target` would not understand: every document whose kind it
    /// does not know, and in the others every field set (present in the encoded document)
    /// that it does not know, in document order. Field releases come from the generated
    /// table [`crate::field_since`]; the legacy document's fields are checked from Talos 1.3
    /// on (older targets get the fields added since 1.3).
    ///
    /// ```
    /// use talos_config::{Config, TalosVersion};
    ///
    /// let cfg = Config::from_bytes(
    ///     b"version: v1alpha1\nmachine:\n  features:\n    imageCache:\n      localEnabled: true\n",
    /// )?;
    /// let problems = cfg.check_version(TalosVersion::new(1, 8));
    /// assert_eq!(
    ///     problems[0].to_string(),
    ///     "v1alpha1: .machine.features.imageCache needs Talos >= 1.9"
    /// );
    /// assert!(cfg.check_version(TalosVersion::new(1, 9)).is_empty());
    /// # Ok::<(), talos_config::LoadError>(())
    /// ```
    pub fn check_version(&self, target: TalosVersion) -> Vec<VersionProblem> {
        let mut problems = Vec::new();
        for doc in self.documents() {
            if doc.since() > target {
                problems.push(VersionProblem {
                    kind: doc.kind(),
                    name: doc.name().to_owned(),
                    field: None,
                    since: doc.since(),
                });
                continue;
            }
            for field in version::newer_fields(doc, target) {
                problems.push(VersionProblem {
                    kind: doc.kind(),
                    name: doc.name().to_owned(),
                    field: Some(field.path),
                    since: field.since,
                });
            }
        }
        problems
    }
}

/// Something in a configuration that needs a newer Talos than the target: a whole document
/// (its kind is newer) or one field set in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VersionProblem {
    /// The kind (`v1alpha1` for the legacy document).
    pub kind: &'static str,
    /// The document name (empty for singletons).
    pub name: String,
    /// The field's path in the document (`.machine.network.interfaces[0].vip`, map keys that
    /// are not plain names quoted: `.machine.registries.mirrors["docker.io"]`); `None` when
    /// the kind itself is newer.
    pub field: Option<String>,
    /// The first Talos release that knows the kind, or the field.
    pub since: TalosVersion,
}

impl std::fmt::Display for VersionProblem {
    /// `RoutingRuleConfig/r1 needs Talos >= 1.13`,
    /// `v1alpha1: .machine.features.imageCache needs Talos >= 1.9`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind)?;
        if !self.name.is_empty() {
            write!(f, "/{}", self.name)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, " needs Talos >= {}", self.since)
    }
}

/// The link names a document configures (Talos 1.14 refuses two documents configuring the
/// same link): link kinds claim their own name, a veth also its peer.
fn claimed_links(doc: &dyn Document) -> Vec<String> {
    if !registry::LINK_KINDS.contains(&doc.kind()) {
        return Vec::new();
    }
    let mut links = vec![doc.name().to_owned()];
    if let Some(veth) = doc.downcast_ref::<crate::types::network::VethConfig>() {
        links.push(veth.peer.name.clone());
    }
    links
}
