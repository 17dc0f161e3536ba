//! The air-gapped image cache (`talos-imagecache`): create a flat cache from OCI image
//! layouts or registries, verify it, look files up as Talos' registryd does, pack and unpack
//! the OCI wrapper the imager bakes into install media, list a release's default images, and
//! write small sample images for tests.
//!
//! Requests and reports are JSON, which keeps the ABI small: each report is one
//! `talos_buffer` (UTF-8 JSON, not NUL-terminated) for the caller to release with
//! `talos_buffer_free`. Paths are NUL-terminated UTF-8 strings. The library keeps no
//! reference to any argument after a call returns.

use std::ffi::c_char;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use talos_imagecache::default_images::{DefaultImagesError, Overrides, default_images};
use talos_imagecache::lookup::{Found, Kind, LookupError, Roots};
use talos_imagecache::sample::{SampleImage, WrittenImage, write_layout};
use talos_imagecache::verify::VerifyError;
use talos_imagecache::{
    CreateError, CreateOptions, ImageRef, PackError, PackOptions, Platform, Platforms,
    RegistryOptions, Source, SourceError, StoreError, create, layouts_or_registries, pack, unpack,
    verify,
};

use crate::args::{c_str, checked_out};
use crate::buffer::talos_buffer;
use crate::config::json;
use crate::{FfiError, guard, talos_status};

/// Blob downloads at once when a request does not say.
const DEFAULT_JOBS: usize = 4;
/// The most platforms, layers per platform and bytes per layer a sample image may ask for:
/// sample images are for tests, and the limits keep a typo from filling the disk.
const SAMPLE_MAX_PLATFORMS: usize = 16;
const SAMPLE_MAX_LAYERS: usize = 64;
const SAMPLE_MAX_LAYER_SIZE: usize = 64 << 20;

fn invalid(message: impl Into<String>) -> FfiError {
    FfiError::new(talos_status::TALOS_INVALID_ARGUMENT, message)
}

fn parse_error(what: &str, error: &serde_json::Error) -> FfiError {
    FfiError::new(talos_status::TALOS_PARSE, format!("{what}: {error}"))
}

fn source_status(error: &SourceError) -> talos_status {
    match error {
        SourceError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            talos_status::TALOS_NOT_FOUND
        }
        SourceError::Malformed(_) => talos_status::TALOS_PARSE,
        SourceError::Auth { .. } => talos_status::TALOS_AUTH_FAILED,
        _ => talos_status::TALOS_IO,
    }
}

impl From<SourceError> for FfiError {
    fn from(error: SourceError) -> Self {
        Self::new(source_status(&error), error.to_string())
    }
}

fn store_status(error: &StoreError) -> talos_status {
    match error {
        StoreError::DigestMismatch { .. } | StoreError::SizeMismatch { .. } => {
            talos_status::TALOS_CORRUPT
        }
        _ => talos_status::TALOS_IO,
    }
}

impl From<CreateError> for FfiError {
    fn from(error: CreateError) -> Self {
        let status = match &error {
            CreateError::BadPlatform(_) => talos_status::TALOS_INVALID_ARGUMENT,
            CreateError::NotFound { .. } | CreateError::NoPlatform { .. } => {
                talos_status::TALOS_NOT_FOUND
            }
            CreateError::ManifestDigest { .. } => talos_status::TALOS_CORRUPT,
            CreateError::Manifest { .. } => talos_status::TALOS_PARSE,
            CreateError::Source { source, .. } => source_status(source),
            CreateError::Store { source, .. } => store_status(source),
            _ => talos_status::TALOS_IO,
        };
        Self::new(status, error.to_string())
    }
}

impl From<VerifyError> for FfiError {
    fn from(error: VerifyError) -> Self {
        let status = match &error {
            VerifyError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                talos_status::TALOS_NOT_FOUND
            }
            _ => talos_status::TALOS_IO,
        };
        Self::new(status, error.to_string())
    }
}

