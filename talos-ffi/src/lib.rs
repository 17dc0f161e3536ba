//! The C ABI of talos-kit.
//!
//! Every export follows the same rules (see `bindings/c/talos_kit.h`):
//! - fallible calls return a [`talos_status`]; [`talos_last_error_message`] explains the last
//!   failure on the calling thread;
//! - no panic crosses the boundary: each export runs inside [`guard`], which turns a panic
//!   into [`talos_status::TALOS_PANIC`];
//! - NULL pointers, non-UTF-8 strings and impossible lengths are errors, not crashes;
//! - everything handed out has exactly one release function.
//!
//! This is the only crate of talos-kit with `unsafe`; each block says why it is sound.

#![allow(non_camel_case_types)]

mod args;
mod buffer;
mod config;
mod discovery;
mod imagecache;
mod meta;
mod patch;
mod status;
mod validate;

pub use buffer::{talos_buffer, talos_buffer_free, talos_string_free};
pub use config::*;
pub use discovery::*;
pub use imagecache::*;
pub use meta::*;
pub use patch::*;
pub use status::{talos_last_error_message, talos_status, talos_status_name};
pub use validate::*;

use std::ffi::c_char;

pub(crate) use status::{FfiError, guard};

/// The library version, e.g. `"0.1.0"`. The string is static; do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn talos_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
