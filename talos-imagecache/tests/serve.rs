//! The registryd-compatible server over hand-built cache trees, spoken to with a plain
//! HTTP/1.1 client over `TcpStream`.
#![cfg(feature = "serve")]

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use talos_imagecache::Digest;
use talos_imagecache::lookup::Roots;
use talos_imagecache::serve::{
    CHUNK_SIZE, DEFAULT_ADDRESS, INLINE_READ, ServeError, ServeOptions, Server, ServerHandle,
};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
const TIMEOUT: Duration = Duration::from_secs(20);

// ---- a server that stops on drop ----------------------------------------------------------

struct TestServer {
    addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<Result<(), ServeError>>>,
}

impl TestServer {
    fn start(roots: Roots) -> TestServer {
        let options = ServeOptions {
            address: "127.0.0.1:0".parse().unwrap(),
            roots,
            log: true,
        };
        let server = Server::bind(options).unwrap();
        let addr = server.local_addr();
        assert_ne!(addr.port(), 0);
        let handle = server.handle();
        let thread = std::thread::spawn(move || server.serve_forever());
        TestServer {
            addr,
            handle,
            thread: Some(thread),
        }
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target, &[])
    }

    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = connect(self.addr);
        let mut text = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str("\r\n");
        stream.write_all(text.as_bytes()).unwrap();
        let mut reader = BufReader::new(stream);
        let reply = read_reply(&mut reader, method == "HEAD");
        // The server closes the connection after the response.
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert!(
            rest.is_empty(),
            "{method} {target}: {} bytes after the response",
            rest.len()
        );
        reply
    }

    fn stop(mut self) -> Result<(), ServeError> {
        self.handle.shutdown();
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.shutdown();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    stream
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one response, its body delimited by Content-Length (none for HEAD, 304).
fn read_reply(reader: &mut impl BufRead, head: bool) -> Reply {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split(' ')
        .nth(1)
        .unwrap_or_else(|| panic!("bad status line {line:?}"))
        .parse()
        .unwrap();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':').unwrap();
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    assert!(
        reply.header("transfer-encoding").is_none(),
        "chunked response: {reply:?}"
    );
    let length: usize = reply
        .header("content-length")
        .map_or(0, |v| v.parse().unwrap());
    if !head && status != 304 {
        reply.body = vec![0; length];
        reader.read_exact(&mut reply.body).unwrap();
    }
    reply
}

// ---- trees -------------------------------------------------------------------------------

