//! Pulling images from registries over the OCI distribution API (feature `registry`).
//!
//! [`RegistrySource`] is a [`Source`] backed by `oci-client`. It is called from plain
//! threads (the cache's download workers): it owns a small tokio runtime and blocks the
//! calling thread on each request, so callers never see async code. Blobs are streamed into
//! the caller's sink chunk by chunk and are never held in memory whole.
//!
//! **Authentication** follows Docker: anonymous access, with the registry's bearer-token
//! challenge answered automatically, or the credentials of the Docker config file
//! (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`): `auths.<host>.auth`
//! (base64 `user:password`), `auths.<host>.username`/`password`, and the `credHelpers` /
//! `credsStore` helpers (`docker-credential-<name> get`). Docker Hub's key is
//! `https://index.docker.io/v1/`. Identity tokens (OAuth refresh tokens) are refused with
//! a clear error; log in with a user name and password (or a token as the password).
//!
//! **TLS** uses rustls with the *ring* provider and the system's trust store. A registry
//! is reached over HTTPS unless it is insecure ([`RegistryOptions::insecure`] or listed in
//! [`RegistryOptions::insecure_registries`]); an insecure registry is tried over HTTPS
//! without certificate checks first and over plain HTTP when TLS cannot be set up, like
//! `talosctl --insecure`. The scheme that worked is remembered per registry.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use docker_credential::{CredentialRetrievalError, DockerCredential};
use oci_client::client::{ClientConfig, ClientProtocol};
use oci_client::errors::{OciDistributionError, OciErrorCode};
use oci_client::manifest::OciDescriptor;
use oci_client::secrets::RegistryAuth;
use oci_client::{Client, Reference};

use crate::digest::Digest;
use crate::layout::Repository;
use crate::manifest::ACCEPTED_MEDIA_TYPES;
use crate::reference::ManifestRef;
use crate::source::{Source, SourceError};

/// The key Docker files Docker Hub credentials under.
pub const DOCKER_HUB_CONFIG_KEY: &str = "https://index.docker.io/v1/";

/// The `User-Agent` of every request.
const USER_AGENT: &str = concat!("talos-imagecache/", env!("CARGO_PKG_VERSION"));

/// How a [`RegistrySource`] reaches registries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryOptions {
    /// Treat every registry as insecure: plain HTTP, or HTTPS without certificate checks
    /// (`talosctl --insecure`).
    pub insecure: bool,
    /// Registries (`host` or `host:port`, as written in image references) that are
    /// insecure even when [`insecure`](Self::insecure) is off.
    pub insecure_registries: Vec<String>,
    /// The Docker config file with credentials. `None` means `$DOCKER_CONFIG/config.json`,
    /// else `~/.docker/config.json`; a missing default file means anonymous access, a
    /// missing explicit file is an error.
    pub docker_config: Option<PathBuf>,
    /// How many requests the caller runs at once (its download workers); sizes the client's
    /// I/O threads. Zero counts as one.
    pub concurrency: usize,
    /// The limit for setting up a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// The limit for waiting on any single read from a registry; a stalled transfer fails
    /// after this long without data.
    pub read_timeout: Duration,
}

impl Default for RegistryOptions {
    fn default() -> RegistryOptions {
        RegistryOptions {
            insecure: false,
            insecure_registries: Vec::new(),
            docker_config: None,
            concurrency: 4,
            connect_timeout: Duration::from_secs(30),
            read_timeout: Duration::from_secs(120),
        }
    }
}

/// The scheme found to work for an insecure registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Https,
    Http,
}

/// The source of a `create`: the OCI layouts when any are given
/// ([`OciLayoutSource::from_specs`]), else the registries.
pub fn layouts_or_registries<S: AsRef<str>>(
    layouts: &[S],
    registries: RegistryOptions,
) -> Result<Box<dyn Source>, SourceError> {
    if layouts.is_empty() {
        Ok(Box::new(RegistrySource::new(registries)?))
    } else {
        Ok(Box::new(crate::oci_layout::OciLayoutSource::from_specs(
            layouts,
        )?))
    }
}

