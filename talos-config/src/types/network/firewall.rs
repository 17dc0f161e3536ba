//! Firewall documents: `NetworkDefaultActionConfig` and `NetworkRuleConfig`, with Go's
//! custom port-range YAML form.

use std::borrow::Cow;

use crate::GoYaml;
use crate::goyaml::{Decoder, Node, NodeKind, go_quote, seq_unknown_keys};
use crate::types::meta::Prefix;
use crate::types::nethelpers::{DefaultAction, Protocol};
use crate::types::netip::IpPrefix;
use crate::yaml::resolve;

/// `NetworkDefaultActionConfig`: what the host firewall does with unmatched ingress traffic.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.DefaultActionConfigV1Alpha1",
    kind = "NetworkDefaultActionConfig",
    since = "1.6"
)]
pub struct NetworkDefaultActionConfig {
    /// Default ingress action (`accept` or `block`).
    #[go(yaml = "ingress")]
    pub ingress: DefaultAction,
}

/// `NetworkRuleConfig`: an ingress firewall rule for host ports.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.RuleConfigV1Alpha1",
    kind = "NetworkRuleConfig",
    since = "1.6"
)]
pub struct NetworkRuleConfig {
    /// Name of the rule.
    #[go(yaml = "name")]
    pub name: String,
    /// Ports and protocol the rule applies to.
    #[go(yaml = "portSelector")]
    pub port_selector: RulePortSelector,
    /// Source subnets allowed in.
    #[go(yaml = "ingress", merge = "replace")]
    pub ingress: IngressConfig,
}

/// Ports and protocol of a rule (Go `network.RulePortSelector`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.RulePortSelector")]
pub struct RulePortSelector {
    /// Ports and inclusive port ranges.
    #[go(yaml = "ports", merge = "replace")]
    pub ports: PortRanges,
    /// Protocol (`tcp`, `udp`, `icmp`, `icmpv6`).
    #[go(yaml = "protocol")]
    pub protocol: Protocol,
}

/// One allowed source (Go `network.IngressRule`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.IngressRule")]
pub struct IngressRule {
    /// Source subnet.
    #[go(yaml = "subnet")]
    pub subnet: IpPrefix,
    /// Subnet excluded from `subnet`.
    #[go(yaml = "except", omitempty)]
    pub except: Prefix,
}

/// Implements [`GoYaml`] for a Go named slice type (`type X []T`): a `Vec` under Go's name.
macro_rules! named_slice {
    ($(#[$meta:meta])* $name:ident, $elem:ty, $go:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name(pub Vec<$elem>);

        impl crate::goyaml::GoYaml for $name {
            fn go_type() -> Cow<'static, str> {
                Cow::Borrowed($go)
            }

            fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
                if !matches!(node.kind, NodeKind::Sequence) && !node.is_null() {
                    decoder.tag_error(node, $go);
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
                seq_unknown_keys::<$elem>(node, $go)
            }

            fn merge_from(
                &mut self,
                right: Self,
                src: crate::goyaml::merge::Src<'_>,
                opts: crate::goyaml::merge::MergeOpts,
            ) -> ::std::result::Result<(), crate::goyaml::merge::MergeError> {
                crate::goyaml::merge::merge_slice(&mut self.0, right.0, src, opts)
            }

            fn delete_path(
                &mut self,
                path: &[String],
                key: &str,
                value: &str,
            ) -> ::std::result::Result<(), crate::goyaml::merge::DeleteError> {
                crate::goyaml::merge::delete_from_slice(&mut self.0, path, key, value)
            }

            fn go_is_nil(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl std::ops::Deref for $name {
            type Target = Vec<$elem>;

            fn deref(&self) -> &Vec<$elem> {
                &self.0
            }
        }

        impl std::ops::DerefMut for $name {
            fn deref_mut(&mut self) -> &mut Vec<$elem> {
                &mut self.0
            }
        }
    };
}

named_slice!(
    /// The allowed sources of a rule (Go `network.IngressConfig`).
    IngressConfig,
    IngressRule,
    "network.IngressConfig"
);

named_slice!(
    /// The ports of a rule (Go `network.PortRanges`).
    PortRanges,
    PortRange,
    "network.PortRanges"
);

/// An inclusive port range (Go `network.PortRange`), written as a single port (`53`) or as
/// `lo-hi` text (`8000-9000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PortRange {
    /// First port.
    pub lo: u16,
    /// Last port.
    pub hi: u16,
}

/// The Go struct's exported fields as `xyaml.CheckUnknownKeys` sees them (no yaml tags, so
/// the lower-cased field names).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.PortRange")]
struct PortRangeKeys {
    #[go(yaml = "lo")]
    lo: u16,
    #[go(yaml = "hi")]
    hi: u16,
}

impl crate::goyaml::GoYaml for PortRange {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("network.PortRange")
    }

    /// Go's `UnmarshalYAML`: a `uint16` first (its errors discarded), else a string (its
    /// errors reported) cut at the first `-` into two decimal `uint16`s.
    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        // go-yaml does not call custom unmarshalers for null; a struct then stays unset.
        if node.is_null() {
            return false;
        }
        let mut port = 0u16;
        let mut probe = Decoder::new();
        if port.decode_into(node, &mut probe) && probe.finish().is_ok() {
            *self = PortRange { lo: port, hi: port };
            return true;
        }
        let mut text = String::new();
        if !text.construct(node, decoder) {
            return false;
        }
        let parsed = text
            .split_once('-')
            .and_then(|(lo, hi)| Some((parse_port(lo)?, parse_port(hi)?)));
        match parsed {
            Some((lo, hi)) => {
                *self = PortRange { lo, hi };
                true
            }
            None => {
                decoder.error(node, format!("invalid port range: {}", go_quote(&text)));
                false
            }
        }
    }

    /// Go's `MarshalYAML`: the port as an integer when `lo == hi`, else `lo-hi`.
    fn encode(&self) -> Node {
        if self.lo == self.hi {
            Node::plain(resolve::INT, self.lo.to_string())
        } else {
            Node::string(&format!("{}-{}", self.lo, self.hi))
        }
    }

    fn is_zero(&self) -> bool {
        self.lo == 0 && self.hi == 0
    }

    fn unknown_keys(node: &Node) -> Result<Option<Node>, String> {
        <PortRangeKeys as crate::goyaml::GoYaml>::unknown_keys(node)
    }
}

impl std::fmt::Display for PortRange {
    /// Go's `String()`: always `lo-hi`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.lo, self.hi)
    }
}

/// Go's `strconv.ParseUint(text, 10, 16)`: ASCII digits only, within `uint16`.
fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = text.trim_start_matches('0');
    if trimmed.len() > 5 {
        return None;
    }
    if trimmed.is_empty() {
        return Some(0);
    }
    trimmed.parse().ok()
}
