package talos_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	talos "github.com/talos-kit/talos-kit/bindings/go"
)

// Write the metal network config into a new META partition and read it back.
func ExampleCreateMeta() {
	dir, err := os.MkdirTemp("", "talos-kit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir) //nolint:errcheck

	meta, err := talos.CreateMeta(filepath.Join(dir, "meta.img"))
	if err != nil {
		log.Fatal(err)
	}
	defer meta.Close() //nolint:errcheck

	key, _ := talos.ParseKey("MetalNetworkPlatformConfig")
	if err := meta.Set(key, []byte("externalIPs: [1.2.3.4]\n")); err != nil {
		log.Fatal(err)
	}

	if err := meta.Flush(); err != nil {
		log.Fatal(err)
	}

	value, err := meta.Get(key)
	fmt.Printf("0x%02x = %q, %v\n", key, value, err)
	// Output: 0x0a = "externalIPs: [1.2.3.4]\n", <nil>
}

// Encode META values for the installer's kernel command line.
func ExampleEncodeValues() {
	encoded, err := talos.EncodeValues([]talos.Value{{Key: 0x0a, Value: []byte("foo")}}, true)
	fmt.Println("talos.environment=INSTALLER_META_BASE64="+encoded, err)
	// Output: talos.environment=INSTALLER_META_BASE64=MHhhPWZvbw== <nil>
}

// Seal an affiliate document with the cluster secret, as a Talos node does.
func ExampleClusterKey_SealDocument() {
	key, err := talos.ClusterKeyFromSecret("vlf2HU1NEZL3Ezi9Tk+RZBLJUbjnsHnTzs3wK9JNk6Q=")
	if err != nil {
		log.Fatal(err)
	}
	defer key.Close() //nolint:errcheck

	blob, err := key.SealDocument(`{"nodeId": "n1", "hostname": "cp-1", "machineType": "controlplane"}`)
	if err != nil {
		log.Fatal(err)
	}

	document, err := key.OpenDocument(blob)
	fmt.Println(document, err)
	// Output: {"nodeId":"n1","hostname":"cp-1","nodename":"","machineType":"controlplane","operatingSystem":""} <nil>
}

// Load a machine configuration, look at its documents, and check it against an older Talos.
func ExampleLoadConfig() {
	cfg, err := talos.LoadConfig([]byte(`version: v1alpha1
machine:
  type: worker
---
apiVersion: v1alpha1
kind: VolumeConfig
name: EPHEMERAL
provisioning:
  maxSize: 20GiB
---
apiVersion: v1alpha1
kind: HostnameConfig
auto: stable
`))
	if err != nil {
		log.Fatal(err)
	}
	defer cfg.Close() //nolint:errcheck

	documents, err := cfg.Documents()
	if err != nil {
		log.Fatal(err)
	}

	for _, document := range documents {
		fmt.Printf("%s/%s since Talos %s\n", document.Kind, document.Name, document.Since)
	}

	volume, _ := cfg.Find("VolumeConfig", "EPHEMERAL")
	fmt.Print(volume.YAML)

	problems, err := cfg.CheckVersion("v1.11.5")
	fmt.Println(problems, err)

	_, err = talos.LoadConfig([]byte("apiVersion: v1alpha1\nkind: Bogus\n"))
	fmt.Println(err)
	// Output:
	// v1alpha1/ since Talos 1.0
	// VolumeConfig/EPHEMERAL since Talos 1.8
	// HostnameConfig/ since Talos 1.12
	// apiVersion: v1alpha1
	// kind: VolumeConfig
	// name: EPHEMERAL
	// provisioning:
	//     maxSize: 20GiB
	// [HostnameConfig needs Talos >= 1.12] <nil>
	// error decoding document v1alpha1/Bogus/ (line 1): "Bogus" "v1alpha1": not registered
}

// Patch a machine configuration as `talosctl machineconfig patch` does: a strategic merge
// patch, then a JSON patch.
func ExamplePatchConfig() {
	patched, err := talos.PatchConfig([]byte("version: v1alpha1\nmachine:\n  type: worker\n"),
		[]byte("machine:\n  network:\n    hostname: worker-1\n"),
		[]byte(`[{"op": "replace", "path": "/machine/type", "value": "controlplane"}]`))
	if err != nil {
		log.Fatal(err)
	}

	fmt.Print(string(patched))

	_, err = talos.PatchConfig([]byte("version: v1alpha1\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"),
		[]byte(`[{"op": "remove", "path": "/machine"}]`))
	fmt.Println(err)
	// Output:
	// cluster: null
	// machine:
	//   certSANs: []
	//   network:
	//     hostname: worker-1
	//   token: ""
	//   type: controlplane
	// version: v1alpha1
	// JSON6902 patches are not supported for multi-document machine configuration
}

// Build an image cache from an OCI image layout (here: sample images written for the
// example), verify it, and look an image up as Talos' registryd would serve it.
func ExampleCreateImageCache() {
	dir, err := os.MkdirTemp("", "talos-kit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir) //nolint:errcheck

	layout := filepath.Join(dir, "layout")

	written, err := talos.WriteSampleLayout(layout, talos.SampleImage{RefName: "ghcr.io/example/app:v1", Seed: 1})
	if err != nil {
		log.Fatal(err)
	}

	cache := filepath.Join(dir, "cache")

	report, err := talos.CreateImageCache(cache, talos.ImageCacheRequest{
		Images:  []string{"ghcr.io/example/app:v1"},
		Layouts: []string{layout},
	})
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("cached %d image: %d manifest, %d blobs\n", report.Images, report.Manifests, report.BlobsWritten)

	verified, err := talos.VerifyImageCache(cache, 0)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println("problems:", len(verified.Problems))

	// GET /v2/example/app/manifests/v1?ns=ghcr.io
	found, err := talos.LookupImageCache([]string{cache}, "example/app/manifests/v1", "ghcr.io")
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println(found.Status, found.MediaType, found.Digest == written[0].Digest)

	missing, _ := talos.LookupImageCache([]string{cache}, "example/app/manifests/v2", "ghcr.io")
	fmt.Println(missing.Status)
	// Output:
	// cached 1 image: 1 manifest, 2 blobs
	// problems: 0
	// 200 application/vnd.oci.image.manifest.v1+json true
	// 404
}
