//! The certificate and key checks `RegistryTLSConfig` runs: Go's `encoding/pem` decoding, the
//! structure of `x509.ParseCertificate` and `x509.ParsePKCS8PrivateKey`, with their error texts.
//!
//! Only the DER structure is checked (with Go's messages); the mathematical checks Go makes
//! on key material (RSA key consistency, EC points, certificate extensions and public keys)
//! are not reproduced, so keys and certificates that are well-formed but mathematically
//! broken pass here.

use std::fmt::Write as _;

use crate::types::v1alpha1::scalars::base64_decode_bytes;

/// A decoded PEM block: its type, whether it had headers, and its bytes.
struct PemBlock {
    kind: String,
    has_headers: bool,
    bytes: Vec<u8>,
}

/// Go's `bytes.TrimRight(line, " \t")` over a `getLine`: the line, and the bytes consumed.
fn get_line(data: &[u8]) -> (&[u8], usize) {
    let (mut end, consumed) = match data.iter().position(|&b| b == b'\n') {
        None => (data.len(), data.len()),
        Some(i) => {
            let end = if i > 0 && data[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            (end, i + 1)
        }
    };
    while end > 0 && matches!(data[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    (&data[..end], consumed)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn trim_space(b: &[u8]) -> &[u8] {
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = b.iter().position(|c| !is_space(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !is_space(c))
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// Go's `pem.Decode`: the first block and the rest.
fn pem_decode(data: &[u8]) -> Option<(PemBlock, &[u8])> {
    const PEM_START: &[u8] = b"\n-----BEGIN ";
    const PEM_END: &[u8] = b"\n-----END ";
    const EOL: &[u8] = b"-----";
    let mut rest = data;
    let mut end_trailer_index: isize = 0;
    loop {
        if end_trailer_index < 0 || end_trailer_index as usize > rest.len() {
            return None;
        }
        rest = &rest[end_trailer_index as usize..];
        let mut end_index = find(rest, PEM_END)? as isize;
        end_trailer_index = end_index + PEM_END.len() as isize;
        let begin_index = match rfind(&rest[..end_index as usize], &PEM_START[1..]) {
            Some(b) if b == 0 || rest[b - 1] == b'\n' => b,
            _ => continue,
        };
        let skip = (begin_index + PEM_START.len() - 1) as isize;
        rest = &rest[skip as usize..];
        end_index -= skip;
        end_trailer_index -= skip;

        let (type_line, consumed) = get_line(rest);
        rest = &rest[consumed..];
        end_index -= consumed as isize;
        end_trailer_index -= consumed as isize;
        let Some(type_line) = type_line.strip_suffix(EOL) else {
            continue;
        };

        let mut has_headers = false;
        loop {
            if rest.is_empty() {
                return None;
            }
            let (line, consumed) = get_line(rest);
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                break;
            };
            let _key = trim_space(&line[..colon]);
            has_headers = true;
            rest = &rest[consumed..];
            end_index -= consumed as isize;
            end_trailer_index -= consumed as isize;
        }
        if has_headers && end_index < 0 {
            continue;
        }
        if end_trailer_index < 0 || end_trailer_index as usize > rest.len() {
            continue;
        }
        let end_trailer = &rest[end_trailer_index as usize..];
        let trailer_len = type_line.len() + EOL.len();
        if end_trailer.len() < trailer_len {
            continue;
        }
        let rest_of_end_line = &end_trailer[trailer_len..];
        let end_trailer = &end_trailer[..trailer_len];
        if !end_trailer.starts_with(type_line) || !end_trailer.ends_with(EOL) {
            continue;
        }
        if !get_line(rest_of_end_line).0.is_empty() {
            continue;
        }
        let mut bytes = Vec::new();
        if end_index > 0 {
            let b64: Vec<u8> = rest[..end_index as usize]
                .iter()
                .copied()
                .filter(|b| *b != b' ' && *b != b'\t')
                .collect();
            match base64_decode_bytes(&b64) {
                Ok(decoded) => bytes = decoded,
                Err(_) => continue,
            }
        }
        let after = (end_index + PEM_END.len() as isize - 1) as usize;
        let tail = &rest[after.min(rest.len())..];
        let (_, consumed) = get_line(tail);
        let block = PemBlock {
            kind: String::from_utf8_lossy(type_line).into_owned(),
            has_headers,
            bytes,
        };
        return Some((block, &tail[consumed..]));
    }
}

/// A DER reader with `golang.org/x/crypto/cryptobyte`'s strictness.
#[derive(Clone, Copy)]
struct Der<'a>(&'a [u8]);

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;

impl<'a> Der<'a> {
    /// `readASN1`: the tag, the whole element and its contents.
    fn read_any(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
        let s = self.0;
        if s.len() < 2 {
            return None;
        }
        let (tag, len_byte) = (s[0], s[1]);
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (length, header) = if len_byte & 0x80 == 0 {
            (len_byte as usize + 2, 2usize)
        } else {
            let len_len = (len_byte & 0x7f) as usize;
            if len_len == 0 || len_len > 4 || s.len() < 2 + len_len {
                return None;
            }
            let len32 = s[2..2 + len_len]
                .iter()
                .fold(0u32, |acc, b| (acc << 8) | *b as u32);
            if len32 < 128 || len32 >> ((len_len - 1) * 8) == 0 {
                return None;
            }
            let header = 2 + len_len;
            (header.checked_add(len32 as usize)?, header)
        };
        if s.len() < length {
            return None;
        }
        self.0 = &s[length..];
        Some((tag, &s[..length], &s[header..length]))
    }

    /// `ReadASN1Element` with a tag check.
    fn element(&mut self, tag: u8) -> Option<&'a [u8]> {
        self.read_any()
            .and_then(|(t, whole, _)| (t == tag).then_some(whole))
    }

    /// `ReadASN1` with a tag check (the contents).
    fn contents(&mut self, tag: u8) -> Option<Der<'a>> {
        self.read_any()
            .and_then(|(t, _, inner)| (t == tag).then_some(Der(inner)))
    }

    fn peek(&self, tag: u8) -> bool {
        self.0.first() == Some(&tag)
    }

    /// `SkipOptionalASN1`.
    fn skip_optional(&mut self, tag: u8) -> bool {
        !self.peek(tag) || self.contents(tag).is_some()
    }

    /// `ReadASN1Integer` into a big integer: a well-formed INTEGER; `Some(negative)`.
    fn integer(&mut self) -> Option<bool> {
        let bytes = self.contents(INTEGER)?.0;
        check_integer(bytes).then(|| bytes[0] & 0x80 != 0)
    }

    /// `ReadASN1BitString`.
    fn bit_string(&mut self) -> bool {
        self.contents(BIT_STRING)
            .is_some_and(|bits| valid_bit_string(bits.0))
    }

    /// `ReadASN1ObjectIdentifier`: the components.
    fn oid(&mut self) -> Option<Vec<u32>> {
        let Der(mut bytes) = self.contents(OID)?;
        if bytes.is_empty() {
            return None;
        }
        let mut components = Vec::new();
        while !bytes.is_empty() {
            let mut value: u32 = 0;
            let mut done = false;
            for i in 0..5 {
                let (&b, rest) = bytes.split_first()?;
                if value >= 1 << (31 - 7) || (i == 0 && b == 0x80) {
                    return None;
                }
                bytes = rest;
                value = (value << 7) | (b & 0x7f) as u32;
                if b & 0x80 == 0 {
                    done = true;
                    break;
                }
            }
            if !done {
                return None;
            }
            if components.is_empty() {
                if value < 80 {
                    components.extend([value / 40, value % 40]);
                } else {
                    components.extend([2, value - 80]);
                }
            } else {
                components.push(value);
            }
        }
        Some(components)
    }

    /// `ReadASN1Integer` into a `*big.Int`: `Some(None)` for zero, else `Some(Some(negative))`.
    fn big_integer(&mut self) -> Option<Option<bool>> {
        let bytes = self.contents(INTEGER)?.0;
        if !check_integer(bytes) {
            return None;
        }
        if bytes.iter().all(|b| *b == 0) {
            return Some(None);
        }
        Some(Some(bytes[0] & 0x80 != 0))
    }

    /// `ReadASN1Integer` into an `int`.
    fn small_integer(&mut self) -> Option<i64> {
        let bytes = self.contents(INTEGER)?.0;
        if !check_integer(bytes) || bytes.len() > 8 {
            return None;
        }
        Some(
            bytes
                .iter()
                .fold(if bytes[0] & 0x80 != 0 { -1i64 } else { 0 }, |acc, b| {
                    (acc << 8) | *b as i64
                }),
        )
    }
}

/// cryptobyte's `checkASN1Integer`.
fn check_integer(bytes: &[u8]) -> bool {
    match bytes {
        [] => false,
        [_] => true,
        [0, b, ..] if b & 0x80 == 0 => false,
        [0xff, b, ..] if b & 0x80 != 0 => false,
        _ => true,
    }
}

fn valid_bit_string(bytes: &[u8]) -> bool {
    let Some(&padding) = bytes.first() else {
        return false;
    };
    !(padding > 7
        || bytes.len() == 1 && padding > 0
        || bytes[bytes.len() - 1] & ((1u16 << padding) - 1) as u8 != 0)
}

/// `parseAI`: the algorithm OID and the parameters element (empty when absent).
fn parse_algorithm_identifier(mut ai: Der<'_>) -> Result<(Vec<u32>, &[u8]), &'static str> {
    let oid = ai.oid().ok_or("x509: malformed OID")?;
    if ai.0.is_empty() {
        return Ok((oid, &[]));
    }
    let (_, params, _) = ai.read_any().ok_or("x509: malformed parameters")?;
    Ok((oid, params))
}

/// `parseASN1String`: whether the value is a valid string of its type.
fn parse_asn1_string(tag: u8, value: &[u8]) -> Result<(), String> {
    let printable = |b: &u8| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'\''..=b')' | b'+'..=b'/' | b' ' | b':' | b'=' | b'?' | b'*' | b'&')
    };
    match tag {
        20 => Ok(()),
        19 if value.iter().all(printable) => Ok(()),
        19 => Err("invalid PrintableString".to_owned()),
        12 if std::str::from_utf8(value).is_ok() => Ok(()),
        12 => Err("invalid UTF-8 string".to_owned()),
        30 => {
            if !value.len().is_multiple_of(2) {
                return Err("invalid BMPString".to_owned());
            }
            let mut value = value;
            if value.len() >= 2 && value[value.len() - 1] == 0 && value[value.len() - 2] == 0 {
                value = &value[..value.len() - 2];
            }
            let bad = value.chunks(2).any(|pair| {
                let point = u16::from_be_bytes([pair[0], pair[1]]);
                point == 0xfffe
                    || point == 0xffff
                    || (0xfdd0..=0xfdef).contains(&point)
                    || (0xd800..=0xdfff).contains(&point)
            });
            if bad {
                Err("invalid BMPString".to_owned())
            } else {
                Ok(())
            }
        }
        // Go converts to a string first, so invalid UTF-8 becomes U+FFFD (not ASCII).
        22 if value.is_ascii() => Ok(()),
        22 => Err("invalid IA5String".to_owned()),
        18 if value.iter().all(|b| b.is_ascii_digit() || *b == b' ') => Ok(()),
        18 => Err("invalid NumericString".to_owned()),
        other => Err(format!("unsupported string type: {other}")),
    }
}

/// `parseName`.
fn parse_name(raw: Der<'_>) -> Result<(), CertError> {
    const INVALID: &str = "x509: invalid RDNSequence";
    let mut raw = Der(raw.0).contents(SEQUENCE).ok_or(INVALID)?;
    while !raw.0.is_empty() {
        let mut set = raw.contents(0x31).ok_or(INVALID)?;
        while !set.0.is_empty() {
            let mut atav = set
                .contents(SEQUENCE)
                .ok_or("x509: invalid RDNSequence: invalid attribute")?;
            atav.oid()
                .ok_or("x509: invalid RDNSequence: invalid attribute type")?;
            let (tag, _, value) = atav
                .read_any()
                .ok_or("x509: invalid RDNSequence: invalid attribute value")?;
            parse_asn1_string(tag, value).map_err(|err| {
                CertError::Owned(format!(
                    "x509: invalid RDNSequence: invalid attribute value: {err}"
                ))
            })?;
        }
    }
    Ok(())
}

/// `parseTime`.
fn parse_time(der: &mut Der<'_>) -> Result<(), &'static str> {
    if der.peek(0x17) {
        let text = der.contents(0x17).ok_or("x509: malformed UTCTime")?.0;
        if utc_time_ok(text, 12) || utc_time_ok(text, 10) {
            return Ok(());
        }
        Err("x509: malformed UTCTime")
    } else if der.peek(0x18) {
        let text = der
            .contents(0x18)
            .ok_or("x509: malformed GeneralizedTime")?
            .0;
        if generalized_time_ok(text) {
            Ok(())
        } else {
            Err("x509: malformed GeneralizedTime")
        }
    } else {
        Err("x509: unsupported time format")
    }
}

fn digits(text: &[u8]) -> Option<u32> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0, |acc, d| acc * 10 + (d - b'0') as u32))
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `time.Parse` + `Format` round trip of `<date><clock>Z0700`: valid ranges and a zone
/// written as Go writes it (`Z`, or a non-zero `±hhmm`).
fn clock_and_zone_ok(year: u32, rest: &[u8], clock_len: usize) -> bool {
    if rest.len() < 4 + clock_len {
        return false;
    }
    let (month, day) = (digits(&rest[0..2]), digits(&rest[2..4]));
    let clock: Vec<Option<u32>> = rest[4..4 + clock_len].chunks(2).map(digits).collect();
    let (Some(month), Some(day)) = (month, day) else {
        return false;
    };
    if clock.iter().any(Option::is_none) || !(1..=12).contains(&month) {
        return false;
    }
    if day < 1 || day > days_in(month, year) {
        return false;
    }
    let limits = [24, 60, 60];
    if clock
        .iter()
        .zip(limits)
        .any(|(v, max)| v.unwrap_or(max) >= max)
    {
        return false;
    }
    match &rest[4 + clock_len..] {
        b"Z" => true,
        [sign @ (b'+' | b'-'), zone @ ..] if zone.len() == 4 => {
            let _ = sign;
            match (digits(&zone[..2]), digits(&zone[2..])) {
                (Some(h), Some(m)) => h <= 24 && m < 60 && (h, m) != (0, 0),
                _ => false,
            }
        }
        _ => false,
    }
}

