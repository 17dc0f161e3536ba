//! Status codes, the per-thread last error, and the panic barrier.

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use talos_config::LoadError;
use talos_discovery_crypto::document::DocumentError;
use talos_discovery_crypto::{
    Base62Error, EndpointError, KeyError, NodeIdError, OpenError, SealError,
};
use talos_meta::network::NetworkConfigError;
use talos_meta::values::ValuesError;
use talos_meta::{AdvError, MetaError};

/// Result of every fallible call. The numbers are stable: new codes are only appended.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum talos_status {
    /// Success.
    TALOS_OK = 0,
    /// A required pointer argument was NULL.
    TALOS_NULL_ARGUMENT = 1,
    /// A string argument was not UTF-8.
    TALOS_INVALID_UTF8 = 2,
    /// An argument was out of range or malformed (a bad key, an impossible length, …).
    TALOS_INVALID_ARGUMENT = 3,
    /// The operating system reported an I/O error.
    TALOS_IO = 4,
    /// The requested key or item does not exist.
    TALOS_NOT_FOUND = 5,
    /// Stored data is damaged (for META: both Talos copies invalid; for discovery: a blob
    /// too short or of the wrong shape).
    TALOS_CORRUPT = 6,
    /// The container has no room for the value.
    TALOS_FULL = 7,
    /// No META partition was found on the disk image.
    TALOS_NO_META_PARTITION = 8,
    /// The file or partition is too small for the format.
    TALOS_TOO_SMALL = 9,
    /// The file to be created already exists.
    TALOS_ALREADY_EXISTS = 10,
    /// Text input (encoded values, YAML, …) could not be parsed.
    TALOS_PARSE = 11,
    /// Authentication failed: encrypted data with a wrong key or truncated or altered bytes,
    /// or a registry that refused the credentials.
    TALOS_AUTH_FAILED = 12,
    /// A bug: the library panicked. The message says where.
    TALOS_PANIC = 99,
}

impl talos_status {
    fn name(self) -> &'static str {
        match self {
            Self::TALOS_OK => "TALOS_OK\0",
            Self::TALOS_NULL_ARGUMENT => "TALOS_NULL_ARGUMENT\0",
            Self::TALOS_INVALID_UTF8 => "TALOS_INVALID_UTF8\0",
            Self::TALOS_INVALID_ARGUMENT => "TALOS_INVALID_ARGUMENT\0",
            Self::TALOS_IO => "TALOS_IO\0",
            Self::TALOS_NOT_FOUND => "TALOS_NOT_FOUND\0",
            Self::TALOS_CORRUPT => "TALOS_CORRUPT\0",
            Self::TALOS_FULL => "TALOS_FULL\0",
            Self::TALOS_NO_META_PARTITION => "TALOS_NO_META_PARTITION\0",
            Self::TALOS_TOO_SMALL => "TALOS_TOO_SMALL\0",
            Self::TALOS_ALREADY_EXISTS => "TALOS_ALREADY_EXISTS\0",
            Self::TALOS_PARSE => "TALOS_PARSE\0",
            Self::TALOS_AUTH_FAILED => "TALOS_AUTH_FAILED\0",
            Self::TALOS_PANIC => "TALOS_PANIC\0",
        }
    }
}

/// The symbolic name of a status code (`"TALOS_NOT_FOUND"`), or `"TALOS_UNKNOWN"` for a
/// number that is not a status. The string is static; do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn talos_status_name(status: u32) -> *const c_char {
    let name = ALL
        .iter()
        .find(|known| **known as u32 == status)
        .map_or("TALOS_UNKNOWN\0", |known| known.name());
    name.as_ptr().cast()
}

const ALL: [talos_status; 14] = [
    talos_status::TALOS_OK,
    talos_status::TALOS_NULL_ARGUMENT,
    talos_status::TALOS_INVALID_UTF8,
    talos_status::TALOS_INVALID_ARGUMENT,
    talos_status::TALOS_IO,
    talos_status::TALOS_NOT_FOUND,
    talos_status::TALOS_CORRUPT,
    talos_status::TALOS_FULL,
    talos_status::TALOS_NO_META_PARTITION,
    talos_status::TALOS_TOO_SMALL,
    talos_status::TALOS_ALREADY_EXISTS,
    talos_status::TALOS_PARSE,
    talos_status::TALOS_AUTH_FAILED,
    talos_status::TALOS_PANIC,
];

thread_local! {
    /// `None` after a success, so successful calls neither allocate nor free.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// The message of the last failed call on this thread, or `""` after a success. The string
/// belongs to the library and stays valid until the next `talos_*` call on this thread;
/// copy it if you need it longer. Never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn talos_last_error_message() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_deref().unwrap_or(c"").as_ptr())
}

fn set_last_error(message: Option<&str>) {
    // Interior NULs cannot be represented in a C string; they never occur in our messages
    // but user data could echo them, so they are replaced.
    let message = message.map(|m| CString::new(m.replace('\0', "\\0")).unwrap_or_default());
    LAST_ERROR.with(|last| *last.borrow_mut() = message);
}

/// A failure on its way to C: the status and the message for `talos_last_error_message`.
#[derive(Debug)]
pub(crate) struct FfiError {
    pub status: talos_status,
    pub message: String,
}

