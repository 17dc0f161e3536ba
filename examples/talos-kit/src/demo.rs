//! `talos-kit demo`: the whole air-gapped story on embedded defaults, offline — images,
//! cache, verification, the imager's wrapper, serving and pulling back, the machine config
//! that turns the cache on, and the network config in META of a disk image.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, ensure};
use clap::Args;
use talos_config::Config;
use talos_config::patch::{self, ConfigOrBytes};
use talos_config::validate::{Context as ValidateContext, Mode};
use talos_imagecache::create::{CreateOptions, Platforms, create};
use talos_imagecache::default_images::{Overrides, default_images};
use talos_imagecache::lookup::Roots;
use talos_imagecache::pack::{PackOptions, pack};
use talos_imagecache::sample::{SampleImage, write_layout};
use talos_imagecache::serve::{ServeOptions, Server};
use talos_imagecache::{
    Digest, ImageRef, OciLayoutSource, Platform, RegistryOptions, RegistrySource, verify,
};
use talos_meta::network::PlatformNetworkConfig;
use talos_meta::values::{Value, Values};
use talos_meta::{MetaFile, keys};

/// The network config written by the demo: a bonded, VLAN-tagged static setup.
const DEFAULT_NETWORK_CONFIG: &str = include_str!("default-network.yaml");
/// A worker configuration as `talosctl gen config` writes it (Talos' own test data).
const DEFAULT_WORKER: &str = include_str!("default-worker.yaml");
/// The image cache patch from Talos' guide: the cache on, its volume on the system disk.
const IMAGE_CACHE_PATCH: &str = include_str!("image-cache-patch.yaml");

/// How many of the release's default images the demo builds stand-ins for.
const IMAGES: usize = 3;
const MIB: u64 = 1 << 20;

/// Options of `talos-kit demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// Where to write the demo's files (default: a fresh temporary directory, removed after).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// Runs every step, printing what it did.
pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let temp;
    let dir = match args.dir {
        Some(dir) => {
            ensure!(
                !dir.exists() || fs::read_dir(&dir)?.next().is_none(),
                "{}: not empty (the demo writes into an empty directory)",
                dir.display()
            );
            fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            println!("Writing into {}", dir.display());
            dir
        }
        None => {
            temp = tempfile::tempdir()?;
            println!(
                "Writing into {} (removed at the end; --dir keeps it)",
                temp.path().display()
            );
            temp.path().to_owned()
        }
    };

    let images = build_images(&dir)?;
    let cache = create_cache(&dir, &images)?;
    pull_through_server(&dir, &cache, &images[0])?;
    write_machine_config(&dir)?;
    write_disk_image(&dir)?;
    println!(
        "Done: the cache, its OCI wrapper, worker.yaml and disk.raw are what an air-gapped install needs."
    );
    Ok(ExitCode::SUCCESS)
}

/// Step 1: stand-ins for the first default images of Talos 1.14, in an OCI layout.
fn build_images(dir: &Path) -> Result<Vec<ImageRef>> {
    let names: Vec<String> = default_images("1.14", &Overrides::default())?
        .into_iter()
        .take(IMAGES)
        .collect();
    let samples: Vec<SampleImage> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut sample = SampleImage::small(name, i as u64 + 1);
            if i == 0 {
                sample
                    .platforms
                    .push(Platform::parse("linux/arm64").expect("a valid platform"));
            }
            sample
        })
        .collect();
    let layout = dir.join("images");
    let written = write_layout(&layout, &samples)?;
    println!(
        "1. Built {} small images as stand-ins for Talos 1.14's default images, in the OCI layout {}:",
        written.len(),
        layout.display()
    );
    for (name, image) in names.iter().zip(&written) {
        let platforms: Vec<String> = image
            .children
            .iter()
            .map(|(platform, _)| platform.to_string())
            .collect();
        println!("   {name}  {} ({})", image.digest, platforms.join(", "));
    }
    names
        .iter()
        .map(|name| ImageRef::parse(name).map_err(Into::into))
        .collect()
}

