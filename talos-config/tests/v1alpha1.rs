//! The legacy `v1alpha1` document: every corpus fixture decodes, has no unknown keys and
//! survives an encode/decode round trip; Go's exact output (from the reference oracle and the
//! stability fixtures) is reproduced; Go's error texts for bad values are reproduced.

use std::path::{Path, PathBuf};

use talos_config::goyaml::{Decoder, GoYaml};
use talos_config::types::v1alpha1::scalars::{base64_decode, humanize_bytes, parse_bytes};
use talos_config::types::v1alpha1::{
    Config, DiskSize, FileMode, InstallDiskSizeMatcher, MachineType, PemEncodedCertificateAndKey,
};
use talos_config::yaml::{DocumentStream, Node, NodeKind, emit};

fn corpus() -> PathBuf {
    match std::env::var_os("TALOS_CORPUS") {
        Some(root) => PathBuf::from(root),
        None => {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/talos-v1.14.0-rc.1")
        }
    }
    .join("pkg/machinery/config")
}

/// Every document of `text` without a top-level `kind` key (the legacy ones), with the
/// source text of each when the stream is a plain `---`-separated list.
fn legacy_documents(text: &str) -> Vec<Node> {
    DocumentStream::new(text.as_bytes())
        .map(|doc| doc.expect("fixture parses").root)
        .filter(|root| matches!(root.kind, NodeKind::Mapping) && root.get("kind").is_none())
        .collect()
}

fn decode(node: &Node) -> (Config, Result<(), String>) {
    let mut decoder = Decoder::new();
    let mut config = Config::default();
    config.decode_into(node, &mut decoder);
    (config, decoder.finish())
}

fn decode_text(text: &str) -> (Config, Result<(), String>) {
    let docs = legacy_documents(text);
    assert_eq!(docs.len(), 1, "one legacy document expected");
    decode(&docs[0])
}

fn decode_err(text: &str) -> String {
    decode_text(text).1.expect_err("decode should fail")
}

/// Decodes, checks for unknown keys, encodes, decodes the encoding again and compares.
fn round_trip(node: &Node, what: &str) -> Config {
    let (config, result) = decode(node);
    assert_eq!(result, Ok(()), "{what}: decode");
    assert_eq!(Config::unknown_keys(node), Ok(None), "{what}: unknown keys");
    let encoded = config.encode();
    let (again, result) = decode(&encoded);
    assert_eq!(result, Ok(()), "{what}: decode of the encoding");
    assert_eq!(again, config, "{what}: round trip");
    // Re-encoding is stable, too.
    assert_eq!(
        emit(&again.encode()),
        emit(&encoded),
        "{what}: stable encoding"
    );
    config
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The first `---`-separated chunk of a stability fixture: the legacy document's exact text.
fn first_chunk(text: &str) -> &str {
    match text.find("\n---\n") {
        Some(at) => &text[..at + 1],
        None => text,
    }
}

#[test]
fn stability_fixtures_round_trip_byte_for_byte() {
    let mut files = Vec::new();
    files_under(
        &corpus().join("types/v1alpha1/testdata/stability"),
        "yaml",
        &mut files,
    );
    let mut checked = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(path).unwrap();
        let docs = legacy_documents(&text);
        if name.starts_with("secrets") {
            // The secrets bundle is not a machine configuration.
            continue;
        }
        for doc in &docs {
            let what = path.display().to_string();
            let config = round_trip(doc, &what);
            // Generated configs (`v1.X/*.yaml`) are Go's exact encoder output.
            if name.starts_with("base-") || name.starts_with("overrides-") {
                assert_eq!(emit(&config.encode()), first_chunk(&text), "{what}: bytes");
            }
            checked += 1;
        }
    }
    assert!(checked >= 49, "only {checked} legacy documents found");
}

#[test]
fn loader_fixtures_round_trip() {
    let root = corpus().join("configloader");
    let mut files = Vec::new();
    files_under(&root.join("testdata"), "test", &mut files);
    files_under(&root.join("internal/decoder/testdata"), "yaml", &mut files);
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // `$patch: delete` inputs are patches, not configurations.
        if text.contains("$patch") || path.to_string_lossy().contains("/delete/") {
            continue;
        }
        for doc in legacy_documents(&text) {
            if doc.entries().next().is_none() {
                continue;
            }
            round_trip(&doc, &path.display().to_string());
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} legacy documents found");
}

