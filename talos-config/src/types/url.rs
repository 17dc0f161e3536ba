//! Go's `net/url`: [`GoUrl::parse`] follows `url.Parse` (scheme, authority, IP literals,
//! percent-decoding, and its error texts such as `parse "x": invalid URL escape "%zz"`), and
//! [`GoUrl::format`] re-assembles the text the way `(*url.URL).String()` does, so a URL
//! survives a decode/encode round trip exactly as it does in Talos.
//!
//! Go keeps decoded components as raw bytes (`%ff` is a lone 0xff byte), so the decoded
//! parts are stored as bytes here too.

use std::borrow::Cow;

use crate::goyaml::{go_quote, go_quote_bytes};
use crate::types::netip::IpAddr;

/// The URL component an escape or unescape works on (Go's `encoding` modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    PathSegment,
    Host,
    Zone,
    UserPassword,
    QueryComponent,
    Fragment,
}

/// Go's `shouldEscape`.
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => return c == b'?',
            Mode::PathSegment => return matches!(c, b'/' | b';' | b',' | b'?'),
            Mode::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::QueryComponent => return true,
            Mode::Fragment => return false,
            Mode::Host | Mode::Zone => {}
        },
        _ => {}
    }
    if mode == Mode::Fragment && matches!(c, b'!' | b'(' | b')' | b'*') {
        return false;
    }
    true
}

fn unhex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

fn escape_error(s: &[u8]) -> String {
    format!("invalid URL escape {}", go_quote_bytes(s))
}

/// Go's `unescape`: checks the `%XX` escapes (and, for hosts and zones, the characters
/// allowed) and decodes them.
fn unescape(s: &[u8], mode: Mode) -> Result<Vec<u8>, String> {
    let mut n = 0;
    let mut has_plus = false;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                n += 1;
                if i + 2 >= s.len()
                    || !s[i + 1].is_ascii_hexdigit()
                    || !s[i + 2].is_ascii_hexdigit()
                {
                    let rest = &s[i..];
                    return Err(escape_error(&rest[..rest.len().min(3)]));
                }
                if mode == Mode::Host && unhex(s[i + 1]) < 8 && &s[i..i + 3] != b"%25" {
                    return Err(escape_error(&s[i..i + 3]));
                }
                if mode == Mode::Zone {
                    let v = (unhex(s[i + 1]) << 4) | unhex(s[i + 2]);
                    if &s[i..i + 3] != b"%25" && v != b' ' && should_escape(v, Mode::Host) {
                        return Err(escape_error(&s[i..i + 3]));
                    }
                }
                i += 3;
            }
            b'+' => {
                has_plus = mode == Mode::QueryComponent;
                i += 1;
            }
            c => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    return Err(format!(
                        "invalid character {} in host name",
                        go_quote_bytes(&s[i..i + 1])
                    ));
                }
                i += 1;
            }
        }
    }
    if n == 0 && !has_plus {
        return Ok(s.to_vec());
    }
    let plus = if mode == Mode::QueryComponent {
        b' '
    } else {
        b'+'
    };
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                out.push((unhex(s[i + 1]) << 4) | unhex(s[i + 2]));
                i += 2;
            }
            b'+' => out.push(plus),
            c => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// Go's `escape`.
fn escape(s: &[u8], mode: Mode) -> String {
    const UPPERHEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if c == b' ' && mode == Mode::QueryComponent {
            out.push(b'+');
        } else if should_escape(c, mode) {
            out.extend_from_slice(&[
                b'%',
                UPPERHEX[usize::from(c >> 4)],
                UPPERHEX[usize::from(c & 15)],
            ]);
        } else {
            out.push(c);
        }
    }
    // Every mode escapes all bytes >= 0x80, so the output is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// Go's `validEncoded`.
fn valid_encoded(s: &str, mode: Mode) -> bool {
    s.bytes().all(|c| {
        matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
                | b'%'
        ) || !should_escape(c, mode)
    })
}

/// Go's `validOptionalPort`: empty, or `:` followed by digits only.
fn valid_optional_port(port: &str) -> bool {
    if port.is_empty() {
        return true;
    }
    let Some(digits) = port.strip_prefix(':') else {
        return false;
    };
    digits.bytes().all(|b| b.is_ascii_digit())
}

