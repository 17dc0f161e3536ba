//! The scalar types of the legacy document that carry their own YAML methods in Go:
//! [`Endpoint`] (a URL), [`DiskSize`] (humanized byte counts), [`FileMode`] (printed as
//! `0o644`), [`Base64Bytes`], [`InstallDiskSizeMatcher`] (`>= 1TB`-style conditions), the
//! named string [`InstallDiskType`], and Go's `machine.Type` ([`MachineType`]).
//!
//! The helpers reproduce the Go library code these methods call (`encoding/base64`,
//! `go-humanize`), error texts included.

use std::borrow::Cow;

use base64::Engine as _;

use crate::GoYaml;
use crate::goyaml::{Decoder, GoYaml, Node, NodeKind};
use crate::types::url::GoUrl;
use crate::yaml::resolve::{self, Resolved};

/// What a Go `UnmarshalYAML(unmarshal func(any) error)` method sees when it first asks for a
/// `string`: `None` when the node is null (go-yaml never calls the method then) or when the
/// string decode failed (its error is already recorded).
fn unmarshal_string(node: &Node, decoder: &mut Decoder) -> Option<String> {
    if node.is_null() {
        return None;
    }
    let mut text = String::new();
    text.construct(node, decoder).then_some(text)
}

/// Decodes `node` into `target` like go-yaml's nested `unmarshal(&v)` call inside a custom
/// unmarshaler, returning `false` when that call would have returned an error (the errors are
/// recorded in `decoder` either way).
pub(crate) fn decode_nested<T: crate::goyaml::GoYaml>(
    target: &mut T,
    node: &Node,
    decoder: &mut Decoder,
) -> bool {
    // A trial run on a scratch decoder tells whether the decode reports errors.
    let mut scratch = Decoder::new();
    let mut trial = T::default();
    trial.decode_into(node, &mut scratch);
    let clean = scratch.finish().is_ok();
    let good = target.decode_into(node, decoder);
    clean && good && !decoder.failed()
}

/// Go's `unicode.IsSpace`.
pub(crate) fn go_is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c as u32 > 0xff && c.is_whitespace())
}

/// Go's `strings.TrimSpace`.
pub(crate) fn go_trim_space(text: &str) -> &str {
    text.trim_matches(go_is_space)
}

