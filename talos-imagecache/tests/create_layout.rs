//! Creating caches from local OCI layouts, resuming them, and verifying what was made.

mod support;

use std::fs;
use std::io::Write;

use talos_imagecache::create::{CreateOptions, Platforms, create};
use talos_imagecache::layout::{FlatLayout, Repository};
use talos_imagecache::reference::ManifestRef;
use talos_imagecache::sample::{SampleImage, write_layout};
use talos_imagecache::verify::{Problem, verify};
use talos_imagecache::{
    CreateError, Digest, ImageRef, OciLayoutSource, Platform, Source, SourceError,
};

fn multi_arch(ref_name: &str, seed: u64) -> SampleImage {
    let mut image = SampleImage::small(ref_name, seed);
    image.platforms = ["linux/amd64", "linux/arm64", "linux/arm/v7"]
        .iter()
        .map(|p| Platform::parse(p).unwrap())
        .collect();
    image.layers = 2;
    image
}

fn options(platforms: &str) -> CreateOptions {
    let mut options = CreateOptions::default();
    options.platforms = Platforms::parse(platforms).unwrap();
    options
}

fn refs(names: &[&str]) -> Vec<ImageRef> {
    names.iter().map(|n| ImageRef::parse(n).unwrap()).collect()
}

#[test]
fn a_cache_holds_the_flat_tree_talos_serves() {
    let src = tempfile::tempdir().unwrap();
    let written = write_layout(
        src.path(),
        &[
            multi_arch("ghcr.io/acme/app:v1", 1),
            SampleImage::small("localhost:5000/tools/x:1.0", 2),
            SampleImage::small("alpine:3.20", 3),
        ],
    )
    .unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let images = refs(&[
        "ghcr.io/acme/app:v1",
        "localhost:5000/tools/x:1.0",
        "docker.io/library/alpine:3.20",
    ]);
    let report = create(
        &source,
        dest.path(),
        &images,
        &options("linux/amd64,linux/arm64"),
        &|_| {},
    )
    .unwrap();
    assert_eq!(report.images, 3);
    // app: index + 2 children; x and alpine: one manifest each.
    assert_eq!(report.manifests, 5);
    assert_eq!(report.blobs_written, 2 * 3 + 2 + 2);

    let layout = FlatLayout::new(dest.path());
    let app = Repository {
        registry: "ghcr.io".into(),
        path: "acme/app".into(),
    };
    let top = fs::read(layout.reference_path(&app, "v1")).unwrap();
    assert_eq!(Digest::of(&top), written[0].digest);
    assert_eq!(
        fs::read(layout.manifest_path(&app, &written[0].digest)).unwrap(),
        top
    );
    assert!(
        layout
            .manifest_path(&app, &written[0].children[1].1)
            .is_file()
    );
    assert!(
        !layout
            .manifest_path(&app, &written[0].children[2].1)
            .exists(),
        "arm/v7 was not asked for"
    );
    let files = support::files_under(dest.path());
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("manifests/localhost_5000_/tools/x/reference/1.0")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("manifests/docker.io/library/alpine/digest/sha256-"))
    );
    assert!(files.iter().all(|f| !f.contains(".tmp")), "{files:?}");

    let report = verify(dest.path(), 2).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!((report.tags, report.manifests, report.blobs), (3, 5, 10));
    assert_eq!(report.indexes.len(), 1);
    assert_eq!(
        (
            report.indexes[0].present.len(),
            report.indexes[0].absent.len()
        ),
        (2, 1)
    );
}

#[test]
fn platform_all_takes_every_child_and_a_missing_platform_fails() {
    let src = tempfile::tempdir().unwrap();
    write_layout(src.path(), &[multi_arch("ghcr.io/acme/app:v1", 1)]).unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let report = create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &options("all"),
        &|_| {},
    )
    .unwrap();
    assert_eq!((report.manifests, report.blobs_written), (4, 9));

    let err = create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &options("linux/s390x"),
        &|_| {},
    )
    .unwrap_err();
    assert!(matches!(err, CreateError::NoPlatform { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "ghcr.io/acme/app:v1: no manifest for platform linux/s390x"
    );
    let err = create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/nope:v1"]),
        &options("all"),
        &|_| {},
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "ghcr.io/acme/nope:v1: manifest not found");
}

