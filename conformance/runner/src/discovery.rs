//! Discovery: base62 node identities, machine-ids, `node-identity.yaml`, cluster secrets, the
//! KubeSpan ULA prefix, affiliate protobufs, AES-GCM affiliate blobs, AES-ECB endpoint blobs and
//! service messages, against jxskiss/base62, discovery-api v0.1.8 and the stdlib construction of
//! discovery-client v0.1.15; then the real discovery client, run against a fake service inside
//! the oracle, for sealing and for merging Watch messages.

use anyhow::Result;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom as _;
use rand::{Rng, RngCore as _, SeedableRng};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use talos_conformance::{Oracle, Tally, b64, same};
use talos_discovery_crypto::payload::{Affiliate, ControlPlane, Endpoint, IpPrefix, KubeSpan};
use talos_discovery_crypto::prost::Message as _;
use talos_discovery_crypto::service::{self, AffiliateUpdateRequest, Duration, WatchResponse};
use talos_discovery_crypto::{
    AffiliateSet, ClusterId, ClusterKey, EndpointError, NodeId, OpenError, UlaPurpose, base62,
};

/// Random byte strings encoded by both base62 implementations.
const BASE62_BYTES: usize = 1000;
/// Random alphabet strings decoded by both (including ones the encoder never produces).
const BASE62_STRINGS: usize = 500;
const NODE_IDS: usize = 300;
const SECRETS: usize = 300;
/// Random affiliates; each one is encoded, decoded, sealed and opened by both sides.
const PAYLOADS: usize = 1000;
const ENDPOINTS: usize = 1000;
const DAMAGED_BLOBS: usize = 300;
const GARBAGE_ENDPOINTS: usize = 500;
const UPDATE_REQUESTS: usize = 300;
/// Payloads sealed by the real Go client (each needs a round trip through its Run loop).
const CLIENT_SEALS: usize = 100;
/// Random Watch scripts replayed through the real Go client and through `AffiliateSet`.
const WATCH_SCRIPTS: usize = 40;

const SPEC_SECRET: &str = "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=";
const SPEC_NONCE: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/// Lists of byte strings as lists of base64 strings (JSON null reads as empty).
mod b64_list {
    use super::*;

    pub fn serialize<S: Serializer>(items: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        let encoded: Vec<String> = items.iter().map(|item| STANDARD.encode(item)).collect();
        encoded.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        Option::<Vec<Option<String>>>::deserialize(d)?
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                STANDARD
                    .decode(item.unwrap_or_default())
                    .map_err(serde::de::Error::custom)
            })
            .collect()
    }
}

fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PrefixJson {
    #[serde(with = "b64")]
    ip: Vec<u8>,
    bits: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct KubeSpanJson {
    public_key: String,
    #[serde(with = "b64")]
    address: Vec<u8>,
    #[serde(deserialize_with = "null_as_default")]
    additional_addresses: Vec<PrefixJson>,
    #[serde(deserialize_with = "null_as_default")]
    exclude_advertised_addresses: Vec<PrefixJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ControlPlaneJson {
    api_server_port: u32,
}

/// An affiliate in the oracle's JSON form; Go fills its struct by field *name*, so equal
/// encodings prove equal field numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct AffiliateJson {
    node_id: String,
    #[serde(with = "b64_list")]
    addresses: Vec<Vec<u8>>,
    hostname: String,
    nodename: String,
    machine_type: String,
    operating_system: String,
    kubespan: Option<KubeSpanJson>,
    control_plane: Option<ControlPlaneJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct EndpointJson {
    #[serde(with = "b64")]
    ip: Vec<u8>,
    port: u32,
}

fn prefixes_to_json(prefixes: &[IpPrefix]) -> Vec<PrefixJson> {
    prefixes
        .iter()
        .map(|prefix| PrefixJson {
            ip: prefix.ip.clone(),
            bits: prefix.bits,
        })
        .collect()
}

impl From<&Affiliate> for AffiliateJson {
    fn from(affiliate: &Affiliate) -> Self {
        Self {
            node_id: affiliate.node_id.clone(),
            addresses: affiliate.addresses.clone(),
            hostname: affiliate.hostname.clone(),
            nodename: affiliate.nodename.clone(),
            machine_type: affiliate.machine_type.clone(),
            operating_system: affiliate.operating_system.clone(),
            kubespan: affiliate.kubespan.as_ref().map(|kubespan| KubeSpanJson {
                public_key: kubespan.public_key.clone(),
                address: kubespan.address.clone(),
                additional_addresses: prefixes_to_json(&kubespan.additional_addresses),
                exclude_advertised_addresses: prefixes_to_json(
                    &kubespan.exclude_advertised_addresses,
                ),
            }),
            control_plane: affiliate
                .control_plane
                .as_ref()
                .map(|control_plane| ControlPlaneJson {
                    api_server_port: control_plane.api_server_port,
                }),
        }
    }
}

impl From<&Endpoint> for EndpointJson {
    fn from(endpoint: &Endpoint) -> Self {
        Self {
            ip: endpoint.ip.clone(),
            port: endpoint.port,
        }
    }
}

#[derive(Serialize)]
struct KeyedBlob<'a> {
    #[serde(with = "b64")]
    key: &'a [u8],
    #[serde(with = "b64")]
    blob: &'a [u8],
}

#[derive(Serialize)]
struct SealRequest<'a> {
    #[serde(with = "b64")]
    key: &'a [u8],
    #[serde(with = "b64")]
    nonce: &'a [u8],
    #[serde(with = "b64")]
    plaintext: &'a [u8],
}

#[derive(Serialize)]
struct KeyedEndpoint<'a> {
    #[serde(with = "b64")]
    key: &'a [u8],
    endpoint: EndpointJson,
}

#[derive(Deserialize)]
struct BlobResult {
    #[serde(with = "b64")]
    blob: Vec<u8>,
}

#[derive(Deserialize)]
struct PlaintextResult {
    #[serde(with = "b64")]
    plaintext: Vec<u8>,
}

#[derive(Deserialize)]
struct PbResult {
    #[serde(with = "b64")]
    pb: Vec<u8>,
}

#[derive(Deserialize)]
struct TextResult {
    text: String,
}

#[derive(Deserialize)]
struct DataResult {
    #[serde(with = "b64")]
    data: Vec<u8>,
}

fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .filter_map(|i| text.get(i..i + 2))
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect()
}

