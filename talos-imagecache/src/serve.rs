//! A read-only HTTP server that answers like Talos' registryd (feature `serve`).
//!
//! Routes, as Go 1.22's `ServeMux` serves registryd's handlers:
//!
//! | request | answer |
//! |---|---|
//! | `GET`/`HEAD` `/v2`, `/v2/`, `/healthz`, `/healthz/` | 200, empty body |
//! | `GET`/`HEAD` `/v2/<rest>` | the lookup of [`crate::lookup`] |
//! | another method on those paths | 405 with `Allow: GET, HEAD` |
//! | a path with `.`/`..` elements or repeated slashes | 307 to the cleaned path (Go 1.26's mux) |
//! | a malformed percent-escape | 400 |
//! | anything else | 404 |
//!
//! The path is matched percent-decoded, as Go's mux does (`%2F` in `<rest>` becomes a
//! `/` before the lookup cleans and splits it; `%2e%2e` becomes `..`, which the name and
//! reference grammars then refuse), so no request reaches a file outside a root.
//!
//! A found manifest or blob gets `Content-Length`, `Docker-Content-Digest` and, for
//! manifests, the manifest media type as `Content-Type`. `GET` (and `HEAD` on blobs)
//! then behaves like Go's `http.ServeContent`: `Accept-Ranges: bytes`, a single
//! `Range: bytes=a-b` answered with 206 and `Content-Range` (416 when unsatisfiable; a
//! request for several ranges gets the whole file with 200, where Go would send a
//! multipart body), `Last-Modified` from the file's access time (what registryd hands
//! Go), `If-Modified-Since`/`If-Unmodified-Since`/`If-None-Match: *`/`If-Match`/
//! `If-Range` handling, and for blobs a `Content-Type` sniffed like Go's
//! `http.DetectContentType` ([`detect_content_type`]). A `HEAD` on a manifest gets just
//! the three headers, as in registryd. Errors are the status code with an empty body.
//!
//! The lookup (a few `stat`/`open`/`read` calls on small files) and the first
//! [`INLINE_READ`] bytes of a blob run on the event loop, as registryd's handler does;
//! the rest of a blob streams in [`CHUNK_SIZE`] reads on tokio's blocking pool, one
//! chunk read ahead of the socket. Manifests are served from the bytes the lookup read.
//! [`Server::serve_forever`] runs one single-threaded event loop per CPU.
//!
//! ```
//! use std::io::{Read, Write};
//! use talos_imagecache::lookup::Roots;
//! use talos_imagecache::serve::{ServeOptions, Server};
//!
//! let cache = tempfile::tempdir()?;
//! let mut options = ServeOptions::new(Roots::single(cache.path()));
//! options.address = "127.0.0.1:0".parse()?; // any free port; the node uses 127.0.0.1:3172
//! let server = Server::bind(options)?;
//! let (address, handle) = (server.local_addr(), server.handle());
//! let thread = std::thread::spawn(move || server.serve_forever());
//!
//! let mut stream = std::net::TcpStream::connect(address)?;
//! stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
//! let mut reply = String::new();
//! stream.read_to_string(&mut reply)?;
//! assert!(reply.starts_with("HTTP/1.1 200"));
//!
//! handle.shutdown();
//! thread.join().unwrap()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::convert::Infallible;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::{mpsc, watch};
use tokio::task::{JoinHandle, JoinSet};

use crate::digest::Digest;
use crate::lookup::{Found, Kind, LookupError, Roots, clean_path};
use crate::manifest::{DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST};

/// registryd's address, `127.0.0.1:3172`.
pub const DEFAULT_ADDRESS: SocketAddr =
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 3172));

/// How long a shutdown waits for requests in flight before closing their connections.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// How much of a blob one read takes (and the most a connection buffers ahead).
pub const CHUNK_SIZE: usize = 512 * 1024;

/// How much of a blob is read on the event loop, before streaming starts (small blobs
/// are answered in one go; a slow disk delays other requests on the loop by one read of
/// at most this size).
pub const INLINE_READ: usize = 64 * 1024;

const DOCKER_CONTENT_DIGEST: HeaderName = HeaderName::from_static("docker-content-digest");

/// How to run a [`Server`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// Where to listen ([`DEFAULT_ADDRESS`] by default; port 0 picks a free port).
    pub address: SocketAddr,
    /// The cache roots, in priority order.
    pub roots: Roots,
    /// Print one line per request to stderr.
    pub log: bool,
}

impl ServeOptions {
    /// Options serving `roots` on [`DEFAULT_ADDRESS`], without logging.
    pub fn new(roots: Roots) -> ServeOptions {
        ServeOptions {
            address: DEFAULT_ADDRESS,
            roots,
            log: false,
        }
    }
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions::new(Roots::default())
    }
}

/// Why the server could not start or run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The error.
        source: io::Error,
    },
    /// The async runtime could not be started, or refused the listener.
    #[error("cannot start the server runtime: {0}")]
    Runtime(io::Error),
}

#[derive(Debug)]
struct State {
    roots: Roots,
    log: bool,
}

/// A bound, not yet running registryd-compatible server.
#[derive(Debug)]
pub struct Server {
    listener: std::net::TcpListener,
    local_addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<watch::Sender<bool>>,
}

/// Stops a [`Server`] from any thread; cheap to clone.
#[derive(Debug, Clone)]
pub struct ServerHandle {
    stop: Arc<watch::Sender<bool>>,
    local_addr: SocketAddr,
}

impl ServerHandle {
    /// Asks the server to stop: it stops accepting, lets requests in flight finish for
    /// at most [`SHUTDOWN_TIMEOUT`], then returns from its run method.
    pub fn shutdown(&self) {
        self.stop.send_replace(true);
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }
}

