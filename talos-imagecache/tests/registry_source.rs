//! `RegistrySource` against a real registry (distribution's `docker-registry`, filled with
//! `skopeo`) and against a scripted fake for bearer tokens and lying registries.
#![cfg(feature = "registry")]

mod support;

use std::io::{self, Write};
use std::path::Path;

use support::fake_registry::{FakeBearer, FakeContent, FakeRegistry, sha256};
use support::registry::{SampleLayout, TestRegistry, TestRegistryOptions, sample_image};
use talos_imagecache::registry::{RegistryOptions, RegistrySource};
use talos_imagecache::{Digest, ManifestRef, Repository, Source, SourceError};

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

fn repo(host: &str, path: &str) -> Repository {
    Repository {
        registry: host.to_owned(),
        path: path.to_owned(),
    }
}

fn digest(text: &str) -> Digest {
    Digest::parse(text).unwrap()
}

/// A source that treats `host` as insecure and reads credentials from `docker_config`
/// (an explicit path, so the user's own config is never used).
fn source_for(host: &str, docker_config: &Path) -> RegistrySource {
    RegistrySource::new(RegistryOptions {
        insecure_registries: vec![host.to_owned()],
        docker_config: Some(docker_config.to_path_buf()),
        ..RegistryOptions::default()
    })
    .unwrap()
}

/// An empty Docker config in `dir`.
fn empty_docker_config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("empty-config.json");
    std::fs::write(&path, b"{}").unwrap();
    path
}

/// Tag `v1` of `repository`.
fn tag_v1(
    source: &RegistrySource,
    repository: &Repository,
) -> Result<Option<Vec<u8>>, SourceError> {
    source.manifest(repository, ManifestRef::Tag("v1"))
}

/// Blob `digest` of `repository`, `size` bytes as a manifest would say, collected whole.
fn fetch(
    source: &RegistrySource,
    repository: &Repository,
    digest: &Digest,
    size: u64,
) -> Result<Vec<u8>, SourceError> {
    let mut sink = Vec::new();
    source.blob(repository, digest, size, &mut sink)?;
    Ok(sink)
}

/// A blob of a pushed sample, read back from its layout.
struct Blob {
    digest: Digest,
    bytes: Vec<u8>,
}

/// One platform's image of a pushed sample.
struct PushedImage {
    platform: String,
    manifest: Blob,
    config: Blob,
    layers: Vec<Blob>,
}

/// What [`push_sample`] pushed: the top-level manifest and each platform's image.
struct Pushed {
    top: Blob,
    images: Vec<PushedImage>,
}

/// Pushes a fresh sample layout (the crate's `sample` builder) of `platforms` to
/// `repo_and_tag`.
fn push_sample(
    registry: &TestRegistry,
    dir: &Path,
    repo_and_tag: &str,
    platforms: &[&str],
    layer_size: usize,
) -> Pushed {
    let layout_dir = dir.join(repo_and_tag.replace([':', '/'], "_"));
    let layout = SampleLayout::write(&layout_dir, &[sample_image("v1", platforms, layer_size, 1)]);
    let written = registry.push_sample(&layout, "v1", repo_and_tag);
    let blob = |digest: &Digest| Blob {
        digest: *digest,
        bytes: layout.bytes(digest),
    };
    Pushed {
        top: blob(&written.digest),
        images: written
            .children
            .iter()
            .map(|(platform, manifest)| {
                let (config, layers) = layout.parts(manifest);
                PushedImage {
                    platform: platform.to_string(),
                    manifest: blob(manifest),
                    config: blob(&config.digest),
                    layers: layers.iter().map(|layer| blob(&layer.digest)).collect(),
                }
            })
            .collect(),
    }
}

/// A plain registry holding one pushed sample, and an anonymous source for it.
struct Anonymous {
    registry: TestRegistry,
    sample: Pushed,
    source: RegistrySource,
    repository: Repository,
    _dir: tempfile::TempDir,
}

