//! Reading YAML the way Talos does (`go.yaml.in/yaml/v4` `Unmarshal`).
//!
//! The YAML syntax is handled by `serde_yaml` (libyaml underneath, like Go's port). The
//! document is first turned into a small node tree that keeps each scalar's exact text and
//! whether it was written plain (unquoted); Go's implicit typing rules (`0x10` is an int,
//! `2001-01-01` a timestamp, `yes` a string that a bool field still accepts, …) and its
//! decoding rules (null leaves a field untouched, null list items are dropped, merge keys,
//! duplicate keys…) are then applied by the [`Decode`] implementations here.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::error::{NetworkConfigError, ValueError};
use super::scalars::{GoDuration, IpAddress, IpPrefix};
use crate::go_strconv;

/// How many nodes (after alias expansion) one document may have.
const MAX_NODES: usize = 2_000_000;

/// How a scalar was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Unquoted and untagged: Go resolves its type from the text.
    Plain,
    /// Quoted, a block scalar, or tagged `!!str`: always a string.
    Quoted,
    /// Tagged with a local tag such as `!foo`: a string nothing converts.
    Tagged,
    /// Tagged with a core tag other than `!!str`: resolved under that tag.
    Core(CoreTag),
    /// Tagged `!!binary`: the text is the decoded base64 (`None` when Go would fail on it).
    Binary(bool),
}

/// The core YAML tags that change how Go resolves a scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CoreTag {
    Bool,
    Int,
    Float,
    Null,
    Timestamp,
}

/// One scalar: its text and style.
#[derive(Clone, Debug)]
pub(crate) struct Scalar {
    pub text: String,
    pub style: Style,
}

/// A YAML node, aliases already expanded.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

// ---------------------------------------------------------------------------------------------
// Building the tree from serde_yaml: pass 1 learns the shape, pass 2 reads every scalar's text.

#[derive(Debug)]
enum Shape {
    /// A scalar serde_yaml resolved to something other than a string (so it was plain).
    Typed,
    /// A scalar serde_yaml handed over as a string.
    Str,
    Seq(Vec<Shape>),
    Map(Vec<(Shape, Shape)>),
    Tagged(Box<Shape>),
    /// No document at all.
    Void,
}

struct ShapeSeed<'a> {
    count: &'a Cell<usize>,
}

impl ShapeSeed<'_> {
    fn bump<E: de::Error>(&self) -> Result<(), E> {
        let n = self.count.get() + 1;
        self.count.set(n);
        if n > MAX_NODES {
            return Err(E::custom(TOO_MANY_NODES));
        }
        Ok(())
    }
}

const TOO_MANY_NODES: &str = "document expands to too many nodes";

impl<'de> DeserializeSeed<'de> for ShapeSeed<'_> {
    type Value = Shape;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Str)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        self.bump()?;
        Ok(Shape::Typed)
    }

    fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Void)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        self.bump()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ShapeSeed { count: self.count })? {
            items.push(item);
        }
        Ok(Shape::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        self.bump()?;
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key_seed(ShapeSeed { count: self.count })? {
            let value = map.next_value_seed(ShapeSeed { count: self.count })?;
            pairs.push((key, value));
        }
        Ok(Shape::Map(pairs))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Shape, A::Error> {
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        let inner = variant.newtype_variant_seed(ShapeSeed { count: self.count })?;
        Ok(Shape::Tagged(Box::new(inner)))
    }
}

/// Pass 2: walks the document again, guided by its shape, reading scalars as raw text.
struct Guided<'s, 'b> {
    shape: &'s Shape,
    base: &'b [u8],
    /// A private-use character standing for U+FEFF in `base` (see [`parse_tree`]).
    bom: Option<char>,
}

impl<'de> DeserializeSeed<'de> for Guided<'_, '_> {
    type Value = Node;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        match self.shape {
            Shape::Seq(_) => d.deserialize_seq(self),
            Shape::Map(_) => d.deserialize_map(self),
            Shape::Tagged(_) => d.deserialize_any(self),
            Shape::Typed | Shape::Str | Shape::Void => d.deserialize_str(self),
        }
    }
}

impl Guided<'_, '_> {
    fn scalar(&self, text: &str, borrowed: bool) -> Node {
        // serde_yaml hands quoted, block and `!!str`-tagged scalars over as strings, like the
        // plain ones it does not resolve itself; the input around the text tells them apart.
        let (quoted, tag) = if borrowed {
            self.context(text)
        } else {
            (true, None)
        };
        let style = match tag {
            Some(tag) => core_style(tag),
            None => match self.shape {
                Shape::Str if quoted => Style::Quoted,
                _ => Style::Plain,
            },
        };
        let text = match self.bom {
            Some(p) if text.contains(p) => text.replace(p, "\u{feff}"),
            _ => text.to_owned(),
        };
        if let Style::Binary(_) = style {
            return Node::Scalar(match decode_binary(&text) {
                Some(decoded) => Scalar {
                    text: decoded,
                    style: Style::Binary(true),
                },
                None => Scalar {
                    text,
                    style: Style::Binary(false),
                },
            });
        }
        Node::Scalar(Scalar { text, style })
    }