#[test]
fn cosign_signatures_are_cached_under_their_tag() {
    let src = tempfile::tempdir().unwrap();
    let app = SampleImage::small("ghcr.io/acme/app:v1", 1);
    let digest = write_layout(src.path(), std::slice::from_ref(&app)).unwrap()[0].digest;
    let sig_tag = format!("{}.sig", digest.file_name());
    write_layout(
        src.path(),
        &[
            app,
            SampleImage::small(&format!("ghcr.io/acme/app:{sig_tag}"), 9),
        ],
    )
    .unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();

    let dest = tempfile::tempdir().unwrap();
    let report = create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &CreateOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(report.signatures, 1);
    let repo = Repository {
        registry: "ghcr.io".into(),
        path: "acme/app".into(),
    };
    assert!(
        FlatLayout::new(dest.path())
            .reference_path(&repo, &sig_tag)
            .is_file()
    );
    assert!(verify(dest.path(), 1).unwrap().is_ok());

    let mut no_sigs = CreateOptions::default();
    no_sigs.cosign_signatures = false;
    let dest = tempfile::tempdir().unwrap();
    assert_eq!(
        create(
            &source,
            dest.path(),
            &refs(&["ghcr.io/acme/app:v1"]),
            &no_sigs,
            &|_| {}
        )
        .unwrap()
        .signatures,
        0
    );
}

#[test]
fn a_rerun_resumes_and_replaces_damaged_blobs() {
    let src = tempfile::tempdir().unwrap();
    let written = write_layout(src.path(), &[multi_arch("ghcr.io/acme/app:v1", 4)]).unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let images = refs(&["ghcr.io/acme/app:v1"]);
    create(&source, dest.path(), &images, &options("all"), &|_| {}).unwrap();

    let layout = FlatLayout::new(dest.path());
    let [gone, damaged, ..] = written[0].blobs[..] else {
        panic!()
    };
    fs::remove_file(layout.blob_path(&gone)).unwrap();
    let mut bytes = fs::read(layout.blob_path(&damaged)).unwrap();
    bytes[10] ^= 1;
    fs::write(layout.blob_path(&damaged), &bytes).unwrap();
    let report = verify(dest.path(), 2).unwrap();
    assert!(report.problems.contains(&Problem::Corrupt {
        path: format!("blob/{}", damaged.file_name()),
        expected: damaged,
        actual: Digest::of(&bytes)
    }));
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::MissingBlob { digest, .. } if *digest == gone))
    );

    let report = create(&source, dest.path(), &images, &options("all"), &|_| {}).unwrap();
    assert_eq!((report.blobs_written, report.blobs_present), (2, 7));
    assert!(verify(dest.path(), 2).unwrap().is_ok());
}

/// Serves the layout's bytes with one byte flipped in every blob.
struct Lying(OciLayoutSource);

impl Source for Lying {
    fn manifest(
        &self,
        repository: &Repository,
        reference: ManifestRef<'_>,
    ) -> Result<Option<Vec<u8>>, SourceError> {
        self.0.manifest(repository, reference)
    }

    fn blob(
        &self,
        repository: &Repository,
        digest: &Digest,
        size: u64,
        sink: &mut dyn Write,
    ) -> Result<(), SourceError> {
        let mut bytes = Vec::new();
        self.0.blob(repository, digest, size, &mut bytes)?;
        bytes[0] ^= 0xff;
        sink.write_all(&bytes).map_err(SourceError::Sink)
    }
}