/// Starts a plain registry and pushes a sample of `platforms` to `repo_and_tag` (`None`
/// when the interop tools are skipped, as [`TestRegistry::start`] says).
fn anonymous(repo_and_tag: &str, platforms: &[&str], layer_size: usize) -> Option<Anonymous> {
    let registry = TestRegistry::start(TestRegistryOptions::default())?;
    let dir = tempfile::tempdir().unwrap();
    let sample = push_sample(&registry, dir.path(), repo_and_tag, platforms, layer_size);
    let source = source_for(&registry.host(), &empty_docker_config(dir.path()));
    let (path, _) = repo_and_tag.split_once(':').unwrap();
    let repository = repo(&registry.host(), path);
    Some(Anonymous {
        registry,
        sample,
        source,
        repository,
        _dir: dir,
    })
}

/// A sink that records how many writes it got.
#[derive(Default)]
struct CountingSink {
    bytes: Vec<u8>,
    writes: usize,
}

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn manifests_by_tag_and_digest_and_missing_ones() {
    let Some(Anonymous {
        registry,
        sample,
        source,
        repository,
        _dir,
    }) = anonymous("team/app:v1", &["linux/amd64"], 1024)
    else {
        return;
    };

    let by_tag = tag_v1(&source, &repository).unwrap();
    assert_eq!(
        by_tag.as_deref(),
        Some(sample.top.bytes.as_slice()),
        "the tag's manifest, byte for byte"
    );
    let top = sample.top.digest;
    let by_digest = source
        .manifest(&repository, ManifestRef::Digest(&top))
        .unwrap();
    assert_eq!(by_digest.as_deref(), Some(sample.top.bytes.as_slice()));

    // 404s are None: an unknown tag (a cosign signature tag that does not exist), an
    // unknown digest, an unknown repository.
    let sig_tag = format!("sha256-{}.sig", top.hex());
    assert_eq!(
        source
            .manifest(&repository, ManifestRef::Tag(&sig_tag))
            .unwrap(),
        None
    );
    assert_eq!(
        source
            .manifest(&repository, ManifestRef::Digest(&Digest::of(b"nothing")))
            .unwrap(),
        None
    );
    assert_eq!(
        source
            .manifest(&repo(&registry.host(), "team/none"), ManifestRef::Tag("v1"))
            .unwrap(),
        None
    );
}

#[test]
fn blobs_stream_in_chunks_and_equal_what_was_pushed() {
    // 3 MiB of incompressible data: many chunks.
    let Some(pushed) = anonymous("big/layer:v1", &["linux/amd64"], 3 << 20) else {
        return;
    };
    let (sample, source, repository) = (&pushed.sample, &pushed.source, &pushed.repository);
    let image = &sample.images[0];
    for blob in [&image.config, &image.layers[0]] {
        let mut sink = CountingSink::default();
        source
            .blob(repository, &blob.digest, blob.bytes.len() as u64, &mut sink)
            .unwrap();
        assert_eq!(sink.bytes, blob.bytes, "{}", blob.digest);
    }
    let mut sink = CountingSink::default();
    let layer = &image.layers[0];
    source
        .blob(
            repository,
            &layer.digest,
            layer.bytes.len() as u64,
            &mut sink,
        )
        .unwrap();
    assert!(
        sink.writes > 1,
        "a {} byte layer came in {} write(s)",
        layer.bytes.len(),
        sink.writes
    );

    // A size smaller than what the registry sends stops the transfer.
    let mut sink = CountingSink::default();
    let err = source
        .blob(repository, &layer.digest, 1000, &mut sink)
        .unwrap_err();
    assert!(matches!(err, SourceError::Malformed(_)), "{err}");
    assert!(sink.bytes.len() <= 1000);

    // A blob the registry does not have is an error (not a silent empty blob).
    let mut sink = CountingSink::default();
    let err = source
        .blob(repository, &Digest::of(b"absent"), 6, &mut sink)
        .unwrap_err();
    assert!(
        matches!(&err, SourceError::Registry { message, .. } if message.contains("not found")),
        "{err}"
    );
}

