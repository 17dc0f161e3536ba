package talos_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	advtalos "github.com/siderolabs/go-adv/adv/talos"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

const mib = 1 << 20

// writeGoADVImage writes a 1 MiB META partition with go-adv, as Talos' installer would.
func writeGoADVImage(t *testing.T, tags map[uint8][]byte) string {
	t.Helper()

	adv, err := advtalos.NewADV(nil)
	if err != nil {
		t.Fatal(err)
	}

	for key, value := range tags {
		if !adv.SetTagBytes(key, value) {
			t.Fatalf("go-adv refused tag %d", key)
		}
	}

	image, err := adv.Bytes()
	if err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "meta.img")
	if err := os.WriteFile(path, append(image, make([]byte, mib-len(image))...), 0o600); err != nil {
		t.Fatal(err)
	}

	return path
}

func TestReadsWhatGoADVWrites(t *testing.T) {
	tags := map[uint8][]byte{0x06: []byte("A"), 0x0a: []byte("externalIPs: [1.2.3.4]\n"), 0x0c: {}}
	path := writeGoADVImage(t, tags)

	m, err := talos.OpenMeta(path, talos.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close() //nolint:errcheck

	keys, err := m.Keys()
	if err != nil || !slices.Equal(keys, []uint8{0x06, 0x0a, 0x0c}) {
		t.Fatalf("keys = %v, %v", keys, err)
	}

	for key, want := range tags {
		got, err := m.Get(key)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Get(%#x) = %q, %v; want %q", key, got, err, want)
		}
	}
}

func TestGoADVReadsWhatWeWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meta.img")

	m, err := talos.CreateMeta(path)
	if err != nil {
		t.Fatal(err)
	}

	for key, value := range map[uint8]string{0x07: "ghcr.io/siderolabs/installer:v1.14.0", 0x0b: "code"} {
		if err := m.Set(key, []byte(value)); err != nil {
			t.Fatal(err)
		}
	}

	if err := m.Flush(); err != nil {
		t.Fatal(err)
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() //nolint:errcheck

	adv, err := advtalos.NewADV(f)
	if err != nil {
		t.Fatal(err)
	}

	if v, ok := adv.ReadTag(0x07); !ok || v != "ghcr.io/siderolabs/installer:v1.14.0" {
		t.Errorf("go-adv read 0x07 = %q, %v", v, ok)
	}

	if v, ok := adv.ReadTag(0x0b); !ok || v != "code" {
		t.Errorf("go-adv read 0x0b = %q, %v", v, ok)
	}
}

func TestErrorsAreTypedAndMatchable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "meta.img")

	m, err := talos.CreateMeta(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close() //nolint:errcheck

	_, err = m.Get(0x42)
	if !errors.Is(err, talos.ErrNotFound) {
		t.Errorf("Get of a missing key: %v", err)
	}

	var typed *talos.Error
	if !errors.As(err, &typed) || typed.Status != talos.StatusNotFound || !strings.Contains(typed.Message, "0x42") {
		t.Errorf("not a typed error with a message: %#v", err)
	}

	if err := m.Set(0, []byte("x")); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("Set(0): %v", err)
	}

	if err := m.Set(1, make([]byte, 262097)); !errors.Is(err, talos.ErrFull) {
		t.Errorf("oversized Set: %v", err)
	}

	if err := m.Delete(0x42); !errors.Is(err, talos.ErrNotFound) {
		t.Errorf("Delete of a missing key: %v", err)
	}

	if _, err := talos.CreateMeta(path); !errors.Is(err, talos.ErrAlreadyExists) {
		t.Errorf("CreateMeta over an existing file: %v", err)
	}

	if _, err := talos.OpenMeta(filepath.Join(dir, "missing"), talos.OpenOptions{}); !errors.Is(err, talos.ErrIO) {
		t.Errorf("OpenMeta of a missing file: %v", err)
	}

	corrupt := filepath.Join(dir, "corrupt.img")
	if err := os.WriteFile(corrupt, bytes.Repeat([]byte{0x5a}, mib), 0o600); err != nil {
		t.Fatal(err)
	}

	if _, err := talos.OpenMeta(corrupt, talos.OpenOptions{}); !errors.Is(err, talos.ErrCorrupt) {
		t.Errorf("OpenMeta of a corrupt file: %v", err)
	}

	lenient, err := talos.OpenMeta(corrupt, talos.OpenOptions{Lenient: true, Layout: talos.LayoutPartition})
	if err != nil {
		t.Errorf("lenient open: %v", err)
	} else {
		lenient.Close() //nolint:errcheck
	}

	if _, err := talos.OpenMeta("bad\x00path", talos.OpenOptions{}); err == nil {
		t.Error("a path with a NUL byte was accepted")
	}

	if _, err := talos.OpenMeta(path, talos.OpenOptions{Layout: 9}); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("unknown layout: %v", err)
	}

	closed, err := talos.OpenMeta(path, talos.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}

	closed.Close() //nolint:errcheck
	closed.Close() //nolint:errcheck
	if _, err := closed.Get(1); !errors.Is(err, talos.ErrClosed) {
		t.Errorf("use after Close: %v", err)
	}
}

