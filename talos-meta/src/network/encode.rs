//! Writing YAML the way Talos does (`go.yaml.in/yaml/v4` `Marshal`): 4-space indentation,
//! sequences indented under their key, strings quoted whenever Go would read them back as
//! something else (`"123"`, `"2001-01-01"`, `'on'`, `""`).
//!
//! The model is serialised with serde into a small tree, which is then printed here.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::decode::{Res, resolve_plain};
use super::error::NetworkConfigError;

/// A serialised value.
#[derive(Debug)]
pub(crate) enum Out {
    Null,
    Bool(bool),
    Int(i128),
    Str(String),
    Seq(Vec<Out>),
    Map(Vec<(Out, Out)>),
}

#[derive(Debug)]
pub(crate) struct SerError(String);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

struct ToOut;

struct SeqOut(Vec<Out>);

struct MapOut {
    pairs: Vec<(Out, Out)>,
    key: Option<Out>,
}

impl ser::Serializer for ToOut {
    type Ok = Out;
    type Error = SerError;
    type SerializeSeq = SeqOut;
    type SerializeTuple = SeqOut;
    type SerializeTupleStruct = SeqOut;
    type SerializeTupleVariant = Impossible<Out, SerError>;
    type SerializeMap = MapOut;
    type SerializeStruct = MapOut;
    type SerializeStructVariant = Impossible<Out, SerError>;

