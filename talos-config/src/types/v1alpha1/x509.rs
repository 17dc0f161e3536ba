//! The PEM containers of `github.com/siderolabs/crypto/x509` as the legacy document writes
//! them: `{crt, key}` mappings whose values are the base64 of PEM text.
//!
//! Go decodes them through an anonymous helper struct (whose type name shows up in error
//! texts), then base64-decodes each value; the key `******` (a redacted key) is kept as is.

use std::borrow::Cow;

use super::scalars::{base64_decode, base64_encode};
use crate::GoYaml;
use crate::goyaml::{Decoder, GoYaml, Node};

/// The text Talos writes in place of a redacted private key.
pub const REDACTED: &str = "******";

/// The helper Go decodes a certificate-and-key mapping into.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = r#"struct { Crt string "yaml:\"crt\""; Key string "yaml:\"key\"" }"#)]
struct CertAndKeyText {
    #[go(yaml = "crt")]
    crt: String,
    #[go(yaml = "key")]
    key: String,
}

/// The helper Go decodes a certificate mapping into.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = r#"struct { Crt string "yaml:\"crt\"" }"#)]
struct CertText {
    #[go(yaml = "crt")]
    crt: String,
}

/// The helper Go decodes a key mapping into.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = r#"struct { Key string "yaml:\"key\"" }"#)]
struct KeyText {
    #[go(yaml = "key")]
    key: String,
}

/// The Go struct shape the unknown-key check walks (byte-slice fields).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "x509.PEMEncodedCertificateAndKey")]
struct CertAndKeyShape {
    #[go(yaml = "crt")]
    crt: Vec<u8>,
    #[go(yaml = "key")]
    key: Vec<u8>,
}

/// The Go struct shape the unknown-key check walks (byte-slice field).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "x509.PEMEncodedCertificate")]
struct CertShape {
    #[go(yaml = "crt")]
    crt: Vec<u8>,
}

/// The Go struct shape the unknown-key check walks (byte-slice field).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "x509.PEMEncodedKey")]
struct KeyShape {
    #[go(yaml = "key")]
    key: Vec<u8>,
}

/// Decodes a private key value: base64, unless it is the redaction marker.
fn decode_key(text: &str) -> Result<Vec<u8>, String> {
    if text == REDACTED {
        Ok(REDACTED.as_bytes().to_vec())
    } else {
        base64_decode(text)
    }
}

fn encode_key(key: &[u8]) -> String {
    if key == REDACTED.as_bytes() {
        REDACTED.to_owned()
    } else {
        base64_encode(key)
    }
}

/// Runs the helper decode, then the conversion; errors of the conversion are reported at
/// the mapping, as go-yaml reports an `UnmarshalYAML` error.
fn decode_via<T: crate::goyaml::GoYaml, R>(
    node: &Node,
    decoder: &mut Decoder,
    convert: impl FnOnce(T) -> Result<R, String>,
) -> Option<R> {
    if node.is_null() {
        // go-yaml does not call the unmarshaler for null; the struct stays as it was.
        return None;
    }
    let mut text = T::default();
    if !super::scalars::decode_nested(&mut text, node, decoder) {
        return None;
    }
    match convert(text) {
        Ok(value) => Some(value),
        Err(message) => {
            decoder.error(node, message);
            None
        }
    }
}

/// Go's `x509.PEMEncodedCertificateAndKey`: a PEM certificate and its private key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PemEncodedCertificateAndKey {
    /// The certificate, PEM text.
    pub crt: Vec<u8>,
    /// The private key, PEM text (or `******` when redacted).
    pub key: Vec<u8>,
}

impl GoYaml for PemEncodedCertificateAndKey {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("x509.PEMEncodedCertificateAndKey")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let decoded = decode_via(node, decoder, |text: CertAndKeyText| {
            Ok((base64_decode(&text.crt)?, decode_key(&text.key)?))
        });
        match decoded {
            Some((crt, key)) => {
                self.crt = crt;
                self.key = key;
                true
            }
            None => false,
        }
    }

    fn encode(&self) -> Node {
        CertAndKeyText {
            crt: base64_encode(&self.crt),
            key: encode_key(&self.key),
        }
        .encode()
    }

    fn is_zero(&self) -> bool {
        self.crt.is_empty() && self.key.is_empty()
    }

    /// `struct { Crt, Key []byte }` decoded by `UnmarshalYAML` through base64, which gives
    /// non-nil slices: a decoded value replaces both fields.
    fn merge_from(
        &mut self,
        right: Self,
        src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        if !src.is_nil(GoYaml::is_zero(&right)) {
            *self = right;
        }
        Ok(())
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        CertAndKeyShape::unknown_keys(node)
    }
}

/// Go's `x509.PEMEncodedCertificate`: a PEM certificate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PemEncodedCertificate {
    /// The certificate, PEM text.
    pub crt: Vec<u8>,
}

impl GoYaml for PemEncodedCertificate {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("x509.PEMEncodedCertificate")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        match decode_via(node, decoder, |text: CertText| base64_decode(&text.crt)) {
            Some(crt) => {
                self.crt = crt;
                true
            }
            None => false,
        }
    }

    fn encode(&self) -> Node {
        CertText {
            crt: base64_encode(&self.crt),
        }
        .encode()
    }

    fn is_zero(&self) -> bool {
        self.crt.is_empty()
    }

    /// `struct { Crt, Key []byte }` decoded by `UnmarshalYAML` through base64, which gives
    /// non-nil slices: a decoded value replaces both fields.
    fn merge_from(
        &mut self,
        right: Self,
        src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        if !src.is_nil(GoYaml::is_zero(&right)) {
            *self = right;
        }
        Ok(())
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        CertShape::unknown_keys(node)
    }
}

/// Go's `x509.PEMEncodedKey`: a PEM private key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PemEncodedKey {
    /// The private key, PEM text (or `******` when redacted).
    pub key: Vec<u8>,
}

impl GoYaml for PemEncodedKey {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("x509.PEMEncodedKey")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        match decode_via(node, decoder, |text: KeyText| decode_key(&text.key)) {
            Some(key) => {
                self.key = key;
                true
            }
            None => false,
        }
    }

    fn encode(&self) -> Node {
        KeyText {
            key: encode_key(&self.key),
        }
        .encode()
    }

    fn is_zero(&self) -> bool {
        self.key.is_empty()
    }

    /// `struct { Crt, Key []byte }` decoded by `UnmarshalYAML` through base64, which gives
    /// non-nil slices: a decoded value replaces both fields.
    fn merge_from(
        &mut self,
        right: Self,
        src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        if !src.is_nil(GoYaml::is_zero(&right)) {
            *self = right;
        }
        Ok(())
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        KeyShape::unknown_keys(node)
    }
}
