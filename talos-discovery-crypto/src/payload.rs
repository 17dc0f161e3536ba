//! The encrypted payload: protobuf package `sidero.discovery.client`
//! (`v1alpha1/client/affiliate.proto` in discovery-api v0.1.8).
//!
//! Fields are declared in tag order, so prost writes the same bytes as Go's vtprotobuf
//! (ascending field numbers, proto3 defaults omitted, set optional messages always written).
//!
//! IP addresses use Go's `netip.Addr.MarshalBinary` form: 4 bytes for IPv4, 16 for IPv6
//! (an IPv6 zone would follow as text; this crate neither writes nor reads zones).
//!
//! ```
//! use prost::Message as _;
//! use talos_discovery_crypto::payload::{Affiliate, ControlPlane};
//!
//! let affiliate = Affiliate {
//!     control_plane: Some(ControlPlane::default()),
//!     ..Affiliate::default()
//! };
//! assert_eq!(affiliate.encode_to_vec(), [0x42, 0x00]);
//! ```

use std::net::{IpAddr, SocketAddr};

/// What a node tells the other members of its cluster (`sidero.discovery.client.Affiliate`).
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct Affiliate {
    /// The node identity (base62), identical to the affiliate ID used with the service.
    #[prost(string, tag = "1")]
    pub node_id: String,
    /// Node addresses, 4 or 16 bytes each.
    #[prost(bytes = "vec", repeated, tag = "2")]
    pub addresses: Vec<Vec<u8>>,
    /// Host name (Talos sends the FQDN).
    #[prost(string, tag = "3")]
    pub hostname: String,
    /// Kubernetes node name.
    #[prost(string, tag = "4")]
    pub nodename: String,
    /// `init`, `controlplane`, `worker` or `unknown`.
    #[prost(string, tag = "5")]
    pub machine_type: String,
    /// Operating system, e.g. `Talos (v1.14.0)`.
    #[prost(string, tag = "6")]
    pub operating_system: String,
    /// Present when KubeSpan is enabled on the node.
    #[prost(message, optional, tag = "7")]
    pub kubespan: Option<KubeSpan>,
    /// Present on control-plane nodes.
    #[prost(message, optional, tag = "8")]
    pub control_plane: Option<ControlPlane>,
}

/// KubeSpan (WireGuard mesh) details of a node (`sidero.discovery.client.KubeSpan`).
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct KubeSpan {
    /// WireGuard public key, base64.
    #[prost(string, tag = "1")]
    pub public_key: String,
    /// The node's KubeSpan ULA address (16 bytes).
    #[prost(bytes = "vec", tag = "2")]
    pub address: Vec<u8>,
    /// Extra networks routed to this node (e.g. pod CIDRs).
    #[prost(message, repeated, tag = "3")]
    pub additional_addresses: Vec<IpPrefix>,
    /// Networks to leave out of what the node advertises (field 4 in discovery-api v0.1.8).
    #[prost(message, repeated, tag = "4")]
    pub exclude_advertised_addresses: Vec<IpPrefix>,
}

/// An IP prefix (`sidero.discovery.client.IPPrefix`); the address is not masked.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct IpPrefix {
    /// Prefix address, 4 or 16 bytes.
    #[prost(bytes = "vec", tag = "1")]
    pub ip: Vec<u8>,
    /// Prefix length in bits.
    #[prost(uint32, tag = "2")]
    pub bits: u32,
}

/// A WireGuard endpoint candidate (`sidero.discovery.client.Endpoint`); each one travels
/// separately, AES-ECB encrypted (see [`ClusterKey::encrypt_endpoint`](crate::ClusterKey::encrypt_endpoint)).
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct Endpoint {
    /// IP address, 4 or 16 bytes.
    #[prost(bytes = "vec", tag = "1")]
    pub ip: Vec<u8>,
    /// UDP port (KubeSpan's default is 51820).
    #[prost(uint32, tag = "2")]
    pub port: u32,
}

/// Control-plane details (`sidero.discovery.client.ControlPlane`).
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct ControlPlane {
    /// Port of the local kube-apiserver (e.g. 6443).
    #[prost(uint32, tag = "1")]
    pub api_server_port: u32,
}

/// An address in binary form: 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped IPv6 stays 16).
pub fn ip_to_binary(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

/// Parses the binary form; anything but 4 or 16 bytes (empty, zoned, garbage) gives `None`.
pub fn ip_from_binary(bytes: &[u8]) -> Option<IpAddr> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return Some(IpAddr::from(v4));
    }
    <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from)
}

impl Endpoint {
    /// The endpoint for a socket address.
    ///
    /// ```
    /// use talos_discovery_crypto::payload::Endpoint;
    ///
    /// let endpoint = Endpoint::from_socket_addr("10.0.0.2:51820".parse().unwrap());
    /// assert_eq!(endpoint.ip, [10, 0, 0, 2]);
    /// assert_eq!(endpoint.socket_addr(), Some("10.0.0.2:51820".parse().unwrap()));
    /// ```
    pub fn from_socket_addr(address: SocketAddr) -> Self {
        Self {
            ip: ip_to_binary(address.ip()),
            port: u32::from(address.port()),
        }
    }

    /// The socket address, if the IP parses and the port fits 16 bits.
    pub fn socket_addr(&self) -> Option<SocketAddr> {
        let port = u16::try_from(self.port).ok()?;
        Some(SocketAddr::new(ip_from_binary(&self.ip)?, port))
    }
}

impl IpPrefix {
    /// The prefix `ip/bits`, address kept as given.
    pub fn new(ip: IpAddr, bits: u8) -> Self {
        Self {
            ip: ip_to_binary(ip),
            bits: u32::from(bits),
        }
    }
}
