//! The YAML node tree, shaped like go-yaml's `yaml.Node`: the loader keeps positions (for
//! Go's `line N` texts), scalar styles (a quoted `"8"` is a string, a plain `8` an int) and
//! tags; the encoder builds the same tree and the emitter prints it in Go's layout.

use std::borrow::Cow;
use std::rc::Rc;

use super::resolve::{self, Resolved};

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar; its text is [`Node::value`].
    Scalar,
    /// A sequence; items are [`Node::children`].
    Sequence,
    /// A mapping; [`Node::children`] alternate key, value.
    Mapping,
    /// `*name`: refers to an anchored node (shared, never copied at load time, so an alias
    /// bomb costs no memory until a decoder walks it under its budget).
    Alias(Rc<Node>),
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScalarStyle {
    /// Unquoted; its meaning comes from the resolver.
    #[default]
    Plain,
    /// `'text'`.
    SingleQuoted,
    /// `"text"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// One node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Scalar, sequence, mapping or alias.
    pub kind: NodeKind,
    /// The resolved short tag (`!!str`, `!!int`, `!!map`, …) or an explicit custom tag
    /// (go-yaml's own tags are kept as `'static` strings, so nodes do not allocate them).
    pub tag: Cow<'static, str>,
    /// Whether the tag was written in the source (go-yaml re-emits only those).
    pub explicit_tag: bool,
    /// Scalar text (alias name for aliases).
    pub value: String,
    /// Sequence items, or mapping keys and values alternating.
    pub children: Vec<Node>,
    /// Scalar style.
    pub style: ScalarStyle,
    /// Collections written in flow style (`[a, b]`, `{a: b}`).
    pub flow: bool,
    /// The `&name` anchor written on it (kept so sub-trees re-print as written).
    pub anchor: Option<String>,
    /// 1-based line (0 for nodes built in memory).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Node {
    fn new(kind: NodeKind, tag: Cow<'static, str>) -> Node {
        Node {
            kind,
            tag,
            explicit_tag: false,
            value: String::new(),
            children: Vec::new(),
            style: ScalarStyle::Plain,
            flow: false,
            anchor: None,
            line: 0,
            column: 0,
        }
    }

    /// A scalar with the given tag and style, printed as is.
    pub fn scalar(tag: &str, value: impl Into<String>, style: ScalarStyle) -> Node {
        Node::static_scalar_cow(intern_tag(tag), value.into(), style)
    }

    /// [`Node::scalar`] for a tag known at compile time (no look-up).
    pub(crate) fn static_scalar(tag: &'static str, value: String, style: ScalarStyle) -> Node {
        Node::static_scalar_cow(Cow::Borrowed(tag), value, style)
    }

    fn static_scalar_cow(tag: Cow<'static, str>, value: String, style: ScalarStyle) -> Node {
        let mut node = Node::new(NodeKind::Scalar, tag);
        node.value = value;
        node.style = style;
        node
    }

    /// A plain scalar whose text already is canonical for its tag (`42`, `true`, `null`).
    pub fn plain(tag: &str, value: impl Into<String>) -> Node {
        Node::scalar(tag, value, ScalarStyle::Plain)
    }

    /// `null`.
    pub fn null() -> Node {
        Node::plain(resolve::NULL, "null")
    }

    /// A mapping key (or a string value that is known to need no quoting).
    pub fn key(text: &str) -> Node {
        Node::string(text)
    }

    /// A string [`Node::string`] would print plain, without its checks: for keys that
    /// `#[derive(GoYaml)]` checked at compile time (starting with a letter, no line break,
    /// not a word any resolver reads as a bool or null).
    #[doc(hidden)]
    pub fn plain_string(text: &str) -> Node {
        Node::static_scalar(resolve::STR, text.to_owned(), ScalarStyle::Plain)
    }

    /// A string, styled as go-yaml's representer styles strings: a literal block when
    /// multi-line, single-quoted for YAML 1.1 look-alikes (`yes`, `1:20`, `<<`),
    /// double-quoted when the plain text would read back as another type, else plain (the
    /// emitter still quotes where YAML syntax forbids a plain scalar).
    pub fn string(text: &str) -> Node {
        let style = if text.contains('\n') {
            if literal_suitable(text) {
                ScalarStyle::Literal
            } else {
                ScalarStyle::DoubleQuoted
            }
        } else if is_old_bool(text) || is_base60_float(text) || text == "<<" {
            ScalarStyle::SingleQuoted
        } else if resolve::resolve_plain(text) != Resolved::Str {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::Plain
        };
        Node::static_scalar(resolve::STR, text.to_owned(), style)
    }

    /// A sequence.
    pub fn sequence(items: Vec<Node>) -> Node {
        let mut node = Node::new(NodeKind::Sequence, Cow::Borrowed(resolve::SEQ));
        node.children = items;
        node
    }

    /// A mapping from alternating keys and values.
    pub fn mapping(children: Vec<Node>) -> Node {
        let mut node = Node::new(NodeKind::Mapping, Cow::Borrowed(resolve::MAP));
        node.children = children;
        node
    }

    /// Prints this collection in flow style (Go's `,flow` tag option).
    pub fn set_flow(&mut self) {
        if matches!(self.kind, NodeKind::Sequence | NodeKind::Mapping) {
            self.flow = true;
        }
    }

    /// Follows aliases to the node they name.
    pub fn resolved(&self) -> &Node {
        let mut node = self;
        while let NodeKind::Alias(target) = &node.kind {
            node = target;
        }
        node
    }

    /// Whether this is a scalar that means null (`~`, `null`, empty, `!!null`).
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar) && self.tag == resolve::NULL
    }

    /// Whether this scalar is a string because of its quoting or tag, not its text.
    pub fn indicated_string(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar)
            && (self.tag == resolve::STR && (self.explicit_tag || self.style != ScalarStyle::Plain))
    }

    /// What this scalar means (its tag decides; untagged plain text goes to the resolver).
    pub fn resolve(&self) -> Resolved {
        if self.indicated_string() {
            return Resolved::Str;
        }
        match &*self.tag {
            resolve::STR => Resolved::Str,
            resolve::NULL => Resolved::Null,
            _ => {
                let plain = resolve::resolve_plain(&self.value);
                if self.explicit_tag && plain.tag() != self.tag {
                    // An explicit `!!int "12"`-style tag: take the text on the tag's terms.
                    return match (&*self.tag, plain) {
                        (resolve::FLOAT, Resolved::Int(i)) => Resolved::Float(i as f64),
                        (_, other) => other,
                    };
                }
                plain
            }
        }
    }

    /// Looks a key up in a mapping (scalar keys only), returning its value.
    pub fn get(&self, key: &str) -> Option<&Node> {
        if !matches!(self.kind, NodeKind::Mapping) {
            return None;
        }
        self.children
            .chunks_exact(2)
            .find(|pair| matches!(pair[0].kind, NodeKind::Scalar) && pair[0].value == key)
            .map(|pair| &pair[1])
    }

    /// Mapping entries as (key, value) pairs.
    pub fn entries(&self) -> impl Iterator<Item = (&Node, &Node)> {
        self.children
            .chunks_exact(2)
            .map(|pair| (&pair[0], &pair[1]))
    }
}

