//! `config-validate`: client-side validation against Talos' `ValidateAsClient` (with the
//! `Local` option, as `talosctl validate` runs it).
//!
//! Inputs are the corpus files and mutants the oracle generates from them with
//! `config.validate_mutate` (values chosen to break the rules, legacy settings the rules check,
//! machine types, broken and conflicting documents). Each input is validated in every mode,
//! strict and not; a case agrees when both sides load it and give the same warnings and the
//! same error text (or both reject it at load time, which `config-decode` judges in detail).
//!
//! Documents of kinds that only rc.1 has are dropped from the seeds first: the alpha.2 oracle
//! cannot load them.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use talos_config::Config;
use talos_config::validate::{Context, Mode};
use talos_conformance::{Oracle, Tally, b64};

use crate::config::{Skew, load_skew};
use crate::config_corpus::corpus_yaml_files;

/// Mutants asked of the oracle per seed file.
const MUTANTS_PER_FILE: usize = 60;

#[derive(Serialize)]
struct ValidateArgs<'a> {
    #[serde(with = "b64")]
    yaml: &'a [u8],
    mode: &'a str,
    strict: bool,
}

#[derive(Deserialize)]
struct GoValidation {
    accepted: bool,
    load_error: String,
    warnings: Vec<String>,
    error: String,
    valid: bool,
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

#[derive(Serialize)]
struct KindsArgs {}

#[derive(Deserialize)]
struct Kinds {
    kinds: Vec<String>,
}

/// The system volumes VolumeConfig accepts: rc.1 added four to alpha.2's three.
const RC1_VOLUMES: &str =
    r#"only ["STATE" "EPHEMERAL" "IMAGECACHE" "ETCD" "CRI" "KUBELET" "LOG"] volumes"#;
const ALPHA2_VOLUMES: &str = r#"only ["STATE" "EPHEMERAL" "IMAGECACHE"] volumes"#;

/// A difference that is exactly a rule rc.1 changed after the alpha.2 oracle (the texts agree
/// once the rc.1 wording is put back to alpha.2's).
fn rc1_rule(rust: &str, go: &str) -> Option<&'static str> {
    (rust.contains(RC1_VOLUMES) && rust.replace(RC1_VOLUMES, ALPHA2_VOLUMES) == go)
        .then_some("VolumeConfig names ETCD/CRI/KUBELET/LOG (added in rc.1)")
}

/// Agreement counters beyond pass/fail.
#[derive(Default)]
struct Stats {
    compared: usize,
    same_verdict: usize,
    same_messages: usize,
    rejected_at_load: usize,
    mutants: usize,
    skew: Skew,
    load_reasons: BTreeMap<String, usize>,
}

/// The documents of a corpus file whose kinds the oracle knows (a text split is enough for
/// the corpus' plain `---` separators).
fn registered_only(text: &str, registered: &BTreeSet<String>) -> String {
    text.split("\n---\n")
        .filter(|doc| {
            doc.lines()
                .find_map(|line| line.strip_prefix("kind: "))
                .is_none_or(|kind| registered.contains(kind.trim()))
        })
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn compare(
    oracle: &mut Oracle,
    yaml: &[u8],
    case: &str,
    stats: &mut Stats,
    tally: &mut Tally,
) -> Result<bool> {
    let rust = Config::from_bytes(yaml);
    let mut go_loads = false;
    for mode in Mode::ALL {
        for strict in [false, true] {
            let go: GoValidation = oracle.expect(
                "config.validate",
                &ValidateArgs {
                    yaml,
                    mode: mode.as_str(),
                    strict,
                },
            )?;
            go_loads = go.accepted;
            let case = format!("{case} [{mode}{}]", if strict { " strict" } else { "" });
            let rust = match (&rust, go.accepted) {
                (Ok(cfg), true) => cfg.validate(&Context { mode, strict }),
                (Err(_), false) => {
                    stats.rejected_at_load += 1;
                    let reason: String = go
                        .load_error
                        .chars()
                        .filter(|c| !c.is_ascii_digit())
                        .take(70)
                        .collect();
                    *stats.load_reasons.entry(reason).or_default() += 1;
                    continue;
                }
                (Ok(_), false) => {
                    match load_skew(false, &go.load_error, true) {
                        Some(reason) => stats.skew.note(reason),
                        None => tally
                            .record(&case, Err(format!("go rejects at load: {}", go.load_error))),
                    }
                    continue;
                }
                (Err(err), true) => {
                    tally.record(&case, Err(format!("rust rejects at load: {err}")));
                    continue;
                }
            };
            let rust_error = rust.error_text().unwrap_or_default();
            let messages = rust.warnings == go.warnings && rust_error == go.error;
            if !messages && let Some(reason) = rc1_rule(&rust_error, &go.error) {
                stats.skew.note(reason.to_owned());
                continue;
            }
            stats.compared += 1;
            stats.same_verdict += usize::from(rust.is_valid() == go.valid);
            stats.same_messages += usize::from(messages);
            let outcome = if messages {
                Ok(())
            } else {
                Err(format!(
                    "rust warnings={:?} error={rust_error:?}; go warnings={:?} error={:?}",
                    rust.warnings, go.warnings, go.error
                ))
            };
            tally.record(&case, outcome);
        }
    }
    Ok(go_loads)
}

/// `config-validate`: corpus files and rule-aimed mutants in every mode, strict and not.
pub fn run(oracle: &mut Oracle, tally: &mut Tally) -> Result<()> {
    let registered: BTreeSet<String> = oracle
        .expect::<_, Kinds>("config.kinds", &KindsArgs {})?
        .kinds
        .into_iter()
        .collect();
    let mut stats = Stats::default();
    for (seed, path) in corpus_yaml_files()?.into_iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .to_string_lossy()
            .rsplit_once("pkg/machinery/config/")
            .map_or_else(|| path.display().to_string(), |(_, rest)| rest.to_owned());
        let input = registered_only(&text, &registered);
        let loads = compare(
            oracle,
            input.as_bytes(),
            &format!("corpus:{name}"),
            &mut stats,
            tally,
        )?;
        // Only configurations Talos loads are mutated (not patch fragments or broken fixtures).
        if !loads {
            continue;
        }
        let Ok(mutants) = oracle.expect::<_, Mutants>(
            "config.validate_mutate",
            &MutateArgs {
                yaml: input.as_bytes(),
                seed: seed as u64,
                count: MUTANTS_PER_FILE,
            },
        ) else {
            continue;
        };
        for (i, mutant) in mutants.mutants.iter().enumerate() {
            stats.mutants += 1;
            let case = format!("mutant:{name}#{i}:{}", mutant.kind);
            compare(oracle, &mutant.yaml, &case, &mut stats, tally)?;
        }
    }
    let percent = |n: usize| 100.0 * n as f64 / stats.compared.max(1) as f64;
    println!(
        "config-validate: {} mutants; {} validations compared: same verdict {:.2}%, same warnings and error text {:.2}%; {} rejected at load by both (not counted)",
        stats.mutants,
        stats.compared,
        percent(stats.same_verdict),
        percent(stats.same_messages),
        stats.rejected_at_load
    );
    let mut reasons: Vec<_> = stats.load_reasons.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1));
    for (reason, count) in reasons.into_iter().take(5) {
        println!("config-validate: rejected at load by both: {count:5}  {reason}…");
    }
    stats.skew.report("config-validate");
    Ok(())
}
