//! Go's `time.Duration` as go-yaml handles it: decoded from `time.ParseDuration` text (or a
//! bare `0`, or a whole-number float counted in nanoseconds), encoded as `Duration.String()`.

use std::borrow::Cow;

use crate::goyaml::{Decoder, GoYaml, Node, NodeKind};
use crate::yaml::resolve::Resolved;

/// Go's `time.Duration`: a signed count of nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

/// Nanoseconds per unit, as `time.ParseDuration` knows them.
fn unit_nanos(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// The `time` package's own quoting: ASCII kept (`"` and `\` escaped), every byte of other
/// characters written as `\xNN`.
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn duration_error(message: &str, orig: &str) -> String {
    format!("time: {message} {}", time_quote(orig))
}

const LIMIT: u64 = 1 << 63;

impl Duration {
    /// One nanosecond.
    pub const NANOSECOND: Duration = Duration(1);
    /// One microsecond.
    pub const MICROSECOND: Duration = Duration(1_000);
    /// One millisecond.
    pub const MILLISECOND: Duration = Duration(1_000_000);
    /// One second.
    pub const SECOND: Duration = Duration(1_000_000_000);
    /// One minute.
    pub const MINUTE: Duration = Duration(60_000_000_000);
    /// One hour.
    pub const HOUR: Duration = Duration(3_600_000_000_000);

    /// Go's `time.ParseDuration` (`[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`), with its error
    /// texts (`time: invalid duration "x"`, `time: missing unit in duration "1"`, …).
    pub fn parse(text: &str) -> Result<Duration, String> {
        let orig = text;
        let mut s = text.as_bytes();
        let mut neg = false;
        if let Some(&c) = s.first()
            && (c == b'-' || c == b'+')
        {
            neg = c == b'-';
            s = &s[1..];
        }
        if s == b"0" {
            return Ok(Duration(0));
        }
        if s.is_empty() {
            return Err(duration_error("invalid duration", orig));
        }
        let mut d: u64 = 0;
        while !s.is_empty() {
            if !(s[0] == b'.' || s[0].is_ascii_digit()) {
                return Err(duration_error("invalid duration", orig));
            }
            // Leading integer, with overflow detection.
            let mut i = 0;
            let mut v: u64 = 0;
            while i < s.len() && s[i].is_ascii_digit() {
                if v > LIMIT / 10 {
                    return Err(duration_error("invalid duration", orig));
                }
                v = v * 10 + u64::from(s[i] - b'0');
                if v > LIMIT {
                    return Err(duration_error("invalid duration", orig));
                }
                i += 1;
            }
            let pre = i > 0;
            s = &s[i..];
            // Optional fraction; precision stops accumulating on overflow.
            let (mut f, mut scale, mut post) = (0u64, 1f64, false);
            if s.first() == Some(&b'.') {
                s = &s[1..];
                let mut j = 0;
                let mut overflow = false;
                while j < s.len() && s[j].is_ascii_digit() {
                    if !overflow {
                        if f > (LIMIT - 1) / 10 {
                            overflow = true;
                        } else {
                            let y = f * 10 + u64::from(s[j] - b'0');
                            if y > LIMIT {
                                overflow = true;
                            } else {
                                f = y;
                                scale *= 10.0;
                            }
                        }
                    }
                    j += 1;
                }
                post = j > 0;
                s = &s[j..];
            }
            if !pre && !post {
                return Err(duration_error("invalid duration", orig));
            }
            let mut k = 0;
            while k < s.len() && !(s[k] == b'.' || s[k].is_ascii_digit()) {
                k += 1;
            }
            if k == 0 {
                return Err(duration_error("missing unit in duration", orig));
            }
            // The unit ends at an ASCII byte (or the end), so it is whole UTF-8.
            let unit = std::str::from_utf8(&s[..k]).unwrap_or("");
            s = &s[k..];
            let Some(unit_ns) = unit_nanos(unit) else {
                return Err(duration_error(
                    &format!("unknown unit {} in duration", time_quote(unit)),
                    orig,
                ));
            };
            if v > LIMIT / unit_ns {
                return Err(duration_error("invalid duration", orig));
            }
            v *= unit_ns;
            if f > 0 {
                v += (f as f64 * (unit_ns as f64 / scale)) as u64;
                if v > LIMIT {
                    return Err(duration_error("invalid duration", orig));
                }
            }
            d += v;
            if d > LIMIT {
                return Err(duration_error("invalid duration", orig));
            }
        }
        if neg {
            return Ok(Duration((d as i64).wrapping_neg()));
        }
        if d > LIMIT - 1 {
            return Err(duration_error("invalid duration", orig));
        }
        Ok(Duration(d as i64))
    }

    /// Go's `Duration.String()`: `1h2m3.5s`, `1.5ms`, `1µs`, `0s`.
    pub fn format(&self) -> String {
        let neg = self.0 < 0;
        let mut u = self.0.unsigned_abs();
        // Built back to front, as Go does.
        let mut out: Vec<char> = Vec::new();
        if u < 1_000_000_000 {
            out.push('s');
            let prec;
            if u == 0 {
                return "0s".to_owned();
            } else if u < 1_000 {
                prec = 0;
                out.push('n');
            } else if u < 1_000_000 {
                prec = 3;
                out.push('\u{b5}');
            } else {
                prec = 6;
                out.push('m');
            }
            u = push_frac(&mut out, u, prec);
            push_int(&mut out, u);
        } else {
            out.push('s');
            u = push_frac(&mut out, u, 9);
            push_int(&mut out, u % 60);
            u /= 60;
            if u > 0 {
                out.push('m');
                push_int(&mut out, u % 60);
                u /= 60;
                if u > 0 {
                    out.push('h');
                    push_int(&mut out, u);
                }
            }
        }
        if neg {
            out.push('-');
        }
        out.iter().rev().collect()
    }

    /// The zero duration.
    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    /// The count of nanoseconds.
    pub fn as_nanos(&self) -> i64 {
        self.0
    }

    /// The `std` duration, `None` when negative.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        u64::try_from(self.0)
            .ok()
            .map(std::time::Duration::from_nanos)
    }
}