/// A tag as a `Cow`: go-yaml's own short tags (and the empty one) borrowed, others owned.
pub(crate) fn intern_tag(tag: &str) -> Cow<'static, str> {
    Cow::Borrowed(match tag {
        "" => "",
        resolve::STR => resolve::STR,
        resolve::INT => resolve::INT,
        resolve::BOOL => resolve::BOOL,
        resolve::FLOAT => resolve::FLOAT,
        resolve::NULL => resolve::NULL,
        resolve::TIMESTAMP => resolve::TIMESTAMP,
        resolve::BINARY => resolve::BINARY,
        resolve::MERGE => resolve::MERGE,
        resolve::SEQ => resolve::SEQ,
        resolve::MAP => resolve::MAP,
        _ => return Cow::Owned(tag.to_owned()),
    })
}

/// go-yaml writes multi-line strings as literal blocks only when they have at least two
/// characters and something besides whitespace.
fn literal_suitable(text: &str) -> bool {
    text.len() >= 2 && text.chars().any(|c| !c.is_whitespace())
}

/// YAML 1.1 booleans go-yaml still quotes so that YAML 1.1 readers see a string.
pub(crate) fn is_old_bool(text: &str) -> bool {
    matches!(
        text,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// YAML 1.1 sexagesimal floats (`190:20:30.15`), also quoted by go-yaml (v3, and v2's
/// `isBase60Float` for JSON patch output).
pub(crate) fn is_base60_float(text: &str) -> bool {
    // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        let group = &b[start..i];
        if group.is_empty() || (group.len() == 2 && group[0] > b'5') {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::Node;

    #[test]
    fn plain_string_is_what_string_prints_plain() {
        // Keys `#[derive(GoYaml)]` hands to `plain_string`: the run-time checks agree.
        for key in [
            "apiVersion",
            "kind",
            "v1alpha1",
            "machine",
            "certSANs",
            "x",
            "Yes2",
            "nope",
            "offset",
            "trueValue",
            "a:b",
            "a b",
        ] {
            assert_eq!(Node::plain_string(key), Node::string(key), "{key}");
        }
        // And the words it must not be given are indeed styled otherwise.
        for key in ["yes", "On", "n", "NULL", "true", "False"] {
            assert_ne!(Node::plain_string(key), Node::string(key), "{key}");
        }
    }
}
