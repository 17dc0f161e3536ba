//! The discovery inputs every benchmark uses, so criterion and `compare` measure the same thing.

use talos_discovery_crypto::payload::{Affiliate, ControlPlane, Endpoint, IpPrefix, KubeSpan};

/// The AES-256 key of the spec's test vectors (cluster secret
/// `vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=`).
pub const CLUSTER_KEY: [u8; 32] = [
    0xbe, 0x57, 0xf6, 0x1d, 0x4d, 0x4d, 0x11, 0x92, 0xf7, 0x13, 0x38, 0xbd, 0x4e, 0x4f, 0x91, 0x64,
    0x12, 0xc9, 0x51, 0xb8, 0xe7, 0xb0, 0x79, 0xd3, 0xce, 0xcd, 0xf0, 0x2b, 0xd2, 0x4d, 0x93, 0xa4,
];

/// A control-plane node with KubeSpan, as in Talos' own discovery test: 186 bytes of protobuf.
pub fn typical_affiliate() -> Affiliate {
    Affiliate {
        node_id: "gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE".into(),
        addresses: vec![vec![192, 168, 3, 4]],
        hostname: "foo.com".into(),
        nodename: "bar".into(),
        machine_type: "controlplane".into(),
        operating_system: "Talos (v1.12.0)".into(),
        kubespan: Some(KubeSpan {
            public_key: "PLPNBddmTgHJhtw0vxltq1ZBdPP9RNOEUd5JjJZzBRY=".into(),
            address: vec![
                0xfd, 0x50, 0x8d, 0x60, 0x42, 0x38, 0x63, 0x02, 0xf8, 0x57, 0x23, 0xff, 0xfe, 0x21,
                0xd1, 0xe0,
            ],
            additional_addresses: vec![IpPrefix {
                ip: vec![10, 244, 3, 1],
                bits: 24,
            }],
            exclude_advertised_addresses: vec![IpPrefix {
                ip: vec![0, 0, 0, 0],
                bits: 0,
            }],
        }),
        control_plane: Some(ControlPlane {
            api_server_port: 6443,
        }),
    }
}

/// The two endpoint shapes: IPv4 (one AES block) and IPv6 (two blocks).
pub fn typical_endpoints() -> [(&'static str, Endpoint); 2] {
    [
        (
            "ipv4",
            Endpoint {
                ip: vec![192, 168, 3, 4],
                port: 51820,
            },
        ),
        (
            "ipv6",
            Endpoint {
                ip: vec![
                    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
                ],
                port: 51820,
            },
        ),
    ]
}
