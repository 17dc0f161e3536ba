//! Discovery: talos-discovery-crypto against the Go discovery client's construction (stdlib
//! AES-GCM with random nonces, per-block AES, vtprotobuf) on the same key and inputs.

use anyhow::Result;
use serde::Serialize;
use talos_conformance::{Oracle, b64};
use talos_discovery_crypto::prost::Message as _;
use talos_discovery_crypto::{ClusterKey, payload::Endpoint};
use talos_kit_benches::discovery_inputs::{CLUSTER_KEY, typical_affiliate, typical_endpoints};
use talos_kit_benches::{Row, min_time, ns_per_op};

#[derive(Serialize)]
struct KeyedBytes<'a> {
    #[serde(with = "b64")]
    key: &'a [u8],
    #[serde(with = "b64")]
    plaintext: &'a [u8],
    #[serde(with = "b64")]
    blob: &'a [u8],
}

#[derive(Serialize)]
struct EndpointJson<'a> {
    #[serde(with = "b64")]
    ip: &'a [u8],
    port: u32,
}

#[derive(Serialize)]
struct KeyedEndpoint<'a> {
    #[serde(with = "b64")]
    key: &'a [u8],
    endpoint: EndpointJson<'a>,
}

const REFERENCE: &str = "go stdlib + vtprotobuf (discovery-client)";

fn row(name: String, rust_ns: f64, reference_ns: f64) -> Row {
    Row {
        name,
        rust_ns,
        reference_ns,
        reference: REFERENCE.to_owned(),
    }
}

/// Seal, open, and endpoint encryption/decryption for IPv4 and IPv6.
pub fn run(oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let time = min_time()?;
    let min_ms = u64::try_from(time.as_millis())?;
    let key_bytes = CLUSTER_KEY;
    let key = ClusterKey::from_bytes(&key_bytes)?;
    let affiliate = typical_affiliate();
    let plaintext = affiliate.encode_to_vec();
    let blob = key.seal(&affiliate)?;
    let args = KeyedBytes {
        key: &key_bytes,
        plaintext: &plaintext,
        blob: &blob,
    };

    let rust = ns_per_op(time, || key.seal(&affiliate));
    let go = oracle.bench("discovery.seal", &args, min_ms)?;
    rows.push(row(
        format!("discovery/seal ({} B payload)", plaintext.len()),
        rust,
        go.ns_per_op,
    ));

    let rust = ns_per_op(time, || key.open(&blob));
    let go = oracle.bench("discovery.open", &args, min_ms)?;
    rows.push(row(
        format!("discovery/open ({} B blob)", blob.len()),
        rust,
        go.ns_per_op,
    ));

    for (name, endpoint) in typical_endpoints() {
        let encrypted = key.encrypt_endpoint(&endpoint)?;
        let rust = ns_per_op(time, || key.encrypt_endpoint(&endpoint));
        let go = oracle.bench(
            "discovery.endpoint.encrypt",
            &keyed_endpoint(&key_bytes, &endpoint),
            min_ms,
        )?;
        rows.push(row(
            format!("discovery/endpoint encrypt ({name})"),
            rust,
            go.ns_per_op,
        ));

        let rust = ns_per_op(time, || key.decrypt_endpoint(&encrypted));
        let go = oracle.bench(
            "discovery.endpoint.decrypt",
            &KeyedBytes {
                key: &key_bytes,
                plaintext: &[],
                blob: &encrypted,
            },
            min_ms,
        )?;
        rows.push(row(
            format!("discovery/endpoint decrypt ({name})"),
            rust,
            go.ns_per_op,
        ));
    }
    Ok(())
}

fn keyed_endpoint<'a>(key: &'a [u8], endpoint: &'a Endpoint) -> KeyedEndpoint<'a> {
    KeyedEndpoint {
        key,
        endpoint: EndpointJson {
            ip: &endpoint.ip,
            port: endpoint.port,
        },
    }
}
