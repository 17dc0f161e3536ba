// Machine configuration patching: configpatcher.LoadPatches + Apply, as talosctl runs them.
//
//	config.patch        {"yaml": b64, "patches": [s], "input"?: "bytes"|"config"}
//	                    → {"output": b64, "error": s, "stage": "load"|"input"|"apply"|""}
//	config.patch_mutate {"yaml": b64, "seed": int64, "count": int}
//	                    → {"pairs": [{"kind": s, "patches": [s], "input": "bytes"|"config"}]}
//
// and the benchmark "config.patch" (args as config.patch, bytes input).
//
// config.patch is `talosctl machineconfig patch`: the patches are loaded with LoadPatches
// (inline strings; a string without spaces or newlines is a file name there, as in talosctl),
// the configuration is wrapped with configpatcher.WithBytes (or WithConfig after a strict load
// when "input" is "config") and the output is Bytes() of the result: the input verbatim when
// nothing was applied, the comments-disabled encoding after a strategic merge, the JSON-patch
// output verbatim after a JSON patch. Panics inside the library come back as errors starting
// with "oracle panic: ".
//
// config.patch_mutate draws patch lists for one corpus input (the configuration of every pair
// is that input); see the generator below.
package main

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/configpatcher"
)

func init() {
	register("config.patch", configPatchOp)
	register("config.patch_mutate", configPatchMutateOp)
	registerBench("config.patch", configPatchBench)

	// chain draws from the list it is part of, so it joins the list here.
	configPatchGenerators = append(configPatchGenerators, configPatchGen{"chain", 6, configPatchGenChain})
}

type configPatchArgs struct {
	YAML    []byte   `json:"yaml"`
	Patches []string `json:"patches"`
	Input   string   `json:"input"`
}

type configPatchResult struct {
	Output []byte `json:"output"`
	Error  string `json:"error"`
	Stage  string `json:"stage"`
}

func configPatchLoad(patches []string) (out []configpatcher.Patch, err error) {
	defer configRecover(&err)

	return configpatcher.LoadPatches(patches)
}

func configPatchApply(source []byte, fromConfig bool, patches []configpatcher.Patch) (out []byte, stage string, err error) {
	stage = "apply"

	defer configRecover(&err)

	input := configpatcher.WithBytes(source)

	if fromConfig {
		cfg, loadErr := configloader.NewFromBytes(source)
		if loadErr != nil {
			return nil, "input", loadErr
		}

		input = configpatcher.WithConfig(cfg)
	}

	output, err := configpatcher.Apply(input, patches)
	if err != nil {
		return nil, "apply", err
	}

	out, err = output.Bytes()
	if err != nil {
		return nil, "apply", err
	}

	return out, "", nil
}

func configPatchRun(args configPatchArgs) configPatchResult {
	patches, err := configPatchLoad(args.Patches)
	if err != nil {
		return configPatchResult{Error: err.Error(), Stage: "load"}
	}

	out, stage, err := configPatchApply(args.YAML, args.Input == "config", patches)
	if err != nil {
		return configPatchResult{Error: err.Error(), Stage: stage}
	}

	return configPatchResult{Output: out}
}

func configPatchOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configPatchArgs](raw)
	if err != nil {
		return nil, err
	}

	return configPatchRun(args), nil
}

// configPatchBench times LoadPatches + Apply + Bytes on one configuration.
func configPatchBench(raw json.RawMessage) (func() error, error) {
	args, err := configDecodeArgs[configPatchArgs](raw)
	if err != nil {
		return nil, err
	}

	run := func() error {
		patches, err := configpatcher.LoadPatches(args.Patches)
		if err != nil {
			return err
		}

		output, err := configpatcher.Apply(configpatcher.WithBytes(args.YAML), patches)
		if err != nil {
			return err
		}

		_, err = output.Bytes()

		return err
	}

	if err := run(); err != nil {
		return nil, err
	}

	return run, nil
}