#[test]
fn strategic_merge_fixtures_round_trip() {
    let mut files = Vec::new();
    files_under(
        &corpus().join("types/v1alpha1/testdata/strategic"),
        "yaml",
        &mut files,
    );
    assert_eq!(files.len(), 18);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for doc in legacy_documents(&text) {
            round_trip(&doc, &path.display().to_string());
        }
    }
}

#[test]
fn encodes_like_go() {
    // Input and Go's `config.load` re-encoding (reference oracle, machinery v1.14.0-alpha.2).
    let (config, result) = decode_text(INPUT);
    assert_eq!(result, Ok(()));
    let encoded = config.encode();
    assert_eq!(emit(&encoded), GO_OUTPUT);
    let reparsed = legacy_documents(GO_OUTPUT);
    assert_eq!(decode(&reparsed[0]).0, config);
}

#[test]
fn encodes_every_section_like_go() {
    // Network, kubelet, install, features, encryption and registries (machine), then every
    // cluster component, each with Go's re-encoding.
    for (input, go_output) in [
        (NETWORK_INPUT, NETWORK_GO_OUTPUT),
        (CLUSTER_INPUT, CLUSTER_GO_OUTPUT),
    ] {
        let (config, result) = decode_text(input);
        assert_eq!(result, Ok(()));
        assert_eq!(Config::unknown_keys(&legacy_documents(input)[0]), Ok(None));
        assert_eq!(emit(&config.encode()), go_output);
    }
}

#[test]
fn absent_sections_encode_as_null() {
    let (config, result) = decode_text("version: v1alpha1\npersist: true\n");
    assert_eq!(result, Ok(()));
    assert_eq!(
        emit(&config.encode()),
        "version: v1alpha1\npersist: true\nmachine: null\ncluster: null\n"
    );
    // Go 1.14.0-rc.1 leaves an unset `cluster.controlPlane` out (the stability fixtures show
    // it); alpha.2 still printed `controlPlane: null`.
    let (config, _) =
        decode_text("version: v1alpha1\nmachine:\n  type: controlplane\ncluster: {}\n");
    assert_eq!(
        emit(&config.encode()),
        "version: v1alpha1\nmachine:\n    type: controlplane\n    token: \"\"\n    certSANs: []\ncluster: {}\n"
    );
}

#[test]
fn accessors() {
    let (config, _) = decode_text(INPUT);
    assert_eq!(config.machine_type(), Some(MachineType::Worker));
    assert_eq!(config.cluster_name(), Some("c"));
    assert_eq!(config.install_disk(), Some("/dev/sda"));
    assert_eq!(config.install_image(), Some("ghcr.io/x:1"));
    assert_eq!(
        config.control_plane_endpoint().map(|u| u.format()),
        Some("https://1.2.3.4:6443".to_owned())
    );
    let (config, _) = decode_text("version: v1alpha1\nmachine:\n  type: bogus\n");
    // Go decodes any string; `MachineConfig.Type()` maps an invalid one to unknown.
    assert_eq!(config.machine_type(), Some(MachineType::Unknown));
    assert_eq!(config.cluster_name(), None);
    assert_eq!(config.install_disk(), None);
    assert_eq!(config.control_plane_endpoint(), None);
    assert_eq!(
        MachineType::parse("bogus"),
        Err("invalid machine type: \"bogus\"".to_owned())
    );
    assert_eq!(MachineType::parse("join"), Ok(MachineType::Worker));
    assert!(MachineType::Init.is_control_plane());
    let empty = Config::default();
    assert_eq!(empty.machine_type(), None);
}

