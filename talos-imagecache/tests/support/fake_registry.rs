//! A tiny scripted registry on 127.0.0.1 (std only, one thread per connection, every
//! connection closed after one response). It serves exactly the bytes it is given, so tests
//! can make it lie (a blob whose bytes do not match its digest), and it can demand a bearer
//! token the way Docker Hub does: `401` with `WWW-Authenticate: Bearer realm=…,service=…,
//! scope=…`, a token endpoint at `/token`, then `Authorization: Bearer <token>`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

/// Bearer-token authentication the fake demands.
#[derive(Debug, Clone)]
pub struct FakeBearer {
    /// The `service` of the challenge; the token request must repeat it.
    pub service: String,
    /// The token handed out and then required.
    pub token: String,
    /// Basic credentials the token endpoint requires, if any.
    pub basic: Option<(String, String)>,
}

/// What the fake serves.
#[derive(Debug, Clone, Default)]
pub struct FakeContent {
    /// `(repository, tag or digest)` → `(media type, bytes)`.
    pub manifests: HashMap<(String, String), (String, Vec<u8>)>,
    /// `(repository, digest)` → bytes, served as they are (they need not match the digest).
    pub blobs: HashMap<(String, String), Vec<u8>>,
    /// Demand a bearer token.
    pub bearer: Option<FakeBearer>,
}

impl FakeContent {
    /// Adds a manifest under its tag (if any) and its digest; returns the digest.
    pub fn add_manifest(
        &mut self,
        repository: &str,
        tag: Option<&str>,
        media_type: &str,
        bytes: &[u8],
    ) -> String {
        let digest = sha256(bytes);
        let value = (media_type.to_owned(), bytes.to_vec());
        if let Some(tag) = tag {
            self.manifests
                .insert((repository.to_owned(), tag.to_owned()), value.clone());
        }
        self.manifests
            .insert((repository.to_owned(), digest.clone()), value);
        digest
    }

    /// Serves `bytes` as blob `digest` of `repository` (whatever the bytes are).
    pub fn add_blob(&mut self, repository: &str, digest: &str, bytes: &[u8]) {
        self.blobs
            .insert((repository.to_owned(), digest.to_owned()), bytes.to_vec());
    }
}

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// One request the fake saw.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// Path and query.
    pub target: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
}

/// A running fake, stopped on drop.
pub struct FakeRegistry {
    port: u16,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for FakeRegistry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl FakeRegistry {
    /// Starts serving `content` on a free port of 127.0.0.1.
    pub fn start(content: FakeContent) -> FakeRegistry {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let content = Arc::new(content);
        let thread = {
            let (stop, seen) = (stop.clone(), seen.clone());
            std::thread::spawn(move || {
                let mut workers = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (content, seen) = (content.clone(), seen.clone());
                            workers.push(std::thread::spawn(move || {
                                let _ = handle(stream, port, &content, &seen);
                            }));
                        }
                        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(_) => break,
                    }
                    workers.retain(|worker: &JoinHandle<()>| !worker.is_finished());
                }
                // Workers time out on their own (bounded reads and writes).
                for worker in workers {
                    let _ = worker.join();
                }
            })
        };
        FakeRegistry {
            port,
            stop,
            seen,
            thread: Some(thread),
        }
    }

    /// `127.0.0.1:<port>`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The requests seen so far.
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.seen.lock().unwrap().clone()
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    fn body(mut self, content_type: &str, body: Vec<u8>) -> Response {
        self.headers
            .push(("Content-Type".into(), content_type.to_owned()));
        self.body = body;
        self
    }

    fn error(status: u16, code: &str) -> Response {
        let body = format!(
            r#"{{"errors":[{{"code":"{code}","message":"{}"}}]}}"#,
            code.to_lowercase()
        );
        Response::new(status).body("application/json", body.into_bytes())
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Other",
    }
}