// Generator: config.patch_mutate.
//
// Every pair starts from the input configuration (as given) and gets one to three patches
// drawn from configPatchGenerators: strategic merge patches built from the configuration's
// own documents (a scalar set, a list appended to, a collection emptied or merged with
// itself, keyed list items, `$patch: delete` of keys, list items and whole documents, new
// and self-merged documents, unknown keys, several documents in one patch), JSON patches
// (as JSON or as a YAML list; add/remove/replace/move/copy/test on existing and missing
// paths) and malformed patch texts. A generator that does not apply to the input is redrawn.
// One pair in five applies to a loaded configuration (WithConfig) instead of bytes.

type configPatchMutateArgs struct {
	YAML  []byte `json:"yaml"`
	Seed  int64  `json:"seed"`
	Count int    `json:"count"`
}

type configPatchPair struct {
	Kind    string   `json:"kind"`
	Patches []string `json:"patches"`
	Input   string   `json:"input"`
}

type configPatchMutateResult struct {
	Pairs []configPatchPair `json:"pairs"`
}

// configPatchDoc is one document of the input: its root mapping and the keys that name it
// in a patch (apiVersion/kind/name, or nothing for the legacy document).
type configPatchDoc struct {
	root     *yaml.Node
	legacy   bool
	identity []*yaml.Node
}

type configPatchGen struct {
	name   string
	weight int
	gen    func(g *configPatchGenerator) ([]string, bool)
}

type configPatchGenerator struct {
	*configMutator

	docs []configPatchDoc
}

var configPatchGenerators = []configPatchGen{
	{"set_scalar", 14, configPatchGenSetScalar},
	{"set_collection", 8, configPatchGenSetCollection},
	{"append_item", 8, configPatchGenAppendItem},
	{"delete_key", 8, configPatchGenDeleteKey},
	{"delete_missing", 3, configPatchGenDeleteMissing},
	{"delete_item", 6, configPatchGenDeleteItem},
	{"delete_document", 3, configPatchGenDeleteDocument},
	{"add_document", 4, configPatchGenAddDocument},
	{"whole_document", 4, configPatchGenWholeDocument},
	{"unknown_key", 2, configPatchGenUnknownKey},
	{"inline_json", 3, configPatchGenInlineJSON},
	{"two_documents", 3, configPatchGenTwoDocuments},
	{"json_patch", 10, configPatchGenJSONPatch},
	{"json_patch_yaml", 4, configPatchGenJSONPatchYAML},
	{"bad_patch", 3, configPatchGenBadPatch},
	{"merge_key", 2, configPatchGenMergeKey},
}

func configPatchMutateOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configPatchMutateArgs](raw)
	if err != nil {
		return nil, err
	}

	result := configPatchMutateResult{Pairs: []configPatchPair{}}

	nodes, err := yamlDecodeStream[yaml.Node](args.YAML)
	if err != nil {
		return result, nil //nolint:nilerr // unparsable inputs give no pairs
	}

	g := &configPatchGenerator{
		configMutator: &configMutator{
			rng: rand.New(rand.NewPCG(uint64(args.Seed), uint64(args.Seed)^0x5851f42d4c957f2d)), //nolint:gosec
		},
	}

	for _, doc := range nodes {
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}

		g.docs = append(g.docs, configPatchDocOf(doc.Content[0]))
	}

	total := 0
	for _, gen := range configPatchGenerators {
		total += gen.weight
	}

	for range args.Count {
		for range configMutationAttempts {
			pick := g.rng.IntN(total)

			var gen configPatchGen

			for _, candidate := range configPatchGenerators {
				if pick < candidate.weight {
					gen = candidate

					break
				}

				pick -= candidate.weight
			}

			patches, ok := gen.gen(g)
			if !ok {
				continue
			}

			input := "bytes"
			if g.rng.IntN(5) == 0 {
				input = "config"
			}

			result.Pairs = append(result.Pairs, configPatchPair{Kind: gen.name, Patches: patches, Input: input})

			break
		}
	}

	return result, nil
}

