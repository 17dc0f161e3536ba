//! Machine configuration: load (decode + checks) and canonical encode of Talos' generated
//! control-plane configs for 1.14 (multi-document) and 1.13 (legacy single document), and the
//! YAML layer alone (fast path and libyaml).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use talos_config::Config;
use talos_config::yaml::DocumentStream;
use talos_kit_benches::config_inputs::{v1_13_controlplane, v1_14_controlplane};

fn load_and_encode(c: &mut Criterion) {
    let inputs = [
        (
            "v1.14-controlplane",
            v1_14_controlplane().expect("corpus file"),
        ),
        (
            "v1.13-controlplane",
            v1_13_controlplane().expect("corpus file"),
        ),
    ];
    let mut group = c.benchmark_group("config");
    for (name, yaml) in &inputs {
        let config = Config::from_bytes(yaml).expect("Talos' own output loads");
        group.throughput(Throughput::Bytes(yaml.len() as u64));
        group.bench_function(format!("load/{name}"), |b| {
            b.iter(|| Config::from_bytes(black_box(yaml)))
        });
        group.bench_function(format!("encode/{name}"), |b| {
            b.iter(|| black_box(&config).encode())
        });
    }
    group.finish();
}

/// The YAML layer alone: the fast path against libyaml (which it falls back to) on the same
/// inputs, node trees included.
fn yaml_parse(c: &mut Criterion) {
    let inputs = [
        (
            "v1.14-controlplane",
            v1_14_controlplane().expect("corpus file"),
        ),
        (
            "v1.13-controlplane",
            v1_13_controlplane().expect("corpus file"),
        ),
    ];
    let mut group = c.benchmark_group("config/yaml");
    for (name, yaml) in &inputs {
        group.throughput(Throughput::Bytes(yaml.len() as u64));
        group.bench_function(format!("fast/{name}"), |b| {
            b.iter(|| DocumentStream::new(black_box(yaml)).count())
        });
        group.bench_function(format!("libyaml/{name}"), |b| {
            b.iter(|| DocumentStream::libyaml(black_box(yaml)).count())
        });
    }
    group.finish();
}

criterion_group!(benches, load_and_encode, yaml_parse);
criterion_main!(benches);