fn spec_key_bytes() -> Vec<u8> {
    STANDARD.decode(SPEC_SECRET).unwrap_or_default()
}

/// The whole area.
pub fn run(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let seed = std::env::var("DISCOVERY_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(0x7a1d_05c0_ffee);
    let mut rng = StdRng::seed_from_u64(seed);
    spec_vectors(oracle, tally)?;
    base62_cases(oracle, tally, &mut rng)?;
    identity_cases(oracle, tally, &mut rng)?;
    secret_cases(oracle, tally, &mut rng)?;
    payload_cases(oracle, tally, &mut rng)?;
    endpoint_cases(oracle, tally, &mut rng)?;
    damaged_blob_cases(oracle, tally, &mut rng)?;
    garbage_endpoint_cases(oracle, tally, &mut rng)?;
    service_cases(oracle, tally, &mut rng)?;
    client_seal_cases(oracle, tally, &mut rng)?;
    watch_script_cases(oracle, tally, &mut rng)?;
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Spec §7

fn spec_affiliates() -> Vec<(&'static str, Affiliate, &'static str, &'static str)> {
    let v1 = Affiliate {
        node_id: "af_1".into(),
        addresses: vec![vec![1, 2, 3]],
        hostname: "host1".into(),
        nodename: "node1".into(),
        machine_type: "controlplane".into(),
        ..Affiliate::default()
    };
    let v3 = Affiliate {
        node_id: "gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE".into(),
        addresses: vec![hex("c0a80304")],
        hostname: "foo.com".into(),
        nodename: "bar".into(),
        machine_type: "controlplane".into(),
        operating_system: "Talos (v1.12.0)".into(),
        kubespan: Some(KubeSpan {
            public_key: "PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=".into(),
            address: hex("fd508d6042386302f85723fffe21d1e0"),
            additional_addresses: vec![IpPrefix {
                ip: hex("0af40301"),
                bits: 24,
            }],
            exclude_advertised_addresses: vec![],
        }),
        control_plane: Some(ControlPlane {
            api_server_port: 6443,
        }),
    };
    vec![
        (
            "V1",
            v1,
            "0a0461665f3112030102031a05686f73743122056e6f6465312a0c636f6e74726f6c706c616e65",
            "000102030405060708090a0bcbb0e38506e7cba705cfd1d07bd00fbb5709fc032616f18dc4c4282f
             d14a9240cbc2af2736a67b74d27da485636e27a96a662df4d5e4f4",
        ),
        (
            "V2",
            Affiliate::default(),
            "",
            "000102030405060708090a0b08d05f01829890e4a0b9c30222ad0691",
        ),
        (
            "V3",
            v3,
            "0a2c677671665332374c784435386c506c41536d706175656552567a756f66313669586f69655267
             4576425761451204c0a803041a07666f6f2e636f6d22036261722a0c636f6e74726f6c706c616e
             65320f54616c6f73202876312e31322e30293a4a0a2c504c504e4264646d5467484a6874773076
             786c7471315a4264505039524e4f455564354a6a4a5a7a4252593d1210fd508d6042386302f857
             23fffe21d1e01a080a040af403011018420308ab32",
            "000102030405060708090a0bcb98e59528b08a963381aa8e4b800c984f798d6b3818e08d90bc72
             36cb4b800392c787243ead4c00d8bc2250d70e5d4086446c9de3eb6f77a82314df90a7c801ecbc0b
             9dc20e568e3f9c314992a83af3fa5b787df0f53af09d443d50bbb34a1dc0e1222c3ec1d4ba6fea5f
             6d771805db526f75260e0a185fe9b8b4588369a2dcd7dfd3f9780b9545b6ddf1624c142aba479090
             5fd057172d996ff4ff64d72d08fa7b7e79161347bc64883e5b23a2d86c995e83476335afcbda51df
             aadd08804685e9",
        ),
    ]
}

fn spec_vectors(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let counting: Vec<u8> = (0..32).collect();
    let base62_vectors: Vec<(Vec<u8>, String)> = vec![
        (
            counting,
            "fwjO4YDNyAjLsoCKmQiIg4BHaghFUIBEOwgCIYABCAA".into(),
        ),
        (vec![0; 32], "A".repeat(43)),
        (vec![0xff; 32], format!("{}B", "f".repeat(51))),
        (vec![0, 1], "BAA".into()),
        (vec![1], "BA".into()),
        (vec![0], "AA".into()),
        (vec![0xff], "fH".into()),
        (vec![0x3e], "eB".into()),
        (
            "Hello, 世界！".as_bytes().to_vec(),
            "By77MW55WiL5gwybsxWZIB".into(),
        ),
        (vec![], String::new()),
        (
            hex("be871ac0d0dd31fa4caca753b0f3f1b2970f5c19dfbde7dd7932e37cb2eeea2c"),
            "sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L".into(),
        ),
        (
            hex("8d2c0de2408fa2a178bad7f45d9aa8fbd7354cc90129f2f9c87897dec97eabe0"),
            "gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE".into(),
        ),
        (
            hex("52314ec06260c5eb0fb7fcb656967422e7ff113f80eae303cfa013c0ae4b5c7b"),
            "7x1SuC8Ege5BGXdAfTEff5iQnlWZLfv9h1LGMxA2pYkC".into(),
        ),
    ];
    for (bytes, text) in &base62_vectors {
        let go: TextResult = oracle.expect(
            "discovery.base62.encode",
            &serde_json::json!({ "data": STANDARD.encode(bytes) }),
        )?;
        let rust = base62::encode(bytes);
        let outcome = same("spec encoding", &rust, text)
            .and_then(|()| same("go encoding", &go.text, text))
            .and_then(|()| {
                same(
                    "decoding",
                    &base62::decode(text).map_err(|e| e.to_string()),
                    &Ok(bytes.clone()),
                )
            });
        tally.record(&format!("spec base62 {text:?}"), outcome);
    }

    let machine_ids = [
        (
            "sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L",
            "be871ac0d0dd31fa4caca753b0f3f1b2",
        ),
        (
            "gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE",
            "8d2c0de2408fa2a178bad7f45d9aa8fb",
        ),
    ];
    for (node_id, expected) in machine_ids {
        let rust = NodeId::parse(node_id)
            .map_err(|e| e.to_string())
            .and_then(|id| id.machine_id().map_err(|e| e.to_string()))
            .map(|id| id.to_string());
        let go = go_machine_id(oracle, node_id)?;
        let outcome = same("rust", &rust, &Ok(expected.to_owned()))
            .and_then(|()| same("go", &go, &Ok(expected.to_owned())));
        tally.record(&format!("spec machine-id {node_id}"), outcome);
    }

    let yaml = "nodeId: gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE\n";
    let outcome = NodeId::from_identity_yaml(yaml)
        .map_err(|e| e.to_string())
        .and_then(|id| {
            same("rewritten", &id.to_identity_yaml(), &yaml.to_owned())?;
            same(
                "machine-id",
                &id.machine_id().map(|m| m.to_string()).ok(),
                &Some("8d2c0de2408fa2a178bad7f45d9aa8fb".to_owned()),
            )
        });
    tally.record("spec node-identity.yaml", outcome);

    let affiliate_id = "7x1SuC8Ege5BGXdAfTEff5iQnlWZLfv9h1LGMxA2pYkC";
    tally.record(
        "spec test-client affiliate ID",
        same(
            "decoded length",
            &NodeId::parse(affiliate_id)
                .map(|id| id.to_bytes().len())
                .ok(),
            &Some(32),
        ),
    );

    // DiscoveryIdentityConfig test data: both values must be accepted.
    let config_secret = SPEC_SECRET;
    let config_id = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
    let go_key = go_key(oracle, config_secret)?;
    let outcome = same(
        "key bits",
        &ClusterKey::from_cluster_secret(config_secret)
            .map(|key| key.bits())
            .ok(),
        &Some(256),
    )
    .and_then(|()| same("go key", &go_key, &Ok(spec_key_bytes())))
    .and_then(|()| same("cluster ID", &ClusterId::new(config_id).is_ok(), &true));
    tally.record("spec DiscoveryIdentityConfig", outcome);

    let cluster_id = "8XuV9TZHW08DOk3bVxQjH9ih_TBKjnh-j44tsCLSBzo=";
    let go_ula = go_ula(oracle, cluster_id)?;
    let rust_ula = ClusterId::new(cluster_id)
        .map(|id| id.ula_prefix(UlaPurpose::KubeSpan).to_string())
        .unwrap_or_default();
    let expected = "fd7f:175a:b97c:5602::/64".to_owned();
    tally.record(
        "spec ULA prefix",
        same("rust", &rust_ula, &expected).and_then(|()| same("go", &go_ula, &expected)),
    );

    let key_bytes = spec_key_bytes();
    let key = ClusterKey::from_bytes(&key_bytes)?;
    for (name, affiliate, pb_hex, blob_hex) in spec_affiliates() {
        let pb = affiliate.encode_to_vec();
        let go_pb: PbResult = oracle.expect(
            "discovery.affiliate.encode",
            &AffiliateJson::from(&affiliate),
        )?;
        let rust_blob = key.seal_with_nonce(&pb, &SPEC_NONCE)?;
        let go_blob: BlobResult = oracle.expect(
            "discovery.seal_with_nonce",
            &SealRequest {
                key: &key_bytes,
                nonce: &SPEC_NONCE,
                plaintext: &pb,
            },
        )?;
        let outcome = same("protobuf", &pb, &hex(pb_hex))
            .and_then(|()| same("go protobuf", &go_pb.pb, &pb))
            .and_then(|()| same("rust blob", &rust_blob, &hex(blob_hex)))
            .and_then(|()| same("go blob", &go_blob.blob, &rust_blob))
            .and_then(|()| same("opened", &key.open(&rust_blob).ok(), &Some(affiliate)));
        tally.record(&format!("spec {name}"), outcome);
    }

    // The Talos test payload, with the field-4 exclusion, and an empty control_plane.
    let mut talos_payload = spec_affiliates().swap_remove(2).1;
    if let Some(kubespan) = talos_payload.kubespan.as_mut() {
        kubespan.exclude_advertised_addresses = vec![IpPrefix {
            ip: vec![0; 4],
            bits: 0,
        }];
    }
    let empty_control_plane = Affiliate {
        control_plane: Some(ControlPlane::default()),
        ..Affiliate::default()
    };
    for (name, affiliate, expected_tail) in [
        (
            "Talos test payload",
            talos_payload,
            "2206 0a0400000000 420308ab32",
        ),
        ("empty control_plane", empty_control_plane, "4200"),
    ] {
        let pb = affiliate.encode_to_vec();
        let go_pb: PbResult = oracle.expect(
            "discovery.affiliate.encode",
            &AffiliateJson::from(&affiliate),
        )?;
        let outcome = same("go protobuf", &go_pb.pb, &pb)
            .and_then(|()| same("protobuf tail", &pb.ends_with(&hex(expected_tail)), &true));
        tally.record(&format!("spec {name}"), outcome);
    }

    let endpoints = [
        ("10.0.0.2:51820", "f38a79ca9275b2079ab43928cac05822"),
        ("192.168.3.4:51820", "93745b45ee24783aefa6173538b68caf"),
        ("1.2.3.4:5678", "5a6ef7e5f77304918682bf3a28e82dec"),
        (
            "[2001:db8::1]:51820",
            "55629a0764bc07331f2d9b8c85f93a6e1de721f393b563a2a9c07cf7c8fd6725",
        ),
        (
            "[fd50:8d60:4238:6302:f857:23ff:fe21:d1e0]:65535",
            "6cd239ba591c52bb67ee8c80c57f8f9cae53c488c54ca8938e049ff645edd70a",
        ),
    ];
    for (address, ciphertext) in endpoints {
        let endpoint = Endpoint::from_socket_addr(address.parse()?);
        let rust = key.encrypt_endpoint(&endpoint)?;
        let go = go_encrypt_endpoint(oracle, &key_bytes, &endpoint)?;
        let outcome = same("rust", &rust, &hex(ciphertext))
            .and_then(|()| same("go", &go, &rust))
            .and_then(|()| {
                same(
                    "decrypted",
                    &key.decrypt_endpoint(&rust).ok(),
                    &Some(endpoint),
                )
            });
        tally.record(&format!("spec V4 {address}"), outcome);
    }

    let request = AffiliateUpdateRequest {
        cluster_id: "c".into(),
        affiliate_id: "a".into(),
        affiliate_data: Some(vec![1, 2]),
        affiliate_endpoints: vec![vec![0xaa]],
        ttl: Some(Duration {
            seconds: 1800,
            nanos: 0,
        }),
    };
    let go = go_update_request(oracle, &request)?;
    let expected = hex("0a0163 120161 1a020102 2201aa 2a0308880e");
    tally.record(
        "spec V5 AffiliateUpdateRequest",
        same("rust", &request.encode_to_vec(), &expected).and_then(|()| same("go", &go, &expected)),
    );
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Oracle helpers

fn go_machine_id(oracle: &mut Oracle, node_id: &str) -> Result<Result<String, String>> {
    #[derive(Deserialize)]
    struct MachineIdResult {
        machine_id: String,
    }
    Ok(oracle
        .call::<_, MachineIdResult>(
            "discovery.machine_id",
            &serde_json::json!({ "node_id": node_id }),
        )?
        .map(|result| result.machine_id))
}

fn go_key(oracle: &mut Oracle, secret: &str) -> Result<Result<Vec<u8>, String>> {
    #[derive(Deserialize)]
    struct KeyResult {
        #[serde(with = "b64")]
        key: Vec<u8>,
    }
    Ok(oracle
        .call::<_, KeyResult>("discovery.key", &serde_json::json!({ "secret": secret }))?
        .map(|result| result.key))
}

fn go_ula(oracle: &mut Oracle, cluster_id: &str) -> Result<String> {
    #[derive(Deserialize)]
    struct UlaResult {
        prefix: String,
    }
    let result: UlaResult = oracle.expect(
        "discovery.ula",
        &serde_json::json!({ "cluster_id": cluster_id }),
    )?;
    Ok(result.prefix)
}

fn go_encrypt_endpoint(oracle: &mut Oracle, key: &[u8], endpoint: &Endpoint) -> Result<Vec<u8>> {
    let result: BlobResult = oracle.expect(
        "discovery.endpoint.encrypt",
        &KeyedEndpoint {
            key,
            endpoint: endpoint.into(),
        },
    )?;
    Ok(result.blob)
}

fn go_decrypt_endpoint(
    oracle: &mut Oracle,
    key: &[u8],
    blob: &[u8],
) -> Result<Result<Endpoint, String>> {
    Ok(oracle
        .call::<_, EndpointJson>("discovery.endpoint.decrypt", &KeyedBlob { key, blob })?
        .map(|json| Endpoint {
            ip: json.ip,
            port: json.port,
        }))
}

fn go_open(oracle: &mut Oracle, key: &[u8], blob: &[u8]) -> Result<Result<Vec<u8>, String>> {
    Ok(oracle
        .call::<_, PlaintextResult>("discovery.open", &KeyedBlob { key, blob })?
        .map(|result| result.plaintext))
}

fn go_update_request(oracle: &mut Oracle, request: &AffiliateUpdateRequest) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct UpdateRequestJson<'a> {
        cluster_id: &'a str,
        affiliate_id: &'a str,
        affiliate_data: Option<String>,
        #[serde(with = "b64_list")]
        affiliate_endpoints: &'a [Vec<u8>],
        ttl_seconds: Option<i64>,
    }
    let result: PbResult = oracle.expect(
        "discovery.service.update_request",
        &UpdateRequestJson {
            cluster_id: &request.cluster_id,
            affiliate_id: &request.affiliate_id,
            affiliate_data: request
                .affiliate_data
                .as_ref()
                .map(|data| STANDARD.encode(data)),
            affiliate_endpoints: &request.affiliate_endpoints,
            ttl_seconds: request.ttl.map(|ttl| ttl.seconds),
        },
    )?;
    Ok(result.pb)
}

// ----------------------------------------------------------------------------------------
// Random inputs

fn random_bytes(rng: &mut StdRng, len: usize) -> Vec<u8> {
    let mut bytes = vec![0; len];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// 0–64 random bytes, often with leading zero bytes (which base62 must keep).
fn random_base62_input(rng: &mut StdRng) -> Vec<u8> {
    let len = rng.random_range(0..=64);
    let mut bytes = random_bytes(rng, len);
    if rng.random_bool(0.3) {
        let zeros = rng.random_range(0..=len);
        bytes[..zeros].fill(0);
    }
    if rng.random_bool(0.1) {
        bytes.fill(0xff);
    }
    bytes
}

fn random_string(rng: &mut StdRng, max_len: usize) -> String {
    const CHARS: &[char] = &[
        'a', 'b', 'c', 'x', 'y', 'z', 'A', 'Z', '0', '9', '-', '.', '_', ' ', 'é', '世', '🚀',
    ];
    let len = rng.random_range(0..=max_len);
    (0..len)
        .map(|_| *CHARS.choose(rng).unwrap_or(&'a'))
        .collect()
}

fn random_ip(rng: &mut StdRng) -> Vec<u8> {
    match rng.random_range(0..10) {
        0..=4 => random_bytes(rng, 4),
        5..=8 => random_bytes(rng, 16),
        _ => {
            let len = rng.random_range(0..=20);
            random_bytes(rng, len)
        }
    }
}

/// A well-formed IPv4 or IPv6 address in binary form.
fn random_address(rng: &mut StdRng) -> Vec<u8> {
    let len = if rng.random_bool(0.5) { 4 } else { 16 };
    random_bytes(rng, len)
}

fn random_prefixes(rng: &mut StdRng, max: usize) -> Vec<IpPrefix> {
    let count = rng.random_range(0..=max);
    (0..count)
        .map(|_| IpPrefix {
            ip: random_ip(rng),
            bits: rng.random_range(0..=128),
        })
        .collect()
}

fn random_affiliate(rng: &mut StdRng) -> Affiliate {
    if rng.random_bool(0.02) {
        return Affiliate::default();
    }
    let node_id = if rng.random_bool(0.8) {
        base62::encode(&random_bytes(rng, 32))
    } else {
        random_string(rng, 40)
    };
    let address_count = rng.random_range(0..=4);
    Affiliate {
        node_id,
        addresses: (0..address_count).map(|_| random_ip(rng)).collect(),
        hostname: random_string(rng, 30),
        nodename: random_string(rng, 20),
        machine_type: ["init", "controlplane", "worker", "unknown", ""]
            .choose(rng)
            .copied()
            .unwrap_or_default()
            .to_owned(),
        operating_system: format!(
            "Talos (v1.{}.{})",
            rng.random_range(0..20),
            rng.random_range(0..10)
        ),
        kubespan: rng.random_bool(0.6).then(|| KubeSpan {
            public_key: STANDARD.encode(random_bytes(rng, 32)),
            address: random_bytes(rng, 16),
            additional_addresses: random_prefixes(rng, 3),
            exclude_advertised_addresses: random_prefixes(rng, 2),
        }),
        control_plane: rng.random_bool(0.4).then(|| ControlPlane {
            api_server_port: if rng.random_bool(0.2) {
                0
            } else {
                rng.random_range(1..=u32::from(u16::MAX))
            },
        }),
    }
}

fn random_endpoint(rng: &mut StdRng) -> Endpoint {
    Endpoint {
        ip: random_ip(rng),
        port: match rng.random_range(0..10) {
            0 => 0,
            1 => rng.random(),
            _ => rng.random_range(1..=u32::from(u16::MAX)),
        },
    }
}

fn random_key(rng: &mut StdRng) -> Vec<u8> {
    let len = *[16, 24, 32, 32, 32].choose(rng).unwrap_or(&32);
    random_bytes(rng, len)
}

// ----------------------------------------------------------------------------------------
// Areas

fn base62_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    for case in 0..BASE62_BYTES {
        let bytes = random_base62_input(rng);
        let rust = base62::encode(&bytes);
        let go: TextResult = oracle.expect(
            "discovery.base62.encode",
            &serde_json::json!({ "data": STANDARD.encode(&bytes) }),
        )?;
        let go_decoded: Result<DataResult, String> = oracle.call(
            "discovery.base62.decode",
            &serde_json::json!({ "text": rust }),
        )?;
        let outcome = same("encoding", &rust, &go.text)
            .and_then(|()| {
                same(
                    "rust round trip",
                    &base62::decode(&rust).ok(),
                    &Some(bytes.clone()),
                )
            })
            .and_then(|()| {
                same(
                    "go decoding",
                    &go_decoded.map(|d| d.data).ok(),
                    &Some(bytes.clone()),
                )
            });
        tally.record(
            &format!("base62 bytes #{case} ({} bytes)", bytes.len()),
            outcome,
        );
    }
    // Decoding any string: alphabet strings the encoder never produces, and foreign characters.
    for case in 0..BASE62_STRINGS {
        let len = rng.random_range(0..=60);
        let mut text: String = (0..len)
            .map(|_| char::from(base62::ALPHABET[rng.random_range(0..62)]))
            .collect();
        if rng.random_bool(0.1) && len > 0 {
            let position = rng.random_range(0..len);
            let foreign = *['-', '_', '+', '/', '=', ' ', 'é']
                .choose(rng)
                .unwrap_or(&'-');
            text.replace_range(position..=position, &foreign.to_string());
        }
        let rust = base62::decode(&text).map_err(|error| error.to_string());
        let go: Result<DataResult, String> = oracle.call(
            "discovery.base62.decode",
            &serde_json::json!({ "text": text }),
        )?;
        let outcome = match (&rust, go) {
            (Ok(rust), Ok(go)) => same("decoding", rust, &go.data),
            (Err(_), Err(_)) => Ok(()),
            (rust, go) => Err(format!("rust={rust:?} go={:?}", go.map(|d| d.data))),
        };
        tally.record(&format!("base62 string #{case} {text:?}"), outcome);
    }
    Ok(())
}

fn identity_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    #[derive(Deserialize)]
    struct YamlResult {
        yaml: String,
    }
    #[derive(Deserialize)]
    struct NodeIdResult {
        node_id: String,
    }
    // Words YAML may read as something other than a string.
    const TRICKY: &[&str] = &[
        "yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "NO", "On", "OFF", "true", "false",
        "True", "FALSE", "null", "Null", "NULL", "inf", "Inf", "INF", "nan", "NaN", "NAN",
        "Infinity", "infinity", "0", "00", "007", "123", "0x1F", "0xZZ", "0x", "0o17", "0o",
        "0b101", "0b", "1e5", "1E5", "12e", "e5", "1e", "0e0", "08", "09", "0777", "abc",
    ];
    let mut ids: Vec<String> = TRICKY.iter().map(|word| (*word).to_owned()).collect();
    for _ in 0..NODE_IDS {
        ids.push(NodeId::from_bytes(&random_bytes(rng, 32))?.to_string());
    }
    for (case, text) in ids.iter().enumerate() {
        let Ok(id) = NodeId::parse(text) else {
            tally.record(
                &format!("node ID {text:?}"),
                Err("rust refused a base62 ID".into()),
            );
            continue;
        };
        let rust_yaml = id.to_identity_yaml();
        let go_yaml: YamlResult = oracle.expect(
            "discovery.identity.marshal",
            &serde_json::json!({ "node_id": text }),
        )?;
        let go_read: NodeIdResult = oracle.expect(
            "discovery.identity.unmarshal",
            &serde_json::json!({ "yaml": rust_yaml }),
        )?;
        let rust_read = NodeId::from_identity_yaml(&go_yaml.yaml).map(|id| id.to_string());
        let go_machine_id = go_machine_id(oracle, text)?;
        let rust_machine_id = id.machine_id().map(|m| m.to_string());
        let outcome = same("yaml", &rust_yaml, &go_yaml.yaml)
            .and_then(|()| same("go reads rust yaml", &go_read.node_id, text))
            .and_then(|()| same("rust reads go yaml", &rust_read.ok(), &Some(text.clone())))
            .and_then(|()| match (&rust_machine_id, &go_machine_id) {
                (Ok(rust), Ok(go)) => same("machine-id", rust, go),
                (Err(_), Err(_)) => Ok(()),
                (rust, go) => Err(format!("machine-id: rust={rust:?} go={go:?}")),
            });
        tally.record(&format!("node identity #{case} {text:?}"), outcome);
    }
    Ok(())
}