func configPatchDocOf(root *yaml.Node) configPatchDoc {
	doc := configPatchDoc{root: root}

	if configKeyIndex(root, "kind") < 0 {
		doc.legacy = true

		return doc
	}

	for _, key := range []string{"apiVersion", "kind", "name"} {
		if i := configKeyIndex(root, key); i >= 0 && root.Content[i+1].Kind == yaml.ScalarNode {
			doc.identity = append(doc.identity, configStr(key), configCopy(root.Content[i+1]))
		}
	}

	return doc
}

func (g *configPatchGenerator) pickDoc() (configPatchDoc, bool) {
	if len(g.docs) == 0 {
		return configPatchDoc{}, false
	}

	return g.docs[g.rng.IntN(len(g.docs))], true
}

// configPatchTarget is a value reachable from a document root through mapping keys only
// (a strategic patch cannot address a list element).
type configPatchTarget struct {
	path   []string
	node   *yaml.Node
	parent *yaml.Node
}

func configPatchTargets(root *yaml.Node, skipIdentity bool) []configPatchTarget {
	var out []configPatchTarget

	var walk func(m *yaml.Node, path []string)

	walk = func(m *yaml.Node, path []string) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Value == "<<" || v.Kind == yaml.AliasNode {
				continue
			}

			if skipIdentity && len(path) == 0 {
				switch k.Value {
				case "apiVersion", "kind", "name", "version":
					continue
				}
			}

			p := append(append([]string{}, path...), k.Value)
			out = append(out, configPatchTarget{path: p, node: v, parent: m})

			if v.Kind == yaml.MappingNode {
				walk(v, p)
			}
		}
	}

	walk(root, nil)

	return out
}

func (g *configPatchGenerator) pickTarget(keep func(configPatchTarget) bool) (configPatchDoc, configPatchTarget, bool) {
	type choice struct {
		doc configPatchDoc
		t   configPatchTarget
	}

	var choices []choice

	for _, doc := range g.docs {
		for _, t := range configPatchTargets(doc.root, true) {
			if keep(t) {
				choices = append(choices, choice{doc, t})
			}
		}
	}

	if len(choices) == 0 {
		return configPatchDoc{}, configPatchTarget{}, false
	}

	c := choices[g.rng.IntN(len(choices))]

	return c.doc, c.t, true
}

// patchRoot builds a patch document for doc with leaf at path.
func (g *configPatchGenerator) patchRoot(doc configPatchDoc, path []string, leaf *yaml.Node) *yaml.Node {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}

	if doc.legacy {
		if g.rng.IntN(2) == 0 {
			root.Content = append(root.Content, configStr("version"), configStr("v1alpha1"))
		}
	} else {
		for _, n := range doc.identity {
			root.Content = append(root.Content, configCopy(n))
		}
	}

	cur := root

	for i, key := range path {
		if i == len(path)-1 {
			cur.Content = append(cur.Content, configStr(key), leaf)

			break
		}

		child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		cur.Content = append(cur.Content, configStr(key), child)
		cur = child
	}

	return root
}

// configPatchMarshal writes patch documents (without the comments copied from the input:
// Go echoes them in unknown-key errors, which config-decode covers already).
func configPatchMarshal(docs ...*yaml.Node) (string, bool) {
	for _, doc := range docs {
		configWalk(doc, func(n *yaml.Node) {
			n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		})
	}

	out, err := yamlMarshalStream(docs)
	if err != nil {
		return "", false
	}

	return string(out), true
}

func (g *configPatchGenerator) one(root *yaml.Node) ([]string, bool) {
	text, ok := configPatchMarshal(root)
	if !ok {
		return nil, false
	}

	return []string{text}, true
}