/// Go's `base64.StdEncoding.EncodeToString`.
pub fn base64_encode(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` skipped anywhere,
/// trailing bits not checked; errors read `illegal base64 data at input byte N`.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    base64_decode_bytes(text.as_bytes())
        .map_err(|at| format!("illegal base64 data at input byte {at}"))
}

/// Go's `base64.StdEncoding.DecodeString`: the bytes, or the offset of
/// `illegal base64 data at input byte N` (newlines are skipped, padding is required,
/// non-zero trailing bits are tolerated).
pub(crate) fn base64_decode_bytes(src: &[u8]) -> Result<Vec<u8>, usize> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let newline = |c: u8| c == b'\n' || c == b'\r';
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        // One `decodeQuantum`.
        let mut dbuf = [0u32; 4];
        let mut dlen = 4;
        let mut trailing = None;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if newline(c) {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    while si < src.len() && newline(src[si]) {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && newline(src[si]) {
                si += 1;
            }
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(at) = trailing {
            return Err(at);
        }
    }
    Ok(out)
}

/// Unicode category Nd (decimal digits) as Go 1.26's `unicode` tables list it (Unicode 15):
/// every range is ten code points, except the mathematical digits at U+1D7CE.
const DECIMAL_DIGIT_RANGES: [(u32, u32); 64] = [
    (0x30, 0x39),
    (0x660, 0x669),
    (0x6f0, 0x6f9),
    (0x7c0, 0x7c9),
    (0x966, 0x96f),
    (0x9e6, 0x9ef),
    (0xa66, 0xa6f),
    (0xae6, 0xaef),
    (0xb66, 0xb6f),
    (0xbe6, 0xbef),
    (0xc66, 0xc6f),
    (0xce6, 0xcef),
    (0xd66, 0xd6f),
    (0xde6, 0xdef),
    (0xe50, 0xe59),
    (0xed0, 0xed9),
    (0xf20, 0xf29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17e0, 0x17e9),
    (0x1810, 0x1819),
    (0x1946, 0x194f),
    (0x19d0, 0x19d9),
    (0x1a80, 0x1a89),
    (0x1a90, 0x1a99),
    (0x1b50, 0x1b59),
    (0x1bb0, 0x1bb9),
    (0x1c40, 0x1c49),
    (0x1c50, 0x1c59),
    (0xa620, 0xa629),
    (0xa8d0, 0xa8d9),
    (0xa900, 0xa909),
    (0xa9d0, 0xa9d9),
    (0xa9f0, 0xa9f9),
    (0xaa50, 0xaa59),
    (0xabf0, 0xabf9),
    (0xff10, 0xff19),
    (0x104a0, 0x104a9),
    (0x10d30, 0x10d39),
    (0x11066, 0x1106f),
    (0x110f0, 0x110f9),
    (0x11136, 0x1113f),
    (0x111d0, 0x111d9),
    (0x112f0, 0x112f9),
    (0x11450, 0x11459),
    (0x114d0, 0x114d9),
    (0x11650, 0x11659),
    (0x116c0, 0x116c9),
    (0x11730, 0x11739),
    (0x118e0, 0x118e9),
    (0x11950, 0x11959),
    (0x11c50, 0x11c59),
    (0x11d50, 0x11d59),
    (0x11da0, 0x11da9),
    (0x11f50, 0x11f59),
    (0x16a60, 0x16a69),
    (0x16ac0, 0x16ac9),
    (0x16b50, 0x16b59),
    (0x1d7ce, 0x1d7ff),
    (0x1e140, 0x1e149),
    (0x1e2f0, 0x1e2f9),
    (0x1e4f0, 0x1e4f9),
    (0x1e950, 0x1e959),
    (0x1fbf0, 0x1fbf9),
];

/// Go's `unicode.IsDigit`.
fn is_decimal_digit(c: char) -> bool {
    let code = c as u32;
    DECIMAL_DIGIT_RANGES
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&code))
}

/// go-humanize's `ParseBytes`: a decimal number (commas allowed) and an optional SI or IEC
/// unit (`kB`, `KiB`, `M`, …, case-insensitive), with its error texts.
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    // Go counts the leading digits in runes but then slices the string in bytes.
    let mut runes = 0;
    let mut has_comma = false;
    for c in text.chars() {
        if !(is_decimal_digit(c) || c == '.' || c == ',') {
            break;
        }
        has_comma |= c == ',';
        runes += 1;
    }
    let bytes = text.as_bytes();
    let mut number = bytes[..runes].to_vec();
    if has_comma {
        number.retain(|&b| b != b',');
    }
    let value = parse_go_float(&number)?;
    let rest = String::from_utf8_lossy(&bytes[runes..]);
    let unit = go_trim_space(&rest).to_lowercase();
    let Some(multiplier) = unit_size(&unit) else {
        return Err(format!("unhandled size name: {unit}"));
    };
    let scaled = value * multiplier as f64;
    if scaled >= u64::MAX as f64 {
        return Err(format!("too large: {text}"));
    }
    Ok(scaled as u64)
}

/// `strconv.ParseFloat(s, 64)` for the texts `ParseBytes` hands it (digits and dots, or
/// bytes of non-ASCII digits, which Go rejects).
fn parse_go_float(number: &[u8]) -> Result<f64, String> {
    let syntax = || {
        Err(format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            crate::goyaml::go_quote_bytes(number)
        ))
    };
    let valid = number.iter().any(u8::is_ascii_digit)
        && number.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && number.iter().filter(|&&b| b == b'.').count() <= 1;
    if !valid {
        return syntax();
    }
    let text = std::str::from_utf8(number).unwrap_or_default();
    match text.parse::<f64>() {
        Ok(v) if v.is_infinite() => Err(format!(
            "strconv.ParseFloat: parsing {}: value out of range",
            crate::goyaml::go_quote_bytes(number)
        )),
        Ok(v) => Ok(v),
        Err(_) => syntax(),
    }
}

fn unit_size(unit: &str) -> Option<u64> {
    const K: u64 = 1000;
    const KI: u64 = 1024;
    Some(match unit {
        "" | "b" => 1,
        "k" | "kb" => K,
        "ki" | "kib" => KI,
        "m" | "mb" => K.pow(2),
        "mi" | "mib" => KI.pow(2),
        "g" | "gb" => K.pow(3),
        "gi" | "gib" => KI.pow(3),
        "t" | "tb" => K.pow(4),
        "ti" | "tib" => KI.pow(4),
        "p" | "pb" => K.pow(5),
        "pi" | "pib" => KI.pow(5),
        "e" | "eb" => K.pow(6),
        "ei" | "eib" => KI.pow(6),
        _ => return None,
    })
}

/// go-humanize's `Bytes`: SI units with one decimal below 10 (`1.5 kB`, `83 MB`).
pub fn humanize_bytes(size: u64) -> String {
    if size < 10 {
        return format!("{size} B");
    }
    const SUFFIXES: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let value = size as f64;
    let exponent = (value.ln() / 1000f64.ln()).floor();
    let suffix = SUFFIXES[exponent as usize];
    let scaled = (value / 1000f64.powf(exponent) * 10.0 + 0.5).floor() / 10.0;
    if scaled < 10.0 {
        format!("{scaled:.1} {suffix}")
    } else {
        format!("{scaled:.0} {suffix}")
    }
}

/// Go's `v1alpha1.Endpoint`: a URL (`https://10.0.0.1:6443`) parsed with `url.Parse` and
/// printed back with `URL.String()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoint(pub GoUrl);

impl Endpoint {
    /// Parses the text as Go's `url.Parse` does (error text included).
    pub fn parse(text: &str) -> Result<Endpoint, String> {
        GoUrl::parse(text).map(Endpoint)
    }

    /// The URL text, as Go prints it.
    pub fn format(&self) -> String {
        self.0.format()
    }

    /// The parsed URL.
    pub fn url(&self) -> &GoUrl {
        &self.0
    }
}

impl GoYaml for Endpoint {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.Endpoint")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let Some(text) = unmarshal_string(node, decoder) else {
            return false;
        };
        match GoUrl::parse(&text) {
            Ok(url) => {
                self.0 = url;
                true
            }
            Err(message) => {
                decoder.error(node, message);
                false
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(&self.0.format())
    }

    /// A decoded endpoint always holds a URL, which Go never treats as empty.
    fn is_zero(&self) -> bool {
        false
    }

    /// `url.URL.String`, promoted through the embedded pointer.
    fn go_string(&self) -> String {
        self.format()
    }

    /// `struct { *url.URL }`: `url.URL` field by field.
    fn merge_from(
        &mut self,
        right: Endpoint,
        _src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        self.0
            .merge_fields(right.0)
            .map_err(|e| e.in_field("v1alpha1.Endpoint", "URL"))
    }
}

/// Go's `v1alpha1.DiskSize`: a byte count written as `1024`, `100 MB` or `1.5GiB`, printed
/// back in SI units when that text reads back to the same count, else as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DiskSize(pub u64);

impl GoYaml for DiskSize {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.DiskSize")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let Some(text) = unmarshal_string(node, decoder) else {
            return false;
        };
        match parse_bytes(&text) {
            Ok(size) => {
                self.0 = size;
                true
            }
            Err(message) => {
                decoder.error(node, message);
                false
            }
        }
    }

    fn encode(&self) -> Node {
        if self.0.is_multiple_of(1000) {
            let text = humanize_bytes(self.0);
            if parse_bytes(&text) == Ok(self.0) {
                return Node::string(&text);
            }
        }
        Node::plain(resolve::INT, self.0.to_string())
    }

    fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

