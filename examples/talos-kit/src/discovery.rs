//! `talos-kit discovery …`: node identities, affiliate blobs and endpoint blobs of the Talos
//! discovery service.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use clap::{Args, Subcommand, ValueEnum};
use talos_discovery_crypto::document::{AffiliateDocument, address_text};
use talos_discovery_crypto::payload::Endpoint;
use talos_discovery_crypto::{ClusterKey, DEFAULT_KEY_LEN, NodeId};
use zeroize::Zeroizing;

/// Discovery commands.
#[derive(Subcommand)]
pub enum DiscoveryCommand {
    /// Node identities (the affiliate ID) and the machine-id derived from them.
    #[command(subcommand)]
    NodeId(NodeIdCommand),
    /// Encrypt an affiliate payload (YAML or JSON, from a file or standard input) into the blob
    /// sent to the discovery service.
    Seal {
        #[command(flatten)]
        secret: SecretArgs,
        /// Payload file (YAML or JSON); `-` or nothing reads standard input.
        #[arg(default_value = "-")]
        input: String,
        /// How to print the blob.
        #[arg(long, value_enum, default_value_t = Encoding::Base64)]
        encoding: Encoding,
    },
    /// Decrypt an affiliate blob and print the payload.
    Open {
        #[command(flatten)]
        secret: SecretArgs,
        /// The blob; `-` or nothing reads standard input.
        #[arg(default_value = "-")]
        blob: String,
        /// How the blob is written.
        #[arg(long, value_enum, default_value_t = Encoding::Base64)]
        encoding: Encoding,
        /// Print JSON instead of YAML.
        #[arg(long)]
        json: bool,
    },
    /// Encrypt or decrypt endpoint blobs (AES-ECB, deterministic).
    #[command(subcommand)]
    Endpoint(EndpointCommand),
}

/// `discovery node-id …`.
#[derive(Subcommand)]
pub enum NodeIdCommand {
    /// Generate a node identity (32 random bytes, base62) as Talos does at install.
    New {
        /// Also write it as a new `node-identity.yaml` (mode 0600; refuses to overwrite).
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// Decode a node identity: its bytes and the `/etc/machine-id` Talos derives from it.
    Decode {
        /// The node ID.
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        node_id: Option<String>,
        /// Read it from a `node-identity.yaml`.
        #[arg(long, short)]
        file: Option<PathBuf>,
    },
}

/// `discovery endpoint …`.
#[derive(Subcommand)]
pub enum EndpointCommand {
    /// Encrypt `IP:PORT` (IPv6 as `[addr]:port`) as the discovery client does.
    Encrypt {
        #[command(flatten)]
        secret: SecretArgs,
        /// The endpoint.
        endpoint: SocketAddr,
        /// How to print the blob.
        #[arg(long, value_enum, default_value_t = Encoding::Base64)]
        encoding: Encoding,
    },
    /// Decrypt an endpoint blob and print `IP:PORT`.
    Decrypt {
        #[command(flatten)]
        secret: SecretArgs,
        /// The blob.
        blob: String,
        /// How the blob is written.
        #[arg(long, value_enum, default_value_t = Encoding::Base64)]
        encoding: Encoding,
    },
}

/// Where the cluster secret comes from.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct SecretArgs {
    /// The cluster secret (base64, `cluster.secret` / `clusterSecret`). Visible to other
    /// users in the process list; prefer `--secret-file` on shared machines.
    #[arg(long)]
    secret: Option<String>,
    /// Read the cluster secret from this file (surrounding whitespace is ignored).
    #[arg(long)]
    secret_file: Option<PathBuf>,
}

impl SecretArgs {
    fn key(&self) -> Result<ClusterKey> {
        let secret = match (&self.secret, &self.secret_file) {
            (Some(secret), _) => Zeroizing::new(secret.clone()),
            (None, Some(path)) => Zeroizing::new(
                std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?,
            ),
            (None, None) => bail!("give --secret or --secret-file"),
        };
        let key = ClusterKey::from_cluster_secret(secret.trim())?;
        if key.bits() != DEFAULT_KEY_LEN * 8 {
            eprintln!(
                "talos-kit: warning: the cluster secret is an AES-{} key; Talos generates \
                 AES-256 (32-byte) secrets and DiscoveryIdentityConfig accepts only those",
                key.bits()
            );
        }
        Ok(key)
    }
}