fn write(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn manifest(root: &Path, repo: &str, tag: Option<&str>, bytes: &[u8]) -> Digest {
    let digest = Digest::of(bytes);
    write(
        root,
        &format!("manifests/{repo}/digest/{}", digest.file_name()),
        bytes,
    );
    if let Some(tag) = tag {
        write(root, &format!("manifests/{repo}/reference/{tag}"), bytes);
    }
    digest
}

fn blob(root: &Path, bytes: &[u8]) -> Digest {
    let digest = Digest::of(bytes);
    write(root, &format!("blob/{}", digest.file_name()), bytes);
    digest
}

/// Deterministic bytes that do not look like text.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

struct Fixture {
    _dir: tempfile::TempDir,
    disk: PathBuf,
    iso: PathBuf,
    config: (Digest, Vec<u8>),
    gzip: (Digest, Vec<u8>),
    big: (Digest, Vec<u8>),
    iso_blob: Digest,
    image: (Digest, Vec<u8>),
    index: (Digest, Vec<u8>),
    coredns: Digest,
    split: Digest,
}

/// Two roots: `disk` (first) and `iso`, plus a secret file beside them.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    let iso = dir.path().join("iso");
    fs::create_dir_all(&disk).unwrap();
    fs::create_dir_all(&iso).unwrap();
    write(dir.path(), "secret", b"TOP SECRET");
    write(&disk, "secret", b"TOP SECRET");

    let config_bytes =
        br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#
            .to_vec();
    let config = blob(&disk, &config_bytes);
    let mut gzip_bytes = vec![0x1f, 0x8b, 0x08, 0x00];
    gzip_bytes.extend(noise(1000, 1));
    let gzip = blob(&disk, &gzip_bytes);
    let big_bytes = noise(2 * CHUNK_SIZE + 12_345, 2);
    let big = blob(&disk, &big_bytes);
    let iso_blob = blob(&iso, b"only on the iso");

    let image_bytes = format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{gzip}","size":{}}}]}}"#,
        config_bytes.len(),
        gzip_bytes.len()
    )
    .into_bytes();
    let image = manifest(&disk, "docker.io/library/alpine", None, &image_bytes);
    let index_bytes = format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{{"mediaType":"{OCI_MANIFEST}","digest":"{image}","size":{},"platform":{{"architecture":"amd64","os":"linux"}}}},{{"mediaType":"{OCI_MANIFEST}","digest":"{}","size":1,"platform":{{"architecture":"arm64","os":"linux"}}}}]}}"#,
        image_bytes.len(),
        Digest::of(b"absent arm64")
    )
    .into_bytes();
    let index = manifest(
        &disk,
        "docker.io/library/alpine",
        Some("3.20"),
        &index_bytes,
    );

    // A Docker manifest without mediaType under a registry with a port.
    let coredns_bytes =
        format!(r#"{{"schemaVersion":2,"config":{{"digest":"{config}"}},"layers":[]}}"#)
            .into_bytes();
    let coredns = manifest(
        &disk,
        "registry.k8s.io_443_/coredns/coredns",
        Some("v1.12.0"),
        &coredns_bytes,
    );

    // A tag on the ISO whose digest file is on the disk.
    let split_bytes =
        format!(r#"{{"mediaType":"{DOCKER_MANIFEST}","config":{{}},"layers":[]}}"#).into_bytes();
    write(&iso, "manifests/ghcr.io/x/app/reference/v1", &split_bytes);
    let split = manifest(&disk, "ghcr.io/x/app", None, &split_bytes);

    // Broken things.
    write(
        &disk,
        "manifests/ghcr.io/broken/reference/missing-digest",
        b"{\"layers\":[]}",
    );
    write(
        &disk,
        "manifests/ghcr.io/broken/reference/mismatch",
        b"{\"layers\":[1]}",
    );
    write(
        &disk,
        &format!(
            "manifests/ghcr.io/broken/digest/{}",
            Digest::of(b"{\"layers\":[1]}").file_name()
        ),
        b"{}",
    );
    manifest(
        &disk,
        "ghcr.io/broken",
        Some("no-media-type"),
        b"{\"schemaVersion\":2}",
    );

    Fixture {
        disk,
        iso,
        config: (config, config_bytes),
        gzip: (gzip, gzip_bytes),
        big: (big, big_bytes),
        iso_blob,
        image: (image, image_bytes),
        index: (index, index_bytes),
        coredns,
        split,
        _dir: dir,
    }
}

fn serve(fixture: &Fixture) -> TestServer {
    let missing = fixture.disk.parent().unwrap().join("not-there");
    TestServer::start(Roots::new([
        missing,
        fixture.disk.clone(),
        fixture.iso.clone(),
    ]))
}

// ---- tests -------------------------------------------------------------------------------

#[test]
fn binding_reports_the_real_address_and_refuses_a_taken_port() {
    assert_eq!(DEFAULT_ADDRESS.to_string(), "127.0.0.1:3172");
    assert_eq!(ServeOptions::default().address, DEFAULT_ADDRESS);
    let server = TestServer::start(Roots::default());
    let taken = ServeOptions {
        address: server.addr,
        roots: Roots::default(),
        log: false,
    };
    assert!(matches!(Server::bind(taken), Err(ServeError::Bind { .. })));
}

#[test]
fn ping_routes_and_methods() {
    let server = TestServer::start(Roots::default());
    for path in ["/v2", "/v2/", "/healthz", "/healthz/"] {
        for method in ["GET", "HEAD"] {
            let reply = server.request(method, path, &[]);
            assert_eq!(reply.status, 200, "{method} {path}");
            assert!(reply.body.is_empty());
            assert!(reply.header("docker-distribution-api-version").is_none());
        }
        let reply = server.request("POST", path, &[]);
        assert_eq!(reply.status, 405, "POST {path}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    for method in ["PUT", "DELETE", "PATCH", "POST"] {
        assert_eq!(
            server
                .request(method, "/v2/alpine/manifests/latest", &[])
                .status,
            405,
            "{method}"
        );
    }
    for path in [
        "/",
        "/v1/",
        "/healthz/x",
        "/v2x",
        "/metrics",
        "/v2%2Falpine/manifests/x",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.is_empty());
    }
    // Without roots every lookup is a 404.
    assert_eq!(
        server
            .get("/v2/alpine/manifests/latest?ns=docker.io")
            .status,
        404
    );
    assert_eq!(server.get("/v2/alpine/manifests/latest").status, 404);
}

#[test]
fn manifests_by_tag_and_digest() {
    let f = fixture();
    let server = serve(&f);
    let (index, index_bytes) = &f.index;
    for target in [
        "/v2/alpine/manifests/3.20?ns=docker.io",
        "/v2/library/alpine/manifests/3.20?ns=docker.io",
        "/v2/alpine/manifests/3.20?ns=index.docker.io",
        "/v2/alpine/manifests/3.20",
        &format!("/v2/alpine/manifests/{index}?ns=docker.io"),
        &format!("/v2/library/alpine/manifests/3.20@{index}?ns=docker.io"),
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(&reply.body, index_bytes, "{target}");
        assert_eq!(reply.header("content-type"), Some(OCI_INDEX));
        assert_eq!(
            reply.header("docker-content-digest"),
            Some(index.to_string().as_str())
        );
        assert_eq!(
            reply.header("content-length"),
            Some(index_bytes.len().to_string().as_str())
        );
        assert_eq!(reply.header("accept-ranges"), Some("bytes"));
        assert!(
            reply
                .header("last-modified")
                .is_some_and(|v| v.ends_with(" GMT"))
        );
    }
    let (image, image_bytes) = &f.image;
    let reply = server.get(&format!("/v2/alpine/manifests/{image}?ns=docker.io"));
    assert_eq!((reply.status, &reply.body), (200, image_bytes));
    assert_eq!(reply.header("content-type"), Some(OCI_MANIFEST));
    // The index lists an arm64 child that is not cached.
    assert_eq!(
        server
            .get(&format!(
                "/v2/alpine/manifests/{}?ns=docker.io",
                Digest::of(b"absent arm64")
            ))
            .status,
        404
    );
}

#[test]
fn manifest_head_has_just_the_three_headers() {
    let f = fixture();
    let server = serve(&f);
    let reply = server.request("HEAD", "/v2/alpine/manifests/3.20?ns=docker.io", &[]);
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
    assert_eq!(
        reply.header("content-length"),
        Some(f.index.1.len().to_string().as_str())
    );
    assert_eq!(reply.header("content-type"), Some(OCI_INDEX));
    assert_eq!(
        reply.header("docker-content-digest"),
        Some(f.index.0.to_string().as_str())
    );
    assert!(reply.header("accept-ranges").is_none());
    assert_eq!(
        server
            .request("HEAD", "/v2/alpine/manifests/nope?ns=docker.io", &[])
            .status,
        404
    );
}

#[test]
fn blobs_stream_with_sniffed_types() {
    let f = fixture();
    let server = serve(&f);
    let cases = [
        (&f.big, "application/octet-stream"),
        (&f.gzip, "application/x-gzip"),
        (&f.config, "text/plain; charset=utf-8"),
    ];
    for ((digest, bytes), content_type) in cases {
        // Blobs are global: any repository name works.
        for target in [
            format!("/v2/alpine/blobs/{digest}?ns=docker.io"),
            format!("/v2/any/repo/blobs/{digest}?ns=ghcr.io"),
        ] {
            let reply = server.get(&target);
            assert_eq!(reply.status, 200, "{target}");
            assert_eq!(reply.body.len(), bytes.len());
            assert_eq!(Digest::of(&reply.body), *digest);
            assert_eq!(reply.header("content-type"), Some(content_type));
            assert_eq!(
                reply.header("docker-content-digest"),
                Some(digest.to_string().as_str())
            );
            assert_eq!(reply.header("accept-ranges"), Some("bytes"));
            assert!(reply.header("last-modified").is_some());
        }
        let reply = server.request(
            "HEAD",
            &format!("/v2/alpine/blobs/{digest}?ns=docker.io"),
            &[],
        );
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("content-length"),
            Some(bytes.len().to_string().as_str())
        );
        assert_eq!(reply.header("content-type"), Some(content_type));
        assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    }
    let missing = Digest::of(b"missing");
    assert_eq!(
        server
            .get(&format!("/v2/alpine/blobs/{missing}?ns=docker.io"))
            .status,
        404
    );
    assert_eq!(
        server
            .request(
                "HEAD",
                &format!("/v2/alpine/blobs/{missing}?ns=docker.io"),
                &[]
            )
            .status,
        404
    );
}