/// Go's `v1alpha1.FileMode` (an `os.FileMode`): decoded as an integer (`0644` and `0o644`
/// are octal in YAML), printed as an `!!int` in `0o644` form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileMode(pub u32);

impl FileMode {
    /// Go's `FileMode.String()`: `0o` and the octal digits.
    pub fn format(&self) -> String {
        format!("0o{:o}", self.0)
    }
}

impl GoYaml for FileMode {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.FileMode")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Scalar) {
            decoder.tag_error(node, "v1alpha1.FileMode");
            return false;
        }
        let value = match node.resolve() {
            Resolved::Null => return false,
            Resolved::Int(i) => u32::try_from(i).ok(),
            Resolved::Uint(u) => u32::try_from(u).ok(),
            Resolved::Float(f) if f >= 0.0 && f.trunc() == f && f <= f64::from(u32::MAX) => {
                Some(f as u32)
            }
            _ => None,
        };
        match value {
            Some(mode) => {
                self.0 = mode;
                true
            }
            None => {
                decoder.tag_error(node, "v1alpha1.FileMode");
                false
            }
        }
    }

    fn encode(&self) -> Node {
        Node::plain(resolve::INT, self.format())
    }

    fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

/// Go's `v1alpha1.Base64Bytes`: bytes written as standard base64 text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Bytes(pub Vec<u8>);

