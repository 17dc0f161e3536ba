//! Discovery service messages: protobuf package `sidero.discovery.server`
//! (`v1alpha1/server/cluster.proto`, service `Cluster`), and the service's limits.
//!
//! These are plain prost messages for whatever gRPC stack the caller uses; method paths are
//! `/sidero.discovery.server.Cluster/{Hello,AffiliateUpdate,AffiliateDelete,List,Watch}`
//! (Watch streams `WatchResponse`s, the first of which is a snapshot).
//!
//! ```
//! use prost::Message as _;
//! use talos_discovery_crypto::service::{AffiliateUpdateRequest, CheckLimits as _, Duration};
//!
//! let request = AffiliateUpdateRequest {
//!     cluster_id: "c".into(),
//!     affiliate_id: "a".into(),
//!     affiliate_data: Some(vec![1, 2]),
//!     affiliate_endpoints: vec![vec![0xaa]],
//!     ttl: Some(Duration::from(std::time::Duration::from_secs(1800))),
//! };
//! request.check_limits()?;
//! assert_eq!(
//!     request.encode_to_vec(),
//!     [0x0a, 1, b'c', 0x12, 1, b'a', 0x1a, 2, 1, 2, 0x22, 1, 0xaa, 0x2a, 3, 0x08, 0x88, 0x0e]
//! );
//! # Ok::<(), talos_discovery_crypto::service::LimitError>(())
//! ```

/// Limits the discovery service enforces (discovery-service `pkg/limits`); a request that
/// breaks one is rejected whole with `InvalidArgument`.
pub mod limits {
    /// Longest cluster ID, in bytes (at least 1).
    pub const MAX_CLUSTER_ID_LEN: usize = 256;
    /// Longest affiliate ID, in bytes (at least 1).
    pub const MAX_AFFILIATE_ID_LEN: usize = 256;
    /// Largest affiliate data blob, in bytes.
    pub const MAX_AFFILIATE_DATA_LEN: usize = 2048;
    /// Largest single endpoint blob, in bytes.
    pub const MAX_ENDPOINT_LEN: usize = 32;
    /// Longest TTL (30 minutes, which is what Talos sends).
    pub const MAX_TTL: std::time::Duration = std::time::Duration::from_secs(30 * 60);
    /// Affiliates per cluster (a new one beyond this is refused with `ResourceExhausted`).
    pub const MAX_AFFILIATES_PER_CLUSTER: usize = 1024;
    /// Endpoints kept per affiliate (more are refused with `ResourceExhausted`).
    pub const MAX_ENDPOINTS_PER_AFFILIATE: usize = 64;
}

/// `google.protobuf.Duration`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct Duration {
    /// Whole seconds.
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Nanoseconds on top of `seconds`.
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

impl From<std::time::Duration> for Duration {
    fn from(duration: std::time::Duration) -> Self {
        Self {
            seconds: i64::try_from(duration.as_secs()).unwrap_or(i64::MAX),
            // Sub-second nanoseconds are below 10^9 and fit an i32.
            nanos: i32::try_from(duration.subsec_nanos()).unwrap_or(0),
        }
    }
}

impl Duration {
    /// The duration as a standard one; `None` when negative or out of range.
    pub fn to_std(self) -> Option<std::time::Duration> {
        let seconds = u64::try_from(self.seconds).ok()?;
        let nanos = u32::try_from(self.nanos)
            .ok()
            .filter(|&nanos| nanos < 1_000_000_000)?;
        Some(std::time::Duration::new(seconds, nanos))
    }
}

/// An affiliate as stored by the service (`sidero.discovery.server.Affiliate`): only blobs.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct Affiliate {
    /// Affiliate ID (the node identity).
    #[prost(string, tag = "1")]
    pub id: String,
    /// AES-GCM affiliate blob; empty when only endpoints were ever reported.
    #[prost(bytes = "vec", tag = "2")]
    pub data: Vec<u8>,
    /// AES-ECB endpoint blobs.
    #[prost(bytes = "vec", repeated, tag = "3")]
    pub endpoints: Vec<Vec<u8>>,
}