/// Text form of binary blobs.
#[derive(Clone, Copy, ValueEnum)]
pub enum Encoding {
    /// Standard base64 (as in gRPC JSON and the service's inspect page).
    Base64,
    /// Lowercase hex.
    Hex,
}

impl Encoding {
    fn encode(self, bytes: &[u8]) -> String {
        match self {
            Self::Base64 => STANDARD.encode(bytes),
            Self::Hex => hex::encode(bytes),
        }
    }

    fn decode(self, text: &str) -> Result<Vec<u8>> {
        let text = text.trim();
        match self {
            Self::Base64 => STANDARD.decode(text).context("the blob is not base64"),
            Self::Hex => hex::decode(text).context("the blob is not hex"),
        }
    }
}

/// The argument, or standard input for `-`.
fn read_argument_or_stdin(argument: &str) -> Result<String> {
    if argument != "-" {
        return Ok(argument.to_owned());
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("reading standard input")?;
    Ok(text)
}

/// The file's content, or standard input for `-`.
fn read_file_or_stdin(path: &str) -> Result<String> {
    if path == "-" {
        return read_argument_or_stdin(path);
    }
    std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
}

/// Runs one discovery command.
pub fn run(command: DiscoveryCommand) -> Result<ExitCode> {
    match command {
        DiscoveryCommand::NodeId(NodeIdCommand::New { write }) => {
            let id = NodeId::generate()?;
            if let Some(path) = write {
                id.write_identity_file(&path)?;
            }
            println!("{id}");
        }
        DiscoveryCommand::NodeId(NodeIdCommand::Decode { node_id, file }) => {
            let id = match (node_id, file) {
                (_, Some(path)) => NodeId::read_identity_file(&path)?,
                (Some(text), None) => NodeId::parse(text.trim())?,
                (None, None) => bail!("give a node ID or --file"),
            };
            print_node_id(&id);
        }
        DiscoveryCommand::Seal {
            secret,
            input,
            encoding,
        } => {
            let key = secret.key()?;
            let text = read_file_or_stdin(&input)?;
            // YAML is a superset of JSON, so one parser reads both.
            let document: AffiliateDocument =
                serde_yaml::from_str(&text).context("the payload is not valid YAML/JSON")?;
            let blob = key.seal(&document.to_affiliate()?)?;
            println!("{}", encoding.encode(&blob));
        }
        DiscoveryCommand::Open {
            secret,
            blob,
            encoding,
            json,
        } => {
            let key = secret.key()?;
            let blob = encoding.decode(&read_argument_or_stdin(&blob)?)?;
            let document = AffiliateDocument::from(&key.open(&blob)?);
            if json {
                println!("{}", serde_json::to_string_pretty(&document)?);
            } else {
                print!("{}", serde_yaml::to_string(&document)?);
            }
        }
        DiscoveryCommand::Endpoint(EndpointCommand::Encrypt {
            secret,
            endpoint,
            encoding,
        }) => {
            let blob = secret
                .key()?
                .encrypt_endpoint(&Endpoint::from_socket_addr(endpoint))?;
            println!("{}", encoding.encode(&blob));
        }
        DiscoveryCommand::Endpoint(EndpointCommand::Decrypt {
            secret,
            blob,
            encoding,
        }) => {
            let endpoint = secret.key()?.decrypt_endpoint(&encoding.decode(&blob)?)?;
            match endpoint.socket_addr() {
                Some(address) => println!("{address}"),
                None => println!("{} port {}", address_text(&endpoint.ip), endpoint.port),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_node_id(id: &NodeId) {
    println!("node-id: {id}");
    println!("bytes: {}", hex::encode(id.to_bytes()));
    match id.machine_id() {
        Ok(machine_id) => println!("machine-id: {machine_id}"),
        Err(error) => println!("machine-id: none ({error})"),
    }
}