fn secret_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    let plaintext = b"the same plaintext under both keys";
    for case in 0..SECRETS {
        let len = *[16, 24, 32, 32, 0, 1, 15, 17, 31, 33, 48, 64]
            .choose(rng)
            .unwrap_or(&32);
        let mut secret = STANDARD.encode(random_bytes(rng, len));
        match rng.random_range(0..10) {
            // Non-zero trailing bits in the last character before the padding.
            0 if secret.ends_with('=') => {
                let position = secret.trim_end_matches('=').len() - 1;
                secret.replace_range(position..=position, "/");
            }
            1 => secret = secret.trim_end_matches('=').to_owned(),
            2 => secret = secret.replace('+', "-").replace('/', "_") + "-",
            3 => secret.push('\n'),
            4 if secret.len() > 10 => secret.insert_str(10, "\r\n"),
            5 => secret.insert(0, ' '),
            _ => {}
        }
        let go = go_key(oracle, &secret)?;
        let rust = ClusterKey::from_cluster_secret(&secret);
        let outcome = match (rust, go) {
            (Ok(key), Ok(go_key)) => {
                let nonce = [7u8; 12];
                let go_blob: BlobResult = oracle.expect(
                    "discovery.seal_with_nonce",
                    &SealRequest {
                        key: &go_key,
                        nonce: &nonce,
                        plaintext,
                    },
                )?;
                same(
                    "sealed with the decoded key",
                    &key.seal_with_nonce(plaintext, &nonce).ok(),
                    &Some(go_blob.blob),
                )
            }
            (Err(_), Err(_)) => Ok(()),
            (rust, go) => Err(format!(
                "acceptance differs: rust={:?} go={:?}",
                rust.map(|key| key.bits()),
                go.map(|key| key.len())
            )),
        };
        tally.record(&format!("cluster secret #{case} {secret:?}"), outcome);
    }
    // Cluster IDs: the ULA prefix for random strings of any shape.
    for case in 0..100 {
        let text = if rng.random_bool(0.5) {
            STANDARD.encode(random_bytes(rng, 32))
        } else {
            let len = rng.random_range(1..=60);
            random_string(rng, len).chars().chain(['x']).collect()
        };
        let go = go_ula(oracle, &text)?;
        let rust = ClusterId::new(text.clone())
            .map(|id| id.ula_prefix(UlaPurpose::KubeSpan).to_string())
            .unwrap_or_default();
        tally.record(
            &format!("ULA prefix #{case} {text:?}"),
            same("prefix", &rust, &go),
        );
    }
    Ok(())
}

