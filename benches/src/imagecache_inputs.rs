//! Image cache inputs shared by `benches/compare imagecache` and the criterion bench: OCI
//! layouts of sample images (real gzip layers, configs, manifests and indexes) and flat
//! caches created from them.

use std::path::Path;

use anyhow::Result;
use talos_imagecache::sample::{SampleImage, WrittenImage, write_layout};
use talos_imagecache::{CreateOptions, CreateReport, ImageRef, OciLayoutSource, Platform, create};

/// The platforms every benchmark image has (each image is an index of two manifests).
pub fn platforms() -> Vec<Platform> {
    ["linux/amd64", "linux/arm64"]
        .into_iter()
        .filter_map(Platform::parse)
        .collect()
}

/// Per-image layer sizes of the realistic mix: 12 images × 2 platforms × 3 layers, from
/// 64 KiB to 16 MiB (about 234 MiB of layers in all).
pub const LAYER_SIZES: [usize; 12] = [
    16 << 20,
    8 << 20,
    4 << 20,
    4 << 20,
    2 << 20,
    2 << 20,
    1 << 20,
    1 << 20,
    512 << 10,
    256 << 10,
    128 << 10,
    64 << 10,
];

/// The realistic mix: images spread over three registries, each an index of
/// [`platforms`], three layers per platform.
pub fn realistic_images() -> Vec<SampleImage> {
    const REGISTRIES: [&str; 3] = ["ghcr.io/siderolabs", "registry.k8s.io", "docker.io/acme"];
    LAYER_SIZES
        .iter()
        .enumerate()
        .map(|(index, &layer_size)| SampleImage {
            ref_name: format!(
                "{}/bench-{index:02}:v1.{index}.0",
                REGISTRIES[index % REGISTRIES.len()]
            ),
            platforms: platforms(),
            layers: 3,
            layer_size,
            seed: 0x1000 + index as u64,
        })
        .collect()
}

/// A small cache: four one-platform and two two-platform images of 64 KiB layers.
pub fn small_images() -> Vec<SampleImage> {
    (0..6)
        .map(|index| {
            let mut image =
                SampleImage::small(&format!("ghcr.io/siderolabs/small-{index}:v{index}"), index);
            if index >= 4 {
                image.platforms = platforms();
            }
            image
        })
        .collect()
}

/// The image references of `images` (their `ref_name`s).
pub fn references(images: &[SampleImage]) -> Result<Vec<ImageRef>> {
    images
        .iter()
        .map(|image| Ok(ImageRef::parse(&image.ref_name)?))
        .collect()
}

/// Creates the flat cache of `images` (every platform) at `cache` from the OCI layout at
/// `layout`, with `jobs` blob workers.
pub fn create_cache(
    layout: &Path,
    cache: &Path,
    images: &[ImageRef],
    jobs: usize,
    link_local_blobs: bool,
) -> Result<CreateReport> {
    let mut source = OciLayoutSource::new();
    source.add_layout(layout)?;
    let mut options = CreateOptions::default();
    options.platforms = talos_imagecache::Platforms::List(platforms());
    options.jobs = jobs;
    options.link_local_blobs = link_local_blobs;
    Ok(create(&source, cache, images, &options, &|_| {})?)
}

/// An OCI layout of `images` at `dir/layout` and its flat cache at `dir/cache`.
pub fn layout_and_cache(dir: &Path, images: &[SampleImage]) -> Result<Vec<WrittenImage>> {
    let layout = dir.join("layout");
    let written = write_layout(&layout, images)?;
    create_cache(&layout, &dir.join("cache"), &references(images)?, 2, false)?;
    Ok(written)
}
