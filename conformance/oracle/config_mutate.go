// config.mutate: deterministic structural mutations of a multi-document YAML stream.
//
//	config.mutate {"yaml": b64, "seed": int64, "count": int}
//	              → {"mutants": [{"kind": s, "detail": s, "yaml": b64}]}
//
// The input stream is decoded document by document into yaml.Node trees (the same decoder the
// config loader uses). Every mutant starts from a fresh copy of those trees, gets exactly one
// mutation, and is marshalled back document by document with yaml.Marshal, joined with "---\n".
// The mutation kind is drawn uniformly from configMutations; a kind that does not apply to the
// input (no sequence to duplicate into, a single document to swap, ...) is redrawn. Mutants that
// fail to marshal are skipped, so fewer than count may come back. The random source is a PCG
// seeded from seed, so a seed always yields the same bytes.
package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

func init() {
	register("config.mutate", configMutateOp)
}

type configMutateArgs struct {
	YAML  []byte `json:"yaml"`
	Seed  int64  `json:"seed"`
	Count int    `json:"count"`
}

type configMutant struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
	YAML   []byte `json:"yaml"`
}

type configMutateResult struct {
	Mutants []configMutant `json:"mutants"`
}

// configMutation applies one mutation of its kind to docs (which it may replace), returning
// a short description, or ok=false when the kind does not apply to this input.
type configMutation struct {
	name  string
	apply func(m *configMutator, docs []*yaml.Node) (out []*yaml.Node, detail string, ok bool)
}

var configMutations = []configMutation{
	{"remove_field", configMutRemoveField},
	{"add_unknown_key", configMutAddUnknownKey},
	{"misspell_key", configMutMisspellKey},
	{"retype_scalar", configMutRetypeScalar},
	{"scalar_to_mapping", configMutScalarToMapping},
	{"scalar_to_sequence", configMutScalarToSequence},
	{"collection_to_scalar", configMutCollectionToScalar},
	{"empty_mapping", configMutEmpty(yaml.MappingNode, "!!map")},
	{"empty_sequence", configMutEmpty(yaml.SequenceNode, "!!seq")},
	{"duplicate_seq_item", configMutDuplicateSeqItem},
	{"duplicate_document", configMutDuplicateDocument},
	{"drop_document", configMutDropDocument},
	{"kind_real", configMutKindReal},
	{"kind_bogus", configMutKindBogus},
	{"remove_api_version", configMutRemoveAPIVersion},
	{"api_version_v1alpha2", configMutAPIVersionV1alpha2},
	{"lowercase_api_version_key", configMutLowercaseAPIVersionKey},
	{"change_name", configMutChangeName},
	{"insert_alias", configMutInsertAlias},
	{"flow_style", configMutFlowStyle},
	{"merge_key", configMutMergeKey},
	{"swap_documents", configMutSwapDocuments},
}

// configMutationAttempts bounds the redraws for one mutant.
const configMutationAttempts = 64

type configMutator struct {
	rng   *rand.Rand
	kinds []string // registered multi-document kinds
}

func configMutateOp(raw json.RawMessage) (any, error) {
	args, err := configDecodeArgs[configMutateArgs](raw)
	if err != nil {
		return nil, err
	}

	original, err := yamlDecodeStream[yaml.Node](args.YAML)
	if err != nil {
		return nil, fmt.Errorf("input does not parse: %w", err)
	}

	m := &configMutator{
		rng: rand.New(rand.NewPCG(uint64(args.Seed), uint64(args.Seed)^0x9e3779b97f4a7c15)), //nolint:gosec
	}

	for _, kind := range configRegisteredKinds() {
		if kind != "v1alpha1" {
			m.kinds = append(m.kinds, kind)
		}
	}

	result := configMutateResult{Mutants: []configMutant{}}

	for range args.Count {
		for range configMutationAttempts {
			mutation := configMutations[m.rng.IntN(len(configMutations))]

			docs, detail, ok := mutation.apply(m, configCloneDocs(original))
			if !ok {
				continue
			}

			out, err := yamlMarshalStream(docs)
			if err == nil {
				result.Mutants = append(result.Mutants, configMutant{Kind: mutation.name, Detail: detail, YAML: out})
			}

			break
		}
	}

	return result, nil
}

