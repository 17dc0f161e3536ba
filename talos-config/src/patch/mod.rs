//! Configuration patches as `talosctl` applies them (`configpatcher`): strategic merge
//! patches (YAML documents merged into the configuration, `$patch: delete` to remove) and
//! JSON patches (RFC 6902, single-document configurations only).
//!
//! ```
//! use talos_config::patch::{self, ConfigOrBytes};
//!
//! let patches = patch::load_patches(&[
//!     "machine:\n  network:\n    hostname: worker-1\n",
//!     r#"[{"op": "add", "path": "/machine/network/nameservers", "value": ["1.1.1.1"]}]"#,
//! ])?;
//! let out = patch::apply(
//!     ConfigOrBytes::Bytes(b"version: v1alpha1\nmachine:\n  type: worker\n".to_vec()),
//!     &patches,
//! )?;
//! // The last patch was a JSON patch: the output is its YAML (2-space, keys sorted).
//! assert_eq!(
//!     String::from_utf8(out.to_bytes()).unwrap(),
//!     "cluster: null\nmachine:\n  certSANs: []\n  network:\n    hostname: worker-1\n    nameservers:\n    - 1.1.1.1\n  token: \"\"\n  type: worker\nversion: v1alpha1\n",
//! );
//! # Ok::<(), talos_config::patch::PatchError>(())
//! ```
//!
//! Behaviour follows Talos' Go code closely, including its rough edges (documented at
//! each function): lists append unless the field replaces (`podSubnets`, …) or is keyed
//! (`interfaces` by name, `vlans` by ID, …); zero values in a patch do not overwrite unless
//! they sit behind a pointer; Go structs with unexported fields (`netip.Prefix`) cannot be
//! merged and fail with Go's text. Where Go would crash (a runtime panic), an error says so.

mod delete;
mod json;
mod json6902;
mod strategic;
mod yaml_v2;

pub use delete::DeleteSelector;
pub use json6902::JsonPatch;
pub use strategic::StrategicPatch;

use crate::config::Config;
use crate::error::LoadError;
use crate::goyaml::merge::MergeError;

/// One patch, as `configpatcher.LoadPatch` recognises it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Patch {
    /// YAML documents merged into the configuration.
    Strategic(StrategicPatch),
    /// An RFC 6902 JSON patch (given as JSON or as a YAML list of operations).
    Json(JsonPatch),
}

/// Why loading or applying patches failed. The texts are Talos' own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PatchError {
    /// A patch that is none of the formats: the strategic merge loader's error (or the JSON
    /// decoder's, for text starting with `[`).
    #[error("{0}")]
    Load(LoadError),
    /// A JSON patch that does not decode (Go's `encoding/json` texts).
    #[error("{0}")]
    Json(String),
    /// A patch file that cannot be read (`open PATH: no such file or directory`).
    #[error("{op} {path}: {message}")]
    Read {
        /// `open` or `read`.
        op: &'static str,
        /// The path as given.
        path: String,
        /// Go's errno text.
        message: String,
    },
    /// The configuration does not load (strictly) before a strategic merge patch.
    #[error("{0}")]
    Config(LoadError),
    /// A strategic merge failed (`merge field …`, `merge type mismatch …`).
    #[error("{0}")]
    Merge(String),
    /// A `$patch: delete` did not apply (`patch delete: path '…' … lookup failed`).
    #[error("{0}")]
    Delete(String),
    /// The merged documents break the container rules (duplicates, conflicts).
    #[error("{0}")]
    Container(LoadError),
    /// A JSON patch on a configuration of several documents.
    #[error("JSON6902 patches are not supported for multi-document machine configuration")]
    JsonMultiDocument,
    /// Applying a JSON patch failed (`failure applying rfc6902 patches to talos machine
    /// config: …`).
    #[error("{0}")]
    Json6902(String),
    /// Talos' Go code panics here (a runtime error; `talosctl` would crash): the panic text.
    #[error("{0}")]
    GoPanic(String),
}

