//! Typed models of every document, one module per Go package of `pkg/machinery/config/types`
//! (plus the shared scalar types Go takes from `net/netip`, `net/url` and `time`).

pub mod block;
pub mod cel;
pub mod cluster;
pub mod container;
pub mod cri;
pub mod duration;
pub mod extensions;
pub mod hardware;
pub mod k8s;
pub mod meta;
pub mod nethelpers;
pub mod netip;
pub mod network;
pub mod runtime;
pub mod security;
pub mod siderolink;
pub mod storage;
pub mod url;
pub mod v1alpha1;