#[test]
fn a_failing_sink_is_a_sink_error() {
    struct FullDisk;
    impl Write for FullDisk {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let Some(pushed) = anonymous("sink/test:v1", &["linux/amd64"], 4096) else {
        return;
    };
    let (sample, source, repository) = (&pushed.sample, &pushed.source, &pushed.repository);
    let layer = &sample.images[0].layers[0];
    let err = source
        .blob(
            repository,
            &layer.digest,
            layer.bytes.len() as u64,
            &mut FullDisk,
        )
        .unwrap_err();
    assert!(
        matches!(&err, SourceError::Sink(e) if e.kind() == io::ErrorKind::StorageFull),
        "{err}"
    );
}

#[test]
fn multi_arch_index_pushed_with_all() {
    let platforms = ["linux/amd64", "linux/arm64", "linux/s390x"];
    let Some(pushed) = anonymous("multi/arch:v1", &platforms, 2048) else {
        return;
    };
    let (sample, source, repository) = (&pushed.sample, &pushed.source, &pushed.repository);

    let index = tag_v1(source, repository).unwrap().unwrap();
    assert_eq!(index, sample.top.bytes, "the index, byte for byte");
    let parsed = talos_imagecache::Manifest::parse(&index).unwrap();
    assert!(
        matches!(parsed, talos_imagecache::Manifest::Index(ref entries) if entries.len() == 3),
        "{parsed:?}"
    );
    // Every child, its config and its layer, from several threads at once.
    std::thread::scope(|scope| {
        for image in &sample.images {
            let (source, repository) = (&source, &repository);
            scope.spawn(move || {
                let manifest = source
                    .manifest(repository, ManifestRef::Digest(&image.manifest.digest))
                    .unwrap();
                assert_eq!(
                    manifest.as_deref(),
                    Some(image.manifest.bytes.as_slice()),
                    "{}",
                    image.platform
                );
                for blob in [&image.config, &image.layers[0]] {
                    let fetched = fetch(source, repository, &blob.digest, blob.bytes.len() as u64);
                    assert_eq!(
                        fetched.unwrap(),
                        blob.bytes,
                        "{} {}",
                        image.platform,
                        blob.digest
                    );
                }
            });
        }
    });
}

#[test]
fn basic_auth_from_a_docker_config() {
    let creds = ("talos".to_owned(), "s3cret:with-colon".to_owned());
    let Some(registry) = TestRegistry::start(TestRegistryOptions {
        basic_auth: Some(creds.clone()),
        ..TestRegistryOptions::default()
    }) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = push_sample(
        &registry,
        dir.path(),
        "private/app:v1",
        &["linux/amd64"],
        1024,
    );
    let repository = repo(&registry.host(), "private/app");

    let right_dir = dir.path().join("right");
    std::fs::create_dir(&right_dir).unwrap();
    let right = registry.write_docker_config(&right_dir, &creds.0, &creds.1);
    let source = source_for(&registry.host(), &right);
    let manifest = tag_v1(&source, &repository).unwrap();
    assert_eq!(manifest.as_deref(), Some(sample.top.bytes.as_slice()));
    let layer = &sample.images[0].layers[0];
    let fetched = fetch(
        &source,
        &repository,
        &layer.digest,
        layer.bytes.len() as u64,
    );
    assert_eq!(fetched.unwrap(), layer.bytes);
    assert!(
        !format!("{source:?}").contains(&creds.1),
        "Debug must not show the password"
    );

    let wrong_dir = dir.path().join("wrong");
    std::fs::create_dir(&wrong_dir).unwrap();
    let wrong = registry.write_docker_config(&wrong_dir, &creds.0, "not-the-password");
    let err = tag_v1(&source_for(&registry.host(), &wrong), &repository).unwrap_err();
    assert!(
        matches!(err, SourceError::Auth { .. }),
        "wrong credentials: {err}"
    );
    assert!(!err.to_string().contains("not-the-password"), "{err}");

    // No credentials at all: also an authentication error, not a 404.
    let anonymous = source_for(&registry.host(), &empty_docker_config(dir.path()));
    let err = tag_v1(&anonymous, &repository).unwrap_err();
    assert!(
        matches!(err, SourceError::Auth { .. }),
        "no credentials: {err}"
    );
}

#[test]
fn secure_mode_refuses_plain_http_clearly() {
    let Some(registry) = TestRegistry::start(TestRegistryOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = RegistrySource::new(RegistryOptions {
        insecure: false,
        docker_config: Some(empty_docker_config(dir.path())),
        ..RegistryOptions::default()
    })
    .unwrap();
    assert!(!source.is_insecure(&registry.host()));
    let err = source
        .manifest(&repo(&registry.host(), "any/thing"), ManifestRef::Tag("v1"))
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, SourceError::Registry { .. }), "{text}");
    assert!(
        text.contains("HTTPS") && text.contains("insecure"),
        "the error should say how to fix it: {text}"
    );

    // `insecure: true` reaches it (HTTPS fails, plain HTTP works).
    let source = RegistrySource::new(RegistryOptions {
        insecure: true,
        docker_config: Some(empty_docker_config(dir.path())),
        ..RegistryOptions::default()
    })
    .unwrap();
    assert_eq!(
        source
            .manifest(&repo(&registry.host(), "any/thing"), ManifestRef::Tag("v1"))
            .unwrap(),
        None
    );
}