// Tree helpers.

// configCloneDocs deep-copies documents, keeping aliases pointed at the copied anchors.
func configCloneDocs(docs []*yaml.Node) []*yaml.Node {
	out := make([]*yaml.Node, len(docs))

	for i, doc := range docs {
		out[i] = configCloneNode(doc, map[*yaml.Node]*yaml.Node{})
	}

	return out
}

func configCloneNode(n *yaml.Node, memo map[*yaml.Node]*yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}

	if c, ok := memo[n]; ok {
		return c
	}

	c := new(yaml.Node)
	*c = *n
	memo[n] = c

	if n.Content != nil {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, child := range n.Content {
			c.Content[i] = configCloneNode(child, memo)
		}
	}

	if n.Alias != nil {
		c.Alias = configCloneNode(n.Alias, memo)
	}

	return c
}

// configCopy deep-copies a subtree on its own. Anchors inside the copy are dropped so it does
// not redefine them; aliases in it keep naming the original anchors, which the callers only
// place before the copy.
func configCopy(n *yaml.Node) *yaml.Node {
	c := configCloneNode(n, map[*yaml.Node]*yaml.Node{})
	configWalk(c, func(x *yaml.Node) { x.Anchor = "" })

	return c
}

func configWalk(n *yaml.Node, visit func(*yaml.Node)) {
	visit(n)

	for _, child := range n.Content {
		configWalk(child, visit)
	}
}

// configSlot is a position in a parent's Content.
type configSlot struct {
	parent *yaml.Node
	index  int
}

func (s configSlot) node() *yaml.Node { return s.parent.Content[s.index] }

func (s configSlot) set(n *yaml.Node) { s.parent.Content[s.index] = n }

// isKey reports whether the slot holds a mapping key.
func (s configSlot) isKey() bool { return s.parent.Kind == yaml.MappingNode && s.index%2 == 0 }

// configSlots lists every slot of a document in document order (the document's root
// included, its parent being the DocumentNode).
func configSlots(doc *yaml.Node) []configSlot {
	var slots []configSlot

	var walk func(parent *yaml.Node)

	walk = func(parent *yaml.Node) {
		for i, child := range parent.Content {
			slots = append(slots, configSlot{parent, i})
			walk(child)
		}
	}

	walk(doc)

	return slots
}

// configContains reports whether n lies inside (or is) root.
func configContains(root, n *yaml.Node) bool {
	found := false

	configWalk(root, func(x *yaml.Node) {
		if x == n {
			found = true
		}
	})

	return found
}

// pickSlot chooses a random document that has a slot matching keep, then a random such slot.
func (m *configMutator) pickSlot(docs []*yaml.Node, keep func(configSlot) bool) (configSlot, bool) {
	var perDoc [][]configSlot

	for _, doc := range docs {
		var matching []configSlot

		for _, s := range configSlots(doc) {
			if keep(s) {
				matching = append(matching, s)
			}
		}

		if len(matching) > 0 {
			perDoc = append(perDoc, matching)
		}
	}

	if len(perDoc) == 0 {
		return configSlot{}, false
	}

	matching := perDoc[m.rng.IntN(len(perDoc))]

	return matching[m.rng.IntN(len(matching))], true
}

// pickRoot chooses a random document whose root is a mapping satisfying keep.
func (m *configMutator) pickRoot(docs []*yaml.Node, keep func(root *yaml.Node) bool) (*yaml.Node, bool) {
	var roots []*yaml.Node

	for _, doc := range docs {
		if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode && keep(doc.Content[0]) {
			roots = append(roots, doc.Content[0])
		}
	}

	if len(roots) == 0 {
		return nil, false
	}

	return roots[m.rng.IntN(len(roots))], true
}

func configNodeKind(n *yaml.Node) string {
	switch n.Kind { //nolint:exhaustive
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.AliasNode:
		return "alias"
	default:
		return "scalar " + strconv.Quote(n.Value)
	}
}

