// Client-side validation, as talosctl validate runs it: the config is loaded with
// configloader.NewFromBytes and validated with ValidateAsClient(mode, WithLocal()[,
// WithStrict()]).
//
//	config.validate  {"yaml": b64, "mode": "cloud"|"container"|"metal", "strict": bool}
//	                 → {"accepted", "load_error", "warnings": [s], "error", "valid"}
package main

import (
	"encoding/json"
	"fmt"

	coreconfig "github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/validation"
)

func init() {
	register("config.validate", configValidateOp)
	registerBench("config.validate", configBenchValidate)
}

// validationMode is the part of machined's runtime mode validation looks at.
type validationMode string

func (m validationMode) String() string        { return string(m) }
func (m validationMode) RequiresInstall() bool { return m == "metal" }
func (m validationMode) InContainer() bool     { return m == "container" }

type configValidateArgs struct {
	YAML   []byte `json:"yaml"`
	Mode   string `json:"mode"`
	Strict bool   `json:"strict"`
}

type configValidateResult struct {
	Accepted  bool     `json:"accepted"`
	LoadError string   `json:"load_error"`
	Warnings  []string `json:"warnings"`
	Error     string   `json:"error"`
	Valid     bool     `json:"valid"`
}

func (args configValidateArgs) mode() (validationMode, error) {
	switch args.Mode {
	case "cloud", "container", "metal":
		return validationMode(args.Mode), nil
	default:
		return "", fmt.Errorf("unknown mode %q", args.Mode)
	}
}

func (args configValidateArgs) options() []validation.Option {
	opts := []validation.Option{validation.WithLocal()}
	if args.Strict {
		opts = append(opts, validation.WithStrict())
	}

	return opts
}

// configValidate runs ValidateAsClient, turning a panic into an error like configLoad does.
func configValidate(cfg coreconfig.Provider, mode validationMode, opts []validation.Option) (warnings []string, verr error, err error) {
	defer configRecover(&err)

	warnings, verr = cfg.ValidateAsClient(mode, opts...)

	return warnings, verr, nil
}

func configValidateOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configValidateArgs](raw)
	if err != nil {
		return nil, err
	}

	mode, err := args.mode()
	if err != nil {
		return nil, err
	}

	result := configValidateResult{Warnings: []string{}}

	cfg, err := configLoad(args.YAML, false)
	if err != nil {
		result.LoadError = err.Error()

		return result, nil
	}

	result.Accepted = true

	warnings, verr, err := configValidate(cfg, mode, args.options())
	if err != nil {
		return nil, err
	}

	if warnings != nil {
		result.Warnings = warnings
	}

	if verr != nil {
		result.Error = verr.Error()
	} else {
		result.Valid = true
	}

	return result, nil
}

func configBenchValidate(raw json.RawMessage) (func() error, error) {
	args, err := configDecodeArgs[configValidateArgs](raw)
	if err != nil {
		return nil, err
	}

	mode, err := args.mode()
	if err != nil {
		return nil, err
	}

	run := func() error {
		cfg, err := configLoad(args.YAML, false)
		if err != nil {
			return err
		}

		_, _, err = configValidate(cfg, mode, args.options())

		return err
	}

	return run, run()
}