fn bearer_fake(basic: Option<(String, String)>) -> (FakeRegistry, Vec<u8>, String) {
    let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#.to_vec();
    let mut content = FakeContent {
        bearer: Some(FakeBearer {
            service: "fake.test".into(),
            token: "tok-123".into(),
            basic,
        }),
        ..FakeContent::default()
    };
    let digest = content.add_manifest("org/img", Some("v1"), OCI_MANIFEST, &manifest);
    content.add_blob("org/img", &sha256(b"{}"), b"{}");
    (FakeRegistry::start(content), manifest, digest)
}

#[test]
fn bearer_token_challenge_is_answered() {
    let (fake, manifest, manifest_digest) = bearer_fake(None);
    let dir = tempfile::tempdir().unwrap();
    let source = source_for(&fake.host(), &empty_docker_config(dir.path()));
    let repository = repo(&fake.host(), "org/img");
    assert_eq!(
        tag_v1(&source, &repository).unwrap(),
        Some(manifest.clone())
    );
    assert_eq!(
        source
            .manifest(&repository, ManifestRef::Digest(&digest(&manifest_digest)))
            .unwrap(),
        Some(manifest)
    );
    let config = fetch(&source, &repository, &digest(&sha256(b"{}")), 2);
    assert_eq!(config.unwrap(), b"{}");

    let seen = fake.seen();
    let token_requests: Vec<_> = seen
        .iter()
        .filter(|r| r.target.starts_with("/token"))
        .collect();
    assert!(!token_requests.is_empty(), "no token request: {seen:?}");
    assert!(
        token_requests
            .iter()
            .all(|r| r.target.contains("service=fake.test") && r.target.contains("org%2Fimg")),
        "{token_requests:?}"
    );
    assert!(
        token_requests.iter().all(|r| r.authorization.is_none()),
        "anonymous token requests: {token_requests:?}"
    );
    let served: Vec<_> = seen
        .iter()
        .filter(|r| r.target.contains("/manifests/") || r.target.contains("/blobs/"))
        .collect();
    assert!(
        served
            .iter()
            .any(|r| r.authorization.as_deref() == Some("Bearer tok-123")),
        "the token was never presented: {seen:?}"
    );
}

#[test]
fn bearer_token_endpoint_gets_docker_config_credentials() {
    let creds = ("robot".to_owned(), "pw".to_owned());
    let (fake, manifest, _) = bearer_fake(Some(creds.clone()));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    let body = serde_json::json!({ "auths": { fake.host(): { "username": creds.0, "password": creds.1 } } });
    std::fs::write(&config, body.to_string()).unwrap();
    let repository = repo(&fake.host(), "org/img");
    let source = source_for(&fake.host(), &config);
    assert_eq!(tag_v1(&source, &repository).unwrap(), Some(manifest));

    // Without them the token endpoint refuses, and so does the registry.
    let anonymous = source_for(&fake.host(), &empty_docker_config(dir.path()));
    let err = tag_v1(&anonymous, &repository).unwrap_err();
    assert!(matches!(err, SourceError::Auth { .. }), "{err}");
}

