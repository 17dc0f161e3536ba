//! Real peers on both sides of the cache.
//!
//! - Source: distribution's `docker-registry` on loopback, filled by `skopeo` with images
//!   the crate's own `sample` builder wrote (a single-arch image with a cosign `.sig` tag,
//!   a three-platform index); `create` + `RegistrySource` caches them for a platform list
//!   and for `all`, and `verify` finds the trees clean.
//! - Clients: our `serve::Server` over those trees is the registry `skopeo copy` and
//!   `crane` (go-containerregistry, built once with `go install`) pull every cached image
//!   from, with the original digests; raw requests check containerd's `ns=`, `HEAD` and
//!   `Range`.
//! - Liars: a scripted registry serving wrong, short or substituted content makes `create`
//!   fail with a typed error and leave nothing unverified in the tree; a tag whose manifest
//!   is missing or different gets 500 from our server.
//!
//! `docker-registry`, `skopeo` and `go` are required; `TALOS_KIT_SKIP_INTEROP=1` turns
//! their absence into a skip.
#![cfg(all(feature = "registry", feature = "serve"))]

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::Duration;

use support::fake_registry::{FakeContent, FakeRegistry, sha256};
use support::http::{self, Reply};
use support::registry::{
    SampleLayout, TestRegistry, TestRegistryOptions, run_bounded, sample_image, tools_available,
};
use talos_imagecache::create::{CreateOptions, Platforms, create};
use talos_imagecache::lookup::Roots;
use talos_imagecache::manifest::{Manifest, OCI_INDEX, OCI_MANIFEST, Platform};
use talos_imagecache::registry::{RegistryOptions, RegistrySource};
use talos_imagecache::sample::WrittenImage;
use talos_imagecache::serve::{ServeError, ServeOptions, Server, ServerHandle};
use talos_imagecache::verify::{Problem, verify};
use talos_imagecache::{CreateError, Digest, ImageRef, OciLayoutSource, SourceError, StoreError};

/// The go-containerregistry release `crane` is built from (the one Talos 1.14 uses).
const CRANE_VERSION: &str = "v0.21.6";
/// How long one `skopeo` or `crane` run may take.
const TOOL_TIMEOUT: Duration = Duration::from_secs(120);
/// The media type of image configs.
const CONFIG_MEDIA_TYPE: &str = "application/vnd.oci.image.config.v1+json";

// ---- the source registry and the caches made from it -------------------------------------

/// A registry holding `interop/single:v1` (linux/amd64, 600 KiB layer: more than one
/// serve chunk), its cosign tag `interop/single:sha256-<hex>.sig`, and `interop/multi:v2`
/// (an index of linux/amd64, linux/arm64/v8 and linux/s390x).
struct Upstream {
    registry: TestRegistry,
    dir: tempfile::TempDir,
    layout: SampleLayout,
    single: WrittenImage,
    multi: WrittenImage,
    sig: WrittenImage,
    sig_tag: String,
}

impl Upstream {
    fn start() -> Option<Upstream> {
        let registry = TestRegistry::start(TestRegistryOptions::default())?;
        let dir = tempfile::tempdir().unwrap();
        let layout = SampleLayout::write(
            &dir.path().join("oci"),
            &[
                sample_image("single", &["linux/amd64"], 600 << 10, 11),
                sample_image(
                    "multi",
                    &["linux/amd64", "linux/arm64/v8", "linux/s390x"],
                    24 << 10,
                    12,
                ),
                sample_image("sig", &["linux/amd64"], 300, 13),
            ],
        );
        let single = registry
            .push_sample(&layout, "single", "interop/single:v1")
            .clone();
        let multi = registry
            .push_sample(&layout, "multi", "interop/multi:v2")
            .clone();
        let sig_tag = format!("{}.sig", single.digest.file_name());
        let sig = registry
            .push_sample(&layout, "sig", &format!("interop/single:{sig_tag}"))
            .clone();
        Some(Upstream {
            registry,
            dir,
            layout,
            single,
            multi,
            sig,
            sig_tag,
        })
    }

    /// `manifests/<registry dir>/` of the cache.
    fn registry_dir(&self) -> String {
        format!("manifests/127.0.0.1_{}_", self.registry.port())
    }

