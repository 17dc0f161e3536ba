//! The YAML ↔ JSON conversions Talos runs around a JSON patch (`ghodss/yaml`, which is
//! `gopkg.in/yaml.v2` underneath): YAML 1.1 scalar resolution going in, and yaml.v2's
//! marshaller coming out (2-space indentation, sequences not indented under their key,
//! keys sorted, long lines folded at 80 columns).

use std::collections::BTreeMap;

use super::json::{self, Json};
use crate::goyaml::{LetterOrder, format_go_float, key_order, sort_keys_go};
use crate::yaml::resolve::{self, go_parse_int, go_parse_uint, is_timestamp};
use crate::yaml::scalar::{Tabs, analyze, escape, is_break, is_printable};
use crate::yaml::writer::Writer;
use crate::yaml::{Node, NodeKind, ScalarStyle};

/// A scalar as yaml.v2 resolves it.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
    /// Timestamps stay strings when decoded into `interface{}`.
    Timestamp,
}

/// yaml.v2's `resolve("", text)` for a plain scalar (only text starting with a sign, a
/// digit, `.`, `~` or one of `yYnNtTfFoO` is looked at).
fn resolve_v2(text: &str) -> Scalar {
    if !text.is_empty()
        && !matches!(
            text.as_bytes()[0],
            b'+' | b'-' | b'0'
                ..=b'9'
                    | b'.'
                    | b'~'
                    | b'y'
                    | b'Y'
                    | b'n'
                    | b'N'
                    | b't'
                    | b'T'
                    | b'f'
                    | b'F'
                    | b'o'
                    | b'O'
        )
    {
        return Scalar::Str;
    }
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false);
        }
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match text.as_bytes()[0] {
        b'.' => match text.parse::<f64>() {
            Ok(f)
                if text[1..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b"eE+-".contains(&b)) =>
            {
                Scalar::Float(f)
            }
            _ => Scalar::Str,
        },
        b'0'..=b'9' | b'+' | b'-' => {
            if is_timestamp(text) {
                return Scalar::Timestamp;
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Scalar::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Scalar::Uint(u);
            }
            if crate::yaml::resolve::is_yaml_style_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
            {
                return Scalar::Float(f);
            }
            Scalar::Str
        }
        _ => Scalar::Str,
    }
}

/// ghodss' `YAMLToJSON` of a document's root: decoded by yaml.v2 into `interface{}` and
/// marshalled by `encoding/json` (map keys converted to strings).
pub(crate) fn node_to_json(root: &Node) -> Result<Json, String> {
    to_json(root)
}

fn to_json(node: &Node) -> Result<Json, String> {
    let node = node.resolved();
    match node.kind {
        NodeKind::Scalar => scalar_json(node),
        NodeKind::Sequence => node
            .children
            .iter()
            .map(to_json)
            .collect::<Result<Vec<_>, _>>()
            .map(Json::Array),
        NodeKind::Mapping => {
            let mut map = BTreeMap::new();
            fill_map(node, &mut map)?;
            Ok(Json::Object(map))
        }
        NodeKind::Alias(_) => Ok(Json::Null),
    }
}

/// yaml.v2's mapping decode into a map: keys in order, `<<` merged where it stands (a list
/// of maps merged last to first).
fn fill_map(node: &Node, map: &mut BTreeMap<String, Json>) -> Result<(), String> {
    for (key, value) in node.entries() {
        let key = key.resolved();
        if matches!(key.kind, NodeKind::Scalar)
            && key.value == "<<"
            && (key.style == ScalarStyle::Plain || key.tag == resolve::MERGE)
        {
            let value = value.resolved();
            match value.kind {
                NodeKind::Mapping => fill_map(value, map)?,
                NodeKind::Sequence => {
                    for item in value.children.iter().rev() {
                        let item = item.resolved();
                        if matches!(item.kind, NodeKind::Mapping) {
                            fill_map(item, map)?;
                        } else {
                            return Err("map merge requires map or sequence of maps as the value"
                                .to_owned());
                        }
                    }
                }
                _ => {
                    return Err(
                        "map merge requires map or sequence of maps as the value".to_owned()
                    );
                }
            }
            continue;
        }
        let key_text = key_string(key)?;
        map.insert(key_text, to_json(value)?);
    }
    Ok(())
}

