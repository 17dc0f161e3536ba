package talos

/*
#include <stdlib.h>
#include "talos_kit.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"strings"
	"unsafe"
)

// The air-gapped image cache: the flat tree Talos' registryd serves images from
// (blob/sha256-…, manifests/<registry>/<repository>/{reference,digest}/…), created from
// OCI image layouts or registries, verified, looked up as registryd does, and packed into
// (or unpacked from) the one-layer OCI image the imager bakes into install media.

// ImageCacheRequest says what CreateImageCache caches and where it comes from. The zero
// value of every field except Images is the default.
type ImageCacheRequest struct {
	// Images are image references ("ghcr.io/siderolabs/flannel:v0.26.4",
	// "registry.k8s.io/pause@sha256:…"); Docker Hub names may be short ("alpine:3.20").
	Images []string
	// Platforms is "linux/amd64" (the default when empty), a comma-separated list
	// ("linux/amd64,linux/arm64") or "all" (every platform an index lists, as Talos 1.14).
	Platforms string
	// Layouts are OCI image layouts to take the images from instead of registries: "DIR"
	// (entries annotated with full references) or "REPOSITORY=DIR" (a layout of one
	// repository, entries annotated with bare tags).
	Layouts []string
	// Insecure lets registries be reached over plain HTTP or with unchecked TLS.
	Insecure bool
	// DockerConfig is the Docker config file with registry credentials; empty means
	// $DOCKER_CONFIG/config.json, else ~/.docker/config.json.
	DockerConfig string
	// Jobs is the number of blob downloads at once (0: 4).
	Jobs int
	// SkipCosignSignatures leaves out the cosign signature tags (sha256-<hex>.sig) Talos
	// 1.13+ stores by default.
	SkipCosignSignatures bool
	// Link hard-links blobs from Layouts on the same file system instead of copying
	// them (each is still digest-checked; the cache then shares those files with the
	// layouts). Blobs that cannot be linked are copied.
	Link bool
}

// MarshalJSON gives the request of talos_imagecache_create.
func (r ImageCacheRequest) MarshalJSON() ([]byte, error) {
	type request struct {
		Images           []string `json:"images"`
		Platforms        string   `json:"platforms,omitempty"`
		Layouts          []string `json:"layouts,omitempty"`
		Insecure         bool     `json:"insecure"`
		DockerConfig     *string  `json:"docker_config"`
		Jobs             int      `json:"jobs,omitempty"`
		CosignSignatures bool     `json:"cosign_signatures"`
		Link             bool     `json:"link"`
	}

	out := request{
		Images:           r.Images,
		Platforms:        r.Platforms,
		Layouts:          r.Layouts,
		Insecure:         r.Insecure,
		Jobs:             r.Jobs,
		CosignSignatures: !r.SkipCosignSignatures,
		Link:             r.Link,
	}
	if out.Images == nil {
		out.Images = []string{}
	}

	if r.DockerConfig != "" {
		out.DockerConfig = &r.DockerConfig
	}

	return json.Marshal(out)
}

// ImageCacheReport is what CreateImageCache did.
type ImageCacheReport struct {
	// Images is the number of images cached.
	Images int `json:"images"`
	// Manifests is the number of manifests stored (top-level, per platform, signatures).
	Manifests int `json:"manifests"`
	// BlobsWritten is the number of blobs fetched by this call.
	BlobsWritten int `json:"blobs_written"`
	// BlobsLinked is how many of BlobsWritten were hard-linked (ImageCacheRequest.Link).
	BlobsLinked int `json:"blobs_linked"`
	// BlobsPresent is the number of blobs that were already there, verified.
	BlobsPresent int `json:"blobs_present"`
	// BytesWritten is the number of bytes fetched by this call.
	BytesWritten uint64 `json:"bytes_written"`
	// Signatures is the number of cosign signature tags stored.
	Signatures int `json:"signatures"`
}

// ImageCacheProblem is one thing VerifyImageCache found wrong.
type ImageCacheProblem struct {
	// Kind is "corrupt" (a file does not hash to its name), "unexpected" (a file that
	// does not belong), "unreadable", "dangling_tag" (a tag whose manifest is missing:
	// registryd answers 500), "bad_manifest", "missing_blob" or "size_mismatch".
	Kind string
	// Path is the file, relative to the cache root (corrupt, unexpected, unreadable,
	// bad_manifest).
	Path string
	// Repository is the repository directory, e.g. "docker.io/library/alpine"
	// (dangling_tag, missing_blob).
	Repository string
	// Tag is the tag (dangling_tag).
	Tag string
	// Digest is the tag's digest (dangling_tag) or the blob's (missing_blob,
	// size_mismatch).
	Digest string
	// Manifest is the manifest that needs the blob (missing_blob).
	Manifest string
	// ExpectedDigest and ActualDigest are the digest a file's name promises and the one
	// its content has (corrupt).
	ExpectedDigest, ActualDigest string
	// ExpectedSize and ActualSize are the size the manifest gives and the size on disk
	// (size_mismatch).
	ExpectedSize, ActualSize uint64
	// Reason says why (unexpected, unreadable, bad_manifest).
	Reason string
}

// UnmarshalJSON reads one entry of the library's "problems" list.
func (p *ImageCacheProblem) UnmarshalJSON(data []byte) error {
	var raw struct {
		Kind       string          `json:"kind"`
		Path       string          `json:"path"`
		Repository string          `json:"repository"`
		Tag        string          `json:"tag"`
		Digest     string          `json:"digest"`
		Manifest   string          `json:"manifest"`
		Expected   json.RawMessage `json:"expected"`
		Actual     json.RawMessage `json:"actual"`
		Reason     string          `json:"reason"`
		Error      string          `json:"error"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}

	*p = ImageCacheProblem{
		Kind:       raw.Kind,
		Path:       raw.Path,
		Repository: raw.Repository,
		Tag:        raw.Tag,
		Digest:     raw.Digest,
		Manifest:   raw.Manifest,
		Reason:     raw.Reason,
	}
	if raw.Error != "" {
		p.Reason = raw.Error
	}

	// "expected"/"actual" are digests for corrupt files and sizes for size mismatches.
	for _, field := range []struct {
		raw    json.RawMessage
		digest *string
		size   *uint64
	}{{raw.Expected, &p.ExpectedDigest, &p.ExpectedSize}, {raw.Actual, &p.ActualDigest, &p.ActualSize}} {
		if len(field.raw) == 0 {
			continue
		}

		if field.raw[0] == '"' {
			if err := json.Unmarshal(field.raw, field.digest); err != nil {
				return err
			}
		} else if err := json.Unmarshal(field.raw, field.size); err != nil {
			return err
		}
	}

	return nil
}

// String describes the problem in one line.
func (p ImageCacheProblem) String() string {
	switch p.Kind {
	case "corrupt":
		return fmt.Sprintf("%s: corrupt: hashes to %s, not %s", p.Path, p.ActualDigest, p.ExpectedDigest)
	case "dangling_tag":
		return fmt.Sprintf("%s:%s: tag names %s, which is not stored", p.Repository, p.Tag, p.Digest)
	case "missing_blob":
		return fmt.Sprintf("%s: manifest %s needs blob %s, which is not stored", p.Repository, p.Manifest, p.Digest)
	case "size_mismatch":
		return fmt.Sprintf("blob %s: %d bytes, the manifest says %d", p.Digest, p.ActualSize, p.ExpectedSize)
	default:
		return fmt.Sprintf("%s: %s: %s", p.Path, p.Kind, p.Reason)
	}
}

// IndexCoverage says which children of a cached index are stored (only the cached
// platforms are expected to be).
type IndexCoverage struct {
	// Repository is the repository directory.
	Repository string `json:"repository"`
	// Digest is the index's digest.
	Digest string `json:"digest"`
	// Present are the children stored, as "<platform> <digest>" ("linux/amd64 sha256:…";
	// "unknown/unknown" for attestations, "none" without a platform).
	Present []string `json:"present"`
	// Absent are the children not stored, as "<platform> <digest>".
	Absent []string `json:"absent"`
}

// VerifyReport is what VerifyImageCache found.
type VerifyReport struct {
	// Blobs is the number of blob files hashed.
	Blobs int `json:"blobs"`
	// Manifests is the number of manifest files hashed.
	Manifests int `json:"manifests"`
	// Tags is the number of tags checked.
	Tags int `json:"tags"`
	// Bytes is the number of bytes hashed.
	Bytes uint64 `json:"bytes"`
	// Repositories are the cached repositories ("ghcr.io/siderolabs/flannel").
	Repositories []string `json:"repositories"`
	// Indexes say which children of each index are stored.
	Indexes []IndexCoverage `json:"indexes"`
	// Problems is everything wrong, in path order; empty when the cache is sound.
	Problems []ImageCacheProblem `json:"problems"`
}

// OK reports whether nothing is wrong.
func (r *VerifyReport) OK() bool {
	return len(r.Problems) == 0
}

// LookupResult is registryd's answer to one request.
type LookupResult struct {
	// Status is the HTTP status registryd answers with: 200, 400, 404 or 500.
	Status int `json:"status"`
	// Error is why the status is not 200 (empty on 200).
	Error string `json:"error"`
	// Kind is "manifest" or "blob" (empty unless 200).
	Kind string `json:"kind"`
	// Path is the file to serve.
	Path string `json:"path"`
	// Digest is the Docker-Content-Digest header.
	Digest string `json:"digest"`
	// Size is the Content-Length.
	Size uint64 `json:"size"`
	// MediaType is a manifest's Content-Type (empty for blobs, which registryd leaves to
	// content sniffing).
	MediaType string `json:"media_type"`
}

// PackReport is what PackImageCache wrote.
type PackReport struct {
	// Manifest is the digest of the wrapper image's manifest.
	Manifest string `json:"manifest"`
	// Layer is the digest of its one layer.
	Layer string `json:"layer"`
	// LayerSize is the layer's size in bytes.
	LayerSize uint64 `json:"layer_size"`
	// Files is the number of files packed.
	Files int `json:"files"`
	// Directories is the number of directories packed.
	Directories int `json:"directories"`
}

// UnpackReport is what UnpackImageCache wrote.
type UnpackReport struct {
	// Files is the number of files written.
	Files int `json:"files"`
	// Directories is the number of directories created.
	Directories int `json:"directories"`
	// Bytes is the number of bytes written.
	Bytes uint64 `json:"bytes"`
}

// DefaultImageOverrides are the version flags of `talosctl images default` (Talos 1.13
// and later); empty fields keep the release's defaults.
type DefaultImageOverrides struct {
	// Kubernetes is --k8s-version: kube-apiserver, -controller-manager, -scheduler,
	// kube-proxy and kubelet.
	Kubernetes string `json:"kubernetes,omitempty"`
	// Etcd is --etcd-version.
	Etcd string `json:"etcd,omitempty"`
	// Flannel is --flannel-version.
	Flannel string `json:"flannel,omitempty"`
	// CoreDNS is --coredns-version.
	CoreDNS string `json:"coredns,omitempty"`
	// KubeNetworkPolicies is --kube-network-policies-version.
	KubeNetworkPolicies string `json:"kube_network_policies,omitempty"`
}

// SampleImage is a small, real OCI image for WriteSampleLayout.
type SampleImage struct {
	// RefName is the org.opencontainers.image.ref.name annotation: a full reference
	// ("ghcr.io/x/app:v1", for a "DIR" layout) or a bare tag ("v1", for a
	// "REPOSITORY=DIR" layout).
	RefName string `json:"ref_name"`
	// Platforms are "os/arch[/variant]"; one gives an image manifest, several an index
	// (empty: linux/amd64).
	Platforms []string `json:"platforms,omitempty"`
	// Layers per platform (0: 1).
	Layers int `json:"layers,omitempty"`
	// LayerSize is the uncompressed size of each layer's pseudo-random content (0:
	// 64 KiB).
	LayerSize int `json:"layer_size,omitempty"`
	// Seed varies the content: equal seeds give byte-identical images.
	Seed uint64 `json:"seed"`
}

// SampleChild is one platform's manifest of a written sample image.
type SampleChild struct {
	// Platform is "os/arch[/variant]".
	Platform string `json:"platform"`
	// Digest is the digest of the platform's image manifest.
	Digest string `json:"digest"`
}

// WrittenSampleImage is what WriteSampleLayout wrote for one image.
type WrittenSampleImage struct {
	// RefName is the annotation it was written under.
	RefName string `json:"ref_name"`
	// Digest is the digest of the top-level manifest (the index, or the only manifest).
	Digest string `json:"digest"`
	// MediaType is the top-level manifest's media type.
	MediaType string `json:"media_type"`
	// Children are the image manifests per platform.
	Children []SampleChild `json:"children"`
	// Blobs are every config and layer digest.
	Blobs []string `json:"blobs"`
}

// bufferCall runs a call that writes a library buffer and returns its bytes.
func bufferCall(f func(*C.talos_buffer) C.talos_status) ([]byte, error) {
	var buffer C.talos_buffer

	if err := call(func() C.talos_status { return f(&buffer) }); err != nil {
		return nil, err
	}

	return takeBuffer(buffer), nil
}

// jsonCall runs a call that writes a JSON buffer and decodes it into out.
func jsonCall(out any, what string, f func(*C.talos_buffer) C.talos_status) error {
	data, err := bufferCall(f)
	if err != nil {
		return err
	}

	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Status: StatusParse, Message: "the library's " + what + ": " + err.Error()}
	}

	return nil
}

// cStrings copies strings into C memory for one call: the strings and an array of their
// pointers. Call free when done.
func cStrings(values []string, what string) (array **C.char, free func(), err error) {
	pointers := (**C.char)(C.calloc(C.size_t(max(len(values), 1)), C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	entries := unsafe.Slice(pointers, max(len(values), 1))
	free = func() {
		for _, p := range entries {
			C.free(unsafe.Pointer(p))
		}

		C.free(unsafe.Pointer(pointers))
	}

	for i, value := range values {
		entries[i], err = cString(value, fmt.Sprintf("%s[%d]", what, i))
		if err != nil {
			free()

			return nil, nil, err
		}
	}

	return pointers, free, nil
}

// withCStrings runs f with C copies of the strings.
func withCStrings(f func(...*C.char) error, values ...string) error {
	pointers := make([]*C.char, 0, len(values))

	defer func() {
		for _, p := range pointers {
			C.free(unsafe.Pointer(p))
		}
	}()

	for _, value := range values {
		p, err := cString(value, "a string argument")
		if err != nil {
			return err
		}

		pointers = append(pointers, p)
	}

	return f(pointers...)
}

// CreateImageCache creates (or resumes) the flat image cache at dest as `talosctl images
// cache-create --layout flat` does, but with every blob digest-checked before it is
// renamed into place. Blobs stored before a failure are complete and verified: calling
// again resumes. An image (or platform) the source does not have is ErrNotFound; a bad
// reference or platform ErrInvalidArgument; refused registry credentials ErrAuthFailed;
// content that does not match its digest ErrCorrupt; file-system and network failures
// ErrIO.
func CreateImageCache(dest string, req ImageCacheRequest) (*ImageCacheReport, error) {
	if req.Jobs < 0 {
		return nil, &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf("jobs %d is negative", req.Jobs)}
	}

	request, err := json.Marshal(req)
	if err != nil {
		return nil, &Error{Status: StatusInvalidArgument, Message: err.Error()}
	}

	report := &ImageCacheReport{}
	err = withCStrings(func(s ...*C.char) error {
		return jsonCall(report, "create report", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_create(s[0], s[1], out)
		})
	}, dest, string(request))
	if err != nil {
		return nil, err
	}

	return report, nil
}

// VerifyImageCache verifies the flat cache at dir with jobs hashing threads (0: one per
// CPU): every blob and manifest file hashes to its name, every tag resolves, every image
// manifest's config and layers are stored with their sizes. A cache with problems is not
// an error of this call: see VerifyReport.Problems. A missing dir is ErrNotFound.
func VerifyImageCache(dir string, jobs int) (*VerifyReport, error) {
	if jobs < 0 || jobs > 1<<16 {
		return nil, &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf("jobs %d is out of range", jobs)}
	}

	report := &VerifyReport{}
	err := withCStrings(func(s ...*C.char) error {
		return jsonCall(report, "verify report", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_verify(s[0], C.uint32_t(jobs), out)
		})
	}, dir)
	if err != nil {
		return nil, err
	}

	return report, nil
}

// LookupImageCache answers a request as Talos' registryd does, without HTTP: path is the
// request path after /v2/ ("library/alpine/manifests/3.20",
// "coredns/coredns/blobs/sha256:…"), ns the ns query parameter containerd adds
// ("docker.io"; empty when absent: the registry is then found by scanning the cache), and
// roots the cache roots in priority order (each file is tried in every root in turn).
// Misses, bad names and traversal attempts are answers (Status 404 or 400), not errors.
func LookupImageCache(roots []string, path, ns string) (*LookupResult, error) {
	array, freeRoots, err := cStrings(roots, "roots")
	if err != nil {
		return nil, err
	}
	defer freeRoots()

	result := &LookupResult{}
	err = withCStrings(func(s ...*C.char) error {
		return jsonCall(result, "lookup answer", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_lookup(array, C.size_t(len(roots)), s[0], s[1], out)
		})
	}, path, ns)
	if err != nil {
		return nil, err
	}

	return result, nil
}

// PackImageCache packs the flat cache at flat into a new OCI image layout at dest (which
// must not exist: ErrAlreadyExists), the wrapper the imager bakes into install media: one
// gzip tar layer and one index.json entry per architecture (none given: amd64 and arm64).
func PackImageCache(flat, dest string, architectures ...string) (*PackReport, error) {
	for _, arch := range architectures {
		if arch == "" || strings.Contains(arch, ",") {
			return nil, &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf("invalid architecture %q", arch)}
		}
	}

	report := &PackReport{}
	err := withCStrings(func(s ...*C.char) error {
		return jsonCall(report, "pack report", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_pack(s[0], s[1], s[2], out)
		})
	}, flat, dest, strings.Join(architectures, ","))
	if err != nil {
		return nil, err
	}

	return report, nil
}

// UnpackImageCache extracts the linux/arch image of the OCI wrapper at layout into a new
// flat cache at dest (which must not exist), checking every digest on the way; arch ""
// means amd64. No image for the architecture is ErrNotFound; a damaged wrapper ErrCorrupt.
func UnpackImageCache(layout, arch, dest string) (*UnpackReport, error) {
	report := &UnpackReport{}
	err := withCStrings(func(s ...*C.char) error {
		return jsonCall(report, "unpack report", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_unpack(s[0], s[1], s[2], out)
		})
	}, layout, arch, dest)
	if err != nil {
		return nil, err
	}

	return report, nil
}

// DefaultImages lists the images `talosctl images default` of Talos release talos
// ("1.13", "v1.13.2"; 1.9 to 1.14 are known) prints, in its order. An unknown release is
// ErrNotFound; a malformed version, or an override the release has no flag for,
// ErrInvalidArgument.
func DefaultImages(talos string, overrides DefaultImageOverrides) ([]string, error) {
	encoded, err := json.Marshal(overrides)
	if err != nil {
		return nil, &Error{Status: StatusInvalidArgument, Message: err.Error()}
	}

	var images []string
	err = withCStrings(func(s ...*C.char) error {
		return jsonCall(&images, "image list", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_default_images(s[0], s[1], out)
		})
	}, talos, string(encoded))
	if err != nil {
		return nil, err
	}

	return images, nil
}

// WriteSampleLayout writes small, real OCI images into an OCI image layout at dir
// (created if missing; its index.json is replaced), for tests and demos that need images
// without a network. At most 16 platforms, 64 layers and 64 MiB per layer.
func WriteSampleLayout(dir string, images ...SampleImage) ([]WrittenSampleImage, error) {
	if images == nil {
		images = []SampleImage{}
	}

	encoded, err := json.Marshal(images)
	if err != nil {
		return nil, &Error{Status: StatusInvalidArgument, Message: err.Error()}
	}

	var written []WrittenSampleImage
	err = withCStrings(func(s ...*C.char) error {
		return jsonCall(&written, "sample images", func(out *C.talos_buffer) C.talos_status {
			return C.talos_imagecache_write_sample_layout(s[0], s[1], out)
		})
	}, dir, string(encoded))
	if err != nil {
		return nil, err
	}

	return written, nil
}
