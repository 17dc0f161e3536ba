//! Talos' humanized sizes: `block.ByteSize` (`10GiB`, `-10GiB`, `1024`), `block.PercentageSize`
//! (`80%`) and `block.Size` (either). Each keeps the text it was read from and writes it back
//! unchanged; the numbers come from go-humanize's `ParseBytes` and Go's `strconv.ParseFloat`,
//! whose acceptance rules and error texts are reproduced here.

use crate::goyaml::{format_go_float, go_lower, go_quote_bytes};

/// Go's `unicode.IsDigit` (Unicode category Nd, Unicode 15.0 as in Go's tables).
pub(crate) fn go_is_digit(c: char) -> bool {
    const ND_RANGES: [(u32, u32); 64] = [
        (0x30, 0x39),
        (0x660, 0x669),
        (0x6F0, 0x6F9),
        (0x7C0, 0x7C9),
        (0x966, 0x96F),
        (0x9E6, 0x9EF),
        (0xA66, 0xA6F),
        (0xAE6, 0xAEF),
        (0xB66, 0xB6F),
        (0xBE6, 0xBEF),
        (0xC66, 0xC6F),
        (0xCE6, 0xCEF),
        (0xD66, 0xD6F),
        (0xDE6, 0xDEF),
        (0xE50, 0xE59),
        (0xED0, 0xED9),
        (0xF20, 0xF29),
        (0x1040, 0x1049),
        (0x1090, 0x1099),
        (0x17E0, 0x17E9),
        (0x1810, 0x1819),
        (0x1946, 0x194F),
        (0x19D0, 0x19D9),
        (0x1A80, 0x1A89),
        (0x1A90, 0x1A99),
        (0x1B50, 0x1B59),
        (0x1BB0, 0x1BB9),
        (0x1C40, 0x1C49),
        (0x1C50, 0x1C59),
        (0xA620, 0xA629),
        (0xA8D0, 0xA8D9),
        (0xA900, 0xA909),
        (0xA9D0, 0xA9D9),
        (0xA9F0, 0xA9F9),
        (0xAA50, 0xAA59),
        (0xABF0, 0xABF9),
        (0xFF10, 0xFF19),
        (0x104A0, 0x104A9),
        (0x10D30, 0x10D39),
        (0x11066, 0x1106F),
        (0x110F0, 0x110F9),
        (0x11136, 0x1113F),
        (0x111D0, 0x111D9),
        (0x112F0, 0x112F9),
        (0x11450, 0x11459),
        (0x114D0, 0x114D9),
        (0x11650, 0x11659),
        (0x116C0, 0x116C9),
        (0x11730, 0x11739),
        (0x118E0, 0x118E9),
        (0x11950, 0x11959),
        (0x11C50, 0x11C59),
        (0x11D50, 0x11D59),
        (0x11DA0, 0x11DA9),
        (0x11F50, 0x11F59),
        (0x16A60, 0x16A69),
        (0x16AC0, 0x16AC9),
        (0x16B50, 0x16B59),
        (0x1D7CE, 0x1D7FF),
        (0x1E140, 0x1E149),
        (0x1E2F0, 0x1E2F9),
        (0x1E4F0, 0x1E4F9),
        (0x1E950, 0x1E959),
        (0x1FBF0, 0x1FBF9),
    ];
    let v = c as u32;
    ND_RANGES.iter().any(|&(lo, hi)| lo <= v && v <= hi)
}

/// Why `strconv.ParseFloat` refused a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FloatError {
    Syntax,
    Range,
}

/// The `*strconv.NumError` text for a ParseFloat failure.
fn float_error_text(input: &[u8], err: FloatError) -> String {
    let reason = match err {
        FloatError::Syntax => "invalid syntax",
        FloatError::Range => "value out of range",
    };
    format!(
        "strconv.ParseFloat: parsing {}: {reason}",
        go_quote_bytes(input)
    )
}

/// `strconv.special`: `inf`/`infinity` (signed) and `nan` (unsigned), case-insensitively;
/// the value and how many bytes it used.
fn float_special(s: &[u8]) -> Option<(f64, usize)> {
    let prefix_len = |s: &[u8], word: &[u8]| {
        s.iter()
            .zip(word)
            .take_while(|(a, b)| a.to_ascii_lowercase() == **b)
            .count()
    };
    let first = *s.first()?;
    let (sign, skip) = match first {
        b'+' => (1.0, 1),
        b'-' => (-1.0, 1),
        b'n' | b'N' => {
            return (prefix_len(s, b"nan") == 3).then_some((f64::NAN, 3));
        }
        _ => (1.0, 0),
    };
    if skip == 0 && !matches!(first, b'i' | b'I') {
        return None;
    }
    let mut n = prefix_len(&s[skip..], b"infinity");
    if 3 < n && n < 8 {
        n = 3;
    }
    (n == 3 || n == 8).then_some((sign * f64::INFINITY, skip + n))
}

