//! The image cache against the plain tools doing the same I/O: creation from a local OCI
//! layout against `cp -r` of the layout, verification against `sha256sum` of the same
//! files, and serving against nginx (sendfile) serving the same files under the same URLs,
//! through one keep-alive HTTP/1.1 loader. Every figure is the best of several runs on a
//! warm page cache.
//!
//! `$COMPARE_IMAGECACHE` (a comma-separated subset of `create,verify,blobs,manifests`)
//! runs only some of the comparisons, e.g. to profile one.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use talos_conformance::Oracle;
use talos_imagecache::digest::{Digest, Hasher};
use talos_imagecache::layout::FlatLayout;
use talos_imagecache::lookup::Roots;
use talos_imagecache::sample::{WrittenImage, write_layout};
use talos_imagecache::serve::{ServeOptions, Server, ServerHandle};
use talos_imagecache::{ImageRef, verify};
use talos_kit_benches::imagecache_inputs::{create_cache, realistic_images, references};
use talos_kit_benches::{Row, min_time};

/// Runs per measurement (the best is kept).
const ROUNDS: usize = 5;
/// Runs per serving measurement (shorter and noisier than the others).
const SERVE_ROUNDS: usize = 7;
/// Blob workers tried for creation.
const CREATE_JOBS: [usize; 3] = [1, 2, 4];
/// Client connections tried for serving (one loader thread each).
const CONNECTIONS: [usize; 2] = [1, 4];
/// nginx worker processes (one per core here).
const NGINX_WORKERS: usize = 2;
/// How the second nginx sends files: no sendfile, two 512 KiB buffers (our chunk size).
/// Over loopback this beats sendfile here, so blobs are compared with both.
const NGINX_READ_WRITE: &str = "sendfile off;\n    output_buffers 2 512k;";
/// How long a server may take to start or stop.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(10);
/// Socket read/write timeout of the loader.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

pub fn run(_oracle: &mut Oracle, rows: &mut Vec<Row>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let layout = dir.path().join("layout");
    let images = realistic_images();
    let written = write_layout(&layout, &images)?;
    let references = references(&images)?;
    let layout_files = files_under(&layout)?;
    let layout_bytes = warm(&layout_files)?;
    println!(
        "imagecache: {} images ({} platforms, 3 layers each), {} files, {:.1} MiB in {}",
        images.len(),
        written[0].children.len(),
        layout_files.len(),
        mib(layout_bytes),
        dir.path().display()
    );

    let parts = Parts::from_env()?;
    if parts.create {
        compare_create(dir.path(), &layout, &references, layout_bytes, rows)?;
    }
    let cache = dir.path().join("cache");
    create_cache(&layout, &cache, &references, 2, false)?;
    if parts.verify {
        compare_verify(&cache, rows)?;
    }
    if parts.blobs || parts.manifests {
        compare_serve(dir.path(), &cache, &references, &written, parts, rows)?;
    }
    Ok(())
}

/// Which comparisons to run.
#[derive(Debug, Clone, Copy)]
struct Parts {
    create: bool,
    verify: bool,
    blobs: bool,
    manifests: bool,
}

impl Parts {
    fn from_env() -> Result<Parts> {
        let Ok(text) = std::env::var("COMPARE_IMAGECACHE") else {
            return Ok(Parts {
                create: true,
                verify: true,
                blobs: true,
                manifests: true,
            });
        };
        let mut parts = Parts {
            create: false,
            verify: false,
            blobs: false,
            manifests: false,
        };
        for part in text.split(',').map(str::trim) {
            match part {
                "create" => parts.create = true,
                "verify" => parts.verify = true,
                "blobs" => parts.blobs = true,
                "manifests" => parts.manifests = true,
                other => bail!(
                    "COMPARE_IMAGECACHE: unknown part {other:?} (create, verify, blobs, manifests)"
                ),
            }
        }
        Ok(parts)
    }
}

// ---- create ---------------------------------------------------------------------------

