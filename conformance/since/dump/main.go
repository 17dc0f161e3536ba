// Command dump prints, as JSON, every YAML field path of every machine-configuration
// document type one pkg/machinery release registers: the legacy v1alpha1.Config and each
// multi-document kind. conformance/since/generate builds it once per release, in a scratch
// module that requires that release, and feeds the dumps to ../combine.
//
// Paths follow go-yaml's view of the Go types: a field's key is its `yaml` tag name (the
// lower-cased field name when the tag has none), `-` fields and unexported fields are
// skipped, `,inline` structs add their fields at the parent's level, `[]` stands for an
// element of a slice or array and `.*` for a value of a map. Types with their own YAML or
// text (un)marshaling, interfaces and inline catch-all maps are leaves: their contents are
// not fields.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
)

// document is one registered kind.
type document struct {
	Kind   string          `json:"kind"`
	GoType string          `json:"go_type"`
	Fields map[string]info `json:"fields"`
	// Structs: the Go struct types whose fields sit at a path ("" is the document; an
	// inlined struct shares its parent's path), for cross-checking other implementations.
	Structs map[string][]string `json:"structs"`
}

// info describes one field path.
type info struct {
	// OmitEmpty: go-yaml leaves the field out of encoded documents when it is zero.
	OmitEmpty bool `json:"omitempty"`
}

type dump struct {
	Version   string     `json:"version"`
	Documents []document `json:"documents"`
	Leaves    []string   `json:"leaves"`
}

// leafMethods are the methods that give a type its own YAML form.
var leafMethods = []string{"MarshalYAML", "UnmarshalYAML", "MarshalText", "UnmarshalText"}

type walker struct {
	fields  map[string]info
	structs map[string][]string
	leaves  map[string]bool
	stack   []reflect.Type
}

func isLeaf(t reflect.Type) bool {
	for _, m := range leafMethods {
		if _, ok := t.MethodByName(m); ok {
			return true
		}

		if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
			if _, ok := reflect.PointerTo(t).MethodByName(m); ok {
				return true
			}
		}
	}

	return false
}

// walkValue records the contents of a value of type t found at path.
func (w *walker) walkValue(path string, t reflect.Type) {
	if isLeaf(t) {
		if t.Name() != "" || t.Kind() == reflect.Pointer {
			w.leaves[t.String()] = true
		}

		return
	}

	for _, seen := range w.stack {
		if seen == t {
			return // recursive type: its fields are already listed above
		}
	}

	w.stack = append(w.stack, t)
	defer func() { w.stack = w.stack[:len(w.stack)-1] }()

	switch t.Kind() { //nolint:exhaustive
	case reflect.Pointer:
		w.walkValue(path, t.Elem())
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return // []byte is a scalar to go-yaml
		}

		w.walkValue(path+"[]", t.Elem())
	case reflect.Map:
		w.walkValue(path+".*", t.Elem())
	case reflect.Struct:
		w.walkStruct(path, t)
	}
}

// walkStruct records the fields of struct t under path, as go-yaml's getStructInfo sees them.
func (w *walker) walkStruct(path string, t reflect.Type) {
	w.structs[path] = append(w.structs[path], t.String())

	for i := range t.NumField() {
		f := t.Field(i)
		if f.PkgPath != "" && !f.Anonymous {
			continue
		}

		tag := f.Tag.Get("yaml")
		if tag == "" && !strings.Contains(string(f.Tag), ":") {
			tag = string(f.Tag)
		}

		if tag == "-" {
			continue
		}

		name, flagText, _ := strings.Cut(tag, ",")
		flags := map[string]bool{}

		for _, flag := range strings.Split(flagText, ",") {
			flags[flag] = true
		}

		if flags["inline"] {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}

			if ft.Kind() == reflect.Struct && !isLeaf(ft) {
				w.walkStruct(path, ft)
			}

			continue // an inline map takes any key: nothing to record
		}

		if f.PkgPath != "" {
			continue // unexported embedded field without inline: go-yaml skips it
		}

		if name == "" {
			name = strings.ToLower(f.Name)
		}

		key := path + "." + name
		w.fields[key] = info{OmitEmpty: flags["omitempty"]}
		w.walkValue(key, f.Type)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dump VERSION")
		os.Exit(2)
	}

	out := dump{Version: os.Args[1]}
	leaves := map[string]bool{}

	kinds := registeredKinds()
	names := make([]string, 0, len(kinds))

	for kind := range kinds {
		names = append(names, kind)
	}

	sort.Strings(names)

	for _, kind := range names {
		t := kinds[kind]
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}

		w := &walker{fields: map[string]info{}, structs: map[string][]string{}, leaves: leaves}
		w.walkStruct("", t)
		out.Documents = append(out.Documents, document{Kind: kind, GoType: t.String(), Fields: w.fields, Structs: w.structs})
	}

	for leaf := range leaves {
		out.Leaves = append(out.Leaves, leaf)
	}

	sort.Strings(out.Leaves)

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")

	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