impl GoYaml for Base64Bytes {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.Base64Bytes")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if node.is_null() {
            // A nil slice, as go-yaml sets it for null.
            self.0.clear();
            return true;
        }
        let Some(text) = unmarshal_string(node, decoder) else {
            return false;
        };
        match base64_decode(&text) {
            Ok(bytes) => {
                self.0 = bytes;
                true
            }
            Err(message) => {
                decoder.error(node, message);
                false
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(&base64_encode(&self.0))
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        // Go's check sees a byte slice: sequences of scalars pass.
        crate::goyaml::seq_unknown_keys::<u8>(node, "v1alpha1.Base64Bytes")
    }

    /// A `[]byte`: replaced unless nil.
    fn merge_from(
        &mut self,
        right: Base64Bytes,
        src: crate::goyaml::merge::Src<'_>,
        opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        crate::goyaml::merge::merge_slice(&mut self.0, right.0, src, opts)
    }
}

/// Go's `v1alpha1.InstallDiskSizeMatchData`: the parsed form of a disk size condition.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "v1alpha1.InstallDiskSizeMatchData")]
pub struct InstallDiskSizeMatchData {
    /// Comparison operator: `>=`, `<=`, `>`, `<`, `==` or empty (equality).
    #[go(yaml = "op")]
    pub op: String,
    /// Size in bytes.
    #[go(yaml = "size")]
    pub size: u64,
}

/// Go's `v1alpha1.InstallDiskSizeMatcher`: a condition such as `>= 1TB`, kept as written
/// (trimmed) and parsed into an operator and a byte count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InstallDiskSizeMatcher {
    /// The parsed condition.
    pub match_data: InstallDiskSizeMatchData,
    /// The condition text (trimmed), which is what gets printed.
    pub condition: String,
}

impl InstallDiskSizeMatcher {
    /// Parses a condition as Go's `UnmarshalYAML` does (after its string decode), with its
    /// error texts.
    pub fn parse(text: &str) -> Result<InstallDiskSizeMatcher, String> {
        let condition = go_trim_space(text).to_owned();
        // Go matches `(>=|<=|>|<|==)?\b*(.*)$`; `.` stops at newlines and `$` is the end of
        // the text, so the match starts after the last newline.
        let tail = match condition.rfind('\n') {
            Some(at) => &condition[at + 1..],
            None => condition.as_str(),
        };
        let op = [">=", "<=", ">", "<", "=="]
            .into_iter()
            .find(|op| tail.starts_with(op))
            .unwrap_or("");
        let rest = &tail[op.len()..];
        let size = parse_bytes(go_trim_space(rest))
            .map_err(|err| format!("failed to parse disk size {rest}: {err}"))?;
        Ok(InstallDiskSizeMatcher {
            match_data: InstallDiskSizeMatchData {
                op: op.to_owned(),
                size,
            },
            condition,
        })
    }

    /// Whether a disk of `size` bytes satisfies the condition.
    pub fn matches(&self, size: u64) -> bool {
        let want = self.match_data.size;
        match self.match_data.op.as_str() {
            ">=" => size >= want,
            "<=" => size <= want,
            ">" => size > want,
            "<" => size < want,
            _ => size == want,
        }
    }
}

impl GoYaml for InstallDiskSizeMatcher {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.InstallDiskSizeMatcher")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let Some(text) = unmarshal_string(node, decoder) else {
            return false;
        };
        match InstallDiskSizeMatcher::parse(&text) {
            Ok(matcher) => {
                *self = matcher;
                true
            }
            Err(message) => {
                self.condition = go_trim_space(&text).to_owned();
                decoder.error(node, message);
                false
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(&self.condition)
    }

    /// Go's struct test skips the unexported condition text.
    fn is_zero(&self) -> bool {
        self.match_data.is_zero()
    }

    /// `struct { MatchData InstallDiskSizeMatchData; condition string }`: the exported data
    /// merges, then the unexported condition cannot be set.
    fn merge_from(
        &mut self,
        right: Self,
        src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        use crate::goyaml::merge::{MergeError, MergeOpts};
        self.match_data
            .merge_from(right.match_data, src, MergeOpts::default())
            .map_err(|e| e.in_field("v1alpha1.InstallDiskSizeMatcher", "MatchData"))?;
        Err(MergeError::not_settable(&self.condition)
            .in_field("v1alpha1.InstallDiskSizeMatcher", "condition"))
    }
}

