//! `imagecache`: talos-kit's image cache against Talos' own code, run as the reference
//! binary `conformance/imagecache-ref` (`create` = `talosctl images cache-create`,
//! `serve` = registryd).
//!
//! 1. distribution's `docker-registry` on loopback is filled by `skopeo` with sample
//!    images (`talos_imagecache::sample`): single- and multi-arch, an attestation-style
//!    `unknown/unknown` child, a Docker-media-type image, a nested repository path, a
//!    cosign `.sig` tag and an OCI 1.1 `sha256-<hex>` signature index, the same registry
//!    also named `localhost:<port>` (two `host_port_` directories).
//! 2. For several (images, platforms, cosign) combinations, the reference's
//!    `create --layout flat --insecure` and `talos_imagecache::create` write two trees;
//!    every file of either is one case (same name, same bytes). Talos' `reference/latest`
//!    for a digest-only reference (spec §1.2 quirk) is a documented skew, printed, not
//!    counted.
//! 3. A Talos-made tree plus a second root of hand-made oddities (tags whose manifest is
//!    missing or different, manifests without `mediaType`, corrupt files, blobs for
//!    content sniffing, `ghcr.io`/`docker.io`/`host_443_` mirrors) is served by the
//!    reference `serve` and by `serve::Server`; the same requests (every manifest by tag
//!    and digest, every blob, with and without `ns`, HEAD, Range, conditionals, traversal
//!    attempts, bad names and digests, wrong methods, other routes) go to both, and
//!    status, `Docker-Content-Digest`, `Content-Type`, `Content-Length`, `Content-Range`,
//!    `Location`, `Allow` and the body's sha256 are compared. Each request is one case.
//!    A request for several ranges (Go answers multipart, talos-kit the whole file with
//!    200, as `serve.rs` documents) and a `#` in the request target (hyper drops it) are
//!    printed skews.
//!
//! The registry launcher and the raw HTTP client are the test harness' own files
//! (`talos-imagecache/tests/support/{registry,http}.rs`), compiled in here with `#[path]`:
//! one copy, used by the interop tests and by this runner.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use talos_conformance::{Oracle, Tally};
use talos_imagecache::create::{CreateOptions, Platforms, create};
use talos_imagecache::layout::{registry_dir, registry_host};
use talos_imagecache::lookup::Roots;
use talos_imagecache::registry::{RegistryOptions, RegistrySource};
use talos_imagecache::sample::WrittenImage;
use talos_imagecache::serve::{ServeError, ServeOptions, Server, ServerHandle};
use talos_imagecache::{Digest, ImageRef, verify};

#[path = "../../../talos-imagecache/tests/support/registry.rs"]
#[allow(dead_code)]
mod registry;

#[path = "../../../talos-imagecache/tests/support/http.rs"]
#[allow(dead_code)]
mod http;

use http::Reply;
use registry::{SampleLayout, TestRegistry, TestRegistryOptions, sample_image};

/// How long the reference's `create` may run (it retries a failing image for 30 minutes,
/// so a hang means a broken combination).
const REF_CREATE_TIMEOUT: Duration = Duration::from_secs(120);

pub fn run(_oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let started = Instant::now();
    for tool in [registry::DOCKER_REGISTRY, "skopeo"] {
        ensure!(
            find_on_path(tool),
            "imagecache: {tool} is not installed; the area needs distribution's docker-registry \
             and skopeo (Debian: apt-get install docker-registry skopeo)"
        );
    }
    let reference = build_reference()?;
    let dir = tempfile::tempdir()?;
    let upstream = Upstream::start(dir.path())?;
    eprintln!(
        "imagecache: registry {} filled in {:.1?}",
        upstream.registry.host(),
        started.elapsed()
    );

    let mut skews = Skews::default();
    let mut served_tree = None;
    let (mut files, mut combos) = (0, 0);
    for combo in upstream.combos() {
        let (ref_tree, ours) = (
            dir.path().join(format!("ref-{}", combo.name)),
            dir.path().join(format!("ours-{}", combo.name)),
        );
        reference_create(&reference, &ref_tree, &combo)?;
        ours_create(&ours, &combo)?;
        files += compare_trees(tally, &combo, &ref_tree, &ours, &mut skews)?;
        combos += 1;
        let report = verify(&ref_tree, 2)?;
        tally.record(
            &format!("create/{}: verify of Talos' tree", combo.name),
            if report.is_ok() {
                Ok(())
            } else {
                Err(format!("{:?}", report.problems))
            },
        );
        if combo.serve {
            served_tree = Some(ref_tree);
        }
    }
    eprintln!(
        "imagecache: {files} files of {combos} create combinations compared at {:.1?}",
        started.elapsed()
    );

    let tree = served_tree.context("no combination is marked for serving")?;
    let oddities = dir.path().join("oddities");
    let pair_roots = [tree.clone(), oddities.clone()];
    build_oddities(&tree, &oddities, &upstream)?;
    let requests = requests(&pair_roots, &upstream)?;
    let pair = ServerPair::start(&reference, &pair_roots)?;
    compare_requests(tally, &pair, &requests, &mut skews);
    drop(pair);

    // A root without manifests/: the ns-less scan is a 500, with ns a 404.
    let bare = dir.path().join("bare");
    fs::create_dir_all(bare.join("blob"))?;
    let pair = ServerPair::start(&reference, std::slice::from_ref(&bare))?;
    let bare_requests: Vec<Request> = [
        "/v2/ic/alpine/manifests/3.20",
        "/v2/ic/alpine/manifests/3.20?ns=ghcr.io",
        "/v2/ic/alpine/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "/v2/",
        "/healthz",
    ]
    .iter()
    .map(|t| Request::get(t))
    .collect();
    compare_requests(tally, &pair, &bare_requests, &mut skews);
    drop(pair);

    skews.print();
    eprintln!(
        "imagecache: {} requests, {} documented skews, {:.1?}",
        requests.len() + bare_requests.len(),
        skews.count(),
        started.elapsed()
    );
    Ok(())
}

