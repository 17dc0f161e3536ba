//! Go's decoding and encoding rules, as traits over the node tree.
//!
//! Talos decodes each document with go-yaml v4 (`yaml.Node.Decode` into a Go struct), then
//! checks for unknown keys (`xyaml.CheckUnknownKeys`), and encodes with go-yaml's
//! representer. [`GoYaml`] carries the same three jobs for every Rust type, so decisions and
//! error texts match: which scalars a field accepts, what `null` does, the `line N: cannot
//! construct !!str `abc` into uint32` texts (which name Go's types), omitempty, and the
//! unknown-key sub-tree.
//!
//! Structs implement it with `#[derive(GoYaml)]`; Go's scalar types map to Rust's (`int` is
//! `isize`, `uint` is `usize`, `int64` is `i64`, …), pointers to `Option`, slices to `Vec`,
//! `map[string]T` to `BTreeMap<String, T>`, `any` to [`Any`].

mod any;
mod float;
pub mod merge;
mod primitives;
mod quote;
pub mod serde_support;

use std::borrow::Cow;
use std::collections::HashSet;

pub use any::Any;
pub use float::format_go_float;
pub use quote::{go_lower, go_quote, go_quote_bytes};
/// serde, re-exported for the derive macro's `Serialize`/`Deserialize` impls.
pub use serde;

use crate::yaml::resolve::{self, Resolved};
pub use crate::yaml::{Node, NodeKind, ScalarStyle};

/// A Go type as go-yaml sees it.
pub trait GoYaml: Default {
    /// Go's name for the type (`uint32`, `[]string`, `network.LinkConfigV1Alpha1`), as
    /// go-yaml prints it in errors.
    fn go_type() -> Cow<'static, str>;

    /// Decodes `node` (never an alias) into `self` the way go-yaml's constructor does,
    /// recording type errors in `decoder`. Returns Go's "good" flag: `false` when nothing was
    /// stored (a sequence then drops the element, as Go does).
    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool;

    /// Go's representer: the node go-yaml would marshal this value to.
    fn encode(&self) -> Node;

    /// go-yaml's `omitempty` test (Go's zero value, or the type's own `IsZero`).
    fn is_zero(&self) -> bool;

    /// `xyaml.CheckUnknownKeys` for this type: the unknown keys under `node`, as a sub-tree.
    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        scalar_unknown_keys(node, &Self::go_type())
    }

    /// Talos' strategic merge of `right` into `self` (`merge.Merge`), for Go's kind of this
    /// type. The default is Go's scalar rule: `right` replaces `self` unless it is the zero
    /// value and not behind a pointer. `src` is the node `right` was decoded from.
    fn merge_from(
        &mut self,
        right: Self,
        src: merge::Src<'_>,
        opts: merge::MergeOpts,
    ) -> Result<(), merge::MergeError>
    where
        Self: Sized,
    {
        let _ = src;
        merge::merge_scalar(self, right, opts);
        Ok(())
    }

    /// `$patch: delete` below this value (`deleteForPath`): `path` is what is left of the
    /// YAML path; `key`/`value` select a list element. Scalars have nothing below them.
    fn delete_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), merge::DeleteError> {
        let _ = (path, key, value);
        Err(merge::DeleteError::LookupFailed)
    }

    /// Whether this list element is a struct whose field tagged `key` prints (`String()`)
    /// as `value` (the element a `- key: value` + `$patch: delete` item removes).
    fn delete_matches(&self, key: &str, value: &str) -> bool {
        let _ = (key, value);
        false
    }

    /// What Go's `reflect.Value.String()` (or the type's `String` method) prints.
    fn go_string(&self) -> String {
        merge::go_value_string::<Self>()
    }

    /// Go's nil test on a map value (nil pointer, slice, map or interface).
    fn go_is_nil(&self) -> bool {
        false
    }

    /// For Go interfaces (`any`): the Go type of the value held, `None` when nil. Other
    /// types answer `None`.
    fn dynamic_type(&self) -> Option<Cow<'static, str>> {
        None
    }

    /// Decodes `node`, following aliases and counting constructions (Go's alias-bomb guard).
    fn decode_into(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !decoder.enter(node) {
            return false;
        }
        if let NodeKind::Alias(target) = &node.kind {
            decoder.alias_depth += 1;
            let good = self.decode_into(target, decoder);
            decoder.alias_depth -= 1;
            return good;
        }
        self.construct(node, decoder)
    }
}

