//! Talos Linux cluster discovery data, re-implemented from the Go discovery client:
//!
//! * [`ClusterKey`] — the AES key from the cluster secret (wiped on drop, never printed);
//!   [`ClusterId`] — the opaque cluster ID and its KubeSpan ULA prefix;
//! * [`NodeId`] — the node identity (jxskiss [`base62`]), its machine-id and
//!   `node-identity.yaml`;
//! * [`payload`] — the encrypted `Affiliate` protobuf ([`document`]: the same as readable
//!   JSON/YAML), sealed with [`ClusterKey::seal`]
//!   (`nonce ‖ AES-GCM ‖ tag`) and opened with [`ClusterKey::open`];
//! * endpoints — [`ClusterKey::encrypt_endpoint`] / [`ClusterKey::decrypt_endpoint`]
//!   (length byte, zero padding, AES-ECB);
//! * [`service`] — the discovery service's gRPC messages and limits;
//! * [`AffiliateSet`] — applying Watch messages the way the Talos client does.
//!
//! ```
//! use talos_discovery_crypto::{ClusterKey, NodeId};
//! use talos_discovery_crypto::payload::{Affiliate, Endpoint};
//!
//! let key = ClusterKey::from_cluster_secret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=")?;
//! let node = NodeId::generate()?;
//! let blob = key.seal(&Affiliate {
//!     node_id: node.to_string(),
//!     hostname: "cp-1.example.com".into(),
//!     machine_type: "controlplane".into(),
//!     ..Affiliate::default()
//! })?;
//! assert_eq!(key.open(&blob)?.node_id, node.as_str());
//!
//! let endpoint = Endpoint::from_socket_addr("10.0.0.2:51820".parse()?);
//! assert_eq!(
//!     key.encrypt_endpoint(&endpoint)?,
//!     [0xf3, 0x8a, 0x79, 0xca, 0x92, 0x75, 0xb2, 0x07, 0x9a, 0xb4, 0x39, 0x28, 0xca, 0xc0, 0x58, 0x22]
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

/// The protobuf runtime the message types implement ([`prost::Message`] for encoding and
/// decoding), re-exported so callers use the same version.
pub use prost;

mod affiliate_set;
pub mod base62;
pub mod document;
mod endpoint;
mod identity;
mod key;
pub mod payload;
mod seal;
pub mod service;

pub use affiliate_set::{AffiliateSet, Member, Skipped};
pub use base62::Base62Error;
pub use endpoint::EndpointError;
pub use identity::{
    IdentityFileError, MachineId, NODE_ID_BYTES, NODE_IDENTITY_FILENAME, NodeId, NodeIdError,
};
pub use key::{
    BLOCK_LEN, ClusterId, ClusterIdError, ClusterKey, DEFAULT_KEY_LEN, KeyError, NONCE_LEN,
    TAG_LEN, UlaPrefix, UlaPurpose,
};
pub use seal::{OpenError, SEAL_OVERHEAD, SealError};
