//! Field-level version checks: the generated release table (`field_since.rs`) and
//! `Config::check_version` reporting every set field an older Talos would not know.

mod common;

use std::path::PathBuf;

use common::corpus;
use talos_config::field_since::{self, FieldSince};
use talos_config::yaml::{Node, emit};
use talos_config::{Config, TalosVersion, registry};

fn v(minor: u16) -> TalosVersion {
    TalosVersion::new(1, minor)
}

fn stability() -> PathBuf {
    corpus().join("pkg/machinery/config/types/v1alpha1/testdata/stability")
}

fn problems(config: &Config, target: TalosVersion) -> Vec<String> {
    config
        .check_version(target)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn load(text: &str) -> Config {
    Config::from_bytes(text.as_bytes()).unwrap_or_else(|err| panic!("{err}\n{text}"))
}

/// Every configuration `talosctl gen config` wrote for release 1.x (base and overrides, control
/// plane and worker) passes the check for 1.x: nothing it sets is newer than its release.
#[test]
fn stability_configs_pass_their_own_release() {
    let mut checked = 0;
    for minor in 3..=14 {
        let dir = stability().join(format!("v1.{minor}"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}", dir.display());
        for file in files {
            let config = Config::from_file(&file).expect("stability config loads");
            let found = problems(&config, v(minor));
            assert!(found.is_empty(), "{}: {found:#?}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked} files");
}

/// The v1.3 configuration is also fine for every later release.
#[test]
fn old_configs_pass_newer_releases() {
    let config = Config::from_file(stability().join("v1.3/overrides-controlplane.yaml")).unwrap();
    for minor in 3..=14 {
        assert_eq!(
            problems(&config, v(minor)),
            Vec::<String>::new(),
            "1.{minor}"
        );
    }
}

/// Newer configurations checked against older releases name their newer fields, each only
/// when it is newer than the target.
#[test]
fn newer_configs_name_their_new_fields() {
    let v1_13 = Config::from_file(stability().join("v1.13/overrides-controlplane.yaml")).unwrap();
    assert_eq!(
        problems(&v1_13, v(8)),
        [
            "v1alpha1: .machine.install.grubUseUKICmdline needs Talos >= 1.12",
            "RegistryMirrorConfig/ghcr.io needs Talos >= 1.12",
            "HostnameConfig needs Talos >= 1.12",
        ]
    );
    assert_eq!(
        problems(&v1_13, v(4))[..4],
        [
            "v1alpha1: .machine.install.grubUseUKICmdline needs Talos >= 1.12",
            "v1alpha1: .machine.features.diskQuotaSupport needs Talos >= 1.5",
            "v1alpha1: .machine.features.kubePrism needs Talos >= 1.5",
            "v1alpha1: .machine.features.hostDNS needs Talos >= 1.7",
        ]
    );

    let v1_14 = Config::from_file(stability().join("v1.14/overrides-controlplane.yaml")).unwrap();
    for minor in 3..=13 {
        let found = v1_14.check_version(v(minor));
        assert!(!found.is_empty(), "1.{minor}");
        assert!(found.iter().all(|p| p.since > v(minor)), "{found:?}");
    }
    let for_1_11 = problems(&v1_14, v(11));
    assert!(
        for_1_11.contains(&"VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13".to_owned()),
        "{for_1_11:#?}"
    );
    // a document whose kind the target does not know is one problem, not one per field
    assert!(for_1_11.contains(&"KubeletConfig needs Talos >= 1.14".to_owned()));
    assert!(!for_1_11.iter().any(|p| p.starts_with("KubeletConfig:")));
    assert_eq!(
        problems(&v1_14, v(12))
            .iter()
            .filter(|p| p.contains(": ."))
            .collect::<Vec<_>>(),
        [
            "ResolverConfig: .hostDNS needs Talos >= 1.14",
            "VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13",
        ]
    );
}

/// A hand-written configuration using a 1.10 field (SideroLinkConfig's `uniqueToken`) and a 1.9
/// one (`machine.features.imageCache`).
#[test]
fn fields_are_reported_until_their_release() {
    let config = load(
        "version: v1alpha1\nmachine:\n  type: worker\n  features:\n    imageCache:\n      localEnabled: true\n\
         ---\napiVersion: v1alpha1\nkind: SideroLinkConfig\napiUrl: https://siderolink.example.com:8099\nuniqueToken: abc\n",
    );
    assert_eq!(
        problems(&config, v(8)),
        [
            "v1alpha1: .machine.features.imageCache needs Talos >= 1.9",
            "SideroLinkConfig: .uniqueToken needs Talos >= 1.10",
        ]
    );
    assert_eq!(
        problems(&config, v(9)),
        ["SideroLinkConfig: .uniqueToken needs Talos >= 1.10"]
    );
    assert!(problems(&config, v(10)).is_empty());
    let problem = &config.check_version(v(9))[0];
    assert_eq!(
        (
            problem.kind,
            problem.name.as_str(),
            problem.field.as_deref()
        ),
        ("SideroLinkConfig", "", Some(".uniqueToken"))
    );
    assert_eq!(problem.since, v(10));
    // before the kind existed, the whole document is the problem
    assert_eq!(
        problems(&config, v(4)),
        [
            "v1alpha1: .machine.features.imageCache needs Talos >= 1.9",
            "SideroLinkConfig needs Talos >= 1.5",
        ]
    );
}

/// Only fields present in the document as Talos encodes it count: empty `omitempty` fields
/// are left out, while a pointer set to an empty value stays (Go writes `hostDNS: {}`, which an
/// older Talos refuses as an unknown key).
#[test]
fn unset_fields_are_not_reported() {
    let config = load(
        "version: v1alpha1\nmachine:\n  type: worker\n  nodeAnnotations: {}\n  nodeTaints: {}\n  features:\n    hostDNS: {}\n",
    );
    assert_eq!(
        problems(&config, v(5)),
        ["v1alpha1: .machine.features.hostDNS needs Talos >= 1.7"]
    );
}

/// Named documents, list indexes and map keys appear in the path; a field under a newer one
/// is reported only when it is newer still.
#[test]
fn paths_name_documents_indexes_and_map_keys() {
    let config = load(
        "version: v1alpha1\nmachine:\n  type: worker\n  registries:\n    mirrors:\n      docker.io:\n        endpoints: [https://mirror.example.com]\n        skipFallback: true\n      ghcr:\n        skipFallback: true\n  network:\n    interfaces:\n      - interface: eth0\n      - deviceSelector:\n          physical: true\n          permanentAddr: 00:11:22:33:44:55\n\
         ---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 10GiB\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm:\n        options:\n          pcrs: [7]\n",
    );
    assert_eq!(
        problems(&config, v(6)),
        [
            "v1alpha1: .machine.network.interfaces[1].deviceSelector.permanentAddr needs Talos >= 1.9",
            "v1alpha1: .machine.network.interfaces[1].deviceSelector.physical needs Talos >= 1.7",
            "v1alpha1: .machine.registries.mirrors[\"docker.io\"].skipFallback needs Talos >= 1.9",
            "v1alpha1: .machine.registries.mirrors.ghcr.skipFallback needs Talos >= 1.9",
            "VolumeConfig/EPHEMERAL needs Talos >= 1.8",
        ]
    );
    assert_eq!(
        problems(&config, v(10)),
        [
            "VolumeConfig/EPHEMERAL: .encryption needs Talos >= 1.11",
            "VolumeConfig/EPHEMERAL: .encryption.keys[0].tpm.options needs Talos >= 1.12",
        ]
    );
    assert!(problems(&config, v(12)).is_empty());
}

/// Fields v1.14.0-rc.1 added to kinds older than 1.14 are 1.14 fields.
#[test]
fn rc1_fields_are_1_14() {
    let config = load(
        "apiVersion: v1alpha1\nkind: DHCPv4Config\nname: eth0\nignoreRoutes: true\n---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nfilesystem:\n  xfs:\n    minAllocationGroupSize: 1GiB\n",
    );
    assert_eq!(
        problems(&config, v(13)),
        [
            "DHCPv4Config/eth0: .ignoreRoutes needs Talos >= 1.14",
            "VolumeConfig/EPHEMERAL: .filesystem needs Talos >= 1.14",
        ]
    );
    assert!(problems(&config, v(14)).is_empty());
}

#[test]
fn tables_are_sorted_and_consistent() {
    assert!(
        field_since::KINDS.windows(2).all(|w| w[0].0 < w[1].0),
        "KINDS not sorted"
    );
    assert!(
        field_since::FIELDS
            .windows(2)
            .all(|w| (w[0].kind, w[0].path) < (w[1].kind, w[1].path)),
        "FIELDS not sorted or not unique"
    );
    let releases: Vec<TalosVersion> = field_since::RELEASES
        .iter()
        .map(|r| TalosVersion::parse(r).expect("release"))
        .collect();
    assert!(releases.windows(2).all(|w| w[0] < w[1]), "{releases:?}");
    for entry in field_since::FIELDS {
        let kind_since = FieldSince::kind_since(entry.kind)
            .unwrap_or_else(|| panic!("{}: kind not in KINDS", entry.kind));
        assert!(
            entry.since > kind_since,
            "{entry:?} not newer than its kind"
        );
        assert!(releases.contains(&entry.since), "{entry:?}");
        assert!(entry.path.starts_with('.'), "{entry:?}");
        assert_eq!(
            FieldSince::lookup(entry.kind, entry.path),
            Some(entry.since)
        );
    }
    assert_eq!(FieldSince::lookup("v1alpha1", ".machine"), None);
    assert_eq!(FieldSince::lookup("NoSuchKind", ".x"), None);
}

/// Each kind's `Kind::SINCE` agrees with the releases read: the first one whose registry has
/// it, or 1.14 for kinds only rc.1 has.
#[test]
fn kind_since_matches_the_generated_table() {
    let mut wrong = Vec::new();
    for entry in registry::KINDS {
        let expected = FieldSince::kind_since(entry.kind).unwrap_or(v(14));
        if entry.since != expected {
            wrong.push(format!(
                "{}: {} (table: {expected})",
                entry.kind, entry.since
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    for (kind, _) in field_since::KINDS {
        assert!(
            *kind == "v1alpha1" || registry::lookup(kind).is_some(),
            "{kind} is in the table but not registered"
        );
    }
}

/// Builds the document that sets only the field at `path` (null at the end, a one-element
/// list for `[]`, key `x` for `.*`).
fn probe(kind: &str, path: &str) -> String {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("[]") {
            segments.push("[]");
            rest = tail;
        } else {
            let tail = &rest[1..];
            let end = tail.find(['.', '[']).unwrap_or(tail.len());
            segments.push(&tail[..end]);
            rest = &tail[end..];
        }
    }
    let mut node = Node::null();
    for segment in segments.iter().rev() {
        node = match *segment {
            "[]" => Node::sequence(vec![node]),
            "*" => Node::mapping(vec![Node::key("x"), node]),
            key => Node::mapping(vec![Node::key(key), node]),
        };
    }
    let mut children = node.children;
    if kind == "v1alpha1" {
        children.splice(0..0, [Node::key("version"), Node::key("v1alpha1")]);
    } else {
        let mut head = vec![
            Node::key("apiVersion"),
            Node::key("v1alpha1"),
            Node::key("kind"),
            Node::key(kind),
        ];
        if registry::lookup(kind).is_some_and(|e| e.named) && !path.starts_with(".name") {
            head.extend([Node::key("name"), Node::key("probe")]);
        }
        children.splice(0..0, head);
    }
    emit(&Node::mapping(children))
}

/// Every path of the table is a field of this crate's types: a document setting it loads
/// (Talos' strict decoding refuses unknown keys).
#[test]
fn every_table_path_is_a_field_of_the_rust_types() {
    let mut failures = Vec::new();
    for entry in field_since::FIELDS {
        let text = probe(entry.kind, entry.path);
        if let Err(err) = Config::from_bytes(text.as_bytes()) {
            failures.push(format!("{} {}: {err}\n{text}", entry.kind, entry.path));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // the probe itself is strict: a made-up field is refused
    assert!(
        Config::from_bytes(probe("v1alpha1", ".machine.features.noSuchField").as_bytes()).is_err()
    );
}
