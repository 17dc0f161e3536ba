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

// Layout says how OpenMeta finds META in a file or device.
type Layout uint32

// Layouts.
const (
	// LayoutAuto: a partition if the file is 1 MiB or starts with the ADV magic, else a
	// GPT disk.
	LayoutAuto Layout = C.TALOS_META_LAYOUT_AUTO
	// LayoutPartition: the whole file is the META partition.
	LayoutPartition Layout = C.TALOS_META_LAYOUT_PARTITION
	// LayoutDisk: a whole disk; META is the 1 MiB GPT partition labelled META.
	LayoutDisk Layout = C.TALOS_META_LAYOUT_DISK
)

// OpenOptions configure OpenMeta.
type OpenOptions struct {
	Layout Layout
	// Lenient reads META whose two Talos copies are both corrupt as empty (as Talos does).
	Lenient bool
	// ReadOnly opens the file read-only; Flush then fails.
	ReadOnly bool
}

// Meta is an open META partition. Close it when done; a finalizer closes forgotten ones.
type Meta struct {
	handle *C.talos_meta_file
}

func newMeta(handle *C.talos_meta_file) *Meta {
	m := &Meta{handle: handle}
	runtime.SetFinalizer(m, (*Meta).Close)

	return m
}

// OpenMeta opens META in a partition file, block device or disk image.
func OpenMeta(path string, options OpenOptions) (*Meta, error) {
	cPath := C.CString(path)
	defer C.free(unsafe.Pointer(cPath))

	var flags C.uint32_t
	if options.Lenient {
		flags |= C.TALOS_META_LENIENT
	}

	if options.ReadOnly {
		flags |= C.TALOS_META_READ_ONLY
	}

	var handle *C.talos_meta_file

	err := call(func() C.talos_status {
		return C.talos_meta_open(cPath, C.uint32_t(options.Layout), flags, &handle)
	})
	if err != nil {
		return nil, err
	}

	return newMeta(handle), nil
}

// CreateMeta creates a blank 1 MiB META partition file (it must not exist) and opens it.
func CreateMeta(path string) (*Meta, error) {
	cPath := C.CString(path)
	defer C.free(unsafe.Pointer(cPath))

	var handle *C.talos_meta_file

	if err := call(func() C.talos_status { return C.talos_meta_create(cPath, &handle) }); err != nil {
		return nil, err
	}

	return newMeta(handle), nil
}

// Close releases the handle without flushing. Closing twice is harmless.
func (m *Meta) Close() error {
	if m.handle != nil {
		C.talos_meta_close(m.handle)
		m.handle = nil
		runtime.SetFinalizer(m, nil)
	}

	return nil
}

// Get returns the value of key (Talos area first, then the legacy area); ErrNotFound if unset.
func (m *Meta) Get(key uint8) ([]byte, error) {
	// Keep m (and so its finalizer) alive until the C call has returned.
	defer runtime.KeepAlive(m)

	if m.handle == nil {
		return nil, ErrClosed
	}

	var buffer C.talos_buffer

	if err := call(func() C.talos_status { return C.talos_meta_get(m.handle, C.uint8_t(key), &buffer) }); err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// Set stores value under key in memory; Flush writes it.
func (m *Meta) Set(key uint8, value []byte) error {
	// Keep m (and so its finalizer) alive until the C call has returned.
	defer runtime.KeepAlive(m)

	if m.handle == nil {
		return ErrClosed
	}

	ptr, length := goBytes(value)

	return call(func() C.talos_status { return C.talos_meta_set(m.handle, C.uint8_t(key), ptr, length) })
}

// Delete removes key in memory (Talos area, else the legacy area); ErrNotFound if unset.
func (m *Meta) Delete(key uint8) error {
	// Keep m (and so its finalizer) alive until the C call has returned.
	defer runtime.KeepAlive(m)

	if m.handle == nil {
		return ErrClosed
	}

	return call(func() C.talos_status { return C.talos_meta_delete(m.handle, C.uint8_t(key)) })
}

// Keys lists every readable key in ascending order.
func (m *Meta) Keys() ([]uint8, error) {
	// Keep m (and so its finalizer) alive until the C call has returned.
	defer runtime.KeepAlive(m)

	if m.handle == nil {
		return nil, ErrClosed
	}

	var buffer C.talos_buffer

	if err := call(func() C.talos_status { return C.talos_meta_keys(m.handle, &buffer) }); err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// Flush writes the contents back crash-safely.
func (m *Meta) Flush() error {
	// Keep m (and so its finalizer) alive until the C call has returned.
	defer runtime.KeepAlive(m)

	if m.handle == nil {
		return ErrClosed
	}

	return call(func() C.talos_status { return C.talos_meta_flush(m.handle) })
}

// ParseKey parses a key as talosctl does ("10", "0x0a", "012") or a well-known name.
func ParseKey(text string) (uint8, error) {
	cText := C.CString(text)
	defer C.free(unsafe.Pointer(cText))

	var key C.uint8_t

	if err := call(func() C.talos_status { return C.talos_meta_parse_key(cText, &key) }); err != nil {
		return 0, err
	}

	return uint8(key), nil
}