func configIsValue(s configSlot) bool {
	return !s.isKey() && s.parent.Kind != yaml.DocumentNode
}

func configIsScalarValue(s configSlot) bool {
	return configIsValue(s) && s.node().Kind == yaml.ScalarNode
}

// configKeyIndex returns the index of key's key node in mapping, or -1.
func configKeyIndex(mapping *yaml.Node, key string) int {
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Kind == yaml.ScalarNode && mapping.Content[i].Value == key {
			return i
		}
	}

	return -1
}

func configScalar(value, tag string, style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: value, Tag: tag, Style: style}
}

// configPlain is a plain scalar whose type the reader resolves from its text.
func configPlain(value string) *yaml.Node { return configScalar(value, "", 0) }

func configStr(value string) *yaml.Node { return configScalar(value, "!!str", 0) }

func (m *configMutator) word(minLen, maxLen int) string {
	n := minLen + m.rng.IntN(maxLen-minLen+1)

	var b strings.Builder

	for range n {
		b.WriteByte(byte('a' + m.rng.IntN(26)))
	}

	return b.String()
}

func configPick[T any](m *configMutator, items []T) T { return items[m.rng.IntN(len(items))] }

// configRetypes are replacement scalars: plain ones are emitted as written and typed by the
// reader (42 is an int, yes is a YAML 1.1 bool, ...), the others carry their own style.
var configRetypes = []struct {
	name  string
	value func(m *configMutator) *yaml.Node
}{
	{"int", func(m *configMutator) *yaml.Node {
		return configPlain(configPick(m, []string{"0", "1", "42", "-1", "65535", "4294967296", "99999999999999999999"}))
	}},
	{"float", func(m *configMutator) *yaml.Node {
		return configPlain(configPick(m, []string{"3.14", "1e3", "-0.5", ".inf", ".nan", "1.0"}))
	}},
	{"bool", func(m *configMutator) *yaml.Node { return configPlain(configPick(m, []string{"true", "false"})) }},
	{"yaml11_bool", func(m *configMutator) *yaml.Node {
		return configPlain(configPick(m, []string{"yes", "no", "on", "off", "Yes", "NO", "On", "y", "n"}))
	}},
	{"null", func(m *configMutator) *yaml.Node { return configPlain(configPick(m, []string{"~", "null"})) }},
	{"quoted_number", func(m *configMutator) *yaml.Node {
		style := configPick(m, []yaml.Style{yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle})

		return configScalar(configPick(m, []string{"8080", "42", "1.5", "0"}), "!!str", style)
	}},
	{"octal_like", func(m *configMutator) *yaml.Node {
		return configPlain(configPick(m, []string{"0644", "0o755", "0x1F", "0755", "0b101"}))
	}},
	{"duration_like", func(m *configMutator) *yaml.Node {
		return configPlain(configPick(m, []string{"10s", "1h30m", "500ms", "-5m", "1d", "0s"}))
	}},
	{"ip_like", func(m *configMutator) *yaml.Node {
		return configPlain(configPick(m, []string{"10.0.0.1", "192.168.0.0/16", "fd00::1", "::1/128", "10.5.0.0/33", "256.1.1.1"}))
	}},
	{"long_string", func(m *configMutator) *yaml.Node { return configStr(strings.Repeat(m.word(5, 9), 40)) }},
	{"empty_string", func(*configMutator) *yaml.Node { return configScalar("", "!!str", yaml.DoubleQuotedStyle) }},
	{"colon_or_hash", func(m *configMutator) *yaml.Node {
		return configStr(configPick(m, []string{"a: b", "key: value", "foo #bar", "x#y", "# comment", "- item", "{a: b}"}))
	}},
}

func (m *configMutator) retypedScalar() (*yaml.Node, string) {
	r := configPick(m, configRetypes)
	n := r.value(m)

	return n, r.name + " " + strconv.Quote(n.Value)
}

// Mutations.

