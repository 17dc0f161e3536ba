// talos-kit-imagecache-ref runs Talos' own image cache code, so the differential runner can
// compare talos-kit's flat trees and server against the real thing.
//
//	create  = `talosctl images cache-create` (pkg/imager/cache.Generate, same arguments)
//	serve   = `talosctl images cache-serve` (registryd's registry.Service, plain HTTP)
//	version = the Talos module version this binary was built from
//
// It is not built here: conformance/imagecache-ref/build copies the Talos root module source
// into a scratch directory and builds this file inside it, because the registry service is
// an internal package of that module.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/siderolabs/talos/internal/app/machined/pkg/system/services/registry"
	"github.com/siderolabs/talos/pkg/imager/cache"
	"github.com/siderolabs/talos/pkg/machinery/constants"
)

// talosVersion is set by the build script (-ldflags -X).
var talosVersion = "unknown"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: talos-kit-imagecache-ref create|serve|version [flags]")
		os.Exit(2)
	}

	var err error

	switch os.Args[1] {
	case "create":
		err = create(os.Args[2:])
	case "serve":
		err = serve(os.Args[2:])
	case "version":
		fmt.Println(talosVersion)
	default:
		err = fmt.Errorf("unknown command %q (want create, serve or version)", os.Args[1])
	}

	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

// create mirrors talosctl's `images cache-create` flags and checks, then calls cache.Generate.
func create(args []string) error {
	fs := pflag.NewFlagSet("create", pflag.ContinueOnError)
	path := fs.String("image-cache-path", "", "output directory (must not exist unless --force)")
	layerCache := fs.String("image-layer-cache-path", "", "ggcr layer cache directory")
	layout := fs.String("layout", "oci", `"oci" or "flat"`)
	platforms := fs.StringSlice("platform", []string{"linux/amd64"}, `platform(s) or "all"`)
	images := fs.StringSlice("images", nil, `images to cache ("-" reads stdin)`)
	insecure := fs.Bool("insecure", false, "allow insecure registries")
	force := fs.Bool("force", false, "remove --image-cache-path first")
	cosign := fs.Bool("cosign-signatures", true, "also cache cosign signatures")

	if err := fs.Parse(args); err != nil {
		return err
	}

	switch {
	case *path == "":
		return errors.New("--image-cache-path is required")
	case len(*images) == 0:
		return errors.New("no images specified")
	case *layout != "oci" && *layout != "flat":
		return fmt.Errorf("--layout must be oci or flat, not %q", *layout)
	}

	if *force {
		if err := os.RemoveAll(*path); err != nil {
			return err
		}
	}

	if _, err := os.Stat(*path); err == nil {
		return fmt.Errorf("image cache path %s already exists, use --force to remove and use the path", *path)
	}

	if (*images)[0] == "-" {
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}

		*images = strings.Split(strings.Trim(string(data), "\n"), "\n")
	}

	return cache.Generate(*images, *platforms, *insecure, *layerCache, *path, *layout == "flat", *cosign)
}

// serve runs registryd's service over the given roots (in priority order), as cache-serve does.
func serve(args []string) error {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	roots := fs.StringSlice("image-cache-path", nil, "flat cache root(s), first wins")
	address := fs.String("address", constants.RegistrydListenAddress, "address to listen on")

	if err := fs.Parse(args); err != nil {
		return err
	}

	if len(*roots) == 0 {
		return errors.New("--image-cache-path is required")
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	logger, err := zap.NewDevelopment()
	if err != nil {
		return err
	}

	it := func(yield func(string) bool) {
		for _, root := range *roots {
			if !yield(root) {
				return
			}
		}
	}

	return registry.NewService(registry.NewMultiPathFS(it), logger).Run(ctx, registry.WithAddress(*address))
}
