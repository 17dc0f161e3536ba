//go:build !talos_multidoc

// Releases before v1.5 know one document, the legacy v1alpha1.Config.
package main

import (
	"reflect"

	"github.com/siderolabs/talos/pkg/machinery/config/types/v1alpha1"
)

func registeredKinds() map[string]reflect.Type {
	return map[string]reflect.Type{"v1alpha1": reflect.TypeOf(v1alpha1.Config{})}
}
