//go:build withoptions

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/blang/semver/v4"
	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/constants"

	"images-dump/images"
)

// lister names the pkg/images function the release's command calls.
const lister = "ListWithOptions"

// flagStyle is how the release's pkg/flags Semver value prints (see semverStyle).
var flagStyle string

// listDefault is the command's list with its version flags left at their defaults (1.13+).
// Each flag is talosctl's flags.Semver(<default>); ../shape read the flag wiring and the
// default expressions from the release's image.go (os.Args[2]), and the release's
// pkg/flags/flags.go (os.Args[3]) says how the value prints.
func listDefault(cfg config.Config) any {
	if len(os.Args) != 4 {
		fail("usage: dump <tag> <shape.json> <flags.go.txt>")
	}

	flagStyle = semverStyle(os.Args[3])

	var shape struct {
		Flags []struct{ Field, Default string }
	}

	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}

	if err := json.Unmarshal(data, &shape); err != nil {
		fail("%v", err)
	}

	consts := map[string]string{
		"DefaultKubernetesVersion":   constants.DefaultKubernetesVersion,
		"DefaultEtcdVersion":         constants.DefaultEtcdVersion,
		"FlannelVersion":             constants.FlannelVersion,
		"DefaultCoreDNSVersion":      constants.DefaultCoreDNSVersion,
		"KubeNetworkPoliciesVersion": constants.KubeNetworkPoliciesVersion,
	}

	values := map[string]string{}

	for _, f := range shape.Flags {
		expr, ok := strings.CutPrefix(f.Default, "flags.Semver(")
		if !ok {
			fail("flag %s default %q is not flags.Semver(…)", f.Field, f.Default)
		}

		expr = strings.TrimSuffix(expr, ")")
		prefix := ""

		if rest, ok := strings.CutPrefix(expr, `"v" + `); ok {
			prefix, expr = "v", rest
		}

		value, ok := consts[strings.TrimPrefix(expr, "constants.")]
		if !ok {
			fail("flag %s default %q: unknown constant", f.Field, f.Default)
		}

		values[f.Field] = flagString(prefix + value)
	}

	return images.ListWithOptions(cfg, images.VersionsListOptions{
		KubernetesVersion:          values["k8sVersion"],
		EtcdVersion:                values["etcdVersion"],
		FlannelVersion:             values["flannelVersion"],
		CoreDNSVersion:             values["corednsVersion"],
		KubeNetworkPoliciesVersion: values["kubeNetworkPoliciesVersion"],
	})
}

// semverStyle recognises the two ways pkg/flags' semver value has printed:
// "always-v" (String() is "v" + the ParseTolerant version; 1.13.0, 1.14.0-alpha.2) and
// "keep-prefix" (a "v" only when the default or a Set value started with one; 1.13.9).
func semverStyle(path string) string {
	src, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}

	s := string(src)

	switch {
	case !strings.Contains(s, "semver.ParseTolerant(s)") || !strings.Contains(s, "semver.ParseTolerant(defaultValue)"):
		fail("%s: the semver flag does not parse with ParseTolerant", path)
	case strings.Contains(s, `func (v *semverValue) String() string { return "v" + v.value.String() }`):
		return "always-v"
	case strings.Contains(s, `func (v *semverValue) String() string { return v.prefix + v.value.String() }`) &&
		strings.Contains(s, "if strings.HasPrefix(s, \"v\") {\n\t\tv.prefix = \"v\"\n\t}") &&
		strings.Contains(s, "if strings.HasPrefix(defaultValue, \"v\") {\n\t\tprefix = \"v\"\n\t}"):
		return "keep-prefix"
	}

	fail("%s: unknown semver flag printing", path)

	return ""
}

// flagString is flags.Semver(def).String() in the detected style.
func flagString(def string) string {
	v, err := semver.ParseTolerant(def)
	if err != nil {
		fail("default %q: %v", def, err)
	}

	if flagStyle == "always-v" || strings.HasPrefix(def, "v") {
		return "v" + v.String()
	}

	return v.String()
}

func extraConstants(m map[string]string) {
	m["KubeNetworkPoliciesVersion"] = constants.KubeNetworkPoliciesVersion
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dump: "+format+"\n", args...)
	os.Exit(1)
}
