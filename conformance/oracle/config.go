// Machine configuration: loading, encoding and the YAML library underneath.
//
// Talos reads machine configuration with configloader.NewFromBytes: the input is split into
// YAML documents (go.yaml.in/yaml/v4 Decoder), every document is decoded into the Go type its
// kind is registered with, and the documents are collected into a container. With comments
// disabled, the container encodes every document with plain yaml.Marshal and joins the
// outputs with "---\n". The ops here expose exactly those steps, plus the raw YAML library
// calls, so the Rust side can be compared against them byte for byte.
//
//	config.load           {"yaml": b64, "allow_patch_delete"?: bool}
//	                      → {"accepted", "error", "documents": [{"api_version","kind","name"}],
//	                         "encoded", "encode_error"}
//	config.kinds          {"candidates"?: [s]} → {"kinds": [s], "named": [s]}
//	config.schema         {} → {"types": {...}, "documents": [{"kind","type"}]}
//	yaml.marshal          {"values": [any]} → {"yaml": [s]}
//	yaml.marshal_strings  {"strings": [s]} → {"yaml": [s]}
//	yaml.roundtrip        {"yaml": b64, "via"?: "node"|"any"} → {"yaml", "error", "documents"}
//
// config.mutate lives in config_mutate.go.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	coreconfig "github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/config"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/encoder"
	"github.com/siderolabs/talos/pkg/machinery/config/types/v1alpha1"
	"go.yaml.in/yaml/v4"
)

func init() {
	register("config.load", configLoadOp)
	register("config.kinds", configKindsOp)
	register("config.schema", configSchemaOp)
	register("yaml.marshal", yamlMarshalOp)
	register("yaml.marshal_strings", yamlMarshalStringsOp)
	register("yaml.roundtrip", yamlRoundtripOp)

	registerBench("config.load", configBenchLoad)
	registerBench("config.encode", configBenchEncode)
	registerBench("config.load_encode", configBenchLoadEncode)
}

func configDecodeArgs[T any](raw json.RawMessage) (T, error) {
	var args T

	if len(raw) == 0 {
		return args, nil
	}

	err := json.Unmarshal(raw, &args)

	return args, err
}

// configRecover turns a panic into an error whose text starts with "oracle panic: ".
func configRecover(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("oracle panic: %v", r)
	}
}

// configLoad is configloader.NewFromBytes with panics turned into errors.
func configLoad(source []byte, allowPatchDelete bool) (cfg coreconfig.Provider, err error) {
	defer configRecover(&err)

	var opts []configloader.Opt
	if allowPatchDelete {
		opts = append(opts, configloader.WithAllowPatchDelete())
	}

	return configloader.NewFromBytes(source, opts...)
}

// configEncode re-encodes a container the way Talos does for patches and diffs.
func configEncode(cfg coreconfig.Provider) (out []byte, err error) {
	defer configRecover(&err)

	return cfg.EncodeBytes(encoder.WithComments(encoder.CommentsDisabled))
}

type configYAMLArgs struct {
	YAML             []byte `json:"yaml"`
	AllowPatchDelete bool   `json:"allow_patch_delete"`
}