impl From<PackError> for FfiError {
    fn from(error: PackError) -> Self {
        let status = match &error {
            PackError::Store(store) => store_status(store),
            PackError::Exists(_) => talos_status::TALOS_ALREADY_EXISTS,
            PackError::Unpackable { .. } => talos_status::TALOS_INVALID_ARGUMENT,
            PackError::NoImage(_) => talos_status::TALOS_NOT_FOUND,
            _ => talos_status::TALOS_CORRUPT,
        };
        Self::new(status, error.to_string())
    }
}

impl From<DefaultImagesError> for FfiError {
    fn from(error: DefaultImagesError) -> Self {
        let status = match &error {
            DefaultImagesError::UnknownRelease { .. } => talos_status::TALOS_NOT_FOUND,
            _ => talos_status::TALOS_INVALID_ARGUMENT,
        };
        Self::new(status, error.to_string())
    }
}

/// Writes a JSON report into a checked out-parameter.
///
/// # Safety
/// `out` is non-NULL and writable.
unsafe fn write_json(
    out: *mut talos_buffer,
    value: &impl serde::Serialize,
) -> Result<(), FfiError> {
    let bytes = json(value)?;
    // SAFETY: the caller checked out non-NULL and promises it is writable.
    unsafe { out.write(talos_buffer::from_vec(bytes)) };
    Ok(())
}

/// `"linux/amd64,linux/arm64"`, `"all"`, or a list of platforms.
#[derive(Deserialize)]
#[serde(untagged)]
enum PlatformsField {
    Text(String),
    List(Vec<String>),
}

/// The JSON request of `talos_imagecache_create`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateRequest {
    images: Vec<String>,
    #[serde(default)]
    platforms: Option<PlatformsField>,
    #[serde(default)]
    layouts: Vec<String>,
    #[serde(default)]
    insecure: bool,
    #[serde(default)]
    docker_config: Option<String>,
    #[serde(default)]
    jobs: Option<usize>,
    #[serde(default)]
    cosign_signatures: Option<bool>,
    #[serde(default)]
    link: bool,
}

impl CreateRequest {
    fn options(&self) -> Result<CreateOptions, FfiError> {
        let mut options = CreateOptions::default();
        if let Some(platforms) = &self.platforms {
            let text = match platforms {
                PlatformsField::Text(text) => text.clone(),
                PlatformsField::List(list) => list.join(","),
            };
            options.platforms = Platforms::parse(&text)?;
        }
        if let Some(cosign) = self.cosign_signatures {
            options.cosign_signatures = cosign;
        }
        options.jobs = self.jobs.unwrap_or(DEFAULT_JOBS).max(1);
        options.link_local_blobs = self.link;
        Ok(options)
    }

    fn images(&self) -> Result<Vec<ImageRef>, FfiError> {
        if self.images.is_empty() {
            return Err(invalid("the request lists no images"));
        }
        self.images
            .iter()
            .map(|text| ImageRef::parse(text.trim()).map_err(|e| invalid(e.to_string())))
            .collect()
    }

    /// The layouts when any are given (`DIR`, or `REPOSITORY=DIR` for a layout of one
    /// repository annotated with bare tags), else the registries.
    fn source(&self, jobs: usize) -> Result<Box<dyn Source>, FfiError> {
        let registries = RegistryOptions {
            insecure: self.insecure,
            docker_config: self.docker_config.as_ref().map(PathBuf::from),
            concurrency: jobs,
            ..RegistryOptions::default()
        };
        Ok(layouts_or_registries(&self.layouts, registries)?)
    }
}