/// First call of a client session.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct HelloRequest {
    /// The cluster ID.
    #[prost(string, tag = "1")]
    pub cluster_id: String,
    /// Client version (Talos sends its tag, e.g. `v1.14.0`).
    #[prost(string, tag = "2")]
    pub client_version: String,
}

/// Where the client should reconnect.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct RedirectMessage {
    /// gRPC target `host:port`.
    #[prost(string, tag = "1")]
    pub endpoint: String,
}

/// Answer to [`HelloRequest`].
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct HelloResponse {
    /// When present, reconnect to this endpoint and say hello again.
    #[prost(message, optional, tag = "1")]
    pub redirect: Option<RedirectMessage>,
    /// The client's IP as the service sees it (4 or 16 bytes).
    #[prost(bytes = "vec", tag = "2")]
    pub client_ip: Vec<u8>,
}

/// Creates or refreshes an affiliate.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct AffiliateUpdateRequest {
    /// The cluster ID.
    #[prost(string, tag = "1")]
    pub cluster_id: String,
    /// The affiliate to update (own node ID, or a peer's when reporting its endpoints).
    #[prost(string, tag = "2")]
    pub affiliate_id: String,
    /// New AES-GCM blob; `None` leaves the stored data alone.
    #[prost(bytes = "vec", optional, tag = "3")]
    pub affiliate_data: Option<Vec<u8>>,
    /// AES-ECB endpoint blobs, merged into the stored list by byte equality.
    #[prost(bytes = "vec", repeated, tag = "4")]
    pub affiliate_endpoints: Vec<Vec<u8>>,
    /// How long the data and endpoints live (at most 30 minutes).
    #[prost(message, optional, tag = "5")]
    pub ttl: Option<Duration>,
}

/// Answer to [`AffiliateUpdateRequest`] (empty).
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct AffiliateUpdateResponse {}

/// Removes an affiliate at once.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct AffiliateDeleteRequest {
    /// The cluster ID.
    #[prost(string, tag = "1")]
    pub cluster_id: String,
    /// The affiliate to remove.
    #[prost(string, tag = "2")]
    pub affiliate_id: String,
}

/// Answer to [`AffiliateDeleteRequest`] (empty).
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct AffiliateDeleteResponse {}

/// Asks for a one-shot snapshot.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct ListRequest {
    /// The cluster ID.
    #[prost(string, tag = "1")]
    pub cluster_id: String,
}

/// All affiliates of the cluster, unordered.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct ListResponse {
    /// The affiliates.
    #[prost(message, repeated, tag = "1")]
    pub affiliates: Vec<Affiliate>,
}

/// Subscribes to changes.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct WatchRequest {
    /// The cluster ID.
    #[prost(string, tag = "1")]
    pub cluster_id: String,
}

/// One message of a Watch stream: the first is a snapshot of all affiliates, later ones carry
/// one changed affiliate each (its full state, or `deleted` with only its ID).
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct WatchResponse {
    /// The affiliates.
    #[prost(message, repeated, tag = "1")]
    pub affiliates: Vec<Affiliate>,
    /// The listed affiliates were deleted (only their IDs are meaningful).
    #[prost(bool, tag = "2")]
    pub deleted: bool,
}

