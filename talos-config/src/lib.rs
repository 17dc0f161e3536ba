//! Talos Linux machine configuration: the multi-document YAML Talos reads, every document
//! kind typed, strict decoding with Talos' error texts, and Go-identical encoding.
//!
//! - [`Config::from_bytes`] loads like `configloader.NewFromBytes`: same accept/reject
//!   decision, same error text.
//! - [`Config::encode`] writes what Talos' encoder writes (comments disabled), byte for byte.
//! - Documents are typed ([`types`]); [`Config::get`] hands them back by kind and name.
//! - [`Config::check_version`] names the documents an older Talos would not understand.

// The derive macro names this crate by its public path, also from inside it.
extern crate self as talos_config;

pub mod cel;
mod config;
mod document;
mod error;
pub mod extension_service;
mod facts;
pub mod field_since;
pub mod goyaml;
mod kind;
mod loader;
pub mod patch;
pub mod registry;
pub mod types;
pub mod validate;
mod version;
pub mod yaml;

pub use config::{Config, VersionProblem};
pub use document::Document;
pub use error::LoadError;
pub use facts::{DiskSelectorFacts, LinkFacts};
pub use kind::Kind;
pub use talos_config_derive::GoYaml;
pub use version::TalosVersion;
