//! Go's `strconv` integer rules, which several Talos text formats inherit: META keys
//! (`strconv.ParseUint(s, 0, 8)`) and YAML scalars read by `go.yaml.in/yaml/v4`.

/// Go's `strconv.ParseUint(text, 0, bits)` for a value range of `0..=max`: `0x`, `0o`, `0b`
/// prefixes, a lone leading `0` for octal, `_` only between digits. `None` where Go errs.
pub(crate) fn parse_uint(text: &str, max: u64) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let (base, digits): (u32, &[u8]) = if bytes[0] == b'0' {
        match bytes.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if bytes.len() >= 3 => (2, &bytes[2..]),
            Some(b'o') if bytes.len() >= 3 => (8, &bytes[2..]),
            Some(b'x') if bytes.len() >= 3 => (16, &bytes[2..]),
            _ => (8, &bytes[1..]),
        }
    } else {
        (10, bytes)
    };
    let mut value: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let digit = (c as char).to_digit(36).filter(|d| *d < base)?;
        value = value
            .checked_mul(u64::from(base))?
            .checked_add(u64::from(digit))
            .filter(|v| *v <= max)?;
    }
    if underscores && !underscore_ok(text) {
        return None;
    }
    Some(value)
}

/// Go's `underscoreOK`: after an optional sign and base prefix, `_` only between digits
/// (a base prefix counts as a digit).
pub(crate) fn underscore_ok(text: &str) -> bool {
    #[derive(PartialEq)]
    enum Saw {
        Start,
        Digit,
        Underscore,
        Other,
    }
    let mut rest = text.as_bytes();
    if matches!(rest.first(), Some(b'+' | b'-')) {
        rest = &rest[1..];
    }
    let mut saw = Saw::Start;
    let mut hex = false;
    if rest.len() >= 2
        && rest[0] == b'0'
        && matches!(rest[1].to_ascii_lowercase(), b'b' | b'o' | b'x')
    {
        hex = rest[1].eq_ignore_ascii_case(&b'x');
        saw = Saw::Digit;
        rest = &rest[2..];
    }
    for &c in rest {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = Saw::Digit;
        } else if c == b'_' {
            if saw != Saw::Digit {
                return false;
            }
            saw = Saw::Underscore;
        } else if saw == Saw::Underscore {
            return false;
        } else {
            saw = Saw::Other;
        }
    }
    saw != Saw::Underscore
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_zero_rules() {
        for (text, want) in [
            ("10", Some(10)),
            ("0xa", Some(10)),
            ("0XA", Some(10)),
            ("0o17", Some(15)),
            ("0b101", Some(5)),
            ("010", Some(8)),
            ("0", Some(0)),
            ("00", Some(0)),
            ("1_0", Some(10)),
            ("0x_a", Some(10)),
            ("0_10", Some(8)),
            ("255", Some(255)),
            ("0xff", Some(255)),
            ("256", None),
            ("0x100", None),
            ("08", None),
            ("_10", None),
            ("10_", None),
            ("1__0", None),
            ("0x", None),
            ("0b", None),
            ("+1", None),
            ("-1", None),
            (" 1", None),
            ("", None),
            ("1a", None),
            ("99999999999", None),
        ] {
            assert_eq!(parse_uint(text, 255), want, "{text:?}");
        }
        assert_eq!(parse_uint("18446744073709551615", u64::MAX), Some(u64::MAX));
        assert_eq!(parse_uint("18446744073709551616", u64::MAX), None);
    }

    #[test]
    fn underscores_follow_go() {
        assert!(underscore_ok("-1_000") && underscore_ok("0x_ff") && underscore_ok(".5_0"));
        assert!(!underscore_ok("1__0") && !underscore_ok("_1") && !underscore_ok("1_"));
    }
}
