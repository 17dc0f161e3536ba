//! YAML as go-yaml v4 reads and writes it: a node tree with positions and styles, the
//! resolver's typing of plain scalars, and an emitter that prints Go's layout.

mod emit;
mod fast;
mod node;
mod parse;
pub mod resolve;
pub(crate) mod scalar;
pub(crate) mod writer;

pub use emit::emit;
pub(crate) use node::is_base60_float;
pub use node::{Node, NodeKind, ScalarStyle};
pub use parse::{Document, DocumentStream, SyntaxError, check_fast_path};
