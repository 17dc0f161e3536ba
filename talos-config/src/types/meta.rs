//! Go package `meta` (`pkg/machinery/config/types/meta`): the small value types shared by
//! many document kinds — address wrappers with an `IsZero`, free-form `Unstructured` maps,
//! Kubernetes-style `Args`, `URL` and `CertificateAndKey`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

use crate::GoYaml as DeriveGoYaml;
use crate::goyaml::{
    Any, Decoder, GoStruct, GoYaml, Node, NodeKind, ScalarStyle, go_key_order, map_unknown_keys,
    merge, sort_keys_go,
};
use crate::types::netip::{
    ADDR_PORT_SHAPE, ADDR_SHAPE, IpAddr, IpAddrPort, IpPrefix, PREFIX_SHAPE, Shape,
    shape_unknown_keys,
};
use crate::types::url::GoUrl;
use crate::yaml::resolve::{self, Resolved};

/// Implements a `meta` wrapper around a `netip` type: Go's promoted `MarshalText` /
/// `UnmarshalText`, plus the wrapper's own `IsZero` (the inner value is the zero value).
macro_rules! meta_netip {
    ($name:ident, $inner:ty, $go:literal, $shape:ident) => {
        impl $name {
            /// Go's `UnmarshalText` (empty text gives the zero value).
            pub fn parse(text: &str) -> Result<$name, String> {
                <$inner>::parse(text).map($name)
            }

            /// Go's `MarshalText` (empty for the zero value).
            pub fn format(&self) -> String {
                self.0.format()
            }

            /// Go's `IsZero`: the inner value is the zero value.
            pub fn is_zero(&self) -> bool {
                self.0 == <$inner>::default()
            }
        }

        impl Deref for $name {
            type Target = $inner;

            fn deref(&self) -> &$inner {
                &self.0
            }
        }

        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut $inner {
                &mut self.0
            }
        }

        impl From<$inner> for $name {
            fn from(inner: $inner) -> $name {
                $name(inner)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl GoYaml for $name {
            fn go_type() -> Cow<'static, str> {
                Cow::Borrowed($go)
            }

            fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
                let Some(text) = crate::goyaml::text_scalar(node, decoder, $go) else {
                    return false;
                };
                match $name::parse(text) {
                    Ok(value) => {
                        *self = value;
                        true
                    }
                    Err(message) => {
                        decoder.error(node, message);
                        false
                    }
                }
            }

            fn encode(&self) -> Node {
                Node::string(&self.format())
            }

            fn is_zero(&self) -> bool {
                $name::is_zero(self)
            }

            fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
                shape_unknown_keys(&$shape, node)
            }

            /// `struct { netip.X }`: the embedded value cannot be merged.
            fn merge_from(
                &mut self,
                _right: Self,
                _src: merge::Src<'_>,
                _opts: merge::MergeOpts,
            ) -> Result<(), merge::MergeError> {
                Err(self.0.merge_error().in_field(
                    $go,
                    merge::embedded_field_name(&<$inner as GoYaml>::go_type()),
                ))
            }

            fn go_string(&self) -> String {
                self.0.go_string()
            }
        }
    };
}

/// Go's `meta.Prefix`: a `netip.Prefix` (CIDR, host bits kept) that is omitted when zero.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Prefix(pub IpPrefix);

/// Go's `meta.Addr`: a `netip.Addr` that is omitted when zero.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Addr(pub IpAddr);

/// Go's `meta.AddrPort`: a `netip.AddrPort` that is omitted when zero.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AddrPort(pub IpAddrPort);

