//! The rules of every non-network kind (block, storage, runtime, CRI, Kubernetes, security,
//! SideroLink, cluster, hardware) and their conflicts with the legacy document.

use super::{conflict_validators, doc_validators};

doc_validators![];
conflict_validators![];