/// The field-level half of a derived struct, which `inline` fields delegate to.
pub trait GoStruct: GoYaml {
    /// Decodes one mapping entry; `false` when no field (inline ones included) has this key.
    fn decode_field(&mut self, key: &str, value: &Node, decoder: &mut Decoder) -> bool;
    /// Unknown-key check for one entry; `None` when the key is not a field.
    fn field_unknown_keys(key: &str, value: &Node) -> Option<Result<Option<Node>, String>>;
    /// Appends the encoded key/value pairs, in Go's field order, honouring omitempty.
    fn encode_fields(&self, out: &mut Vec<Node>);
}

/// One go-yaml construct error: position and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The message, as Go words it.
    pub message: String,
}

/// The state of one decode: collected type errors, a fatal error that stops everything (Go's
/// `Fail` panic), and the alias accounting.
#[derive(Debug, Default)]
pub struct Decoder {
    errors: Vec<TypeError>,
    fatal: Option<String>,
    construct_count: usize,
    alias_count: usize,
    alias_depth: usize,
    merged: Option<HashSet<String>>,
}

impl Decoder {
    /// A fresh decoder.
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Records a construct error at `node`.
    pub fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.errors.push(TypeError {
            line: node.line,
            column: node.column,
            message: message.into(),
        });
    }

    /// Stops the decode with Go's `Fail` text (`go-yaml load error in constructor at L:C: …`).
    pub fn fail(&mut self, node: &Node, message: &str) {
        if self.fatal.is_none() {
            self.fatal = Some(format!(
                "go-yaml load error in constructor at {}:{}: {message}",
                node.line, node.column
            ));
        }
    }

    /// go-yaml's `tagError`: `cannot construct !!str `abc` into uint32`.
    pub fn tag_error(&mut self, node: &Node, go_type: &str) {
        let tag = resolve::short_tag(&node.tag);
        let mut message = format!("cannot construct {tag}");
        if tag != resolve::SEQ && tag != resolve::MAP {
            let value = &node.value;
            if value.len() > 10 {
                // Go slices bytes; a cut inside a UTF-8 sequence cannot be kept in a String.
                let head = String::from_utf8_lossy(&value.as_bytes()[..7]);
                message.push_str(&format!(" `{head}...`"));
            } else {
                message.push_str(&format!(" `{value}`"));
            }
        }
        message.push_str(&format!(" into {go_type}"));
        self.error(node, message);
    }

    /// Whether decoding may go on (no fatal error yet), after counting this construction.
    fn enter(&mut self, node: &Node) -> bool {
        if self.fatal.is_some() {
            return false;
        }
        self.construct_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if excessive_aliasing(self.alias_count, self.construct_count) {
            self.fail(node, "document contains excessive aliasing");
            return false;
        }
        true
    }

    /// The outcome: `Ok` or Go's error text.
    pub fn finish(self) -> Result<(), String> {
        if let Some(fatal) = self.fatal {
            return Err(fatal);
        }
        if self.errors.is_empty() {
            return Ok(());
        }
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| {
                if e.line > 0 {
                    format!("line {}: {}", e.line, e.message)
                } else {
                    format!("<unknown position>: {}", e.message)
                }
            })
            .collect();
        Err(format!("yaml: construct errors: {}", parts.join("; ")))
    }

    /// Whether a fatal error stopped the decode.
    pub fn failed(&self) -> bool {
        self.fatal.is_some()
    }

    /// Decodes a mapping into a struct, as go-yaml's `mappingStruct` does (duplicate keys
    /// refused, `<<` merges applied after the mapping's own keys, unknown keys ignored).
    pub fn decode_struct<T: GoStruct>(
        &mut self,
        target: &mut T,
        node: &Node,
        go_type: &str,
    ) -> bool {
        match node.kind {
            NodeKind::Mapping => {}
            NodeKind::Scalar if node.resolve() == Resolved::Null => return false,
            _ => {
                self.tag_error(node, go_type);
                return false;
            }
        }
        let Some(merge) = self.mapping_entries(node, |decoder, name, value| {
            target.decode_field(name, value, decoder);
        }) else {
            return false;
        };
        if let Some(merge) = merge {
            self.merge(node, merge, |decoder, item| {
                target.decode_into(item, decoder);
            });
        }
        true
    }

    /// go-yaml's walk over a mapping's entries, shared by structs and maps: duplicate keys
    /// refuse the mapping, each key is decoded as a string (keys an enclosing `<<` already
    /// set are skipped), and `entry` gets the rest. Returns the `<<` value for the caller
    /// to apply after the mapping's own keys, or `None` when the mapping was refused or
    /// decoding stopped.
    pub fn mapping_entries<'n>(
        &mut self,
        node: &'n Node,
        mut entry: impl FnMut(&mut Decoder, &str, &'n Node),
    ) -> Option<Option<&'n Node>> {
        if !self.unique_keys(node) {
            return None;
        }
        // The merge set of an enclosing `<<` applies to this mapping's keys, not its children.
        let mut merged = self.merged.take();
        let mut merge_node = None;
        let mut decoded_key = String::new();
        for (key, value) in node.entries() {
            let resolved = key.resolve();
            if resolved == Resolved::Merge {
                merge_node = Some(value);
                continue;
            }
            // Plain string keys need no copy; decoding one into a `String` would only count
            // the construction (Go's alias budget) and take its text.
            let name = if matches!(key.kind, NodeKind::Scalar)
                && !matches!(resolved, Resolved::Null | Resolved::Timestamp)
            {
                if !self.enter(key) {
                    break;
                }
                key.value.as_str()
            } else {
                decoded_key.clear();
                if !decoded_key.decode_into(key, self) {
                    continue;
                }
                decoded_key.as_str()
            };
            if let Some(seen) = merged.as_mut()
                && !seen.insert(name.to_owned())
            {
                continue;
            }
            entry(self, name, value);
            if self.failed() {
                break;
            }
        }
        self.merged = merged;
        if self.failed() {
            return None;
        }
        Some(merge_node)
    }

    /// go-yaml's duplicate-key check for one mapping.
    pub fn unique_keys(&mut self, node: &Node) -> bool {
        let before = self.errors.len();
        let keys = node.children.iter().step_by(2);
        for (i, a) in keys.clone().enumerate() {
            for b in keys.clone().skip(i + 1) {
                if same_kind(a, b) && a.value == b.value {
                    self.error(
                        b,
                        format!(
                            "mapping key {} already defined at line {}",
                            go_quote(&b.value),
                            a.line
                        ),
                    );
                }
            }
        }
        self.errors.len() == before
    }

    /// Applies the `<<` value of `parent` (a mapping, an alias to one, or a sequence of
    /// those). Keys already set by the parent (or an enclosing merge) are not overridden.
    pub fn merge(
        &mut self,
        parent: &Node,
        merge: &Node,
        mut apply: impl FnMut(&mut Decoder, &Node),
    ) {
        let outer = self.merged.clone();
        if self.merged.is_none() {
            self.merged = Some(
                parent
                    .entries()
                    .map(|(k, _)| k.resolved().value.clone())
                    .collect(),
            );
        }
        let want_map = |node: &Node| matches!(node.resolved().kind, NodeKind::Mapping);
        const WANT_MAP: &str = "map merge requires map or sequence of maps as the value";
        match &merge.kind {
            NodeKind::Mapping => apply(self, merge),
            NodeKind::Alias(target) if !want_map(target) => self.fail(target, WANT_MAP),
            NodeKind::Alias(_) => apply(self, merge),
            NodeKind::Sequence => {
                for item in &merge.children {
                    if !want_map(item) {
                        self.fail(item.resolved(), WANT_MAP);
                        break;
                    }
                    apply(self, item);
                }
            }
            NodeKind::Scalar => self.fail(merge, WANT_MAP),
        }
        self.merged = outer;
    }
}

