//! Talos' strategic merge (`config/merge`) and `$patch: delete` lookups
//! (`configloader/internal/decoder/selector.go`), as [`GoYaml`] methods.
//!
//! Both are reflection-driven in Go, so every Go kind behaves its own way:
//!
//! - scalars: the right value replaces the left one unless it is Go's zero value and the
//!   scalar is not behind a pointer (`bool` always replaces);
//! - pointers ([`Option`]): a nil right side is skipped, a nil left side takes the right one,
//!   otherwise the pointees merge with zero values overwriting;
//! - slices: appended, or replaced for `merge:"replace"` fields and `[]byte` (a nil right
//!   slice is skipped — [`Src`] tells nil from empty, which Rust's `Vec` cannot);
//! - maps: merged key by key (`map[string]any` values must hold the same Go type);
//! - structs: field by field; unexported fields cannot be set, so Go's own structs with
//!   them (`netip.Prefix`, `url.Userinfo`, …) fail to merge with its error text;
//! - types with a `Merge` method (byte sizes, CEL expressions, `meta.Args`, the keyed lists)
//!   do what the method does.
//!
//! The default methods of [`GoYaml`] implement the scalar rules; containers, structs
//! (`#[derive(GoYaml)]`) and the special types override them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{GoYaml, Node, NodeKind};
use crate::yaml::resolve::Resolved;

/// A merge failure, worded as Go's `merge.Merge` words it (`merge field T.F: …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    message: String,
    panic: bool,
}

impl MergeError {
    /// An error with Go's text.
    pub fn new(message: impl Into<String>) -> MergeError {
        MergeError {
            message: message.into(),
            panic: false,
        }
    }

    /// Where Go's code panics (a runtime error it does not recover from): Talos would crash;
    /// the message is the panic value's text.
    pub fn panic(message: impl Into<String>) -> MergeError {
        MergeError {
            message: message.into(),
            panic: true,
        }
    }

    /// Go's `merge not possible, left V is not settable` (an unexported field).
    pub fn not_settable(left: impl std::fmt::Display) -> MergeError {
        MergeError::new(format!("merge not possible, left {left} is not settable"))
    }

    /// Wraps with `merge field GoType.Field: `.
    pub fn in_field(self, go_type: &str, field: &str) -> MergeError {
        if self.panic {
            return self;
        }
        MergeError {
            message: format!("merge field {go_type}.{field}: {}", self.message),
            panic: false,
        }
    }

    /// Wraps with `merge map key MapType[key]: `.
    pub fn in_map_key(self, map_type: &str, key: &str) -> MergeError {
        if self.panic {
            return self;
        }
        MergeError {
            message: format!("merge map key {map_type}[{key}]: {}", self.message),
            panic: false,
        }
    }

    /// Whether Go panics here instead of returning an error.
    pub fn is_panic(&self) -> bool {
        self.panic
    }

    /// The text.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MergeError {}

/// A `$patch: delete` lookup failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteError {
    /// Go's `ErrLookupFailed` (`lookup failed`).
    LookupFailed,
    /// Any other of Go's texts (`searching for complex paths in slices is not supported`).
    Other(String),
}

impl std::fmt::Display for DeleteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeleteError::LookupFailed => f.write_str("lookup failed"),
            DeleteError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for DeleteError {}

/// Where the right-hand value of a merge came from: its YAML node, when known. Go keeps nil
/// and empty slices apart (`podSubnets: []` clears a replace-semantics list, an absent key
/// does not); the decoded Rust value cannot, the node can.
#[derive(Debug, Clone, Copy)]
pub enum Src<'a> {
    /// Not known (built in memory): an empty collection is taken as nil.
    Unknown,
    /// The key was absent: Go's zero value.
    Absent,
    /// Decoded from this node.
    Node(&'a Node),
}

