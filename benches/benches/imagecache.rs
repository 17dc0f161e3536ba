//! Image cache hot paths on a small cache: registryd's lookup by tag and by digest (what
//! every pull through the node mirror starts with), verification of the whole cache, and
//! manifest parsing.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use talos_imagecache::lookup::Roots;
use talos_imagecache::{Manifest, verify};
use talos_kit_benches::imagecache_inputs::{layout_and_cache, small_images};

fn imagecache(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let images = small_images();
    let written = layout_and_cache(dir.path(), &images).expect("sample cache");
    let cache = dir.path().join("cache");
    let roots = Roots::single(&cache);

    // The two-platform image: an index, looked up by tag, by digest, and one of its blobs.
    let index = &written[4];
    let by_tag = "siderolabs/small-4/manifests/v4";
    let by_digest = format!("siderolabs/small-4/manifests/{}", index.digest);
    let blob = format!("siderolabs/small-4/blobs/{}", index.blobs[0]);
    let mut group = c.benchmark_group("imagecache lookup");
    for (name, rest) in [
        ("manifest by tag", by_tag),
        ("manifest by digest", by_digest.as_str()),
        ("blob", blob.as_str()),
    ] {
        roots.lookup(rest, Some("ghcr.io")).expect("found");
        group.bench_function(name, |b| {
            b.iter(|| {
                roots
                    .lookup(black_box(rest), Some("ghcr.io"))
                    .expect("found")
            })
        });
    }
    // Without ?ns= registryd scans manifests/ for the registry first.
    group.bench_function("manifest by tag, no ns", |b| {
        b.iter(|| roots.lookup(black_box(by_tag), None).expect("found"))
    });
    group.finish();

    let report = verify(&cache, 1).expect("verifies");
    assert!(report.is_ok(), "{:?}", report.problems);
    let mut group = c.benchmark_group("imagecache verify");
    group.throughput(Throughput::Bytes(report.bytes));
    group.sample_size(20);
    for jobs in [1, 2] {
        group.bench_function(format!("small cache, jobs={jobs}"), |b| {
            b.iter(|| verify(black_box(&cache), jobs).expect("verifies"))
        });
    }
    group.finish();

    let blob_path = |digest: &talos_imagecache::Digest| {
        dir.path().join("layout/blobs/sha256").join(digest.hex())
    };
    let index_bytes = std::fs::read(blob_path(&index.digest)).expect("index");
    let image_bytes = std::fs::read(blob_path(&index.children[0].1)).expect("manifest");
    let mut group = c.benchmark_group("imagecache manifest parse");
    for (name, bytes) in [("index", &index_bytes), ("image manifest", &image_bytes)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| Manifest::parse(black_box(bytes)).expect("parses"))
        });
    }
    group.finish();
}

criterion_group!(benches, imagecache);
criterion_main!(benches);
