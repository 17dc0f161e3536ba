//! The network kinds' own rules and their conflicts with the legacy document.

use super::{conflict_validators, doc_validators};

doc_validators![];
conflict_validators![];
