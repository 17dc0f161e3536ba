//! The test vectors of the discovery spec (§7) and the rejection paths.

use prost::Message as _;
use talos_discovery_crypto::payload::{Affiliate, ControlPlane, Endpoint, IpPrefix, KubeSpan};
use talos_discovery_crypto::service::{
    AffiliateUpdateRequest, CheckLimits as _, Duration, LimitError,
};
use talos_discovery_crypto::{ClusterKey, EndpointError, OpenError, SealError};

const SECRET: &str = "vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=";
const NONCE: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn key() -> ClusterKey {
    ClusterKey::from_cluster_secret(SECRET).unwrap()
}

fn v1_affiliate() -> Affiliate {
    Affiliate {
        node_id: "af_1".into(),
        addresses: vec![vec![1, 2, 3]],
        hostname: "host1".into(),
        nodename: "node1".into(),
        machine_type: "controlplane".into(),
        ..Affiliate::default()
    }
}

fn v3_affiliate() -> Affiliate {
    Affiliate {
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
    }
}

#[test]
fn v1_minimal_affiliate() {
    let pb = v1_affiliate().encode_to_vec();
    assert_eq!(
        pb,
        hex("0a0461665f3112030102031a05686f73743122056e6f6465312a0c636f6e74726f6c706c616e65")
    );
    let blob = key().seal_with_nonce(&pb, &NONCE).unwrap();
    assert_eq!(
        blob,
        hex(
            "000102030405060708090a0bcbb0e38506e7cba705cfd1d07bd00fbb5709fc032616f18dc4c4282f
             d14a9240cbc2af2736a67b74d27da485636e27a96a662df4d5e4f4"
        )
    );
    assert_eq!(key().open(&blob).unwrap(), v1_affiliate());
}

#[test]
fn v2_empty_plaintext() {
    let blob = key().seal_with_nonce(&[], &NONCE).unwrap();
    assert_eq!(
        blob,
        hex("000102030405060708090a0b08d05f01829890e4a0b9c30222ad0691")
    );
    assert_eq!(key().open(&blob).unwrap(), Affiliate::default());
}

#[test]
fn v3_full_affiliate() {
    let pb = v3_affiliate().encode_to_vec();
    assert_eq!(
        pb,
        hex(
            "0a2c677671665332374c784435386c506c41536d706175656552567a756f66313669586f69655267
             4576425761451204c0a803041a07666f6f2e636f6d22036261722a0c636f6e74726f6c706c616e
             65320f54616c6f73202876312e31322e30293a4a0a2c504c504e4264646d5467484a6874773076
             786c7471315a4264505039524e4f455564354a6a4a5a7a4252593d1210fd508d6042386302f857
             23fffe21d1e01a080a040af403011018420308ab32"
        )
    );
    let blob = key().seal_with_nonce(&pb, &NONCE).unwrap();
    assert_eq!(
        blob,
        hex(
            "000102030405060708090a0bcb98e59528b08a963381aa8e4b800c984f798d6b3818e08d90bc72
             36cb4b800392c787243ead4c00d8bc2250d70e5d4086446c9de3eb6f77a82314df90a7c801ecbc0b
             9dc20e568e3f9c314992a83af3fa5b787df0f53af09d443d50bbb34a1dc0e1222c3ec1d4ba6fea5f
             6d771805db526f75260e0a185fe9b8b4588369a2dcd7dfd3f9780b9545b6ddf1624c142aba479090
             5fd057172d996ff4ff64d72d08fa7b7e79161347bc64883e5b23a2d86c995e83476335afcbda51df
             aadd08804685e9"
        )
    );
    assert_eq!(key().open(&blob).unwrap(), v3_affiliate());
}

#[test]
fn exclude_advertised_addresses_is_field_4() {
    let kubespan = KubeSpan {
        exclude_advertised_addresses: vec![IpPrefix {
            ip: hex("00000000"),
            bits: 0,
        }],
        ..KubeSpan::default()
    };
    // Field 4, wire type 2, length 6, then IPPrefix{ip: 00000000} (bits 0 omitted).
    assert_eq!(kubespan.encode_to_vec(), hex("2206 0a0400000000"));
}