#[test]
fn custom_scalars_decode() {
    let (config, result) = decode_text(INPUT);
    assert_eq!(result, Ok(()));
    let machine = config.machine.as_ref().unwrap();
    let partitions = &machine.disks[0].as_ref().unwrap().partitions;
    assert_eq!(partitions[0].as_ref().unwrap().size, DiskSize(5_000_000));
    assert_eq!(partitions[1].as_ref().unwrap().size, DiskSize(1001));
    assert_eq!(
        machine.files[0].as_ref().unwrap().permissions,
        FileMode(0o600)
    );
    let size = machine
        .install
        .as_ref()
        .unwrap()
        .disk_selector
        .as_ref()
        .unwrap()
        .size
        .clone();
    let size: InstallDiskSizeMatcher = size.unwrap();
    assert_eq!(
        (size.match_data.op.as_str(), size.match_data.size),
        ("<=", 2_000_000_000_000)
    );
    let identity = machine.registries.config["r"]
        .as_ref()
        .unwrap()
        .tls
        .as_ref()
        .unwrap();
    let identity: &PemEncodedCertificateAndKey = identity.client_identity.as_ref().unwrap();
    assert_eq!(identity.crt, b"hello");
    assert_eq!(identity.key, b"******");
    let cluster = config.cluster.as_ref().unwrap();
    assert_eq!(
        cluster.inline_manifests[0].contents,
        "---\napiVersion: v1\n"
    );
    // `null` list items are kept, as Go keeps nil pointers.
    assert_eq!(machine.accepted_cas.len(), 2);
    assert!(machine.accepted_cas[1].is_none());

    let (config, result) = decode_text(
        "version: v1alpha1\nmachine:\n  files:\n    - permissions: 0644\n    - permissions: 0x1ff\n    - permissions: 1.0\n  disks:\n    - partitions:\n        - size: 1 GiB\n        - size: \"100\"\n        - size: ~\n",
    );
    assert_eq!(result, Ok(()));
    let machine = config.machine.unwrap();
    let modes: Vec<u32> = machine
        .files
        .iter()
        .map(|f| f.as_ref().unwrap().permissions.0)
        .collect();
    assert_eq!(modes, [0o644, 0o777, 1]);
    let sizes: Vec<u64> = machine.disks[0]
        .as_ref()
        .unwrap()
        .partitions
        .iter()
        .map(|p| p.as_ref().unwrap().size.0)
        .collect();
    assert_eq!(sizes, [1 << 30, 100, 0]);
    assert_eq!(DiskSize(3_000_000_000_000).encode().value, "3.0 TB");
    assert_eq!(DiskSize(1 << 30).encode().value, "1073741824");
    assert_eq!(FileMode(0).encode().value, "0o0");
}

#[test]
fn type_errors_match_go() {
    assert_eq!(
        decode_err(
            "version: v1alpha1\nmachine:\n  type: bogus\n  install:\n    wipe: abc\n  files:\n    - content: x\n      permissions: abc\n      path: /a\n      op: create\ncluster:\n  controlPlane:\n    endpoint: \"::\"\n"
        ),
        "yaml: construct errors: line 5: cannot construct !!str `abc` into bool; line 8: cannot construct !!str `abc` into v1alpha1.FileMode; line 13: parse \"::\": missing protocol scheme"
    );
    assert_eq!(
        decode_err(
            "version: v1alpha1\nmachine:\n  files:\n    - permissions: 0x1ff\n    - permissions: 4294967296\n    - permissions: -1\n    - permissions: 1.0\n    - permissions: [1]\n"
        ),
        "yaml: construct errors: line 5: cannot construct !!int `4294967296` into v1alpha1.FileMode; line 6: cannot construct !!int `-1` into v1alpha1.FileMode; line 8: cannot construct !!seq into v1alpha1.FileMode"
    );
    assert_eq!(
        decode_err(
            "version: v1alpha1\nmachine:\n  network:\n    interfaces: abc\n  install:\n    diskSelector:\n      type: [a]\n  registries:\n    config:\n      foo:\n        tls:\n          ca: [1]\ncluster:\n  apiServer:\n    admissionControl: abc\n    authorizationConfig: 1\n  inlineManifests: {}\n  controlPlane:\n    localAPIServerPort: 1.5\n"
        ),
        "yaml: construct errors: line 4: cannot construct !!str `abc` into v1alpha1.NetworkDeviceList; line 7: cannot construct !!seq into v1alpha1.InstallDiskType; line 12: cannot construct !!seq into string; line 15: cannot construct !!str `abc` into v1alpha1.AdmissionPluginConfigList; line 16: cannot construct !!int `1` into v1alpha1.AuthorizationConfigAuthorizerConfigList; line 17: cannot construct !!map into []v1alpha1.ClusterInlineManifest; line 19: cannot construct !!float `1.5` into int"
    );
}

