package talos_test

import (
	"errors"
	"strings"
	"testing"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

const (
	patcherDir       = "pkg/machinery/config/configpatcher/testdata/"
	smallWorker      = "version: v1alpha1\nmachine:\n  type: worker\n"
	hostnamePatch    = "machine:\n  network:\n    hostname: worker-1\n"
	nameserversPatch = `[{"op": "add", "path": "/machine/network/nameservers", "value": ["1.1.1.1"]}]`
	machineTypePatch = "- op: replace\n  path: /machine/type\n  value: controlplane\n"
)

func patcherFiles(t *testing.T, names ...string) [][]byte {
	t.Helper()

	files := make([][]byte, 0, len(names))
	for _, name := range names {
		files = append(files, corpusFile(t, patcherDir+name))
	}

	return files
}

// Talos' own patcher cases, byte for byte.
func TestPatchConfigCorpus(t *testing.T) {
	files := patcherFiles(t, "apply/config.yaml", "apply/strategic1.yaml", "apply/jsonpatch1.yaml",
		"apply/jsonpatch2.yaml", "apply/strategic2.yaml", "apply/strategic3.yaml", "apply/expected.yaml")

	out, err := talos.PatchConfig(files[0], files[1:6]...)
	if err != nil || string(out) != string(files[6]) {
		t.Errorf("apply: %v\n%s", err, out)
	}

	multi := patcherFiles(t, "multidoc/config.yaml", "multidoc/strategic1.yaml", "multidoc/strategic2.yaml",
		"multidoc/strategic3.yaml", "multidoc/expected.yaml", "multidoc/jsonpatch.yaml")

	out, err = talos.PatchConfig(multi[0], multi[1:4]...)
	if err != nil || string(out) != string(multi[4]) {
		t.Errorf("multidoc: %v\n%s", err, out)
	}

	_, err = talos.PatchConfig(multi[0], multi[5], multi[1])

	var patchErr *talos.PatchError
	if !errors.As(err, &patchErr) || !errors.Is(err, talos.ErrInvalidArgument) ||
		err.Error() != "JSON6902 patches are not supported for multi-document machine configuration" {
		t.Errorf("JSON patch on several documents: %v", err)
	}
}

func TestPatchConfigInline(t *testing.T) {
	out, err := talos.PatchConfig([]byte(smallWorker), []byte(hostnamePatch))
	if want := "version: v1alpha1\nmachine:\n    type: worker\n    token: \"\"\n    certSANs: []\n" +
		"    network:\n        hostname: worker-1\ncluster: null\n"; err != nil || string(out) != want {
		t.Errorf("strategic: %v\n%s", err, out)
	}

	// After a JSON patch (here two, applied as one), the JSON patch library's YAML.
	out, err = talos.PatchConfig([]byte(smallWorker), []byte(hostnamePatch), []byte(nameserversPatch),
		[]byte(machineTypePatch))
	if want := "cluster: null\nmachine:\n  certSANs: []\n  network:\n    hostname: worker-1\n" +
		"    nameservers:\n    - 1.1.1.1\n  token: \"\"\n  type: controlplane\nversion: v1alpha1\n"; err != nil || string(out) != want {
		t.Errorf("strategic and JSON: %v\n%s", err, out)
	}

	// No patches: the input as it is, comments and all.
	out, err = talos.PatchConfig([]byte("# keep\n" + smallWorker))
	if err != nil || string(out) != "# keep\n"+smallWorker {
		t.Errorf("no patches: %v %q", err, out)
	}
}

func TestPatchConfigErrorsAreTalosTexts(t *testing.T) {
	cases := []struct {
		input, patch string
		status       error
		text         string
	}{
		{smallWorker, `[{"op": "add"}`, talos.ErrParse, "unexpected end of JSON input"},
		{smallWorker, "apiVersion: v1alpha1\nkind: Bogus\n", talos.ErrParse, bogusError},
		{"", hostnamePatch, talos.ErrParse, "config not found"},
		{smallWorker, `[{"op": "remove", "path": "/machine/nope"}]`, talos.ErrInvalidArgument,
			"failure applying rfc6902 patches to talos machine config: error in remove for path: " +
				"'/machine/nope': Unable to remove nonexistent key: nope: missing value"},
		{"version: v1alpha1\nmachine: {}\n", "machine:\n  network:\n    hostname:\n      $patch: delete\n",
			talos.ErrInvalidArgument, "patch delete: path 'machine.network.hostname' in document '/v1alpha1': " +
				"failed to delete path 'machine.network.hostname': lookup failed"},
	}

	for _, c := range cases {
		_, err := talos.PatchConfig([]byte(c.input), []byte(c.patch))

		var patchErr *talos.PatchError
		if !errors.As(err, &patchErr) || !errors.Is(err, c.status) || err.Error() != c.text {
			t.Errorf("%q: %v, want %q (%v)", c.patch, err, c.text, c.status)
		}
	}

	// An empty patch is refused, as Talos' loader refuses it.
	if _, err := talos.PatchConfig([]byte(smallWorker), nil); !errors.Is(err, talos.ErrParse) ||
		err.Error() != "config not found" {
		t.Errorf("empty patch: %v", err)
	}
}

func TestConfigPatch(t *testing.T) {
	cfg := loadConfig(t, []byte(smallWorker))

	patched, err := cfg.Patch([]byte(hostnamePatch), []byte(nameserversPatch))
	if err != nil {
		t.Fatal(err)
	}
	defer patched.Close() //nolint:errcheck

	encoded, _ := patched.Encode()
	if !strings.Contains(encoded, "        hostname: worker-1\n        nameservers:\n            - 1.1.1.1\n") {
		t.Errorf("patched:\n%s", encoded)
	}

	if original, _ := cfg.Encode(); strings.Contains(original, "hostname") {
		t.Errorf("the original changed:\n%s", original)
	}

	// A JSON patch sees the canonical encoding (with its empty certSANs list), unlike
	// PatchConfig on the bytes the configuration was loaded from.
	appendSAN := []byte(`[{"op": "add", "path": "/machine/certSANs/-", "value": "10.0.0.1"}]`)

	withSAN, err := cfg.Patch(appendSAN)
	if err != nil {
		t.Fatal(err)
	}

	if encoded, _ := withSAN.Encode(); !strings.Contains(encoded, "    certSANs:\n        - 10.0.0.1\n") {
		t.Errorf("certSANs:\n%s", encoded)
	}

	withSAN.Close() //nolint:errcheck

	if _, err := talos.PatchConfig([]byte(smallWorker), appendSAN); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("bytes: %v", err)
	}

	copied, err := cfg.Patch()
	if err != nil {
		t.Fatal(err)
	}

	if a, _ := copied.Encode(); a != mustEncode(t, cfg) {
		t.Errorf("copy differs:\n%s", a)
	}

	copied.Close() //nolint:errcheck

	var patchErr *talos.PatchError
	if _, err := cfg.Patch([]byte("[")); !errors.As(err, &patchErr) || !errors.Is(err, talos.ErrParse) {
		t.Errorf("bad patch: %v", err)
	}

	cfg.Close() //nolint:errcheck

	if _, err := cfg.Patch([]byte(hostnamePatch)); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("closed: %v", err)
	}
}

func mustEncode(t *testing.T, cfg *talos.Config) string {
	t.Helper()

	encoded, err := cfg.Encode()
	if err != nil {
		t.Fatal(err)
	}

	return encoded
}
