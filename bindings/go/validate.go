package talos

// #include <stdlib.h>
// #include "talos_kit.h"
import "C"

import (
	"encoding/json"
	"unsafe"
)

// ValidationFinding is one validation error.
type ValidationFinding struct {
	// Document is the document the error is about ("v1alpha1.Config",
	// "VLANConfig/eth0.5000"), or nil for checks of the whole configuration.
	Document *string `json:"document"`
	// Path is the field path (".machine.ca") when the rule names one.
	Path *string `json:"path"`
	// Message is the message as Talos words it.
	Message string `json:"message"`
}

// ValidationReport is the verdict of Validate.
type ValidationReport struct {
	// Valid says there are no errors (warnings do not count).
	Valid bool `json:"valid"`
	// Warnings are what talosctl validate prints as warnings.
	Warnings []string `json:"warnings"`
	// Errors are every error message, flattened.
	Errors []ValidationFinding `json:"errors"`
	// ErrorText is the error exactly as Talos prints it (empty when valid).
	ErrorText string `json:"error_text"`
}

// Validate checks the configuration as `talosctl validate --mode MODE [--strict]` does:
// the same rules, verdict and texts. mode is "metal", "cloud" or "container" (anything
// else gives ErrInvalidArgument); strict turns the legacy document's warnings into errors.
// An invalid configuration is not an error of this call: see ValidationReport.Valid.
func (c *Config) Validate(mode string, strict bool) (*ValidationReport, error) {
	cMode, err := cString(mode, "mode")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cMode))

	data, err := c.bufferCall(func(h *C.talos_config, out *C.talos_buffer) C.talos_status {
		return C.talos_config_validate(h, cMode, C.bool(strict), out)
	})
	if err != nil {
		return nil, err
	}

	report := &ValidationReport{}
	if err := json.Unmarshal(data, report); err != nil {
		return nil, &Error{Status: StatusParse, Message: "the library's validation report: " + err.Error()}
	}

	return report, nil
}