    /// For `text`, a slice of the input: whether it is quoted, and the tag written before it.
    fn context(&self, text: &str) -> (bool, Option<&[u8]>) {
        let base = self.base;
        let off = (text.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
        let end = off.wrapping_add(text.len());
        if off > base.len() || end > base.len() {
            return (false, None);
        }
        let quoted = off > 0 && {
            let (before, after) = (base[off - 1], base.get(end).copied());
            (before == b'"' || before == b'\'') && after == Some(before)
        };
        let start = if quoted { off - 1 } else { off };
        (quoted, preceding_tag(base, start))
    }
}

impl<'de> Visitor<'de> for Guided<'_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the node seen in the first pass")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node, E> {
        Ok(self.scalar(v, true))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(self.scalar(v, false))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let Shape::Seq(items) = self.shape else {
            return Err(de::Error::custom("document changed between passes"));
        };
        let mut out = Vec::with_capacity(items.len());
        for shape in items {
            let node = seq
                .next_element_seed(Guided {
                    shape,
                    base: self.base,
                    bom: self.bom,
                })?
                .ok_or_else(|| de::Error::custom("document changed between passes"))?;
            out.push(node);
        }
        Ok(Node::Seq(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let Shape::Map(pairs) = self.shape else {
            return Err(de::Error::custom("document changed between passes"));
        };
        let mut out = Vec::with_capacity(pairs.len());
        for (ks, vs) in pairs {
            let key = map
                .next_key_seed(Guided {
                    shape: ks,
                    base: self.base,
                    bom: self.bom,
                })?
                .ok_or_else(|| de::Error::custom("document changed between passes"))?;
            let value = map.next_value_seed(Guided {
                shape: vs,
                base: self.base,
                bom: self.bom,
            })?;
            out.push((key, value));
        }
        Ok(Node::Map(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let Shape::Tagged(inner) = self.shape else {
            return Err(de::Error::custom("document changed between passes"));
        };
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        let node = variant.newtype_variant_seed(Guided {
            shape: inner,
            base: self.base,
            bom: self.bom,
        })?;
        Ok(match node {
            Node::Scalar(s) => Node::Scalar(Scalar {
                text: s.text,
                style: Style::Tagged,
            }),
            other => other,
        })
    }
}

fn yaml_error(e: serde_yaml::Error) -> NetworkConfigError {
    let message = e.to_string();
    if message.contains("recursion limit exceeded")
        || message.contains("repetition limit exceeded")
        || message.contains(TOO_MANY_NODES)
    {
        NetworkConfigError::TooComplex { message }
    } else {
        NetworkConfigError::Syntax { message }
    }
}

/// The tag token written before the node starting at `off` (anchors skipped), if any, on the
/// same line (a tag on an earlier line belongs to an enclosing block collection).
fn preceding_tag(base: &[u8], off: usize) -> Option<&[u8]> {
    let mut end = off;
    loop {
        while end > 0 && matches!(base[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        let mut start = end;
        while start > 0
            && !matches!(
                base[start - 1],
                b' ' | b'\t' | b'\r' | b'\n' | b'[' | b'{' | b','
            )
        {
            start -= 1;
        }
        match &base[start..end] {
            [b'&', ..] if start < end => end = start,
            token @ [b'!', ..] => return Some(token),
            _ => return None,
        }
    }
}

/// How a scalar with an explicit (non-local) tag is read.
fn core_style(tag: &[u8]) -> Style {
    let name = tag.strip_prefix(b"!!").or_else(|| {
        tag.strip_prefix(b"!<tag:yaml.org,2002:")
            .and_then(|t| t.strip_suffix(b">"))
    });
    match name {
        Some(b"str") => Style::Quoted,
        Some(b"bool") => Style::Core(CoreTag::Bool),
        Some(b"int") => Style::Core(CoreTag::Int),
        Some(b"float") => Style::Core(CoreTag::Float),
        Some(b"null") => Style::Core(CoreTag::Null),
        Some(b"timestamp") => Style::Core(CoreTag::Timestamp),
        Some(b"binary") => Style::Binary(false),
        _ => Style::Tagged,
    }
}

/// Go's `base64.StdEncoding.DecodeString` (line breaks ignored, padding required, stray
/// trailing bits allowed); `None` when invalid or when the bytes are not UTF-8 text (which Go
/// would keep as raw bytes, and this model cannot).
fn decode_binary(text: &str) -> Option<String> {
    use base64::Engine as _;
    use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    let compact: String = text.chars().filter(|&c| c != '\r' && c != '\n').collect();
    String::from_utf8(ENGINE.decode(compact).ok()?).ok()
}

/// The longest run of libyaml-C anchor characters.
fn is_c_anchor_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// go-yaml v4 anchor characters: printable ASCII but blanks, flow indicators and `:`.
fn is_go_anchor_char(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) && !matches!(b, b'[' | b']' | b'{' | b'}' | b',' | b':')
}

/// Renames anchors and aliases that go-yaml v4 accepts but libyaml rejects.
struct AnchorRenamer {
    prefix: Option<String>,
    names: Vec<(Vec<u8>, Vec<u8>)>,
}

impl AnchorRenamer {
    /// Given libyaml's error for `text`, returns the text with the offending anchor or alias
    /// renamed, when Go would have accepted it.
    fn fix(&mut self, text: &[u8], err: &serde_yaml::Error) -> Option<Vec<u8>> {
        if !err
            .to_string()
            .contains("did not find expected alphabetic or numeric character")
        {
            return None;
        }
        let idx = err.location()?.index().min(text.len());
        let mut s = idx;
        while s > 0 && is_c_anchor_char(text[s - 1]) {
            s -= 1;
        }
        if s == 0 || !matches!(text[s - 1], b'&' | b'*') {
            return None;
        }
        let mut e = s;
        while e < text.len() && is_go_anchor_char(text[e]) {
            e += 1;
        }
        let follower_ok = match text.get(e) {
            None => true,
            Some(
                b' ' | b'\t' | b'\r' | b'\n' | b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@'
                | b'`',
            ) => true,
            Some(0xC2) => text.get(e + 1) == Some(&0x85),
            Some(0xE2) => matches!(text.get(e + 1..e + 3), Some([0x80, 0xA8 | 0xA9])),
            _ => false,
        };
        let name = &text[s..e];
        if name.is_empty() || !follower_ok || name.iter().all(|&b| is_c_anchor_char(b)) {
            return None;
        }
        let prefix = self.prefix.get_or_insert_with(|| {
            let lossy = String::from_utf8_lossy(text);
            (0..)
                .map(|k| format!("goanchor{k}x"))
                .find(|p| !lossy.contains(p.as_str()))
                .unwrap_or_default()
        });
        let renamed = match self.names.iter().find(|(n, _)| n == name) {
            Some((_, r)) => r.clone(),
            None => {
                let r = format!("{prefix}{}", self.names.len()).into_bytes();
                self.names.push((name.to_vec(), r.clone()));
                r
            }
        };
        let mut out = Vec::with_capacity(text.len() + renamed.len());
        out.extend_from_slice(&text[..s]);
        out.extend_from_slice(&renamed);
        out.extend_from_slice(&text[e..]);
        Some(out)
    }
}

/// Go reads a U+FEFF anywhere but at the very start as an ordinary character, while libyaml
/// skips it at the start of a line. Such characters are swapped for a private-use character
/// absent from the text (same UTF-8 length) and swapped back in scalar values.
fn hide_inner_boms(text: &[u8]) -> Option<(Vec<u8>, char)> {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let rest = &text[start..];
    if !rest.windows(3).any(|w| w == BOM) {
        return None;
    }
    // The private-use characters present, in one pass.
    let mut used = vec![false; 0x1900];
    for c in String::from_utf8_lossy(text).chars() {
        if let Some(i) = (c as usize).checked_sub(0xe000).filter(|&i| i < used.len()) {
            used[i] = true;
        }
    }
    let placeholder = ('\u{e000}'..='\u{f8ff}').find(|&c| !used[c as usize - 0xe000])?;
    let mut encoded = [0u8; 3];
    let encoded = placeholder.encode_utf8(&mut encoded).as_bytes().to_vec();
    let mut out = text[..start].to_vec();
    let mut i = 0;
    while i < rest.len() {
        if rest[i..].starts_with(BOM) {
            out.extend_from_slice(&encoded);
            i += BOM.len();
        } else {
            out.push(rest[i]);
            i += 1;
        }
    }
    Some((out, placeholder))
}

/// Go skips `...` (document end) markers before the first document; libyaml refuses them.
/// They are blanked out (same length, so offsets stay put).
fn blank_leading_document_ends(text: &mut std::borrow::Cow<'_, [u8]>) {
    let mut pos = if text.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let mut marks = Vec::new();
    while pos < text.len() {
        let end = text[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        let content = line
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
        match content {
            None => {}
            Some(i) if line[i] == b'#' => {}
            Some(0)
                if line.starts_with(b"...")
                    && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n')) =>
            {
                marks.push(pos);
            }
            Some(_) => break,
        }
        pos = end;
    }
    if !marks.is_empty() {
        let owned = text.to_mut();
        for m in marks {
            owned[m..m + 3].copy_from_slice(b"   ");
        }
    }
}

/// How many anchors or aliases may be renamed in one document.
const MAX_RENAMES: usize = 64;

/// Parses the first YAML document of `text` into a node tree.
pub(crate) fn parse_tree(text: &[u8]) -> Result<Node, NetworkConfigError> {
    let hidden = hide_inner_boms(text);
    let (mut text, bom) = match hidden {
        Some((t, p)) => (std::borrow::Cow::Owned(t), Some(p)),
        None => (std::borrow::Cow::Borrowed(text), None),
    };
    blank_leading_document_ends(&mut text);
    let mut renamer = AnchorRenamer {
        prefix: None,
        names: Vec::new(),
    };
    let mut renames = 0;
    loop {
        match parse_once(&text, bom) {
            Err(e) => match renamer.fix(&text, &e) {
                Some(fixed) if renames < MAX_RENAMES => {
                    text = std::borrow::Cow::Owned(fixed);
                    renames += 1;
                }
                _ => return Err(yaml_error(e)),
            },
            Ok(node) => return node,
        }
    }
}

/// One parse: `Err` only for libyaml errors (which may be retried after a rename).
fn parse_once(
    text: &[u8],
    bom: Option<char>,
) -> Result<Result<Node, NetworkConfigError>, serde_yaml::Error> {
    let count = Cell::new(0);
    let Some(first) = serde_yaml::Deserializer::from_slice(text).next() else {
        return Ok(Err(NetworkConfigError::NoDocument));
    };
    let shape = ShapeSeed { count: &count }.deserialize(first)?;
    if let Shape::Void = shape {
        return Ok(Err(NetworkConfigError::NoDocument));
    }
    let Some(again) = serde_yaml::Deserializer::from_slice(text).next() else {
        return Ok(Err(NetworkConfigError::NoDocument));
    };
    let node = Guided {
        shape: &shape,
        base: text,
        bom,
    }
    .deserialize(again)?;
    Ok(Ok(node))
}

// ---------------------------------------------------------------------------------------------
// Go's implicit typing of plain scalars (go.yaml.in/yaml/v4 `resolve`).

/// What a scalar resolves to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Res {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
    Timestamp,
    Merge,
    /// A scalar with a local tag.
    Other,
    /// A scalar its explicit core tag does not fit (`!!int abc`): Go fails on it.
    Invalid,
    /// A decoded `!!binary` scalar: a string for string and text fields only.
    Binary,
}

impl Res {
    fn tag(self) -> &'static str {
        match self {
            Res::Null => "!!null",
            Res::Bool(_) => "!!bool",
            Res::Int(_) | Res::Uint(_) => "!!int",
            Res::Float(_) => "!!float",
            Res::Str => "!!str",
            Res::Timestamp => "!!timestamp",
            Res::Merge => "!!merge",
            Res::Other => "tagged",
            Res::Invalid => "mistagged",
            Res::Binary => "!!binary",
        }
    }
}

impl Scalar {
    pub(crate) fn resolve(&self) -> Res {
        match self.style {
            Style::Quoted => Res::Str,
            Style::Tagged => Res::Other,
            Style::Plain => resolve_plain(&self.text),
            Style::Core(tag) => match (tag, resolve_plain(&self.text)) {
                (CoreTag::Bool, r @ Res::Bool(_))
                | (CoreTag::Int, r @ (Res::Int(_) | Res::Uint(_)))
                | (CoreTag::Float, r @ Res::Float(_))
                | (CoreTag::Null, r @ Res::Null)
                | (CoreTag::Timestamp, r @ Res::Timestamp) => r,
                (CoreTag::Float, Res::Int(i)) => Res::Float(i as f64),
                _ => Res::Invalid,
            },
            Style::Binary(valid) => {
                if valid {
                    Res::Binary
                } else {
                    Res::Invalid
                }
            }
        }
    }

    fn is_null(&self) -> bool {
        self.resolve() == Res::Null
    }
}

/// The resolution Go gives an untagged plain scalar.
pub(crate) fn resolve_plain(s: &str) -> Res {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' | b'<') => {
            b'M'
        }
        Some(b'.') => b'.',
        Some(_) => return Res::Str,
    };
    match s {
        "true" | "True" | "TRUE" => return Res::Bool(true),
        "false" | "False" | "FALSE" => return Res::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Res::Null,
        ".nan" | ".NaN" | ".NAN" => return Res::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Res::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Res::Float(f64::NEG_INFINITY),
        "-0" | "-0.0" => return Res::Float(-0.0),
        "<<" => return Res::Merge,
        _ => {}
    }
    match hint {
        b'.' => go_parse_float(s).map_or(Res::Str, Res::Float),
        b'D' | b'S' => {
            if is_timestamp(s) {
                return Res::Timestamp;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Res::Int(i);
            }
            if let Some(u) = go_strconv::parse_uint(&plain, u64::MAX) {
                return Res::Uint(u);
            }
            if is_yaml_style_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
                && f.is_finite()
            {
                return Res::Float(f);
            }
            Res::Str
        }
        _ => Res::Str,
    }
}

/// `strconv.ParseInt(s, 0, 64)` without underscores.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = go_strconv::parse_uint(rest, u64::MAX)?;
    const CUTOFF: u64 = 1 << 63;
    if !neg && un >= CUTOFF {
        return None;
    }
    if neg && un > CUTOFF {
        return None;
    }
    Some(if neg {
        (un as i64).wrapping_neg()
    } else {
        un as i64
    })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat` for text starting with `.` (a decimal fraction, optional exponent,
/// underscores between digits allowed).
fn go_parse_float(s: &str) -> Option<f64> {
    if s.contains('_') && !go_strconv::underscore_ok(s) {
        return None;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    let b = plain.as_bytes();
    // `.` digits+ ([eE] [+-]? digits+)?
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 1 {
        return None;
    }
    if i < b.len() {
        if !matches!(b[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i != b.len() {
            return None;
        }
    }
    plain.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Whether Go would read `s` as a `!!timestamp` (formats `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`
/// with `T` or `t`, and `2006-1-2 15:4:5.999999999`).
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    // getnum(value, false): one or two digits.
    fn num(b: &[u8], i: &mut usize) -> Option<u32> {
        let d0 = *b.get(*i).filter(|c| c.is_ascii_digit())?;
        *i += 1;
        let mut n = u32::from(d0 - b'0');
        if let Some(d1) = b.get(*i).filter(|c| c.is_ascii_digit()) {
            n = n * 10 + u32::from(d1 - b'0');
            *i += 1;
        }
        Some(n)
    }
    fn fixed2(b: &[u8], i: usize) -> Option<u32> {
        let (d0, d1) = (*b.get(i)?, *b.get(i + 1)?);
        (d0.is_ascii_digit() && d1.is_ascii_digit())
            .then(|| u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'))
    }
    let year: u32 = s[..4].parse().unwrap_or(0);
    let mut i = 5;
    let date = || -> Option<(u32, u32, usize)> {
        let mut i = i;
        let month = num(b, &mut i)?;
        if !(1..=12).contains(&month) || b.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
        let day = num(b, &mut i)?;
        Some((month, day, i))
    };
    let Some((month, day, after)) = date() else {
        return false;
    };
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days_in = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day_ok = (1..=days_in).contains(&day);
    i = after;
    if i == b.len() {
        return day_ok;
    }
    let sep = b[i];
    i += 1;
    if sep == b' ' {
        // A space in the layout matches any run of spaces.
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    } else if sep != b'T' && sep != b't' {
        return false;
    }
    let time = |i: &mut usize| -> Option<()> {
        let hour = num(b, i)?;
        if hour >= 24 || b.get(*i) != Some(&b':') {
            return None;
        }
        *i += 1;
        let min = num(b, i)?;
        if min >= 60 || b.get(*i) != Some(&b':') {
            return None;
        }
        *i += 1;
        let sec = num(b, i)?;
        if sec >= 60 {
            return None;
        }
        // Optional fraction: '.' or ',' followed by digits.
        if matches!(b.get(*i), Some(b'.' | b',')) && b.get(*i + 1).is_some_and(u8::is_ascii_digit) {
            *i += 1;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
        }
        Some(())
    };
    if time(&mut i).is_none() {
        return false;
    }
    if sep != b' ' {
        // Z07:00
        match b.get(i) {
            Some(b'Z') => i += 1,
            Some(b'+' | b'-') => {
                if b.len() < i + 6 || b[i + 3] != b':' {
                    return false;
                }
                let (Some(hr), Some(mm)) = (fixed2(b, i + 1), fixed2(b, i + 4)) else {
                    return false;
                };
                if hr > 24 || mm > 60 {
                    return false;
                }
                i += 6;
            }
            _ => return false,
        }
    }
    i == b.len() && day_ok
}

// ---------------------------------------------------------------------------------------------
// Decoding nodes into the model.

/// Path segments, for error messages.
enum Seg {
    Key(String),
    Index(usize),
}

/// Decoding state.
pub(crate) struct Cx {
    strict: bool,
    path: Vec<Seg>,
}

impl Cx {
    pub(crate) fn new(strict: bool) -> Self {
        Self {
            strict,
            path: Vec::new(),
        }
    }

    fn path(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn mismatch(&self, node: &Node, expected: &'static str) -> NetworkConfigError {
        let found = match node {
            Node::Seq(_) => "!!seq".to_owned(),
            Node::Map(_) => "!!map".to_owned(),
            Node::Scalar(s) => {
                let value = if s.text.chars().count() > 10 {
                    format!("{}...", s.text.chars().take(7).collect::<String>())
                } else {
                    s.text.clone()
                };
                format!("{} `{value}`", s.resolve().tag())
            }
        };
        NetworkConfigError::TypeMismatch {
            path: self.path(),
            found,
            expected,
        }
    }

    fn invalid(&self, e: ValueError) -> NetworkConfigError {
        NetworkConfigError::invalid(self.path(), e)
    }
}

/// Go's `Construct` into an existing value.
pub(crate) trait Decode {
    /// Decodes `node` into `self`. `Ok(false)` means Go's constructor "did nothing" (null,
    /// a stray merge key…): the value is left as it was, and a list drops such an item.
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError>;
}

impl Decode for String {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        let Node::Scalar(s) = node else {
            return Err(cx.mismatch(node, "string"));
        };
        match s.resolve() {
            Res::Null => Ok(false),
            Res::Timestamp | Res::Invalid => Err(cx.mismatch(node, "string")),
            _ => {
                self.clone_from(&s.text);
                Ok(true)
            }
        }
    }
}

impl Decode for bool {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        let Node::Scalar(s) = node else {
            return Err(cx.mismatch(node, "bool"));
        };
        match s.resolve() {
            Res::Null | Res::Merge => Ok(false),
            Res::Bool(b) => {
                *self = b;
                Ok(true)
            }
            Res::Str => match s.text.as_str() {
                "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
                    *self = true;
                    Ok(true)
                }
                "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
                    *self = false;
                    Ok(true)
                }
                _ => Err(cx.mismatch(node, "bool")),
            },
            _ => Err(cx.mismatch(node, "bool")),
        }
    }
}

macro_rules! decode_int {
    ($($t:ty => $go:literal),+) => {$(
        impl Decode for $t {
            fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
                let Node::Scalar(s) = node else {
                    return Err(cx.mismatch(node, $go));
                };
                let value: Option<$t> = match s.resolve() {
                    Res::Null | Res::Merge => return Ok(false),
                    Res::Int(i) => <$t>::try_from(i).ok(),
                    Res::Uint(u) => i64::try_from(u).ok().and_then(|i| <$t>::try_from(i).ok()),
                    Res::Float(f) => float_to_int(f).and_then(|i| <$t>::try_from(i).ok()),
                    _ => None,
                };
                match value {
                    Some(v) => {
                        *self = v;
                        Ok(true)
                    }
                    None => Err(cx.mismatch(node, $go)),
                }
            }
        }
    )+};
}

/// A float Go converts losslessly to an integer (`1.0` → 1; `1.5` is refused).
fn float_to_int(f: f64) -> Option<i128> {
    // Go checks the int64 (or uint64) range first; i128 covers both.
    (f.is_finite() && f.fract() == 0.0 && (i64::MIN as f64..u64::MAX as f64).contains(&f))
        .then_some(f as i128)
}

/// Same as `decode_int` but through i128 so that `u64` values keep their range.
impl Decode for u64 {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        let Node::Scalar(s) = node else {
            return Err(cx.mismatch(node, "uint64"));
        };
        let value = match s.resolve() {
            Res::Null | Res::Merge => return Ok(false),
            Res::Int(i) => u64::try_from(i).ok(),
            Res::Uint(u) => Some(u),
            Res::Float(f) => float_to_int(f).and_then(|i| u64::try_from(i).ok()),
            _ => None,
        };
        match value {
            Some(v) => {
                *self = v;
                Ok(true)
            }
            None => Err(cx.mismatch(node, "uint64")),
        }
    }
}

decode_int!(u8 => "uint8", u16 => "uint16", u32 => "uint32", i64 => "int");

impl Decode for GoDuration {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        let Node::Scalar(s) = node else {
            return Err(cx.mismatch(node, "time.Duration"));
        };
        let value = match s.resolve() {
            Res::Null | Res::Merge => return Ok(false),
            Res::Str => s.text.parse().ok(),
            Res::Int(0) => Some(GoDuration::ZERO),
            Res::Float(f) => float_to_int(f)
                .and_then(|i| i64::try_from(i).ok())
                .map(GoDuration::from_nanos),
            _ => None,
        };
        match value {
            Some(v) => {
                *self = v;
                Ok(true)
            }
            None => Err(cx.mismatch(node, "time.Duration")),
        }
    }
}

/// Decoding of a Go `encoding.TextUnmarshaler`: any non-null scalar's text goes to `parse`.
pub(crate) fn decode_text<T>(
    slot: &mut T,
    node: &Node,
    cx: &mut Cx,
    expected: &'static str,
    parse: impl FnOnce(&str) -> Result<T, ValueError>,
) -> Result<bool, NetworkConfigError> {
    let Node::Scalar(s) = node else {
        return Err(cx.mismatch(node, expected));
    };
    match s.resolve() {
        Res::Null => return Ok(false),
        Res::Invalid => return Err(cx.mismatch(node, expected)),
        _ => {}
    }
    *slot = parse(&s.text).map_err(|e| cx.invalid(e))?;
    Ok(true)
}

/// Implements [`Decode`] for text types through their `FromStr`.
macro_rules! decode_via_text {
    ($($t:ty => $go:literal),+ $(,)?) => {$(
        impl $crate::network::decode::Decode for $t {
            fn decode(
                &mut self,
                node: &$crate::network::decode::Node,
                cx: &mut $crate::network::decode::Cx,
            ) -> Result<bool, $crate::network::NetworkConfigError> {
                $crate::network::decode::decode_text(self, node, cx, $go, str::parse)
            }
        }
    )+};
}
pub(crate) use decode_via_text;

impl Decode for Option<IpAddress> {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        decode_text(self, node, cx, "netip.Addr", |t| {
            if t.is_empty() {
                Ok(None)
            } else {
                t.parse().map(Some)
            }
        })
    }
}

impl Decode for Option<IpPrefix> {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        decode_text(self, node, cx, "netip.Prefix", |t| {
            if t.is_empty() {
                Ok(None)
            } else {
                t.parse().map(Some)
            }
        })
    }
}

/// Go pointer semantics: null clears, anything else allocates then decodes into the target.
pub(crate) fn decode_pointer<T: Decode + Default>(
    slot: &mut Option<T>,
    node: &Node,
    cx: &mut Cx,
) -> Result<bool, NetworkConfigError> {
    if let Node::Scalar(s) = node
        && s.is_null()
    {
        *slot = None;
        return Ok(true);
    }
    slot.get_or_insert_with(T::default).decode(node, cx)
}

impl<T: Decode + Default> Decode for Vec<T> {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        match node {
            Node::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    cx.path.push(Seg::Index(i));
                    let mut value = T::default();
                    if value.decode(item, cx)? {
                        out.push(value);
                    }
                    cx.path.pop();
                }
                *self = out;
                Ok(true)
            }
            Node::Scalar(s) => match s.resolve() {
                Res::Null => {
                    self.clear();
                    Ok(true)
                }
                Res::Merge => Ok(false),
                _ => Err(cx.mismatch(node, "a list")),
            },
            Node::Map(_) => Err(cx.mismatch(node, "a list")),
        }
    }
}

/// Go refuses a mapping that repeats a key (same node kind and same text).
fn check_unique(pairs: &[(Node, Node)], cx: &Cx) -> Result<(), NetworkConfigError> {
    if pairs.len() < 2 {
        return Ok(());
    }
    let mut seen = HashSet::with_capacity(pairs.len());
    for (key, _) in pairs {
        let id: (u8, &str) = match key {
            Node::Scalar(s) => (0, &s.text),
            Node::Seq(_) => (1, ""),
            Node::Map(_) => (2, ""),
        };
        if !seen.insert(id) {
            return Err(NetworkConfigError::DuplicateKey {
                path: cx.path(),
                key: id.1.to_owned(),
            });
        }
    }
    Ok(())
}

fn is_merge_key(key: &Node) -> bool {
    matches!(key, Node::Scalar(s) if s.resolve() == Res::Merge)
}

/// The keys of a mapping that Go's merge bookkeeping sees as strings.
fn string_keys(pairs: &[(Node, Node)]) -> HashSet<String> {
    pairs
        .iter()
        .filter_map(|(k, _)| match k {
            Node::Scalar(s) if matches!(s.resolve(), Res::Str | Res::Other | Res::Binary) => {
                Some(s.text.clone())
            }
            _ => None,
        })
        .collect()
}

/// A Go struct: its field keys and how to decode one field.
pub(crate) trait GoStruct: Sized {
    /// YAML keys of the fields.
    const FIELDS: &'static [&'static str];
    /// Go type name for messages.
    const GO_TYPE: &'static str;
    /// Decodes the field named `key` (one of [`GoStruct::FIELDS`]).
    fn decode_field(
        &mut self,
        key: &str,
        node: &Node,
        cx: &mut Cx,
    ) -> Result<bool, NetworkConfigError>;
}

/// Go's `mapping` + `mappingStruct` for a struct target.
pub(crate) fn decode_struct<T: GoStruct>(
    this: &mut T,
    node: &Node,
    cx: &mut Cx,
) -> Result<bool, NetworkConfigError> {
    match node {
        Node::Map(pairs) => {
            check_unique(pairs, cx)?;
            struct_pairs(this, pairs, cx, None)?;
            Ok(true)
        }
        Node::Scalar(s) => match s.resolve() {
            Res::Null | Res::Merge => Ok(false),
            _ => Err(cx.mismatch(node, T::GO_TYPE)),
        },
        Node::Seq(_) => Err(cx.mismatch(node, T::GO_TYPE)),
    }
}

fn struct_pairs<T: GoStruct>(
    this: &mut T,
    pairs: &[(Node, Node)],
    cx: &mut Cx,
    mut merged: Option<&mut HashSet<String>>,
) -> Result<(), NetworkConfigError> {
    let mut merge = None;
    let mut done: Vec<&'static str> = Vec::new();
    for (key, value) in pairs {
        if is_merge_key(key) {
            merge = Some(value);
            continue;
        }
        let mut name = String::new();
        if !name.decode(key, cx)? {
            continue;
        }
        if let Some(m) = merged.as_deref_mut()
            && !m.insert(name.clone())
        {
            continue;
        }
        if let Some(field) = T::FIELDS.iter().find(|f| **f == name) {
            if done.contains(field) {
                return Err(NetworkConfigError::DuplicateKey {
                    path: cx.path(),
                    key: name,
                });
            }
            done.push(*field);
            cx.path.push(Seg::Key(name));
            this.decode_field(field, value, cx)?;
            cx.path.pop();
        } else if cx.strict {
            return Err(NetworkConfigError::UnknownField {
                path: cx.path(),
                key: name,
            });
        }
    }
    if let Some(merge) = merge {
        let mut own;
        let set = match merged {
            Some(m) => m,
            None => {
                own = string_keys(pairs);
                &mut own
            }
        };
        for_each_merged(merge, cx, |pairs, cx| {
            struct_pairs(this, pairs, cx, Some(&mut *set))
        })?;
    }
    Ok(())
}

/// Calls `f` on each mapping a merge value (`<<: …`) names, in order.
fn for_each_merged(
    merge: &Node,
    cx: &mut Cx,
    mut f: impl FnMut(&[(Node, Node)], &mut Cx) -> Result<(), NetworkConfigError>,
) -> Result<(), NetworkConfigError> {
    let bad = |cx: &Cx| NetworkConfigError::BadMerge { path: cx.path() };
    match merge {
        Node::Map(pairs) => {
            check_unique(pairs, cx)?;
            f(pairs, cx)
        }
        Node::Seq(items) => {
            for item in items {
                let Node::Map(pairs) = item else {
                    return Err(bad(cx));
                };
                check_unique(pairs, cx)?;
                f(pairs, cx)?;
            }
            Ok(())
        }
        Node::Scalar(_) => Err(bad(cx)),
    }
}

impl Decode for BTreeMap<String, String> {
    fn decode(&mut self, node: &Node, cx: &mut Cx) -> Result<bool, NetworkConfigError> {
        match node {
            Node::Map(pairs) => {
                check_unique(pairs, cx)?;
                map_pairs(self, pairs, cx, None)?;
                Ok(true)
            }
            Node::Scalar(s) => match s.resolve() {
                Res::Null => {
                    self.clear();
                    Ok(true)
                }
                Res::Merge => Ok(false),
                _ => Err(cx.mismatch(node, "map[string]string")),
            },
            Node::Seq(_) => Err(cx.mismatch(node, "map[string]string")),
        }
    }
}

fn map_pairs(
    out: &mut BTreeMap<String, String>,
    pairs: &[(Node, Node)],
    cx: &mut Cx,
    mut merged: Option<&mut HashSet<String>>,
) -> Result<(), NetworkConfigError> {
    let mut merge = None;
    for (key, value) in pairs {
        if is_merge_key(key) {
            merge = Some(value);
            continue;
        }
        let mut name = String::new();
        if !name.decode(key, cx)? {
            continue;
        }
        if let Some(m) = merged.as_deref_mut()
            && !m.insert(name.clone())
        {
            continue;
        }
        cx.path.push(Seg::Key(name.clone()));
        let mut v = String::new();
        let constructed = v.decode(value, cx)?;
        cx.path.pop();
        let null = matches!(value, Node::Scalar(s) if s.is_null());
        if constructed || (null && !out.contains_key(&name)) {
            out.insert(name, v);
        }
    }
    if let Some(merge) = merge {
        let mut own;
        let set = match merged {
            Some(m) => m,
            None => {
                own = string_keys(pairs);
                &mut own
            }
        };
        for_each_merged(merge, cx, |pairs, cx| {
            map_pairs(out, pairs, cx, Some(&mut *set))
        })?;
    }
    Ok(())
}

/// Decodes a whole document into `T` (Go's `Unmarshal` into a struct).
pub(crate) fn decode_document<T: Decode + Default>(
    node: &Node,
    strict: bool,
) -> Result<T, NetworkConfigError> {
    let mut out = T::default();
    out.decode(node, &mut Cx::new(strict))?;
    Ok(out)
}