/// A [`Source`] that pulls from registries (see the [module docs](self)).
pub struct RegistrySource {
    /// `Some` until dropped; shut down without waiting on drop.
    runtime: Option<tokio::runtime::Runtime>,
    /// HTTPS with certificate verification.
    secure: Client,
    /// HTTPS without certificate verification (insecure registries).
    insecure_https: Client,
    /// Plain HTTP (insecure registries).
    insecure_http: Client,
    insecure_all: bool,
    insecure_registries: HashSet<String>,
    /// The Docker config file that was read, and its bytes.
    docker_config: Option<(PathBuf, Vec<u8>)>,
    /// Credentials per registry host, looked up once (helpers run once).
    auth: Mutex<HashMap<String, Result<RegistryAuth, String>>>,
    /// The scheme that worked per insecure registry.
    schemes: Mutex<HashMap<String, Scheme>>,
}

impl fmt::Debug for RegistrySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the credentials: only which registries have which kind.
        let auth: Vec<(String, &'static str)> = lock(&self.auth)
            .iter()
            .map(|(host, auth)| {
                let kind = match auth {
                    Ok(RegistryAuth::Anonymous) => "anonymous",
                    Ok(RegistryAuth::Basic(..)) => "basic",
                    Ok(RegistryAuth::Bearer(..)) => "bearer",
                    Err(_) => "error",
                };
                (host.clone(), kind)
            })
            .collect();
        f.debug_struct("RegistrySource")
            .field("insecure", &self.insecure_all)
            .field("insecure_registries", &self.insecure_registries)
            .field(
                "docker_config",
                &self.docker_config.as_ref().map(|(path, _)| path),
            )
            .field("auth", &auth)
            .finish_non_exhaustive()
    }
}

impl Drop for RegistrySource {
    fn drop(&mut self) {
        // Dropping a runtime blocks; doing so inside another runtime would panic.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Makes rustls use *ring* unless the process already chose a provider.
fn install_crypto_provider() {
    // Err means a provider is installed already (by us or the application): fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl RegistrySource {
    /// A source with `options`. Reads the Docker config file now (credential helpers run
    /// later, once per registry).
    pub fn new(options: RegistryOptions) -> Result<RegistrySource, SourceError> {
        install_crypto_provider();
        let docker_config = read_docker_config(options.docker_config.as_deref())?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.concurrency.clamp(1, 8))
            .thread_name("talos-imagecache-registry")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|err| SourceError::Client(format!("cannot start the I/O runtime: {err}")))?;
        let client = |protocol: ClientProtocol, accept_invalid_certificates: bool| {
            let config = ClientConfig {
                protocol,
                accept_invalid_certificates,
                // Raw manifests only: the cache picks platforms itself.
                platform_resolver: None,
                connect_timeout: Some(options.connect_timeout),
                read_timeout: Some(options.read_timeout),
                user_agent: USER_AGENT,
                ..ClientConfig::default()
            };
            Client::try_from(config).map_err(|err| {
                SourceError::Client(format!("cannot create the HTTP client: {}", chain(&err)))
            })
        };
        Ok(RegistrySource {
            secure: client(ClientProtocol::Https, false)?,
            insecure_https: client(ClientProtocol::Https, true)?,
            insecure_http: client(ClientProtocol::Http, false)?,
            runtime: Some(runtime),
            insecure_all: options.insecure,
            insecure_registries: options.insecure_registries.iter().cloned().collect(),
            docker_config,
            auth: Mutex::new(HashMap::new()),
            schemes: Mutex::new(HashMap::new()),
        })
    }

    /// Whether `registry` (as in a reference) is reached without TLS verification.
    pub fn is_insecure(&self, registry: &str) -> bool {
        self.insecure_all || self.insecure_registries.contains(registry)
    }

