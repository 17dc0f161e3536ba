//! registryd's lookup: from a request path (`/v2/<name>/manifests/<ref>`) and the `ns`
//! query parameter to a file in one of several flat cache trees.
//!
//! This module has no HTTP types; [`crate::serve`] (feature `serve`) wraps it in a server,
//! and embedders can call it directly. It reproduces Talos' registryd:
//!
//! * [`parse_request_path`] takes the text after `/v2/`, cleans it like Go's `path.Clean`,
//!   splits it on `/`, and checks the segment count (404), the `manifests`/`blobs` segment
//!   (404) and the repository name grammar (400).
//! * [`Roots::resolve`] finds the registry (the `ns` parameter, or a scan of `manifests/`
//!   when it is absent), normalises the reference like distribution's `ParseDockerRef`,
//!   resolves tags through `reference/<tag>` and a hash-checked `digest/` file, and finds
//!   manifests per repository and blobs in the global `blob/` pool.
//! * [`Roots`] is an ordered list of cache roots with per-file fallback: every open and
//!   stat tries the roots in order and the first success wins; a file is "not found" only
//!   when every root says so.
//!
//! Errors carry registryd's status code ([`LookupError::status`]): 400, 404 or 500.

use std::borrow::Cow;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use crate::digest::Digest;
use crate::layout::{
    BLOB_DIR, DIGEST_DIR, MANIFESTS_DIR, REFERENCE_DIR, registry_dir, registry_host,
};
use crate::manifest::served_media_type;

/// The longest repository name, domain included, that the reference grammar accepts.
const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// What a request asks for: the second-to-last path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `…/manifests/<reference>`: a manifest, by tag or digest, in one repository.
    Manifest,
    /// `…/blobs/<digest>`: a blob from the global pool.
    Blob,
}

impl Kind {
    /// The path segment naming this kind: `manifests` or `blobs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Manifest => "manifests",
            Kind::Blob => "blobs",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed `/v2/<name>/<kind>/<reference>` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    /// The repository name as requested (`alpine`, `library/alpine`, `coredns/coredns`);
    /// it matches the distribution name grammar but is not normalised yet.
    pub name: String,
    /// Manifest or blob.
    pub kind: Kind,
    /// The last segment: a tag or a `sha256:` digest, not validated yet.
    pub reference: String,
}

/// Why a lookup failed; [`status`](LookupError::status) is the HTTP status registryd
/// answers with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// The path has fewer than three segments, or its second-to-last segment is neither
    /// `manifests` nor `blobs` (404).
    #[error("unknown route {path:?}: want <name>/manifests/<reference> or <name>/blobs/<digest>")]
    UnknownRoute {
        /// The cleaned path after `/v2/`.
        path: String,
    },
    /// The repository name does not match the distribution name grammar (400).
    #[error("invalid repository name {0:?}")]
    InvalidName(String),
    /// The name and reference do not form a valid image reference (400).
    #[error("invalid reference {reference:?}: {reason}")]
    InvalidReference {
        /// The reference as it was parsed (`<ns>/<name>:<tag>` or `…@<digest>`).
        reference: String,
        /// What the grammar rejected.
        reason: String,
    },
    /// No `ns` parameter, and no registry directory holds the repository (400).
    #[error("missing ns: no registry in the cache holds repository {0:?}")]
    MissingNamespace(String),
    /// No `ns` parameter and no root has a readable `manifests/` directory (500).
    #[error("cannot list the registries: {0}")]
    NoManifestsDir(String),
    /// The cache has no roots at all; registryd would not even run (404).
    #[error("the image cache has no roots")]
    NoRoots,
    /// The tag, manifest or blob is in no root (404).
    #[error("{what} not found: {path}")]
    NotFound {
        /// `tag`, `manifest` or `blob`.
        what: &'static str,
        /// The path under the roots that was looked for.
        path: String,
    },
    /// A tag file exists but the digest file it names is missing or unreadable (500).
    #[error("tag {tag:?} names {digest}, but its manifest cannot be read: {source}")]
    DigestFileUnreadable {
        /// The tag.
        tag: String,
        /// sha256 of the tag file.
        digest: Digest,
        /// Why the digest file could not be read.
        source: io::Error,
    },
    /// The tag file and the digest file it names have different contents (500).
    #[error("tag {tag:?} names {expected}, but that manifest file hashes to {actual}")]
    TagMismatch {
        /// The tag.
        tag: String,
        /// sha256 of the tag file.
        expected: Digest,
        /// sha256 of the digest file.
        actual: Digest,
    },
    /// The reference pins a digest of another algorithm (sha384, sha512) (500).
    #[error("unsupported digest {0:?}: the cache stores sha256 only")]
    UnsupportedDigest(String),
    /// The manifest has no `mediaType` and is neither an index nor an image manifest (500).
    #[error("manifest {0} has no media type and is neither an index nor an image manifest")]
    UnknownMediaType(Digest),
    /// A file is there but is not a regular file (500).
    #[error("{0} is not a regular file")]
    NotAFile(PathBuf),
    /// Reading the cache failed (500).
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

impl LookupError {
    /// The HTTP status registryd answers with: 400, 404 or 500.
    pub fn status(&self) -> u16 {
        match self {
            LookupError::UnknownRoute { .. }
            | LookupError::NoRoots
            | LookupError::NotFound { .. } => 404,
            LookupError::InvalidName(_)
            | LookupError::InvalidReference { .. }
            | LookupError::MissingNamespace(_) => 400,
            LookupError::NoManifestsDir(_)
            | LookupError::DigestFileUnreadable { .. }
            | LookupError::TagMismatch { .. }
            | LookupError::UnsupportedDigest(_)
            | LookupError::UnknownMediaType(_)
            | LookupError::NotAFile(_)
            | LookupError::Io { .. } => 500,
        }
    }

    /// The error as one line of text (its `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// A file a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Found {
    /// The file, inside one of the roots.
    pub path: PathBuf,
    /// The digest served as `Docker-Content-Digest`: the requested digest, or for a tag
    /// the sha256 of the tag file.
    pub digest: Digest,
    /// The file size (`Content-Length`).
    pub size: u64,
    /// The manifest `Content-Type` ([`served_media_type`]); `None` for blobs, which
    /// registryd leaves to content sniffing.
    pub media_type: Option<String>,
    /// Manifest or blob.
    pub kind: Kind,
    /// A manifest's bytes, read during the lookup (registryd reads them whole to find the
    /// media type); `None` for blobs, which are streamed from [`path`](Found::path).
    pub contents: Option<Vec<u8>>,
    /// The time registryd serves as `Last-Modified`: the file's access time (registryd
    /// hands `atime` to Go's `ServeContent`), or its modification time on platforms
    /// without one.
    pub last_modified: Option<SystemTime>,
}

