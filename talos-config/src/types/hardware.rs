//! Go package `hardware` (`pkg/machinery/config/types/hardware`): PCI driver rebinding.

use crate::GoYaml;

/// `PCIDriverRebindConfig`: binds a PCI device to another driver.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "hardware.PCIDriverRebindConfigV1Alpha1",
    kind = "PCIDriverRebindConfig",
    since = "1.10"
)]
pub struct PciDriverRebindConfig {
    /// PCI address of the device.
    #[go(yaml = "name")]
    pub name: String,
    /// Driver to bind to.
    #[go(yaml = "targetDriver")]
    pub target_driver: String,
}
