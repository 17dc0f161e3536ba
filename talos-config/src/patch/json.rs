//! JSON the way Go's `encoding/json` reads and writes it, as far as JSON patches need: the
//! syntax check with Go's error texts, values whose scalars keep their raw text (the JSON
//! patch library compares raw texts, and numbers are re-read by the YAML library later),
//! and `json.Marshal`'s formatting of strings and floats.

use std::collections::BTreeMap;

/// A JSON value. Scalars keep their JSON text (compacted).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string: its JSON text (quotes and escapes included).
    String(String),
    /// An array (a JSON `null` element is Go's nil pointer).
    Array(Vec<Json>),
    /// An object; a repeated key keeps the last value (Go maps).
    Object(BTreeMap<String, Json>),
}

/// Go's `json.SyntaxError` texts.
pub(crate) fn syntax_error(input: &[u8]) -> Option<String> {
    let mut p = Parser {
        input,
        pos: 0,
        depth: 0,
    };
    match p.value_checked() {
        Err(e) => Some(e),
        Ok(()) => {
            p.skip_ws();
            if p.pos < input.len() {
                Some(invalid(input[p.pos], "after top-level value"))
            } else {
                None
            }
        }
    }
}

/// Parses JSON that [`syntax_error`] accepted.
pub(crate) fn parse(input: &[u8]) -> Result<Json, String> {
    if let Some(err) = syntax_error(input) {
        return Err(err);
    }
    let mut p = Parser {
        input,
        pos: 0,
        depth: 0,
    };
    Ok(p.value())
}

fn invalid(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

/// Go's `quoteChar`.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => {
            let q = crate::goyaml::go_quote(&char::from(c).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

const EOF: &str = "unexpected end of JSON input";

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// The syntax check of one value (Go's scanner, state by state).
    fn value_checked(&mut self) -> Result<(), String> {
        self.skip_ws();
        let Some(c) = self.peek() else {
            return Err(EOF.to_owned());
        };
        match c {
            b'{' => {
                self.pos += 1;
                self.enter()?;
                self.skip_ws();
                match self.peek() {
                    None => return Err(EOF.to_owned()),
                    Some(b'}') => {
                        self.pos += 1;
                        self.depth -= 1;
                        return Ok(());
                    }
                    Some(b'"') => {}
                    Some(c) => {
                        return Err(invalid(c, "looking for beginning of object key string"));
                    }
                }
                loop {
                    self.string_checked()?;
                    self.skip_ws();
                    match self.peek() {
                        None => return Err(EOF.to_owned()),
                        Some(b':') => self.pos += 1,
                        Some(c) => return Err(invalid(c, "after object key")),
                    }
                    self.value_checked()?;
                    self.skip_ws();
                    match self.peek() {
                        None => return Err(EOF.to_owned()),
                        Some(b',') => {
                            self.pos += 1;
                            self.skip_ws();
                            match self.peek() {
                                None => return Err(EOF.to_owned()),
                                Some(b'"') => {}
                                Some(c) => {
                                    return Err(invalid(
                                        c,
                                        "looking for beginning of object key string",
                                    ));
                                }
                            }
                        }
                        Some(b'}') => {
                            self.pos += 1;
                            self.depth -= 1;
                            return Ok(());
                        }
                        Some(c) => return Err(invalid(c, "after object key:value pair")),
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                self.enter()?;
                self.skip_ws();
                match self.peek() {
                    None => return Err(EOF.to_owned()),
                    Some(b']') => {
                        self.pos += 1;
                        self.depth -= 1;
                        return Ok(());
                    }
                    Some(_) => {}
                }
                loop {
                    self.value_checked()?;
                    self.skip_ws();
                    match self.peek() {
                        None => return Err(EOF.to_owned()),
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            self.depth -= 1;
                            return Ok(());
                        }
                        Some(c) => return Err(invalid(c, "after array element")),
                    }
                }
            }
            b'"' => self.string_checked(),
            b'-' | b'0'..=b'9' => self.number_checked(),
            b't' => self.literal_checked(b"true"),
            b'f' => self.literal_checked(b"false"),
            b'n' => self.literal_checked(b"null"),
            c => Err(invalid(c, "looking for beginning of value")),
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > 10000 {
            return Err("exceeded max depth".to_owned());
        }
        Ok(())
    }

    fn string_checked(&mut self) -> Result<(), String> {
        self.pos += 1; // the opening quote
        loop {
            let Some(c) = self.peek() else {
                return Err(EOF.to_owned());
            };
            self.pos += 1;
            match c {
                b'"' => return Ok(()),
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(EOF.to_owned());
                    };
                    self.pos += 1;
                    match e {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {}
                        b'u' => {
                            for _ in 0..4 {
                                let Some(h) = self.peek() else {
                                    return Err(EOF.to_owned());
                                };
                                if !h.is_ascii_hexdigit() {
                                    return Err(invalid(h, "in \\u hexadecimal character escape"));
                                }
                                self.pos += 1;
                            }
                        }
                        e => return Err(invalid(e, "in string escape code")),
                    }
                }
                c if c < 0x20 => return Err(invalid(c, "in string literal")),
                _ => {}
            }
        }
    }

    fn number_checked(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
            match self.peek() {
                None => return Err(EOF.to_owned()),
                Some(b'0'..=b'9') => {}
                Some(c) => return Err(invalid(c, "in numeric literal")),
            }
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else {
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            match self.peek() {
                None => return Err(EOF.to_owned()),
                Some(b'0'..=b'9') => {}
                Some(c) => return Err(invalid(c, "after decimal point in numeric literal")),
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            match self.peek() {
                None => return Err(EOF.to_owned()),
                Some(b'0'..=b'9') => {}
                Some(c) => return Err(invalid(c, "in exponent of numeric literal")),
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        Ok(())
    }

    fn literal_checked(&mut self, word: &[u8]) -> Result<(), String> {
        self.pos += 1;
        for &expected in &word[1..] {
            let Some(c) = self.peek() else {
                return Err(EOF.to_owned());
            };
            if c != expected {
                let name = std::str::from_utf8(word).unwrap_or_default();
                return Err(invalid(
                    c,
                    &format!("in literal {name} (expecting {})", quote_char(expected)),
                ));
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// Parses a value known to be valid.
    fn value(&mut self) -> Json {
        self.skip_ws();
        match self.peek().unwrap_or(b'n') {
            b'{' => {
                self.pos += 1;
                let mut map = BTreeMap::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        return Json::Object(map);
                    }
                    if self.peek() == Some(b',') {
                        self.pos += 1;
                        continue;
                    }
                    let raw = self.raw_string();
                    let key = unquote(&raw);
                    self.skip_ws();
                    self.pos += 1; // ':'
                    let value = self.value();
                    map.insert(key, value);
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            return Json::Array(items);
                        }
                        Some(b',') => self.pos += 1,
                        _ => items.push(self.value()),
                    }
                }
            }
            b'"' => Json::String(self.raw_string()),
            b't' => {
                self.pos += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.pos += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.pos += 4;
                Json::Null
            }
            _ => {
                let start = self.pos;
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                }
                Json::Number(String::from_utf8_lossy(&self.input[start..self.pos]).into_owned())
            }
        }
    }

    fn raw_string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => self.pos += 1,
                _ => {}
            }
        }
        String::from_utf8_lossy(&self.input[start..self.pos]).into_owned()
    }
}

