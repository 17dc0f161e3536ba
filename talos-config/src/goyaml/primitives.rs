//! Go's built-in types: strings, bools, sized integers, floats, pointers, slices and
//! string-keyed maps, with go-yaml's conversion table for each.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::merge::{self, DeleteError, MergeError, MergeOpts, Src};
use super::{
    Decoder, GoYaml, Node, NodeKind, format_go_float, go_key_order, map_unknown_keys,
    seq_unknown_keys, sort_keys_go,
};
use crate::yaml::resolve::{self, Resolved};

const YAML11_TRUE: [&str; 8] = ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"];
const YAML11_FALSE: [&str; 8] = ["n", "N", "no", "No", "NO", "off", "Off", "OFF"];

impl GoYaml for String {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("string")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Scalar) {
            decoder.tag_error(node, "string");
            return false;
        }
        match node.resolve() {
            Resolved::Null => false,
            // go-yaml has no string conversion for timestamps and merge keys.
            Resolved::Timestamp | Resolved::Merge => {
                decoder.tag_error(node, "string");
                false
            }
            _ => {
                self.clone_from(&node.value);
                true
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(self)
    }

    fn is_zero(&self) -> bool {
        self.is_empty()
    }

    fn go_string(&self) -> String {
        self.clone()
    }
}

impl GoYaml for bool {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("bool")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Scalar) {
            decoder.tag_error(node, "bool");
            return false;
        }
        match node.resolve() {
            Resolved::Null => return false,
            Resolved::Bool(b) => *self = b,
            Resolved::Str if YAML11_TRUE.contains(&node.value.as_str()) => *self = true,
            Resolved::Str if YAML11_FALSE.contains(&node.value.as_str()) => *self = false,
            _ => {
                decoder.tag_error(node, "bool");
                return false;
            }
        }
        true
    }

    fn encode(&self) -> Node {
        Node::plain(resolve::BOOL, if *self { "true" } else { "false" })
    }

    fn is_zero(&self) -> bool {
        !*self
    }

    /// Go merges `bool` whatever its value: `false` replaces `true`.
    fn merge_from(&mut self, right: bool, _: Src<'_>, _: MergeOpts) -> Result<(), MergeError> {
        *self = right;
        Ok(())
    }
}

/// go-yaml's integer conversions: ints, big unsigned values and integral floats, each
/// range-checked for the target width.
fn integer_from(node: &Node, decoder: &mut Decoder, go_type: &str, signed: bool) -> Option<i128> {
    if !matches!(node.kind, NodeKind::Scalar) {
        decoder.tag_error(node, go_type);
        return None;
    }
    let value = match node.resolve() {
        Resolved::Null => return None,
        Resolved::Int(i) if signed || i >= 0 => Some(i128::from(i)),
        Resolved::Uint(u) if !signed || u <= i64::MAX as u64 => Some(i128::from(u)),
        Resolved::Float(f) if f.is_finite() && f.trunc() == f => {
            let limit = if signed { 2f64.powi(63) } else { 2f64.powi(64) };
            let low = if signed { -limit } else { 0.0 };
            (f >= low && f < limit).then_some(f as i128)
        }
        _ => None,
    };
    if value.is_none() {
        decoder.tag_error(node, go_type);
    }
    value
}

macro_rules! go_integer {
    ($($ty:ty => $go:literal, $signed:literal;)*) => {$(
        impl GoYaml for $ty {
            fn go_type() -> Cow<'static, str> {
                Cow::Borrowed($go)
            }

            fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
                let Some(wide) = integer_from(node, decoder, $go, $signed) else {
                    return false;
                };
                match <$ty>::try_from(wide) {
                    Ok(v) => {
                        *self = v;
                        true
                    }
                    Err(_) => {
                        decoder.tag_error(node, $go);
                        false
                    }
                }
            }

            fn encode(&self) -> Node {
                Node::plain(resolve::INT, self.to_string())
            }

            fn is_zero(&self) -> bool {
                *self == 0
            }
        }
    )*};
}

go_integer! {
    i8 => "int8", true;
    i16 => "int16", true;
    i32 => "int32", true;
    i64 => "int64", true;
    isize => "int", true;
    u8 => "uint8", false;
    u16 => "uint16", false;
    u32 => "uint32", false;
    u64 => "uint64", false;
    usize => "uint", false;
}

impl GoYaml for f64 {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("float64")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Scalar) {
            decoder.tag_error(node, "float64");
            return false;
        }
        match node.resolve() {
            Resolved::Null => return false,
            Resolved::Int(i) => *self = i as f64,
            Resolved::Uint(u) => *self = u as f64,
            Resolved::Float(f) => *self = f,
            _ => {
                decoder.tag_error(node, "float64");
                return false;
            }
        }
        true
    }

    fn encode(&self) -> Node {
        Node::plain(resolve::FLOAT, format_go_float(*self))
    }

    fn is_zero(&self) -> bool {
        *self == 0.0
    }

    /// `reflect.Value.IsZero` for a float: only `+0.0` is zero.
    fn merge_from(&mut self, right: f64, _: Src<'_>, opts: MergeOpts) -> Result<(), MergeError> {
        if opts.overwrite || right.to_bits() != 0 {
            *self = right;
        }
        Ok(())
    }
}

