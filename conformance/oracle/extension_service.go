// Extension service definitions (pkg/machinery/extensions/services): the YAML files system
// extensions ship under /usr/local/etc/containers. machined decodes each with a plain
// go.yaml.in/yaml/v4 Decoder (first document, unknown keys ignored) and skips the file when
// Spec.Validate fails.
//
//	extensions.service.validate  {"yaml": b64} → {"parse_error": s, "error": s, "valid": bool}
package main

import (
	"bytes"
	"encoding/json"

	"github.com/siderolabs/talos/pkg/machinery/extensions/services"
	"go.yaml.in/yaml/v4"
)

func init() {
	register("extensions.service.validate", extensionServiceValidateOp)
}

type extensionServiceArgs struct {
	YAML []byte `json:"yaml"`
}

type extensionServiceResult struct {
	ParseError string `json:"parse_error"`
	Error      string `json:"error"`
	Valid      bool   `json:"valid"`
}

// extensionServiceDecode decodes like machined's ExtensionServiceController.loadSpec.
func extensionServiceDecode(data []byte) (spec services.Spec, err error) {
	defer configRecover(&err)

	err = yaml.NewDecoder(bytes.NewReader(data)).Decode(&spec)

	return spec, err
}

func extensionServiceValidateOp(raw json.RawMessage) (any, error) {
	args, err := decodeArgs[extensionServiceArgs](raw)
	if err != nil {
		return nil, err
	}

	result := extensionServiceResult{}

	spec, err := extensionServiceDecode(args.YAML)
	if err != nil {
		result.ParseError = err.Error()

		return result, nil
	}

	if err := spec.Validate(); err != nil {
		result.Error = err.Error()
	} else {
		result.Valid = true
	}

	return result, nil
}
