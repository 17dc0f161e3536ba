//! Discovery: sealing and opening a typical affiliate payload, endpoint blobs, node IDs.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use talos_discovery_crypto::prost::Message as _;
use talos_discovery_crypto::{ClusterKey, NodeId};
use talos_kit_benches::discovery_inputs::{CLUSTER_KEY, typical_affiliate, typical_endpoints};

fn affiliate_data(c: &mut Criterion) {
    let key = ClusterKey::from_bytes(&CLUSTER_KEY).expect("valid key");
    let affiliate = typical_affiliate();
    let blob = key.seal(&affiliate).expect("fits");
    let mut group = c.benchmark_group("discovery/affiliate");
    group.throughput(Throughput::Bytes(affiliate.encoded_len() as u64));
    group.bench_function("seal", |b| b.iter(|| key.seal(black_box(&affiliate))));
    group.bench_function("open", |b| b.iter(|| key.open(black_box(&blob))));
    group.finish();
}

fn endpoints(c: &mut Criterion) {
    let key = ClusterKey::from_bytes(&CLUSTER_KEY).expect("valid key");
    let mut group = c.benchmark_group("discovery/endpoint");
    for (name, endpoint) in typical_endpoints() {
        let blob = key.encrypt_endpoint(&endpoint).expect("small endpoint");
        group.bench_function(format!("encrypt/{name}"), |b| {
            b.iter(|| key.encrypt_endpoint(black_box(&endpoint)))
        });
        group.bench_function(format!("decrypt/{name}"), |b| {
            b.iter(|| key.decrypt_endpoint(black_box(&blob)))
        });
    }
    group.finish();
}

fn node_ids(c: &mut Criterion) {
    let id = NodeId::from_bytes(&[0xa7; 32]).expect("32 bytes make a node ID");
    let mut group = c.benchmark_group("discovery/node-id");
    group.bench_function("encode", |b| {
        b.iter(|| talos_discovery_crypto::base62::encode(black_box(&[0xa7; 32])))
    });
    group.bench_function("machine-id", |b| b.iter(|| black_box(&id).machine_id()));
    group.finish();
}

criterion_group!(benches, affiliate_data, endpoints, node_ids);
criterion_main!(benches);