// newScalar is a replacement for a scalar: a related value of the same look, a zero value,
// or one of config.mutate's retyped scalars.
func (g *configPatchGenerator) newScalar(old *yaml.Node) *yaml.Node {
	switch g.rng.IntN(4) {
	case 0:
		n, _ := g.retypedScalar()

		return n
	case 1:
		return configPick(g.configMutator, []*yaml.Node{
			configScalar("", "!!str", yaml.DoubleQuotedStyle), configPlain("0"), configPlain("false"),
		})
	default:
		switch {
		case old.Value == "true":
			return configPlain("false")
		case old.Value == "false":
			return configPlain("true")
		case old.Value != "":
			if _, err := strconv.Atoi(old.Value); err == nil {
				return configPlain(strconv.Itoa(g.rng.IntN(100000)))
			}

			if strings.Contains(old.Value, "://") {
				return configStr(configPick(g.configMutator, []string{
					"https://" + g.word(3, 8) + ".example.com",
					"https://" + g.word(3, 8) + ":6443/",
					"http://10.5.0." + strconv.Itoa(g.rng.IntN(250)) + "/" + g.word(2, 5),
					"https://user:pass@" + g.word(3, 8) + "/?q=" + g.word(1, 4),
					"https://" + g.word(3, 8) + "/#frag",
					old.Value + "?x=" + g.word(1, 4),
				}))
			}

			if strings.Count(old.Value, ".") == 3 || strings.Contains(old.Value, "::") {
				return configStr(configPick(g.configMutator, []string{
					"10.0." + strconv.Itoa(g.rng.IntN(255)) + "." + strconv.Itoa(g.rng.IntN(255)),
					"192.168." + strconv.Itoa(g.rng.IntN(255)) + ".0/24",
					"fd00::" + strconv.Itoa(g.rng.IntN(1000)),
					"2001:db8::/64",
				}))
			}

			if strings.HasSuffix(old.Value, "B") || strings.HasSuffix(old.Value, "%") {
				return configStr(configPick(g.configMutator, []string{"1GiB", "100MB", "10%", "-2GiB", "0", "5 GB"}))
			}

			if strings.Contains(old.Value, "/") || strings.Contains(old.Value, ".") {
				return configStr(old.Value + g.word(1, 3))
			}
		}

		return configStr(g.word(3, 12))
	}
}

func configPatchGenSetScalar(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool { return t.node.Kind == yaml.ScalarNode })
	if !ok {
		return nil, false
	}

	return g.one(g.patchRoot(doc, t.path, g.newScalar(t.node)))
}

// mutateCopy copies n and changes one scalar value inside it (if there is one).
func (g *configPatchGenerator) mutateCopy(n *yaml.Node) *yaml.Node {
	c := configCopy(n)

	var scalars []configSlot

	for _, s := range configSlots(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{c}}) {
		if configIsScalarValue(s) {
			scalars = append(scalars, s)
		}
	}

	if len(scalars) > 0 && g.rng.IntN(3) > 0 {
		s := scalars[g.rng.IntN(len(scalars))]
		s.set(g.newScalar(s.node()))
	}

	return c
}

func configPatchGenSetCollection(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool {
		return t.node.Kind == yaml.MappingNode || t.node.Kind == yaml.SequenceNode
	})
	if !ok {
		return nil, false
	}

	var leaf *yaml.Node

	switch g.rng.IntN(4) {
	case 0:
		leaf = &yaml.Node{Kind: t.node.Kind, Tag: t.node.Tag, Style: yaml.FlowStyle}
	case 1:
		leaf = configCopy(t.node)
	default:
		leaf = g.mutateCopy(t.node)
	}

	return g.one(g.patchRoot(doc, t.path, leaf))
}

func configPatchGenAppendItem(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool {
		return t.node.Kind == yaml.SequenceNode && len(t.node.Content) > 0
	})
	if !ok {
		return nil, false
	}

	item := t.node.Content[g.rng.IntN(len(t.node.Content))]
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{g.mutateCopy(item)}}

	return g.one(g.patchRoot(doc, t.path, seq))
}

func configPatchDelete() *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{configStr("$patch"), configStr("delete")}}
}

func configPatchGenDeleteKey(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(configPatchTarget) bool { return true })
	if !ok {
		return nil, false
	}

	return g.one(g.patchRoot(doc, t.path, configPatchDelete()))
}

