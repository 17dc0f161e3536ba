//! The client's view of the cluster, built from Watch messages exactly as the Talos discovery
//! client builds it, without any I/O.

use std::collections::BTreeMap;

use crate::endpoint::EndpointError;
use crate::key::ClusterKey;
use crate::payload::{Affiliate, Endpoint};
use crate::seal::OpenError;
use crate::service::WatchResponse;

/// A decoded cluster member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The decrypted payload.
    pub affiliate: Affiliate,
    /// The endpoint blobs that decrypted, in the order the service sent them.
    pub endpoints: Vec<Endpoint>,
}

/// Something in a Watch message that was left out (the Go client logs these).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Skipped {
    /// The affiliate data did not open; an older decoded copy, if any, stays.
    Data {
        /// The affiliate ID.
        affiliate_id: String,
        /// Why.
        error: OpenError,
    },
    /// One endpoint blob did not decrypt; the member is kept without it.
    Endpoint {
        /// The affiliate ID.
        affiliate_id: String,
        /// Position of the blob in the affiliate's endpoint list.
        index: usize,
        /// Why.
        error: EndpointError,
    },
}

/// The other members of a cluster, keyed by affiliate ID.
///
/// Apply every message of a Watch stream in order: the first through
/// [`AffiliateSet::apply_snapshot`], the rest through [`AffiliateSet::apply_change`]. The rules
/// are those of discovery-client v0.1.15:
///
/// * a snapshot replaces everything;
/// * entries with the own affiliate ID are ignored;
/// * `deleted` removes the listed IDs;
/// * an entry with empty data is ignored (its endpoints too; an existing member stays);
/// * an entry whose data does not open keeps the older decoded member, if any;
/// * otherwise the member is replaced by the decrypted payload and the endpoints that decrypt.
///
/// Deliberate difference: endpoint blobs are checked more strictly than in Go (length byte and
/// zero padding must match, see [`ClusterKey::decrypt_endpoint`]), so garbage that Go would turn
/// into a bogus endpoint (or a panic) is skipped here.
///
/// ```
/// use talos_discovery_crypto::{AffiliateSet, ClusterKey};
/// use talos_discovery_crypto::payload::Affiliate;
/// use talos_discovery_crypto::service::{self, WatchResponse};
///
/// let key = ClusterKey::from_bytes(&[9; 32])?;
/// let peer = Affiliate { node_id: "peer".into(), ..Affiliate::default() };
/// let snapshot = WatchResponse {
///     affiliates: vec![service::Affiliate {
///         id: "peer".into(),
///         data: key.seal(&peer)?,
///         endpoints: vec![],
///     }],
///     deleted: false,
/// };
/// let mut members = AffiliateSet::new("me");
/// assert!(members.apply_snapshot(&key, &snapshot).is_empty());
/// assert_eq!(members.get("peer").map(|member| &member.affiliate), Some(&peer));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliateSet {
    own_affiliate_id: String,
    members: BTreeMap<String, Member>,
}

impl AffiliateSet {
    /// An empty set for the node whose affiliate ID is `own_affiliate_id`.
    pub fn new(own_affiliate_id: impl Into<String>) -> Self {
        Self {
            own_affiliate_id: own_affiliate_id.into(),
            members: BTreeMap::new(),
        }
    }

    /// Applies the first message of a Watch stream (it replaces the whole set) and reports
    /// what was skipped.
    pub fn apply_snapshot(&mut self, key: &ClusterKey, message: &WatchResponse) -> Vec<Skipped> {
        self.members.clear();
        self.apply_change(key, message)
    }

    /// Applies a later message of a Watch stream and reports what was skipped.
    pub fn apply_change(&mut self, key: &ClusterKey, message: &WatchResponse) -> Vec<Skipped> {
        let mut skipped = Vec::new();
        for entry in &message.affiliates {
            if entry.id == self.own_affiliate_id {
                continue;
            }
            if message.deleted {
                self.members.remove(&entry.id);
                continue;
            }
            if entry.data.is_empty() {
                continue;
            }
            let affiliate = match key.open(&entry.data) {
                Ok(affiliate) => affiliate,
                Err(error) => {
                    skipped.push(Skipped::Data {
                        affiliate_id: entry.id.clone(),
                        error,
                    });
                    continue;
                }
            };
            let mut endpoints = Vec::with_capacity(entry.endpoints.len());
            for (index, blob) in entry.endpoints.iter().enumerate() {
                match key.decrypt_endpoint(blob) {
                    Ok(endpoint) => endpoints.push(endpoint),
                    Err(error) => skipped.push(Skipped::Endpoint {
                        affiliate_id: entry.id.clone(),
                        index,
                        error,
                    }),
                }
            }
            self.members.insert(
                entry.id.clone(),
                Member {
                    affiliate,
                    endpoints,
                },
            );
        }
        skipped
    }

    /// The member with this affiliate ID.
    pub fn get(&self, affiliate_id: &str) -> Option<&Member> {
        self.members.get(affiliate_id)
    }

    /// All members with their affiliate IDs, ordered by ID.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Member)> {
        self.members
            .iter()
            .map(|(id, member)| (id.as_str(), member))
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The own affiliate ID, whose entries are ignored.
    pub fn own_affiliate_id(&self) -> &str {
        &self.own_affiliate_id
    }
}