/// Documented differences, by kind: printed (a count and a few examples), not counted as
/// passed or failed.
#[derive(Default)]
struct Skews {
    by_kind: BTreeMap<&'static str, Vec<String>>,
}

impl Skews {
    /// How many examples of each kind are printed.
    const EXAMPLES: usize = 3;

    fn push(&mut self, kind: &'static str, case: String) {
        self.by_kind.entry(kind).or_default().push(case);
    }

    fn count(&self) -> usize {
        self.by_kind.values().map(Vec::len).sum()
    }

    fn print(&self) {
        for (kind, cases) in &self.by_kind {
            println!("SKEW imagecache: {} × {kind}", cases.len());
            for case in cases.iter().take(Self::EXAMPLES) {
                println!("SKEW imagecache:     e.g. {case}");
            }
        }
    }
}

fn find_on_path(tool: &str) -> bool {
    let path = Path::new(tool);
    if path.is_absolute() {
        return path.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// `conformance/imagecache-ref/build` (cached after the first run): the binary's path.
fn build_reference() -> Result<PathBuf> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../imagecache-ref/build");
    let output = Command::new(&script)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", script.display()))?;
    ensure!(
        output.status.success(),
        "{} failed ({}): the Go reference could not be built",
        script.display(),
        output.status
    );
    let path = PathBuf::from(String::from_utf8(output.stdout)?.trim());
    ensure!(
        path.is_file(),
        "{} printed {}, not a file",
        script.display(),
        path.display()
    );
    Ok(path)
}

// ---- the source registry ---------------------------------------------------------------------

/// The registry and what was pushed to it.
struct Upstream {
    registry: TestRegistry,
    /// `127.0.0.1:<port>` and `localhost:<port>`: one registry, two names.
    hosts: [String; 2],
    /// `name` → the top-level digest pushed (Docker-format images: what the registry has).
    pushed: BTreeMap<&'static str, Digest>,
    alpine: WrittenImage,
}

/// One `create` run for both sides.
struct Combo {
    name: &'static str,
    images: Vec<String>,
    platforms: &'static str,
    cosign: bool,
    /// Repository directories (`<registry dir>/<path>`) reached by a digest-only reference:
    /// Talos writes `reference/latest` for them.
    digest_only: BTreeSet<String>,
    /// Serve this combination's Talos tree afterwards.
    serve: bool,
}

impl Upstream {
    fn start(dir: &Path) -> Result<Upstream> {
        let registry =
            TestRegistry::start(TestRegistryOptions::default()).context("docker-registry")?;
        let layout = SampleLayout::write(
            &dir.join("oci"),
            &[
                sample_image("alpine", &["linux/amd64"], 40 << 10, 1),
                sample_image("alpine-sig", &["linux/amd64"], 200, 2),
                sample_image(
                    "multi",
                    &["linux/amd64", "linux/arm64/v8", "linux/s390x"],
                    20 << 10,
                    3,
                ),
                sample_image(
                    "attest",
                    &["linux/amd64", "linux/arm64", "unknown/unknown"],
                    8 << 10,
                    4,
                ),
                sample_image("signed", &["linux/amd64", "linux/arm64"], 4 << 10, 5),
                sample_image("signed-sig", &["unknown/unknown", "linux/amd64"], 100, 6),
                sample_image("deep", &["linux/amd64", "linux/arm64"], 6 << 10, 7),
                sample_image("docker", &["linux/amd64"], 12 << 10, 8),
                sample_image("local", &["linux/arm64", "linux/amd64"], 3 << 10, 9),
            ],
        );
        let mut pushed = BTreeMap::new();
        let mut push = |name: &'static str, dest: &str| {
            let image = registry.push_sample(&layout, name, dest);
            pushed.insert(name, image.digest);
            image.clone()
        };
        let alpine = push("alpine", "ic/alpine:3.20");
        push("alpine", "ic/alpine:latest");
        push(
            "alpine-sig",
            &format!("ic/alpine:{}.sig", alpine.digest.file_name()),
        );
        push("multi", "ic/multi:v1");
        push("multi", "ic/multi:v2");
        push("attest", "ic/attest:1.0");
        let signed = push("signed", "ic/signed:2");
        // The OCI 1.1 referrers tag schema (`sha256-<hex>`, no `.sig`), an index.
        push(
            "signed-sig",
            &format!("ic/signed:{}", signed.digest.file_name()),
        );
        push("deep", "deep/nested/path/app:1.0.0-rc.1_build");
        push("local", "only/local:x");
        // Docker media types: skopeo converts, so the digest is the registry's.
        registry.skopeo_push(
            &layout.dir,
            "docker",
            "ic/docker:v2s2",
            &["--format", "v2s2"],
        );
        let port = registry.port();
        Ok(Upstream {
            hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
            registry,
            pushed,
            alpine,
        })
    }

    fn combos(&self) -> Vec<Combo> {
        let [ip, local] = &self.hosts;
        let alpine = self.alpine.digest;
        let multi = self.pushed["multi"];
        let everything = vec![
            format!("{ip}/ic/alpine:3.20"),
            format!("{ip}/ic/alpine"),
            format!("{ip}/ic/multi:v1"),
            format!("{ip}/ic/multi:v2"),
            format!("{ip}/ic/attest:1.0"),
            format!("{ip}/ic/signed:2"),
            format!("{ip}/deep/nested/path/app:1.0.0-rc.1_build"),
            format!("{ip}/ic/docker:v2s2"),
            format!("{local}/only/local:x"),
            format!("{local}/ic/multi:v1"),
        ];
        let repo_dir = |host: &str, path: &str| format!("{}/{path}", registry_dir(host));
        vec![
            Combo {
                name: "amd64",
                images: everything.clone(),
                platforms: "linux/amd64",
                cosign: true,
                digest_only: BTreeSet::new(),
                serve: false,
            },
            Combo {
                name: "amd64-arm64",
                images: everything.clone(),
                platforms: "linux/amd64,linux/arm64",
                cosign: true,
                digest_only: BTreeSet::new(),
                serve: true,
            },
            Combo {
                name: "all",
                images: everything,
                platforms: "all",
                cosign: true,
                digest_only: BTreeSet::new(),
                serve: false,
            },
            Combo {
                name: "arm64-no-cosign",
                images: vec![
                    format!("{ip}/ic/multi:v2"),
                    format!("{ip}/ic/signed:2"),
                    format!("{ip}/ic/alpine:3.20"),
                    format!("{local}/only/local:x"),
                ],
                platforms: "linux/arm64",
                cosign: false,
                digest_only: BTreeSet::new(),
                serve: false,
            },
            Combo {
                name: "by-digest",
                images: vec![
                    format!("{ip}/ic/alpine@{alpine}"),
                    format!("{ip}/ic/multi:v1@{multi}"),
                    format!("{local}/ic/signed@{}", self.pushed["signed"]),
                ],
                platforms: "linux/amd64,linux/arm64",
                cosign: true,
                digest_only: [repo_dir(ip, "ic/alpine"), repo_dir(local, "ic/signed")]
                    .into_iter()
                    .collect(),
                serve: false,
            },
        ]
    }
}