func configPatchGenDeleteMissing(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool { return t.node.Kind == yaml.MappingNode })
	if !ok {
		return nil, false
	}

	path := append(append([]string{}, t.path...), g.word(3, 8))

	return g.one(g.patchRoot(doc, path, configPatchDelete()))
}

func configPatchGenDeleteItem(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool {
		if t.node.Kind != yaml.SequenceNode {
			return false
		}

		for _, item := range t.node.Content {
			if item.Kind == yaml.MappingNode && len(item.Content) >= 2 {
				return true
			}
		}

		return false
	})
	if !ok {
		return nil, false
	}

	var items []*yaml.Node

	for _, item := range t.node.Content {
		if item.Kind == yaml.MappingNode && len(item.Content) >= 2 {
			items = append(items, item)
		}
	}

	item := items[g.rng.IntN(len(items))]
	i := 2 * g.rng.IntN(len(item.Content)/2)
	value := configCopy(item.Content[i+1])

	if g.rng.IntN(5) == 0 {
		value = configStr(g.word(3, 8))
	}

	sel := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{configCopy(item.Content[i]), value}}
	sel.Content = append(sel.Content, configStr("$patch"), configStr("delete"))

	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{sel}}

	if g.rng.IntN(3) == 0 {
		seq.Content = append(seq.Content, g.mutateCopy(item))
	}

	return g.one(g.patchRoot(doc, t.path, seq))
}

func (g *configPatchGenerator) pickMultiDoc() (configPatchDoc, bool) {
	var docs []configPatchDoc

	for _, doc := range g.docs {
		if !doc.legacy {
			docs = append(docs, doc)
		}
	}

	if len(docs) == 0 {
		return configPatchDoc{}, false
	}

	return docs[g.rng.IntN(len(docs))], true
}

// renamed is doc's identity with the name changed (or added).
func (g *configPatchGenerator) renamed(doc configPatchDoc) *yaml.Node {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}

	for i := 0; i+1 < len(doc.identity); i += 2 {
		if doc.identity[i].Value == "name" {
			continue
		}

		root.Content = append(root.Content, configCopy(doc.identity[i]), configCopy(doc.identity[i+1]))
	}

	root.Content = append(root.Content, configStr("name"), configStr(g.word(3, 8)))

	return root
}

func configPatchGenDeleteDocument(g *configPatchGenerator) ([]string, bool) {
	doc, ok := g.pickMultiDoc()
	if !ok {
		return nil, false
	}

	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}

	switch g.rng.IntN(4) {
	case 0:
		root = g.renamed(doc)
	case 1:
		// a kind that is probably not in the configuration
		root.Content = append(root.Content, configStr("apiVersion"), configStr("v1alpha1"), configStr("kind"),
			configStr(configPick(g.configMutator, []string{"KubeFlannelCNIConfig", "SideroLinkConfig", "HostnameConfig", "ZswapConfig"})))
	default:
		for _, n := range doc.identity {
			root.Content = append(root.Content, configCopy(n))
		}
	}

	root.Content = append(root.Content, configStr("$patch"), configStr("delete"))

	return g.one(root)
}

func configPatchGenAddDocument(g *configPatchGenerator) ([]string, bool) {
	doc, ok := g.pickMultiDoc()
	if !ok {
		return nil, false
	}

	root := configCopy(doc.root)

	if i := configKeyIndex(root, "name"); i >= 0 {
		root.Content[i+1] = configStr(g.word(3, 8))
	}

	return g.one(root)
}

func configPatchGenWholeDocument(g *configPatchGenerator) ([]string, bool) {
	doc, ok := g.pickDoc()
	if !ok {
		return nil, false
	}

	root := configCopy(doc.root)
	if g.rng.IntN(2) == 0 {
		root = g.mutateCopy(doc.root)
	}

	return g.one(root)
}

func configPatchGenUnknownKey(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool { return t.node.Kind == yaml.MappingNode })
	if !ok {
		return nil, false
	}

	leaf := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{configStr(g.word(4, 9)), configPlain("1")}}

	return g.one(g.patchRoot(doc, t.path, leaf))
}