#[test]
fn ranges_and_conditional_requests() {
    let f = fixture();
    let server = serve(&f);
    let (big, bytes) = &f.big;
    let target = format!("/v2/alpine/blobs/{big}?ns=docker.io");
    let size = bytes.len();
    let ranged = |range: &str| server.request("GET", &target, &[("Range", range)]);

    let reply = ranged("bytes=0-9");
    assert_eq!(reply.status, 206);
    assert_eq!(reply.body, bytes[..10]);
    assert_eq!(
        reply.header("content-range"),
        Some(format!("bytes 0-9/{size}").as_str())
    );
    // The type is sniffed from the file's start whatever the range.
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
    // Across chunk boundaries, and to the end.
    for start in [
        1,
        INLINE_READ - 100,
        CHUNK_SIZE - 100,
        CHUNK_SIZE + INLINE_READ + 1,
    ] {
        let reply = ranged(&format!("bytes={start}-"));
        assert_eq!(reply.status, 206);
        assert_eq!(reply.body, bytes[start..]);
        assert_eq!(
            reply.header("content-range"),
            Some(format!("bytes {start}-{}/{size}", size - 1).as_str())
        );
    }
    let end = 2 * CHUNK_SIZE + 7;
    let reply = ranged(&format!("bytes=3-{end}"));
    assert_eq!((reply.status, &reply.body[..]), (206, &bytes[3..=end]));
    let reply = ranged("bytes=-5");
    assert_eq!((reply.status, &reply.body[..]), (206, &bytes[size - 5..]));
    let reply = ranged("bytes=10-19");
    assert_eq!((reply.status, &reply.body[..]), (206, &bytes[10..20]));
    // HEAD with a range: the partial headers, no body.
    let reply = server.request("HEAD", &target, &[("Range", "bytes=0-99")]);
    assert_eq!(
        (reply.status, reply.header("content-length")),
        (206, Some("100"))
    );
    // Several ranges: the whole file.
    let reply = ranged("bytes=0-1,5-6");
    assert_eq!((reply.status, reply.body.len()), (200, size));
    // Unsatisfiable and invalid.
    let reply = ranged(&format!("bytes={size}-"));
    assert_eq!(reply.status, 416);
    assert_eq!(
        reply.header("content-range"),
        Some(format!("bytes */{size}").as_str())
    );
    assert!(reply.body.is_empty());
    assert_eq!(ranged("bytes=9-1").status, 416);
    assert_eq!(ranged("lines=1-2").status, 416);
    // Manifests honour ranges too.
    let reply = server.request(
        "GET",
        "/v2/alpine/manifests/3.20?ns=docker.io",
        &[("Range", "bytes=0-0")],
    );
    assert_eq!((reply.status, &reply.body[..]), (206, &f.index.1[..1]));

    // Conditional requests against Last-Modified.
    let last_modified = server
        .get(&target)
        .header("last-modified")
        .unwrap()
        .to_owned();
    let reply = server.request("GET", &target, &[("If-Modified-Since", &last_modified)]);
    assert_eq!(reply.status, 304);
    assert!(reply.header("content-type").is_none());
    assert_eq!(
        reply.header("docker-content-digest"),
        Some(big.to_string().as_str())
    );
    let past = "Mon, 01 Jan 2001 00:00:00 GMT";
    assert_eq!(
        server
            .request("GET", &target, &[("If-Modified-Since", past)])
            .status,
        200
    );
    assert_eq!(
        server
            .request("GET", &target, &[("If-Unmodified-Since", past)])
            .status,
        412
    );
    assert_eq!(
        server
            .request("GET", &target, &[("If-None-Match", "*")])
            .status,
        304
    );
    assert_eq!(
        server
            .request("GET", &target, &[("If-Match", "\"x\"")])
            .status,
        412
    );
    // If-Range with another date ignores the range.
    let reply = server.request(
        "GET",
        &target,
        &[("Range", "bytes=0-9"), ("If-Range", past)],
    );
    assert_eq!((reply.status, reply.body.len()), (200, size));
    let reply = server.request(
        "GET",
        &target,
        &[("Range", "bytes=0-9"), ("If-Range", &last_modified)],
    );
    assert_eq!(reply.status, 206);
}

