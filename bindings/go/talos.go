// Package talos is the Go binding of talos-kit: Talos Linux data formats (META partitions,
// the INSTALLER_META_BASE64 encoding, the metal network config, discovery keys, sealed
// affiliate data, endpoints and node identities, machine configuration) through
// libtalos_kit.
//
// Build with the library's pkg-config file on PKG_CONFIG_PATH (bindings/c/check.sh writes
// one). Every function is safe for concurrent use on distinct handles; a *Meta must not be
// used from two goroutines at once.
package talos

/*
#cgo pkg-config: talos-kit
#include <stdlib.h>
#include "talos_kit.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
)

// Status is the library's status code (talos_status in C).
type Status uint32

// Status codes; see talos_kit.h for their meaning.
const (
	StatusOK              Status = C.TALOS_OK
	StatusNullArgument    Status = C.TALOS_NULL_ARGUMENT
	StatusInvalidUTF8     Status = C.TALOS_INVALID_UTF8
	StatusInvalidArgument Status = C.TALOS_INVALID_ARGUMENT
	StatusIO              Status = C.TALOS_IO
	StatusNotFound        Status = C.TALOS_NOT_FOUND
	StatusCorrupt         Status = C.TALOS_CORRUPT
	StatusFull            Status = C.TALOS_FULL
	StatusNoMetaPartition Status = C.TALOS_NO_META_PARTITION
	StatusTooSmall        Status = C.TALOS_TOO_SMALL
	StatusAlreadyExists   Status = C.TALOS_ALREADY_EXISTS
	StatusParse           Status = C.TALOS_PARSE
	StatusAuthFailed      Status = C.TALOS_AUTH_FAILED
	StatusPanic           Status = C.TALOS_PANIC
)

// String returns the C name of the status, e.g. "TALOS_NOT_FOUND".
func (s Status) String() string {
	return C.GoString(C.talos_status_name(C.uint32_t(s)))
}

// Sentinel errors for errors.Is; every error returned by this package is an *Error that
// matches the sentinel of its status.
var (
	ErrNullArgument    = &Error{Status: StatusNullArgument}
	ErrInvalidUTF8     = &Error{Status: StatusInvalidUTF8}
	ErrInvalidArgument = &Error{Status: StatusInvalidArgument}
	ErrIO              = &Error{Status: StatusIO}
	ErrNotFound        = &Error{Status: StatusNotFound}
	ErrCorrupt         = &Error{Status: StatusCorrupt}
	ErrFull            = &Error{Status: StatusFull}
	ErrNoMetaPartition = &Error{Status: StatusNoMetaPartition}
	ErrTooSmall        = &Error{Status: StatusTooSmall}
	ErrAlreadyExists   = &Error{Status: StatusAlreadyExists}
	ErrParse           = &Error{Status: StatusParse}
	ErrAuthFailed      = &Error{Status: StatusAuthFailed}
	ErrPanic           = &Error{Status: StatusPanic}
	// ErrClosed is returned when a closed handle is used.
	ErrClosed = errors.New("talos: handle is closed")
)

// Error is a failed library call: its status and the library's message.
type Error struct {
	Status  Status
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "talos: " + e.Status.String()
	}

	return fmt.Sprintf("talos: %s (%s)", e.Message, e.Status)
}

// Is reports whether target is an *Error with the same status.
func (e *Error) Is(target error) bool {
	var other *Error

	return errors.As(target, &other) && other.Status == e.Status
}

// call runs one library call on a locked OS thread, so the per-thread last error read
// afterwards belongs to this call even if the goroutine would otherwise migrate.
func call(f func() C.talos_status) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	status := Status(f())
	if status == StatusOK {
		return nil
	}

	return &Error{Status: status, Message: C.GoString(C.talos_last_error_message())}
}

// Version is the library version.
func Version() string {
	return C.GoString(C.talos_version())
}

// takeBuffer copies a library buffer into Go memory and releases it.
func takeBuffer(buffer C.talos_buffer) []byte {
	defer C.talos_buffer_free(buffer)

	if buffer.data == nil {
		return []byte{}
	}

	return C.GoBytes(bytesPointer(buffer.data), C.int(buffer.len))
}

// takeString copies a library string into Go memory and releases it.
func takeString(text *C.char) string {
	defer C.talos_string_free(text)

	return C.GoString(text)
}
