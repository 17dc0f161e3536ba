//! SHA-256 content digests, the only algorithm the cache knows.

use std::fmt;
use std::io::{self, Read};
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// Why a digest text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DigestError {
    /// Not `sha256:` (or `sha256-` in a file name) followed by 64 lowercase hex digits.
    #[error("invalid digest {0:?}: expected sha256: and 64 lowercase hex digits")]
    Invalid(String),
    /// Another algorithm (`sha512:…`); the cache stores sha256 only.
    #[error("unsupported digest algorithm in {0:?}: only sha256 is supported")]
    Unsupported(String),
}

/// A SHA-256 digest: `sha256:<hex>` on the wire, `sha256-<hex>` as a cache file name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// The digest of everything `reader` yields, and how many bytes that was.
    pub fn of_reader(mut reader: impl Read) -> io::Result<(Digest, u64)> {
        let mut hasher = Hasher::new();
        with_io_buffer(|buf| {
            loop {
                match reader.read(buf) {
                    Ok(0) => return Ok(()),
                    Ok(n) => hasher.update(&buf[..n]),
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(err),
                }
            }
        })?;
        Ok(hasher.finish())
    }

    /// Parses `sha256:<64 lowercase hex>`.
    pub fn parse(text: &str) -> Result<Digest, DigestError> {
        Self::parse_with(text, ':')
    }

    /// Parses a cache file name, `sha256-<64 lowercase hex>`.
    pub fn from_file_name(name: &str) -> Result<Digest, DigestError> {
        Self::parse_with(name, '-')
    }

    fn parse_with(text: &str, separator: char) -> Result<Digest, DigestError> {
        let invalid = || DigestError::Invalid(text.to_owned());
        let Some((algorithm, hex_part)) = text.split_once(separator) else {
            return Err(invalid());
        };
        if algorithm != "sha256" {
            let known = matches!(algorithm, "sha384" | "sha512");
            return Err(if known {
                DigestError::Unsupported(text.to_owned())
            } else {
                invalid()
            });
        }
        // Upper-case hex would name a different file than the canonical digest.
        if hex_part.len() != 64
            || !hex_part
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(invalid());
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(hex_part, &mut bytes).map_err(|_| invalid())?;
        Ok(Digest(bytes))
    }

    /// The 64 hex digits.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The cache file name, `sha256-<hex>`.
    pub fn file_name(&self) -> String {
        format!("sha256-{}", self.hex())
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl FromStr for Digest {
    type Err = DigestError;

    fn from_str(text: &str) -> Result<Digest, DigestError> {
        Digest::parse(text)
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An incremental SHA-256 that also counts bytes.
#[derive(Clone, Default)]
pub struct Hasher {
    inner: Sha256,
    len: u64,
}

impl Hasher {
    /// A fresh hasher.
    pub fn new() -> Hasher {
        Hasher::default()
    }

    /// Feeds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.inner.update(bytes);
        self.len += bytes.len() as u64;
    }

    /// The digest and the byte count.
    pub fn finish(self) -> (Digest, u64) {
        (Digest(self.inner.finalize().into()), self.len)
    }
}

/// The size of the buffer files are streamed through.
pub(crate) const IO_BUFFER_LEN: usize = 256 << 10;

thread_local! {
    static IO_BUFFER: std::cell::Cell<Option<Box<[u8]>>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with this thread's I/O buffer: allocated (and zeroed) once per thread rather
/// than once per file, which for many small blobs cost as much as hashing them.
pub(crate) fn with_io_buffer<T>(f: impl FnOnce(&mut [u8]) -> T) -> T {
    let mut buf = IO_BUFFER
        .take()
        .unwrap_or_else(|| vec![0u8; IO_BUFFER_LEN].into_boxed_slice());
    let result = f(&mut buf);
    IO_BUFFER.set(Some(buf));
    result
}

/// A reader or writer that hashes every byte passing through it.
pub(crate) struct Hashing<T> {
    /// The wrapped reader or writer.
    pub(crate) inner: T,
    /// The hash of what passed so far.
    pub(crate) hasher: Hasher,
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn digest_of_empty_input_is_the_known_value() {
        assert_eq!(Digest::of(b"").to_string(), EMPTY);
        assert_eq!(Digest::parse(EMPTY).unwrap(), Digest::of(b""));
        assert_eq!(Digest::of_reader(&b""[..]).unwrap(), (Digest::of(b""), 0));
    }

    #[test]
    fn file_names_round_trip() {
        let digest = Digest::of(b"x");
        assert_eq!(Digest::from_file_name(&digest.file_name()).unwrap(), digest);
        assert!(Digest::from_file_name(&digest.to_string()).is_err());
    }

    #[test]
    fn bad_digests_are_refused() {
        for text in [
            "",
            "sha256:",
            "sha256:abc",
            &EMPTY.to_uppercase(),
            &format!("{EMPTY}0"),
            "sha256:../../../../etc/passwd/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
        ] {
            assert!(
                matches!(Digest::parse(text), Err(DigestError::Invalid(_))),
                "{text}"
            );
        }
        let sha512 = format!("sha512:{}", "a".repeat(128));
        assert!(matches!(
            Digest::parse(&sha512),
            Err(DigestError::Unsupported(_))
        ));
    }
}
