//! The `Values` text encoding of `INSTALLER_META_BASE64` (Talos `pkg/machinery/meta`).
//!
//! Values are joined as `0x<key>=<value>` with `;`, gzip-compressed (level 9) when allowed
//! and longer than 256 bytes, then base64-encoded (standard alphabet, padded). Talos reads
//! them from the installer's environment and from the `talos.environment=` kernel argument
//! to fill META before the partition exists.
//!
//! ```
//! use talos_meta::values::{Value, Values};
//!
//! let values = Values(vec![Value::new(0x0a, "foo"), Value::new(0x0b, "bar")]);
//! let encoded = values.encode(true)?;
//! assert_eq!(encoded, "MHhhPWZvbzsweGI9YmFy");
//! assert_eq!(Values::decode(&encoded)?, values);
//! # Ok::<(), talos_meta::values::ValuesError>(())
//! ```

use std::fmt;
use std::io::{Read, Write};

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

use crate::keys::parse_go_uint8;

/// The environment variable (and `talos.environment=` entry) that carries encoded values.
pub const ENV_VAR: &str = "INSTALLER_META_BASE64";
/// The kernel argument that sets environment entries at boot.
pub const KERNEL_ARG: &str = "talos.environment";
/// Encoded text longer than this is gzip-compressed when compression is allowed.
pub const GZIP_THRESHOLD: usize = 256;

/// Go's `base64.StdEncoding` decoder: padding required, non-zero trailing bits accepted.
const GO_STD_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// Errors from encoding or decoding values. Parse errors carry Go's exact text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValuesError {
    /// A `key=value` part has no `=`.
    #[error("invalid value {}", go_quote(.0))]
    InvalidValue(Vec<u8>),
    /// The key of a part is not an unsigned byte in Go's base-0 syntax.
    #[error("invalid key {}", go_quote(.0))]
    InvalidKey(Vec<u8>),
    /// The text is not valid padded standard base64.
    #[error("illegal base64 data: {0}")]
    Base64(#[from] base64::DecodeError),
    /// The data starts like gzip but does not decompress.
    #[error("gzip: {0}")]
    Gzip(std::io::Error),
    /// A value contains `;`, which the encoding cannot represent (Go would silently corrupt it).
    #[error("value of key 0x{key:x} contains ';', which the META values encoding cannot carry")]
    SeparatorInValue {
        /// The offending key.
        key: u8,
    },
}

/// One META value: a key and raw bytes (Talos does not require UTF-8).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Value {
    /// The META key.
    pub key: u8,
    /// The value bytes.
    pub value: Vec<u8>,
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Value(0x{:02x}, {} bytes)", self.key, self.value.len())
    }
}

impl Value {
    /// A value from anything byte-like.
    pub fn new(key: u8, value: impl Into<Vec<u8>>) -> Self {
        Self {
            key,
            value: value.into(),
        }
    }

    /// Parses one `key=value` part: the key in Go's base-0 syntax (`10`, `0xa`, `0o12`,
    /// `012`), the value everything after the first `=`, untrimmed.
    ///
    /// ```
    /// let v = talos_meta::values::Value::parse(b"10=a=b")?;
    /// assert_eq!((v.key, v.value.as_slice()), (10, &b"a=b"[..]));
    /// # Ok::<(), talos_meta::values::ValuesError>(())
    /// ```
    pub fn parse(part: &[u8]) -> Result<Self, ValuesError> {
        let eq = part
            .iter()
            .position(|&b| b == b'=')
            .ok_or_else(|| ValuesError::InvalidValue(part.to_vec()))?;
        let (key, value) = (&part[..eq], &part[eq + 1..]);
        let parsed = std::str::from_utf8(key)
            .ok()
            .and_then(parse_go_uint8)
            .ok_or_else(|| ValuesError::InvalidKey(key.to_vec()))?;
        Ok(Self::new(parsed, value))
    }

    /// The text form, `0x<lowercase hex key>=<value>`.
    pub fn to_text(&self) -> Vec<u8> {
        let mut text = format!("0x{:x}=", self.key).into_bytes();
        text.extend_from_slice(&self.value);
        text
    }
}

/// An ordered list of values; duplicates are kept (the later one wins when applied).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(pub Vec<Value>);

impl Values {
    /// The joined text `0x..=..;0x..=..` that is then compressed and base64-encoded.
    pub fn to_text(&self) -> Result<Vec<u8>, ValuesError> {
        let mut text = Vec::new();
        for (i, value) in self.0.iter().enumerate() {
            if value.value.contains(&b';') {
                return Err(ValuesError::SeparatorInValue { key: value.key });
            }
            if i > 0 {
                text.push(b';');
            }
            text.extend_from_slice(&value.to_text());
        }
        Ok(text)
    }

