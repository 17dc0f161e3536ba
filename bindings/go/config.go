package talos

/*
#include <stdlib.h>
#include "talos_kit.h"
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sync"
	"unsafe"
)

// Config is a machine configuration loaded as Talos loads it: the legacy v1alpha1
// document (if any) and the typed documents of every other kind. It lives in the library;
// Close releases it (a finalizer closes forgotten ones).
//
// Nothing changes a Config after loading, so it is safe for concurrent use, Close
// included.
type Config struct {
	mu     sync.RWMutex
	handle *C.talos_config
}

// ConfigDocument is one document of a configuration.
type ConfigDocument struct {
	// Kind is the document's kind ("KubeletConfig"), or "v1alpha1" for the legacy
	// document.
	Kind string `json:"kind"`
	// APIVersion is "v1alpha1", or "" for the legacy document.
	APIVersion string `json:"api_version"`
	// Name is the document's name for kinds whose name is part of their identity
	// ("EPHEMERAL" for a VolumeConfig), else "".
	Name string `json:"name"`
	// Since is the first Talos release that knows the kind ("1.14").
	Since string `json:"since"`
	// Spec is the whole document as Talos would write it (the fields its encoder writes),
	// decoded from JSON: maps, slices, strings, bools, nil, and numbers as json.Number so
	// that no integer loses precision.
	Spec map[string]any `json:"spec"`
	// YAML is the document as Talos writes it (one YAML document, no "---").
	YAML string `json:"-"`
}

// ConfigKind is one document kind of Talos' registry.
type ConfigKind struct {
	Kind string `json:"kind"`
	// Named says whether the name is part of the document's identity.
	Named bool `json:"named"`
	// Since is the first Talos release that knows the kind ("1.8").
	Since string `json:"since"`
	// GoType is the type in Talos' pkg/machinery ("block.VolumeConfigV1Alpha1").
	GoType string `json:"go_type"`
}

// ConfigError is a configuration Talos refuses. Its text is exactly the error Talos'
// configloader gives for the same input (scripts match on these texts), e.g.
// `error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered`.
// It matches ErrParse with errors.Is.
type ConfigError struct {
	Message string
}

func (e *ConfigError) Error() string {
	return e.Message
}

// Unwrap gives the library error (status StatusParse).
func (e *ConfigError) Unwrap() error {
	return &Error{Status: StatusParse, Message: e.Message}
}

// LoadConfig loads a machine configuration (multi-document YAML) as Talos does. A
// configuration Talos would refuse gives a *ConfigError with Talos' own text.
func LoadConfig(data []byte) (*Config, error) {
	ptr, length := goBytes(data)

	var handle *C.talos_config

	err := call(func() C.talos_status { return C.talos_config_load(ptr, length, &handle) })
	if err != nil {
		if typed, ok := err.(*Error); ok && typed.Status == StatusParse {
			return nil, &ConfigError{Message: typed.Message}
		}

		return nil, err
	}

	c := &Config{handle: handle}
	runtime.SetFinalizer(c, (*Config).Close)

	return c, nil
}

// Close releases the configuration. Closing twice is harmless; a closed Config returns
// ErrClosed.
func (c *Config) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.handle != nil {
		C.talos_config_free(c.handle)
		c.handle = nil
		runtime.SetFinalizer(c, nil)
	}

	return nil
}

// bufferCall runs one library call that fills a buffer, on the live handle.
func (c *Config) bufferCall(f func(*C.talos_config, *C.talos_buffer) C.talos_status) ([]byte, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()

	if c.handle == nil {
		return nil, ErrClosed
	}

	var buffer C.talos_buffer

	if err := call(func() C.talos_status { return f(c.handle, &buffer) }); err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// Encode is the canonical encoding: every document as Talos' encoder writes it (comments
// off), the legacy document first, "---" between documents.
func (c *Config) Encode() (string, error) {
	encoded, err := c.bufferCall(func(h *C.talos_config, out *C.talos_buffer) C.talos_status {
		return C.talos_config_encode(h, out)
	})

	return string(encoded), err
}

// Bytes is the configuration as Talos' Bytes() gives it: the bytes it was loaded from,
// verbatim (comments and all).
func (c *Config) Bytes() ([]byte, error) {
	return c.bufferCall(func(h *C.talos_config, out *C.talos_buffer) C.talos_status {
		return C.talos_config_bytes(h, out)
	})
}

// document reads the document at index (JSON view and YAML).
func (c *Config) document(index C.size_t) (ConfigDocument, error) {
	view, err := c.bufferCall(func(h *C.talos_config, out *C.talos_buffer) C.talos_status {
		return C.talos_config_document_json(h, index, out)
	})
	if err != nil {
		return ConfigDocument{}, err
	}

	yaml, err := c.bufferCall(func(h *C.talos_config, out *C.talos_buffer) C.talos_status {
		return C.talos_config_document_yaml(h, index, out)
	})
	if err != nil {
		return ConfigDocument{}, err
	}

	var document ConfigDocument

	decoder := json.NewDecoder(bytes.NewReader(view))
	decoder.UseNumber()

	if err := decoder.Decode(&document); err != nil {
		return ConfigDocument{}, &Error{Status: StatusParse, Message: "the library's document JSON: " + err.Error()}
	}

	document.YAML = string(yaml)

	return document, nil
}

// Documents lists every document: the legacy v1alpha1 document first (if any), then the
// others in the order they were written.
func (c *Config) Documents() ([]ConfigDocument, error) {
	var count C.size_t

	err := func() error {
		c.mu.RLock()
		defer c.mu.RUnlock()

		if c.handle == nil {
			return ErrClosed
		}

		return call(func() C.talos_status { return C.talos_config_document_count(c.handle, &count) })
	}()
	if err != nil {
		return nil, err
	}

	documents := make([]ConfigDocument, 0, int(count))

	for i := range count {
		document, err := c.document(i)
		if err != nil {
			return nil, err
		}

		documents = append(documents, document)
	}

	return documents, nil
}

// Find returns the document of kind kind named name; kinds without names, and the legacy
// document (kind "v1alpha1"), take name "". ErrNotFound when there is none.
func (c *Config) Find(kind, name string) (ConfigDocument, error) {
	cKind, err := cString(kind, "kind")
	if err != nil {
		return ConfigDocument{}, err
	}
	defer C.free(unsafe.Pointer(cKind))

	cName, err := cString(name, "name")
	if err != nil {
		return ConfigDocument{}, err
	}
	defer C.free(unsafe.Pointer(cName))

	var index C.size_t

	err = func() error {
		c.mu.RLock()
		defer c.mu.RUnlock()

		if c.handle == nil {
			return ErrClosed
		}

		return call(func() C.talos_status { return C.talos_config_find(c.handle, cKind, cName, &index) })
	}()
	if err != nil {
		return ConfigDocument{}, err
	}

	return c.document(index)
}

// CheckVersion names what a Talos release would not understand, in document order:
// documents of a newer kind ("KubeletConfig needs Talos >= 1.14") and fields set in the
// others that are newer ("VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13"); empty
// when the release knows every document and field.
// version is "1.12", "v1.12", "v1.12.3" or "1.12.0-beta.1"; anything else gives
// ErrInvalidArgument.
func (c *Config) CheckVersion(version string) ([]string, error) {
	cVersion, err := cString(version, "version")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cVersion))

	list, err := c.bufferCall(func(h *C.talos_config, out *C.talos_buffer) C.talos_status {
		return C.talos_config_check_version(h, cVersion, out)
	})
	if err != nil {
		return nil, err
	}

	problems := []string{}
	if err := json.Unmarshal(list, &problems); err != nil {
		return nil, &Error{Status: StatusParse, Message: "the library's problem list: " + err.Error()}
	}

	return problems, nil
}

// ConfigKinds lists every document kind the library knows (Talos v1.14's registry),
// sorted by kind. The legacy v1alpha1 document is not a registered kind.
func ConfigKinds() ([]ConfigKind, error) {
	var buffer C.talos_buffer

	if err := call(func() C.talos_status { return C.talos_config_kinds_json(&buffer) }); err != nil {
		return nil, err
	}

	var kinds []ConfigKind
	if err := json.Unmarshal(takeBuffer(buffer), &kinds); err != nil {
		return nil, &Error{Status: StatusParse, Message: "the library's kind list: " + err.Error()}
	}

	return kinds, nil
}
