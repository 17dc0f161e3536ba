//! A real registry for tests: distribution's `docker-registry serve` on 127.0.0.1 with
//! storage in a temporary directory (optionally behind htpasswd basic auth), filled with
//! `skopeo copy` from OCI layouts.
//!
//! The differential runner (`conformance/runner/src/imagecache.rs`) compiles this file in
//! with `#[path]`, so there is one launcher for both; keep it free of test-only crates
//! other than `bcrypt` and `tempfile`.
//!
//! The sample images are the crate's own ([`talos_imagecache::sample`]); [`SampleLayout`]
//! only adds reading their bytes back.
//!
//! The tools are required: a missing `docker-registry` or `skopeo` fails the test loudly,
//! unless `TALOS_KIT_SKIP_INTEROP=1` is set, in which case [`TestRegistry::start`] returns
//! `None` after printing "skipped" and the test returns early.

use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use talos_imagecache::manifest::{Manifest, Platform, Target};
use talos_imagecache::sample::{SampleImage, WrittenImage, write_layout};
use talos_imagecache::{Digest, ImageRef};

/// The distribution registry binary.
pub const DOCKER_REGISTRY: &str = "/usr/bin/docker-registry";
/// The environment variable that turns a missing tool into a skipped test.
pub const SKIP_ENV: &str = "TALOS_KIT_SKIP_INTEROP";

/// How long the registry may take to answer `/v2/`.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long one `skopeo copy` may take.
const SKOPEO_TIMEOUT: Duration = Duration::from_secs(120);

/// Finds `tool` (an absolute path, or a name on `PATH`).
fn find_tool(tool: &str) -> Option<PathBuf> {
    let path = Path::new(tool);
    if path.is_absolute() {
        return path.is_file().then(|| path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
}

/// Whether the interop tools are there. Panics when one is missing, unless
/// `TALOS_KIT_SKIP_INTEROP=1`, in which case it prints "skipped" and returns `false`.
pub fn interop_tools_available(test: &str) -> bool {
    tools_available(test, &[DOCKER_REGISTRY, "skopeo"])
}

/// Like [`interop_tools_available`] for any list of tools.
pub fn tools_available(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| find_tool(tool).is_none())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var(SKIP_ENV).as_deref() == Ok("1") {
        eprintln!(
            "{test}: skipped: {} not installed ({SKIP_ENV}=1)",
            missing.join(", ")
        );
        return false;
    }
    panic!(
        "{test}: {} not installed; install them (Debian: apt-get install docker-registry skopeo \
         openssl), or set {SKIP_ENV}=1 to skip interop tests",
        missing.join(", ")
    );
}

/// How to run the test registry.
#[derive(Debug, Clone, Default)]
pub struct TestRegistryOptions {
    /// Require HTTP basic auth with this user name and password (htpasswd, bcrypt).
    pub basic_auth: Option<(String, String)>,
    /// Serve HTTPS with a certificate for `127.0.0.1` signed by a fresh test CA (made
    /// with the `openssl` tool); see [`TestRegistry::ca_certificate`].
    pub tls: bool,
}

/// A running `docker-registry`, killed on drop.
pub struct TestRegistry {
    child: Child,
    port: u16,
    basic_auth: Option<(String, String)>,
    tls: bool,
    /// Holds the config, htpasswd and storage; removed on drop.
    dir: tempfile::TempDir,
}

impl std::fmt::Debug for TestRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestRegistry")
            .field("port", &self.port)
            .field("dir", &self.dir.path())
            .finish()
    }
}

impl Drop for TestRegistry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port on 127.0.0.1 (free when asked; the registry binds it a moment later).
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// The status code of `GET path` on 127.0.0.1:`port`, if something answers HTTP there.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(2)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).ok()?;
    let text = std::str::from_utf8(&head[..n]).ok()?;
    text.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

impl TestRegistry {
    /// Starts a registry, or returns `None` when the tools are missing and
    /// `TALOS_KIT_SKIP_INTEROP=1` (see [`interop_tools_available`]). Panics on failure.
    pub fn start(options: TestRegistryOptions) -> Option<TestRegistry> {
        if !interop_tools_available("TestRegistry::start") {
            return None;
        }
        if options.tls && !tools_available("TestRegistry::start", &["openssl"]) {
            return None;
        }
        // Another process may take the free port first: try a few.
        let mut last_error = String::new();
        for _ in 0..3 {
            match TestRegistry::try_start(&options) {
                Ok(registry) => return Some(registry),
                Err(error) => last_error = error,
            }
        }
        panic!("docker-registry did not start: {last_error}");
    }