/// cryptobyte's UTCTime check (`YYMMDDhhmm[ss]Z0700`).
fn utc_time_ok(text: &[u8], clock_digits: usize) -> bool {
    let Some(yy) = text.get(..2).and_then(digits) else {
        return false;
    };
    let year = if yy >= 69 { 1900 + yy } else { 2000 + yy };
    clock_and_zone_ok(year, &text[2..], clock_digits - 6)
}

/// cryptobyte's GeneralizedTime check (`YYYYMMDDhhmmssZ0700`).
fn generalized_time_ok(text: &[u8]) -> bool {
    let Some(year) = text.get(..4).and_then(digits) else {
        return false;
    };
    clock_and_zone_ok(year, &text[4..], 6)
}

/// `parsePublicKey`, without the curve point check.
fn parse_public_key(oid: &[u32], params: &[u8], key: &[u8]) -> Result<(), &'static str> {
    // The BIT STRING's bytes after the padding count (`RightAlign` keeps whole bytes here).
    let data = &key[1..];
    match oid {
        OID_RSA => {
            if params != [0x05, 0x00] {
                return Err("x509: RSA key missing NULL parameters");
            }
            let mut der = Der(data)
                .contents(SEQUENCE)
                .ok_or("x509: invalid RSA public key")?;
            let n_negative = der.big_integer().ok_or("x509: invalid RSA modulus")?;
            let e = der
                .small_integer()
                .ok_or("x509: invalid RSA public exponent")?;
            if n_negative.is_none_or(|negative| negative) {
                return Err("x509: RSA modulus is not a positive number");
            }
            if e <= 0 {
                return Err("x509: RSA public exponent is not a positive number");
            }
            Ok(())
        }
        OID_ECDSA => {
            let curve = Der(params).oid().ok_or("x509: invalid ECDSA parameters")?;
            let size = curve_size(&curve).ok_or("x509: unsupported elliptic curve")?;
            if data.first() != Some(&4) {
                return Err("ecdsa: invalid uncompressed public key");
            }
            if data.len() != 1 + 2 * size {
                return Err(match size {
                    28 => "invalid P224 point encoding",
                    32 => "invalid P256 point encoding",
                    48 => "invalid P384 point encoding",
                    _ => "invalid P521 point encoding",
                });
            }
            Ok(())
        }
        OID_ED25519 => {
            if !params.is_empty() {
                return Err("x509: Ed25519 key encoded with illegal parameters");
            }
            if data.len() != 32 {
                return Err("x509: wrong Ed25519 public key size");
            }
            Ok(())
        }
        OID_X25519 => {
            if !params.is_empty() {
                return Err("x509: X25519 key encoded with illegal parameters");
            }
            if data.len() != 32 {
                return Err("crypto/ecdh: invalid public key");
            }
            Ok(())
        }
        OID_DSA => {
            if Der(data).big_integer().is_none() {
                return Err("x509: invalid DSA public key");
            }
            let y_sign = Der(data).big_integer().flatten();
            let mut p = Der(params);
            let mut seq = p.contents(SEQUENCE).ok_or("x509: invalid DSA parameters")?;
            let mut signs = vec![y_sign];
            for _ in 0..3 {
                signs.push(seq.big_integer().ok_or("x509: invalid DSA parameters")?);
            }
            if signs.iter().any(|s| s.is_none_or(|negative| negative)) {
                return Err("x509: zero or negative DSA parameter");
            }
            Ok(())
        }
        // Go skips keys of algorithms it does not know.
        _ => Ok(()),
    }
}

