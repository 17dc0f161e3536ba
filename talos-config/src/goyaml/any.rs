//! Go's `any` (`interface{}`): what free-form sections (pod specs, audit policies, kubelet
//! `extraConfig`, …) decode to. Scalars are typed by the resolver and re-encoded in Go's
//! canonical form, so `0x1F` comes back as `31` and `1.0` as `1`, exactly as Talos re-emits
//! them.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::{Decoder, GoYaml, Node, NodeKind, format_go_float, go_key_order, merge, sort_keys_go};
use crate::yaml::resolve::{self, Resolved};

/// A decoded Go `any` value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Any {
    /// `nil`.
    #[default]
    Null,
    /// `bool`.
    Bool(bool),
    /// `int`.
    Int(i64),
    /// `uint64` (integers above `i64::MAX`).
    Uint(u64),
    /// `float64`.
    Float(f64),
    /// `string`.
    String(String),
    /// `time.Time`, kept as its RFC 3339 text.
    Timestamp(String),
    /// `[]any`.
    Seq(Vec<Any>),
    /// `map[string]any` or `map[any]any`, in source order (sorted when encoded).
    Map(Vec<(Any, Any)>),
}

impl Any {
    /// Looks up a string key in a map value.
    pub fn get(&self, key: &str) -> Option<&Any> {
        match self {
            Any::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(k, Any::String(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Any::String(s) => Some(s),
            _ => None,
        }
    }

    /// Go's `reflect.Kind` order, used when map keys of different kinds are sorted.
    fn kind_rank(&self) -> u8 {
        match self {
            Any::Null => 0,
            Any::Bool(_) => 1,
            Any::Int(_) => 2,
            Any::Uint(_) => 11,
            Any::Float(_) => 14,
            Any::Seq(_) => 23,
            Any::String(_) => 24,
            Any::Map(_) => 21,
            Any::Timestamp(_) => 25,
        }
    }

    fn key_float(&self) -> Option<f64> {
        match self {
            Any::Int(i) => Some(*i as f64),
            Any::Uint(u) => Some(*u as f64),
            Any::Float(f) => Some(*f),
            Any::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }
}

/// go-yaml's `keyList.Less` for keys of any kind.
fn key_order(a: &Any, b: &Any) -> Ordering {
    if let (Some(af), Some(bf)) = (a.key_float(), b.key_float()) {
        if af != bf {
            return af.partial_cmp(&bf).unwrap_or(Ordering::Equal);
        }
        return a.kind_rank().cmp(&b.kind_rank());
    }
    match (a, b) {
        (Any::String(x), Any::String(y)) => go_key_order(x, y),
        _ => a.kind_rank().cmp(&b.kind_rank()),
    }
}

impl GoYaml for Any {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("interface {}")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        match &node.kind {
            NodeKind::Scalar => {
                *self = match node.resolve() {
                    Resolved::Null => Any::Null,
                    Resolved::Bool(b) => Any::Bool(b),
                    Resolved::Int(i) => Any::Int(i),
                    Resolved::Uint(u) => Any::Uint(u),
                    Resolved::Float(f) => Any::Float(f),
                    Resolved::Str => Any::String(node.value.clone()),
                    Resolved::Timestamp => Any::Timestamp(canonical_timestamp(&node.value)),
                    Resolved::Merge => return false,
                };
                true
            }
            NodeKind::Sequence => {
                let mut items = Vec::with_capacity(node.children.len());
                for item in &node.children {
                    let mut value = Any::Null;
                    if value.decode_into(item, decoder) {
                        items.push(value);
                    }
                }
                *self = Any::Seq(items);
                true
            }
            NodeKind::Mapping => {
                if !decoder.unique_keys(node) {
                    return false;
                }
                let mut entries: Vec<(Any, Any)> = match std::mem::take(self) {
                    Any::Map(existing) => existing,
                    _ => Vec::new(),
                };
                let mut merge_node = None;
                for (key, value) in node.entries() {
                    if key.resolve() == Resolved::Merge {
                        merge_node = Some(value);
                        continue;
                    }
                    let mut k = Any::Null;
                    if !k.decode_into(key, decoder) {
                        continue;
                    }
                    if matches!(k, Any::Map(_) | Any::Seq(_)) {
                        decoder.fail(
                            key,
                            "cannot use a map or slice as a map key; try decoding into yaml.Node",
                        );
                        return false;
                    }
                    let mut v = Any::Null;
                    v.decode_into(value, decoder);
                    match entries.iter_mut().find(|(existing, _)| *existing == k) {
                        Some(entry) => entry.1 = v,
                        None => entries.push((k, v)),
                    }
                }
                *self = Any::Map(entries);
                if let Some(merge) = merge_node {
                    decoder.merge(node, merge, |decoder, item| {
                        self.decode_into(item, decoder);
                    });
                }
                true
            }
            NodeKind::Alias(target) => self.decode_into(target, decoder),
        }
    }

    fn encode(&self) -> Node {
        match self {
            Any::Null => Node::null(),
            Any::Bool(b) => b.encode(),
            Any::Int(i) => Node::plain(resolve::INT, i.to_string()),
            Any::Uint(u) => Node::plain(resolve::INT, u.to_string()),
            Any::Float(f) => Node::plain(resolve::FLOAT, format_go_float(*f)),
            Any::String(s) => Node::string(s),
            Any::Timestamp(t) => Node::plain(resolve::TIMESTAMP, t.clone()),
            Any::Seq(items) => Node::sequence(items.iter().map(GoYaml::encode).collect()),
            Any::Map(entries) => {
                let mut sorted: Vec<&(Any, Any)> = entries.iter().collect();
                sort_keys_go(&mut sorted, |a, b| key_order(&a.0, &b.0));
                Node::mapping(
                    sorted
                        .into_iter()
                        .flat_map(|(k, v)| [k.encode(), v.encode()])
                        .collect(),
                )
            }
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, Any::Null)
    }

    fn unknown_keys(_node: &Node) -> Result<Option<Node>, String> {
        Ok(None)
    }

    /// The concrete values behind two interfaces (map values of `map[string]any`; the map
    /// has checked that both hold the same Go type).
    fn merge_from(
        &mut self,
        right: Any,
        src: merge::Src<'_>,
        _: merge::MergeOpts,
    ) -> Result<(), merge::MergeError> {
        if matches!(right, Any::Null) {
            return Ok(());
        }
        if matches!(self, Any::Null) {
            *self = right;
            return Ok(());
        }
        merge::merge_any(self, right, src)
    }

    /// Below an interface: its map's keys; its lists hold interfaces, never structs.
    fn delete_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), merge::DeleteError> {
        match self {
            Any::Map(entries) => {
                let Some((search, rest)) = path.split_first() else {
                    return Err(merge::DeleteError::Other("path is empty".to_owned()));
                };
                let found = entries
                    .iter()
                    .position(|(k, _)| matches!(k, Any::String(s) if s == search));
                match found {
                    None => Err(merge::DeleteError::LookupFailed),
                    Some(i) if rest.is_empty() => {
                        entries.remove(i);
                        Ok(())
                    }
                    Some(i) => entries[i].1.delete_path(rest, key, value),
                }
            }
            Any::Seq(_) => {
                let mut probe: Vec<Any> = Vec::new();
                merge::delete_from_slice(&mut probe, path, key, value)
            }
            _ => Err(merge::DeleteError::LookupFailed),
        }
    }

    fn go_is_nil(&self) -> bool {
        matches!(self, Any::Null)
    }

    fn dynamic_type(&self) -> Option<Cow<'static, str>> {
        Some(Cow::Borrowed(match self {
            Any::Null => return None,
            Any::Bool(_) => "bool",
            Any::Int(_) => "int",
            Any::Uint(_) => "uint64",
            Any::Float(_) => "float64",
            Any::String(_) => "string",
            Any::Timestamp(_) => "time.Time",
            Any::Seq(_) => "[]interface {}",
            Any::Map(entries) => return Some(Cow::Owned(merge::any_map_type(entries))),
        }))
    }
}

