//! Test helpers shared by the integration tests. Each test binary uses only part of them.
#![allow(dead_code)]

pub mod fake_registry;
pub mod http;
pub mod registry;
