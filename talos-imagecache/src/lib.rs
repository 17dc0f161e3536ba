//! The Talos Linux air-gapped image cache.
//!
//! Talos' `registryd` serves images from a flat, registry-like tree (see [`layout`]); the
//! imager bakes that tree into install media packed as a one-layer OCI image. This crate
//! builds the tree from local OCI layouts or registries, verifies it, packs and unpacks
//! the wrapper, and (feature `serve`) serves it exactly as registryd does.
//!
//! ```
//! use talos_imagecache::lookup::Roots;
//! use talos_imagecache::pack::{PackOptions, pack, unpack};
//! use talos_imagecache::sample::{SampleImage, write_layout};
//! use talos_imagecache::{CreateOptions, ImageRef, OciLayoutSource, create, verify};
//!
//! let work = tempfile::tempdir()?;
//! // A small real image in a local OCI layout, named by its full reference.
//! let written = write_layout(&work.path().join("layout"), &[SampleImage::small("ghcr.io/acme/app:v1", 1)])?;
//! let source = OciLayoutSource::from_specs(&[work.path().join("layout").to_str().unwrap()])?;
//!
//! let cache = work.path().join("cache");
//! let images = [ImageRef::parse("ghcr.io/acme/app:v1")?];
//! let report = create(&source, &cache, &images, &CreateOptions::default(), &|_| {})?;
//! assert_eq!(report.blobs_written, 2); // the layer and the config
//! assert!(verify(&cache, 2)?.is_ok());
//!
//! // What registryd answers for `GET /v2/acme/app/manifests/v1?ns=ghcr.io`.
//! let found = Roots::single(&cache).lookup("acme/app/manifests/v1", Some("ghcr.io"))?;
//! assert_eq!(found.digest, written[0].digest);
//!
//! // The imager's OCI wrapper, and back.
//! pack(&cache, &work.path().join("cache.oci"), &PackOptions::default())?;
//! unpack(&work.path().join("cache.oci"), "arm64", &work.path().join("copy"))?;
//! assert!(verify(&work.path().join("copy"), 1)?.is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