/// A resolver-approved timestamp in Go's `time.RFC3339Nano` form (what `time.Time` marshals
/// to): zero-padded fields, trailing fraction zeros dropped, `Z` for UTC.
fn canonical_timestamp(text: &str) -> String {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let field = |i: usize| {
        numbers
            .get(i)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let (year, month, day) = (field(0), field(1), field(2));
    let has_time = text.len() > 10 && text[5..].contains(':');
    let (hour, minute, second) = if has_time {
        (field(3), field(4), field(5))
    } else {
        (0, 0, 0)
    };
    let mut out = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    let after_seconds = text
        .rsplit_once(':')
        .filter(|_| has_time)
        .map(|(_, rest)| rest)
        .unwrap_or("");
    // Locate the fraction after the seconds field of the time part.
    if let Some(time_part) = text.get(10..)
        && let Some(dot) = time_part.find('.')
    {
        let fraction: String = time_part[dot + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let trimmed = fraction.trim_end_matches('0');
        if !trimmed.is_empty() {
            out.push('.');
            out.push_str(trimmed);
        }
    }
    let _ = after_seconds;
    let zone = text
        .get(10..)
        .and_then(|t| t.rfind(['+', '-']).map(|i| &t[i..]));
    match zone {
        Some(z) if z.len() == 6 && &z[1..] != "00:00" => out.push_str(z),
        _ => out.push('Z'),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::canonical_timestamp;

    #[test]
    fn timestamps_print_like_go_time() {
        assert_eq!(canonical_timestamp("2024-1-2"), "2024-01-02T00:00:00Z");
        assert_eq!(
            canonical_timestamp("2001-12-14t21:59:43.10-05:00"),
            "2001-12-14T21:59:43.1-05:00"
        );
        assert_eq!(
            canonical_timestamp("2001-12-14 21:59:43.000"),
            "2001-12-14T21:59:43Z"
        );
        assert_eq!(
            canonical_timestamp("2001-12-14T21:59:43+00:00"),
            "2001-12-14T21:59:43Z"
        );
    }
}