fn payload_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    for case in 0..PAYLOADS {
        let affiliate = random_affiliate(rng);
        let key_bytes = random_key(rng);
        let key = ClusterKey::from_bytes(&key_bytes)?;
        let pb = affiliate.encode_to_vec();
        let json = AffiliateJson::from(&affiliate);

        let go_pb: PbResult = oracle.expect("discovery.affiliate.encode", &json)?;
        let go_decoded: Result<AffiliateJson, String> = oracle.call(
            "discovery.affiliate.decode",
            &serde_json::json!({ "pb": STANDARD.encode(&pb) }),
        )?;

        let rust_blob = key.seal(&affiliate)?;
        let go_opened = go_open(oracle, &key_bytes, &rust_blob)?;

        let go_blob: BlobResult = oracle.expect(
            "discovery.seal",
            &SealRequest {
                key: &key_bytes,
                nonce: &[],
                plaintext: &pb,
            },
        )?;
        let rust_opened = key.open(&go_blob.blob);

        let nonce: [u8; 12] = rng.random();
        let go_fixed: BlobResult = oracle.expect(
            "discovery.seal_with_nonce",
            &SealRequest {
                key: &key_bytes,
                nonce: &nonce,
                plaintext: &pb,
            },
        )?;

        let outcome = same("go encoding", &go_pb.pb, &pb)
            .and_then(|()| same("go decoding", &go_decoded.ok(), &Some(json)))
            .and_then(|()| same("rust seal -> go open", &go_opened, &Ok(pb.clone())))
            .and_then(|()| same("go seal -> rust open", &rust_opened, &Ok(affiliate.clone())))
            .and_then(|()| {
                same(
                    "sealed with a fixed nonce",
                    &key.seal_with_nonce(&pb, &nonce).ok(),
                    &Some(go_fixed.blob),
                )
            });
        tally.record(
            &format!("payload #{case} ({} bytes, AES-{})", pb.len(), key.bits()),
            outcome,
        );
    }
    Ok(())
}