// ---- create: both sides ----------------------------------------------------------------------

fn reference_create(reference: &Path, dest: &Path, combo: &Combo) -> Result<()> {
    let log = dest.with_extension("log");
    let mut command = Command::new(reference);
    command
        .args(["create", "--layout", "flat", "--insecure"])
        .arg("--image-cache-path")
        .arg(dest)
        .arg("--images")
        .arg(combo.images.join(","))
        .arg("--platform")
        .arg(combo.platforms)
        .arg(format!("--cosign-signatures={}", combo.cosign))
        // No user credentials.
        .env("DOCKER_CONFIG", dest.with_extension("docker"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log)?);
    let status = wait_bounded(command.spawn()?, REF_CREATE_TIMEOUT)?;
    if !status.success() {
        bail!(
            "reference create ({}) failed: {status}\n{}",
            combo.name,
            fs::read_to_string(&log).unwrap_or_default()
        );
    }
    Ok(())
}

fn wait_bounded(mut child: Child, timeout: Duration) -> Result<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("timed out after {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn ours_create(dest: &Path, combo: &Combo) -> Result<()> {
    let config = dest.with_extension("docker-config.json");
    fs::write(&config, b"{}")?;
    let source = RegistrySource::new(RegistryOptions {
        insecure: true,
        docker_config: Some(config),
        ..RegistryOptions::default()
    })?;
    let images = combo
        .images
        .iter()
        .map(|image| ImageRef::parse(image).with_context(|| image.clone()))
        .collect::<Result<Vec<_>>>()?;
    let mut options = CreateOptions::default();
    options.platforms = Platforms::parse(combo.platforms)?;
    options.cosign_signatures = combo.cosign;
    create(&source, dest, &images, &options, &|_| {})
        .with_context(|| format!("talos-kit create ({})", combo.name))?;
    Ok(())
}

/// Relative path → bytes of every file under `root`.
fn read_tree(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root)?.to_string_lossy().into_owned();
                files.insert(relative, fs::read(&path)?);
            }
        }
    }
    Ok(files)
}

fn compare_trees(
    tally: &mut Tally,
    combo: &Combo,
    ref_tree: &Path,
    ours: &Path,
    skews: &mut Skews,
) -> Result<usize> {
    let theirs = read_tree(ref_tree)?;
    let mine = read_tree(ours)?;
    let names: BTreeSet<&String> = theirs.keys().chain(mine.keys()).collect();
    let count = names.len();
    for name in names {
        let case = format!("create/{}: {name}", combo.name);
        let outcome = match (theirs.get(name), mine.get(name)) {
            (Some(a), Some(b)) if a == b => Ok(()),
            (Some(a), Some(b)) => Err(format!(
                "bytes differ: Talos {} bytes {}, talos-kit {} bytes {}",
                a.len(),
                short_sha(a),
                b.len(),
                short_sha(b)
            )),
            (Some(_), None) => {
                let repo = name
                    .strip_prefix("manifests/")
                    .and_then(|rest| rest.strip_suffix("/reference/latest"));
                if repo.is_some_and(|repo| combo.digest_only.contains(repo)) {
                    skews.push(
                        "create: Talos writes reference/latest for a digest-only reference \
                         (spec §1.2 quirk); talos-kit writes no tag",
                        case,
                    );
                    continue;
                }
                Err("only in Talos' tree".to_owned())
            }
            (None, Some(_)) => Err("only in talos-kit's tree".to_owned()),
            (None, None) => unreachable!("a name from one of the trees"),
        };
        tally.record(&case, outcome);
    }
    Ok(count)
}

fn short_sha(bytes: &[u8]) -> String {
    Digest::of(bytes).hex()[..16].to_owned()
}

// ---- serve: both sides -----------------------------------------------------------------------

/// The reference `serve` and our `Server` over the same roots.
struct ServerPair {
    go: Child,
    go_addr: SocketAddr,
    go_log: PathBuf,
    ours_addr: SocketAddr,
    ours: ServerHandle,
    thread: Option<JoinHandle<Result<(), ServeError>>>,
}