/// What `strconv.readFloat` extracts from the longest float-looking prefix.
struct FloatParts {
    mantissa: u64,
    exp: i64,
    neg: bool,
    trunc: bool,
    hex: bool,
    used: usize,
}

/// `strconv.underscoreOK`: underscores only between digits (or after a base prefix).
fn underscores_ok(s: &[u8]) -> bool {
    let mut saw = b'^';
    let mut s = s;
    if let Some(&c) = s.first()
        && (c == b'+' || c == b'-')
    {
        s = &s[1..];
    }
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    while i < s.len() {
        let c = s[i];
        let lower = c.to_ascii_lowercase();
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&lower)) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.readFloat`: mantissa digits, decimal point, exponent; `None` on bad syntax.
fn read_float(s: &[u8]) -> Option<FloatParts> {
    let mut i = 0;
    let mut neg = false;
    let mut underscores = false;
    match s.first() {
        None => return None,
        Some(b'+') => i += 1,
        Some(b'-') => {
            neg = true;
            i += 1;
        }
        _ => {}
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < s.len() && s[i] == b'0' && s[i + 1].eq_ignore_ascii_case(&b'x') {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let (mut saw_dot, mut saw_digits) = (false, false);
    let (mut nd, mut nd_mant, mut dp): (i64, i64, i64) = (0, 0, 0);
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < s.len() {
        let c = s[i];
        let lower = c.to_ascii_lowercase();
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if saw_dot {
                break;
            }
            saw_dot = true;
            dp = nd;
        } else if c.is_ascii_digit() {
            saw_digits = true;
            if c == b'0' && nd == 0 {
                dp -= 1;
                i += 1;
                continue;
            }
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa * base + u64::from(c - b'0');
                nd_mant += 1;
            } else if c != b'0' {
                trunc = true;
            }
        } else if base == 16 && (b'a'..=b'f').contains(&lower) {
            saw_digits = true;
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa * 16 + u64::from(lower - b'a' + 10);
                nd_mant += 1;
            } else {
                trunc = true;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !saw_digits {
        return None;
    }
    if !saw_dot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < s.len() && s[i].to_ascii_lowercase() == exp_char {
        i += 1;
        if i >= s.len() {
            return None;
        }
        let mut esign = 1;
        if s[i] == b'+' {
            i += 1;
        } else if s[i] == b'-' {
            i += 1;
            esign = -1;
        }
        if i >= s.len() || !s[i].is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        return None;
    }
    let exp = if mantissa != 0 { dp - nd_mant } else { 0 };
    if underscores && !underscores_ok(&s[..i]) {
        return None;
    }
    Some(FloatParts {
        mantissa,
        exp,
        neg,
        trunc,
        hex,
        used: i,
    })
}

/// `strconv.atofHex` for float64: rounds a hex mantissa to nearest-even.
fn hex_float(parts: &FloatParts) -> Result<f64, FloatError> {
    const MANT_BITS: u32 = 52;
    const EXP_BITS: u32 = 11;
    const BIAS: i64 = -1023;
    let max_exp = (1i64 << EXP_BITS) + BIAS - 2;
    let min_exp = BIAS + 1;
    let mut mantissa = parts.mantissa;
    let mut exp = parts.exp + i64::from(MANT_BITS);
    while mantissa != 0 && mantissa >> (MANT_BITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if parts.trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANT_BITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANT_BITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANT_BITS == 0 {
        exp = BIAS;
    }
    let mut result = Ok(());
    if exp > max_exp {
        mantissa = 1 << MANT_BITS;
        exp = max_exp + 1;
        result = Err(FloatError::Range);
    }
    let mut bits = mantissa & ((1 << MANT_BITS) - 1);
    bits |= (((exp - BIAS) as u64) & ((1 << EXP_BITS) - 1)) << MANT_BITS;
    if parts.neg {
        bits |= 1 << 63;
    }
    result.map(|()| f64::from_bits(bits))
}

/// Go's `strconv.ParseFloat(s, 64)`.
fn go_parse_float(s: &[u8]) -> Result<f64, FloatError> {
    if let Some((value, used)) = float_special(s) {
        return if used == s.len() {
            Ok(value)
        } else {
            Err(FloatError::Syntax)
        };
    }
    let parts = read_float(s).ok_or(FloatError::Syntax)?;
    if parts.used != s.len() {
        return Err(FloatError::Syntax);
    }
    if parts.hex {
        return hex_float(&parts);
    }
    // The syntax is checked; Rust's correctly rounded parser gives Go's value.
    let digits: String = s
        .iter()
        .filter(|&&b| b != b'_')
        .map(|&b| char::from(b))
        .collect();
    let value: f64 = digits.parse().map_err(|_| FloatError::Syntax)?;
    if value.is_infinite() {
        return Err(FloatError::Range);
    }
    Ok(value)
}

/// go-humanize's `ParseBytes`: a number (digits, `.` and `,` separators) and an optional
/// SI (`kB`, `MB`, …) or IEC (`KiB`, `MiB`, …) unit, case-insensitive.
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let bytes = s.as_bytes();
    // go-humanize counts runes but slices bytes with that count.
    let mut last_digit = 0;
    let mut has_comma = false;
    for c in s.chars() {
        if !(go_is_digit(c) || c == '.' || c == ',') {
            break;
        }
        if c == ',' {
            has_comma = true;
        }
        last_digit += 1;
    }
    let mut num: Vec<u8> = bytes[..last_digit].to_vec();
    if has_comma {
        num.retain(|&b| b != b',');
    }
    let mut f = go_parse_float(&num).map_err(|err| float_error_text(&num, err))?;
    // The number parsed, so it was ASCII and `last_digit` is a character boundary.
    let extra = go_lower(s.get(last_digit..).unwrap_or_default().trim());
    let multiplier: u64 = match extra.as_str() {
        "b" | "" => 1,
        "kib" | "ki" => 1 << 10,
        "kb" | "k" => 1_000,
        "mib" | "mi" => 1 << 20,
        "mb" | "m" => 1_000_000,
        "gib" | "gi" => 1 << 30,
        "gb" | "g" => 1_000_000_000,
        "tib" | "ti" => 1 << 40,
        "tb" | "t" => 1_000_000_000_000,
        "pib" | "pi" => 1 << 50,
        "pb" | "p" => 1_000_000_000_000_000,
        "eib" | "ei" => 1 << 60,
        "eb" | "e" => 1_000_000_000_000_000_000,
        _ => return Err(format!("unhandled size name: {extra}")),
    };
    f *= multiplier as f64;
    if f >= u64::MAX as f64 {
        return Err(format!("too large: {s}"));
    }
    Ok(f as u64)
}

/// `block.ByteSize`: a byte count written in humanized form, possibly negative (meaning
/// "all but this much"). The source text is kept and written back as is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ByteSize {
    value: Option<u64>,
    raw: Option<String>,
    negative: bool,
}

impl ByteSize {
    /// A size of `value` bytes, written as a plain number.
    pub fn new(value: u64) -> ByteSize {
        ByteSize {
            value: Some(value),
            raw: None,
            negative: false,
        }
    }

    /// Go's `UnmarshalText`: empty text leaves the size unset; a leading `-` marks it
    /// negative; the rest goes through go-humanize.
    pub fn parse(text: &str) -> Result<ByteSize, String> {
        if text.is_empty() {
            return Ok(ByteSize::default());
        }
        let (negative, number) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let value = parse_bytes(number)?;
        Ok(ByteSize {
            value: Some(value),
            raw: Some(text.to_owned()),
            negative,
        })
    }

    /// Go's `MarshalText`: the source text, else `[-]value`, else empty.
    pub fn format(&self) -> String {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        match self.value {
            Some(value) if self.negative => format!("-{value}"),
            Some(value) => value.to_string(),
            None => String::new(),
        }
    }

    /// Whether the size is unset (Go's `IsZero`).
    pub fn is_zero(&self) -> bool {
        self.value.is_none() && self.raw.is_none()
    }

    /// The magnitude in bytes (0 when unset).
    pub fn value(&self) -> u64 {
        self.value.unwrap_or(0)
    }

    /// Whether the text had a leading `-`.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The text the size was read from.
    pub fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }
}

crate::go_text_type!(ByteSize, "block.ByteSize", {
    /// Go's `Merge` method: the right value replaces, whatever it is.
    fn merge_from(
        &mut self,
        right: Self,
        _src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        *self = right;
        Ok(())
    }
});

/// `block.PercentageSize`: a share of the disk, `0%` to `100%` (a leading `-` is allowed and
/// remembered). The source text is kept and written back as is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PercentageSize {
    value: Option<u64>,
    raw: Option<String>,
    negative: bool,
}

impl PercentageSize {
    /// A percentage, written as a plain number (as Go does for sizes built in code).
    pub fn new(value: u64) -> PercentageSize {
        PercentageSize {
            value: Some(value),
            raw: None,
            negative: false,
        }
    }

    /// Go's `UnmarshalText`.
    pub fn parse(text: &str) -> Result<PercentageSize, String> {
        if text.is_empty() {
            return Ok(PercentageSize::default());
        }
        if !text.ends_with('%') {
            return Err("percentage must end with '%'".to_owned());
        }
        let (negative, number) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let digits = &number.as_bytes()[..number.len() - 1];
        let value = go_parse_float(digits).map_err(|err| {
            format!(
                "invalid percentage value: {}",
                float_error_text(digits, err)
            )
        })?;
        // NaN passes Go's `value < 0 || value > 100` test.
        if !(value.is_nan() || (0.0..=100.0).contains(&value)) {
            return Err(format!(
                "percentage must be between 0 and 100, got {}",
                go_format_float_v(value)
            ));
        }
        // Go's float-to-uint64 conversion of NaN on amd64.
        let value = if value.is_nan() {
            1 << 63
        } else {
            value as u64
        };
        Ok(PercentageSize {
            value: Some(value),
            raw: Some(text.to_owned()),
            negative,
        })
    }

    /// Go's `MarshalText`: the source text, else the bare number, else empty.
    pub fn format(&self) -> String {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        self.value.map(|v| v.to_string()).unwrap_or_default()
    }

    /// Whether the percentage is unset (Go's `IsZero`).
    pub fn is_zero(&self) -> bool {
        self.value.is_none() && self.raw.is_none()
    }

    /// The percentage (0 when unset).
    pub fn value(&self) -> u64 {
        self.value.unwrap_or(0)
    }

    /// Whether the text had a leading `-`.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The text the percentage was read from.
    pub fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }
}

crate::go_text_type!(PercentageSize, "block.PercentageSize", {
    /// Go's `Merge` method: the right value replaces, whatever it is.
    fn merge_from(
        &mut self,
        right: Self,
        _src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        *self = right;
        Ok(())
    }
});

/// Go's `%v` of a float64 (`120`, `1e+21`, `+Inf`).
fn go_format_float_v(value: f64) -> String {
    if value.is_infinite() {
        return if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if value.is_nan() {
        return "NaN".to_owned();
    }
    format_go_float(value)
}

/// `block.Size`: an absolute size (`50GiB`, `-10GiB`) or a percentage (`80%`), told apart
/// by the `%` sign.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Size {
    /// Not set.
    #[default]
    Unset,
    /// An absolute (possibly negative) byte size.
    Bytes(ByteSize),
    /// A percentage of the disk.
    Percentage(PercentageSize),
}

impl Size {
    /// Go's `UnmarshalText`: empty leaves it unset, text with `%` is a percentage.
    pub fn parse(text: &str) -> Result<Size, String> {
        if text.is_empty() {
            Ok(Size::Unset)
        } else if text.contains('%') {
            PercentageSize::parse(text).map(Size::Percentage)
        } else {
            ByteSize::parse(text).map(Size::Bytes)
        }
    }

    /// Go's `MarshalText`.
    pub fn format(&self) -> String {
        match self {
            Size::Unset => String::new(),
            Size::Bytes(b) => b.format(),
            Size::Percentage(p) => p.format(),
        }
    }

    /// Go's `IsZero`.
    pub fn is_zero(&self) -> bool {
        match self {
            Size::Unset => true,
            Size::Bytes(b) => b.is_zero(),
            Size::Percentage(p) => p.is_zero(),
        }
    }

    /// The absolute size in bytes (0 for percentages).
    pub fn value(&self) -> u64 {
        match self {
            Size::Bytes(b) => b.value(),
            _ => 0,
        }
    }

    /// The percentage, when this is one.
    pub fn relative_value(&self) -> Option<u64> {
        match self {
            Size::Percentage(p) => Some(p.value()),
            _ => None,
        }
    }

    /// Whether this is a set percentage (Go's `IsRelative`).
    pub fn is_relative(&self) -> bool {
        matches!(self, Size::Percentage(p) if !p.is_zero())
    }

    /// Whether the text had a leading `-`.
    pub fn is_negative(&self) -> bool {
        match self {
            Size::Unset => false,
            Size::Bytes(b) => b.is_negative(),
            Size::Percentage(p) => p.is_negative(),
        }
    }
}

crate::go_text_type!(Size, "block.Size", {
    /// `struct { PercentageSize *PercentageSize; ByteSize *ByteSize }`: each pointer by the
    /// pointer rule (both sizes replace when set). Go may end up holding both; it prints the
    /// byte size then, and so does the merged value here.
    fn merge_from(
        &mut self,
        right: Size,
        _src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        match (&*self, right) {
            (_, Size::Unset) => {}
            (Size::Bytes(_), Size::Percentage(_)) => {}
            (_, right) => *self = right,
        }
        Ok(())
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanize_rules() {
        assert_eq!(parse_bytes("10GiB"), Ok(10 << 30));
        assert_eq!(
            parse_bytes("2.5TiB"),
            Ok((2.5 * (1u64 << 40) as f64) as u64)
        );
        assert_eq!(parse_bytes("1,000 kb"), Ok(1_000_000));
        assert_eq!(parse_bytes("42"), Ok(42));
        assert_eq!(
            parse_bytes("10XB"),
            Err("unhandled size name: xb".to_owned())
        );
        assert_eq!(
            parse_bytes("GB"),
            Err("strconv.ParseFloat: parsing \"\": invalid syntax".to_owned())
        );
        assert_eq!(
            parse_bytes("1.2.3"),
            Err("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax".to_owned())
        );
        assert_eq!(
            parse_bytes("\u{663}GB"),
            Err("strconv.ParseFloat: parsing \"\\xd9\": invalid syntax".to_owned())
        );
        assert_eq!(parse_bytes("20EiB"), Err("too large: 20EiB".to_owned()));
    }

    #[test]
    fn go_parse_float_rules() {
        assert_eq!(go_parse_float(b"1_0"), Ok(10.0));
        assert_eq!(go_parse_float(b"0x1p4"), Ok(16.0));
        assert_eq!(go_parse_float(b"0x_1.8p1"), Ok(3.0));
        assert_eq!(go_parse_float(b"0x1p-1074"), Ok(5e-324));
        assert_eq!(go_parse_float(b"0x1p-1075"), Ok(0.0));
        assert_eq!(go_parse_float(b"0x1"), Err(FloatError::Syntax));
        assert_eq!(go_parse_float(b"1e400"), Err(FloatError::Range));
        assert_eq!(go_parse_float(b"1e-400"), Ok(0.0));
        assert_eq!(go_parse_float(b"Infinity"), Ok(f64::INFINITY));
        assert_eq!(go_parse_float(b"+nan"), Err(FloatError::Syntax));
        assert!(go_parse_float(b"nan").unwrap().is_nan());
        assert_eq!(go_parse_float(b"_1"), Err(FloatError::Syntax));
        assert_eq!(go_parse_float(b"1__0"), Err(FloatError::Syntax));
        assert_eq!(go_parse_float(b"."), Err(FloatError::Syntax));
        assert_eq!(go_parse_float(b"1."), Ok(1.0));
        assert_eq!(go_parse_float(b"5e"), Err(FloatError::Syntax));
    }

    #[test]
    fn percentages() {
        assert_eq!(PercentageSize::parse("80%").unwrap().value(), 80);
        assert_eq!(
            PercentageSize::parse("120%"),
            Err("percentage must be between 0 and 100, got 120".to_owned())
        );
        assert_eq!(
            PercentageSize::parse("80"),
            Err("percentage must end with '%'".to_owned())
        );
        assert_eq!(
            PercentageSize::parse("abc%"),
            Err(
                "invalid percentage value: strconv.ParseFloat: parsing \"abc\": invalid syntax"
                    .to_owned()
            )
        );
        assert_eq!(
            PercentageSize::parse("inf%"),
            Err("percentage must be between 0 and 100, got +Inf".to_owned())
        );
        assert_eq!(Size::parse("-10GiB").unwrap().format(), "-10GiB");
        assert!(Size::parse("-10GiB").unwrap().is_negative());
    }
}