/// What reflection shows of `meta.Prefix`: the embedded field and its promoted fields.
const META_PREFIX_SHAPE: Shape = Shape::Struct(
    "meta.Prefix",
    &[
        ("prefix", &PREFIX_SHAPE),
        ("ip", &ADDR_SHAPE),
        ("bitsplusone", &Shape::Scalar("uint8")),
    ],
);
/// `meta.Addr`: the promoted `addr` field shadows the embedded `Addr` key.
const META_ADDR_SHAPE: Shape = Shape::Struct(
    "meta.Addr",
    &[
        ("addr", &ADDR_SHAPE),
        (
            "addr",
            &Shape::Struct(
                "netip.uint128",
                &[
                    ("hi", &Shape::Scalar("uint64")),
                    ("lo", &Shape::Scalar("uint64")),
                ],
            ),
        ),
        (
            "z",
            &Shape::Struct(
                "unique.Handle[net/netip.addrDetail]",
                &[(
                    "value",
                    &Shape::Struct(
                        "netip.addrDetail",
                        &[
                            ("isv6", &Shape::Scalar("bool")),
                            ("zonev6", &Shape::Scalar("string")),
                        ],
                    ),
                )],
            ),
        ),
    ],
);
const META_ADDR_PORT_SHAPE: Shape = Shape::Struct(
    "meta.AddrPort",
    &[
        ("addrport", &ADDR_PORT_SHAPE),
        ("ip", &ADDR_SHAPE),
        ("port", &Shape::Scalar("uint16")),
    ],
);

meta_netip!(Prefix, IpPrefix, "meta.Prefix", META_PREFIX_SHAPE);
meta_netip!(Addr, IpAddr, "meta.Addr", META_ADDR_SHAPE);
meta_netip!(AddrPort, IpAddrPort, "meta.AddrPort", META_ADDR_PORT_SHAPE);

/// Go's `meta.Unstructured`: a free-form mapping (`map[string]any` inlined into a struct).
/// Every key is accepted; keys are encoded in go-yaml's sorted order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unstructured {
    /// The decoded mapping.
    pub object: BTreeMap<String, Any>,
}

impl GoYaml for Unstructured {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("meta.Unstructured")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        decoder.decode_struct(self, node, "meta.Unstructured")
    }

    fn encode(&self) -> Node {
        let mut out = Vec::new();
        self.encode_fields(&mut out);
        Node::mapping(out)
    }

    fn is_zero(&self) -> bool {
        self.object.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        // xyaml treats a struct with an inlined map as that map (of `any`): nothing unknown.
        match node.kind {
            NodeKind::Sequence => {
                Err("unexpected type for yaml sequence: meta.Unstructured".to_owned())
            }
            _ => Ok(None),
        }
    }

    /// `struct { Object map[string]any ",inline" }` (go-yaml leaves the map nil when the
    /// mapping is empty, so empty is nil).
    fn merge_from(
        &mut self,
        right: Unstructured,
        src: merge::Src<'_>,
        opts: merge::MergeOpts,
    ) -> Result<(), merge::MergeError> {
        if right.object.is_empty() {
            return Ok(());
        }
        if opts.replace {
            *self = right;
            return Ok(());
        }
        merge::merge_map(
            &mut self.object,
            right.object,
            src,
            merge::MergeOpts::default(),
            "map[string]interface {}",
        )
        .map_err(|e| e.in_field("meta.Unstructured", "Object"))
    }

    fn delete_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), merge::DeleteError> {
        merge::delete_from_map(&mut self.object, path, key, value)
    }
}

impl GoStruct for Unstructured {
    fn decode_field(&mut self, key: &str, value: &Node, decoder: &mut Decoder) -> bool {
        // go-yaml stores every key of the mapping in the inline map, nulls included.
        let mut element = Any::Null;
        element.decode_into(value, decoder);
        self.object.insert(key.to_owned(), element);
        true
    }

    fn field_unknown_keys(_key: &str, _value: &Node) -> Option<Result<Option<Node>, String>> {
        Some(Ok(None))
    }

    fn encode_fields(&self, out: &mut Vec<Node>) {
        let mut keys: Vec<&String> = self.object.keys().collect();
        sort_keys_go(&mut keys, |a, b| go_key_order(a, b));
        for key in keys {
            out.push(Node::string(key));
            out.push(self.object[key].encode());
        }
    }
}

/// Go's `meta.ArgValue`: a command-line argument given as one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// A single value (empty encodes as `null`).
    String(String),
    /// A list of values (encoded as a sequence, even when empty).
    List(Vec<String>),
}

impl Default for ArgValue {
    fn default() -> ArgValue {
        ArgValue::String(String::new())
    }
}

impl ArgValue {
    /// Go's `ToMap` view of one value: the string (when non-empty) or the list.
    pub fn values(&self) -> Vec<String> {
        match self {
            ArgValue::String(s) if s.is_empty() => Vec::new(),
            ArgValue::String(s) => vec![s.clone()],
            ArgValue::List(l) => l.clone(),
        }
    }
}