/// Creates (or resumes) the flat image cache at `dest` as `talosctl images cache-create
/// --layout flat` does, but with every blob digest-checked before it is renamed into place,
/// and writes the report into `*report_out` (release with `talos_buffer_free`).
///
/// `request_json` is a JSON object:
/// `{"images": [string], "platforms": "linux/amd64,linux/arm64" | "all" | [string],
/// "layouts": ["DIR" | "REPOSITORY=DIR"], "insecure": bool, "docker_config": string|null,
/// "jobs": number, "cosign_signatures": bool, "link": bool}`; only `images` is required
/// (defaults: `linux/amd64`, no layouts, secure, the default Docker config, 4 jobs,
/// signatures on, no links). `link` hard-links blobs from `layouts` on the same file
/// system instead of copying them (still digest-checked; the cache then shares those
/// files with the layouts).
/// With `layouts` the images come from those OCI image layouts (a `DIR` annotated with full
/// references, or a `REPOSITORY=DIR` annotated with bare tags); without, from registries
/// over the OCI distribution API (`insecure` allows plain HTTP and unchecked TLS;
/// credentials from `docker_config` or `$DOCKER_CONFIG/config.json`).
///
/// The report is `{"images", "manifests", "blobs_written", "blobs_linked",
/// "blobs_present", "bytes_written", "signatures"}` (numbers; `blobs_linked` counts the
/// hard-linked among `blobs_written`). Errors: `TALOS_PARSE` for a request that is
/// not such JSON, `TALOS_INVALID_ARGUMENT` for a bad image reference or platform,
/// `TALOS_NOT_FOUND` for an image (or platform) the source does not have,
/// `TALOS_AUTH_FAILED` for refused registry credentials, `TALOS_CORRUPT` for content that
/// does not match its digest, `TALOS_IO` for file-system and network failures. Blobs stored
/// before a failure are complete and verified: calling again resumes.
///
/// # Safety
/// `dest` and `request_json` are NULL or NUL-terminated strings; `report_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_create(
    dest: *const c_char,
    request_json: *const c_char,
    report_out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(report_out, "report_out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let dest = unsafe { c_str(dest, "dest") }?;
        // SAFETY: as above.
        let text = unsafe { c_str(request_json, "request_json") }?;
        let request: CreateRequest =
            serde_json::from_str(text).map_err(|e| parse_error("request_json", &e))?;
        let options = request.options()?;
        let images = request.images()?;
        let source = request.source(options.jobs)?;
        let report = create(source.as_ref(), Path::new(dest), &images, &options, &|_| {})?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &report) }
    })
}

/// The number of hashing threads for `jobs` (0: one per CPU).
fn jobs_or_cpus(jobs: u32) -> usize {
    match jobs {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n as usize,
    }
}

/// Verifies the flat cache at `dir` with `jobs` hashing threads (0: one per CPU): every
/// `blob/` and `digest/` file hashes to its name, every tag resolves to a stored manifest,
/// every image manifest's config and layers are stored with their sizes. The report goes
/// into `*report_out` (release with `talos_buffer_free`):
/// `{"blobs", "manifests", "tags", "bytes", "repositories": [string], "indexes":
/// [{"repository", "digest", "present": [string], "absent": [string]}], "problems":
/// [{"kind": "corrupt"|"unexpected"|"unreadable"|"dangling_tag"|"bad_manifest"|
/// "missing_blob"|"size_mismatch", ...}]}`.
///
/// A cache with problems is still `TALOS_OK`: the status says whether verification ran,
/// `problems` (empty when all is well) says what is wrong. A missing `dir` is
/// `TALOS_NOT_FOUND`, an unreadable one `TALOS_IO`.
///
/// # Safety
/// `dir` is NULL or a NUL-terminated string; `report_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_verify(
    dir: *const c_char,
    jobs: u32,
    report_out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(report_out, "report_out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let dir = unsafe { c_str(dir, "dir") }?;
        let report = verify(Path::new(dir), jobs_or_cpus(jobs))?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &report) }
    })
}

/// The JSON answer of `talos_imagecache_lookup`: every key present (`null` where it does
/// not apply), in this order.
#[derive(Serialize)]
struct LookupAnswer {
    status: u16,
    error: Option<String>,
    kind: Option<&'static str>,
    path: Option<String>,
    digest: Option<String>,
    size: Option<u64>,
    media_type: Option<String>,
}

impl From<Result<Found, LookupError>> for LookupAnswer {
    fn from(result: Result<Found, LookupError>) -> Self {
        match result {
            Ok(found) => LookupAnswer {
                status: 200,
                error: None,
                kind: Some(match found.kind {
                    Kind::Manifest => "manifest",
                    Kind::Blob => "blob",
                }),
                path: Some(found.path.to_string_lossy().into_owned()),
                digest: Some(found.digest.to_string()),
                size: Some(found.size),
                media_type: found.media_type,
            },
            Err(error) => LookupAnswer {
                status: error.status(),
                error: Some(error.to_string()),
                kind: None,
                path: None,
                digest: None,
                size: None,
                media_type: None,
            },
        }
    }
}

