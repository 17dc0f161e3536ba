//! `talos-kit`: Talos Linux data formats from the command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod config;
mod config_match_disk;
mod config_patch;
mod config_validate;
mod demo;
mod discovery;
mod imagecache;
mod meta;

/// Talos Linux data formats without talosctl: META partitions, discovery data, machine
/// configuration and image caches.
#[derive(Parser)]
#[command(name = "talos-kit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Walk through an air-gapped install offline on embedded defaults: images, image cache,
    /// verify, pack, serve and pull back, a worker config with the cache, META network config.
    Demo(demo::DemoArgs),
    /// Read and edit the META partition (raw partition file, block device or disk image).
    #[command(subcommand)]
    Meta(meta::MetaCommand),
    /// Discovery service data: node identities, affiliate blobs and endpoint blobs.
    #[command(subcommand)]
    Discovery(discovery::DiscoveryCommand),
    /// Machine configuration: canonical formatting, kinds, documents, version checks.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// The air-gapped image cache: create, verify, pack, unpack, serve, default images.
    #[command(subcommand)]
    Imagecache(imagecache::ImageCacheCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Meta(command) => meta::run(command),
        Command::Discovery(command) => discovery::run(command),
        Command::Config(command) => config::run(command),
        Command::Imagecache(command) => imagecache::run(command),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("talos-kit: {error:#}");
            ExitCode::FAILURE
        }
    }
}
