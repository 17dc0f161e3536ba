//! Errors of the network-config model.

/// Why one text value (an enum name, an IP address, a duration…) was refused.
///
/// Returned by the [`FromStr`](std::str::FromStr) implementations of the scalar types of
/// [`network`](crate::network) and carried by [`NetworkConfigError::InvalidValue`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// The text is not one of the names of an enumeration (Go: `X does not belong to T values`).
    #[error("{value:?} does not belong to {type_name} values")]
    UnknownName {
        /// The Go type name, e.g. `Scope` or `BondMode`.
        type_name: &'static str,
        /// The refused text.
        value: String,
    },
    /// The text is not an IP address in a form Go's `netip.ParseAddr` accepts.
    #[error("invalid IP address {value:?}: {reason}")]
    IpAddress {
        /// The refused text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The text is not a prefix in a form Go's `netip.ParsePrefix` accepts.
    #[error("invalid IP prefix {value:?}: {reason}")]
    IpPrefix {
        /// The refused text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The text is not a hexadecimal hardware address.
    #[error("invalid hardware address {value:?}: {reason}")]
    HardwareAddr {
        /// The refused text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The text is not a Go duration (`1m30s`, `250ms`, …).
    #[error("invalid duration {value:?}: {reason}")]
    Duration {
        /// The refused text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Everything that can go wrong reading or writing a [`PlatformNetworkConfig`].
///
/// `path` fields locate the offending value in the document, e.g. `links[1].bondMaster.mode`
/// (empty for the top level).
///
/// [`PlatformNetworkConfig`]: crate::network::PlatformNetworkConfig
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkConfigError {
    /// The bytes are neither UTF-8 nor UTF-16 with a byte-order mark.
    #[error("network config is not valid UTF-8 (bad byte at offset {offset})")]
    NonUtf8 {
        /// Offset of the first byte that is not part of a valid UTF-8 sequence.
        offset: usize,
    },
    /// The bytes start with a UTF-16 byte-order mark but are not valid UTF-16.
    #[error("network config is not valid UTF-16 (bad code unit at byte offset {offset})")]
    InvalidUtf16 {
        /// Byte offset of the first bad code unit.
        offset: usize,
    },
    /// The input holds no YAML document at all (empty, blanks or comments only); Talos refuses
    /// it too (`yaml: no documents in stream`).
    #[error("network config contains no YAML document")]
    NoDocument,
    /// The YAML is malformed.
    #[error("YAML syntax error: {message}")]
    Syntax {
        /// The parser's description, with its line and column when known.
        message: String,
    },
    /// The document nests deeper, or expands aliases further, than this reader handles.
    #[error("YAML document too complex: {message}")]
    TooComplex {
        /// What limit was reached.
        message: String,
    },
    /// A value has the wrong YAML shape or kind for its field, e.g. a mapping where an IP
    /// address belongs, or `"5"` (a string) where a number belongs.
    #[error("{path}: cannot decode {found} into {expected}")]
    TypeMismatch {
        /// Where in the document.
        path: String,
        /// What was found, in Go's style: ``!!str `abc` ``, `!!map`, `!!seq`, …
        found: String,
        /// The Go type that was expected, e.g. `uint32` or `[]network.LinkSpecSpec`.
        expected: &'static str,
    },
    /// A text value was refused by its type (bad enum name, bad IP address, …).
    #[error("{path}: {source}")]
    InvalidValue {
        /// Where in the document.
        path: String,
        /// What was wrong with the text.
        #[source]
        source: ValueError,
    },
    /// The same key appears twice in one mapping.
    #[error("{path}: mapping key {key:?} already defined")]
    DuplicateKey {
        /// Where in the document (the mapping holding the key).
        path: String,
        /// The repeated key.
        key: String,
    },
    /// Strict mode only: a key that is not a field of the structure at `path`.
    #[error("{path}: unknown field {key:?}")]
    UnknownField {
        /// Where in the document (the mapping holding the key).
        path: String,
        /// The unknown key.
        key: String,
    },
    /// A YAML merge key (`<<`) whose value is not a mapping or a sequence of mappings.
    #[error("{path}: map merge requires map or sequence of maps as the value")]
    BadMerge {
        /// Where in the document.
        path: String,
    },
    /// Writing YAML failed (only possible for values built by hand that no YAML can hold).
    #[error("cannot write network config as YAML: {message}")]
    Serialize {
        /// What went wrong.
        message: String,
    },
}

impl NetworkConfigError {
    pub(crate) fn invalid(path: String, source: ValueError) -> Self {
        Self::InvalidValue { path, source }
    }
}