    fn child(&self, platform: &str) -> Digest {
        let platform = Platform::parse(platform).unwrap();
        self.multi
            .children
            .iter()
            .find(|(p, _)| *p == platform)
            .map(|(_, d)| *d)
            .unwrap()
    }

    /// Caches both images (and the signature) for `platforms` into a new directory.
    fn create_cache(&self, name: &str, platforms: &str) -> PathBuf {
        let docker_config = self.dir.path().join("docker-config.json");
        fs::write(&docker_config, b"{}").unwrap();
        let source = RegistrySource::new(RegistryOptions {
            insecure: true,
            docker_config: Some(docker_config),
            ..RegistryOptions::default()
        })
        .unwrap();
        let dest = self.dir.path().join(name);
        let mut options = CreateOptions::default();
        options.platforms = Platforms::parse(platforms).unwrap();
        let images = [
            self.registry.image_ref("interop/single:v1"),
            self.registry.image_ref("interop/multi:v2"),
        ];
        let report = create(&source, &dest, &images, &options, &|_| {}).unwrap();
        assert_eq!(report.images, 2);
        assert_eq!(report.signatures, 1, "only interop/single has a signature");
        let verified = verify(&dest, 2).unwrap();
        assert!(verified.is_ok(), "{:#?}", verified.problems);
        dest
    }

    /// The files a cache of `children` (of the multi index) must hold, exactly.
    fn expected_files(&self, children: &[&str]) -> BTreeSet<String> {
        let reg = self.registry_dir();
        let mut files = BTreeSet::new();
        let image = |repo: &str, manifest: &Digest, files: &mut BTreeSet<String>| {
            files.insert(format!(
                "{reg}/interop/{repo}/digest/{}",
                manifest.file_name()
            ));
            let (config, layers) = self.layout.parts(manifest);
            for blob in std::iter::once(config).chain(layers) {
                files.insert(format!("blob/{}", blob.digest.file_name()));
            }
        };
        image("single", &self.single.digest, &mut files);
        image("single", &self.sig.digest, &mut files);
        files.insert(format!("{reg}/interop/single/reference/v1"));
        files.insert(format!("{reg}/interop/single/reference/{}", self.sig_tag));
        files.insert(format!(
            "{reg}/interop/multi/digest/{}",
            self.multi.digest.file_name()
        ));
        files.insert(format!("{reg}/interop/multi/reference/v2"));
        for platform in children {
            image("multi", &self.child(platform), &mut files);
        }
        files
    }

    /// Checks the tree holds exactly `expected`, each file with the upstream bytes.
    fn check_tree(&self, root: &Path, expected: &BTreeSet<String>) {
        let found: BTreeSet<String> = support::files_under(root).into_iter().collect();
        assert_eq!(&found, expected, "the cache tree");
        for file in &found {
            let bytes = fs::read(root.join(file)).unwrap();
            let upstream = if file.ends_with("/reference/v1") {
                self.single.digest
            } else if file.ends_with("/reference/v2") {
                self.multi.digest
            } else if file.ends_with(&format!("/reference/{}", self.sig_tag)) {
                self.sig.digest
            } else {
                let name = file.rsplit('/').next().unwrap();
                Digest::from_file_name(name).unwrap()
            };
            assert_eq!(bytes, self.layout.bytes(&upstream), "{file}");
        }
    }
}

// ---- our server ------------------------------------------------------------------------------

/// A `serve::Server` on 127.0.0.1:0, stopped on drop.
struct OurServer {
    addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<Result<(), ServeError>>>,
}

impl OurServer {
    fn start(roots: Roots) -> OurServer {
        let mut options = ServeOptions::new(roots);
        options.address = "127.0.0.1:0".parse().unwrap();
        let server = Server::bind(options).unwrap();
        let addr = server.local_addr();
        let handle = server.handle();
        let thread = std::thread::spawn(move || server.serve_forever());
        OurServer {
            addr,
            handle,
            thread: Some(thread),
        }
    }

    fn host(&self) -> String {
        self.addr.to_string()
    }

    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        http::request(self.addr, method, target, headers)
            .unwrap_or_else(|err| panic!("{method} {target}: {err}"))
    }
}