impl PatchError {
    pub(crate) fn from_merge(err: MergeError) -> PatchError {
        if err.is_panic() {
            PatchError::GoPanic(err.message().to_owned())
        } else {
            PatchError::Merge(err.message().to_owned())
        }
    }
}

/// `configpatcher.LoadPatch`: a strategic merge patch if the configuration loader takes it
/// (with `$patch: delete` and duplicate documents allowed), else a JSON patch as JSON, else
/// a JSON patch as a YAML list. Failing all three, the error is the JSON decoder's when the
/// text starts with `[`, the configuration loader's otherwise.
pub fn load_patch(input: &[u8]) -> Result<Patch, PatchError> {
    let strategic_err = match StrategicPatch::from_bytes(input) {
        Ok(patch) => return Ok(Patch::Strategic(patch)),
        Err(err) => err,
    };
    let json_err = match JsonPatch::from_json(input) {
        Ok(patch) => return Ok(Patch::Json(patch)),
        Err(err) => err,
    };
    match JsonPatch::from_yaml(input) {
        Ok(patch) => Ok(Patch::Json(patch)),
        Err(Some(err)) => Err(PatchError::Json(err)),
        Err(None) => {
            if looks_like_json_list(input) {
                Err(PatchError::Json(json_err))
            } else {
                Err(PatchError::Load(strategic_err))
            }
        }
    }
}

/// `configpatcher.LoadPatches` (what `talosctl … --config-patch/-p` takes): `@file` reads
/// a file; text without a space or newline that does not start with `[` or `{` is a file
/// name too; anything else is the patch itself. JSON patches given one after another are
/// merged into one.
pub fn load_patches<S: AsRef<str>>(args: &[S]) -> Result<Vec<Patch>, PatchError> {
    let mut result: Vec<Patch> = Vec::new();
    for arg in args {
        let arg = arg.as_ref();
        let contents = if let Some(path) = arg.strip_prefix('@') {
            read_file(path)?
        } else if !arg.contains(['\n', ' ']) && !arg.starts_with('[') && !arg.starts_with('{') {
            read_file(arg)?
        } else {
            arg.as_bytes().to_vec()
        };
        push_merged(&mut result, load_patch(&contents)?);
    }
    Ok(result)
}

/// [`load_patches`] for patch texts only (no file names, no `@file`): each text is loaded
/// with [`load_patch`], and JSON patches given one after another are merged into one. For
/// callers that read the patches themselves (the C, Go and Python bindings).
pub fn load_patch_texts<B: AsRef<[u8]>>(texts: &[B]) -> Result<Vec<Patch>, PatchError> {
    let mut result: Vec<Patch> = Vec::new();
    for text in texts {
        push_merged(&mut result, load_patch(text.as_ref())?);
    }
    Ok(result)
}

/// Appends `patch`, merging it into the last one when both are JSON patches
/// (`configpatcher.LoadPatches`).
fn push_merged(result: &mut Vec<Patch>, patch: Patch) {
    match (result.last_mut(), patch) {
        (Some(Patch::Json(last)), Patch::Json(next)) => last.extend(next),
        (_, patch) => result.push(patch),
    }
}

/// `os.ReadFile` with Go's error texts (`open PATH: no such file or directory`).
fn read_file(path: &str) -> Result<Vec<u8>, PatchError> {
    let go_errno = |err: &std::io::Error| {
        let text = err.to_string();
        let text = match text.find(" (os error") {
            Some(i) => text[..i].to_owned(),
            None => text,
        };
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => text,
        }
    };
    match std::fs::File::open(path) {
        Err(err) => Err(PatchError::Read {
            op: "open",
            path: path.to_owned(),
            message: go_errno(&err),
        }),
        Ok(mut file) => {
            let mut contents = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut contents).map_err(|err| {
                PatchError::Read {
                    op: "read",
                    path: path.to_owned(),
                    message: go_errno(&err),
                }
            })?;
            Ok(contents)
        }
    }
}