fn endpoint_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    for case in 0..ENDPOINTS {
        let endpoint = random_endpoint(rng);
        let key_bytes = random_key(rng);
        let key = ClusterKey::from_bytes(&key_bytes)?;
        let rust = key.encrypt_endpoint(&endpoint)?;
        let go = go_encrypt_endpoint(oracle, &key_bytes, &endpoint)?;
        let go_decrypted = go_decrypt_endpoint(oracle, &key_bytes, &rust)?;
        let outcome = same("ciphertext", &rust, &go)
            .and_then(|()| {
                same(
                    "rust decrypts go",
                    &key.decrypt_endpoint(&go),
                    &Ok(endpoint.clone()),
                )
            })
            .and_then(|()| same("go decrypts rust", &go_decrypted, &Ok(endpoint.clone())));
        tally.record(
            &format!(
                "endpoint #{case} ({} ip bytes, port {})",
                endpoint.ip.len(),
                endpoint.port
            ),
            outcome,
        );
    }
    Ok(())
}

fn damaged_blob_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    for case in 0..DAMAGED_BLOBS {
        let key_bytes = random_key(rng);
        let key = ClusterKey::from_bytes(&key_bytes)?;
        let blob = key.seal(&random_affiliate(rng))?;
        let (what, damaged, expected) = match case % 3 {
            0 => {
                let mut damaged = blob.clone();
                let index = rng.random_range(0..damaged.len());
                damaged[index] ^= 1 << rng.random_range(0..8);
                ("tampered", damaged, OpenError::Authentication)
            }
            1 => {
                let len = rng.random_range(0..blob.len());
                let expected = if len < 28 {
                    OpenError::TooShort { len }
                } else {
                    OpenError::Authentication
                };
                ("truncated", blob[..len].to_vec(), expected)
            }
            _ => {
                let other = ClusterKey::from_bytes(&random_key(rng))?;
                (
                    "wrong key",
                    other.seal(&random_affiliate(rng))?,
                    OpenError::Authentication,
                )
            }
        };
        let go = go_open(oracle, &key_bytes, &damaged)?;
        let outcome = same("rust error", &key.open(&damaged).err(), &Some(expected))
            .and_then(|()| same("go rejects", &go.is_err(), &true));
        tally.record(&format!("{what} blob #{case}"), outcome);
    }
    Ok(())
}