impl Server {
    /// Binds the listening socket (nothing is served until a run method is called).
    pub fn bind(options: ServeOptions) -> Result<Server, ServeError> {
        let bind_error = |source| ServeError::Bind {
            address: options.address,
            source,
        };
        let listener = std::net::TcpListener::bind(options.address).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let (stop, _) = watch::channel(false);
        Ok(Server {
            listener,
            local_addr,
            state: Arc::new(State {
                roots: options.roots,
                log: options.log,
            }),
            stop: Arc::new(stop),
        })
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle that stops the server.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            stop: self.stop.clone(),
            local_addr: self.local_addr,
        }
    }

    /// Serves until a [`ServerHandle::shutdown`], blocking the calling thread. Like
    /// nginx's workers, one single-threaded event loop runs per CPU (the calling thread
    /// and `n - 1` more); the calling thread's loop accepts and deals connections out to
    /// the loops in turn, so a few busy clients are spread over every CPU (loops that
    /// accepted from a shared listener themselves often left one loop with all of them).
    /// File reads go to each loop's blocking pool.
    pub fn serve_forever(self) -> Result<(), ServeError> {
        let loops = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut workers = Vec::with_capacity(loops.saturating_sub(1));
        let mut hand_off = Vec::with_capacity(loops.saturating_sub(1));
        for index in 1..loops {
            let (sender, receiver) = mpsc::unbounded_channel();
            let (state, stop) = (self.state.clone(), self.stop.clone());
            let worker = std::thread::Builder::new()
                .name(format!("imagecache-serve-{index}"))
                .spawn(move || run_event_loop(serve_handed(receiver, state, stop)));
            match worker {
                Ok(worker) => {
                    workers.push(worker);
                    hand_off.push(sender);
                }
                Err(err) => {
                    // Stop the loops already started before reporting.
                    self.stop.send_replace(true);
                    for worker in workers {
                        let _ = worker.join();
                    }
                    return Err(ServeError::Runtime(err));
                }
            }
        }
        let stop = self.stop.clone();
        let mut result = run_event_loop(accept_loop(
            self.listener,
            self.state,
            self.stop,
            hand_off,
            std::future::pending(),
        ));
        // Whatever ended this loop ends the others.
        stop.send_replace(true);
        for worker in workers {
            let joined = worker.join().unwrap_or_else(|_| {
                Err(ServeError::Runtime(io::Error::other(
                    "a server thread panicked",
                )))
            });
            result = result.and(joined);
        }
        result
    }

    /// Serves on the current tokio runtime until `shutdown` completes or a
    /// [`ServerHandle::shutdown`], then shuts down gracefully (bounded by
    /// [`SHUTDOWN_TIMEOUT`]).
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), ServeError> {
        accept_loop(self.listener, self.state, self.stop, Vec::new(), shutdown).await
    }
}