/// `parseExtension`: the extension's OID.
fn parse_extension(mut der: Der<'_>) -> Result<Vec<u32>, &'static str> {
    let oid = der.oid().ok_or("x509: malformed extension OID field")?;
    if der.peek(0x01) {
        let value = der
            .contents(0x01)
            .ok_or("x509: malformed extension critical field")?
            .0;
        if !matches!(value, [0x00] | [0xff]) {
            return Err("x509: malformed extension critical field");
        }
    }
    der.contents(0x04)
        .ok_or("x509: malformed extension value field")?;
    Ok(oid)
}

/// A certificate parse error: mostly fixed texts, some formatted.
enum CertError {
    Static(&'static str),
    Owned(String),
}

impl From<&'static str> for CertError {
    fn from(text: &'static str) -> CertError {
        CertError::Static(text)
    }
}

impl std::fmt::Display for CertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CertError::Static(text) => f.write_str(text),
            CertError::Owned(text) => f.write_str(text),
        }
    }
}

/// The structure checks of `x509.ParseCertificate`.
fn parse_certificate(der: &[u8]) -> Result<(), CertError> {
    const MALFORMED: &str = "x509: malformed certificate";
    let mut outer = Der(der);
    let raw = outer.element(SEQUENCE).ok_or(MALFORMED)?;
    let mut input = Der(raw).contents(SEQUENCE).ok_or(MALFORMED)?;
    let tbs_raw = input
        .element(SEQUENCE)
        .ok_or("x509: malformed tbs certificate")?;
    let mut tbs = Der(tbs_raw)
        .contents(SEQUENCE)
        .ok_or("x509: malformed tbs certificate")?;

    let mut version: i64 = 0;
    if tbs.peek(0xa0) {
        let mut explicit = tbs.contents(0xa0).ok_or("x509: malformed version")?;
        let bytes = explicit
            .contents(INTEGER)
            .ok_or("x509: malformed version")?
            .0;
        if !check_integer(bytes) || bytes.len() > 8 || !explicit.0.is_empty() {
            return Err("x509: malformed version".into());
        }
        version = bytes
            .iter()
            .fold(if bytes[0] & 0x80 != 0 { -1i64 } else { 0 }, |acc, b| {
                (acc << 8) | *b as i64
            });
    }
    if version < 0 {
        return Err("x509: malformed version".into());
    }
    let version = version + 1;
    if version > 3 {
        return Err("x509: invalid version".into());
    }
    match tbs.integer() {
        None => return Err("x509: malformed serial number".into()),
        Some(true) => return Err("x509: negative serial number".into()),
        Some(false) => {}
    }
    let sig_ai = tbs
        .contents(SEQUENCE)
        .ok_or("x509: malformed signature algorithm identifier")?;
    let outer_sig_ai = input
        .contents(SEQUENCE)
        .ok_or("x509: malformed algorithm identifier")?;
    if outer_sig_ai.0 != sig_ai.0 {
        return Err("x509: inner and outer signature algorithm identifiers don't match".into());
    }
    parse_algorithm_identifier(sig_ai)?;
    let issuer = tbs.element(SEQUENCE).ok_or("x509: malformed issuer")?;
    parse_name(Der(issuer))?;
    let mut validity = tbs.contents(SEQUENCE).ok_or("x509: malformed validity")?;
    parse_time(&mut validity)?;
    parse_time(&mut validity)?;
    let subject = tbs.element(SEQUENCE).ok_or("x509: malformed issuer")?;
    parse_name(Der(subject))?;
    let spki_raw = tbs.element(SEQUENCE).ok_or("x509: malformed spki")?;
    let mut spki = Der(spki_raw)
        .contents(SEQUENCE)
        .ok_or("x509: malformed spki")?;
    let pk_ai = spki
        .contents(SEQUENCE)
        .ok_or("x509: malformed public key algorithm identifier")?;
    let (pk_oid, pk_params) = parse_algorithm_identifier(pk_ai)?;
    let public_key = spki
        .contents(BIT_STRING)
        .filter(|bits| valid_bit_string(bits.0))
        .ok_or("x509: malformed subjectPublicKey")?;
    parse_public_key(&pk_oid, pk_params, public_key.0)?;
    if version > 1 {
        if !tbs.skip_optional(0x81) {
            return Err("x509: malformed issuerUniqueID".into());
        }
        if !tbs.skip_optional(0x82) {
            return Err("x509: malformed subjectUniqueID".into());
        }
        if version == 3 && tbs.peek(0xa3) {
            let mut extensions = tbs
                .contents(0xa3)
                .and_then(|mut e| e.contents(SEQUENCE))
                .ok_or("x509: malformed extensions")?;
            let mut seen = Vec::new();
            while !extensions.0.is_empty() {
                let extension = extensions
                    .contents(SEQUENCE)
                    .ok_or("x509: malformed extension")?;
                let oid = parse_extension(extension)?;
                if seen.contains(&oid) {
                    return Err(CertError::Owned(format!(
                        "x509: certificate contains duplicate extension with OID {}",
                        crate::goyaml::go_quote(&oid_string(&oid))
                    )));
                }
                seen.push(oid);
            }
        }
    }
    if !input.bit_string() {
        return Err("x509: malformed signature".into());
    }
    if raw.len() != der.len() {
        return Err("x509: trailing data".into());
    }
    Ok(())
}

