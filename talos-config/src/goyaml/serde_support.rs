//! serde for nodes and typed documents: a document serializes as the tree Go would marshal
//! (so JSON output has Talos' keys and omit-empty rules), and deserializes from any serde
//! format through Go's decoding rules (so JSON input is judged like YAML input).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{Decoder, GoYaml, Node, NodeKind, ScalarStyle};
use crate::yaml::resolve::{self, Resolved};

impl serde::Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.kind {
            NodeKind::Alias(target) => target.serialize(serializer),
            NodeKind::Sequence => {
                let mut seq = serializer.serialize_seq(Some(self.children.len()))?;
                for item in &self.children {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            NodeKind::Mapping => {
                let mut map = serializer.serialize_map(Some(self.children.len() / 2))?;
                for (key, value) in self.entries() {
                    map.serialize_entry(&key.resolved().value, value)?;
                }
                map.end()
            }
            NodeKind::Scalar => match self.resolve() {
                Resolved::Null => serializer.serialize_none(),
                Resolved::Bool(b) => serializer.serialize_bool(b),
                Resolved::Int(i) => serializer.serialize_i64(i),
                Resolved::Uint(u) => serializer.serialize_u64(u),
                Resolved::Float(f) if f.is_finite() => serializer.serialize_f64(f),
                _ => serializer.serialize_str(&self.value),
            },
        }
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML-compatible value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(v.encode())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::plain(resolve::INT, v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::plain(resolve::INT, v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(v.encode())
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        // A string stays a string whatever it looks like.
        Ok(Node::scalar(resolve::STR, v, ScalarStyle::DoubleQuoted))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::null())
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::null())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut children = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            children.push(Node::key(&key));
            children.push(value);
        }
        Ok(Node::mapping(children))
    }
}

/// `Serialize` for a [`GoYaml`] type: its Go encoding.
pub fn serialize<T: GoYaml, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&value.encode(), serializer)
}

/// `Deserialize` for a [`GoYaml`] type: Go's decoding rules and error texts.
pub fn deserialize<'de, T: GoYaml, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let node = <Node as serde::Deserialize>::deserialize(deserializer)?;
    let mut decoder = Decoder::new();
    let mut value = T::default();
    value.decode_into(&node, &mut decoder);
    decoder.finish().map_err(de::Error::custom)?;
    Ok(value)
}
