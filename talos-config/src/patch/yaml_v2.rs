//! The YAML ↔ JSON conversions Talos runs around a JSON patch (`ghodss/yaml`, which is
//! `gopkg.in/yaml.v2` underneath): YAML 1.1 scalar resolution going in, and yaml.v2's
//! marshaller coming out (2-space indentation, sequences not indented under their key,
//! keys sorted, long lines folded at 80 columns).

use std::collections::BTreeMap;

use super::json::{self, Json};
use crate::goyaml::format_go_float;
use crate::yaml::resolve::{self, go_parse_int, go_parse_uint, is_timestamp};
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
            entries.sort_by(|a, b| {
                if key_less_v2(&a.0, &b.0) {
                    std::cmp::Ordering::Less
                } else if key_less_v2(&b.0, &a.0) {
                    std::cmp::Ordering::Greater
                } else {
                    a.0.cmp(&b.0)
                }
            });
            Value::Map(entries)
        }
    }
}

/// yaml.v2's `keyList.Less` for string keys.
fn key_less_v2(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
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
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_numeric() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
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

/// ghodss' `JSONToYAML`: yaml.v2 reads the JSON and marshals it back.
pub(crate) fn json_to_yaml(value: &Json) -> String {
    let value = from_json(value);
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
        indent: -1,
    };
    e.node(&value, Ctx::default());
    e.write_indent();
    e.out
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

struct Analysis {
    multiline: bool,
    flow_plain: bool,
    block_plain: bool,
    single: bool,
    block: bool,
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i32,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, text: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in text.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) -> i32 {
        let saved = self.indent;
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
        saved
    }

    fn node(&mut self, value: &Value, ctx: Ctx) {
        match value {
            Value::Seq(items) if items.is_empty() => {
                self.write_indicator("[", true, true, false);
                self.write_indicator("]", false, false, false);
            }
            Value::Map(entries) if entries.is_empty() => {
                self.write_indicator("{", true, true, false);
                self.write_indicator("}", false, false, false);
            }
            Value::Seq(items) => {
                let saved = self.increase_indent(false, ctx.mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, Ctx::default());
                }
                self.indent = saved;
            }
            Value::Map(entries) => {
                let saved = self.increase_indent(false, false);
                for (key, value) in entries {
                    self.write_indent();
                    let simple = !key.chars().any(is_break) && key.len() <= 128;
                    if simple {
                        self.string(
                            key,
                            Ctx {
                                mapping: true,
                                simple_key: true,
                            },
                        );
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.string(
                            key,
                            Ctx {
                                mapping: true,
                                simple_key: false,
                            },
                        );
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(
                        value,
                        Ctx {
                            mapping: true,
                            simple_key: false,
                        },
                    );
                }
                self.indent = saved;
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
        let a = analyze(value);
        let mut style = requested;
        if ctx.simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain {
            if !a.block_plain {
                style = Style::Single;
            }
            if value.is_empty() && ctx.simple_key {
                style = Style::Single;
            }
        }
        if style == Style::Single && !a.single {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block || ctx.simple_key) {
            style = Style::Double;
        }
        let _ = a.flow_plain;
        let saved = self.increase_indent(true, false);
        let breaks = !ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(value, breaks),
            Style::Single => self.write_single(value, breaks),
            Style::Double => self.write_double(value, breaks),
            Style::Literal => self.write_literal(value),
        }
        self.indent = saved;
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_single(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < chars.len() - 1
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\x07' => self.put('a'),
                    '\x08' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\x0b' => self.put('v'),
                    '\x0c' => self.put('f'),
                    '\r' => self.put('r'),
                    '\x1b' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{A0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c => {
                        let v = c as u32;
                        let text = if v <= 0xFF {
                            format!("x{v:02X}")
                        } else if v <= 0xFFFF {
                            format!("u{v:04X}")
                        } else {
                            format!("U{v:08X}")
                        };
                        for t in text.chars() {
                            self.put(t);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < chars.len() - 1
                {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        if value.starts_with(' ') || value.starts_with(is_break) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        let mut rev = value.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's printable set (yaml.v2 treats tabs and astral characters as special).
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

/// yaml.v2's `yaml_emitter_analyze_scalar`.
fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain: false,
            block_plain: true,
            single: true,
            block: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    if value.starts_with("---") || value.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&n| is_blank(n));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                '?' | ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain: true,
        block_plain: true,
        single: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.flow_plain = false;
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.flow_plain = false;
        a.block_plain = false;
        a.single = false;
        a.block = false;
    }
    if line_breaks {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if flow_indicators {
        a.flow_plain = false;
    }
    if block_indicators {
        a.block_plain = false;
    }
    a
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
}