    /// The Docker config file credentials come from, if one was found.
    pub fn docker_config_path(&self) -> Option<&Path> {
        self.docker_config.as_ref().map(|(path, _)| path.as_path())
    }

    /// Runs `future` on the runtime from a plain thread.
    fn block_on<F: std::future::Future>(
        &self,
        registry: &str,
        future: F,
    ) -> Result<F::Output, SourceError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(SourceError::Registry {
                registry: registry.to_owned(),
                message: "RegistrySource is blocking and must not be called from async code \
                          (use spawn_blocking)"
                    .into(),
            });
        }
        match &self.runtime {
            Some(runtime) => Ok(runtime.block_on(future)),
            None => Err(SourceError::Client("the I/O runtime is shut down".into())),
        }
    }

    /// The credentials for `registry`, looked up once.
    fn auth_for(&self, registry: &str) -> Result<RegistryAuth, SourceError> {
        if let Some(found) = lock(&self.auth).get(registry) {
            return found.clone().map_err(|message| SourceError::Auth {
                registry: registry.to_owned(),
                message,
            });
        }
        // Helpers may be slow; run them without the lock (a race only repeats the lookup).
        let found = match &self.docker_config {
            None => Ok(RegistryAuth::Anonymous),
            Some((path, bytes)) => credentials(path, bytes, registry),
        };
        lock(&self.auth).insert(registry.to_owned(), found.clone());
        found.map_err(|message| SourceError::Auth {
            registry: registry.to_owned(),
            message,
        })
    }

    /// Runs `op` with the right client for `registry`: the verifying HTTPS client, or for an
    /// insecure registry the scheme that worked before, else HTTPS then plain HTTP.
    /// `may_retry` tells whether a failed first attempt left nothing behind.
    async fn with_client<'s, T>(
        &'s self,
        registry: &str,
        mut op: impl AsyncFnMut(&'s Client) -> Result<T, OciDistributionError>,
        may_retry: impl Fn() -> bool,
    ) -> Result<T, Attempt> {
        if !self.is_insecure(registry) {
            return op(&self.secure).await.map_err(|error| Attempt {
                error,
                scheme: "https",
                insecure: false,
            });
        }
        let known = lock(&self.schemes).get(registry).copied();
        match known {
            Some(Scheme::Https) => op(&self.insecure_https).await.map_err(|error| Attempt {
                error,
                scheme: "https",
                insecure: true,
            }),
            Some(Scheme::Http) => op(&self.insecure_http).await.map_err(|error| Attempt {
                error,
                scheme: "http",
                insecure: true,
            }),
            None => match op(&self.insecure_https).await {
                Err(error) if is_connect_error(&error) && may_retry() => {
                    let result = op(&self.insecure_http).await;
                    if !matches!(&result, Err(error) if is_connect_error(error)) {
                        lock(&self.schemes).insert(registry.to_owned(), Scheme::Http);
                    }
                    result.map_err(|error| Attempt {
                        error,
                        scheme: "HTTPS, then plain HTTP",
                        insecure: true,
                    })
                }
                result => {
                    if !matches!(&result, Err(error) if is_connect_error(error)) {
                        lock(&self.schemes).insert(registry.to_owned(), Scheme::Https);
                    }
                    result.map_err(|error| Attempt {
                        error,
                        scheme: "https",
                        insecure: true,
                    })
                }
            },
        }
    }
}

/// A failed request and how it was made.
struct Attempt {
    error: OciDistributionError,
    /// The scheme(s) tried, for messages.
    scheme: &'static str,
    insecure: bool,
}

/// Reads the Docker config file: the explicit one (must exist), or the default one (may
/// be missing).
fn read_docker_config(explicit: Option<&Path>) -> Result<Option<(PathBuf, Vec<u8>)>, SourceError> {
    let (path, required) = match explicit {
        Some(path) => (path.to_path_buf(), true),
        None => match default_docker_config() {
            Some(path) => (path, false),
            None => return Ok(None),
        },
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound && !required => return Ok(None),
        Err(source) => {
            return Err(SourceError::Io {
                path: path.display().to_string(),
                source,
            });
        }
    };
    if let Err(err) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes) {
        return Err(SourceError::Malformed(format!(
            "{}: not a Docker config file: {err}",
            path.display()
        )));
    }
    Ok(Some((path, bytes)))
}