/// Go's `path.Clean`: the shortest path equivalent to `path` by purely lexical
/// processing. Repeated slashes collapse, `.` elements go, `..` elements eat the element
/// before them (and stay at the start of a relative path, or vanish at the root), and
/// trailing slashes go. An empty result is `.`.
pub fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    // How many leading `..` elements `parts` holds (they cannot be backtracked over).
    let mut fixed = 0;
    for element in path.split('/') {
        match element {
            "" | "." => {}
            ".." => {
                if parts.len() > fixed {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                    fixed += 1;
                }
            }
            _ => parts.push(element),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// Parses the path after `/v2/` as registryd does: [`clean_path`], split on `/`; fewer
/// than three segments or a second-to-last segment other than `manifests`/`blobs` is a
/// 404 ([`LookupError::UnknownRoute`]); the segments before it form the name, which must
/// match the distribution name grammar (400, [`LookupError::InvalidName`]); the last
/// segment is the reference.
pub fn parse_request_path(rest: &str) -> Result<RequestPath, LookupError> {
    let cleaned = if is_clean(rest) {
        Cow::Borrowed(rest)
    } else {
        Cow::Owned(clean_path(rest))
    };
    let unknown = || LookupError::UnknownRoute {
        path: cleaned.clone().into_owned(),
    };
    let Some((before, reference)) = cleaned.rsplit_once('/') else {
        return Err(unknown());
    };
    let Some((name, kind)) = before.rsplit_once('/') else {
        return Err(unknown());
    };
    let kind = match kind {
        "manifests" => Kind::Manifest,
        "blobs" => Kind::Blob,
        _ => return Err(unknown()),
    };
    // registryd tests the name with the distribution name pattern unanchored, so any name
    // holding one lowercase letter or digit passes here (`alpine:3.20` included); the
    // normalisation below is the real check.
    if !name
        .bytes()
        .any(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Err(LookupError::InvalidName(name.to_owned()));
    }
    Ok(RequestPath {
        name: name.to_owned(),
        kind,
        reference: reference.to_owned(),
    })
}

/// Whether [`clean_path`] would return `path` unchanged (a relative path without empty,
/// `.` or `..` elements).
fn is_clean(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|element| !matches!(element, "" | "." | ".."))
}

/// Whether `name` matches the distribution repository-name grammar, anchored:
/// `[domain[:port]/]component(/component)*`, where a component is lowercase alphanumeric
/// runs joined by `.`, `_`, `__` or runs of `-`, and a domain is dot-separated
/// alphanumeric labels (hyphens inside) or a bracketed IPv6 address.
pub fn is_valid_name(name: &str) -> bool {
    let mut parts = name.split('/');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    let rest_ok = rest.iter().all(|part| is_path_component(part));
    rest_ok && (is_path_component(first) || (!rest.is_empty() && is_domain(first)))
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
fn is_path_component(text: &str) -> bool {
    let bytes = text.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && alnum(bytes[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == bytes.len() {
            return true;
        }
        let separator = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        match &text[separator..i] {
            "." | "_" | "__" => {}
            dashes if dashes.bytes().all(|b| b == b'-') => {}
            _ => return false,
        }
    }
}

/// `host(:[0-9]+)?`, host being a domain name or `[ipv6]`.
fn is_domain(text: &str) -> bool {
    let (host, port) = if let Some(inner) = text.strip_prefix('[') {
        let Some(end) = inner.find(']') else {
            return false;
        };
        let address = &inner[..end];
        if address.is_empty() || !address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        (None, &inner[end + 1..])
    } else {
        match text.find(':') {
            Some(colon) => (Some(&text[..colon]), &text[colon..]),
            None => (Some(text), ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = host.is_none_or(|host| {
        host.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
    });
    port_ok && host_ok
}

/// `[\w][\w.-]{0,127}`.
fn is_valid_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(bytes[0])
        && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-')
}

/// What a normalised reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Tag(String),
    /// A digest that passed validation; only sha256 ones are `Ok`.
    Digest(Result<Digest, String>),
}

/// A reference normalised like distribution's `ParseDockerRef`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Normalized {
    /// The full repository name, `docker.io/library/alpine`.
    name: String,
    target: Target,
}

/// distribution's `splitDockerDomain`: the first component is the domain when it is
/// `localhost`, contains `.` or `:`, or has capitals; otherwise the domain is Docker Hub.
/// `index.docker.io` becomes `docker.io`, and one-component Hub names get `library/`.
/// Returns the domain, whether `library/` is added, and the rest.
fn split_docker_domain(text: &str) -> (&str, bool, &str) {
    let (domain, remainder) = match text.split_once('/') {
        None => ("docker.io", text),
        Some(("index.docker.io", rest)) => ("docker.io", rest),
        Some((first, rest))
            if first == "localhost"
                || first.contains(['.', ':'])
                // Go lowercases Unicode too; other non-ASCII text fails the grammar anyway.
                || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (first, rest)
        }
        Some(_) => ("docker.io", text),
    };
    (
        domain,
        domain == "docker.io" && !remainder.contains('/'),
        remainder,
    )
}

/// distribution's `ParseDockerRef`: normalise, validate, and keep only the digest when a
/// reference has both a tag and a digest.
fn parse_docker_ref(text: &str) -> Result<Normalized, String> {
    let (domain, library, remainder) = split_docker_domain(text);
    let remote = remainder.split(':').next().unwrap_or_default();
    if remote.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!("repository name {remote:?} must be lowercase"));
    }
    let mut full = String::with_capacity(domain.len() + remainder.len() + 9);
    full.push_str(domain);
    full.push('/');
    if library {
        full.push_str("library/");
    }
    full.push_str(remainder);
    let (named, digest) = match full.split_once('@') {
        Some((named, digest)) => (named, Some(digest)),
        None => (full.as_str(), None),
    };
    let (name, tag) = match named.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
        _ => (named, None),
    };
    if !is_valid_name(name) {
        return Err("invalid reference format".into());
    }
    if tag.is_some_and(|tag| !is_valid_tag(tag)) {
        return Err("invalid tag".into());
    }
    if name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(format!(
            "repository name longer than {NAME_TOTAL_LENGTH_MAX} characters"
        ));
    }
    let target = match (digest, tag) {
        (Some(digest), _) => Target::Digest(validate_digest(digest)?),
        (None, Some(tag)) => Target::Tag(tag.to_owned()),
        (None, None) => Target::Tag("latest".to_owned()),
    };
    // The name is a prefix of `full`.
    let name_len = name.len();
    full.truncate(name_len);
    Ok(Normalized { name: full, target })
}

/// The digest grammar and go-digest's validation: `sha256`, `sha384` and `sha512` with
/// the right number of lowercase hex digits are valid; only sha256 is `Ok(Ok(_))`.
fn validate_digest(text: &str) -> Result<Result<Digest, String>, String> {
    let Some((algorithm, hex)) = text.split_once(':') else {
        return Err("invalid digest format".into());
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.split(['-', '_', '+', '.']).all(|part| {
            part.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
                && part.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if !algorithm_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("invalid digest format".into());
    }
    let length = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err(format!("unsupported digest algorithm {algorithm:?}")),
    };
    if hex.len() != length || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err("invalid checksum digest".into());
    }
    Ok(match algorithm {
        "sha256" => Digest::parse(text).map_err(|err| err.to_string()),
        _ => Err(text.to_owned()),
    })
}

