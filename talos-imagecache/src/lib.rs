//! The Talos Linux air-gapped image cache.
//!
//! Talos' `registryd` serves images from a flat, registry-like tree (see [`layout`]); the
//! imager bakes that tree into install media packed as a one-layer OCI image. This crate
//! builds the tree from local OCI layouts or registries, verifies it, packs and unpacks
//! the wrapper, and (feature `serve`) serves it exactly as registryd does.

pub mod create;
pub mod default_images;
pub mod digest;
pub mod layout;
pub mod lookup;
pub mod manifest;
pub mod oci_layout;
pub mod pack;
pub mod reference;
#[cfg(feature = "registry")]
pub mod registry;
pub mod sample;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod store;
pub mod verify;

pub use create::{CreateError, CreateOptions, CreateReport, Platforms, create};
pub use digest::{Digest, DigestError};
pub use layout::{FlatLayout, Repository};
pub use manifest::{Manifest, ManifestError, Platform};
pub use oci_layout::OciLayoutSource;
pub use pack::{PackError, PackOptions, pack, unpack};
pub use reference::{ImageRef, ManifestRef, ReferenceError};
#[cfg(feature = "registry")]
pub use registry::{RegistryOptions, RegistrySource, layouts_or_registries};
pub use source::{Source, SourceError};
pub use store::{CacheWriter, StoreError};
pub use verify::{Problem, VerifyReport, verify};
