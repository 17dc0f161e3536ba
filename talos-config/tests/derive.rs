//! The derive macro and Go's decoding rules on a small hand-made kind.

use std::collections::BTreeMap;

use talos_config::goyaml::{Decoder, GoYaml};
use talos_config::yaml::DocumentStream;
use talos_config::{GoYaml, Kind};

#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "test.Common")]
struct Common {
    #[go(yaml = "up", omitempty)]
    up: Option<bool>,
    #[go(yaml = "mtu", omitempty)]
    mtu: u32,
}

#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "test.SampleConfigV1Alpha1",
    kind = "SampleConfig",
    since = "1.12"
)]
struct Sample {
    #[go(yaml = "name")]
    name: String,
    #[go(inline)]
    common: Common,
    #[go(yaml = "links", omitempty)]
    links: Vec<String>,
    #[go(yaml = "labels")]
    labels: BTreeMap<String, String>,
}

fn decode(text: &str) -> (Sample, Result<(), String>) {
    let doc = DocumentStream::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let mut decoder = Decoder::new();
    let mut sample = Sample::default();
    sample.decode_into(&doc.root, &mut decoder);
    (sample, decoder.finish())
}

#[test]
fn decodes_fields_inline_and_maps() {
    let (s, res) = decode(
        "apiVersion: v1alpha1\nkind: SampleConfig\nname: a\nup: yes\nmtu: 0x10\nlinks: [x, ~, y]\nlabels: {b: 1, a: ~}\n",
    );
    assert_eq!(res, Ok(()));
    assert_eq!(s.name, "a");
    assert_eq!(s.common.up, Some(true));
    assert_eq!(s.common.mtu, 16);
    assert_eq!(s.links, ["x", "y"]);
    assert_eq!(s.labels.get("a").map(String::as_str), Some(""));
    assert_eq!(Sample::KIND, "SampleConfig");
    const { assert!(Sample::NAMED) };
    assert_eq!(s.name(), "a");
}

#[test]
fn reports_type_errors_like_go() {
    let (_, res) = decode("name: [a]\nmtu: -1\nlinks: abc\n");
    assert_eq!(
        res,
        Err("yaml: construct errors: line 1: cannot construct !!seq into string; line 2: cannot construct !!int `-1` into uint32; line 3: cannot construct !!str `abc` into []string".to_owned())
    );
}

#[test]
fn finds_unknown_keys() {
    let doc = DocumentStream::new(b"name: a\nbogus: 1\nup: true\nlabels: {x: y}\nzz: {a: b}\n")
        .next()
        .unwrap()
        .unwrap();
    let unknown = Sample::unknown_keys(&doc.root).unwrap().unwrap();
    let keys: Vec<&str> = unknown.entries().map(|(k, _)| k.value.as_str()).collect();
    assert_eq!(keys, ["bogus", "zz"]);
}