#[test]
fn empty_control_plane_is_written() {
    let affiliate = Affiliate {
        control_plane: Some(ControlPlane::default()),
        ..Affiliate::default()
    };
    assert_eq!(affiliate.encode_to_vec(), hex("4200"));
}

#[test]
fn v4_endpoints() {
    let cases = [
        (
            "10.0.0.2:51820",
            "0a040a00000210ec9403",
            "f38a79ca9275b2079ab43928cac05822",
        ),
        (
            "192.168.3.4:51820",
            "0a04c0a8030410ec9403",
            "93745b45ee24783aefa6173538b68caf",
        ),
        (
            "1.2.3.4:5678",
            "0a040102030410ae2c",
            "5a6ef7e5f77304918682bf3a28e82dec",
        ),
        (
            "[2001:db8::1]:51820",
            "0a1020010db800000000000000000000000110ec9403",
            "55629a0764bc07331f2d9b8c85f93a6e1de721f393b563a2a9c07cf7c8fd6725",
        ),
        (
            "[fd50:8d60:4238:6302:f857:23ff:fe21:d1e0]:65535",
            "0a10fd508d6042386302f85723fffe21d1e010ffff03",
            "6cd239ba591c52bb67ee8c80c57f8f9cae53c488c54ca8938e049ff645edd70a",
        ),
    ];
    for (address, pb, ciphertext) in cases {
        let endpoint = Endpoint::from_socket_addr(address.parse().unwrap());
        assert_eq!(endpoint.encode_to_vec(), hex(pb), "{address}");
        assert_eq!(
            key().encrypt_endpoint(&endpoint).unwrap(),
            hex(ciphertext),
            "{address}"
        );
        assert_eq!(key().decrypt_endpoint(&hex(ciphertext)).unwrap(), endpoint);
    }
}

#[test]
fn v5_update_request_framing() {
    let request = AffiliateUpdateRequest {
        cluster_id: "c".into(),
        affiliate_id: "a".into(),
        affiliate_data: Some(vec![1, 2]),
        affiliate_endpoints: vec![vec![0xaa]],
        ttl: Some(Duration::from(std::time::Duration::from_secs(1800))),
    };
    assert_eq!(
        request.encode_to_vec(),
        hex("0a0163 120161 1a020102 2201aa 2a0308880e")
    );
    assert_eq!(
        AffiliateUpdateRequest::decode(&*request.encode_to_vec()).unwrap(),
        request
    );
    // Absent data is not the same as empty data.
    let endpoints_only = AffiliateUpdateRequest {
        affiliate_data: None,
        ..request.clone()
    };
    let empty_data = AffiliateUpdateRequest {
        affiliate_data: Some(vec![]),
        ..request
    };
    assert_ne!(endpoints_only.encode_to_vec(), empty_data.encode_to_vec());
}

#[test]
fn tampered_truncated_and_wrong_key_blobs_are_rejected() {
    let blob = key().seal(&v3_affiliate()).unwrap();
    for index in 0..blob.len() {
        let mut tampered = blob.clone();
        tampered[index] ^= 0x01;
        assert_eq!(
            key().open(&tampered),
            Err(OpenError::Authentication),
            "byte {index}"
        );
    }
    for len in 0..blob.len() {
        let expected = if len < 28 {
            OpenError::TooShort { len }
        } else {
            OpenError::Authentication
        };
        assert_eq!(key().open(&blob[..len]), Err(expected), "length {len}");
    }
    let other = ClusterKey::from_bytes(&[0x55; 32]).unwrap();
    assert_eq!(other.open(&blob), Err(OpenError::Authentication));
    let aes128 = ClusterKey::from_bytes(&[0x55; 16]).unwrap();
    assert_eq!(aes128.open(&blob), Err(OpenError::Authentication));
}

