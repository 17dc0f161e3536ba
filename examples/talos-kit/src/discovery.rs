//! `talos-kit discovery …`: node identities, affiliate blobs and endpoint blobs of the Talos
//! discovery service.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use clap::{Args, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};
use talos_discovery_crypto::payload::{
    Affiliate, ControlPlane, Endpoint, IpPrefix, KubeSpan, ip_from_binary, ip_to_binary,
};
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
            Self::Hex => to_hex(bytes),
        }
    }

    fn decode(self, text: &str) -> Result<Vec<u8>> {
        let text = text.trim();
        match self {
            Self::Base64 => STANDARD.decode(text).context("the blob is not base64"),
            Self::Hex => from_hex(text).context("the blob is not hex"),
        }
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
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

// ----------------------------------------------------------------------------------------
// The readable payload: IPs and prefixes as text. Addresses that are not 4 or 16 bytes
// (foreign or broken data) appear as `hex:…` so that nothing is lost.

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PayloadDocument {
    #[serde(default)]
    node_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    addresses: Vec<String>,
    #[serde(default)]
    hostname: String,
    #[serde(default)]
    nodename: String,
    #[serde(default)]
    machine_type: String,
    #[serde(default)]
    operating_system: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kubespan: Option<KubeSpanDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    control_plane: Option<ControlPlaneDocument>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KubeSpanDocument {
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    address: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    additional_addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exclude_advertised_addresses: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ControlPlaneDocument {
    #[serde(default)]
    api_server_port: u32,
}

const RAW_PREFIX: &str = "hex:";

fn address_text(bytes: &[u8]) -> String {
    match ip_from_binary(bytes) {
        Some(ip) => ip.to_string(),
        None if bytes.is_empty() => String::new(),
        None => format!("{RAW_PREFIX}{}", to_hex(bytes)),
    }
}

fn address_bytes(text: &str) -> Result<Vec<u8>> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(hex) = text.strip_prefix(RAW_PREFIX) {
        return from_hex(hex).with_context(|| format!("bad hex address {text:?}"));
    }
    let ip: IpAddr = text
        .parse()
        .with_context(|| format!("{text:?} is not an IP address"))?;
    Ok(ip_to_binary(ip))
}

fn prefix_text(prefix: &IpPrefix) -> String {
    format!("{}/{}", address_text(&prefix.ip), prefix.bits)
}

fn prefix_from_text(text: &str) -> Result<IpPrefix> {
    let (address, bits) = text
        .rsplit_once('/')
        .with_context(|| format!("{text:?} is not a prefix (ADDRESS/BITS)"))?;
    Ok(IpPrefix {
        ip: address_bytes(address)?,
        bits: bits
            .parse()
            .with_context(|| format!("bad prefix length in {text:?}"))?,
    })
}

impl From<&Affiliate> for PayloadDocument {
    fn from(affiliate: &Affiliate) -> Self {
        Self {
            node_id: affiliate.node_id.clone(),
            addresses: affiliate
                .addresses
                .iter()
                .map(|a| address_text(a))
                .collect(),
            hostname: affiliate.hostname.clone(),
            nodename: affiliate.nodename.clone(),
            machine_type: affiliate.machine_type.clone(),
            operating_system: affiliate.operating_system.clone(),
            kubespan: affiliate
                .kubespan
                .as_ref()
                .map(|kubespan| KubeSpanDocument {
                    public_key: kubespan.public_key.clone(),
                    address: address_text(&kubespan.address),
                    additional_addresses: kubespan
                        .additional_addresses
                        .iter()
                        .map(prefix_text)
                        .collect(),
                    exclude_advertised_addresses: kubespan
                        .exclude_advertised_addresses
                        .iter()
                        .map(prefix_text)
                        .collect(),
                }),
            control_plane: affiliate.control_plane.as_ref().map(|control_plane| {
                ControlPlaneDocument {
                    api_server_port: control_plane.api_server_port,
                }
            }),
        }
    }
}

impl PayloadDocument {
    fn to_affiliate(&self) -> Result<Affiliate> {
        let prefixes = |texts: &[String]| -> Result<Vec<IpPrefix>> {
            texts.iter().map(|text| prefix_from_text(text)).collect()
        };
        Ok(Affiliate {
            node_id: self.node_id.clone(),
            addresses: self
                .addresses
                .iter()
                .map(|text| address_bytes(text))
                .collect::<Result<_>>()?,
            hostname: self.hostname.clone(),
            nodename: self.nodename.clone(),
            machine_type: self.machine_type.clone(),
            operating_system: self.operating_system.clone(),
            kubespan: self
                .kubespan
                .as_ref()
                .map(|kubespan| -> Result<KubeSpan> {
                    Ok(KubeSpan {
                        public_key: kubespan.public_key.clone(),
                        address: address_bytes(&kubespan.address)?,
                        additional_addresses: prefixes(&kubespan.additional_addresses)?,
                        exclude_advertised_addresses: prefixes(
                            &kubespan.exclude_advertised_addresses,
                        )?,
                    })
                })
                .transpose()?,
            control_plane: self
                .control_plane
                .as_ref()
                .map(|control_plane| ControlPlane {
                    api_server_port: control_plane.api_server_port,
                }),
        })
    }
}

// ----------------------------------------------------------------------------------------

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
            let document: PayloadDocument =
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
            let document = PayloadDocument::from(&key.open(&blob)?);
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
    println!("bytes: {}", to_hex(&id.to_bytes()));
    match id.machine_id() {
        Ok(machine_id) => println!("machine-id: {machine_id}"),
        Err(error) => println!("machine-id: none ({error})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TALOS_PAYLOAD: &str = "\
nodeId: gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE
addresses: [192.168.3.4]
hostname: foo.com
nodename: bar
machineType: controlplane
operatingSystem: Talos (v1.12.0)
kubespan:
  publicKey: PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=
  address: fd50:8d60:4238:6302:f857:23ff:fe21:d1e0
  additionalAddresses: [10.244.3.1/24]
  excludeAdvertisedAddresses: [0.0.0.0/0]
controlPlane:
  apiServerPort: 6443
";

    #[test]
    fn payload_document_round_trip() {
        let document: PayloadDocument = serde_yaml::from_str(TALOS_PAYLOAD).unwrap();
        let affiliate = document.to_affiliate().unwrap();
        assert_eq!(affiliate.addresses, [vec![192, 168, 3, 4]]);
        let kubespan = affiliate.kubespan.as_ref().unwrap();
        assert_eq!(kubespan.exclude_advertised_addresses[0].ip, [0, 0, 0, 0]);
        assert_eq!(
            affiliate.control_plane.as_ref().unwrap().api_server_port,
            6443
        );
        let rewritten = serde_yaml::to_string(&PayloadDocument::from(&affiliate)).unwrap();
        let again: PayloadDocument = serde_yaml::from_str(&rewritten).unwrap();
        assert_eq!(again.to_affiliate().unwrap(), affiliate);
    }

    #[test]
    fn odd_addresses_survive() {
        let affiliate = Affiliate {
            addresses: vec![vec![1, 2, 3]],
            ..Affiliate::default()
        };
        let document = PayloadDocument::from(&affiliate);
        assert_eq!(document.addresses, ["hex:010203"]);
        assert_eq!(document.to_affiliate().unwrap(), affiliate);
    }

    #[test]
    fn json_payloads_are_accepted() {
        let document: PayloadDocument =
            serde_yaml::from_str(r#"{"nodeId": "abc", "controlPlane": {"apiServerPort": 1}}"#)
                .unwrap();
        assert_eq!(document.to_affiliate().unwrap().node_id, "abc");
        assert!(serde_yaml::from_str::<PayloadDocument>("nodeid: typo").is_err());
    }
}