func configPatchGenInlineJSON(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool { return t.node.Kind == yaml.ScalarNode })
	if !ok {
		return nil, false
	}

	root := g.patchRoot(doc, t.path, g.newScalar(t.node))

	var v any
	if err := root.Decode(&v); err != nil {
		return nil, false
	}

	out, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}

	return []string{string(out)}, true
}

// configPatchGenTwoDocuments patches two different documents with one patch.
func configPatchGenTwoDocuments(g *configPatchGenerator) ([]string, bool) {
	var (
		roots []*yaml.Node
		first *yaml.Node
	)

	for range 2 {
		doc, t, ok := g.pickTarget(func(t configPatchTarget) bool {
			return t.node.Kind == yaml.ScalarNode && (first == nil || !configContains(first, t.node))
		})
		if !ok {
			return nil, false
		}

		first = doc.root
		roots = append(roots, g.patchRoot(doc, t.path, g.newScalar(t.node)))
	}

	text, ok := configPatchMarshal(roots...)
	if !ok {
		return nil, false
	}

	return []string{text}, true
}

// jsonPaths lists JSON pointer paths to every value of a document (list items included).
func configPatchJSONPaths(root *yaml.Node) []string {
	var out []string

	var walk func(n *yaml.Node, path string)

	walk = func(n *yaml.Node, path string) {
		switch n.Kind { //nolint:exhaustive
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := strings.NewReplacer("~", "~0", "/", "~1").Replace(n.Content[i].Value)
				p := path + "/" + key
				out = append(out, p)
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				p := path + "/" + strconv.Itoa(i)
				out = append(out, p)
				walk(item, p)
			}
		}
	}

	walk(root, "")

	return out
}

func (g *configPatchGenerator) jsonOps() ([]map[string]any, bool) {
	doc, ok := g.pickDoc()
	if !ok {
		return nil, false
	}

	paths := configPatchJSONPaths(doc.root)
	if len(paths) == 0 {
		return nil, false
	}

	path := func() string {
		p := paths[g.rng.IntN(len(paths))]

		switch g.rng.IntN(6) {
		case 0:
			return p + "/" + g.word(3, 7)
		case 1:
			return p + "/-"
		default:
			return p
		}
	}

	value := func() any {
		if g.rng.IntN(5) == 0 {
			return configPick(g.configMutator, configPatchTrickyStrings)
		}

		switch g.rng.IntN(6) {
		case 0:
			return g.rng.IntN(1000)
		case 1:
			return g.rng.IntN(2) == 0
		case 2:
			return []any{g.word(3, 8)}
		case 3:
			return map[string]any{g.word(3, 6): g.word(3, 6)}
		case 4:
			return nil
		default:
			return g.word(3, 10)
		}
	}

	var ops []map[string]any

	for range 1 + g.rng.IntN(3) {
		op := configPick(g.configMutator, []string{"add", "add", "replace", "replace", "remove", "test", "move", "copy", "bogus"})
		m := map[string]any{"op": op, "path": path()}

		switch op {
		case "add", "replace", "test":
			if g.rng.IntN(10) > 0 {
				m["value"] = value()
			}
		case "move", "copy":
			m["from"] = path()
		}

		if g.rng.IntN(20) == 0 {
			delete(m, "path")
		}

		ops = append(ops, m)
	}

	return ops, true
}

func configPatchGenJSONPatch(g *configPatchGenerator) ([]string, bool) {
	ops, ok := g.jsonOps()
	if !ok {
		return nil, false
	}

	out, err := json.Marshal(ops)
	if err != nil {
		return nil, false
	}

	return []string{string(out)}, true
}

func configPatchGenJSONPatchYAML(g *configPatchGenerator) ([]string, bool) {
	ops, ok := g.jsonOps()
	if !ok {
		return nil, false
	}

	out, err := yaml.Marshal(ops)
	if err != nil {
		return nil, false
	}

	return []string{string(out)}, true
}