/// Runs `serve` on a new single-threaded runtime.
fn run_event_loop(serve: impl Future<Output = Result<(), ServeError>>) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let result = runtime.block_on(serve);
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// Accepts connections until `shutdown` or the stop flag, serving every
/// `hand_off.len() + 1`-th itself and passing the others to the loops behind `hand_off`
/// in turn; then drains.
async fn accept_loop(
    listener: std::net::TcpListener,
    state: Arc<State>,
    stop_flag: Arc<watch::Sender<bool>>,
    hand_off: Vec<mpsc::UnboundedSender<std::net::TcpStream>>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?;
    let mut stop = stop_flag.subscribe();
    let mut connections = Connections::new(state.clone(), stop_flag.clone());
    let mut shutdown = std::pin::pin!(shutdown);
    let mut turn = 0;
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            () = stopped(&mut stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let loop_index = turn % (hand_off.len() + 1);
                    turn = loop_index + 1;
                    match loop_index.checked_sub(1).and_then(|index| hand_off.get(index)) {
                        Some(worker) => connections.pass_on(stream, worker),
                        None => connections.serve(stream),
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
                Err(err) => {
                    // Out of descriptors and the like: back off instead of spinning.
                    if state.log {
                        eprintln!("imagecache serve: accept failed: {err}");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = connections.reap() => {}
        }
    }
    drop(listener);
    stop_flag.send_replace(true);
    connections.drain().await;
    Ok(())
}

/// A loop other than the accepting one: serves what it is handed until stopped.
async fn serve_handed(
    mut handed: mpsc::UnboundedReceiver<std::net::TcpStream>,
    state: Arc<State>,
    stop_flag: Arc<watch::Sender<bool>>,
) -> Result<(), ServeError> {
    let mut stop = stop_flag.subscribe();
    let mut connections = Connections::new(state, stop_flag);
    loop {
        tokio::select! {
            () = stopped(&mut stop) => break,
            stream = handed.recv() => match stream {
                Some(stream) => connections.adopt(stream),
                None => break,
            },
            () = connections.reap() => {}
        }
    }
    connections.drain().await;
    Ok(())
}

/// The connections one event loop serves.
struct Connections {
    tasks: JoinSet<()>,
    state: Arc<State>,
    stop: Arc<watch::Sender<bool>>,
}

impl Connections {
    fn new(state: Arc<State>, stop: Arc<watch::Sender<bool>>) -> Connections {
        Connections {
            tasks: JoinSet::new(),
            state,
            stop,
        }
    }

    fn serve(&mut self, stream: tokio::net::TcpStream) {
        // Small responses should not wait for Nagle.
        let _ = stream.set_nodelay(true);
        self.tasks.spawn(serve_connection(
            stream,
            self.state.clone(),
            self.stop.subscribe(),
        ));
    }

    /// Hands `stream` to another loop (served here if that loop is gone).
    fn pass_on(
        &mut self,
        stream: tokio::net::TcpStream,
        worker: &mpsc::UnboundedSender<std::net::TcpStream>,
    ) {
        let stream = match stream.into_std() {
            Ok(stream) => stream,
            Err(err) => {
                if self.state.log {
                    eprintln!("imagecache serve: cannot pass a connection on: {err}");
                }
                return;
            }
        };
        if let Err(mpsc::error::SendError(stream)) = worker.send(stream) {
            self.adopt(stream);
        }
    }

    /// Serves a connection accepted on another loop (registered with this loop's reactor).
    fn adopt(&mut self, stream: std::net::TcpStream) {
        match tokio::net::TcpStream::from_std(stream) {
            Ok(stream) => self.serve(stream),
            Err(err) => {
                if self.state.log {
                    eprintln!("imagecache serve: cannot take a connection on: {err}");
                }
            }
        }
    }

    /// Collects one finished connection (never resolves while there are none).
    async fn reap(&mut self) {
        if self.tasks.join_next().await.is_none() {
            std::future::pending::<()>().await;
        }
    }

    /// After the stop flag: waits for the connections to finish, at most
    /// [`SHUTDOWN_TIMEOUT`].
    async fn drain(mut self) {
        let drained = async { while self.tasks.join_next().await.is_some() {} };
        if tokio::time::timeout(SHUTDOWN_TIMEOUT, drained)
            .await
            .is_err()
        {
            self.tasks.abort_all();
        }
    }
}

/// Resolves once the stop flag is set (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    state: Arc<State>,
    mut stop: watch::Receiver<bool>,
) {
    let service = service_fn(move |request| handle(state.clone(), request));
    let connection = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        () = stopped(&mut stop) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<ResponseBody>, Infallible> {
    let (response, detail) = route(&state, &request).await;
    if state.log {
        let target = request
            .uri()
            .path_and_query()
            .map_or("", |target| target.as_str());
        let detail = detail
            .map(|detail| format!(": {detail}"))
            .unwrap_or_default();
        eprintln!(
            "imagecache serve: {} {target} {}{detail}",
            request.method(),
            response.status().as_u16()
        );
    }
    Ok(response)
}

/// The response and, for errors, what went wrong (for the log).
type Answer = (Response<ResponseBody>, Option<String>);

async fn route(state: &Arc<State>, request: &Request<Incoming>) -> Answer {
    let path = request.uri().path();
    if !path.starts_with('/') {
        return (status_only(StatusCode::NOT_FOUND), None);
    }
    if !valid_escapes(path) {
        return (
            status_only(StatusCode::BAD_REQUEST),
            Some("malformed percent-escape".into()),
        );
    }
    if !is_http_clean(path) {
        let cleaned = http_clean_path(path);
        let location = match request.uri().query() {
            Some(query) if !query.is_empty() => format!("{cleaned}?{query}"),
            _ => cleaned,
        };
        return (redirect(request.method(), &location), None);
    }
    let Some(route) = match_route(path) else {
        return (status_only(StatusCode::NOT_FOUND), None);
    };
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut response = status_only(StatusCode::METHOD_NOT_ALLOWED);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return (response, None);
    }
    let rest = match route {
        Route::Ping => return (status_only(StatusCode::OK), None),
        Route::Registry(rest) => rest,
    };
    let rest = decode_path(rest);
    let ns = request
        .uri()
        .query()
        .and_then(|query| query_value(query, "ns"));
    let conditions = Conditions::of(request);
    respond(&state.roots, &rest, ns.as_deref(), &conditions)
}

enum Route<'a> {
    Ping,
    /// The raw text after `/v2/`.
    Registry(&'a str),
}

/// Matches a clean path against the routes, each segment percent-decoded as Go does.
fn match_route(path: &str) -> Option<Route<'_>> {
    let after_slash = &path[1..];
    let (first, remainder) = match after_slash.find('/') {
        Some(slash) => (&after_slash[..slash], &after_slash[slash..]),
        None => (after_slash, ""),
    };
    let first = percent_decode(first, false)?;
    match (first.as_slice(), remainder) {
        (b"v2" | b"healthz", "" | "/") => Some(Route::Ping),
        (b"v2", remainder) => Some(Route::Registry(&remainder[1..])),
        _ => None,
    }
}

/// Whether [`http_clean_path`] would leave `path` (which starts with `/`) unchanged: no
/// `.` or `..` elements and no empty elements but a trailing one.
fn is_http_clean(path: &str) -> bool {
    let mut elements = path[1..].split('/').peekable();
    while let Some(element) = elements.next() {
        let last = elements.peek().is_none();
        if matches!(element, "." | "..") || (element.is_empty() && !last) {
            return false;
        }
    }
    true
}

/// net/http's `cleanPath`: rooted, cleaned, with a trailing slash kept.
fn http_clean_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let rooted = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let mut cleaned = clean_path(&rooted);
    if rooted.ends_with('/') && cleaned != "/" {
        cleaned.push('/');
    }
    cleaned
}

/// Whether every `%` in `text` starts a two-hex-digit escape (else Go's URL parser, and
/// so registryd, answers 400).
fn valid_escapes(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

/// A path percent-decoded (lossily, invalid UTF-8 never passing the grammars anyway).
fn decode_path(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let decoded = percent_decode(text, false).unwrap_or_default();
    Cow::Owned(String::from_utf8_lossy(&decoded).into_owned())
}

/// Percent-decodes `text` (`+` as a space when `plus_is_space`); `None` for a `%` not
/// followed by two hex digits.
fn percent_decode(text: &str, plus_is_space: bool) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let high = (hex[0] as char).to_digit(16)?;
                let low = (hex[1] as char).to_digit(16)?;
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Go's `url.Values.Get` on a raw query: the first well-formed `key=value` pair with
/// the key; pairs with a `;` or a malformed escape are ignored.
fn query_value(query: &str, key: &str) -> Option<String> {
    query
        .split('&')
        .filter(|pair| !pair.contains(';'))
        .find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = percent_decode(k, true)?;
            let v = percent_decode(v, true)?;
            (k == key.as_bytes()).then(|| String::from_utf8_lossy(&v).into_owned())
        })
}