func configMutRemoveField(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		return s.node().Kind == yaml.MappingNode && len(s.node().Content) >= 2
	})
	if !ok {
		return nil, "", false
	}

	mapping := s.node()
	i := 2 * m.rng.IntN(len(mapping.Content)/2)
	key := mapping.Content[i].Value
	mapping.Content = append(mapping.Content[:i], mapping.Content[i+2:]...)

	return docs, key, true
}

func configMutAddUnknownKey(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool { return s.node().Kind == yaml.MappingNode })
	if !ok {
		return nil, "", false
	}

	mapping := s.node()

	key := m.word(3, 10)
	for configKeyIndex(mapping, key) >= 0 {
		key = m.word(3, 10)
	}

	value := configPick(m, []*yaml.Node{configPlain("1"), configPlain("true"), configStr(m.word(1, 8))})
	mapping.Content = append(mapping.Content, configStr(key), value)

	return docs, key, true
}

func configMutMisspellKey(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		return s.isKey() && s.node().Kind == yaml.ScalarNode && s.node().Value != "" && s.node().Value != "<<"
	})
	if !ok {
		return nil, "", false
	}

	key := s.node()
	orig := key.Value
	r := []rune(orig)
	i := m.rng.IntN(len(r))

	var how string

	switch m.rng.IntN(4) {
	case 0:
		how = "swap"

		if len(r) >= 2 {
			if i == len(r)-1 {
				i--
			}

			r[i], r[i+1] = r[i+1], r[i]
		}
	case 1:
		how = "drop"
		r = append(r[:i:i], r[i+1:]...)
	case 2:
		how = "double"
		r = append(r[:i+1:i+1], r[i:]...)
	default:
		how = "case"
		lower, upper := strings.ToLower(string(r[i])), strings.ToUpper(string(r[i]))

		if string(r[i]) == lower {
			r[i] = []rune(upper)[0]
		} else {
			r[i] = []rune(lower)[0]
		}
	}

	mutated := string(r)
	if mutated == orig || mutated == "" {
		// a swap of equal letters or a case change of a digit: double the first rune instead
		how = "double"
		mutated = string([]rune(orig)[:1]) + orig
	}

	key.Value = mutated
	key.Tag = "!!str"

	return docs, fmt.Sprintf("%s %s→%s", how, orig, mutated), true
}

func configMutRetypeScalar(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, configIsScalarValue)
	if !ok {
		return nil, "", false
	}

	n, detail := m.retypedScalar()
	s.set(n)

	return docs, detail, true
}

func configMutScalarToMapping(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, configIsScalarValue)
	if !ok {
		return nil, "", false
	}

	orig := s.node()
	s.set(&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{configStr(m.word(3, 8)), orig}})

	return docs, orig.Value, true
}

func configMutScalarToSequence(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, configIsScalarValue)
	if !ok {
		return nil, "", false
	}

	orig := s.node()
	s.set(&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{orig}})

	return docs, orig.Value, true
}

func configMutCollectionToScalar(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		k := s.node().Kind

		return configIsValue(s) && (k == yaml.MappingNode || k == yaml.SequenceNode)
	})
	if !ok {
		return nil, "", false
	}

	n, detail := m.retypedScalar()
	s.set(n)

	return docs, detail, true
}

func configMutEmpty(kind yaml.Kind, tag string) func(*configMutator, []*yaml.Node) ([]*yaml.Node, string, bool) {
	return func(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
		s, ok := m.pickSlot(docs, configIsValue)
		if !ok {
			return nil, "", false
		}

		detail := configNodeKind(s.node())
		s.set(&yaml.Node{Kind: kind, Tag: tag, Style: yaml.FlowStyle})

		return docs, detail, true
	}
}

func configMutDuplicateSeqItem(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		return s.node().Kind == yaml.SequenceNode && len(s.node().Content) > 0
	})
	if !ok {
		return nil, "", false
	}

	seq := s.node()
	i := m.rng.IntN(len(seq.Content))
	seq.Content = append(seq.Content[:i+1], append([]*yaml.Node{configCopy(seq.Content[i])}, seq.Content[i+1:]...)...)

	return docs, strconv.Itoa(i), true
}