/// Looks up a request as Talos' registryd does, without HTTP: `path` is the request path
/// after `/v2/` (`docker.io/library/alpine/manifests/3.20`, `coredns/coredns/blobs/sha256:…`
/// or, without `ns`, `library/alpine/manifests/3.20`), `ns` the `ns` query parameter
/// containerd adds (NULL or `""` when absent: the registry is then found by scanning the
/// cache), and `roots` the cache roots in priority order (each file is tried in every root
/// in turn; NULL is allowed with `roots_len` 0, and no roots at all answers 404).
///
/// The answer goes into `*out` (release with `talos_buffer_free`): `{"status": 200|400|
/// 404|500, "error": string|null, "kind": "manifest"|"blob"|null, "path": string|null,
/// "digest": string|null, "size": number|null, "media_type": string|null}`: `path` is the
/// file to serve, `digest` the `Docker-Content-Digest`, `media_type` a manifest's
/// `Content-Type` (null for blobs). A miss, a bad name or a traversal attempt is an answer
/// (`TALOS_OK` with status 404 or 400 and the reason in `error`), not a failure: only bad
/// arguments fail.
///
/// # Safety
/// `roots` points to `roots_len` readable pointers (or is NULL with `roots_len` 0), each
/// NULL or a NUL-terminated string; `path` and `ns` are NULL or NUL-terminated strings;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_lookup(
    roots: *const *const c_char,
    roots_len: usize,
    path: *const c_char,
    ns: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller promises roots_len readable pointers, each NULL or a string.
        let roots = unsafe { string_array(roots, roots_len, "roots") }?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { c_str(path, "path") }?;
        let ns = if ns.is_null() {
            None
        } else {
            // SAFETY: non-NULL, and NUL-terminated per the caller's promise.
            Some(unsafe { c_str(ns, "ns") }?)
        };
        let answer = LookupAnswer::from(Roots::new(roots).lookup(path, ns));
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &answer) }
    })
}

/// Borrowed strings from an array of C strings; NULL is allowed only with `len` 0.
///
/// # Safety
/// `array` points to `len` readable pointers (or is NULL with `len` 0), each NULL or a
/// NUL-terminated string, all valid and unchanged for `'a`.
unsafe fn string_array<'a>(
    array: *const *const c_char,
    len: usize,
    what: &str,
) -> Result<Vec<&'a str>, FfiError> {
    if len == 0 {
        return Ok(Vec::new());
    }
    if array.is_null() {
        return Err(FfiError::new(
            talos_status::TALOS_NULL_ARGUMENT,
            format!("{what} is NULL"),
        ));
    }
    if len > isize::MAX as usize / size_of::<*const c_char>() {
        return Err(invalid(format!(
            "{what}_len {len} is larger than any array can be"
        )));
    }
    // SAFETY: non-NULL, len bounded, and readable per the caller's promise.
    let pointers = unsafe { std::slice::from_raw_parts(array, len) };
    pointers
        .iter()
        .enumerate()
        // SAFETY: each entry is NULL or a NUL-terminated string per the caller's promise.
        .map(|(i, &ptr)| unsafe { c_str(ptr, &format!("{what}[{i}]")) })
        .collect()
}