/// The conditional and range headers of a request.
#[derive(Debug, Default)]
struct Conditions {
    head: bool,
    range: Option<String>,
    if_match: Option<String>,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
    if_unmodified_since: Option<String>,
    if_range: Option<String>,
}

impl Conditions {
    fn of(request: &Request<Incoming>) -> Conditions {
        let headers = request.headers();
        let get = |name: HeaderName| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        Conditions {
            head: request.method() == Method::HEAD,
            range: get(header::RANGE),
            if_match: get(header::IF_MATCH),
            if_none_match: get(header::IF_NONE_MATCH),
            if_modified_since: get(header::IF_MODIFIED_SINCE),
            if_unmodified_since: get(header::IF_UNMODIFIED_SINCE),
            if_range: get(header::IF_RANGE),
        }
    }
}

/// The lookup and the response (on the event loop: small, usually page-cached reads).
fn respond(roots: &Roots, rest: &str, ns: Option<&str>, conditions: &Conditions) -> Answer {
    let (found, file) = match roots.lookup_open(rest, ns) {
        Ok(found) => found,
        Err(err) => return lookup_error(&err),
    };
    let mut headers = HeaderMap::new();
    headers.insert(DOCKER_CONTENT_DIGEST, digest_value(&found.digest));
    match found.kind {
        Kind::Manifest => {
            let Found {
                media_type,
                contents,
                size,
                last_modified,
                ..
            } = found;
            let media_type = media_type.unwrap_or_default();
            let content_type = match media_type.as_str() {
                OCI_INDEX => Some(HeaderValue::from_static(OCI_INDEX)),
                OCI_MANIFEST => Some(HeaderValue::from_static(OCI_MANIFEST)),
                DOCKER_LIST => Some(HeaderValue::from_static(DOCKER_LIST)),
                DOCKER_MANIFEST => Some(HeaderValue::from_static(DOCKER_MANIFEST)),
                other => HeaderValue::from_str(other).ok(),
            };
            if conditions.head {
                // registryd answers a manifest HEAD itself, without ServeContent.
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
                if let Some(content_type) = content_type {
                    headers.insert(header::CONTENT_TYPE, content_type);
                }
                return (
                    with_headers(StatusCode::OK, headers, ResponseBody::empty()),
                    None,
                );
            }
            let contents = Bytes::from(contents.unwrap_or_default());
            serve_content(
                conditions,
                headers,
                content_type,
                last_modified,
                Content::Memory(contents),
            )
        }
        Kind::Blob => {
            let Some(file) = file else {
                return internal(format!("{}: not opened", found.path.display()));
            };
            serve_content(
                conditions,
                headers,
                None,
                found.last_modified,
                Content::File(file, found.size),
            )
        }
    }
}

fn lookup_error(err: &LookupError) -> Answer {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status_only(status), Some(err.to_string()))
}

fn internal(detail: String) -> Answer {
    (status_only(StatusCode::INTERNAL_SERVER_ERROR), Some(detail))
}