    fn try_start(options: &TestRegistryOptions) -> Result<TestRegistry, String> {
        let dir = tempfile::tempdir().map_err(|err| err.to_string())?;
        let port = free_port();
        let storage = dir.path().join("storage");
        fs::create_dir(&storage).map_err(|err| err.to_string())?;
        let mut config = format!(
            "version: 0.1\n\
             log:\n  level: warn\n  accesslog:\n    disabled: true\n\
             storage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\n\
             http:\n  addr: 127.0.0.1:{port}\n  secret: talos-kit-test-secret\n",
            storage.display()
        );
        if let Some((user, password)) = &options.basic_auth {
            let hash = bcrypt::hash(password, 4).map_err(|err| err.to_string())?;
            let htpasswd = dir.path().join("htpasswd");
            fs::write(&htpasswd, format!("{user}:{hash}\n")).map_err(|err| err.to_string())?;
            config.push_str(&format!(
                "auth:\n  htpasswd:\n    realm: talos-kit-test\n    path: {}\n",
                htpasswd.display()
            ));
        }
        if options.tls {
            let (certificate, key) = make_certificates(dir.path())?;
            config.push_str(&format!(
                "  tls:\n    certificate: {}\n    key: {}\n",
                certificate.display(),
                key.display()
            ));
        }
        let config_path = dir.path().join("config.yml");
        fs::write(&config_path, config).map_err(|err| err.to_string())?;
        let log =
            fs::File::create(dir.path().join("registry.log")).map_err(|err| err.to_string())?;
        let child = Command::new(DOCKER_REGISTRY)
            .arg("serve")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|err| err.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|err| format!("cannot run {DOCKER_REGISTRY}: {err}"))?;
        let mut registry = TestRegistry {
            child,
            port,
            basic_auth: options.basic_auth.clone(),
            tls: options.tls,
            dir,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            // 200 without auth, 401 with it, 400 for plain HTTP to HTTPS: the registry is up.
            if matches!(http_status(port, "/v2/"), Some(200 | 401 | 400)) {
                return Ok(registry);
            }
            if let Ok(Some(status)) = registry.child.try_wait() {
                return Err(format!("exited with {status}: {}", registry.log()));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no answer on /v2/ within {START_TIMEOUT:?}: {}",
                    registry.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The test CA's certificate (PEM) when the registry serves HTTPS.
    pub fn ca_certificate(&self) -> Option<PathBuf> {
        self.tls.then(|| self.dir.path().join("ca.pem"))
    }

    /// What the registry has logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
    }

    /// `127.0.0.1:<port>`, the registry part of image references.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The credentials the registry demands, if any.
    pub fn basic_auth(&self) -> Option<&(String, String)> {
        self.basic_auth.as_ref()
    }

    /// Writes a Docker config file for this registry with `user`/`password` (base64
    /// `auth` field) into `dir` and returns its path.
    pub fn write_docker_config(&self, dir: &Path, user: &str, password: &str) -> PathBuf {
        let auth = base64_encode(format!("{user}:{password}").as_bytes());
        let path = dir.join("config.json");
        let config = serde_json::json!({ "auths": { self.host(): { "auth": auth } } });
        fs::write(&path, serde_json::to_vec_pretty(&config).unwrap()).unwrap();
        path
    }

    /// Pushes the image tagged `tag_in_layout` in the OCI layout `layout_dir` to
    /// `repo_and_tag` (`repo:tag`) with `skopeo copy`, digests preserved; `all_platforms`
    /// copies a whole index (`--all`). Panics on failure.
    pub fn push_oci_layout(
        &self,
        layout_dir: &Path,
        tag_in_layout: &str,
        repo_and_tag: &str,
        all_platforms: bool,
    ) {
        let mut args = vec!["--preserve-digests"];
        if all_platforms {
            args.push("--all");
        }
        self.skopeo_push(layout_dir, tag_in_layout, repo_and_tag, &args);
    }

    /// `skopeo copy <args> oci:<layout_dir>:<tag_in_layout> docker://<host>/<repo_and_tag>`
    /// (e.g. `--format v2s2` to push Docker media types, which changes the digests).
    /// Panics on failure.
    pub fn skopeo_push(
        &self,
        layout_dir: &Path,
        tag_in_layout: &str,
        repo_and_tag: &str,
        args: &[&str],
    ) {
        let mut command = Command::new("skopeo");
        command.args([
            "--insecure-policy",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
        ]);
        command.args(args);
        if let Some((user, password)) = &self.basic_auth {
            command.arg(format!("--dest-creds={user}:{password}"));
        }
        command
            .arg(format!("oci:{}:{tag_in_layout}", layout_dir.display()))
            .arg(format!("docker://{}/{repo_and_tag}", self.host()))
            // No user registries.conf or auth files.
            .env(
                "REGISTRY_AUTH_FILE",
                self.dir.path().join("skopeo-auth.json"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = run_bounded(command, SKOPEO_TIMEOUT);
        assert!(
            output.status.success(),
            "skopeo copy to {repo_and_tag} failed: {}\n{}\nregistry log:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            self.log()
        );
    }
}

/// Makes `ca.pem` and a server certificate for IP 127.0.0.1 signed by it in `dir`; returns
/// the server certificate and key paths.
fn make_certificates(dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let ext = dir.join("server.ext");
    fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|err| err.to_string())?;
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let steps: [Vec<&str>; 3] = [
        [
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"],
        ]
        .concat()
        .into_iter()
        .chain([
            "-subj",
            "/CN=talos-kit test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ])
        .collect(),
        [
            &["req"][..],
            &ec,
            &["-keyout", "server.key", "-out", "server.csr"],
        ]
        .concat()
        .into_iter()
        .chain(["-subj", "/CN=127.0.0.1"])
        .collect(),
        vec![
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    ];
    for args in steps {
        let mut command = Command::new("openssl");
        command
            .args(&args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = run_bounded(command, Duration::from_secs(30));
        if !output.status.success() {
            return Err(format!(
                "openssl {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    Ok((dir.join("server.pem"), dir.join("server.key")))
}

/// Runs `command`, killing it after `timeout` (then it panics). Panics if it cannot start.
/// Piped stdout and stderr are drained while it runs, so a chatty child cannot block.
pub fn run_bounded(mut command: Command, timeout: Duration) -> std::process::Output {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .spawn()
        .unwrap_or_else(|err| panic!("spawn {program}: {err}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for a child") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "{program} timed out after {timeout:?}: {}",
                String::from_utf8_lossy(&stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

/// Standard base64 with padding (Docker config `auth` fields).
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Sample images: the crate's own builder (`talos_imagecache::sample`), plus reading back
// what it wrote.
// ---------------------------------------------------------------------------------------

/// A sample image of `platforms` (`os/arch[/variant]`; one gives an image manifest, more
/// an index), one layer of `layer_size` bytes each, named `ref_name` in the layout.
pub fn sample_image(
    ref_name: &str,
    platforms: &[&str],
    layer_size: usize,
    seed: u64,
) -> SampleImage {
    SampleImage {
        ref_name: ref_name.to_owned(),
        platforms: platforms
            .iter()
            .map(|p| Platform::parse(p).unwrap_or_else(|| panic!("bad platform {p}")))
            .collect(),
        layers: 1,
        layer_size,
        seed,
    }
}

/// An OCI layout written by [`talos_imagecache::sample::write_layout`].
#[derive(Debug, Clone)]
pub struct SampleLayout {
    /// The layout directory.
    pub dir: PathBuf,
    /// What was asked for, in order.
    pub specs: Vec<SampleImage>,
    /// What was written, in the same order.
    pub images: Vec<WrittenImage>,
}

impl SampleLayout {
    /// Writes `images` into a layout at `dir`. Panics on failure.
    pub fn write(dir: &Path, images: &[SampleImage]) -> SampleLayout {
        let written = write_layout(dir, images)
            .unwrap_or_else(|err| panic!("write sample layout {}: {err}", dir.display()));
        SampleLayout {
            dir: dir.to_path_buf(),
            specs: images.to_vec(),
            images: written,
        }
    }

    /// The image whose layout name is `ref_name`.
    pub fn image(&self, ref_name: &str) -> &WrittenImage {
        let index = self
            .specs
            .iter()
            .position(|spec| spec.ref_name == ref_name)
            .unwrap_or_else(|| panic!("no sample image {ref_name}"));
        &self.images[index]
    }

    /// The bytes of a blob (manifest, config or layer) of the layout.
    pub fn bytes(&self, digest: &Digest) -> Vec<u8> {
        let path = self.dir.join("blobs/sha256").join(digest.hex());
        fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    }

    /// The config and layers of the image manifest `manifest`.
    pub fn parts(&self, manifest: &Digest) -> (Target, Vec<Target>) {
        match Manifest::parse(&self.bytes(manifest)) {
            Ok(Manifest::Image { config, layers }) => (config, layers),
            other => panic!("{manifest} is not an image manifest: {other:?}"),
        }
    }
}

impl TestRegistry {
    /// Pushes the sample image `ref_name` of `layout` to `repo_and_tag` (`repo:tag`) with
    /// digests preserved (a whole index with `--all`); returns what was pushed.
    pub fn push_sample<'a>(
        &self,
        layout: &'a SampleLayout,
        ref_name: &str,
        repo_and_tag: &str,
    ) -> &'a WrittenImage {
        let image = layout.image(ref_name);
        let index = image.media_type == talos_imagecache::manifest::OCI_INDEX;
        self.push_oci_layout(&layout.dir, ref_name, repo_and_tag, index);
        image
    }

    /// The image reference `<host>/<repo_and_tag>` (panics if it does not parse).
    pub fn image_ref(&self, repo_and_tag: &str) -> ImageRef {
        let text = format!("{}/{repo_and_tag}", self.host());
        ImageRef::parse(&text).unwrap_or_else(|err| panic!("{text}: {err}"))
    }
}
