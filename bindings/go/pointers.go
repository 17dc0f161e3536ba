package talos

/*
#include <stdint.h>
*/
import "C"

import "unsafe"

// bytesPointer converts a C byte pointer for C.GoBytes.
func bytesPointer(p *C.uint8_t) unsafe.Pointer {
	return unsafe.Pointer(p)
}

// goBytes passes a Go byte slice to C for the duration of one call (cgo allows this for
// memory without Go pointers inside). An empty slice is passed as NULL with length 0.
func goBytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}

	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}