#[test]
fn wrong_blob_bytes_are_refused() {
    let mut content = FakeContent::default();
    let claimed = sha256(b"the real content");
    content.add_blob("lie/blob", &claimed, b"something else!!");
    let fake = FakeRegistry::start(content);
    let dir = tempfile::tempdir().unwrap();
    let source = source_for(&fake.host(), &empty_docker_config(dir.path()));
    let err = fetch(
        &source,
        &repo(&fake.host(), "lie/blob"),
        &digest(&claimed),
        16,
    )
    .unwrap_err();
    assert!(matches!(err, SourceError::Malformed(_)), "{err}");
    assert!(err.to_string().contains("digest"), "{err}");
}

#[test]
fn unreachable_registries_fail_fast_with_the_address() {
    // Nothing listens on the port of a listener that was just closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let host = format!("127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let source = source_for(&host, &empty_docker_config(dir.path()));
    let err = source
        .manifest(&repo(&host, "x/y"), ManifestRef::Tag("v1"))
        .unwrap_err();
    assert!(
        matches!(&err, SourceError::Registry { registry, .. } if registry == &host),
        "{err}"
    );
}

/// The environment the TLS child test reads (set only by `https_registry_*` below).
const TLS_CHILD_HOST: &str = "TALOS_KIT_TEST_TLS_HOST";
const TLS_CHILD_MANIFEST: &str = "TALOS_KIT_TEST_TLS_MANIFEST";

#[test]
fn https_registry_is_verified_against_system_roots() {
    let Some(registry) = TestRegistry::start(TestRegistryOptions {
        tls: true,
        ..TestRegistryOptions::default()
    }) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample = push_sample(&registry, dir.path(), "tls/app:v1", &["linux/amd64"], 1024);
    let repository = repo(&registry.host(), "tls/app");
    let config = empty_docker_config(dir.path());

    // Verified HTTPS: the test CA is in no trust store, so the certificate is refused.
    let secure = RegistrySource::new(RegistryOptions {
        docker_config: Some(config.clone()),
        ..RegistryOptions::default()
    })
    .unwrap();
    let err = secure
        .manifest(&repository, ManifestRef::Tag("v1"))
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, SourceError::Registry { .. }), "{text}");
    assert!(
        text.to_lowercase().contains("certificate") || text.contains("UnknownIssuer"),
        "{text}"
    );

    // Insecure: HTTPS without verification works, and is kept (no fallback to HTTP).
    let insecure = source_for(&registry.host(), &config);
    assert_eq!(
        tag_v1(&insecure, &repository).unwrap().as_deref(),
        Some(sample.top.bytes.as_slice())
    );
    let layer = &sample.images[0].layers[0];
    let fetched = fetch(
        &insecure,
        &repository,
        &layer.digest,
        layer.bytes.len() as u64,
    );
    assert_eq!(fetched.unwrap(), layer.bytes);

    // With the CA as the system's trust store (SSL_CERT_FILE, read by the platform
    // verifier through rustls-native-certs), verified HTTPS with the ring provider works.
    // The environment must be set before the process starts: run the check in a child.
    let exe = std::env::current_exe().unwrap();
    let mut child = std::process::Command::new(exe)
        .args([
            "tls_child_trusts_ssl_cert_file",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SSL_CERT_FILE", registry.ca_certificate().unwrap())
        .env_remove("SSL_CERT_DIR")
        .env(TLS_CHILD_HOST, registry.host())
        .env(TLS_CHILD_MANIFEST, sample.top.digest.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success()
            && stdout.contains("1 passed")
            && stdout.contains("verified over HTTPS"),
        "child failed: {}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
#[ignore = "run by https_registry_is_verified_against_system_roots in a child process"]
fn tls_child_trusts_ssl_cert_file() {
    let (Ok(host), Ok(manifest)) = (
        std::env::var(TLS_CHILD_HOST),
        std::env::var(TLS_CHILD_MANIFEST),
    ) else {
        panic!("run by https_registry_is_verified_against_system_roots only");
    };
    let dir = tempfile::tempdir().unwrap();
    let source = RegistrySource::new(RegistryOptions {
        docker_config: Some(empty_docker_config(dir.path())),
        ..RegistryOptions::default()
    })
    .unwrap();
    assert!(!source.is_insecure(&host));
    let bytes = source
        .manifest(&repo(&host, "tls/app"), ManifestRef::Tag("v1"))
        .unwrap()
        .unwrap();
    assert_eq!(sha256(&bytes), manifest);
    println!("verified over HTTPS");
}