/// Go's `v1alpha1.InstallDiskType`: a named string (`ssd`, `hdd`, `nvme`, `sd`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct InstallDiskType(pub String);

impl GoYaml for InstallDiskType {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("v1alpha1.InstallDiskType")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Scalar) {
            decoder.tag_error(node, "v1alpha1.InstallDiskType");
            return false;
        }
        match node.resolve() {
            Resolved::Null => false,
            Resolved::Timestamp | Resolved::Merge => {
                decoder.tag_error(node, "v1alpha1.InstallDiskType");
                false
            }
            _ => {
                self.0.clone_from(&node.value);
                true
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(&self.0)
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn go_string(&self) -> String {
        self.0.clone()
    }
}

/// Go's `machine.Type`: the role a node plays, parsed from `machine.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MachineType {
    /// `unknown`: no (valid) type.
    #[default]
    Unknown,
    /// `init`: the bootstrap control plane node (legacy).
    Init,
    /// `controlplane`.
    ControlPlane,
    /// `worker` (also what `join` and an empty string mean).
    Worker,
}

impl MachineType {
    /// Go's `machine.ParseType`.
    pub fn parse(text: &str) -> Result<MachineType, String> {
        match text {
            "init" => Ok(MachineType::Init),
            "controlplane" => Ok(MachineType::ControlPlane),
            "worker" | "join" | "" => Ok(MachineType::Worker),
            "unknown" => Ok(MachineType::Unknown),
            _ => Err(format!(
                "invalid machine type: {}",
                crate::goyaml::go_quote(text)
            )),
        }
    }

    /// Go's `Type.String()`.
    pub fn format(&self) -> String {
        match self {
            MachineType::Unknown => "unknown",
            MachineType::Init => "init",
            MachineType::ControlPlane => "controlplane",
            MachineType::Worker => "worker",
        }
        .to_owned()
    }

    /// Whether this is the zero value (`unknown`).
    pub fn is_zero(&self) -> bool {
        *self == MachineType::Unknown
    }

    /// Go's `IsControlPlane`: `controlplane` or `init`.
    pub fn is_control_plane(&self) -> bool {
        matches!(self, MachineType::ControlPlane | MachineType::Init)
    }
}

crate::go_text_type!(MachineType, "machine.Type");

/// Implements [`GoYaml`](crate::goyaml::GoYaml) for a Go named slice type (`type VlanList
/// []*Vlan`): a slice in every way, but errors name the Go type.
macro_rules! go_named_slice {
    ($(#[$meta:meta])* $name:ident, $elem:ty, $go:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name(pub Vec<$elem>);

        impl ::std::ops::Deref for $name {
            type Target = Vec<$elem>;
            fn deref(&self) -> &Vec<$elem> {
                &self.0
            }
        }

        impl ::std::ops::DerefMut for $name {
            fn deref_mut(&mut self) -> &mut Vec<$elem> {
                &mut self.0
            }
        }

        impl $crate::goyaml::GoYaml for $name {
            fn go_type() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed($go)
            }
            fn construct(
                &mut self,
                node: &$crate::goyaml::Node,
                decoder: &mut $crate::goyaml::Decoder,
            ) -> bool {
                if !matches!(node.kind, $crate::goyaml::NodeKind::Sequence) && !node.is_null() {
                    decoder.tag_error(node, $go);
                    return false;
                }
                self.0.construct(node, decoder)
            }
            fn encode(&self) -> $crate::goyaml::Node {
                self.0.encode()
            }
            fn is_zero(&self) -> bool {
                self.0.is_empty()
            }
            fn unknown_keys(
                node: &$crate::goyaml::Node,
            ) -> ::std::result::Result<Option<$crate::goyaml::Node>, String> {
                $crate::goyaml::seq_unknown_keys::<$elem>(node, $go)
            }

            /// Go's `Merge` method of the list (every list here has one: `merge_list`).
            fn merge_from(
                &mut self,
                right: Self,
                src: $crate::goyaml::merge::Src<'_>,
                _opts: $crate::goyaml::merge::MergeOpts,
            ) -> ::std::result::Result<(), $crate::goyaml::merge::MergeError> {
                self.merge_list(right, src)
            }

            fn delete_path(
                &mut self,
                path: &[String],
                key: &str,
                value: &str,
            ) -> ::std::result::Result<(), $crate::goyaml::merge::DeleteError> {
                $crate::goyaml::merge::delete_from_slice(&mut self.0, path, key, value)
            }

            fn go_is_nil(&self) -> bool {
                self.0.is_empty()
            }
        }
    };
}