fn handle(
    stream: TcpStream,
    port: u16,
    content: &FakeContent,
    seen: &Mutex<Vec<SeenRequest>>,
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    // A TLS ClientHello (an insecure client trying HTTPS first) is not a request: close.
    if reader.read_line(&mut request_line)? == 0 || !request_line.ends_with("HTTP/1.1\r\n") {
        return Ok(());
    }
    let mut authorization = None;
    for _ in 0..100 {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || Instant::now() > deadline {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("authorization")
        {
            authorization = Some(value.trim().to_owned());
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("").to_owned(),
        parts.next().unwrap_or("").to_owned(),
    );
    seen.lock().unwrap().push(SeenRequest {
        method: method.clone(),
        target: target.clone(),
        authorization: authorization.clone(),
    });
    let response = route(&method, &target, authorization.as_deref(), port, content);
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    )?;
    for (name, value) in &response.headers {
        write!(out, "{name}: {value}\r\n")?;
    }
    write!(
        out,
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&response.body)?;
    }
    out.flush()
}

/// Splits `/v2/<name>/<kind>/<reference>` into `(name, kind, reference)`.
fn split_v2(path: &str) -> Option<(&str, &str, &str)> {
    let rest = path.strip_prefix("/v2/")?;
    let (rest, reference) = rest.rsplit_once('/')?;
    let (name, kind) = rest.rsplit_once('/')?;
    Some((name, kind, reference))
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| percent_decode(v))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(
    method: &str,
    target: &str,
    authorization: Option<&str>,
    port: u16,
    content: &FakeContent,
) -> Response {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method != "GET" && method != "HEAD" {
        return Response::error(400, "UNSUPPORTED");
    }
    if let Some(bearer) = &content.bearer {
        if path == "/token" {
            if let Some((user, password)) = &bearer.basic {
                let expected = format!(
                    "Basic {}",
                    super::registry::base64_encode(format!("{user}:{password}").as_bytes())
                );
                if authorization != Some(expected.as_str()) {
                    return Response::error(401, "UNAUTHORIZED");
                }
            }
            let scope_ok = query_param(query, "scope")
                .is_some_and(|scope| scope.starts_with("repository:") && scope.ends_with(":pull"));
            if query_param(query, "service").as_deref() != Some(bearer.service.as_str())
                || !scope_ok
            {
                return Response::error(400, "UNSUPPORTED");
            }
            let body = format!(r#"{{"token":"{}","expires_in":300}}"#, bearer.token);
            return Response::new(200).body("application/json", body.into_bytes());
        }
        if authorization != Some(format!("Bearer {}", bearer.token).as_str()) {
            let scope = split_v2(path)
                .map(|(name, _, _)| format!(",scope=\"repository:{name}:pull\""))
                .unwrap_or_default();
            return Response::error(401, "UNAUTHORIZED").header(
                "WWW-Authenticate",
                format!(
                    "Bearer realm=\"http://127.0.0.1:{port}/token\",service=\"{}\"{scope}",
                    bearer.service
                ),
            );
        }
    }
    if path == "/v2/" {
        return Response::new(200).body("application/json", b"{}".to_vec());
    }
    match split_v2(path) {
        Some((name, "manifests", reference)) => match content
            .manifests
            .get(&(name.to_owned(), reference.to_owned()))
        {
            Some((media_type, bytes)) => Response::new(200)
                .header("Docker-Content-Digest", sha256(bytes))
                .body(media_type, bytes.clone()),
            None => Response::error(404, "MANIFEST_UNKNOWN"),
        },
        Some((name, "blobs", digest)) => {
            match content.blobs.get(&(name.to_owned(), digest.to_owned())) {
                Some(bytes) => Response::new(200).body("application/octet-stream", bytes.clone()),
                None => Response::error(404, "BLOB_UNKNOWN"),
            }
        }
        _ => Response::error(404, "NAME_UNKNOWN"),
    }
}
