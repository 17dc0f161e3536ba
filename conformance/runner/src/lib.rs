//! Talking to the Go reference oracle (`conformance/oracle`) and counting agreements.
//!
//! The oracle is a long-running child process speaking one JSON object per line; see
//! `conformance/oracle/main.go` for the protocol. Both the differential runner and
//! `benches/compare` use this client.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, Result, bail};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Serde helpers for byte strings, which cross the JSON boundary as standard base64
/// (the form Go's `encoding/json` gives `[]byte`).
pub mod b64 {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialises bytes as a base64 string.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    /// Deserialises a base64 string (or JSON null, as Go writes a nil slice) into bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = Option::<String>::deserialize(d)?.unwrap_or_default();
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// Location of the oracle binary: `$TALOS_ORACLE`, else the one `conformance/run` builds.
pub fn oracle_path() -> PathBuf {
    std::env::var_os("TALOS_ORACLE").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../oracle/bin/oracle"),
        PathBuf::from,
    )
}

/// The Talos conformance corpus (`../shared/corpus/talos-v1.14.0-rc.1` beside the
/// repository, as in CI), overridable with `TALOS_CORPUS`.
pub fn corpus_root() -> PathBuf {
    std::env::var_os("TALOS_CORPUS").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/corpus/talos-v1.14.0-rc.1")
        },
        PathBuf::from,
    )
}

/// A running oracle process.
pub struct Oracle {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    line: String,
}

#[derive(Deserialize)]
struct Response {
    ok: bool,
    #[serde(default)]
    result: serde_json::Value,
    #[serde(default)]
    error: String,
}

#[derive(Serialize)]
struct Request<'a, A> {
    op: &'a str,
    args: &'a A,
}

/// Go's timing of one registered benchmark.
#[derive(Debug, Deserialize)]
pub struct BenchResult {
    /// Mean nanoseconds per operation.
    pub ns_per_op: f64,
    /// How many operations the final batch ran.
    pub iterations: u64,
}

impl Oracle {
    /// Starts the oracle binary from [`oracle_path`].
    pub fn spawn() -> Result<Self> {
        let path = oracle_path();
        let mut child = Command::new(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| {
                format!(
                    "starting the Go oracle at {} (build it with conformance/run)",
                    path.display()
                )
            })?;
        let stdin = BufWriter::new(child.stdin.take().context("oracle stdin")?);
        let stdout = BufReader::new(child.stdout.take().context("oracle stdout")?);
        Ok(Self {
            child,
            stdin,
            stdout,
            line: String::new(),
        })
    }

    /// Asks one question. The outer `Result` fails on transport problems; the inner one
    /// carries the Go library's own error text.
    pub fn call<A: Serialize, R: DeserializeOwned>(
        &mut self,
        op: &str,
        args: &A,
    ) -> Result<Result<R, String>> {
        serde_json::to_writer(&mut self.stdin, &Request { op, args })?;
        self.stdin.write_all(b"\n")?;
        self.stdin.flush()?;
        self.line.clear();
        if self.stdout.read_line(&mut self.line)? == 0 {
            bail!("the oracle exited while answering {op}");
        }
        let response: Response = serde_json::from_str(&self.line)
            .with_context(|| format!("undecodable oracle answer to {op}"))?;
        if !response.ok {
            return Ok(Err(response.error));
        }
        let result = serde_json::from_value(response.result)
            .with_context(|| format!("unexpected result shape for {op}"))?;
        Ok(Ok(result))
    }

    /// Like [`Oracle::call`], but a Go-side error is a transport failure too.
    pub fn expect<A: Serialize, R: DeserializeOwned>(&mut self, op: &str, args: &A) -> Result<R> {
        match self.call(op, args)? {
            Ok(result) => Ok(result),
            Err(message) => bail!("oracle {op} failed: {message}"),
        }
    }

    /// Times the Go side of a registered benchmark.
    pub fn bench<A: Serialize>(
        &mut self,
        name: &str,
        args: &A,
        min_time_ms: u64,
    ) -> Result<BenchResult> {
        #[derive(Serialize)]
        struct BenchArgs<'a, A> {
            name: &'a str,
            args: &'a A,
            min_time_ms: u64,
        }
        self.expect(
            "bench",
            &BenchArgs {
                name,
                args,
                min_time_ms,
            },
        )
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        // Closing stdin ends the oracle's read loop; kill is the fallback.
        let _ = self.stdin.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Agreement counts for one area, with a description of every disagreement.
#[derive(Debug)]
pub struct Tally {
    area: String,
    passed: usize,
    failures: Vec<String>,
}

impl Tally {
    /// An empty tally for `area`.
    pub fn new(area: &str) -> Self {
        Self {
            area: area.to_owned(),
            passed: 0,
            failures: Vec::new(),
        }
    }

    /// Records one case: `Ok(())` is an agreement, `Err(why)` a disagreement.
    pub fn record(&mut self, case: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(why) => self.failures.push(format!("{case}: {why}")),
        }
    }

    /// Number of disagreements so far.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// Prints the disagreements, then the `AREA: N passed, M failed` line.
    pub fn report(&self) {
        for failure in &self.failures {
            println!("FAIL {}: {failure}", self.area);
        }
        println!(
            "{}: {} passed, {} failed",
            self.area,
            self.passed,
            self.failures.len()
        );
    }
}

/// The areas named by the first command-line argument (`all`, the default, selects every
/// one), in table order; an unknown name is an error listing the known ones.
pub fn areas_from_args<'a, T>(
    areas: &'a [(&'static str, T)],
) -> Result<Vec<(&'static str, &'a T)>> {
    let wanted = std::env::args().nth(1).unwrap_or_else(|| "all".to_owned());
    let selected: Vec<_> = areas
        .iter()
        .filter(|(name, _)| wanted == "all" || wanted == *name)
        .map(|(name, area)| (*name, area))
        .collect();
    if selected.is_empty() {
        let names: Vec<_> = areas.iter().map(|(name, _)| *name).collect();
        bail!("unknown area {wanted:?}; known: all, {}", names.join(", "));
    }
    Ok(selected)
}

/// `Err` with a readable description when two values differ.
pub fn same<T: PartialEq + std::fmt::Debug>(what: &str, rust: &T, go: &T) -> Result<(), String> {
    if rust == go {
        Ok(())
    } else {
        Err(format!("{what} differ: rust={rust:?} go={go:?}"))
    }
}