pub(crate) use go_named_slice;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_errors_match_go() {
        assert_eq!(base64_decode("aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(base64_decode("aGVs\nbG8="), Ok(b"hello".to_vec()));
        assert_eq!(base64_decode(""), Ok(Vec::new()));
        let err = |n: usize| Err(format!("illegal base64 data at input byte {n}"));
        assert_eq!(base64_decode("!!"), err(0));
        assert_eq!(base64_decode("1"), err(0));
        assert_eq!(base64_decode("aGVsbG8"), err(4));
        assert_eq!(base64_decode("aGVsbG8=x"), err(8));
        assert_eq!(base64_decode("aGVsbA="), err(7));
        assert_eq!(base64_decode("aGVsbA=x"), err(6));
        assert_eq!(base64_decode("aG=="), Ok(b"h".to_vec()));
        assert_eq!(base64_decode("a==="), err(1));
    }

    #[test]
    fn humanize_matches_go() {
        let cases = [
            (0, "0 B"),
            (1000, "1.0 kB"),
            (2000, "2.0 kB"),
            (999_000, "999 kB"),
            (1_000_000, "1.0 MB"),
            (999_999_000, "1000 MB"),
            (1_000_000_000, "1.0 GB"),
            (999_999_999_999_000, "1000 TB"),
            (1_000_000_000_000_000, "1.0 PB"),
            (999_999_999_999_999_000, "1.0 EB"),
            (1500, "1.5 kB"),
            (15500, "16 kB"),
            (2_500_000, "2.5 MB"),
            (123_456_000, "124 MB"),
            (1_024_000, "1.0 MB"),
            (9950, "10 kB"),
            (99_950_000, "100 MB"),
        ];
        for (size, text) in cases {
            assert_eq!(humanize_bytes(size), text, "{size}");
        }
    }

    #[test]
    fn parse_bytes_matches_go() {
        assert_eq!(parse_bytes("100 MB"), Ok(100_000_000));
        assert_eq!(parse_bytes("1.5GiB"), Ok(1_610_612_736));
        assert_eq!(parse_bytes("1,000"), Ok(1000));
        assert_eq!(parse_bytes("1 tb"), Ok(1_000_000_000_000));
        assert_eq!(
            parse_bytes("abc"),
            Err("strconv.ParseFloat: parsing \"\": invalid syntax".to_owned())
        );
        assert_eq!(
            parse_bytes("1.2.3"),
            Err("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax".to_owned())
        );
        assert_eq!(
            parse_bytes("1e30 EB"),
            Err("unhandled size name: e30 eb".to_owned())
        );
        assert_eq!(
            parse_bytes("18446744073709551615"),
            Err("too large: 18446744073709551615".to_owned())
        );
    }

    #[test]
    fn disk_size_conditions() {
        let m = InstallDiskSizeMatcher::parse(" >= 1TB ").unwrap();
        assert_eq!(m.condition, ">= 1TB");
        assert_eq!(m.match_data.op, ">=");
        assert_eq!(m.match_data.size, 1_000_000_000_000);
        assert!(m.matches(2_000_000_000_000));
        assert_eq!(
            InstallDiskSizeMatcher::parse("=> 1TB"),
            Err("failed to parse disk size => 1TB: strconv.ParseFloat: parsing \"\": invalid syntax".to_owned())
        );
        let m = InstallDiskSizeMatcher::parse("<5\n==6").unwrap();
        assert_eq!((m.match_data.op.as_str(), m.match_data.size), ("==", 6));
    }
}