fn compare_create(
    dir: &Path,
    layout: &Path,
    references: &[ImageRef],
    layout_bytes: u64,
    rows: &mut Vec<Row>,
) -> Result<()> {
    if which("cp").is_none() {
        println!("imagecache: create skipped: cp not installed");
        return Ok(());
    }
    let out = dir.join("create-out");
    let layout_files = files_under(layout)?;
    let mut ours = [f64::INFINITY; CREATE_JOBS.len()];
    let mut linked = [f64::INFINITY; CREATE_JOBS.len()];
    let mut cp = f64::INFINITY;
    // The floor creation stands on: reading and hashing every byte once, on one thread.
    let mut hash_floor = f64::INFINITY;
    // Interleaved, so both sides see the same background load.
    for _ in 0..ROUNDS {
        for (link, results) in [(false, &mut ours), (true, &mut linked)] {
            for (best, jobs) in results.iter_mut().zip(CREATE_JOBS) {
                let start = Instant::now();
                let report = create_cache(layout, &out, references, jobs, link)?;
                *best = best.min(start.elapsed().as_nanos() as f64);
                ensure!(report.blobs_written > 0, "create wrote nothing");
                ensure!(
                    (report.blobs_linked == report.blobs_written) == link,
                    "create linked {} of {} blobs",
                    report.blobs_linked,
                    report.blobs_written
                );
                fs::remove_dir_all(&out)?;
            }
        }
        let start = Instant::now();
        run_tool(Command::new("cp").arg("-r").arg(layout).arg(&out), "cp -r")?;
        cp = cp.min(start.elapsed().as_nanos() as f64);
        fs::remove_dir_all(&out)?;
        let start = Instant::now();
        for path in &layout_files {
            std::hint::black_box(Digest::of_reader(fs::File::open(path)?)?);
        }
        hash_floor = hash_floor.min(start.elapsed().as_nanos() as f64);
    }
    println!(
        "imagecache: sha256 of the layout on one thread (the floor of a verified copy) {:.0} MB/s",
        mb_per_s(layout_bytes, hash_floor)
    );
    rows.push(Row {
        name: "imagecache/sha256 floor 1 thread".to_owned(),
        rust_ns: hash_floor,
        reference_ns: cp,
        reference: "cp -r (the create target)".to_owned(),
    });
    for (mode, results) in [("", ours), (" --link", linked)] {
        for (ns, jobs) in results.into_iter().zip(CREATE_JOBS) {
            println!(
                "imagecache: create{mode} (jobs={jobs}) {:.0} MB/s, cp -r {:.0} MB/s",
                mb_per_s(layout_bytes, ns),
                mb_per_s(layout_bytes, cp)
            );
            rows.push(Row {
                name: format!("imagecache/create{mode} jobs={jobs}"),
                rust_ns: ns,
                reference_ns: cp,
                reference: format!("cp -r ({:.0} MiB)", mib(layout_bytes)),
            });
        }
    }
    Ok(())
}

// ---- verify ---------------------------------------------------------------------------

fn compare_verify(cache: &Path, rows: &mut Vec<Row>) -> Result<()> {
    if which("sha256sum").is_none() {
        println!("imagecache: verify skipped: sha256sum not installed");
        return Ok(());
    }
    // What verify hashes: blob/* and manifests/**/digest/*.
    let hashed: Vec<PathBuf> = files_under(cache)?
        .into_iter()
        .filter(|path| {
            let parent = path.parent().and_then(Path::file_name);
            parent.is_some_and(|name| name == "blob" || name == "digest")
        })
        .collect();
    let bytes = warm(&hashed)?;
    let mut ours = [f64::INFINITY; 2];
    let mut tool = f64::INFINITY;
    for _ in 0..ROUNDS {
        for (best, jobs) in ours.iter_mut().zip([1, 2]) {
            let start = Instant::now();
            let report = verify(cache, jobs)?;
            *best = best.min(start.elapsed().as_nanos() as f64);
            ensure!(
                report.is_ok(),
                "verify found problems: {:?}",
                report.problems
            );
            ensure!(
                report.bytes == bytes,
                "verify hashed {} bytes",
                report.bytes
            );
        }
        let start = Instant::now();
        run_tool(Command::new("sha256sum").args(&hashed), "sha256sum")?;
        tool = tool.min(start.elapsed().as_nanos() as f64);
    }
    for (ns, jobs) in ours.into_iter().zip([1, 2]) {
        println!(
            "imagecache: verify (jobs={jobs}) {:.0} MB/s, sha256sum {:.0} MB/s",
            mb_per_s(bytes, ns),
            mb_per_s(bytes, tool)
        );
        rows.push(Row {
            name: format!("imagecache/verify jobs={jobs}"),
            rust_ns: ns,
            reference_ns: tool,
            reference: format!("sha256sum ({} files, {:.0} MiB)", hashed.len(), mib(bytes)),
        });
    }
    Ok(())
}