#[test]
fn certificate_size_and_base64_errors_match_go() {
    let text = r#"version: v1alpha1
machine:
  ca: abc
  acceptedCAs:
    - abc
    - crt: "!!!"
  certSANs: abc
  disks:
    - partitions:
        - size: abc
        - size: [1]
        - size: 1e30 EB
        - size: ""
        - size: 1.2.3
        - size: 18446744073709551615
  install:
    diskSelector:
      size: "=> 1TB"
  registries:
    config:
      foo:
        tls:
          ca: "!!"
cluster:
  serviceAccount:
    key: 1
  controlPlane:
    endpoint: [a]
  inlineManifests: abc
"#;
    assert_eq!(
        decode_err(text),
        concat!(
            "yaml: construct errors: ",
            "line 3: cannot construct !!str `abc` into struct { Crt string \"yaml:\\\"crt\\\"\"; Key string \"yaml:\\\"key\\\"\" }; ",
            "line 5: cannot construct !!str `abc` into struct { Crt string \"yaml:\\\"crt\\\"\" }; ",
            "line 6: illegal base64 data at input byte 0; ",
            "line 7: cannot construct !!str `abc` into []string; ",
            "line 10: strconv.ParseFloat: parsing \"\": invalid syntax; ",
            "line 11: cannot construct !!seq into string; ",
            "line 12: unhandled size name: e30 eb; ",
            "line 13: strconv.ParseFloat: parsing \"\": invalid syntax; ",
            "line 14: strconv.ParseFloat: parsing \"1.2.3\": invalid syntax; ",
            "line 15: too large: 18446744073709551615; ",
            "line 18: failed to parse disk size => 1TB: strconv.ParseFloat: parsing \"\": invalid syntax; ",
            "line 23: illegal base64 data at input byte 0; ",
            "line 26: illegal base64 data at input byte 0; ",
            "line 28: cannot construct !!seq into string; ",
            "line 29: cannot construct !!str `abc` into []v1alpha1.ClusterInlineManifest",
        )
    );
    // A type error inside the helper struct stops the unmarshaler before base64 decoding.
    assert_eq!(
        decode_err("version: v1alpha1\nmachine:\n  ca:\n    crt: [a]\n    key: \"!!\"\n"),
        "yaml: construct errors: line 4: cannot construct !!seq into string"
    );
}

#[test]
fn unknown_keys_match_go() {
    let text = "version: v1alpha1\nmachine:\n  kubespan:\n    enabled: true\n  ca:\n    crt: aGVsbG8=\n    key: aGVsbG8=\n    bogus: 1\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          - vlanId: 5\n            foo: bar\n  install:\n    diskSelector:\n      size: 10GB\ncluster:\n  inlineManifests:\n    - name: a\n      contents: \"\\n\\t  x\"\n      extra: 1\n  apiServer:\n    auditPolicy:\n      anything: 1\n";
    let docs = legacy_documents(text);
    let (config, result) = decode(&docs[0]);
    assert_eq!(result, Ok(()));
    assert_eq!(config.cluster.unwrap().inline_manifests[0].contents, "  x");
    let unknown = Config::unknown_keys(&docs[0])
        .unwrap()
        .expect("unknown keys");
    assert_eq!(
        emit(&unknown),
        "cluster:\n    inlineManifests:\n        - extra: 1\nmachine:\n    ca:\n        bogus: 1\n    kubespan:\n        enabled: true\n    network:\n        interfaces:\n            - vlans:\n                - foo: bar\n"
    );
}

#[test]
fn helpers_match_go() {
    assert_eq!(humanize_bytes(999_999_999_999_999_000), "1.0 EB");
    assert_eq!(humanize_bytes(123_456_000), "124 MB");
    assert_eq!(parse_bytes("1.5GiB"), Ok(1_610_612_736));
    assert_eq!(
        parse_bytes("\u{663}MB"),
        Err("strconv.ParseFloat: parsing \"\\xd9\": invalid syntax".to_owned())
    );
    assert_eq!(
        base64_decode("aGVsbG8"),
        Err("illegal base64 data at input byte 4".to_owned())
    );
}