impl<'a> Src<'a> {
    /// The node of a struct field or map key.
    pub fn field(self, key: &str) -> Src<'a> {
        let Src::Node(node) = self else {
            return self;
        };
        let node = node.resolved();
        if !matches!(node.kind, NodeKind::Mapping) {
            return Src::Unknown;
        }
        let mut found = Src::Absent;
        for (k, v) in node.entries() {
            let k = k.resolved();
            if !matches!(k.kind, NodeKind::Scalar) {
                return Src::Unknown;
            }
            if k.resolve() == Resolved::Merge {
                // `<<` may set the key too.
                return Src::Unknown;
            }
            if k.value == key {
                found = Src::Node(v);
            }
        }
        found
    }

    /// The node of the `index`th of `count` decoded sequence items (unknown when items were
    /// dropped while decoding).
    pub fn item(self, index: usize, count: usize) -> Src<'a> {
        match self {
            Src::Node(node) => {
                let node = node.resolved();
                if matches!(node.kind, NodeKind::Sequence) && node.children.len() == count {
                    Src::Node(&node.children[index])
                } else {
                    Src::Unknown
                }
            }
            Src::Absent => Src::Unknown,
            Src::Unknown => Src::Unknown,
        }
    }

    /// Go's `IsZero` for a slice or map that decoded to `empty`: nil when the key was
    /// absent or null.
    pub fn is_nil(self, empty: bool) -> bool {
        match self {
            Src::Unknown => empty,
            Src::Absent => true,
            Src::Node(node) => {
                let node = node.resolved();
                matches!(node.kind, NodeKind::Scalar) && node.resolve() == Resolved::Null
            }
        }
    }
}

/// How one merge step is done: Go's `replace` (the field's `merge:"replace"` tag) and
/// `overwrite` (the value sits behind a pointer) flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeOpts {
    /// Replace instead of append/merge.
    pub replace: bool,
    /// Zero scalars overwrite (the value is behind a pointer).
    pub overwrite: bool,
}

impl MergeOpts {
    /// A struct field's options.
    pub fn field(replace: bool) -> MergeOpts {
        MergeOpts {
            replace,
            overwrite: false,
        }
    }
}

/// Go's scalar rule: replace unless the right value is zero (and not behind a pointer).
pub fn merge_scalar<T: GoYaml>(left: &mut T, right: T, opts: MergeOpts) {
    if opts.overwrite || !right.is_zero() {
        *left = right;
    }
}

/// Go's slice rule for `Vec`s (named slice types delegate here).
pub fn merge_slice<T: GoYaml>(
    left: &mut Vec<T>,
    right: Vec<T>,
    src: Src<'_>,
    opts: MergeOpts,
) -> Result<(), MergeError> {
    if src.is_nil(right.is_empty()) {
        return Ok(());
    }
    if opts.replace || T::go_type() == "uint8" {
        *left = right;
    } else {
        left.extend(right);
    }
    Ok(())
}

/// Go's `deleteStructFrom`: removes the first struct element whose field tagged `key` prints
/// as `value`.
pub fn delete_from_slice<T: GoYaml>(
    items: &mut Vec<T>,
    path: &[String],
    key: &str,
    value: &str,
) -> Result<(), DeleteError> {
    let Some((search, rest)) = path.split_first() else {
        return Err(DeleteError::Other("path is empty".to_owned()));
    };
    if !rest.is_empty() {
        return Err(DeleteError::Other(
            "searching for complex paths in slices is not supported".to_owned(),
        ));
    }
    if search.is_empty() {
        return Err(DeleteError::Other(
            "searching for '' in a slice is not supported".to_owned(),
        ));
    }
    if !search.starts_with('[') {
        return Err(DeleteError::Other(
            "searching for non-integer keys in slices is not supported".to_owned(),
        ));
    }
    match items
        .iter()
        .position(|item| item.delete_matches(key, value))
    {
        Some(index) => {
            items.remove(index);
            Ok(())
        }
        None => Err(DeleteError::LookupFailed),
    }
}

/// `reflect.Value.String()` of a non-string value without a `String` method.
pub fn go_value_string<T: GoYaml>() -> String {
    format!("<{} Value>", T::go_type())
}

