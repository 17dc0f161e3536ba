//! Machine configuration against Talos' `configloader` and encoder.
//!
//! - `config-decode`: every corpus file and oracle-generated mutations of them: the same
//!   accept/reject decision as `configloader.NewFromBytes` and, on rejection, the same text.
//! - `config-encode`: for every input both accept, Rust's canonical re-encoding equals Go's
//!   `EncodeBytes` (comments disabled) byte for byte.
//!
//! The oracle is Talos machinery v1.14.0-alpha.2 (the newest the module proxy serves here)
//! while the crate targets v1.14.0-rc.1. Inputs using what rc.1 added — kinds the oracle
//! reports as "not registered", or fields it reports as unknown keys — cannot be judged by
//! it; they are counted and listed apart (never as passed) and are covered by the corpus
//! fixture tests in `talos-config` instead.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use serde::{Deserialize, Serialize};
use talos_config::Config;
use talos_conformance::{Oracle, Tally, b64, same};

use crate::config_corpus::corpus_yaml_files;

/// Mutants asked of the oracle per corpus file.
const MUTANTS_PER_FILE: usize = 30;

/// Fields rc.1 added to kinds alpha.2 already has: alpha.2 rejects them as unknown keys.
const RC1_FIELDS: &[&str] = &["minAllocationGroupSize", "ignoreRoutes"];

#[derive(Serialize)]
struct LoadArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
}

#[derive(Deserialize)]
struct GoLoad {
    accepted: bool,
    error: String,
    encoded: String,
}

#[derive(Serialize)]
struct MutateArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
    seed: u64,
    count: usize,
}

#[derive(Deserialize)]
struct Mutants {
    mutants: Vec<Mutant>,
}

#[derive(Deserialize)]
struct Mutant {
    kind: String,
    #[serde(with = "b64")]
    yaml: Vec<u8>,
}

/// Inputs the alpha.2 oracle cannot judge, by reason.
#[derive(Default)]
pub(crate) struct Skew {
    by_reason: BTreeMap<String, usize>,
}

impl Skew {
    pub(crate) fn note(&mut self, reason: String) {
        *self.by_reason.entry(reason).or_default() += 1;
    }

    pub(crate) fn report(&self, area: &str) {
        let total: usize = self.by_reason.values().sum();
        if total == 0 {
            return;
        }
        println!(
            "{area}: {total} inputs use rc.1 additions the alpha.2 oracle cannot judge (not counted):"
        );
        for (reason, count) in &self.by_reason {
            println!("  {count:5}  {reason}");
        }
    }
}

/// One input through both loaders. `Ok(None)`: comparable verdicts; `Ok(Some(reason))`:
/// version skew, not comparable.
fn judge(
    oracle: &mut Oracle,
    yaml: &[u8],
) -> Result<(GoLoad, Result<Config, String>, Option<String>)> {
    let go: GoLoad = oracle.expect("config.load", &LoadArgs { yaml })?;
    let rust = Config::from_bytes(yaml).map_err(|err| err.to_string());
    let skew = skew_reason(&go, &rust);
    Ok((go, rust, skew))
}

/// Why a Go rejection may be alpha.2 not knowing rc.1 (only when Rust accepts, or fails
/// later than Go).
fn skew_reason(go: &GoLoad, rust: &Result<Config, String>) -> Option<String> {
    load_skew(go.accepted, &go.error, rust.is_ok())
}

/// Why a Go load verdict may be alpha.2 not knowing rc.1: a kind it has not registered, or a
/// field rc.1 added that alpha.2 reports as unknown while Rust accepts the input.
pub(crate) fn load_skew(go_accepted: bool, go_error: &str, rust_accepts: bool) -> Option<String> {
    if go_accepted {
        return None;
    }
    if let Some(pos) = go_error.find("\" \"v1alpha1\": not registered") {
        let start = go_error[..pos].rfind('"')? + 1;
        let kind = &go_error[start..pos];
        if talos_config::registry::lookup(kind).is_some() {
            return Some(format!("kind {kind} (rc.1 only)"));
        }
    }
    if go_error.contains("unknown keys found during decoding:")
        && RC1_FIELDS
            .iter()
            .any(|f| go_error.contains(&format!("{f}:")))
        && rust_accepts
    {
        return Some("field added in rc.1".to_owned());
    }
    None
}

fn verdict(go: &GoLoad, rust: &Result<Config, String>) -> Result<(), String> {
    match (rust, go.accepted) {
        (Ok(_), true) => Ok(()),
        (Err(rust), false) => same("error", rust, &go.error),
        (Ok(_), false) => Err(format!("rust accepts, go rejects: {}", go.error)),
        (Err(rust), true) => Err(format!("go accepts, rust rejects: {rust}")),
    }
}

/// The encoding comparison, or the skew reason when the outputs differ only where rc.1
/// changed the encoder (`cluster.controlPlane` became omitempty after alpha.2).
fn encoding(go: &GoLoad, rust: &Result<Config, String>) -> Option<Result<(), String>> {
    match (rust, go.accepted) {
        (Ok(cfg), true) => Some(same("encoding", &cfg.encode(), &go.encoded)),
        _ => None,
    }
}