#[test]
fn authentic_garbage_is_a_protobuf_error() {
    let blob = key().seal_plaintext(&[0xff, 0xff]).unwrap();
    assert!(matches!(key().open(&blob), Err(OpenError::Protobuf(_))));
    assert_eq!(key().open_plaintext(&blob).unwrap(), [0xff, 0xff]);
}

#[test]
fn seal_refuses_what_the_service_refuses() {
    assert_eq!(key().seal_plaintext(&[0; 2020]).unwrap().len(), 2048);
    assert_eq!(
        key().seal_plaintext(&[0; 2021]),
        Err(SealError::TooLarge {
            len: 2049,
            max: 2048
        })
    );
}

#[test]
fn random_nonces_differ() {
    let first = key().seal(&v1_affiliate()).unwrap();
    let second = key().seal(&v1_affiliate()).unwrap();
    assert_ne!(first[..12], second[..12]);
    assert_eq!(key().open(&first).unwrap(), key().open(&second).unwrap());
}

#[test]
fn all_key_sizes_round_trip() {
    for len in [16, 24, 32] {
        let key = ClusterKey::from_bytes(&vec![3; len]).unwrap();
        let blob = key.seal(&v3_affiliate()).unwrap();
        assert_eq!(key.open(&blob).unwrap(), v3_affiliate());
        let endpoint = Endpoint::from_socket_addr("[::1]:1".parse().unwrap());
        let encrypted = key.encrypt_endpoint(&endpoint).unwrap();
        assert_eq!(key.decrypt_endpoint(&encrypted).unwrap(), endpoint);
    }
}

/// Encrypts `plain` (a multiple of 16 bytes) block by block, to build lying endpoint blobs.
fn encrypt_raw_blocks(plain: &[u8]) -> Vec<u8> {
    // Raw AES under the test key, bypassing the crate, so the frame can be anything.
    use aes::cipher::{BlockEncrypt as _, KeyInit as _};
    let raw = hex("be57f61d4d4d1192f71338bd4e4f916412c951b8e7b079d3cecdf02bd24d93a4");
    let cipher = aes::Aes256::new_from_slice(&raw).unwrap();
    let mut out = plain.to_vec();
    for chunk in out.chunks_mut(16) {
        cipher.encrypt_block(aes::Block::from_mut_slice(chunk));
    }
    out
}

#[test]
fn endpoint_blobs_whose_length_byte_lies_are_rejected() {
    let mut frame = hex("0a0a040a00000210ec94030000000000");
    assert!(key().decrypt_endpoint(&encrypt_raw_blocks(&frame)).is_ok());
    // Claims more bytes than the blob holds (the Go client panics here).
    frame[0] = 0x40;
    assert_eq!(
        key().decrypt_endpoint(&encrypt_raw_blocks(&frame)),
        Err(EndpointError::LengthMismatch {
            declared: 64,
            len: 16
        })
    );
    frame[0] = 0xff;
    assert_eq!(
        key().decrypt_endpoint(&encrypt_raw_blocks(&frame)),
        Err(EndpointError::LengthMismatch {
            declared: 255,
            len: 16
        })
    );
    // Claims fewer bytes: the rest of the protobuf shows up as non-zero padding.
    frame[0] = 0x04;
    assert_eq!(
        key().decrypt_endpoint(&encrypt_raw_blocks(&frame)),
        Err(EndpointError::NonZeroPadding)
    );
    // A two-block blob claiming a one-block endpoint.
    let mut two_blocks = hex("0a0a040a00000210ec94030000000000");
    two_blocks.extend_from_slice(&[0; 16]);
    assert_eq!(
        key().decrypt_endpoint(&encrypt_raw_blocks(&two_blocks)),
        Err(EndpointError::LengthMismatch {
            declared: 10,
            len: 32
        })
    );
    // Authentic framing around a broken protobuf.
    let broken = hex("02ffff00000000000000000000000000");
    assert!(matches!(
        key().decrypt_endpoint(&encrypt_raw_blocks(&broken)),
        Err(EndpointError::Protobuf(_))
    ));
}