func configMutDuplicateDocument(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	if len(docs) == 0 {
		return nil, "", false
	}

	i := m.rng.IntN(len(docs))
	dup := configCloneNode(docs[i], map[*yaml.Node]*yaml.Node{})
	docs = append(docs[:i+1], append([]*yaml.Node{dup}, docs[i+1:]...)...)

	return docs, strconv.Itoa(i), true
}

func configMutDropDocument(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	if len(docs) == 0 {
		return nil, "", false
	}

	i := m.rng.IntN(len(docs))

	return append(docs[:i], docs[i+1:]...), strconv.Itoa(i), true
}

func configMutSwapDocuments(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	if len(docs) < 2 {
		return nil, "", false
	}

	i := m.rng.IntN(len(docs))
	j := m.rng.IntN(len(docs) - 1)

	if j >= i {
		j++
	}

	docs[i], docs[j] = docs[j], docs[i]

	return docs, fmt.Sprintf("%d<->%d", i, j), true
}

// configSetTopLevel sets (or adds, in front) a top-level key of a document root.
func configSetTopLevel(root *yaml.Node, key string, value *yaml.Node) {
	if i := configKeyIndex(root, key); i >= 0 {
		root.Content[i+1] = value

		return
	}

	root.Content = append([]*yaml.Node{configStr(key), value}, root.Content...)
}

func configMutKindReal(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	if len(m.kinds) < 2 {
		return nil, "", false
	}

	root, ok := m.pickRoot(docs, func(*yaml.Node) bool { return true })
	if !ok {
		return nil, "", false
	}

	current := ""
	if i := configKeyIndex(root, "kind"); i >= 0 {
		current = root.Content[i+1].Value
	}

	kind := configPick(m, m.kinds)
	for kind == current {
		kind = configPick(m, m.kinds)
	}

	configSetTopLevel(root, "kind", configStr(kind))

	return docs, kind, true
}

func configMutKindBogus(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := m.pickRoot(docs, func(*yaml.Node) bool { return true })
	if !ok {
		return nil, "", false
	}

	current := "LinkConfig"
	if i := configKeyIndex(root, "kind"); i >= 0 && root.Content[i+1].Value != "" {
		current = root.Content[i+1].Value
	}

	var kind *yaml.Node

	switch m.rng.IntN(6) {
	case 0:
		kind = configStr(strings.ToUpper(m.word(1, 1)) + m.word(3, 8) + "Config")
	case 1:
		kind = configStr(strings.ToLower(current))
	case 2:
		kind = configStr(current + " ")
	case 3:
		kind = configScalar("", "!!str", yaml.DoubleQuotedStyle)
	case 4:
		kind = configPlain("v1alpha1")
	default:
		kind = configPlain("42")
	}

	configSetTopLevel(root, "kind", kind)

	return docs, strconv.Quote(kind.Value), true
}

func configMutRemoveAPIVersion(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := m.pickRoot(docs, func(r *yaml.Node) bool { return configKeyIndex(r, "apiVersion") >= 0 })
	if !ok {
		return nil, "", false
	}

	i := configKeyIndex(root, "apiVersion")
	root.Content = append(root.Content[:i], root.Content[i+2:]...)

	return docs, "", true
}

func configMutAPIVersionV1alpha2(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := m.pickRoot(docs, func(r *yaml.Node) bool { return configKeyIndex(r, "apiVersion") >= 0 })
	if !ok {
		return nil, "", false
	}

	configSetTopLevel(root, "apiVersion", configStr("v1alpha2"))

	return docs, "", true
}

func configMutLowercaseAPIVersionKey(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := m.pickRoot(docs, func(r *yaml.Node) bool { return configKeyIndex(r, "apiVersion") >= 0 })
	if !ok {
		return nil, "", false
	}

	root.Content[configKeyIndex(root, "apiVersion")].Value = "apiversion"

	return docs, "", true
}

