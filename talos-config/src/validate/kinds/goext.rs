//! Go library helpers whose verdicts (and sometimes texts) the kinds' rules depend on:
//! `net.SplitHostPort`, `path.Clean`/`filepath.IsLocal`, Kubernetes qualified names (Talos'
//! `labels` package), go-humanize and `strconv.ParseUint` texts, and go-containerregistry's
//! image reference parser.

use crate::goyaml::go_quote;
use crate::types::url::GoUrl;

/// Go's `net.SplitHostPort`; the error is `(*net.AddrError).Error()`.
pub(super) fn split_host_port(hostport: &str) -> Result<(String, String), String> {
    const MISSING_PORT: &str = "missing port in address";
    const TOO_MANY_COLONS: &str = "too many colons in address";
    let addr_err = |why: &str| {
        if hostport.is_empty() {
            why.to_owned()
        } else {
            format!("address {hostport}: {why}")
        }
    };
    let bytes = hostport.as_bytes();
    let Some(i) = hostport.rfind(':') else {
        return Err(addr_err(MISSING_PORT));
    };
    let (host, j, k);
    if bytes[0] == b'[' {
        let Some(end) = hostport.find(']') else {
            return Err(addr_err("missing ']' in address"));
        };
        if end + 1 == hostport.len() {
            return Err(addr_err(MISSING_PORT));
        } else if end + 1 != i {
            if bytes[end + 1] == b':' {
                return Err(addr_err(TOO_MANY_COLONS));
            }
            return Err(addr_err(MISSING_PORT));
        }
        host = &hostport[1..end];
        j = 1;
        k = end + 1;
    } else {
        host = &hostport[..i];
        if host.contains(':') {
            return Err(addr_err(TOO_MANY_COLONS));
        }
        j = 0;
        k = 0;
    }
    if hostport[j..].contains('[') {
        return Err(addr_err("unexpected '[' in address"));
    }
    if hostport[k..].contains(']') {
        return Err(addr_err("unexpected ']' in address"));
    }
    Ok((host.to_owned(), hostport[i + 1..].to_owned()))
}

/// Go's `path.Clean` (Unix `filepath.Clean`).
pub(super) fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// Go's `filepath.IsAbs` on Unix.
pub(super) fn is_abs(path: &str) -> bool {
    path.starts_with('/')
}

/// Go's `filepath.IsLocal` on Unix: relative, non-empty, not escaping through `..`.
pub(super) fn is_local(path: &str) -> bool {
    if is_abs(path) || path.is_empty() {
        return false;
    }
    let has_dots = path.split('/').any(|part| part == "." || part == "..");
    let cleaned = if has_dots {
        clean_path(path)
    } else {
        path.to_owned()
    };
    !(cleaned == ".." || cleaned.starts_with("../"))
}

/// `^[A-Za-z_][A-Za-z0-9_]*$` (Talos' POSIX environment variable name pattern).
pub(super) fn is_posix_env_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Go's `strconv.ParseUint(s, 10, 64)` with its error text.
pub(super) fn parse_uint64(s: &str) -> Result<u64, String> {
    let fail = |why: &str| format!("strconv.ParseUint: parsing {}: {why}", go_quote(s));
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return Err(fail("invalid syntax"));
    }
    // Underscores are only allowed with a base prefix, which base 10 never has.
    if s.contains('_') {
        return Err(fail("invalid syntax"));
    }
    s.parse::<u64>().map_err(|_| fail("value out of range"))
}

/// go-containerregistry's `checkElement`: length bounds and an allowed character set.
fn check_element(element: &str, allowed: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&element.len()) && element.chars().all(|c| allowed.contains(c))
}

const TAG_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const REPOSITORY_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789_-./";
const DIGEST_CHARS: &str = "sh:0123456789abcdef";

/// go-containerregistry's `NewRegistry` check (`//name` must parse with exactly that host).
fn check_registry(name: &str) -> bool {
    GoUrl::parse(&format!("//{name}")).is_ok_and(|url| url.host() == name)
}

