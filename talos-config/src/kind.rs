//! What every multi-document kind shares.

use crate::goyaml::GoStruct;
use crate::version::TalosVersion;

/// A document kind (`LinkConfig`, `VolumeConfig`, …): `apiVersion: v1alpha1` plus its fields.
pub trait Kind: GoStruct + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static {
    /// The `kind:` value.
    const KIND: &'static str;
    /// Whether the top-level `name` is part of the document's identity.
    const NAMED: bool;
    /// The Talos release that introduced the kind.
    const SINCE: TalosVersion;
    /// The document's name (empty for singleton kinds).
    fn name(&self) -> &str;
}