#[test]
fn namespaces_ports_and_the_ns_less_scan() {
    let f = fixture();
    let server = serve(&f);
    for target in [
        "/v2/coredns/coredns/manifests/v1.12.0?ns=registry.k8s.io%3A443",
        "/v2/coredns/coredns/manifests/v1.12.0?ns=registry.k8s.io:443",
        "/v2/coredns/coredns/manifests/v1.12.0",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 200, "{target}");
        // No mediaType in the file: inferred from `config`.
        assert_eq!(reply.header("content-type"), Some(OCI_MANIFEST));
        assert_eq!(
            reply.header("docker-content-digest"),
            Some(f.coredns.to_string().as_str())
        );
    }
    assert_eq!(
        server
            .get("/v2/coredns/coredns/manifests/v1.12.0?ns=registry.k8s.io")
            .status,
        404
    );
    // Without ns an unknown repository is 400; a blob needs a known repository too.
    assert_eq!(server.get("/v2/nobody/manifests/v1").status, 400);
    assert_eq!(
        server
            .get(&format!("/v2/nobody/blobs/{}", f.config.0))
            .status,
        400
    );
    assert_eq!(
        server
            .get(&format!("/v2/alpine/blobs/{}", f.config.0))
            .status,
        200
    );

    // A root without manifests/ and no ns: 500; with ns: 404.
    let empty = tempfile::tempdir().unwrap();
    blob(empty.path(), b"x");
    let bare = TestServer::start(Roots::single(empty.path()));
    assert_eq!(bare.get("/v2/alpine/manifests/latest").status, 500);
    assert_eq!(
        bare.get("/v2/alpine/manifests/latest?ns=docker.io").status,
        404
    );
    assert_eq!(
        bare.get(&format!(
            "/v2/alpine/blobs/{}?ns=docker.io",
            Digest::of(b"x")
        ))
        .status,
        200
    );
}

