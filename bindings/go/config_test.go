package talos_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

const bogusError = `error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered`

// corpusFile reads a file of the Talos corpus ($TALOS_CORPUS, else ../shared/corpus beside
// the repository).
func corpusFile(t *testing.T, name string) []byte {
	t.Helper()

	root := os.Getenv("TALOS_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus", "talos-v1.14.0-rc.1")
	}

	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatalf("the Talos corpus (set TALOS_CORPUS): %v", err)
	}

	return data
}

func controlPlaneFile(t *testing.T) []byte {
	t.Helper()

	return corpusFile(t, "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.14/base-controlplane.yaml")
}

func loadConfig(t *testing.T, data []byte) *talos.Config {
	t.Helper()

	cfg, err := talos.LoadConfig(data)
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() { cfg.Close() }) //nolint:errcheck

	return cfg
}

func TestConfigCorpusRoundTrip(t *testing.T) {
	file := controlPlaneFile(t)
	cfg := loadConfig(t, file)

	encoded, err := cfg.Encode()
	if err != nil || encoded != string(file) {
		t.Errorf("Encode differs from Talos' own encoding (err %v)", err)
	}

	original, err := cfg.Bytes()
	if err != nil || string(original) != string(file) {
		t.Errorf("Bytes differs from the input (err %v)", err)
	}

	documents, err := cfg.Documents()
	if err != nil {
		t.Fatal(err)
	}

	if len(documents) != 28 {
		t.Fatalf("%d documents, want 28", len(documents))
	}

	legacy := documents[0]
	if legacy.Kind != "v1alpha1" || legacy.APIVersion != "" || legacy.Name != "" || legacy.Since != "1.0" {
		t.Errorf("legacy document: %+v", legacy)
	}

	if machine, ok := legacy.Spec["machine"].(map[string]any); !ok || machine["type"] != "controlplane" {
		t.Errorf("legacy machine: %#v", legacy.Spec["machine"])
	}

	yamls := make([]string, 0, len(documents))
	for _, document := range documents {
		yamls = append(yamls, document.YAML)

		if document.Spec == nil || document.Since == "" {
			t.Errorf("incomplete document %+v", document)
		}

		if document.Kind != "v1alpha1" && (document.Spec["kind"] != document.Kind || document.APIVersion != "v1alpha1") {
			t.Errorf("%s: spec kind %v, apiVersion %q", document.Kind, document.Spec["kind"], document.APIVersion)
		}
	}

	if strings.Join(yamls, "---\n") != encoded {
		t.Error("the documents' YAML joined with --- is not the encoding")
	}

	kubelet, err := cfg.Find("KubeletConfig", "")
	if err != nil {
		t.Fatal(err)
	}

	wantSpec := map[string]any{
		"apiVersion":                          "v1alpha1",
		"kind":                                "KubeletConfig",
		"image":                               "ghcr.io/siderolabs/kubelet:v1.28.0",
		"config":                              map[string]any{},
		"defaultRuntimeSeccompProfileEnabled": true,
	}
	if !reflect.DeepEqual(kubelet.Spec, wantSpec) || kubelet.Since != "1.14" || kubelet.Name != "" {
		t.Errorf("KubeletConfig = %+v", kubelet)
	}

	wantYAML := "apiVersion: v1alpha1\nkind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.28.0\n" +
		"config: {}\ndefaultRuntimeSeccompProfileEnabled: true\n"
	if kubelet.YAML != wantYAML {
		t.Errorf("KubeletConfig YAML = %q", kubelet.YAML)
	}

	if found, err := cfg.Find("v1alpha1", ""); err != nil || !reflect.DeepEqual(found, legacy) {
		t.Errorf("Find(v1alpha1) = %+v, %v", found.Kind, err)
	}

	volume, err := cfg.Find("VolumeConfig", "EPHEMERAL")
	if err != nil || volume.Name != "EPHEMERAL" || volume.Since != "1.8" {
		t.Errorf("Find(VolumeConfig, EPHEMERAL) = %+v, %v", volume, err)
	}

	problems, err := cfg.CheckVersion("1.12")
	if err != nil || !slices.Contains(problems, "KubeletConfig needs Talos >= 1.14") ||
		!slices.Contains(problems, "DiscoveryServiceConfig/default needs Talos >= 1.14") ||
		!slices.Contains(problems, "VolumeConfig/EPHEMERAL: .mount needs Talos >= 1.13") || len(problems) != 26 {
		t.Errorf("CheckVersion(1.12) = %q, %v", problems, err)
	}

	if problems, err := cfg.CheckVersion("v1.7.6"); err != nil || !slices.Contains(problems, "VolumeConfig/EPHEMERAL needs Talos >= 1.8") {
		t.Errorf("CheckVersion(v1.7.6) = %q, %v", problems, err)
	}

	if problems, err := cfg.CheckVersion("v1.14.0-rc.1"); err != nil || problems == nil || len(problems) != 0 {
		t.Errorf("CheckVersion(v1.14.0-rc.1) = %#v, %v", problems, err)
	}
}

