//! `talos-kit demo`: the whole META story on embedded defaults, offline.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, ensure};
use clap::Args;
use talos_meta::network::PlatformNetworkConfig;
use talos_meta::values::{Value, Values};
use talos_meta::{MetaFile, keys};

/// The network config written by the demo: a bonded, VLAN-tagged static setup.
const DEFAULT_NETWORK_CONFIG: &str = include_str!("default-network.yaml");

/// Options of `talos-kit demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// Where to write the demo's files (default: a fresh temporary directory, removed after).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// Writes a META partition with a network config, reads it back, and shows the kernel
/// argument that would carry the same values into a booting installer.
pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let temp;
    let temp_used = args.dir.is_none();
    let dir = match args.dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            dir
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_owned()
        }
    };
    let image = dir.join("meta.img");
    if image.exists() {
        std::fs::remove_file(&image)?;
    }

    let kept = if temp_used {
        " (removed at the end; --dir keeps it)"
    } else {
        ""
    };
    println!(
        "1. Create a blank 1 MiB META partition: {}{kept}",
        image.display()
    );
    let mut file = MetaFile::create(&image)?;

    let network = PlatformNetworkConfig::from_yaml(DEFAULT_NETWORK_CONFIG.as_bytes())
        .context("the embedded network config")?;
    println!(
        "2. Store the metal network config under 0x0a ({} links, {} addresses, {} routes)",
        network.links.len(),
        network.addresses.len(),
        network.routes.len()
    );
    let meta = file.meta_mut();
    meta.set(
        keys::METAL_NETWORK_PLATFORM_CONFIG,
        DEFAULT_NETWORK_CONFIG.as_bytes().to_vec(),
    )?;
    meta.set(
        keys::USER_RESERVED1,
        br#"{"machineLabels":{"rack":"r12"}}"#.to_vec(),
    )?;
    file.flush()?;
    drop(file);

    println!("3. Read it back:");
    let reread = MetaFile::open(&image)?;
    for (key, _) in reread.meta().keys() {
        let name = keys::describe(key).map_or("-", |known| known.name);
        let len = reread.meta().get(key).map_or(0, <[u8]>::len);
        println!("   0x{key:02x}  {name:<28} {len:>5} bytes");
    }
    let stored = reread
        .meta()
        .get(keys::METAL_NETWORK_PLATFORM_CONFIG)
        .context("0x0a is missing after the write")?;
    ensure!(
        PlatformNetworkConfig::from_yaml(stored)? == network,
        "the network config read back differs from the one written"
    );
    println!("   the network config parses back to the same structure");

    let values = Values(vec![
        Value::new(keys::METAL_NETWORK_PLATFORM_CONFIG, DEFAULT_NETWORK_CONFIG),
        Value::new(keys::USER_RESERVED1, r#"{"machineLabels":{"rack":"r12"}}"#),
    ]);
    let arg = values.kernel_arg(true)?;
    println!(
        "4. The same values for an ISO or PXE boot ({} bytes of kernel command line, gzip):",
        arg.len()
    );
    println!("   {arg}");
    ensure!(
        Values::from_kernel_cmdline(&arg)? == values,
        "the kernel argument does not decode to the same values"
    );
    println!("   decodes back to the same {} values", values.0.len());
    Ok(ExitCode::SUCCESS)
}
