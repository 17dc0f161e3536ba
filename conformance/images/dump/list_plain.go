//go:build !withoptions

package main

import (
	"github.com/siderolabs/talos/pkg/machinery/config"

	"images-dump/images"
)

// lister names the pkg/images function the release's command calls.
const lister = "List"

// flagStyle: the command has no version flags.
const flagStyle = "none"

// listDefault is the command's list with no version flags (1.9 … 1.12).
func listDefault(cfg config.Config) any { return images.List(cfg) }

func extraConstants(map[string]string) {}
