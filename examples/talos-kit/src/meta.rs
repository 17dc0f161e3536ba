//! `talos-kit meta …`: read and edit META, and the `INSTALLER_META_BASE64` encoding.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use talos_meta::values::{Value, Values, gzip_supported};
use talos_meta::{Area, Layout, MetaFile, OpenOptions, keys};

/// META commands.
#[derive(Subcommand)]
pub enum MetaCommand {
    /// List the keys held in META, with their names and sizes.
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Print the value of a key to standard output (raw bytes, as stored).
    Get {
        #[command(flatten)]
        target: Target,
        /// Key: a number (`10`, `0x0a`) or a well-known name (`MetalNetworkPlatformConfig`).
        key: String,
    },
    /// Set a key. The value comes from the argument, `--file` or standard input (`-`).
    ///
    /// Values for 0x0a (the metal network config) are checked to parse as Talos would
    /// parse them, unless `--no-check`.
    Set {
        #[command(flatten)]
        target: Target,
        /// Key: a number (`10`, `0x0a`) or a well-known name.
        key: String,
        /// The value; `-` reads standard input.
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        value: Option<String>,
        /// Read the value from this file.
        #[arg(long, short)]
        file: Option<PathBuf>,
        /// Store a network config (0x0a) even if it does not parse.
        #[arg(long)]
        no_check: bool,
    },
    /// Delete a key (from the Talos area, or else from the legacy syslinux area).
    Delete {
        #[command(flatten)]
        target: Target,
        /// Key: a number (`10`, `0x0a`) or a well-known name.
        key: String,
    },
    /// Create a new, blank 1 MiB META partition file (as the installer does).
    Create {
        /// The file to create; it must not exist.
        path: PathBuf,
    },
    /// Encode KEY=VALUE pairs for `INSTALLER_META_BASE64` (or the kernel argument).
    EncodeEnv {
        /// Values as `KEY=VALUE`, keys in Go syntax (`10`, `0xa`, `0o12`).
        #[arg(required = true)]
        values: Vec<String>,
        /// Target Talos version: gzip is used only where it is supported (1.6.3+).
        #[arg(long, conflicts_with = "no_gzip")]
        talos_version: Option<String>,
        /// Never gzip (for Talos older than 1.6.3).
        #[arg(long)]
        no_gzip: bool,
        /// Print the whole `talos.environment=INSTALLER_META_BASE64=…` kernel argument.
        #[arg(long)]
        kernel_arg: bool,
    },
    /// Decode an `INSTALLER_META_BASE64` value, or every one in a kernel command line.
    DecodeEnv {
        /// The encoded value (or, with `--cmdline`, a whole kernel command line).
        encoded: String,
        /// Treat the argument as a kernel command line.
        #[arg(long)]
        cmdline: bool,
    },
}

/// Which META to work on.
#[derive(Args)]
pub struct Target {
    /// A META partition file, a block device, or a whole-disk image with a GPT.
    image: PathBuf,
    /// How to find META in IMAGE.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    layout: LayoutArg,
    /// Read META whose both Talos copies are corrupt as empty (Talos' behaviour).
    #[arg(long)]
    lenient: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    /// A partition if the file is 1 MiB or starts with the ADV magic, else a GPT disk.
    Auto,
    /// The whole file is the META partition.
    Partition,
    /// A disk image: META is the 1 MiB GPT partition labelled META.
    Disk,
}

impl Target {
    fn open(&self, read_only: bool) -> Result<MetaFile> {
        let layout = match self.layout {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Partition => Layout::Partition,
            LayoutArg::Disk => Layout::Disk,
        };
        let options = OpenOptions {
            layout,
            lenient: self.lenient,
            read_only,
        };
        Ok(MetaFile::open_with(&self.image, options)?)
    }
}

/// Runs one META command.
pub fn run(command: MetaCommand) -> Result<ExitCode> {
    match command {
        MetaCommand::List { target } => list(&target.open(true)?)?,
        MetaCommand::Get { target, key } => {
            let file = target.open(true)?;
            let key = keys::parse_key(&key)?;
            let Some(value) = file.meta().get(key) else {
                eprintln!("talos-kit: key 0x{key:02x} is not set");
                return Ok(ExitCode::from(2));
            };
            std::io::stdout().write_all(value)?;
        }
        MetaCommand::Set {
            target,
            key,
            value,
            file,
            no_check,
        } => {
            let key = keys::parse_key(&key)?;
            let value = read_value(value, file)?;
            if key == keys::METAL_NETWORK_PLATFORM_CONFIG && !no_check {
                talos_meta::network::PlatformNetworkConfig::from_yaml(&value)
                    .context("the value for 0x0a is not a network config Talos can read (use --no-check to store it anyway)")?;
            }
            let mut meta_file = target.open(false)?;
            meta_file.meta_mut().set(key, value)?;
            meta_file.flush()?;
        }
        MetaCommand::Delete { target, key } => {
            let key = keys::parse_key(&key)?;
            let mut file = target.open(false)?;
            if !file.meta_mut().delete(key) {
                eprintln!("talos-kit: key 0x{key:02x} is not set");
                return Ok(ExitCode::from(2));
            }
            file.flush()?;
        }
        MetaCommand::Create { path } => {
            MetaFile::create(&path)?;
            println!("created {}", path.display());
        }
        MetaCommand::EncodeEnv {
            values,
            talos_version,
            no_gzip,
            kernel_arg,
        } => {
            let values = parse_pairs(&values)?;
            let gzip = !no_gzip && talos_version.as_deref().is_none_or(gzip_supported);
            let encoded = if kernel_arg {
                values.kernel_arg(gzip)?
            } else {
                values.encode(gzip)?
            };
            println!("{encoded}");
        }
        MetaCommand::DecodeEnv { encoded, cmdline } => {
            let values = if cmdline {
                Values::from_kernel_cmdline(&encoded)?
            } else {
                Values::decode(encoded.trim())?
            };
            let mut out = std::io::stdout().lock();
            for value in &values.0 {
                out.write_all(&value.to_text())?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(file: &MetaFile) -> Result<()> {
    let meta = file.meta();
    for (key, area) in meta.keys() {
        let name = keys::describe(key).map_or("-", |known| known.name);
        let len = meta.get(key).map_or(0, <[u8]>::len);
        let area = match area {
            Area::Talos => "",
            Area::Legacy => "  (legacy area)",
        };
        println!("0x{key:02x}  {name:<28} {len:>7} bytes{area}");
    }
    Ok(())
}

fn read_value(value: Option<String>, file: Option<PathBuf>) -> Result<Vec<u8>> {
    match (value, file) {
        (_, Some(path)) => {
            std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
        }
        (Some(value), None) if value == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        (Some(value), None) => Ok(value.into_bytes()),
        (None, None) => bail!("give a value, --file or -"),
    }
}

fn parse_pairs(pairs: &[String]) -> Result<Values> {
    pairs
        .iter()
        .map(|pair| Value::parse(pair.as_bytes()).map_err(Into::into))
        .collect::<Result<_>>()
        .map(Values)
}