/// Go's `fmtFrac`, pushing reversed digits: the fraction of `v / 10^prec` without trailing
/// zeros (and without the point when it is zero); returns the integer part.
fn push_frac(out: &mut Vec<char>, mut v: u64, prec: u32) -> u64 {
    let mut print = false;
    for _ in 0..prec {
        let digit = v % 10;
        print = print || digit != 0;
        if print {
            out.push(char::from(b'0' + digit as u8));
        }
        v /= 10;
    }
    if print {
        out.push('.');
    }
    v
}

/// Go's `fmtInt`, pushing reversed digits.
fn push_int(out: &mut Vec<char>, mut v: u64) {
    if v == 0 {
        out.push('0');
        return;
    }
    while v > 0 {
        out.push(char::from(b'0' + (v % 10) as u8));
        v /= 10;
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format())
    }
}

impl From<std::time::Duration> for Duration {
    /// Saturates at Go's largest duration.
    fn from(d: std::time::Duration) -> Duration {
        Duration(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
    }
}

impl GoYaml for Duration {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("time.Duration")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Scalar) {
            decoder.tag_error(node, "time.Duration");
            return false;
        }
        let value = match node.resolve() {
            Resolved::Null => return false,
            // Strings go through time.ParseDuration; a failure is a plain type error.
            Resolved::Str => Duration::parse(&node.value).ok(),
            // An int only when it is 0 (go-yaml refuses bare nanosecond counts)…
            Resolved::Int(0) => Some(Duration(0)),
            // …but a whole float converts losslessly into nanoseconds.
            Resolved::Float(f) if f >= -(LIMIT as f64) && f < LIMIT as f64 && f.trunc() == f => {
                Some(Duration(f as i64))
            }
            _ => None,
        };
        match value {
            Some(d) => {
                *self = d;
                true
            }
            None => {
                decoder.tag_error(node, "time.Duration");
                false
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(&self.format())
    }

    fn is_zero(&self) -> bool {
        self.0 == 0
    }
}