    /// Encodes as Talos does. `allow_gzip` should be false for Talos older than 1.6.3
    /// (see [`gzip_supported`]). Gzip output decodes in Talos but its bytes differ from
    /// Go's compressor; the uncompressed form is byte-identical.
    pub fn encode(&self, allow_gzip: bool) -> Result<String, ValuesError> {
        let text = self.to_text()?;
        let raw = if allow_gzip && text.len() > GZIP_THRESHOLD {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
            encoder.write_all(&text).map_err(ValuesError::Gzip)?;
            encoder.finish().map_err(ValuesError::Gzip)?
        } else {
            text
        };
        Ok(general_purpose::STANDARD.encode(raw))
    }

    /// Decodes what Talos accepts: base64 with line breaks anywhere, gzip detected by its
    /// magic, parts split on every `;`. Empty input means no values.
    pub fn decode(encoded: &str) -> Result<Self, ValuesError> {
        // Go's decoder skips line breaks anywhere; copy only when there are some.
        let raw = if encoded.contains(['\r', '\n']) {
            let compact: Vec<u8> = encoded
                .bytes()
                .filter(|&b| b != b'\r' && b != b'\n')
                .collect();
            GO_STD_BASE64.decode(compact)?
        } else {
            GO_STD_BASE64.decode(encoded)?
        };
        if raw.is_empty() {
            return Ok(Self::default());
        }
        let text = if raw.len() >= 10 && raw.starts_with(&[0x1f, 0x8b]) {
            let mut text = Vec::new();
            MultiGzDecoder::new(raw.as_slice())
                .read_to_end(&mut text)
                .map_err(ValuesError::Gzip)?;
            text
        } else {
            raw
        };
        text.split(|&b| b == b';')
            .map(Value::parse)
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// The kernel argument `talos.environment=INSTALLER_META_BASE64=<encoded>`.
    pub fn kernel_arg(&self, allow_gzip: bool) -> Result<String, ValuesError> {
        Ok(format!(
            "{KERNEL_ARG}={ENV_VAR}={}",
            self.encode(allow_gzip)?
        ))
    }

    /// Collects the values of every `talos.environment=INSTALLER_META_BASE64=…` argument
    /// of a kernel command line, in order, as Talos applies them at boot.
    ///
    /// ```
    /// use talos_meta::values::Values;
    /// let cmdline = "console=ttyS0 talos.environment=INSTALLER_META_BASE64=MHhhPWZvbw==";
    /// assert_eq!(Values::from_kernel_cmdline(cmdline)?.0[0].value, b"foo");
    /// # Ok::<(), talos_meta::values::ValuesError>(())
    /// ```
    pub fn from_kernel_cmdline(cmdline: &str) -> Result<Self, ValuesError> {
        let mut all = Vec::new();
        for arg in cmdline.split_ascii_whitespace() {
            let Some(entry) = arg
                .strip_prefix(KERNEL_ARG)
                .and_then(|rest| rest.strip_prefix('='))
            else {
                continue;
            };
            if let Some(encoded) = entry
                .strip_prefix(ENV_VAR)
                .and_then(|rest| rest.strip_prefix('='))
            {
                all.extend(Self::decode(encoded)?.0);
            }
        }
        Ok(Self(all))
    }
}

/// Whether a Talos version reads gzip-compressed values (1.6.3 and later). Versions that do
/// not parse are assumed new, as Talos' imager does.
///
/// ```
/// use talos_meta::values::gzip_supported;
/// assert!(gzip_supported("v1.6.3") && gzip_supported("1.7.0") && gzip_supported(""));
/// assert!(!gzip_supported("v1.6.2"));
/// ```
pub fn gzip_supported(talos_version: &str) -> bool {
    let version = talos_version.trim_start_matches('v');
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Option<Vec<u64>> = core.split('.').map(|p| p.parse().ok()).collect();
    match parts.as_deref() {
        Some([major, minor, patch]) => (*major, *minor, *patch) >= (1, 6, 3),
        _ => true,
    }
}

/// Go's `%q` of a byte string (`strconv.Quote`): printable text as is, escapes otherwise.
pub(crate) fn go_quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\x0c' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\x0b' => out.push_str("\\v"),
                c if c.is_control() || c == '\u{feff}' => {
                    let code = u32::from(c);
                    if code < 0x80 {
                        out.push_str(&format!("\\x{code:02x}"));
                    } else if code < 0x10000 {
                        out.push_str(&format!("\\u{code:04x}"));
                    } else {
                        out.push_str(&format!("\\U{code:08x}"));
                    }
                }
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(u8, &str)]) -> Values {
        Values(pairs.iter().map(|(k, v)| Value::new(*k, *v)).collect())
    }

    #[test]
    fn spec_vectors() {
        for (pairs, encoded) in [
            (&[(0xa, "foo"), (0xb, "bar")][..], "MHhhPWZvbzsweGI9YmFy"),
            (&[(0xa, "foo")][..], "MHhhPWZvbw=="),
            (&[(0xc, "")][..], "MHhjPQ=="),
            (&[(0x6, "1.2.3")][..], "MHg2PTEuMi4z"),
            (
                &[(0xa, "foo"), (0x14, "bar")][..],
                "MHhhPWZvbzsweDE0PWJhcg==",
            ),
        ] {
            let vals = values(pairs);
            assert_eq!(vals.encode(true).unwrap(), encoded);
            assert_eq!(Values::decode(encoded).unwrap(), vals);
        }
        assert_eq!(Values::default().encode(true).unwrap(), "");
        assert_eq!(Values::decode("").unwrap(), Values::default());
    }

    #[test]
    fn gzip_threshold_and_go_output() {
        let at = values(&[(0xc, &"x".repeat(252))]);
        assert!(at.encode(true).unwrap().starts_with("MHhjPXh4"));
        let over = values(&[(0xc, &"x".repeat(253))]);
        assert!(over.encode(true).unwrap().starts_with("H4sI"));
        assert!(over.encode(false).unwrap().starts_with("MHhjPXh4"));
        // Go's own compressor output for the same values decodes to the same values.
        let go = "H4sIAAAAAAAC/zKoSLatGMkAEAAA//+5T64YAQEAAA==";
        assert_eq!(Values::decode(go).unwrap(), over);
        let huge = values(&[(10, &"foobar".repeat(256)), (0xb, &"baz".repeat(256))]);
        assert_eq!(huge.encode(false).unwrap().len(), 3084);
        let go_huge =
            "H4sIAAAAAAAC/zKoSLRNy89PSiwaJUfJUXKUHCVHGmltUJFkm5RYNYpG0YhFgAAAAP//YXrxKgkJAAA=";
        assert_eq!(Values::decode(go_huge).unwrap(), huge);
        assert_eq!(Values::decode(&huge.encode(true).unwrap()).unwrap(), huge);
    }

    #[test]
    fn go_lenient_base64() {
        assert_eq!(
            Values::decode("MHhh\r\nPWZvbw=\n=").unwrap(),
            values(&[(0xa, "foo")])
        );
        assert_eq!(
            Values::decode("MHhhPWZvbx==").unwrap(),
            values(&[(0xa, "foo")])
        );
        for bad in ["MHhhPWZvbw", " MHhhPWZvbw==", "MHhhPWZvbw==MHhh", "!!!"] {
            assert!(
                matches!(Values::decode(bad), Err(ValuesError::Base64(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn parse_errors_have_go_text() {
        let err = Values::decode("MHhhPWZvbzs=").unwrap_err(); // "0xa=foo;"
        assert_eq!(err.to_string(), r#"invalid value """#);
        let err = Value::parse(b"256=x").unwrap_err();
        assert_eq!(err.to_string(), r#"invalid key "256""#);
        let err = Value::parse(b"\xff\x01\"=").unwrap_err();
        assert_eq!(err.to_string(), r#"invalid key "\xff\x01\"""#);
        assert!(matches!(
            values(&[(1, "a;b")]).encode(false),
            Err(ValuesError::SeparatorInValue { key: 1 })
        ));
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut raw = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff];
        raw.extend_from_slice(b"garbage!");
        let encoded = general_purpose::STANDARD.encode(raw);
        assert!(matches!(
            Values::decode(&encoded),
            Err(ValuesError::Gzip(_))
        ));
        // Shorter than a gzip header: parsed as text.
        let short = general_purpose::STANDARD.encode([0x1f, 0x8b, 1]);
        assert!(matches!(
            Values::decode(&short),
            Err(ValuesError::InvalidValue(_))
        ));
    }

    #[test]
    fn kernel_cmdline_round_trip() {
        let vals = values(&[(0xa, "foo"), (0x0c, "{}")]);
        let arg = vals.kernel_arg(true).unwrap();
        let cmdline = format!("quiet {arg} talos.environment=OTHER=1 {arg}");
        let parsed = Values::from_kernel_cmdline(&cmdline).unwrap();
        assert_eq!(parsed.0.len(), 4);
        assert_eq!(parsed.0[3], vals.0[1]);
    }
}
