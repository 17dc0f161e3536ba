//! The affiliate payload as a readable document (JSON or YAML): IPs and prefixes as text,
//! field names as in the protobuf JSON mapping (`nodeId`, `machineType`, …). The CLI, the C
//! ABI and the Python binding all read and write this one form.
//!
//! Addresses that are not 4 or 16 bytes (foreign or damaged data) appear as `hex:…` so
//! that a document round-trips whatever a peer sent.
//!
//! ```
//! use talos_discovery_crypto::document::AffiliateDocument;
//!
//! let doc: AffiliateDocument = serde_json::from_str(
//!     r#"{"nodeId": "n1", "addresses": ["10.0.0.2"], "controlPlane": {"apiServerPort": 6443}}"#,
//! )?;
//! let affiliate = doc.to_affiliate()?;
//! assert_eq!(affiliate.addresses, vec![vec![10, 0, 0, 2]]);
//! assert_eq!(AffiliateDocument::from(&affiliate), doc);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::payload::{Affiliate, ControlPlane, IpPrefix, KubeSpan, ip_from_binary, ip_to_binary};

/// Marks an address kept as raw bytes because it is not an IPv4 or IPv6 address.
pub const RAW_ADDRESS_PREFIX: &str = "hex:";

/// Why a document does not describe a payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// An address is neither an IP address nor `hex:…`.
    #[error("{0:?} is not an IP address")]
    BadAddress(String),
    /// A prefix is not `ADDRESS/BITS` with a length that fits the address.
    #[error("{0:?} is not an IP prefix (ADDRESS/BITS)")]
    BadPrefix(String),
}

/// [`Affiliate`] as a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AffiliateDocument {
    /// The affiliate (node) ID.
    #[serde(default)]
    pub node_id: String,
    /// Node addresses as text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// Fully qualified host name.
    #[serde(default)]
    pub hostname: String,
    /// Kubernetes node name.
    #[serde(default)]
    pub nodename: String,
    /// `controlplane`, `worker`, …
    #[serde(default)]
    pub machine_type: String,
    /// E.g. `Talos (v1.14.0)`.
    #[serde(default)]
    pub operating_system: String,
    /// KubeSpan data, present when KubeSpan is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubespan: Option<KubeSpanDocument>,
    /// Control plane data, present on control plane nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_plane: Option<ControlPlaneDocument>,
}

/// [`KubeSpan`] as a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KubeSpanDocument {
    /// WireGuard public key (base64).
    #[serde(default)]
    pub public_key: String,
    /// KubeSpan address as text.
    #[serde(default)]
    pub address: String,
    /// Routed prefixes (`ADDRESS/BITS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_addresses: Vec<String>,
    /// Prefixes excluded from advertising (`ADDRESS/BITS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_advertised_addresses: Vec<String>,
}

/// [`ControlPlane`] as a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControlPlaneDocument {
    /// The local kube-apiserver port.
    #[serde(default)]
    pub api_server_port: u32,
}

/// An address in its binary form as text: the IP, `""` for none, else `hex:…`.
pub fn address_text(bytes: &[u8]) -> String {
    match ip_from_binary(bytes) {
        Some(ip) => ip.to_string(),
        None if bytes.is_empty() => String::new(),
        None => format!("{RAW_ADDRESS_PREFIX}{}", hex::encode(bytes)),
    }
}

/// The binary form of an address written by [`address_text`].
pub fn address_bytes(text: &str) -> Result<Vec<u8>, DocumentError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(hex) = text.strip_prefix(RAW_ADDRESS_PREFIX) {
        return hex::decode(hex).map_err(|_| DocumentError::BadAddress(text.to_owned()));
    }
    let ip: IpAddr = text
        .parse()
        .map_err(|_| DocumentError::BadAddress(text.to_owned()))?;
    Ok(ip_to_binary(ip))
}

/// A prefix as `ADDRESS/BITS`.
pub fn prefix_text(prefix: &IpPrefix) -> String {
    format!("{}/{}", address_text(&prefix.ip), prefix.bits)
}

/// A prefix from `ADDRESS/BITS`; the length must fit the address family.
pub fn prefix_from_text(text: &str) -> Result<IpPrefix, DocumentError> {
    let bad = || DocumentError::BadPrefix(text.to_owned());
    let (address, bits) = text.rsplit_once('/').ok_or_else(bad)?;
    let ip = address_bytes(address).map_err(|_| bad())?;
    let bits: u32 = bits.parse().map_err(|_| bad())?;
    let max = match ip.len() {
        4 => 32,
        16 => 128,
        _ => u32::MAX,
    };
    if bits > max {
        return Err(bad());
    }
    Ok(IpPrefix { ip, bits })
}

