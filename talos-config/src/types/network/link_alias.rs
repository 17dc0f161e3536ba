//! `LinkAliasConfig`: names for links picked by a CEL expression.

use std::borrow::Cow;

use crate::GoYaml;
use crate::goyaml::{Decoder, Node, text_scalar};

/// `LinkAliasConfig`: gives the link matched by a selector an alias name.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.LinkAliasConfigV1Alpha1",
    kind = "LinkAliasConfig",
    since = "1.12"
)]
pub struct LinkAliasConfig {
    /// The alias.
    #[go(yaml = "name")]
    pub name: String,
    /// Which link gets the alias.
    #[go(yaml = "selector", omitempty)]
    pub selector: LinkSelector,
}

/// A link selector (Go `network.LinkSelector`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "network.LinkSelector")]
pub struct LinkSelector {
    /// Boolean CEL expression over `link`.
    #[go(yaml = "match", omitempty)]
    pub r#match: CelExpression,
}

/// A CEL expression (Go `cel.Expression`), kept as the text written; it is compiled only
/// when the configuration is validated. Empty text means no expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CelExpression(pub String);

impl CelExpression {
    /// The expression text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl crate::goyaml::GoYaml for CelExpression {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("cel.Expression")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let Some(text) = text_scalar(node, decoder, "cel.Expression") else {
            return false;
        };
        // Go's UnmarshalText ignores empty text (the previous value stays).
        if !text.is_empty() {
            self.0 = text.to_owned();
        }
        true
    }

    fn encode(&self) -> Node {
        Node::string(&self.0)
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
}