/// `(*PEMEncodedCertificateAndKey).GetCert` (siderolabs/crypto): the error text.
pub(super) fn get_cert(pem: &[u8]) -> Result<(), String> {
    let (block, _) = pem_decode(pem).ok_or("failed to parse PEM block")?;
    parse_certificate(&block.bytes).map_err(|err| format!("failed to parse certificate: {err}"))
}

/// `CertPool.AppendCertsFromPEM`: whether at least one certificate was added.
pub(super) fn append_certs_from_pem(mut pem: &[u8]) -> bool {
    let mut ok = false;
    while !pem.is_empty() {
        let Some((block, rest)) = pem_decode(pem) else {
            break;
        };
        pem = rest;
        if block.kind != "CERTIFICATE" || block.has_headers {
            continue;
        }
        if parse_certificate(&block.bytes).is_ok() {
            ok = true;
        }
    }
    ok
}

/// `(*PEMEncodedCertificateAndKey).GetPrivateKey` (siderolabs/crypto): the error text.
pub(super) fn get_pkcs8_private_key(pem: &[u8]) -> Result<(), String> {
    let (block, _) = pem_decode(pem).ok_or("failed to parse PEM block")?;
    parse_pkcs8_private_key(&block.bytes).map_err(|err| format!("failed to parse key: {err}"))
}