/// A `!!str` node as Go's `MarshalYAML` builds it by hand (no representer styling): quoted
/// only when the text would read back as another type, a literal block when multi-line.
fn raw_str_node(text: &str) -> Node {
    let style = if text.contains('\n') {
        ScalarStyle::Literal
    } else if resolve::resolve_plain(text) != Resolved::Str {
        ScalarStyle::DoubleQuoted
    } else {
        ScalarStyle::Plain
    };
    Node::scalar(resolve::STR, text, style)
}

impl GoYaml for ArgValue {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("meta.ArgValue")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        // go-yaml never calls UnmarshalYAML for a null node; a struct then stays as it is.
        if node.is_null() {
            return false;
        }
        // UnmarshalYAML: a string first, then a list of strings; each attempt's own type
        // errors are discarded.
        let mut trial = Decoder::new();
        let mut text = String::new();
        text.decode_into(node, &mut trial);
        if trial.finish().is_ok() {
            *self = ArgValue::String(text);
            return true;
        }
        let mut trial = Decoder::new();
        let mut list: Vec<String> = Vec::new();
        list.decode_into(node, &mut trial);
        if trial.finish().is_ok() {
            *self = ArgValue::List(list);
            return true;
        }
        decoder.error(node, "arg value must be a string or list of strings");
        false
    }

    fn encode(&self) -> Node {
        match self {
            ArgValue::List(items) => {
                Node::sequence(items.iter().map(|s| raw_str_node(s)).collect())
            }
            ArgValue::String(s) if !s.is_empty() => raw_str_node(s),
            ArgValue::String(_) => Node::null(),
        }
    }

    /// Only unexported fields: go-yaml's `omitempty` always finds it empty.
    fn is_zero(&self) -> bool {
        true
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        // xyaml sees a struct with fields `listValue []string` and `strValue string`.
        const SHAPE: Shape = Shape::Struct(
            "meta.ArgValue",
            &[
                (
                    "listvalue",
                    &Shape::Slice("[]string", &Shape::Scalar("string")),
                ),
                ("strvalue", &Shape::Scalar("string")),
            ],
        );
        shape_unknown_keys(&SHAPE, node)
    }
}

/// Go's `meta.Args` (`map[string]ArgValue`): extra command-line arguments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args(pub BTreeMap<String, ArgValue>);

impl Deref for Args {
    type Target = BTreeMap<String, ArgValue>;

    fn deref(&self) -> &BTreeMap<String, ArgValue> {
        &self.0
    }
}

impl DerefMut for Args {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, ArgValue> {
        &mut self.0
    }
}

impl Args {
    /// Go's `ToMap`: every argument as a list of values.
    pub fn to_map(&self) -> BTreeMap<String, Vec<String>> {
        self.0
            .iter()
            .map(|(k, v)| (k.clone(), v.values()))
            .collect()
    }
}

impl GoYaml for Args {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("meta.Args")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if !matches!(node.kind, NodeKind::Mapping) && !node.is_null() {
            decoder.tag_error(node, "meta.Args");
            return false;
        }
        self.0.construct(node, decoder)
    }

    fn encode(&self) -> Node {
        self.0.encode()
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        map_unknown_keys::<ArgValue>(node, "meta.Args")
    }

    /// Go's `Args.Merge`: every argument of the right side replaces the left one.
    fn merge_from(
        &mut self,
        right: Args,
        _src: merge::Src<'_>,
        _opts: merge::MergeOpts,
    ) -> Result<(), merge::MergeError> {
        self.0.extend(right.0);
        Ok(())
    }

    fn delete_path(
        &mut self,
        path: &[String],
        key: &str,
        value: &str,
    ) -> Result<(), merge::DeleteError> {
        merge::delete_from_map(&mut self.0, path, key, value)
    }

    fn go_is_nil(&self) -> bool {
        self.0.is_empty()
    }
}

/// Go's `meta.URL`: a URL given as a string; empty text leaves it unset.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Url(pub Option<GoUrl>);

impl Url {
    /// Parses a URL as `UnmarshalYAML` does (`url.Parse`; empty text is no URL).
    pub fn parse(text: &str) -> Result<Url, String> {
        if text.is_empty() {
            return Ok(Url(None));
        }
        GoUrl::parse(text).map(|u| Url(Some(u)))
    }