// ---- serve ----------------------------------------------------------------------------

fn compare_serve(
    dir: &Path,
    cache: &Path,
    references: &[ImageRef],
    written: &[WrittenImage],
    parts: Parts,
    rows: &mut Vec<Row>,
) -> Result<()> {
    let (blobs, manifests) = requests(cache, references, written)?;
    let blob_bytes: u64 = blobs.iter().map(|r| r.size).sum();
    let ours = OurServer::start(cache)?;
    let nginx = match Nginx::start(&dir.join("nginx"), cache, "sendfile on;").and_then(|n| {
        let read_write = Nginx::start(&dir.join("nginx-rw"), cache, NGINX_READ_WRITE)?;
        Ok((n, read_write))
    }) {
        Ok(nginx) => Some(nginx),
        Err(err) => {
            println!("imagecache: serve skipped: nginx not available ({err:#})");
            None
        }
    };
    let mut addrs = vec![ours.addr];
    if let Some((sendfile, read_write)) = &nginx {
        addrs.extend([sendfile.addr, read_write.addr]);
    }
    // Every answer checked once (status, length, digest) before anything is timed.
    for &addr in &addrs {
        load(addr, &blobs, 2, 1, true).with_context(|| format!("checking blobs from {addr}"))?;
        load(addr, &manifests, 2, 1, true)
            .with_context(|| format!("checking manifests from {addr}"))?;
    }
    let Some((nginx, nginx_rw)) = nginx else {
        return Ok(());
    };
    let time = min_time()?;
    for connections in CONNECTIONS {
        // Blobs: ns per pass over every blob; manifests: ns per request.
        if parts.blobs {
            let [our_blobs, nginx_blobs, rw_blobs] =
                best_of([ours.addr, nginx.addr, nginx_rw.addr], |addr| {
                    per_pass(time, |passes| {
                        load(addr, &blobs, connections, passes, false)
                    })
                })?;
            println!(
                "imagecache: serve blobs ({connections} conn): ours {:.0} MB/s, nginx sendfile {:.0} MB/s, nginx read/write {:.0} MB/s",
                mb_per_s(blob_bytes, our_blobs),
                mb_per_s(blob_bytes, nginx_blobs),
                mb_per_s(blob_bytes, rw_blobs)
            );
            rows.push(Row {
                name: format!("imagecache/serve blobs {connections} conn"),
                rust_ns: our_blobs,
                reference_ns: nginx_blobs,
                reference: format!(
                    "nginx x{NGINX_WORKERS} sendfile ({} blobs, {:.0} MiB/op)",
                    blobs.len(),
                    mib(blob_bytes)
                ),
            });
            rows.push(Row {
                name: format!("imagecache/serve blobs {connections} conn"),
                rust_ns: our_blobs,
                reference_ns: rw_blobs,
                reference: format!("nginx x{NGINX_WORKERS} read/write 2x512k"),
            });
        }
        if parts.manifests {
            let [our_manifests, nginx_manifests] = best_of([ours.addr, nginx.addr], |addr| {
                per_pass(time, |passes| {
                    load(addr, &manifests, connections, passes, false)
                })
                .map(|ns| ns / manifests.len() as f64)
            })?;
            println!(
                "imagecache: serve manifests ({connections} conn): ours {:.0} req/s, nginx {:.0} req/s",
                1e9 / our_manifests,
                1e9 / nginx_manifests
            );
            rows.push(Row {
                name: format!("imagecache/serve manifest {connections} conn"),
                rust_ns: our_manifests,
                reference_ns: nginx_manifests,
                reference: format!("nginx x{NGINX_WORKERS} (by digest, ns/request)"),
            });
        }
    }
    drop(nginx);
    drop(nginx_rw);
    drop(ours);
    Ok(())
}

