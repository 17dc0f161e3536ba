//! META read+verify and write of a full 1 MiB partition, against plain SHA-256 of the
//! bytes involved (the floor both Talos and talos-kit stand on).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use talos_kit_benches::meta_inputs::{typical_entries, typical_partition, typical_values};
use talos_meta::adv::{COPY_LEN, TalosAdv};
use talos_meta::values::Values;
use talos_meta::{MemoryIo, Meta, Region};

fn meta(c: &mut Criterion) {
    let partition = typical_partition();
    let mut group = c.benchmark_group("meta");
    group.throughput(Throughput::Bytes(COPY_LEN as u64));

    group.bench_function("sha256 of one copy (floor)", |b| {
        b.iter(|| Sha256::digest(black_box(&partition[..COPY_LEN])))
    });
    group.bench_function("read+verify partition", |b| {
        b.iter(|| Meta::from_bytes(black_box(&partition), false).expect("valid"))
    });
    group.bench_function("build both copies", |b| {
        b.iter(|| {
            let mut adv = TalosAdv::new();
            for (key, value) in typical_entries() {
                adv.set(key, value).expect("fits");
            }
            adv.to_image().expect("writable")
        })
    });
    let meta = Meta::from_bytes(&partition, false).expect("valid");
    let region = Region {
        offset: 0,
        len: partition.len() as u64,
    };
    let mut device = MemoryIo(partition.clone());
    group.bench_function("crash-safe write to memory", |b| {
        b.iter(|| meta.write_to(&mut device, region).expect("writes"))
    });
    group.finish();

    let values = typical_values();
    let encoded = values.encode(true).expect("encodable");
    let mut group = c.benchmark_group("values");
    group.bench_function("encode gzip", |b| {
        b.iter(|| black_box(&values).encode(true).expect("encodable"))
    });
    group.bench_function("decode gzip", |b| {
        b.iter(|| Values::decode(black_box(&encoded)).expect("decodable"))
    });
    group.finish();
}

criterion_group!(benches, meta);
criterion_main!(benches);
