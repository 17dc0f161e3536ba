package talos_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

const ociManifest = "application/vnd.oci.image.manifest.v1+json"

// sampleCache writes two sample images (a plain manifest and a two-platform index) into a
// layout and caches both platforms; it returns the cache directory and what was written.
func sampleCache(t *testing.T) (string, []talos.WrittenSampleImage) {
	t.Helper()

	dir := t.TempDir()
	layout := filepath.Join(dir, "layout")

	written, err := talos.WriteSampleLayout(layout,
		talos.SampleImage{RefName: "ghcr.io/siderolabs/demo:v1", Seed: 1},
		talos.SampleImage{
			RefName: "ghcr.io/siderolabs/multi:v2", Platforms: []string{"linux/amd64", "linux/arm64"},
			Layers: 2, LayerSize: 4096, Seed: 2,
		})
	if err != nil {
		t.Fatal(err)
	}

	cache := filepath.Join(dir, "cache")

	report, err := talos.CreateImageCache(cache, talos.ImageCacheRequest{
		Images:    []string{"ghcr.io/siderolabs/demo:v1", "ghcr.io/siderolabs/multi:v2"},
		Platforms: "linux/amd64,linux/arm64",
		Layouts:   []string{layout},
		Jobs:      2,
	})
	if err != nil {
		t.Fatal(err)
	}

	// demo: manifest, config, layer; multi: index, 2 manifests, 2 configs, 4 layers.
	want := talos.ImageCacheReport{Images: 2, Manifests: 4, BlobsWritten: 8, BytesWritten: report.BytesWritten}
	if *report != want || report.BytesWritten == 0 {
		t.Fatalf("report %+v, want %+v", report, want)
	}

	return cache, written
}

func TestWriteSampleLayout(t *testing.T) {
	_, written := sampleCache(t)
	if len(written) != 2 {
		t.Fatalf("written %+v", written)
	}

	demo, multi := written[0], written[1]
	if demo.RefName != "ghcr.io/siderolabs/demo:v1" || demo.MediaType != ociManifest ||
		len(demo.Blobs) != 2 || len(demo.Children) != 1 || demo.Children[0].Digest != demo.Digest {
		t.Errorf("demo %+v", demo)
	}

	if multi.MediaType != "application/vnd.oci.image.index.v1+json" || len(multi.Children) != 2 ||
		multi.Children[1].Platform != "linux/arm64" || len(multi.Blobs) != 6 {
		t.Errorf("multi %+v", multi)
	}

	// Equal seeds give identical images.
	again, err := talos.WriteSampleLayout(t.TempDir(), talos.SampleImage{RefName: "x:1", Seed: 1})
	if err != nil || again[0].Digest != demo.Digest {
		t.Errorf("same seed: %v %+v", err, again)
	}

	_, err = talos.WriteSampleLayout(t.TempDir(), talos.SampleImage{RefName: "x:1", Platforms: []string{"linux"}})
	if !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("bad platform: %v", err)
	}
}

func TestCreateImageCacheResumesAndRefuses(t *testing.T) {
	cache, _ := sampleCache(t)
	layout := filepath.Join(filepath.Dir(cache), "layout")
	request := talos.ImageCacheRequest{
		Images: []string{"ghcr.io/siderolabs/demo:v1", "ghcr.io/siderolabs/multi:v2"}, Platforms: "all", Layouts: []string{layout},
	}

	report, err := talos.CreateImageCache(cache, request)
	if err != nil || report.BlobsWritten != 0 || report.BlobsPresent != 8 || report.BytesWritten != 0 {
		t.Errorf("rerun: %v %+v", err, report)
	}

	// Hard links instead of copies (the layout and the cache share a file system).
	linked := request
	linked.Link = true
	report, err = talos.CreateImageCache(filepath.Join(filepath.Dir(cache), "linked"), linked)
	if err != nil || report.BlobsWritten != 8 || report.BlobsLinked != 8 {
		t.Errorf("linked: %v %+v", err, report)
	}

	// A layout of one repository, annotated with bare tags.
	tagged := filepath.Join(t.TempDir(), "tagged")
	if _, err := talos.WriteSampleLayout(tagged, talos.SampleImage{RefName: "v3", Seed: 3}); err != nil {
		t.Fatal(err)
	}

	report, err = talos.CreateImageCache(filepath.Join(t.TempDir(), "c"), talos.ImageCacheRequest{
		Images: []string{"alpine:v3"}, Layouts: []string{"docker.io/library/alpine=" + tagged}, SkipCosignSignatures: true,
	})
	if err != nil || report.Images != 1 {
		t.Errorf("tagged layout: %v %+v", err, report)
	}

	dest := filepath.Join(t.TempDir(), "c")
	for _, tc := range []struct {
		request talos.ImageCacheRequest
		want    error
		text    string
	}{
		{talos.ImageCacheRequest{Images: []string{"ghcr.io/siderolabs/absent:v1"}, Layouts: []string{layout}}, talos.ErrNotFound, "absent"},
		{talos.ImageCacheRequest{Images: []string{"ghcr.io/siderolabs/multi:v2"}, Platforms: "linux/s390x", Layouts: []string{layout}}, talos.ErrNotFound, "linux/s390x"},
		{talos.ImageCacheRequest{Images: []string{"a:1"}, Platforms: "linux"}, talos.ErrInvalidArgument, "invalid platform"},
		{talos.ImageCacheRequest{Images: []string{"Bad/Name:1"}}, talos.ErrInvalidArgument, "invalid image reference"},
		{talos.ImageCacheRequest{}, talos.ErrInvalidArgument, "no images"},
		{talos.ImageCacheRequest{Images: []string{"a:1"}, Jobs: -1}, talos.ErrInvalidArgument, "negative"},
		{talos.ImageCacheRequest{Images: []string{"a:1"}, Layouts: []string{"/nonexistent"}}, talos.ErrNotFound, "/nonexistent"},
		// Registries: nothing listens on port 1.
		{talos.ImageCacheRequest{Images: []string{"127.0.0.1:1/absent:v1"}, Insecure: true}, talos.ErrIO, "127.0.0.1:1"},
		{talos.ImageCacheRequest{Images: []string{"127.0.0.1:1/absent:v1"}, DockerConfig: "/nonexistent/config.json"}, talos.ErrNotFound, "config.json"},
	} {
		_, err := talos.CreateImageCache(dest, tc.request)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%+v: %v, want %v containing %q", tc.request, err, tc.want, tc.text)
		}
	}

	if _, err := talos.CreateImageCache("a\x00b", request); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("NUL in dest: %v", err)
	}
}