fn encoding_skew(go: &GoLoad, rust: &Result<Config, String>) -> Option<String> {
    let Ok(cfg) = rust else { return None };
    let rust = cfg.encode();
    let line_removed = go.encoded.replace("\n    controlPlane: null\n", "\n");
    let emptied = go
        .encoded
        .replace("cluster:\n    controlPlane: null\n", "cluster: {}\n");
    (line_removed != go.encoded && (line_removed == rust || emptied == rust))
        .then(|| "cluster.controlPlane: null (omitempty since rc.1)".to_owned())
}

/// Go echoes the input's comments inside the unknown-keys summary (go-yaml keeps comments
/// on nodes); talos-config does not keep comments. The texts agree once comments are gone.
fn comment_only_difference(go: &GoLoad, rust: &Result<Config, String>) -> bool {
    let Err(rust) = rust else { return false };
    fn strip(text: &str) -> String {
        let mut out = String::new();
        for line in text.lines() {
            let code = match line.find(" #") {
                Some(i) => &line[..i],
                None if line.trim_start().starts_with('#') => "",
                None => line,
            };
            out.push_str(code);
        }
        out.replace(",}", "}")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }
    go.error.contains('#') && strip(&go.error) == strip(rust) && go.error != *rust
}

/// The oracle's mutations of one corpus file (seeded by its position, so runs repeat).
fn mutants_of(oracle: &mut Oracle, yaml: &[u8], seed: usize) -> Result<Vec<Mutant>> {
    let mutants: Mutants = oracle.expect(
        "config.mutate",
        &MutateArgs {
            yaml,
            seed: seed as u64,
            count: MUTANTS_PER_FILE,
        },
    )?;
    Ok(mutants.mutants)
}

fn corpus() -> Result<Vec<(String, Vec<u8>)>> {
    corpus_yaml_files()?
        .into_iter()
        .map(|path: PathBuf| {
            let bytes = std::fs::read(&path)?;
            let name = path
                .to_string_lossy()
                .rsplit_once("pkg/machinery/config/")
                .map_or_else(|| path.display().to_string(), |(_, rest)| rest.to_owned());
            Ok((name, bytes))
        })
        .collect()
}

/// `config-decode`: corpus files and mutants, decision and error text.
pub fn run_decode(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let mut skew = Skew::default();
    let mut known = Skew::default();
    let (mut mutants_passed, mut mutants_failed) = (0usize, 0usize);
    for (seed, (name, bytes)) in corpus()?.into_iter().enumerate() {
        let (go, rust, skewed) = judge(oracle, &bytes)?;
        // Mutants of a file the oracle cannot judge inherit that: alpha.2 would report the
        // rc.1 addition (often first) whatever the mutation did.
        let inherited = skewed
            .clone()
            .map(|reason| format!("mutant of a file using {reason}"));
        match skewed {
            Some(reason) => skew.note(reason),
            None => tally.record(&format!("corpus:{name}"), verdict(&go, &rust)),
        }
        for (i, mutant) in mutants_of(oracle, &bytes, seed)?.iter().enumerate() {
            let (go, rust, skewed) = judge(oracle, &mutant.yaml)?;
            let case = format!("mutant:{name}#{i}:{}", mutant.kind);
            match skewed.or_else(|| inherited.clone()) {
                Some(reason) => skew.note(reason),
                None if comment_only_difference(&go, &rust) => {
                    known.note("Go echoes source comments in the unknown-keys summary".to_owned());
                    println!("config-decode: known difference (comments): {case}");
                }
                None => {
                    let outcome = verdict(&go, &rust);
                    if outcome.is_ok() {
                        mutants_passed += 1;
                    } else {
                        mutants_failed += 1;
                    }
                    tally.record(&case, outcome);
                }
            }
        }
    }
    let mutants = mutants_passed + mutants_failed;
    println!(
        "config-decode: mutations {mutants_passed}/{mutants} agree ({:.2}%)",
        100.0 * mutants_passed as f64 / mutants.max(1) as f64
    );
    skew.report("config-decode");
    for (reason, count) in &known.by_reason {
        println!("config-decode: {count} known differences (not counted): {reason}");
    }
    Ok(())
}

/// `config-encode`: every corpus file (and mutant) both sides accept re-encodes to Go's bytes.
pub fn run_encode(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let mut skew = Skew::default();
    for (seed, (name, bytes)) in corpus()?.into_iter().enumerate() {
        let (go, rust, _) = judge(oracle, &bytes)?;
        match encoding_skew(&go, &rust) {
            Some(reason) => skew.note(reason),
            None => {
                if let Some(outcome) = encoding(&go, &rust) {
                    tally.record(&format!("corpus:{name}"), outcome);
                }
            }
        }
        for (i, mutant) in mutants_of(oracle, &bytes, seed)?.iter().enumerate() {
            let (go, rust, _) = judge(oracle, &mutant.yaml)?;
            match encoding_skew(&go, &rust) {
                Some(reason) => skew.note(reason),
                None => {
                    if let Some(outcome) = encoding(&go, &rust) {
                        tally.record(&format!("mutant:{name}#{i}:{}", mutant.kind), outcome);
                    }
                }
            }
        }
    }
    skew.report("config-encode");
    Ok(())
}