impl ServerPair {
    fn start(reference: &Path, roots: &[PathBuf]) -> Result<ServerPair> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let go_addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
        let go_log = roots[0].with_extension(format!("serve-{port}.log"));
        let joined: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        let go = Command::new(reference)
            .args(["serve", "--address", &go_addr.to_string()])
            .arg("--image-cache-path")
            .arg(joined.join(","))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(&go_log)?)
            .spawn()?;
        let mut options = ServeOptions::new(Roots::new(roots.iter().cloned()));
        options.address = "127.0.0.1:0".parse()?;
        let server = Server::bind(options)?;
        let ours_addr = server.local_addr();
        let ours = server.handle();
        let thread = std::thread::spawn(move || server.serve_forever());
        let mut pair = ServerPair {
            go,
            go_addr,
            go_log,
            ours_addr,
            ours,
            thread: Some(thread),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if http::get(pair.go_addr, "/healthz").is_ok_and(|r| r.status == 200) {
                break;
            }
            if let Some(status) = pair.go.try_wait()? {
                bail!(
                    "reference serve exited with {status}: {}",
                    fs::read_to_string(&pair.go_log).unwrap_or_default()
                );
            }
            if Instant::now() > deadline {
                bail!("reference serve did not answer /healthz on {go_addr}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        pair.go_addr = go_addr;
        Ok(pair)
    }
}

impl Drop for ServerPair {
    fn drop(&mut self) {
        let _ = self.go.kill();
        let _ = self.go.wait();
        self.ours.shutdown();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One request sent to both servers.
#[derive(Debug, Clone)]
struct Request {
    method: &'static str,
    target: String,
    headers: Vec<(&'static str, String)>,
    /// A known, documented difference: printed, not counted.
    skew: Option<&'static str>,
}

impl Request {
    fn get(target: &str) -> Request {
        Request::new("GET", target)
    }

    fn new(method: &'static str, target: &str) -> Request {
        Request {
            method,
            target: target.to_owned(),
            headers: Vec::new(),
            skew: None,
        }
    }

    fn header(mut self, name: &'static str, value: &str) -> Request {
        self.headers.push((name, value.to_owned()));
        self
    }

    fn describe(&self) -> String {
        let mut text = format!("{} {}", self.method, self.target);
        for (name, value) in &self.headers {
            text.push_str(&format!(" [{name}: {value}]"));
        }
        text
    }
}

/// What is compared of a response.
const COMPARED_HEADERS: &[&str] = &[
    "docker-content-digest",
    "content-type",
    "content-length",
    "content-range",
    "location",
    "allow",
];

fn summary(reply: &Reply) -> BTreeMap<&'static str, String> {
    let mut fields = BTreeMap::new();
    fields.insert("status", reply.status.to_string());
    for name in COMPARED_HEADERS {
        if let Some(value) = reply.header(name) {
            fields.insert(*name, value.to_owned());
        }
    }
    fields.insert(
        "body",
        format!(
            "{} bytes sha256 {}",
            reply.body.len(),
            short_sha(&reply.body)
        ),
    );
    if reply.truncated {
        fields.insert(
            "truncated",
            "connection closed before Content-Length".to_owned(),
        );
    }
    fields
}

/// Fields that may differ on an error response (the same 4xx/5xx status on both sides,
/// talos-kit's body empty): spec §8.4 accepts empty error bodies (Go's mux writes
/// "404 page not found", `http.ServeContent` "invalid range", …), and registryd sets
/// `Docker-Content-Digest` and the file's `Content-Length` before it fails, so Go sends
/// them on the error too (closing the connection short of that length).
const ERROR_DETAILS: &[&str] = &[
    "body",
    "content-length",
    "content-type",
    "docker-content-digest",
    "truncated",
];

const ERROR_DETAILS_SKEW: &str = "serve: error details (same 4xx/5xx status; talos-kit sends \
     an empty body and no Docker-Content-Digest, Go its mux/ServeContent text and the headers \
     registryd set before failing; spec §8.4)";

fn compare_requests(tally: &mut Tally, pair: &ServerPair, requests: &[Request], skews: &mut Skews) {
    for request in requests {
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        let send = |addr| {
            http::request_lenient(addr, request.method, &request.target, &headers)
                .map(|reply| summary(&reply))
                .map_err(|err| format!("no answer: {err}"))
        };
        let (go, ours) = (send(pair.go_addr), send(pair.ours_addr));
        let case = format!("serve: {}", request.describe());
        let (a, b) = match (&go, &ours) {
            (Ok(a), Ok(b)) if a == b => {
                tally.record(&case, Ok(()));
                continue;
            }
            (Ok(a), Ok(b)) => (a, b),
            _ => {
                tally.record(&case, Err(format!("Talos {go:?}, talos-kit {ours:?}")));
                continue;
            }
        };
        let keys: BTreeSet<&&str> = a.keys().chain(b.keys()).collect();
        let differing: Vec<&str> = keys
            .into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .copied()
            .collect();
        let why = differing
            .iter()
            .map(|k| {
                format!(
                    "{k}: Talos {:?}, talos-kit {:?}",
                    a.get(k).map_or("-", |v| v.as_str()),
                    b.get(k).map_or("-", |v| v.as_str())
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let error_status = a["status"] == b["status"] && a["status"].as_str() >= "400";
        let ours_empty = b["body"].starts_with("0 bytes");
        if error_status && ours_empty && differing.iter().all(|k| ERROR_DETAILS.contains(k)) {
            skews.push(ERROR_DETAILS_SKEW, format!("{case}: {why}"));
        } else if let Some(skew) = request.skew {
            skews.push(skew, format!("{case}: {why}"));
        } else {
            tally.record(&case, Err(why));
        }
    }
}

// ---- the second root: oddities -----------------------------------------------------------------

/// The oddities' registry directory for the source registry's IP name.
fn ip_dir(upstream: &Upstream) -> String {
    registry_dir(&upstream.hosts[0])
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::create_dir_all(path.parent().context("no parent")?)?;
    fs::write(path, bytes).with_context(|| path.display().to_string())
}

fn file_name_of(bytes: &[u8]) -> String {
    Digest::of(bytes).file_name()
}

/// Copies the `reference/` and `digest/` files of `from` into `to`.
fn copy_repo(from: &Path, to: &Path) -> Result<()> {
    for sub in ["reference", "digest"] {
        let Ok(entries) = fs::read_dir(from.join(sub)) else {
            continue;
        };
        fs::create_dir_all(to.join(sub))?;
        for entry in entries {
            let entry = entry?;
            fs::copy(entry.path(), to.join(sub).join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Sniffing samples: blobs whose content type Go's `DetectContentType` decides.
fn sniff_samples() -> Vec<Vec<u8>> {
    let mut samples: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"<!DOCTYPE html><html><body>cached</body></html>".to_vec(),
        b"   <html>".to_vec(),
        b"<?xml version=\"1.0\"?><a/>".to_vec(),
        b"{\"architecture\":\"amd64\"}".to_vec(),
        b"plain text only\n".to_vec(),
        b"%PDF-1.7 rest".to_vec(),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03".to_vec(),
        b"PK\x03\x04rest of a zip".to_vec(),
        b"\x89PNG\r\n\x1a\nrest".to_vec(),
        b"GIF89a....".to_vec(),
        b"\xff\xd8\xffjpeg".to_vec(),
        b"\xfe\xffu16".to_vec(),
        b"\xef\xbb\xbfutf-8 with a BOM".to_vec(),
        b"\x00\x01\x02binary".to_vec(),
        b"#!/bin/sh\necho".to_vec(),
        b"ustar tar-ish".to_vec(),
        b"\x28\xb5\x2f\xfdzstd".to_vec(),
        b"BZh91AY&SY".to_vec(),
        b"\xfd7zXZ\x00xz".to_vec(),
        b"%!PS-Adobe-".to_vec(),
        b"OggS\x00".to_vec(),
        b"RIFF\x00\x00\x00\x00WEBPVP".to_vec(),
        b"\x00asm\x01\x00\x00\x00".to_vec(),
        b"<SCRIPT>x".to_vec(),
        b"<!-- comment -->".to_vec(),
        b"\xc3\x28 invalid utf-8".to_vec(),
    ];
    // A tar header: "ustar" at offset 257.
    let mut tar = vec![b'a'; 300];
    tar[257..262].copy_from_slice(b"ustar");
    tar[100..108].copy_from_slice(b"0000644\0");
    samples.push(tar);
    // Text longer than the 512 bytes sniffed.
    samples.push(b"abcdefgh".repeat(100));
    samples
}

/// The second root: things a creator never writes but a served tree may hold.
fn build_oddities(tree: &Path, root: &Path, upstream: &Upstream) -> Result<()> {
    let reg = ip_dir(upstream);
    let broken = root.join("manifests").join(&reg).join("ic/broken");
    let oci_manifest = |seed: &str| {
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":2}},"layers":[],"annotations":{{"seed":"{seed}"}}}}"#,
            Digest::of(b"{}").hex()
        )
        .into_bytes()
    };
    // A tag whose manifest is missing: 500.
    write(&broken.join("reference/missing"), &oci_manifest("missing"))?;
    // A tag whose manifest file holds other bytes: 500.
    let tagged = oci_manifest("mismatch");
    write(&broken.join("reference/mismatch"), &tagged)?;
    write(
        &broken.join("digest").join(file_name_of(&tagged)),
        &oci_manifest("something else"),
    )?;
    // Manifests without mediaType: inferred from the fields, or 500.
    let no_type_image = br#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#;
    let no_type_index = br#"{"schemaVersion":2,"manifests":[]}"#;
    let no_type_layers_only = br#"{"schemaVersion":2,"layers":[]}"#;
    let no_type_nothing = br#"{"schemaVersion":2}"#;
    let docker_list = br#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[]}"#;
    let odd_type = br#"{"schemaVersion":2,"mediaType":"text/html","layers":[]}"#;
    let not_json = b"not json at all";
    let null_type = br#"{"schemaVersion":2,"mediaType":null,"manifests":[]}"#;
    let number_type = br#"{"mediaType":7}"#;
    let empty: &[u8] = b"";
    for (tag, bytes) in [
        ("no-type-image", &no_type_image[..]),
        ("no-type-index", &no_type_index[..]),
        ("no-type-layers", &no_type_layers_only[..]),
        ("no-type-nothing", &no_type_nothing[..]),
        ("docker-list", &docker_list[..]),
        ("odd-type", &odd_type[..]),
        ("not-json", &not_json[..]),
        ("null-type", &null_type[..]),
        ("number-type", &number_type[..]),
        ("empty", empty),
    ] {
        write(&broken.join("reference").join(tag), bytes)?;
        write(&broken.join("digest").join(file_name_of(bytes)), bytes)?;
    }
    // Tags Talos' grammar allows at its limits.
    let long_tag = format!("T{}", "a".repeat(127));
    write(&broken.join("reference").join(&long_tag), no_type_image)?;
    write(&broken.join("reference/UPPER.case-tag_1"), no_type_image)?;
    // A digest file whose bytes are not its name's (served as is, by digest).
    write(
        &broken.join("digest").join(file_name_of(b"the name")),
        &oci_manifest("corrupt"),
    )?;
    // A tag in this root whose manifest is only in the first root (per-file fallback), and
    // a tag both roots have with different bytes (the first root wins).
    let alpine_repo = tree.join("manifests").join(&reg).join("ic/alpine");
    let alpine_top = fs::read(alpine_repo.join("reference/3.20"))?;
    let second_alpine = root.join("manifests").join(&reg).join("ic/alpine");
    write(&second_alpine.join("reference/second-root"), &alpine_top)?;
    write(
        &second_alpine.join("reference/3.20"),
        &oci_manifest("shadowed"),
    )?;

    // Mirrors: the same repositories filed under other registries (the second root only,
    // so the ns-less scan, which lists the first root, never finds them).
    let multi_repo = tree.join("manifests").join(&reg).join("ic/multi");
    copy_repo(&multi_repo, &root.join("manifests/ghcr.io/mirror/multi"))?;
    copy_repo(
        &alpine_repo,
        &root.join("manifests/docker.io/library/alpine"),
    )?;
    copy_repo(
        &multi_repo,
        &root.join("manifests/registry.k8s.io_443_/coredns/coredns"),
    )?;
    copy_repo(
        &alpine_repo,
        &root.join("manifests/index.docker.io/library/alpine"),
    )?;

    // Blobs: a corrupt one, sniffing samples.
    write(
        &root.join("blob").join(file_name_of(b"promised")),
        b"delivered instead",
    )?;
    for sample in sniff_samples() {
        write(&root.join("blob").join(file_name_of(&sample)), &sample)?;
    }
    Ok(())
}

// ---- the requests ------------------------------------------------------------------------------

/// A repository directory of a served root.
#[derive(Debug, Clone, Default)]
struct Repo {
    /// The registry directory (`127.0.0.1_5000_`).
    registry: String,
    /// The repository path (`ic/alpine`).
    path: String,
    tags: BTreeSet<String>,
    digests: BTreeSet<String>,
}

/// Every repository of every root, merged by (registry dir, path).
fn repositories(roots: &[PathBuf]) -> Result<Vec<Repo>> {
    let mut repos: BTreeMap<(String, String), Repo> = BTreeMap::new();
    for root in roots {
        let manifests = root.join("manifests");
        let Ok(registries) = fs::read_dir(&manifests) else {
            continue;
        };
        for registry in registries {
            let registry = registry?;
            let registry_name = registry.file_name().to_string_lossy().into_owned();
            let mut stack = vec![registry.path()];
            while let Some(dir) = stack.pop() {
                let mut is_repo = false;
                for entry in fs::read_dir(&dir)? {
                    let entry = entry?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if !entry.path().is_dir() {
                        continue;
                    }
                    if name == "reference" || name == "digest" {
                        is_repo = true;
                    } else {
                        stack.push(entry.path());
                    }
                }
                if !is_repo {
                    continue;
                }
                let path = dir
                    .strip_prefix(registry.path())?
                    .to_string_lossy()
                    .into_owned();
                let repo = repos
                    .entry((registry_name.clone(), path.clone()))
                    .or_insert_with(|| Repo {
                        registry: registry_name.clone(),
                        path,
                        ..Repo::default()
                    });
                for (sub, set) in [("reference", &mut repo.tags), ("digest", &mut repo.digests)] {
                    if let Ok(entries) = fs::read_dir(dir.join(sub)) {
                        for entry in entries {
                            set.insert(entry?.file_name().to_string_lossy().into_owned());
                        }
                    }
                }
            }
        }
    }
    Ok(repos.into_values().collect())
}

/// Every blob name (`sha256-…`) of every root.
fn blobs(roots: &[PathBuf]) -> Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for root in roots {
        if let Ok(entries) = fs::read_dir(root.join("blob")) {
            for entry in entries {
                names.insert(entry?.file_name().to_string_lossy().into_owned());
            }
        }
    }
    Ok(names)
}

/// `sha256-<hex>` → `sha256:<hex>` (other names as they are).
fn digest_text(file_name: &str) -> String {
    file_name.replacen("sha256-", "sha256:", 1)
}

fn requests(roots: &[PathBuf], upstream: &Upstream) -> Result<Vec<Request>> {
    let repos = repositories(roots)?;
    let blob_names = blobs(roots)?;
    let ip = &upstream.hosts[0];
    let mut out: Vec<Request> = Vec::new();

    // Every manifest by tag and by digest, with ns, without, HEAD, and a few variations.
    for repo in &repos {
        let host = registry_host(&repo.registry);
        let ns = format!("ns={host}");
        let base = format!("/v2/{}/manifests", repo.path);
        for tag in &repo.tags {
            out.push(Request::get(&format!("{base}/{tag}?{ns}")));
            out.push(Request::get(&format!("{base}/{tag}")));
            out.push(Request::new("HEAD", &format!("{base}/{tag}?{ns}")));
        }
        for digest in &repo.digests {
            let digest = digest_text(digest);
            out.push(Request::get(&format!("{base}/{digest}?{ns}")));
            out.push(Request::get(&format!("{base}/{digest}")));
            out.push(Request::new("HEAD", &format!("{base}/{digest}?{ns}")));
            // A manifest digest is not a blob.
            out.push(Request::get(&format!(
                "/v2/{}/blobs/{digest}?{ns}",
                repo.path
            )));
        }
        if let Some(tag) = repo.tags.iter().next() {
            let target = format!("{base}/{tag}?{ns}");
            out.push(Request::get(&target).header(
                "Accept",
                "application/vnd.docker.distribution.manifest.v2+json",
            ));
            out.push(Request::get(&target).header("Range", "bytes=0-9"));
            out.push(Request::new("HEAD", &target).header("Range", "bytes=0-9"));
            out.push(Request::get(&target).header("If-None-Match", "*"));
            // A tag given to /blobs/ (spec §2.3.7 quirk).
            out.push(Request::get(&format!("/v2/{}/blobs/{tag}?{ns}", repo.path)));
            // ns with the registry written differently.
            out.push(Request::get(&format!(
                "{base}/{tag}?ns={}",
                host.to_uppercase()
            )));
            out.push(Request::get(&format!(
                "{base}/{tag}?ns={}",
                host.replace(':', "%3A")
            )));
            out.push(Request::get(&format!("{base}/{tag}?ns=ghcr.io")));
            out.push(Request::get(&format!("{base}/{tag}?ns=")));
            out.push(Request::get(&format!("{base}/{tag}?{ns}&ns=ghcr.io")));
            out.push(Request::get(&format!("{base}/{tag}?ns=ghcr.io&{ns}")));
            out.push(Request::get(&format!("{base}/{tag}?x=1;{ns}")));
            out.push(Request::get(&format!("{base}/{tag}?NS={host}")));
            // The name in another case, or shortened.
            out.push(Request::get(&format!(
                "/v2/{}/manifests/{tag}?{ns}",
                repo.path.to_uppercase()
            )));
            if let Some((_, last)) = repo.path.rsplit_once('/') {
                out.push(Request::get(&format!("/v2/{last}/manifests/{tag}?{ns}")));
            }
        }
    }

    // Docker Hub and port normalisation through the mirrors of the second root.
    for target in [
        "/v2/alpine/manifests/3.20?ns=docker.io",
        "/v2/library/alpine/manifests/3.20?ns=docker.io",
        "/v2/alpine/manifests/3.20?ns=index.docker.io",
        "/v2/library/alpine/manifests/3.20?ns=index.docker.io",
        "/v2/alpine/manifests/3.20?ns=registry-1.docker.io",
        "/v2/alpine/manifests/3.20",
        "/v2/library/alpine/manifests/latest",
        "/v2/docker.io/library/alpine/manifests/3.20?ns=docker.io",
        "/v2/coredns/coredns/manifests/v1?ns=registry.k8s.io:443",
        "/v2/coredns/coredns/manifests/v1?ns=registry.k8s.io",
        "/v2/coredns/coredns/manifests/v1?ns=registry.k8s.io:443:1",
        "/v2/coredns/coredns/manifests/v1?ns=registry.k8s.io_443_",
        "/v2/mirror/multi/manifests/v1?ns=ghcr.io",
        "/v2/mirror/multi/manifests/v1?ns=ghcr.io:443",
        "/v2/mirror/multi/manifests/v1?ns=GHCR.io",
        "/v2/mirror/multi/manifests/v1",
        "/v2/ic/multi/manifests/v1?ns=localhost",
        "/v2/ic/multi/manifests/v1?ns=127.0.0.1",
        "/v2/ic/multi/manifests/v1?ns=bad%20host",
        "/v2/ic/multi/manifests/v1?ns=%zz",
        "/v2/ic/multi/manifests/v1?ns=a/b",
        "/v2/ic/multi/manifests/v1?ns=-bad.host",
        "/v2/ic/multi/manifests/v1?ns=host:99999",
        "/v2/ic/multi/manifests/v1?%",
        "/v2/only/local/manifests/x",
        "/v2/only/local/manifests/x?ns=localhost",
    ] {
        out.push(Request::get(target));
    }

    // Every blob, and what Range and conditionals do to a few.
    let ns = format!("ns={ip}");
    for (i, name) in blob_names.iter().enumerate() {
        let digest = digest_text(name);
        let target = format!("/v2/ic/alpine/blobs/{digest}?{ns}");
        out.push(Request::get(&target));
        out.push(Request::new("HEAD", &target));
        out.push(Request::get(&format!("/v2/ic/alpine/blobs/{digest}")));
        if i % 4 == 0 {
            // Any repository name: the pool is global once ns resolves; without ns the
            // repository must be found.
            out.push(Request::get(&format!(
                "/v2/no/such/repo/blobs/{digest}?{ns}"
            )));
            out.push(Request::get(&format!("/v2/no/such/repo/blobs/{digest}")));
            out.push(Request::get(&format!(
                "/v2/ic/multi/blobs/{digest}?ns=ghcr.io"
            )));
        }
        if i % 3 == 0 {
            for range in [
                "bytes=0-0",
                "bytes=10-",
                "bytes=-5",
                "bytes=5-2",
                "bytes=0-99999999",
                "bytes=99999999-",
                "bytes=abc",
                "bytes=1-1,3-4",
                "items=0-1",
                "bytes=0-0,-1",
                "bytes= 0-3",
            ] {
                let mut request = Request::get(&target).header("Range", range);
                if range.contains(',') {
                    request.skew = Some(
                        "serve: several ranges: Go answers multipart/byteranges, talos-kit \
                         the whole file with 200 (serve.rs documents it)",
                    );
                }
                out.push(request);
            }
            out.push(Request::new("HEAD", &target).header("Range", "bytes=0-3"));
            out.push(
                Request::get(&target).header("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"),
            );
            out.push(
                Request::get(&target)
                    .header("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:01 GMT"),
            );
            out.push(Request::get(&target).header("If-None-Match", "*"));
            out.push(Request::get(&target).header("If-Match", "\"x\""));
            out.push(Request::get(&target).header("If-Match", "*"));
            out.push(
                Request::get(&target)
                    .header("Range", "bytes=0-3")
                    .header("If-Range", "\"etag\""),
            );
        }
    }

    out.extend(mutations(ip, &blob_names, &upstream.alpine.digest));
    Ok(out)
}

/// Malformed and hostile requests around one valid manifest and one valid blob.
fn mutations(ip: &str, blob_names: &BTreeSet<String>, manifest: &Digest) -> Vec<Request> {
    let ns = format!("ns={ip}");
    let blob = blob_names
        .iter()
        .next()
        .map_or_else(|| "sha256:00".to_owned(), |n| digest_text(n));
    let hex = blob.trim_start_matches("sha256:").to_owned();
    let mut targets: Vec<String> = Vec::new();
    let mut add = |t: String| targets.push(t);

    // Routes and non-routes.
    for target in [
        "/",
        "/v2",
        "/v2/",
        "/healthz",
        "/healthz/",
        "/v1/",
        "/v3/",
        "/V2/",
        "/v2//",
        "/healthz/x",
        "/v2/_catalog",
        "/v2/x",
        "/v2/x/y",
        "/v2/manifests/x",
        "/v2//manifests/x",
        "/%76%32/",
        "/v2%2F",
        "/v2%2Fic/alpine/manifests/3.20",
        "/index.html",
        "/favicon.ico",
        "/v2/?ns=x",
        "/healthz?x=1",
        "/v2/ic/alpine/tags/list",
        "/v2/ic/alpine/tags/list?n=1",
        "/v2/ic/alpine/referrers/sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "/v2/ic/alpine/blobs/uploads/",
        "/v2/ic/alpine/manifest/3.20",
        "/v2/ic/alpine/manifests/",
        "/v2/ic/alpine/manifests",
        "/v2/ic/alpine/blobs",
        "/v2/ic/alpine/blobs/",
    ] {
        add(target.to_owned());
    }
    for kind in [
        "tags/list",
        "referrers/x",
        "_catalog/x",
        "manifests/3.20",
        "blobs/x",
    ] {
        add(format!("/v2/ic/alpine/{kind}?{ns}"));
    }

    // Traversal and path cleaning.
    for path in [
        "/v2/ic/../ic/alpine/manifests/3.20",
        "/v2/ic/alpine/manifests/../manifests/3.20",
        "/v2/../v2/ic/alpine/manifests/3.20",
        "/v2/ic/alpine/./manifests/3.20",
        "/v2/ic//alpine/manifests/3.20",
        "/v2/ic/alpine/manifests/3.20/",
        "/v2/ic/alpine/manifests/3.20/.",
        "/v2/ic/alpine/manifests/3.20/..",
        "/v2/ic/%2e%2e/ic/alpine/manifests/3.20",
        "/v2/ic/%2E%2E/%2E%2E/manifests/3.20",
        "/v2/ic/alpine%2Fmanifests%2F3.20",
        "/v2/ic%2Falpine/manifests/3.20",
        "/v2/ic/alpine/manifests/3.20%2F..%2F..%2F..%2Fblob",
        "/v2/ic/alpine/manifests/%2e%2e",
        "/v2/ic/alpine/manifests/..",
        "/v2/ic/alpine/manifests/.",
        "/v2/ic/alpine/manifests/%2e",
        "/v2/%2e%2e/%2e%2e/%2e%2e/etc/manifests/passwd",
        "/v2/ic/alpine/manifests/..%2f..%2f..%2fetc%2fpasswd",
        "/v2/ic/alpine/manifests/%2fetc%2fpasswd",
        "/v2/ic/alpine/manifests/3.20%00",
        "/v2/ic/al%zzpine/manifests/3.20",
        "/v2/ic/alpine/manifests/%",
        "/v2/ic/alpine/manifests/3.2%30",
        "/v2/%69c/alpine/manifests/3.20",
        "/v2/ic/alpine/manifests/3.20%3Fns=x",
        "/v2/ic/alpine/manifests/3.20#frag",
        "/v2/./ic/alpine/manifests/3.20",
        "/./v2/ic/alpine/manifests/3.20",
        "//v2/ic/alpine/manifests/3.20",
    ] {
        add(format!("{path}?{ns}"));
        add(path.to_owned());
    }
    for path in [
        format!("/v2/ic/alpine/blobs/../../../blob/{blob}"),
        format!("/v2/ic/alpine/blobs/%2e%2e%2f%2e%2e%2fblob%2fsha256-{hex}"),
        format!("/v2/ic/alpine/blobs/sha256-{hex}"),
        format!("/v2/ic/alpine/blobs/sha256:{hex}/"),
        format!("/v2/ic/alpine/blobs/sha256%3A{hex}"),
        format!("/v2/ic/alpine/blobs/sha256%3a{hex}"),
        format!("/v2/ic/alpine/blobs/{blob}%2F.."),
        format!("/v2/ic/alpine/blobs/{blob}/.."),
    ] {
        add(format!("{path}?{ns}"));
    }

    // Names.
    for name in [
        "IC/alpine",
        "ic/Alpine",
        "ic/alp ine",
        "ic/alp%20ine",
        "ic/-alpine",
        "ic/alpine-",
        "ic/al__pine",
        "ic/al___pine",
        "ic/al.pine",
        "ic/al..pine",
        "ic/al_pine",
        "ic/a",
        "-/alpine",
        "ic//alpine",
        "ic/alpine/",
        "_/alpine",
        "ic/al%2Dpine",
        "ic/ålpine",
        "ic/al%C3%A5pine",
        "ic/alpine@x",
        "ic/alpine:3.20",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p",
    ] {
        add(format!("/v2/{name}/manifests/3.20?{ns}"));
        add(format!("/v2/{name}/blobs/{blob}?{ns}"));
    }
    // A name carrying a tag: `<ns>/<name>@<digest>` still parses as a reference.
    add(format!("/v2/ic/alpine:3.20/manifests/{manifest}?{ns}"));
    add(format!("/v2/ic/alpine:latest/manifests/{manifest}"));
    add(format!("/v2/ic/alpine:3.20/manifests/3.20?{ns}"));
    add(format!("/v2/ic/alpine:3.20/blobs/{blob}"));
    add(format!("/v2/{}/manifests/3.20?{ns}", "a".repeat(300)));
    add(format!("/v2/ic/{}/manifests/3.20?{ns}", "b".repeat(255)));

    // Tags.
    for tag in [
        "3.20",
        "-tag",
        ".tag",
        "_tag",
        "tag!",
        "ta%20g",
        "t",
        "T",
        "a:b",
        "a@b",
        "a%40b",
        "sha256",
        "sha256-",
        "latest",
        "LATEST",
        "tag.",
        "t__t",
        "%E2%9C%93",
    ] {
        add(format!("/v2/ic/alpine/manifests/{tag}?{ns}"));
    }
    add(format!("/v2/ic/alpine/manifests/{}?{ns}", "a".repeat(128)));
    add(format!("/v2/ic/alpine/manifests/{}?{ns}", "a".repeat(129)));
    add(format!("/v2/ic/broken/manifests/T{}?{ns}", "a".repeat(127)));

    // Digests.
    let upper = hex.to_uppercase();
    for digest in [
        "sha256:abc".to_owned(),
        format!("sha256:{upper}"),
        format!("sha256:{}", &hex[..63]),
        format!("sha256:{hex}0"),
        format!("sha256:{}g", &hex[..63]),
        format!("sha512:{hex}{hex}"),
        format!("sha384:{}", &format!("{hex}{hex}")[..96]),
        format!("md5:{}", &hex[..32]),
        format!("SHA256:{hex}"),
        format!("sha256::{hex}"),
        format!("sha256+b64:{hex}"),
        format!("sha256_x:{hex}"),
        format!("sha256:{hex}@sha256:{hex}"),
        "sha256:".to_owned(),
        ":abc".to_owned(),
        format!("blake3:{hex}"),
        format!("sha256%3A{hex}"),
    ] {
        add(format!("/v2/ic/alpine/manifests/{digest}?{ns}"));
        add(format!("/v2/ic/alpine/blobs/{digest}?{ns}"));
        add(format!("/v2/ic/alpine/blobs/{digest}"));
    }

    let mut out: Vec<Request> = targets
        .iter()
        .map(|t| {
            let mut request = Request::get(t);
            if t.contains('#') {
                request.skew = Some(
                    "serve: `#` in the request target: Go keeps it in the path, hyper's URI \
                     parser drops it as a fragment (RFC 9112 forbids it; clients never send it)",
                );
            }
            request
        })
        .collect();
    // Methods.
    for target in [
        "/".to_owned(),
        "/v2/".to_owned(),
        "/v2".to_owned(),
        "/healthz".to_owned(),
        format!("/v2/ic/alpine/manifests/3.20?{ns}"),
        format!("/v2/ic/alpine/blobs/{blob}?{ns}"),
        "/v2/ic/alpine/blobs/uploads/".to_owned(),
        "/v2/ic/../x".to_owned(),
        "/nothing".to_owned(),
    ] {
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "BREW"] {
            out.push(Request::new(method, &target));
        }
    }
    out
}