fn same_kind(a: &Node, b: &Node) -> bool {
    std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
}

/// go-yaml's default alias guard (a ratio of aliased to total constructions).
fn excessive_aliasing(alias_count: usize, construct_count: usize) -> bool {
    const LOW: f64 = 400_000.0;
    const HIGH: f64 = 4_000_000.0;
    if alias_count <= 100 || construct_count <= 1000 {
        return false;
    }
    let count = construct_count as f64;
    let allowed = if count <= LOW {
        0.99
    } else if count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((count - LOW) / (HIGH - LOW))
    };
    alias_count as f64 / count > allowed
}

/// The unknown-key check for types that take no mapping or sequence (scalars): Go reports a
/// mapping or sequence there as an unexpected type.
pub fn scalar_unknown_keys(node: &Node, go_type: &str) -> Result<Option<Node>, String> {
    match node.kind {
        NodeKind::Mapping => Err(format!("unexpected type for yaml mapping: {go_type}")),
        NodeKind::Sequence => Err(format!("unexpected type for yaml sequence: {go_type}")),
        _ => Ok(None),
    }
}

/// `xyaml.CheckUnknownKeys` for a struct: unknown keys are kept with their whole value,
/// known ones are checked recursively; the result is a mapping sorted as Go sorts map keys.
pub fn struct_unknown_keys<T: GoStruct>(node: &Node) -> Result<Option<Node>, String> {
    match node.kind {
        NodeKind::Mapping => {}
        NodeKind::Sequence => {
            return Err(format!(
                "unexpected type for yaml sequence: {}",
                T::go_type()
            ));
        }
        _ => return Ok(None),
    }
    let mut unknown: Vec<(String, Node)> = Vec::new();
    for (key, value) in node.entries() {
        if !matches!(key.kind, NodeKind::Scalar) {
            return Err("unexpected mapping key type".to_owned());
        }
        match T::field_unknown_keys(&key.value, value) {
            None => upsert(&mut unknown, &key.value, value.clone()),
            Some(Ok(Some(inner))) => upsert(&mut unknown, &key.value, inner),
            Some(Ok(None)) => {}
            Some(Err(err)) => return Err(err),
        }
    }
    Ok(unknown_mapping(unknown))
}