/// `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`.
fn default_docker_config() -> Option<PathBuf> {
    let dir = match std::env::var_os("DOCKER_CONFIG") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            PathBuf::from(std::env::var_os("HOME").filter(|home| !home.is_empty())?).join(".docker")
        }
    };
    Some(dir.join("config.json"))
}

/// The key a registry's credentials are filed under in a Docker config.
fn config_key(registry: &str) -> &str {
    match registry {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB_CONFIG_KEY,
        other => other,
    }
}

/// Looks `registry` up in a Docker config (running a credential helper if it names one).
/// The error is a message for [`SourceError::Auth`] and never holds a secret.
fn credentials(path: &Path, config: &[u8], registry: &str) -> Result<RegistryAuth, String> {
    match docker_credential::get_credential_from_reader(config, config_key(registry)) {
        Ok(DockerCredential::UsernamePassword(username, password)) => {
            Ok(RegistryAuth::Basic(username, password))
        }
        Ok(DockerCredential::IdentityToken(_)) => Err(format!(
            "{} holds an identity token for this registry, which is not supported; \
             log in with a user name and password (or an access token as the password)",
            path.display()
        )),
        Err(CredentialRetrievalError::NoCredentialConfigured) => Ok(RegistryAuth::Anonymous),
        // Helpers say "credentials not found" for registries they have nothing for.
        Err(CredentialRetrievalError::HelperFailure { stdout, stderr, .. })
            if (stdout.to_lowercase() + &stderr.to_lowercase()).contains("not found") =>
        {
            Ok(RegistryAuth::Anonymous)
        }
        Err(CredentialRetrievalError::HelperFailure { helper, stderr, .. }) => Err(format!(
            "credential helper {helper} failed: {}",
            stderr.trim()
        )),
        Err(CredentialRetrievalError::HelperCommunicationError) => Err(format!(
            "cannot run the credential helper named in {} (is docker-credential-<name> on PATH?)",
            path.display()
        )),
        Err(err) => Err(format!("{}: {err}", path.display())),
    }
}

/// The oci-client reference of a manifest.
fn manifest_reference(repository: &Repository, reference: ManifestRef<'_>) -> Reference {
    match reference {
        ManifestRef::Tag(tag) => Reference::with_tag(
            repository.registry.clone(),
            repository.path.clone(),
            tag.to_owned(),
        ),
        ManifestRef::Digest(digest) => Reference::with_digest(
            repository.registry.clone(),
            repository.path.clone(),
            digest.to_string(),
        ),
    }
}

/// Whether the request never reached HTTP (refused, unreachable, TLS handshake failed).
fn is_connect_error(error: &OciDistributionError) -> bool {
    matches!(error, OciDistributionError::RequestError(err) if err.is_connect())
}

/// Whether a registry answered "not found".
fn is_not_found(error: &OciDistributionError) -> bool {
    match error {
        OciDistributionError::RegistryError { envelope, .. } => {
            envelope.errors.iter().any(|error| {
                matches!(
                    error.code,
                    OciErrorCode::ManifestUnknown
                        | OciErrorCode::NameUnknown
                        | OciErrorCode::NotFound
                        | OciErrorCode::BlobUnknown
                )
            })
        }
        OciDistributionError::ServerError { code, .. } => *code == 404,
        OciDistributionError::ImageManifestNotFoundError(_) => true,
        _ => false,
    }
}