fn garbage_endpoint_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    let mut stricter = 0;
    for case in 0..GARBAGE_ENDPOINTS {
        let key_bytes = random_key(rng);
        let key = ClusterKey::from_bytes(&key_bytes)?;
        let valid = |rng: &mut StdRng| key.encrypt_endpoint(&random_endpoint(rng));
        let blob = match case % 5 {
            // Random bytes: a random length byte after decryption.
            0 => {
                let len = *[0, 1, 15, 16, 16, 32, 32, 48].choose(rng).unwrap_or(&16);
                random_bytes(rng, len)
            }
            // The first block of a two-block endpoint: its length byte claims too much.
            1 => {
                let mut blob = key.encrypt_endpoint(&Endpoint {
                    ip: random_bytes(rng, 16),
                    port: 51820,
                })?;
                blob.truncate(16);
                blob
            }
            // A valid endpoint followed by an extra block: the length byte claims too little.
            2 => {
                let mut blob = valid(rng)?;
                blob.extend(random_bytes(rng, 16));
                blob
            }
            // Under another key.
            3 => {
                ClusterKey::from_bytes(&random_key(rng))?.encrypt_endpoint(&random_endpoint(rng))?
            }
            // A block swapped in from another endpoint.
            _ => {
                let mut blob = key.encrypt_endpoint(&Endpoint {
                    ip: random_bytes(rng, 16),
                    port: rng.random(),
                })?;
                let other = key.encrypt_endpoint(&Endpoint {
                    ip: random_bytes(rng, 16),
                    port: rng.random(),
                })?;
                blob[16..].copy_from_slice(&other[16..]);
                blob
            }
        };
        let rust = key.decrypt_endpoint(&blob);
        let go = go_decrypt_endpoint(oracle, &key_bytes, &blob)?;
        let outcome = match (&rust, &go) {
            (Ok(rust), Ok(go)) => same("endpoint", rust, go),
            (Ok(rust), Err(go)) => Err(format!("rust accepted {rust:?}, go rejected: {go}")),
            (Err(_), Err(_)) => Ok(()),
            // Deliberately stricter than Go: lying length bytes and non-zero padding.
            (
                Err(
                    EndpointError::LengthMismatch { .. }
                    | EndpointError::NonZeroPadding
                    | EndpointError::Protobuf(_),
                ),
                Ok(_),
            ) => {
                stricter += 1;
                Ok(())
            }
            (Err(rust), Ok(go)) => Err(format!("rust rejected ({rust}), go accepted {go:?}")),
        };
        let go_panicked = matches!(&go, Err(message) if message.starts_with("panic:"));
        let outcome = outcome.and_then(|()| {
            if go_panicked
                && !matches!(
                    rust,
                    Err(EndpointError::LengthMismatch { .. } | EndpointError::Empty)
                )
            {
                Err(format!("go panicked, rust said {rust:?}"))
            } else {
                Ok(())
            }
        });
        tally.record(
            &format!("garbage endpoint #{case} ({} bytes)", blob.len()),
            outcome,
        );
    }
    println!(
        "discovery: note: {stricter} of {GARBAGE_ENDPOINTS} garbage endpoint blobs were decoded by Go \
         but rejected by Rust's length-byte/padding checks"
    );
    Ok(())
}