fn digest_value(digest: &Digest) -> HeaderValue {
    HeaderValue::from_str(&digest.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

enum Content {
    Memory(Bytes),
    /// An open file and its size.
    File(File, u64),
}

/// Go's `http.ServeContent`, single ranges only.
fn serve_content(
    conditions: &Conditions,
    mut headers: HeaderMap,
    content_type: Option<HeaderValue>,
    modified: Option<SystemTime>,
    content: Content,
) -> Answer {
    let size = match &content {
        Content::Memory(bytes) => bytes.len() as u64,
        Content::File(_, size) => *size,
    };
    // Go leaves out the zero time and the Unix epoch.
    let modified = modified
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .filter(|since| !since.is_zero())
        .and_then(|since| i64::try_from(since.as_secs()).ok());
    if let Some(seconds) = modified
        && let Ok(value) = HeaderValue::from_str(&format_http_date(seconds))
    {
        headers.insert(header::LAST_MODIFIED, value);
    }
    let range = match preconditions(conditions, modified) {
        Precondition::Failed => {
            return (
                with_headers(
                    StatusCode::PRECONDITION_FAILED,
                    headers,
                    ResponseBody::empty(),
                ),
                None,
            );
        }
        Precondition::NotModified => {
            let mut response =
                with_headers(StatusCode::NOT_MODIFIED, headers, ResponseBody::empty());
            response.headers_mut().remove(header::CONTENT_LENGTH);
            return (response, None);
        }
        Precondition::Proceed(range) => range,
    };
    let (status, start, length) = match parse_range(range.as_deref(), size) {
        Err(RangeError::NoOverlap) => {
            let mut response = status_only(StatusCode::RANGE_NOT_SATISFIABLE);
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return (response, Some("range not satisfiable".into()));
        }
        Err(RangeError::Invalid) => {
            return (
                status_only(StatusCode::RANGE_NOT_SATISFIABLE),
                Some("invalid range".into()),
            );
        }
        Ok(Some((start, length))) => {
            let content_range = format!("bytes {start}-{}/{size}", start + length - 1);
            if let Ok(value) = HeaderValue::from_str(&content_range) {
                headers.insert(header::CONTENT_RANGE, value);
            }
            (StatusCode::PARTIAL_CONTENT, start, length)
        }
        Ok(None) => (StatusCode::OK, 0, size),
    };
    let body = match content {
        Content::Memory(bytes) => {
            let content_type = content_type
                .unwrap_or_else(|| HeaderValue::from_static(detect_content_type(&bytes)));
            headers.insert(header::CONTENT_TYPE, content_type);
            // Offsets are within `size`, which is the length of `bytes`.
            let (start, end) = (start as usize, (start + length) as usize);
            if conditions.head {
                ResponseBody::empty()
            } else {
                ResponseBody::full(bytes.slice(start..end))
            }
        }
        Content::File(file, _) => match file_body(
            file,
            size,
            content_type,
            conditions.head,
            (start, length),
            &mut headers,
        ) {
            Ok(body) => body,
            Err(err) => return internal(err.to_string()),
        },
    };
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    (with_headers(status, headers, body), None)
}

/// Sniffs the type when none is given (from the file's first [`SNIFF_LEN`] bytes, as Go
/// does whatever the range) and reads the first chunk of `start..start+length`.
fn file_body(
    mut file: File,
    size: u64,
    content_type: Option<HeaderValue>,
    head: bool,
    (start, length): (u64, u64),
    headers: &mut HeaderMap,
) -> io::Result<ResponseBody> {
    let first_len = if head {
        0
    } else {
        length.min(INLINE_READ as u64) as usize
    };
    // Whether the first chunk holds everything the sniffer looks at.
    let first_covers_sniff = start == 0 && (first_len >= SNIFF_LEN || first_len as u64 == size);
    let mut content_type = content_type;
    // The file is freshly opened: its offset is 0.
    let mut position = 0;
    if content_type.is_none() && !first_covers_sniff {
        let prefix = read_exactly(&mut file, size.min(SNIFF_LEN as u64) as usize)?;
        position = prefix.len() as u64;
        content_type = Some(HeaderValue::from_static(detect_content_type(&prefix)));
    }
    let mut first = Vec::new();
    if first_len > 0 {
        if position != start {
            file.seek(SeekFrom::Start(start))?;
        }
        first = read_exactly(&mut file, first_len)?;
    }
    let content_type =
        content_type.unwrap_or_else(|| HeaderValue::from_static(detect_content_type(&first)));
    headers.insert(header::CONTENT_TYPE, content_type);
    if head {
        return Ok(ResponseBody::empty());
    }
    let first = Bytes::from(first);
    if first.len() as u64 == length {
        return Ok(ResponseBody::full(first));
    }
    Ok(ResponseBody(Inner::File(FileStream {
        to_read: length - first.len() as u64,
        unsent: length,
        ready: Some(first),
        file: Some(file),
        pending: None,
    })))
}

/// Reads exactly `len` bytes (the file shrinking meanwhile is an error).
fn read_exactly(file: &mut File, len: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0; len];
    file.read_exact(&mut buf).map_err(|err| match err.kind() {
        io::ErrorKind::UnexpectedEof => io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the file shrank while being served",
        ),
        _ => err,
    })?;
    Ok(buf)
}

enum Precondition {
    Failed,
    NotModified,
    /// Go on, with the Range header still to honour (None after a failed If-Range).
    Proceed(Option<String>),
}

/// Go's `checkPreconditions` for a response without an ETag.
fn preconditions(conditions: &Conditions, modified: Option<i64>) -> Precondition {
    let if_match = conditions
        .if_match
        .as_deref()
        .map(|value| value.split(',').any(|tag| tag.trim() == "*"));
    let unmodified_since = || {
        let since = parse_http_date(conditions.if_unmodified_since.as_deref()?)?;
        Some(modified? <= since)
    };
    if !if_match.or_else(unmodified_since).unwrap_or(true) {
        return Precondition::Failed;
    }
    match conditions.if_none_match.as_deref() {
        // Only `*` can match a response without an ETag.
        Some(value) if value.split(',').any(|tag| tag.trim() == "*") => {
            return Precondition::NotModified;
        }
        Some(_) => {}
        None => {
            let not_modified = conditions
                .if_modified_since
                .as_deref()
                .and_then(parse_http_date)
                .zip(modified)
                .is_some_and(|(since, modified)| modified <= since);
            if not_modified {
                return Precondition::NotModified;
            }
        }
    }
    let range = conditions
        .range
        .clone()
        .filter(|_| match conditions.if_range.as_deref() {
            None | Some("") => true,
            // An entity tag cannot match; a date must equal the modification time.
            Some(value) if value.starts_with('"') || value.starts_with("W/") => false,
            Some(value) => parse_http_date(value)
                .zip(modified)
                .is_some_and(|(date, modified)| date == modified),
        });
    Precondition::Proceed(range)
}

enum RangeError {
    Invalid,
    NoOverlap,
}

/// Go's `parseRange` reduced to what is served: `Ok(Some((start, length)))` for exactly
/// one satisfiable range, `Ok(None)` for no Range header (or several ranges: the whole
/// file is sent), errors for bad syntax and for ranges that all start past the end.
fn parse_range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, RangeError> {
    let Some(header) = header.filter(|header| !header.is_empty()) else {
        return Ok(None);
    };
    let Some(specs) = header.strip_prefix("bytes=") else {
        return Err(RangeError::Invalid);
    };
    let parse = |text: &str| -> Result<u64, RangeError> {
        let digits = text.strip_prefix('+').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RangeError::Invalid);
        }
        digits.parse::<u64>().map_err(|_| RangeError::Invalid)
    };
    let mut ranges = Vec::new();
    let mut no_overlap = false;
    for spec in specs
        .split(',')
        .map(str::trim)
        .filter(|spec| !spec.is_empty())
    {
        let Some((start, end)) = spec.split_once('-') else {
            return Err(RangeError::Invalid);
        };
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() {
            // A suffix: the last `end` bytes.
            let suffix = parse(end)?.min(size);
            if suffix == 0 {
                no_overlap = true;
                continue;
            }
            ranges.push((size - suffix, suffix));
            continue;
        }
        let start = parse(start)?;
        if start >= size {
            no_overlap = true;
            continue;
        }
        let last = if end.is_empty() {
            size - 1
        } else {
            parse(end)?.min(size - 1)
        };
        if last < start {
            return Err(RangeError::Invalid);
        }
        ranges.push((start, last - start + 1));
    }
    match ranges.as_slice() {
        [] if no_overlap => Err(RangeError::NoOverlap),
        [single] => Ok(Some(*single)),
        _ => Ok(None),
    }
}