#[test]
fn wrong_bytes_are_refused_and_nothing_corrupt_is_kept() {
    let src = tempfile::tempdir().unwrap();
    write_layout(src.path(), &[SampleImage::small("ghcr.io/acme/app:v1", 5)]).unwrap();
    let mut inner = OciLayoutSource::new();
    inner.add_layout(src.path()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let retries = std::sync::atomic::AtomicUsize::new(0);
    // One worker: the first failure stops the others, so more workers could retry more.
    let mut one_job = CreateOptions::default();
    one_job.jobs = 1;
    let err = create(
        &Lying(inner),
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &one_job,
        &|event| {
            if matches!(event, talos_imagecache::create::Progress::Retry { .. }) {
                retries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("digest mismatch"), "{err}");
    assert_eq!(retries.into_inner(), 2, "three attempts in all");
    assert_eq!(fs::read_dir(dest.path().join("blob")).unwrap().count(), 0);
}

/// A layout of one small image and a source over it.
fn one_image_layout(dir: &std::path::Path) -> OciLayoutSource {
    write_layout(dir, &[SampleImage::small("ghcr.io/acme/app:v1", 7)]).unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(dir).unwrap();
    source
}

fn linking() -> CreateOptions {
    let mut options = CreateOptions::default();
    options.link_local_blobs = true;
    options
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let metadata = fs::metadata(path).unwrap();
    (metadata.dev(), metadata.ino())
}

#[cfg(unix)]
#[test]
fn linked_blobs_share_the_layout_files_and_verify() {
    let src = tempfile::tempdir().unwrap();
    let source = one_image_layout(src.path());
    let dest = tempfile::tempdir().unwrap();
    let images = refs(&["ghcr.io/acme/app:v1"]);
    let report = create(&source, dest.path(), &images, &linking(), &|_| {}).unwrap();
    assert!(report.blobs_written > 0);
    assert_eq!(report.blobs_linked, report.blobs_written);
    let blobs: Vec<_> = fs::read_dir(dest.path().join("blob"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(blobs.len(), report.blobs_written, "no temporary links left");
    for blob in &blobs {
        let hex = blob.file_name().unwrap().to_str().unwrap();
        let hex = hex.strip_prefix("sha256-").unwrap();
        let layout_file = src.path().join("blobs/sha256").join(hex);
        assert_eq!(inode(blob), inode(&layout_file), "{}", blob.display());
    }
    assert!(verify(dest.path(), 2).unwrap().is_ok());
    // Without the option the same source is copied.
    let copied = tempfile::tempdir().unwrap();
    let report = create(
        &source,
        copied.path(),
        &images,
        &CreateOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(report.blobs_linked, 0);
    let any = fs::read_dir(copied.path().join("blob"))
        .unwrap()
        .next()
        .unwrap();
    let hex = any.unwrap().file_name().into_string().unwrap();
    assert_ne!(
        inode(&copied.path().join("blob").join(&hex)),
        inode(
            &src.path()
                .join("blobs/sha256")
                .join(&hex["sha256-".len()..])
        )
    );
}

#[test]
fn a_corrupt_layout_blob_is_never_linked() {
    let src = tempfile::tempdir().unwrap();
    let source = one_image_layout(src.path());
    // Damage the largest blob (a layer) in place; it keeps its name.
    let mut files: Vec<_> = fs::read_dir(src.path().join("blobs/sha256"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort_by_key(|path| fs::metadata(path).unwrap().len());
    let layer = files.last().unwrap();
    let mut bytes = fs::read(layer).unwrap();
    bytes[10] ^= 0xff;
    fs::write(layer, &bytes).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let err = create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &linking(),
        &|_| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("digest mismatch"), "{err}");
    let hex = layer.file_name().unwrap().to_str().unwrap();
    assert!(
        !dest
            .path()
            .join("blob")
            .join(format!("sha256-{hex}"))
            .exists()
    );
    assert!(
        fs::read_dir(dest.path().join("blob"))
            .unwrap()
            .all(|entry| !entry
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")),
        "no temporary link left"
    );
    // The layout file is untouched (one link: ours is gone).
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(fs::metadata(layer).unwrap().nlink(), 1);
    }
    assert_eq!(fs::read(layer).unwrap(), bytes);
}

#[cfg(target_os = "linux")]
#[test]
fn blobs_on_another_file_system_are_copied() {
    // /dev/shm is a tmpfs on Linux: a hard link from there into a temporary directory on
    // disk crosses file systems.
    let shm = std::path::Path::new("/dev/shm");
    let src = tempfile::tempdir_in(shm).expect("a tmpfs at /dev/shm");
    let dest = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    assert_ne!(
        inode(src.path()).0,
        inode(dest.path()).0,
        "/dev/shm and the target directory must be different file systems"
    );
    let source = one_image_layout(src.path());
    let report = create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &linking(),
        &|_| {},
    )
    .unwrap();
    assert!(report.blobs_written > 0);
    assert_eq!(report.blobs_linked, 0);
    assert!(verify(dest.path(), 2).unwrap().is_ok());
}

#[test]
fn verify_reports_what_registryd_would_trip_on() {
    let src = tempfile::tempdir().unwrap();
    write_layout(src.path(), &[SampleImage::small("ghcr.io/acme/app:v1", 6)]).unwrap();
    let mut source = OciLayoutSource::new();
    source.add_layout(src.path()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    create(
        &source,
        dest.path(),
        &refs(&["ghcr.io/acme/app:v1"]),
        &CreateOptions::default(),
        &|_| {},
    )
    .unwrap();
    let repo_dir = dest.path().join("manifests/ghcr.io/acme/app");
    fs::write(repo_dir.join("reference/dangling"), b"{}").unwrap();
    fs::write(dest.path().join("blob/leftover.tmp"), b"x").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", repo_dir.join("reference/link")).unwrap();

    let report = verify(dest.path(), 2).unwrap();
    let kinds: Vec<&str> = report
        .problems
        .iter()
        .map(|p| match p {
            Problem::DanglingTag { .. } => "dangling",
            Problem::Unexpected { .. } => "unexpected",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "dangling").count(),
        1,
        "{:?}",
        report.problems
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "unexpected").count(),
        if cfg!(unix) { 2 } else { 1 }
    );
    assert!(verify(&dest.path().join("missing"), 1).is_err());
}