func configMutChangeName(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	root, ok := m.pickRoot(docs, func(r *yaml.Node) bool {
		i := configKeyIndex(r, "name")

		return i >= 0 && r.Content[i+1].Kind == yaml.ScalarNode
	})
	if !ok {
		return nil, "", false
	}

	value := root.Content[configKeyIndex(root, "name")+1]
	orig := value.Value

	var name *yaml.Node

	switch m.rng.IntN(5) {
	case 0:
		name = configStr(m.word(3, 10))
	case 1:
		name = configStr(orig + strconv.Itoa(m.rng.IntN(10)))
	case 2:
		name = configScalar("", "!!str", yaml.DoubleQuotedStyle)
	case 3:
		name = configStr(strings.ToUpper(orig))
	default:
		// the name of another named document, if there is one
		var others []string

		for _, doc := range docs {
			if len(doc.Content) == 1 && doc.Content[0] != root && doc.Content[0].Kind == yaml.MappingNode {
				if j := configKeyIndex(doc.Content[0], "name"); j >= 0 && doc.Content[0].Content[j+1].Value != orig {
					others = append(others, doc.Content[0].Content[j+1].Value)
				}
			}
		}

		if len(others) == 0 {
			name = configStr(orig + "-" + m.word(1, 3))
		} else {
			name = configStr(configPick(m, others))
		}
	}

	root.Content[configKeyIndex(root, "name")+1] = name

	return docs, fmt.Sprintf("%s→%s", orig, name.Value), true
}

// configMutInsertAlias anchors one value and replaces a later value (outside the anchored
// subtree) with an alias to it.
func configMutInsertAlias(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	type pair struct{ anchor, alias configSlot }

	var perDoc [][]pair

	for _, doc := range docs {
		var values []configSlot

		for _, s := range configSlots(doc) {
			if configIsValue(s) && s.node().Kind != yaml.AliasNode && s.node().Anchor == "" {
				values = append(values, s)
			}
		}

		var pairs []pair

		for i, a := range values {
			for _, b := range values[i+1:] {
				if !configContains(a.node(), b.node()) {
					pairs = append(pairs, pair{a, b})
				}
			}
		}

		if len(pairs) > 0 {
			perDoc = append(perDoc, pairs)
		}
	}

	if len(perDoc) == 0 {
		return nil, "", false
	}

	pairs := perDoc[m.rng.IntN(len(perDoc))]
	p := pairs[m.rng.IntN(len(pairs))]

	name := "a" + strconv.Itoa(m.rng.IntN(1000))
	target := p.anchor.node()
	target.Anchor = name
	p.alias.set(&yaml.Node{Kind: yaml.AliasNode, Value: name, Alias: target})

	return docs, name, true
}

func configMutFlowStyle(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		k := s.node().Kind

		return (k == yaml.MappingNode || k == yaml.SequenceNode) && len(s.node().Content) > 0 &&
			s.node().Style&yaml.FlowStyle == 0
	})
	if !ok {
		return nil, "", false
	}

	s.node().Style |= yaml.FlowStyle

	return docs, configNodeKind(s.node()), true
}

// configMutMergeKey adds "<<: {...}" to a mapping: either a copy of one of its own pairs
// (explicit keys win over merged ones) or a fresh unknown key.
func configMutMergeKey(m *configMutator, docs []*yaml.Node) ([]*yaml.Node, string, bool) {
	s, ok := m.pickSlot(docs, func(s configSlot) bool {
		return s.node().Kind == yaml.MappingNode && configKeyIndex(s.node(), "<<") < 0
	})
	if !ok {
		return nil, "", false
	}

	mapping := s.node()
	merged := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}

	var detail string

	if len(mapping.Content) >= 2 && m.rng.IntN(2) == 0 {
		i := 2 * m.rng.IntN(len(mapping.Content)/2)
		merged.Content = []*yaml.Node{configCopy(mapping.Content[i]), configCopy(mapping.Content[i+1])}
		configWalk(merged, func(x *yaml.Node) { x.Style &^= yaml.LiteralStyle | yaml.FoldedStyle })
		detail = "existing " + mapping.Content[i].Value
	} else {
		key := m.word(3, 10)
		merged.Content = []*yaml.Node{configStr(key), configPlain("1")}
		detail = "new " + key
	}

	mapping.Content = append(mapping.Content, configScalar("<<", "!!merge", 0), merged)

	return docs, detail, true
}