/// Go's map rule for `map[string]V` (`meta.Args` excepted: it has its own `Merge`).
pub fn merge_map<V: GoYaml>(
    left: &mut BTreeMap<String, V>,
    right: BTreeMap<String, V>,
    src: Src<'_>,
    opts: MergeOpts,
    map_type: &str,
) -> Result<(), MergeError> {
    if src.is_nil(right.is_empty()) {
        return Ok(());
    }
    if opts.replace {
        *left = right;
        return Ok(());
    }
    for (key, value) in right {
        match left.get_mut(&key) {
            Some(existing) if !existing.go_is_nil() => {
                if let (Some(l), Some(r)) = (existing.dynamic_type(), value.dynamic_type())
                    && l != r
                {
                    return Err(type_mismatch(&l, &r));
                }
                if value.dynamic_type().is_none() && existing.dynamic_type().is_some() {
                    // A nil interface on the right: Go calls Type() on a zero Value.
                    return Err(MergeError::panic(
                        "reflect: call of reflect.Value.Type on zero Value",
                    ));
                }
                let child = src.field(&key);
                existing
                    .merge_from(value, child, MergeOpts::default())
                    .map_err(|e| e.in_map_key(map_type, &key))?;
            }
            _ => {
                left.insert(key, value);
            }
        }
    }
    Ok(())
}

/// Go's `merge type mismatch left L right R`.
pub fn type_mismatch(left: &str, right: &str) -> MergeError {
    MergeError::new(format!("merge type mismatch left {left} right {right}"))
}

/// Go's `deleteForPath` on a `map[string]V`.
pub fn delete_from_map<V: GoYaml>(
    map: &mut BTreeMap<String, V>,
    path: &[String],
    key: &str,
    value: &str,
) -> Result<(), DeleteError> {
    let Some((search, rest)) = path.split_first() else {
        return Err(DeleteError::Other("path is empty".to_owned()));
    };
    match map.get_mut(search) {
        None => Err(DeleteError::LookupFailed),
        Some(_) if rest.is_empty() => {
            map.remove(search);
            Ok(())
        }
        Some(inner) => inner.delete_path(rest, key, value),
    }
}

/// The Go name of a struct field, for `merge field T.F` texts: Talos' field names (from the
/// Go types via the oracle's schema dump), else the YAML key with its first letter
/// upper-cased.
pub fn go_field_name(go_type: &str, yaml: &str) -> Cow<'static, str> {
    if let Ok(i) = GO_FIELDS.binary_search_by(|(t, y, _)| (*t, *y).cmp(&(go_type, yaml))) {
        return Cow::Borrowed(GO_FIELDS[i].2);
    }
    let mut chars = yaml.chars();
    match chars.next() {
        Some(first) => Cow::Owned(first.to_uppercase().chain(chars).collect()),
        None => Cow::Borrowed(""),
    }
}

/// The Go field name of an embedded (`,inline`) field of type `go_type`: the type's name.
pub fn embedded_field_name(go_type: &str) -> &str {
    let name = go_type.trim_start_matches('*');
    name.rsplit('.').next().unwrap_or(name)
}

include!("go_fields.rs");

/// `Any` merging: the concrete values behind two `interface{}`s of the same Go type.
pub(crate) fn merge_any(
    left: &mut super::Any,
    right: super::Any,
    src: Src<'_>,
) -> Result<(), MergeError> {
    use super::Any;
    match (left, right) {
        (Any::Map(l), Any::Map(r)) => {
            let map_type = any_map_type(l);
            for (key, value) in r {
                let existing = l.iter_mut().find(|(k, _)| *k == key);
                match existing {
                    Some((_, existing)) if !matches!(existing, Any::Null) => {
                        let (lt, rt) = (existing.dynamic_type(), value.dynamic_type());
                        let (Some(lt), Some(rt)) = (lt, rt) else {
                            return Err(MergeError::panic(
                                "reflect: call of reflect.Value.Type on zero Value",
                            ));
                        };
                        if lt != rt {
                            return Err(type_mismatch(&lt, &rt));
                        }
                        let key_text = any_key_text(&key);
                        existing
                            .merge_from(value, src.field(&key_text), MergeOpts::default())
                            .map_err(|e| e.in_map_key(&map_type, &key_text))?;
                    }
                    Some((_, existing)) => *existing = value,
                    None => l.push((key, value)),
                }
            }
            Ok(())
        }
        (Any::Seq(l), Any::Seq(r)) => {
            l.extend(r);
            Ok(())
        }
        (left @ Any::String(_), right @ Any::String(_))
        | (left @ Any::Int(_), right @ Any::Int(_))
        | (left @ Any::Uint(_), right @ Any::Uint(_))
        | (left @ Any::Float(_), right @ Any::Float(_)) => {
            if !any_is_zero(&right) {
                *left = right;
            }
            Ok(())
        }
        (left @ Any::Bool(_), right @ Any::Bool(_)) => {
            *left = right;
            Ok(())
        }
        (Any::Timestamp(_), Any::Timestamp(_)) => {
            // time.Time is a struct of unexported fields.
            Err(MergeError::not_settable("…").in_field("time.Time", "wall"))
        }
        (left, right) => {
            let (lt, rt) = (left.dynamic_type(), right.dynamic_type());
            match (lt, rt) {
                (Some(lt), Some(rt)) => Err(type_mismatch(&lt, &rt)),
                _ => {
                    if !matches!(right, Any::Null) {
                        *left = right;
                    }
                    Ok(())
                }
            }
        }
    }
}