/// Steps 2–4: the flat cache, verified, and packed for the imager.
fn create_cache(dir: &Path, images: &[ImageRef]) -> Result<PathBuf> {
    let mut source = OciLayoutSource::new();
    source.add_layout(dir.join("images"))?;
    let cache = dir.join("cache");
    let mut options = CreateOptions::default();
    options.platforms = Platforms::parse("linux/amd64,linux/arm64")?;
    let report = create(&source, &cache, images, &options, &|_| {})?;
    println!(
        "2. Created the flat cache {} for linux/amd64 and linux/arm64: {} manifests, {} blobs ({} bytes), each digest-checked before it was kept",
        cache.display(),
        report.manifests,
        report.blobs_written,
        report.bytes_written
    );
    let verified = verify(&cache, 2)?;
    ensure!(
        verified.is_ok(),
        "the new cache has problems: {:?}",
        verified.problems
    );
    println!(
        "3. Verified it: {} blobs and {} manifests hash to their names, {} tags resolve, every image's blobs are there",
        verified.blobs, verified.manifests, verified.tags
    );
    let wrapper = dir.join("image-cache.oci");
    let packed = pack(&cache, &wrapper, &PackOptions::default())?;
    println!(
        "4. Packed it for the imager (--image-cache {}): one {}-byte layer, listed for amd64 and arm64",
        wrapper.display(),
        packed.layer_size
    );
    Ok(cache)
}

/// Step 5: serve the cache as registryd does and pull an image back through it.
fn pull_through_server(dir: &Path, cache: &Path, image: &ImageRef) -> Result<()> {
    let mut options = ServeOptions::new(Roots::new([cache.to_owned()]));
    options.address = "127.0.0.1:0".parse()?;
    let server = Server::bind(options)?;
    let address = server.local_addr();
    let handle = server.handle();
    let thread = std::thread::spawn(move || server.serve_forever());

    let result = (|| -> Result<(Digest, Digest)> {
        // Asked without `ns=`, the server finds the registry directory holding the repository.
        let via_server = ImageRef::parse(&format!(
            "{address}/{}:{}",
            image.repository.path,
            image.tag.as_deref().unwrap_or("latest")
        ))?;
        let registry = RegistryOptions {
            insecure: true,
            ..RegistryOptions::default()
        };
        let source = RegistrySource::new(registry)?;
        let pulled = dir.join("pulled");
        let mut options = CreateOptions::default();
        options.platforms = Platforms::All;
        create(
            &source,
            &pulled,
            std::slice::from_ref(&via_server),
            &options,
            &|_| {},
        )?;
        let tag = fs::read(
            pulled
                .join("manifests")
                .join(via_server.repository.relative_dir())
                .join("reference")
                .join(via_server.tag.as_deref().unwrap_or("latest")),
        )?;
        let original = fs::read(
            cache
                .join("manifests")
                .join(image.repository.relative_dir())
                .join("reference")
                .join(image.tag.as_deref().unwrap_or("latest")),
        )?;
        ensure!(
            verify(&pulled, 2)?.is_ok(),
            "the pulled copy does not verify"
        );
        Ok((Digest::of(&original), Digest::of(&tag)))
    })();
    handle.shutdown();
    thread
        .join()
        .map_err(|_| anyhow::anyhow!("the server thread panicked"))??;
    let (original, pulled) = result?;
    ensure!(original == pulled, "pulled {pulled}, cached {original}");
    println!(
        "5. Served the cache on http://{address} (registryd's routes) and pulled {image} back through it: same digest {pulled}"
    );
    Ok(())
}