/// An error and its causes, `: `-separated (reqwest's own message is terse).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Keeps error text from a registry short.
fn clip(text: &str) -> String {
    const LIMIT: usize = 300;
    let text = text.trim();
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The `SourceError` of a failed request about `what` in `registry`.
fn map_error(registry: &str, what: &str, attempt: Attempt) -> SourceError {
    let Attempt {
        error,
        scheme,
        insecure,
    } = attempt;
    let auth = |message: String| SourceError::Auth {
        registry: registry.to_owned(),
        message,
    };
    let other = |message: String| SourceError::Registry {
        registry: registry.to_owned(),
        message,
    };
    match error {
        OciDistributionError::UnauthorizedError { url } => auth(format!(
            "{what}: the registry refused access (401 for {url}); check the credentials"
        )),
        OciDistributionError::AuthenticationFailure(reason) => auth(format!(
            "{what}: the token service refused the credentials: {}",
            clip(&reason)
        )),
        OciDistributionError::RegistryError { envelope, url } => {
            let denied = envelope.errors.iter().any(|error| {
                matches!(
                    error.code,
                    OciErrorCode::Unauthorized | OciErrorCode::Denied
                )
            });
            let message = envelope
                .errors
                .iter()
                .map(|error| format!("{:?}: {}", error.code, clip(&error.message)))
                .collect::<Vec<_>>()
                .join("; ");
            if denied {
                auth(format!("{what}: access denied ({url}): {message}"))
            } else {
                other(format!("{what}: {url}: {message}"))
            }
        }
        OciDistributionError::ServerError {
            code: code @ (401 | 403),
            url,
            message,
        } => auth(format!("{what}: HTTP {code} for {url}: {}", clip(&message))),
        OciDistributionError::ServerError { code, url, message } => {
            other(format!("{what}: HTTP {code} for {url}: {}", clip(&message)))
        }
        OciDistributionError::DigestError(err) => SourceError::Malformed(format!(
            "{registry}: {what}: content does not match its digest: {err}"
        )),
        OciDistributionError::RequestError(err)
            if err.is_connect() && scheme == "https" && !insecure =>
        {
            other(format!(
                "{what}: cannot connect over HTTPS: {}; if the registry serves plain HTTP or an \
             untrusted certificate, mark it insecure",
                chain(&err)
            ))
        }
        OciDistributionError::RequestError(err) if err.is_timeout() => {
            other(format!("{what}: timed out ({scheme}): {}", chain(&err)))
        }
        err => other(format!("{what} ({scheme}): {}", chain(&err))),
    }
}

impl Source for RegistrySource {
    fn manifest(
        &self,
        repository: &Repository,
        reference: ManifestRef<'_>,
    ) -> Result<Option<Vec<u8>>, SourceError> {
        let registry = repository.registry.as_str();
        let auth = self.auth_for(registry)?;
        let image = manifest_reference(repository, reference);
        let what = format!("manifest {}:{reference}", repository.path);
        let result = self.block_on(registry, async {
            self.with_client(
                registry,
                async |client| {
                    client
                        .pull_manifest_raw(&image, &auth, ACCEPTED_MEDIA_TYPES)
                        .await
                },
                || true,
            )
            .await
        })?;
        match result {
            Ok((bytes, _digest)) => Ok(Some(bytes.to_vec())),
            Err(attempt) if is_not_found(&attempt.error) => Ok(None),
            Err(attempt) => Err(map_error(registry, &what, attempt)),
        }
    }

    fn blob(
        &self,
        repository: &Repository,
        digest: &Digest,
        size: u64,
        sink: &mut dyn Write,
    ) -> Result<(), SourceError> {
        let registry = repository.registry.as_str();
        let auth = self.auth_for(registry)?;
        let image = Reference::with_digest(
            repository.registry.clone(),
            repository.path.clone(),
            digest.to_string(),
        );
        let descriptor = OciDescriptor {
            digest: digest.to_string(),
            size: i64::try_from(size).unwrap_or(i64::MAX),
            ..OciDescriptor::default()
        };
        let what = format!("blob {digest} of {}", repository.path);
        let written = Cell::new(0);
        let mut sink = SyncSink {
            inner: sink,
            written: &written,
            limit: size,
            error: None,
        };
        let result = self.block_on(registry, async {
            self.with_client(
                registry,
                async |client| {
                    client
                        .store_auth_if_needed(image.resolve_registry(), &auth)
                        .await;
                    client.pull_blob(&image, &descriptor, &mut sink).await
                },
                || written.get() == 0,
            )
            .await
        })?;
        if let Some(error) = sink.error {
            return Err(error.into_source_error(registry, &what));
        }
        match result {
            Ok(()) if written.get() == size => Ok(()),
            Ok(()) => Err(SourceError::Malformed(format!(
                "{registry}: {what}: the registry sent {} bytes, the manifest says {size}",
                written.get()
            ))),
            Err(attempt) if is_not_found(&attempt.error) => Err(SourceError::Registry {
                registry: registry.to_owned(),
                message: format!("{what}: not found"),
            }),
            Err(attempt) => Err(map_error(registry, &what, attempt)),
        }
    }
}

/// Why [`SyncSink`] refused a write.
enum SinkError {
    /// The caller's sink failed.
    Sink(io::Error),
    /// The registry sent more than the manifest's size.
    TooLong(u64),
}

impl SinkError {
    fn into_source_error(self, registry: &str, what: &str) -> SourceError {
        match self {
            SinkError::Sink(error) => SourceError::Sink(error),
            SinkError::TooLong(size) => SourceError::Malformed(format!(
                "{registry}: {what}: the registry sent more than the {size} bytes the manifest says"
            )),
        }
    }
}

/// The caller's blocking sink as an `AsyncWrite`. Writes happen on the thread that blocks
/// in [`RegistrySource::block_on`], never on a runtime worker, so blocking is fine. It
/// refuses more than `limit` bytes so a bad registry cannot fill the disk.
struct SyncSink<'a> {
    inner: &'a mut dyn Write,
    /// Shared with the caller, which reads it while the sink is lent to a request.
    written: &'a Cell<u64>,
    limit: u64,
    error: Option<SinkError>,
}