// encoding/asn1, for the structures the key parsers unmarshal into.

#[derive(Clone, Copy)]
enum Ty {
    /// Go `int`.
    Int,
    /// `*big.Int`; the value tells whether it must be positive (checked by the caller).
    BigInt,
    /// `[]byte` (OCTET STRING).
    Octets,
    /// `asn1.ObjectIdentifier`.
    Oid,
    /// `asn1.BitString`.
    BitString,
    /// `asn1.RawValue` (any element).
    Raw,
    /// A struct (SEQUENCE) with its Go name.
    Struct(&'static str, &'static [Field]),
    /// A slice of structs (SEQUENCE OF).
    SeqOf(&'static [Field]),
}

#[derive(Clone, Copy)]
struct Field {
    ty: Ty,
    optional: bool,
    /// An explicit context-specific tag number.
    explicit: Option<u32>,
}

const fn field(ty: Ty) -> Field {
    Field {
        ty,
        optional: false,
        explicit: None,
    }
}

const fn optional(ty: Ty) -> Field {
    Field {
        ty,
        optional: true,
        explicit: None,
    }
}

const fn explicit_optional(ty: Ty, tag: u32) -> Field {
    Field {
        ty,
        optional: true,
        explicit: Some(tag),
    }
}

const ALGORITHM_IDENTIFIER: Ty =
    Ty::Struct("AlgorithmIdentifier", &[field(Ty::Oid), optional(Ty::Raw)]);
const PKCS8: Ty = Ty::Struct(
    "pkcs8",
    &[
        field(Ty::Int),
        field(ALGORITHM_IDENTIFIER),
        field(Ty::Octets),
    ],
);
const EC_PRIVATE_KEY: Ty = Ty::Struct(
    "ecPrivateKey",
    &[
        field(Ty::Int),
        field(Ty::Octets),
        explicit_optional(Ty::Oid, 0),
        explicit_optional(Ty::BitString, 1),
    ],
);
const PKCS1_ADDITIONAL_PRIME: &[Field] = &[field(Ty::BigInt), field(Ty::BigInt), field(Ty::BigInt)];
const PKCS1_PRIVATE_KEY: Ty = Ty::Struct(
    "pkcs1PrivateKey",
    &[
        field(Ty::Int),
        field(Ty::BigInt),
        field(Ty::Int),
        field(Ty::BigInt),
        field(Ty::BigInt),
        field(Ty::BigInt),
        optional(Ty::BigInt),
        optional(Ty::BigInt),
        optional(Ty::BigInt),
        optional(Ty::SeqOf(PKCS1_ADDITIONAL_PRIME)),
    ],
);

fn structural(msg: impl std::fmt::Display) -> String {
    format!("asn1: structure error: {msg}")
}

fn syntax(msg: &str) -> String {
    format!("asn1: syntax error: {msg}")
}

struct TagAndLength {
    class: u32,
    tag: u32,
    length: usize,
    compound: bool,
}

/// encoding/asn1's `parseTagAndLength`.
fn parse_tag_and_length(bytes: &[u8], mut offset: usize) -> Result<(TagAndLength, usize), String> {
    if offset >= bytes.len() {
        return Err("asn1: internal error in parseTagAndLength".to_owned());
    }
    let b = bytes[offset];
    offset += 1;
    let mut ret = TagAndLength {
        class: (b >> 6) as u32,
        tag: (b & 0x1f) as u32,
        length: 0,
        compound: b & 0x20 != 0,
    };
    if ret.tag == 0x1f {
        let (tag, next) = parse_base128(bytes, offset)?;
        offset = next;
        if tag < 0x1f {
            return Err(syntax("non-minimal tag"));
        }
        ret.tag = tag;
    }
    if offset >= bytes.len() {
        return Err(syntax("truncated tag or length"));
    }
    let b = bytes[offset];
    offset += 1;
    if b & 0x80 == 0 {
        ret.length = (b & 0x7f) as usize;
    } else {
        let count = (b & 0x7f) as usize;
        if count == 0 {
            return Err(syntax("indefinite length found (not DER)"));
        }
        for _ in 0..count {
            if offset >= bytes.len() {
                return Err(syntax("truncated tag or length"));
            }
            let b = bytes[offset];
            offset += 1;
            if ret.length >= 1 << 23 {
                return Err(structural("length too large"));
            }
            ret.length = (ret.length << 8) | b as usize;
            if ret.length == 0 {
                return Err(structural("superfluous leading zeros in length"));
            }
        }
        if ret.length < 0x80 {
            return Err(structural("non-minimal length"));
        }
    }
    Ok((ret, offset))
}

/// encoding/asn1's `parseBase128Int`.
fn parse_base128(bytes: &[u8], mut offset: usize) -> Result<(u32, usize), String> {
    let mut value: i64 = 0;
    let mut shifted = 0;
    while offset < bytes.len() {
        if shifted == 5 {
            return Err(structural("base 128 integer too large"));
        }
        value <<= 7;
        let b = bytes[offset];
        if shifted == 0 && b == 0x80 {
            return Err(syntax("integer is not minimally encoded"));
        }
        value |= (b & 0x7f) as i64;
        offset += 1;
        if b & 0x80 == 0 {
            if value > i32::MAX as i64 {
                return Err(structural("base 128 integer too large"));
            }
            return Ok((value as u32, offset));
        }
        shifted += 1;
    }
    Err(syntax("truncated base 128 integer"))
}

fn asn1_check_integer(bytes: &[u8]) -> Result<(), String> {
    if bytes.is_empty() {
        return Err(structural("empty integer"));
    }
    if !check_integer(bytes) {
        return Err(structural("integer not minimally-encoded"));
    }
    Ok(())
}

/// What a parsed field holds, as far as the key checks need it.
#[derive(Default)]
struct Parsed<'a> {
    int: i64,
    positive: bool,
    oid: Vec<u32>,
    bytes: &'a [u8],
    /// The whole element (Go's `RawValue.FullBytes`).
    full: &'a [u8],
    /// The parsed fields of a struct.
    fields: Vec<Parsed<'a>>,
}