/// The unknown-key check for a Go map: any key, values checked against the element type.
pub fn map_unknown_keys<V: GoYaml>(node: &Node, go_type: &str) -> Result<Option<Node>, String> {
    match node.kind {
        NodeKind::Mapping => {}
        NodeKind::Sequence => return Err(format!("unexpected type for yaml sequence: {go_type}")),
        _ => return Ok(None),
    }
    let mut unknown: Vec<(String, Node)> = Vec::new();
    for (key, value) in node.entries() {
        if !matches!(key.kind, NodeKind::Scalar) {
            return Err("unexpected mapping key type".to_owned());
        }
        if let Some(inner) = V::unknown_keys(value)? {
            upsert(&mut unknown, &key.value, inner);
        }
    }
    Ok(unknown_mapping(unknown))
}

/// The unknown-key check for a Go slice: each item checked, items without unknowns dropped.
pub fn seq_unknown_keys<T: GoYaml>(node: &Node, go_type: &str) -> Result<Option<Node>, String> {
    match node.kind {
        NodeKind::Sequence => {}
        NodeKind::Mapping => return Err(format!("unexpected type for yaml mapping: {go_type}")),
        _ => return Ok(None),
    }
    let mut found = Vec::new();
    for item in &node.children {
        if let Some(inner) = T::unknown_keys(item)? {
            found.push(inner);
        }
    }
    Ok((!found.is_empty()).then(|| Node::sequence(found)))
}

/// Go builds the summary in a `map[string]any`: a repeated key keeps the last value.
fn upsert(entries: &mut Vec<(String, Node)>, key: &str, value: Node) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value,
        None => entries.push((key.to_owned(), value)),
    }
}

fn unknown_mapping(mut entries: Vec<(String, Node)>) -> Option<Node> {
    if entries.is_empty() {
        return None;
    }
    sort_keys_go(&mut entries, |a, b| go_key_order(&a.0, &b.0));
    Some(Node::mapping(
        entries
            .into_iter()
            .flat_map(|(k, v)| [Node::string(&k), v])
            .collect(),
    ))
}

/// Sorts map keys by go-yaml's order. That order is not transitive for some keys (under
/// yaml.v2's rule `"1" < "01" < "0a"` yet `"1" > "0a"`; letters and digits outside ASCII
/// add more), and Rust's own sorts may panic on such an order; Go's `sort.Sort` just
/// returns some order, which for those keys depends on Go's random map iteration anyway.
/// So: a plain bottom-up merge sort, which gives the one right order whenever the order
/// is consistent and never panics when it is not.
pub(crate) fn sort_keys_go<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let n = items.len();
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    let mut width = 1;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                let take_right = right < end
                    && (left >= mid
                        || compare(&items[order[right]], &items[order[left]])
                            == std::cmp::Ordering::Less);
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots[index].take()));
}

/// go-yaml's order for string map keys: letters by code point, digit runs by value.
pub fn go_key_order(a: &str, b: &str) -> std::cmp::Ordering {
    key_order(a, b, LetterOrder::FirstAfterDigits)
}

/// Where go-yaml's key order puts a letter against a character that is not one, the one
/// point where yaml.v2's order and v3's differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum LetterOrder {
    /// yaml.v2: always after it.
    AfterNonLetters,
    /// go-yaml v3 on: after it, but first right after a shared digit (`a1b` before `a10`).
    FirstAfterDigits,
}

/// go-yaml's key order, with yaml.v2's or v3's rule for letters.
pub(crate) fn key_order(a: &str, b: &str, letters: LetterOrder) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    if a == b {
        return Ordering::Equal;
    }
    if key_less(a, b, letters) {
        Ordering::Less
    } else if key_less(b, a, letters) {
        Ordering::Greater
    } else {
        a.cmp(b)
    }
}