/// Go's `http.Redirect` with 307, as its ServeMux answers an unclean path (Go 1.26):
/// `Location`, and for GET and HEAD an HTML content type; GET also gets the short HTML body.
fn redirect(method: &Method, location: &str) -> Response<ResponseBody> {
    let status = StatusCode::TEMPORARY_REDIRECT;
    let body = if method == Method::GET {
        let escaped = html_escape(location);
        ResponseBody::full(Bytes::from(format!(
            "<a href=\"{escaped}\">Temporary Redirect</a>.\n\n"
        )))
    } else {
        ResponseBody::empty()
    };
    let mut response = with_headers(status, HeaderMap::new(), body);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    if method == Method::GET || method == Method::HEAD {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    response
}

/// Go's `html.EscapeString` set: `&`, `<`, `>`, `"` and `'`.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn status_only(status: StatusCode) -> Response<ResponseBody> {
    with_headers(status, HeaderMap::new(), ResponseBody::empty())
}

fn with_headers(
    status: StatusCode,
    headers: HeaderMap,
    body: ResponseBody,
) -> Response<ResponseBody> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

// ---- the response body ----------------------------------------------------------------

/// A response body: nothing, bytes in memory, or a file streamed in chunks.
struct ResponseBody(Inner);

enum Inner {
    Empty,
    Full(Option<Bytes>),
    File(FileStream),
}

impl ResponseBody {
    fn empty() -> ResponseBody {
        ResponseBody(Inner::Empty)
    }

    fn full(bytes: Bytes) -> ResponseBody {
        ResponseBody(Inner::Full(Some(bytes)))
    }
}

/// A file region read on the blocking pool, one chunk ahead of the socket.
struct FileStream {
    /// A chunk read and not yet handed to hyper.
    ready: Option<Bytes>,
    /// The file, while no read is in flight.
    file: Option<File>,
    /// Bytes not yet read from the file.
    to_read: u64,
    /// Bytes not yet handed to hyper.
    unsent: u64,
    pending: Option<JoinHandle<io::Result<(File, Bytes)>>>,
}

impl FileStream {
    /// Starts reading the next chunk, unless one is in flight or all is read.
    fn read_ahead(&mut self) {
        if self.pending.is_some() || self.to_read == 0 {
            return;
        }
        let Some(mut file) = self.file.take() else {
            return;
        };
        let len = self.to_read.min(CHUNK_SIZE as u64) as usize;
        self.to_read -= len as u64;
        self.pending = Some(tokio::task::spawn_blocking(move || {
            let buf = read_exactly(&mut file, len)?;
            Ok((file, Bytes::from(buf)))
        }));
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match &mut self.get_mut().0 {
            Inner::Empty => Poll::Ready(None),
            Inner::Full(bytes) => Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes)))),
            Inner::File(stream) => loop {
                if let Some(chunk) = stream.ready.take() {
                    stream.unsent -= chunk.len() as u64;
                    stream.read_ahead();
                    return Poll::Ready(Some(Ok(Frame::data(chunk))));
                }
                let Some(pending) = stream.pending.as_mut() else {
                    if stream.to_read > 0 && stream.file.is_some() {
                        stream.read_ahead();
                        continue;
                    }
                    return Poll::Ready(None);
                };
                let result = ready!(Pin::new(pending).poll(cx));
                stream.pending = None;
                match result {
                    Ok(Ok((file, chunk))) => {
                        stream.file = Some(file);
                        stream.ready = Some(chunk);
                    }
                    Ok(Err(err)) => return Poll::Ready(Some(Err(err))),
                    Err(err) => return Poll::Ready(Some(Err(io::Error::other(err)))),
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Inner::Empty => true,
            Inner::Full(bytes) => bytes.is_none(),
            Inner::File(stream) => stream.unsent == 0,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Inner::Empty => SizeHint::with_exact(0),
            Inner::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |bytes| bytes.len() as u64))
            }
            Inner::File(stream) => SizeHint::with_exact(stream.unsent),
        }
    }
}

// ---- content sniffing -----------------------------------------------------------------

/// How many leading bytes [`detect_content_type`] looks at.
pub const SNIFF_LEN: usize = 512;