func TestConfigErrorsAreTalosTexts(t *testing.T) {
	for _, tc := range []struct {
		input, want string
		prefix      bool
	}{
		{"machine: [", "decode error: ", true},
		{"apiVersion: v1alpha1\nkind: Bogus\n", bogusError, false},
		{"", "config not found", false},
		{"# only a comment\n---\n", "config not found", false},
		{"- a\n", "expected a YAML document at line 1", false},
	} {
		cfg, err := talos.LoadConfig([]byte(tc.input))
		if cfg != nil {
			t.Errorf("LoadConfig(%q) accepted", tc.input)
		}

		var configError *talos.ConfigError
		if !errors.As(err, &configError) || !errors.Is(err, talos.ErrParse) {
			t.Errorf("LoadConfig(%q): %#v is not a *ConfigError matching ErrParse", tc.input, err)

			continue
		}

		if got := err.Error(); (tc.prefix && !strings.HasPrefix(got, tc.want)) || (!tc.prefix && got != tc.want) {
			t.Errorf("LoadConfig(%q): %q, want %q", tc.input, got, tc.want)
		}

		var library *talos.Error
		if !errors.As(err, &library) || library.Status != talos.StatusParse || library.Message != err.Error() {
			t.Errorf("LoadConfig(%q): unwraps to %#v", tc.input, library)
		}
	}

	cfg := loadConfig(t, []byte("apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"))

	if _, err := cfg.Find("HostnameConfig", "x"); !errors.Is(err, talos.ErrNotFound) {
		t.Errorf("Find of an absent document: %v", err)
	}

	if _, err := cfg.Find("Hostname\x00Config", ""); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("Find with a NUL byte: %v", err)
	}

	for _, version := range []string{"1", "x", "", "latest", "1.\x00"} {
		if _, err := cfg.CheckVersion(version); !errors.Is(err, talos.ErrInvalidArgument) {
			t.Errorf("CheckVersion(%q): %v", version, err)
		}
	}

	if problems, err := cfg.CheckVersion("1.11"); err != nil || !slices.Equal(problems, []string{"HostnameConfig needs Talos >= 1.12"}) {
		t.Errorf("CheckVersion(1.11) = %q, %v", problems, err)
	}
}

func TestConfigSpecKeepsTypes(t *testing.T) {
	cfg := loadConfig(t, []byte("apiVersion: v1alpha1\nkind: KubePrismConfig\nport: 7445\n"+
		"---\nversion: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    extraArgs:\n      max-pods: \"250\"\n"))

	prism, err := cfg.Find("KubePrismConfig", "")
	if err != nil {
		t.Fatal(err)
	}

	if prism.Spec["kind"] != "KubePrismConfig" || prism.Spec["port"] != json.Number("7445") {
		t.Errorf("KubePrismConfig spec = %#v", prism.Spec)
	}

	documents, err := cfg.Documents()
	if err != nil || len(documents) != 2 || documents[0].Kind != "v1alpha1" {
		t.Fatalf("Documents = %+v, %v", documents, err)
	}

	kubelet := documents[0].Spec["machine"].(map[string]any)["kubelet"].(map[string]any)
	if args := kubelet["extraArgs"].(map[string]any); args["max-pods"] != "250" {
		t.Errorf("a quoted number stays a string: %#v", args)
	}

	if original, err := cfg.Bytes(); err != nil || !strings.HasPrefix(string(original), "apiVersion: v1alpha1\nkind: KubePrismConfig") {
		t.Errorf("Bytes = %q, %v", original, err)
	}
}

func TestConfigKinds(t *testing.T) {
	kinds, err := talos.ConfigKinds()
	if err != nil {
		t.Fatal(err)
	}

	if len(kinds) != 89 || kinds[0] != (talos.ConfigKind{Kind: "BGPInstanceConfig", Named: true, Since: "1.14", GoType: "network.BGPInstanceConfigV1Alpha1"}) {
		t.Fatalf("%d kinds, first %+v", len(kinds), kinds[0])
	}

	if !slices.IsSortedFunc(kinds, func(a, b talos.ConfigKind) int { return strings.Compare(a.Kind, b.Kind) }) {
		t.Error("kinds are not sorted")
	}

	if !slices.Contains(kinds, talos.ConfigKind{Kind: "VolumeConfig", Named: true, Since: "1.8", GoType: "block.VolumeConfigV1Alpha1"}) {
		t.Error("VolumeConfig missing")
	}
}

func TestConfigCloseAndConcurrency(t *testing.T) {
	file := controlPlaneFile(t)

	cfg, err := talos.LoadConfig(file)
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup

	for range 8 {
		wg.Go(func() {
			for range 20 {
				documents, err := cfg.Documents()
				if err != nil && !errors.Is(err, talos.ErrClosed) {
					t.Error(err)
				}

				if err == nil && len(documents) != 28 {
					t.Errorf("%d documents", len(documents))
				}
			}
		})
	}

	wg.Go(func() { cfg.Close() }) //nolint:errcheck
	wg.Wait()

	cfg.Close() //nolint:errcheck

	if _, err := cfg.Encode(); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("Encode after Close: %v", err)
	}

	if _, err := cfg.Bytes(); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("Bytes after Close: %v", err)
	}

	if _, err := cfg.Documents(); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("Documents after Close: %v", err)
	}

	if _, err := cfg.Find("v1alpha1", ""); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("Find after Close: %v", err)
	}

	if _, err := cfg.CheckVersion("1.12"); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("CheckVersion after Close: %v", err)
	}

	// Forgotten configurations are released by the finalizer.
	for range 50 {
		if _, err := talos.LoadConfig(file); err != nil {
			t.Fatal(err)
		}
	}

	runtime.GC()
	runtime.GC()
}