/// A request the discovery service would reject as `InvalidArgument`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// The cluster ID is empty or longer than 256 bytes.
    #[error("the cluster ID is {len} bytes; the service accepts 1 to {max}")]
    ClusterId {
        /// Length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
    /// The affiliate ID is empty or longer than 256 bytes.
    #[error("the affiliate ID is {len} bytes; the service accepts 1 to {max}")]
    AffiliateId {
        /// Length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
    /// The affiliate data blob is larger than 2048 bytes.
    #[error("the affiliate data is {len} bytes; the service accepts at most {max}")]
    AffiliateData {
        /// Length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
    /// An endpoint blob is larger than 32 bytes.
    #[error("endpoint blob #{index} is {len} bytes; the service accepts at most {max}")]
    Endpoint {
        /// Position in the request's endpoint list.
        index: usize,
        /// Length in bytes.
        len: usize,
        /// The service limit.
        max: usize,
    },
    /// The TTL is longer than 30 minutes.
    #[error("the TTL {seconds}s {nanos}ns is longer than the service maximum {max:?}")]
    Ttl {
        /// Seconds as sent.
        seconds: i64,
        /// Nanoseconds as sent.
        nanos: i32,
        /// The service limit.
        max: std::time::Duration,
    },
}

/// Client-side check of the service limits, so a request is not rejected whole by the server.
pub trait CheckLimits {
    /// `Err` with the first limit the request breaks.
    fn check_limits(&self) -> Result<(), LimitError>;
}

fn check_cluster_id(id: &str) -> Result<(), LimitError> {
    match id.len() {
        1..=limits::MAX_CLUSTER_ID_LEN => Ok(()),
        len => Err(LimitError::ClusterId {
            len,
            max: limits::MAX_CLUSTER_ID_LEN,
        }),
    }
}

fn check_affiliate_id(id: &str) -> Result<(), LimitError> {
    match id.len() {
        1..=limits::MAX_AFFILIATE_ID_LEN => Ok(()),
        len => Err(LimitError::AffiliateId {
            len,
            max: limits::MAX_AFFILIATE_ID_LEN,
        }),
    }
}

impl CheckLimits for HelloRequest {
    fn check_limits(&self) -> Result<(), LimitError> {
        check_cluster_id(&self.cluster_id)
    }
}

impl CheckLimits for AffiliateUpdateRequest {
    fn check_limits(&self) -> Result<(), LimitError> {
        check_cluster_id(&self.cluster_id)?;
        check_affiliate_id(&self.affiliate_id)?;
        if let Some(data) = &self.affiliate_data
            && data.len() > limits::MAX_AFFILIATE_DATA_LEN
        {
            return Err(LimitError::AffiliateData {
                len: data.len(),
                max: limits::MAX_AFFILIATE_DATA_LEN,
            });
        }
        if let Some((index, blob)) = self
            .affiliate_endpoints
            .iter()
            .enumerate()
            .find(|(_, blob)| blob.len() > limits::MAX_ENDPOINT_LEN)
        {
            return Err(LimitError::Endpoint {
                index,
                len: blob.len(),
                max: limits::MAX_ENDPOINT_LEN,
            });
        }
        // Like the service: only the upper bound counts (a missing or negative TTL expires at
        // the next garbage collection).
        let ttl = self.ttl.unwrap_or_default();
        let ttl_nanos = i128::from(ttl.seconds) * 1_000_000_000 + i128::from(ttl.nanos);
        if ttl_nanos > i128::from(limits::MAX_TTL.as_secs()) * 1_000_000_000 {
            return Err(LimitError::Ttl {
                seconds: ttl.seconds,
                nanos: ttl.nanos,
                max: limits::MAX_TTL,
            });
        }
        Ok(())
    }
}

impl CheckLimits for AffiliateDeleteRequest {
    fn check_limits(&self) -> Result<(), LimitError> {
        check_cluster_id(&self.cluster_id)?;
        check_affiliate_id(&self.affiliate_id)
    }
}

impl CheckLimits for ListRequest {
    fn check_limits(&self) -> Result<(), LimitError> {
        check_cluster_id(&self.cluster_id)
    }
}

impl CheckLimits for WatchRequest {
    fn check_limits(&self) -> Result<(), LimitError> {
        check_cluster_id(&self.cluster_id)
    }
}