    fn serialize_bool(self, v: bool) -> Result<Out, SerError> {
        Ok(Out::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_u8(self, v: u8) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Out, SerError> {
        Ok(Out::Int(v.into()))
    }
    fn serialize_f32(self, _: f32) -> Result<Out, SerError> {
        Err(SerError(
            "floating-point values are not part of the model".into(),
        ))
    }
    fn serialize_f64(self, _: f64) -> Result<Out, SerError> {
        Err(SerError(
            "floating-point values are not part of the model".into(),
        ))
    }
    fn serialize_char(self, v: char) -> Result<Out, SerError> {
        Ok(Out::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Out, SerError> {
        Ok(Out::Str(v.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Out, SerError> {
        Err(SerError("raw bytes are not part of the model".into()))
    }
    fn serialize_none(self) -> Result<Out, SerError> {
        Ok(Out::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Out, SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Out, SerError> {
        Ok(Out::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Out, SerError> {
        Ok(Out::Map(Vec::new()))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Out, SerError> {
        Ok(Out::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Out, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Out, SerError> {
        Ok(Out::Map(vec![(
            Out::Str(variant.to_owned()),
            v.serialize(ToOut)?,
        )]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqOut, SerError> {
        Ok(SeqOut(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqOut, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqOut, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError("tuple variants are not part of the model".into()))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapOut, SerError> {
        Ok(MapOut {
            pairs: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapOut, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError("struct variants are not part of the model".into()))
    }
}

impl ser::SerializeSeq for SeqOut {
    type Ok = Out;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.0.push(v.serialize(ToOut)?);
        Ok(())
    }
    fn end(self) -> Result<Out, SerError> {
        Ok(Out::Seq(self.0))
    }
}

impl ser::SerializeTuple for SeqOut {
    type Ok = Out;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Out, SerError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqOut {
    type Ok = Out;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Out, SerError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for MapOut {
    type Ok = Out;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), SerError> {
        self.key = Some(k.serialize(ToOut)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerError("map value without key".into()))?;
        self.pairs.push((key, v.serialize(ToOut)?));
        Ok(())
    }
    fn end(self) -> Result<Out, SerError> {
        Ok(Out::Map(self.pairs))
    }
}

impl ser::SerializeStruct for MapOut {
    type Ok = Out;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        self.pairs
            .push((Out::Str(key.to_owned()), v.serialize(ToOut)?));
        Ok(())
    }
    fn end(self) -> Result<Out, SerError> {
        Ok(Out::Map(self.pairs))
    }
}

/// Serialises `value` as a Go-style YAML document.
pub(crate) fn to_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, NetworkConfigError> {
    let tree = value
        .serialize(ToOut)
        .map_err(|e| NetworkConfigError::Serialize { message: e.0 })?;
    let mut out = String::new();
    match &tree {
        Out::Map(pairs) if !pairs.is_empty() => emit_map(&mut out, pairs, 0, false),
        Out::Seq(items) if !items.is_empty() => emit_seq(&mut out, items, 0, false),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    Ok(out)
}

const INDENT: usize = 4;

/// Go's "everything else aligns to the chosen indentation".
fn deeper(indent: usize) -> usize {
    INDENT * ((indent + INDENT) / INDENT)
}

fn is_block(v: &Out) -> bool {
    match v {
        Out::Map(p) => !p.is_empty(),
        Out::Seq(i) => !i.is_empty(),
        _ => false,
    }
}

/// A value written on the current line: scalars and empty collections.
fn inline(v: &Out) -> String {
    match v {
        Out::Null => "null".to_owned(),
        Out::Bool(b) => b.to_string(),
        Out::Int(i) => i.to_string(),
        Out::Str(s) => scalar(s),
        Out::Seq(_) => "[]".to_owned(),
        Out::Map(_) => "{}".to_owned(),
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A block mapping whose keys sit at column `indent`; `inline_first` when the first key
/// continues the current line (after `- `).
fn emit_map(out: &mut String, pairs: &[(Out, Out)], indent: usize, inline_first: bool) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        let key = match k {
            Out::Str(s) => s.as_str(),
            _ => "",
        };
        let complex = matches!(k, Out::Str(s) if s.len() > 128 || s.contains('\n'));
        if complex {
            out.push_str("? ");
            out.push_str(&inline(k));
            out.push('\n');
            pad(out, indent);
            out.push(':');
        } else if let Out::Str(_) = k {
            out.push_str(&scalar(key));
            out.push(':');
        } else {
            out.push_str(&inline(k));
            out.push(':');
        }
        if is_block(v) {
            out.push('\n');
            match v {
                Out::Map(p) => emit_map(out, p, deeper(indent), false),
                Out::Seq(items) => emit_seq(out, items, deeper(indent), false),
                _ => unreachable!("is_block"),
            }
        } else {
            out.push(' ');
            out.push_str(&inline(v));
            out.push('\n');
        }
    }
}

/// A block sequence whose dashes sit at column `indent`.
fn emit_seq(out: &mut String, items: &[Out], indent: usize, inline_first: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        out.push('-');
        match item {
            Out::Map(p) if !p.is_empty() => {
                out.push(' ');
                emit_map(out, p, indent + 2, true);
            }
            Out::Seq(s) if !s.is_empty() => {
                out.push(' ');
                emit_seq(out, s, indent + 2, true);
            }
            other => {
                out.push(' ');
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
}

/// YAML 1.1 booleans Go still quotes.
fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`, sexagesimal numbers Go quotes.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) && i - start < 2 {
            i += 1;
        }
        let group = &b[start..i];
        let ok = match group {
            [d] => d.is_ascii_digit(),
            [a, _] => (b'0'..=b'5').contains(a),
            _ => false,
        };
        if !ok {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// libyaml's notion of a printable character (which may appear unescaped).
fn printable(c: char) -> bool {
    matches!(c as u32,
        0x0A | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether libyaml may write `s` as a plain scalar in block context.
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    if chars[0] == ' '
        || chars[0] == '\t'
        || chars[chars.len() - 1] == ' '
        || chars[chars.len() - 1] == '\t'
    {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        if !printable(c) || is_break(c) || c == '\t' {
            return false;
        }
        let next_blank = chars
            .get(i + 1)
            .is_none_or(|n| *n == ' ' || *n == '\t' || is_break(*n));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    return false;
                }
                '?' | ':' | '-' if next_blank => return false,
                _ => {}
            }
        } else {
            if c == ':' && next_blank {
                return false;
            }
            if c == '#' && matches!(chars[i - 1], ' ' | '\t') {
                return false;
            }
        }
    }
    true
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\x0b' => out.push_str("\\v"),
            '\x0c' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\x1b' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if printable(c) && c != '\n' => out.push(c),
            c if (c as u32) <= 0xFF => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// One string scalar, quoted as Go would need it to read it back as the same string.
pub(crate) fn scalar(s: &str) -> String {
    let special = s.chars().any(|c| !printable(c) || is_break(c) || c == '\t');
    if special {
        return double_quoted(s);
    }
    if is_base60_float(s) || is_old_bool(s) || s == "<<" {
        return format!("'{}'", s.replace('\'', "''"));
    }
    if resolve_plain(s) != Res::Str {
        return double_quoted(s);
    }
    if plain_allowed(s) {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "''"))
}
