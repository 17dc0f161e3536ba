package talos_test

import (
	"errors"
	"strings"
	"testing"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

const worker = `version: v1alpha1
machine:
    type: MACHINE_TYPE
    token: abc
    ca:
        crt: YWJj
    install:
        disk: /dev/sda
cluster:
    controlPlane:
        endpoint: https://10.0.0.1:6443
    clusterName: demo
    network:
        dnsDomain: cluster.local
    token: abc.def
    ca:
        crt: YWJj
`

func workerConfig(t *testing.T, machineType string) *talos.Config {
	t.Helper()

	return loadConfig(t, []byte(strings.Replace(worker, "MACHINE_TYPE", machineType, 1)))
}

func TestValidateVerdicts(t *testing.T) {
	cfg := workerConfig(t, "worker")

	for _, mode := range []string{"metal", "cloud"} {
		report, err := cfg.Validate(mode, true)
		if err != nil || !report.Valid || len(report.Errors) != 0 || report.ErrorText != "" {
			t.Errorf("%s: %+v, %v", mode, report, err)
		}
	}

	report, err := cfg.Validate("container", false)
	if err != nil {
		t.Fatal(err)
	}

	if report.Valid || len(report.Errors) != 1 || report.Errors[0].Document != nil ||
		report.Errors[0].Message != "hostDNS config is required in container mode" {
		t.Errorf("container: %+v", report)
	}
}

func TestValidateStrictAndTexts(t *testing.T) {
	cfg := workerConfig(t, "join")

	lax, err := cfg.Validate("cloud", false)
	if err != nil || !lax.Valid || len(lax.Warnings) != 1 ||
		lax.Warnings[0] != `use "worker" instead of "join" for machine type` {
		t.Errorf("lax: %+v, %v", lax, err)
	}

	strict, err := cfg.Validate("cloud", true)
	if err != nil {
		t.Fatal(err)
	}

	want := "1 error occurred:\n\t* v1alpha1.Config: 1 error occurred:\n" +
		"\t* warning: use \"worker\" instead of \"join\" for machine type\n\n\n\n"
	if strict.Valid || strict.ErrorText != want {
		t.Errorf("strict: %q", strict.ErrorText)
	}

	if len(strict.Errors) != 1 || strict.Errors[0].Document == nil || *strict.Errors[0].Document != "v1alpha1.Config" {
		t.Errorf("strict findings: %+v", strict.Errors)
	}
}

func TestValidateRefusesUnknownModes(t *testing.T) {
	cfg := workerConfig(t, "worker")

	if _, err := cfg.Validate("moon", false); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("unknown mode: %v", err)
	}

	cfg.Close() //nolint:errcheck

	if _, err := cfg.Validate("metal", false); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("closed: %v", err)
	}
}
