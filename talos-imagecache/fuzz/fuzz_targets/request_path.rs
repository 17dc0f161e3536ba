//! registryd's request-path parser and lookup over a small fixed cache tree.
//!
//! Input: `<ns>\n<path after /v2/>` (no newline: the whole input is the path and there is
//! no `ns`). Checked: nothing panics, errors carry registryd's statuses, a parsed name
//! passes registryd's (unanchored) name check, and a found file always lies inside one of the roots.
#![no_main]

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use talos_imagecache::Digest;
use talos_imagecache::lookup::{Kind, Roots, parse_request_path};

struct Tree {
    _dir: tempfile::TempDir,
    roots: Roots,
    canonical: Vec<PathBuf>,
}

fn write(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn manifest(root: &Path, repo: &str, tag: &str, bytes: &[u8]) {
    let digest = Digest::of(bytes);
    write(
        root,
        &format!("manifests/{repo}/digest/{}", digest.file_name()),
        bytes,
    );
    write(root, &format!("manifests/{repo}/reference/{tag}"), bytes);
}

fn tree() -> &'static Tree {
    static TREE: OnceLock<Tree> = OnceLock::new();
    TREE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let disk = dir.path().join("disk");
        let iso = dir.path().join("iso");
        write(dir.path(), "secret", b"outside the roots");
        write(dir.path(), "manifests/docker.io/library/alpine/reference/latest", b"{}");
        let image = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}"#;
        manifest(&disk, "docker.io/library/alpine", "3.20", image);
        manifest(&disk, "registry.k8s.io_443_/coredns/coredns", "v1", br#"{"layers":[]}"#);
        manifest(&iso, "ghcr.io/x/app", "v1", br#"{"manifests":[]}"#);
        manifest(&iso, "ghcr.io/x/app", "none", br#"{"schemaVersion":2}"#);
        write(&iso, "manifests/ghcr.io/x/app/reference/dangling", b"dangling");
        for bytes in [&b"layer"[..], b"config", b""] {
            write(&disk, &format!("blob/{}", Digest::of(bytes).file_name()), bytes);
        }
        write(&iso, &format!("blob/{}", Digest::of(image).file_name()), image);
        let paths = [dir.path().join("missing"), disk, iso];
        let canonical = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
        Tree { roots: Roots::new(paths), canonical, _dir: dir }
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (ns, rest) = match text.split_once('\n') {
        Some((ns, rest)) => (Some(ns), rest),
        None => (None, &*text),
    };
    let tree = tree();
    match parse_request_path(rest) {
        Ok(request) => {
            // registryd's name check is unanchored: one lowercase letter or digit passes it,
            // and the reference normalisation in the lookup is the real check.
            assert!(request.name.bytes().any(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            assert!(!request.reference.contains('/'));
        }
        Err(err) => assert!(matches!(err.status(), 400 | 404), "{err}"),
    }
    match tree.roots.lookup(rest, ns) {
        Ok(found) => {
            assert!(
                found
                    .path
                    .components()
                    .all(|c| !matches!(c, Component::ParentDir | Component::CurDir))
            );
            assert!(
                tree.roots
                    .paths()
                    .iter()
                    .any(|root| found.path.starts_with(root)),
                "{found:?}"
            );
            let canonical = found.path.canonicalize().unwrap();
            assert!(
                tree.canonical
                    .iter()
                    .any(|root| canonical.starts_with(root)),
                "{found:?}"
            );
            assert_eq!(found.media_type.is_some(), found.kind == Kind::Manifest);
            if let Some(contents) = &found.contents {
                assert_eq!(contents.len() as u64, found.size);
            }
        }
        Err(err) => assert!(matches!(err.status(), 400 | 404 | 500), "{err}"),
    }
    // Every kind of reference with the same name and namespace.
    if let Ok(request) = parse_request_path(rest) {
        for kind in [Kind::Manifest, Kind::Blob] {
            if let Ok(found) = tree
                .roots
                .resolve(ns, &request.name, kind, &request.reference)
            {
                assert!(
                    tree.roots
                        .paths()
                        .iter()
                        .any(|root| found.path.starts_with(root))
                );
            }
        }
    }
});
