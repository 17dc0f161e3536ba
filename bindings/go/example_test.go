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