fn any_is_zero(value: &super::Any) -> bool {
    use super::Any;
    match value {
        Any::String(s) => s.is_empty(),
        Any::Int(i) => *i == 0,
        Any::Uint(u) => *u == 0,
        Any::Float(f) => f.to_bits() == 0,
        _ => false,
    }
}

/// Go's type of a decoded map: `map[string]interface {}` when every key is a string.
pub(crate) fn any_map_type(entries: &[(super::Any, super::Any)]) -> String {
    if entries
        .iter()
        .all(|(k, _)| matches!(k, super::Any::String(_)))
    {
        "map[string]interface {}".to_owned()
    } else {
        "map[interface {}]interface {}".to_owned()
    }
}

/// A map key as `%v` prints it.
pub(crate) fn any_key_text(key: &super::Any) -> String {
    use super::Any;
    match key {
        Any::Null => "<nil>".to_owned(),
        Any::Bool(b) => b.to_string(),
        Any::Int(i) => i.to_string(),
        Any::Uint(u) => u.to_string(),
        Any::Float(f) => super::format_go_float(*f),
        Any::String(s) | Any::Timestamp(s) => s.clone(),
        Any::Seq(_) | Any::Map(_) => String::new(),
    }
}

/// Go's runtime error for a nil pointer dereference.
const NIL_DEREFERENCE: &str = "runtime error: invalid memory address or nil pointer dereference";

/// The keyed list merges of Talos' `Merge` methods on `[]*T` lists (interfaces by name or
/// selector, VLANs by ID, admission plugins by name): each right element is merged into the
/// first left element it matches (`searches` says whether it looks at all), else appended
/// (and then matchable by later right elements). Nil elements where Go dereferences them
/// are Go panics.
pub fn merge_keyed_list<T: GoYaml>(
    left: &mut Vec<Option<T>>,
    right: Vec<Option<T>>,
    src: Src<'_>,
    searches: impl Fn(&T) -> bool,
    matches: impl Fn(&T, &T) -> bool,
) -> Result<(), MergeError> {
    let count = right.len();
    for (i, item) in right.into_iter().enumerate() {
        let Some(item) = item else {
            return Err(MergeError::panic(NIL_DEREFERENCE));
        };
        let mut existing = None;
        if searches(&item) {
            for (j, candidate) in left.iter().enumerate() {
                let Some(candidate) = candidate else {
                    return Err(MergeError::panic(NIL_DEREFERENCE));
                };
                if matches(candidate, &item) {
                    existing = Some(j);
                    break;
                }
            }
        }
        match existing {
            Some(j) => {
                let target = left[j].as_mut().expect("matched elements are set");
                // merge.Merge(existing, item): two pointers, so zero values overwrite.
                target.merge_from(
                    item,
                    src.item(i, count),
                    MergeOpts {
                        replace: false,
                        overwrite: true,
                    },
                )?;
            }
            None => left.push(Some(item)),
        }
    }
    Ok(())
}