fn universal(ty: Ty) -> (bool, u32, bool, &'static str) {
    match ty {
        Ty::Int => (false, 2, false, "int"),
        Ty::BigInt => (false, 2, false, ""),
        Ty::Octets => (false, 4, false, ""),
        Ty::Oid => (false, 6, false, "ObjectIdentifier"),
        Ty::BitString => (false, 3, false, "BitString"),
        Ty::Raw => (true, 0, false, "RawValue"),
        Ty::Struct(name, _) => (false, 16, true, name),
        Ty::SeqOf(_) => (false, 16, true, ""),
    }
}

const DEFAULT_PARAMS: &str = "{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false}";

/// encoding/asn1's `parseField` for the types above.
fn parse_field<'a>(
    spec: Field,
    bytes: &'a [u8],
    init: usize,
) -> Result<(Parsed<'a>, usize), String> {
    if init == bytes.len() {
        return if spec.optional {
            Ok((Parsed::default(), init))
        } else {
            Err(syntax("sequence truncated"))
        };
    }
    let (mut t, mut offset) = parse_tag_and_length(bytes, init)?;
    if let Some(tag) = spec.explicit {
        if offset == bytes.len() {
            return Err(structural("explicit tag has no child"));
        }
        if t.class == 2 && t.tag == tag && (t.length == 0 || t.compound) {
            if t.length > 0 {
                (t, offset) = parse_tag_and_length(bytes, offset)?;
            } else {
                return Err(structural("zero length explicit tag was not an asn1.Flag"));
            }
        } else if spec.optional {
            return Ok((Parsed::default(), init));
        } else {
            return Err(structural("explicitly tagged member didn't match"));
        }
    }
    let (match_any, expected_tag, compound, name) = universal(spec.ty);
    if !match_any && (t.class != 0 || t.tag != expected_tag || t.compound != compound) {
        if spec.optional {
            return Ok((Parsed::default(), init));
        }
        return Err(structural(format!(
            "tags don't match ({expected_tag} vs {{class:{} tag:{} length:{} isCompound:{}}}) {DEFAULT_PARAMS} {name} @{offset}",
            t.class, t.tag, t.length, t.compound
        )));
    }
    if offset
        .checked_add(t.length)
        .is_none_or(|end| end > bytes.len())
    {
        return Err(syntax("data truncated"));
    }
    let inner = &bytes[offset..offset + t.length];
    offset += t.length;
    let mut parsed = Parsed {
        bytes: inner,
        full: &bytes[init..offset],
        ..Parsed::default()
    };
    match spec.ty {
        Ty::Int => {
            asn1_check_integer(inner)?;
            if inner.len() > 8 {
                return Err(structural("integer too large"));
            }
            parsed.int = inner
                .iter()
                .fold(if inner[0] & 0x80 != 0 { -1 } else { 0 }, |acc, b| {
                    (acc << 8) | *b as i64
                });
        }
        Ty::BigInt => {
            asn1_check_integer(inner)?;
            parsed.positive = inner[0] & 0x80 == 0 && inner.iter().any(|b| *b != 0);
        }
        Ty::Oid => {
            if inner.is_empty() {
                return Err(syntax("zero length OBJECT IDENTIFIER"));
            }
            let (first, mut at) = parse_base128(inner, 0)?;
            if first < 80 {
                parsed.oid = vec![first / 40, first % 40];
            } else {
                parsed.oid = vec![2, first - 80];
            }
            while at < inner.len() {
                let (value, next) = parse_base128(inner, at)?;
                parsed.oid.push(value);
                at = next;
            }
        }
        Ty::BitString => {
            if inner.is_empty() {
                return Err(syntax("zero length BIT STRING"));
            }
            if !valid_bit_string(inner) {
                return Err(syntax("invalid padding bits in BIT STRING"));
            }
        }
        Ty::Octets | Ty::Raw => {}
        Ty::Struct(_, fields) => {
            let mut at = 0;
            for f in fields {
                let (value, next) = parse_field(*f, inner, at)?;
                parsed.fields.push(value);
                at = next;
            }
        }
        Ty::SeqOf(fields) => {
            let mut at = 0;
            let mut count = 0;
            while at < inner.len() {
                let (t, next) = parse_tag_and_length(inner, at)?;
                if t.class != 0 || !t.compound || t.tag != 16 {
                    return Err(structural("sequence tag mismatch"));
                }
                if next
                    .checked_add(t.length)
                    .is_none_or(|end| end > inner.len())
                {
                    return Err(syntax("truncated sequence"));
                }
                at = next + t.length;
                count += 1;
            }
            let mut at = 0;
            for _ in 0..count {
                let (_, next) = parse_field(
                    field(Ty::Struct("pkcs1AdditionalRSAPrime", fields)),
                    inner,
                    at,
                )?;
                at = next;
            }
        }
    }
    Ok((parsed, offset))
}

