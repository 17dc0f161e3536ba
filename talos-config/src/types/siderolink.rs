//! Go package `siderolink` (`pkg/machinery/config/types/siderolink`): the SideroLink
//! management tunnel.

use crate::GoYaml;
use crate::types::meta::Url;

/// `SideroLinkConfig`: connects the node to a SideroLink API (e.g. Omni).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "siderolink.ConfigV1Alpha1",
    kind = "SideroLinkConfig",
    since = "1.5"
)]
pub struct SideroLinkConfig {
    /// SideroLink API URL (join token in the query).
    #[go(yaml = "apiUrl")]
    pub api_url: Url,
    /// Unique node token.
    #[go(yaml = "uniqueToken", omitempty)]
    pub unique_token: String,
}