/// The best of [`SERVE_ROUNDS`] runs of `measure` against each address, interleaved.
fn best_of<const N: usize>(
    addrs: [SocketAddr; N],
    mut measure: impl FnMut(SocketAddr) -> Result<f64>,
) -> Result<[f64; N]> {
    let mut best = [f64::INFINITY; N];
    for _ in 0..SERVE_ROUNDS {
        for (best, addr) in best.iter_mut().zip(addrs) {
            *best = best.min(measure(addr)?);
        }
    }
    Ok(best)
}

/// Nanoseconds per pass: one pass sizes the batch, then enough passes for `time`.
fn per_pass(time: Duration, mut run: impl FnMut(usize) -> Result<()>) -> Result<f64> {
    let start = Instant::now();
    run(1)?;
    let one = start.elapsed();
    let passes = (time.as_secs_f64() / one.as_secs_f64().max(1e-6)).ceil() as usize;
    let passes = passes.clamp(1, 100_000);
    let start = Instant::now();
    run(passes)?;
    Ok(start.elapsed().as_nanos() as f64 / passes as f64)
}

/// One GET: the request target, the body size expected and (for the check) its digest.
struct Fetch {
    target: String,
    size: u64,
    digest: Digest,
}

/// Every blob once, and every manifest (indexes and their children) by digest, as
/// `/v2/<path>/{blobs,manifests}/<digest>?ns=<registry>`.
fn requests(
    cache: &Path,
    references: &[ImageRef],
    written: &[WrittenImage],
) -> Result<(Vec<Fetch>, Vec<Fetch>)> {
    let flat = FlatLayout::new(cache);
    let mut blobs = Vec::new();
    let mut manifests = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (reference, image) in references.iter().zip(written) {
        let repository = &reference.repository;
        let prefix = format!("/v2/{}", repository.path);
        let query = format!("ns={}", repository.registry);
        for digest in &image.blobs {
            if seen.insert(*digest) {
                blobs.push(Fetch {
                    target: format!("{prefix}/blobs/{digest}?{query}"),
                    size: fs::metadata(flat.blob_path(digest))?.len(),
                    digest: *digest,
                });
            }
        }
        let children = image.children.iter().map(|(_, digest)| digest);
        for digest in std::iter::once(&image.digest).chain(children) {
            manifests.push(Fetch {
                target: format!("{prefix}/manifests/{digest}?{query}"),
                size: fs::metadata(flat.manifest_path(repository, digest))?.len(),
                digest: *digest,
            });
        }
    }
    // Largest first, as a puller with several connections would overlap them.
    blobs.sort_by_key(|fetch| std::cmp::Reverse(fetch.size));
    Ok((blobs, manifests))
}

/// `passes` passes over `fetches` on `connections` keep-alive connections (one thread
/// each, taking the next request from a shared counter). With `check`, every body is
/// hashed and compared with its digest.
fn load(
    addr: SocketAddr,
    fetches: &[Fetch],
    connections: usize,
    passes: usize,
    check: bool,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let total = fetches.len() * passes;
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut client = Client::connect(addr)?;
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= total {
                            return Ok(());
                        }
                        let fetch = &fetches[index % fetches.len()];
                        client
                            .get(fetch, check)
                            .with_context(|| format!("GET {}", fetch.target))?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|worker| worker.join().unwrap_or_else(|_| bail!("loader panicked")))
    })
}