#[test]
fn roots_fall_back_per_file() {
    let f = fixture();
    let server = serve(&f);
    // Tag file on the ISO, digest file on the disk.
    let reply = server.get("/v2/x/app/manifests/v1?ns=ghcr.io");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("docker-content-digest"),
        Some(f.split.to_string().as_str())
    );
    assert_eq!(reply.header("content-type"), Some(DOCKER_MANIFEST));
    let reply = server.get(&format!("/v2/x/app/blobs/{}?ns=ghcr.io", f.iso_blob));
    assert_eq!(
        (reply.status, &reply.body[..]),
        (200, &b"only on the iso"[..])
    );
    // The ISO alone lacks the digest file: 500.
    let iso_only = TestServer::start(Roots::single(&f.iso));
    assert_eq!(
        iso_only.get("/v2/x/app/manifests/v1?ns=ghcr.io").status,
        500
    );
}

#[test]
fn status_codes_for_bad_and_broken_requests() {
    let f = fixture();
    let server = serve(&f);
    let cases: &[(&str, u16)] = &[
        // 400: names and references.
        ("/v2/Alpine/manifests/latest?ns=docker.io", 400),
        ("/v2/a..b/manifests/latest?ns=docker.io", 400),
        ("/v2/alpine/manifests/-bad?ns=docker.io", 400),
        ("/v2/alpine/manifests/sha256:abc?ns=docker.io", 400),
        ("/v2/alpine/blobs/sha256:abc?ns=docker.io", 400),
        (
            "/v2/alpine/blobs/md5:d41d8cd98f00b204e9800998ecf8427e?ns=docker.io",
            400,
        ),
        ("/v2/alpine/manifests/latest?ns=bad:port", 400),
        ("/v2/alpine/manifests/latest%zz?ns=docker.io", 400),
        // 404: routes, tags, manifests, blobs.
        ("/v2/alpine/tags/list?ns=docker.io", 404),
        ("/v2/_catalog", 404),
        ("/v2/alpine/referrers/sha256:x", 404),
        ("/v2/alpine/manifests/3.19?ns=docker.io", 404),
        ("/v2/alpine/manifests/3.20?ns=quay.io", 404),
        ("/v2/alpine/blobs/3.20?ns=docker.io", 404),
        // 500: broken tags, unknown media types, other digest algorithms.
        ("/v2/broken/manifests/missing-digest?ns=ghcr.io", 500),
        ("/v2/broken/manifests/mismatch?ns=ghcr.io", 500),
        ("/v2/broken/manifests/no-media-type?ns=ghcr.io", 500),
        ("/v2/broken/blobs/missing-digest?ns=ghcr.io", 500),
        (
            "/v2/broken/manifests/v1@sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?ns=ghcr.io",
            500,
        ),
    ];
    for (target, status) in cases {
        let reply = server.get(target);
        assert_eq!(reply.status, *status, "{target}");
        assert!(reply.body.is_empty(), "{target}: error bodies are empty");
        assert!(reply.header("docker-content-digest").is_none());
    }
}

