//! Errors, worded exactly as Talos' Go library words them (scripts match on these texts).

/// Why a configuration could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// No document at all (empty input, only comments or empty documents).
    #[error("config not found")]
    NotFound,
    /// The YAML itself is malformed (go-yaml's message).
    #[error("decode error: {0}")]
    Syntax(String),
    /// A document whose root is not a mapping.
    #[error("expected a YAML document at line {line}")]
    NotADocument {
        /// Line of the document root.
        line: u32,
    },
    /// The same apiVersion/kind/name twice.
    #[error("duplicate document {api_version}/{kind}/{name} is not allowed (line {line})")]
    DuplicateDocument {
        /// `apiVersion` as written.
        api_version: String,
        /// `kind` (or `v1alpha1` for the legacy document).
        kind: String,
        /// `name` as written.
        name: String,
        /// Line of the second document.
        line: u32,
    },
    /// A document that does not decode (type recognition, type errors, unknown keys).
    #[error("error decoding document {api_version}/{kind}/{name} (line {line}): {cause}")]
    Decode {
        /// `apiVersion` as written.
        api_version: String,
        /// `kind` (or `v1alpha1`).
        kind: String,
        /// `name` as written.
        name: String,
        /// Line of the document.
        line: u32,
        /// Go's message for the failure.
        cause: String,
    },
    /// A whole-configuration rule (duplicates by identity, conflicting kinds, link claims).
    #[error("{0}")]
    Container(String),
    /// Reading the input failed.
    #[error("{0}")]
    Io(String),
}