/// Normalises `<ns>/<name>` plus the reference (`@` before a `sha256:` reference, `:`
/// before anything else) and works out the repository directory under `manifests/`.
fn normalize(ns: &str, name: &str, reference: &str) -> Result<(Target, String), LookupError> {
    let separator = if reference.starts_with("sha256:") {
        '@'
    } else {
        ':'
    };
    let text = format!("{ns}/{name}{separator}{reference}");
    let normalized = parse_docker_ref(&text).map_err(|reason| LookupError::InvalidReference {
        reference: text.clone(),
        reason,
    })?;
    let dir = match normalized.name.strip_prefix(ns) {
        Some(rest) if ns.contains(':') => format!("{}{rest}", registry_dir(ns)),
        _ => normalized.name,
    };
    if !is_relative(&dir) {
        return Err(LookupError::InvalidReference {
            reference: text,
            reason: "not a safe cache path".into(),
        });
    }
    Ok((normalized.target, dir))
}

/// Whether every `/`-separated part of `text` is a plain path component (not empty,
/// `.`, `..` or otherwise special): defence in depth, the grammars already exclude them.
fn is_relative(text: &str) -> bool {
    text.split('/').all(|part| {
        let mut components = Path::new(part).components();
        matches!(
            (components.next(), components.next()),
            (Some(Component::Normal(_)), None)
        ) && !part.contains(['\\', '\0'])
    })
}

/// `parts` joined with `/` as a relative path.
fn relative_path(parts: &[&str]) -> PathBuf {
    let mut path = String::with_capacity(parts.iter().map(|part| part.len() + 1).sum());
    for part in parts {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
    }
    PathBuf::from(path)
}

/// `sha256-<hex>` without intermediate allocations.
fn file_name(digest: &Digest) -> String {
    let mut hex = [0u8; 64];
    // 32 bytes always fit 64 hex digits.
    let _ = hex::encode_to_slice(digest.as_bytes(), &mut hex);
    let mut name = String::with_capacity(71);
    name.push_str("sha256-");
    name.extend(hex.iter().map(|&b| b as char));
    name
}

/// How a lookup in every root failed.
enum Miss {
    /// Every root that exists said "not found".
    NotFound,
    /// Some root failed otherwise (the first such failure).
    Other(PathBuf, io::Error),
}

impl Miss {
    fn into_error(self, what: &'static str, relative: &Path) -> LookupError {
        match self {
            Miss::NotFound => LookupError::NotFound {
                what,
                path: relative.display().to_string(),
            },
            Miss::Other(path, source) => LookupError::Io { path, source },
        }
    }

    fn into_io(self) -> io::Error {
        match self {
            Miss::NotFound => io::Error::new(io::ErrorKind::NotFound, "in no cache root"),
            Miss::Other(_, source) => source,
        }
    }
}

/// Cache roots in priority order, with per-file fallback: every open and stat tries the
/// roots in order and the first success wins. A root that does not exist is skipped;
/// a file is "not found" only if every root says so, and any other failure (permission
/// denied, a file where a directory should be) is an error when no root succeeds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roots {
    roots: Vec<PathBuf>,
}

