//! Implicit typing of plain scalars, as go-yaml v4 decides it (its resolver table), so that a
//! value means the same thing to Rust as it does to Talos: `0644` is octal, `yes` is a string
//! (except where a bool is expected), `2024-01-02` is a timestamp.

/// Tags go-yaml gives scalars; also the `!!x` spelling used in error texts.
pub const STR: &str = "!!str";
/// `!!int`.
pub const INT: &str = "!!int";
/// `!!bool`.
pub const BOOL: &str = "!!bool";
/// `!!float`.
pub const FLOAT: &str = "!!float";
/// `!!null`.
pub const NULL: &str = "!!null";
/// `!!timestamp`.
pub const TIMESTAMP: &str = "!!timestamp";
/// `!!binary`.
pub const BINARY: &str = "!!binary";
/// `!!merge` (the `<<` key).
pub const MERGE: &str = "!!merge";
/// `!!seq`.
pub const SEQ: &str = "!!seq";
/// `!!map`.
pub const MAP: &str = "!!map";

/// What a scalar means once resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// `~`, `null`, empty.
    Null,
    /// `true`, `False`, …
    Bool(bool),
    /// A Go `int` (64-bit).
    Int(i64),
    /// A value above `i64::MAX` that fits `uint64`.
    Uint(u64),
    /// A Go `float64`.
    Float(f64),
    /// A string.
    Str,
    /// A date or date-time; the text is kept.
    Timestamp,
    /// The `<<` merge key.
    Merge,
}

impl Resolved {
    /// The tag go-yaml prints for this resolution.
    pub fn tag(&self) -> &'static str {
        match self {
            Resolved::Null => NULL,
            Resolved::Bool(_) => BOOL,
            Resolved::Int(_) | Resolved::Uint(_) => INT,
            Resolved::Float(_) => FLOAT,
            Resolved::Str => STR,
            Resolved::Timestamp => TIMESTAMP,
            Resolved::Merge => MERGE,
        }
    }
}

/// Expands `!!x` and `tag:yaml.org,2002:x` to the short form go-yaml compares.
pub fn short_tag(tag: &str) -> &str {
    tag.strip_prefix("tag:yaml.org,2002:")
        .map(|rest| match rest {
            "str" => STR,
            "int" => INT,
            "bool" => BOOL,
            "float" => FLOAT,
            "null" => NULL,
            "timestamp" => TIMESTAMP,
            "binary" => BINARY,
            "merge" => MERGE,
            "seq" => SEQ,
            "map" => MAP,
            _ => tag,
        })
        .unwrap_or(tag)
}

/// Resolves a plain scalar with no explicit tag.
pub fn resolve_plain(text: &str) -> Resolved {
    let Some(&first) = text.as_bytes().first() else {
        return Resolved::Null;
    };
    match text {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        "-0" | "-0.0" => return Resolved::Float(-0.0),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    match first {
        b'.' => match go_parse_float(text) {
            Some(f) => Resolved::Float(f),
            None => Resolved::Str,
        },
        b'0'..=b'9' | b'+' | b'-' => {
            if is_timestamp(text) {
                return Resolved::Timestamp;
            }
            let plain: std::borrow::Cow<'_, str> = if text.contains('_') {
                std::borrow::Cow::Owned(text.chars().filter(|&c| c != '_').collect())
            } else {
                std::borrow::Cow::Borrowed(text)
            };
            if let Some(v) = go_parse_int(&plain) {
                return Resolved::Int(v);
            }
            if let Some(v) = go_parse_uint(&plain) {
                return Resolved::Uint(v);
            }
            if is_yaml_style_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
            {
                return Resolved::Float(f);
            }
            Resolved::Str
        }
        _ => Resolved::Str,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading `0`
/// (octal) or decimal digits.
pub fn go_parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let magnitude = go_parse_uint(digits)?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
pub fn go_parse_uint(text: &str) -> Option<u64> {
    let prefix = text
        .as_bytes()
        .get(..2)
        .map(|p| (p[0], p[1].to_ascii_lowercase()));
    let (radix, digits) = match prefix {
        Some((b'0', b'x')) => (16, &text[2..]),
        Some((b'0', b'o')) => (8, &text[2..]),
        Some((b'0', b'b')) => (2, &text[2..]),
        _ if text.len() > 1 && text.starts_with('0') => (8, &text[1..]),
        _ => (10, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$`, go-yaml's gate before
/// trying a float on text that starts like a number.
pub(crate) fn is_yaml_style_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
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

/// Go's `strconv.ParseFloat` for text starting with `.` (the only case go-yaml hands it
/// unfiltered): decimal forms only.
fn go_parse_float(text: &str) -> Option<f64> {
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    text.parse().ok()
}

/// go-yaml's timestamp test: four digits and `-`, then one of Go's layouts
/// `2006-1-2`, `2006-1-2 15:4:5.999999999`, `2006-1-2T15:4:5.999999999Z07:00` (`t` too).
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut p = Cursor { b, i: 5 };
    let Some(month) = p.number(1, 2) else {
        return false;
    };
    if !p.eat(b'-') {
        return false;
    }
    let Some(day) = p.number(1, 2) else {
        return false;
    };
    let year: u32 = text[..4].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return false;
    }
    if p.done() {
        return true;
    }
    let zone_required = match b[p.i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    p.i += 1;
    let (Some(h), true, Some(m), true, Some(s)) = (
        p.number(1, 2),
        p.eat(b':'),
        p.number(1, 2),
        p.eat(b':'),
        p.number(1, 2),
    ) else {
        return false;
    };
    if h > 23 || m > 59 || s > 59 {
        return false;
    }
    if p.eat(b'.') && p.number(1, 9).is_none() {
        return false;
    }
    if !zone_required {
        return p.done();
    }
    if p.eat(b'Z') {
        return p.done();
    }
    if !(p.eat(b'+') || p.eat(b'-')) {
        return false;
    }
    let (Some(zh), true, Some(zm)) = (p.number(2, 2), p.eat(b':'), p.number(2, 2)) else {
        return false;
    };
    zh <= 24 && zm <= 59 && p.done()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i < self.b.len() && self.i - start < max && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_go_yaml() {
        assert_eq!(resolve_plain(""), Resolved::Null);
        assert_eq!(resolve_plain("yes"), Resolved::Str);
        assert_eq!(resolve_plain("True"), Resolved::Bool(true));
        assert_eq!(resolve_plain("0644"), Resolved::Int(0o644));
        assert_eq!(resolve_plain("0o644"), Resolved::Int(0o644));
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("1_000"), Resolved::Int(1000));
        assert_eq!(
            resolve_plain("-9223372036854775808"),
            Resolved::Int(i64::MIN)
        );
        assert_eq!(
            resolve_plain("18446744073709551615"),
            Resolved::Uint(u64::MAX)
        );
        assert_eq!(resolve_plain("1.5"), Resolved::Float(1.5));
        assert_eq!(resolve_plain(".5"), Resolved::Float(0.5));
        assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve_plain("0x"), Resolved::Str);
        assert_eq!(resolve_plain("089"), Resolved::Float(89.0));
        assert_eq!(resolve_plain("10s"), Resolved::Str);
        assert_eq!(resolve_plain("2024-01-02"), Resolved::Timestamp);
        assert_eq!(resolve_plain("2024-02-30"), Resolved::Str);
        assert_eq!(
            resolve_plain("2001-12-14t21:59:43.10-05:00"),
            Resolved::Timestamp
        );
        assert_eq!(resolve_plain("<<"), Resolved::Merge);
    }
}