/// The `Content-Type` Go's `http.DetectContentType` gives the first bytes of a blob, for
/// the signatures that occur in image caches and a few common others, in Go's order:
/// HTML tags and `<?xml` after leading whitespace (`text/html`/`text/xml; charset=utf-8`),
/// `%PDF-`, `%!PS-Adobe-`, UTF-16/UTF-8 byte-order marks (`text/plain; charset=…`), GIF,
/// PNG, JPEG, BMP, WebP and ICO images, MP3 (ID3), Ogg and WebM, WOFF/WOFF2/OpenType
/// fonts, then gzip (`application/x-gzip`, what compressed layers get), zip, RAR and
/// WebAssembly. Anything else is `text/plain; charset=utf-8` when no byte is a control
/// character other than whitespace and ESC (JSON configs), and
/// `application/octet-stream` otherwise (tar and zstd layers).
pub fn detect_content_type(data: &[u8]) -> &'static str {
    const WHITESPACE: &[u8] = b"\t\n\x0c\r ";
    const HTML_TAGS: &[&[u8]] = &[
        b"<!DOCTYPE HTML",
        b"<HTML",
        b"<HEAD",
        b"<SCRIPT",
        b"<IFRAME",
        b"<H1",
        b"<DIV",
        b"<FONT",
        b"<TABLE",
        b"<A",
        b"<STYLE",
        b"<TITLE",
        b"<B",
        b"<BODY",
        b"<BR",
        b"<P",
        b"<!--",
    ];
    const EXACT: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"%!PS-Adobe-", "application/postscript"),
    ];
    const LATER: &[(&[u8], &str)] = &[
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"\x89PNG\x0D\x0A\x1A\x0A", "image/png"),
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"BM", "image/bmp"),
        (b"\x00\x00\x01\x00", "image/x-icon"),
        (b"\x00\x00\x02\x00", "image/x-icon"),
        (b"ID3", "audio/mpeg"),
        (b"OggS\x00", "application/ogg"),
        (b"\x1A\x45\xDF\xA3", "video/webm"),
        (b"\x00\x01\x00\x00", "font/ttf"),
        (b"OTTO", "font/otf"),
        (b"ttcf", "font/collection"),
        (b"wOFF", "font/woff"),
        (b"wOF2", "font/woff2"),
        (b"\x1F\x8B\x08", "application/x-gzip"),
        (b"PK\x03\x04", "application/zip"),
        (b"Rar!\x1A\x07\x00", "application/x-rar-compressed"),
        (b"Rar!\x1A\x07\x01\x00", "application/x-rar-compressed"),
        (b"\x00\x61\x73\x6D", "application/wasm"),
    ];
    let data = &data[..data.len().min(SNIFF_LEN)];
    let first_non_ws = data
        .iter()
        .position(|b| !WHITESPACE.contains(b))
        .unwrap_or(data.len());
    let trimmed = &data[first_non_ws..];
    for tag in HTML_TAGS {
        let matches = trimmed.len() > tag.len()
            && trimmed.iter().zip(tag.iter()).all(|(&d, &t)| {
                if t.is_ascii_uppercase() {
                    d & 0xDF == t
                } else {
                    d == t
                }
            })
            && matches!(trimmed[tag.len()], b' ' | b'>');
        if matches {
            return "text/html; charset=utf-8";
        }
    }
    if trimmed.starts_with(b"<?xml") {
        return "text/xml; charset=utf-8";
    }
    for (signature, content_type) in EXACT {
        if data.starts_with(signature) {
            return content_type;
        }
    }
    // Go's byte-order-mark signatures are four bytes long with the rest masked out.
    if data.len() >= 4 {
        match data {
            [0xFE, 0xFF, ..] => return "text/plain; charset=utf-16be",
            [0xFF, 0xFE, ..] => return "text/plain; charset=utf-16le",
            [0xEF, 0xBB, 0xBF, ..] => return "text/plain; charset=utf-8",
            _ => {}
        }
    }
    if data.len() >= 14 && data.starts_with(b"RIFF") && &data[8..14] == b"WEBPVP" {
        return "image/webp";
    }
    for (signature, content_type) in LATER {
        if data.starts_with(signature) {
            return content_type;
        }
    }
    let binary = |b: &u8| matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F);
    if trimmed.iter().any(binary) {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    }
}