// configPatchTrickyStrings are values the YAML written after a JSON patch must quote, fold
// or escape correctly.
var configPatchTrickyStrings = []any{
	"yes", "no", "on", "y", "~", "null", "true", "0x1F", "0o17", "1_000", "1e3", ".5", "+1", "-0",
	"12:30", "190:20:30", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "<<", "", " ", "a b", " lead", "trail ",
	"- item", "a: b", "# no", "x #y", "@at", "`tick", "%pct", "!bang", "&amp", "*star", "|pipe", ">gt", "'q'", "\"dq\"",
	"tab\there", "multi\nline\n", "multi\nline", "trailing\n\n", "\nleading", "unicode é ü ✓", "emoji 😀", "\u00a0nbsp",
	"bell\a", "cr\rhere", "{a: b}", "[x]", "a,b", "why?", "---", "...", "x\u2028y",
	"a fairly long sentence with many words in it that goes well beyond the eighty column limit of the yaml emitter",
	"averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspacesatall",
	"a fairly long sentence with  double  spaces  in it that goes well beyond the eighty column limit of yaml",
	"long line ending with a colon and then more words so the emitter must decide where to break it: yes indeed",
	1.5, 1e21, 1e-7, -0.0, 100000000000000000000.0, uint64(12345678901234567890), []any{}, map[string]any{},
}

var configPatchBadTexts = []string{
	`[{"op": "add", "path": "/machine"`,
	`[{"op": "add", "path": "/a", "value": tru}]`,
	`[1, 2, 3]`,
	`["add"]`,
	`{"op": "add", "path": "/machine/foo", "value": 1}`,
	`[{"op": "add", "path": "/a"}] trailing`,
	"- a\n- b\n",
	"- op: add\n  path: /machine/network/hostname\n  value: x\n-\n",
	"machine:\n  network: [\n",
	"foo: bar\n",
	"apiVersion: v1alpha1\nkind: NoSuchConfig\n",
	"kind: HostnameConfig\nhostname: x\n",
	"version: v1alpha1\n",
	"{}\n",
	"---\n# nothing\n",
	"apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete\nauto: off\n",
	"machine:\n  network:\n    $patch: delete\n    hostname: x\n",
	"machine:\n  network:\n    interfaces:\n      - $patch: delete\n",
	"machine:\n  certSANs:\n    - $patch: delete\n      x: y\n",
	"[{\"op\": \"replace\", \"path\": \"\", \"value\": {\"version\": \"v1alpha1\"}}]",
	"[{\"op\": \"replace\", \"path\": \"\", \"value\": 1}]",
	"[{\"op\": 1, \"path\": \"/a\"}]",
	"[{\"op\": \"add\", \"path\": 1, \"value\": 1}]",
	"[null]",
	"null ",
}

func configPatchGenBadPatch(g *configPatchGenerator) ([]string, bool) {
	return []string{configPick(g.configMutator, configPatchBadTexts)}, true
}

func configPatchGenChain(g *configPatchGenerator) ([]string, bool) {
	var out []string

	for range 2 + g.rng.IntN(2) {
		var gen configPatchGen

		for {
			gen = configPatchGenerators[g.rng.IntN(len(configPatchGenerators))]
			if gen.name != "chain" && gen.name != "bad_patch" {
				break
			}
		}

		patches, ok := gen.gen(g)
		if !ok {
			return nil, false
		}

		out = append(out, patches...)
	}

	return out, true
}

// configPatchGenMergeKey writes a set_scalar patch with its leaf moved into a `<<` merge.
func configPatchGenMergeKey(g *configPatchGenerator) ([]string, bool) {
	doc, t, ok := g.pickTarget(func(t configPatchTarget) bool { return len(t.path) >= 2 })
	if !ok {
		return nil, false
	}

	leaf := g.newScalar(t.node)
	if t.node.Kind != yaml.ScalarNode {
		leaf = g.mutateCopy(t.node)
	}

	merged := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{configStr(t.path[len(t.path)-1]), leaf}}
	holder := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{configScalar("<<", "!!merge", 0), merged}}

	return g.one(g.patchRoot(doc, t.path[:len(t.path)-1], holder))
}