/// The value of a JSON string literal (quotes included); invalid surrogates become U+FFFD,
/// as in Go.
pub(crate) fn unquote(raw: &str) -> String {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    if !inner.contains('\\') {
        return inner.to_owned();
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let first = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&first) {
                    // A high surrogate: pair it with a following \uDC00-\uDFFF escape.
                    let rest = chars.as_str();
                    if let Some(low) = rest
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|low| (0xDC00..0xE000).contains(low))
                    {
                        let code = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        for _ in 0..6 {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push(char::from_u32(first).unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Go's `json.Marshal` of a string (HTML characters and U+2028/9 escaped, invalid UTF-8
/// already replaced by the caller).
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `json.Marshal` of a `float64` (`strconv` 'f' or 'e' formatting, shortest).
pub(crate) fn format_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        let text = if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "+Inf"
        } else {
            "-Inf"
        };
        return Err(format!("json: unsupported value: {text}"));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // 'e' format, shortest digits, exponent at least two digits in Go's strconv, then
        // json trims "e-09" to "e-9".
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        return Ok(format!("{mantissa}e{sign}{}", exp.abs()));
    }
    Ok(format!("{f}"))
}

/// The kind word Go's `UnmarshalTypeError` uses for a value.
pub(crate) fn kind_word(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_go_texts() {
        assert_eq!(syntax_error(b"[1,2]"), None);
        assert_eq!(syntax_error(b"").as_deref(), Some(EOF));
        assert_eq!(syntax_error(b"[").as_deref(), Some(EOF));
        assert_eq!(
            syntax_error(b"[1 2]").as_deref(),
            Some("invalid character '2' after array element")
        );
        assert_eq!(
            syntax_error(b"{op: 1}").as_deref(),
            Some("invalid character 'o' looking for beginning of object key string")
        );
        assert_eq!(
            syntax_error(b"[tru]").as_deref(),
            Some("invalid character ']' in literal true (expecting 'e')")
        );
        assert_eq!(
            syntax_error(b"[] x").as_deref(),
            Some("invalid character 'x' after top-level value")
        );
        assert_eq!(
            syntax_error(b"- op: add").as_deref(),
            Some("invalid character ' ' in numeric literal")
        );
    }

    #[test]
    fn floats_format_like_encoding_json() {
        assert_eq!(format_float(1.0).unwrap(), "1");
        assert_eq!(format_float(1.5).unwrap(), "1.5");
        assert_eq!(format_float(1e21).unwrap(), "1e+21");
        assert_eq!(format_float(1e20).unwrap(), "100000000000000000000");
        assert_eq!(format_float(1e-7).unwrap(), "1e-7");
        assert_eq!(format_float(0.000001).unwrap(), "0.000001");
    }
}