/// Step 6: a worker configuration with the guide's image cache patch, validated for metal.
fn write_machine_config(dir: &Path) -> Result<()> {
    let patches = patch::load_patches(&[IMAGE_CACHE_PATCH])?;
    let patched = patch::apply(
        ConfigOrBytes::Bytes(DEFAULT_WORKER.as_bytes().to_vec()),
        &patches,
    )?
    .into_bytes();
    let config = Config::from_bytes(&patched)?;
    let report = config.validate(&ValidateContext {
        mode: Mode::Metal,
        strict: false,
    });
    ensure!(
        report.is_valid(),
        "the patched configuration is invalid: {}",
        report.error_text().unwrap_or_default()
    );
    let path = dir.join("worker.yaml");
    fs::write(&path, &patched)?;
    println!(
        "6. Wrote {}: a worker config with ImageCacheConfig (local.enabled) and the IMAGECACHE volume on the system disk; valid for metal mode ({} documents)",
        path.display(),
        config.documents().count()
    );
    Ok(())
}

/// Step 7: a disk image with META, holding the network config the node needs first.
fn write_disk_image(dir: &Path) -> Result<()> {
    let disk = dir.join("disk.raw");
    blank_disk_image(&disk)?;
    let network = PlatformNetworkConfig::from_yaml(DEFAULT_NETWORK_CONFIG.as_bytes())
        .context("the embedded network config")?;
    let mut meta = MetaFile::open(&disk)?;
    meta.meta_mut().set(
        keys::METAL_NETWORK_PLATFORM_CONFIG,
        DEFAULT_NETWORK_CONFIG.as_bytes().to_vec(),
    )?;
    meta.flush()?;
    let region = meta.region();
    drop(meta);
    let reread = MetaFile::open(&disk)?;
    let stored = reread
        .meta()
        .get(keys::METAL_NETWORK_PLATFORM_CONFIG)
        .context("0x0a is missing after the write")?;
    ensure!(
        PlatformNetworkConfig::from_yaml(stored)? == network,
        "the network config read back differs"
    );
    println!(
        "7. Wrote the metal network config ({} links, {} addresses, {} routes) under key 0x0a of META at byte {} of {}, and read it back",
        network.links.len(),
        network.addresses.len(),
        network.routes.len(),
        region.offset,
        disk.display()
    );
    let values = Values(vec![Value::new(
        keys::METAL_NETWORK_PLATFORM_CONFIG,
        DEFAULT_NETWORK_CONFIG,
    )]);
    let arg = values.kernel_arg(true)?;
    ensure!(
        Values::from_kernel_cmdline(&arg)? == values,
        "the kernel argument does not decode to the same values"
    );
    println!(
        "   for an ISO or PXE boot instead, the same value as a kernel argument: {} bytes ({}…)",
        arg.len(),
        &arg[..arg.len().min(48)]
    );
    Ok(())
}

/// A sparse 64 MiB disk with a GPT: EFI, META (1 MiB) and STATE, as Talos partitions it.
fn blank_disk_image(path: &Path) -> Result<()> {
    use gpt::disk::LogicalBlockSize;
    use gpt::mbr::ProtectiveMBR;
    use gpt::partition_types::{EFI, LINUX_FS};

    let size = 64 * MIB;
    let file = fs::File::create(path)?;
    file.set_len(size)?;
    let mut file = fs::OpenOptions::new().read(true).write(true).open(path)?;
    ProtectiveMBR::with_lb_size(u32::try_from(size / 512 - 1)?).overwrite_lba0(&mut file)?;
    let mut gpt = gpt::GptConfig::new()
        .writable(true)
        .logical_block_size(LogicalBlockSize::Lb512)
        .create_from_device(file, None)?;
    gpt.update_partitions(std::collections::BTreeMap::new())?;
    gpt.add_partition("EFI", 16 * MIB, EFI, 0, None)?;
    gpt.add_partition(talos_meta::META_LABEL, MIB, LINUX_FS, 0, None)?;
    gpt.add_partition("STATE", 16 * MIB, LINUX_FS, 0, None)?;
    gpt.write()?;
    Ok(())
}
