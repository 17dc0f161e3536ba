//! Talos releases, for "which release introduced this kind or field" and version-skew checks.

use std::fmt;

use crate::document::Document;
use crate::field_since;
use crate::yaml::{Node, NodeKind};

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

/// One field newer than its kind: the release that introduced it.
///
/// The table ([`field_since::FIELDS`]) is generated from Talos' own types by
/// `conformance/since/generate`. Paths are YAML paths: `.key` for a field, `[]` for a list
/// element, `.*` for a map value (`.machine.registries.mirrors.*.skipFallback`).
///
/// ```
/// use talos_config::TalosVersion;
/// use talos_config::field_since::FieldSince;
///
/// assert_eq!(
///     FieldSince::lookup("v1alpha1", ".machine.features.imageCache"),
///     Some(TalosVersion::new(1, 9))
/// );
/// // as old as its kind: not listed
/// assert_eq!(FieldSince::lookup("v1alpha1", ".machine.type"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSince {
    /// The document kind (`v1alpha1` for the legacy document).
    pub kind: &'static str,
    /// The field's YAML path in the document.
    pub path: &'static str,
    /// The first Talos release that knows the field.
    pub since: TalosVersion,
}

impl FieldSince {
    /// A table entry.
    pub const fn new(kind: &'static str, path: &'static str, since: TalosVersion) -> FieldSince {
        FieldSince { kind, path, since }
    }

    /// The release that introduced the field at `path` of `kind`, when it is newer than the
    /// kind (`None`: the field is as old as its kind, or unknown).
    pub fn lookup(kind: &str, path: &str) -> Option<TalosVersion> {
        let fields = FieldSince::of_kind(kind);
        fields
            .binary_search_by(|entry| entry.path.cmp(path))
            .ok()
            .map(|index| fields[index].since)
    }

    /// The table's entries for one kind, sorted by path.
    pub fn of_kind(kind: &str) -> &'static [FieldSince] {
        let fields = field_since::FIELDS;
        let start = fields.partition_point(|entry| entry.kind < kind);
        let end = start + fields[start..].partition_point(|entry| entry.kind == kind);
        &fields[start..end]
    }

    /// The first release of `kind` as the generated table knows it (`None` for kinds only
    /// Talos v1.14.0-rc.1 has, which the oldest-to-newest scan could not see).
    pub fn kind_since(kind: &str) -> Option<TalosVersion> {
        let kinds = field_since::KINDS;
        kinds
            .binary_search_by(|(name, _)| (*name).cmp(kind))
            .ok()
            .map(|index| kinds[index].1)
    }
}

/// A field set in a document that needs a newer release than the target: its concrete path
/// (`.machine.network.interfaces[0].vip`) and the release.
pub(crate) struct NewerField {
    pub path: String,
    pub since: TalosVersion,
}

/// The fields set in `doc` (as encoded: unset `omitempty` fields are absent) that a Talos
/// release `target` does not know, in document order. A field under a reported one is
/// reported only when it needs a still newer release.
pub(crate) fn newer_fields(doc: &dyn Document, target: TalosVersion) -> Vec<NewerField> {
    let fields = FieldSince::of_kind(doc.kind());
    let mut out = Vec::new();
    if !fields.iter().any(|entry| entry.since > target) {
        return out; // nothing to look for: skip encoding the document
    }
    let walk = FieldWalk {
        fields,
        target,
        out: &mut out,
    };
    walk.run(&doc.to_node());
    out
}

struct FieldWalk<'a> {
    /// The kind's entries, sorted by path.
    fields: &'static [FieldSince],
    target: TalosVersion,
    out: &'a mut Vec<NewerField>,
}

impl FieldWalk<'_> {
    fn run(mut self, node: &Node) {
        let root = [String::new()];
        self.walk(node, &root, &mut String::new(), TalosVersion::new(0, 0));
    }

    /// `generic`: the table paths `node` may stand at (a mapping key is a field or a map
    /// key, which the node tree does not tell apart); `concrete`: its path in the document;
    /// `floor`: the release of the nearest reported ancestor.
    fn walk(
        &mut self,
        node: &Node,
        generic: &[String],
        concrete: &mut String,
        floor: TalosVersion,
    ) {
        match node.kind {
            NodeKind::Mapping => {
                for pair in node.children.chunks(2) {
                    let [key, value] = pair else { continue };
                    let mut next = Vec::new();
                    for base in generic {
                        for segment in [key.value.as_str(), "*"] {
                            let candidate = format!("{base}.{segment}");
                            if self.live(&candidate) && !next.contains(&candidate) {
                                next.push(candidate);
                            }
                        }
                    }
                    if next.is_empty() {
                        continue;
                    }
                    let len = concrete.len();
                    push_key(concrete, &key.value);
                    let since = next
                        .iter()
                        .filter_map(|path| self.exact(path))
                        .max()
                        .filter(|since| *since > self.target && *since > floor);
                    if let Some(since) = since {
                        self.out.push(NewerField {
                            path: concrete.clone(),
                            since,
                        });
                    }
                    self.walk(value, &next, concrete, since.unwrap_or(floor));
                    concrete.truncate(len);
                }
            }
            NodeKind::Sequence => {
                let next: Vec<String> = generic
                    .iter()
                    .map(|base| format!("{base}[]"))
                    .filter(|candidate| self.live(candidate))
                    .collect();
                if next.is_empty() {
                    return;
                }
                for (index, item) in node.children.iter().enumerate() {
                    let len = concrete.len();
                    concrete.push_str(&format!("[{index}]"));
                    self.walk(item, &next, concrete, floor);
                    concrete.truncate(len);
                }
            }
            NodeKind::Scalar | NodeKind::Alias(_) => {}
        }
    }

    /// The release of the entry at exactly `path`.
    fn exact(&self, path: &str) -> Option<TalosVersion> {
        self.fields
            .binary_search_by(|entry| entry.path.cmp(path))
            .ok()
            .map(|index| self.fields[index].since)
    }

    /// Whether `path` or a path under it has an entry.
    fn live(&self, path: &str) -> bool {
        let start = self.fields.partition_point(|entry| entry.path < path);
        self.fields[start..]
            .iter()
            .take_while(|entry| entry.path.starts_with(path))
            .any(|entry| {
                matches!(
                    entry.path.as_bytes().get(path.len()),
                    None | Some(b'.' | b'[')
                )
            })
    }
}

/// Appends a mapping key to a display path: `.key` for plain names, `["a.b"]` otherwise.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&crate::goyaml::go_quote(key));
        path.push(']');
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