impl Roots {
    /// Roots in priority order (registryd's: the disk cache, then the ISO's).
    pub fn new<I, P>(roots: I) -> Roots
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        Roots {
            roots: roots.into_iter().map(Into::into).collect(),
        }
    }

    /// One root.
    pub fn single(root: impl Into<PathBuf>) -> Roots {
        Roots {
            roots: vec![root.into()],
        }
    }

    /// The roots, in priority order.
    pub fn paths(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Whether there are no roots (every lookup is then a 404, as on a node where
    /// registryd does not run).
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Tries `op` on `<root>/<relative>` for every root in order.
    fn first<T>(
        &self,
        relative: &Path,
        op: impl Fn(&Path) -> io::Result<T>,
    ) -> Result<(PathBuf, T), Miss> {
        let mut other = None;
        for root in &self.roots {
            let path = root.join(relative);
            match op(&path) {
                Ok(value) => return Ok((path, value)),
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                // registryd skips roots that fail to stat before trying them.
                Err(_) if fs::metadata(root).is_err() => {}
                Err(err) => {
                    other.get_or_insert((path, err));
                }
            }
        }
        Err(other.map_or(Miss::NotFound, |(path, err)| Miss::Other(path, err)))
    }

    fn open(&self, relative: &Path) -> Result<(PathBuf, File), Miss> {
        self.first(relative, |path| File::open(path))
    }

    fn metadata(&self, relative: &Path) -> Result<(PathBuf, Metadata), Miss> {
        self.first(relative, |path| fs::metadata(path))
    }

    /// Opens `relative` in the first root that has it and reads it whole, with the
    /// open file's metadata.
    fn read(&self, relative: &Path) -> Result<(PathBuf, Vec<u8>, Metadata), Miss> {
        let (path, mut file) = self.open(relative)?;
        let result = file.metadata().and_then(|metadata| {
            let bytes = read_sized(&mut file, metadata.len())?;
            Ok((bytes, metadata))
        });
        match result {
            Ok((bytes, metadata)) => Ok((path, bytes, metadata)),
            Err(err) => Err(Miss::Other(path, err)),
        }
    }

    /// Parses `rest` (the path after `/v2/`) and resolves it: [`parse_request_path`]
    /// followed by [`resolve`](Roots::resolve).
    pub fn lookup(&self, rest: &str, ns: Option<&str>) -> Result<Found, LookupError> {
        let request = parse_request_path(rest)?;
        self.resolve(ns, &request.name, request.kind, &request.reference)
    }

    /// [`lookup`](Roots::lookup) for a server: a blob comes back opened, its metadata
    /// taken from the open file (one open instead of a stat and an open).
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    pub(crate) fn lookup_open(
        &self,
        rest: &str,
        ns: Option<&str>,
    ) -> Result<(Found, Option<File>), LookupError> {
        let request = parse_request_path(rest)?;
        self.resolve_with(ns, &request.name, request.kind, &request.reference, true)
    }

    /// registryd's lookup (the `ns` parameter, a request path's name, kind and reference):
    ///
    /// 1. Without `ns` (or with an empty one), the registry is the first entry, in name
    ///    order, of `manifests/` in the first root that has that directory (`a_b_` read
    ///    back as `a:b`) whose `manifests/<dir>/<normalised name>/reference` directory
    ///    exists in any root; none is 400, no `manifests/` is 500.
    /// 2. `<ns>/<name>` with `@<reference>` (for `sha256:…`) or `:<reference>` is
    ///    normalised like `ParseDockerRef` (Docker Hub is `docker.io`, `library/` for
    ///    one-component Hub names, a tag next to a digest is dropped); invalid is 400.
    /// 3. A `host:port` registry is stored as `host_port_`.
    /// 4. A tag: `reference/<tag>` (404 when missing) is hashed, and the `digest/` file it
    ///    names must exist (else 500) with the same hash (else 500); the two may come
    ///    from different roots.
    /// 5. A digest skips step 4: there is no repository check.
    /// 6. A manifest is `digest/sha256-<hex>` in the repository (404 when missing), read
    ///    whole without a hash check, served with [`served_media_type`] (none is 500).
    /// 7. A blob is `blob/sha256-<hex>`, global whatever the repository (404 when
    ///    missing). A tag under `blobs/` is resolved by step 4 first and then looked up
    ///    as a blob, which normally does not exist.
    ///
    /// Without any roots every lookup is a 404 ([`LookupError::NoRoots`]).
    pub fn resolve(
        &self,
        ns: Option<&str>,
        name: &str,
        kind: Kind,
        reference: &str,
    ) -> Result<Found, LookupError> {
        self.resolve_with(ns, name, kind, reference, false)
            .map(|(found, _)| found)
    }

    /// [`resolve`](Roots::resolve), opening a found blob when `open_blob` (a stat
    /// otherwise).
    fn resolve_with(
        &self,
        ns: Option<&str>,
        name: &str,
        kind: Kind,
        reference: &str,
        open_blob: bool,
    ) -> Result<(Found, Option<File>), LookupError> {
        if self.roots.is_empty() {
            return Err(LookupError::NoRoots);
        }
        let (target, repo_dir) = match ns.filter(|ns| !ns.is_empty()) {
            Some(ns) => normalize(ns, name, reference)?,
            None => self.scan_namespace(name, reference)?,
        };
        let digest = match target {
            Target::Digest(Ok(digest)) => digest,
            Target::Digest(Err(text)) => return Err(LookupError::UnsupportedDigest(text)),
            Target::Tag(tag) => {
                let resolved = self.resolve_tag(&repo_dir, &tag)?;
                if kind == Kind::Manifest {
                    return manifest_found(resolved.0, resolved.1, resolved.2, resolved.3)
                        .map(|found| (found, None));
                }
                resolved.1
            }
        };
        match kind {
            Kind::Manifest => {
                let relative =
                    relative_path(&[MANIFESTS_DIR, &repo_dir, DIGEST_DIR, &file_name(&digest)]);
                let (path, bytes, metadata) = self
                    .read(&relative)
                    .map_err(|miss| miss.into_error("manifest", &relative))?;
                manifest_found(path, digest, bytes, metadata).map(|found| (found, None))
            }
            Kind::Blob => {
                let relative = relative_path(&[BLOB_DIR, &file_name(&digest)]);
                let (path, metadata, file) = if open_blob {
                    let (path, file) = self
                        .open(&relative)
                        .map_err(|miss| miss.into_error("blob", &relative))?;
                    let metadata = file.metadata().map_err(|source| LookupError::Io {
                        path: path.clone(),
                        source,
                    })?;
                    (path, metadata, Some(file))
                } else {
                    let (path, metadata) = self
                        .metadata(&relative)
                        .map_err(|miss| miss.into_error("blob", &relative))?;
                    (path, metadata, None)
                };
                if !metadata.is_file() {
                    return Err(LookupError::NotAFile(path));
                }
                let found = Found {
                    path,
                    digest,
                    size: metadata.len(),
                    media_type: None,
                    kind,
                    contents: None,
                    last_modified: served_time(&metadata),
                };
                Ok((found, file))
            }
        }
    }

    /// Step 4: the tag file's hash, checked against the digest file it names. Returns
    /// the digest file's path, the digest, its bytes and its metadata.
    fn resolve_tag(
        &self,
        repo_dir: &str,
        tag: &str,
    ) -> Result<(PathBuf, Digest, Vec<u8>, Metadata), LookupError> {
        let tag_relative = relative_path(&[MANIFESTS_DIR, repo_dir, REFERENCE_DIR, tag]);
        let (_, tag_bytes, _) = self
            .read(&tag_relative)
            .map_err(|miss| miss.into_error("tag", &tag_relative))?;
        let expected = Digest::of(&tag_bytes);
        let relative = relative_path(&[MANIFESTS_DIR, repo_dir, DIGEST_DIR, &file_name(&expected)]);
        let (path, bytes, metadata) =
            self.read(&relative)
                .map_err(|miss| LookupError::DigestFileUnreadable {
                    tag: tag.to_owned(),
                    digest: expected,
                    source: miss.into_io(),
                })?;
        let actual = Digest::of(&bytes);
        if actual != expected {
            return Err(LookupError::TagMismatch {
                tag: tag.to_owned(),
                expected,
                actual,
            });
        }
        Ok((path, expected, bytes, metadata))
    }

    /// Step 1: the registry of a request without `ns`.
    fn scan_namespace(&self, name: &str, reference: &str) -> Result<(Target, String), LookupError> {
        let listed = Path::new(MANIFESTS_DIR);
        let (dir, _) = self.open(listed).map_err(|miss| {
            LookupError::NoManifestsDir(match miss {
                Miss::NotFound => "no root has a manifests directory".to_owned(),
                Miss::Other(path, err) => format!("{}: {err}", path.display()),
            })
        })?;
        let io_error =
            |err: io::Error| LookupError::NoManifestsDir(format!("{}: {err}", dir.display()));
        let mut entries = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io_error)? {
            entries.push(entry.map_err(io_error)?.file_name());
        }
        entries.sort();
        for entry in entries {
            let Some(entry) = entry.to_str() else {
                continue;
            };
            let ns = registry_host(entry);
            let Ok((target, repo_dir)) = normalize(&ns, name, reference) else {
                continue;
            };
            let tags = relative_path(&[MANIFESTS_DIR, &repo_dir, REFERENCE_DIR]);
            if self.metadata(&tags).is_ok() {
                return Ok((target, repo_dir));
            }
        }
        Err(LookupError::MissingNamespace(name.to_owned()))
    }
}

fn manifest_found(
    path: PathBuf,
    digest: Digest,
    bytes: Vec<u8>,
    metadata: Metadata,
) -> Result<Found, LookupError> {
    let media_type = served_media_type(&bytes).ok_or(LookupError::UnknownMediaType(digest))?;
    Ok(Found {
        path,
        digest,
        size: bytes.len() as u64,
        media_type: Some(media_type),
        kind: Kind::Manifest,
        contents: Some(bytes),
        last_modified: served_time(&metadata),
    })
}