/// Packs the flat cache at `flat` into a new OCI image layout at `dest` (which must not
/// exist), the wrapper the imager bakes into install media: one gzip tar layer, and one
/// `index.json` entry per architecture in `architectures` (comma-separated, e.g.
/// `"amd64,arm64"`; NULL or `""` for `amd64,arm64`). The report goes into `*report_out`
/// (release with `talos_buffer_free`): `{"manifest", "layer" (digests), "layer_size",
/// "files", "directories"}`. An existing `dest` is `TALOS_ALREADY_EXISTS`; a symlink or
/// device in the tree is `TALOS_INVALID_ARGUMENT`. Nothing is left at `dest` on failure.
///
/// # Safety
/// `flat`, `dest` and `architectures` are NULL or NUL-terminated strings; `report_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_pack(
    flat: *const c_char,
    dest: *const c_char,
    architectures: *const c_char,
    report_out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(report_out, "report_out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let flat = unsafe { c_str(flat, "flat") }?;
        // SAFETY: as above.
        let dest = unsafe { c_str(dest, "dest") }?;
        let mut options = PackOptions::default();
        if !architectures.is_null() {
            // SAFETY: non-NULL, and NUL-terminated per the caller's promise.
            let text = unsafe { c_str(architectures, "architectures") }?;
            if !text.is_empty() {
                options.architectures = text.split(',').map(|a| a.trim().to_owned()).collect();
                if options.architectures.iter().any(String::is_empty) {
                    return Err(invalid(format!(
                        "architectures {text:?} has an empty entry"
                    )));
                }
            }
        }
        let report = pack(Path::new(flat), Path::new(dest), &options)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &report) }
    })
}

/// Extracts the `linux/<arch>` image of the OCI wrapper at `layout` into a new flat cache
/// at `dest` (which must not exist), checking the manifest, config and layer digests on the
/// way; `arch` NULL or `""` means `amd64`. The report goes into `*report_out` (release
/// with `talos_buffer_free`): `{"files", "directories", "bytes"}`. No image for the
/// architecture is `TALOS_NOT_FOUND`; a damaged wrapper or an entry that would escape
/// `dest` is `TALOS_CORRUPT`; an existing `dest` is `TALOS_ALREADY_EXISTS`.
///
/// # Safety
/// `layout`, `arch` and `dest` are NULL or NUL-terminated strings; `report_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_unpack(
    layout: *const c_char,
    arch: *const c_char,
    dest: *const c_char,
    report_out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(report_out, "report_out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let layout = unsafe { c_str(layout, "layout") }?;
        // SAFETY: as above.
        let dest = unsafe { c_str(dest, "dest") }?;
        let arch = if arch.is_null() {
            "amd64"
        } else {
            // SAFETY: non-NULL, and NUL-terminated per the caller's promise.
            match unsafe { c_str(arch, "arch") }? {
                "" => "amd64",
                arch => arch,
            }
        };
        let report = unpack(Path::new(layout), arch, Path::new(dest))?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &report) }
    })
}

/// The version overrides of `talos_imagecache_default_images`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OverridesRequest {
    #[serde(default)]
    kubernetes: Option<String>,
    #[serde(default)]
    etcd: Option<String>,
    #[serde(default)]
    flannel: Option<String>,
    #[serde(default)]
    coredns: Option<String>,
    #[serde(default)]
    kube_network_policies: Option<String>,
}

/// The images `talosctl images default` of Talos release `talos` (`"1.13"`, `"v1.13.2"`,
/// …; 1.9 to 1.14 are known) prints, in its order, as a JSON array of strings in `*out`
/// (release with `talos_buffer_free`). `overrides_json` is NULL or a JSON object of version
/// overrides (talosctl 1.13+'s flags): `{"kubernetes", "etcd", "flannel", "coredns",
/// "kube_network_policies"}`, each a string or null. An unknown release is
/// `TALOS_NOT_FOUND`; a malformed version, or an override the release has no flag for, is
/// `TALOS_INVALID_ARGUMENT`; overrides that are not such JSON are `TALOS_PARSE`.
///
/// # Safety
/// `talos` and `overrides_json` are NULL or NUL-terminated strings; `out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_default_images(
    talos: *const c_char,
    overrides_json: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let talos = unsafe { c_str(talos, "talos") }?;
        let request = if overrides_json.is_null() {
            OverridesRequest::default()
        } else {
            // SAFETY: non-NULL, and NUL-terminated per the caller's promise.
            let text = unsafe { c_str(overrides_json, "overrides_json") }?;
            serde_json::from_str(text).map_err(|e| parse_error("overrides_json", &e))?
        };
        let mut overrides = Overrides::default();
        overrides.kubernetes = request.kubernetes;
        overrides.etcd = request.etcd;
        overrides.flannel = request.flannel;
        overrides.coredns = request.coredns;
        overrides.kube_network_policies = request.kube_network_policies;
        let images = default_images(talos, &overrides)?;
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &images) }
    })
}