#[test]
fn traversal_attempts_never_escape_the_roots() {
    let f = fixture();
    let server = serve(&f);
    let config = f.config.0;
    // Dot segments in the raw path are redirected to the cleaned path, like Go's mux.
    let reply = server.get("/v2/../../secret");
    assert_eq!(reply.status, 307);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        reply.body,
        b"<a href=\"/secret\">Temporary Redirect</a>.\n\n"
    );
    assert_eq!(reply.header("location"), Some("/secret"));
    let reply = server.get(&format!(
        "/v2/alpine/blobs/../../../secret?ns=docker.io&x={config}"
    ));
    assert_eq!(reply.status, 307);
    assert_eq!(
        reply.header("location"),
        Some(format!("/secret?ns=docker.io&x={config}").as_str())
    );
    assert_eq!(server.get("/v2//alpine/manifests/3.20").status, 307);
    for target in [
        "/secret",
        "/v2/%2e%2e/%2e%2e/secret",
        "/v2/%2e%2e/%2e%2e/secret/manifests/x?ns=docker.io",
        "/v2/alpine/blobs/%2e%2e%2f%2e%2e%2fsecret?ns=docker.io",
        "/v2/alpine/blobs/..%2F..%2Fsecret?ns=docker.io",
        "/v2/alpine%2F..%2F..%2F..%2Fsecret/manifests/x?ns=docker.io",
        "/v2/alpine/manifests/..%2F..%2F..%2Fsecret?ns=docker.io",
        "/v2/alpine/manifests/3.20?ns=..%2F..",
        "/v2/alpine/manifests/3.20?ns=docker.io%2F..%2F..%2F..",
        "/v2/x/manifests/%2e%2e?ns=docker.io",
        "/v2/alpine/blobs/sha256:..%2F..%2Fsecret?ns=docker.io",
        "/v2/alpine/blobs/sha256-aaaa?ns=docker.io",
        "/v2/alpine/manifests/reference%2F3.20?ns=docker.io",
        "/v2/alpine/manifests/%00?ns=docker.io",
    ] {
        let reply = server.get(target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(reply.body.is_empty(), "{target}");
    }
    // An encoded slash splits the name, as in Go.
    let reply = server.get("/v2/library%2Falpine/manifests/3.20?ns=docker.io");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, f.index.1);
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let f = fixture();
    let server = serve(&f);
    let mut stream = connect(server.addr);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for i in 0..20 {
        let (target, method) = match i % 4 {
            0 => ("/v2/alpine/manifests/3.20?ns=docker.io".to_owned(), "GET"),
            1 => (format!("/v2/alpine/blobs/{}?ns=docker.io", f.big.0), "GET"),
            2 => (
                format!("/v2/alpine/blobs/{}?ns=docker.io", f.gzip.0),
                "HEAD",
            ),
            _ => ("/v2/alpine/manifests/nope?ns=docker.io".to_owned(), "GET"),
        };
        write!(stream, "{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let reply = read_reply(&mut reader, method == "HEAD");
        match i % 4 {
            0 => assert_eq!(reply.body, f.index.1),
            1 => assert_eq!(Digest::of(&reply.body), f.big.0),
            2 => assert_eq!(reply.status, 200),
            _ => assert_eq!(reply.status, 404),
        }
    }
}

