//go:build talos_multidoc

// Releases from v1.5 on keep every kind in config/internal/registry; the package is internal,
// so its registry variable is reached by linkname (the Registry struct has kept this shape,
// a mutex and a map of constructors, from v1.5 to v1.14).
package main

import (
	"reflect"
	"sync"
	_ "unsafe" // for go:linkname

	"github.com/siderolabs/talos/pkg/machinery/config/config"
	_ "github.com/siderolabs/talos/pkg/machinery/config/configloader" // registers every kind
)

type talosRegistry struct {
	m          sync.Mutex
	registered map[string]func(version string) config.Document
}

//go:linkname registry github.com/siderolabs/talos/pkg/machinery/config/internal/registry.registry
var registry *talosRegistry

func registeredKinds() map[string]reflect.Type {
	registry.m.Lock()
	defer registry.m.Unlock()

	kinds := map[string]reflect.Type{}

	for kind, construct := range registry.registered {
		version := "v1alpha1"
		if kind == "v1alpha1" {
			version = ""
		}

		doc := construct(version)
		if doc == nil {
			doc = construct("v1alpha1")
		}

		if doc == nil {
			panic("kind " + kind + " builds no document for v1alpha1")
		}

		kinds[kind] = reflect.TypeOf(doc)
	}

	return kinds
}