/// A minimal HTTP/1.1 keep-alive client: one request at a time, `Content-Length` bodies
/// read into a reused buffer and dropped.
struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    fn connect(addr: SocketAddr) -> Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(IO_TIMEOUT))?;
        stream.set_write_timeout(Some(IO_TIMEOUT))?;
        Ok(Client {
            stream,
            buf: vec![0; 256 << 10],
        })
    }

    fn get(&mut self, fetch: &Fetch, check: bool) -> Result<()> {
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: imagecache-bench\r\n\r\n",
            fetch.target
        );
        self.stream.write_all(request.as_bytes())?;
        // Headers (a response's headers fit in the buffer).
        let mut filled = 0;
        let header_end = loop {
            let n = self.stream.read(&mut self.buf[filled..])?;
            ensure!(n > 0, "connection closed before the response headers");
            filled += n;
            if let Some(end) = find(&self.buf[..filled], b"\r\n\r\n") {
                break end + 4;
            }
            ensure!(filled < self.buf.len(), "response headers too long");
        };
        let head = std::str::from_utf8(&self.buf[..header_end])?;
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap_or_default();
        ensure!(
            status.split(' ').nth(1) == Some("200"),
            "unexpected status line {status:?}"
        );
        let length: u64 = lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .context("no Content-Length")?
            .1
            .trim()
            .parse()?;
        ensure!(
            length == fetch.size,
            "Content-Length {length}, expected {}",
            fetch.size
        );
        // The body: what came with the headers, then the rest.
        let mut hasher = check.then(Hasher::new);
        let already = (filled - header_end) as u64;
        ensure!(already <= length, "more bytes than Content-Length");
        if let Some(hasher) = &mut hasher {
            hasher.update(&self.buf[header_end..filled]);
        }
        let mut remaining = length - already;
        while remaining > 0 {
            let want = remaining.min(self.buf.len() as u64) as usize;
            let n = self.stream.read(&mut self.buf[..want])?;
            ensure!(n > 0, "connection closed with {remaining} body bytes to go");
            if let Some(hasher) = &mut hasher {
                hasher.update(&self.buf[..n]);
            }
            remaining -= n as u64;
        }
        if let Some(hasher) = hasher {
            let (digest, _) = hasher.finish();
            ensure!(digest == fetch.digest, "body hashes to {digest}");
        }
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Our server on its own thread (its default multi-threaded runtime), stopped on drop.
struct OurServer {
    addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl OurServer {
    fn start(cache: &Path) -> Result<OurServer> {
        let mut options = ServeOptions::new(Roots::single(cache));
        options.address = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let server = Server::bind(options)?;
        let addr = server.local_addr();
        let handle = server.handle();
        let thread = std::thread::spawn(move || {
            if let Err(err) = server.serve_forever() {
                eprintln!("imagecache: our server failed: {err}");
            }
        });
        wait_for_port(addr, || Ok(()))?;
        Ok(OurServer {
            addr,
            handle,
            thread: Some(thread),
        })
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

/// nginx as a user process with a temporary configuration serving the cache under the
/// URLs our server answers. It runs under a small shell that stops it (SIGTERM to the
/// master, which stops its workers) as soon as its stdin closes: when this is dropped, and
/// also when this process dies without running destructors.
struct Nginx {
    addr: SocketAddr,
    shell: Child,
    dir: PathBuf,
}

/// `sh -c WATCHDOG nginx ARGS…`: nginx in the background, a reader of our pipe that stops
/// it at end of file, and the shell's status is nginx's.
const WATCHDOG: &str = r#"exec 3<&0
"$0" "$@" </dev/null &
pid=$!
{ read -r _ <&3; kill -TERM "$pid" 2>/dev/null; } &
wait "$pid""#;

impl Nginx {
    fn start(dir: &Path, cache: &Path, send: &str) -> Result<Nginx> {
        let binary = which("nginx").context("nginx not installed")?;
        fs::create_dir_all(dir)?;
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let config = nginx_config(dir, cache, port, send);
        let config_path = dir.join("nginx.conf");
        fs::write(&config_path, config)?;
        let stderr_path = dir.join("stderr.log");
        let shell = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg(binary)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&config_path)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(fs::File::create(&stderr_path)?)
            .spawn()
            .context("starting nginx")?;
        let mut nginx = Nginx {
            addr,
            shell,
            dir: dir.to_owned(),
        };
        let Nginx { shell, dir, .. } = &mut nginx;
        wait_for_port(addr, || match shell.try_wait()? {
            Some(status) => {
                let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
                let log = fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                bail!("nginx exited ({status}): {stderr}{log}")
            }
            None => Ok(()),
        })?;
        Ok(nginx)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // End of file on the watchdog's stdin: it sends SIGTERM, nginx exits, so does sh.
        drop(self.shell.stdin.take());
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.shell.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!(
            "imagecache: nginx did not stop within {STARTUP_TIMEOUT:?} (see {})",
            self.dir.display()
        );
        if let Ok(pid) = fs::read_to_string(self.dir.join("nginx.pid")) {
            let _ = Command::new("kill").arg("-TERM").arg(pid.trim()).status();
        }
        let _ = self.shell.kill();
        let _ = self.shell.wait();
    }
}

/// `send` (`sendfile on;` or buffers), no access log (ours logs nothing either),
/// keep-alive without a request limit, `reuseport` (else one worker tends to take every
/// connection), and regex locations mapping registryd's URLs onto the flat tree.
fn nginx_config(dir: &Path, cache: &Path, port: u16, send: &str) -> String {
    let dir = dir.display();
    let root = cache.display();
    let temp_paths: String = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .iter()
        .map(|kind| format!("    {kind}_temp_path {dir}/{kind}_temp;\n"))
        .collect();
    format!(
        r#"daemon off;
master_process on;
worker_processes {NGINX_WORKERS};
user root;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {send}
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 300s;
    keepalive_requests 100000000;
    default_type application/octet-stream;
{temp_paths}    server {{
        listen 127.0.0.1:{port} reuseport;
        location ~ "^/v2/.+/blobs/sha256:([0-9a-f]{{64}})$" {{
            alias {root}/blob/sha256-$1;
            add_header Docker-Content-Digest sha256:$1;
        }}
        location ~ "^/v2/(.+)/manifests/sha256:([0-9a-f]{{64}})$" {{
            default_type application/vnd.oci.image.manifest.v1+json;
            alias {root}/manifests/$arg_ns/$1/digest/sha256-$2;
            add_header Docker-Content-Digest sha256:$2;
        }}
    }}
}}
"#
    )
}

/// Waits until `addr` accepts a connection, calling `alive` (which fails when the
/// server died) between attempts.
fn wait_for_port(addr: SocketAddr, mut alive: impl FnMut() -> Result<()>) -> Result<()> {
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        alive()?;
        if Instant::now() >= deadline {
            bail!("{addr} did not accept connections within {STARTUP_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

// ---- helpers --------------------------------------------------------------------------

/// Runs a tool to completion, its output discarded.
fn run_tool(command: &mut Command, name: &str) -> Result<()> {
    let status = command
        .stdout(Stdio::null())
        .status()
        .with_context(|| format!("running {name}"))?;
    ensure!(status.success(), "{name} failed: {status}");
    Ok(())
}

/// Every regular file under `dir`, sorted.
fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads `files` once so the page cache holds them; returns their total size.
fn warm(files: &[PathBuf]) -> io::Result<u64> {
    let mut buf = vec![0; 1 << 20];
    let mut total = 0;
    for path in files {
        let mut file = fs::File::open(path)?;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    Ok(total)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / f64::from(1 << 20)
}

fn mb_per_s(bytes: u64, ns: f64) -> f64 {
    bytes as f64 / ns * 1e3
}