const INPUT: &str = r#"version: v1alpha1
debug: false
machine:
  type: worker
  acceptedCAs:
    - crt: aGVsbG8=
    - ~
  controlPlane:
    controllerManager: {disabled: true}
    scheduler: {}
  kubelet:
    extraArgs:
      foo: bar
    extraMounts:
      - destination: /var/x
        uidMappings: [{containerID: 0, hostID: 1000, size: 1}]
    extraConfig:
      serverTLSBootstrap: true
    nodeIP:
      validSubnets: [10.0.0.0/8, "!10.0.0.3/32"]
  pods:
    - apiVersion: v1
      kind: Pod
  network:
    hostname: h
    interfaces:
      - interface: bond0
        bond:
          interfaces: [eth0]
          mode: 802.3ad
          miimon: 100
        vlans:
          - vlanId: 10
          - ~
        routes:
          - network: 0.0.0.0/0
        dhcpOptions: {routeMetric: 0}
        wireguard:
          peers:
            - publicKey: abc
              persistentKeepaliveInterval: 25s
      - ~
      - bridge: {interfaces: []}
    extraHostEntries:
      - ip: 1.2.3.4
    kubespan: {enabled: true, mtu: 1420, filters: {endpoints: ["0.0.0.0/0"]}}
  disks:
    - device: /dev/sdb
      partitions: [{size: 5000000, mountpoint: /var/a}, {size: 1001}]
  install:
    disk: /dev/sda
    image: ghcr.io/x:1
    extensions: [{image: a}]
    diskSelector: {size: "<= 2TB", type: nvme}
  files:
    - {content: a, permissions: 0o600, path: /var/f, op: append}
  env: {A: b}
  time: {servers: [pool.ntp.org], bootTimeout: 2m}
  sysctls: {a.b: "1"}
  registries:
    mirrors:
      docker.io: {endpoints: [https://m]}
      ghcr.io: ~
    config:
      r: {auth: {username: u}, tls: {insecureSkipVerify: true, clientIdentity: {crt: aGVsbG8=, key: "******"}}}
  systemDiskEncryption:
    state:
      provider: luks2
      keys: [{static: {passphrase: p}, slot: 0}, {nodeID: {}, slot: 1}, {tpm: {}, slot: 2}]
      keySize: 512
  features:
    rbac: true
    kubePrism: {enabled: true, port: 7445}
    hostDNS: {enabled: true}
  udev: {rules: [x]}
  logging: {destinations: [{endpoint: "udp://127.0.0.1:12345/", format: json_lines}]}
  kernel: {modules: [{name: br_netfilter}]}
  seccompProfiles: [{name: a.json, value: {defaultAction: SCMP_ACT_LOG}}]
  nodeTaints: {a: b}
cluster:
  controlPlane:
    endpoint: https://1.2.3.4:6443
  clusterName: c
  network:
    cni: {name: custom, urls: [https://x]}
  serviceAccount:
    key: aGVsbG8=
  apiServer:
    admissionControl: [{name: PodSecurity, configuration: {a: 1}}]
    authorizationConfig: [{type: Node, name: node}]
    auditPolicy: {kind: Policy}
    resources: {requests: {cpu: 1}}
  proxy: {disabled: true}
  scheduler: {config: {a: b}}
  discovery: {enabled: true}
  etcd: {image: e}
  coreDNS: {disabled: true}
  externalCloudProvider: {enabled: true}
  inlineManifests:
    - name: m
      contents: "\n\n\t---\napiVersion: v1\n"
  adminKubeconfig: {certLifetime: 1h}
  allowSchedulingOnControlPlanes: true
"#;

const GO_OUTPUT: &str = r#"version: v1alpha1
debug: false
machine:
    type: worker
    token: ""
    acceptedCAs:
        - crt: aGVsbG8=
        - null
    certSANs: []
    controlPlane:
        controllerManager:
            disabled: true
        scheduler: {}
    kubelet:
        extraArgs:
            foo: bar
        extraMounts:
            - destination: /var/x
              uidMappings:
                - containerID: 0
                  hostID: 1000
                  size: 1
        extraConfig:
            serverTLSBootstrap: true
        nodeIP:
            validSubnets:
                - 10.0.0.0/8
                - '!10.0.0.3/32'
    pods:
        - apiVersion: v1
          kind: Pod
    network:
        hostname: h
        interfaces:
            - interface: bond0
              routes:
                - network: 0.0.0.0/0
                  gateway: ""
              bond:
                interfaces:
                    - eth0
                mode: 802.3ad
                miimon: 100
              vlans:
                - routes: []
                  vlanId: 10
                - null
              dhcpOptions:
                routeMetric: 0
              wireguard:
                peers:
                    - publicKey: abc
                      persistentKeepaliveInterval: 25s
            - null
            - bridge:
                interfaces: []
        extraHostEntries:
            - ip: 1.2.3.4
              aliases: []
        kubespan:
            enabled: true
            mtu: 1420
            filters:
                endpoints:
                    - 0.0.0.0/0
    disks:
        - device: /dev/sdb
          partitions:
            - size: 5.0 MB
              mountpoint: /var/a
            - size: 1001
    install:
        disk: /dev/sda
        diskSelector:
            size: <= 2TB
            type: nvme
        image: ghcr.io/x:1
        extensions:
            - image: a
        wipe: null
    files:
        - content: a
          permissions: 0o600
          path: /var/f
          op: append
    env:
        A: b
    time:
        servers:
            - pool.ntp.org
        bootTimeout: 2m0s
    sysctls:
        a.b: "1"
    registries:
        mirrors:
            docker.io:
                endpoints:
                    - https://m
            ghcr.io: null
        config:
            r:
                tls:
                    clientIdentity:
                        crt: aGVsbG8=
                        key: '******'
                    insecureSkipVerify: true
                auth:
                    username: u
    systemDiskEncryption:
        state:
            provider: luks2
            keys:
                - static:
                    passphrase: p
                  slot: 0
                - nodeID: {}
                  slot: 1
                - slot: 2
                  tpm: {}
            keySize: 512
    features:
        rbac: true
        kubePrism:
            enabled: true
            port: 7445
        hostDNS:
            enabled: true
    udev:
        rules:
            - x
    logging:
        destinations:
            - endpoint: udp://127.0.0.1:12345/
              format: json_lines
    kernel:
        modules:
            - name: br_netfilter
    seccompProfiles:
        - name: a.json
          value:
            defaultAction: SCMP_ACT_LOG
    nodeTaints:
        a: b
cluster:
    controlPlane:
        endpoint: https://1.2.3.4:6443
    clusterName: c
    network:
        cni:
            name: custom
            urls:
                - https://x
        dnsDomain: ""
        podSubnets: []
        serviceSubnets: []
    serviceAccount:
        key: aGVsbG8=
    apiServer:
        admissionControl:
            - name: PodSecurity
              configuration:
                a: 1
        auditPolicy:
            kind: Policy
        resources:
            requests:
                cpu: 1
        authorizationConfig:
            - type: Node
              name: node
    proxy:
        disabled: true
    scheduler:
        config:
            a: b
    discovery:
        enabled: true
        registries:
            kubernetes: {}
            service: {}
    etcd:
        image: e
        ca: null
    coreDNS:
        disabled: true
    externalCloudProvider:
        enabled: true
    inlineManifests:
        - name: m
          contents: |
            ---
            apiVersion: v1
    adminKubeconfig:
        certLifetime: 1h0m0s
    allowSchedulingOnControlPlanes: true
"#;

const NETWORK_INPUT: &str = r#"version: v1alpha1
machine:
  network:
    hostname: ~
    interfaces:
      - interface: eth0
        vlans: ~
        mtu: 9000
        dhcp: yes
        vip: {ip: 1.1.1.1, equinixMetal: {apiToken: x}, hcloud: {apiToken: y}}
        bridgePort: {master: br0}
        bond:
          interfaces: ~
          deviceSelectors: [{hardwareAddr: "00:*", physical: true}]
          arpIPTarget: [1.1.1.1]
          mode: active-backup
          xmitHashPolicy: layer2
          lacpRate: fast
          adActorSystem: "00:00:00:00:00:01"
          arpValidate: all
          arpAllTargets: any
          primary: eth0
          primaryReselect: always
          failOverMac: active
          adSelect: stable
          updelay: 1
          downdelay: 2
          arpInterval: 3
          resendIgmp: 4
          minLinks: 5
          lpInterval: 6
          packetsPerSlave: 7
          numPeerNotif: 8
          tlbDynamicLb: 9
          allSlavesActive: 1
          useCarrier: false
          adActorSysPrio: 65535
          adUserPortKey: 10
          peerNotifyDelay: 11
        bridge: {interfaces: [a], stp: {enabled: true}, vlan: {vlanFiltering: false}}
        wireguard: {privateKey: k, listenPort: 51820, firewallMark: 1, peers: [{endpoint: "1.2.3.4:5", allowedIPs: [0.0.0.0/0]}]}
        dhcpOptions: {routeMetric: 1024, ipv4: true, ipv6: false, duidv6: x}
      - deviceSelector: {busPath: "0*", permanentAddr: x, pciID: "1234:*", driver: virtio}
        cidr: 1.2.3.4/24
        ignore: true
        dummy: true
    nameservers: [1.1.1.1]
    searchDomains: [a]
    disableSearchDomain: true
    kubespan: {advertiseKubernetesNetworks: true, allowDownPeerBypass: true, harvestExtraEndpoints: false, filters: {excludeAdvertisedNetworks: [x]}}
  kubelet:
    image: k
    clusterDNS: [1.2.3.4]
    credentialProviderConfig: {apiVersion: v1}
    registerWithFQDN: true
    skipNodeRegistration: false
    disableManifestsDirectory: true
    extraMounts: [{destination: /a, type: bind, source: /b, options: [rbind], gidMappings: [{containerID: 1, hostID: 2, size: 3}]}]
  install:
    diskSelector: {name: a, model: "WDC*", serial: s, modalias: m, uuid: u, wwid: w, busPath: "/pci0000:00/*"}
    extraKernelArgs: [a=b]
    bootloader: false
    wipe: true
    legacyBIOSSupport: true
    grubUseUKICmdline: false
  time: {disabled: true, bootTimeout: 0}
  sysfs: {a: b}
  features:
    stableHostname: true
    kubernetesTalosAPIAccess: {enabled: true, allowedRoles: ["os:reader"], allowedKubernetesNamespaces: [kube-system]}
    apidCheckExtKeyUsage: true
    diskQuotaSupport: true
    hostDNS: {forwardKubeDNSToHost: true, resolveMemberNames: true}
    imageCache: {localEnabled: true}
    nodeAddressSortAlgorithm: v2
  systemDiskEncryption:
    ephemeral:
      provider: luks2
      keys: [{kms: {endpoint: "https://k"}, slot: 0}, {tpm: {checkSecurebootStatusOnEnroll: true}, slot: 1}]
      cipher: aes-xts-plain64
      blockSize: 4096
      options: [no_read_workqueue]
  baseRuntimeSpecOverrides: {process: {rlimits: []}}
  nodeLabels: {a: b}
  nodeAnnotations: {c: d}
  registries:
    mirrors:
      "*": {endpoints: [https://x], overridePath: true, skipFallback: true}
    config:
      x: {auth: {password: p, auth: a, identityToken: i}}
"#;

const NETWORK_GO_OUTPUT: &str = r#"version: v1alpha1
machine:
    type: ""
    token: ""
    certSANs: []
    kubelet:
        image: k
        clusterDNS:
            - 1.2.3.4
        extraMounts:
            - destination: /a
              type: bind
              source: /b
              options:
                - rbind
              gidMappings:
                - containerID: 1
                  hostID: 2
                  size: 3
        credentialProviderConfig:
            apiVersion: v1
        registerWithFQDN: true
        skipNodeRegistration: false
        disableManifestsDirectory: true
    network:
        interfaces:
            - interface: eth0
              bond:
                interfaces: []
                deviceSelectors:
                    - hardwareAddr: 00:*
                      physical: true
                arpIPTarget:
                    - 1.1.1.1
                mode: active-backup
                xmitHashPolicy: layer2
                lacpRate: fast
                adActorSystem: '00:00:00:00:00:01'
                arpValidate: all
                arpAllTargets: any
                primary: eth0
                primaryReselect: always
                failOverMac: active
                adSelect: stable
                updelay: 1
                downdelay: 2
                arpInterval: 3
                resendIgmp: 4
                minLinks: 5
                lpInterval: 6
                packetsPerSlave: 7
                numPeerNotif: 8
                tlbDynamicLb: 9
                allSlavesActive: 1
                useCarrier: false
                adActorSysPrio: 65535
                adUserPortKey: 10
                peerNotifyDelay: 11
              bridge:
                interfaces:
                    - a
                stp:
                    enabled: true
                vlan:
                    vlanFiltering: false
              bridgePort:
                master: br0
              mtu: 9000
              dhcp: true
              dhcpOptions:
                routeMetric: 1024
                ipv4: true
                ipv6: false
                duidv6: x
              wireguard:
                privateKey: k
                listenPort: 51820
                firewallMark: 1
                peers:
                    - endpoint: 1.2.3.4:5
                      allowedIPs:
                        - 0.0.0.0/0
              vip:
                ip: 1.1.1.1
                equinixMetal:
                    apiToken: x
                hcloud:
                    apiToken: 'y'
            - deviceSelector:
                busPath: 0*
                permanentAddr: x
                pciID: 1234:*
                driver: virtio
              cidr: 1.2.3.4/24
              ignore: true
              dummy: true
        nameservers:
            - 1.1.1.1
        searchDomains:
            - a
        kubespan:
            advertiseKubernetesNetworks: true
            allowDownPeerBypass: true
            harvestExtraEndpoints: false
            filters:
                excludeAdvertisedNetworks:
                    - x
        disableSearchDomain: true
    install:
        diskSelector:
            name: a
            model: WDC*
            serial: s
            modalias: m
            uuid: u
            wwid: w
            busPath: /pci0000:00/*
        extraKernelArgs:
            - a=b
        bootloader: false
        wipe: true
        legacyBIOSSupport: true
        grubUseUKICmdline: false
    time:
        disabled: true
    sysfs:
        a: b
    registries:
        mirrors:
            '*':
                endpoints:
                    - https://x
                overridePath: true
                skipFallback: true
        config:
            x:
                auth:
                    password: p
                    auth: a
                    identityToken: i
    systemDiskEncryption:
        ephemeral:
            provider: luks2
            keys:
                - kms:
                    endpoint: https://k
                  slot: 0
                - slot: 1
                  tpm:
                    checkSecurebootStatusOnEnroll: true
            cipher: aes-xts-plain64
            blockSize: 4096
            options:
                - no_read_workqueue
    features:
        stableHostname: true
        kubernetesTalosAPIAccess:
            enabled: true
            allowedRoles:
                - os:reader
            allowedKubernetesNamespaces:
                - kube-system
        apidCheckExtKeyUsage: true
        diskQuotaSupport: true
        hostDNS:
            forwardKubeDNSToHost: true
            resolveMemberNames: true
        imageCache:
            localEnabled: true
        nodeAddressSortAlgorithm: v2
    baseRuntimeSpecOverrides:
        process:
            rlimits: []
    nodeLabels:
        a: b
    nodeAnnotations:
        c: d
cluster: null
"#;

const CLUSTER_INPUT: &str = r#"version: v1alpha1
cluster:
  id: i
  secret: s
  token: t
  aescbcEncryptionSecret: a
  secretboxEncryptionSecret: b
  acceptedCAs: [{crt: aGVsbG8=}]
  aggregatorCA: {crt: aGVsbG8=, key: ""}
  controlPlane: {endpoint: "https://x:6443", localAPIServerPort: 443}
  network:
    cni: {name: flannel, flannel: {extraArgs: [--x], kubeNetworkPoliciesEnabled: true}}
    dnsDomain: cluster.local
    podSubnets: [10.244.0.0/16]
    serviceSubnets: [10.96.0.0/12]
  apiServer:
    image: a
    extraArgs: {a: b}
    extraVolumes: [{hostPath: /a, mountPath: /b, readonly: true}]
    env: {A: B}
    certSANs: [x]
    disablePodSecurityPolicy: true
    authorizationConfig: [{type: Webhook, name: w, webhook: {timeout: 3s}}]
    resources: {limits: {memory: 1Gi}}
  controllerManager: {image: c, extraArgs: {x: y}, extraVolumes: [{hostPath: /a, mountPath: /b}], env: {E: F}, resources: {}}
  proxy: {image: p, mode: ipvs, extraArgs: {z: w}}
  scheduler: {image: s, extraArgs: {}, env: {}, resources: {requests: {cpu: 100m}}}
  discovery: {registries: {kubernetes: {disabled: true}, service: {disabled: false, endpoint: "https://d"}}}
  etcd: {extraArgs: {a: b}, subnet: 10.0.0.0/8, advertisedSubnets: [a], listenSubnets: [b]}
  coreDNS: {image: c}
  externalCloudProvider: {manifests: [https://m]}
  extraManifests: [https://e]
"#;

const CLUSTER_GO_OUTPUT: &str = r#"version: v1alpha1
machine: null
cluster:
    id: i
    secret: s
    controlPlane:
        endpoint: https://x:6443
        localAPIServerPort: 443
    network:
        cni:
            name: flannel
            flannel:
                extraArgs:
                    - --x
                kubeNetworkPoliciesEnabled: true
        dnsDomain: cluster.local
        podSubnets:
            - 10.244.0.0/16
        serviceSubnets:
            - 10.96.0.0/12
    token: t
    aescbcEncryptionSecret: a
    secretboxEncryptionSecret: b
    acceptedCAs:
        - crt: aGVsbG8=
    aggregatorCA:
        crt: aGVsbG8=
        key: ""
    apiServer:
        image: a
        extraArgs:
            a: b
        extraVolumes:
            - hostPath: /a
              mountPath: /b
              readonly: true
        env:
            A: B
        certSANs:
            - x
        disablePodSecurityPolicy: true
        resources:
            limits:
                memory: 1Gi
        authorizationConfig:
            - type: Webhook
              name: w
              webhook:
                timeout: 3s
    controllerManager:
        image: c
        extraArgs:
            x: y
        extraVolumes:
            - hostPath: /a
              mountPath: /b
        env:
            E: F
        resources: {}
    proxy:
        image: p
        mode: ipvs
        extraArgs:
            z: w
    scheduler:
        image: s
        resources:
            requests:
                cpu: 100m
    discovery:
        registries:
            kubernetes:
                disabled: true
            service:
                disabled: false
                endpoint: https://d
    etcd:
        ca: null
        extraArgs:
            a: b
        subnet: 10.0.0.0/8
        advertisedSubnets:
            - a
        listenSubnets:
            - b
    coreDNS:
        image: c
    externalCloudProvider:
        manifests:
            - https://m
    extraManifests:
        - https://e
"#;