/// One sample image of `talos_imagecache_write_sample_layout`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleRequest {
    ref_name: String,
    #[serde(default)]
    platforms: Option<Vec<String>>,
    #[serde(default)]
    layers: Option<usize>,
    #[serde(default)]
    layer_size: Option<usize>,
    #[serde(default)]
    seed: u64,
}

impl SampleRequest {
    fn image(&self) -> Result<SampleImage, FfiError> {
        let mut image = SampleImage::small(&self.ref_name, self.seed);
        if let Some(platforms) = &self.platforms {
            if platforms.is_empty() || platforms.len() > SAMPLE_MAX_PLATFORMS {
                return Err(invalid(format!(
                    "{}: a sample image has 1 to {SAMPLE_MAX_PLATFORMS} platforms",
                    self.ref_name
                )));
            }
            image.platforms = platforms
                .iter()
                .map(|text| {
                    Platform::parse(text).ok_or_else(|| {
                        invalid(format!(
                            "invalid platform {text:?}: expected os/arch[/variant]"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(layers) = self.layers {
            if layers > SAMPLE_MAX_LAYERS {
                return Err(invalid(format!(
                    "{}: at most {SAMPLE_MAX_LAYERS} layers",
                    self.ref_name
                )));
            }
            image.layers = layers;
        }
        if let Some(size) = self.layer_size {
            if size > SAMPLE_MAX_LAYER_SIZE {
                return Err(invalid(format!(
                    "{}: at most {SAMPLE_MAX_LAYER_SIZE} bytes per layer",
                    self.ref_name
                )));
            }
            image.layer_size = size;
        }
        Ok(image)
    }
}

/// One platform's manifest of a written sample image.
#[derive(Serialize)]
struct WrittenChild {
    platform: String,
    digest: String,
}

/// One entry of the JSON answer of `talos_imagecache_write_sample_layout`.
#[derive(Serialize)]
struct WrittenAnswer<'a> {
    ref_name: &'a str,
    digest: String,
    media_type: &'static str,
    children: Vec<WrittenChild>,
    blobs: Vec<String>,
}

impl<'a> WrittenAnswer<'a> {
    fn new(request: &'a SampleRequest, written: &WrittenImage) -> Self {
        WrittenAnswer {
            ref_name: &request.ref_name,
            digest: written.digest.to_string(),
            media_type: written.media_type,
            children: written
                .children
                .iter()
                .map(|(platform, digest)| WrittenChild {
                    platform: platform.to_string(),
                    digest: digest.to_string(),
                })
                .collect(),
            blobs: written.blobs.iter().map(ToString::to_string).collect(),
        }
    }
}

/// Writes small, real OCI images (gzip tar layers of pseudo-random bytes, configs with
/// `rootfs.diff_ids`, an index when there are several platforms) into an OCI image layout
/// at `dir` (created if missing; its `index.json` is replaced), for tests and demos that
/// need images without a network. `images_json` is a JSON array of
/// `{"ref_name": string, "platforms": [string], "layers": number, "layer_size": number,
/// "seed": number}`, only `ref_name` required (defaults: `["linux/amd64"]`, 1 layer of
/// 64 KiB, seed 0; equal seeds give byte-identical images). `ref_name` is the
/// `org.opencontainers.image.ref.name` annotation: a full reference
/// (`ghcr.io/x/app:v1`, for a `"DIR"` layout of `talos_imagecache_create`) or a bare tag
/// (`v1`, for a `"REPOSITORY=DIR"` layout).
///
/// What was written goes into `*out` (release with `talos_buffer_free`) as a JSON array,
/// one entry per image: `{"ref_name", "digest", "media_type", "children": [{"platform",
/// "digest"}], "blobs": [string]}`. At most 16 platforms, 64 layers and 64 MiB per layer
/// (`TALOS_INVALID_ARGUMENT` beyond).
///
/// # Safety
/// `dir` and `images_json` are NULL or NUL-terminated strings; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn talos_imagecache_write_sample_layout(
    dir: *const c_char,
    images_json: *const c_char,
    out: *mut talos_buffer,
) -> talos_status {
    guard(|| {
        let out = checked_out(out, "out")?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let dir = unsafe { c_str(dir, "dir") }?;
        // SAFETY: as above.
        let text = unsafe { c_str(images_json, "images_json") }?;
        let requests: Vec<SampleRequest> =
            serde_json::from_str(text).map_err(|e| parse_error("images_json", &e))?;
        let images = requests
            .iter()
            .map(SampleRequest::image)
            .collect::<Result<Vec<_>, _>>()?;
        let written = write_layout(Path::new(dir), &images)
            .map_err(|e| FfiError::new(talos_status::TALOS_IO, format!("{dir}: {e}")))?;
        let answer: Vec<WrittenAnswer<'_>> = requests
            .iter()
            .zip(&written)
            .map(|(request, written)| WrittenAnswer::new(request, written))
            .collect();
        // SAFETY: out was checked non-NULL and the caller promises it is writable.
        unsafe { write_json(out, &answer) }
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::{CStr, CString};
    use std::ptr;

    use serde_json::Value;

    use super::*;

    fn last() -> String {
        // SAFETY: the message is this thread's NUL-terminated last error, copied at once.
        unsafe { CStr::from_ptr(crate::talos_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    fn c(text: &str) -> CString {
        CString::new(text).unwrap()
    }

    fn empty() -> talos_buffer {
        talos_buffer {
            data: ptr::null_mut(),
            len: 0,
        }
    }

    /// The JSON in a buffer, which is released.
    fn take_json(buffer: talos_buffer) -> Value {
        let bytes = if buffer.data.is_null() {
            Vec::new()
        } else {
            // SAFETY: the library's buffer of len bytes, copied before it is released.
            unsafe { std::slice::from_raw_parts(buffer.data, buffer.len) }.to_vec()
        };
        // SAFETY: released once.
        unsafe { crate::talos_buffer_free(buffer) };
        serde_json::from_slice(&bytes).unwrap()
    }

    /// Runs an export that fills a buffer: the status, and the JSON or the last error.
    fn run(
        call: impl FnOnce(*mut talos_buffer) -> talos_status,
    ) -> Result<Value, (talos_status, String)> {
        let mut out = empty();
        let status = call(&mut out);
        if status == talos_status::TALOS_OK {
            Ok(take_json(out))
        } else {
            assert!(out.data.is_null(), "out written on failure");
            Err((status, last()))
        }
    }

    fn lookup(roots: &[&str], path: &str, ns: Option<&str>) -> Value {
        let roots: Vec<CString> = roots.iter().map(|r| c(r)).collect();
        let pointers: Vec<*const c_char> = roots.iter().map(|r| r.as_ptr()).collect();
        let path = c(path);
        let ns = ns.map(c);
        let ns = ns.as_ref().map_or(ptr::null(), |ns| ns.as_ptr());
        // SAFETY: live strings and array, and a writable buffer.
        run(|out| unsafe {
            talos_imagecache_lookup(pointers.as_ptr(), pointers.len(), path.as_ptr(), ns, out)
        })
        .unwrap()
    }

    #[test]
    fn sample_create_verify_lookup() {
        let dir = tempfile::tempdir().unwrap();
        let layout = dir.path().join("layout");
        let cache = dir.path().join("cache");
        let layout_c = c(layout.to_str().unwrap());
        let images = c(r#"[{"ref_name": "registry.local:5000/team/app:v1", "seed": 7}]"#);
        // SAFETY: live strings and a writable buffer.
        let written = run(|out| unsafe {
            talos_imagecache_write_sample_layout(layout_c.as_ptr(), images.as_ptr(), out)
        })
        .unwrap();
        let digest = written[0]["digest"].as_str().unwrap().to_owned();
        assert_eq!(written[0]["children"][0]["platform"], "linux/amd64");

        let request = serde_json::json!({
            "images": ["registry.local:5000/team/app:v1"],
            "layouts": [layout],
            "jobs": 0,
        });
        let request = c(&request.to_string());
        let cache_c = c(cache.to_str().unwrap());
        // SAFETY: live strings and a writable buffer.
        let report =
            run(|out| unsafe { talos_imagecache_create(cache_c.as_ptr(), request.as_ptr(), out) })
                .unwrap();
        assert_eq!(report["images"], 1);
        assert_eq!(report["blobs_written"], 2);
        assert_eq!(report["blobs_linked"], 0);
        // The same with hard links.
        let linked = c(dir.path().join("linked").to_str().unwrap());
        let link_request = serde_json::json!({
            "images": ["registry.local:5000/team/app:v1"],
            "layouts": [layout],
            "link": true,
        });
        let link_request = c(&link_request.to_string());
        // SAFETY: live strings and a writable buffer.
        let report = run(|out| unsafe {
            talos_imagecache_create(linked.as_ptr(), link_request.as_ptr(), out)
        })
        .unwrap();
        assert_eq!(report["blobs_written"], 2);
        assert_eq!(report["blobs_linked"], 2);
        // SAFETY: a live string and a writable buffer.
        let report =
            run(|out| unsafe { talos_imagecache_verify(cache_c.as_ptr(), 1, out) }).unwrap();
        assert_eq!(report["problems"], serde_json::json!([]));
        assert_eq!(report["blobs"], 2);

        // host:port registries are stored as host_port_.
        assert!(
            cache
                .join("manifests/registry.local_5000_/team/app/reference/v1")
                .is_file()
        );
        let root = cache.to_str().unwrap();
        let found = lookup(
            &[root],
            "team/app/manifests/v1",
            Some("registry.local:5000"),
        );
        assert_eq!(found["status"], 200, "{found}");
        assert_eq!(found["digest"], digest.as_str());
        assert_eq!(found["kind"], "manifest");
        let scanned = lookup(&[root], "team/app/manifests/v1", None);
        assert_eq!(scanned["digest"], digest.as_str());
        let missing = lookup(
            &[root],
            "team/app/manifests/v2",
            Some("registry.local:5000"),
        );
        assert_eq!(missing["status"], 404);
        assert!(missing["error"].as_str().unwrap().contains("not found"));
        assert_eq!(
            lookup(&[root], "Team/app/manifests/v1", None)["status"],
            400
        );
        assert_eq!(lookup(&[], "team/app/manifests/v1", None)["status"], 404);
    }

    #[test]
    fn statuses_of_refusals() {
        let dest = c("/nonexistent/cache");
        let bad = [
            (
                r#"{"images": ["a:1"], "platforms": 5}"#,
                talos_status::TALOS_PARSE,
            ),
            (
                r#"{"images": ["a:1"], "jobs": -1}"#,
                talos_status::TALOS_PARSE,
            ),
            (
                r#"{"images": ["a:1"], "platforms": "all,"}"#,
                talos_status::TALOS_INVALID_ARGUMENT,
            ),
            (
                r#"{"images": ["a@sha256:12"]}"#,
                talos_status::TALOS_INVALID_ARGUMENT,
            ),
        ];
        for (request, want) in bad {
            let request = c(request);
            // SAFETY: live strings and a writable buffer.
            let got =
                run(|out| unsafe { talos_imagecache_create(dest.as_ptr(), request.as_ptr(), out) });
            assert_eq!(got.unwrap_err().0, want, "{request:?}");
        }
        let release = c("1.99");
        // SAFETY: a live string and a writable buffer.
        let (status, message) = run(|out| unsafe {
            talos_imagecache_default_images(release.as_ptr(), ptr::null(), out)
        })
        .unwrap_err();
        assert_eq!(status, talos_status::TALOS_NOT_FOUND);
        assert!(message.contains("1.14"), "{message}");
        let release = c("1.14");
        // SAFETY: a live string and a writable buffer.
        let images = run(|out| unsafe {
            talos_imagecache_default_images(release.as_ptr(), ptr::null(), out)
        })
        .unwrap();
        assert!(images.as_array().is_some_and(|list| list.len() > 5));
    }
}