impl FfiError {
    pub fn new(status: talos_status, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl From<MetaError> for FfiError {
    fn from(error: MetaError) -> Self {
        use talos_status::*;
        let status = match &error {
            MetaError::Io { .. } => TALOS_IO,
            MetaError::TooSmall { .. } => TALOS_TOO_SMALL,
            MetaError::Corrupt { .. } => TALOS_CORRUPT,
            MetaError::ReservedKey | MetaError::InvalidKey(_) => TALOS_INVALID_ARGUMENT,
            MetaError::Full { .. } | MetaError::LegacyFull | MetaError::LegacyValueTooLong(_) => {
                TALOS_FULL
            }
            MetaError::NoMetaPartition { .. } | MetaError::Gpt { .. } => TALOS_NO_META_PARTITION,
            MetaError::AlreadyExists { .. } => TALOS_ALREADY_EXISTS,
            _ => TALOS_INVALID_ARGUMENT,
        };
        Self::new(status, error.to_string())
    }
}

impl From<AdvError> for FfiError {
    fn from(error: AdvError) -> Self {
        Self::new(talos_status::TALOS_CORRUPT, error.to_string())
    }
}

impl From<ValuesError> for FfiError {
    fn from(error: ValuesError) -> Self {
        let status = match error {
            ValuesError::SeparatorInValue { .. } => talos_status::TALOS_INVALID_ARGUMENT,
            _ => talos_status::TALOS_PARSE,
        };
        Self::new(status, error.to_string())
    }
}

impl From<NetworkConfigError> for FfiError {
    fn from(error: NetworkConfigError) -> Self {
        Self::new(talos_status::TALOS_PARSE, error.to_string())
    }
}

// Machine configuration. The message is Talos' own error text, unchanged: scripts match
// on it.

impl From<LoadError> for FfiError {
    fn from(error: LoadError) -> Self {
        let status = match error {
            LoadError::Io(_) => talos_status::TALOS_IO,
            _ => talos_status::TALOS_PARSE,
        };
        Self::new(status, error.to_string())
    }
}

// Discovery. Messages of these errors never contain key material.

impl From<KeyError> for FfiError {
    fn from(error: KeyError) -> Self {
        let status = match error {
            KeyError::InvalidBase64 => talos_status::TALOS_PARSE,
            _ => talos_status::TALOS_INVALID_ARGUMENT,
        };
        Self::new(status, error.to_string())
    }
}

impl From<DocumentError> for FfiError {
    fn from(error: DocumentError) -> Self {
        Self::new(talos_status::TALOS_PARSE, error.to_string())
    }
}

impl From<SealError> for FfiError {
    fn from(error: SealError) -> Self {
        Self::new(talos_status::TALOS_INVALID_ARGUMENT, error.to_string())
    }
}

impl From<OpenError> for FfiError {
    fn from(error: OpenError) -> Self {
        let status = match error {
            OpenError::Authentication => talos_status::TALOS_AUTH_FAILED,
            OpenError::Protobuf(_) => talos_status::TALOS_PARSE,
            _ => talos_status::TALOS_CORRUPT,
        };
        Self::new(status, error.to_string())
    }
}

impl From<EndpointError> for FfiError {
    fn from(error: EndpointError) -> Self {
        let status = match error {
            EndpointError::EncodedTooLong { .. } => talos_status::TALOS_INVALID_ARGUMENT,
            // Without a tag, a wrong key shows only as a bad length byte, non-zero padding
            // or an undecodable protobuf: all reported as damaged data.
            _ => talos_status::TALOS_CORRUPT,
        };
        Self::new(status, error.to_string())
    }
}

impl From<NodeIdError> for FfiError {
    fn from(error: NodeIdError) -> Self {
        let status = match error {
            NodeIdError::NotBase62(_) => talos_status::TALOS_PARSE,
            NodeIdError::Random(_) => talos_status::TALOS_IO,
            _ => talos_status::TALOS_INVALID_ARGUMENT,
        };
        Self::new(status, error.to_string())
    }
}

impl From<Base62Error> for FfiError {
    fn from(error: Base62Error) -> Self {
        Self::new(talos_status::TALOS_PARSE, error.to_string())
    }
}

/// Runs the body of an export: records the error message, and stops a panic at the
/// boundary (unwinding into C is undefined behaviour).
pub(crate) fn guard(body: impl FnOnce() -> Result<(), FfiError>) -> talos_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error(None);
            talos_status::TALOS_OK
        }
        Ok(Err(error)) => {
            set_last_error(Some(&error.message));
            error.status
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            set_last_error(Some(&format!("internal error (please report): {what}")));
            talos_status::TALOS_PANIC
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last() -> String {
        // SAFETY: the pointer is a NUL-terminated string owned by this thread's slot,
        // valid until the next talos_* call, which happens after the copy.
        unsafe { CStr::from_ptr(talos_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn panics_become_a_status_and_a_message() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, talos_status::TALOS_PANIC);
        assert!(last().contains("boom"));
        assert_eq!(guard(|| Ok(())), talos_status::TALOS_OK);
        assert_eq!(last(), "");
    }

    #[test]
    fn every_status_has_its_name() {
        for status in ALL {
            // SAFETY: talos_status_name returns a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(talos_status_name(status as u32)) };
            assert_eq!(name.to_bytes_with_nul(), status.name().as_bytes());
        }
        // SAFETY: as above.
        let unknown = unsafe { CStr::from_ptr(talos_status_name(12345)) };
        assert_eq!(unknown.to_str().unwrap(), "TALOS_UNKNOWN");
    }
}
