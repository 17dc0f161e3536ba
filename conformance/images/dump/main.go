// Command dump prints, as JSON, what `talosctl images default` lists at one Talos release:
// it runs that release's own pkg/images code (copied next to this file by ../generate from
// the root module source of the release) on the same empty v1alpha1 config the command
// builds, with the machinery module of the same release.
//
//	dump <talos tag> [<shape.json> <flags.go.txt>]   (the files: with build tag withoptions)
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"

	"github.com/siderolabs/talos/pkg/machinery/config/container"
	"github.com/siderolabs/talos/pkg/machinery/config/types/v1alpha1"
	"github.com/siderolabs/talos/pkg/machinery/constants"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dump <talos tag> [<shape.json> <flags.go.txt>]")
		os.Exit(2)
	}

	// The same config literal as the command's RunE in every release 1.9 … 1.14.
	cfg := container.NewV1Alpha1(&v1alpha1.Config{
		MachineConfig: &v1alpha1.MachineConfig{
			MachineKubelet: &v1alpha1.KubeletConfig{},
		},
		ClusterConfig: &v1alpha1.ClusterConfig{
			EtcdConfig:              &v1alpha1.EtcdConfig{},
			APIServerConfig:         &v1alpha1.APIServerConfig{},
			ControllerManagerConfig: &v1alpha1.ControllerManagerConfig{}, //nolint:staticcheck
			SchedulerConfig:         &v1alpha1.SchedulerConfig{},         //nolint:staticcheck
			CoreDNSConfig:           &v1alpha1.CoreDNS{},
			ProxyConfig:             &v1alpha1.ProxyConfig{}, //nolint:staticcheck
		},
	})

	// images.Versions: every field, formatted as the command's fmt.Printf("%s\n", …) does.
	list := reflect.ValueOf(listDefault(cfg))
	values := map[string]string{}

	for i := range list.NumField() {
		values[list.Type().Field(i).Name] = fmt.Sprintf("%s", list.Field(i).Interface())
	}

	consts := map[string]string{
		"DefaultKubernetesVersion": constants.DefaultKubernetesVersion,
		"DefaultEtcdVersion":       constants.DefaultEtcdVersion,
		"EtcdImage":                constants.EtcdImage,
		"FlannelVersion":           constants.FlannelVersion,
		"DefaultCoreDNSVersion":    constants.DefaultCoreDNSVersion,
		"CoreDNSImage":             constants.CoreDNSImage,
		"KubeletImage":             constants.KubeletImage,
	}
	extraConstants(consts)

	out := map[string]any{"tag": os.Args[1], "values": values, "constants": consts, "lister": lister, "flagStyle": flagStyle}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