/// go-containerregistry's `NewRepository` (default options): the full repository name.
fn new_repository(name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let (mut registry, mut repo) = ("", name);
    if let Some((first, rest)) = name.split_once('/')
        && (first.contains('.') || first.contains(':'))
    {
        registry = first;
        repo = rest;
    }
    if !check_element(repo, REPOSITORY_CHARS, 2, 255) || !check_registry(registry) {
        return None;
    }
    if registry.is_empty() || registry == "docker.io" {
        registry = "index.docker.io";
    }
    // Docker Hub names without a namespace get `library/`.
    let repo = if !repo.contains('/') && registry == "index.docker.io" {
        let full = format!("library/{repo}");
        if !check_element(&full, REPOSITORY_CHARS, 2, 255) {
            return None;
        }
        full
    } else {
        repo.to_owned()
    };
    Some(format!("{registry}/{repo}"))
}

/// go-containerregistry's `NewTag`: the repository name.
fn new_tag(name: &str) -> Option<String> {
    let mut base = name;
    let mut tag = "";
    if let Some(colon) = name.rfind(':')
        && !name[colon + 1..].contains('/')
    {
        base = &name[..colon];
        tag = &name[colon + 1..];
    }
    if !tag.is_empty() && !check_element(tag, TAG_CHARS, 1, 127) {
        return None;
    }
    new_repository(base)
}

/// go-containerregistry's `NewDigest`.
fn new_digest(name: &str) -> bool {
    let parts: Vec<&str> = name.split('@').collect();
    let [base, digest] = parts.as_slice() else {
        return false;
    };
    if !check_element(digest, DIGEST_CHARS, 71, 71) {
        return false;
    }
    match new_tag(base) {
        Some(repository) => new_repository(&repository).is_some(),
        None => new_repository(base).is_some(),
    }
}

/// go-containerregistry's `name.ParseReference` with default options: `Ok(true)` for a digest
/// reference, `Ok(false)` for a tag, or the `ErrBadName` text.
pub(super) fn parse_image_reference(s: &str) -> Result<bool, String> {
    if s.starts_with("http://") || s.starts_with("https://") {
        return Err(format!(
            "image reference must not contain a URL scheme (http:// or https://): {s}; to connect to a registry over plain HTTP, use name.Insecure"
        ));
    }
    if new_tag(s).is_some() {
        return Ok(false);
    }
    if new_digest(s) {
        return Ok(true);
    }
    Err(format!("could not parse reference: {s}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_host_port_errors_match_go() {
        assert_eq!(split_host_port("a:1"), Ok(("a".to_owned(), "1".to_owned())));
        assert_eq!(
            split_host_port("[::1]:80"),
            Ok(("::1".to_owned(), "80".to_owned()))
        );
        assert_eq!(
            split_host_port("a").unwrap_err(),
            "address a: missing port in address"
        );
        assert_eq!(split_host_port("").unwrap_err(), "missing port in address");
        assert_eq!(
            split_host_port("a:b:c").unwrap_err(),
            "address a:b:c: too many colons in address"
        );
    }

    #[test]
    fn clean_and_local_paths() {
        assert_eq!(clean_path("a/../../b"), "../b");
        assert_eq!(clean_path("/../a/./b/"), "/a/b");
        assert!(is_local("a/b"));
        assert!(!is_local("a/../../b"));
        assert!(!is_local("/a"));
    }

    #[test]
    fn image_references() {
        assert_eq!(parse_image_reference("nginx"), Ok(false));
        assert_eq!(
            parse_image_reference("docker.io/library/nginx:1.27"),
            Ok(false)
        );
        let digest = format!("ghcr.io/a/b@sha256:{}", "a".repeat(64));
        assert_eq!(parse_image_reference(&digest), Ok(true));
        assert!(parse_image_reference("Nginx").is_err());
        assert!(parse_image_reference("a").is_err());
    }
}
