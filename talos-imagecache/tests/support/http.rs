//! A raw HTTP/1.1 client over `TcpStream` for talking to registries exactly as a test
//! wants: the request target is sent byte for byte (`..`, `%2e%2e`, `%2F` and bad escapes
//! reach the server unmodified), one request per connection (`Connection: close`), and
//! every read and write is bounded by a timeout.
//!
//! Used by the interop tests and, through `#[path]`, by the differential runner
//! (`conformance/runner/src/imagecache.rs`), so both speak to servers the same way.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How long one request may take, connect to last byte.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest response body read (bigger ones are an error).
const MAX_BODY: usize = 256 << 20;

/// A response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers, names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body (chunked transfer coding removed; empty for `HEAD`).
    pub body: Vec<u8>,
    /// The connection closed before the `Content-Length` the head declared (only
    /// [`request_lenient`] returns such replies).
    pub truncated: bool,
}

impl Reply {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `method target` with `headers` to `addr` and reads the whole response; a body
/// shorter than its `Content-Length` is an error.
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> io::Result<Reply> {
    let reply = request_lenient(addr, method, target, headers)?;
    if reply.truncated {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!(
                "body ended after {} of {} bytes",
                reply.body.len(),
                reply.header("content-length").unwrap_or("?")
            ),
        ));
    }
    Ok(reply)
}

/// Like [`request`], but a body cut short by the server closing the connection is
/// returned (what arrived, with [`Reply::truncated`] set): Go's server does that when a
/// handler declared a `Content-Length` and then wrote an error status without a body.
pub fn request_lenient(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> io::Result<Reply> {
    let deadline = Instant::now() + REQUEST_TIMEOUT;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut text = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes())?;
    stream.flush()?;

    let mut reader = BufReader::new(stream);
    let status_line = read_line(&mut reader, deadline)?;
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| bad(format!("bad status line {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(&mut reader, deadline)?;
        if line.is_empty() {
            break;
        }
        if headers.len() > 200 {
            return Err(bad("too many headers".into()));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad(format!("bad header line {line:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
        truncated: false,
    };
    // No body for HEAD, 1xx, 204 and 304, whatever the headers say.
    if method == "HEAD" || status < 200 || status == 204 || status == 304 {
        return Ok(reply);
    }
    let chunked = reply
        .header("transfer-encoding")
        .is_some_and(|te| te.eq_ignore_ascii_case("chunked"));
    if chunked {
        reply.body = read_chunked(&mut reader, deadline)?;
    } else if let Some(length) = reply.header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| bad(format!("bad Content-Length {length:?}")))?;
        if length > MAX_BODY {
            return Err(bad(format!("body of {length} bytes is too big")));
        }
        reply.body = vec![0; length];
        let got = read_up_to(&mut reader, &mut reply.body, deadline)?;
        if got < length {
            reply.body.truncate(got);
            reply.truncated = true;
        }
    } else {
        // Delimited by the end of the connection.
        let mut chunk = [0u8; 64 << 10];
        loop {
            check_deadline(deadline)?;
            let n = reader.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            reply.body.extend_from_slice(&chunk[..n]);
            if reply.body.len() > MAX_BODY {
                return Err(bad("body too big".into()));
            }
        }
    }
    Ok(reply)
}

/// `GET target`.
pub fn get(addr: SocketAddr, target: &str) -> io::Result<Reply> {
    request(addr, "GET", target, &[])
}

fn bad(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

fn check_deadline(deadline: Instant) -> io::Result<()> {
    if Instant::now() > deadline {
        return Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("no complete response within {REQUEST_TIMEOUT:?}"),
        ));
    }
    Ok(())
}

/// One CRLF- (or LF-) terminated line, without the terminator; at most 64 KiB.
fn read_line(reader: &mut impl BufRead, deadline: Instant) -> io::Result<String> {
    check_deadline(deadline)?;
    let mut line = Vec::new();
    let n = reader.take(64 << 10).read_until(b'\n', &mut line)?;
    if n == 0 || line.last() != Some(&b'\n') {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed in the response head",
        ));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| bad("response head is not UTF-8".into()))
}

/// Fills `buf` unless the connection ends first; returns how many bytes arrived.
fn read_up_to(reader: &mut impl Read, buf: &mut [u8], deadline: Instant) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        check_deadline(deadline)?;
        let n = reader.read(&mut buf[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

fn read_exact(reader: &mut impl Read, buf: &mut [u8], deadline: Instant) -> io::Result<()> {
    let got = read_up_to(reader, buf, deadline)?;
    if got < buf.len() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("body ended after {got} of {} bytes", buf.len()),
        ));
    }
    Ok(())
}

fn read_chunked(reader: &mut impl BufRead, deadline: Instant) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader, deadline)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| bad(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while !read_line(reader, deadline)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(bad("body too big".into()));
        }
        let start = body.len();
        body.resize(start + size, 0);
        read_exact(reader, &mut body[start..], deadline)?;
        if !read_line(reader, deadline)?.is_empty() {
            return Err(bad("chunk not followed by CRLF".into()));
        }
    }
}