/// ghodss' key conversion: strings as they are, numbers and bools printed.
fn key_string(key: &Node) -> Result<String, String> {
    if !matches!(key.kind, NodeKind::Scalar) {
        return Err("Unsupported map key of type: []interface {}".to_owned());
    }
    if is_quoted(key) {
        return Ok(key.value.clone());
    }
    match resolve_v2(&key.value) {
        Scalar::Str | Scalar::Timestamp => Ok(key.value.clone()),
        Scalar::Int(i) => Ok(i.to_string()),
        Scalar::Float(f) => Ok(format_go_float(f32_round(f))),
        Scalar::Bool(b) => Ok(b.to_string()),
        Scalar::Uint(u) => Err(format!(
            "Unsupported map key of type: uint64, key: 0x{u:x}, value: …"
        )),
        Scalar::Null => Err("Unsupported map key of type: %!s(<nil>)".to_owned()),
    }
}

/// ghodss prints float keys with 32-bit precision.
fn f32_round(f: f64) -> f64 {
    f64::from(f as f32)
}

fn is_quoted(node: &Node) -> bool {
    node.style != ScalarStyle::Plain || (node.explicit_tag && node.tag == resolve::STR)
}

fn scalar_json(node: &Node) -> Result<Json, String> {
    if is_quoted(node) {
        return Ok(Json::String(json::quote(&node.value)));
    }
    if node.explicit_tag && node.tag == resolve::BINARY {
        use base64::Engine as _;
        let text: String = node.value.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap_or_default();
        return Ok(Json::String(json::quote(&String::from_utf8_lossy(&bytes))));
    }
    Ok(match resolve_v2(&node.value) {
        Scalar::Null => Json::Null,
        Scalar::Bool(b) => Json::Bool(b),
        Scalar::Int(i) => Json::Number(i.to_string()),
        Scalar::Uint(u) => Json::Number(u.to_string()),
        Scalar::Float(f) => Json::Number(json::format_float(f)?),
        Scalar::Str | Scalar::Timestamp => Json::String(json::quote(&node.value)),
    })
}

/// A value as yaml.v2 decodes JSON text into `interface{}`.
enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

fn from_json(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(text) => match resolve_v2(text) {
            Scalar::Int(i) => Value::Int(i),
            Scalar::Uint(u) => Value::Uint(u),
            Scalar::Float(f) => Value::Float(f),
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Null => Value::Null,
            _ => Value::Str(text.clone()),
        },
        Json::String(raw) => Value::Str(json::unquote(raw)),
        Json::Array(items) => Value::Seq(items.iter().map(from_json).collect()),
        Json::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect();
            sort_keys_go(&mut entries, |a, b| {
                key_order(&a.0, &b.0, LetterOrder::AfterNonLetters)
            });
            Value::Map(entries)
        }
    }
}

/// ghodss' `JSONToYAML`: yaml.v2 reads the JSON and marshals it back.
pub(crate) fn json_to_yaml(value: &Json) -> String {
    let value = from_json(value);
    let mut e = Emitter { w: Writer::new() };
    e.node(&value, Ctx::default());
    e.w.finish()
}

const BEST_INDENT: i32 = 2;
const BEST_WIDTH: usize = 80;

#[derive(Clone, Copy, Default)]
struct Ctx {
    mapping: bool,
    simple_key: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Emitter {
    w: Writer,
}

impl Emitter {
    fn increase_indent(&mut self, flow: bool, indentless: bool) -> i32 {
        let saved = self.w.indent;
        if self.w.indent < 0 {
            self.w.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.w.indent += BEST_INDENT;
        }
        saved
    }

    fn node(&mut self, value: &Value, ctx: Ctx) {
        match value {
            Value::Seq(items) if items.is_empty() => {
                self.w.write_indicator("[", true, true, false);
                self.w.write_indicator("]", false, false, false);
            }
            Value::Map(entries) if entries.is_empty() => {
                self.w.write_indicator("{", true, true, false);
                self.w.write_indicator("}", false, false, false);
            }
            Value::Seq(items) => {
                let saved = self.increase_indent(false, ctx.mapping && !self.w.indention);
                for item in items {
                    self.w.write_indent();
                    self.w.write_indicator("-", true, false, true);
                    self.node(item, Ctx::default());
                }
                self.w.indent = saved;
            }
            Value::Map(entries) => {
                let saved = self.increase_indent(false, false);
                for (key, value) in entries {
                    self.w.write_indent();
                    let simple = !key.chars().any(is_break) && key.len() <= 128;
                    if simple {
                        self.string(
                            key,
                            Ctx {
                                mapping: true,
                                simple_key: true,
                            },
                        );
                        self.w.write_indicator(":", false, false, false);
                    } else {
                        self.w.write_indicator("?", true, false, true);
                        self.string(
                            key,
                            Ctx {
                                mapping: true,
                                simple_key: false,
                            },
                        );
                        self.w.write_indent();
                        self.w.write_indicator(":", true, false, true);
                    }
                    self.node(
                        value,
                        Ctx {
                            mapping: true,
                            simple_key: false,
                        },
                    );
                }
                self.w.indent = saved;
            }
            Value::Null => self.scalar("null", Style::Plain, ctx),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, ctx),
            Value::Int(i) => self.scalar(&i.to_string(), Style::Plain, ctx),
            Value::Uint(u) => self.scalar(&u.to_string(), Style::Plain, ctx),
            Value::Float(f) => self.scalar(&format_go_float(*f), Style::Plain, ctx),
            Value::Str(s) => self.string(s, ctx),
        }
    }

