package talos

/*
#include <stdlib.h>
#include <string.h>
#include "talos_kit.h"
*/
import "C"

import "unsafe"

// Value is one META value of the INSTALLER_META_BASE64 encoding.
type Value struct {
	Key   uint8
	Value []byte
}

// EncodeValues encodes values as Talos' installer reads them; with allowGzip, text over
// 256 bytes is gzip-compressed (Talos 1.6.3 and later).
func EncodeValues(values []Value, allowGzip bool) (string, error) {
	// cgo forbids passing C memory that holds Go pointers, so the array and the bytes
	// are copied into C memory for the call.
	count := len(values)
	array := (*C.talos_meta_value)(C.calloc(C.size_t(max(count, 1)), C.size_t(unsafe.Sizeof(C.talos_meta_value{}))))
	defer C.free(unsafe.Pointer(array))

	entries := unsafe.Slice(array, max(count, 1))

	for i, v := range values {
		entries[i].key = C.uint8_t(v.Key)
		entries[i].len = C.size_t(len(v.Value))

		if len(v.Value) > 0 {
			data := C.CBytes(v.Value)
			defer C.free(data)

			entries[i].value = (*C.uint8_t)(data)
		}
	}

	var text *C.char

	err := call(func() C.talos_status {
		return C.talos_meta_values_encode(array, C.size_t(count), C.bool(allowGzip), &text)
	})
	if err != nil {
		return "", err
	}

	return takeString(text), nil
}

// DecodeValues decodes INSTALLER_META_BASE64 text (line breaks allowed; "" is no values).
func DecodeValues(text string) ([]Value, error) {
	cText := C.CString(text)
	defer C.free(unsafe.Pointer(cText))

	var decoded *C.talos_meta_values

	if err := call(func() C.talos_status { return C.talos_meta_values_decode(cText, &decoded) }); err != nil {
		return nil, err
	}
	defer C.talos_meta_values_free(decoded)

	count := int(C.talos_meta_values_count(decoded))
	out := make([]Value, 0, count)

	for i := range count {
		var v C.talos_meta_value

		if err := call(func() C.talos_status { return C.talos_meta_values_get(decoded, C.size_t(i), &v) }); err != nil {
			return nil, err
		}

		value := []byte{}
		if v.len > 0 {
			value = C.GoBytes(unsafe.Pointer(v.value), C.int(v.len))
		}

		out = append(out, Value{Key: uint8(v.key), Value: value})
	}

	return out, nil
}

// NormalizeNetworkConfig parses a metal network config (META key 0x0a) as Talos does and
// returns it as canonical YAML. With strict, unknown fields are an error.
func NormalizeNetworkConfig(data []byte, strict bool) (string, error) {
	ptr, length := goBytes(data)

	var yaml *C.char

	err := call(func() C.talos_status {
		return C.talos_meta_network_config_normalize(ptr, length, C.bool(strict), &yaml)
	})
	if err != nil {
		return "", err
	}

	return takeString(yaml), nil
}