func TestVerifyImageCache(t *testing.T) {
	cache, written := sampleCache(t)

	report, err := talos.VerifyImageCache(cache, 0)
	if err != nil || !report.OK() || report.Blobs != 8 || report.Manifests != 4 || report.Tags != 2 {
		t.Fatalf("clean cache: %v %+v", err, report)
	}

	if len(report.Repositories) != 2 || len(report.Indexes) != 1 || len(report.Indexes[0].Present) != 2 {
		t.Errorf("repositories and indexes: %+v", report)
	}

	// Corrupt the demo image's layer.
	layer := written[0].Blobs[0]
	path := filepath.Join(cache, "blob", strings.Replace(layer, ":", "-", 1))

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	data[0] ^= 0xff
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}

	report, err = talos.VerifyImageCache(cache, 2)
	if err != nil || report.OK() {
		t.Fatalf("corrupt cache: %v %+v", err, report)
	}

	problem := report.Problems[0]
	if problem.Kind != "corrupt" || problem.ExpectedDigest != layer || problem.ActualDigest == layer ||
		!strings.HasPrefix(problem.ActualDigest, "sha256:") || !strings.Contains(problem.String(), "corrupt") {
		t.Errorf("problem %+v", problem)
	}

	if _, err := talos.VerifyImageCache(filepath.Join(cache, "absent"), 1); !errors.Is(err, talos.ErrNotFound) {
		t.Errorf("missing dir: %v", err)
	}

	if _, err := talos.VerifyImageCache(cache, -1); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("negative jobs: %v", err)
	}
}

func TestLookupImageCache(t *testing.T) {
	cache, written := sampleCache(t)
	roots := []string{cache}
	demo := written[0].Digest

	for _, ns := range []string{"ghcr.io", ""} {
		found, err := talos.LookupImageCache(roots, "siderolabs/demo/manifests/v1", ns)
		if err != nil || found.Status != 200 || found.Digest != demo || found.MediaType != ociManifest ||
			found.Kind != "manifest" || found.Error != "" || found.Size == 0 {
			t.Errorf("ns %q: %v %+v", ns, err, found)
		}

		if data, err := os.ReadFile(found.Path); err != nil || uint64(len(data)) != found.Size {
			t.Errorf("served file %s: %v", found.Path, err)
		}
	}

	blob, err := talos.LookupImageCache(roots, "siderolabs/demo/blobs/"+written[0].Blobs[0], "ghcr.io")
	if err != nil || blob.Status != 200 || blob.Kind != "blob" || blob.MediaType != "" || blob.Digest != written[0].Blobs[0] {
		t.Errorf("blob: %v %+v", err, blob)
	}

	// Per-file fallback over roots.
	found, err := talos.LookupImageCache([]string{t.TempDir(), cache}, "siderolabs/multi/manifests/v2", "ghcr.io")
	if err != nil || found.Status != 200 || found.Digest != written[1].Digest || !strings.HasPrefix(found.Path, cache) {
		t.Errorf("fallback: %v %+v", err, found)
	}

	for _, tc := range []struct {
		roots  []string
		path   string
		ns     string
		status []int
	}{
		{roots, "siderolabs/demo/manifests/v9", "ghcr.io", []int{404}},
		{roots, "siderolabs/demo/tags/list", "ghcr.io", []int{404}},
		{nil, "siderolabs/demo/manifests/v1", "ghcr.io", []int{404}},
		{roots, "Siderolabs/demo/manifests/v1", "ghcr.io", []int{400}},
		{roots, "siderolabs/absent/manifests/v1", "", []int{400}},
		{roots, "../../../etc/manifests/passwd", "ghcr.io", []int{400, 404}},
		{roots, "siderolabs/demo/blobs/sha256:../../../etc/passwd", "ghcr.io", []int{400, 404}},
		{roots, "siderolabs/demo/manifests/..%2f..%2fblob", "ghcr.io", []int{400, 404}},
		{roots, "siderolabs/demo/manifests/v1", "../..", []int{400, 404}},
	} {
		found, err := talos.LookupImageCache(tc.roots, tc.path, tc.ns)
		if err != nil || !slices.Contains(tc.status, found.Status) || found.Error == "" || found.Path != "" {
			t.Errorf("%s (ns %q): %v %+v, want status %v", tc.path, tc.ns, err, found, tc.status)
		}
	}

	if _, err := talos.LookupImageCache([]string{"a\x00"}, "x/manifests/y", ""); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("NUL in a root: %v", err)
	}

	// A tag whose manifest is gone: registryd's 500.
	manifest := filepath.Join(cache, "manifests/ghcr.io/siderolabs/demo/digest", strings.Replace(demo, ":", "-", 1))
	if err := os.Remove(manifest); err != nil {
		t.Fatal(err)
	}

	if found, err := talos.LookupImageCache(roots, "siderolabs/demo/manifests/v1", "ghcr.io"); err != nil || found.Status != 500 {
		t.Errorf("dangling tag: %v %+v", err, found)
	}
}