#[test]
fn concurrent_connections_are_served_on_every_loop() {
    // The accepting loop deals connections out in turn: open several before using any,
    // then use them interleaved, so each loop serves while the others hold connections.
    let f = fixture();
    let server = serve(&f);
    let mut clients: Vec<_> = (0..6)
        .map(|_| {
            let stream = connect(server.addr);
            let reader = BufReader::new(stream.try_clone().unwrap());
            (stream, reader)
        })
        .collect();
    for round in 0..3 {
        for (index, (stream, _)) in clients.iter_mut().enumerate() {
            let target = if (round + index) % 2 == 0 {
                "/v2/alpine/manifests/3.20?ns=docker.io".to_owned()
            } else {
                format!("/v2/alpine/blobs/{}?ns=docker.io", f.big.0)
            };
            write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        }
        for (index, (_, reader)) in clients.iter_mut().enumerate() {
            let reply = read_reply(reader, false);
            assert_eq!(reply.status, 200, "connection {index}, round {round}");
            if (round + index) % 2 == 0 {
                assert_eq!(reply.body, f.index.1);
            } else {
                assert_eq!(Digest::of(&reply.body), f.big.0);
            }
        }
    }
}

#[test]
fn shutdown_is_graceful_and_bounded() {
    let f = fixture();
    let server = serve(&f);
    let addr = server.addr;
    // An idle keep-alive connection must not hold the shutdown up.
    let idle = connect(addr);
    let started = Instant::now();
    server.stop().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    drop(idle);
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn run_until_stops_when_its_future_completes() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::bind(ServeOptions {
        address: "127.0.0.1:0".parse().unwrap(),
        roots: Roots::single(dir.path()),
        log: false,
    })
    .unwrap();
    let addr = server.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = runtime.spawn(server.run_until(async {
        let _ = rx.await;
    }));
    let client = std::thread::spawn(move || {
        let mut stream = connect(addr);
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    });
    assert!(client.join().unwrap().starts_with("HTTP/1.1 200"));
    tx.send(()).unwrap();
    runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(10), task).await })
        .unwrap()
        .unwrap()
        .unwrap();
}