impl SyncSink<'_> {
    fn fail(&mut self, error: SinkError) -> io::Error {
        let kind = match &error {
            SinkError::Sink(error) => error.kind(),
            SinkError::TooLong(_) => io::ErrorKind::InvalidData,
        };
        self.error = Some(error);
        io::Error::new(kind, "blob sink refused the write")
    }
}

impl tokio::io::AsyncWrite for SyncSink<'_> {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.written.get().saturating_add(buf.len() as u64) > this.limit {
            return Poll::Ready(Err(this.fail(SinkError::TooLong(this.limit))));
        }
        loop {
            match this.inner.write(buf) {
                Ok(n) => {
                    this.written.set(this.written.get() + n as u64);
                    return Poll::Ready(Ok(n));
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Poll::Ready(Err(this.fail(SinkError::Sink(error)))),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.inner.flush() {
            Ok(()) => Poll::Ready(Ok(())),
            Err(error) => Poll::Ready(Err(this.fail(SinkError::Sink(error)))),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_flush(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Vec<u8> {
        json.as_bytes().to_vec()
    }

    #[test]
    fn credentials_come_from_auth_and_username_fields() {
        let path = Path::new("/x/config.json");
        // "user:pa:ss" — the password may contain colons.
        let bytes = config(
            r#"{"auths": {
                "localhost:5000": {"auth": "dXNlcjpwYTpzcw=="},
                "https://index.docker.io/v1/": {"username": "hub", "password": "hubpw"},
                "https://ghcr.io/v2/": {"auth": "Z2g6dG9r"}
            }}"#,
        );
        assert_eq!(
            credentials(path, &bytes, "localhost:5000"),
            Ok(RegistryAuth::Basic("user".into(), "pa:ss".into()))
        );
        assert_eq!(
            credentials(path, &bytes, "docker.io"),
            Ok(RegistryAuth::Basic("hub".into(), "hubpw".into()))
        );
        assert_eq!(
            credentials(path, &bytes, "ghcr.io"),
            Ok(RegistryAuth::Basic("gh".into(), "tok".into()))
        );
        assert_eq!(
            credentials(path, &bytes, "quay.io"),
            Ok(RegistryAuth::Anonymous)
        );
    }

    #[test]
    fn identity_tokens_and_missing_helpers_are_clear_errors() {
        let path = Path::new("/x/config.json");
        let bytes = config(r#"{"auths": {"r.example": {"identitytoken": "secret-refresh"}}}"#);
        let err = credentials(path, &bytes, "r.example").unwrap_err();
        assert!(err.contains("identity token"), "{err}");
        assert!(!err.contains("secret-refresh"), "{err}");
        let bytes = config(r#"{"credHelpers": {"h.example": "talos-kit-no-such-helper"}}"#);
        let err = credentials(path, &bytes, "h.example").unwrap_err();
        assert!(err.contains("credential helper"), "{err}");
    }

    #[test]
    fn explicit_config_must_exist_and_parse() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.json");
        assert!(matches!(
            read_docker_config(Some(&missing)),
            Err(SourceError::Io { .. })
        ));
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"not json").unwrap();
        assert!(matches!(
            read_docker_config(Some(&bad)),
            Err(SourceError::Malformed(_))
        ));
        let good = dir.path().join("good.json");
        std::fs::write(&good, br#"{"auths": {}}"#).unwrap();
        assert!(read_docker_config(Some(&good)).unwrap().is_some());
    }

    #[test]
    fn debug_output_hides_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(
            &path,
            br#"{"auths": {"r.example": {"username": "u", "password": "hunter2-secret"}}}"#,
        )
        .unwrap();
        let source = RegistrySource::new(RegistryOptions {
            docker_config: Some(path),
            ..RegistryOptions::default()
        })
        .unwrap();
        source.auth_for("r.example").unwrap();
        let debug = format!("{source:?}");
        assert!(
            debug.contains("r.example") && debug.contains("basic"),
            "{debug}"
        );
        assert!(!debug.contains("hunter2"), "{debug}");
    }

    #[test]
    fn not_found_is_recognised() {
        let envelope: oci_client::errors::OciEnvelope = serde_json::from_str(
            r#"{"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]}"#,
        )
        .unwrap();
        assert!(is_not_found(&OciDistributionError::RegistryError {
            envelope,
            url: "u".into()
        }));
        assert!(is_not_found(&OciDistributionError::ServerError {
            code: 404,
            url: "u".into(),
            message: String::new()
        }));
        assert!(!is_not_found(&OciDistributionError::ServerError {
            code: 500,
            url: "u".into(),
            message: String::new()
        }));
        let envelope: oci_client::errors::OciEnvelope =
            serde_json::from_str(r#"{"errors": [{"code": "DENIED", "message": "no"}]}"#).unwrap();
        let error = map_error(
            "r",
            "manifest x",
            Attempt {
                error: OciDistributionError::RegistryError {
                    envelope,
                    url: "u".into(),
                },
                scheme: "https",
                insecure: false,
            },
        );
        assert!(matches!(error, SourceError::Auth { .. }), "{error}");
    }

    #[test]
    fn calling_from_async_code_is_an_error_not_a_panic() {
        let source = RegistrySource::new(RegistryOptions {
            docker_config: Some(PathBuf::from("/dev/null/none")),
            ..RegistryOptions::default()
        });
        // /dev/null/none cannot exist: an explicit config must.
        assert!(source.is_err());
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        std::fs::write(&config, b"{}").unwrap();
        let source = RegistrySource::new(RegistryOptions {
            docker_config: Some(config),
            ..RegistryOptions::default()
        })
        .unwrap();
        let outer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let repository = Repository {
            registry: "127.0.0.1:1".into(),
            path: "x".into(),
        };
        let result = outer.block_on(async { source.manifest(&repository, ManifestRef::Tag("v1")) });
        assert!(
            matches!(result, Err(SourceError::Registry { .. })),
            "{result:?}"
        );
        drop(outer);
    }
}