/// go-yaml's `keyList.Less` for two strings.
fn key_less(a: &str, b: &str, letters: LetterOrder) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut digits = false;
    let n = ar.len().min(br.len());
    for i in 0..n {
        if ar[i] == br[i] {
            digits = ar[i].is_numeric();
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if digits && letters == LetterOrder::FirstAfterDigits {
                al
            } else {
                bl
            };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_numeric() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_numeric() {
            an = an.wrapping_mul(10).wrapping_add(digit_value(ar[ai]));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_numeric() {
            bn = bn.wrapping_mul(10).wrapping_add(digit_value(br[bi]));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Go computes `int64(r - '0')` for any Unicode digit; mirror that arithmetic.
fn digit_value(c: char) -> i64 {
    c as i64 - '0' as i64
}

/// Helper for types with Go `TextUnmarshaler`s: the scalar text to parse, `None` when the
/// node is null (the value stays as it was) or not a scalar (an error is recorded).
pub fn text_scalar<'n>(node: &'n Node, decoder: &mut Decoder, go_type: &str) -> Option<&'n str> {
    match node.kind {
        NodeKind::Scalar if node.resolve() == Resolved::Null => None,
        NodeKind::Scalar => Some(&node.value),
        _ => {
            decoder.error(
                node,
                format!(
                    "cannot construct {} into {go_type} (TextUnmarshaler)",
                    resolve::short_tag(&node.tag)
                ),
            );
            None
        }
    }
}

/// Implements [`GoYaml`] for a type with Go `MarshalText`/`UnmarshalText` methods, given
/// `parse(&str) -> Result<Self, String>` (Go's error text), `format(&self) -> String` and
/// `is_zero(&self) -> bool` inherent methods. A block after the name adds (or overrides)
/// trait methods, e.g. the type's merge rule.
#[macro_export]
macro_rules! go_text_type {
    ($ty:ty, $go:literal) => {
        $crate::go_text_type!($ty, $go, {});
    };
    ($ty:ty, $go:literal, { $($extra:tt)* }) => {
        impl $crate::goyaml::GoYaml for $ty {
            fn go_type() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed($go)
            }
            fn construct(
                &mut self,
                node: &$crate::goyaml::Node,
                decoder: &mut $crate::goyaml::Decoder,
            ) -> bool {
                let Some(text) = $crate::goyaml::text_scalar(node, decoder, $go) else {
                    return false;
                };
                match <$ty>::parse(text) {
                    Ok(value) => {
                        *self = value;
                        true
                    }
                    Err(message) => {
                        decoder.error(node, message);
                        false
                    }
                }
            }
            fn encode(&self) -> $crate::goyaml::Node {
                $crate::goyaml::Node::string(&self.format())
            }
            fn is_zero(&self) -> bool {
                <$ty>::is_zero(self)
            }
            $($extra)*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of up to four characters over digits, letters and characters Rust and Go
    /// classify differently: go-yaml's order is not transitive on this set.
    fn awkward_keys() -> Vec<String> {
        let alphabet = ['0', '1', '2', 'a', 'b', '²', 'Ⅻ', 'é', '-'];
        let mut keys: Vec<String> = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..4 {
            keys = keys
                .iter()
                .flat_map(|key| alphabet.iter().map(move |c| format!("{key}{c}")))
                .collect();
            all.extend(keys.iter().cloned());
        }
        all
    }

    #[test]
    fn key_sorting_never_panics_and_keeps_every_key() {
        for letters in [LetterOrder::AfterNonLetters, LetterOrder::FirstAfterDigits] {
            let mut keys = awkward_keys();
            sort_keys_go(&mut keys, |a, b| key_order(a, b, letters));
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            let mut expected = awkward_keys();
            expected.sort_unstable();
            assert_eq!(sorted, expected, "a permutation of the input");
        }
        // yaml.v2's non-transitive triple, in every input order.
        let triple = ["1", "01", "0a"];
        for first in 0..3 {
            let mut keys: Vec<&str> = (0..3).map(|i| triple[(first + i) % 3]).collect();
            sort_keys_go(&mut keys, |a, b| {
                key_order(a, b, LetterOrder::AfterNonLetters)
            });
            assert_eq!(keys.len(), 3);
        }
    }

    #[test]
    fn key_sorting_is_go_yaml_order_where_it_is_consistent() {
        let mut keys = vec!["b10", "a", "b9", "B", "b1", "", "ab", "b01", "10", "9"];
        sort_keys_go(&mut keys, |a, b| go_key_order(a, b));
        assert_eq!(
            keys,
            ["", "9", "10", "B", "a", "ab", "b1", "b01", "b9", "b10"]
        );
    }
}