impl Drop for OurServer {
    fn drop(&mut self) {
        self.handle.shutdown();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---- skopeo and crane ------------------------------------------------------------------------

/// `skopeo --insecure-policy copy --preserve-digests --src-tls-verify=false <args> <src> <dest>`,
/// with no user auth file.
fn skopeo_copy(scratch: &Path, args: &[&str], src: &str, dest: &str) -> std::process::Output {
    let mut command = Command::new("skopeo");
    command
        .args([
            "--insecure-policy",
            "copy",
            "--quiet",
            "--preserve-digests",
            "--src-tls-verify=false",
        ])
        .args(args)
        .args([src, dest])
        .env("REGISTRY_AUTH_FILE", scratch.join("skopeo-auth.json"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    run_bounded(command, TOOL_TIMEOUT)
}

/// Pulls `image` from `server` into `oci:<dir>:<name>` with skopeo and returns the digest
/// the layout records.
fn skopeo_pull(
    scratch: &Path,
    server: &OurServer,
    image: &str,
    args: &[&str],
    name: &str,
) -> Digest {
    let dir = scratch.join("skopeo-oci");
    let output = skopeo_copy(
        scratch,
        args,
        &format!("docker://{}/{image}", server.host()),
        &format!("oci:{}:{name}", dir.display()),
    );
    assert!(
        output.status.success(),
        "skopeo copy {args:?} {image} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    layout_digest(&dir, Some(name))
}

/// The digest `index.json` of the OCI layout `dir` records for `name` (or its only entry).
fn layout_digest(dir: &Path, name: Option<&str>) -> Digest {
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("index.json")).unwrap()).unwrap();
    let manifests = index["manifests"].as_array().unwrap();
    let entry = match name {
        Some(name) => manifests
            .iter()
            .find(|m| m["annotations"]["org.opencontainers.image.ref.name"] == name)
            .unwrap_or_else(|| panic!("{name} not in {index}")),
        None => {
            assert_eq!(manifests.len(), 1, "{index}");
            &manifests[0]
        }
    };
    Digest::parse(entry["digest"].as_str().unwrap()).unwrap()
}

/// Checks an OCI layout pulled from our server holds `digest` and everything under it with
/// the upstream bytes.
fn check_pulled(pulled: &Path, digest: &Digest, upstream: &SampleLayout) {
    let read = |d: &Digest| fs::read(pulled.join("blobs/sha256").join(d.hex())).unwrap();
    assert_eq!(read(digest), upstream.bytes(digest), "{digest}");
    match Manifest::parse(&read(digest)).unwrap() {
        Manifest::Index(entries) => {
            for entry in entries {
                check_pulled(pulled, &entry.target.digest, upstream);
            }
        }
        Manifest::Image { config, layers } => {
            for blob in std::iter::once(config).chain(layers) {
                assert_eq!(read(&blob.digest), upstream.bytes(&blob.digest));
            }
        }
    }
}

/// `crane`, built once per target directory with `go install` (`None`: skipped).
fn crane() -> Option<PathBuf> {
    static CRANE: OnceLock<Option<PathBuf>> = OnceLock::new();
    CRANE
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("interop-tools")
                .join(format!("crane-{CRANE_VERSION}"));
            let bin = dir.join("crane");
            if bin.is_file() {
                return Some(bin);
            }
            if !tools_available("crane (go install)", &["go"]) {
                return None;
            }
            let mut command = Command::new("go");
            command
                .args([
                    "install",
                    &format!("github.com/google/go-containerregistry/cmd/crane@{CRANE_VERSION}"),
                ])
                .env("GOBIN", &dir)
                .env("GOWORK", "off")
                .env("GOFLAGS", "-mod=mod")
                .env("CGO_ENABLED", "0")
                .current_dir(std::env::temp_dir())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let output = run_bounded(command, Duration::from_secs(600));
            assert!(
                output.status.success() && bin.is_file(),
                "go install crane@{CRANE_VERSION} failed (set TALOS_KIT_SKIP_INTEROP=1 to skip): {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Some(bin)
        })
        .clone()
}

/// Runs `crane --insecure <args>` with an empty Docker config; panics unless it succeeds.
fn crane_run(crane: &Path, scratch: &Path, args: &[&str]) -> Vec<u8> {
    let config = scratch.join("crane-docker-config");
    fs::create_dir_all(&config).unwrap();
    let mut command = Command::new(crane);
    command
        .arg("--insecure")
        .args(args)
        .env("DOCKER_CONFIG", &config)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let output = run_bounded(command, TOOL_TIMEOUT);
    assert!(
        output.status.success(),
        "crane {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn crane_digest(crane: &Path, scratch: &Path, args: &[&str]) -> Digest {
    let out = crane_run(crane, scratch, args);
    Digest::parse(String::from_utf8(out).unwrap().trim()).unwrap()
}

/// `crane pull --format oci <image> <fresh dir>` (plus `args`): the pulled layout.
fn crane_pull(crane: &Path, scratch: &Path, image: &str, args: &[&str], name: &str) -> PathBuf {
    let dir = scratch.join(format!("crane-oci-{name}"));
    let mut all = vec!["pull", "--format", "oci"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[image, dir.to_str().unwrap()]);
    crane_run(crane, scratch, &all);
    dir
}

// ---- tests -----------------------------------------------------------------------------------

/// A `linux/amd64,linux/arm64` cache: its tree, then skopeo pulls every cached image (and
/// fails, as Talos' cache does, on the platform that is not cached).
#[test]
fn platform_list_cache_from_a_real_registry_pulled_back_with_skopeo() {
    let Some(up) = Upstream::start() else {
        return;
    };
    let cache = up.create_cache("cache-list", "linux/amd64,linux/arm64");
    up.check_tree(
        &cache,
        &up.expected_files(&["linux/amd64", "linux/arm64/v8"]),
    );

    let server = OurServer::start(Roots::single(&cache));
    let scratch = up.dir.path().join("list-pulls");
    fs::create_dir_all(&scratch).unwrap();
    let pulls: [(&str, &[&str], Digest); 5] = [
        ("interop/single:v1", &[], up.single.digest),
        (
            &format!("interop/single:{}", up.sig_tag),
            &[],
            up.sig.digest,
        ),
        (
            "interop/multi:v2",
            &["--override-os", "linux", "--override-arch", "amd64"],
            up.child("linux/amd64"),
        ),
        (
            "interop/multi:v2",
            &["--override-os", "linux", "--override-arch", "arm64"],
            up.child("linux/arm64/v8"),
        ),
        (
            &format!("interop/multi@{}", up.child("linux/amd64")),
            &[],
            up.child("linux/amd64"),
        ),
    ];
    for (i, (image, args, expected)) in pulls.iter().enumerate() {
        let name = format!("pull-{i}");
        let digest = skopeo_pull(&scratch, &server, image, args, &name);
        assert_eq!(digest, *expected, "skopeo {image} {args:?}");
        check_pulled(&scratch.join("skopeo-oci"), &digest, &up.layout);
    }

    // s390x is listed in the index but not cached: 404, so the pull fails, as from Talos.
    let output = skopeo_copy(
        &scratch,
        &["--override-os", "linux", "--override-arch", "s390x"],
        &format!("docker://{}/interop/multi:v2", server.host()),
        &format!("oci:{}:s390x", scratch.join("skopeo-oci").display()),
    );
    assert!(!output.status.success(), "s390x is not cached");
    let output = skopeo_copy(
        &scratch,
        &["--all"],
        &format!("docker://{}/interop/multi:v2", server.host()),
        &format!("oci:{}:all", scratch.join("skopeo-oci").display()),
    );
    assert!(
        !output.status.success(),
        "--all needs the uncached s390x child (Talos #12854)"
    );
}

/// A `--platform all` cache: `skopeo copy --all` and `crane` (digest, manifest, pull of
/// the whole index and of one platform) get the upstream digests and bytes.
#[test]
fn all_platform_cache_pulled_back_with_skopeo_all_and_crane() {
    let Some(up) = Upstream::start() else {
        return;
    };
    let Some(crane) = crane() else {
        return;
    };
    let cache = up.create_cache("cache-all", "all");
    up.check_tree(
        &cache,
        &up.expected_files(&["linux/amd64", "linux/arm64/v8", "linux/s390x"]),
    );
    let server = OurServer::start(Roots::single(&cache));
    let host = server.host();
    let scratch = up.dir.path().join("all-pulls");
    fs::create_dir_all(&scratch).unwrap();

    // skopeo --all: the whole index, byte for byte.
    let digest = skopeo_pull(
        &scratch,
        &server,
        "interop/multi:v2",
        &["--all"],
        "multi-all",
    );
    assert_eq!(digest, up.multi.digest);
    check_pulled(&scratch.join("skopeo-oci"), &digest, &up.layout);
    for (image, expected) in [
        ("interop/single:v1".to_owned(), up.single.digest),
        (format!("interop/single:{}", up.sig_tag), up.sig.digest),
    ] {
        let digest = skopeo_pull(
            &scratch,
            &server,
            &image,
            &["--all"],
            &image.replace([':', '/'], "-"),
        );
        assert_eq!(digest, expected, "{image}");
    }

    // crane digest (a HEAD), by tag and by platform.
    let multi = format!("{host}/interop/multi:v2");
    assert_eq!(
        crane_digest(&crane, &scratch, &["digest", &multi]),
        up.multi.digest
    );
    for platform in ["linux/amd64", "linux/arm64/v8", "linux/s390x"] {
        assert_eq!(
            crane_digest(
                &crane,
                &scratch,
                &["digest", "--platform", platform, &multi]
            ),
            up.child(platform),
            "{platform}"
        );
    }
    assert_eq!(
        crane_digest(
            &crane,
            &scratch,
            &["digest", &format!("{host}/interop/single:v1")]
        ),
        up.single.digest
    );

    // crane manifest: the exact bytes, by tag and by digest.
    assert_eq!(
        crane_run(&crane, &scratch, &["manifest", &multi]),
        up.layout.bytes(&up.multi.digest)
    );
    for (_, child) in &up.multi.children {
        assert_eq!(
            crane_run(
                &crane,
                &scratch,
                &["manifest", &format!("{host}/interop/multi@{child}")]
            ),
            up.layout.bytes(child)
        );
    }
    let sig = format!("{host}/interop/single:{}", up.sig_tag);
    assert_eq!(
        crane_run(&crane, &scratch, &["manifest", &sig]),
        up.layout.bytes(&up.sig.digest)
    );

    // crane pull --format oci: the whole index, one platform, a single image, the signature.
    let pulled = crane_pull(&crane, &scratch, &multi, &[], "multi");
    assert_eq!(layout_digest(&pulled, None), up.multi.digest);
    check_pulled(&pulled, &up.multi.digest, &up.layout);
    let pulled = crane_pull(
        &crane,
        &scratch,
        &multi,
        &["--platform", "linux/s390x"],
        "s390x",
    );
    assert_eq!(layout_digest(&pulled, None), up.child("linux/s390x"));
    check_pulled(&pulled, &up.child("linux/s390x"), &up.layout);
    for (image, expected, name) in [
        (
            format!("{host}/interop/single:v1"),
            up.single.digest,
            "single",
        ),
        (sig, up.sig.digest, "sig"),
    ] {
        let pulled = crane_pull(&crane, &scratch, &image, &[], name);
        assert_eq!(layout_digest(&pulled, None), expected, "{image}");
        check_pulled(&pulled, &expected, &up.layout);
    }
}

/// Raw requests as containerd sends them: `ns=` (with a port, and a mirror for ghcr.io
/// whose directory is not the server's host), HEAD, Range, and a second root.
#[test]
fn raw_requests_with_ns_head_and_range() {
    let Some(up) = Upstream::start() else {
        return;
    };
    let cache = up.create_cache("cache-raw", "linux/amd64");
    // A second root with the multi repository filed under ghcr.io, as a cache built for
    // ghcr.io/interop/multi would have it: manifests there, blobs only in the first root.
    let mirror = up.dir.path().join("mirror-root");
    let from = cache.join(up.registry_dir()).join("interop/multi");
    let to = mirror.join("manifests/ghcr.io/interop/multi");
    for sub in ["reference", "digest"] {
        fs::create_dir_all(to.join(sub)).unwrap();
        for entry in fs::read_dir(from.join(sub)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), to.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let server = OurServer::start(Roots::new([cache.clone(), mirror]));
    let ns = format!("ns={}", up.registry.host());
    let index = up.layout.bytes(&up.multi.digest);
    let amd64 = up.child("linux/amd64");

    for target in [
        format!("/v2/interop/multi/manifests/v2?{ns}"),
        "/v2/interop/multi/manifests/v2".to_owned(),
        format!("/v2/interop/multi/manifests/{}?{ns}", up.multi.digest),
        "/v2/interop/multi/manifests/v2?ns=ghcr.io".to_owned(),
    ] {
        let reply = server.request("GET", &target, &[]);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.body, index, "{target}");
        assert_eq!(reply.header("content-type"), Some(OCI_INDEX), "{target}");
        assert_eq!(
            reply.header("docker-content-digest"),
            Some(up.multi.digest.to_string().as_str()),
            "{target}"
        );
        assert_eq!(
            reply.header("content-length"),
            Some(index.len().to_string().as_str())
        );
    }
    // The child through the ghcr.io mirror, its blobs from the first root.
    let child = server.request(
        "GET",
        &format!("/v2/interop/multi/manifests/{amd64}?ns=ghcr.io"),
        &[],
    );
    assert_eq!(
        (child.status, child.header("content-type")),
        (200, Some(OCI_MANIFEST))
    );
    let (config, layers) = up.layout.parts(&amd64);
    assert_eq!(config.media_type, CONFIG_MEDIA_TYPE);
    for blob in std::iter::once(&config).chain(&layers) {
        let reply = server.request(
            "GET",
            &format!("/v2/interop/multi/blobs/{}?ns=ghcr.io", blob.digest),
            &[],
        );
        assert_eq!(reply.status, 200, "{}", blob.digest);
        assert!(
            reply.body == up.layout.bytes(&blob.digest),
            "{}",
            blob.digest
        );
    }

    // Not cached under those names: other registries, the uncached platform.
    for target in [
        "/v2/interop/single/manifests/v1?ns=ghcr.io".to_owned(),
        "/v2/interop/multi/manifests/v2?ns=docker.io".to_owned(),
        format!(
            "/v2/interop/multi/manifests/{}?{ns}",
            up.child("linux/s390x")
        ),
        format!("/v2/interop/multi/manifests/v9?{ns}"),
    ] {
        assert_eq!(server.request("GET", &target, &[]).status, 404, "{target}");
    }

    // HEAD on a manifest: the headers, no body.
    let head = server.request("HEAD", &format!("/v2/interop/multi/manifests/v2?{ns}"), &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("docker-content-digest"),
        Some(up.multi.digest.to_string().as_str())
    );
    assert_eq!(
        head.header("content-length"),
        Some(index.len().to_string().as_str())
    );

    // Blobs: GET, HEAD, Range (the 600 KiB layer spans serve chunks).
    let (_, single_layers) = up.layout.parts(&up.single.digest);
    let layer = &single_layers[0];
    let bytes = up.layout.bytes(&layer.digest);
    let target = format!("/v2/interop/single/blobs/{}?{ns}", layer.digest);
    let full = server.request("GET", &target, &[]);
    assert_eq!((full.status, full.body.len()), (200, bytes.len()));
    assert!(full.body == bytes);
    assert_eq!(
        full.header("docker-content-digest"),
        Some(layer.digest.to_string().as_str())
    );
    let head = server.request("HEAD", &target, &[]);
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(
        head.header("content-length"),
        Some(bytes.len().to_string().as_str())
    );
    let (start, end) = (500_000, 560_000);
    let range = server.request(
        "GET",
        &target,
        &[("Range", &format!("bytes={start}-{end}"))],
    );
    assert_eq!(range.status, 206);
    assert!(range.body == bytes[start..=end]);
    assert_eq!(
        range.header("content-range"),
        Some(format!("bytes {start}-{end}/{}", bytes.len()).as_str())
    );
    let tail = server.request("GET", &target, &[("Range", "bytes=-10")]);
    assert_eq!(
        (tail.status, &tail.body[..]),
        (206, &bytes[bytes.len() - 10..])
    );
    let past = server.request(
        "GET",
        &target,
        &[("Range", &format!("bytes={}-", bytes.len()))],
    );
    assert_eq!(past.status, 416);
    // The pool of blobs is global: any repository of the registry serves it.
    let elsewhere = server.request(
        "GET",
        &format!("/v2/interop/multi/blobs/{}?{ns}", layer.digest),
        &[],
    );
    assert_eq!(elsewhere.status, 200);

    // Traversal attempts never reach a file (a redirect to the cleaned path, or 4xx).
    for target in [
        format!("/v2/interop/../../blob/manifests/v1?{ns}"),
        format!("/v2/interop/%2e%2e/%2e%2e/blob/blobs/{}?{ns}", layer.digest),
        format!("/v2/interop%2F..%2F..%2Fblob/blobs/{}?{ns}", layer.digest),
        format!(
            "/v2/interop/single/blobs/..%2F..%2Fblob%2F{}?{ns}",
            layer.digest.file_name()
        ),
    ] {
        let reply = server.request("GET", &target, &[]);
        assert!(
            matches!(reply.status, 307 | 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(reply.body.len() < 100, "{target}");
    }
}

/// A registry that lies about a blob: `create` fails with a digest error and `blob/` holds
/// only verified files.
#[test]
fn wrong_or_short_blobs_fail_create_and_leave_nothing_corrupt() {
    for (case, serve_layer) in [
        ("wrong bytes", b"the layer, but not the one named".to_vec()),
        ("truncated", b"the layer, but not".to_vec()),
    ] {
        let real_layer = b"the layer with the real contents".to_vec();
        let config =
            br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        let manifest = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": { "mediaType": CONFIG_MEDIA_TYPE, "digest": sha256(config), "size": config.len() },
            "layers": [{ "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                          "digest": sha256(&real_layer), "size": real_layer.len() }],
        }))
        .unwrap();
        let mut content = FakeContent::default();
        content.add_manifest("lie/blob", Some("v1"), OCI_MANIFEST, &manifest);
        content.add_blob("lie/blob", &sha256(config), config);
        content.add_blob("lie/blob", &sha256(&real_layer), &serve_layer);
        let fake = FakeRegistry::start(content);
        let (err, dest, _dir) = create_from(&fake, "lie/blob:v1");
        let layer_digest = Digest::parse(&sha256(&real_layer)).unwrap();
        let typed = match &err {
            CreateError::Source {
                source: SourceError::Malformed(message),
                ..
            } => {
                message.contains("digest") || message.contains("size") || message.contains("bytes")
            }
            CreateError::Store {
                source: StoreError::DigestMismatch { expected, .. },
                ..
            } => *expected == layer_digest,
            CreateError::Store {
                source: StoreError::SizeMismatch { digest, .. },
                ..
            } => *digest == layer_digest,
            _ => false,
        };
        assert!(typed, "{case}: {err:?}");
        assert!(
            err.to_string().contains(&layer_digest.to_string())
                || err.to_string().contains("lie/blob"),
            "{case}: {err}"
        );
        // Nothing but verified blobs (the config may be there), no temp files anywhere.
        for file in support::files_under(&dest) {
            if let Some(name) = file.strip_prefix("blob/") {
                let digest = Digest::from_file_name(name)
                    .unwrap_or_else(|_| panic!("{case}: stray file {file}"));
                assert_ne!(digest, layer_digest, "{case}: the lying layer was kept");
                assert_eq!(Digest::of(&fs::read(dest.join(&file)).unwrap()), digest);
            }
        }
        let report = verify(&dest, 1).unwrap();
        assert!(
            report.problems.iter().all(
                |p| matches!(p, Problem::MissingBlob { digest, .. } if *digest == layer_digest)
            ),
            "{case}: {:#?}",
            report.problems
        );
    }
}

/// A registry that substitutes a child manifest: `create` names both digests.
#[test]
fn a_substituted_child_manifest_fails_create() {
    let child = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#;
    let impostor = String::from_utf8_lossy(child)
        .replace("\"layers\":[]", "\"layers\":[] ")
        .into_bytes();
    let child_digest = sha256(child);
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{ "mediaType": OCI_MANIFEST, "digest": child_digest, "size": child.len(),
                        "platform": { "os": "linux", "architecture": "amd64" } }],
    }))
    .unwrap();
    let mut content = FakeContent::default();
    content.add_manifest("lie/index", Some("v1"), OCI_INDEX, &index);
    content.manifests.insert(
        ("lie/index".into(), child_digest.clone()),
        (OCI_MANIFEST.into(), impostor.clone()),
    );
    content.add_blob("lie/index", &sha256(b"{}"), b"{}");
    let fake = FakeRegistry::start(content);
    let (err, dest, _dir) = create_from(&fake, "lie/index:v1");
    // Caught by the registry client (oci-client checks what it fetched by digest), or by
    // `create`'s own check: either way a typed error naming both digests.
    let impostor_digest = sha256(&impostor);
    match &err {
        CreateError::ManifestDigest {
            expected, actual, ..
        } => {
            assert_eq!(expected.to_string(), child_digest);
            assert_eq!(actual.to_string(), impostor_digest);
        }
        CreateError::Source {
            source: SourceError::Malformed(message),
            ..
        } => assert!(
            message.contains(&child_digest) && message.contains(&impostor_digest),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(
        !support::files_under(&dest)
            .iter()
            .any(|f| f.contains(&Digest::parse(&child_digest).unwrap().file_name())),
        "the impostor was stored"
    );
}

/// Runs `create` for `<fake>/<image>` (one attempt per blob), which must fail.
fn create_from(fake: &FakeRegistry, image: &str) -> (CreateError, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("docker-config.json");
    fs::write(&config, b"{}").unwrap();
    let source = RegistrySource::new(RegistryOptions {
        insecure_registries: vec![fake.host()],
        docker_config: Some(config),
        ..RegistryOptions::default()
    })
    .unwrap();
    let dest = dir.path().join("cache");
    let mut options = CreateOptions::default();
    options.cosign_signatures = false;
    let image = ImageRef::parse(&format!("{}/{image}", fake.host())).unwrap();
    let err = create(&source, &dest, &[image], &options, &|_| {}).unwrap_err();
    (err, dest, dir)
}

/// A tag whose manifest file is missing, or holds other bytes: 500 from our server, as
/// from registryd; the manifest by digest is still served.
#[test]
fn a_tag_pointing_at_a_missing_or_different_manifest_is_a_500() {
    let src = tempfile::tempdir().unwrap();
    let layout = SampleLayout::write(
        src.path(),
        &[
            sample_image("reg.test/a/one:v1", &["linux/amd64"], 1000, 1),
            sample_image("reg.test/a/two:v1", &["linux/amd64"], 1000, 2),
        ],
    );
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let images: Vec<ImageRef> = ["reg.test/a/one:v1", "reg.test/a/two:v1"]
        .iter()
        .map(|i| ImageRef::parse(i).unwrap())
        .collect();
    create(
        &source,
        dest.path(),
        &images,
        &CreateOptions::default(),
        &|_| {},
    )
    .unwrap();
    let one = layout.images[0].digest;
    let two = layout.images[1].digest;
    let repo = dest.path().join("manifests/reg.test/a");
    // one: the digest file is gone; two: the digest file holds other bytes.
    fs::remove_file(repo.join("one/digest").join(one.file_name())).unwrap();
    fs::write(
        repo.join("two/digest").join(two.file_name()),
        b"{\"mediaType\":\"x\"}",
    )
    .unwrap();

    let server = OurServer::start(Roots::single(dest.path()));
    for repo in ["one", "two"] {
        for method in ["GET", "HEAD"] {
            let reply = server.request(
                method,
                &format!("/v2/a/{repo}/manifests/v1?ns=reg.test"),
                &[],
            );
            assert_eq!(reply.status, 500, "{method} {repo}");
            assert!(reply.body.is_empty());
        }
    }
    assert_eq!(
        server
            .request(
                "GET",
                &format!("/v2/a/one/manifests/{one}?ns=reg.test"),
                &[]
            )
            .status,
        404
    );
    let problems = verify(dest.path(), 1).unwrap().problems;
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::DanglingTag { digest, .. } if *digest == one)),
        "{problems:#?}"
    );
}