/// Reads the `len` bytes `file` had when it was stat'ed (a file that grew since is read
/// to that length; one that shrank is an error).
fn read_sized(file: &mut File, len: u64) -> io::Result<Vec<u8>> {
    let len = usize::try_from(len).map_err(io::Error::other)?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// registryd's `Last-Modified`: the access time, else the modification time.
fn served_time(metadata: &Metadata) -> Option<SystemTime> {
    metadata.accessed().or_else(|_| metadata.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST};

    // ---- a small tree builder --------------------------------------------------------

    fn write(root: &Path, relative: &str, bytes: &[u8]) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Stores `bytes` as a manifest of `repo` (relative to `manifests/`), tagged `tag`.
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

    fn image_manifest(marker: &str) -> Vec<u8> {
        format!(r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{}},"layers":[],"annotations":{{"m":"{marker}"}}}}"#)
            .into_bytes()
    }

    fn status(result: Result<Found, LookupError>) -> u16 {
        match result {
            Ok(_) => 200,
            Err(err) => err.status(),
        }
    }

    fn tree() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    // ---- path parsing ----------------------------------------------------------------

    #[test]
    fn clean_path_matches_go() {
        for (input, want) in [
            ("", "."),
            (".", "."),
            ("/", "/"),
            ("//", "/"),
            ("a/b/c", "a/b/c"),
            ("a//b", "a/b"),
            ("a/b/", "a/b"),
            ("a/./b", "a/b"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("../../a/..", "../.."),
            ("a/../..", ".."),
            ("/../a", "/a"),
            ("/a/b/../../..", "/"),
            ("a/b/manifests/..", "a/b"),
            ("x/../../y/manifests/z", "../y/manifests/z"),
            ("abc/def/../ghi/./jkl", "abc/ghi/jkl"),
        ] {
            assert_eq!(clean_path(input), want, "{input:?}");
        }
    }

    #[test]
    fn request_paths_split_into_name_kind_and_reference() {
        let parsed = parse_request_path("library/alpine/manifests/3.20").unwrap();
        assert_eq!(
            parsed,
            RequestPath {
                name: "library/alpine".into(),
                kind: Kind::Manifest,
                reference: "3.20".into()
            }
        );
        let parsed = parse_request_path("a/./b//blobs/sha256:x/").unwrap();
        assert_eq!(
            (parsed.name.as_str(), parsed.kind, parsed.reference.as_str()),
            ("a/b", Kind::Blob, "sha256:x")
        );
        // A domain-looking first component is part of the name grammar.
        assert_eq!(
            parse_request_path("localhost:5000/x/manifests/v1")
                .unwrap()
                .name,
            "localhost:5000/x"
        );
    }

    #[test]
    fn short_paths_and_other_routes_are_404() {
        for rest in [
            "",
            "alpine",
            "alpine/manifests",
            "manifests/latest",
            "alpine/tags/list",
            "_catalog",
            "alpine/referrers/sha256:x",
            "alpine/manifests/..",
            "a/b/manifests/../..",
            "../../etc/passwd",
            "../manifests",
        ] {
            let err = parse_request_path(rest).unwrap_err();
            assert_eq!(err.status(), 404, "{rest:?}: {err}");
            assert!(matches!(err, LookupError::UnknownRoute { .. }));
        }
    }

    #[test]
    fn bad_names_are_400() {
        for rest in [
            "Alpine/manifests/latest",
            "a/Alpine/manifests/latest",
            "../x/manifests/latest",
            "../../blob/manifests/latest",
            "/abs/manifests/latest",
            "a..b/manifests/latest",
            "a___b/manifests/latest",
            "-a/manifests/latest",
            "a-/manifests/latest",
            "a b/manifests/latest",
            "a%2Fb/manifests/latest",
            "x/../../../etc/manifests/latest",
            "café/manifests/latest",
            "alpine:3.20/manifests/3.20",
        ] {
            // The path check lets most of these through (registryd's pattern is not
            // anchored); the reference normalisation refuses them.
            let root = tree();
            let err = Roots::single(root.path())
                .lookup(rest, Some("docker.io"))
                .unwrap_err();
            assert_eq!(err.status(), 400, "{rest:?}: {err}");
        }
        for rest in ["-/manifests/latest", "__/blobs/latest", "%%/manifests/x"] {
            let err = parse_request_path(rest).unwrap_err();
            assert_eq!(err.status(), 400, "{rest:?}: {err}");
        }
    }

    #[test]
    fn the_name_grammar() {
        for good in [
            "a",
            "a0",
            "a.b",
            "a_b",
            "a__b",
            "a--b",
            "a-b/c.d/e__f",
            "ghcr.io/x",
            "Host.IO:5000/x",
            "[::1]:5000/a",
            "localhost/a",
        ] {
            assert!(is_valid_name(good), "{good}");
        }
        for bad in [
            "",
            "A",
            "a/",
            "/a",
            "a//b",
            "a._b",
            "a.",
            "_a",
            "ho_st.io:5000/x",
            "host:port/x",
            "[zz]/a",
            "a:1",
        ] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    // ---- normalisation ---------------------------------------------------------------

    fn norm(ns: &str, name: &str, reference: &str) -> (String, String, Target) {
        let separator = if reference.starts_with("sha256:") {
            '@'
        } else {
            ':'
        };
        let parsed = parse_docker_ref(&format!("{ns}/{name}{separator}{reference}")).unwrap();
        let (target, dir) = normalize(ns, name, reference).unwrap();
        assert_eq!(parsed.target, target);
        (parsed.name, dir, target)
    }

    #[test]
    fn normalisation_follows_parse_docker_ref() {
        let tag = |t: &str| Target::Tag(t.into());
        assert_eq!(
            norm("docker.io", "alpine", "3.20"),
            (
                "docker.io/library/alpine".into(),
                "docker.io/library/alpine".into(),
                tag("3.20")
            )
        );
        assert_eq!(
            norm("index.docker.io", "alpine", "3.20").1,
            "docker.io/library/alpine"
        );
        assert_eq!(norm("docker.io", "user/app", "1").1, "docker.io/user/app");
        assert_eq!(norm("ghcr.io", "alpine", "1").1, "ghcr.io/alpine");
        // A registry with a port is filed as host_port_.
        assert_eq!(
            norm("registry.k8s.io:443", "coredns/coredns", "v1.12.0"),
            (
                "registry.k8s.io:443/coredns/coredns".into(),
                "registry.k8s.io_443_/coredns/coredns".into(),
                tag("v1.12.0")
            )
        );
        // A namespace that does not look like a host is a Docker Hub path component.
        assert_eq!(norm("mirror", "alpine", "1").1, "docker.io/mirror/alpine");
        // tag@digest keeps only the digest.
        let d = Digest::of(b"x");
        assert_eq!(
            norm("ghcr.io", "a/b", &format!("v1@{d}")).2,
            Target::Digest(Ok(d))
        );
        assert_eq!(
            norm("ghcr.io", "a/b", &d.to_string()).2,
            Target::Digest(Ok(d))
        );
        // sha512 is a valid digest but not a cache one.
        let sha512 = format!("sha512:{}", "a".repeat(128));
        assert!(matches!(
            norm("ghcr.io", "a", &format!("v1@{sha512}")).2,
            Target::Digest(Err(_))
        ));
    }

    #[test]
    fn invalid_references_are_400() {
        let d = Digest::of(b"x");
        for (ns, name, reference) in [
            ("ghcr.io", "a", "sha256:abc"),
            (
                "ghcr.io",
                "a",
                &d.to_string().to_uppercase().replace("SHA256", "sha256"),
            ),
            ("ghcr.io", "a", &format!("sha512:{}", "a".repeat(128))),
            ("ghcr.io", "a", "-tag"),
            ("ghcr.io", "a", ".."),
            ("ghcr.io", "a", &"t".repeat(129)),
            ("ghcr.io", "a", "v1@md5:0123456789abcdef0123456789abcdef"),
            ("ghcr.io", "a", "a@b@c"),
            ("../..", "a", "v1"),
            ("ghcr.io/../..", "a", "v1"),
            ("docker.io", &format!("a/{}", "b".repeat(250)), "v1"),
            ("host:port", "a", "v1"),
        ] {
            let err = normalize(ns, name, reference).unwrap_err();
            assert_eq!(err.status(), 400, "{ns} {name} {reference}: {err}");
        }
    }

    // ---- resolution ------------------------------------------------------------------

    #[test]
    fn tags_resolve_through_the_digest_file() {
        let root = tree();
        let bytes = image_manifest("a");
        let digest = manifest(
            root.path(),
            "docker.io/library/alpine",
            Some("3.20"),
            &bytes,
        );
        let roots = Roots::single(root.path());
        let found = roots
            .resolve(Some("docker.io"), "alpine", Kind::Manifest, "3.20")
            .unwrap();
        assert_eq!(found.digest, digest);
        assert_eq!(found.size, bytes.len() as u64);
        assert_eq!(found.media_type.as_deref(), Some(OCI_MANIFEST));
        assert_eq!(found.contents.as_deref(), Some(&bytes[..]));
        assert_eq!(found.kind, Kind::Manifest);
        assert_eq!(
            found.path,
            root.path()
                .join("manifests/docker.io/library/alpine/digest")
                .join(digest.file_name())
        );
        assert!(found.last_modified.is_some());
        // The same through the full path parser and library/ written out.
        assert_eq!(
            roots
                .lookup("library/alpine/manifests/3.20", Some("docker.io"))
                .unwrap()
                .digest,
            digest
        );
        assert_eq!(
            roots
                .lookup("alpine/manifests/3.20", Some("index.docker.io"))
                .unwrap()
                .digest,
            digest
        );
        // By digest.
        assert_eq!(
            roots
                .lookup(&format!("alpine/manifests/{digest}"), Some("docker.io"))
                .unwrap()
                .digest,
            digest
        );
    }

    #[test]
    fn missing_tag_or_manifest_is_404() {
        let root = tree();
        manifest(root.path(), "ghcr.io/a/b", Some("v1"), &image_manifest("a"));
        let roots = Roots::single(root.path());
        let missing_tag = roots
            .resolve(Some("ghcr.io"), "a/b", Kind::Manifest, "v2")
            .unwrap_err();
        assert!(
            matches!(missing_tag, LookupError::NotFound { what: "tag", .. }),
            "{missing_tag}"
        );
        assert_eq!(missing_tag.status(), 404);
        let other = Digest::of(b"nope");
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a/b", Kind::Manifest, &other.to_string())),
            404
        );
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a/c", Kind::Manifest, "v1")),
            404
        );
        assert_eq!(
            status(roots.resolve(Some("quay.io"), "a/b", Kind::Manifest, "v1")),
            404
        );
    }

    #[test]
    fn missing_platform_child_is_404() {
        let root = tree();
        let child = image_manifest("amd64");
        let absent = image_manifest("arm64");
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{{"digest":"{}"}},{{"digest":"{}"}}]}}"#,
            Digest::of(&child),
            Digest::of(&absent)
        );
        manifest(root.path(), "ghcr.io/a", Some("v1"), index.as_bytes());
        let child_digest = manifest(root.path(), "ghcr.io/a", None, &child);
        let roots = Roots::single(root.path());
        assert_eq!(
            roots
                .resolve(Some("ghcr.io"), "a", Kind::Manifest, "v1")
                .unwrap()
                .media_type
                .as_deref(),
            Some(OCI_INDEX)
        );
        assert_eq!(
            status(roots.resolve(
                Some("ghcr.io"),
                "a",
                Kind::Manifest,
                &child_digest.to_string()
            )),
            200
        );
        assert_eq!(
            status(roots.resolve(
                Some("ghcr.io"),
                "a",
                Kind::Manifest,
                &Digest::of(&absent).to_string()
            )),
            404
        );
    }

    #[test]
    fn tag_with_missing_or_mismatched_digest_file_is_500() {
        let root = tree();
        let bytes = image_manifest("a");
        write(root.path(), "manifests/ghcr.io/a/reference/v1", &bytes);
        let roots = Roots::single(root.path());
        let err = roots
            .resolve(Some("ghcr.io"), "a", Kind::Manifest, "v1")
            .unwrap_err();
        assert!(
            matches!(err, LookupError::DigestFileUnreadable { .. }),
            "{err}"
        );
        assert_eq!(err.status(), 500);
        // The same for a tag given to /blobs/.
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a", Kind::Blob, "v1")),
            500
        );

        // The digest file exists under the tag's hash but holds other bytes.
        write(
            root.path(),
            &format!(
                "manifests/ghcr.io/a/digest/{}",
                Digest::of(&bytes).file_name()
            ),
            b"{}",
        );
        let err = roots
            .resolve(Some("ghcr.io"), "a", Kind::Manifest, "v1")
            .unwrap_err();
        assert!(matches!(err, LookupError::TagMismatch { .. }), "{err}");
        assert_eq!(err.status(), 500);
    }

    #[test]
    fn digest_manifests_are_not_hash_checked_and_skip_the_tag() {
        let root = tree();
        let bytes = image_manifest("a");
        let claimed = Digest::of(b"something else");
        write(
            root.path(),
            &format!("manifests/ghcr.io/a/digest/{}", claimed.file_name()),
            &bytes,
        );
        let found = Roots::single(root.path())
            .resolve(Some("ghcr.io"), "a", Kind::Manifest, &claimed.to_string())
            .unwrap();
        assert_eq!(found.digest, claimed);
        assert_eq!(found.contents.unwrap(), bytes);
    }

    #[test]
    fn media_types_are_read_or_inferred() {
        let root = tree();
        let roots = Roots::single(root.path());
        let cases: [(&[u8], Option<&str>); 5] = [
            (br#"{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{}}"#, Some(DOCKER_MANIFEST)),
            (br#"{"schemaVersion":2,"manifests":[]}"#, Some(OCI_INDEX)),
            (br#"{"schemaVersion":2,"layers":[]}"#, Some(OCI_MANIFEST)),
            (br#"{"schemaVersion":2,"config":{}}"#, Some(OCI_MANIFEST)),
            (br#"{"schemaVersion":2}"#, None),
        ];
        for (bytes, want) in cases {
            let digest = manifest(root.path(), "ghcr.io/m", None, bytes);
            let result = roots.resolve(Some("ghcr.io"), "m", Kind::Manifest, &digest.to_string());
            match want {
                Some(want) => assert_eq!(result.unwrap().media_type.as_deref(), Some(want)),
                None => {
                    let err = result.unwrap_err();
                    assert!(matches!(err, LookupError::UnknownMediaType(_)), "{err}");
                    assert_eq!(err.status(), 500);
                }
            }
        }
        // Not JSON at all: no media type either.
        let digest = manifest(root.path(), "ghcr.io/m", None, b"\x00garbage");
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "m", Kind::Manifest, &digest.to_string())),
            500
        );
    }

    #[test]
    fn blobs_are_global_and_missing_blobs_are_404() {
        let root = tree();
        let layer = blob(root.path(), b"layer bytes");
        let roots = Roots::single(root.path());
        // Any repository name works with ns given; no repository check at all.
        for (ns, name) in [
            ("ghcr.io", "a"),
            ("docker.io", "whatever/repo"),
            ("localhost:5000", "x"),
        ] {
            let found = roots
                .resolve(Some(ns), name, Kind::Blob, &layer.to_string())
                .unwrap();
            assert_eq!(
                (found.digest, found.size, found.kind),
                (layer, 11, Kind::Blob)
            );
            assert_eq!(found.path, root.path().join("blob").join(layer.file_name()));
            assert_eq!((found.media_type, found.contents), (None, None));
        }
        let err = roots
            .resolve(
                Some("ghcr.io"),
                "a",
                Kind::Blob,
                &Digest::of(b"x").to_string(),
            )
            .unwrap_err();
        assert!(matches!(err, LookupError::NotFound { what: "blob", .. }));
        assert_eq!(err.status(), 404);
    }

    #[test]
    fn a_tag_under_blobs_looks_for_the_manifest_digest_as_a_blob() {
        let root = tree();
        let bytes = image_manifest("a");
        let digest = manifest(root.path(), "ghcr.io/a", Some("v1"), &bytes);
        let roots = Roots::single(root.path());
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a", Kind::Blob, "v1")),
            404
        );
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a", Kind::Blob, "v2")),
            404
        );
        // If a blob of that digest exists, it is what the quirk serves.
        write(root.path(), &format!("blob/{}", digest.file_name()), &bytes);
        let found = roots
            .resolve(Some("ghcr.io"), "a", Kind::Blob, "v1")
            .unwrap();
        assert_eq!((found.digest, found.kind), (digest, Kind::Blob));
    }

    #[test]
    fn non_sha256_digests_are_500_after_parsing() {
        let root = tree();
        let roots = Roots::single(root.path());
        let reference = format!("v1@sha512:{}", "a".repeat(128));
        for kind in [Kind::Manifest, Kind::Blob] {
            let err = roots
                .resolve(Some("ghcr.io"), "a", kind, &reference)
                .unwrap_err();
            assert!(matches!(err, LookupError::UnsupportedDigest(_)), "{err}");
            assert_eq!(err.status(), 500);
        }
    }

    #[test]
    fn ports_map_to_host_port_dirs() {
        let root = tree();
        let bytes = image_manifest("a");
        let digest = manifest(
            root.path(),
            "registry.k8s.io_443_/coredns/coredns",
            Some("v1"),
            &bytes,
        );
        let roots = Roots::single(root.path());
        let found = roots
            .resolve(
                Some("registry.k8s.io:443"),
                "coredns/coredns",
                Kind::Manifest,
                "v1",
            )
            .unwrap();
        assert_eq!(found.digest, digest);
        // Without the port it is another registry.
        assert_eq!(
            status(roots.resolve(
                Some("registry.k8s.io"),
                "coredns/coredns",
                Kind::Manifest,
                "v1"
            )),
            404
        );
        // Without ns the directory is found and read back as host:port.
        assert_eq!(
            roots
                .resolve(None, "coredns/coredns", Kind::Manifest, "v1")
                .unwrap()
                .digest,
            digest
        );
    }

    // ---- the ns-less scan --------------------------------------------------------------

    #[test]
    fn without_ns_the_first_registry_in_name_order_holding_the_repo_wins() {
        let root = tree();
        let from_ghcr = manifest(
            root.path(),
            "ghcr.io/x/app",
            Some("v1"),
            &image_manifest("ghcr"),
        );
        let from_docker = manifest(
            root.path(),
            "docker.io/x/app",
            Some("v1"),
            &image_manifest("docker"),
        );
        fs::create_dir_all(root.path().join("manifests/aaa.io/other")).unwrap();
        let roots = Roots::single(root.path());
        // "docker.io" < "ghcr.io".
        assert_eq!(
            roots
                .resolve(None, "x/app", Kind::Manifest, "v1")
                .unwrap()
                .digest,
            from_docker
        );
        assert_eq!(
            roots
                .resolve(Some(""), "x/app", Kind::Manifest, "v1")
                .unwrap()
                .digest,
            from_docker
        );
        assert_eq!(
            roots
                .resolve(Some("ghcr.io"), "x/app", Kind::Manifest, "v1")
                .unwrap()
                .digest,
            from_ghcr
        );
        // Docker Hub names are normalised per candidate registry.
        let alpine = manifest(
            root.path(),
            "docker.io/library/alpine",
            Some("3"),
            &image_manifest("alpine"),
        );
        assert_eq!(
            roots
                .resolve(None, "alpine", Kind::Manifest, "3")
                .unwrap()
                .digest,
            alpine
        );
    }

    #[test]
    fn without_ns_only_the_reference_directory_is_checked() {
        let root = tree();
        // The first registry has the repository (an empty reference/ dir) but not the tag.
        fs::create_dir_all(root.path().join("manifests/a.io/app/reference")).unwrap();
        manifest(root.path(), "b.io/app", Some("v1"), &image_manifest("b"));
        let layer = blob(root.path(), b"l");
        let roots = Roots::single(root.path());
        assert_eq!(
            status(roots.resolve(None, "app", Kind::Manifest, "v1")),
            404
        );
        // A blob needs the repository to resolve the registry too, then is global.
        assert_eq!(
            status(roots.resolve(None, "app", Kind::Blob, &layer.to_string())),
            200
        );
        assert_eq!(
            status(roots.resolve(None, "unknown", Kind::Blob, &layer.to_string())),
            400
        );
    }

    #[test]
    fn without_ns_an_unknown_repository_is_400() {
        let root = tree();
        manifest(root.path(), "ghcr.io/a", Some("v1"), &image_manifest("a"));
        let err = Roots::single(root.path())
            .resolve(None, "b", Kind::Manifest, "v1")
            .unwrap_err();
        assert!(matches!(err, LookupError::MissingNamespace(_)), "{err}");
        assert_eq!(err.status(), 400);
    }

    #[test]
    fn without_ns_and_without_manifests_dir_is_500() {
        let root = tree();
        blob(root.path(), b"l");
        let roots = Roots::new([root.path().join("missing"), root.path().to_path_buf()]);
        let err = roots.resolve(None, "a", Kind::Manifest, "v1").unwrap_err();
        assert!(matches!(err, LookupError::NoManifestsDir(_)), "{err}");
        assert_eq!(err.status(), 500);
        // A file where the directory should be is just as bad.
        write(root.path(), "manifests", b"not a dir");
        assert_eq!(status(roots.resolve(None, "a", Kind::Manifest, "v1")), 500);
        // With ns there is no listing: a plain 404.
        fs::remove_file(root.path().join("manifests")).unwrap();
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a", Kind::Manifest, "v1")),
            404
        );
    }

    #[test]
    fn without_ns_only_the_first_root_with_manifests_is_listed() {
        let first = tree();
        let second = tree();
        fs::create_dir_all(first.path().join("manifests/a.io")).unwrap();
        // The repository's tags are in the second root under a registry the first root
        // does not list: not found.
        manifest(second.path(), "b.io/app", Some("v1"), &image_manifest("b"));
        let roots = Roots::new([first.path(), second.path()]);
        assert_eq!(
            status(roots.resolve(None, "app", Kind::Manifest, "v1")),
            400
        );
        // Listed by the first root, present in the second: found.
        fs::create_dir_all(first.path().join("manifests/b.io")).unwrap();
        assert_eq!(
            status(roots.resolve(None, "app", Kind::Manifest, "v1")),
            200
        );
    }

    #[test]
    fn registry_dirs_are_read_back_on_the_first_two_underscores() {
        let root = tree();
        // a_b_c_ reads back as a:b, whose directory is a_b_: the repository under a_b_c_
        // cannot be found without ns.
        manifest(
            root.path(),
            "host_1_x_/app",
            Some("v1"),
            &image_manifest("x"),
        );
        let roots = Roots::single(root.path());
        assert_eq!(
            status(roots.resolve(None, "app", Kind::Manifest, "v1")),
            400
        );
        // A name with one underscore is kept as it is (and is no host: a Hub path).
        manifest(root.path(), "my_host/app", Some("v1"), &image_manifest("y"));
        assert_eq!(
            status(roots.resolve(None, "app", Kind::Manifest, "v1")),
            400
        );
    }

    // ---- multiple roots ----------------------------------------------------------------

    #[test]
    fn roots_fall_back_per_file() {
        let disk = tree();
        let iso = tree();
        let bytes = image_manifest("a");
        // The tag file is on the ISO, its digest file on the disk, the blob on the ISO.
        write(iso.path(), "manifests/ghcr.io/a/reference/v1", &bytes);
        let digest = Digest::of(&bytes);
        write(
            disk.path(),
            &format!("manifests/ghcr.io/a/digest/{}", digest.file_name()),
            &bytes,
        );
        let layer = blob(iso.path(), b"layer");
        let roots = Roots::new([
            disk.path().join("gone"),
            disk.path().to_path_buf(),
            iso.path().to_path_buf(),
        ]);
        let found = roots
            .resolve(Some("ghcr.io"), "a", Kind::Manifest, "v1")
            .unwrap();
        assert_eq!(found.digest, digest);
        assert!(found.path.starts_with(disk.path()));
        let found = roots
            .resolve(Some("ghcr.io"), "a", Kind::Blob, &layer.to_string())
            .unwrap();
        assert!(found.path.starts_with(iso.path()));
        // The first root that has a file wins, even if a later one has other bytes.
        write(
            disk.path(),
            &format!("blob/{}", layer.file_name()),
            b"other",
        );
        let found = roots
            .resolve(Some("ghcr.io"), "a", Kind::Blob, &layer.to_string())
            .unwrap();
        assert!(found.path.starts_with(disk.path()));
        assert_eq!(found.size, 5);
    }

    #[test]
    fn a_non_not_found_error_is_500_unless_another_root_has_the_file() {
        let first = tree();
        let second = tree();
        // In the first root `blob` is a file, so blob/<x> fails with "not a directory".
        write(first.path(), "blob", b"file");
        let layer = Digest::of(b"layer");
        let roots = Roots::new([first.path(), second.path()]);
        let err = roots
            .resolve(Some("ghcr.io"), "a", Kind::Blob, &layer.to_string())
            .unwrap_err();
        assert_eq!(err.status(), 500, "{err}");
        blob(second.path(), b"layer");
        assert!(
            roots
                .resolve(Some("ghcr.io"), "a", Kind::Blob, &layer.to_string())
                .unwrap()
                .path
                .starts_with(second.path())
        );
        // A directory where a blob should be is not served.
        fs::create_dir_all(first.path().join("x/blob").join(layer.file_name())).unwrap();
        let roots = Roots::single(first.path().join("x"));
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a", Kind::Blob, &layer.to_string())),
            500
        );
    }

    #[test]
    fn missing_roots_are_skipped_and_no_roots_is_404() {
        let root = tree();
        let layer = blob(root.path(), b"l");
        let roots = Roots::new([
            root.path().join("a"),
            root.path().join("b"),
            root.path().to_path_buf(),
        ]);
        assert_eq!(
            status(roots.resolve(Some("ghcr.io"), "a", Kind::Blob, &layer.to_string())),
            200
        );
        let none = Roots::default();
        assert!(none.is_empty());
        for ns in [None, Some("ghcr.io")] {
            let err = none
                .resolve(ns, "a", Kind::Blob, &layer.to_string())
                .unwrap_err();
            assert!(matches!(err, LookupError::NoRoots));
            assert_eq!(err.status(), 404);
        }
        // Roots that all do not exist: with ns a 404, without ns no manifests/ (500).
        let gone = Roots::single(root.path().join("gone"));
        assert_eq!(
            status(gone.resolve(Some("ghcr.io"), "a", Kind::Manifest, "v1")),
            404
        );
        assert_eq!(status(gone.resolve(None, "a", Kind::Manifest, "v1")), 500);
    }

    #[test]
    fn found_paths_stay_inside_the_roots() {
        let root = tree();
        manifest(root.path(), "ghcr.io/a", Some("v1"), &image_manifest("a"));
        write(root.path(), "secret", b"x");
        let roots = Roots::single(root.path().join("sub"));
        fs::create_dir_all(root.path().join("sub")).unwrap();
        for (ns, rest) in [
            ("..", "a/manifests/v1"),
            ("../ghcr.io", "a/manifests/v1"),
            ("ghcr.io/..", "a/manifests/v1"),
            ("ghcr.io", "../a/manifests/v1"),
            ("ghcr.io", "a/manifests/../../secret"),
            ("ghcr.io", "a/blobs/../secret"),
            ("ghcr.io", "a/blobs/sha256:..%2f..%2fsecret"),
        ] {
            let result = roots.lookup(rest, Some(ns));
            assert!(result.is_err(), "{ns} {rest}");
        }
    }
}