/// Go's `validUserinfo`.
fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|r| {
        r.is_ascii_alphanumeric()
            || matches!(
                r,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

/// Go's `url.Userinfo`: a user name and an optional password, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct UserInfo {
    username: Vec<u8>,
    password: Option<Vec<u8>>,
}

impl UserInfo {
    /// The decoded user name.
    pub fn username(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.username)
    }

    /// The decoded password, when one was given.
    pub fn password(&self) -> Option<Cow<'_, str>> {
        self.password.as_deref().map(String::from_utf8_lossy)
    }

    /// Go's `Userinfo.String()`: `user[:password]`, escaped.
    pub fn format(&self) -> String {
        let mut s = escape(&self.username, Mode::UserPassword);
        if let Some(p) = &self.password {
            s.push(':');
            s.push_str(&escape(p, Mode::UserPassword));
        }
        s
    }
}

/// Go's `url.URL`, as `url.Parse` fills it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct GoUrl {
    scheme: String,
    opaque: String,
    user: Option<UserInfo>,
    host: Vec<u8>,
    path: Vec<u8>,
    fragment: Vec<u8>,
    raw_query: String,
    raw_path: String,
    raw_fragment: String,
    force_query: bool,
    omit_host: bool,
}

/// `parse "input": message`.
fn url_error(input: &str, message: &str) -> String {
    format!("parse {}: {message}", go_quote(input))
}

/// Go's `getScheme`: `(scheme, rest)`.
fn get_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".to_owned());
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// Go's `parseHost`: the host (and port), decoded.
fn parse_host(scheme: &str, host: &str) -> Result<Vec<u8>, String> {
    match host.rfind('[') {
        Some(i) if i > 0 => return Err("invalid IP-literal".to_owned()),
        Some(_) => {
            let Some(close) = host.rfind(']') else {
                return Err("missing ']' in host".to_owned());
            };
            let colon_port = &host[close + 1..];
            if !valid_optional_port(colon_port) {
                return Err(format!("invalid port {} after host", go_quote(colon_port)));
            }
            let unescaped_port = unescape(colon_port.as_bytes(), Mode::Host)?;
            let hostname = &host[1..close];
            let unescaped_host = match hostname.find("%25") {
                Some(z) => {
                    let mut h = unescape(&hostname.as_bytes()[..z], Mode::Host)?;
                    h.extend(unescape(&hostname.as_bytes()[z..], Mode::Zone)?);
                    h
                }
                None => unescape(hostname.as_bytes(), Mode::Host)?,
            };
            let text = String::from_utf8_lossy(&unescaped_host);
            let addr = IpAddr::parse_addr(&text).map_err(|e| format!("invalid host: {e}"))?;
            if addr.is_4() {
                return Err("invalid IP-literal".to_owned());
            }
            let mut out = b"[".to_vec();
            out.extend(unescaped_host);
            out.push(b']');
            out.extend(unescaped_port);
            return Ok(out);
        }
        None => {
            if let Some(mut i) = host.find(':') {
                let last = host.rfind(':').unwrap_or(i);
                // Go 1.26: several colons are tolerated (last one starts the port) except
                // for http and https URLs.
                if last != i && scheme != "http" && scheme != "https" {
                    i = last;
                }
                let colon_port = &host[i..];
                if !valid_optional_port(colon_port) {
                    return Err(format!("invalid port {} after host", go_quote(colon_port)));
                }
            }
        }
    }
    unescape(host.as_bytes(), Mode::Host)
}

/// Go's `parseAuthority`.
fn parse_authority(scheme: &str, authority: &str) -> Result<(Option<UserInfo>, Vec<u8>), String> {
    let at = authority.rfind('@');
    let host = match at {
        Some(i) => parse_host(scheme, &authority[i + 1..])?,
        None => parse_host(scheme, authority)?,
    };
    let Some(i) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..i];
    if !valid_userinfo(userinfo) {
        return Err("net/url: invalid userinfo".to_owned());
    }
    let user = match userinfo.split_once(':') {
        None => UserInfo {
            username: unescape(userinfo.as_bytes(), Mode::UserPassword)?,
            password: None,
        },
        Some((name, password)) => UserInfo {
            username: unescape(name.as_bytes(), Mode::UserPassword)?,
            password: Some(unescape(password.as_bytes(), Mode::UserPassword)?),
        },
    };
    Ok((Some(user), host))
}