    /// yaml.v2's `stringv`: literal when multi-line, plain when it reads back as a string,
    /// double-quoted otherwise.
    fn string(&mut self, s: &str, ctx: Ctx) {
        let can_plain = resolve_v2(s) == Scalar::Str && !crate::yaml::is_base60_float(s);
        let style = if s.contains('\n') {
            Style::Literal
        } else if can_plain {
            Style::Plain
        } else {
            Style::Double
        };
        self.scalar(s, style, ctx);
    }

    fn scalar(&mut self, value: &str, requested: Style, ctx: Ctx) {
        let a = analyze(value, Tabs::Special);
        let mut style = requested;
        if ctx.simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain {
            if !a.block_plain {
                style = Style::Single;
            }
            if a.empty && ctx.simple_key {
                style = Style::Single;
            }
        }
        if style == Style::Single && !a.single_quoted {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block || ctx.simple_key) {
            style = Style::Double;
        }
        let saved = self.increase_indent(true, false);
        let breaks = !ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(value, breaks),
            Style::Single => self.write_single(value, breaks),
            Style::Double => self.write_double(value, breaks),
            Style::Literal => self.write_literal(value),
        }
        self.w.indent = saved;
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.w.whitespace {
            self.w.put(' ');
        }
        self.w
            .write_text(value, allow_breaks.then_some(BEST_WIDTH), false);
        self.w.whitespace = false;
        self.w.indention = false;
    }

    fn write_single(&mut self, value: &str, allow_breaks: bool) {
        self.w.write_indicator("'", true, false, false);
        self.w
            .write_text(value, allow_breaks.then_some(BEST_WIDTH), true);
        self.w.write_indicator("'", false, false, false);
        self.w.whitespace = false;
        self.w.indention = false;
    }

    fn write_double(&mut self, value: &str, allow_breaks: bool) {
        self.w.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        // yaml.v2's BOM test looks at the start of the value, not at the current character:
        // a value that starts with a BOM is escaped character by character.
        let starts_with_bom = value.starts_with('\u{FEFF}');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if starts_with_bom || !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.w.write_str(&escape(c));
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.w.column > BEST_WIDTH
                    && i > 0
                    && i < chars.len() - 1
                {
                    self.w.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.w.put('\\');
                    }
                } else {
                    self.w.put(c);
                }
                spaces = true;
            } else {
                self.w.put(c);
                spaces = false;
            }
        }
        self.w.write_indicator("\"", false, false, false);
        self.w.whitespace = false;
        self.w.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        // yaml.v2 gives the indentation hint for a leading line break too.
        let hint = (value.starts_with(' ') || value.starts_with(is_break))
            .then(|| BEST_INDENT.to_string());
        self.w.write_block_header("|", hint.as_deref(), value);
        self.w.write_literal_text(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_layout() {
        let json = super::json::parse(
            br#"{"machine":{"network":{"interfaces":[{"interface":"eth0","addresses":["10.0.0.1/24"]}],"hostname":"yes"},"certSANs":[]},"version":"v1alpha1","n":1.0}"#,
        )
        .unwrap();
        assert_eq!(
            json_to_yaml(&json),
            "machine:\n  certSANs: []\n  network:\n    hostname: \"yes\"\n    interfaces:\n    - addresses:\n      - 10.0.0.1/24\n      interface: eth0\n\"n\": 1\nversion: v1alpha1\n"
        );
    }

    #[test]
    fn a_leading_bom_escapes_the_whole_value() {
        // What gopkg.in/yaml.v2 v2.4.0 writes for these two values.
        let json =
            super::json::parse("{\"k\":\"\u{FEFF}ab\",\"j\":\"x\u{FEFF}y\"}".as_bytes()).unwrap();
        assert_eq!(
            json_to_yaml(&json),
            "j: \"x\\uFEFFy\"\nk: \"\\uFEFF\\x61\\x62\"\n"
        );
    }
}
