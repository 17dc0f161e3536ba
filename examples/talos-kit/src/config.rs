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
    /// Check that a Talos release knows every document of a configuration: exit 1 and name
    /// the documents it would reject otherwise.
    CheckVersion {
        /// Configuration file; `-` reads standard input.
        file: String,
        /// The Talos version the configuration is for (e.g. `1.12` or `v1.12.4`).
        #[arg(long)]
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
        ConfigCommand::CheckVersion { file, talos } => {
            let target = parse_version(&talos)?;
            let config = load(&file)?;
            let problems = config.check_version(target);
            for problem in &problems {
                println!("{problem}");
            }
            if problems.is_empty() {
                println!("{file}: every document is known to Talos {target}");
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