impl GoUrl {
    /// Talos' `merge.Merge` of two `url.URL` values: field by field, non-empty strings of
    /// `right` replace, both bools are copied, and two user infos cannot be merged (their
    /// fields are unexported).
    pub(crate) fn merge_fields(
        &mut self,
        right: GoUrl,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        fn text<T: Default + PartialEq>(left: &mut T, right: T) {
            if right != T::default() {
                *left = right;
            }
        }
        text(&mut self.scheme, right.scheme);
        text(&mut self.opaque, right.opaque);
        match (&mut self.user, right.user) {
            (_, None) => {}
            (left @ None, Some(user)) => *left = Some(user),
            (Some(left), Some(_)) => {
                return Err(crate::goyaml::merge::MergeError::not_settable(
                    String::from_utf8_lossy(&left.username),
                )
                .in_field("url.Userinfo", "username")
                .in_field("url.URL", "User"));
            }
        }
        text(&mut self.host, right.host);
        text(&mut self.path, right.path);
        text(&mut self.fragment, right.fragment);
        text(&mut self.raw_query, right.raw_query);
        text(&mut self.raw_path, right.raw_path);
        text(&mut self.raw_fragment, right.raw_fragment);
        self.force_query = right.force_query;
        self.omit_host = right.omit_host;
        Ok(())
    }

    /// Go's `url.Parse`, with its error texts (`parse "…": …`).
    pub fn parse(raw: &str) -> Result<GoUrl, String> {
        let (u, frag) = match raw.split_once('#') {
            Some((u, f)) => (u, Some(f)),
            None => (raw, None),
        };
        let mut url = GoUrl::parse_without_fragment(u, false).map_err(|e| url_error(u, &e))?;
        if let Some(frag) = frag.filter(|f| !f.is_empty()) {
            let decoded =
                unescape(frag.as_bytes(), Mode::Fragment).map_err(|e| url_error(raw, &e))?;
            url.raw_fragment = if escape(&decoded, Mode::Fragment) == frag {
                String::new()
            } else {
                frag.to_owned()
            };
            url.fragment = decoded;
        }
        Ok(url)
    }

    /// Go's `url.ParseRequestURI`: the whole text is an absolute URI or an absolute path
    /// (no fragment is split off), with its error texts.
    pub fn parse_request_uri(raw: &str) -> Result<GoUrl, String> {
        GoUrl::parse_without_fragment(raw, true).map_err(|e| url_error(raw, &e))
    }

