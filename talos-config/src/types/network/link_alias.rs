//! `LinkAliasConfig`: names for links picked by a CEL expression.

use crate::GoYaml;
pub use crate::types::cel::CelExpression;

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
