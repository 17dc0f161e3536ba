package talos

/*
#include <stdlib.h>
#include "talos_kit.h"
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// PatchError is a patch Talos refuses or cannot apply. Its text is exactly Talos' own
// (scripts match on these texts), e.g. `JSON6902 patches are not supported for
// multi-document machine configuration`. It matches ErrParse with errors.Is when a patch,
// or the configuration it needs loaded, is not valid text; ErrInvalidArgument when a
// valid patch does not apply (`merge field …`, `patch delete: …`,
// `failure applying rfc6902 patches to talos machine config: …`).
type PatchError struct {
	Status  Status
	Message string
}

func (e *PatchError) Error() string {
	return e.Message
}

// Unwrap gives the library error (status StatusParse or StatusInvalidArgument).
func (e *PatchError) Unwrap() error {
	return &Error{Status: e.Status, Message: e.Message}
}

// patchCall runs one patching call with the patches copied into C memory (cgo forbids
// passing Go memory that holds Go pointers), and turns Talos' refusals into *PatchError.
func patchCall(patches [][]byte, f func(*C.talos_patch, C.size_t) C.talos_status) error {
	count := len(patches)
	array := (*C.talos_patch)(C.calloc(C.size_t(max(count, 1)), C.size_t(unsafe.Sizeof(C.talos_patch{}))))
	defer C.free(unsafe.Pointer(array))

	entries := unsafe.Slice(array, max(count, 1))

	for i, patch := range patches {
		entries[i].len = C.size_t(len(patch))

		if len(patch) > 0 {
			data := C.CBytes(patch)
			defer C.free(data)

			entries[i].data = (*C.uint8_t)(data)
		}
	}

	err := call(func() C.talos_status { return f(array, C.size_t(count)) })
	if typed, ok := err.(*Error); ok && (typed.Status == StatusParse || typed.Status == StatusInvalidArgument) {
		return &PatchError{Status: typed.Status, Message: typed.Message}
	}

	return err
}

// PatchConfig patches a machine configuration as `talosctl machineconfig patch` does and
// returns what it writes: data with the patches applied in order. Each patch is the text of
// a strategic merge patch (YAML merged into the configuration, `$patch: delete` to remove)
// or of a JSON patch (RFC 6902 operations as JSON or as a YAML list; single-document
// configurations only); JSON patches given one after another are applied as one, as
// talosctl does. Patches are texts, not file names.
//
// The output is the canonical encoding after a strategic merge patch, the JSON patch
// library's YAML after a JSON patch, and data unchanged without patches. Failures are
// *PatchError with Talos' text.
func PatchConfig(data []byte, patches ...[]byte) ([]byte, error) {
	ptr, length := goBytes(data)

	var buffer C.talos_buffer

	err := patchCall(patches, func(array *C.talos_patch, count C.size_t) C.talos_status {
		return C.talos_config_patch(ptr, length, array, count, &buffer)
	})
	if err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// Patch applies patches (texts, as for PatchConfig) to the configuration as Talos'
// configpatcher.Apply does with a loaded configuration, and returns the result as a new
// Config; c is not changed. A JSON patch sees the canonical encoding (Encode), not the
// bytes c was loaded from. Without patches the result is a copy of c. Failures are
// *PatchError with Talos' text.
func (c *Config) Patch(patches ...[]byte) (*Config, error) {
	var handle *C.talos_config

	err := func() error {
		c.mu.RLock()
		defer c.mu.RUnlock()

		if c.handle == nil {
			return ErrClosed
		}

		return patchCall(patches, func(array *C.talos_patch, count C.size_t) C.talos_status {
			return C.talos_config_apply_patches(c.handle, array, count, &handle)
		})
	}()
	if err != nil {
		return nil, err
	}

	patched := &Config{handle: handle}
	runtime.SetFinalizer(patched, (*Config).Close)

	return patched, nil
}