/// Whether the text starts with `[` after white space (Go's `bytes.TrimSpace` test).
fn looks_like_json_list(input: &[u8]) -> bool {
    String::from_utf8_lossy(input).trim_start().starts_with('[')
}

/// A configuration being patched: parsed, or as bytes (Go's `configOrBytes`). Patches
/// convert between the two only when they need to: a JSON patch needs bytes (a parsed
/// configuration is encoded), a strategic patch a parsed configuration (bytes are loaded
/// strictly).
#[derive(Debug, Clone)]
pub enum ConfigOrBytes {
    /// A loaded configuration.
    Config(Config),
    /// Bytes (the input as given, or a JSON patch's output).
    Bytes(Vec<u8>),
}

impl ConfigOrBytes {
    /// Go's `Bytes()`: the bytes, or the configuration's canonical encoding (comments
    /// disabled; never the loaded bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            ConfigOrBytes::Config(config) => config.encode().into_bytes(),
            ConfigOrBytes::Bytes(bytes) => bytes.clone(),
        }
    }

    /// [`ConfigOrBytes::to_bytes`], consuming.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            ConfigOrBytes::Config(config) => config.encode().into_bytes(),
            ConfigOrBytes::Bytes(bytes) => bytes,
        }
    }

    /// Go's `Config()`: the configuration, bytes loaded strictly.
    pub fn into_config(self) -> Result<Config, PatchError> {
        match self {
            ConfigOrBytes::Config(config) => Ok(config),
            ConfigOrBytes::Bytes(bytes) => Config::from_bytes(&bytes).map_err(PatchError::Config),
        }
    }
}

impl From<Config> for ConfigOrBytes {
    fn from(config: Config) -> ConfigOrBytes {
        ConfigOrBytes::Config(config)
    }
}

impl From<Vec<u8>> for ConfigOrBytes {
    fn from(bytes: Vec<u8>) -> ConfigOrBytes {
        ConfigOrBytes::Bytes(bytes)
    }
}

impl From<&[u8]> for ConfigOrBytes {
    fn from(bytes: &[u8]) -> ConfigOrBytes {
        ConfigOrBytes::Bytes(bytes.to_vec())
    }
}

/// `configpatcher.Apply`: the patches in order. With no patch the input comes back as it
/// is; `talosctl machineconfig patch` passes the file's bytes.
pub fn apply(
    input: impl Into<ConfigOrBytes>,
    patches: &[Patch],
) -> Result<ConfigOrBytes, PatchError> {
    let mut current = input.into();
    for patch in patches {
        current = match patch {
            Patch::Json(patch) => {
                let bytes = current.into_bytes();
                match json6902::apply(&bytes, patch) {
                    Ok(out) => ConfigOrBytes::Bytes(out),
                    Err(json6902::Json6902Error::MultiDocument) => {
                        return Err(PatchError::JsonMultiDocument);
                    }
                    Err(json6902::Json6902Error::Failed(message)) => {
                        return Err(PatchError::Json6902(message));
                    }
                    Err(json6902::Json6902Error::Panic(message)) => {
                        return Err(PatchError::GoPanic(message));
                    }
                }
            }
            Patch::Strategic(patch) => {
                let config = current.into_config()?;
                ConfigOrBytes::Config(patch.apply(config)?)
            }
        };
    }
    Ok(current)
}

impl Patch {
    /// [`load_patch`].
    pub fn from_bytes(input: &[u8]) -> Result<Patch, PatchError> {
        load_patch(input)
    }

    /// Applies this one patch ([`apply`] with one patch).
    pub fn apply_to(&self, input: impl Into<ConfigOrBytes>) -> Result<ConfigOrBytes, PatchError> {
        apply(input, std::slice::from_ref(self))
    }
}