type configDocumentJSON struct {
	APIVersion string `json:"api_version"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}

type configLoadResult struct {
	Accepted    bool                 `json:"accepted"`
	Error       string               `json:"error"`
	Documents   []configDocumentJSON `json:"documents"`
	Encoded     string               `json:"encoded"`
	EncodeError string               `json:"encode_error"`
}

func configDocumentView(doc config.Document) configDocumentJSON {
	view := configDocumentJSON{APIVersion: doc.APIVersion(), Kind: doc.Kind()}

	if named, ok := doc.(config.NamedDocument); ok {
		view.Name = named.Name()
	}

	return view
}

func configLoadOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configYAMLArgs](raw)
	if err != nil {
		return nil, err
	}

	result := configLoadResult{Documents: []configDocumentJSON{}}

	cfg, err := configLoad(args.YAML, args.AllowPatchDelete)
	if err != nil {
		result.Error = err.Error()

		return result, nil
	}

	result.Accepted = true

	for _, doc := range cfg.Documents() {
		result.Documents = append(result.Documents, configDocumentView(doc))
	}

	encoded, err := configEncode(cfg)
	if err != nil {
		result.EncodeError = err.Error()
	} else {
		result.Encoded = string(encoded)
	}

	return result, nil
}

// configKindCandidates are the kind names tried against the registry. The registry itself
// (config/internal/registry) cannot be imported, so registration is detected by loading a
// minimal document of every candidate kind. The list is the union of the kind constants of
// machinery v1.14.0-alpha.2, the kinds of the v1.14.0-rc.1 corpus and the kinds listed in
// the format notes (§1.5), plus "v1alpha1", which the registry holds for the legacy document.
var configKindCandidates = []string{
	"BGPInstanceConfig", "BlackholeRouteConfig", "BondConfig", "BridgeConfig",
	"CRIBaseRuntimeSpecConfig", "CRICustomizationConfig", "ContainerConfig",
	"DHCPv4Config", "DHCPv6Config", "DiscoveryIdentityConfig", "DiscoveryServiceConfig",
	"DummyLinkConfig", "EnvironmentConfig", "EtcFileConfig", "EthernetConfig", "EventSinkConfig",
	"ExistingVolumeConfig", "ExtensionServiceConfig", "ExternalVolumeConfig",
	"FilesystemScrubConfig", "FilesystemTrimConfig", "HCloudVIPConfig", "HTTPProbeConfig",
	"HostnameConfig", "ImageCacheConfig", "ImageVerificationConfig", "KernelModuleConfig",
	"KmsgLogConfig", "KubeAPIServerCAConfig", "KubeAPIServerConfig", "KubeAdmissionControlConfig",
	"KubeAggregatorCAConfig", "KubeAuditPolicyConfig", "KubeAuthenticationConfig",
	"KubeAuthorizerConfig", "KubeClusterConfig", "KubeControllerManagerConfig",
	"KubeCoreDNSConfig", "KubeCredentialProviderConfig", "KubeEtcdEncryptionConfig",
	"KubeExternalManifestConfig", "KubeFlannelCNIConfig", "KubeInlineManifestConfig",
	"KubeNetworkConfig", "KubeNodeConfig", "KubePrismConfig", "KubeProxyConfig",
	"KubeSchedulerConfig", "KubeServiceAccountConfig", "KubeSpanConfig", "KubeSpanEndpointsConfig",
	"KubeStaticPodConfig", "KubeTalosAPIAccessConfig", "KubeletConfig", "LVMLogicalVolumeConfig",
	"LVMVolumeGroupConfig", "Layer2VIPConfig", "LinkAliasConfig", "LinkConfig",
	"NetworkDefaultActionConfig", "NetworkRuleConfig", "OOMConfig", "PCIDriverRebindConfig",
	"RAIDArrayConfig", "RawVolumeConfig", "RegistryAuthConfig", "RegistryMirrorConfig",
	"RegistryTLSConfig", "ResolverConfig", "RoutingRuleConfig", "SecurityProfileConfig",
	"SideroLinkConfig", "StaticHostConfig", "SwapVolumeConfig", "SysctlConfig", "SysfsConfig",
	"TCPProbeConfig", "TimeSyncConfig", "TrustedRootsConfig", "UdevRulesConfig",
	"UnattendedInstallConfig", "UserVolumeConfig", "VLANConfig", "VRFConfig", "VethConfig",
	"VolumeConfig", "WatchdogTimerConfig", "WireguardConfig", "ZswapConfig",
	"v1alpha1",
}

// configProbe is the outcome of loading a minimal document of one candidate kind.
type configProbe struct {
	registered bool
	docType    reflect.Type // nil when no minimal document could be loaded
	named      bool
}

func configProbeKind(kind string) configProbe {
	var probe configProbe

	for _, extra := range []string{"", "name: x\n"} {
		cfg, err := configLoad([]byte("apiVersion: v1alpha1\nkind: "+kind+"\n"+extra), false)
		if err != nil {
			if strings.Contains(err.Error(), ": not registered") {
				return probe
			}

			// the registry produced a document, it just did not decode cleanly
			probe.registered = true

			continue
		}

		for _, doc := range cfg.Documents() {
			probe.registered = true
			probe.docType = reflect.TypeOf(doc)
			_, probe.named = doc.(config.NamedDocument)
		}

		if probe.docType != nil {
			return probe
		}
	}

	return probe
}

var (
	configProbeOnce   sync.Once
	configProbeResult map[string]configProbe
)

// configProbes probes every built-in candidate once.
func configProbes() map[string]configProbe {
	configProbeOnce.Do(func() {
		configProbeResult = make(map[string]configProbe, len(configKindCandidates))

		for _, kind := range configKindCandidates {
			configProbeResult[kind] = configProbeKind(kind)
		}

		// the legacy document never loads from an "apiVersion+kind" probe; take its type directly
		legacy := configProbeResult[v1alpha1.Version]
		if legacy.registered {
			legacy.docType = reflect.TypeFor[*v1alpha1.Config]()
			configProbeResult[v1alpha1.Version] = legacy
		}
	})

	return configProbeResult
}

// configRegisteredKinds returns the sorted registered kinds (including "v1alpha1").
func configRegisteredKinds() []string {
	var kinds []string

	for kind, probe := range configProbes() {
		if probe.registered {
			kinds = append(kinds, kind)
		}
	}

	slices.Sort(kinds)

	return kinds
}

type configKindsArgs struct {
	Candidates []string `json:"candidates"`
}

type configKindsResult struct {
	Kinds []string `json:"kinds"`
	Named []string `json:"named"`
}

func configKindsOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configKindsArgs](raw)
	if err != nil {
		return nil, err
	}

	probes := make(map[string]configProbe, len(configKindCandidates)+len(args.Candidates))
	for kind, probe := range configProbes() {
		probes[kind] = probe
	}

	for _, kind := range args.Candidates {
		if _, seen := probes[kind]; !seen {
			probes[kind] = configProbeKind(kind)
		}
	}

	result := configKindsResult{Kinds: []string{}, Named: []string{}}

	for kind, probe := range probes {
		if probe.registered {
			result.Kinds = append(result.Kinds, kind)
		}

		if probe.named {
			result.Named = append(result.Named, kind)
		}
	}

	slices.Sort(result.Kinds)
	slices.Sort(result.Named)

	return result, nil
}

// Schema dump.

type configSchemaField struct {
	GoName    string `json:"go_name"`
	YAML      string `json:"yaml"`
	OmitEmpty bool   `json:"omitempty"`
	Inline    bool   `json:"inline"`
	Flow      bool   `json:"flow"`
	Type      string `json:"type"`
	Embedded  bool   `json:"embedded,omitempty"`
	Talos     string `json:"talos,omitempty"` // the `talos:"..."` tag (e.g. omitonlyifnil)
}

type configSchemaType struct {
	Kind    string              `json:"kind"`
	PkgPath string              `json:"pkg_path"`
	Fields  []configSchemaField `json:"fields,omitempty"`
	Methods []string            `json:"methods"`
	Elem    string              `json:"elem,omitempty"` // pointer, slice, array, map, chan
	Key     string              `json:"key,omitempty"`  // map
}

type configSchemaDocument struct {
	Kind string `json:"kind"`
	Type string `json:"type"`
}

type configSchemaResult struct {
	Types     map[string]configSchemaType `json:"types"`
	Documents []configSchemaDocument      `json:"documents"`
}

var configSchemaMethods = []string{"UnmarshalYAML", "MarshalYAML", "UnmarshalText", "MarshalText", "IsZero"}

type configSchemaWalker struct {
	types map[string]configSchemaType
	owner map[string]reflect.Type
}

// name is the key a named type is listed under: "pkg.Name" as reflect prints it, or the full
// import path when two different types would print the same.
func (w *configSchemaWalker) name(t reflect.Type) string {
	key := t.String()

	if other, ok := w.owner[key]; ok && other != t {
		key = t.PkgPath() + "." + t.Name()
	}

	return key
}

func (w *configSchemaWalker) walk(t reflect.Type) {
	if t.Name() == "" {
		switch t.Kind() { //nolint:exhaustive
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			w.walk(t.Elem())
		case reflect.Map:
			w.walk(t.Key())
			w.walk(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				w.walk(t.Field(i).Type)
			}
		}

		return
	}

	if t.PkgPath() == "" { // predeclared: string, int, bool, error, ...
		return
	}

	key := w.name(t)
	if _, seen := w.types[key]; seen {
		return
	}

	w.owner[key] = t

	entry := configSchemaType{Kind: t.Kind().String(), PkgPath: t.PkgPath(), Methods: []string{}}

	ptr := reflect.PointerTo(t)
	for _, method := range configSchemaMethods {
		if _, ok := ptr.MethodByName(method); ok {
			entry.Methods = append(entry.Methods, method)
		}
	}

	// register before recursing so that self-referencing types terminate
	w.types[key] = entry

	var next []reflect.Type

	switch t.Kind() { //nolint:exhaustive
	case reflect.Struct:
		entry.Fields = []configSchemaField{}

		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() && !f.Anonymous {
				continue
			}

			entry.Fields = append(entry.Fields, configSchemaFieldOf(f))
			next = append(next, f.Type)
		}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		entry.Elem = t.Elem().String()
		next = append(next, t.Elem())
	case reflect.Map:
		entry.Key = t.Key().String()
		entry.Elem = t.Elem().String()
		next = append(next, t.Key(), t.Elem())
	}

	w.types[key] = entry

	for _, n := range next {
		w.walk(n)
	}
}

func configSchemaFieldOf(f reflect.StructField) configSchemaField {
	parts := strings.Split(f.Tag.Get("yaml"), ",")

	field := configSchemaField{
		GoName:   f.Name,
		YAML:     parts[0],
		Type:     f.Type.String(),
		Embedded: f.Anonymous,
		Talos:    f.Tag.Get("talos"),
	}

	if field.YAML == "" {
		field.YAML = strings.ToLower(f.Name)
	}

	for _, opt := range parts[1:] {
		switch opt {
		case "omitempty":
			field.OmitEmpty = true
		case "inline":
			field.Inline = true
		case "flow":
			field.Flow = true
		}
	}

	return field
}

func configSchemaOp(json.RawMessage) (any, error) {
	w := &configSchemaWalker{types: map[string]configSchemaType{}, owner: map[string]reflect.Type{}}
	result := configSchemaResult{Documents: []configSchemaDocument{}}

	for _, kind := range configRegisteredKinds() {
		t := configProbes()[kind].docType
		if t == nil {
			result.Documents = append(result.Documents, configSchemaDocument{Kind: kind})

			continue
		}

		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}

		w.walk(t)
		result.Documents = append(result.Documents, configSchemaDocument{Kind: kind, Type: w.name(t)})
	}

	w.walk(reflect.TypeFor[v1alpha1.Config]())
	result.Types = w.types

	return result, nil
}

// YAML library ops.

type yamlMarshalArgs struct {
	Values []json.RawMessage `json:"values"`
}

type yamlMarshalResult struct {
	YAML []string `json:"yaml"`
}

// yamlFromJSON converts a decoded JSON value (numbers kept as json.Number) into what a Go
// program would hand to yaml.Marshal: objects as map[string]any, arrays as []any, integral
// numbers (those that parse as int64) as int64 and every other number as float64.
func yamlFromJSON(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))

		for k, item := range v {
			conv, err := yamlFromJSON(item)
			if err != nil {
				return nil, err
			}

			out[k] = conv
		}

		return out, nil
	case []any:
		out := make([]any, len(v))

		for i, item := range v {
			conv, err := yamlFromJSON(item)
			if err != nil {
				return nil, err
			}

			out[i] = conv
		}

		return out, nil
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, nil
		}

		return v.Float64()
	default:
		return v, nil
	}
}

func yamlMarshalSafe(v any) (out []byte, err error) {
	defer configRecover(&err)

	return yaml.Marshal(v)
}

func yamlMarshalOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[yamlMarshalArgs](raw)
	if err != nil {
		return nil, err
	}

	result := yamlMarshalResult{YAML: make([]string, 0, len(args.Values))}

	for i, rawValue := range args.Values {
		dec := json.NewDecoder(bytes.NewReader(rawValue))
		dec.UseNumber()

		var value any
		if err := dec.Decode(&value); err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}

		conv, err := yamlFromJSON(value)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}

		out, err := yamlMarshalSafe(conv)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}

		result.YAML = append(result.YAML, string(out))
	}

	return result, nil
}

type yamlMarshalStringsArgs struct {
	Strings []string `json:"strings"`
}

func yamlMarshalStringsOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[yamlMarshalStringsArgs](raw)
	if err != nil {
		return nil, err
	}

	result := yamlMarshalResult{YAML: make([]string, 0, len(args.Strings))}

	for i, s := range args.Strings {
		out, err := yamlMarshalSafe(map[string]string{"k": s})
		if err != nil {
			return nil, fmt.Errorf("string %d: %w", i, err)
		}

		result.YAML = append(result.YAML, string(out))
	}

	return result, nil
}

type yamlRoundtripArgs struct {
	YAML []byte `json:"yaml"`
	Via  string `json:"via"` // "node" (default) or "any"
}

type yamlRoundtripResult struct {
	YAML      string `json:"yaml"`
	Error     string `json:"error"`
	Documents int    `json:"documents"`
}

// yamlDecodeStream reads every document of a stream the way the config loader does
// (yaml.NewDecoder), into a fresh value made by newValue.
func yamlDecodeStream[T any](source []byte) (docs []*T, err error) {
	defer configRecover(&err)

	dec := yaml.NewDecoder(bytes.NewReader(source))

	for {
		doc := new(T)

		if err := dec.Decode(doc); err != nil {
			if errors.Is(err, io.EOF) {
				return docs, nil
			}

			return nil, err
		}

		docs = append(docs, doc)
	}
}

// yamlMarshalStream marshals every document with yaml.Marshal (the call Talos' encoder makes
// with comments disabled) and joins them with "---\n", as the config container does.
func yamlMarshalStream[T any](docs []*T) ([]byte, error) {
	var buf bytes.Buffer

	for i, doc := range docs {
		out, err := yamlMarshalSafe(doc)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}

		if i > 0 {
			buf.WriteString("---\n")
		}

		buf.Write(out)
	}

	return buf.Bytes(), nil
}

func yamlRoundtrip[T any](source []byte) yamlRoundtripResult {
	docs, err := yamlDecodeStream[T](source)
	if err != nil {
		return yamlRoundtripResult{Error: err.Error()}
	}

	out, err := yamlMarshalStream(docs)
	if err != nil {
		return yamlRoundtripResult{Error: err.Error(), Documents: len(docs)}
	}

	return yamlRoundtripResult{YAML: string(out), Documents: len(docs)}
}

func yamlRoundtripOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[yamlRoundtripArgs](raw)
	if err != nil {
		return nil, err
	}

	switch args.Via {
	case "", "node":
		return yamlRoundtrip[yaml.Node](args.YAML), nil
	case "any":
		return yamlRoundtrip[any](args.YAML), nil
	default:
		return nil, fmt.Errorf("unknown via %q (want node or any)", args.Via)
	}
}

// Benchmarks.

func configBenchLoad(raw json.RawMessage) (func() error, error) {
	args, err := configDecodeArgs[configYAMLArgs](raw)
	if err != nil {
		return nil, err
	}

	if _, err := configLoad(args.YAML, args.AllowPatchDelete); err != nil {
		return nil, err
	}

	return func() error {
		_, err := configLoad(args.YAML, args.AllowPatchDelete)

		return err
	}, nil
}

func configBenchEncode(raw json.RawMessage) (func() error, error) {
	args, err := configDecodeArgs[configYAMLArgs](raw)
	if err != nil {
		return nil, err
	}

	cfg, err := configLoad(args.YAML, args.AllowPatchDelete)
	if err != nil {
		return nil, err
	}

	return func() error {
		_, err := configEncode(cfg)

		return err
	}, nil
}

func configBenchLoadEncode(raw json.RawMessage) (func() error, error) {
	args, err := configDecodeArgs[configYAMLArgs](raw)
	if err != nil {
		return nil, err
	}

	loadEncode := func() error {
		cfg, err := configLoad(args.YAML, args.AllowPatchDelete)
		if err != nil {
			return err
		}

		_, err = configEncode(cfg)

		return err
	}

	if err := loadEncode(); err != nil {
		return nil, err
	}

	return loadEncode, nil
}

// configAllocOp measures how many bytes one configloader.NewFromBytes allocates (mean over
// runs), for comparing memory use with the Rust loader.
func configAllocOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configYAMLArgs](raw)
	if err != nil {
		return nil, err
	}

	const runs = 200

	var before, after runtime.MemStats

	runtime.GC()
	runtime.ReadMemStats(&before)

	for range runs {
		if _, err := configLoad(args.YAML, args.AllowPatchDelete); err != nil {
			return nil, err
		}
	}

	runtime.ReadMemStats(&after)

	return map[string]float64{"bytes_per_op": float64(after.TotalAlloc-before.TotalAlloc) / runs}, nil
}

func init() {
	register("config.alloc", configAllocOp)
}