impl From<&Affiliate> for AffiliateDocument {
    fn from(affiliate: &Affiliate) -> Self {
        Self {
            node_id: affiliate.node_id.clone(),
            addresses: affiliate
                .addresses
                .iter()
                .map(|a| address_text(a))
                .collect(),
            hostname: affiliate.hostname.clone(),
            nodename: affiliate.nodename.clone(),
            machine_type: affiliate.machine_type.clone(),
            operating_system: affiliate.operating_system.clone(),
            kubespan: affiliate
                .kubespan
                .as_ref()
                .map(|kubespan| KubeSpanDocument {
                    public_key: kubespan.public_key.clone(),
                    address: address_text(&kubespan.address),
                    additional_addresses: kubespan
                        .additional_addresses
                        .iter()
                        .map(prefix_text)
                        .collect(),
                    exclude_advertised_addresses: kubespan
                        .exclude_advertised_addresses
                        .iter()
                        .map(prefix_text)
                        .collect(),
                }),
            control_plane: affiliate.control_plane.as_ref().map(|control_plane| {
                ControlPlaneDocument {
                    api_server_port: control_plane.api_server_port,
                }
            }),
        }
    }
}

impl AffiliateDocument {
    /// The payload this document describes.
    pub fn to_affiliate(&self) -> Result<Affiliate, DocumentError> {
        let prefixes = |texts: &[String]| -> Result<Vec<IpPrefix>, DocumentError> {
            texts.iter().map(|text| prefix_from_text(text)).collect()
        };
        Ok(Affiliate {
            node_id: self.node_id.clone(),
            addresses: self
                .addresses
                .iter()
                .map(|text| address_bytes(text))
                .collect::<Result<_, _>>()?,
            hostname: self.hostname.clone(),
            nodename: self.nodename.clone(),
            machine_type: self.machine_type.clone(),
            operating_system: self.operating_system.clone(),
            kubespan: self
                .kubespan
                .as_ref()
                .map(|kubespan| -> Result<KubeSpan, DocumentError> {
                    Ok(KubeSpan {
                        public_key: kubespan.public_key.clone(),
                        address: address_bytes(&kubespan.address)?,
                        additional_addresses: prefixes(&kubespan.additional_addresses)?,
                        exclude_advertised_addresses: prefixes(
                            &kubespan.exclude_advertised_addresses,
                        )?,
                    })
                })
                .transpose()?,
            control_plane: self
                .control_plane
                .as_ref()
                .map(|control_plane| ControlPlane {
                    api_server_port: control_plane.api_server_port,
                }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_addresses_survive_a_round_trip() {
        let affiliate = Affiliate {
            node_id: "n".into(),
            addresses: vec![vec![1, 2, 3], vec![], vec![192, 168, 0, 1]],
            kubespan: Some(KubeSpan {
                address: vec![0xfd; 16],
                exclude_advertised_addresses: vec![IpPrefix {
                    ip: vec![0; 4],
                    bits: 0,
                }],
                ..KubeSpan::default()
            }),
            ..Affiliate::default()
        };
        let doc = AffiliateDocument::from(&affiliate);
        assert_eq!(doc.addresses, vec!["hex:010203", "", "192.168.0.1"]);
        assert_eq!(doc.to_affiliate().unwrap(), affiliate);
    }

    const TALOS_PAYLOAD: &str = "\
nodeId: gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE
addresses: [192.168.3.4]
hostname: foo.com
nodename: bar
machineType: controlplane
operatingSystem: Talos (v1.12.0)
kubespan:
  publicKey: PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=
  address: fd50:8d60:4238:6302:f857:23ff:fe21:d1e0
  additionalAddresses: [10.244.3.1/24]
  excludeAdvertisedAddresses: [0.0.0.0/0]
controlPlane:
  apiServerPort: 6443
";

    #[test]
    fn a_talos_payload_round_trips_through_yaml() {
        let document: AffiliateDocument = serde_yaml::from_str(TALOS_PAYLOAD).unwrap();
        let affiliate = document.to_affiliate().unwrap();
        assert_eq!(affiliate.addresses, [vec![192, 168, 3, 4]]);
        let kubespan = affiliate.kubespan.as_ref().unwrap();
        assert_eq!(kubespan.exclude_advertised_addresses[0].ip, [0, 0, 0, 0]);
        assert_eq!(
            affiliate.control_plane.as_ref().unwrap().api_server_port,
            6443
        );
        let rewritten = serde_yaml::to_string(&AffiliateDocument::from(&affiliate)).unwrap();
        let again: AffiliateDocument = serde_yaml::from_str(&rewritten).unwrap();
        assert_eq!(again.to_affiliate().unwrap(), affiliate);
    }

    #[test]
    fn bad_text_is_a_typed_error() {
        assert_eq!(
            address_bytes("10.0.0.300"),
            Err(DocumentError::BadAddress("10.0.0.300".into()))
        );
        assert_eq!(
            address_bytes("hex:abc"),
            Err(DocumentError::BadAddress("hex:abc".into()))
        );
        for bad in ["10.0.0.0", "10.0.0.0/33", "::/129", "x/1", "10.0.0.0/-1"] {
            assert_eq!(
                prefix_from_text(bad),
                Err(DocumentError::BadPrefix(bad.into())),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<AffiliateDocument>(r#"{"nodeID": "x"}"#).is_err());
    }
}