// Lookups from many goroutines at once.
func TestLookupImageCacheConcurrently(t *testing.T) {
	cache, written := sampleCache(t)

	var wg sync.WaitGroup

	errs := make(chan string, 64)
	for i := range 8 {
		wg.Add(1)

		go func() {
			defer wg.Done()

			for j := range 20 {
				tag := []string{"siderolabs/demo/manifests/v1", "siderolabs/multi/manifests/v2"}[(i+j)%2]
				want := written[(i+j)%2].Digest

				found, err := talos.LookupImageCache([]string{cache}, tag, "ghcr.io")
				if err != nil || found.Digest != want {
					errs <- tag
				}
			}
		}()
	}

	wg.Wait()
	close(errs)

	for tag := range errs {
		t.Errorf("concurrent lookup of %s failed", tag)
	}
}

func TestPackUnpackImageCache(t *testing.T) {
	cache, _ := sampleCache(t)
	dir := t.TempDir()
	packed := filepath.Join(dir, "packed")

	report, err := talos.PackImageCache(cache, packed, "amd64", "arm64")
	if err != nil || !strings.HasPrefix(report.Manifest, "sha256:") || report.LayerSize == 0 || report.Files < 12 {
		t.Fatalf("pack: %v %+v", err, report)
	}

	if _, err := talos.PackImageCache(cache, packed); !errors.Is(err, talos.ErrAlreadyExists) {
		t.Errorf("pack again: %v", err)
	}

	if _, err := talos.PackImageCache(cache, filepath.Join(dir, "x"), "amd64,arm64"); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("comma in an architecture: %v", err)
	}

	for _, arch := range []string{"", "arm64"} {
		unpacked := filepath.Join(dir, "unpacked-"+arch)

		got, err := talos.UnpackImageCache(packed, arch, unpacked)
		if err != nil || got.Files != report.Files || got.Bytes == 0 {
			t.Errorf("unpack %q: %v %+v (packed %+v)", arch, err, got, report)
		}

		if verified, err := talos.VerifyImageCache(unpacked, 1); err != nil || !verified.OK() || verified.Blobs != 8 {
			t.Errorf("unpacked %q: %v %+v", arch, err, verified)
		}
	}

	if _, err := talos.UnpackImageCache(packed, "s390x", filepath.Join(dir, "u")); !errors.Is(err, talos.ErrNotFound) {
		t.Errorf("unknown arch: %v", err)
	}
}

func TestDefaultImages(t *testing.T) {
	images, err := talos.DefaultImages("1.13", talos.DefaultImageOverrides{})
	if err != nil || len(images) < 5 || !strings.HasPrefix(images[0], "ghcr.io/siderolabs/flannel:") {
		t.Fatalf("1.13: %v %v", err, images)
	}

	images, err = talos.DefaultImages("v1.13.2", talos.DefaultImageOverrides{Kubernetes: "1.34.1"})
	if err != nil || !slices.Contains(images, "ghcr.io/siderolabs/kubelet:v1.34.1") {
		t.Errorf("override: %v %v", err, images)
	}

	if _, err := talos.DefaultImages("1.2", talos.DefaultImageOverrides{}); !errors.Is(err, talos.ErrNotFound) {
		t.Errorf("unknown release: %v", err)
	}

	if _, err := talos.DefaultImages("1.12", talos.DefaultImageOverrides{Etcd: "3.6.0"}); !errors.Is(err, talos.ErrInvalidArgument) {
		t.Errorf("override before 1.13: %v", err)
	}
}
