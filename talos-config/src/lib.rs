//! Talos Linux machine configuration: the multi-document YAML Talos reads, every document
//! kind typed, strict decoding with Talos' error texts, and Go-identical encoding.

// The derive macro names this crate by its public path, also from inside it.
extern crate self as talos_config;

pub mod goyaml;
pub mod types;
mod kind;
mod version;
pub mod yaml;

pub use kind::Kind;
pub use talos_config_derive::GoYaml;
pub use version::TalosVersion;
