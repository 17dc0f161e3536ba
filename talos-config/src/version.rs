//! Talos releases, for "which release introduced this kind" and version-skew checks.

use std::fmt;

/// A Talos release line (`1.12`), compared numerically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TalosVersion {
    /// Major version.
    pub major: u16,
    /// Minor version.
    pub minor: u16,
}

impl TalosVersion {
    /// Builds `major.minor`.
    pub const fn new(major: u16, minor: u16) -> TalosVersion {
        TalosVersion { major, minor }
    }

    /// Parses `1.12` (or `v1.12`, `1.12.3`, `v1.12.0-beta.1`: patch and suffix are ignored)
    /// in a const context; panics at compile time on malformed literals.
    pub const fn parse_const(text: &str) -> TalosVersion {
        match TalosVersion::parse_bytes(text.as_bytes()) {
            Some(v) => v,
            None => panic!("malformed Talos version"),
        }
    }

    /// Parses a version; `None` when it is not `[v]MAJOR.MINOR[.…]`.
    pub fn parse(text: &str) -> Option<TalosVersion> {
        TalosVersion::parse_bytes(text.trim().as_bytes())
    }

    const fn parse_bytes(b: &[u8]) -> Option<TalosVersion> {
        let mut i = 0;
        if i < b.len() && b[i] == b'v' {
            i += 1;
        }
        let (major, next) = match number(b, i) {
            Some(x) => x,
            None => return None,
        };
        if next >= b.len() || b[next] != b'.' {
            return None;
        }
        let (minor, end) = match number(b, next + 1) {
            Some(x) => x,
            None => return None,
        };
        if end < b.len() && b[end] != b'.' && b[end] != b'-' {
            return None;
        }
        Some(TalosVersion { major, minor })
    }
}

const fn number(b: &[u8], start: usize) -> Option<(u16, usize)> {
    let mut i = start;
    let mut value: u32 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        value = value * 10 + (b[i] - b'0') as u32;
        if value > u16::MAX as u32 {
            return None;
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    Some((value as u16, i))
}

impl fmt::Display for TalosVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::TalosVersion;

    #[test]
    fn parses_release_spellings() {
        assert_eq!(
            TalosVersion::parse("v1.14.0-rc.1"),
            Some(TalosVersion::new(1, 14))
        );
        assert_eq!(TalosVersion::parse("1.9"), Some(TalosVersion::new(1, 9)));
        assert!(TalosVersion::new(1, 9) < TalosVersion::new(1, 14));
        assert_eq!(TalosVersion::parse("1"), None);
        assert_eq!(TalosVersion::parse("1.x"), None);
    }
}