// ---- HTTP dates -----------------------------------------------------------------------

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate) for seconds since the epoch.
fn format_http_date(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    format!(
        "{weekday}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        MONTHS[month as usize - 1],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Seconds since the epoch of an HTTP date in any of the three formats Go's
/// `http.ParseTime` accepts: IMF-fixdate, RFC 850 and asctime.
fn parse_http_date(text: &str) -> Option<i64> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let month_number = |name: &str| {
        MONTHS
            .iter()
            .position(|month| *month == name)
            .map(|index| index as u32 + 1)
    };
    let number = |text: &str| -> Option<u32> {
        text.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| text.parse().ok())?
    };
    let (year, month, day, time) = match fields.as_slice() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        [weekday, day, month, year, time, "GMT"]
            if weekday.ends_with(',') && day.len() == 2 && year.len() == 4 =>
        {
            (
                i64::from(number(year)?),
                month_number(month)?,
                number(day)?,
                *time,
            )
        }
        // Sunday, 06-Nov-94 08:49:37 GMT
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || day.len() != 2 || year.len() != 2 {
                return None;
            }
            let year = number(year)?;
            let year = if year >= 69 { 1900 + year } else { 2000 + year };
            (i64::from(year), month_number(month)?, number(day)?, *time)
        }
        // Sun Nov  6 08:49:37 1994
        [_, month, day, time, year] if year.len() == 4 => (
            i64::from(number(year)?),
            month_number(month)?,
            number(day)?,
            *time,
        ),
        _ => return None,
    };
    let mut clock = time.split(':');
    let (hour, minute, second) = (clock.next()?, clock.next()?, clock.next()?);
    if clock.next().is_some() || [hour, minute, second].iter().any(|part| part.len() != 2) {
        return None;
    }
    let (hour, minute, second) = (number(hour)?, number(minute)?, number(second)?);
    let days_in_month = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_round_trip() {
        assert_eq!(
            format_http_date(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            format_http_date(951_782_400),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_http_date(text), Some(784_111_777), "{text}");
        }
        for seconds in [0, 1, 86_399, 951_868_799, 1_700_000_000, 4_102_444_800] {
            assert_eq!(parse_http_date(&format_http_date(seconds)), Some(seconds));
        }
        for bad in [
            "",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn sniffing_matches_go_for_cache_content() {
        assert_eq!(
            detect_content_type(b"\x1f\x8b\x08\x00\x00\x00"),
            "application/x-gzip"
        );
        assert_eq!(
            detect_content_type(br#"{"architecture":"amd64"}"#),
            "text/plain; charset=utf-8"
        );
        assert_eq!(detect_content_type(b""), "text/plain; charset=utf-8");
        assert_eq!(
            detect_content_type(b"etc/\x00\x00\x00\x00"),
            "application/octet-stream"
        );
        assert_eq!(
            detect_content_type(b"\x28\xb5\x2f\xfd\x00"),
            "application/octet-stream"
        );
        assert_eq!(
            detect_content_type(b"  <html><body>"),
            "text/html; charset=utf-8"
        );
        assert_eq!(detect_content_type(b"<HTMLx"), "text/plain; charset=utf-8");
        assert_eq!(
            detect_content_type(b"\n<?xml version"),
            "text/xml; charset=utf-8"
        );
        assert_eq!(
            detect_content_type(b"\x89PNG\x0D\x0A\x1A\x0A...."),
            "image/png"
        );
        assert_eq!(detect_content_type(b"PK\x03\x04rest"), "application/zip");
        assert_eq!(
            detect_content_type(b"\xEF\xBB\xBFtext"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            detect_content_type(b"\xEF\xBB\xBF"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            detect_content_type(b"\xFF\xFEa\x00"),
            "text/plain; charset=utf-16le"
        );
        // Only the first 512 bytes count.
        let mut long = vec![b'a'; 600];
        long[550] = 0;
        assert_eq!(detect_content_type(&long), "text/plain; charset=utf-8");
    }

    #[test]
    fn ranges_follow_go() {
        let ok = |header: &str, size| parse_range(Some(header), size).ok();
        assert_eq!(ok("bytes=0-9", 100), Some(Some((0, 10))));
        assert_eq!(ok("bytes=90-", 100), Some(Some((90, 10))));
        assert_eq!(ok("bytes=90-1000", 100), Some(Some((90, 10))));
        assert_eq!(ok("bytes=-10", 100), Some(Some((90, 10))));
        assert_eq!(ok("bytes=-1000", 100), Some(Some((0, 100))));
        assert_eq!(ok("bytes= 5 - 6 ", 100), Some(Some((5, 2))));
        assert_eq!(ok("bytes=0-1,5-6", 100), Some(None));
        assert_eq!(ok("bytes=0-1,200-300", 100), Some(Some((0, 2))));
        assert_eq!(ok("bytes=", 100), Some(None));
        assert!(matches!(
            parse_range(Some("bytes=100-"), 100),
            Err(RangeError::NoOverlap)
        ));
        assert!(matches!(
            parse_range(Some("bytes=0-"), 0),
            Err(RangeError::NoOverlap)
        ));
        assert!(matches!(
            parse_range(Some("bytes=-0"), 100),
            Err(RangeError::NoOverlap)
        ));
        for bad in [
            "items=0-1",
            "bytes=5-1",
            "bytes=a-b",
            "bytes=1",
            "bytes=--1",
            "bytes=-",
        ] {
            assert!(
                matches!(parse_range(Some(bad), 100), Err(RangeError::Invalid)),
                "{bad}"
            );
        }
        assert_eq!(parse_range(None, 100).ok(), Some(None));
    }

    #[test]
    fn paths_clean_and_route_like_go() {
        assert_eq!(http_clean_path("/v2/"), "/v2/");
        assert_eq!(http_clean_path("/v2//a"), "/v2/a");
        assert_eq!(http_clean_path("/v2/a/../b/"), "/v2/b/");
        assert_eq!(http_clean_path("/.."), "/");
        for path in ["/", "/v2", "/v2/", "/v2/a/b", "/v2/a.b/..c", "/v2/a/%2e%2e"] {
            assert!(is_http_clean(path), "{path}");
            assert_eq!(http_clean_path(path), path);
        }
        for path in [
            "//", "/v2//", "/v2/./a", "/v2/..", "/v2/a/.", "/./", "/v2//a",
        ] {
            assert!(!is_http_clean(path), "{path}");
            assert_ne!(http_clean_path(path), path);
        }
        assert!(matches!(match_route("/v2"), Some(Route::Ping)));
        assert!(matches!(match_route("/healthz/"), Some(Route::Ping)));
        assert!(matches!(match_route("/%76%32/"), Some(Route::Ping)));
        assert!(matches!(
            match_route("/v2/a%2Fb/manifests/x"),
            Some(Route::Registry("a%2Fb/manifests/x"))
        ));
        assert!(match_route("/healthz/x").is_none());
        assert!(match_route("/v2%2Fa/manifests/x").is_none());
        assert!(match_route("/v3/").is_none());
        assert_eq!(percent_decode("a%2Fb%2e", false).unwrap(), b"a/b.");
        assert_eq!(percent_decode("a+b", true).unwrap(), b"a b");
        assert!(percent_decode("%zz", false).is_none());
        assert!(percent_decode("%2", false).is_none());
    }

    #[test]
    fn the_ns_parameter_is_read_like_go() {
        assert_eq!(
            query_value("ns=docker.io", "ns").as_deref(),
            Some("docker.io")
        );
        assert_eq!(
            query_value("a=1&ns=registry.k8s.io%3A443&ns=x", "ns").as_deref(),
            Some("registry.k8s.io:443")
        );
        assert_eq!(
            query_value("ns=%zz&ns=ghcr.io", "ns").as_deref(),
            Some("ghcr.io")
        );
        assert_eq!(query_value("ns=a;b&ns=c", "ns").as_deref(), Some("c"));
        assert_eq!(query_value("ns", "ns").as_deref(), Some(""));
        assert_eq!(query_value("other=1", "ns"), None);
    }
}
