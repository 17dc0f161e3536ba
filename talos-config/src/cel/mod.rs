//! Common Expression Language support for the expressions config documents carry: parsing and
//! type-checking against Talos' CEL environments (as `cel.ParseBooleanExpression` does), and
//! evaluation of disk selectors against a disk description.
//!
//! Parsing and evaluation use the `cel` crate; the type checker follows cel-go's, whose
//! verdicts and messages Talos reports.

mod checker;
mod env;
mod errors;
mod eval;
#[allow(clippy::all)]
mod generated;
mod syntax;
mod types;

use std::fmt;

pub use eval::{Disk, evaluate_disk_selector};

use errors::Source;
use types::{GoString, Type};

/// The CEL environments Talos declares (`pkg/machinery/cel/celenv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// No variables.
    Empty,
    /// `disk` (a `block.DiskSpec`), `system_disk`, `glob()`, the size constants.
    DiskLocator,
    /// `volume` (a `block.DiscoveredVolumeSpec`), `disk`, the size constants.
    VolumeLocator,
    /// `link` (a `network.LinkStatusSpec`), `glob()`, `mac()`.
    LinkLocator,
    /// Memory pressure metrics for OOM triggers.
    OomTrigger,
    /// Per-cgroup values for OOM scoring.
    OomCgroupScoring,
}

/// An expression Talos would reject, with cel-go's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct CelError {
    message: String,
}

impl CelError {
    fn new(message: String) -> Self {
        CelError { message }
    }
}

impl fmt::Display for CelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Go's `cel.ParseBooleanExpression(expr, env)`: parses and type-checks, and requires a
/// `bool` result.
pub fn check_boolean(expression: &str, env: Environment) -> Result<(), CelError> {
    check_output(expression, env, &Type::Bool).map(|_| ())
}

/// Go's `cel.ParseDoubleExpression(expr, env)`: parses and type-checks, and requires a
/// `double` result.
pub fn check_double(expression: &str, env: Environment) -> Result<(), CelError> {
    check_output(expression, env, &Type::Double).map(|_| ())
}

/// A parsed and checked expression.
struct Checked {
    expr: cel::common::ast::IdedExpr,
    /// The type of each sub-expression, by id.
    types: std::collections::HashMap<u64, Type>,
}

/// Stack for parsing and checking expressions that may nest deeply: the `cel` crate's parser
/// recurses for every nesting level, deeper than a default thread stack allows for the
/// nesting cel-go accepts.
const DEEP_STACK_SIZE: usize = 1 << 30;

/// Parses and checks, and requires the output type (`parseExpressionWithOutputType`).
fn check_output(expression: &str, env: Environment, expected: &Type) -> Result<Checked, CelError> {
    let owned = expression.to_owned();
    let expected = expected.clone();
    with_stack_for(expression, move || {
        check_output_here(&owned, env, &expected)
    })
}

/// Runs `work` on a thread with [`DEEP_STACK_SIZE`] when `expression` may nest deeply, here
/// otherwise.
fn with_stack_for<T: Send + 'static>(
    expression: &str,
    work: impl FnOnce() -> Result<T, CelError> + Send + 'static,
) -> Result<T, CelError> {
    if !may_nest_deeply(expression) {
        return work();
    }
    let worker = std::thread::Builder::new()
        .stack_size(DEEP_STACK_SIZE)
        .spawn(work);
    match worker {
        Ok(handle) => match handle.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        },
        Err(err) => Err(CelError::new(format!(
            "failed to start the CEL checker: {err}"
        ))),
    }
}

/// Whether an expression is long or nested enough to need [`DEEP_STACK_SIZE`].
fn may_nest_deeply(expression: &str) -> bool {
    if expression.len() > 256 {
        return true;
    }
    let mut depth = 0usize;
    for c in expression.chars() {
        match c {
            '(' | '[' | '{' | '?' => {
                depth += 1;
                if depth > 3 {
                    return true;
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn check_output_here(
    expression: &str,
    env: Environment,
    expected: &Type,
) -> Result<Checked, CelError> {
    let decls = env::EnvDecls::get(env);
    let source = Source::new(expression);
    let (expr, info) = syntax::parse(expression, &source, decls.optional)
        .map_err(|errors| CelError::new(errors.display(&source)))?;
    let (output, types) = checker::check(&expr, &info, &source, decls)
        .map_err(|errors| CelError::new(errors.display(&source)))?;
    if !output.is_exact(expected) {
        return Err(CelError::new(format!(
            "expression output type is {}, expected {}",
            GoString(&output),
            GoString(expected)
        )));
    }
    Ok(Checked { expr, types })
}
