//! Shared timing for `benches/compare`: the Rust side is timed the same way the Go oracle
//! times its side (double the batch until it runs long enough), so the ratio compares like
//! with like.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::Result;

pub mod config_inputs;
pub mod discovery_inputs;
pub mod imagecache_inputs;
pub mod meta_inputs;

/// Mean nanoseconds per call of `op`, doubling the batch until one batch takes `min_time`.
pub fn ns_per_op<T>(min_time: Duration, mut op: impl FnMut() -> T) -> f64 {
    let mut iterations: u64 = 1;
    loop {
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(op());
        }
        let elapsed = start.elapsed();
        if elapsed >= min_time {
            return elapsed.as_nanos() as f64 / iterations as f64;
        }
        iterations *= 2;
    }
}

/// One compared operation.
#[derive(Debug)]
pub struct Row {
    /// `area/operation` label.
    pub name: String,
    /// Rust nanoseconds per operation.
    pub rust_ns: f64,
    /// Go (or other reference) nanoseconds per operation.
    pub reference_ns: f64,
    /// What the reference is (`go-adv`, `sha256`, …).
    pub reference: String,
}

impl Row {
    /// Reference time divided by Rust time: above 1 means Rust is faster.
    pub fn speedup(&self) -> f64 {
        self.reference_ns / self.rust_ns
    }
}

/// Prints the comparison table.
pub fn print_table(rows: &[Row]) {
    println!(
        "{:<40} {:>14} {:>14} {:>9}  reference",
        "operation", "rust ns/op", "ref ns/op", "speedup"
    );
    for row in rows {
        println!(
            "{:<40} {:>14.0} {:>14.0} {:>8.2}x  {}",
            row.name,
            row.rust_ns,
            row.reference_ns,
            row.speedup(),
            row.reference
        );
    }
}

/// How long each side of a comparison runs, from `$COMPARE_MIN_MS` (default 500 ms).
pub fn min_time() -> Result<Duration> {
    let ms = match std::env::var("COMPARE_MIN_MS") {
        Ok(text) => text.parse()?,
        Err(_) => 500,
    };
    Ok(Duration::from_millis(ms))
}