/// `asn1.Unmarshal(der, &T{})`: the parsed value and the rest.
fn unmarshal(ty: Ty, der: &[u8]) -> Result<(Parsed<'_>, &[u8]), String> {
    let (parsed, offset) = parse_field(field(ty), der, 0)?;
    Ok((parsed, &der[offset..]))
}

fn oid_string(oid: &[u32]) -> String {
    let mut out = String::new();
    for (i, part) in oid.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        let _ = write!(out, "{part}");
    }
    out
}

const OID_RSA: &[u32] = &[1, 2, 840, 113549, 1, 1, 1];
const OID_ECDSA: &[u32] = &[1, 2, 840, 10045, 2, 1];
const OID_X25519: &[u32] = &[1, 3, 101, 110];
const OID_ED25519: &[u32] = &[1, 3, 101, 112];
const OID_DSA: &[u32] = &[1, 2, 840, 10040, 4, 1];

/// The private key size in bytes of the named curves Go knows.
fn curve_size(oid: &[u32]) -> Option<usize> {
    match oid {
        [1, 3, 132, 0, 33] => Some(28),
        [1, 2, 840, 10045, 3, 1, 7] => Some(32),
        [1, 3, 132, 0, 34] => Some(48),
        [1, 3, 132, 0, 35] => Some(66),
        _ => None,
    }
}

