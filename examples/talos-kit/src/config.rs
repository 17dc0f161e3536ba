//! `talos-kit config …`: load, re-encode and inspect Talos machine configurations.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use talos_config::yaml::emit;
use talos_config::{Config, TalosVersion, registry};

/// Config commands.
#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Re-encode a configuration in Talos' canonical form (what Talos writes after a patch).
    Fmt {
        /// Configuration file; `-` reads standard input.
        file: String,
        /// Write here instead of standard output (written to a temporary file, then renamed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Only check: exit 1 when the file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// List every document kind, with the Talos release that introduced it.
    Kinds {
        /// Only kinds a Talos of this version knows (e.g. `1.12`).
        #[arg(long)]
        talos: Option<String>,
    },
    /// Print one document of a configuration (`KIND` as in `kind:`; `v1alpha1` for the
    /// legacy document).
    Get {
        /// Configuration file; `-` reads standard input.
        file: String,
        /// The document kind.
        kind: String,
        /// The document name (for named kinds).
        #[arg(default_value = "")]
        name: String,
    },
    /// Validate configurations as `talosctl validate` does: warnings, then `FILE is valid
    /// for MODE mode` or the errors; exit 1 when any file is invalid.
    Validate {
        /// Configuration files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// The runtime mode: metal, cloud or container.
        #[arg(short, long)]
        mode: String,
        /// Treat the legacy document's warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Print the verdicts as JSON (warnings, errors with document and path, Go's text).
        #[arg(long)]
        json: bool,
    },
    /// Apply patches as `talosctl machineconfig patch` does: strategic merge patches (YAML
    /// documents, `$patch: delete`) and JSON patches (RFC 6902), in order.
    Patch {
        /// Configuration file; `-` reads standard input.
        file: String,
        /// A patch: `@file`, a file name, or the patch text (YAML or JSON); repeatable.
        #[arg(short, long = "patch", required = true)]
        patches: Vec<String>,
        /// Write here instead of standard output (written to a temporary file, then renamed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Show which of the given disks each volume's disk selector picks (the CEL expression
    /// Talos evaluates), from a configuration's volume documents or `--expr`.
    MatchDisk {
        /// Configuration file whose VolumeConfig/UserVolumeConfig/RawVolumeConfig/
        /// SwapVolumeConfig selectors are evaluated; `-` reads standard input.
        file: Option<String>,
        /// A selector expression to evaluate, e.g. `disk.transport == "nvme" && !system_disk`.
        #[arg(long)]
        expr: Option<String>,
        /// YAML or JSON list of disks, with Talos' DiskSpec fields (`dev_path`, `size`,
        /// `transport`, `rotational`, `model`, `serial`, …).
        #[arg(long)]
        disks: String,
        /// The device path of the system disk (`system_disk` is true for it).
        #[arg(long)]
        system_disk: Option<String>,
        /// Print the selections as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check that a Talos release knows every document of a configuration and every field
    /// set in it: exit 1 and name what it would reject otherwise (`RoutingRuleConfig/r1 needs
    /// Talos >= 1.13`, `v1alpha1: .machine.features.imageCache needs Talos >= 1.9`).
    CheckVersion {
        /// Configuration file; `-` reads standard input.
        file: String,
        /// The Talos version the configuration is for (e.g. `1.12` or `v1.12.4`).
        #[arg(long, visible_alias = "target")]
        talos: String,
    },
}

/// Runs a config command.
pub fn run(command: ConfigCommand) -> Result<ExitCode> {
    match command {
        ConfigCommand::Fmt {
            file,
            output,
            check,
        } => fmt(&file, output, check),
        ConfigCommand::Kinds { talos } => kinds(talos.as_deref()),
        ConfigCommand::Get { file, kind, name } => {
            let config = load(&file)?;
            let Some(doc) = config.find(&kind, &name) else {
                bail!("{file}: no {kind} document named {name:?}");
            };
            print!("{}", emit(&doc.to_node()));
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Validate {
            files,
            mode,
            strict,
            json,
        } => crate::config_validate::validate(&files, &mode, strict, json),
        ConfigCommand::Patch {
            file,
            patches,
            output,
        } => crate::config_patch::patch(&file, &patches, output),
        ConfigCommand::MatchDisk {
            file,
            expr,
            disks,
            system_disk,
            json,
        } => crate::config_match_disk::match_disk(
            file.as_deref(),
            expr.as_deref(),
            &disks,
            system_disk.as_deref(),
            json,
        ),
        ConfigCommand::CheckVersion { file, talos } => {
            let target = parse_version(&talos)?;
            let config = load(&file)?;
            let problems = config.check_version(target);
            for problem in &problems {
                println!("{problem}");
            }
            if problems.is_empty() {
                println!("{file}: every document and field is known to Talos {target}");
                Ok(ExitCode::SUCCESS)
            } else {
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

fn parse_version(text: &str) -> Result<TalosVersion> {
    TalosVersion::parse(text).with_context(|| format!("{text:?} is not a Talos version like 1.12"))
}

/// Reads a file (or standard input for `-`) and loads it as Talos does.
pub fn load(file: &str) -> Result<Config> {
    let bytes = read_input(file)?;
    Config::from_bytes(&bytes).with_context(|| format!("{file}: invalid configuration"))
}

/// The bytes of a file, or of standard input for `-`.
pub fn read_input(file: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("reading {file}"))?;
    }
    Ok(bytes)
}

fn fmt(file: &str, output: Option<PathBuf>, check: bool) -> Result<ExitCode> {
    let original = read_input(file)?;
    let config =
        Config::from_bytes(&original).with_context(|| format!("{file}: invalid configuration"))?;
    let canonical = config.encode();
    if check {
        if canonical.as_bytes() == original {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{file}: not in canonical form");
        return Ok(ExitCode::FAILURE);
    }
    match output {
        Some(path) => write_atomically(&path, canonical.as_bytes())?,
        None => print!("{canonical}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file in the same directory, so a crash never leaves half a file.
pub fn write_atomically(path: &PathBuf, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    std::io::Write::write_all(&mut temp, bytes)?;
    temp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn kinds(talos: Option<&str>) -> Result<ExitCode> {
    let target = talos.map(parse_version).transpose()?;
    let mut entries: Vec<_> = registry::KINDS
        .iter()
        .filter(|entry| target.is_none_or(|t| entry.since <= t))
        .collect();
    entries.sort_by_key(|entry| entry.kind);
    println!("{:<32} {:<6} {:<6} GO TYPE", "KIND", "NAMED", "SINCE");
    for entry in entries {
        println!(
            "{:<32} {:<6} {:<6} {}",
            entry.kind,
            if entry.named { "yes" } else { "no" },
            entry.since.to_string(),
            entry.go_type()
        );
    }
    Ok(ExitCode::SUCCESS)
}