/// A Go pointer: `null` makes it nil, anything else allocates (or reuses) the target.
impl<T: GoYaml> GoYaml for Option<T> {
    fn go_type() -> Cow<'static, str> {
        Cow::Owned(format!("*{}", T::go_type()))
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if node.is_null() {
            *self = None;
            return true;
        }
        self.get_or_insert_with(T::default).construct(node, decoder)
    }

    fn encode(&self) -> Node {
        match self {
            Some(value) => value.encode(),
            None => Node::null(),
        }
    }

    fn is_zero(&self) -> bool {
        self.is_none()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        T::unknown_keys(node)
    }

    /// Go's pointer rule: nil on the right is skipped, nil on the left takes the right
    /// pointer, otherwise the pointees merge with zero values overwriting.
    fn merge_from(
        &mut self,
        right: Option<T>,
        src: Src<'_>,
        opts: MergeOpts,
    ) -> Result<(), MergeError> {
        let Some(right) = right else { return Ok(()) };
        match self {
            None => *self = Some(right),
            Some(left) => left.merge_from(
                right,
                src,
                MergeOpts {
                    replace: opts.replace,
                    overwrite: true,
                },
            )?,
        }
        Ok(())
    }

    fn delete_path(&mut self, path: &[String], key: &str, value: &str) -> Result<(), DeleteError> {
        match self {
            None => Err(DeleteError::LookupFailed),
            Some(inner) => inner.delete_path(path, key, value),
        }
    }

    fn delete_matches(&self, key: &str, value: &str) -> bool {
        self.as_ref()
            .is_some_and(|inner| inner.delete_matches(key, value))
    }

    fn go_is_nil(&self) -> bool {
        self.is_none()
    }
}

impl<T: GoYaml> GoYaml for Box<T> {
    fn go_type() -> Cow<'static, str> {
        T::go_type()
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        (**self).construct(node, decoder)
    }

    fn encode(&self) -> Node {
        (**self).encode()
    }

    fn is_zero(&self) -> bool {
        (**self).is_zero()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        T::unknown_keys(node)
    }

    fn merge_from(
        &mut self,
        right: Box<T>,
        src: Src<'_>,
        opts: MergeOpts,
    ) -> Result<(), MergeError> {
        (**self).merge_from(*right, src, opts)
    }

    fn delete_path(&mut self, path: &[String], key: &str, value: &str) -> Result<(), DeleteError> {
        (**self).delete_path(path, key, value)
    }

    fn delete_matches(&self, key: &str, value: &str) -> bool {
        (**self).delete_matches(key, value)
    }

    fn go_string(&self) -> String {
        (**self).go_string()
    }

    fn go_is_nil(&self) -> bool {
        (**self).go_is_nil()
    }
}

/// A Go slice: a fresh slice per sequence; elements that decode to nothing are dropped.
impl<T: GoYaml> GoYaml for Vec<T> {
    fn go_type() -> Cow<'static, str> {
        Cow::Owned(format!("[]{}", T::go_type()))
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        match node.kind {
            NodeKind::Sequence => {}
            NodeKind::Scalar if node.is_null() => {
                self.clear();
                return true;
            }
            _ => {
                decoder.tag_error(node, &Self::go_type());
                return false;
            }
        }
        self.clear();
        for item in &node.children {
            let mut value = T::default();
            if value.decode_into(item, decoder) {
                self.push(value);
            }
            if decoder.failed() {
                break;
            }
        }
        true
    }

    fn encode(&self) -> Node {
        Node::sequence(self.iter().map(GoYaml::encode).collect())
    }

    fn is_zero(&self) -> bool {
        self.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        seq_unknown_keys::<T>(node, &Self::go_type())
    }

    fn merge_from(
        &mut self,
        right: Vec<T>,
        src: Src<'_>,
        opts: MergeOpts,
    ) -> Result<(), MergeError> {
        merge::merge_slice(self, right, src, opts)
    }

    fn delete_path(&mut self, path: &[String], key: &str, value: &str) -> Result<(), DeleteError> {
        merge::delete_from_slice(self, path, key, value)
    }

    fn go_is_nil(&self) -> bool {
        self.is_empty()
    }
}

/// A Go `map[string]T`: keys sorted Go's way on output; `null` values kept as zero values.
impl<T: GoYaml> GoYaml for BTreeMap<String, T> {
    fn go_type() -> Cow<'static, str> {
        Cow::Owned(format!("map[string]{}", T::go_type()))
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        match node.kind {
            NodeKind::Mapping => {}
            NodeKind::Scalar if node.is_null() => {
                self.clear();
                return true;
            }
            _ => {
                decoder.tag_error(node, &Self::go_type());
                return false;
            }
        }
        let Some(merge) = decoder.mapping_entries(node, |decoder, name, value| {
            let mut element = T::default();
            let was_absent = !self.contains_key(name);
            if element.decode_into(value, decoder) || (value.resolved().is_null() && was_absent) {
                self.insert(name.to_owned(), element);
            }
        }) else {
            return false;
        };
        if let Some(merge) = merge {
            decoder.merge(node, merge, |decoder, item| {
                self.decode_into(item, decoder);
            });
        }
        true
    }

    fn encode(&self) -> Node {
        let mut keys: Vec<&String> = self.keys().collect();
        sort_keys_go(&mut keys, |a, b| go_key_order(a, b));
        Node::mapping(
            keys.into_iter()
                .flat_map(|k| [Node::string(k), self[k].encode()])
                .collect(),
        )
    }

    fn is_zero(&self) -> bool {
        self.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        map_unknown_keys::<T>(node, &Self::go_type())
    }

    fn merge_from(
        &mut self,
        right: BTreeMap<String, T>,
        src: Src<'_>,
        opts: MergeOpts,
    ) -> Result<(), MergeError> {
        merge::merge_map(self, right, src, opts, &Self::go_type())
    }

    fn delete_path(&mut self, path: &[String], key: &str, value: &str) -> Result<(), DeleteError> {
        merge::delete_from_map(self, path, key, value)
    }

    fn go_is_nil(&self) -> bool {
        self.is_empty()
    }
}