/// `x509.ParsePKCS1PrivateKey`, without the key consistency math.
fn parse_pkcs1_private_key(der: &[u8]) -> Result<(), String> {
    let parsed = unmarshal(PKCS1_PRIVATE_KEY, der);
    if let Ok((_, rest)) = &parsed
        && !rest.is_empty()
    {
        return Err(syntax("trailing data"));
    }
    let key = match parsed {
        Ok((key, _)) => key,
        Err(err) => {
            if unmarshal(EC_PRIVATE_KEY, der).is_ok() {
                return Err("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)".to_owned());
            }
            if unmarshal(PKCS8, der).is_ok() {
                return Err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".to_owned());
            }
            return Err(err);
        }
    };
    if key.fields[0].int > 1 {
        return Err("x509: unsupported private key version".to_owned());
    }
    if [1, 3, 4, 5].iter().any(|i| !key.fields[*i].positive) {
        return Err("x509: private key contains zero or negative value".to_owned());
    }
    Ok(())
}

/// `parseECPrivateKey` (SEC 1), without the curve arithmetic.
fn parse_ec_private_key(named_curve: Option<&[u32]>, der: &[u8]) -> Result<(), String> {
    let key = match unmarshal(EC_PRIVATE_KEY, der) {
        Ok((key, _)) => key,
        Err(err) => {
            if unmarshal(PKCS8, der).is_ok() {
                return Err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".to_owned());
            }
            if unmarshal(PKCS1_PRIVATE_KEY, der).is_ok() {
                return Err("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)".to_owned());
            }
            return Err(format!("x509: failed to parse EC private key: {err}"));
        }
    };
    if key.fields[0].int != 1 {
        return Err(format!(
            "x509: unknown EC private key version {}",
            key.fields[0].int
        ));
    }
    let curve = named_curve.unwrap_or(&key.fields[2].oid);
    let size = curve_size(curve).ok_or("x509: unknown elliptic curve")?;
    let mut private = key.fields[1].bytes;
    while private.len() > size {
        if private[0] != 0 {
            return Err("x509: invalid private key length".to_owned());
        }
        private = &private[1..];
    }
    Ok(())
}

/// `x509.ParsePKCS8PrivateKey`, without the key consistency math.
fn parse_pkcs8_private_key(der: &[u8]) -> Result<(), String> {
    let key = match unmarshal(PKCS8, der) {
        Ok((key, _)) => key,
        Err(err) => {
            if unmarshal(EC_PRIVATE_KEY, der).is_ok() {
                return Err("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)".to_owned());
            }
            if unmarshal(PKCS1_PRIVATE_KEY, der).is_ok() {
                return Err("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)".to_owned());
            }
            return Err(err);
        }
    };
    let algorithm = &key.fields[1].fields[0].oid;
    let params = key.fields[1].fields[1].full;
    let has_params = !params.is_empty();
    let private = key.fields[2].bytes;
    match algorithm.as_slice() {
        OID_RSA => parse_pkcs1_private_key(private).map_err(|err| {
            format!("x509: failed to parse RSA private key embedded in PKCS#8: {err}")
        }),
        OID_ECDSA => {
            let curve = parse_field(field(Ty::Oid), params, 0)
                .ok()
                .filter(|_| !params.is_empty())
                .map(|(oid, _)| oid.oid);
            parse_ec_private_key(curve.as_deref(), private).map_err(|err| {
                format!("x509: failed to parse EC private key embedded in PKCS#8: {err}")
            })
        }
        OID_ED25519 | OID_X25519 => {
            let name = if algorithm.as_slice() == OID_ED25519 {
                "Ed25519"
            } else {
                "X25519"
            };
            if has_params {
                return Err(format!("x509: invalid {name} private key parameters"));
            }
            let (seed, _) = unmarshal_octets(private)
                .map_err(|err| format!("x509: invalid {name} private key: {err}"))?;
            if seed.len() != 32 {
                return Err(if name == "Ed25519" {
                    format!("x509: invalid Ed25519 private key length: {}", seed.len())
                } else {
                    "crypto/ecdh: invalid private key size".to_owned()
                });
            }
            Ok(())
        }
        other => Err(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
            oid_string(other)
        )),
    }
}

/// `asn1.Unmarshal(der, &[]byte{})`.
fn unmarshal_octets(der: &[u8]) -> Result<(&[u8], &[u8]), String> {
    let (parsed, offset) = parse_field(field(Ty::Octets), der, 0)?;
    Ok((parsed.bytes, &der[offset..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_decode_like_go() {
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\nrest";
        let (block, rest) = pem_decode(pem).unwrap();
        assert_eq!(block.kind, "CERTIFICATE");
        assert_eq!(block.bytes, [0, 1, 2]);
        assert_eq!(rest, b"rest");
        assert!(pem_decode(b"-----BEGIN X-----\nMII...\n-----END X-----\n").is_none());
    }

    #[test]
    fn garbage_certificates_are_malformed() {
        assert_eq!(
            parse_certificate(b"abc")
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("x509: malformed certificate")
        );
        assert_eq!(get_cert(b"nope").unwrap_err(), "failed to parse PEM block");
    }
}