    /// The text `MarshalYAML` produces (`u.String()`, or empty).
    pub fn format(&self) -> String {
        self.0.as_ref().map(GoUrl::format).unwrap_or_default()
    }
}

impl GoYaml for Url {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("meta.URL")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        if node.is_null() {
            return false;
        }
        // UnmarshalYAML first decodes a plain string; its type errors are the result.
        let mut text = String::new();
        let mut trial = Decoder::new();
        text.decode_into(node, &mut trial);
        if trial.finish().is_err() {
            // Those errors are the result: record them again, at their positions.
            let mut again = String::new();
            again.decode_into(node, decoder);
            return false;
        }
        if text.is_empty() {
            return true;
        }
        match GoUrl::parse(&text) {
            Ok(url) => {
                self.0 = Some(url);
                true
            }
            Err(message) => {
                decoder.error(node, message);
                false
            }
        }
    }

    fn encode(&self) -> Node {
        Node::string(&self.format())
    }

    fn is_zero(&self) -> bool {
        self.0.is_none()
    }

    /// `url.URL.String`, promoted through the embedded pointer.
    fn go_string(&self) -> String {
        self.format()
    }

    /// `struct { *url.URL }`: the embedded pointer's rule, then `url.URL` field by field.
    fn merge_from(
        &mut self,
        right: Url,
        _src: merge::Src<'_>,
        _opts: merge::MergeOpts,
    ) -> Result<(), merge::MergeError> {
        match (&mut self.0, right.0) {
            (_, None) => Ok(()),
            (left @ None, Some(url)) => {
                *left = Some(url);
                Ok(())
            }
            (Some(left), Some(url)) => left
                .merge_fields(url)
                .map_err(|e| e.in_field("meta.URL", "URL")),
        }
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        // Reflection sees `struct { *url.URL }`: the embedded field and url.URL's fields.
        const USERINFO: Shape = Shape::Struct(
            "url.Userinfo",
            &[
                ("username", &Shape::Scalar("string")),
                ("password", &Shape::Scalar("string")),
                ("passwordset", &Shape::Scalar("bool")),
            ],
        );
        const URL_FIELDS: &[(&str, &Shape)] = &[
            ("scheme", &Shape::Scalar("string")),
            ("opaque", &Shape::Scalar("string")),
            ("user", &USERINFO),
            ("host", &Shape::Scalar("string")),
            ("path", &Shape::Scalar("string")),
            ("fragment", &Shape::Scalar("string")),
            ("rawquery", &Shape::Scalar("string")),
            ("rawpath", &Shape::Scalar("string")),
            ("rawfragment", &Shape::Scalar("string")),
            ("forcequery", &Shape::Scalar("bool")),
            ("omithost", &Shape::Scalar("bool")),
        ];
        const URL_SHAPE: Shape = Shape::Struct("url.URL", URL_FIELDS);
        const META_URL_SHAPE: Shape = Shape::Struct(
            "meta.URL",
            &[
                ("url", &URL_SHAPE),
                ("scheme", &Shape::Scalar("string")),
                ("opaque", &Shape::Scalar("string")),
                ("user", &USERINFO),
                ("host", &Shape::Scalar("string")),
                ("path", &Shape::Scalar("string")),
                ("fragment", &Shape::Scalar("string")),
                ("rawquery", &Shape::Scalar("string")),
                ("rawpath", &Shape::Scalar("string")),
                ("rawfragment", &Shape::Scalar("string")),
                ("forcequery", &Shape::Scalar("bool")),
                ("omithost", &Shape::Scalar("bool")),
            ],
        );
        shape_unknown_keys(&META_URL_SHAPE, node)
    }
}

/// Go's `meta.CertificateAndKey`: a PEM certificate and its key, base64-encoded.
#[derive(Debug, Clone, PartialEq, Eq, Default, DeriveGoYaml)]
#[go(name = "meta.CertificateAndKey")]
pub struct CertificateAndKey {
    /// The certificate.
    #[go(yaml = "cert", omitempty)]
    pub cert: String,
    /// The private key.
    #[go(yaml = "key", omitempty)]
    pub key: String,
}
