//! One decoded document of any kind, behind a trait object so a configuration can hold the
//! legacy `v1alpha1` document and all 89 kinds side by side, and hand them back typed.

use std::any::Any as StdAny;
use std::fmt::Debug;

use crate::goyaml::merge::{DeleteError, MergeError, MergeOpts, Src};
use crate::goyaml::{GoYaml, Node};
use crate::kind::Kind;
use crate::types::v1alpha1;
use crate::version::TalosVersion;

/// A document of a configuration: the legacy `v1alpha1` one or a typed kind.
pub trait Document: Debug + Send + Sync + 'static {
    /// The `kind:` (`"v1alpha1"` for the legacy document, as Talos reports it).
    fn kind(&self) -> &'static str;
    /// The `apiVersion:` (empty for the legacy document).
    fn api_version(&self) -> &'static str;
    /// The name, for kinds whose name is part of their identity; empty otherwise.
    fn name(&self) -> &str;
    /// Whether the kind is named.
    fn is_named(&self) -> bool;
    /// The Talos release that introduced the kind.
    fn since(&self) -> TalosVersion;
    /// The node Go's `yaml.Marshal` would produce for it.
    fn to_node(&self) -> Node;
    /// For downcasting to the concrete type.
    fn as_any(&self) -> &dyn StdAny;
    /// For downcasting to the concrete type, mutably.
    fn as_any_mut(&mut self) -> &mut dyn StdAny;
    /// A boxed copy.
    fn clone_box(&self) -> Box<dyn Document>;
    /// Whether `other` is the same kind with equal contents.
    fn same_as(&self, other: &dyn Document) -> bool;
    /// Talos' strategic merge (`merge.Merge`) of `right`, a document of the same kind, into
    /// this one; `src` is the node `right` was decoded from, when known (Go tells nil lists
    /// from empty ones, which matters for replace-semantics lists).
    fn merge_patch(&mut self, right: &dyn Document, src: Src<'_>) -> Result<(), MergeError>;
    /// `$patch: delete` at `path` below this document (`key`/`value` select a list element).
    fn delete_patch_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), DeleteError>;
}

/// The methods every concrete document implements the same way.
macro_rules! concrete_document_methods {
    () => {
        fn to_node(&self) -> Node {
            self.encode()
        }

        fn as_any(&self) -> &dyn StdAny {
            self
        }

        fn as_any_mut(&mut self) -> &mut dyn StdAny {
            self
        }

        fn clone_box(&self) -> Box<dyn Document> {
            Box::new(self.clone())
        }

        fn same_as(&self, other: &dyn Document) -> bool {
            other.as_any().downcast_ref::<Self>() == Some(self)
        }

        fn merge_patch(&mut self, right: &dyn Document, src: Src<'_>) -> Result<(), MergeError> {
            let Some(right) = right.as_any().downcast_ref::<Self>() else {
                return Err(MergeError::new(format!(
                    "merge type mismatch left *{} right {}",
                    <Self as GoYaml>::go_type(),
                    right.kind()
                )));
            };
            // merge.Merge(left, right) on two pointers: the structs merge field by field.
            <Self as GoYaml>::merge_from(
                self,
                right.clone(),
                src,
                MergeOpts {
                    replace: false,
                    overwrite: true,
                },
            )
        }

        fn delete_patch_path(
            &mut self,
            path: &[String],
            key: &str,
            value: &str,
        ) -> Result<(), DeleteError> {
            <Self as GoYaml>::delete_path(self, path, key, value)
        }
    };
}

impl<T: Kind> Document for T {
    fn kind(&self) -> &'static str {
        T::KIND
    }

    fn api_version(&self) -> &'static str {
        "v1alpha1"
    }

    fn name(&self) -> &str {
        Kind::name(self)
    }

    fn is_named(&self) -> bool {
        T::NAMED
    }

    fn since(&self) -> TalosVersion {
        T::SINCE
    }

    concrete_document_methods!();
}

impl Document for v1alpha1::Config {
    fn kind(&self) -> &'static str {
        "v1alpha1"
    }

    fn api_version(&self) -> &'static str {
        ""
    }

    fn name(&self) -> &str {
        ""
    }

    fn is_named(&self) -> bool {
        false
    }

    fn since(&self) -> TalosVersion {
        TalosVersion::new(1, 0)
    }

    concrete_document_methods!();
}

impl dyn Document {
    /// The concrete document, if it is a `T`.
    pub fn downcast_ref<T: Document>(&self) -> Option<&T> {
        self.as_any().downcast_ref()
    }

    /// The concrete document, mutably, if it is a `T`.
    pub fn downcast_mut<T: Document>(&mut self) -> Option<&mut T> {
        self.as_any_mut().downcast_mut()
    }

    /// Talos' `Kind/name` identity (`Kind/` for singletons).
    pub fn id(&self) -> String {
        format!("{}/{}", self.kind(), self.name())
    }
}

impl Clone for Box<dyn Document> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

impl PartialEq for Box<dyn Document> {
    fn eq(&self, other: &Self) -> bool {
        self.same_as(other.as_ref())
    }
}
