//! Virtual IP documents: `Layer2VIPConfig` and `HCloudVIPConfig`.

use crate::GoYaml;

/// `Layer2VIPConfig`: a shared virtual IP announced with gratuitous ARP / NDP.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.Layer2VIPConfigV1Alpha1",
    kind = "Layer2VIPConfig",
    since = "1.12"
)]
pub struct Layer2VIPConfig {
    /// The virtual IP address.
    #[go(yaml = "name")]
    pub name: String,
    /// Link name or alias to put the address on.
    #[go(yaml = "link")]
    pub link: String,
}

/// `HCloudVIPConfig`: a shared virtual IP moved with the Hetzner Cloud API.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "network.HCloudVIPConfigV1Alpha1",
    kind = "HCloudVIPConfig",
    since = "1.12"
)]
pub struct HCloudVIPConfig {
    /// The virtual IP address.
    #[go(yaml = "name")]
    pub name: String,
    /// Link name or alias to put the address on.
    #[go(yaml = "link")]
    pub link: String,
    /// Hetzner Cloud API token.
    #[go(yaml = "apiToken")]
    pub api_token: String,
}
