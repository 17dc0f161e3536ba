//! The YAML layer under `talos-config` against go-yaml v4 itself: the emitter's quoting and
//! layout (`yaml.Marshal` of strings and of node trees) and Go's `any` decoding (every corpus
//! file decoded into `any` and marshalled again).

use anyhow::Result;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use talos_config::goyaml::{Any, Decoder, GoYaml, Node};
use talos_config::yaml::{DocumentStream, emit};
use talos_conformance::{Oracle, Tally, b64, same};

use crate::config_corpus::corpus_yaml_files;

/// Random strings built from YAML-significant pieces.
const RANDOM_STRINGS: usize = 3000;
/// Strings per oracle request.
const BATCH: usize = 250;

#[derive(Serialize)]
struct StringsArgs<'a> {
    strings: &'a [String],
}

#[derive(Deserialize)]
struct YamlList {
    yaml: Vec<String>,
}

#[derive(Serialize)]
struct RoundtripArgs<'a> {
    #[serde(with = "b64")]
    yaml: Vec<u8>,
    via: &'a str,
}

#[derive(Deserialize)]
struct Roundtrip {
    yaml: String,
    error: String,
}

/// Runs the string-quoting cases and the corpus round trips.
pub fn run(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let strings = test_strings();
    for (batch_no, batch) in strings.chunks(BATCH).enumerate() {
        let go: YamlList =
            oracle.expect("yaml.marshal_strings", &StringsArgs { strings: batch })?;
        for (i, (s, go_yaml)) in batch.iter().zip(&go.yaml).enumerate() {
            let rust = emit(&Node::mapping(vec![Node::key("k"), Node::string(s)]));
            tally.record(
                &format!("yaml/string#{}:{s:?}", batch_no * BATCH + i),
                same("marshalled string", &rust, go_yaml),
            );
        }
    }
    for path in corpus_yaml_files()? {
        let bytes = std::fs::read(&path)?;
        let name = path.display().to_string();
        let go: Roundtrip = oracle.expect(
            "yaml.roundtrip",
            &RoundtripArgs {
                yaml: bytes.clone(),
                via: "any",
            },
        )?;
        tally.record(&format!("yaml/any:{name}"), compare_any(&bytes, &go));
        // Go keeps comments on nodes; compare node round trips on comment-free files only.
        if !bytes.contains(&b'#') {
            let go: Roundtrip = oracle.expect(
                "yaml.roundtrip",
                &RoundtripArgs {
                    yaml: bytes.clone(),
                    via: "node",
                },
            )?;
            tally.record(&format!("yaml/node:{name}"), compare_node(&bytes, &go));
        }
    }
    Ok(())
}

fn compare_any(bytes: &[u8], go: &Roundtrip) -> Result<(), String> {
    let mut docs = Vec::new();
    for doc in DocumentStream::new(bytes) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(err) => return same("outcome", &format!("error: {err}"), &outcome(go)),
        };
        let mut value = Any::Null;
        let mut decoder = Decoder::new();
        value.decode_into(&doc.root, &mut decoder);
        if let Err(err) = decoder.finish() {
            return same("outcome", &format!("error: {err}"), &outcome(go));
        }
        docs.push(emit(&value.encode()));
    }
    same("re-marshalled any", &docs.join("---\n"), &outcome(go))
}

fn compare_node(bytes: &[u8], go: &Roundtrip) -> Result<(), String> {
    let mut docs = Vec::new();
    for doc in DocumentStream::new(bytes) {
        match doc {
            Ok(doc) => docs.push(emit(&doc.root)),
            Err(err) => return same("outcome", &format!("error: {err}"), &outcome(go)),
        }
    }
    same("re-marshalled node", &docs.join("---\n"), &outcome(go))
}

fn outcome(go: &Roundtrip) -> String {
    if go.error.is_empty() {
        go.yaml.clone()
    } else {
        format!("error: {}", go.error)
    }
}

/// Every ASCII and Latin-1 character alone and in context, YAML keywords, and random
/// combinations of the pieces the emitter's analysis looks at.
fn test_strings() -> Vec<String> {
    let pieces = [
        "a",
        "Z",
        "0",
        "1",
        "-",
        "- ",
        ":",
        ": ",
        "#",
        " #",
        "?",
        "? ",
        ",",
        "[",
        "]",
        "{",
        "}",
        "&",
        "*",
        "!",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@",
        "`",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\\",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "true",
        "False",
        "null",
        "~",
        "NULL",
        "1e3",
        "0x1F",
        "0o17",
        "0644",
        "1_000",
        ".5",
        "-.inf",
        ".NaN",
        "2024-01-02",
        "2001-12-14 21:59:43.10",
        "1:20",
        "190:20:30.15",
        "<<",
        "---",
        "...",
        "é",
        "ü",
        "\u{a0}",
        "\u{85}",
        "\u{2028}",
        "\u{feff}",
        "😀",
        "\u{7f}",
        "\u{1b}",
        "\0",
        "=",
        "::1",
        "10.0.0.1/24",
        "http://x:80/",
        "${VAR}",
        "a: b",
        "key=value",
    ];
    let mut out: Vec<String> = (0u32..0x180)
        .filter_map(char::from_u32)
        .flat_map(|c| {
            [
                c.to_string(),
                format!("a{c}b"),
                format!("{c}a"),
                format!("a{c}"),
            ]
        })
        .collect();
    out.extend(pieces.iter().map(|p| p.to_string()));
    out.push(String::new());
    let mut rng = StdRng::seed_from_u64(0x5eed_0a11);
    for _ in 0..RANDOM_STRINGS {
        let n = rng.random_range(1..=6);
        let s: String = (0..n)
            .map(|_| *pieces.choose(&mut rng).expect("pieces is not empty"))
            .collect();
        out.push(s);
    }
    out
}
