//! Bytes allocated per operation, through `stats_alloc`'s instrumented system allocator, so
//! the comparison can set Rust's allocation volume next to Go's `runtime.MemStats`.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes allocated while `op` runs.
pub fn allocated_during<T>(op: impl FnOnce() -> T) -> usize {
    let region = Region::new(GLOBAL);
    drop(op());
    region.change().bytes_allocated
}