    /// Go's `parse(rawURL, viaRequest)`.
    fn parse_without_fragment(raw: &str, via_request: bool) -> Result<GoUrl, String> {
        if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
            return Err("net/url: invalid control character in URL".to_owned());
        }
        if raw.is_empty() && via_request {
            return Err("empty url".to_owned());
        }
        let mut url = GoUrl::default();
        if raw == "*" {
            url.path = b"*".to_vec();
            return Ok(url);
        }
        let (scheme, rest) = get_scheme(raw)?;
        url.scheme = scheme.to_ascii_lowercase();
        let mut rest = rest;
        if rest.ends_with('?') && rest.matches('?').count() == 1 {
            url.force_query = true;
            rest = &rest[..rest.len() - 1];
        } else if let Some((r, q)) = rest.split_once('?') {
            rest = r;
            url.raw_query = q.to_owned();
        }
        if !rest.starts_with('/') {
            if !url.scheme.is_empty() {
                url.opaque = rest.to_owned();
                return Ok(url);
            }
            if via_request {
                return Err("invalid URI for request".to_owned());
            }
            let segment = rest.split('/').next().unwrap_or("");
            if segment.contains(':') {
                return Err("first path segment in URL cannot contain colon".to_owned());
            }
        }
        if (!url.scheme.is_empty() || !via_request && !rest.starts_with("///"))
            && rest.starts_with("//")
        {
            let mut authority = &rest[2..];
            rest = "";
            if let Some(i) = authority.find('/') {
                rest = &authority[i..];
                authority = &authority[..i];
            }
            let (user, host) = parse_authority(&url.scheme, authority)?;
            url.user = user;
            url.host = host;
        } else if !url.scheme.is_empty() && rest.starts_with('/') {
            url.omit_host = true;
        }
        let path = unescape(rest.as_bytes(), Mode::Path)?;
        url.raw_path = if escape(&path, Mode::Path) == rest {
            String::new()
        } else {
            rest.to_owned()
        };
        url.path = path;
        Ok(url)
    }

    /// Go's `EscapedPath`.
    pub fn escaped_path(&self) -> String {
        if !self.raw_path.is_empty()
            && valid_encoded(&self.raw_path, Mode::Path)
            && unescape(self.raw_path.as_bytes(), Mode::Path).is_ok_and(|p| p == self.path)
        {
            return self.raw_path.clone();
        }
        if self.path == b"*" {
            return "*".to_owned();
        }
        escape(&self.path, Mode::Path)
    }

    /// Go's `EscapedFragment`.
    pub fn escaped_fragment(&self) -> String {
        if !self.raw_fragment.is_empty()
            && valid_encoded(&self.raw_fragment, Mode::Fragment)
            && unescape(self.raw_fragment.as_bytes(), Mode::Fragment)
                .is_ok_and(|f| f == self.fragment)
        {
            return self.raw_fragment.clone();
        }
        escape(&self.fragment, Mode::Fragment)
    }

    /// Go's `(*url.URL).String()`.
    pub fn format(&self) -> String {
        let mut buf = String::new();
        if !self.scheme.is_empty() {
            buf.push_str(&self.scheme);
            buf.push(':');
        }
        if !self.opaque.is_empty() {
            buf.push_str(&self.opaque);
        } else {
            if !self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some() {
                if self.omit_host && self.host.is_empty() && self.user.is_none() {
                    // Empty host omitted.
                } else {
                    if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                        buf.push_str("//");
                    }
                    if let Some(user) = &self.user {
                        buf.push_str(&user.format());
                        buf.push('@');
                    }
                    if !self.host.is_empty() {
                        buf.push_str(&escape(&self.host, Mode::Host));
                    }
                }
            }
            let path = self.escaped_path();
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                buf.push('/');
            }
            if buf.is_empty() {
                let segment = path.split('/').next().unwrap_or("");
                if segment.contains(':') {
                    buf.push_str("./");
                }
            }
            buf.push_str(&path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            buf.push('?');
            buf.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            buf.push('#');
            buf.push_str(&self.escaped_fragment());
        }
        buf
    }

    /// The scheme, lower-cased.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The opaque part of `scheme:opaque` URLs.
    pub fn opaque(&self) -> &str {
        &self.opaque
    }

    /// The user information, if any.
    pub fn user(&self) -> Option<&UserInfo> {
        self.user.as_ref()
    }

    /// The decoded `host[:port]`.
    pub fn host(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.host)
    }

    /// Go's `Hostname`: the host without port and IPv6 brackets.
    pub fn hostname(&self) -> String {
        let host = self.host();
        split_host_port(&host).0.to_owned()
    }

    /// Go's `Port`: the port digits, or empty.
    pub fn port(&self) -> String {
        let host = self.host();
        split_host_port(&host).1.to_owned()
    }

    /// The decoded path.
    pub fn path(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.path)
    }

    /// The raw (still encoded) query, without `?`.
    pub fn raw_query(&self) -> &str {
        &self.raw_query
    }

    /// The decoded fragment, without `#`.
    pub fn fragment(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.fragment)
    }
}

/// Go's `splitHostPort` (the unexported helper behind `Hostname` and `Port`).
fn split_host_port(host_port: &str) -> (&str, &str) {
    let mut host = host_port;
    let mut port = "";
    if let Some(colon) = host.rfind(':')
        && valid_optional_port(&host[colon..])
    {
        port = &host[colon + 1..];
        host = &host[..colon];
    }
    if host.starts_with('[') && host.ends_with(']') && host.len() >= 2 {
        host = &host[1..host.len() - 1];
    }
    (host, port)
}

impl std::fmt::Display for GoUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format())
    }
}

impl std::str::FromStr for GoUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<GoUrl, String> {
        GoUrl::parse(s)
    }
}

/// Go's `url.PathEscape`: escapes a string for use as one path segment.
pub fn path_escape(s: &str) -> String {
    escape(s.as_bytes(), Mode::PathSegment)
}

/// Go's `url.QueryEscape`: escapes a string for use in a query (`+` for spaces).
pub fn query_escape(s: &str) -> String {
    escape(s.as_bytes(), Mode::QueryComponent)
}

/// Go's `url.PathUnescape` (bytes, since escapes may decode to non-UTF-8).
pub fn path_unescape(s: &str) -> Result<Vec<u8>, String> {
    unescape(s.as_bytes(), Mode::PathSegment)
}

/// Go's `url.QueryUnescape` (`+` decodes to a space).
pub fn query_unescape(s: &str) -> Result<Vec<u8>, String> {
    unescape(s.as_bytes(), Mode::QueryComponent)
}
