// The metal platform network configuration stored under META key 0x0a.
//
// Talos' metal platform reads the key's value with go.yaml.in/yaml/v4 Unmarshal (non-strict)
// into runtime.PlatformNetworkConfig, an alias of network.PlatformConfigSpec. The oracle does
// exactly that and re-marshals the result with the same library, so the Rust side can compare
// what survives a round trip.
package main

import (
	"encoding/json"

	"github.com/siderolabs/talos/pkg/machinery/resources/network"
	"go.yaml.in/yaml/v4"
)

type metaNetworkArgs struct {
	YAML []byte `json:"yaml"`
}

type metaNetworkResult struct {
	YAML string `json:"yaml"`
}

func init() {
	register("meta.network.parse", func(raw json.RawMessage) (any, error) {
		var args metaNetworkArgs
		if err := json.Unmarshal(raw, &args); err != nil {
			return nil, err
		}

		var cfg network.PlatformConfigSpec

		if err := yaml.Unmarshal(args.YAML, &cfg); err != nil {
			return nil, err
		}

		out, err := yaml.Marshal(&cfg)
		if err != nil {
			return nil, err
		}

		return metaNetworkResult{YAML: string(out)}, nil
	})

	registerBench("meta.network.parse", func(raw json.RawMessage) (func() error, error) {
		var args metaNetworkArgs
		if err := json.Unmarshal(raw, &args); err != nil {
			return nil, err
		}

		return func() error {
			var cfg network.PlatformConfigSpec

			return yaml.Unmarshal(args.YAML, &cfg)
		}, nil
	})
}
