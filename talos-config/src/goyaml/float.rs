//! Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which go-yaml uses for every float it writes.

/// Formats like Go's shortest `%g`: `1.5`, `1e+06`, `1e-05`, `.inf`, `-.inf`, `.nan` (the last
/// three are go-yaml's spellings).
pub fn format_go_float(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    // Rust's `{:e}` gives the shortest round-tripping digits, like Go's.
    let sci = format!("{:e}", value.abs());
    let (mantissa, exponent) = sci.split_once('e').expect("`{:e}` has an exponent");
    let exponent: i32 = exponent.parse().expect("exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if value < 0.0 { "-" } else { "" };
    // strconv's shortest %g switches to exponent form below 1e-4 and from 1e+06 (eprec 6).
    let n = digits.len() as i32;
    if !(-4..6).contains(&exponent) {
        let mut out = format!("{sign}{}", &digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exponent.abs()));
        return out;
    }
    let point = exponent + 1;
    let mut out = sign.to_owned();
    if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(&digits);
    } else if point >= n {
        out.push_str(&digits);
        out.push_str(&"0".repeat((point - n) as usize));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_go_float;

    #[test]
    fn matches_go_shortest_g() {
        for (value, go) in [
            (1.5, "1.5"),
            (100.0, "100"),
            (123456.0, "123456"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (12345678.5, "1.23456785e+07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (1e21, "1e+21"),
            (f64::INFINITY, ".inf"),
        ] {
            assert_eq!(format_go_float(value), go, "{value}");
        }
    }
}