fn service_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    for case in 0..UPDATE_REQUESTS {
        let endpoint_count = rng.random_range(0..=4);
        let request = AffiliateUpdateRequest {
            cluster_id: random_string(rng, 50),
            affiliate_id: random_string(rng, 50),
            affiliate_data: match rng.random_range(0..3) {
                0 => None,
                1 => Some(Vec::new()),
                _ => {
                    let len = rng.random_range(1..200);
                    Some(random_bytes(rng, len))
                }
            },
            affiliate_endpoints: (0..endpoint_count)
                .map(|_| {
                    let len = *[0, 16, 32].choose(rng).unwrap_or(&16);
                    random_bytes(rng, len)
                })
                .collect(),
            ttl: rng.random_bool(0.8).then(|| Duration {
                seconds: rng.random_range(0..=3600),
                nanos: 0,
            }),
        };
        let go = go_update_request(oracle, &request)?;
        tally.record(
            &format!("AffiliateUpdateRequest #{case}"),
            same("encoding", &request.encode_to_vec(), &go).and_then(|()| {
                same(
                    "decoding",
                    &AffiliateUpdateRequest::decode(go.as_slice()).ok(),
                    &Some(request.clone()),
                )
            }),
        );
    }
    Ok(())
}

// ----------------------------------------------------------------------------------------
// The real Go client

#[derive(Serialize, Clone)]
struct ServerAffiliateJson {
    id: String,
    #[serde(with = "b64")]
    data: Vec<u8>,
    #[serde(with = "b64_list")]
    endpoints: Vec<Vec<u8>>,
}

#[derive(Serialize, Clone)]
struct WatchMessageJson {
    affiliates: Vec<ServerAffiliateJson>,
    deleted: bool,
}

impl From<&WatchResponse> for WatchMessageJson {
    fn from(message: &WatchResponse) -> Self {
        Self {
            affiliates: message
                .affiliates
                .iter()
                .map(|affiliate| ServerAffiliateJson {
                    id: affiliate.id.clone(),
                    data: affiliate.data.clone(),
                    endpoints: affiliate.endpoints.clone(),
                })
                .collect(),
            deleted: message.deleted,
        }
    }
}