func TestFinalizerReleasesForgottenHandles(t *testing.T) {
	path := writeGoADVImage(t, map[uint8][]byte{1: []byte("x")})

	for range 100 {
		if _, err := talos.OpenMeta(path, talos.OpenOptions{ReadOnly: true}); err != nil {
			t.Fatal(err)
		}
	}

	runtime.GC()
	runtime.GC()
}

func TestValuesAndKeys(t *testing.T) {
	encoded, err := talos.EncodeValues([]talos.Value{{Key: 0x0a, Value: []byte("foo")}, {Key: 0x0b, Value: []byte("bar")}}, true)
	if err != nil || encoded != "MHhhPWZvbzsweGI9YmFy" {
		t.Fatalf("EncodeValues = %q, %v", encoded, err)
	}

	decoded, err := talos.DecodeValues(encoded)
	if err != nil || len(decoded) != 2 || decoded[1].Key != 0x0b || string(decoded[1].Value) != "bar" {
		t.Fatalf("DecodeValues = %v, %v", decoded, err)
	}

	if empty, err := talos.EncodeValues(nil, true); err != nil || empty != "" {
		t.Errorf("EncodeValues(nil) = %q, %v", empty, err)
	}

	if _, err := talos.DecodeValues("MHhhPWZvbzs="); !errors.Is(err, talos.ErrParse) || !strings.Contains(err.Error(), `invalid value ""`) {
		t.Errorf("DecodeValues of a trailing separator: %v", err)
	}

	if _, err := talos.EncodeValues([]talos.Value{{Key: 1, Value: []byte("a;b")}}, false); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("EncodeValues with ';': %v", err)
	}

	if key, err := talos.ParseKey("0x0a"); err != nil || key != 10 {
		t.Errorf("ParseKey = %d, %v", key, err)
	}

	if _, err := talos.ParseKey("256"); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("ParseKey(256): %v", err)
	}

	yaml, err := talos.NormalizeNetworkConfig([]byte(`{"externalIPs": ["1.2.3.4"]}`), false)
	if err != nil || !strings.Contains(yaml, "1.2.3.4") {
		t.Errorf("NormalizeNetworkConfig = %q, %v", yaml, err)
	}

	if _, err := talos.NormalizeNetworkConfig([]byte("links: [{type: nonsense}]"), false); !errors.Is(err, talos.ErrParse) {
		t.Errorf("bad network config: %v", err)
	}

	if talos.Version() == "" || talos.StatusNotFound.String() != "TALOS_NOT_FOUND" {
		t.Error("version or status names missing")
	}
}