#[test]
fn malformed_endpoint_blobs_are_rejected() {
    assert_eq!(key().decrypt_endpoint(&[]), Err(EndpointError::Empty));
    for len in [1, 15, 17, 31] {
        assert_eq!(
            key().decrypt_endpoint(&vec![0; len]),
            Err(EndpointError::NotBlockAligned { len })
        );
    }
    let blob = key()
        .encrypt_endpoint(&Endpoint::from_socket_addr(
            "10.0.0.2:51820".parse().unwrap(),
        ))
        .unwrap();
    let other = ClusterKey::from_bytes(&[0x55; 32]).unwrap();
    assert!(other.decrypt_endpoint(&blob).is_err());
}

#[test]
fn oversized_endpoints_are_refused() {
    let endpoint = Endpoint {
        ip: vec![0; 300],
        port: 1,
    };
    assert_eq!(
        key().encrypt_endpoint(&endpoint),
        Err(EndpointError::EncodedTooLong { len: 305 })
    );
    // An IPv6 address with a long zone still encrypts but breaks the service limit.
    let zoned = Endpoint {
        ip: [
            vec![0xfe, 0x80],
            vec![0; 14],
            b"eth0-with-a-long-name".to_vec(),
        ]
        .concat(),
        port: 51820,
    };
    let blob = key().encrypt_endpoint(&zoned).unwrap();
    assert_eq!(key().decrypt_endpoint(&blob).unwrap(), zoned);
    let request = AffiliateUpdateRequest {
        cluster_id: "c".into(),
        affiliate_id: "a".into(),
        affiliate_endpoints: vec![vec![0; 16], blob],
        ..AffiliateUpdateRequest::default()
    };
    assert_eq!(
        request.check_limits(),
        Err(LimitError::Endpoint {
            index: 1,
            len: 48,
            max: 32
        })
    );
}

#[test]
fn service_limits() {
    let valid = AffiliateUpdateRequest {
        cluster_id: "c".repeat(256),
        affiliate_id: "a".repeat(256),
        affiliate_data: Some(vec![0; 2048]),
        affiliate_endpoints: vec![vec![0; 32]; 64],
        ttl: Some(Duration {
            seconds: 1800,
            nanos: 0,
        }),
    };
    assert_eq!(valid.check_limits(), Ok(()));
    let no_ttl = AffiliateUpdateRequest {
        ttl: None,
        ..valid.clone()
    };
    assert_eq!(no_ttl.check_limits(), Ok(()));
    let cases = [
        (
            AffiliateUpdateRequest {
                cluster_id: String::new(),
                ..valid.clone()
            },
            LimitError::ClusterId { len: 0, max: 256 },
        ),
        (
            AffiliateUpdateRequest {
                cluster_id: "c".repeat(257),
                ..valid.clone()
            },
            LimitError::ClusterId { len: 257, max: 256 },
        ),
        (
            AffiliateUpdateRequest {
                affiliate_id: String::new(),
                ..valid.clone()
            },
            LimitError::AffiliateId { len: 0, max: 256 },
        ),
        (
            AffiliateUpdateRequest {
                affiliate_data: Some(vec![0; 2049]),
                ..valid.clone()
            },
            LimitError::AffiliateData {
                len: 2049,
                max: 2048,
            },
        ),
        (
            AffiliateUpdateRequest {
                ttl: Some(Duration {
                    seconds: 1800,
                    nanos: 1,
                }),
                ..valid.clone()
            },
            LimitError::Ttl {
                seconds: 1800,
                nanos: 1,
                max: std::time::Duration::from_secs(1800),
            },
        ),
    ];
    for (request, expected) in cases {
        assert_eq!(request.check_limits(), Err(expected));
    }
}