fn client_seal_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    #[derive(Serialize)]
    struct ClientSealArgs<'a> {
        #[serde(with = "b64")]
        key: &'a [u8],
        affiliates: Vec<AffiliateJson>,
        endpoints: Vec<Vec<EndpointJson>>,
    }
    #[derive(Deserialize)]
    struct ClientUpdate {
        #[serde(with = "b64")]
        data: Vec<u8>,
        #[serde(with = "b64_list")]
        endpoints: Vec<Vec<u8>>,
    }
    #[derive(Deserialize)]
    struct ClientSealResult {
        updates: Vec<ClientUpdate>,
    }
    let key_bytes = random_key(rng);
    let key = ClusterKey::from_bytes(&key_bytes)?;
    let affiliates: Vec<Affiliate> = (0..CLIENT_SEALS).map(|_| random_affiliate(rng)).collect();
    let endpoints: Vec<Vec<Endpoint>> = (0..CLIENT_SEALS)
        .map(|_| {
            let count = rng.random_range(0..=3);
            (0..count)
                .map(|_| Endpoint {
                    ip: random_address(rng),
                    port: rng.random_range(1..=65535),
                })
                .collect()
        })
        .collect();
    let result: ClientSealResult = oracle.expect(
        "discovery.client.seal",
        &ClientSealArgs {
            key: &key_bytes,
            affiliates: affiliates.iter().map(AffiliateJson::from).collect(),
            endpoints: endpoints
                .iter()
                .map(|list| list.iter().map(EndpointJson::from).collect())
                .collect(),
        },
    )?;
    if result.updates.len() != CLIENT_SEALS {
        tally.record(
            "client seal",
            Err(format!("the client sent {} updates", result.updates.len())),
        );
        return Ok(());
    }
    for (case, ((affiliate, endpoints), update)) in affiliates
        .iter()
        .zip(&endpoints)
        .zip(&result.updates)
        .enumerate()
    {
        let rust_endpoints: Result<Vec<Vec<u8>>, EndpointError> =
            endpoints.iter().map(|e| key.encrypt_endpoint(e)).collect();
        let outcome =
            same("opened", &key.open(&update.data), &Ok(affiliate.clone())).and_then(|()| {
                same(
                    "endpoint blobs",
                    &rust_endpoints,
                    &Ok(update.endpoints.clone()),
                )
            });
        tally.record(&format!("real client seal #{case}"), outcome);
    }
    Ok(())
}

/// A member as the Go client reports it: the payload protobuf and its endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct ClientMember {
    #[serde(with = "b64")]
    pb: Vec<u8>,
    #[serde(deserialize_with = "null_as_default")]
    endpoints: Vec<EndpointJson>,
}

fn watch_script_cases(oracle: &mut Oracle, tally: &mut Tally, rng: &mut StdRng) -> Result<()> {
    #[derive(Serialize)]
    struct WatchArgs {
        #[serde(with = "b64")]
        key: Vec<u8>,
        own_id: String,
        messages: Vec<WatchMessageJson>,
    }
    #[derive(Deserialize)]
    struct WatchResult {
        /// Members after each message, sorted by payload protobuf.
        states: Vec<Vec<ClientMember>>,
    }
    let (mut members_compared, mut endpoints_compared) = (0, 0);
    for case in 0..WATCH_SCRIPTS {
        let key_bytes = random_key(rng);
        let key = ClusterKey::from_bytes(&key_bytes)?;
        let other_key = ClusterKey::from_bytes(&random_key(rng))?;
        let ids: Vec<String> = (0..4)
            .map(|_| base62::encode(&random_bytes(rng, 32)))
            .collect();
        let own_id = ids[0].clone();
        let message_count = rng.random_range(1..=8);
        let mut messages = Vec::with_capacity(message_count);
        for index in 0..message_count {
            let entry_count = if index == 0 {
                rng.random_range(0..=4)
            } else {
                1
            };
            let deleted = index > 0 && rng.random_bool(0.2);
            let mut affiliates = Vec::new();
            for _ in 0..entry_count {
                let id = ids.choose(rng).cloned().unwrap_or_default();
                let mut payload = random_affiliate(rng);
                payload.node_id = id.clone();
                let data = match rng.random_range(0..10) {
                    _ if deleted => Vec::new(),
                    0 => Vec::new(),
                    1 => other_key.seal(&payload)?,
                    2 => {
                        let mut blob = key.seal(&payload)?;
                        let index = rng.random_range(0..blob.len());
                        blob[index] ^= 0x80;
                        blob
                    }
                    3 => key.seal_plaintext(&[0xff, 0xff, 0xff])?,
                    _ => key.seal(&payload)?,
                };
                let endpoint_count = if deleted { 0 } else { rng.random_range(0..=3) };
                let mut endpoints = Vec::new();
                for _ in 0..endpoint_count {
                    let endpoint = Endpoint {
                        ip: random_address(rng),
                        port: rng.random_range(1..=65535),
                    };
                    // Garbage is limited to what the Go client skips without panicking
                    // (a wrong-key blob can crash its goroutine, and with it the oracle); the
                    // other kinds are compared one by one in `garbage_endpoint_cases`.
                    let blob = if rng.random_bool(0.15) {
                        let len = *[1, 15, 17, 33].choose(rng).unwrap_or(&17);
                        random_bytes(rng, len)
                    } else {
                        key.encrypt_endpoint(&endpoint)?
                    };
                    endpoints.push(blob);
                }
                affiliates.push(service::Affiliate {
                    id,
                    data,
                    endpoints,
                });
            }
            messages.push(WatchResponse {
                affiliates,
                deleted,
            });
        }

        let go: Result<WatchResult, String> = oracle.call(
            "discovery.client.watch",
            &WatchArgs {
                key: key_bytes.clone(),
                own_id: own_id.clone(),
                messages: messages.iter().map(WatchMessageJson::from).collect(),
            },
        )?;
        let go = match go {
            Ok(go) => go,
            Err(message) => {
                tally.record(
                    &format!("watch script #{case}"),
                    Err(format!("go: {message}")),
                );
                continue;
            }
        };
        let mut set = AffiliateSet::new(own_id.clone());
        let mut outcome = same("message count", &go.states.len(), &messages.len());
        for (index, (message, go_state)) in messages.iter().zip(&go.states).enumerate() {
            if index == 0 {
                set.apply_snapshot(&key, message);
            } else {
                set.apply_change(&key, message);
            }
            let mut rust_state: Vec<ClientMember> = set
                .iter()
                .map(|(_, member)| ClientMember {
                    pb: member.affiliate.encode_to_vec(),
                    endpoints: member.endpoints.iter().map(EndpointJson::from).collect(),
                })
                .collect();
            rust_state.sort_by(|a, b| a.pb.cmp(&b.pb));
            members_compared += rust_state.len();
            endpoints_compared += rust_state.iter().map(|m| m.endpoints.len()).sum::<usize>();
            outcome = outcome.and_then(|()| {
                same(
                    &format!("members after message {index}"),
                    &rust_state,
                    go_state,
                )
            });
        }
        tally.record(
            &format!("watch script #{case} ({} messages)", messages.len()),
            outcome,
        );
    }
    println!(
        "discovery: note: the real Go client and AffiliateSet agreed on {members_compared} \
         members with {endpoints_compared} endpoints over {WATCH_SCRIPTS} Watch scripts"
    );
    Ok(())
}
